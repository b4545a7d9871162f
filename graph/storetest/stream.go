package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// errLate is the error the sequences of the ApplyStream tests yield, as an
// importer does when it finds a bad row late in a file.
var errLate = errors.New("storetest: a problem found late in the sequence")

// batches returns the sequence of bs, which yields errLate in place of the
// failAt-th batch (1-based; 0 never), and stops there.
func batches(failAt int, bs ...graph.Batch) iter.Seq2[graph.Batch, error] {
	return func(yield func(graph.Batch, error) bool) {
		for i, b := range bs {
			if i+1 == failAt {
				yield(graph.Batch{}, errLate)
				return
			}
			if !yield(b, nil) {
				return
			}
		}
		if failAt == len(bs)+1 {
			yield(graph.Batch{}, errLate)
		}
	}
}

// Snapshot describes everything a store holds, as the Store interface
// shows it: every node (found kind by kind) with its properties, their
// types and its sources, every relationship with its properties and
// source, the counts, the degrees and the hits of a few searches. Two
// stores, or one store at two moments, with the same snapshot cannot be
// told apart by a caller.
func Snapshot(t testing.TB, st graph.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	var ids []graph.ID
	for _, k := range graph.NodeKinds {
		for offset := 0; ; offset += 500 {
			page, err := st.FindNodes(ctx, graph.NodeQuery{Kind: k, Offset: offset, Limit: 500})
			if err != nil {
				t.Fatalf("snapshot: FindNodes(%s): %v", k, err)
			}
			for _, n := range page.Nodes {
				ids = append(ids, n.ID)
			}
			if offset+500 >= page.Total {
				break
			}
		}
	}
	for chunk := range slices.Chunk(ids, 500) {
		nodes, err := st.Nodes(ctx, chunk)
		if err != nil {
			t.Fatalf("snapshot: Nodes: %v", err)
		}
		rels, err := st.Relationships(ctx, chunk, graph.RelQuery{Dir: graph.Out})
		if err != nil {
			t.Fatalf("snapshot: Relationships: %v", err)
		}
		for i, n := range nodes {
			fmt.Fprintf(&b, "node %s\n", describeNode(normalNode(n)))
			for _, r := range rels[chunk[i]] {
				fmt.Fprintf(&b, "  rel %s\n", describeRel(normalRel(r)))
			}
		}
	}
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatalf("snapshot: Counts: %v", err)
	}
	for _, k := range graph.NodeKinds {
		fmt.Fprintf(&b, "count %s %d\n", k, c.Nodes[k])
	}
	for _, r := range graph.RelTypes {
		fmt.Fprintf(&b, "count %s %d\n", r, c.Relationships[r])
	}
	d, err := st.Degrees(ctx)
	if err != nil {
		t.Fatalf("snapshot: Degrees: %v", err)
	}
	fmt.Fprintf(&b, "degrees %v\n", d)
	for _, text := range []string{"arcadie", "testland", "streamland", "terror", "streamed"} {
		hits, err := st.Search(ctx, graph.SearchQuery{Text: text, Limit: 100})
		if err != nil {
			t.Fatalf("snapshot: Search(%q): %v", text, err)
		}
		fmt.Fprintf(&b, "search %q %v\n", text, hits)
	}
	return b.String()
}

// sameSnapshot fails t unless got and want are the same, naming the first
// line that differs.
func sameSnapshot(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s: the graph differs, first at line %d:\n got %s\nwant %s", what, i+1, gl, wl)
			return
		}
	}
}

// streamNodes returns n new states XS0001… (test data), named "Streamland
// n" in version v.
func streamNodes(from, n int, v string) []*graph.Node {
	out := make([]*graph.Node, n)
	for i := range n {
		key := fmt.Sprintf("XS%04d", from+i)
		out[i] = graph.NewNode(graph.KindState, key, graph.Props{
			"nameEn": fmt.Sprintf("Streamland %d", from+i), "version": v, "iso3": key,
		}, fixtureSource)
	}
	return out
}

// streamRels returns, for each of nodes, its IN_REGION relationship to
// region with version v.
func streamRels(nodes []*graph.Node, region graph.ID, v string) []*graph.Relationship {
	out := make([]*graph.Relationship, len(nodes))
	for i, n := range nodes {
		out[i] = rel(n.ID, graph.RelInRegion, region, "", graph.Props{"version": v})
	}
	return out
}

// changingBatches returns batches that change a loaded store in every way
// a stream can: they add nodes and relationships, replace nodes and
// relationships of the fixture (properties and sources), replace in a
// later batch what an earlier one wrote, and link new nodes to old ones and
// to each other.
func changingBatches() []graph.Batch {
	first := streamNodes(1, 3, "first")
	second := streamNodes(1, 2, "second") // replaces two of first
	arcadia := graph.NewNode(graph.KindState, "XAA", graph.Props{"nameEn": "Arcadia Streamed", "version": "second"},
		graph.Source{Citation: "storetest stream", Basis: graph.Imported})
	borduria := graph.NewNode(graph.KindState, "XBB", graph.Props{"nameEn": "Borduria Streamed"})
	return []graph.Batch{
		{Nodes: first, Relationships: streamRels(first, regionNorth, "first")},
		{
			Nodes: append(second, arcadia),
			Relationships: append(streamRels(second, regionNorth, "second"),
				rel(stateArcadia, graph.RelInRegion, regionNorth, "", graph.Props{"level": "STREAMED"}),
				rel("State:XS0003", graph.RelInRegion, regionSouth, "", nil)),
		},
		{
			Nodes:         []*graph.Node{borduria},
			Relationships: []*graph.Relationship{rel("State:XS0001", graph.RelInRegion, regionSouth, "", graph.Props{"version": "third"})},
		},
	}
}

func (s suite) testApplyStream(t *testing.T) {
	t.Run("empty-sequence", func(t *testing.T) {
		st := s.loaded(t)
		before := Snapshot(t, st)
		if err := st.ApplyStream(t.Context(), batches(0)); err != nil {
			t.Fatalf("ApplyStream of no batch: %v", err)
		}
		sameSnapshot(t, "after no batch", Snapshot(t, st), before)
	})

	t.Run("fixture-in-batches", func(t *testing.T) {
		st := s.empty(t)
		f := Fixture()
		half := len(f.Nodes) / 2
		relHalf := len(f.Relationships) / 2
		// The relationships of the second and third batches refer to
		// nodes of the first two.
		err := st.ApplyStream(t.Context(), batches(0,
			graph.Batch{Nodes: f.Nodes[:half]},
			graph.Batch{Nodes: f.Nodes[half:], Relationships: f.Relationships[:relHalf]},
			graph.Batch{Relationships: f.Relationships[relHalf:]},
		))
		if err != nil {
			t.Fatalf("ApplyStream: %v", err)
		}
		sameCounts(t, mustCounts(t, st), fixtureCounts(Fixture()))
		ids := make([]graph.ID, len(f.Nodes))
		for i, n := range f.Nodes {
			ids[i] = n.ID
		}
		for i, got := range mustNodes(t, st, ids...) {
			sameNode(t, got, Fixture().Nodes[i])
		}
		rels := mustRels(t, st, ids, graph.RelQuery{Dir: graph.Out})
		for _, want := range Fixture().Relationships {
			i := slices.IndexFunc(rels[want.From], func(r *graph.Relationship) bool { return r.Identity() == want.Identity() })
			if i < 0 {
				t.Errorf("relationship %s was not written", want.Identity())
				continue
			}
			sameRel(t, rels[want.From][i], want)
		}
		// Apply of the same fixture finds nothing to change.
		streamed := Snapshot(t, st)
		mustApply(t, st, Fixture())
		sameSnapshot(t, "Apply after ApplyStream of the same fixture", Snapshot(t, st), streamed)
	})

	t.Run("later-batches-replace", func(t *testing.T) {
		st := s.loaded(t)
		if err := st.ApplyStream(t.Context(), batches(0, changingBatches()...)); err != nil {
			t.Fatalf("ApplyStream: %v", err)
		}
		nodes := mustNodes(t, st, "State:XS0001", "State:XS0003", stateArcadia, stateBorduria)
		for i, want := range []string{"second", "first", "second", ""} {
			if nodes[i] == nil || nodes[i].Props.String("version") != want {
				t.Errorf("node %d after the stream: %s, want version %q", i, describeNode(nodes[i]), want)
			}
		}
		if got := nodes[2].Props.String("nameEn"); got != "Arcadia Streamed" {
			t.Errorf("Arcadia's name %q, want the streamed one", got)
		}
		rels := mustRels(t, st, []graph.ID{"State:XS0001", stateArcadia}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelInRegion}})
		var got []string
		for _, id := range []graph.ID{"State:XS0001", stateArcadia} {
			for _, r := range rels[id] {
				got = append(got, fmt.Sprintf("%s %v", r.Identity(), r.Props))
			}
		}
		want := []string{
			"State:XS0001|IN_REGION|Region:902| map[version:second]",
			"State:XS0001|IN_REGION|Region:903| map[version:third]",
			"State:XAA|IN_REGION|Region:902| map[level:STREAMED]",
		}
		if !slices.Equal(got, want) {
			t.Errorf("relationships after the stream:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		c := fixtureCounts(Fixture())
		c.Nodes[graph.KindState] += 3
		c.Relationships[graph.RelInRegion] += 5
		sameCounts(t, mustCounts(t, st), c)
	})

	// Whichever batch the sequence fails at, the graph is as it was.
	for failAt := 1; failAt <= 4; failAt++ {
		t.Run(fmt.Sprintf("sequence-fails-at-batch-%d", failAt), func(t *testing.T) {
			st := s.loaded(t)
			before := Snapshot(t, st)
			err := st.ApplyStream(t.Context(), batches(failAt, changingBatches()...))
			if !errors.Is(err, errLate) {
				t.Fatalf("ApplyStream: %v, want the sequence's error wrapped", err)
			}
			sameSnapshot(t, "after a failed stream", Snapshot(t, st), before)
		})
	}

	t.Run("invalid-batch", func(t *testing.T) {
		st := s.loaded(t)
		before := Snapshot(t, st)
		bs := changingBatches()
		bs[2].Nodes = append(bs[2].Nodes, graph.NewNode(graph.KindState, "XFF", graph.Props{"population": 5}))
		wantCode(t, st.ApplyStream(t.Context(), batches(0, bs...)), graph.Invalid)
		sameSnapshot(t, "after an invalid batch", Snapshot(t, st), before)
	})

	t.Run("endpoint-in-a-later-batch", func(t *testing.T) {
		st := s.loaded(t)
		before := Snapshot(t, st)
		bs := changingBatches()
		bs[1].Relationships = append(bs[1].Relationships, rel(stateArcadia, graph.RelInRegion, "Region:909", "", nil))
		bs[2].Nodes = append(bs[2].Nodes, node("Region:909", graph.Props{"code": "909"}))
		wantCode(t, st.ApplyStream(t.Context(), batches(0, bs...)), graph.Invalid)
		sameSnapshot(t, "after a batch naming a node of a later one", Snapshot(t, st), before)
	})

	t.Run("canceled-midway", func(t *testing.T) {
		st := s.loaded(t)
		before := Snapshot(t, st)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		bs := changingBatches()
		seq := func(yield func(graph.Batch, error) bool) {
			for i, b := range bs {
				if i == 2 {
					cancel()
				}
				if !yield(b, nil) {
					return
				}
			}
		}
		if err := st.ApplyStream(ctx, seq); !errors.Is(err, context.Canceled) {
			t.Fatalf("ApplyStream canceled midway: %v, want an error wrapping context.Canceled", err)
		}
		sameSnapshot(t, "after a canceled stream", Snapshot(t, st), before)
	})

	t.Run("reads-between-batches", func(t *testing.T) {
		st := s.loaded(t)
		bs := changingBatches()
		seq := func(yield func(graph.Batch, error) bool) {
			for _, b := range bs {
				if _, err := st.Nodes(t.Context(), []graph.ID{stateArcadia}); err != nil {
					yield(graph.Batch{}, err)
					return
				}
				if !yield(b, nil) {
					return
				}
			}
		}
		if err := st.ApplyStream(t.Context(), seq); err != nil {
			t.Fatalf("ApplyStream whose sequence reads the store: %v", err)
		}
	})

	// Batches larger than a transaction of a store that writes each in
	// several: undone all the same.
	t.Run("large-batches", func(t *testing.T) {
		st := s.loaded(t)
		before := Snapshot(t, st)
		const n = 6000
		first, second := streamNodes(1, n, "first"), streamNodes(n/2, n, "second")
		bs := []graph.Batch{
			{Nodes: first, Relationships: streamRels(first, regionNorth, "first")},
			{Nodes: second, Relationships: streamRels(second, regionSouth, "second")},
		}
		err := st.ApplyStream(t.Context(), batches(3, bs...))
		if !errors.Is(err, errLate) {
			t.Fatalf("ApplyStream: %v, want the sequence's error wrapped", err)
		}
		sameSnapshot(t, "after a failed stream of large batches", Snapshot(t, st), before)

		if err := st.ApplyStream(t.Context(), batches(0, bs...)); err != nil {
			t.Fatalf("ApplyStream: %v", err)
		}
		c := fixtureCounts(Fixture())
		c.Nodes[graph.KindState] += n + n/2 - 1
		c.Relationships[graph.RelInRegion] += 2 * n
		sameCounts(t, mustCounts(t, st), c)
	})
}
