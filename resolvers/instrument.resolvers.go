package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/schema"
)

func (r *adoptionResolver) Node(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.From)
}

func (r *adoptionResolver) Adopted(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return r.Node(ctx, obj)
}

func (r *adoptionResolver) Conference(ctx context.Context, obj *graph.Link) (*graph.Conference, error) {
	return end[*graph.Conference](ctx, r.resolver, obj, obj.To)
}

func (r *instrumentResolver) Relationships(ctx context.Context, obj *graph.Instrument, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *instrumentResolver) InstrumentKind(ctx context.Context, obj *graph.Instrument) (*schema.InstrumentKind, error) {
	return enumProp[schema.InstrumentKind](obj.Props, "instrumentKind"), nil
}

func (r *instrumentResolver) Family(ctx context.Context, obj *graph.Instrument) (*schema.InstrumentFamily, error) {
	return enumProp[schema.InstrumentFamily](obj.Props, "family"), nil
}

func (r *instrumentResolver) AdoptedAt(ctx context.Context, obj *graph.Instrument) (*graph.Link, error) {
	return r.firstFieldLink(ctx, obj.Node)
}

func (r *instrumentResolver) Addresses(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) Supplements(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) SupplementedBy(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) Amends(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) AmendedBy(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) ProtocolTo(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) Protocols(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) Depositaries(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) ConcernedBy(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) Paragraphs(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentResolver) Parties(ctx context.Context, obj *graph.Instrument, asOf *string) ([]*graph.Link, error) {
	actions, err := r.instrumentActions(ctx, obj.Node, asOf)
	if err != nil {
		return nil, err
	}
	return actionLinks(analysis.PartyActions(actions), obj.ID), nil
}

func (r *instrumentResolver) PartyCount(ctx context.Context, obj *graph.Instrument, asOf *string) (int, error) {
	actions, err := r.instrumentActions(ctx, obj.Node, asOf)
	if err != nil {
		return 0, err
	}
	return len(analysis.PartyActions(actions)), nil
}

func (r *instrumentResolver) Participation(ctx context.Context, obj *graph.Instrument, asOf *string) ([]*graph.Link, error) {
	actions, err := r.instrumentActions(ctx, obj.Node, asOf)
	if err != nil {
		return nil, err
	}
	return actionLinks(actions, obj.ID), nil
}

func (r *instrumentResolver) PartiesByRegion(ctx context.Context, obj *graph.Instrument, asOf *string, level *schema.RegionLevel) ([]*schema.RegionCount, error) {
	return r.partiesByRegion(ctx, obj.Node, asOf, level)
}

func (r *instrumentResolver) TargetedBy(ctx context.Context, obj *graph.Instrument) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *instrumentLinkResolver) Instrument(ctx context.Context, obj *graph.Link) (*graph.Instrument, error) {
	return end[*graph.Instrument](ctx, r.resolver, obj, obj.NodeID())
}

func (r *queryResolver) Instruments(ctx context.Context, filter *schema.InstrumentFilter, first *int, after *string) (*schema.InstrumentConnection, error) {
	q, err := instrumentQuery(filter)
	if err != nil {
		return nil, err
	}
	p, err := r.findPage(ctx, q, first, after)
	if err != nil {
		return nil, fmt.Errorf("instruments: %w", err)
	}
	if p.total == 0 && filter != nil && filter.AddressesCrimeType != nil {
		// Nothing addresses it: it may be no crime type at all.
		id := *filter.AddressesCrimeType
		n, err := r.load(ctx, id)
		if err != nil {
			return nil, err
		}
		if n == nil {
			return nil, r.unknownCrimeType(ctx, "filter.addressesCrimeType", id)
		}
	}
	conn := &schema.InstrumentConnection{PageInfo: p.pageInfo(graph.KindInstrument), TotalCount: p.total, Edges: []*schema.InstrumentEdge{}}
	for i, n := range p.nodes {
		conn.Edges = append(conn.Edges, &schema.InstrumentEdge{Cursor: encodeCursor(graph.KindInstrument, p.offset+i), Node: &graph.Instrument{Node: n}})
	}
	return conn, nil
}

func (r *queryResolver) Instrument(ctx context.Context, key string) (*graph.Instrument, error) {
	key = strings.ToUpper(strings.TrimSpace(key))
	if key == "" {
		return nil, nil
	}
	return rootView[*graph.Instrument](ctx, r.resolver, graph.NewID(graph.KindInstrument, key))
}

func (r *resolver) Adoption() schema.AdoptionResolver { return &adoptionResolver{r} }

func (r *resolver) Instrument() schema.InstrumentResolver { return &instrumentResolver{r} }

func (r *resolver) InstrumentLink() schema.InstrumentLinkResolver { return &instrumentLinkResolver{r} }

type (
	adoptionResolver       struct{ *resolver }
	instrumentResolver     struct{ *resolver }
	instrumentLinkResolver struct{ *resolver }
)
