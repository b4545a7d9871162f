package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// Bounds of PathOptions.
const (
	// DefaultMaxLength is the longest path the GraphQL API looks for when the
	// caller says nothing.
	DefaultMaxLength = 6
	// MaxPathLength is the largest MaxLength ShortestPaths accepts.
	MaxPathLength = 10
	// DefaultPathsLimit is the number of paths the GraphQL API returns at
	// most when the caller says nothing.
	DefaultPathsLimit = 10
	// MaxPathsLimit is the largest Limit ShortestPaths accepts.
	MaxPathsLimit = 100
)

// PathOptions says what paths ShortestPaths looks for.
type PathOptions struct {
	// MaxLength is the longest path looked for, in relationships,
	// 1…MaxPathLength.
	MaxLength int
	// Types are the relationship types a path may follow, in either
	// direction; empty allows every type.
	Types []graph.RelType
	// All asks for every shortest path (up to Limit) instead of one.
	All bool
	// Limit is the most paths returned when All is set, 1…MaxPathsLimit; it
	// is ignored otherwise.
	Limit int
}

// ShortestPaths returns the shortest paths between from and to that follow
// relationships of o.Types in either direction, or none when no path of at
// most o.MaxLength relationships joins them. A path from a node to itself is
// the node alone (length 0).
//
// Paths are in lexicographic order of their steps, a step being the next
// node's ID, then the identity of the relationship taken to it: so the first
// path has the smallest sequence of node IDs, and two paths through the same
// nodes along parallel relationships are two paths. Without o.All it returns
// the first path only, so the answer does not depend on the store.
//
// The search is breadth-first from both ends at once, always extending the
// smaller frontier. It calls s.Relationships once per level walked (at most
// o.MaxLength times, whatever the fan-out) and s.Nodes once. An unknown or
// malformed from or to is graph.NotFound; a length, type or limit out of
// range is graph.Invalid.
func ShortestPaths(ctx context.Context, s graph.Store, from, to graph.ID, o PathOptions) ([]graph.Path, error) {
	if err := checkRange("maxLength", o.MaxLength, 1, MaxPathLength); err != nil {
		return nil, err
	}
	limit := 1
	if o.All {
		if err := checkRange("limit", o.Limit, 1, MaxPathsLimit); err != nil {
			return nil, err
		}
		limit = o.Limit
	}
	types, err := checkTypes(o.Types)
	if err != nil {
		return nil, err
	}
	for _, id := range []graph.ID{from, to} {
		if _, _, err := graph.ParseID(id); err != nil {
			return nil, notFound(id)
		}
	}

	var steps [][]step
	if from == to {
		steps = [][]step{nil}
	} else {
		fwd, bwd := newSide(from), newSide(to)
		q := graph.RelQuery{Dir: graph.Both, Types: types}
		var meet []graph.ID
		for level := 0; level < o.MaxLength && len(meet) == 0; level++ {
			side, other := fwd, bwd
			if len(bwd.frontier) < len(fwd.frontier) {
				side, other = bwd, fwd
			}
			if len(side.frontier) == 0 {
				break
			}
			if err := side.expand(ctx, s, q); err != nil {
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
	nodes, err := s.Nodes(ctx, ids)
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
			return nil, notFound(id)
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
func (sd *side) expand(ctx context.Context, s graph.Store, q graph.RelQuery) error {
	m, err := s.Relationships(ctx, sd.frontier, q)
	if err != nil {
		return err
	}
	sd.depth++
	var next []graph.ID
	for _, id := range sd.frontier {
		for _, r := range m[id] {
			other := r.Other(id)
			d, ok := sd.dist[other]
			if !ok {
				d = sd.depth
				sd.dist[other] = d
				next = append(next, other)
			}
			if d == sd.depth {
				sd.parents[other] = append(sd.parents[other], r)
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
