package synth

import (
	"fmt"
	"iter"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// The marks of synthetic data (see the package comment).
const (
	// KeyPrefix begins the key of every synthetic node, in lower or upper
	// case (upper for the kinds whose keys the API upper-cases: State,
	// Instrument, Resolution, Body, Region).
	KeyPrefix = "synthetic-"
	// MarkProp is the property every synthetic node has, set to true.
	MarkProp = "synthetic"
	// SourceDocument is the document of every synthetic node's and
	// relationship's source.
	SourceDocument = "SYNTHETIC BENCHMARK DATA (tools/synth): not a real document"
	// SourceNote is the note of every synthetic source.
	SourceNote = "Generated for benchmarks only: not a fact about any State, body, instrument or text."
)

// The key prefixes of probe and random nodes. "probe" sorts before
// "random", so that listings by key (instruments) give the probe's first.
const (
	probeKey  = KeyPrefix + "probe-"
	randomKey = KeyPrefix + "random-"
)

// node identifies the node at global index gi.
type node struct {
	class  *classPlan
	tmpl   *graph.Node // the node it mirrors (probe) or takes its properties from (random)
	probe  bool
	number int // its number within its kind, from 1 (probe and random numbered apart)
	key    string
	name   string // its English name: "Synthetic State 0000042", "Synthetic Probe State 0060"
}

// classAt returns the plan of the class of global index gi.
func (g *Graph) classAt(gi int32) *classPlan {
	i := sort.Search(len(g.classes), func(i int) bool { return g.classes[i].start > int(gi) }) - 1
	return g.classes[i]
}

// template returns the node the node at gi mirrors or copies.
func (g *Graph) template(gi int32) *graph.Node {
	cp := g.classAt(gi)
	local := int(gi) - cp.start
	if local < len(cp.probe) {
		return cp.probe[local]
	}
	r := local - len(cp.probe)
	return cp.templates[mix(g.cfg.Seed, uint64(cp.index), uint64(r))%uint64(len(cp.templates))]
}

// ident returns who the node at gi is.
func (g *Graph) ident(gi int32) node {
	cp := g.classAt(gi)
	local := int(gi) - cp.start
	n := node{class: cp, tmpl: g.template(gi)}
	if local < len(cp.probe) {
		n.probe = true
		n.number = cp.probeNum + local + 1
		n.key = fmt.Sprintf("%s%04d", probeKey, n.number)
		n.name = fmt.Sprintf("Synthetic Probe %s %04d", cp.Kind, n.number)
	} else {
		n.number = cp.randomNum + local - len(cp.probe) + 1
		n.key = fmt.Sprintf("%s%07d", randomKey, n.number)
		n.name = fmt.Sprintf("Synthetic %s %07d", cp.Kind, n.number)
	}
	if g.ref.shape.upperKeys[cp.Kind] {
		n.key = strings.ToUpper(n.key)
	}
	return n
}

// id returns the global ID of the node at gi.
func (g *Graph) id(gi int32) graph.ID {
	n := g.ident(gi)
	return graph.NewID(n.class.Kind, n.key)
}

// Node returns the node at global index gi, 0 ≤ gi < Nodes()-1 (the
// manifest is not indexed).
func (g *Graph) Node(gi int) *graph.Node {
	n := g.ident(int32(gi))
	kind := n.class.Kind
	h := mix(g.cfg.Seed, uint64(gi))
	props := graph.Props{MarkProp: true}
	for name, v := range n.tmpl.Props {
		switch v := v.(type) {
		case string:
			if s, ok := g.nodeString(n, name, v, h+hashString(name)); ok {
				props[name] = s
			}
		case []string:
			list := make([]string, len(v))
			for i, s := range v {
				list[i] = text(len(s), h+uint64(i))
			}
			props[name] = list
		default:
			props[name] = v
		}
	}
	g.derived(int32(gi), n, props)
	sources := make([]graph.Source, len(n.tmpl.Sources))
	for i := range sources {
		sources[i] = source(fmt.Sprintf("%s %s, source %d", kind, n.key, i+1))
	}
	return graph.NewNode(kind, n.key, props, sources...)
}

// keptProps are the string properties a synthetic node or relationship
// keeps as its template has them: words from closed lists, not facts.
var keptProps = map[string]bool{
	"level": true, "paragraphKind": true, "organ": true, "instrumentKind": true,
	"family": true, "bodyKind": true, "documentKind": true, "lang": true,
	"activityKind": true, "action": true, "how": true, "role": true,
}

// derivedProps are the properties set from the node's relationships
// (derived), never from its template.
var derivedProps = map[string]bool{
	"regionCode": true, "regionName": true, "subregionCode": true, "subregionName": true,
	"intermediateRegionCode": true, "intermediateRegionName": true, "resolution": true,
}

// nameBases are the localized properties that name a node.
var nameBases = map[string]bool{"name": true, "formalName": true, "title": true}

// isoDate matches an ISO date, kept: the treaty rules compare dates.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// nodeString returns the synthetic value of the string property name,
// whose template value is v, and false when the property is left out (it is
// derived from relationships instead).
func (g *Graph) nodeString(n node, name, v string, h uint64) (string, bool) {
	base, lang := splitLocalized(name)
	switch {
	case derivedProps[name]:
		return "", false
	case keptProps[name], isoDate.MatchString(v):
		return v, true
	case name == "iso3", name == "code", name == "symbol":
		return n.key, true // the key the API looks the node up by
	case name == "iso2":
		return "ZZ", true // user-assigned in ISO 3166: no country has it
	case name == "m49":
		return strconv.Itoa(n.number), true
	case name == "shortName":
		return n.name, true
	case name == "acronym":
		return fmt.Sprintf("SYNTHETIC-%d", n.number), true
	case nameBases[base]:
		s := n.name
		if base == "formalName" {
			s = "the Synthetic Formal " + strings.TrimPrefix(s, "Synthetic ")
		}
		if lang != "" && lang != graph.EN {
			s += " (" + string(lang) + ")"
		}
		return s, true
	case strings.HasPrefix(v, "http://"), strings.HasPrefix(v, "https://"):
		return "https://synthetic.invalid/" + string(n.class.Kind) + "/" + n.key, true
	}
	return text(len(v), h), true
}

// splitLocalized splits a localized property name (nameFr) into its base
// and language; other names come back whole with no language.
func splitLocalized(name string) (string, graph.Lang) {
	for _, l := range graph.Langs {
		if base, ok := strings.CutSuffix(name, l.Suffix()); ok && base != "" {
			return base, l
		}
	}
	return name, ""
}

// derived sets the properties that repeat what the node's relationships
// say: a State's regions (code and name at each level), a paragraph's or
// footnote's resolution, and a random paragraph's position and number in
// its resolution.
func (g *Graph) derived(gi int32, n node, props graph.Props) {
	switch n.class.Kind {
	case graph.KindState:
		for level, r := range g.stateRegions[int(gi)-n.class.start] {
			if r >= 0 {
				region := g.ident(r)
				props[levelProps[level][0]] = region.key
				props[levelProps[level][1]] = region.name
			}
		}
	case graph.KindParagraph:
		p := int(gi) - n.class.start
		if r := g.paraRes[p]; r >= 0 {
			props["resolution"] = g.ident(r).key
			if !n.probe {
				props["position"] = int64(g.paraPos[p][0])
				props["number"] = int64(g.paraPos[p][1])
			}
		}
	case graph.KindFootnote:
		if p := g.footPara[int(gi)-n.class.start]; p >= 0 {
			paras := g.kindClass(graph.KindParagraph)
			if r := g.paraRes[int(p)-paras.start]; r >= 0 {
				props["resolution"] = g.ident(r).key
			}
		}
	}
}

// relationship returns relationship i of tp: a mirror of the reference
// relationship it copies (probe), or one drawn, with the properties of a
// seed relationship of its triple made synthetic (random).
func (g *Graph) relationship(tp *triplePlan, i int) *graph.Relationship {
	from, to := tp.from[i], tp.to[i]
	var tmpl *graph.Relationship
	key := ""
	if i < len(tp.probe) {
		tmpl = tp.probe[i]
		key = tmpl.Key // short codes (op/7, THANKS, an action), kept: parallel relationships need them
	} else {
		tmpl = tp.templates[mix(g.cfg.Seed, uint64(tp.index), uint64(i))%uint64(len(tp.templates))]
	}
	props := graph.Props{}
	h := mix(g.cfg.Seed, uint64(tp.index)<<32|uint64(i))
	for name, v := range tmpl.Props {
		if s, ok := v.(string); ok && !keptProps[name] && !isoDate.MatchString(s) {
			v = text(len(s), h+hashString(name))
		}
		props[name] = v
	}
	fromID, toID := g.id(from), g.id(to)
	return &graph.Relationship{
		From: fromID, Type: tp.Type, To: toID, Key: key, Props: props,
		Source: source(fmt.Sprintf("%s %d", tp.Type, i+1)),
	}
}

// source returns the synthetic source with the locator loc.
func source(loc string) graph.Source {
	return graph.Source{Document: SourceDocument, Locator: loc, Basis: graph.Imported, Note: SourceNote}
}

// Batches streams the graph in batches to apply in order: the manifest
// (marked incomplete), then the nodes, at most size to a batch, then the
// relationships, at most size to a batch (each ends in an earlier batch),
// then the manifest marked complete. Only the batch being made is held in
// memory. size ≤ 0 means 10000.
func (g *Graph) Batches(size int) iter.Seq[graph.Batch] {
	if size <= 0 {
		size = 10000
	}
	return func(yield func(graph.Batch) bool) {
		if !yield(graph.Batch{Nodes: []*graph.Node{g.manifest(false)}}) {
			return
		}
		var b graph.Batch
		for gi := range g.nodes {
			b.Nodes = append(b.Nodes, g.Node(gi))
			if len(b.Nodes) == size {
				if !yield(b) {
					return
				}
				b = graph.Batch{}
			}
		}
		if len(b.Nodes) > 0 && !yield(b) {
			return
		}
		b = graph.Batch{}
		for _, tp := range g.triples {
			for i := range tp.from {
				b.Relationships = append(b.Relationships, g.relationship(tp, i))
				if len(b.Relationships) == size {
					if !yield(b) {
						return
					}
					b = graph.Batch{}
				}
			}
		}
		if len(b.Relationships) > 0 && !yield(b) {
			return
		}
		yield(graph.Batch{Nodes: []*graph.Node{g.manifest(true)}})
	}
}

// filler is the text synthetic texts are cut from: words that say what
// they are, in a fixed pseudo-random order.
var filler = func() string {
	words := []string{"synthetic", "benchmark", "placeholder", "sample", "filler", "generated", "text", "not", "a", "real", "paragraph", "lorem", "ipsum"}
	var b strings.Builder
	x := uint64(1)
	for b.Len() < 1<<16 {
		x = x*6364136223846793005 + 1442695040888963407
		b.WriteString(words[(x>>33)%uint64(len(words))])
		b.WriteByte(' ')
	}
	return b.String()
}()

// text returns a synthetic text of n bytes (at least "synthetic"), cut
// from filler at a place h chooses.
func text(n int, h uint64) string {
	const head = "Synthetic"
	if n <= len(head) {
		return strings.ToLower(head)
	}
	n -= len(head)
	if n > len(filler)/2 {
		n = len(filler) / 2
	}
	off := int(h % uint64(len(filler)-n))
	return head + filler[off:off+n]
}

// mix hashes its arguments (splitmix64 steps).
func mix(xs ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, x := range xs {
		h ^= x
		h += 0x9e3779b97f4a7c15
		h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9
		h = (h ^ (h >> 27)) * 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h
}

// hashString hashes s (FNV-1a).
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
