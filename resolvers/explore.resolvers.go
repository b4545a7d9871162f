package resolvers

import (
	"context"
	"fmt"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/schema"
)

func (r *queryResolver) Neighborhood(ctx context.Context, id graph.ID, depth *int, relationships []string, kinds []graph.NodeKind, limit *int) (*schema.Subgraph, error) {
	o := analysis.NeighborhoodOptions{
		Depth: intOr(depth, 1),
		Types: relTypes(relationships),
		Kinds: kinds,
		Limit: intOr(limit, analysis.DefaultNeighborhoodLimit),
	}
	sg, err := analysis.Neighborhood(ctx, r.store, id, o)
	if graph.ErrorCode(err) == graph.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("neighborhood of %s: %w", id, err)
	}
	r.loaders(ctx).rememberNodes(sg.Nodes, true)
	return subgraphOf(sg, fieldRequested(ctx, "centrality")), nil
}

func (r *queryResolver) ShortestPath(ctx context.Context, from graph.ID, to graph.ID, maxLength *int, relationships []string) (*schema.Path, error) {
	paths, err := r.shortestPaths(ctx, from, to, analysis.PathOptions{
		MaxLength: intOr(maxLength, analysis.DefaultMaxLength),
		Types:     relTypes(relationships),
	})
	if err != nil || len(paths) == 0 {
		return nil, err
	}
	return paths[0], nil
}

func (r *queryResolver) AllShortestPaths(ctx context.Context, from graph.ID, to graph.ID, maxLength *int, relationships []string, limit *int) ([]*schema.Path, error) {
	return r.shortestPaths(ctx, from, to, analysis.PathOptions{
		MaxLength: intOr(maxLength, analysis.DefaultMaxLength),
		Types:     relTypes(relationships),
		All:       true,
		Limit:     intOr(limit, analysis.DefaultPathsLimit),
	})
}
