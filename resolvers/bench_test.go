package resolvers_test

import (
	"net/http"
	"testing"
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
