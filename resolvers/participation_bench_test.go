package resolvers_test

import (
	"net/http"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// BenchmarkParticipationQueries measures the participation, gaps, crime
// links and statistics requests through the handler, over the memory store
// and over the test Neo4j (skipped without one), both holding the seed and
// the participation test fixture.
func BenchmarkParticipationQueries(b *testing.B) {
	benches := []struct {
		name  string
		query string
	}{
		{"gaps-western-africa", `{ participationGaps(instrument: "CT17", region: "Western Africa", asOf: "2011-12-19") { totalCount states { state { iso3 name } signatures { date source { citation } } assistance { activity { key } } } } }`},
		{"gaps-every-member-state", `{ participationGaps(instrument: "CT17") { totalCount states { state { iso3 name } signatures { date } } } }`},
		{"all-states-participation", `{ states(first: 500) { edges { node { iso3 regions { region { code } } participation(asOf: "2011-12-19") { instrument { key } action date source { citation } } } } } }`},
		{"all-instruments-parties", `{ instruments { edges { node { key partyCount parties { state { iso3 } date } partiesByRegion(level: SUBREGION) { region { code } count } } } } }`},
		{"crime-links", `{ crimeLinks { from { key } to { key } nature sources { locator } instruments { node { id } } programmes { node { id } } activities { node { id } } paragraphs { node { id } } } }`},
		{"statistics", `{ statistics { byRegion(instrument: "CT17") { memberStates parties } byInstrument { parties } byCrimeType { instruments paragraphs } byProgramme { activities beneficiaryStates } } }`},
	}
	stores := []struct {
		name string
		open func(testing.TB) graph.Store
	}{{"memory", testgraph.Memory}, {"neo4j", testgraph.Neo4j}}
	for _, st := range stores {
		b.Run("store="+st.name, func(b *testing.B) {
			s := testgraph.WithParticipation(b, st.open(b))
			h := resolvers.NewHandler(s, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30})
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
