package analysis_test

import (
	"math"

	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/internal/testgraph"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
)

// small builds a subgraph of Topic nodes named by letters, joined by
// CONCERNS relationships given as "ab" (a → b); a third letter is the key of
// a parallel relationship.
func small(nodes string, edges ...string) graph.Subgraph {
	id := func(c byte) graph.ID { return graph.NewID(graph.KindTopic, string(c)) }
	var sg graph.Subgraph
	for i := range len(nodes) {
		sg.Nodes = append(sg.Nodes, graph.NewNode(graph.KindTopic, string(nodes[i]), nil))
	}
	for _, e := range edges {
		r := &graph.Relationship{From: id(e[0]), Type: graph.RelConcerns, To: id(e[1])}
		if len(e) > 2 {
			r.Key = e[2:]
		}
		sg.Relationships = append(sg.Relationships, r)
	}
	return sg
}

func TestCentrality(t *testing.T) {
	type c = analysis.NodeCentrality
	cases := []struct {
		name string
		sg   graph.Subgraph
		want map[string]c // by key
	}{
		{name: "empty", sg: graph.Subgraph{}, want: map[string]c{}},
		{name: "one node", sg: small("a"), want: map[string]c{"a": {}}},
		{name: "two nodes", sg: small("ab", "ab"), want: map[string]c{"a": {Degree: 1, OutDegree: 1}, "b": {Degree: 1, InDegree: 1}}},
		{
			name: "a path of three",
			sg:   small("abc", "ab", "cb"),
			want: map[string]c{
				"a": {Degree: 1, OutDegree: 1},
				"b": {Degree: 2, InDegree: 2, Betweenness: 1},
				"c": {Degree: 1, OutDegree: 1},
			},
		},
		{
			// Raw betweenness of b and c on a-b-c-d: 2 each, over 3 pairs.
			name: "a path of four",
			sg:   small("abcd", "ab", "bc", "cd"),
			want: map[string]c{
				"a": {Degree: 1, OutDegree: 1},
				"b": {Degree: 2, InDegree: 1, OutDegree: 1, Betweenness: 2.0 / 3},
				"c": {Degree: 2, InDegree: 1, OutDegree: 1, Betweenness: 2.0 / 3},
				"d": {Degree: 1, InDegree: 1},
			},
		},
		{
			name: "a star",
			sg:   small("oabcd", "oa", "ob", "co", "do"),
			want: map[string]c{
				"o": {Degree: 4, InDegree: 2, OutDegree: 2, Betweenness: 1},
				"a": {Degree: 1, InDegree: 1},
				"b": {Degree: 1, InDegree: 1},
				"c": {Degree: 1, OutDegree: 1},
				"d": {Degree: 1, OutDegree: 1},
			},
		},
		{
			// Opposite corners have two shortest paths, one through each
			// other corner: ½ for each corner, over 3 pairs.
			name: "a square",
			sg:   small("abcd", "ab", "bc", "cd", "da"),
			want: map[string]c{
				"a": {Degree: 2, InDegree: 1, OutDegree: 1, Betweenness: 1.0 / 6},
				"b": {Degree: 2, InDegree: 1, OutDegree: 1, Betweenness: 1.0 / 6},
				"c": {Degree: 2, InDegree: 1, OutDegree: 1, Betweenness: 1.0 / 6},
				"d": {Degree: 2, InDegree: 1, OutDegree: 1, Betweenness: 1.0 / 6},
			},
		},
		{
			// Every pair is adjacent: no node is between two others.
			name: "a triangle is no bridge",
			sg:   small("abc", "ab", "bc", "ca"),
			want: map[string]c{
				"a": {Degree: 2, InDegree: 1, OutDegree: 1},
				"b": {Degree: 2, InDegree: 1, OutDegree: 1},
				"c": {Degree: 2, InDegree: 1, OutDegree: 1},
			},
		},
		{
			name: "parallel relationships count in degrees, not in paths",
			sg:   small("abc", "ab", "abx", "ba", "bc"),
			want: map[string]c{
				"a": {Degree: 3, InDegree: 1, OutDegree: 2},
				"b": {Degree: 4, InDegree: 2, OutDegree: 2, Betweenness: 1},
				"c": {Degree: 1, InDegree: 1},
			},
		},
		{
			name: "a self-loop counts twice in the degree",
			sg:   small("abc", "aa", "ab", "bc"),
			want: map[string]c{
				"a": {Degree: 3, InDegree: 1, OutDegree: 2},
				"b": {Degree: 2, InDegree: 1, OutDegree: 1, Betweenness: 1},
				"c": {Degree: 1, InDegree: 1},
			},
		},
		{
			name: "relationships to nodes outside are ignored",
			sg:   small("ab", "ab", "bz", "zb", "yz"),
			want: map[string]c{"a": {Degree: 1, OutDegree: 1}, "b": {Degree: 1, InDegree: 1}},
		},
		{
			// Two triangles joined at c: c lies on every path between the
			// two sides, 2×2 pairs out of the 6 pairs of other nodes.
			name: "a bow tie",
			sg:   small("abcde", "ab", "bc", "ca", "cd", "de", "ec"),
			want: map[string]c{
				"a": {Degree: 2, InDegree: 1, OutDegree: 1},
				"b": {Degree: 2, InDegree: 1, OutDegree: 1},
				"c": {Degree: 4, InDegree: 2, OutDegree: 2, Betweenness: 4.0 / 6},
				"d": {Degree: 2, InDegree: 1, OutDegree: 1},
				"e": {Degree: 2, InDegree: 1, OutDegree: 1},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := analysis.Centrality(tc.sg)
			if len(got) != len(tc.want) {
				t.Errorf("%d nodes measured, want %d: %v", len(got), len(tc.want), got)
			}
			for key, want := range tc.want {
				g, ok := got[graph.NewID(graph.KindTopic, key)]
				if !ok {
					t.Errorf("%s: not measured", key)
					continue
				}
				if g.Degree != want.Degree || g.InDegree != want.InDegree || g.OutDegree != want.OutDegree ||
					math.Abs(g.Betweenness-want.Betweenness) > 1e-12 {
					t.Errorf("%s: %+v, want %+v", key, g, want)
				}
			}
		})
	}
}

// TestCentralityIgnoresOrder shuffles a subgraph's nodes and relationships
// and wants the same measures to the bit.
func TestCentralityIgnoresOrder(t *testing.T) {
	sg := small("abcdefgh", "ab", "bc", "cd", "da", "ce", "ef", "fg", "gh", "he", "bf", "ag", "abk")
	want := analysis.Centrality(sg)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := graph.Subgraph{Nodes: slices.Clone(sg.Nodes), Relationships: slices.Clone(sg.Relationships)}
		rng.Shuffle(len(shuffled.Nodes), func(i, j int) { shuffled.Nodes[i], shuffled.Nodes[j] = shuffled.Nodes[j], shuffled.Nodes[i] })
		rng.Shuffle(len(shuffled.Relationships), func(i, j int) {
			shuffled.Relationships[i], shuffled.Relationships[j] = shuffled.Relationships[j], shuffled.Relationships[i]
		})
		if got := analysis.Centrality(shuffled); !reflect.DeepEqual(got, want) {
			t.Fatalf("after a shuffle: %v, want %v", got, want)
		}
	}
}

// TestCentralityOfParagraph9 measures the depth-1 neighbourhood of operative
// paragraph 9: the paragraph joins every pair of its 7 neighbours but
// terrorism and related criminal activities, which are linked directly.
func TestCentralityOfParagraph9(t *testing.T) {
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		sg, err := s.Neighborhood(t.Context(), op9, graph.NeighborhoodQuery{Depth: 1, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		got := analysis.Centrality(sg)
		want := map[graph.ID]analysis.NodeCentrality{
			op9:       {Degree: 8, InDegree: 1, OutDegree: 7, Betweenness: 20.0 / 21},
			res66178:  {Degree: 1, OutDegree: 1},
			unodc:     {Degree: 1, InDegree: 1},
			members:   {Degree: 2, InDegree: 2},
			terrorism: {Degree: 2, InDegree: 1, OutDegree: 1},
			related:   {Degree: 2, InDegree: 2},
			infoShare: {Degree: 1, InDegree: 1},
			intlCoop:  {Degree: 1, InDegree: 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("centrality = %+v\nwant %+v", got, want)
		}
	})
}
