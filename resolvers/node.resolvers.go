package resolvers

import (
	"context"
	"fmt"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *kindCountResolver) Count(ctx context.Context, obj *schema.KindCount) (int, error) {
	return obj.NodeCount, nil
}

func (r *nodeLinkResolver) Node(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.NodeID())
}

func (r *queryResolver) Node(ctx context.Context, id graph.ID) (graph.NodeView, error) {
	return rootView[graph.NodeView](ctx, r.resolver, id)
}

func (r *queryResolver) Nodes(ctx context.Context, ids []graph.ID) ([]graph.NodeView, error) {
	if len(ids) > MaxIDs {
		return nil, badInput("nodes takes at most %d ids, got %d", MaxIDs, len(ids))
	}
	nodes, err := r.loaders(ctx).nodeList(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]graph.NodeView, len(nodes))
	for i, n := range nodes {
		out[i], _ = graph.View(n).(graph.NodeView)
	}
	return out, nil
}

func (r *queryResolver) Counts(ctx context.Context) (*schema.Counts, error) {
	c, err := r.reader(ctx).Counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	out := &schema.Counts{}
	for _, k := range graph.NodeKinds {
		out.Nodes = append(out.Nodes, &schema.KindCount{Kind: k, NodeCount: c.Nodes[k]})
	}
	for _, t := range graph.RelTypes {
		out.Relationships = append(out.Relationships, &schema.TypeCount{Type: string(t), RelationshipCount: c.Relationships[t]})
	}
	return out, nil
}

func (r *relationshipResolver) Node(ctx context.Context, obj *graph.Link) (graph.NodeView, error) {
	return end[graph.NodeView](ctx, r.resolver, obj, obj.NodeID())
}

func (r *typeCountResolver) Count(ctx context.Context, obj *schema.TypeCount) (int, error) {
	return obj.RelationshipCount, nil
}

func (r *resolver) KindCount() schema.KindCountResolver { return &kindCountResolver{r} }

func (r *resolver) NodeLink() schema.NodeLinkResolver { return &nodeLinkResolver{r} }

func (r *resolver) Query() schema.QueryResolver { return &queryResolver{r} }

func (r *resolver) Relationship() schema.RelationshipResolver { return &relationshipResolver{r} }

func (r *resolver) TypeCount() schema.TypeCountResolver { return &typeCountResolver{r} }

type (
	kindCountResolver    struct{ *resolver }
	nodeLinkResolver     struct{ *resolver }
	queryResolver        struct{ *resolver }
	relationshipResolver struct{ *resolver }
	typeCountResolver    struct{ *resolver }
)
