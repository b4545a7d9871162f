package memory

import (
	"context"
	"sync"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/traverse"
)

// Snapshot implements graph.Store: the snapshot holds the store's read
// lock from its first read to Release, so that every read of a request sees
// the same graph; a write waits for the snapshots that are open. A request
// must therefore make all its reads through its snapshot, and never write
// while it holds one.
func (s *Store) Snapshot(ctx context.Context) graph.Snapshot {
	return &snapshot{s: s}
}

// snapshot is a graph.Snapshot of the memory store.
type snapshot struct {
	s *Store

	mu       sync.Mutex // guards locked and released
	locked   bool       // it holds s.mu's read lock
	released bool
}

// hold takes the store's read lock at the first read; it fails once the
// snapshot is released.
func (sn *snapshot) hold(ctx context.Context, op string) error {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.released {
		return graph.Errorf(graph.Unavailable, "memory store: %s: the snapshot is released", op)
	}
	if !sn.locked {
		sn.s.mu.RLock()
		sn.locked = true
	}
	return nil
}

// Release implements graph.Snapshot.
func (sn *snapshot) Release() {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.locked {
		sn.s.mu.RUnlock()
		sn.locked = false
	}
	sn.released = true
}

// Nodes implements graph.Reader.
func (sn *snapshot) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	if err := sn.hold(ctx, "nodes"); err != nil {
		return nil, err
	}
	return sn.s.nodesLocked(ctx, ids)
}

// FindNodes implements graph.Reader.
func (sn *snapshot) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if err := sn.hold(ctx, "find nodes"); err != nil {
		return graph.NodePage{}, err
	}
	return sn.s.findNodesLocked(ctx, q)
}

// Relationships implements graph.Reader.
func (sn *snapshot) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	if err := sn.hold(ctx, "relationships"); err != nil {
		return nil, err
	}
	return sn.s.relationshipsLocked(ctx, ids, q)
}

// Expand implements graph.Reader.
func (sn *snapshot) Expand(ctx context.Context, hops []graph.Hop) ([]graph.Expansion, error) {
	if err := sn.hold(ctx, "expand"); err != nil {
		return nil, err
	}
	return sn.s.expandLocked(ctx, hops)
}

// Search implements graph.Reader.
func (sn *snapshot) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := sn.hold(ctx, "search"); err != nil {
		return nil, err
	}
	return sn.s.searchLocked(ctx, q)
}

// Counts implements graph.Reader.
func (sn *snapshot) Counts(ctx context.Context) (graph.Counts, error) {
	if err := sn.hold(ctx, "counts"); err != nil {
		return graph.Counts{}, err
	}
	return sn.s.countsLocked(ctx)
}

// Expand implements graph.Store: graph.ExpandEach over the store's own
// reads, which cost nothing to repeat.
func (s *Store) Expand(ctx context.Context, hops []graph.Hop) ([]graph.Expansion, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.expandLocked(ctx, hops)
}

// expandLocked is Expand for a caller that holds s.mu.
func (s *Store) expandLocked(ctx context.Context, hops []graph.Hop) ([]graph.Expansion, error) {
	if err := s.usable(ctx, "expand"); err != nil {
		return nil, err
	}
	if err := graph.CheckHops(hops); err != nil {
		return nil, err
	}
	out := make([]graph.Expansion, len(hops))
	for i, h := range hops {
		if h.Self {
			nodes := make(map[graph.ID]*graph.Node)
			for _, id := range h.From {
				if e := s.nodes[id]; e != nil {
					nodes[id] = project(e.node, h.Nodes)
				}
			}
			out[i] = graph.Expansion{Relationships: map[graph.ID][]*graph.Relationship{}, Nodes: nodes}
			continue
		}
		rels, err := s.relationshipsLocked(ctx, h.From, h.RelQuery)
		if err != nil {
			return nil, err
		}
		nodes := make(map[graph.ID]*graph.Node)
		for from, rs := range rels {
			for _, r := range rs {
				o := r.Other(from)
				if _, ok := nodes[o]; ok {
					continue
				}
				if e := s.nodes[o]; e != nil {
					nodes[o] = project(e.node, h.Nodes)
				}
			}
		}
		out[i] = graph.Expansion{Relationships: rels, Nodes: nodes}
	}
	return out, nil
}

// Neighborhood implements graph.Reader in the snapshot.
func (sn *snapshot) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	if err := sn.hold(ctx, "neighborhood"); err != nil {
		return graph.Subgraph{}, err
	}
	return traverse.Neighborhood(ctx, locked{sn.s}, root, q)
}

// ShortestPaths implements graph.Reader in the snapshot.
func (sn *snapshot) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	if err := sn.hold(ctx, "shortest paths"); err != nil {
		return nil, err
	}
	return traverse.ShortestPaths(ctx, locked{sn.s}, from, to, q)
}

// locked reads a store whose read lock the caller holds: the basic reads
// the reference walks make.
type locked struct{ s *Store }

func (l locked) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	return l.s.nodesLocked(ctx, ids)
}

func (l locked) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	return l.s.relationshipsLocked(ctx, ids, q)
}

// project returns a copy of the stored node n with what p names (all of
// it when p is nil), which the caller may change.
func project(n *graph.Node, p *graph.Projection) *graph.Node {
	if p == nil {
		return copyNode(n)
	}
	return p.Apply(n)
}
