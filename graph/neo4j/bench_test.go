package neo4j_test

import (
	"fmt"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/graph/storetest"
	"github.com/nexus-graph/nexus/graph/traverse"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// seededBench returns the test Neo4j holding the seed, and the seed.
func seededBench(b *testing.B) (*neo4j.Store, graph.Batch) {
	b.Helper()
	st := neo4jtest.Open(b)
	batch, err := seed.Load(b.Context(), st)
	if err != nil {
		b.Fatalf("load the seed: %v", err)
	}
	return st, batch
}

func seedIDs(batch graph.Batch, kind graph.NodeKind) []graph.ID {
	var ids []graph.ID
	for _, n := range batch.Nodes {
		if kind == "" || n.Kind == kind {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// BenchmarkApply re-applies the whole seed (326 nodes, 914 relationships
// at the time of writing) in one batch.
func BenchmarkApply(b *testing.B) {
	st, batch := seededBench(b)
	for b.Loop() {
		if err := st.Apply(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNodes(b *testing.B) {
	st, batch := seededBench(b)
	for _, bc := range []struct {
		name string
		ids  []graph.ID
	}{
		{"one", seedIDs(batch, graph.KindState)[:1]},
		{"states", seedIDs(batch, graph.KindState)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Nodes(b.Context(), bc.ids); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFindNodes(b *testing.B) {
	st, _ := seededBench(b)
	for _, bc := range []struct {
		name string
		q    graph.NodeQuery
	}{
		{"states-by-name", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 20}},
		{"states-in-region", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 20, Where: []graph.Cond{
			{Props: []string{"regionCode", "regionName"}, Op: graph.OpEqFold, Value: "europe"},
		}}},
		{"states-name-contains", graph.NodeQuery{Kind: graph.KindState, Limit: 20, Where: []graph.Cond{
			{Props: []string{"nameEn", "nameFr", "formalNameEn", "formalNameFr"}, Op: graph.OpContains, Value: "guinée"},
		}}},
		{"instruments-addressing", graph.NodeQuery{Kind: graph.KindInstrument, OrderBy: "adopted", Limit: 50, Related: []graph.RelCond{
			{Type: graph.RelAddresses, Dir: graph.Out, Other: "CrimeType:terrorism"},
		}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.FindNodes(b.Context(), bc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindNodesAPI runs the node queries of the API's filters
// (apiFinds) on the seed, each as the API pages it, and the same queries
// with a limit of 0 (the total only).
func BenchmarkFindNodesAPI(b *testing.B) {
	st, _ := seededBench(b)
	if err := st.PrepareForReplanning(b.Context()); err != nil {
		b.Fatal(err)
	}
	for _, tc := range apiFinds {
		for _, total := range []bool{false, true} {
			q, name := tc.q, tc.name
			if total {
				q.Limit, name = 0, name+"/total"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if _, err := st.FindNodes(b.Context(), q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkFindNodesScaled runs filters on 10,000 made-up resolutions
// (two organs, 100 sessions), where reading every node of the kind costs
// what a seek of the index does not: a first page, a deep page and the
// total of one session, and a page of one organ.
func BenchmarkFindNodesScaled(b *testing.B) {
	st := neo4jtest.Open(b)
	const n, batchSize = 10000, 2000
	for start := 0; start < n; start += batchSize {
		var batch graph.Batch
		for i := start; i < start+batchSize; i++ {
			organ := "GA"
			if i%2 == 1 {
				organ = "SC"
			}
			batch.Nodes = append(batch.Nodes, graph.NewNode(graph.KindResolution, fmt.Sprintf("T/RES/%05d", i), graph.Props{
				"symbol": fmt.Sprintf("T/RES/%05d", i), "organ": organ, "session": int64(i % 100),
				"titleEn": fmt.Sprintf("Test resolution %d", i),
			}, testSource))
		}
		if err := st.Apply(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.PrepareForReplanning(b.Context()); err != nil {
		b.Fatal(err)
	}
	session := []graph.Cond{{Props: []string{"session"}, Op: graph.OpEq, Value: int64(42)}}
	organ := []graph.Cond{{Props: []string{"organ"}, Op: graph.OpEq, Value: "SC"}}
	for _, bc := range []struct {
		name string
		q    graph.NodeQuery
	}{
		{"session-first-page", graph.NodeQuery{Kind: graph.KindResolution, Where: session, Limit: 20}},
		{"session-total", graph.NodeQuery{Kind: graph.KindResolution, Where: session}},
		{"organ-first-page", graph.NodeQuery{Kind: graph.KindResolution, Where: organ, Limit: 20}},
		{"organ-deep-page", graph.NodeQuery{Kind: graph.KindResolution, Where: organ, Offset: 4000, Limit: 20}},
		{"all-by-key-page", graph.NodeQuery{Kind: graph.KindResolution, Offset: 5000, Limit: 20}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.FindNodes(b.Context(), bc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRelationships(b *testing.B) {
	st, batch := seededBench(b)
	states := seedIDs(batch, graph.KindState)
	for _, bc := range []struct {
		name string
		ids  []graph.ID
		q    graph.RelQuery
	}{
		{"one-node-both", []graph.ID{"Resolution:A/RES/66/178"}, graph.RelQuery{Dir: graph.Both}},
		{"states-regions", states, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelInRegion}}},
		{"every-node-both", seedIDs(batch, ""), graph.RelQuery{Dir: graph.Both}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Relationships(b.Context(), bc.ids, bc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	st, _ := seededBench(b)
	for _, text := range []string{"terrorism", "t", "assistance technique", "Office des Nations Unies contre la drogue et le crime"} {
		b.Run(text, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Search(b.Context(), graph.SearchQuery{Text: text, Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCounts(b *testing.B) {
	st, _ := seededBench(b)
	for b.Loop() {
		if _, err := st.Counts(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPing(b *testing.B) {
	st, _ := seededBench(b)
	for b.Loop() {
		if err := st.Ping(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConformanceQueries runs the suite's reads on the seed; the memory
// store runs the same ones under the same names.
func BenchmarkConformanceQueries(b *testing.B) {
	storetest.Benchmark(b, func(tb testing.TB) graph.Store { return neo4jtest.Open(tb) })
}

// BenchmarkTraversals compares each traversal answered by the store's one
// statement with the reference walk (graph/traverse) over the same store's
// basic reads, one round trip per level.
func BenchmarkTraversals(b *testing.B) {
	st, _ := seededBench(b)
	hoods := []struct {
		name string
		root graph.ID
		q    graph.NeighborhoodQuery
	}{
		{"op9-depth-2-limit-500", "Paragraph:A/RES/66/178/op/9", graph.NeighborhoodQuery{Depth: 2, Limit: 500}},
		{"op9-depth-1", "Paragraph:A/RES/66/178/op/9", graph.NeighborhoodQuery{Depth: 1, Limit: graph.DefaultNeighborhoodLimit}},
		{"member-states-depth-3-limit-1000", "Group:member-states", graph.NeighborhoodQuery{Depth: 3, Limit: graph.MaxNeighborhoodLimit}},
	}
	paths := []struct {
		name     string
		from, to graph.ID
		q        graph.PathQuery
	}{
		{"crime-to-body", "CrimeType:nuclear-terrorism", "Body:UNODC", graph.PathQuery{MaxLength: graph.DefaultMaxLength}},
		{"state-to-state-all", "State:FRA", "State:DEU", graph.PathQuery{MaxLength: graph.DefaultMaxLength, All: true, Limit: graph.DefaultPathsLimit}},
		{"footnote-to-state-all", "Footnote:A/RES/66/178/fn/3", "State:BRA", graph.PathQuery{MaxLength: graph.MaxPathLength, All: true, Limit: graph.MaxPathsLimit}},
	}
	for _, c := range hoods {
		b.Run("Neighborhood/"+c.name+"/reference", func(b *testing.B) {
			for b.Loop() {
				if _, err := traverse.Neighborhood(b.Context(), st, c.root, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Neighborhood/"+c.name+"/store", func(b *testing.B) {
			for b.Loop() {
				if _, err := st.Neighborhood(b.Context(), c.root, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, c := range paths {
		b.Run("ShortestPaths/"+c.name+"/reference", func(b *testing.B) {
			for b.Loop() {
				if _, err := traverse.ShortestPaths(b.Context(), st, c.from, c.to, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("ShortestPaths/"+c.name+"/store", func(b *testing.B) {
			for b.Loop() {
				if _, err := st.ShortestPaths(b.Context(), c.from, c.to, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
