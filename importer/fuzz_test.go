package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/seed"
)

// The fuzz targets read a file of each format, its header given and its
// rows fuzzed, within fuzzed limits, against the seed, and check what must
// hold whatever the file: no panic; either a batch whose every fact is
// sourced to a line of the file and holds no character a value may not
// hold, or problems each at a line of the file, listed in order, no more
// than MaxProblems, counted, and nothing else; a store that fails is named
// in a wrapped error.
//
// go test -run '^$' -fuzz FuzzParticipation ./importer (and FuzzProgrammes,
// FuzzActivities).

func FuzzParticipation(f *testing.F) {
	fuzzFormat(f, "participation.csv", participationHeader, []string{
		"FRA,CT17,signature,2012-01-01,x\n",
		"FRA,CT17,signature,2012-01-01,x\r\nfra,ct17,Ratification,2013-01-01,https://example.org/a\r\n",
		"XXX,CT17,ratified,2012-13-01,\n",
		"FRA,CT17,signature,2009-12-31,x\nFRA,CT17,signature,2012-01-01,x\n",
		"# comment\n\nFRA,CT17,signature,2012-01-01,\"a, \"\"quoted\"\"\nsource\"\n",
		"FRA,CT17,signature,2012-01-01,a\"b\n",
		"FRA\u202e,CT17,signature,2012-01-01,x\x07\n",
		"FRA,CT17,signature,2012-01-01\n",
		"FRA,CT17,signature,2012-01-01,http://\n",
		"FRA,CT17,signature,2012-01-01,Trait\xe9\n",
	})
}

func FuzzProgrammes(f *testing.F) {
	fuzzFormat(f, "programmes.csv", programmesHeader, []string{
		"p-1,A programme,UNODC,,,,,,,,a citation\n",
		"p-1,A programme,unodc;ctitf,A description,2012-01-01,2015-12-31,terrorism;financing-of-terrorism,CT15;ct17,11;011,SEN;MLI,x\n",
		"p-1,A programme,UNODC;UNODC,,2015-01-01,2012-01-01,,,,,x\np-1,Again,,,,,,,,,x\n",
		"bad id,,,,,,,,,,\n",
		"p-1,\"A\nprogramme\",,\"line\r\nbreak\",,,,,,,x\n",
		"p-1,A\u2066programme,,,,,,,,,x\n",
	})
}

func FuzzActivities(f *testing.F) {
	fuzzFormat(f, "activities.csv", activitiesHeader, []string{
		"a-1,,tools_and_publications,A guide,,,,,,,x\n",
		"a-1,example-programme-1,Victim_Support,Support,2012-01-01,2012-01-01,SEN;mli,011,CT17,terrorism,https://example.org/x\n",
		"a-1,p-404,workshop,,2013-01-01,2012-01-01,XXX;XXX,999,CT99,nothing,\n",
		"a-1,,legal_expertise,T,,,,,,,x\na-1,,legal_expertise,T,,,,,,,x\n",
		"a-1,bad id,legal_expertise,T\x00,,,,,,,x\n",
	})
}

// fuzzFormat fuzzes the rows of a file whose header is header, read with
// the programmes of examples/ (so that activities may name one).
func fuzzFormat(f *testing.F, name, header string, rows []string) {
	for _, r := range rows {
		f.Add([]byte(r), uint16(0), uint16(0), false)
		f.Add([]byte(r), uint16(1), uint16(len(header)+len(r)/2), false)
		f.Add([]byte(r), uint16(0), uint16(0), true)
	}
	programme, err := os.ReadFile(filepath.Join("..", "examples", "programmes.example.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, maxRows, maxBytes uint16, failing bool) {
		content := header + string(data)
		limits := importer.Limits{MaxRows: int(maxRows), MaxBytes: int64(maxBytes)}
		var st graph.Store = fuzzStore(t)
		broken := &brokenStore{Store: st}
		if failing {
			st = broken
		}
		fs := []importer.File{
			{Name: name, R: strings.NewReader(content)},
			{Name: "programmes.example.csv", R: strings.NewReader(string(programme))},
		}
		b, err := limits.Read(context.Background(), st, fs...)
		switch {
		case broken.called:
			if !errors.Is(err, errBroken) || !strings.HasPrefix(err.Error(), "import: ") {
				t.Fatalf("with a failing store: %v, want an import error wrapping the store's", err)
			}
		case err != nil:
			checkProblems(t, err, b, map[string]string{name: content, "programmes.example.csv": string(programme)})
		default:
			checkBatch(t, b, content, len(programme), limits)
		}
	})
}

// checkProblems checks the problems of a file that did not import.
func checkProblems(t *testing.T, err error, b graph.Batch, files map[string]string) {
	t.Helper()
	if len(b.Nodes) > 0 || len(b.Relationships) > 0 {
		t.Fatalf("problems and a batch of %d nodes, %d relationships", len(b.Nodes), len(b.Relationships))
	}
	var ps *importer.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T), want *importer.Problems", err, err)
	}
	if graph.ErrorCode(err) != graph.Invalid {
		t.Fatalf("error code %q, want INVALID", graph.ErrorCode(err))
	}
	if len(ps.List) == 0 || len(ps.List) > importer.MaxProblems || ps.Total < len(ps.List) ||
		(ps.Total > len(ps.List) && len(ps.List) != importer.MaxProblems) {
		t.Fatalf("%d problems listed of %d", len(ps.List), ps.Total)
	}
	if !slices.IsSortedFunc(ps.List, compareAt) {
		t.Fatalf("problems not sorted:\n%v", ps.List)
	}
	lines := strings.Split(err.Error(), "\n")
	want := len(ps.List)
	if ps.Total > len(ps.List) {
		want++
	}
	if len(lines) != want {
		t.Fatalf("error text has %d lines for %d problems listed of %d:\n%s", len(lines), len(ps.List), ps.Total, err)
	}
	for _, p := range ps.List {
		content, ok := files[p.File]
		if !ok {
			t.Fatalf("problem %q names no file of the import", p)
		}
		n := strings.Count(content, "\n") + 1
		if p.Line < 0 || p.Line > n || (p.Line == 0 && !wholeFile(p.Message)) {
			t.Fatalf("problem %q: line %d of a file of %d lines", p, p.Line, n)
		}
		if p.Message == "" || strings.Contains(p.Message, "\n") {
			t.Fatalf("problem %q: want a message of one line", p)
		}
	}
}

// compareAt orders problems by file, line and message.
func compareAt(a, b seed.Problem) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return strings.Compare(a.Message, b.Message)
}

// wholeFile reports whether a problem without a line is one about the whole
// file.
func wholeFile(msg string) bool {
	return strings.HasPrefix(msg, "empty file: ") || strings.HasPrefix(msg, "cannot read: ") || msg == "the file is given twice"
}

// checkBatch checks the batch of a file that imported.
func checkBatch(t *testing.T, b graph.Batch, content string, others int, limits importer.Limits) {
	t.Helper()
	maxBytes := importer.DefaultMaxBytes
	if limits.MaxBytes > 0 {
		maxBytes = limits.MaxBytes
	}
	if int64(len(content)+others) > maxBytes {
		t.Fatalf("files of %d bytes imported within a limit of %d", len(content)+others, maxBytes)
	}
	lines := strings.Count(content, "\n") + 1
	checkSource := func(what string, s graph.Source) {
		if s.Basis != graph.Imported || !strings.HasPrefix(s.Locator, "line ") {
			t.Fatalf("%s: source %+v", what, s)
		}
		if s.Document == "programmes.example.csv" {
			return
		}
		n, err := strconv.Atoi(strings.TrimPrefix(s.Locator, "line "))
		if err != nil || n < 2 || n > lines {
			t.Fatalf("%s: source %+v: not a line of a file of %d lines", what, s, lines)
		}
		if s.URL == "" && s.Citation == "" {
			t.Fatalf("%s: source %+v names nothing", what, s)
		}
		checkText(t, what, s.Citation, s.URL)
	}
	for _, n := range b.Nodes {
		if err := n.Validate(); err != nil {
			t.Fatalf("node %s: %v", n.ID, err)
		}
		for k, v := range n.Props {
			if s, ok := v.(string); ok {
				checkText(t, string(n.ID)+"."+k, s)
			}
		}
		for _, s := range n.Sources {
			checkSource(string(n.ID), s)
		}
	}
	for _, r := range b.Relationships {
		if err := r.Validate(); err != nil {
			t.Fatalf("relationship %s: %v", r.Identity(), err)
		}
		checkText(t, r.Identity(), string(r.From), string(r.To), r.Key)
		for k, v := range r.Props {
			if s, ok := v.(string); ok {
				checkText(t, r.Identity()+"."+k, s)
			}
		}
		checkSource(r.Identity(), r.Source)
	}
}

// checkText checks that texts of a batch are UTF-8 and hold no character a
// value may not hold.
func checkText(t *testing.T, what string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Fatalf("%s: %q is not UTF-8", what, s)
		}
		if at, r := graph.ForbiddenRune(s); at >= 0 {
			t.Fatalf("%s: %q holds %U", what, s, r)
		}
	}
}

// fuzzStore returns a memory store loaded with the seed, one for every
// fuzz target: the targets only read it.
var fuzzStore = func() func(t *testing.T) *memory.Store {
	var (
		once sync.Once
		st   *memory.Store
		err  error
	)
	return func(t *testing.T) *memory.Store {
		once.Do(func() {
			st = memory.New()
			_, err = seed.Load(context.Background(), st)
		})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
}()

// errBroken is what a brokenStore answers.
var errBroken = errors.New("the store is broken")

// brokenStore is a store whose Nodes fails.
type brokenStore struct {
	graph.Store
	called bool
}

func (b *brokenStore) Nodes(context.Context, []graph.ID) ([]*graph.Node, error) {
	b.called = true
	return nil, errBroken
}
