package seed_test

import (
	"errors"
	"io/fs"
	"maps"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

// The fuzz targets read a seed tree with one fuzzed file and check what
// must hold whatever the file: no panic; either a batch that holds no
// character text may not hold, or a seed.Problems error (code INVALID)
// whose every problem is at a line of a file of the tree, one line of text
// each, and nothing else.
//
// go test -run '^$' -fuzz FuzzReadFacts ./seed (and FuzzReadTable).

// tables are the data files of a seed tree.
var tables = []string{"data/un-member-states.csv", "data/country-codes.csv", "data/instruments.csv"}

// smallTree returns a valid seed tree of the named sources the tables
// cite, the group of Member States, and three rows of each table, small
// enough to be read thousands of times a second.
func smallTree(t testing.TB) fstest.MapFS {
	t.Helper()
	read := func(name string) string {
		data, err := fs.ReadFile(seed.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	sources := read("facts/sources.facts")
	// The sources of the tables come first, instruments last.
	last := strings.Index(sources, "\nsource instruments\n")
	sources = sources[:last+1+strings.Index(sources[last+1:], "\n\n")+1]
	var countries strings.Builder
	for i, line := range strings.SplitAfter(read("data/country-codes.csv"), "\n") {
		if i == 0 || strings.Contains(line, ",AFG,") || strings.Contains(line, ",AGO,") || strings.Contains(line, ",ALB,") {
			countries.WriteString(line)
		}
	}
	tree := fstest.MapFS{
		"facts/sources.facts":       {Data: []byte(sources)},
		"facts/actors.facts":        {Data: []byte("node Group:member-states\n  nameEn: Member States\n  source: @un-member-states\n")},
		"data/un-member-states.csv": {Data: []byte(firstLines(read("data/un-member-states.csv"), 4))},
		"data/country-codes.csv":    {Data: []byte(countries.String())},
		"data/instruments.csv":      {Data: []byte(firstLines(read("data/instruments.csv"), 4))},
	}
	return tree
}

// firstLines returns the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}

func FuzzReadFacts(f *testing.F) {
	for _, name := range []string{"facts/topics.facts", "facts/crime-types.facts", "facts/actors.facts"} {
		data, err := fs.ReadFile(seed.FS(), name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(firstLines(string(data), 40)))
	}
	for _, s := range []string{
		"node Topic:x\n  nameEn: x\n  source: @un-member-states\n",
		"node Topic:x\r\n  nameEn: a\u202eb\r\n  source: https://example.org\r\n    basis: INFERRED\r\n    note: n\r\n",
		"rel Topic:x -CONCERNS-> Topic:y\n  key: k\n  source: A/RES/66/178 op/1\n",
		"extend State:FRA\n  nameFr: France\n  source: GLOSSARY.md\n    locator: row\n",
		"source s\n  document: d\n\tnote: tab\n# comment \x07\n  x\n",
		"node Paragraph:A/RES/1/1/op/2\n  textFr: t\n  verb: v\n  source: A/RES/1/1 op/2\n",
	} {
		f.Add([]byte(s))
	}
	base := smallTree(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tree := maps.Clone(base)
		tree["facts/zz-fuzz.facts"] = &fstest.MapFile{Data: data}
		checkRead(t, tree)
	})
}

func FuzzReadTable(f *testing.F) {
	for i, name := range tables {
		data, err := fs.ReadFile(seed.FS(), name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), []byte(firstLines(string(data), 6)))
	}
	f.Add(uint8(0), []byte("iso2,iso3\nFR,FRA\n"))
	f.Add(uint8(2), []byte("id,\"a\nb\",c\r\n1,\"x\u2066\",\x7f\n"))
	base := smallTree(f)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		tree := maps.Clone(base)
		tree[tables[int(which)%len(tables)]] = &fstest.MapFile{Data: data}
		checkRead(t, tree)
	})
}

// checkRead reads tree and checks the invariants of the fuzz targets.
func checkRead(t *testing.T, tree fstest.MapFS) {
	t.Helper()
	b, err := seed.ReadFS(tree)
	if err == nil {
		for _, n := range b.Nodes {
			for k, v := range n.Props {
				if s, ok := v.(string); ok {
					checkText(t, string(n.ID)+"."+k, s)
				}
			}
			checkText(t, string(n.ID))
		}
		for _, r := range b.Relationships {
			for k, v := range r.Props {
				if s, ok := v.(string); ok {
					checkText(t, r.Identity()+"."+k, s)
				}
			}
			checkText(t, r.Identity(), r.Source.Citation, r.Source.Note, r.Source.Document, r.Source.Locator)
		}
		return
	}
	if len(b.Nodes) > 0 || len(b.Relationships) > 0 {
		t.Fatalf("problems and a batch of %d nodes, %d relationships", len(b.Nodes), len(b.Relationships))
	}
	var ps seed.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T), want seed.Problems", err, err)
	}
	if graph.ErrorCode(err) != graph.Invalid {
		t.Fatalf("error code %q, want INVALID", graph.ErrorCode(err))
	}
	if n := len(strings.Split(err.Error(), "\n")); n != len(ps) {
		t.Fatalf("error text has %d lines for %d problems:\n%s", n, len(ps), err)
	}
	for _, p := range ps {
		if p.Message == "" || strings.Contains(p.Message, "\n") {
			t.Fatalf("problem %q: want a message of one line", p)
		}
		if p.File == "facts" && p.Line == 0 {
			continue
		}
		f, ok := tree[p.File]
		if !ok {
			t.Fatalf("problem %q names no file of the tree", p)
		}
		if n := strings.Count(string(f.Data), "\n") + 1; p.Line < 0 || p.Line > n {
			t.Fatalf("problem %q: line %d of a file of %d lines", p, p.Line, n)
		}
	}
}

// checkText checks that texts of a batch are UTF-8 and hold no character
// text may not hold.
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

// TestSmallTree checks that the tree the fuzz targets start from is valid,
// so that they reach what follows a successful read.
func TestSmallTree(t *testing.T) {
	b, err := seed.ReadFS(smallTree(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Nodes) < 7 {
		t.Errorf("%d nodes, want the group, 3 States and 3 instruments at least", len(b.Nodes))
	}
}
