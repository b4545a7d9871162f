package analysis_test

import (
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// benchParticipation runs each of cases as a sub-benchmark on the memory
// store and on the test Neo4j (skipped without one), both holding the seed
// and the participation test fixture.
func benchParticipation(b *testing.B, cases map[string]func(b *testing.B, s graph.Store) error) {
	stores := []struct {
		name string
		open func(testing.TB) graph.Store
	}{{"memory", testgraph.Memory}, {"neo4j", testgraph.Neo4j}}
	for _, st := range stores {
		b.Run("store="+st.name, func(b *testing.B) {
			s := testgraph.WithParticipation(b, st.open(b))
			for _, name := range sortedKeys(cases) {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						if err := cases[name](b, s); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return sorted(keys...)
}

// allStateIDs returns the IDs of every State of s.
func allStateIDs(b *testing.B, s graph.Store) []graph.ID {
	b.Helper()
	page, err := s.FindNodes(b.Context(), graph.NodeQuery{Kind: graph.KindState, Limit: 1000})
	if err != nil {
		b.Fatal(err)
	}
	return nodeIDs(page.Nodes)
}

func BenchmarkParticipation(b *testing.B) {
	var states []graph.ID
	benchParticipation(b, map[string]func(*testing.B, graph.Store) error{
		"participation/all-states": func(b *testing.B, s graph.Store) error {
			if states == nil {
				states = allStateIDs(b, s)
			}
			_, err := analysis.Participation(b.Context(), s, states, "2011-12-19")
			return err
		},
		"parties/CT15-CT17-CT19": func(b *testing.B, s graph.Store) error {
			_, err := analysis.Parties(b.Context(), s, []graph.ID{"Instrument:CT15", "Instrument:CT17", "Instrument:CT19"}, "")
			return err
		},
		"gaps/western-africa": func(b *testing.B, s graph.Store) error {
			_, err := analysis.ParticipationGaps(b.Context(), s, "Instrument:CT17", "Western Africa", "2011-12-19")
			return err
		},
		"gaps/every-member-state": func(b *testing.B, s graph.Store) error {
			_, err := analysis.ParticipationGaps(b.Context(), s, "Instrument:CT17", "", "")
			return err
		},
	})
}

func BenchmarkCrimeLinks(b *testing.B) {
	benchParticipation(b, map[string]func(*testing.B, graph.Store) error{
		"all": func(b *testing.B, s graph.Store) error {
			_, err := analysis.CrimeLinks(b.Context(), s, "", "")
			return err
		},
		"paragraph-9": func(b *testing.B, s graph.Store) error {
			_, err := analysis.CrimeLinks(b.Context(), s, "CrimeType:related-criminal-activities", "2011-12-19")
			return err
		},
	})
}

func BenchmarkAggregates(b *testing.B) {
	benchParticipation(b, map[string]func(*testing.B, graph.Store) error{
		"by-region/CT17": func(b *testing.B, s graph.Store) error {
			_, err := analysis.RegionCounts(b.Context(), s, analysis.LevelSubregion, "Instrument:CT17", "")
			return err
		},
		"by-instrument": func(b *testing.B, s graph.Store) error {
			_, err := analysis.InstrumentCounts(b.Context(), s, "", "2011-12-19")
			return err
		},
		"by-crime-type": func(b *testing.B, s graph.Store) error {
			_, err := analysis.CrimeTypeCounts(b.Context(), s, "")
			return err
		},
		"by-programme": func(b *testing.B, s graph.Store) error {
			_, err := analysis.ProgrammeCounts(b.Context(), s, "")
			return err
		},
	})
}
