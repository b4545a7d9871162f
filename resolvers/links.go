package resolvers

import (
	"context"
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// sortLinks orders links by the node at their other end, loading those
// nodes in one batch (the loader keeps them for the fields that follow).
func (r *resolver) sortLinks(ctx context.Context, edges []*graph.Link) ([]*graph.Link, error) {
	if len(edges) < 2 {
		return edges, nil
	}
	byID := make(map[graph.ID]*graph.Node, len(edges))
	var ids []graph.ID
	for _, e := range edges {
		if e.Node != nil {
			byID[e.Node.ID] = e.Node
		} else {
			ids = append(ids, e.NodeID())
		}
	}
	if len(ids) > 0 {
		nodes, err := r.loaders(ctx).nodeList(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, n := range nodes {
			if n != nil {
				byID[n.ID] = n
			}
		}
	}
	out := slices.Clone(edges)
	slices.SortStableFunc(out, func(a, b *graph.Link) int {
		if c := compareNodes(byID[a.NodeID()], byID[b.NodeID()]); c != 0 {
			return c
		}
		return graph.CompareIdentity(a.Relationship, b.Relationship)
	})
	return out, nil
}

// linkEnd returns the node with id at one end of e: the node read with e
// when it is that end, else the node loaded by ID.
func (r *resolver) linkEnd(ctx context.Context, e *graph.Link, id graph.ID) (*graph.Node, error) {
	if e.Node != nil && e.Node.ID == id {
		return e.Node, nil
	}
	return r.load(ctx, id)
}

// load returns the node with id, nil when there is none.
func (r *resolver) load(ctx context.Context, id graph.ID) (*graph.Node, error) {
	return r.loaders(ctx).node(ctx, id)
}

// end returns the view as V of the node with id at one end of the link e
// (e.NodeID() for the other end): the node read with e, else loaded by ID.
// Its absence is an internal error (the store keeps every relationship's
// ends).
func end[V graph.NodeView](ctx context.Context, r *resolver, e *graph.Link, id graph.ID) (V, error) {
	var zero V
	n, err := r.linkEnd(ctx, e, id)
	if err != nil {
		return zero, err
	}
	if n == nil {
		return zero, graph.Errorf(graph.Internal, "relationship %s: node %s not found", e.Identity(), id)
	}
	v, ok := graph.View(n).(V)
	if !ok {
		return zero, graph.Errorf(graph.Internal, "relationship %s: node %s is a %s, not the kind this field returns", e.Identity(), id, n.Kind)
	}
	return v, nil
}

// viewOf returns the view of the node with id as V, nil when there is no
// such node or it is of another kind.
func viewOf[V graph.NodeView](ctx context.Context, r *resolver, id graph.ID) (V, error) {
	var zero V
	n, err := r.load(ctx, id)
	if err != nil || n == nil {
		return zero, err
	}
	v, ok := graph.View(n).(V)
	if !ok {
		return zero, nil
	}
	return v, nil
}

// rootView returns the view of the node with id as V, nil when there is no
// such node or it is of another kind. A root field reads its node with the
// relationship fields selected on it, in one call (loaders.root).
func rootView[V graph.NodeView](ctx context.Context, r *resolver, id graph.ID) (V, error) {
	var zero V
	n, err := r.loaders(ctx).root(ctx, id)
	if err != nil || n == nil {
		return zero, err
	}
	v, ok := graph.View(n).(V)
	if !ok {
		return zero, nil
	}
	return v, nil
}

// relationships implements the relationships field of every node type.
func (r *resolver) relationships(ctx context.Context, n *graph.Node, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	dir := graph.Both
	if direction != nil {
		dir = *direction
	}
	rts, err := relTypesArg("types", types)
	if err != nil {
		return nil, err
	}
	q := graph.RelQuery{Dir: dir, Types: rts, OtherKinds: kinds}
	limit, err := checkFirst(first, -1)
	if err != nil {
		return nil, err
	}
	l := r.loaders(ctx)
	edges, ok, err := l.planned(ctx, n, relationshipsLink+shapeKey(q))
	if !ok {
		edges, err = l.links(ctx, n.ID, q)
	}
	if err != nil {
		return nil, err
	}
	if limit >= 0 && len(edges) > limit {
		edges = edges[:limit]
	}
	return edges, nil
}
