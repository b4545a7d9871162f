package storetest

import (
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

func (s suite) testApply(t *testing.T) {
	t.Run("empty-batch", func(t *testing.T) {
		st := s.empty(t)
		mustApply(t, st, graph.Batch{})
		sameCounts(t, mustCounts(t, st), graph.Counts{})
	})

	t.Run("round-trip", func(t *testing.T) {
		st := s.loaded(t)
		fixture := Fixture()
		ids := make([]graph.ID, len(fixture.Nodes))
		for i, n := range fixture.Nodes {
			ids[i] = n.ID
		}
		for i, got := range mustNodes(t, st, ids...) {
			sameNode(t, got, fixture.Nodes[i])
		}
		rels := mustRels(t, st, ids, graph.RelQuery{Dir: graph.Out})
		for _, want := range fixture.Relationships {
			var got *graph.Relationship
			for _, r := range rels[want.From] {
				if r.Identity() == want.Identity() {
					got = r
				}
			}
			if got == nil {
				t.Errorf("relationship %s was not stored", want.Identity())
				continue
			}
			sameRel(t, got, want)
		}
	})

	t.Run("idempotent", func(t *testing.T) {
		st := s.loaded(t)
		fixture := Fixture()
		ids := make([]graph.ID, len(fixture.Nodes))
		for i, n := range fixture.Nodes {
			ids[i] = n.ID
		}
		countsOnce := mustCounts(t, st)
		nodesOnce := mustNodes(t, st, ids...)
		relsOnce := mustRels(t, st, ids, graph.RelQuery{Dir: graph.Both})

		mustApply(t, st, Fixture())
		sameCounts(t, mustCounts(t, st), countsOnce)
		sameCounts(t, countsOnce, fixtureCounts(fixture))
		for i, n := range mustNodes(t, st, ids...) {
			sameNode(t, n, nodesOnce[i])
		}
		relsTwice := mustRels(t, st, ids, graph.RelQuery{Dir: graph.Both})
		for _, id := range ids {
			once, twice := relsOnce[id], relsTwice[id]
			if len(once) != len(twice) {
				t.Errorf("%s: %d relationships after one Apply, %d after two", id, len(once), len(twice))
				continue
			}
			for i := range once {
				sameRel(t, twice[i], once[i])
			}
		}
	})

	t.Run("replaces-node", func(t *testing.T) {
		st := s.loaded(t)
		src := graph.Source{Document: "storetest replacement", Basis: graph.Imported}
		replacement := graph.NewNode(graph.KindState, "XAA", graph.Props{"nameEn": "Arcadia Renamed", "population": int64(5)}, src)
		mustApply(t, st, graph.Batch{Nodes: []*graph.Node{replacement}})

		// The properties and sources are replaced, not merged.
		sameNode(t, mustNode(t, st, stateArcadia), graph.NewNode(graph.KindState, "XAA",
			graph.Props{"nameEn": "Arcadia Renamed", "population": int64(5)}, src))
		sameCounts(t, mustCounts(t, st), fixtureCounts(Fixture()))
		// The node's relationships stay.
		rels := mustRels(t, st, []graph.ID{stateArcadia}, graph.RelQuery{Dir: graph.Out})
		if got, want := relIdentities(rels[stateArcadia]), []string{identity(stateArcadia, graph.RelInRegion, regionNorth, "")}; !slices.Equal(got, want) {
			t.Errorf("relationships after replacing the node = %v, want %v", got, want)
		}
		// The replaced values are forgotten by queries too.
		page, err := st.FindNodes(t.Context(), graph.NodeQuery{
			Kind: graph.KindState, Limit: 10,
			Where: []graph.Cond{{Props: []string{"nameFr"}, Op: graph.OpEq, Value: "Arcadie"}},
		})
		if err != nil {
			t.Fatalf("FindNodes: %v", err)
		}
		if page.Total != 0 {
			t.Errorf("FindNodes still finds the old nameFr: %v", nodeIDs(page.Nodes))
		}
		hits, err := st.Search(t.Context(), graph.SearchQuery{Text: "arcadie", Limit: 10})
		if err != nil {
			t.Fatalf("Search: %v", err)
		}
		if len(hits) != 0 {
			t.Errorf("Search still finds the old name: %v", hitIDs(hits))
		}
		hits, err = st.Search(t.Context(), graph.SearchQuery{Text: "renamed", Limit: 10})
		if err != nil {
			t.Fatalf("Search: %v", err)
		}
		sameIDs(t, "Search(renamed)", hitIDs(hits), []graph.ID{stateArcadia})
	})

	t.Run("replaces-relationship", func(t *testing.T) {
		st := s.loaded(t)
		src := graph.Source{Document: "storetest replacement", Locator: "p. 2", Basis: graph.Inferred}
		replacement := &graph.Relationship{
			From: stateArcadia, Type: graph.RelInRegion, To: regionNorth,
			Props: graph.Props{"level": "REGION"}, Source: src,
		}
		mustApply(t, st, graph.Batch{Relationships: []*graph.Relationship{replacement}})
		sameCounts(t, mustCounts(t, st), fixtureCounts(Fixture()))
		rels := mustRels(t, st, []graph.ID{stateArcadia}, graph.RelQuery{Dir: graph.Out})[stateArcadia]
		if len(rels) != 1 {
			t.Fatalf("got %d relationships from %s, want 1", len(rels), stateArcadia)
		}
		sameRel(t, rels[0], &graph.Relationship{
			From: stateArcadia, Type: graph.RelInRegion, To: regionNorth,
			Props: graph.Props{"level": "REGION"}, Source: src,
		})
	})

	t.Run("parallel-keys", func(t *testing.T) {
		st := s.loaded(t)
		mustApply(t, st, graph.Batch{Relationships: []*graph.Relationship{
			rel(bodyAssembly, graph.RelEstablishes, bodyOffice, "k1", nil),
			rel(bodyAssembly, graph.RelEstablishes, bodyOffice, "k2", nil),
			rel(bodyAssembly, graph.RelEstablishes, bodyOffice, "", nil),
		}})
		want := fixtureCounts(Fixture())
		want.Relationships[graph.RelEstablishes] += 3
		sameCounts(t, mustCounts(t, st), want)
	})

	t.Run("endpoints-in-store", func(t *testing.T) {
		st := s.loaded(t)
		mustApply(t, st, graph.Batch{Relationships: []*graph.Relationship{
			rel(stateElysia, graph.RelInRegion, regionSouth, "", nil),
		}})
		rels := mustRels(t, st, []graph.ID{regionSouth}, graph.RelQuery{Dir: graph.In, Types: []graph.RelType{graph.RelInRegion}})
		if got := relIdentities(rels[regionSouth]); len(got) != 2 {
			t.Errorf("relationships into %s = %v, want 2", regionSouth, got)
		}
	})

	t.Run("endpoints-in-batch", func(t *testing.T) {
		st := s.empty(t)
		mustApply(t, st, graph.Batch{
			// The relationship comes before its endpoints in the batch.
			Relationships: []*graph.Relationship{rel(stateArcadia, graph.RelInRegion, regionNorth, "", nil)},
			Nodes:         []*graph.Node{fixtureNode(regionNorth), fixtureNode(stateArcadia)},
		})
		sameCounts(t, mustCounts(t, st), graph.Counts{
			Nodes:         map[graph.NodeKind]int{graph.KindState: 1, graph.KindRegion: 1},
			Relationships: map[graph.RelType]int{graph.RelInRegion: 1},
		})
	})

	t.Run("copies-input", func(t *testing.T) {
		st := s.empty(t)
		b := Fixture()
		mustApply(t, st, b)
		// Change everything the caller still holds.
		for _, n := range b.Nodes {
			for k, v := range n.Props {
				if list, ok := v.([]string); ok && len(list) > 0 {
					list[0] = "changed"
				}
				n.Props[k] = "changed"
			}
			n.Props["added"] = "changed"
			for i := range n.Sources {
				n.Sources[i].Citation = "changed"
			}
		}
		for _, r := range b.Relationships {
			for _, v := range r.Props {
				if list, ok := v.([]string); ok && len(list) > 0 {
					list[0] = "changed"
				}
			}
			if r.Props != nil {
				r.Props["added"] = "changed"
			}
			r.Source.Citation = "changed"
		}
		fresh := Fixture()
		for _, want := range fresh.Nodes {
			sameNode(t, mustNode(t, st, want.ID), want)
		}
		rel := fixtureRel(identity(instConvention, graph.RelAdoptedAt, conference, ""))
		got := mustRels(t, st, []graph.ID{instConvention}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelAdoptedAt}})
		if len(got[instConvention]) != 1 {
			t.Fatalf("got %d ADOPTED_AT relationships, want 1", len(got[instConvention]))
		}
		sameRel(t, got[instConvention][0], rel)
	})

	t.Run("rejects", s.testApplyRejects)
}

// testApplyRejects checks that a batch with one bad part is Invalid and
// writes nothing, not even its good parts.
func (s suite) testApplyRejects(t *testing.T) {
	good := func() *graph.Node {
		return graph.NewNode(graph.KindState, "XEE", graph.Props{"nameEn": "Good Testland"}, fixtureSource)
	}
	goodRel := func() *graph.Relationship {
		return rel("State:XEE", graph.RelInRegion, regionNorth, "", nil)
	}
	tests := []struct {
		name  string
		nodes []*graph.Node
		rels  []*graph.Relationship
	}{
		{name: "malformed-id", nodes: []*graph.Node{{ID: "State", Kind: graph.KindState, Key: "", Props: graph.Props{}}}},
		{name: "empty-key", nodes: []*graph.Node{{ID: "State:", Kind: graph.KindState, Props: graph.Props{}}}},
		{name: "unknown-kind", nodes: []*graph.Node{{ID: "Planet:X1", Kind: "Planet", Key: "X1", Props: graph.Props{}}}},
		{name: "kind-not-matching-id", nodes: []*graph.Node{{ID: "State:XFF", Kind: graph.KindRegion, Key: "XFF", Props: graph.Props{}}}},
		{name: "key-not-matching-id", nodes: []*graph.Node{{ID: "State:XFF", Kind: graph.KindState, Key: "XGG", Props: graph.Props{}}}},
		{name: "nil-node", nodes: []*graph.Node{nil}},
		{name: "bad-property-type-int", nodes: []*graph.Node{graph.NewNode(graph.KindState, "XFF", graph.Props{"population": 5})}},
		{name: "bad-property-type-map", nodes: []*graph.Node{graph.NewNode(graph.KindState, "XFF", graph.Props{"extra": map[string]string{"a": "b"}})}},
		{name: "bad-property-type-nil", nodes: []*graph.Node{graph.NewNode(graph.KindState, "XFF", graph.Props{"extra": nil})}},
		{name: "bad-property-name", nodes: []*graph.Node{graph.NewNode(graph.KindState, "XFF", graph.Props{"name-en": "x"})}},
		{name: "node-source-without-basis", nodes: []*graph.Node{graph.NewNode(graph.KindState, "XFF", nil, graph.Source{Citation: "storetest fixture"})}},
		{name: "node-source-naming-nothing", nodes: []*graph.Node{graph.NewNode(graph.KindState, "XFF", nil, graph.Source{Basis: graph.Stated})}},
		{name: "node-source-bad-paragraph", nodes: []*graph.Node{graph.NewNode(graph.KindState, "XFF", nil, graph.Source{Citation: "storetest fixture", Basis: graph.Stated, Paragraph: "op/1"})}},
		{name: "unknown-rel-type", rels: []*graph.Relationship{rel(stateArcadia, "BORDERS", stateBorduria, "", nil)}},
		{name: "missing-endpoint-to", rels: []*graph.Relationship{rel(stateArcadia, graph.RelInRegion, "Region:999", "", nil)}},
		{name: "missing-endpoint-from", rels: []*graph.Relationship{rel("State:XZZ", graph.RelInRegion, regionNorth, "", nil)}},
		{name: "malformed-endpoint", rels: []*graph.Relationship{rel("XAA", graph.RelInRegion, regionNorth, "", nil)}},
		{name: "endpoint-only-in-rejected-node", nodes: []*graph.Node{graph.NewNode(graph.KindRegion, "904", graph.Props{"bad": 1})},
			rels: []*graph.Relationship{rel(stateArcadia, graph.RelInRegion, "Region:904", "", nil)}},
		{name: "nil-relationship", rels: []*graph.Relationship{nil}},
		{name: "rel-bad-property-type", rels: []*graph.Relationship{rel(stateArcadia, graph.RelInRegion, regionNorth, "", graph.Props{"level": []int{1}})}},
		{name: "rel-source-without-basis", rels: []*graph.Relationship{{From: stateArcadia, Type: graph.RelInRegion, To: regionNorth, Source: graph.Source{Document: "T/RES/1"}}}},
		{name: "rel-without-source", rels: []*graph.Relationship{{From: stateArcadia, Type: graph.RelInRegion, To: regionNorth}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			before := mustCounts(t, st)
			// A good node and a good relationship on each side of the bad part.
			b := graph.Batch{
				Nodes:         append(append([]*graph.Node{good()}, tt.nodes...), fixtureNode(stateElysia)),
				Relationships: append(append([]*graph.Relationship{goodRel()}, tt.rels...), rel(stateElysia, graph.RelInRegion, regionSouth, "", nil)),
			}
			wantCode(t, st.Apply(t.Context(), b), graph.Invalid)
			sameCounts(t, mustCounts(t, st), before)
			if n := mustNodes(t, st, "State:XEE")[0]; n != nil {
				t.Errorf("the good node of a rejected batch was written: %s", describeNode(n))
			}
			rels := mustRels(t, st, []graph.ID{stateElysia}, graph.RelQuery{Dir: graph.Both})
			if len(rels[stateElysia]) != 0 {
				t.Errorf("the good relationship of a rejected batch was written: %v", relIdentities(rels[stateElysia]))
			}
		})
	}
}
