package resolvers

import (
	"context"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/schema"
)

func (r *queryResolver) States(ctx context.Context, filter *schema.StateFilter, first *int, after *string) (*schema.StateConnection, error) {
	q := graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn"}
	if filter != nil {
		conds, err := stateConds(filter)
		if err != nil {
			return nil, err
		}
		q.Where = conds
	}
	p, err := r.findPage(ctx, q, first, after)
	if err != nil {
		return nil, err
	}
	if p.total == 0 {
		if err := r.checkStateFilter(ctx, filter); err != nil {
			return nil, err
		}
	}
	conn := &schema.StateConnection{PageInfo: p.pageInfo(graph.KindState), TotalCount: p.total, Edges: []*schema.StateEdge{}}
	for i, n := range p.nodes {
		conn.Edges = append(conn.Edges, &schema.StateEdge{Cursor: encodeCursor(graph.KindState, p.offset+i), Node: &graph.State{Node: n}})
	}
	return conn, nil
}

func (r *queryResolver) State(ctx context.Context, iso3 string) (*graph.State, error) {
	key := strings.ToUpper(strings.TrimSpace(iso3))
	if key == "" {
		return nil, nil
	}
	return rootView[*graph.State](ctx, r.resolver, graph.NewID(graph.KindState, key))
}

func (r *stateResolver) Relationships(ctx context.Context, obj *graph.State, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *stateResolver) Regions(ctx context.Context, obj *graph.State) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *stateResolver) Region(ctx context.Context, obj *graph.State) (*graph.Link, error) {
	return r.regionAt(ctx, obj, schema.RegionLevelRegion)
}

func (r *stateResolver) Subregion(ctx context.Context, obj *graph.State) (*graph.Link, error) {
	return r.regionAt(ctx, obj, schema.RegionLevelSubregion)
}

func (r *stateResolver) IntermediateRegion(ctx context.Context, obj *graph.State) (*graph.Link, error) {
	return r.regionAt(ctx, obj, schema.RegionLevelIntermediateRegion)
}

func (r *stateResolver) Groups(ctx context.Context, obj *graph.State) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *stateResolver) Participation(ctx context.Context, obj *graph.State, asOf *string) ([]*graph.Link, error) {
	actions, _, err := r.stateActions(ctx, obj.Node, asOf)
	if err != nil {
		return nil, err
	}
	return actionLinks(actions, obj.ID), nil
}

func (r *stateResolver) PartyTo(ctx context.Context, obj *graph.State, asOf *string) ([]*graph.Link, error) {
	actions, instruments, err := r.stateActions(ctx, obj.Node, asOf)
	if err != nil {
		return nil, err
	}
	parties := analysis.PartyActions(actions)
	sortActions(parties, instruments, func(a analysis.Action) graph.ID { return a.Instrument })
	return actionLinks(parties, obj.ID), nil
}

func (r *stateResolver) BenefitsFrom(ctx context.Context, obj *graph.State) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *stateLinkResolver) State(ctx context.Context, obj *graph.Link) (*graph.State, error) {
	return end[*graph.State](ctx, r.resolver, obj, obj.NodeID())
}

func (r *stateLinkResolver) Level(ctx context.Context, obj *graph.Link) (*schema.RegionLevel, error) {
	if obj.Type != graph.RelInRegion {
		return nil, nil
	}
	return r.edgeRegionLevel(ctx, obj)
}

func (r *resolver) State() schema.StateResolver { return &stateResolver{r} }

func (r *resolver) StateLink() schema.StateLinkResolver { return &stateLinkResolver{r} }

type (
	stateResolver     struct{ *resolver }
	stateLinkResolver struct{ *resolver }
)
