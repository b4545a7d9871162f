package analysis_test

import (
	"fmt"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// benchStores runs f on the seeded memory store and the seeded test Neo4j
// (skipped without one).
func benchStores(b *testing.B, f func(b *testing.B, s graph.Store)) {
	b.Run("store=memory", func(b *testing.B) { f(b, testgraph.Memory(b)) })
	b.Run("store=neo4j", func(b *testing.B) { f(b, testgraph.Neo4j(b)) })
}

func BenchmarkNeighborhood(b *testing.B) {
	benchStores(b, func(b *testing.B, s graph.Store) {
		for _, depth := range []int{1, 2, 3} {
			b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
				o := graph.NeighborhoodQuery{Depth: depth, Limit: graph.MaxNeighborhoodLimit}
				for b.Loop() {
					if _, err := s.Neighborhood(b.Context(), op9, o); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

func BenchmarkShortestPaths(b *testing.B) {
	cases := []struct {
		name     string
		from, to graph.ID
		all      bool
	}{
		{"crime-to-body", nuclear, unodc, false},
		{"crime-to-state", nuclear, france, false},
		{"state-to-state-all", france, germany, true},
	}
	benchStores(b, func(b *testing.B, s graph.Store) {
		for _, c := range cases {
			b.Run(c.name, func(b *testing.B) {
				o := graph.PathQuery{MaxLength: graph.DefaultMaxLength, All: c.all, Limit: graph.DefaultPathsLimit}
				for b.Loop() {
					if _, err := s.ShortestPaths(b.Context(), c.from, c.to, o); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

func BenchmarkCentrality(b *testing.B) {
	s := testgraph.Memory(b)
	for _, depth := range []int{1, 2, 3} {
		sg, err := s.Neighborhood(b.Context(), op9, graph.NeighborhoodQuery{Depth: depth, Limit: graph.MaxNeighborhoodLimit})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("nodes=%d", len(sg.Nodes)), func(b *testing.B) {
			for b.Loop() {
				analysis.Centrality(sg)
			}
		})
	}
}
