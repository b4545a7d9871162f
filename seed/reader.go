package seed

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// pos is where something was written.
type pos struct {
	file string
	line int
}

func (p pos) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// nodeDef is a node with where it and each of its properties were written.
type nodeDef struct {
	node  *graph.Node
	at    pos
	props map[string]pos
}

// relDef is a relationship with where it and its properties were written.
type relDef struct {
	rel   *graph.Relationship
	at    pos
	props map[string]pos
}

// namedSource is a "source NAME" block, once resolved.
type namedSource struct {
	src graph.Source
	at  pos
	ok  bool // false when the block had problems: uses are not reported again
}

// paraRef is a source's reference to a paragraph or footnote, to be checked
// once every node is known.
type paraRef struct {
	id graph.ID
	at pos
}

// reader reads one seed tree, collecting every problem.
type reader struct {
	fsys     fs.FS
	ps       problems
	nodes    []*nodeDef
	byID     map[graph.ID]*nodeDef
	rels     []*relDef
	named    map[string]*namedSource
	paraRefs []paraRef
	missing  map[string]bool // named sources already reported missing
}

func newReader(fsys fs.FS) *reader {
	return &reader{
		fsys:    fsys,
		byID:    map[graph.ID]*nodeDef{},
		named:   map[string]*namedSource{},
		missing: map[string]bool{},
	}
}

// read reads every file, derives what is derived and checks the whole.
func (r *reader) read() graph.Batch {
	blocks := r.parseFacts()
	for _, b := range blocks {
		if b.keyword == "source" {
			r.defineSource(b)
		}
	}
	r.loadStates()
	r.loadInstruments()
	for _, b := range blocks {
		if b.keyword == "node" {
			r.defineNode(b)
		}
	}
	for _, b := range blocks {
		if b.keyword == "extend" {
			r.extendNode(b)
		}
	}
	r.deriveParagraphs()
	for _, b := range blocks {
		if b.keyword == "rel" {
			r.defineRel(b)
		}
	}
	r.check()

	var batch graph.Batch
	for _, d := range r.nodes {
		batch.Nodes = append(batch.Nodes, d.node)
	}
	for _, d := range r.rels {
		batch.Relationships = append(batch.Relationships, d.rel)
	}
	return batch
}

// parseFacts parses every facts/*.facts file in name order.
func (r *reader) parseFacts() []block {
	names, err := fs.Glob(r.fsys, "facts/*.facts")
	if err != nil {
		r.ps.add("facts", 0, "cannot list the facts files: %v", err)
		return nil
	}
	if len(names) == 0 {
		r.ps.add("facts", 0, "no facts/*.facts file")
		return nil
	}
	slices.Sort(names)
	var blocks []block
	for _, name := range names {
		data, err := fs.ReadFile(r.fsys, name)
		if err != nil {
			r.ps.add(name, 0, "cannot read: %v", err)
			continue
		}
		blocks = append(blocks, parseBlocks(name, data, &r.ps)...)
	}
	return blocks
}

// addNode records a node, refusing a second node with the same ID.
func (r *reader) addNode(d *nodeDef) {
	if first, ok := r.byID[d.node.ID]; ok {
		r.ps.add(d.at.file, d.at.line, "duplicate id %s (first defined at %s)", d.node.ID, first.at)
		return
	}
	r.byID[d.node.ID] = d
	r.nodes = append(r.nodes, d)
}

// addRel records a relationship.
func (r *reader) addRel(d *relDef) { r.rels = append(r.rels, d) }

// newNodeDef returns an empty node definition for id.
func newNodeDef(id graph.ID, at pos) *nodeDef {
	kind, key, _ := graph.ParseID(id)
	return &nodeDef{node: graph.NewNode(kind, key, graph.Props{}), at: at, props: map[string]pos{}}
}

// defineNode turns a "node ID" block into a node.
func (r *reader) defineNode(b block) {
	id, err := parseID(b.head)
	if err != nil {
		r.ps.add(b.file, b.line, "%v", err)
		return
	}
	d := newNodeDef(id, pos{b.file, b.line})
	sawSource := false
	for _, e := range b.entries {
		switch e.name {
		case "":
			continue
		case "source":
			sawSource = true
			if s, ok := r.entrySource(b.file, e); ok {
				d.node.Sources = append(d.node.Sources, s)
			}
		default:
			r.setNodeProp(d, b.file, e)
		}
	}
	if !sawSource {
		r.ps.add(b.file, b.line, "node %s has no source", id)
	}
	r.addNode(d)
}

// extendNode adds properties and sources to a node defined elsewhere (a
// node read from a table, typically).
func (r *reader) extendNode(b block) {
	id, err := parseID(b.head)
	if err != nil {
		r.ps.add(b.file, b.line, "%v", err)
		return
	}
	d, ok := r.byID[id]
	if !ok {
		r.ps.add(b.file, b.line, "extend %s: no such node in the seed", id)
		return
	}
	sawSource := false
	for _, e := range b.entries {
		switch e.name {
		case "":
			continue
		case "source":
			sawSource = true
			if s, ok := r.entrySource(b.file, e); ok {
				d.node.Sources = append(d.node.Sources, s)
			}
		default:
			if _, set := d.node.Props[e.name]; set {
				at, ok := d.props[e.name]
				if !ok {
					at = d.at // set by the table row that defines the node
				}
				r.ps.add(b.file, e.line, "property %s of %s is already set at %s", e.name, id, at)
				continue
			}
			r.setNodeProp(d, b.file, e)
		}
	}
	if !sawSource {
		r.ps.add(b.file, b.line, "extend %s: the facts it adds need a source", id)
	}
}

// setNodeProp parses one property entry of a node block.
func (r *reader) setNodeProp(d *nodeDef, file string, e entry) {
	spec, ok := propSpecFor(d.node.Kind, e.name)
	if !ok {
		r.ps.add(file, e.line, "unknown property %q for a %s node", e.name, d.node.Kind)
		return
	}
	if at, set := d.props[e.name]; set && at.file == file {
		r.ps.add(file, e.line, "property %s set twice (first at line %d)", e.name, at.line)
		return
	}
	text := e.text()
	if text == "" {
		r.ps.add(file, e.line, "property %s: empty value (an unknown fact stays absent: leave the line out)", e.name)
		return
	}
	v, err := parseValue(e.name, spec, text)
	if err != nil {
		r.ps.add(file, e.line, "%v", err)
		return
	}
	d.node.Props[e.name] = v
	d.props[e.name] = pos{file, e.line}
}

// parseRelHead splits "FROM -TYPE-> TO".
func parseRelHead(head string) (from, typ, to string, ok bool) {
	i := strings.Index(head, " -")
	if i < 0 {
		return "", "", "", false
	}
	rest := head[i+2:]
	j := strings.Index(rest, "-> ")
	if j < 0 {
		return "", "", "", false
	}
	from, typ, to = strings.TrimSpace(head[:i]), strings.TrimSpace(rest[:j]), strings.TrimSpace(rest[j+3:])
	return from, typ, to, from != "" && typ != "" && to != ""
}

// defineRel turns a "rel FROM -TYPE-> TO" block into a relationship.
func (r *reader) defineRel(b block) {
	fromS, typS, toS, ok := parseRelHead(b.head)
	if !ok {
		r.ps.add(b.file, b.line, "expected \"rel FROM -TYPE-> TO\", got %q", "rel "+b.head)
		return
	}
	bad := false
	from, err := parseID(fromS)
	if err != nil {
		r.ps.add(b.file, b.line, "%v", err)
		bad = true
	}
	to, err := parseID(toS)
	if err != nil {
		r.ps.add(b.file, b.line, "%v", err)
		bad = true
	}
	typ := graph.RelType(typS)
	if !typ.Valid() {
		r.ps.add(b.file, b.line, "unknown relationship type %q", typS)
		bad = true
	}
	d := &relDef{
		rel:   &graph.Relationship{From: from, Type: typ, To: to, Props: graph.Props{}},
		at:    pos{b.file, b.line},
		props: map[string]pos{},
	}
	sources := 0
	for _, e := range b.entries {
		switch e.name {
		case "":
			continue
		case "source":
			sources++
			if sources > 1 {
				r.ps.add(b.file, e.line, "a relationship has one source: write a second relationship with a key for another source")
				continue
			}
			if s, ok := r.entrySource(b.file, e); ok {
				d.rel.Source = s
			} else {
				bad = true
			}
		case "key":
			if e.text() == "" {
				r.ps.add(b.file, e.line, "key: empty value")
				continue
			}
			d.rel.Key = e.text()
		default:
			if !typ.Valid() {
				continue
			}
			spec, ok := relProps[typ][e.name]
			if !ok {
				r.ps.add(b.file, e.line, "unknown property %q for a %s relationship", e.name, typ)
				continue
			}
			if at, set := d.props[e.name]; set {
				r.ps.add(b.file, e.line, "property %s set twice (first at line %d)", e.name, at.line)
				continue
			}
			text := e.text()
			if text == "" {
				r.ps.add(b.file, e.line, "property %s: empty value (an unknown fact stays absent: leave the line out)", e.name)
				continue
			}
			v, err := parseValue(e.name, spec, text)
			if err != nil {
				r.ps.add(b.file, e.line, "%v", err)
				continue
			}
			d.rel.Props[e.name] = v
			d.props[e.name] = pos{b.file, e.line}
		}
	}
	if sources == 0 {
		r.ps.add(b.file, b.line, "relationship %s -%s-> %s has no source", fromS, typS, toS)
		bad = true
	}
	if typ.Valid() {
		for _, name := range requiredRelProps[typ] {
			if _, ok := d.rel.Props[name]; !ok {
				if _, written := d.props[name]; !written {
					r.ps.add(b.file, b.line, "a %s relationship needs property %s", typ, name)
				}
			}
		}
	}
	if !bad {
		r.addRel(d)
	}
}

// derivedProp sets a property derived from elsewhere (the ID), checking it
// against a value written in the file.
func (r *reader) derivedProp(d *nodeDef, name string, want any) {
	if got, ok := d.node.Props[name]; ok && got != want {
		at := d.props[name]
		r.ps.add(at.file, at.line, "property %s: %v does not match %s (want %v, or leave the line out)", name, got, d.node.ID, want)
	}
	d.node.Props[name] = want
}

// deriveParagraphs fills the properties of paragraphs and footnotes that
// follow from their IDs (resolution, kind, number, position, lang), checks
// that each resolution's paragraphs are numbered without gaps, and links
// each paragraph to its resolution with HAS_PARAGRAPH.
func (r *reader) deriveParagraphs() {
	type numbered struct {
		n int
		d *nodeDef
	}
	pp := map[string][]numbered{}
	op := map[string][]numbered{}
	fn := map[string][]numbered{}
	var syms []string
	seen := map[string]bool{}
	note := func(sym string) {
		if !seen[sym] {
			seen[sym] = true
			syms = append(syms, sym)
		}
	}
	for _, d := range r.nodes {
		switch d.node.Kind {
		case graph.KindParagraph:
			m := reKeyParagraph.FindStringSubmatch(d.node.Key)
			sym, n := m[1], atoi(m[3])
			note(sym)
			r.derivedProp(d, "resolution", sym)
			r.derivedProp(d, "number", int64(n))
			if m[2] == "pp" {
				r.derivedProp(d, "paragraphKind", preambular)
				pp[sym] = append(pp[sym], numbered{n, d})
			} else {
				r.derivedProp(d, "paragraphKind", operative)
				op[sym] = append(op[sym], numbered{n, d})
			}
			r.deriveLang(d)
			text, verb := d.node.Props.String("textFr"), d.node.Props.String("verb")
			if text != "" && verb != "" && !strings.HasPrefix(text, verb) {
				at := d.props["verb"]
				r.ps.add(at.file, at.line, "verb %q is not how the text of %s begins", verb, d.node.ID)
			}
		case graph.KindFootnote:
			m := reKeyFootnote.FindStringSubmatch(d.node.Key)
			sym, n := m[1], atoi(m[2])
			note(sym)
			r.derivedProp(d, "resolution", sym)
			r.derivedProp(d, "number", int64(n))
			r.deriveLang(d)
			fn[sym] = append(fn[sym], numbered{n, d})
		}
	}
	for _, sym := range syms {
		resID := graph.NewID(graph.KindResolution, sym)
		res := r.byID[resID]
		for _, set := range []struct {
			list []numbered
			what string
		}{{pp[sym], "preambular paragraph"}, {op[sym], "operative paragraph"}, {fn[sym], "footnote"}} {
			if len(set.list) == 0 {
				continue
			}
			have := map[int]bool{}
			most := 0
			for _, x := range set.list {
				have[x.n] = true
				most = max(most, x.n)
			}
			at := set.list[0].d.at
			if res != nil {
				at = res.at
			}
			for n := 1; n <= most; n++ {
				if !have[n] {
					r.ps.add(at.file, at.line, "%s has no %s %d (they run to %d)", resID, set.what, n, most)
				}
			}
		}
		for _, x := range pp[sym] {
			r.derivedProp(x.d, "position", int64(x.n))
		}
		for _, x := range op[sym] {
			r.derivedProp(x.d, "position", int64(len(pp[sym])+x.n))
		}
		for _, list := range [][]numbered{pp[sym], op[sym]} {
			for _, x := range list {
				if res == nil {
					r.ps.add(x.d.at.file, x.d.at.line, "%s belongs to %s, which is not in the seed", x.d.node.ID, resID)
					continue
				}
				kind := "pp"
				if x.d.node.Props.String("paragraphKind") == operative {
					kind = "op"
				}
				r.addRel(&relDef{
					rel: &graph.Relationship{
						From: resID, Type: graph.RelHasParagraph, To: x.d.node.ID, Props: graph.Props{},
						Source: graph.Source{
							Document: sym, Locator: fmt.Sprintf("%s/%d", kind, x.n),
							Paragraph: x.d.node.ID, Basis: graph.Stated,
						},
					},
					at:    x.d.at,
					props: map[string]pos{},
				})
			}
		}
	}
}

// deriveLang sets lang FR on a French-only text node that does not say.
func (r *reader) deriveLang(d *nodeDef) {
	if _, ok := d.node.Props["lang"]; !ok && d.node.Props.String("textFr") != "" && d.node.Props.String("textEn") == "" {
		d.node.Props["lang"] = string(graph.FR)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// check runs the checks that need every node: endpoints, paragraph
// references, quotes, duplicates, and the domain's own validation.
func (r *reader) check() {
	for _, ref := range r.paraRefs {
		if _, ok := r.byID[ref.id]; !ok {
			r.ps.add(ref.at.file, ref.at.line, "the source names no paragraph: %s is not in the seed", ref.id)
		}
	}
	seen := map[string]pos{}
	for _, d := range r.rels {
		rel := d.rel
		dangling := false
		if _, ok := r.byID[rel.From]; !ok {
			r.ps.add(d.at.file, d.at.line, "dangling relationship: %s is not in the seed", rel.From)
			dangling = true
		}
		if _, ok := r.byID[rel.To]; !ok {
			r.ps.add(d.at.file, d.at.line, "dangling relationship: %s is not in the seed", rel.To)
			dangling = true
		}
		if first, ok := seen[rel.Identity()]; ok {
			r.ps.add(d.at.file, d.at.line, "duplicate relationship %s -%s-> %s (first at %s): give one of them a key", rel.From, rel.Type, rel.To, first)
		} else {
			seen[rel.Identity()] = d.at
		}
		r.checkQuotes(d)
		if err := rel.Validate(); err != nil && !dangling {
			r.ps.add(d.at.file, d.at.line, "%v", err)
		}
	}
	for _, d := range r.nodes {
		if err := d.node.Validate(); err != nil {
			r.ps.add(d.at.file, d.at.line, "%v", err)
		}
	}
}

// checkQuotes checks that the quoted properties of a relationship are in the
// text of the paragraph or footnote its source points to.
func (r *reader) checkQuotes(d *relDef) {
	for _, name := range d.rel.Props.Keys() {
		if relProps[d.rel.Type][name].typ != tQuote {
			continue
		}
		at := d.props[name]
		para := d.rel.Source.Paragraph
		if para == "" {
			r.ps.add(at.file, at.line, "property %s quotes a text: the relationship's source must point to a paragraph or footnote", name)
			continue
		}
		pd, ok := r.byID[para]
		if !ok {
			continue // reported as a source naming no paragraph
		}
		text := normalizeSpace(pd.node.Props.String("textFr") + " " + pd.node.Props.String("textEn"))
		if !strings.Contains(text, normalizeSpace(d.rel.Props.String(name))) {
			r.ps.add(at.file, at.line, "property %s is not in the text of %s: quote it exactly", name, para)
		}
	}
}

// Sources.

var (
	reSourceName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	reLocator    = regexp.MustCompile(`^(pp|op|fn)/[1-9]\d*$`)
	reResSymbol  = regexp.MustCompile(`^A/RES/\d+/\d+$`)
	sourceFields = []string{"document", "locator", "paragraph", "citation", "url", "basis", "note"}
)

// defineSource turns a "source NAME" block into a named source.
func (r *reader) defineSource(b block) {
	at := pos{b.file, b.line}
	if !reSourceName.MatchString(b.head) {
		r.ps.add(b.file, b.line, "source name %q: use lower-case letters and digits joined by hyphens", b.head)
		return
	}
	if first, ok := r.named[b.head]; ok {
		r.ps.add(b.file, b.line, "duplicate source %s (first defined at %s)", b.head, first.at)
		return
	}
	var s graph.Source
	ok := true
	for _, e := range b.entries {
		if e.name == "" {
			ok = false
			continue
		}
		ok = r.applySourceField(&s, b.file, e) && ok
	}
	ok = r.finishSource(&s, at) && ok
	r.named[b.head] = &namedSource{src: s, at: at, ok: ok}
}

// applySourceField sets one field of a source.
func (r *reader) applySourceField(s *graph.Source, file string, e entry) bool {
	if !slices.Contains(sourceFields, e.name) {
		r.ps.add(file, e.line, "unknown source field %q (want %s)", e.name, strings.Join(sourceFields, ", "))
		return false
	}
	v := e.text()
	if v == "" {
		r.ps.add(file, e.line, "source field %s: empty value", e.name)
		return false
	}
	switch e.name {
	case "document":
		s.Document = v
	case "locator":
		s.Locator = v
	case "citation":
		s.Citation = v
	case "note":
		s.Note = v
	case "url":
		if err := checkURL(v); err != nil {
			r.ps.add(file, e.line, "source url: %v", err)
			return false
		}
		s.URL = v
	case "basis":
		b := graph.Basis(v)
		if !b.Valid() {
			r.ps.add(file, e.line, "unknown basis %q (want STATED, INFERRED or IMPORTED)", v)
			return false
		}
		s.Basis = b
	case "paragraph":
		id, err := parseID(v)
		if err != nil {
			r.ps.add(file, e.line, "source paragraph: %v", err)
			return false
		}
		if k := id.Kind(); k != graph.KindParagraph && k != graph.KindFootnote {
			r.ps.add(file, e.line, "source paragraph %s: want a Paragraph or Footnote id", id)
			return false
		}
		s.Paragraph = id
		r.paraRefs = append(r.paraRefs, paraRef{id, pos{file, e.line}})
	}
	return true
}

// finishSource defaults the basis and checks that the source names something.
func (r *reader) finishSource(s *graph.Source, at pos) bool {
	if s.Basis == "" {
		s.Basis = graph.Stated
	}
	if s.Document == "" && s.Citation == "" && s.URL == "" {
		r.ps.add(at.file, at.line, "a source needs a document, a citation or a URL")
		return false
	}
	return true
}

// entrySource reads a "source:" entry: "@name" (a named source),
// "SYMBOL pp/N|op/N|fn/N" (a paragraph or footnote of a resolution), a URL,
// or a document name; the lines indented below it set or override fields.
func (r *reader) entrySource(file string, e entry) (graph.Source, bool) {
	at := pos{file, e.line}
	var s graph.Source
	v := e.value
	ok := true
	switch {
	case v == "":
		// Every field comes from the lines below.
	case strings.HasPrefix(v, "@"):
		ns, found := r.named[v[1:]]
		if !found {
			r.ps.add(file, e.line, "unknown source %s (define it with a \"source %s\" block)", v, v[1:])
			return s, false
		}
		s, ok = ns.src, ns.ok
	case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
		if err := checkURL(v); err != nil {
			r.ps.add(file, e.line, "source url: %v", err)
			return s, false
		}
		s.URL = v
	default:
		s.Document = v
		if i := strings.LastIndexByte(v, ' '); i > 0 && reLocator.MatchString(v[i+1:]) {
			s.Document, s.Locator = strings.TrimSpace(v[:i]), v[i+1:]
			if reResSymbol.MatchString(s.Document) {
				kind := graph.KindParagraph
				if strings.HasPrefix(s.Locator, "fn/") {
					kind = graph.KindFootnote
				}
				s.Paragraph = graph.NewID(kind, s.Document+"/"+s.Locator)
				r.paraRefs = append(r.paraRefs, paraRef{s.Paragraph, at})
			}
		}
	}
	for _, f := range parseEntries(file, e.children, &r.ps) {
		if f.name == "" {
			ok = false
			continue
		}
		ok = r.applySourceField(&s, file, f) && ok
	}
	return s, r.finishSource(&s, at) && ok
}

// fileSource returns the named source that cites a data file, located at
// one of its lines. When that source is missing or broken (a problem already
// reported), it returns a bare citation of the file, so that reading goes on
// and every other problem of the file is still found.
func (r *reader) fileSource(name, file string, line int) graph.Source {
	s := graph.Source{Document: file, Basis: graph.Stated}
	if ns, ok := r.named[name]; ok && ns.ok {
		s = ns.src
	} else if !ok && !r.missing[name] {
		r.missing[name] = true
		r.ps.add(file, 0, "no \"source %s\" block in facts/ to cite this file", name)
	}
	s.Locator = fmt.Sprintf("line %d", line)
	return s
}
