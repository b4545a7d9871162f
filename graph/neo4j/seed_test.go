package neo4j_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// seeded returns the test Neo4j and a memory store, both holding the seed,
// and the seed's batch.
func seeded(t *testing.T) (*neo4j.Store, *memory.Store, graph.Batch) {
	t.Helper()
	st := neo4jtest.Open(t)
	b, err := seed.Load(t.Context(), st)
	if err != nil {
		t.Fatalf("load the seed into Neo4j: %v", err)
	}
	mem := memory.New()
	if _, err := seed.Load(t.Context(), mem); err != nil {
		t.Fatalf("load the seed into memory: %v", err)
	}
	return st, mem, b
}

func TestSeedLoadsTwice(t *testing.T) {
	st, mem, b := seeded(t)
	once, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatalf("load the seed again: %v", err)
	}
	twice, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(once, twice) {
		t.Errorf("Counts after one load %+v, after two %+v", once, twice)
	}
	want, err := mem.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(twice, want) {
		t.Errorf("Counts = %+v, the memory store says %+v", twice, want)
	}
	nodes := 0
	for _, n := range twice.Nodes {
		nodes += n
	}
	if nodes != len(b.Nodes) {
		t.Errorf("%d nodes stored, the seed has %d", nodes, len(b.Nodes))
	}
}

// TestSameAnswersAsMemory asks both stores the same questions about the
// seed and wants the same answers, down to the scores.
func TestSameAnswersAsMemory(t *testing.T) {
	st, mem, b := seeded(t)
	ctx := t.Context()
	all := make([]graph.ID, len(b.Nodes))
	for i, n := range b.Nodes {
		all[i] = n.ID
	}

	t.Run("Nodes", func(t *testing.T) {
		ids := append(append([]graph.ID{}, all...), "State:XZZ", "nonsense", "", all[0])
		got, err := st.Nodes(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		want, err := mem.Nodes(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ids {
			if !reflect.DeepEqual(normal(got[i]), normal(want[i])) {
				t.Errorf("Nodes(%s):\n got %+v\nwant %+v", ids[i], got[i], want[i])
			}
		}
	})

	t.Run("FindNodes", func(t *testing.T) {
		cond := func(op graph.Op, v any, props ...string) []graph.Cond {
			return []graph.Cond{{Props: props, Op: op, Value: v}}
		}
		queries := []graph.NodeQuery{
			{Kind: graph.KindState, OrderBy: "nameEn", Limit: 1000},
			{Kind: graph.KindState, OrderBy: "nameEn", Offset: 50, Limit: 20},
			{Kind: graph.KindState, OrderBy: "nameFr", Limit: 1000},
			{Kind: graph.KindState, OrderBy: "nameRu", Limit: 1000},
			{Kind: graph.KindState, OrderBy: "nameZh", Limit: 1000},
			{Kind: graph.KindState, OrderBy: "m49", Limit: 1000},
			{Kind: graph.KindState, OrderBy: "ldc", Limit: 1000},
			{Kind: graph.KindState, OrderBy: "intermediateRegionCode", Limit: 1000},
			{Kind: graph.KindState, Limit: 0},
			{Kind: graph.KindState, Limit: 1000, Where: cond(graph.OpEqFold, "europe", "regionCode", "regionName")},
			{Kind: graph.KindState, Limit: 1000, Where: cond(graph.OpEqFold, "150", "regionCode", "regionName")},
			{Kind: graph.KindState, Limit: 1000, Where: cond(graph.OpEqFold, "western africa", "subregionCode", "subregionName", "intermediateRegionCode", "intermediateRegionName")},
			{Kind: graph.KindState, Limit: 1000, Where: cond(graph.OpContains, "cote", "nameEn", "nameFr", "formalNameEn", "formalNameFr")},
			{Kind: graph.KindState, Limit: 1000, Where: cond(graph.OpContains, "république", "formalNameFr")},
			{Kind: graph.KindState, Limit: 1000, Where: cond(graph.OpEq, true, "sids")},
			{Kind: graph.KindState, Limit: 1000, Where: append(cond(graph.OpEq, true, "ldc"), cond(graph.OpEq, true, "lldc")...)},
			{Kind: graph.KindState, Limit: 1000, Where: cond(graph.OpGte, "500", "m49")},
			{Kind: graph.KindRegion, OrderBy: "level", Limit: 1000},
			{Kind: graph.KindRegion, Limit: 1000, Where: cond(graph.OpEq, "SUBREGION", "level")},
			{Kind: graph.KindInstrument, OrderBy: "adopted", Limit: 1000},
			{Kind: graph.KindInstrument, Limit: 1000, Where: cond(graph.OpLt, "2000-01-01", "adopted")},
			{Kind: graph.KindInstrument, Limit: 1000, Where: cond(graph.OpGt, "1990-01-01", "adopted")},
			{Kind: graph.KindInstrument, Limit: 1000, Where: cond(graph.OpEq, "COUNTER_TERRORISM", "family")},
			{Kind: graph.KindInstrument, Limit: 1000, Where: cond(graph.OpEq, "PROTOCOL", "instrumentKind")},
			{Kind: graph.KindInstrument, Limit: 1000, Where: cond(graph.OpContains, "secretary-general", "depositary")},
			{Kind: graph.KindInstrument, Limit: 1000, Related: []graph.RelCond{{Type: graph.RelAddresses, Dir: graph.Out, Other: "CrimeType:terrorism"}}},
			{Kind: graph.KindParagraph, OrderBy: "position", Limit: 1000},
			{Kind: graph.KindParagraph, OrderBy: "position", Limit: 1000, Where: cond(graph.OpEq, "OPERATIVE", "paragraphKind")},
			{Kind: graph.KindParagraph, Limit: 1000, Where: cond(graph.OpContains, "assistance technique", "textFr")},
			{Kind: graph.KindParagraph, Limit: 1000, Where: cond(graph.OpGt, int64(10), "position")},
			{Kind: graph.KindParagraph, Limit: 1000, Where: cond(graph.OpLte, 3.5, "number")},
			{Kind: graph.KindParagraph, Limit: 1000, Related: []graph.RelCond{{Type: graph.RelHasParagraph, Dir: graph.In, Other: "Resolution:A/RES/66/178"}}},
			{Kind: graph.KindResolution, OrderBy: "adopted", Limit: 1000},
			{Kind: graph.KindResolution, Limit: 1000, Where: cond(graph.OpEq, int64(66), "session")},
			{Kind: graph.KindBody, OrderBy: "nameEn", Limit: 1000},
			{Kind: graph.KindBody, Limit: 1000, Related: []graph.RelCond{{Type: graph.RelAddressedTo, Dir: graph.Both, Other: "Paragraph:A/RES/66/178/op/9"}}},
			{Kind: graph.KindCrimeType, OrderBy: "nameEn", Limit: 1000},
			{Kind: graph.KindTopic, OrderBy: "nameEn", Limit: 1000},
			{Kind: graph.KindConference, OrderBy: "startDate", Limit: 1000},
			{Kind: graph.KindActivity, OrderBy: "startDate", Limit: 1000},
		}
		for _, q := range queries {
			got, err := st.FindNodes(ctx, q)
			if err != nil {
				t.Fatalf("FindNodes(%+v): %v", q, err)
			}
			want, err := mem.FindNodes(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || !reflect.DeepEqual(ids(got.Nodes), ids(want.Nodes)) {
				t.Errorf("FindNodes(%+v) = %d %v, the memory store says %d %v", q, got.Total, ids(got.Nodes), want.Total, ids(want.Nodes))
				continue
			}
			for i := range got.Nodes {
				if !reflect.DeepEqual(normal(got.Nodes[i]), normal(want.Nodes[i])) {
					t.Errorf("FindNodes(%+v): node %s differs", q, got.Nodes[i].ID)
				}
			}
		}
	})

	t.Run("Relationships", func(t *testing.T) {
		queries := []graph.RelQuery{
			{Dir: graph.Out},
			{Dir: graph.In},
			{Dir: graph.Both},
			{Dir: graph.Both, Types: []graph.RelType{graph.RelInRegion, graph.RelPartOf}},
			{Dir: graph.Both, OtherKinds: []graph.NodeKind{graph.KindParagraph, graph.KindBody}},
			{Dir: graph.Out, Types: []graph.RelType{graph.RelConcerns}, OtherKinds: []graph.NodeKind{graph.KindTopic}},
		}
		for _, q := range queries {
			got, err := st.Relationships(ctx, all, q)
			if err != nil {
				t.Fatalf("Relationships(%+v): %v", q, err)
			}
			want, err := mem.Relationships(ctx, all, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("Relationships(%+v): entries for %d nodes, the memory store has %d", q, len(got), len(want))
			}
			for id, w := range want {
				if g := got[id]; !reflect.DeepEqual(normalRels(g), normalRels(w)) {
					t.Errorf("Relationships(%s, %+v):\n got %v\nwant %v", id, q, identities(g), identities(w))
				}
			}
		}
	})

	t.Run("Search", func(t *testing.T) {
		queries := []graph.SearchQuery{
			{Text: "terrorism", Limit: 1000},
			{Text: "terror", Limit: 1000},
			{Text: "terrorisme nucléaire", Limit: 1000},
			{Text: "t", Limit: 1000},
			{Text: "t", Limit: 7},
			{Text: "UNODC", Limit: 1000},
			{Text: "Office des Nations Unies contre la drogue et le crime", Limit: 1000},
			{Text: "A/RES/66/178", Limit: 1000},
			{Text: "France", Limit: 1000},
			{Text: "république", Limit: 1000},
			{Text: "côte d’ivoire", Limit: 1000},
			{Text: "convention", Kinds: []graph.NodeKind{graph.KindInstrument}, Limit: 1000},
			{Text: "prie", Kinds: []graph.NodeKind{graph.KindParagraph, graph.KindFootnote}, Limit: 1000},
			{Text: "assistance technique", Kinds: []graph.NodeKind{graph.KindParagraph}, Limit: 5},
			{Text: "联合国", Limit: 1000},
			{Text: "فرنسا", Limit: 1000},
			{Text: "Франция", Limit: 1000},
			{Text: "zzzzqx", Limit: 1000},
		}
		for _, q := range queries {
			got, err := st.Search(ctx, q)
			if err != nil {
				t.Fatalf("Search(%+v): %v", q, err)
			}
			want, err := mem.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Search(%+v):\n got %v\nwant %v", q, got, want)
			}
		}
	})
}

// normal returns n with empty sources as nil, for comparison.
func normal(n *graph.Node) *graph.Node {
	if n == nil {
		return nil
	}
	c := *n
	if len(c.Sources) == 0 {
		c.Sources = nil
	}
	return &c
}

// normalRels returns rels with empty properties as nil, for comparison.
func normalRels(rels []*graph.Relationship) []graph.Relationship {
	out := make([]graph.Relationship, len(rels))
	for i, r := range rels {
		out[i] = *r
		if len(r.Props) == 0 {
			out[i].Props = nil
		}
	}
	return out
}

func identities(rels []*graph.Relationship) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = fmt.Sprint(r.Identity())
	}
	return out
}
