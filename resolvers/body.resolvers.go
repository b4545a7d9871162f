package resolvers

import (
	"context"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *bodyResolver) Relationships(ctx context.Context, obj *graph.Body, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *bodyResolver) BodyKind(ctx context.Context, obj *graph.Body) (*schema.BodyKind, error) {
	return enumProp[schema.BodyKind](obj.Props, "bodyKind"), nil
}

func (r *bodyResolver) PartOf(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) Parts(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) EstablishedBy(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) Establishes(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) CoordinatesWith(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) DepositaryOf(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) Runs(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) AdoptedResolutions(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) Adopted(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) Convened(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) AddressedBy(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyResolver) MentionedIn(ctx context.Context, obj *graph.Body) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *bodyLinkResolver) Body(ctx context.Context, obj *graph.Link) (*graph.Body, error) {
	return end[*graph.Body](ctx, r.resolver, obj, obj.NodeID())
}

func (r *queryResolver) Bodies(ctx context.Context, kind *schema.BodyKind) ([]*graph.Body, error) {
	q := graph.NodeQuery{Kind: graph.KindBody, OrderBy: "nameEn"}
	if kind != nil {
		q.Where = []graph.Cond{{Props: []string{"bodyKind"}, Op: graph.OpEq, Value: string(*kind)}}
	}
	nodes, err := r.findAll(ctx, q)
	if err != nil {
		return nil, err
	}
	return views[*graph.Body](nodes), nil
}

func (r *queryResolver) Body(ctx context.Context, key string) (*graph.Body, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return nil, nil
	}
	return rootView[*graph.Body](ctx, r.resolver, graph.NewID(graph.KindBody, key))
}

func (r *resolver) Body() schema.BodyResolver { return &bodyResolver{r} }

func (r *resolver) BodyLink() schema.BodyLinkResolver { return &bodyLinkResolver{r} }

type (
	bodyResolver     struct{ *resolver }
	bodyLinkResolver struct{ *resolver }
)
