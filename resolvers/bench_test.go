package resolvers_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
)

// BenchmarkQueries measures typical requests through the handler over the
// seeded memory store.
func BenchmarkQueries(b *testing.B) {
	benches := []struct {
		name  string
		query string
	}{
		{"state", `{ state(iso3: "FRA") { name region { region { name } } } }`},
		{"all states with regions", `{ states(first: 500) { edges { node { iso3 name regions { region { code name } source { document } } } } } }`},
		{"resolution text", `{ resolution(symbol: "A/RES/66/178") { paragraphs { label text addressedTo { actor { label } action } } footnotes { text } } }`},
		{"search", `{ search(text: "nucleaire") { score node { label } } }`},
	}
	for _, bc := range benches {
		b.Run(bc.name, func(b *testing.B) {
			h := newHandler(b)
			for b.Loop() {
				res := serve(b, h, postJSON(b, map[string]any{"query": bc.query}, gqlResponse))
				if res.status != http.StatusOK {
					b.Fatalf("status %d: %s", res.status, res.body)
				}
			}
		})
	}
}

// BenchmarkMix measures the documents of the benchmark mix (testdata/mix)
// through the handler over the seeded memory store.
func BenchmarkMix(b *testing.B) {
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		query, err := os.ReadFile(filepath.Join("testdata", "mix", name+".graphql"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			h := newHandler(b)
			for b.Loop() {
				res := serve(b, h, postJSON(b, map[string]any{"query": string(query)}, gqlResponse))
				if res.status != http.StatusOK {
					b.Fatalf("status %d: %s", res.status, res.body)
				}
			}
		})
	}
}

// BenchmarkMixNeo4j measures the documents of the benchmark mix through
// the handler over the test Neo4j holding the seed, with the transactions
// and queries each request sends.
func BenchmarkMixNeo4j(b *testing.B) {
	neo := neo4jtest.Open(b)
	if _, err := seed.Load(b.Context(), neo); err != nil {
		b.Fatalf("load the seed: %v", err)
	}
	h := resolvers.NewHandler(neo, resolvers.Options{Logger: quietLogger()})
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		query, err := os.ReadFile(filepath.Join("testdata", "mix", name+".graphql"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			before := neo.Stats()
			for b.Loop() {
				res := serve(b, h, postJSON(b, map[string]any{"query": string(query)}, gqlResponse))
				if res.status != http.StatusOK {
					b.Fatalf("status %d: %s", res.status, res.body)
				}
			}
			after := neo.Stats()
			b.ReportMetric(float64(after.Transactions-before.Transactions)/float64(b.N), "tx/op")
			b.ReportMetric(float64(after.Queries-before.Queries)/float64(b.N), "queries/op")
		})
	}
}
