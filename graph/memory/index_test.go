package memory_test

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
)

// plans are the ways of planning a find that the index tests run under:
// the default rules, and the two that force the indexes on a small graph.
var plans = []struct {
	name string
	plan memory.Plan // 0: the default rules
}{{"default", 0}, {"index-sort", memory.PlanIndexSort}, {"index-order", memory.PlanIndexOrder}}

// newPlanned returns an empty store planning its finds by p (0: the default).
func newPlanned(p memory.Plan) *memory.Store {
	s := memory.New()
	if p != 0 {
		memory.SetPlan(s, p)
	}
	return s
}

// found is what a find answered: the IDs of its page, in order, and its total.
type found struct {
	IDs   []graph.ID
	Total int
}

func (f found) String() string { return fmt.Sprintf("%v (total %d)", f.IDs, f.Total) }

// find runs q on r and returns what it found.
func find(t *testing.T, r graph.Reader, q graph.NodeQuery) found {
	t.Helper()
	page, err := r.FindNodes(t.Context(), q)
	if err != nil {
		t.Fatalf("FindNodes(%+v): %v", q, err)
	}
	f := found{IDs: []graph.ID{}, Total: page.Total}
	for _, n := range page.Nodes {
		f.IDs = append(f.IDs, n.ID)
	}
	return f
}

// stateNode returns the State with key key and props.
func stateNode(key string, props graph.Props) *graph.Node {
	return graph.NewNode(graph.KindState, key, props, testSource)
}

// indexFiller returns 100 states S000…S099 in five groups g0…g4 (a
// string), with a number n (their index), a list of tags and a flag: more
// than the default rules need to start from an index.
func indexFiller() []*graph.Node {
	var nodes []*graph.Node
	for i := range 100 {
		nodes = append(nodes, stateNode(fmt.Sprintf("S%03d", i), graph.Props{
			"group": fmt.Sprintf("g%d", i%5),
			"n":     int64(i),
			"tags":  []string{fmt.Sprintf("t%d", i%7), "all"},
			"flag":  i%2 == 0,
		}))
	}
	return nodes
}

func eq(prop string, op graph.Op, value any, more ...string) graph.Cond {
	return graph.Cond{Props: append([]string{prop}, more...), Op: op, Value: value}
}

// TestIndexSeesWrites builds the indexes of a find, writes, and checks that
// the same find sees each write: a node added, a property changed, a
// property removed, folded values, list elements, numbers and booleans,
// and the order of a sorted page.
func TestIndexSeesWrites(t *testing.T) {
	g1 := graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{eq("group", graph.OpEq, "g1")}, Limit: 3}
	g1Fold := graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{eq("group", graph.OpEqFold, "G1")}, Limit: 3}
	byN := graph.NodeQuery{Kind: graph.KindState, OrderBy: "n", Limit: 3}
	tagT3 := graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{eq("tags", graph.OpEq, "t3")}, Limit: 100}
	five := graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{eq("n", graph.OpEq, 5.0)}, Limit: 3}
	unflagged := graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{eq("flag", graph.OpEq, false), eq("group", graph.OpEq, "g0")}, Limit: 3}
	ids := func(keys ...string) []graph.ID {
		out := []graph.ID{}
		for _, k := range keys {
			out = append(out, graph.NewID(graph.KindState, k))
		}
		return out
	}

	steps := []struct {
		name  string
		write []*graph.Node
		q     graph.NodeQuery
		want  found
	}{
		{"built", nil, g1, found{ids("S001", "S006", "S011"), 20}},
		{"node added", []*graph.Node{stateNode("A000", graph.Props{"group": "g1"})}, g1, found{ids("A000", "S001", "S006"), 21}},
		{"property changed", []*graph.Node{stateNode("A000", graph.Props{"group": "g2"}), stateNode("S001", graph.Props{"group": "g2", "n": int64(1)})}, g1, found{ids("S006", "S011", "S016"), 19}},
		{"property removed", []*graph.Node{stateNode("S006", graph.Props{"n": int64(6)})}, g1, found{ids("S011", "S016", "S021"), 18}},
		{"folded built", nil, g1Fold, found{ids("S011", "S016", "S021"), 18}},
		{"folded value added", []*graph.Node{stateNode("A001", graph.Props{"group": "Ĝ1"})}, g1Fold, found{ids("A001", "S011", "S016"), 19}},
		{"folded value is not equal", nil, g1, found{ids("S011", "S016", "S021"), 18}},
		{"folded value changed", []*graph.Node{stateNode("A001", graph.Props{"group": "G10"})}, g1Fold, found{ids("S011", "S016", "S021"), 18}},
		{"order built", nil, byN, found{ids("S000", "S001", "S002"), 102}},
		{"order sees a change", []*graph.Node{stateNode("S000", graph.Props{"n": int64(500)}), stateNode("A002", graph.Props{"n": int64(-1)})}, byN, found{ids("A002", "S001", "S002"), 103}},
		{"order sees a removal", []*graph.Node{stateNode("A002", nil)}, byN, found{ids("S001", "S002", "S003"), 103}},
		{"list built", nil, tagT3, found{ids("S003", "S010", "S017", "S024", "S031", "S038", "S045", "S052", "S059", "S066", "S073", "S080", "S087", "S094"), 14}},
		{"list element removed and added", []*graph.Node{
			stateNode("S003", graph.Props{"tags": []string{"all"}}),
			stateNode("S004", graph.Props{"tags": []string{"t3", "t3", "T3"}}),
		}, tagT3, found{ids("S004", "S010", "S017", "S024", "S031", "S038", "S045", "S052", "S059", "S066", "S073", "S080", "S087", "S094"), 14}},
		{"number built", nil, five, found{ids("S005"), 1}},
		{"number as float", []*graph.Node{stateNode("A003", graph.Props{"n": 5.0}), stateNode("A004", graph.Props{"n": math.NaN()})}, five, found{ids("A003", "S005"), 2}},
		{"number changed", []*graph.Node{stateNode("S005", graph.Props{"n": 5.5})}, five, found{ids("A003"), 1}},
		// S005 lost its group and flag above.
		{"boolean built", nil, unflagged, found{ids("S015", "S025", "S035"), 9}},
		{"boolean changed", []*graph.Node{stateNode("S015", graph.Props{"group": "g0", "flag": true})}, unflagged, found{ids("S025", "S035", "S045"), 8}},
	}
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			s := newPlanned(p.plan)
			if err := s.Apply(t.Context(), graph.Batch{Nodes: indexFiller()}); err != nil {
				t.Fatal(err)
			}
			for _, st := range steps {
				if len(st.write) > 0 {
					if err := s.Apply(t.Context(), graph.Batch{Nodes: st.write}); err != nil {
						t.Fatal(err)
					}
				}
				if got := find(t, s, st.q); !slices.Equal(got.IDs, st.want.IDs) || got.Total != st.want.Total {
					t.Errorf("%s: found %v, want %v", st.name, got, st.want)
				}
				if err := memory.CheckIndexes(s); err != nil {
					t.Errorf("%s: the indexes: %v", st.name, err)
				}
			}
		})
	}
}

// TestIndexSeesApplyStream checks that the indexes see what ApplyStream
// writes, a large part of the kind at once (the order index is sorted
// again) or a few nodes (merged in), and nothing of a stream that fails.
func TestIndexSeesApplyStream(t *testing.T) {
	stream := func(batches ...graph.Batch) iter.Seq2[graph.Batch, error] {
		return func(yield func(graph.Batch, error) bool) {
			for _, b := range batches {
				if !yield(b, nil) {
					return
				}
			}
		}
	}
	many := func(prefix string, n int, group string) graph.Batch {
		var b graph.Batch
		for i := range n {
			b.Nodes = append(b.Nodes, stateNode(fmt.Sprintf("%s%04d", prefix, i), graph.Props{"group": group, "n": int64(n - i)}))
		}
		return b
	}
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			s := newPlanned(p.plan)
			ctx := t.Context()
			if err := s.ApplyStream(ctx, stream(many("B", 1500, "b"), many("C", 500, "c"))); err != nil {
				t.Fatal(err)
			}
			groupB := graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{eq("group", graph.OpEqFold, "B")}, OrderBy: "n", Limit: 2}
			byKey := graph.NodeQuery{Kind: graph.KindState, Offset: 1499, Limit: 2}
			check := func(step string, q graph.NodeQuery, want found) {
				t.Helper()
				if got := find(t, s, q); !slices.Equal(got.IDs, want.IDs) || got.Total != want.Total {
					t.Errorf("%s: found %v, want %v", step, got, want)
				}
				if err := memory.CheckIndexes(s); err != nil {
					t.Errorf("%s: the indexes: %v", step, err)
				}
			}
			check("built", groupB, found{[]graph.ID{"State:B1499", "State:B1498"}, 1500})
			check("built", byKey, found{[]graph.ID{"State:B1499", "State:C0000"}, 2000})

			// Most of the kind rewritten: B0000…B1199 move to group c.
			if err := s.ApplyStream(ctx, stream(many("B", 1200, "c"), many("A", 3, "b"))); err != nil {
				t.Fatal(err)
			}
			check("rewritten", groupB, found{[]graph.ID{"State:A0002", "State:B1499"}, 303})
			check("rewritten", byKey, found{[]graph.ID{"State:B1496", "State:B1497"}, 2003})

			// A stream that fails writes nothing.
			failing := func(yield func(graph.Batch, error) bool) {
				if yield(many("D", 10, "b"), nil) {
					yield(graph.Batch{}, fmt.Errorf("a problem late in the file"))
				}
			}
			if err := s.ApplyStream(ctx, failing); err == nil {
				t.Fatal("ApplyStream of a failing stream succeeded")
			}
			check("failed stream", groupB, found{[]graph.ID{"State:A0002", "State:B1499"}, 303})

			// A few nodes: merged into the order index.
			few := graph.Batch{Nodes: []*graph.Node{
				stateNode("E0000", graph.Props{"group": "b", "n": int64(0)}),
				stateNode("E0001", graph.Props{"group": "b", "n": int64(-1)}),
			}}
			if err := s.ApplyStream(ctx, stream(few)); err != nil {
				t.Fatal(err)
			}
			check("merged", groupB, found{[]graph.ID{"State:E0001", "State:E0000"}, 305})
			check("merged", byKey, found{[]graph.ID{"State:B1496", "State:B1497"}, 2005})
		})
	}
}

// TestIndexSnapshot checks that a snapshot that read through the indexes
// keeps seeing its state while a write waits for it, and that the write is
// seen once it is released.
func TestIndexSnapshot(t *testing.T) {
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			s := newPlanned(p.plan)
			ctx := t.Context()
			if err := s.Apply(ctx, graph.Batch{Nodes: indexFiller()}); err != nil {
				t.Fatal(err)
			}
			qs := []graph.NodeQuery{
				{Kind: graph.KindState, Where: []graph.Cond{eq("group", graph.OpEqFold, "G3")}, Limit: 2},
				{Kind: graph.KindState, OrderBy: "n", Limit: 2},
			}
			sn := s.Snapshot(ctx)
			var before []found
			for _, q := range qs {
				before = append(before, find(t, sn, q))
			}
			written := make(chan error, 1)
			go func() {
				written <- s.Apply(context.Background(), graph.Batch{Nodes: []*graph.Node{
					stateNode("A000", graph.Props{"group": "g3", "n": int64(-1)}),
				}})
			}()
			for i, q := range qs {
				if got := find(t, sn, q); !slices.Equal(got.IDs, before[i].IDs) || got.Total != before[i].Total {
					t.Errorf("snapshot: find %d again: %v, first %v", i+1, got, before[i])
				}
			}
			sn.Release()
			if err := <-written; err != nil {
				t.Fatal(err)
			}
			for i, q := range qs {
				got := find(t, s, q)
				if got.Total != before[i].Total+1 || len(got.IDs) == 0 || got.IDs[0] != "State:A000" {
					t.Errorf("after the write: find %d: %v, want State:A000 first and one more than %v", i+1, got, before[i])
				}
			}
		})
	}
}

// TestIndexesAgreeWithScan applies random writes (nodes added and
// replaced, properties changed and dropped, relationships added) and after
// each asks random finds of stores planned every way, which must answer
// as a new store that scans every node and sorts every match answers.
func TestIndexesAgreeWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	words := []string{"Alpha", "alpha", "ÀLPHA", "beta", "Bêta", "gamma", "", "Delta"}
	numbers := []any{int64(1), int64(2), 1.0, 2.5, math.NaN(), int64(1 << 53), float64(1 << 53), int64(1<<53 + 1)}
	kinds := []graph.NodeKind{graph.KindState, graph.KindRegion}
	props := func() graph.Props {
		p := graph.Props{}
		if rng.IntN(4) > 0 {
			p["name"] = words[rng.IntN(len(words))]
		}
		if rng.IntN(2) == 0 {
			p["alias"] = words[rng.IntN(len(words))]
		}
		if rng.IntN(3) == 0 {
			var list []string
			for range rng.IntN(4) {
				list = append(list, words[rng.IntN(len(words))])
			}
			p["name"] = list
		}
		if rng.IntN(3) > 0 {
			p["n"] = numbers[rng.IntN(len(numbers))]
		}
		if rng.IntN(2) == 0 {
			p["flag"] = rng.IntN(2) == 0
		}
		return p
	}
	key := func() string { return fmt.Sprintf("K%02d", rng.IntN(80)) }
	query := func() graph.NodeQuery {
		q := graph.NodeQuery{Kind: kinds[rng.IntN(len(kinds))], Offset: rng.IntN(3), Limit: 1 + rng.IntN(6)}
		for range rng.IntN(3) {
			switch rng.IntN(5) {
			case 0:
				q.Where = append(q.Where, eq("name", graph.OpEqFold, words[rng.IntN(len(words))], "alias"))
			case 1:
				q.Where = append(q.Where, eq("name", graph.OpEq, words[rng.IntN(len(words))]))
			case 2:
				v := numbers[rng.IntN(len(numbers))]
				if f, ok := v.(float64); ok && math.IsNaN(f) {
					v = 2.5
				}
				q.Where = append(q.Where, eq("n", graph.OpEq, v))
			case 3:
				q.Where = append(q.Where, eq("flag", graph.OpEq, rng.IntN(2) == 0))
			case 4:
				q.Where = append(q.Where, eq("name", graph.OpContains, "a", "alias"))
			}
		}
		for range rng.IntN(3) {
			q.Related = append(q.Related, graph.RelCond{
				Type: []graph.RelType{graph.RelInRegion, graph.RelMemberOf}[rng.IntN(2)],
				Dir:  []graph.Direction{graph.Out, graph.In, graph.Both}[rng.IntN(3)],
				// A node that may be missing: it then matches nothing.
				Other: graph.NewID(kinds[rng.IntN(len(kinds))], key()),
			})
		}
		q.OrderBy = []string{"", "", "name", "n", "flag"}[rng.IntN(5)]
		return q
	}

	stores := make([]*memory.Store, len(plans))
	for i, p := range plans {
		stores[i] = newPlanned(p.plan)
	}
	nodes := map[graph.ID]*graph.Node{}
	rels := map[string]*graph.Relationship{}
	ctx := t.Context()
	for step := range 150 {
		var b graph.Batch
		for range 1 + rng.IntN(8) {
			k := kinds[rng.IntN(len(kinds))]
			n := graph.NewNode(k, key(), props(), testSource)
			b.Nodes = append(b.Nodes, n)
			nodes[n.ID] = n
		}
		ids := slices.Collect(maps.Keys(nodes))
		slices.Sort(ids)
		for range rng.IntN(6) {
			r := &graph.Relationship{
				From: ids[rng.IntN(len(ids))], To: ids[rng.IntN(len(ids))], Source: testSource,
				Type: []graph.RelType{graph.RelInRegion, graph.RelMemberOf}[rng.IntN(2)],
				Key:  []string{"", "", "k"}[rng.IntN(3)],
			}
			b.Relationships = append(b.Relationships, r)
			rels[r.Identity()] = r
		}
		for _, s := range stores {
			var err error
			if step%2 == 0 {
				err = s.Apply(ctx, b)
			} else {
				err = s.ApplyStream(ctx, func(yield func(graph.Batch, error) bool) {
					half := len(b.Nodes) / 2
					if yield(graph.Batch{Nodes: b.Nodes[:half]}, nil) {
						yield(graph.Batch{Nodes: b.Nodes[half:], Relationships: b.Relationships}, nil)
					}
				})
			}
			if err != nil {
				t.Fatal(err)
			}
		}

		ref := memory.New()
		memory.SetPlan(ref, memory.PlanScan)
		all := graph.Batch{Nodes: slices.Collect(maps.Values(nodes)), Relationships: slices.Collect(maps.Values(rels))}
		if err := ref.Apply(ctx, all); err != nil {
			t.Fatal(err)
		}
		for range 10 {
			q := query()
			want := find(t, ref, q)
			for i, s := range stores {
				if got := find(t, s, q); !slices.Equal(got.IDs, want.IDs) || got.Total != want.Total {
					t.Fatalf("step %d, plan %s: FindNodes(%+v) = %v, a scan finds %v", step, plans[i].name, q, got, want)
				}
			}
		}
		for i, s := range stores {
			if err := memory.CheckIndexes(s); err != nil {
				t.Fatalf("step %d, plan %s: the indexes: %v", step, plans[i].name, err)
			}
		}
	}
}

// TestIndexConcurrentUse has readers build and use the same indexes at
// once while batches are written; run it with -race.
func TestIndexConcurrentUse(t *testing.T) {
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			s := newPlanned(p.plan)
			ctx := t.Context()
			if err := s.Apply(ctx, graph.Batch{Nodes: indexFiller()}); err != nil {
				t.Fatal(err)
			}
			qs := []graph.NodeQuery{
				{Kind: graph.KindState, Where: []graph.Cond{eq("group", graph.OpEqFold, "G2", "tags")}, OrderBy: "n", Limit: 5},
				{Kind: graph.KindState, Where: []graph.Cond{eq("tags", graph.OpEq, "all")}, Limit: 5},
				{Kind: graph.KindState, OrderBy: "n", Offset: 50, Limit: 5},
			}
			errs := make(chan error, 10)
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for i := range 40 {
						if _, err := s.FindNodes(ctx, qs[(w+i)%len(qs)]); err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Go(func() {
				for i := range 40 {
					n := stateNode(fmt.Sprintf("W%03d", i), graph.Props{"group": "g2", "n": int64(-i), "tags": []string{"all"}})
					if err := s.Apply(ctx, graph.Batch{Nodes: []*graph.Node{n}}); err != nil {
						errs <- err
						return
					}
				}
			})
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if got := find(t, s, qs[0]); got.Total != 60 || got.IDs[0] != "State:W039" {
				t.Errorf("after the writes: %v, want 60 in group g2, W039 first", got)
			}
			if err := memory.CheckIndexes(s); err != nil {
				t.Errorf("the indexes: %v", err)
			}
		})
	}
}
