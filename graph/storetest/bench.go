package storetest

import (
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

// benchQuery is one read the API makes, run the same way on every store.
type benchQuery struct {
	name string
	run  func(b *testing.B, st graph.Store, ids map[graph.NodeKind][]graph.ID) error
}

// benchQueries are the reads of the conformance suite, on the real seed:
// lookups, filters, orderings, batched relationships, search, counts.
var benchQueries = []benchQuery{
	{"Nodes/one", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.Nodes(b.Context(), []graph.ID{"State:FRA"})
		return err
	}},
	{"Nodes/193-states", func(b *testing.B, st graph.Store, ids map[graph.NodeKind][]graph.ID) error {
		_, err := st.Nodes(b.Context(), ids[graph.KindState])
		return err
	}},
	{"FindNodes/states-of-subregion-by-name", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.FindNodes(b.Context(), graph.NodeQuery{Kind: graph.KindState, Limit: 100, OrderBy: "nameEn",
			Where: []graph.Cond{{Props: []string{"subregionCode", "subregionName"}, Op: graph.OpEqFold, Value: "western europe"}}})
		return err
	}},
	{"FindNodes/states-name-contains", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.FindNodes(b.Context(), graph.NodeQuery{Kind: graph.KindState, Limit: 100, OrderBy: "nameEn",
			Where: []graph.Cond{{Props: []string{"nameEn", "nameFr", "nameEs", "nameRu", "nameZh", "nameAr"}, Op: graph.OpContains, Value: "cote"}}})
		return err
	}},
	{"FindNodes/states-page-of-20", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.FindNodes(b.Context(), graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Offset: 100, Limit: 20})
		return err
	}},
	{"FindNodes/instruments-adopted-before-2000", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.FindNodes(b.Context(), graph.NodeQuery{Kind: graph.KindInstrument, Limit: 100,
			Where: []graph.Cond{{Props: []string{"adopted"}, Op: graph.OpLt, Value: "2000-01-01"}}})
		return err
	}},
	{"FindNodes/instruments-addressing-terrorism", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.FindNodes(b.Context(), graph.NodeQuery{Kind: graph.KindInstrument, Limit: 100,
			Related: []graph.RelCond{{Type: graph.RelAddresses, Dir: graph.Out, Other: "CrimeType:terrorism"}}})
		return err
	}},
	{"FindNodes/operative-paragraphs-by-position", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.FindNodes(b.Context(), graph.NodeQuery{Kind: graph.KindParagraph, Limit: 100, OrderBy: "position",
			Where: []graph.Cond{{Props: []string{"paragraphKind"}, Op: graph.OpEq, Value: "OPERATIVE"}}})
		return err
	}},
	{"Relationships/paragraph-op9", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.Relationships(b.Context(), []graph.ID{"Paragraph:A/RES/66/178/op/9"}, graph.RelQuery{Dir: graph.Both})
		return err
	}},
	{"Relationships/193-states-regions", func(b *testing.B, st graph.Store, ids map[graph.NodeKind][]graph.ID) error {
		_, err := st.Relationships(b.Context(), ids[graph.KindState], graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelInRegion}})
		return err
	}},
	{"Search/nucleaire", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.Search(b.Context(), graph.SearchQuery{Text: "nucleaire", Limit: 20})
		return err
	}},
	{"Search/terrorisme-in-paragraphs", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.Search(b.Context(), graph.SearchQuery{Text: "terrorisme", Kinds: []graph.NodeKind{graph.KindParagraph}, Limit: 20})
		return err
	}},
	{"Counts", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		_, err := st.Counts(b.Context())
		return err
	}},
	{"Ping", func(b *testing.B, st graph.Store, _ map[graph.NodeKind][]graph.ID) error {
		return st.Ping(b.Context())
	}},
}

// Benchmark measures each read of the conformance suite on the real seed, on
// the store newStore returns (which it assumes empty and loads the seed into),
// with the same sub-benchmark names on every store so that their results
// compare line by line (e.g. with benchstat).
func Benchmark(b *testing.B, newStore func(tb testing.TB) graph.Store) {
	st := newStore(b)
	b.Cleanup(func() { _ = st.Close() })
	batch, err := seed.Load(b.Context(), st)
	if err != nil {
		b.Fatalf("load the seed: %v", err)
	}
	ids := map[graph.NodeKind][]graph.ID{}
	for _, n := range batch.Nodes {
		ids[n.Kind] = append(ids[n.Kind], n.ID)
	}
	for _, q := range benchQueries {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				if err := q.run(b, st, ids); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("Apply/seed-again", func(b *testing.B) {
		for b.Loop() {
			if err := st.Apply(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
		}
	})
}
