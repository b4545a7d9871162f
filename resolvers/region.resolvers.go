package resolvers

import (
	"context"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *queryResolver) Regions(ctx context.Context, level *schema.RegionLevel) ([]*graph.Region, error) {
	q := graph.NodeQuery{Kind: graph.KindRegion}
	if level != nil {
		q.Where = []graph.Cond{{Props: []string{"level"}, Op: graph.OpEq, Value: string(*level)}}
	}
	nodes, err := r.findAll(ctx, q)
	if err != nil {
		return nil, err
	}
	return views[*graph.Region](nodes), nil
}

func (r *queryResolver) Region(ctx context.Context, code string) (*graph.Region, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, nil
	}
	return rootView[*graph.Region](ctx, r.resolver, graph.NewID(graph.KindRegion, code))
}

func (r *regionResolver) Relationships(ctx context.Context, obj *graph.Region, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *regionResolver) Level(ctx context.Context, obj *graph.Region) (*schema.RegionLevel, error) {
	return enumProp[schema.RegionLevel](obj.Props, "level"), nil
}

func (r *regionResolver) Parent(ctx context.Context, obj *graph.Region) (*graph.Link, error) {
	return r.firstFieldLink(ctx, obj.Node)
}

func (r *regionResolver) Children(ctx context.Context, obj *graph.Region) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *regionResolver) States(ctx context.Context, obj *graph.Region) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *regionLinkResolver) Region(ctx context.Context, obj *graph.Link) (*graph.Region, error) {
	return end[*graph.Region](ctx, r.resolver, obj, obj.NodeID())
}

func (r *regionLinkResolver) Level(ctx context.Context, obj *graph.Link) (*schema.RegionLevel, error) {
	if obj.Type == graph.RelInRegion {
		return r.edgeRegionLevel(ctx, obj)
	}
	n, err := r.load(ctx, obj.NodeID())
	if err != nil || n == nil {
		return nil, err
	}
	return enumProp[schema.RegionLevel](n.Props, "level"), nil
}

func (r *resolver) Region() schema.RegionResolver { return &regionResolver{r} }

func (r *resolver) RegionLink() schema.RegionLinkResolver { return &regionLinkResolver{r} }

type (
	regionResolver     struct{ *resolver }
	regionLinkResolver struct{ *resolver }
)
