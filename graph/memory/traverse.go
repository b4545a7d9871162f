package memory

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/traverse"
)

// Neighborhood implements graph.Store with the reference walk
// (traverse.Neighborhood) over the store's own Nodes and Relationships: in
// memory a level costs a map lookup per node, not a round trip.
func (s *Store) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	return traverse.Neighborhood(ctx, s, root, q)
}

// ShortestPaths implements graph.Store with the reference search
// (traverse.ShortestPaths) over the store's own Nodes and Relationships.
func (s *Store) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	return traverse.ShortestPaths(ctx, s, from, to, q)
}
