package analysis_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

func TestNeighborhood(t *testing.T) {
	op9Level1 := sorted(op9, res66178, unodc, members, terrorism, related, infoShare, intlCoop)
	cases := []struct {
		name      string
		root      graph.ID
		opts      graph.NeighborhoodQuery
		nodes     []graph.ID
		rels      []string
		truncated bool
		code      graph.Code
		words     []string
	}{
		{
			name:  "paragraph 9 at depth 1",
			root:  op9,
			opts:  graph.NeighborhoodQuery{Depth: 1, Limit: 200},
			nodes: op9Level1,
			rels: sorted(
				rel(terrorism, graph.RelLinkedTo, related), // between two nodes of the rim
				rel(op9, graph.RelAddressedTo, unodc),
				rel(op9, graph.RelAddressedTo, members),
				rel(op9, graph.RelConcerns, related),
				rel(op9, graph.RelConcerns, terrorism),
				rel(op9, graph.RelConcerns, infoShare),
				rel(op9, graph.RelConcerns, intlCoop),
				rel(op9, graph.RelMentions, members),
				rel(res66178, graph.RelHasParagraph, op9),
			),
		},
		{
			name:  "depth 0 is the root alone",
			root:  op9,
			opts:  graph.NeighborhoodQuery{Depth: 0, Limit: 1},
			nodes: []graph.ID{op9},
			rels:  []string{},
		},
		{
			name:  "one relationship type",
			root:  op9,
			opts:  graph.NeighborhoodQuery{Depth: 1, Limit: 200, Types: []graph.RelType{graph.RelConcerns}},
			nodes: sorted(op9, terrorism, related, infoShare, intlCoop),
			rels: sorted(
				rel(op9, graph.RelConcerns, related),
				rel(op9, graph.RelConcerns, terrorism),
				rel(op9, graph.RelConcerns, infoShare),
				rel(op9, graph.RelConcerns, intlCoop),
			),
		},
		{
			name:  "crime types only, walked through crime types only",
			root:  op9,
			opts:  graph.NeighborhoodQuery{Depth: 2, Limit: 200, Kinds: []graph.NodeKind{graph.KindCrimeType}},
			nodes: sorted(op9, terrorism, related, toc, nuclear, financing, internet, bombings),
			rels: sorted(
				rel(op9, graph.RelConcerns, related),
				rel(op9, graph.RelConcerns, terrorism),
				rel(terrorism, graph.RelLinkedTo, related),
				rel(toc, graph.RelLinkedTo, terrorism),
				rel(nuclear, graph.RelSubtypeOf, terrorism),
				rel(financing, graph.RelSubtypeOf, terrorism),
				rel(internet, graph.RelSubtypeOf, terrorism),
				rel(bombings, graph.RelSubtypeOf, terrorism),
			),
		},
		{
			name:      "a limit keeps the closest nodes, then the smallest IDs",
			root:      op9,
			opts:      graph.NeighborhoodQuery{Depth: 2, Limit: 3},
			nodes:     sorted(op9, unodc, related),
			rels:      sorted(rel(op9, graph.RelAddressedTo, unodc), rel(op9, graph.RelConcerns, related)),
			truncated: true,
		},
		{
			name:  "a limit the level just fits is no truncation",
			root:  op9,
			opts:  graph.NeighborhoodQuery{Depth: 1, Limit: 8},
			nodes: op9Level1,
			rels: sorted(
				rel(terrorism, graph.RelLinkedTo, related),
				rel(op9, graph.RelAddressedTo, unodc),
				rel(op9, graph.RelAddressedTo, members),
				rel(op9, graph.RelConcerns, related),
				rel(op9, graph.RelConcerns, terrorism),
				rel(op9, graph.RelConcerns, infoShare),
				rel(op9, graph.RelConcerns, intlCoop),
				rel(op9, graph.RelMentions, members),
				rel(res66178, graph.RelHasParagraph, op9),
			),
		},
		{name: "unknown root", root: "State:XZZ", opts: graph.NeighborhoodQuery{Depth: 1, Limit: 10}, code: graph.NotFound, words: []string{"State:XZZ"}},
		{name: "malformed root", root: "nonsense", opts: graph.NeighborhoodQuery{Depth: 1, Limit: 10}, code: graph.NotFound, words: []string{"nonsense"}},
		{name: "depth above the cap", root: op9, opts: graph.NeighborhoodQuery{Depth: 5, Limit: 10}, code: graph.Invalid, words: []string{"depth must be between 0 and 4, got 5"}},
		{name: "negative depth", root: op9, opts: graph.NeighborhoodQuery{Depth: -1, Limit: 10}, code: graph.Invalid, words: []string{"depth must be between 0 and 4, got -1"}},
		{name: "zero limit", root: op9, opts: graph.NeighborhoodQuery{Depth: 1}, code: graph.Invalid, words: []string{"limit must be between 1 and 1000, got 0"}},
		{name: "limit above the cap", root: op9, opts: graph.NeighborhoodQuery{Depth: 1, Limit: 1001}, code: graph.Invalid, words: []string{"limit must be between 1 and 1000, got 1001"}},
		{
			name: "unknown relationship type", root: op9,
			opts: graph.NeighborhoodQuery{Depth: 1, Limit: 10, Types: []graph.RelType{graph.RelConcerns, "PARTY_TO"}},
			code: graph.Invalid, words: []string{`"PARTY_TO"`, "HAS_PARAGRAPH", "PARTICIPATES_IN"},
		},
		{
			name: "unknown kind", root: op9,
			opts: graph.NeighborhoodQuery{Depth: 1, Limit: 10, Kinds: []graph.NodeKind{"Country"}},
			code: graph.Invalid, words: []string{`"Country"`, "State", "Activity"},
		},
	}
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				sg, err := s.Neighborhood(t.Context(), c.root, c.opts)
				wantError(t, err, c.code, c.words...)
				if c.code != "" {
					return
				}
				if got := nodeIDs(sg.Nodes); !slices.Equal(got, c.nodes) {
					t.Errorf("nodes = %v, want %v", got, c.nodes)
				}
				if got := identities(sg.Relationships); !slices.Equal(got, c.rels) {
					t.Errorf("relationships = %v, want %v", got, c.rels)
				}
				if sg.Truncated != c.truncated {
					t.Errorf("truncated = %v, want %v", sg.Truncated, c.truncated)
				}
			})
		}
	})
}

// TestNeighborhoodKeepsProvenance checks that the relationships come with
// their sources and properties, as the store holds them.
func TestNeighborhoodKeepsProvenance(t *testing.T) {
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		sg, err := s.Neighborhood(t.Context(), op9, graph.NeighborhoodQuery{Depth: 1, Limit: 10, Types: []graph.RelType{graph.RelAddressedTo}})
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.Relationships(t.Context(), []graph.ID{op9}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelAddressedTo}})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Clone(sg.Relationships)
		wantRels := slices.Clone(want[op9])
		slices.SortFunc(wantRels, func(a, b *graph.Relationship) int {
			if a.Identity() < b.Identity() {
				return -1
			}
			return 1
		})
		if !reflect.DeepEqual(got, wantRels) {
			t.Errorf("relationships = %+v, want %+v", got, wantRels)
		}
		for _, r := range got {
			if r.Source.Document != "A/RES/66/178" || r.Source.Locator != "op/9" {
				t.Errorf("%s: source = %+v, want A/RES/66/178 op/9", r.Identity(), r.Source)
			}
		}
	})
}

// TestNeighborhoodSameOnBothStores compares neighbourhoods on the memory
// store and on Neo4j: at depth 2 around a quarter of the nodes of every kind
// of the seed, at depth 3 around one of each kind.
func TestNeighborhoodSameOnBothStores(t *testing.T) {
	neo := testgraph.Neo4j(t)
	mem := testgraph.Memory(t)
	ctx := t.Context()
	for _, k := range graph.NodeKinds {
		page, err := mem.FindNodes(ctx, graph.NodeQuery{Kind: k, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range page.Nodes {
			depth := 2
			switch {
			case i == 0:
				depth = 3
			case i%4 != 0:
				continue
			}
			o := graph.NeighborhoodQuery{Depth: depth, Limit: 150}
			want, err := mem.Neighborhood(ctx, n.ID, o)
			if err != nil {
				t.Fatalf("memory: %s: %v", n.ID, err)
			}
			got, err := neo.Neighborhood(ctx, n.ID, o)
			if err != nil {
				t.Fatalf("neo4j: %s: %v", n.ID, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s at depth %d: Neo4j gives %d nodes, %d relationships, truncated %v; memory %d, %d, %v", n.ID, depth,
					len(got.Nodes), len(got.Relationships), got.Truncated, len(want.Nodes), len(want.Relationships), want.Truncated)
			}
		}
	}
}

// allIDs returns the ID of every node of s, kind by kind.
func allIDs(t testing.TB, s graph.Store) []graph.ID {
	t.Helper()
	var ids []graph.ID
	for _, k := range graph.NodeKinds {
		page, err := s.FindNodes(t.Context(), graph.NodeQuery{Kind: k, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, nodeIDs(page.Nodes)...)
	}
	if len(ids) < 300 {
		t.Fatalf("only %d nodes in the seed", len(ids))
	}
	return ids
}
