package storetest

import (
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// where is a shorthand for one condition.
func where(prop string, op graph.Op, value any, more ...string) graph.Cond {
	return graph.Cond{Props: append([]string{prop}, more...), Op: op, Value: value}
}

func (s suite) testFindNodes(t *testing.T) {
	t.Run("region-by-name", func(t *testing.T) {
		st := s.loaded(t)
		page, err := st.FindNodes(t.Context(), graph.NodeQuery{
			Kind: graph.KindRegion, Limit: 10,
			Where: []graph.Cond{where("nameEn", graph.OpEq, "Northern Testland")},
		})
		if err != nil {
			t.Fatalf("FindNodes: %v", err)
		}
		sameIDs(t, "nodes", nodeIDs(page.Nodes), []graph.ID{regionNorth})
		if page.Total != 1 {
			t.Errorf("Total = %d, want 1", page.Total)
		}
		sameNode(t, page.Nodes[0], fixtureNode(regionNorth))
	})

	tests := []struct {
		name    string
		kind    graph.NodeKind
		where   []graph.Cond
		related []graph.RelCond
		want    []graph.ID // in key order
	}{
		{name: "no-condition", kind: graph.KindState, want: []graph.ID{stateArcadia, stateBorduria, stateCoast, stateElysia}},
		{name: "kind-without-nodes", kind: graph.KindActivity, want: nil},
		{name: "eq-string", kind: graph.KindState, where: []graph.Cond{where("nameEn", graph.OpEq, "Borduria")}, want: []graph.ID{stateBorduria}},
		{name: "eq-is-exact", kind: graph.KindState, where: []graph.Cond{where("nameEn", graph.OpEq, "borduria")}, want: nil},
		{name: "eq-is-exact-on-accents", kind: graph.KindState, where: []graph.Cond{where("nameFr", graph.OpEq, "Elysie")}, want: nil},
		{name: "eq-fold-case", kind: graph.KindState, where: []graph.Cond{where("nameEn", graph.OpEqFold, "BORDURIA")}, want: []graph.ID{stateBorduria}},
		{name: "eq-fold-accents", kind: graph.KindState, where: []graph.Cond{where("nameFr", graph.OpEqFold, "ELYSIE")}, want: []graph.ID{stateElysia}},
		{name: "eq-fold-accented-value", kind: graph.KindCrimeType, where: []graph.Cond{where("nameFr", graph.OpEqFold, "TERRORISME NUCLÉAIRE")}, want: []graph.ID{crimeNuclear}},
		{name: "eq-fold-apostrophe", kind: graph.KindState, where: []graph.Cond{where("nameFr", graph.OpEqFold, "cote d'essai")}, want: []graph.ID{stateCoast}},
		{name: "eq-fold-whole-value", kind: graph.KindState, where: []graph.Cond{where("nameFr", graph.OpEqFold, "cote")}, want: nil},
		{name: "contains", kind: graph.KindState, where: []graph.Cond{where("nameFr", graph.OpContains, "ESSAI")}, want: []graph.ID{stateCoast}},
		{name: "contains-accents", kind: graph.KindInstrument, where: []graph.Cond{where("titleFr", graph.OpContains, "répression")}, want: []graph.ID{instConvention}},
		{name: "contains-unaccented-value", kind: graph.KindParagraph, where: []graph.Cond{where("textFr", graph.OpContains, "terrorisme nucleaire")}, want: []graph.ID{paraOP1}},
		{name: "contains-substring", kind: graph.KindRegion, where: []graph.Cond{where("nameEn", graph.OpContains, "thern test")}, want: []graph.ID{regionNorth, regionSouth}},
		{name: "eq-int64", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpEq, int64(800))}, want: []graph.ID{stateBorduria}},
		{name: "eq-float64", kind: graph.KindState, where: []graph.Cond{where("testRatio", graph.OpEq, 1.5)}, want: []graph.ID{stateBorduria}},
		{name: "eq-int-property-float-value", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpEq, 800.0)}, want: []graph.ID{stateBorduria}},
		{name: "lt-int64", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpLt, int64(1200))}, want: []graph.ID{stateBorduria}},
		{name: "lte-int64", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpLte, int64(1200))}, want: []graph.ID{stateArcadia, stateBorduria}},
		{name: "gt-int64", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpGt, int64(1200))}, want: []graph.ID{stateCoast}},
		{name: "gte-int64", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpGte, int64(1200))}, want: []graph.ID{stateArcadia, stateCoast}},
		{name: "lt-float-value-int-property", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpLt, 1200.5)}, want: []graph.ID{stateArcadia, stateBorduria}},
		{name: "gt-float64", kind: graph.KindState, where: []graph.Cond{where("testRatio", graph.OpGt, 0.25)}, want: []graph.ID{stateBorduria}},
		{name: "gte-int-value-float-property", kind: graph.KindState, where: []graph.Cond{where("testRatio", graph.OpGte, int64(1))}, want: []graph.ID{stateBorduria}},
		{name: "eq-bool-true", kind: graph.KindState, where: []graph.Cond{where("ldc", graph.OpEq, true)}, want: []graph.ID{stateArcadia}},
		{name: "eq-bool-false", kind: graph.KindState, where: []graph.Cond{where("sids", graph.OpEq, false)}, want: []graph.ID{stateArcadia}},
		{name: "lt-date-string", kind: graph.KindInstrument, where: []graph.Cond{where("adopted", graph.OpLt, "2000-01-01")}, want: []graph.ID{instProtocol, instSecond}},
		{name: "gte-date-string", kind: graph.KindInstrument, where: []graph.Cond{where("adopted", graph.OpGte, "2005-04-13")}, want: []graph.ID{instConvention}},
		{name: "lte-date-string", kind: graph.KindInstrument, where: []graph.Cond{where("adopted", graph.OpLte, "1999-12-09")}, want: []graph.ID{instProtocol, instSecond}},
		{name: "gt-string", kind: graph.KindState, where: []graph.Cond{where("nameEn", graph.OpGt, "Elysia")}, want: []graph.ID{stateCoast}},
		{name: "missing-property-never-matches", kind: graph.KindInstrument, where: []graph.Cond{where("adopted", graph.OpLt, "9999")}, want: []graph.ID{instConvention, instProtocol, instSecond}},
		{name: "missing-property-not-greater", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpGte, int64(0))}, want: []graph.ID{stateArcadia, stateBorduria, stateCoast}},
		{name: "type-mismatch-string-value", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpEq, "800")}, want: nil},
		{name: "type-mismatch-number-value", kind: graph.KindState, where: []graph.Cond{where("iso3", graph.OpGt, int64(0))}, want: nil},
		{name: "type-mismatch-bool-value", kind: graph.KindState, where: []graph.Cond{where("population", graph.OpEq, true)}, want: nil},
		{name: "list-eq-any-element", kind: graph.KindInstrument, where: []graph.Cond{where("unconfirmed", graph.OpEq, "place")}, want: []graph.ID{instConvention}},
		{name: "list-eq-fold", kind: graph.KindState, where: []graph.Cond{where("aliases", graph.OpEqFold, "ARKADIA")}, want: []graph.ID{stateArcadia}},
		{name: "list-contains", kind: graph.KindState, where: []graph.Cond{where("aliases", graph.OpContains, "elysee")}, want: []graph.ID{stateArcadia}},
		{name: "list-gt", kind: graph.KindState, where: []graph.Cond{where("aliases", graph.OpGt, "B")}, want: []graph.ID{stateArcadia}},
		{name: "list-no-element", kind: graph.KindState, where: []graph.Cond{where("aliases", graph.OpEq, "Elysée")}, want: nil},
		{name: "or-across-props", kind: graph.KindState, where: []graph.Cond{where("nameEn", graph.OpEqFold, "bordurie", "nameFr")}, want: []graph.ID{stateBorduria}},
		{name: "or-across-props-both-match", kind: graph.KindState, where: []graph.Cond{where("nameFr", graph.OpContains, "ar", "nameEn")}, want: []graph.ID{stateArcadia}},
		{name: "or-across-props-one-missing", kind: graph.KindState, where: []graph.Cond{where("testRatio", graph.OpGte, int64(0), "population")}, want: []graph.ID{stateArcadia, stateBorduria, stateCoast}},
		{name: "and-across-conds", kind: graph.KindState, where: []graph.Cond{
			where("ldc", graph.OpEq, false), where("population", graph.OpGt, int64(1000)),
		}, want: []graph.ID{stateCoast}},
		{name: "and-across-conds-none", kind: graph.KindState, where: []graph.Cond{
			where("ldc", graph.OpEq, true), where("population", graph.OpGt, int64(1200)),
		}, want: nil},
		{name: "related-out", kind: graph.KindState, related: []graph.RelCond{{Type: graph.RelInRegion, Dir: graph.Out, Other: regionNorth}}, want: []graph.ID{stateArcadia, stateBorduria}},
		{name: "related-in", kind: graph.KindRegion, related: []graph.RelCond{{Type: graph.RelInRegion, Dir: graph.In, Other: stateCoast}}, want: []graph.ID{regionSouth}},
		{name: "related-both-from-start", kind: graph.KindInstrument, related: []graph.RelCond{{Type: graph.RelSupplements, Dir: graph.Both, Other: instConvention}}, want: []graph.ID{instProtocol}},
		{name: "related-both-from-end", kind: graph.KindInstrument, related: []graph.RelCond{{Type: graph.RelSupplements, Dir: graph.Both, Other: instProtocol}}, want: []graph.ID{instConvention}},
		{name: "related-wrong-direction", kind: graph.KindState, related: []graph.RelCond{{Type: graph.RelInRegion, Dir: graph.In, Other: regionNorth}}, want: nil},
		{name: "related-wrong-type", kind: graph.KindState, related: []graph.RelCond{{Type: graph.RelPartOf, Dir: graph.Out, Other: regionNorth}}, want: nil},
		{name: "related-other-kind-only", kind: graph.KindRegion, related: []graph.RelCond{{Type: graph.RelPartOf, Dir: graph.Out, Other: regionTest}}, want: []graph.ID{regionNorth, regionSouth}},
		{name: "related-unknown-other", kind: graph.KindState, related: []graph.RelCond{{Type: graph.RelInRegion, Dir: graph.Out, Other: "Region:999"}}, want: nil},
		{name: "related-all-must-hold", kind: graph.KindInstrument, related: []graph.RelCond{
			{Type: graph.RelConcerns, Dir: graph.In, Other: paraOP2},
			{Type: graph.RelAmends, Dir: graph.In, Other: instAmendment},
		}, want: []graph.ID{instProtocol}},
		{name: "related-and-where", kind: graph.KindState,
			related: []graph.RelCond{{Type: graph.RelInRegion, Dir: graph.Out, Other: regionNorth}},
			where:   []graph.Cond{where("ldc", graph.OpEq, false)},
			want:    []graph.ID{stateBorduria}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			page, err := st.FindNodes(t.Context(), graph.NodeQuery{Kind: tt.kind, Where: tt.where, Related: tt.related, Limit: 100})
			if err != nil {
				t.Fatalf("FindNodes: %v", err)
			}
			sameIDs(t, "nodes", nodeIDs(page.Nodes), tt.want)
			if page.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", page.Total, len(tt.want))
			}
		})
	}

	t.Run("order-by", s.testFindNodesOrder)
	t.Run("paging", s.testFindNodesPaging)
	t.Run("invalid", s.testFindNodesInvalid)
	t.Run("lists", s.testFindNodesLists)
	t.Run("related-once", s.testFindNodesRelatedOnce)

	t.Run("returns-copies", func(t *testing.T) {
		st := s.loaded(t)
		q := graph.NodeQuery{Kind: graph.KindState, Limit: 10, Where: []graph.Cond{where("iso3", graph.OpEq, "XAA")}}
		page, err := st.FindNodes(t.Context(), q)
		if err != nil || len(page.Nodes) != 1 {
			t.Fatalf("FindNodes = %v, %v; want one node", page.Nodes, err)
		}
		page.Nodes[0].Props["iso3"] = "changed"
		page.Nodes[0].Props.Strings("aliases")[0] = "changed"
		page.Nodes[0].Sources[0].Citation = "changed"
		sameNode(t, mustNode(t, st, stateArcadia), fixtureNode(stateArcadia))
		if page, err := st.FindNodes(t.Context(), q); err != nil || page.Total != 1 {
			t.Errorf("after changing a returned node, FindNodes = %v, %v; want the node", nodeIDs(page.Nodes), err)
		}
	})
}

func (s suite) testFindNodesOrder(t *testing.T) {
	tests := []struct {
		name    string
		kind    graph.NodeKind
		orderBy string
		want    []graph.ID
	}{
		{"by-key", graph.KindState, "", []graph.ID{stateArcadia, stateBorduria, stateCoast, stateElysia}},
		{"by-string", graph.KindState, "nameEn", []graph.ID{stateArcadia, stateBorduria, stateElysia, stateCoast}},
		{"by-int-missing-last", graph.KindState, "population", []graph.ID{stateBorduria, stateArcadia, stateCoast, stateElysia}},
		{"by-float-missing-last", graph.KindState, "testRatio", []graph.ID{stateArcadia, stateBorduria, stateCoast, stateElysia}},
		{"by-date-ties-by-key-missing-last", graph.KindInstrument, "adopted", []graph.ID{instProtocol, instSecond, instConvention, instAmendment}},
		{"by-property-nobody-has", graph.KindRegion, "population", []graph.ID{regionTest, regionNorth, regionSouth}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			page, err := st.FindNodes(t.Context(), graph.NodeQuery{Kind: tt.kind, OrderBy: tt.orderBy, Limit: 100})
			if err != nil {
				t.Fatalf("FindNodes: %v", err)
			}
			sameIDs(t, "nodes", nodeIDs(page.Nodes), tt.want)
		})
	}
}

func (s suite) testFindNodesPaging(t *testing.T) {
	all := []graph.ID{stateBorduria, stateArcadia, stateCoast, stateElysia} // by population
	tests := []struct {
		name          string
		offset, limit int
		want          []graph.ID
	}{
		{"first-page", 0, 2, all[:2]},
		{"middle-page", 1, 2, all[1:3]},
		{"last-page-short", 3, 2, all[3:]},
		{"exact-end", 2, 2, all[2:]},
		{"offset-at-end", 4, 2, nil},
		{"offset-past-end", 10, 2, nil},
		{"limit-zero-total-only", 0, 0, nil},
		{"limit-zero-with-offset", 2, 0, nil},
		{"limit-past-end", 0, 1000, all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			page, err := st.FindNodes(t.Context(), graph.NodeQuery{
				Kind: graph.KindState, OrderBy: "population", Offset: tt.offset, Limit: tt.limit,
			})
			if err != nil {
				t.Fatalf("FindNodes: %v", err)
			}
			sameIDs(t, "nodes", nodeIDs(page.Nodes), tt.want)
			if page.Total != len(all) {
				t.Errorf("Total = %d, want %d", page.Total, len(all))
			}
		})
	}
}

func (s suite) testFindNodesInvalid(t *testing.T) {
	ok := graph.NodeQuery{Kind: graph.KindState, Limit: 10}
	with := func(change func(q *graph.NodeQuery)) graph.NodeQuery {
		q := ok
		change(&q)
		return q
	}
	cond := func(c graph.Cond) graph.NodeQuery {
		return with(func(q *graph.NodeQuery) { q.Where = []graph.Cond{c} })
	}
	related := func(rc graph.RelCond) graph.NodeQuery {
		return with(func(q *graph.NodeQuery) { q.Related = []graph.RelCond{rc} })
	}
	tests := []struct {
		name string
		q    graph.NodeQuery
	}{
		{"unknown-kind", with(func(q *graph.NodeQuery) { q.Kind = "Planet" })},
		{"empty-kind", with(func(q *graph.NodeQuery) { q.Kind = "" })},
		{"negative-offset", with(func(q *graph.NodeQuery) { q.Offset = -1 })},
		{"negative-limit", with(func(q *graph.NodeQuery) { q.Limit = -1 })},
		{"bad-order-by", with(func(q *graph.NodeQuery) { q.OrderBy = "name En" })},
		{"bad-property-name", cond(where("name-en", graph.OpEq, "x"))},
		{"bad-property-name-among-others", cond(where("nameEn", graph.OpEq, "x", "n.nameFr"))},
		{"empty-property-name", cond(where("", graph.OpEq, "x"))},
		{"no-property", cond(graph.Cond{Op: graph.OpEq, Value: "x"})},
		{"unknown-op", cond(where("nameEn", "LIKE", "x"))},
		{"empty-op", cond(where("nameEn", "", "x"))},
		{"nil-value", cond(where("nameEn", graph.OpEq, nil))},
		{"int-value", cond(where("population", graph.OpEq, 800))},
		{"list-value", cond(where("aliases", graph.OpEq, []string{"Arkadia"}))},
		{"map-value", cond(where("nameEn", graph.OpEq, map[string]string{}))},
		{"eq-fold-number", cond(where("population", graph.OpEqFold, int64(800)))},
		{"contains-number", cond(where("testRatio", graph.OpContains, 1.5))},
		{"contains-bool", cond(where("ldc", graph.OpContains, true))},
		{"lt-bool", cond(where("ldc", graph.OpLt, true))},
		{"related-unknown-type", related(graph.RelCond{Type: "BORDERS", Dir: graph.Out, Other: regionNorth})},
		{"related-unknown-direction", related(graph.RelCond{Type: graph.RelInRegion, Dir: "UP", Other: regionNorth})},
		{"related-empty-direction", related(graph.RelCond{Type: graph.RelInRegion, Other: regionNorth})},
		{"related-malformed-other", related(graph.RelCond{Type: graph.RelInRegion, Dir: graph.Out, Other: "902"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			_, err := st.FindNodes(t.Context(), tt.q)
			wantCode(t, err, graph.Invalid)
		})
	}
}
