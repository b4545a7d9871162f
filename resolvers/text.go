package resolvers

import (
	"context"
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// The structure of a resolution's text: its paragraphs (HAS_PARAGRAPH) and
// their footnotes (HAS_FOOTNOTE). A paragraph's or footnote's provenance is
// its own sources, so these are returned as nodes, not links.

// others loads the nodes at the other end of edges, in order, skipping
// none: a missing end is an internal error.
func (r *resolver) others(ctx context.Context, edges []*graph.Link) ([]*graph.Node, error) {
	nodes := make([]*graph.Node, len(edges))
	var want []graph.ID
	for i, e := range edges {
		if e.Node != nil && e.Node.ID == e.NodeID() {
			nodes[i] = e.Node
		} else {
			want = append(want, e.NodeID())
		}
	}
	if len(want) > 0 {
		loaded, err := r.loaders(ctx).nodeList(ctx, want)
		if err != nil {
			return nil, err
		}
		for i := range nodes {
			if nodes[i] == nil {
				nodes[i], loaded = loaded[0], loaded[1:]
			}
		}
	}
	for i, n := range nodes {
		if n == nil {
			return nil, graph.Errorf(graph.Internal, "relationship %s: node %s not found", edges[i].Identity(), edges[i].NodeID())
		}
	}
	return nodes, nil
}

// paragraphsOf returns the paragraphs of a resolution in the order of the text.
func (r *resolver) paragraphsOf(ctx context.Context, res *graph.Node) ([]*graph.Node, error) {
	edges, err := r.linksOf(ctx, res, "Resolution.paragraphs")
	if err != nil {
		return nil, err
	}
	nodes, err := r.others(ctx, edges)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(nodes, compareNodes)
	return nodes, nil
}

// footnotesOf returns the footnotes of a resolution's paragraphs, by number.
func (r *resolver) footnotesOf(ctx context.Context, res *graph.Node) ([]*graph.Node, error) {
	paras, err := r.paragraphsOf(ctx, res)
	if err != nil {
		return nil, err
	}
	spec, err := linkField("Paragraph.footnotes")
	if err != nil {
		return nil, err
	}
	edges, err := r.loaders(ctx).linksOfMany(ctx, ids(paras), spec.query())
	if err != nil {
		return nil, err
	}
	nodes, err := r.others(ctx, edges)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(nodes, compareNodes)
	return slices.CompactFunc(nodes, func(a, b *graph.Node) bool { return a.ID == b.ID }), nil
}

// resolutionOf returns the resolution a paragraph or footnote belongs to,
// named by its resolution property.
func (r *resolver) resolutionOf(ctx context.Context, n *graph.Node) (*graph.Resolution, error) {
	sym := n.Props.String("resolution")
	if sym == "" {
		return nil, nil
	}
	return viewOf[*graph.Resolution](ctx, r, graph.NewID(graph.KindResolution, sym))
}

// ids returns the IDs of nodes.
func ids(nodes []*graph.Node) []graph.ID {
	out := make([]graph.ID, len(nodes))
	for i, n := range nodes {
		out[i] = n.ID
	}
	return out
}
