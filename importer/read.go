package importer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

// File is an import file: its name, as the user knows it, and its content.
// Problems name the file by Name; the sources of its facts name it by its
// base name (participation.csv), so that no local path enters the graph.
type File struct {
	Name string
	R    io.Reader
}

// Files reads the files at paths into memory, for Read and Import, within
// the default size limit (see Limits.Files). It fails on the first file
// that cannot be read.
func Files(paths ...string) ([]File, error) { return Limits{}.Files(paths...) }

// FileSummary says what one file of an import holds.
type FileSummary struct {
	Name          string
	Kind          Kind
	Rows          int // data rows (the header and comment lines aside)
	Nodes         int // programmes or activities it defines
	Relationships int // relationships it gives
}

// Summary says what an import holds, file by file, in the order given.
type Summary struct {
	Files []FileSummary
}

// Totals returns the numbers of nodes and relationships of every file.
func (s Summary) Totals() (nodes, rels int) {
	for _, f := range s.Files {
		nodes += f.Nodes
		rels += f.Relationships
	}
	return nodes, rels
}

// Read parses and validates files against the graph in s, within the
// default limits, and returns the batch they make. It makes one store call
// (a Nodes call for every node the files refer to) and writes nothing. On
// any problem in any file it returns an empty batch and a *Problems error
// that lists the first MaxProblems problems, sorted by file, line and
// message, and counts the others; another error means the store could not
// answer or ctx ended.
func Read(ctx context.Context, s graph.Store, files ...File) (graph.Batch, error) {
	return Limits{}.Read(ctx, s, files...)
}

// Import reads files like Read, then applies the batch to s in one Apply:
// all of it or, on any problem, nothing. It returns what each file held.
func Import(ctx context.Context, s graph.Store, files ...File) (Summary, error) {
	return Limits{}.Import(ctx, s, files...)
}

// Read is the package's Read within the limits l.
func (l Limits) Read(ctx context.Context, s graph.Store, files ...File) (graph.Batch, error) {
	b, _, err := read(ctx, s, l, files)
	return b, err
}

// Import is the package's Import within the limits l.
func (l Limits) Import(ctx context.Context, s graph.Store, files ...File) (Summary, error) {
	b, sum, err := read(ctx, s, l, files)
	if err != nil {
		return Summary{}, err
	}
	if err := s.Apply(ctx, b); err != nil {
		return Summary{}, fmt.Errorf("import: apply %d nodes and %d relationships: %w", len(b.Nodes), len(b.Relationships), err)
	}
	return sum, nil
}

// pos is where a row is: a file and a line.
type pos struct {
	file string
	line int
}

func (p pos) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// ref is a node a row names, which must exist.
type ref struct {
	id  graph.ID
	raw string // as the row wrote it
}

// record is what one row gives, before its references are checked against
// the store. A row with problems (bad) still has its references checked, so
// that every problem of the row is reported, but gives nothing.
type record struct {
	at    pos
	bad   bool
	node  *graph.Node                  // the programme or activity a row defines; nil for participation
	rels  func() []*graph.Relationship // built once the row's references are known to exist
	refs  []refIndex                   // the nodes the row names, in reader.refs
	check *dateCheck                   // a check that needs the referred nodes
	file  *FileSummary
}

// dateCheck is the check of a participation row's date against the dates
// of its instrument, which needs the instrument's node.
type dateCheck struct {
	instr graph.ID
	date  string
}

// problem returns what is wrong with the date, "" when nothing is.
func (c dateCheck) problem(known map[graph.ID]*graph.Node) string {
	in := known[c.instr]
	if in == nil {
		return ""
	}
	// No State acts on an instrument before it is open for signature, nor
	// before it is adopted.
	for _, d := range []struct{ prop, what string }{
		{"openedForSignature", "opened for signature"},
		{"adopted", "adopted"},
	} {
		if v := in.Props.String(d.prop); v != "" && c.date < v {
			return fmt.Sprintf("date %s is before %s was %s (%s)", c.date, in.Key, d.what, v)
		}
	}
	return ""
}

// tallyKey is what a good participation row that is only counted leaves:
// its problems, if any, come from its references and its date.
type tallyKey struct {
	state, instr graph.ID
	date         string
}

// reader reads one set of files.
type reader struct {
	ps      collector
	records []*record
	defined map[graph.ID]pos // programmes and activities the files define
	given   map[string]pos   // participation identities the files give
	latest  string           // the latest date that is not in the future anywhere

	// Rows read once the list of problems is full and past them are only
	// counted: what their problems need is tallied here instead of kept
	// as records, so that the memory of an import with many problems
	// does not grow with them.
	refTally   map[graph.ID]int // references of rows only counted
	checkTally map[tallyKey]int // date checks of good rows only counted

	// The references rows make, each kept once: a record holds indexes
	// into refs, so that a file naming the same nodes in row after row
	// takes 4 bytes a reference.
	refs     []ref
	refIndex map[ref]refIndex

	left     int64 // bytes the files may still hold
	maxBytes int64
	rows     int // data rows read
	maxRows  int
	stopped  bool // a limit is crossed: nothing more is read
}

func (r *reader) add(at pos, format string, args ...any) {
	r.ps.add(seed.Problem{File: at.file, Line: at.line, Message: fmt.Sprintf(format, args...)})
}

// read is Read, with the summary Import returns.
func read(ctx context.Context, s graph.Store, l Limits, files []File) (graph.Batch, Summary, error) {
	r := &reader{
		defined:    map[graph.ID]pos{},
		given:      map[string]pos{},
		latest:     time.Now().UTC().Add(14 * time.Hour).Format(time.DateOnly),
		refTally:   map[graph.ID]int{},
		refIndex:   map[ref]refIndex{},
		checkTally: map[tallyKey]int{},
		left:       l.maxBytes(),
		maxBytes:   l.maxBytes(),
		maxRows:    l.maxRows(),
	}
	sum := Summary{Files: make([]FileSummary, len(files))}
	seen := map[string]bool{}
	for i, f := range files {
		sum.Files[i].Name = f.Name
		if seen[f.Name] {
			r.add(pos{file: f.Name}, "the file is given twice")
			if !r.stopped && f.R != nil {
				br := &budgetReader{r: f.R, left: &r.left}
				_ = r.skip(f.Name, br, br)
			}
			continue
		}
		seen[f.Name] = true
		if r.stopped {
			continue
		}
		if err := r.readFile(ctx, f, &sum.Files[i]); err != nil {
			return graph.Batch{}, Summary{}, err
		}
	}

	// One store call for every node referred to and not defined here.
	var ids []graph.ID
	wanted := map[graph.ID]bool{}
	want := func(id graph.ID) {
		if _, ok := r.defined[id]; !ok && !wanted[id] {
			wanted[id] = true
			ids = append(ids, id)
		}
	}
	for _, rec := range r.records {
		for _, i := range rec.refs {
			want(r.refs[i].id)
		}
	}
	for id := range r.refTally {
		want(id)
	}
	known := map[graph.ID]*graph.Node{}
	if len(ids) > 0 {
		slices.Sort(ids)
		nodes, err := s.Nodes(ctx, ids)
		if err != nil {
			return graph.Batch{}, Summary{}, fmt.Errorf("import: look up the %d nodes the files name: %w", len(ids), err)
		}
		for i, n := range nodes {
			if n != nil {
				known[ids[i]] = n
			}
		}
	}
	exists := func(id graph.ID) bool {
		_, def := r.defined[id]
		return def || known[id] != nil
	}

	var b graph.Batch
	for _, rec := range r.records {
		ok := true
		for _, i := range rec.refs {
			x := r.refs[i]
			if exists(x.id) {
				continue
			}
			r.add(rec.at, "%s", unknownMessage(x))
			ok = false
		}
		if !ok || rec.bad {
			continue
		}
		if rec.check != nil {
			if msg := rec.check.problem(known); msg != "" {
				r.add(rec.at, "%s", msg)
			}
		}
		if rec.node != nil {
			b.Nodes = append(b.Nodes, rec.node)
			rec.file.Nodes++
		}
		if rec.rels != nil {
			rels := rec.rels()
			b.Relationships = append(b.Relationships, rels...)
			rec.file.Relationships += len(rels)
		}
	}
	for id, n := range r.refTally {
		if !exists(id) {
			r.ps.count(n)
		}
	}
	for k, n := range r.checkTally {
		if exists(k.state) && exists(k.instr) && (dateCheck{instr: k.instr, date: k.date}).problem(known) != "" {
			r.ps.count(n)
		}
	}
	if err := r.ps.err(); err != nil {
		return graph.Batch{}, Summary{}, err
	}
	return b, sum, nil
}

// refIndex is the index of a reference in reader.refs.
type refIndex uint32

// intern returns the indexes of xs in r.refs, adding those not there yet.
func (r *reader) intern(xs ...ref) []refIndex {
	out := make([]refIndex, len(xs))
	for i, x := range xs {
		j, ok := r.refIndex[x]
		if !ok {
			j = refIndex(len(r.refs))
			r.refs = append(r.refs, x)
			r.refIndex[x] = j
		}
		out[i] = j
	}
	return out
}

// keep keeps the record of a row for the checks against the store or, when
// every problem of the row would only be counted, tallies what those
// checks need.
func (r *reader) keep(rc *record) {
	if !r.ps.countsOnly(rc.at) {
		r.records = append(r.records, rc)
		return
	}
	for _, i := range rc.refs {
		r.refTally[r.refs[i].id]++
	}
	if !rc.bad && rc.check != nil && len(rc.refs) == 2 {
		r.checkTally[tallyKey{state: r.refs[rc.refs[0]].id, instr: r.refs[rc.refs[1]].id, date: rc.check.date}]++
	}
}

// sortProblems sorts problems by file, line and message, as seed.Problems
// prints them.
func sortProblems(ps seed.Problems) { slices.SortStableFunc(ps, compareProblems) }

// unknownMessage says that the node x names is not in the graph, and what
// was wanted.
func unknownMessage(x ref) string {
	switch x.id.Kind() {
	case graph.KindState:
		return fmt.Sprintf("unknown state %q: want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA", x.raw)
	case graph.KindInstrument:
		return fmt.Sprintf("unknown instrument %q: want the key of an instrument in the graph, e.g. CT17", x.raw)
	case graph.KindCrimeType:
		return fmt.Sprintf("unknown crime type %q: want the key of a crime type in the graph, e.g. terrorism", x.raw)
	case graph.KindRegion:
		return fmt.Sprintf("unknown region %q: want the 3-digit M49 code of a region in the graph, e.g. 011", x.raw)
	case graph.KindBody:
		return fmt.Sprintf("unknown body %q: want the key of a body in the graph, e.g. UNODC", x.raw)
	case graph.KindProgramme:
		return fmt.Sprintf("unknown programme %q: want the id of a programme in the graph or in the files imported with it", x.raw)
	}
	return fmt.Sprintf("unknown node %s", x.id)
}

// row is one data row of a file: its fields by column name.
type row struct {
	at     pos
	fields map[string]string
	doc    string // the file's base name, the document of its sources
}

// get returns the trimmed value of column col.
func (w row) get(col string) string { return w.fields[col] }

// ctxEvery is how many rows are read between two looks at the context.
const ctxEvery = 4096

// readFile reads one file: its header, then each row by the file's kind.
// Problems in the file are recorded; the error is ctx's, when it ends.
func (r *reader) readFile(ctx context.Context, f File, sum *FileSummary) error {
	fileAt := pos{file: f.Name}
	if f.R == nil {
		r.add(fileAt, "cannot read: no content")
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import: read %s: %w", f.Name, err)
	}
	br := &budgetReader{r: f.R, left: &r.left}
	in := bufio.NewReader(br)
	if bom, _ := in.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		_, _ = in.Discard(3)
	}
	cr := csv.NewReader(in)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	doc := filepath.Base(filepath.FromSlash(f.Name))
	var format Format
	header := true
	for n := 1; ; n++ {
		if n%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("import: read %s: %w", f.Name, err)
			}
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, errTooLarge) {
			r.tooLarge(f.Name, br)
			return nil
		}
		var perr *csv.ParseError
		if err != nil && !errors.As(err, &perr) {
			r.add(fileAt, "cannot read: %v", err)
			return nil
		}
		var at pos
		if perr != nil {
			at = pos{file: f.Name, line: perr.StartLine}
		} else {
			line, _ := cr.FieldPos(0)
			at = pos{file: f.Name, line: line}
		}
		if !header {
			// Every data row counts, with problems or not.
			r.rows++
			if r.rows > r.maxRows {
				r.add(at, "too many rows: the files imported together may hold at most %s; import fewer at a time or raise the limit", plural(r.maxRows, "data row"))
				r.stopped = true
				return nil
			}
		}
		if perr != nil {
			r.add(pos{file: f.Name, line: perr.Line}, "%v", perr.Err)
			if header {
				return r.skip(f.Name, in, br)
			}
			continue
		}
		if !validUTF8(rec) {
			r.add(at, "not valid UTF-8: save the file as UTF-8")
			if header {
				return r.skip(f.Name, in, br)
			}
			continue
		}
		if r.forbiddenRunes(f.Name, cr, rec, format, header) {
			if header {
				return r.skip(f.Name, in, br)
			}
			sum.Rows++
			continue
		}
		if header {
			header = false
			var ok bool
			if format, ok = formatOf(rec); !ok {
				r.add(at, "unknown header %q: want one of %s", strings.Join(rec, ","), headerList())
				return r.skip(f.Name, in, br)
			}
			sum.Kind = format.Kind
			continue
		}
		sum.Rows++
		if len(rec) != len(format.Columns) {
			r.add(at, "want %d fields, got %d", len(format.Columns), len(rec))
			continue
		}
		w := row{at: at, fields: make(map[string]string, len(rec)), doc: doc}
		for i, col := range format.Columns {
			w.fields[col] = strings.TrimSpace(rec[i])
		}
		var rc *record
		switch format.Kind {
		case Participation:
			rc = r.participation(w)
		case Programmes:
			rc = r.programme(w)
		case Activities:
			rc = r.activity(w)
		}
		if rc != nil {
			rc.file = sum
			r.keep(rc)
		}
	}
	if header {
		r.add(fileAt, "empty file: want a header line naming the columns, one of %s", headerList())
	}
	return nil
}

// forbiddenRunes reports the characters of rec that a value may not hold
// (graph.ForbiddenRune), the first of each field, at the line it is on and
// naming the field's column. It reports whether there was any.
func (r *reader) forbiddenRunes(file string, cr *csv.Reader, rec []string, format Format, header bool) bool {
	found := false
	for i, v := range rec {
		at, c := graph.ForbiddenRune(v)
		if at < 0 {
			continue
		}
		found = true
		line, _ := cr.FieldPos(i)
		line += strings.Count(v[:at], "\n")
		var col string
		switch {
		case header:
			col = fmt.Sprintf("header field %d", i+1)
		case i < len(format.Columns):
			col = "column " + format.Columns[i]
		default:
			col = fmt.Sprintf("field %d", i+1)
		}
		r.add(pos{file: file, line: line}, "%s: %s", col, graph.ForbiddenRuneMessage(c))
	}
	return found
}

// tooLarge reports that the files are over the size limit at the line of
// file that br is at, and stops the import.
func (r *reader) tooLarge(file string, br *budgetReader) {
	r.add(pos{file: file, line: br.lines + 1}, "too large: the files imported together may hold at most %s bytes; import fewer at a time or raise the limit",
		groupDigits(r.maxBytes))
	r.stopped = true
}

// skip reads the rest of a file that is not read further, a file whose
// header is wrong, so that its bytes count toward the size limit as when
// the files come from Limits.Files, which reads them to the limit. It
// returns nil, for readFile.
func (r *reader) skip(file string, in io.Reader, br *budgetReader) error {
	if _, err := io.Copy(io.Discard, in); errors.Is(err, errTooLarge) {
		r.tooLarge(file, br)
	}
	return nil
}

// headerList names the headers of every format, for messages.
func headerList() string {
	parts := make([]string, len(Formats))
	for i, f := range Formats {
		parts[i] = fmt.Sprintf("%q (%s)", f.Header(), f.Kind)
	}
	return strings.Join(parts, ", ")
}

func validUTF8(rec []string) bool {
	for _, s := range rec {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// rowProblems collects the problems of one row, so that a row reports all
// of its problems at once and yields a record only when it has none.
type rowProblems struct {
	r   *reader
	at  pos
	bad bool
}

func (p *rowProblems) add(format string, args ...any) {
	p.r.add(p.at, format, args...)
	p.bad = true
}

// source returns the source of the facts of row w: the citation or URL of
// its source column, located in the file at the row's line.
func (p *rowProblems) source(w row) graph.Source {
	src := graph.Source{Document: w.doc, Locator: "line " + strconv.Itoa(w.at.line), Basis: graph.Imported}
	v := w.get("source")
	lc := strings.ToLower(v)
	switch {
	case v == "":
		p.add("missing source: want a URL or a citation saying where the row's facts come from")
	case strings.HasPrefix(lc, "http://") || strings.HasPrefix(lc, "https://"):
		u, err := url.Parse(v)
		if err != nil || u.Host == "" || strings.ContainsAny(v, " \t") {
			p.add("source %q: not a valid URL", v)
		}
		src.URL = v
	default:
		src.Citation = v
	}
	return src
}

// date returns the ISO date of column col, "" when it is empty (and
// required is false) or bad.
func (p *rowProblems) date(w row, col string, required bool) string {
	v := w.get(col)
	if v == "" {
		if required {
			p.add("missing %s: want an ISO date YYYY-MM-DD", col)
		}
		return ""
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		p.add("%s %q: want an ISO date YYYY-MM-DD", col, v)
		return ""
	}
	return v
}

// period checks that end is not before start.
func (p *rowProblems) period(start, end string) {
	if start != "" && end != "" && end < start {
		p.add("end %s is before start %s", end, start)
	}
}

// reKey is the form of a programme or activity id, as of the seed's slugs.
var reKey = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)

// key returns the id of column col, "" when it is missing or malformed.
func (p *rowProblems) key(w row, col string) string {
	v := w.get(col)
	switch {
	case v == "":
		p.add("missing %s: want an id of letters and digits joined by hyphens, e.g. example-%s-1", col, col)
		return ""
	case !reKey.MatchString(v):
		p.add("%s id %q: want letters and digits joined by hyphens, e.g. example-%s-1", col, v, col)
		return ""
	}
	return v
}

// list returns the items of list column col, each turned into the ID of a
// node of kind k by norm; empty items are skipped, an item given twice is a
// problem.
func (p *rowProblems) list(w row, col string, k graph.NodeKind, norm func(string) string) []ref {
	var out []ref
	seen := map[string]bool{}
	for _, item := range strings.Split(w.get(col), ListSeparator) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key := norm(item)
		if seen[key] {
			p.add("%s lists %q twice", col, item)
			continue
		}
		seen[key] = true
		out = append(out, ref{id: graph.NewID(k, key), raw: item})
	}
	return out
}

// Key normalizers: case is not significant in codes, and a spreadsheet
// drops the leading zeros of an M49 code.
var (
	upper = strings.ToUpper
	lower = strings.ToLower
)

func regionCode(s string) string {
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n < 1000 && len(s) < 3 {
		return fmt.Sprintf("%03d", n)
	}
	return s
}

// rel returns a relationship with the row's source.
func rel(from graph.ID, t graph.RelType, to graph.ID, key string, props graph.Props, src graph.Source) *graph.Relationship {
	if props == nil {
		props = graph.Props{}
	}
	return &graph.Relationship{From: from, Type: t, To: to, Key: key, Props: props, Source: src}
}

// participation reads a row of a participation file.
func (r *reader) participation(w row) *record {
	p := &rowProblems{r: r, at: w.at}
	rec := &record{at: w.at}

	state, instrument := w.get("state"), w.get("instrument")
	if state == "" {
		p.add("missing state: want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA")
	}
	if instrument == "" {
		p.add("missing instrument: want the key of an instrument, e.g. CT17")
	}
	action := lower(w.get("action"))
	switch {
	case action == "":
		p.add("missing action: want one of %s", participationActions)
	case !slices.Contains(graph.ParticipationActions, action):
		p.add("unknown action %q: want one of %s", w.get("action"), participationActions)
	}
	date := p.date(w, "date", true)
	if date != "" && date > r.latest {
		p.add("date %s is in the future", date)
	}
	src := p.source(w)
	stateID := graph.NewID(graph.KindState, upper(state))
	instrID := graph.NewID(graph.KindInstrument, upper(instrument))
	if state != "" {
		rec.refs = append(rec.refs, r.intern(ref{id: stateID, raw: state})...)
	}
	if instrument != "" {
		rec.refs = append(rec.refs, r.intern(ref{id: instrID, raw: instrument})...)
	}
	if p.bad {
		rec.bad = true
		return rec
	}
	identity := string(stateID) + "|" + string(instrID) + "|" + action
	if first, ok := r.given[identity]; ok {
		p.add("%s's %s of %s is already given at %s", upper(state), action, upper(instrument), first)
		rec.bad = true
		return rec
	}
	r.given[identity] = w.at

	rec.rels = func() []*graph.Relationship {
		return []*graph.Relationship{
			rel(stateID, graph.RelParticipatesIn, instrID, action, graph.Props{"action": action, "date": date}, src),
		}
	}
	rec.check = &dateCheck{instr: instrID, date: date}
	return rec
}

// targets and beneficiaries read the list columns common to programmes and
// activities.
func (p *rowProblems) targets(w row) []ref {
	return append(p.list(w, "crime_types", graph.KindCrimeType, lower),
		p.list(w, "instruments", graph.KindInstrument, upper)...)
}

func (p *rowProblems) beneficiaries(w row) []ref {
	return append(p.list(w, "regions", graph.KindRegion, regionCode),
		p.list(w, "states", graph.KindState, upper)...)
}

// define records that the row at defines the node id, or reports that an
// earlier row did.
func (r *reader) define(p *rowProblems, what string, id graph.ID) {
	if first, ok := r.defined[id]; ok {
		p.add("%s %q is already defined at %s", what, id.Key(), first)
		return
	}
	r.defined[id] = p.at
}

// programme reads a row of a programmes file.
func (r *reader) programme(w row) *record {
	p := &rowProblems{r: r, at: w.at}
	key := p.key(w, "programme")
	name := w.get("name")
	if name == "" {
		p.add("missing name: want the programme's name")
	}
	bodies := p.list(w, "bodies", graph.KindBody, upper)
	start, end := p.date(w, "start", false), p.date(w, "end", false)
	p.period(start, end)
	targets, beneficiaries := p.targets(w), p.beneficiaries(w)
	src := p.source(w)
	rec := &record{at: w.at, refs: r.intern(slices.Concat(bodies, targets, beneficiaries)...)}
	if key == "" {
		rec.bad = true
		return rec
	}
	id := graph.NewID(graph.KindProgramme, key)
	r.define(p, "programme", id)
	if p.bad {
		rec.bad = true
		return rec
	}

	props := graph.Props{"nameEn": name}
	setIf(props, "descriptionEn", w.get("description"))
	setIf(props, "startDate", start)
	setIf(props, "endDate", end)
	rec.node = graph.NewNode(graph.KindProgramme, key, props, src)
	// rec.refs holds the bodies, then the targets, then the beneficiaries.
	refs, nb, nt := rec.refs, len(bodies), len(targets)
	rec.rels = func() []*graph.Relationship {
		out := make([]*graph.Relationship, 0, len(refs))
		for k, i := range refs {
			to := r.refs[i].id
			switch {
			case k < nb:
				out = append(out, rel(to, graph.RelRunsProgramme, id, "", nil, src))
			case k < nb+nt:
				out = append(out, rel(id, graph.RelTargets, to, "", nil, src))
			default:
				out = append(out, rel(id, graph.RelBenefits, to, "", nil, src))
			}
		}
		return out
	}
	return rec
}

// activity reads a row of an activities file.
func (r *reader) activity(w row) *record {
	p := &rowProblems{r: r, at: w.at}
	key := p.key(w, "activity")
	var programme *ref
	if v := w.get("programme"); v != "" {
		if !reKey.MatchString(v) {
			p.add("programme id %q: want letters and digits joined by hyphens, e.g. example-programme-1", v)
		} else {
			programme = &ref{id: graph.NewID(graph.KindProgramme, v), raw: v}
		}
	}
	kind := lower(w.get("kind"))
	switch {
	case kind == "":
		p.add("missing kind: want one of %s", activityKinds)
	case !slices.Contains(ActivityKinds, kind):
		p.add("unknown kind %q: want one of %s", w.get("kind"), activityKinds)
	}
	title := w.get("title")
	if title == "" {
		p.add("missing title: want the activity's title")
	}
	start, end := p.date(w, "start", false), p.date(w, "end", false)
	p.period(start, end)
	beneficiaries, targets := p.beneficiaries(w), p.targets(w)
	src := p.source(w)
	rec := &record{at: w.at, refs: r.intern(slices.Concat(targets, beneficiaries)...)}
	if programme != nil {
		rec.refs = append(rec.refs, r.intern(*programme)...)
	}
	if key == "" {
		rec.bad = true
		return rec
	}
	id := graph.NewID(graph.KindActivity, key)
	r.define(p, "activity", id)
	if p.bad {
		rec.bad = true
		return rec
	}

	props := graph.Props{"nameEn": title, "activityKind": ActivityKindProperty(kind)}
	setIf(props, "startDate", start)
	setIf(props, "endDate", end)
	rec.node = graph.NewNode(graph.KindActivity, key, props, src)
	// rec.refs holds the targets, then the beneficiaries, then the
	// programme.
	refs, nt, nb := rec.refs, len(targets), len(beneficiaries)
	rec.rels = func() []*graph.Relationship {
		out := make([]*graph.Relationship, 0, len(refs))
		if programme != nil {
			out = append(out, rel(id, graph.RelPartOfProgramme, programme.id, "", nil, src))
		}
		for k, i := range refs[:nt+nb] {
			if k < nt {
				out = append(out, rel(id, graph.RelTargets, r.refs[i].id, "", nil, src))
			} else {
				out = append(out, rel(id, graph.RelBenefits, r.refs[i].id, "", nil, src))
			}
		}
		return out
	}
	return rec
}

// setIf sets property name to v unless v is empty: an unknown stays absent.
func setIf(p graph.Props, name, v string) {
	if v != "" {
		p[name] = v
	}
}
