package resolvers

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *sourceResolver) Paragraph(ctx context.Context, obj *graph.Source) (*graph.Paragraph, error) {
	if obj.Paragraph.Kind() != graph.KindParagraph {
		return nil, nil
	}
	return viewOf[*graph.Paragraph](ctx, r.resolver, obj.Paragraph)
}

func (r *sourceResolver) Footnote(ctx context.Context, obj *graph.Source) (*graph.Footnote, error) {
	if obj.Paragraph.Kind() != graph.KindFootnote {
		return nil, nil
	}
	return viewOf[*graph.Footnote](ctx, r.resolver, obj.Paragraph)
}

func (r *resolver) Source() schema.SourceResolver { return &sourceResolver{r} }

type sourceResolver struct{ *resolver }
