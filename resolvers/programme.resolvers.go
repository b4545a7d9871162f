package resolvers

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *activityResolver) Relationships(ctx context.Context, obj *graph.Activity, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *activityResolver) Programmes(ctx context.Context, obj *graph.Activity) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *activityResolver) Targets(ctx context.Context, obj *graph.Activity) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *activityResolver) Beneficiaries(ctx context.Context, obj *graph.Activity) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *activityLinkResolver) Activity(ctx context.Context, obj *graph.Link) (*graph.Activity, error) {
	return end[*graph.Activity](ctx, r.resolver, obj, obj.NodeID())
}

func (r *programmeResolver) Relationships(ctx context.Context, obj *graph.Programme, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *programmeResolver) RunBy(ctx context.Context, obj *graph.Programme) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *programmeResolver) Activities(ctx context.Context, obj *graph.Programme) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *programmeResolver) Targets(ctx context.Context, obj *graph.Programme) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *programmeResolver) Beneficiaries(ctx context.Context, obj *graph.Programme) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *programmeLinkResolver) Programme(ctx context.Context, obj *graph.Link) (*graph.Programme, error) {
	return end[*graph.Programme](ctx, r.resolver, obj, obj.NodeID())
}

func (r *queryResolver) Programmes(ctx context.Context) ([]*graph.Programme, error) {
	nodes, err := r.findAll(ctx, graph.NodeQuery{Kind: graph.KindProgramme, OrderBy: "nameEn"})
	if err != nil {
		return nil, err
	}
	return views[*graph.Programme](nodes), nil
}

func (r *queryResolver) Activities(ctx context.Context) ([]*graph.Activity, error) {
	nodes, err := r.findAll(ctx, graph.NodeQuery{Kind: graph.KindActivity, OrderBy: "startDate"})
	if err != nil {
		return nil, err
	}
	return views[*graph.Activity](nodes), nil
}

func (r *resolver) Activity() schema.ActivityResolver { return &activityResolver{r} }

func (r *resolver) ActivityLink() schema.ActivityLinkResolver { return &activityLinkResolver{r} }

func (r *resolver) Programme() schema.ProgrammeResolver { return &programmeResolver{r} }

func (r *resolver) ProgrammeLink() schema.ProgrammeLinkResolver { return &programmeLinkResolver{r} }

type (
	activityResolver      struct{ *resolver }
	activityLinkResolver  struct{ *resolver }
	programmeResolver     struct{ *resolver }
	programmeLinkResolver struct{ *resolver }
)
