package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/schema"
)

// intOr returns *p, or def when the argument is null.
func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// fieldRequested reports whether the selection set of the field being
// resolved asks for the field name.
func fieldRequested(ctx context.Context, name string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// onlyEnds reports whether the edges of the subgraph that the field being
// resolved returns are asked for nothing but their ends and types: the
// store may then return its relationships bare (graph.NeighborhoodQuery's
// Bare).
func onlyEnds(ctx context.Context) bool {
	op := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name != "edges" {
			continue
		}
		for _, e := range graphql.CollectFields(op, f.Selections, []string{"Edge"}) {
			switch e.Name {
			case "type", "from", "to", "__typename":
			default:
				return false
			}
		}
	}
	return true
}

// shortestPaths runs the store's ShortestPaths for shortestPath and
// allShortestPaths: an unknown end gives no path.
func (r *resolver) shortestPaths(ctx context.Context, from, to graph.ID, o graph.PathQuery) ([]*schema.Path, error) {
	paths, err := r.reader(ctx).ShortestPaths(ctx, from, to, o)
	if graph.ErrorCode(err) == graph.NotFound {
		return []*schema.Path{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("paths from %s to %s: %w", from, to, err)
	}
	out := make([]*schema.Path, len(paths))
	var nodes []*graph.Node
	for i, p := range paths {
		out[i] = &schema.Path{Nodes: nodeViews(p.Nodes), Edges: edgesOf(p.Relationships), Length: p.Len()}
		nodes = append(nodes, p.Nodes...)
	}
	r.loaders(ctx).rememberNodes(nodes, true)
	return out, nil
}

// subgraphOf converts a subgraph, with the centrality of its nodes when
// withCentrality is set (it costs a computation over the whole subgraph).
func subgraphOf(sg graph.Subgraph, withCentrality bool) *schema.Subgraph {
	out := &schema.Subgraph{
		Nodes:      nodeViews(sg.Nodes),
		Edges:      edgesOf(sg.Relationships),
		Truncated:  sg.Truncated,
		Centrality: []*schema.NodeCentrality{},
	}
	if withCentrality {
		c := analysis.Centrality(sg)
		out.Centrality = make([]*schema.NodeCentrality, len(out.Nodes))
		for i, v := range out.Nodes {
			m := c[v.GraphNode().ID]
			out.Centrality[i] = &schema.NodeCentrality{
				Node:        v,
				Degree:      m.Degree,
				InDegree:    m.InDegree,
				OutDegree:   m.OutDegree,
				Betweenness: m.Betweenness,
			}
		}
	}
	return out
}

// nodeViews returns the Node-interface views of nodes.
func nodeViews(nodes []*graph.Node) []graph.NodeView {
	out := make([]graph.NodeView, 0, len(nodes))
	for _, n := range nodes {
		if v, ok := graph.View(n).(graph.NodeView); ok {
			out = append(out, v)
		}
	}
	return out
}

// edgesOf converts relationships to edges.
func edgesOf(rels []*graph.Relationship) []*schema.Edge {
	out := make([]*schema.Edge, len(rels))
	for i, r := range rels {
		e := &schema.Edge{
			ID:         graph.ID(r.Identity()),
			Type:       string(r.Type),
			From:       r.From,
			To:         r.To,
			Properties: make(map[string]any, len(r.Props)),
			Source:     &r.Source,
		}
		for k, v := range r.Props {
			e.Properties[k] = v
		}
		if r.Key != "" {
			e.Key = &r.Key
		}
		out[i] = e
	}
	return out
}
