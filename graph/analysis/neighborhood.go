package analysis

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
)

// Bounds of NeighborhoodOptions.
const (
	// MaxDepth is the deepest neighbourhood Neighborhood explores.
	MaxDepth = 4
	// DefaultNeighborhoodLimit is the limit the GraphQL API applies when the
	// caller gives none.
	DefaultNeighborhoodLimit = 200
	// MaxNeighborhoodLimit is the largest Limit Neighborhood accepts.
	MaxNeighborhoodLimit = 1000
)

// NeighborhoodOptions says how far and along what Neighborhood walks.
type NeighborhoodOptions struct {
	// Depth is the number of relationships between the root and the
	// farthest node, 0…MaxDepth; 0 returns the root alone.
	Depth int
	// Types are the relationship types followed, in either direction; empty
	// follows every type.
	Types []graph.RelType
	// Kinds are the kinds of node reached (the root is always kept); empty
	// reaches every kind. A node of another kind is neither kept nor walked
	// through.
	Kinds []graph.NodeKind
	// Limit is the most nodes returned, root included, 1…MaxNeighborhoodLimit.
	Limit int
}

// Neighborhood returns the nodes within o.Depth relationships of root,
// followed in either direction, and every relationship of o.Types between two
// of them (the induced subgraph, so edges between two nodes at the rim are
// there too).
//
// Nodes come in ID order and relationships in identity order, as
// graph.Subgraph says. When more than o.Limit nodes are reachable, the closest
// are kept (by depth, then by ID within the level that overflows) and
// Truncated is set.
//
// It calls s.Relationships once per level, 0 to o.Depth (fewer when the walk
// ends early), and s.Nodes once. An unknown or malformed root is
// graph.NotFound; a depth, type, kind or limit out of range is graph.Invalid.
func Neighborhood(ctx context.Context, s graph.Store, root graph.ID, o NeighborhoodOptions) (graph.Subgraph, error) {
	return graph.Subgraph{}, graph.Errorf(graph.Internal, "analysis: Neighborhood is not implemented yet")
}
