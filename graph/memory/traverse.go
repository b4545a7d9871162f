package memory

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/traverse"
)

// Neighborhood implements graph.Store with the reference walk
// (traverse.Neighborhood) over the store's own reads, under one read lock: in
// memory a level costs a map lookup per node, not a round trip.
func (s *Store) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return traverse.Neighborhood(ctx, locked{s}, root, q)
}

// ShortestPaths implements graph.Store with the reference search
// (traverse.ShortestPaths) over the store's own reads, under one read lock.
func (s *Store) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return traverse.ShortestPaths(ctx, locked{s}, from, to, q)
}
