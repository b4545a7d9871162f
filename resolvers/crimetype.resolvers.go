package resolvers

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *crimeTypeResolver) Relationships(ctx context.Context, obj *graph.CrimeType, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *crimeTypeResolver) Links(ctx context.Context, obj *graph.CrimeType) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *crimeTypeResolver) Broader(ctx context.Context, obj *graph.CrimeType) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *crimeTypeResolver) Narrower(ctx context.Context, obj *graph.CrimeType) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *crimeTypeResolver) Instruments(ctx context.Context, obj *graph.CrimeType) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *crimeTypeResolver) ConcernedBy(ctx context.Context, obj *graph.CrimeType) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *crimeTypeResolver) Paragraphs(ctx context.Context, obj *graph.CrimeType) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *crimeTypeResolver) TargetedBy(ctx context.Context, obj *graph.CrimeType) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *crimeTypeLinkResolver) CrimeType(ctx context.Context, obj *graph.Link) (*graph.CrimeType, error) {
	return end[*graph.CrimeType](ctx, r.resolver, obj, obj.NodeID())
}

func (r *queryResolver) CrimeTypes(ctx context.Context) ([]*graph.CrimeType, error) {
	nodes, err := r.findAll(ctx, graph.NodeQuery{Kind: graph.KindCrimeType, OrderBy: "nameEn"})
	if err != nil {
		return nil, err
	}
	return views[*graph.CrimeType](nodes), nil
}

func (r *resolver) CrimeType() schema.CrimeTypeResolver { return &crimeTypeResolver{r} }

func (r *resolver) CrimeTypeLink() schema.CrimeTypeLinkResolver { return &crimeTypeLinkResolver{r} }

type (
	crimeTypeResolver     struct{ *resolver }
	crimeTypeLinkResolver struct{ *resolver }
)
