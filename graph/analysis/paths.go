package analysis

import (
	"context"

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
// Paths are ordered by the sequence of their node IDs, then by the
// identities of their relationships (two paths through the same nodes along
// parallel relationships are two paths). Without o.All it returns the first
// of them only, so the answer does not depend on the store.
//
// It calls s.Relationships once per level walked (at most o.MaxLength times)
// and s.Nodes once. An unknown or malformed from or to is graph.NotFound; a
// length, type or limit out of range is graph.Invalid.
func ShortestPaths(ctx context.Context, s graph.Store, from, to graph.ID, o PathOptions) ([]graph.Path, error) {
	return nil, graph.Errorf(graph.Internal, "analysis: ShortestPaths is not implemented yet")
}
