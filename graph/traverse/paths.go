package traverse

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// ShortestPaths answers graph.Store.ShortestPaths over r. The search is
// breadth-first from both ends at once, always extending the smaller
// frontier. It calls r.Relationships once per level walked (at most
// q.MaxLength times, whatever the fan-out) and r.Nodes once; the paths are
// listed from the shortest-path DAG the two searches leave, smallest step
// first.
func ShortestPaths(ctx context.Context, r Reader, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	limit := q.Paths()
	for _, id := range []graph.ID{from, to} {
		if _, _, err := graph.ParseID(id); err != nil {
			return nil, graph.NoNode(id)
		}
	}

	var steps [][]step
	if from == to {
		steps = [][]step{nil}
	} else {
		fwd, bwd := newSide(from), newSide(to)
		rq := graph.RelQuery{Dir: graph.Both, Types: q.Types}
		var meet []graph.ID
		for level := 0; level < q.MaxLength && len(meet) == 0; level++ {
			side, other := fwd, bwd
			if len(bwd.frontier) < len(fwd.frontier) {
				side, other = bwd, fwd
			}
			if len(side.frontier) == 0 {
				break
			}
			if err := side.expand(ctx, r, rq); err != nil {
				return nil, fmt.Errorf("paths from %s to %s: level %d: %w", from, to, level+1, err)
			}
			for _, id := range side.frontier {
				if _, ok := other.dist[id]; ok {
					meet = append(meet, id)
				}
			}
		}
		if len(meet) > 0 {
			steps = enumerate(from, to, meet, fwd, bwd, limit)
		}
	}

	// One Nodes call: the two ends and every node on a path.
	ids := []graph.ID{from, to}
	for _, p := range steps {
		for _, st := range p {
			ids = append(ids, st.node)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	nodes, err := r.Nodes(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("paths from %s to %s: nodes: %w", from, to, err)
	}
	byID := make(map[graph.ID]*graph.Node, len(nodes))
	for _, n := range nodes {
		if n != nil {
			byID[n.ID] = n
		}
	}
	for _, id := range []graph.ID{from, to} {
		if byID[id] == nil {
			return nil, graph.NoNode(id)
		}
	}
	paths := make([]graph.Path, 0, len(steps))
next:
	for _, p := range steps {
		path := graph.Path{Nodes: []*graph.Node{byID[from]}, Relationships: make([]*graph.Relationship, 0, len(p))}
		for _, st := range p {
			n := byID[st.node]
			if n == nil { // deleted while we walked
				continue next
			}
			path.Nodes = append(path.Nodes, n)
			path.Relationships = append(path.Relationships, st.rel)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// step is one step of a path: the relationship taken and the node it leads to.
type step struct {
	rel  *graph.Relationship
	node graph.ID
}

// compareSteps orders steps by node ID, then relationship identity.
func compareSteps(a, b step) int {
	if c := strings.Compare(string(a.node), string(b.node)); c != 0 {
		return c
	}
	return byIdentity(a.rel, b.rel)
}

// side is one end of a bidirectional breadth-first search.
type side struct {
	dist     map[graph.ID]int                   // distance from the end
	parents  map[graph.ID][]*graph.Relationship // relationships to the nodes one step closer to the end
	frontier []graph.ID                         // the nodes of the last level, not expanded yet
	depth    int                                // the level of the frontier
}

func newSide(end graph.ID) *side {
	return &side{
		dist:     map[graph.ID]int{end: 0},
		parents:  map[graph.ID][]*graph.Relationship{},
		frontier: []graph.ID{end},
	}
}

// expand walks one level further with one Relationships call.
func (sd *side) expand(ctx context.Context, r Reader, q graph.RelQuery) error {
	m, err := r.Relationships(ctx, sd.frontier, q)
	if err != nil {
		return err
	}
	sd.depth++
	var next []graph.ID
	for _, id := range sd.frontier {
		for _, rel := range m[id] {
			other := rel.Other(id)
			d, ok := sd.dist[other]
			if !ok {
				d = sd.depth
				sd.dist[other] = d
				next = append(next, other)
			}
			if d == sd.depth {
				sd.parents[other] = append(sd.parents[other], rel)
			}
		}
	}
	slices.Sort(next)
	sd.frontier = next
	return nil
}

// enumerate lists up to limit shortest paths from from to to, in order, as
// the steps after from. Every shortest path goes through exactly one node of
// meet: the part before it follows fwd's parents backwards, the part after it
// bwd's parents.
func enumerate(from, to graph.ID, meet []graph.ID, fwd, bwd *side, limit int) [][]step {
	// succ[u] are the steps from u one node closer to to on a shortest path.
	succ := map[graph.ID][]step{}
	// Before the meeting nodes: reverse fwd's parents, from the meeting
	// nodes back to from, visiting each node once.
	onPath := map[graph.ID]bool{}
	queue := slices.Clone(meet)
	for _, id := range meet {
		onPath[id] = true
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, r := range fwd.parents[v] {
			u := r.Other(v)
			succ[u] = append(succ[u], step{rel: r, node: v})
			if !onPath[u] {
				onPath[u] = true
				queue = append(queue, u)
			}
		}
	}
	// After them: bwd's parents lead to to.
	done := map[graph.ID]bool{}
	queue = slices.Clone(meet)
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if done[v] || v == to {
			continue
		}
		done[v] = true
		for _, r := range bwd.parents[v] {
			w := r.Other(v)
			succ[v] = append(succ[v], step{rel: r, node: w})
			queue = append(queue, w)
		}
	}
	for _, ss := range succ {
		slices.SortFunc(ss, compareSteps)
	}

	// Depth-first, smallest step first: paths come out in order.
	var out [][]step
	var walk func(u graph.ID, prefix []step)
	walk = func(u graph.ID, prefix []step) {
		if u == to {
			out = append(out, slices.Clone(prefix))
			return
		}
		for _, st := range succ[u] {
			if len(out) == limit {
				return
			}
			walk(st.node, append(prefix, st))
		}
	}
	walk(from, nil)
	return out
}
