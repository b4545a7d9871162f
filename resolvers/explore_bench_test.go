package resolvers_test

import (
	"net/http"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// BenchmarkExplore measures the exploration queries through the handler,
// over the seeded memory store and the seeded test Neo4j (skipped without
// one).
func BenchmarkExplore(b *testing.B) {
	benches := []struct {
		name  string
		query string
	}{
		{"neighborhood depth=1", `{ neighborhood(id: "Paragraph:A/RES/66/178/op/9") { nodes { id label } edges { id type from to source { document locator } } centrality { node { id } degree betweenness } } }`},
		{"neighborhood depth=2", `{ neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 2) { truncated nodes { id label } edges { id type from to source { document locator } } centrality { node { id } degree betweenness } } }`},
		{"neighborhood depth=3 limit=1000", `{ neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 3, limit: 1000) { truncated nodes { id label } edges { id type from to source { document locator } } centrality { node { id } degree betweenness } } }`},
		{"shortestPath", `{ shortestPath(from: "CrimeType:terrorist-bombings", to: "Body:UNODC") { length nodes { id label } edges { type source { document locator } } } }`},
		{"allShortestPaths", `{ allShortestPaths(from: "CrimeType:terrorist-bombings", to: "Body:UNODC", limit: 100) { length nodes { id label } edges { type source { document locator } } } }`},
	}
	stores := []struct {
		name string
		open func(testing.TB) graph.Store
	}{{"memory", testgraph.Memory}, {"neo4j", testgraph.Neo4j}}
	for _, st := range stores {
		b.Run("store="+st.name, func(b *testing.B) {
			h := resolvers.NewHandler(st.open(b), resolvers.Options{Logger: quietLogger()})
			for _, bc := range benches {
				b.Run(bc.name, func(b *testing.B) {
					for b.Loop() {
						res := serve(b, h, postJSON(b, map[string]any{"query": bc.query}, gqlResponse))
						if res.status != http.StatusOK || res.json["errors"] != nil {
							b.Fatalf("status %d: %s", res.status, res.body)
						}
					}
				})
			}
		})
	}
}
