package memory_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/storetest"
)

// benchWords are the words the generated texts are made of.
var benchWords = strings.Fields("assistance technique coopération internationale régionale terrorisme " +
	"nucléaire prévention répression États Membres Office drogue crime conventions protocoles " +
	"universels ratification mise en œuvre renforcer capacités besoins priorités demande " +
	"justice pénale extradition entraide judiciaire financement formation victimes")

// benchGraph generates a graph of about 3,500 nodes and 9,000 relationships:
// states in regions, instruments, bodies, resolutions with paragraphs that
// concern instruments and are addressed to bodies, and states party to
// instruments. The same seed gives the same graph.
func benchGraph() graph.Batch {
	rng := rand.New(rand.NewPCG(66, 178))
	src := graph.Source{Citation: "generated benchmark data", Basis: graph.Stated}
	text := func(n int) string {
		words := make([]string, n)
		for i := range words {
			words[i] = benchWords[rng.IntN(len(benchWords))]
		}
		return strings.Join(words, " ")
	}
	var b graph.Batch
	addNode := func(k graph.NodeKind, key string, props graph.Props) graph.ID {
		n := graph.NewNode(k, key, props, src)
		b.Nodes = append(b.Nodes, n)
		return n.ID
	}
	addRel := func(from graph.ID, t graph.RelType, to graph.ID) {
		b.Relationships = append(b.Relationships, &graph.Relationship{From: from, Type: t, To: to, Source: src})
	}

	var regions, states, instruments, bodies []graph.ID
	for i := range 30 {
		regions = append(regions, addNode(graph.KindRegion, fmt.Sprintf("%03d", 900+i), graph.Props{"nameEn": "Region " + text(2)}))
	}
	for i := range 200 {
		id := addNode(graph.KindState, fmt.Sprintf("S%03d", i), graph.Props{
			"nameEn": fmt.Sprintf("State %d %s", i, text(1)), "nameFr": "État " + text(2),
			"population": int64(rng.IntN(1_000_000)), "ldc": rng.IntN(4) == 0,
		})
		states = append(states, id)
		addRel(id, graph.RelInRegion, regions[rng.IntN(len(regions))])
	}
	for i := range 50 {
		instruments = append(instruments, addNode(graph.KindInstrument, fmt.Sprintf("I%02d", i), graph.Props{
			"shortName": "Convention " + text(2), "titleFr": "Convention " + text(8),
			"adopted": fmt.Sprintf("%d-%02d-%02d", 1963+rng.IntN(50), 1+rng.IntN(12), 1+rng.IntN(28)),
		}))
	}
	for i := range 20 {
		bodies = append(bodies, addNode(graph.KindBody, fmt.Sprintf("B%02d", i), graph.Props{"nameEn": "Office " + text(3), "acronym": fmt.Sprintf("B%d", i)}))
	}
	for r := range 100 {
		res := addNode(graph.KindResolution, fmt.Sprintf("A/RES/%d/%d", 50+r/10, r), graph.Props{"symbol": fmt.Sprintf("A/RES/%d/%d", 50+r/10, r), "titleFr": text(10)})
		for p := range 30 {
			para := addNode(graph.KindParagraph, fmt.Sprintf("A/RES/%d/%d/op/%d", 50+r/10, r, p+1), graph.Props{
				"number": int64(p + 1), "textFr": text(40 + rng.IntN(40)),
			})
			addRel(res, graph.RelHasParagraph, para)
			addRel(para, graph.RelConcerns, instruments[rng.IntN(len(instruments))])
			addRel(para, graph.RelAddressedTo, bodies[rng.IntN(len(bodies))])
		}
	}
	for _, s := range states {
		for range 10 {
			addRel(s, graph.RelParticipatesIn, instruments[rng.IntN(len(instruments))])
		}
	}
	return b
}

func loadedBenchStore(b *testing.B) (*memory.Store, graph.Batch) {
	b.Helper()
	batch := benchGraph()
	s := memory.New()
	if err := s.Apply(b.Context(), batch); err != nil {
		b.Fatal(err)
	}
	return s, batch
}

func BenchmarkApply(b *testing.B) {
	batch := benchGraph()
	b.ReportMetric(float64(len(batch.Nodes)), "nodes")
	for b.Loop() {
		if err := memory.New().Apply(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindNodes(b *testing.B) {
	s, _ := loadedBenchStore(b)
	queries := []struct {
		name string
		q    graph.NodeQuery
	}{
		{"states-by-name", graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{{Props: []string{"nameEn", "nameFr"}, Op: graph.OpContains, Value: "coopé"}}, OrderBy: "nameEn", Limit: 20}},
		{"states-range", graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{{Props: []string{"population"}, Op: graph.OpGte, Value: int64(500_000)}}, OrderBy: "population", Limit: 20}},
		{"paragraphs-text", graph.NodeQuery{Kind: graph.KindParagraph, Where: []graph.Cond{{Props: []string{"textFr"}, Op: graph.OpContains, Value: "nucleaire"}}, Limit: 20}},
		{"paragraphs-of-resolution", graph.NodeQuery{Kind: graph.KindParagraph, Related: []graph.RelCond{{Type: graph.RelHasParagraph, Dir: graph.In, Other: "Resolution:A/RES/55/50"}}, OrderBy: "number", Limit: 10}},
	}
	for _, bq := range queries {
		b.Run(bq.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.FindNodes(b.Context(), bq.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRelationships(b *testing.B) {
	s, batch := loadedBenchStore(b)
	var ids []graph.ID
	for _, n := range batch.Nodes {
		if n.Kind == graph.KindParagraph || n.Kind == graph.KindState {
			ids = append(ids, n.ID)
		}
		if len(ids) == 200 {
			break
		}
	}
	for _, dir := range []graph.Direction{graph.Out, graph.Both} {
		b.Run(string(dir)+"-200-ids", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Relationships(b.Context(), ids, graph.RelQuery{Dir: dir}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	s, _ := loadedBenchStore(b)
	for _, text := range []string{"assistance technique", "terror", "NUCLÉAIRE répression", "c"} {
		b.Run(text, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(b.Context(), graph.SearchQuery{Text: text, Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConformanceQueries runs the suite's reads on the seed; the Neo4j
// store runs the same ones under the same names.
func BenchmarkConformanceQueries(b *testing.B) {
	storetest.Benchmark(b, func(testing.TB) graph.Store { return memory.New() })
}
