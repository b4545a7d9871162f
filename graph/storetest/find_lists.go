package storetest

import (
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// IDs of the nodes of listBatch.
const (
	stateListA  graph.ID = "State:XLA"
	stateListB  graph.ID = "State:XLB"
	stateListC  graph.ID = "State:XLC"
	stateListD  graph.ID = "State:XLD"
	instListA   graph.ID = "Instrument:TL01"
	instListB   graph.ID = "Instrument:TL02"
	resListA    graph.ID = "Resolution:T/RES/L1"
	resListB    graph.ID = "Resolution:T/RES/L2"
	regionListA graph.ID = "Region:911"
)

// listBatch is a small graph whose string-list values stand on the
// properties that the API filters on (a region's name, a depositary, a date,
// a kind), where a store is likely to keep an index: a list must hold there
// as anywhere when one of its elements does. Its facts are made up.
func listBatch() graph.Batch {
	return graph.Batch{Nodes: []*graph.Node{
		node(stateListA, graph.Props{
			"nameEn": "Listia", "nameFr": []string{"Listie", "Listeland"},
			"regionCode": "909", "regionName": []string{"Testland", "Terre d’essai"},
			"subregionName": "Northern Testland",
		}),
		node(stateListB, graph.Props{
			"nameEn": "Lisbonia", "regionName": "Testland", "subregionName": []string{"Southern Testland"},
		}),
		node(stateListC, graph.Props{"nameEn": "Emptia", "regionName": []string{}}),
		node(stateListD, graph.Props{"nameEn": "Nowhere"}),
		node(instListA, graph.Props{
			"depositary": []string{"Test Office", "Sécrétariat d’essai"}, "adopted": []string{"1990-01-01", "2010-01-01"},
			"instrumentKind": []string{"CONVENTION", "PROTOCOL"}, "family": "ORGANIZED_CRIME",
		}),
		node(instListB, graph.Props{"depositary": "Secretariat", "adopted": "2000-06-01", "instrumentKind": "CONVENTION"}),
		node(resListA, graph.Props{"organ": []string{"GA", "SC"}, "session": int64(7)}),
		node(resListB, graph.Props{"organ": "GA", "session": 7.0}),
		node(regionListA, graph.Props{"code": []string{"911", "0911"}, "nameEn": "Listed Testland", "level": []string{"SUBREGION"}}),
	}}
}

func (s suite) testFindNodesLists(t *testing.T) {
	tests := []struct {
		name  string
		kind  graph.NodeKind
		where []graph.Cond
		want  []graph.ID // in key order
	}{
		{"eq-fold-element-or-value", graph.KindState, []graph.Cond{where("regionCode", graph.OpEqFold, "TESTLAND", "regionName")}, []graph.ID{stateListA, stateListB}},
		{"eq-fold-accented-element", graph.KindState, []graph.Cond{where("regionName", graph.OpEqFold, "terre d'essai")}, []graph.ID{stateListA}},
		{"eq-fold-one-element-list", graph.KindState, []graph.Cond{where("subregionName", graph.OpEqFold, "southern TESTLAND")}, []graph.ID{stateListB}},
		{"eq-element", graph.KindState, []graph.Cond{where("regionName", graph.OpEq, "Testland")}, []graph.ID{stateListA, stateListB}},
		{"eq-is-not-the-whole-list", graph.KindState, []graph.Cond{where("regionName", graph.OpEq, "Testland, Terre d’essai")}, nil},
		{"empty-list-never-matches", graph.KindState, []graph.Cond{where("regionName", graph.OpGte, "")}, []graph.ID{stateListA, stateListB}},
		{"contains-element", graph.KindState, []graph.Cond{where("nameEn", graph.OpContains, "LISTEL", "nameFr")}, []graph.ID{stateListA}},
		{"contains-value-or-element", graph.KindState, []graph.Cond{where("nameEn", graph.OpContains, "lis", "nameFr")}, []graph.ID{stateListA, stateListB}},
		{"contains-accented-element", graph.KindInstrument, []graph.Cond{where("depositary", graph.OpContains, "secretariat")}, []graph.ID{instListA, instListB}},
		{"contains-empty-value", graph.KindInstrument, []graph.Cond{where("depositary", graph.OpContains, "")}, []graph.ID{instListA, instListB}},
		{"eq-enum-element", graph.KindInstrument, []graph.Cond{where("instrumentKind", graph.OpEq, "PROTOCOL")}, []graph.ID{instListA}},
		{"eq-enum-element-or-value", graph.KindInstrument, []graph.Cond{where("instrumentKind", graph.OpEq, "CONVENTION")}, []graph.ID{instListA, instListB}},
		{"lt-element", graph.KindInstrument, []graph.Cond{where("adopted", graph.OpLt, "1995-01-01")}, []graph.ID{instListA}},
		{"gt-element", graph.KindInstrument, []graph.Cond{where("adopted", graph.OpGt, "2005-01-01")}, []graph.ID{instListA}},
		{"gte-element-or-value", graph.KindInstrument, []graph.Cond{where("adopted", graph.OpGte, "2000-06-01")}, []graph.ID{instListA, instListB}},
		{"lt-no-element", graph.KindInstrument, []graph.Cond{where("adopted", graph.OpLt, "1980-01-01")}, nil},
		{"both-bounds-on-different-elements", graph.KindInstrument, []graph.Cond{
			where("adopted", graph.OpLt, "1995-01-01"), where("adopted", graph.OpGt, "2005-01-01"),
		}, []graph.ID{instListA}},
		{"number-never-matches-an-element", graph.KindInstrument, []graph.Cond{where("adopted", graph.OpGt, int64(0))}, nil},
		{"bool-never-matches-an-element", graph.KindInstrument, []graph.Cond{where("instrumentKind", graph.OpEq, true)}, nil},
		{"eq-organ-element", graph.KindResolution, []graph.Cond{where("organ", graph.OpEq, "SC")}, []graph.ID{resListA}},
		{"eq-fold-organ", graph.KindResolution, []graph.Cond{where("organ", graph.OpEqFold, "ga")}, []graph.ID{resListA, resListB}},
		{"eq-int-and-float-by-value", graph.KindResolution, []graph.Cond{where("session", graph.OpEq, int64(7))}, []graph.ID{resListA, resListB}},
		{"eq-float-and-int-by-value", graph.KindResolution, []graph.Cond{where("session", graph.OpEq, 7.0)}, []graph.ID{resListA, resListB}},
		{"lt-float-value", graph.KindResolution, []graph.Cond{where("session", graph.OpLt, 7.5)}, []graph.ID{resListA, resListB}},
		{"string-never-matches-a-number", graph.KindResolution, []graph.Cond{where("session", graph.OpEq, "7")}, nil},
		{"region-code-element", graph.KindRegion, []graph.Cond{where("code", graph.OpEqFold, "0911", "nameEn")}, []graph.ID{regionListA}},
		{"region-level-element", graph.KindRegion, []graph.Cond{where("level", graph.OpEq, "SUBREGION")}, []graph.ID{regionListA}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.empty(t)
			mustApply(t, st, listBatch())
			page, err := st.FindNodes(t.Context(), graph.NodeQuery{Kind: tt.kind, Where: tt.where, Limit: 100})
			if err != nil {
				t.Fatalf("FindNodes: %v", err)
			}
			sameIDs(t, "nodes", nodeIDs(page.Nodes), tt.want)
			if page.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", page.Total, len(tt.want))
			}
		})
	}

	t.Run("order-lists-first", func(t *testing.T) {
		st := s.empty(t)
		mustApply(t, st, listBatch())
		page, err := st.FindNodes(t.Context(), graph.NodeQuery{Kind: graph.KindState, OrderBy: "regionName", Limit: 100})
		if err != nil {
			t.Fatalf("FindNodes: %v", err)
		}
		// Lists (the empty one first), then strings, then the nodes
		// without the property.
		sameIDs(t, "nodes", nodeIDs(page.Nodes), []graph.ID{stateListC, stateListA, stateListB, stateListD})
	})
}

// testFindNodesRelatedOnce checks that a node with several relationships
// that meet a relationship condition is counted and listed once, on every
// page.
func (s suite) testFindNodesRelatedOnce(t *testing.T) {
	cites := graph.RelCond{Type: graph.RelCites, Dir: graph.Out, Other: resolutionPrev}
	citedBy := graph.RelCond{Type: graph.RelCites, Dir: graph.In, Other: paraPP1}
	addresses := graph.RelCond{Type: graph.RelAddresses, Dir: graph.Out, Other: crimeNuclear}
	tests := []struct {
		name          string
		kind          graph.NodeKind
		related       []graph.RelCond
		where         []graph.Cond
		offset, limit int
		want          []graph.ID
		total         int
	}{
		{name: "parallel-relationships", kind: graph.KindParagraph, related: []graph.RelCond{cites}, limit: 10, want: []graph.ID{paraPP1}, total: 1},
		{name: "parallel-relationships-in", kind: graph.KindResolution, related: []graph.RelCond{citedBy}, limit: 10, want: []graph.ID{resolutionPrev}, total: 1},
		{name: "parallel-relationships-total-only", kind: graph.KindParagraph, related: []graph.RelCond{cites}, want: nil, total: 1},
		{name: "parallel-relationships-past-the-page", kind: graph.KindParagraph, related: []graph.RelCond{cites}, offset: 1, limit: 10, want: nil, total: 1},
		{name: "parallel-relationships-both", kind: graph.KindResolution, related: []graph.RelCond{{Type: graph.RelCites, Dir: graph.Both, Other: paraPP1}}, limit: 10, want: []graph.ID{resolutionPrev}, total: 1},
		{name: "one-relationship-meets-two-conditions", kind: graph.KindInstrument, related: []graph.RelCond{addresses, addresses}, limit: 10, want: []graph.ID{instConvention}, total: 1},
		{name: "parallel-and-where", kind: graph.KindParagraph, related: []graph.RelCond{cites},
			where: []graph.Cond{where("paragraphKind", graph.OpEq, "PREAMBULAR")}, limit: 10, want: []graph.ID{paraPP1}, total: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			page, err := st.FindNodes(t.Context(), graph.NodeQuery{
				Kind: tt.kind, Related: tt.related, Where: tt.where, Offset: tt.offset, Limit: tt.limit,
			})
			if err != nil {
				t.Fatalf("FindNodes: %v", err)
			}
			sameIDs(t, "nodes", nodeIDs(page.Nodes), tt.want)
			if page.Total != tt.total {
				t.Errorf("Total = %d, want %d", page.Total, tt.total)
			}
		})
	}
}
