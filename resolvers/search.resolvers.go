package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *queryResolver) Search(ctx context.Context, text string, kinds []graph.NodeKind, first *int) ([]*graph.SearchHit, error) {
	if strings.TrimSpace(text) == "" {
		return nil, badInput("search text must not be empty")
	}
	limit, err := checkFirst(first, 20)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		return []*graph.SearchHit{}, nil
	}
	hits, err := r.reader(ctx).Search(ctx, graph.SearchQuery{Text: text, Kinds: kinds, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	ids := make([]graph.ID, len(hits))
	out := make([]*graph.SearchHit, len(hits))
	for i := range hits {
		ids[i] = hits[i].ID
		out[i] = &hits[i]
	}
	r.loaders(ctx).remember(ids, true)
	return out, nil
}

func (r *searchHitResolver) Node(ctx context.Context, obj *graph.SearchHit) (graph.NodeView, error) {
	v, err := viewOf[graph.NodeView](ctx, r.resolver, obj.ID)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, graph.Errorf(graph.Internal, "search hit %s: node not found", obj.ID)
	}
	return v, nil
}

func (r *resolver) SearchHit() schema.SearchHitResolver { return &searchHitResolver{r} }

type searchHitResolver struct{ *resolver }
