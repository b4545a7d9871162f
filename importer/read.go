package importer

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"net/url"
	"os"
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
//
// An import reads each file twice: once to check it, once to write it. The
// content is Open's, opened again for each reading, when Open is set (see
// OpenFiles); otherwise R's, read again from where it was when the import
// began when R is an io.Seeker (a bytes.Reader, a strings.Reader, an
// os.File), and otherwise held in memory from the first reading to the
// second. The second reading must find the same bytes as the first: a file
// that changes in between stops the import (Conflict) and nothing stays
// written.
type File struct {
	Name string
	R    io.Reader
	// Open, when set, opens the content for one reading; R is then unused.
	Open func() (io.ReadCloser, error)
	// UNTC says what the file may not of a status table of the UN Treaty
	// Collection (see UNTCOptions); a file of one of Formats ignores it.
	UNTC UNTCOptions
}

// Files reads the files at paths into memory, for Read and Import, within
// the default size limit (see Limits.Files). It fails on the first file
// that cannot be read.
func Files(paths ...string) ([]File, error) { return Limits{}.Files(paths...) }

// OpenFiles returns the files at paths to be read from disk at each reading
// of an import, so that an import of files of any size holds none of them
// in memory. It fails on the first file that cannot be opened.
func OpenFiles(paths ...string) ([]File, error) {
	files := make([]File, len(paths))
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("open import file: %w", err)
		}
		_ = f.Close()
		files[i] = File{Name: p, Open: func() (io.ReadCloser, error) { return os.Open(p) }}
	}
	return files, nil
}

// FileSummary says what one file of an import holds.
type FileSummary struct {
	Name          string
	Kind          Kind
	Rows          int // data rows (the header and comment lines aside)
	Nodes         int // programmes or activities it defines
	Relationships int // relationships it gives
	// UNTC says what was read of a status table of the UN Treaty
	// Collection, nil for a file of one of Formats.
	UNTC *UNTCSummary
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
// default limits, and returns the batch they make. It asks the store for
// the nodes the files refer to (one Nodes call for up to LookupIDs of
// them) and writes nothing. On any problem in any file it returns an empty
// batch and a *Problems error that lists the first MaxProblems problems,
// sorted by file, line and message, and counts the others; another error
// means the store could not answer or ctx ended.
func Read(ctx context.Context, s graph.Store, files ...File) (graph.Batch, error) {
	return Limits{}.Read(ctx, s, files...)
}

// Import reads files like Read, then writes what they hold to s with one
// ApplyStream, in batches of BatchRows rows: all of it or, on any problem,
// nothing. It returns what each file held.
func Import(ctx context.Context, s graph.Store, files ...File) (Summary, error) {
	return Limits{}.Import(ctx, s, files...)
}

// Read is the package's Read within the limits l.
func (l Limits) Read(ctx context.Context, s graph.Store, files ...File) (graph.Batch, error) {
	c, err := l.check(ctx, s, files)
	if err != nil {
		return graph.Batch{}, err
	}
	var b graph.Batch
	for part, err := range c.batches(ctx, false) {
		if err != nil {
			return graph.Batch{}, err
		}
		b.Nodes = append(b.Nodes, part.Nodes...)
		b.Relationships = append(b.Relationships, part.Relationships...)
	}
	return b, nil
}

// Import is the package's Import within the limits l. The files are read
// twice, once to check them, then to write them, a batch at a time: the
// memory it takes is bounded by what the check must keep (the ids the
// files define, the distinct nodes they name) and by BatchRows, not by the
// size of the files.
func (l Limits) Import(ctx context.Context, s graph.Store, files ...File) (Summary, error) {
	c, err := l.check(ctx, s, files)
	if err != nil {
		return Summary{}, err
	}
	if err := s.ApplyStream(ctx, c.batches(ctx, true)); err != nil {
		rows := 0
		for _, f := range c.sum.Files {
			rows += f.Rows
		}
		return Summary{}, fmt.Errorf("import: write %s: %w", plural(rows, "row"), err)
	}
	return c.sum, nil
}

// BatchRows is how many data rows of the files make one batch of Import.
const BatchRows = 1000

// LookupIDs is the most node IDs a check asks the store for in one Nodes call.
const LookupIDs = 10_000

// pos is where a row is: a file and a line.
type pos struct {
	file string
	line int
}

func (p pos) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// site is a pos as the check keeps it, for many rows: the file's index in
// reader.names and the line.
type site struct {
	file int32
	line int32
}

// ref is a node a row names, which must exist.
type ref struct {
	id  graph.ID
	raw string // as the row wrote it
}

// record is what one row gives. A row with problems (bad) still has its
// references checked, so that every problem of the row is reported, but
// gives nothing.
type record struct {
	at    pos
	bad   bool
	node  *graph.Node                  // the programme or activity a row defines; nil for participation
	rels  func() []*graph.Relationship // built when the row is written
	refs  []ref                        // the nodes the row names
	check *dateCheck                   // a check that needs the referred nodes
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

// tallyKey is what the date check of a good participation row needs.
type tallyKey struct {
	state, instr graph.ID
	date         string
}

// tally counts the rows that make one check against the store (one
// reference, or one date against one instrument), and keeps where the
// first of them are: those whose problem could be listed, at most
// MaxProblems a file, since the rows of a file come in the order of their
// lines and a check's problems of one file all have the same message.
type tally struct {
	count  int
	at     []site
	file   int32 // the file of the last site kept
	inFile int   // the sites kept of that file
}

// add counts a row at s, and keeps s when the row's problem could be
// listed.
func (t *tally) add(s site, listable bool) {
	t.count++
	if !listable {
		return
	}
	if len(t.at) == 0 || t.file != s.file {
		t.file, t.inFile = s.file, 0
	}
	if t.inFile < MaxProblems {
		t.at = append(t.at, s)
		t.inFile++
	}
}

// mode is what a reading of the files does.
type mode int

const (
	checking mode = iota // the first reading: every check, every problem
	writing              // the second: the facts, in batches
)

// reader reads one set of files, in each of the two modes.
type reader struct {
	mode    mode
	ps      collector
	names   []string          // the files by index, for sites
	defined map[graph.ID]site // programmes and activities the files define
	given   map[string]site   // participation identities the files give
	latest  string            // the latest date that is not in the future anywhere

	// What the checks against the store need: every reference by what the
	// rows wrote, and the date checks of good participation rows.
	refs  map[ref]*tally
	dates map[tallyKey]*tally

	untcTables int // status tables of the UN Treaty Collection read

	left     int64 // bytes the files may still hold
	maxBytes int64
	rows     int // data rows read
	maxRows  int
	stopped  bool // a limit is crossed: nothing more is read

	// Writing: the batch under way, where it goes, and why writing stops.
	batch     graph.Batch
	batchRows int
	yield     func(graph.Batch, error) bool
	halted    bool  // yield asked for no more batches
	changed   error // the second reading met what the first did not
}

// add records a problem at at. Writing, there are none: a problem means
// the file changed since it was checked.
func (r *reader) add(at pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if r.mode == writing {
		if r.changed == nil {
			r.changed = graph.Errorf(graph.Conflict, "import: %s changed while it was being imported (%s: %s); nothing was written: import it again",
				at.file, at, msg)
		}
		return
	}
	r.ps.add(seed.Problem{File: at.file, Line: at.line, Message: msg})
}

// site returns at as a site.
func (r *reader) site(at pos) site {
	i := slices.Index(r.names, at.file)
	if i < 0 {
		i = len(r.names)
		r.names = append(r.names, at.file)
	}
	return site{file: int32(i), line: int32(at.line)}
}

// pos returns s as a pos.
func (r *reader) pos(s site) pos { return pos{file: r.names[s.file], line: int(s.line)} }

// reset starts a reading: the limits are whole again.
func (r *reader) reset(m mode) {
	r.mode = m
	r.left, r.rows, r.stopped = r.maxBytes, 0, false
}

// checked is a set of files that passed every check, ready to be written.
type checked struct {
	r     *reader
	files []*source
	sum   Summary
}

// check reads files once, checks every row and, in one Nodes call for up
// to LookupIDs of them, the nodes they name. It returns the files ready to
// write, or a *Problems error.
func (l Limits) check(ctx context.Context, s graph.Store, files []File) (*checked, error) {
	r := &reader{
		defined:  map[graph.ID]site{},
		given:    map[string]site{},
		latest:   time.Now().UTC().Add(14 * time.Hour).Format(time.DateOnly),
		refs:     map[ref]*tally{},
		dates:    map[tallyKey]*tally{},
		maxBytes: l.maxBytes(),
		maxRows:  l.maxRows(),
	}
	r.reset(checking)
	c := &checked{r: r, files: make([]*source, len(files)), sum: Summary{Files: make([]FileSummary, len(files))}}
	seen := map[string]bool{}
	for i, f := range files {
		c.sum.Files[i].Name = f.Name
		src := &source{f: f}
		if seen[f.Name] {
			r.add(pos{file: f.Name}, "the file is given twice")
			if !r.stopped {
				if in, err := src.open(); err == nil {
					br := &budgetReader{r: in, left: &r.left}
					_ = r.skip(f.Name, br, br)
					_ = src.close()
				}
			}
			continue
		}
		seen[f.Name] = true
		c.files[i] = src
		if r.stopped {
			continue
		}
		if err := r.readFile(ctx, src, &c.sum.Files[i]); err != nil {
			return nil, err
		}
	}

	// The nodes the files name and do not define, asked of the store.
	var ids []graph.ID
	wanted := map[graph.ID]bool{}
	for x := range r.refs {
		if _, def := r.defined[x.id]; !def && !wanted[x.id] {
			wanted[x.id] = true
			ids = append(ids, x.id)
		}
	}
	slices.Sort(ids)
	instruments := map[graph.ID]bool{}
	for k := range r.dates {
		instruments[k.instr] = true
	}
	found := make(map[graph.ID]bool, len(ids))
	known := map[graph.ID]*graph.Node{} // the instruments of the date checks
	for chunk := range slices.Chunk(ids, LookupIDs) {
		nodes, err := s.Nodes(ctx, chunk)
		if err != nil {
			return nil, fmt.Errorf("import: look up the %d nodes the files name: %w", len(ids), err)
		}
		for i, n := range nodes {
			if n != nil {
				found[chunk[i]] = true
				if instruments[chunk[i]] {
					known[chunk[i]] = n
				}
			}
		}
	}
	exists := func(id graph.ID) bool {
		_, def := r.defined[id]
		return def || found[id]
	}
	for x, t := range r.refs {
		if !exists(x.id) {
			r.report(t, unknownMessage(x))
		}
	}
	for k, t := range r.dates {
		if exists(k.state) && exists(k.instr) {
			if msg := (dateCheck{instr: k.instr, date: k.date}).problem(known); msg != "" {
				r.report(t, msg)
			}
		}
	}
	if r.untcTables == 0 {
		for _, f := range files {
			if !f.UNTC.IsZero() {
				r.add(pos{file: f.Name, line: 1}, "not a status table of the UN Treaty Collection, but an instrument, a saved date or a source URL is given for one: give them with status tables only")
				break
			}
		}
	}
	if err := r.ps.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// report records the problem msg of every row t counts: at the sites it
// kept, and counted for the others.
func (r *reader) report(t *tally, msg string) {
	for _, s := range t.at {
		r.add(r.pos(s), "%s", msg)
	}
	r.ps.count(t.count - len(t.at))
}

// kindOrder is the order Import writes the kinds of file in, so that every
// node a batch names is written by the time it is: programmes before the
// activities that name them.
var kindOrder = map[Kind]int{Programmes: 0, Activities: 1, Participation: 2}

// batches reads the files again and yields what they hold, a batch of
// BatchRows rows at a time, in the order of the files or, byKind, by kind
// of file (kindOrder). It yields an error, and stops, when ctx ends or a
// file is not what it was when it was checked.
func (c *checked) batches(ctx context.Context, byKind bool) iter.Seq2[graph.Batch, error] {
	return func(yield func(graph.Batch, error) bool) {
		r := c.r
		r.reset(writing)
		r.yield, r.halted, r.changed = yield, false, nil
		r.batch, r.batchRows = graph.Batch{}, 0
		for i := range c.sum.Files {
			c.sum.Files[i].Nodes, c.sum.Files[i].Relationships = 0, 0
		}
		order := make([]int, len(c.files))
		for i := range order {
			order[i] = i
		}
		if byKind {
			slices.SortStableFunc(order, func(a, b int) int {
				return kindOrder[c.sum.Files[a].Kind] - kindOrder[c.sum.Files[b].Kind]
			})
		}
		for _, i := range order {
			if c.files[i] == nil {
				continue
			}
			if err := r.readFile(ctx, c.files[i], &c.sum.Files[i]); err != nil {
				yield(graph.Batch{}, err)
				return
			}
			if r.halted {
				return
			}
			if r.changed != nil {
				yield(graph.Batch{}, r.changed)
				return
			}
		}
		if r.batchRows > 0 {
			yield(r.batch, nil)
		}
	}
}

// source gives the content of a File to each reading, and checks that the
// second finds what the first did.
type source struct {
	f        File
	readings int
	start    int64         // where R was at the first reading, when it is an io.Seeker
	held     *bytes.Buffer // what the first reading read of an R that cannot seek
	opened   io.ReadCloser // the content Open gave, until close
	hash     hash.Hash
	sum      []byte // the SHA-256 of what the first reading read
}

// open returns the content for one reading.
func (s *source) open() (io.Reader, error) {
	first := s.readings == 0
	s.readings++
	var in io.Reader
	switch seeker, isSeeker := s.f.R.(io.Seeker); {
	case s.f.Open != nil:
		rc, err := s.f.Open()
		if err != nil {
			return nil, err
		}
		s.opened, in = rc, rc
	case s.f.R == nil:
		return nil, errors.New("no content")
	case isSeeker && first:
		start, err := seeker.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, err
		}
		s.start, in = start, s.f.R
	case isSeeker:
		if _, err := seeker.Seek(s.start, io.SeekStart); err != nil {
			return nil, err
		}
		in = s.f.R
	case first:
		s.held = new(bytes.Buffer)
		in = io.TeeReader(s.f.R, s.held)
	default:
		in = bytes.NewReader(s.held.Bytes())
	}
	s.hash = sha256.New()
	return io.TeeReader(in, s.hash), nil
}

// close ends a reading. It reports whether the reading read what the first
// did (always true of the first).
func (s *source) close() bool {
	if s.opened != nil {
		_ = s.opened.Close()
		s.opened = nil
	}
	sum := s.hash.Sum(nil)
	if s.readings == 1 {
		s.sum = sum
		return true
	}
	return bytes.Equal(sum, s.sum)
}

// note records, on the first reading, what the checks of a row against the
// store need: its references, and its date check when it is a good
// participation row. Where the row is is kept only while its problems
// could be listed (collector.countsOnly), so that the memory of a file with
// many problems does not grow with them.
func (r *reader) note(rc *record) {
	listable := !r.ps.countsOnly(rc.at)
	s := r.site(rc.at)
	for _, x := range rc.refs {
		if _, def := r.defined[x.id]; def {
			continue // defined by an earlier row: it exists
		}
		t := r.refs[x]
		if t == nil {
			t = &tally{}
			r.refs[ref{id: x.id, raw: strings.Clone(x.raw)}] = t
		}
		t.add(s, listable)
	}
	if !rc.bad && rc.check != nil && len(rc.refs) == 2 {
		k := tallyKey{state: rc.refs[0].id, instr: rc.refs[1].id, date: rc.check.date}
		t := r.dates[k]
		if t == nil {
			t = &tally{}
			k.date = strings.Clone(k.date)
			r.dates[k] = t
		}
		t.add(s, listable)
	}
}

// emit adds what a row gives to the batch under way, on the second
// reading, and yields the batch when it has BatchRows rows.
func (r *reader) emit(rc *record, sum *FileSummary) {
	if rc.bad {
		r.add(rc.at, "the row now has a problem")
		return
	}
	if rc.node != nil {
		r.batch.Nodes = append(r.batch.Nodes, rc.node)
		sum.Nodes++
	}
	if rc.rels != nil {
		rels := rc.rels()
		r.batch.Relationships = append(r.batch.Relationships, rels...)
		sum.Relationships += len(rels)
	}
	r.batchRows++
	if r.batchRows >= BatchRows {
		if !r.yield(r.batch, nil) {
			r.halted = true
		}
		r.batch, r.batchRows = graph.Batch{}, 0
	}
}

// first reports whether the row at at is the first of the files to give
// key, recording it on the first reading; when it is not, it returns where
// the first is.
func first[K comparable](r *reader, set map[K]site, key K, at pos) (pos, bool) {
	s := r.site(at)
	prev, ok := set[key]
	switch {
	case r.mode == writing && ok && prev == s:
		return pos{}, true
	case r.mode == writing:
		return at, false // not what the first reading saw: the file changed
	case ok:
		return r.pos(prev), false
	}
	set[key] = s
	return pos{}, true
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
	cite   string // a citation besides a source that is a URL (status tables of the UN Treaty Collection)
}

// get returns the trimmed value of column col.
func (w row) get(col string) string { return w.fields[col] }

// ctxEvery is how many rows are read between two looks at the context.
const ctxEvery = 4096

// readFile reads one file: its header, then each row by the file's kind,
// checking it (the first reading: the file's kind and rows go to sum) or
// writing it (the second: its nodes and relationships go to sum).
// Problems in the file are recorded; the error is ctx's, when it ends.
func (r *reader) readFile(ctx context.Context, src *source, sum *FileSummary) error {
	f := src.f
	fileAt := pos{file: f.Name}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import: read %s: %w", f.Name, err)
	}
	content, err := src.open()
	if err != nil {
		r.add(fileAt, "cannot read: %v", err)
		return nil
	}
	defer func() {
		if !src.close() {
			r.add(fileAt, "its content is not what it was when it was checked")
		}
	}()
	read := sum // what the file holds, counted on the first reading
	if r.mode == writing {
		read = &FileSummary{}
	}
	br := &budgetReader{r: content, left: &r.left}
	in := bufio.NewReaderSize(br, untcSniffBytes)
	if bom, _ := in.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		_, _ = in.Discard(3)
	}
	doc := filepath.Base(filepath.FromSlash(f.Name))
	switch form, delim, tooLarge := sniffUNTC(in); {
	case form != untcNone:
		return r.readUNTC(ctx, src, form, delim, in, br, read, sum, doc)
	case tooLarge:
		r.tooLarge(f.Name, br)
		return nil
	}
	cr := csv.NewReader(in)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
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
			read.Rows++
			continue
		}
		if header {
			header = false
			var ok bool
			if format, ok = formatOf(rec); !ok {
				r.add(at, "unknown header %q: want one of %s", strings.Join(rec, ","), headerList())
				return r.skip(f.Name, in, br)
			}
			read.Kind = format.Kind
			continue
		}
		read.Rows++
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
		if r.take(rc, sum) {
			return nil
		}
	}
	if header {
		r.add(fileAt, "empty file: want a header line naming the columns, one of %s", headerList())
	}
	return nil
}

// take takes what a row gives, rc (nil for a row with problems): on the
// first reading, what the checks against the store need; on the second,
// its facts, to the batch under way and sum. It reports whether the
// reading must stop: the batches are no longer wanted, or the file changed.
func (r *reader) take(rc *record, sum *FileSummary) bool {
	switch {
	case rc == nil:
	case r.mode == checking:
		r.note(rc)
	default:
		r.emit(rc, sum)
		return r.halted || r.changed != nil
	}
	return false
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
	if w.cite != "" {
		src.Citation = w.cite
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
		rec.refs = append(rec.refs, ref{id: stateID, raw: state})
	}
	if instrument != "" {
		rec.refs = append(rec.refs, ref{id: instrID, raw: instrument})
	}
	if p.bad {
		rec.bad = true
		return rec
	}
	identity := string(stateID) + "|" + string(instrID) + "|" + action
	if at, ok := first(r, r.given, identity, w.at); !ok {
		p.add("%s's %s of %s is already given at %s", upper(state), action, upper(instrument), at)
		rec.bad = true
		return rec
	}

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
	if at, ok := first(r, r.defined, id, p.at); !ok {
		p.add("%s %q is already defined at %s", what, id.Key(), at)
	}
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
	rec := &record{at: w.at, refs: slices.Concat(bodies, targets, beneficiaries)}
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
		for k, x := range refs {
			to := x.id
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
	rec := &record{at: w.at, refs: slices.Concat(targets, beneficiaries)}
	if programme != nil {
		rec.refs = append(rec.refs, *programme)
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
		for k, x := range refs[:nt+nb] {
			if k < nt {
				out = append(out, rel(id, graph.RelTargets, x.id, "", nil, src))
			} else {
				out = append(out, rel(id, graph.RelBenefits, x.id, "", nil, src))
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
