package resolvers

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *groupResolver) Relationships(ctx context.Context, obj *graph.Group, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *groupResolver) Members(ctx context.Context, obj *graph.Group) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *groupResolver) AddressedBy(ctx context.Context, obj *graph.Group) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *groupResolver) MentionedIn(ctx context.Context, obj *graph.Group) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *groupLinkResolver) Group(ctx context.Context, obj *graph.Link) (*graph.Group, error) {
	return end[*graph.Group](ctx, r.resolver, obj, obj.NodeID())
}

func (r *queryResolver) Groups(ctx context.Context) ([]*graph.Group, error) {
	nodes, err := r.findAll(ctx, graph.NodeQuery{Kind: graph.KindGroup, OrderBy: "nameEn"})
	if err != nil {
		return nil, err
	}
	return views[*graph.Group](nodes), nil
}

func (r *resolver) Group() schema.GroupResolver { return &groupResolver{r} }

func (r *resolver) GroupLink() schema.GroupLinkResolver { return &groupLinkResolver{r} }

type (
	groupResolver     struct{ *resolver }
	groupLinkResolver struct{ *resolver }
)
