package memory_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
)

// findGrowthSizes are the numbers of states of BenchmarkFindGrowth's graphs.
var findGrowthSizes = []int{1_000, 10_000, 100_000}

// probeStates is how many states of a growth graph are in the probe's
// sub-region and members of its group, whatever the graph's size.
const probeStates = 20

// growthGraph returns n states, a tenth of them members of one of n/100
// groups, and the probe: the group Group:probe, with probeStates members
// in the sub-region "Probe Subregion" (of code 999). Every other state is
// in one of n/20 sub-regions, so that a same-size question about the probe
// has the same answer at every size, while the kind grows.
func growthGraph(n int) graph.Batch {
	rng := rand.New(rand.NewPCG(uint64(n), 8))
	var b graph.Batch
	groups := make([]graph.ID, max(1, n/100))
	for i := range groups {
		g := graph.NewNode(graph.KindGroup, fmt.Sprintf("group-%06d", i), graph.Props{"nameEn": fmt.Sprintf("Group %d", i)}, testSource)
		b.Nodes = append(b.Nodes, g)
		groups[i] = g.ID
	}
	probe := graph.NewNode(graph.KindGroup, "probe", graph.Props{"nameEn": "Probe group"}, testSource)
	b.Nodes = append(b.Nodes, probe)
	for i := range n {
		sub := rng.IntN(max(1, n/20))
		props := graph.Props{
			"nameEn":                 fmt.Sprintf("State %07d", rng.IntN(10*n)),
			"subregionCode":          fmt.Sprintf("S%05d", sub),
			"subregionName":          fmt.Sprintf("Subregion %d", sub),
			"intermediateRegionCode": fmt.Sprintf("I%05d", sub/3),
			"intermediateRegionName": fmt.Sprintf("Intermediate region %d", sub/3),
			"population":             int64(rng.IntN(1_000_000)),
		}
		inProbe := i < probeStates
		if inProbe {
			props["subregionCode"], props["subregionName"] = "999", "Probe Subregion"
		}
		st := graph.NewNode(graph.KindState, fmt.Sprintf("ST%07d", i), props, testSource)
		b.Nodes = append(b.Nodes, st)
		if inProbe {
			b.Relationships = append(b.Relationships, &graph.Relationship{From: st.ID, Type: graph.RelMemberOf, To: probe.ID, Source: testSource})
		} else if rng.IntN(10) == 0 {
			b.Relationships = append(b.Relationships, &graph.Relationship{From: st.ID, Type: graph.RelMemberOf, To: groups[rng.IntN(len(groups))], Source: testSource})
		}
	}
	return b
}

// BenchmarkFindGrowth asks same-size questions of graphs of growing size
// (growthGraph): each should cost the same at every size, what its answer
// costs, once the indexes it needs are built (before the timing).
func BenchmarkFindGrowth(b *testing.B) {
	inProbe := graph.Cond{
		Props: []string{"subregionCode", "subregionName", "intermediateRegionCode", "intermediateRegionName"},
		Op:    graph.OpEqFold, Value: "probe subregion",
	}
	member := graph.RelCond{Type: graph.RelMemberOf, Dir: graph.Out, Other: "Group:probe"}
	queries := []struct {
		name string
		q    graph.NodeQuery
		want int // the page's size
	}{
		{"eq-fold-four-props", graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{inProbe}, Limit: 100}, probeStates},
		{"eq-fold-by-name", graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{inProbe}, OrderBy: "nameEn", Limit: 100}, probeStates},
		{"eq-code", graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{{Props: []string{"subregionCode"}, Op: graph.OpEq, Value: "999"}}, Limit: 100}, probeStates},
		{"first-page-by-key", graph.NodeQuery{Kind: graph.KindState, Limit: 23}, 23},
		{"first-page-by-name", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 23}, 23},
		{"related", graph.NodeQuery{Kind: graph.KindState, Related: []graph.RelCond{member}, OrderBy: "nameEn", Limit: 100}, probeStates},
		{"related-and-eq-fold", graph.NodeQuery{Kind: graph.KindState, Related: []graph.RelCond{member}, Where: []graph.Cond{inProbe}, OrderBy: "nameEn", Limit: 100}, probeStates},
	}
	for _, n := range findGrowthSizes {
		b.Run(fmt.Sprintf("states=%d", n), func(b *testing.B) {
			s := memory.New()
			if err := s.Apply(b.Context(), growthGraph(n)); err != nil {
				b.Fatal(err)
			}
			for _, bq := range queries {
				b.Run(bq.name, func(b *testing.B) {
					page, err := s.FindNodes(b.Context(), bq.q)
					if err != nil {
						b.Fatal(err)
					}
					if len(page.Nodes) != bq.want {
						b.Fatalf("%d nodes, want %d", len(page.Nodes), bq.want)
					}
					b.ReportAllocs()
					for b.Loop() {
						if _, err := s.FindNodes(b.Context(), bq.q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkWriteThenFind changes one state outside the probe (its
// population and sub-region code) and then reads the first page by
// population and the probe's sub-region, at growing sizes: what keeping
// the indexes up to date costs a write and the read after it.
func BenchmarkWriteThenFind(b *testing.B) {
	byPopulation := graph.NodeQuery{Kind: graph.KindState, OrderBy: "population", Limit: 23}
	inProbe := graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{{
		Props: []string{"subregionCode", "subregionName"}, Op: graph.OpEqFold, Value: "probe subregion",
	}}, Limit: 100}
	for _, n := range findGrowthSizes {
		b.Run(fmt.Sprintf("states=%d", n), func(b *testing.B) {
			batch := growthGraph(n)
			var states []*graph.Node
			for _, nd := range batch.Nodes {
				if nd.Kind == graph.KindState {
					states = append(states, nd)
				}
			}
			s := memory.New()
			if err := s.Apply(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
			find := func() {
				for _, q := range []graph.NodeQuery{byPopulation, inProbe} {
					if _, err := s.FindNodes(b.Context(), q); err != nil {
						b.Fatal(err)
					}
				}
			}
			find()
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				i++
				old := states[probeStates+i%(len(states)-probeStates)]
				props := maps.Clone(old.Props)
				props["population"] = int64(i)
				props["subregionCode"] = fmt.Sprintf("S%05d", i%len(states))
				st := graph.NewNode(graph.KindState, old.Key, props, testSource)
				if err := s.Apply(b.Context(), graph.Batch{Nodes: []*graph.Node{st}}); err != nil {
					b.Fatal(err)
				}
				find()
			}
		})
	}
}
