package export_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/export"
	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// scopes are the parts of the seed the store tests export.
var scopes = []struct {
	name  string
	scope export.Scope
}{
	{"whole", export.Scope{}},
	{"whole states and regions", export.Scope{Kinds: []graph.NodeKind{graph.KindState, graph.KindRegion}, Types: []graph.RelType{graph.RelInRegion}}},
	{"whole truncated", export.Scope{Limit: 50}},
	{"paragraph 9 depth 2", export.Scope{Root: "Paragraph:A/RES/66/178/op/9", Depth: 2}},
	{"France depth 2 truncated", export.Scope{Root: "State:FRA", Depth: 2, Limit: 30}},
	{"terrorism to France", export.Scope{From: "CrimeType:terrorism", To: "State:FRA"}},
	{"terrorism to France, all", export.Scope{From: "CrimeType:terrorism", To: "State:FRA", All: true}},
	{"ids", export.Scope{IDs: paragraph9IDs}},
}

// paragraph9IDs are nodes of the seed around operative paragraph 9, as a
// query might return them: with a repeat, out of order.
var paragraph9IDs = []graph.ID{
	"CrimeType:terrorism", "Paragraph:A/RES/66/178/op/9", "CrimeType:related-criminal-activities",
	"Resolution:A/RES/66/178", "Body:UNODC", "CrimeType:terrorism",
}

// importedScopes are parts of the seed with the example import files (made
// up to show the formats) that the store tests export.
var importedScopes = []struct {
	name  string
	scope export.Scope
}{
	{"imported whole", export.Scope{}},
	{"imported programme depth 2", export.Scope{Root: "Programme:example-programme-1", Depth: 2}},
	{"imported participation", export.Scope{Kinds: []graph.NodeKind{graph.KindState, graph.KindInstrument}, Types: []graph.RelType{graph.RelParticipatesIn}}},
}

// importExamples imports the example files of the repository into s.
func importExamples(t *testing.T, s graph.Store) {
	t.Helper()
	files, err := importer.Files(
		filepath.Join("..", "examples", "participation.example.csv"),
		filepath.Join("..", "examples", "programmes.example.csv"),
		filepath.Join("..", "examples", "activities.example.csv"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(t.Context(), s, files...); err != nil {
		t.Fatalf("import the examples: %v", err)
	}
}

// TestSameExportOnBothStores exports the same parts of the seed from the
// memory store and from Neo4j, in every format, and wants the same bytes.
func TestSameExportOnBothStores(t *testing.T) {
	mem := testgraph.Memory(t)
	neo := testgraph.Neo4j(t)
	compareStores(t, mem, neo, scopes)
	importExamples(t, mem)
	importExamples(t, neo)
	compareStores(t, mem, neo, importedScopes)
}

// compareStores exports each scope from mem and neo in every format and
// wants the same bytes.
func compareStores(t *testing.T, mem, neo graph.Store, scopes []struct {
	name  string
	scope export.Scope
}) {
	t.Helper()
	for _, sc := range scopes {
		t.Run(sc.name, func(t *testing.T) {
			msg, err := export.Select(t.Context(), mem, sc.scope)
			if err != nil {
				t.Fatalf("memory: %v", err)
			}
			nsg, err := export.Select(t.Context(), neo, sc.scope)
			if err != nil {
				t.Fatalf("neo4j: %v", err)
			}
			if len(msg.Nodes) == 0 {
				t.Fatal("an empty export proves nothing")
			}
			for _, f := range export.Formats {
				m, n := write(t, f, msg), write(t, f, nsg)
				if !bytes.Equal(m, n) {
					t.Errorf("%s: the stores export differently:\n%s", f, diffLines(n, m))
				}
			}
		})
	}
}

func TestSelect(t *testing.T) {
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		counts, err := s.Counts(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		t.Run("whole", func(t *testing.T) {
			sg, err := export.Whole(t.Context(), s)
			if err != nil {
				t.Fatal(err)
			}
			nodes, rels := 0, 0
			for _, n := range counts.Nodes {
				nodes += n
			}
			for _, n := range counts.Relationships {
				rels += n
			}
			if len(sg.Nodes) != nodes || len(sg.Relationships) != rels || sg.Truncated {
				t.Errorf("%d nodes, %d relationships (truncated %v), want %d and %d", len(sg.Nodes), len(sg.Relationships), sg.Truncated, nodes, rels)
			}
			checkReadBack(t, export.FormatJSONLines, write(t, export.FormatJSONLines, sg), sg)
		})
		t.Run("kinds and types", func(t *testing.T) {
			sg, err := export.Select(t.Context(), s, scopes[1].scope)
			if err != nil {
				t.Fatal(err)
			}
			if want := counts.Nodes[graph.KindState] + counts.Nodes[graph.KindRegion]; len(sg.Nodes) != want {
				t.Errorf("%d nodes, want %d states and regions", len(sg.Nodes), want)
			}
			if want := counts.Relationships[graph.RelInRegion]; len(sg.Relationships) != want || want == 0 {
				t.Errorf("%d relationships, want the %d IN_REGION", len(sg.Relationships), want)
			}
			for _, r := range sg.Relationships {
				if r.Type != graph.RelInRegion {
					t.Errorf("relationship %s is not IN_REGION", r.Identity())
				}
			}
		})
		t.Run("limit", func(t *testing.T) {
			sg, err := export.Select(t.Context(), s, export.Scope{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(sg.Nodes) != 50 || !sg.Truncated {
				t.Errorf("%d nodes, truncated %v; want 50, truncated", len(sg.Nodes), sg.Truncated)
			}
			// Every relationship between two kept nodes is there, and
			// no other: the writers would refuse a dangling one.
			checkReadBack(t, export.FormatGraphML, write(t, export.FormatGraphML, sg), sg)
			whole, err := export.Whole(t.Context(), s)
			if err != nil {
				t.Fatal(err)
			}
			kept := map[graph.ID]bool{}
			for _, n := range sg.Nodes {
				kept[n.ID] = true
			}
			want := 0
			for _, r := range whole.Relationships {
				if kept[r.From] && kept[r.To] {
					want++
				}
			}
			if len(sg.Relationships) != want {
				t.Errorf("%d relationships, want the %d between the kept nodes", len(sg.Relationships), want)
			}
		})
		t.Run("limit at the size of the graph", func(t *testing.T) {
			total := 0
			for _, n := range counts.Nodes {
				total += n
			}
			sg, err := export.Select(t.Context(), s, export.Scope{Limit: total})
			if err != nil {
				t.Fatal(err)
			}
			if len(sg.Nodes) != total || sg.Truncated {
				t.Errorf("%d nodes, truncated %v; want %d, not truncated", len(sg.Nodes), sg.Truncated, total)
			}
		})
		t.Run("neighbourhood", func(t *testing.T) {
			sg, err := export.Select(t.Context(), s, scopes[3].scope)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, n := range sg.Nodes {
				found = found || n.ID == "Paragraph:A/RES/66/178/op/9"
			}
			if !found || len(sg.Relationships) == 0 {
				t.Errorf("the neighbourhood lacks its root or has no relationship: %d nodes", len(sg.Nodes))
			}
		})
		t.Run("path", func(t *testing.T) {
			sg, err := export.Select(t.Context(), s, scopes[5].scope)
			if err != nil {
				t.Fatal(err)
			}
			// A path of n relationships has n+1 nodes.
			if len(sg.Nodes) < 2 || len(sg.Relationships) != len(sg.Nodes)-1 {
				t.Errorf("one path: %d nodes and %d relationships", len(sg.Nodes), len(sg.Relationships))
			}
		})
		t.Run("ids", func(t *testing.T) {
			cs := testgraph.NewCounting(s)
			sg, err := export.Select(t.Context(), cs, export.Scope{IDs: paragraph9IDs})
			if err != nil {
				t.Fatal(err)
			}
			if cs.Calls("Nodes") != 1 || cs.Calls("Relationships") != 1 || cs.Total() != 2 {
				t.Errorf("%d store calls (Nodes %d, Relationships %d), want one of each", cs.Total(), cs.Calls("Nodes"), cs.Calls("Relationships"))
			}
			want := map[graph.ID]bool{}
			for _, id := range paragraph9IDs {
				want[id] = true
			}
			if len(sg.Nodes) != len(want) {
				t.Errorf("%d nodes, want the %d distinct ids", len(sg.Nodes), len(want))
			}
			whole, err := export.Whole(t.Context(), s)
			if err != nil {
				t.Fatal(err)
			}
			between := 0
			for _, r := range whole.Relationships {
				if want[r.From] && want[r.To] {
					between++
				}
			}
			if len(sg.Relationships) != between || between == 0 {
				t.Errorf("%d relationships, want the %d between the nodes", len(sg.Relationships), between)
			}
			checkReadBack(t, export.FormatCytoscape, write(t, export.FormatCytoscape, sg), sg)
		})
		t.Run("no path", func(t *testing.T) {
			sg, err := export.Select(t.Context(), s, export.Scope{From: "CrimeType:terrorism", To: "State:FRA", MaxLength: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(sg.Nodes) != 0 || len(sg.Relationships) != 0 {
				t.Errorf("no path within 1: got %d nodes", len(sg.Nodes))
			}
		})
	})
}

func TestSelectErrors(t *testing.T) {
	s := testgraph.Memory(t)
	cases := []struct {
		name  string
		scope export.Scope
		code  graph.Code
		want  string
	}{
		{"root and path", export.Scope{Root: "State:FRA", From: "State:FRA", To: "State:DEU"}, graph.Invalid, "not both"},
		{"from without to", export.Scope{From: "State:FRA"}, graph.Invalid, "both from and to"},
		{"to without from", export.Scope{To: "State:FRA"}, graph.Invalid, "both from and to"},
		{"kinds on a path", export.Scope{From: "State:FRA", To: "State:DEU", Kinds: []graph.NodeKind{graph.KindState}}, graph.Invalid, "kinds apply"},
		{"depth without root", export.Scope{Depth: 2}, graph.Invalid, "give a root"},
		{"all without path", export.Scope{All: true}, graph.Invalid, "give from and to"},
		{"negative limit", export.Scope{Limit: -1}, graph.Invalid, "negative"},
		{"unknown type", export.Scope{Types: []graph.RelType{"KNOWS"}}, graph.Invalid, "allowed: HAS_PARAGRAPH, "},
		{"unknown kind", export.Scope{Root: "State:FRA", Kinds: []graph.NodeKind{"Person"}}, graph.Invalid, "allowed: State, Region, "},
		{"depth above the cap", export.Scope{Root: "State:FRA", Depth: 5}, graph.Invalid, "4"},
		{"neighbourhood limit above the cap", export.Scope{Root: "State:FRA", Limit: 100000}, graph.Invalid, "limit"},
		{"unknown root", export.Scope{Root: "State:XXX"}, graph.NotFound, "State:XXX"},
		{"malformed root", export.Scope{Root: "nothing"}, graph.NotFound, "nothing"},
		{"unknown to", export.Scope{From: "State:FRA", To: "State:XXX"}, graph.NotFound, "State:XXX"},
		{"unknown id", export.Scope{IDs: []graph.ID{"State:FRA", "State:XXX"}}, graph.NotFound, "State:XXX"},
		{"malformed id", export.Scope{IDs: []graph.ID{"France"}}, graph.NotFound, "France"},
		{"ids and root", export.Scope{IDs: []graph.ID{"State:FRA"}, Root: "State:FRA"}, graph.Invalid, "not two of them"},
		{"ids and kinds", export.Scope{IDs: []graph.ID{"State:FRA"}, Kinds: []graph.NodeKind{graph.KindState}}, graph.Invalid, "not to ids"},
		{"ids and limit", export.Scope{IDs: []graph.ID{"State:FRA"}, Limit: 3}, graph.Invalid, "limit does not apply"},
		{"too many ids", export.Scope{IDs: make([]graph.ID, export.MaxIDs+1)}, graph.Invalid, "at most 1000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := export.Select(t.Context(), s, tc.scope)
			if graph.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %s with %q", err, tc.code, tc.want)
			}
		})
	}
}

// topics returns a memory store holding n made-up topics, each related to
// the next, and nothing else.
func topics(t *testing.T, n int) graph.Store {
	t.Helper()
	s := memory.New()
	t.Cleanup(func() { s.Close() })
	var b graph.Batch
	src := graph.Source{Citation: "test data", Basis: graph.Stated}
	for i := range n {
		b.Nodes = append(b.Nodes, graph.NewNode(graph.KindTopic, fmt.Sprintf("t%05d", i), graph.Props{"nameEn": fmt.Sprintf("topic %d", i)}, src))
		if i > 0 {
			b.Relationships = append(b.Relationships, &graph.Relationship{
				From: graph.NewID(graph.KindTopic, fmt.Sprintf("t%05d", i-1)), Type: graph.RelPartOf,
				To: graph.NewID(graph.KindTopic, fmt.Sprintf("t%05d", i)), Source: src,
			})
		}
	}
	if err := s.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWholeStoreCalls checks that Whole costs one FindNodes call per kind
// and per thousand nodes of the kind, and one Relationships call, however
// many relationships there are.
func TestWholeStoreCalls(t *testing.T) {
	cases := []struct {
		topics, findNodes int
	}{
		{1, len(graph.NodeKinds)},
		{999, len(graph.NodeKinds)},
		{1000, len(graph.NodeKinds)},
		{1001, len(graph.NodeKinds) + 1},
		{2500, len(graph.NodeKinds) + 2},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.topics), func(t *testing.T) {
			s := testgraph.NewCounting(topics(t, tc.topics))
			sg, err := export.Whole(t.Context(), s)
			if err != nil {
				t.Fatal(err)
			}
			if len(sg.Nodes) != tc.topics || len(sg.Relationships) != tc.topics-1 {
				t.Fatalf("%d nodes and %d relationships, want %d and %d", len(sg.Nodes), len(sg.Relationships), tc.topics, tc.topics-1)
			}
			if got := s.Calls("FindNodes"); got != tc.findNodes {
				t.Errorf("FindNodes called %d times, want %d", got, tc.findNodes)
			}
			if got := s.Calls("Relationships"); got != 1 {
				t.Errorf("Relationships called %d times, want 1", got)
			}
			if got := s.Total(); got != tc.findNodes+1 {
				t.Errorf("%d store calls, want %d", got, tc.findNodes+1)
			}
		})
	}
	t.Run("seed on the seeded stores", func(t *testing.T) {
		testgraph.Each(t, func(t *testing.T, st graph.Store) {
			s := testgraph.NewCounting(st)
			if _, err := export.Whole(t.Context(), s); err != nil {
				t.Fatal(err)
			}
			if got := s.Total(); got != len(graph.NodeKinds)+1 {
				t.Errorf("%d store calls, want %d", got, len(graph.NodeKinds)+1)
			}
		})
	})
}
