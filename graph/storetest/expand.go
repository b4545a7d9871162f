package storetest

import (
	"encoding/json"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// testExpand checks Expand against graph.ExpandEach over the same store's
// Relationships and Nodes, to the byte: every fixture node as a start,
// hops of every direction, with and without types, kinds and projections,
// several hops in one call; and that a bad hop is Invalid.
func (s suite) testExpand(t *testing.T) {
	st := s.loaded(t)
	ctx := t.Context()
	var all []graph.ID
	for _, n := range Fixture().Nodes {
		all = append(all, n.ID)
	}
	all = append(all, "State:NOPE", "not an id", all[0]) // an ID twice
	var types []graph.RelType
	for _, r := range Fixture().Relationships {
		types = append(types, r.Type)
	}
	hops := []graph.Hop{
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Out}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.In}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Both}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Both, Types: types[:1]}, Nodes: &graph.Projection{}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Out, OtherKinds: []graph.NodeKind{graph.KindRegion, graph.KindState}},
			Nodes: &graph.Projection{Props: []string{"nameEn", "nameFr", "level", "noSuchProp"}}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Both}, Nodes: &graph.Projection{Props: []string{"nameEn"}, Sources: true}},
		{From: nil, RelQuery: graph.RelQuery{Dir: graph.Both}},
		{From: all, Self: true},
		{From: all, Self: true, Nodes: &graph.Projection{Props: []string{"nameEn", "level"}, Sources: true}},
	}
	marshal := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want, err := graph.ExpandEach(ctx, st, hops)
	if err != nil {
		t.Fatalf("ExpandEach: %v", err)
	}
	got, err := st.Expand(ctx, hops)
	if err != nil {
		t.Fatalf("Expand: %v", err)
	}
	if len(got) != len(hops) {
		t.Fatalf("%d expansions for %d hops", len(got), len(hops))
	}
	for i := range hops {
		if g, w := marshal(got[i]), marshal(want[i]); g != w {
			t.Errorf("hop %d (%+v):\n got %s\nwant %s", i, hops[i].RelQuery, g, w)
		}
	}
	// One hop alone answers as it does among others.
	one, err := st.Expand(ctx, hops[4:5])
	if err != nil {
		t.Fatalf("Expand: %v", err)
	}
	if g, w := marshal(one[0]), marshal(want[4]); g != w {
		t.Errorf("hop alone:\n got %s\nwant %s", g, w)
	}

	for _, bad := range []graph.Hop{
		{From: all, RelQuery: graph.RelQuery{Dir: "SIDEWAYS"}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{"NO_SUCH"}}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Out, OtherKinds: []graph.NodeKind{"Planet"}}},
		{From: all, RelQuery: graph.RelQuery{Dir: graph.Out}, Nodes: &graph.Projection{Props: []string{"x`}) RETURN 1 //"}}},
	} {
		if _, err := st.Expand(ctx, []graph.Hop{bad}); graph.ErrorCode(err) != graph.Invalid {
			t.Errorf("Expand(%+v) = %v, want Invalid", bad, err)
		}
	}
}

// testSnapshot checks that a snapshot answers every read as the store
// does, that it sees one state of the graph (a write after its first read
// is not in its answers), and that reads after Release are Unavailable.
func (s suite) testSnapshot(t *testing.T) {
	st := s.loaded(t)
	ctx := t.Context()
	ids := []graph.ID{}
	for _, n := range Fixture().Nodes {
		ids = append(ids, n.ID)
	}
	sn := st.Snapshot(ctx)
	released := false
	defer func() {
		if !released {
			sn.Release()
		}
	}()
	want, err := st.Nodes(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sn.Nodes(ctx, ids)
	if err != nil {
		t.Fatalf("snapshot Nodes: %v", err)
	}
	if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
		t.Errorf("snapshot Nodes:\n got %s\nwant %s", g, w)
	}
	wantCounts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotCounts, err := sn.Counts(ctx)
	if err != nil {
		t.Fatalf("snapshot Counts: %v", err)
	}
	if g, w := jsonOf(t, gotCounts), jsonOf(t, wantCounts); g != w {
		t.Errorf("snapshot Counts: got %s, want %s", g, w)
	}
	sn.Release()
	released = true
	if _, err := sn.Nodes(ctx, ids); graph.ErrorCode(err) != graph.Unavailable {
		t.Errorf("Nodes after Release = %v, want Unavailable", err)
	}
	sn.Release() // twice does nothing
}

// jsonOf returns v as JSON.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// testFindProjected checks that FindNodes with a projection returns the
// projection of what it returns without one, and refuses a bad property
// name in it.
func (s suite) testFindProjected(t *testing.T) {
	st := s.loaded(t)
	ctx := t.Context()
	kinds := map[graph.NodeKind]bool{}
	for _, n := range Fixture().Nodes {
		kinds[n.Kind] = true
	}
	for _, p := range []*graph.Projection{{}, {Props: []string{"nameEn", "nameFr", "level", "noSuchProp"}}, {Props: []string{"nameEn"}, Sources: true}} {
		for kind := range kinds {
			q := graph.NodeQuery{Kind: kind, Limit: 1000}
			whole, err := st.FindNodes(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			q.Project = p
			got, err := st.FindNodes(ctx, q)
			if err != nil {
				t.Fatalf("FindNodes %s projected: %v", kind, err)
			}
			want := graph.NodePage{Total: whole.Total, Nodes: []*graph.Node{}}
			for _, n := range whole.Nodes {
				want.Nodes = append(want.Nodes, p.Apply(n))
			}
			if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
				t.Errorf("FindNodes %s projected to %+v:\n got %s\nwant %s", kind, p, g, w)
			}
		}
	}
	bad := graph.NodeQuery{Kind: graph.KindState, Limit: 1, Project: &graph.Projection{Props: []string{"x`}) RETURN 1 //"}}}
	if _, err := st.FindNodes(ctx, bad); graph.ErrorCode(err) != graph.Invalid {
		t.Errorf("FindNodes with a bad projection = %v, want Invalid", err)
	}
}

// testFindExpand checks that FindNodes with hops (NodeQuery.Expand)
// answers the page that it answers without them, and for each hop what
// Expand answers from the page's nodes, to the byte: every kind, pages cut
// at an offset, empty pages, hops of every direction with and without
// types, kinds and projections; and that a hop with nodes of its own is
// Invalid.
func (s suite) testFindExpand(t *testing.T) {
	st := s.loaded(t)
	ctx := t.Context()
	kinds := map[graph.NodeKind]bool{}
	var types []graph.RelType
	for _, n := range Fixture().Nodes {
		kinds[n.Kind] = true
	}
	for _, r := range Fixture().Relationships {
		types = append(types, r.Type)
	}
	hops := []graph.Hop{
		{RelQuery: graph.RelQuery{Dir: graph.Out}},
		{RelQuery: graph.RelQuery{Dir: graph.In}, Nodes: &graph.Projection{Props: []string{"nameEn"}, Sources: true}},
		{RelQuery: graph.RelQuery{Dir: graph.Both}},
		{RelQuery: graph.RelQuery{Dir: graph.Both, Types: types[:1]}, Nodes: &graph.Projection{}},
		{RelQuery: graph.RelQuery{Dir: graph.Out, OtherKinds: []graph.NodeKind{graph.KindRegion, graph.KindState}},
			Nodes: &graph.Projection{Props: []string{"nameEn", "nameFr", "level", "noSuchProp"}}},
	}
	for kind := range kinds {
		for _, cut := range []struct{ offset, limit int }{{0, 1000}, {1, 2}, {0, 0}, {1000, 5}} {
			for _, project := range []*graph.Projection{nil, {Props: []string{"nameEn"}}} {
				q := graph.NodeQuery{Kind: kind, Offset: cut.offset, Limit: cut.limit, Project: project}
				plain, err := st.FindNodes(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want, err := st.Expand(ctx, graph.PageHops(hops, plain.Nodes))
				if err != nil {
					t.Fatal(err)
				}
				plain.Expansions = want
				q.Expand = hops
				got, err := st.FindNodes(ctx, q)
				if err != nil {
					t.Fatalf("FindNodes %s with hops: %v", kind, err)
				}
				if g, w := jsonOf(t, got), jsonOf(t, plain); g != w {
					t.Errorf("FindNodes %s %+v with hops:\n got %s\nwant %s", kind, cut, g, w)
				}
			}
		}
	}
	for _, bad := range []graph.Hop{
		{From: []graph.ID{"State:FRA"}, RelQuery: graph.RelQuery{Dir: graph.Out}},
		{Self: true},
		{RelQuery: graph.RelQuery{Dir: "SIDEWAYS"}},
		{RelQuery: graph.RelQuery{Dir: graph.Out}, Nodes: &graph.Projection{Props: []string{"x`}) RETURN 1 //"}}},
	} {
		q := graph.NodeQuery{Kind: graph.KindState, Limit: 5, Expand: []graph.Hop{bad}}
		if _, err := st.FindNodes(ctx, q); graph.ErrorCode(err) != graph.Invalid {
			t.Errorf("FindNodes with hop %+v = %v, want Invalid", bad, err)
		}
	}
}

// testNeighborhoodProjected checks that Neighborhood with a projection
// returns the projection of what it returns without one, and with Bare
// the bare relationships.
func (s suite) testNeighborhoodProjected(t *testing.T) {
	st := s.loaded(t)
	ctx := t.Context()
	for _, n := range Fixture().Nodes {
		for _, p := range []*graph.Projection{{}, {Props: []string{"nameEn", "level", "noSuchProp"}, Sources: true}} {
			q := graph.NeighborhoodQuery{Depth: 2, Limit: graph.MaxNeighborhoodLimit}
			whole, err := st.Neighborhood(ctx, n.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			q.Project = p
			got, err := st.Neighborhood(ctx, n.ID, q)
			if err != nil {
				t.Fatalf("Neighborhood %s projected: %v", n.ID, err)
			}
			want := whole
			want.Nodes = nil
			for _, m := range whole.Nodes {
				want.Nodes = append(want.Nodes, p.Apply(m))
			}
			if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
				t.Errorf("Neighborhood %s projected to %+v:\n got %s\nwant %s", n.ID, p, g, w)
			}
			// Bare relationships are the relationships' ends and types.
			q.Bare = true
			bare, err := st.Neighborhood(ctx, n.ID, q)
			if err != nil {
				t.Fatalf("Neighborhood %s bare: %v", n.ID, err)
			}
			want.Relationships = nil
			for _, r := range whole.Relationships {
				want.Relationships = append(want.Relationships, r.Bare())
			}
			if g, w := jsonOf(t, bare), jsonOf(t, want); g != w {
				t.Errorf("Neighborhood %s bare:\n got %s\nwant %s", n.ID, g, w)
			}
		}
	}
	bad := graph.NeighborhoodQuery{Depth: 1, Limit: 10, Project: &graph.Projection{Props: []string{"x`]) RETURN 1 //"}}}
	if _, err := st.Neighborhood(ctx, Fixture().Nodes[0].ID, bad); graph.ErrorCode(err) != graph.Invalid {
		t.Errorf("Neighborhood with a bad projection = %v, want Invalid", err)
	}
}
