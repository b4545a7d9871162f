package resolvers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/nexus-graph/nexus/graph"
)

// DefaultLoaderWait is how long a dataloader waits for more keys before it
// calls the store, when Options.LoaderWait is zero.
const DefaultLoaderWait = 2 * time.Millisecond

// loaders batches the store calls of one request: every relationship field
// and every node lookup goes through them, so that a request costs a number
// of store calls that depends on the depth of the query, not on the number
// of results.
//
// A resolver that loads something for one object first offers the loader the
// keys of the object's siblings (its cohort: the other objects of the list it
// came in), so that the first sibling to ask puts the whole list in one
// batch, however the goroutines are scheduled. A cohort is offered to each
// loader once.
type loaders struct {
	store graph.Store
	wait  time.Duration

	nodes *dataloadgen.Loader[graph.ID, *graph.Node]

	mu      sync.Mutex
	rels    map[string]*dataloadgen.Loader[graph.ID, relResult]
	cohorts map[graph.ID]*cohort
	offered map[offer]bool
}

// cohort is a set of node IDs loaded together.
type cohort struct{ ids []graph.ID }

// offer is a cohort offered to one loader ("" for the node loader, else the
// relationship query shape).
type offer struct {
	loader string
	cohort *cohort
}

// relResult is the relationships of one node for one query shape.
type relResult struct{ rels []*graph.Relationship }

type loadersKey struct{}

// newLoaders returns the loaders of one request.
func newLoaders(store graph.Store, wait time.Duration) *loaders {
	l := &loaders{
		store:   store,
		wait:    wait,
		rels:    map[string]*dataloadgen.Loader[graph.ID, relResult]{},
		cohorts: map[graph.ID]*cohort{},
		offered: map[offer]bool{},
	}
	l.nodes = dataloadgen.NewLoader(l.fetchNodes, dataloadgen.WithWait(wait))
	return l
}

// withLoaders returns ctx carrying l.
func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loaders returns the loaders of the request, or fresh ones outside a
// request (which then batch nothing across calls but still work).
func (r *resolver) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return newLoaders(r.store, r.loaderWait)
}

func (l *loaders) fetchNodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, []error) {
	nodes, err := l.store.Nodes(ctx, ids)
	if err != nil {
		return nil, []error{fmt.Errorf("load nodes: %w", err)}
	}
	if len(nodes) != len(ids) {
		return nil, []error{graph.Errorf(graph.Internal, "store returned %d nodes for %d ids", len(nodes), len(ids))}
	}
	l.remember(ids, true)
	return nodes, nil
}

// remember records ids as one cohort. With replace false, IDs that already
// belong to a cohort keep it.
func (l *loaders) remember(ids []graph.ID, replace bool) {
	if len(ids) < 2 {
		return
	}
	c := &cohort{ids: ids}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		if _, ok := l.cohorts[id]; replace || !ok {
			l.cohorts[id] = c
		}
	}
}

// rememberNodes records the IDs of nodes (a page, a list) as one cohort and
// primes the node loader with them.
func (l *loaders) rememberNodes(nodes []*graph.Node) {
	ids := make([]graph.ID, 0, len(nodes))
	for _, n := range nodes {
		if n != nil {
			ids = append(ids, n.ID)
			l.nodes.Prime(n.ID, n)
		}
	}
	l.remember(ids, true)
}

// toOffer returns the cohort of id if it has not been offered to loader yet,
// and marks it offered.
func (l *loaders) toOffer(loader string, id graph.ID) []graph.ID {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.cohorts[id]
	if !ok {
		return nil
	}
	o := offer{loader: loader, cohort: c}
	if l.offered[o] {
		return nil
	}
	l.offered[o] = true
	return c.ids
}

// node loads one node (nil when there is none).
func (l *loaders) node(ctx context.Context, id graph.ID) (*graph.Node, error) {
	if _, _, err := graph.ParseID(id); err != nil {
		return nil, nil
	}
	for _, s := range l.toOffer("", id) {
		l.nodes.LoadThunk(ctx, s)
	}
	return l.nodes.Load(ctx, id)
}

// nodeList loads many nodes in one batch, in order, nil for unknown or
// malformed IDs. It also offers the loader the cohorts of those IDs, so
// that the lists loaded for sibling objects share the batch.
func (l *loaders) nodeList(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	valid := make([]graph.ID, 0, len(ids))
	for _, id := range ids {
		if _, _, err := graph.ParseID(id); err == nil {
			valid = append(valid, id)
		}
	}
	l.remember(valid, false)
	thunks := make(map[graph.ID]func() (*graph.Node, error), len(valid))
	for _, id := range valid {
		for _, s := range l.toOffer("", id) {
			l.nodes.LoadThunk(ctx, s)
		}
		thunks[id] = l.nodes.LoadThunk(ctx, id)
	}
	out := make([]*graph.Node, len(ids))
	for i, id := range ids {
		thunk, ok := thunks[id]
		if !ok {
			continue
		}
		n, err := thunk()
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// shapeKey identifies a relationship query shape.
func shapeKey(q graph.RelQuery) string {
	var b strings.Builder
	b.WriteString(string(q.Dir))
	b.WriteByte('|')
	for _, t := range q.Types {
		b.WriteString(string(t))
		b.WriteByte(',')
	}
	b.WriteByte('|')
	for _, k := range q.OtherKinds {
		b.WriteString(string(k))
		b.WriteByte(',')
	}
	return b.String()
}

// relLoader returns the loader for one relationship query shape and its key.
func (l *loaders) relLoader(q graph.RelQuery) (*dataloadgen.Loader[graph.ID, relResult], string) {
	key := shapeKey(q)
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.rels[key]; ok {
		return ld, key
	}
	q = graph.RelQuery{Dir: q.Dir, Types: slices.Clone(q.Types), OtherKinds: slices.Clone(q.OtherKinds)}
	ld := dataloadgen.NewLoader(func(ctx context.Context, ids []graph.ID) ([]relResult, []error) {
		m, err := l.store.Relationships(ctx, ids, q)
		if err != nil {
			return nil, []error{fmt.Errorf("load relationships: %w", err)}
		}
		// The nodes at the other ends of the whole batch are the cohort of
		// the next level.
		var others []graph.ID
		seen := map[graph.ID]bool{}
		out := make([]relResult, len(ids))
		for i, id := range ids {
			out[i].rels = m[id]
			for _, r := range m[id] {
				if o := r.Other(id); !seen[o] {
					seen[o] = true
					others = append(others, o)
				}
			}
		}
		l.remember(others, true)
		return out, nil
	}, dataloadgen.WithWait(l.wait))
	l.rels[key] = ld
	return ld, key
}

// edges loads the relationships of id of the given shape, seen from id.
func (l *loaders) edges(ctx context.Context, id graph.ID, q graph.RelQuery) ([]*graph.Edge, error) {
	ld, key := l.relLoader(q)
	for _, s := range l.toOffer(key, id) {
		ld.LoadThunk(ctx, s)
	}
	res, err := ld.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Edge, len(res.rels))
	for i, r := range res.rels {
		out[i] = &graph.Edge{Relationship: r, Self: id}
	}
	return out, nil
}

// edgesOfMany loads the relationships of several nodes of the given shape in
// one batch, in the order of ids.
func (l *loaders) edgesOfMany(ctx context.Context, ids []graph.ID, q graph.RelQuery) ([]*graph.Edge, error) {
	ld, _ := l.relLoader(q)
	thunks := make([]func() (relResult, error), len(ids))
	for i, id := range ids {
		thunks[i] = ld.LoadThunk(ctx, id)
	}
	var out []*graph.Edge
	for i, t := range thunks {
		res, err := t()
		if err != nil {
			return nil, err
		}
		for _, r := range res.rels {
			out = append(out, &graph.Edge{Relationship: r, Self: ids[i]})
		}
	}
	return out, nil
}
