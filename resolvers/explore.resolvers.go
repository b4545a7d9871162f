package resolvers

import (
	"context"
	"fmt"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *queryResolver) Neighborhood(ctx context.Context, id graph.ID, depth *int, relationships []string, kinds []graph.NodeKind, limit *int) (*schema.Subgraph, error) {
	types, err := relTypesArg("relationships", relationships)
	if err != nil {
		return nil, err
	}
	o := graph.NeighborhoodQuery{
		Depth: intOr(depth, 1),
		Types: types,
		Kinds: kinds,
		Limit: intOr(limit, graph.DefaultNeighborhoodLimit),
	}
	l := r.loaders(ctx)
	o.Project = l.fieldProjection(ctx)
	o.Bare = !l.full && onlyEnds(ctx)
	sg, err := r.reader(ctx).Neighborhood(ctx, id, o)
	if graph.ErrorCode(err) == graph.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("neighborhood of %s: %w", id, err)
	}
	l.rememberNodes(sg.Nodes, o.Project == nil)
	return subgraphOf(sg, fieldRequested(ctx, "centrality")), nil
}

func (r *queryResolver) ShortestPath(ctx context.Context, from graph.ID, to graph.ID, maxLength *int, relationships []string) (*schema.Path, error) {
	types, err := relTypesArg("relationships", relationships)
	if err != nil {
		return nil, err
	}
	paths, err := r.shortestPaths(ctx, from, to, graph.PathQuery{
		MaxLength: intOr(maxLength, graph.DefaultMaxLength),
		Types:     types,
	})
	if err != nil || len(paths) == 0 {
		return nil, err
	}
	return paths[0], nil
}

func (r *queryResolver) AllShortestPaths(ctx context.Context, from graph.ID, to graph.ID, maxLength *int, relationships []string, limit *int) ([]*schema.Path, error) {
	types, err := relTypesArg("relationships", relationships)
	if err != nil {
		return nil, err
	}
	return r.shortestPaths(ctx, from, to, graph.PathQuery{
		MaxLength: intOr(maxLength, graph.DefaultMaxLength),
		Types:     types,
		All:       true,
		Limit:     intOr(limit, graph.DefaultPathsLimit),
	})
}
