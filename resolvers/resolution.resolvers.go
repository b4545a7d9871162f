package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *askResolver) Paragraph(ctx context.Context, obj *graph.Link) (*graph.Paragraph, error) {
	return end[*graph.Paragraph](ctx, r.resolver, obj, obj.From)
}

func (r *askResolver) Actor(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.To)
}

func (r *citationResolver) Citing(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.From)
}

func (r *citationResolver) Cited(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.To)
}

func (r *concernResolver) Paragraph(ctx context.Context, obj *graph.Link) (*graph.Paragraph, error) {
	return end[*graph.Paragraph](ctx, r.resolver, obj, obj.From)
}

func (r *concernResolver) Node(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.To)
}

func (r *footnoteResolver) Relationships(ctx context.Context, obj *graph.Footnote, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *footnoteResolver) Paragraph(ctx context.Context, obj *graph.Footnote) (*graph.Paragraph, error) {
	e, err := r.firstFieldLink(ctx, obj.Node)
	if err != nil || e == nil {
		return nil, err
	}
	return end[*graph.Paragraph](ctx, r.resolver, e, e.NodeID())
}

func (r *footnoteResolver) Resolution(ctx context.Context, obj *graph.Footnote) (*graph.Resolution, error) {
	return r.resolutionOf(ctx, obj.Node)
}

func (r *footnoteResolver) Cites(ctx context.Context, obj *graph.Footnote) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *mentionResolver) Paragraph(ctx context.Context, obj *graph.Link) (*graph.Paragraph, error) {
	return end[*graph.Paragraph](ctx, r.resolver, obj, obj.From)
}

func (r *mentionResolver) Node(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.To)
}

func (r *paragraphResolver) Relationships(ctx context.Context, obj *graph.Paragraph, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *paragraphResolver) ParagraphKind(ctx context.Context, obj *graph.Paragraph) (*schema.ParagraphKind, error) {
	return enumProp[schema.ParagraphKind](obj.Props, "paragraphKind"), nil
}

func (r *paragraphResolver) Kind(ctx context.Context, obj *graph.Paragraph) (*schema.ParagraphKind, error) {
	return r.ParagraphKind(ctx, obj)
}

func (r *paragraphResolver) Resolution(ctx context.Context, obj *graph.Paragraph) (*graph.Resolution, error) {
	return r.resolutionOf(ctx, obj.Node)
}

func (r *paragraphResolver) Footnotes(ctx context.Context, obj *graph.Paragraph) ([]*graph.Footnote, error) {
	edges, err := r.fieldLinks(ctx, obj.Node)
	if err != nil {
		return nil, err
	}
	nodes, err := r.others(ctx, edges)
	if err != nil {
		return nil, err
	}
	return views[*graph.Footnote](nodes), nil
}

func (r *paragraphResolver) AddressedTo(ctx context.Context, obj *graph.Paragraph) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *paragraphResolver) Mentions(ctx context.Context, obj *graph.Paragraph) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *paragraphResolver) Concerns(ctx context.Context, obj *graph.Paragraph) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *paragraphResolver) Cites(ctx context.Context, obj *graph.Paragraph) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *queryResolver) Resolutions(ctx context.Context, filter *schema.ResolutionFilter, first *int, after *string) (*schema.ResolutionConnection, error) {
	q := graph.NodeQuery{Kind: graph.KindResolution}
	if filter != nil {
		if filter.Organ != nil {
			q.Where = append(q.Where, graph.Cond{Props: []string{"organ"}, Op: graph.OpEq, Value: string(*filter.Organ)})
		}
		if filter.Session != nil {
			q.Where = append(q.Where, graph.Cond{Props: []string{"session"}, Op: graph.OpEq, Value: int64(*filter.Session)})
		}
	}
	p, err := r.findPage(ctx, q, first, after)
	if err != nil {
		return nil, err
	}
	conn := &schema.ResolutionConnection{PageInfo: p.pageInfo(graph.KindResolution), TotalCount: p.total, Edges: []*schema.ResolutionEdge{}}
	for i, n := range p.nodes {
		conn.Edges = append(conn.Edges, &schema.ResolutionEdge{Cursor: encodeCursor(graph.KindResolution, p.offset+i), Node: &graph.Resolution{Node: n}})
	}
	return conn, nil
}

func (r *queryResolver) Resolution(ctx context.Context, symbol string) (*graph.Resolution, error) {
	symbol = strings.ToUpper(strings.TrimSpace(symbol))
	if symbol == "" {
		return nil, nil
	}
	return rootView[*graph.Resolution](ctx, r.resolver, graph.NewID(graph.KindResolution, symbol))
}

func (r *resolutionResolver) Relationships(ctx context.Context, obj *graph.Resolution, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *resolutionResolver) Organ(ctx context.Context, obj *graph.Resolution) (*schema.Organ, error) {
	return enumProp[schema.Organ](obj.Props, "organ"), nil
}

func (r *resolutionResolver) Paragraphs(ctx context.Context, obj *graph.Resolution, kind *schema.ParagraphKind) ([]*graph.Paragraph, error) {
	nodes, err := r.paragraphsOf(ctx, obj.Node)
	if err != nil {
		return nil, err
	}
	if kind != nil {
		nodes = slices.DeleteFunc(nodes, func(n *graph.Node) bool {
			return n.Props.String("paragraphKind") != string(*kind)
		})
	}
	return views[*graph.Paragraph](nodes), nil
}

func (r *resolutionResolver) Footnotes(ctx context.Context, obj *graph.Resolution) ([]*graph.Footnote, error) {
	nodes, err := r.footnotesOf(ctx, obj.Node)
	if err != nil {
		return nil, err
	}
	return views[*graph.Footnote](nodes), nil
}

func (r *resolutionResolver) AdoptedBy(ctx context.Context, obj *graph.Resolution) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *resolutionResolver) Cites(ctx context.Context, obj *graph.Resolution) ([]*graph.Link, error) {
	paras, err := r.paragraphsOf(ctx, obj.Node)
	if err != nil {
		return nil, err
	}
	notes, err := r.footnotesOf(ctx, obj.Node)
	if err != nil {
		return nil, err
	}
	// Footnote.cites reads the same shape: one batch for both.
	spec, err := linkField("Paragraph.cites")
	if err != nil {
		return nil, err
	}
	return r.loaders(ctx).linksOfMany(ctx, ids(append(paras, notes...)), spec.query())
}

func (r *resolutionResolver) CitedBy(ctx context.Context, obj *graph.Resolution) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *resolutionResolver) Asks(ctx context.Context, obj *graph.Resolution) ([]*graph.Link, error) {
	paras, err := r.paragraphsOf(ctx, obj.Node)
	if err != nil {
		return nil, err
	}
	spec, err := linkField("Paragraph.addressedTo")
	if err != nil {
		return nil, err
	}
	return r.loaders(ctx).linksOfMany(ctx, ids(paras), spec.query())
}

func (r *resolutionResolver) Establishes(ctx context.Context, obj *graph.Resolution) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *resolutionResolver) Documents(ctx context.Context, obj *graph.Resolution) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *resolutionLinkResolver) Resolution(ctx context.Context, obj *graph.Link) (*graph.Resolution, error) {
	return end[*graph.Resolution](ctx, r.resolver, obj, obj.NodeID())
}

func (r *resolver) Ask() schema.AskResolver { return &askResolver{r} }

func (r *resolver) Citation() schema.CitationResolver { return &citationResolver{r} }

func (r *resolver) Concern() schema.ConcernResolver { return &concernResolver{r} }

func (r *resolver) Footnote() schema.FootnoteResolver { return &footnoteResolver{r} }

func (r *resolver) Mention() schema.MentionResolver { return &mentionResolver{r} }

func (r *resolver) Paragraph() schema.ParagraphResolver { return &paragraphResolver{r} }

func (r *resolver) Resolution() schema.ResolutionResolver { return &resolutionResolver{r} }

func (r *resolver) ResolutionLink() schema.ResolutionLinkResolver { return &resolutionLinkResolver{r} }

type (
	askResolver            struct{ *resolver }
	citationResolver       struct{ *resolver }
	concernResolver        struct{ *resolver }
	footnoteResolver       struct{ *resolver }
	mentionResolver        struct{ *resolver }
	paragraphResolver      struct{ *resolver }
	resolutionResolver     struct{ *resolver }
	resolutionLinkResolver struct{ *resolver }
)
