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
const DefaultLoaderWait = 5 * time.Millisecond

// loaders batches the store calls of one request: every relationship field
// and every node lookup goes through them, so that a request costs a number
// of store calls that depends on the depth of the query, not on the number
// of results.
//
// A resolver that loads something for one object first offers the loader the
// keys of the object's siblings (the other objects of the list it came in,
// remembered in cohorts), so that the first sibling to ask puts the whole
// list in one batch, however the goroutines are scheduled.
type loaders struct {
	store graph.Store
	wait  time.Duration

	nodes *dataloadgen.Loader[graph.ID, *graph.Node]

	mu      sync.Mutex
	rels    map[string]*dataloadgen.Loader[graph.ID, relResult]
	cohorts map[graph.ID][]graph.ID
}

// relResult is the relationships of one node for one query shape, and the
// IDs at the other end of every relationship of the batch it was fetched in.
type relResult struct {
	rels   []*graph.Relationship
	others []graph.ID
}

type loadersKey struct{}

// newLoaders returns the loaders of one request.
func newLoaders(store graph.Store, wait time.Duration) *loaders {
	l := &loaders{
		store:   store,
		wait:    wait,
		rels:    map[string]*dataloadgen.Loader[graph.ID, relResult]{},
		cohorts: map[graph.ID][]graph.ID{},
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
	l.remember(ids)
	return nodes, nil
}

// remember records ids as one cohort: loading something for one of them
// offers all of them to the loader.
func (l *loaders) remember(ids []graph.ID) {
	if len(ids) < 2 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		l.cohorts[id] = ids
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
	l.remember(ids)
}

// cohort returns the IDs loaded together with id (id itself included).
func (l *loaders) cohort(id graph.ID) []graph.ID {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.cohorts[id]; ok {
		return c
	}
	return []graph.ID{id}
}

// node loads one node (nil when there is none).
func (l *loaders) node(ctx context.Context, id graph.ID) (*graph.Node, error) {
	if _, _, err := graph.ParseID(id); err != nil {
		return nil, nil
	}
	for _, s := range l.cohort(id) {
		if s != id {
			l.nodes.LoadThunk(ctx, s)
		}
	}
	return l.nodes.Load(ctx, id)
}

// nodeList loads many nodes in one batch, in order, nil for unknown IDs.
// It also offers the loader the cohorts of those IDs, so that the lists
// loaded for sibling objects share the batch.
func (l *loaders) nodeList(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	valid := make([]graph.ID, 0, len(ids))
	for _, id := range ids {
		if _, _, err := graph.ParseID(id); err == nil {
			valid = append(valid, id)
		}
	}
	l.rememberIfNew(valid)
	offered := map[graph.ID]bool{}
	for _, id := range valid {
		for _, s := range l.cohort(id) {
			if !offered[s] {
				offered[s] = true
				l.nodes.LoadThunk(ctx, s)
			}
		}
	}
	out := make([]*graph.Node, len(ids))
	for i, id := range ids {
		if !offered[id] {
			continue
		}
		n, err := l.nodes.Load(ctx, id)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// rememberIfNew records ids as one cohort for those of them that have none.
func (l *loaders) rememberIfNew(ids []graph.ID) {
	if len(ids) < 2 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		if _, ok := l.cohorts[id]; !ok {
			l.cohorts[id] = ids
		}
	}
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

// relLoader returns the loader for one relationship query shape.
func (l *loaders) relLoader(q graph.RelQuery) *dataloadgen.Loader[graph.ID, relResult] {
	key := shapeKey(q)
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.rels[key]; ok {
		return ld
	}
	q = graph.RelQuery{Dir: q.Dir, Types: slices.Clone(q.Types), OtherKinds: slices.Clone(q.OtherKinds)}
	ld := dataloadgen.NewLoader(func(ctx context.Context, ids []graph.ID) ([]relResult, []error) {
		m, err := l.store.Relationships(ctx, ids, q)
		if err != nil {
			return nil, []error{fmt.Errorf("load relationships: %w", err)}
		}
		var others []graph.ID
		seen := map[graph.ID]bool{}
		out := make([]relResult, len(ids))
		for i, id := range ids {
			out[i].rels = m[id]
			for _, r := range m[id] {
				o := r.Other(id)
				if !seen[o] {
					seen[o] = true
					others = append(others, o)
				}
			}
		}
		for i := range out {
			out[i].others = others
		}
		l.remember(others)
		return out, nil
	}, dataloadgen.WithWait(l.wait))
	l.rels[key] = ld
	return ld
}

// edges loads the relationships of id of the given shape, seen from id.
func (l *loaders) edges(ctx context.Context, id graph.ID, q graph.RelQuery) ([]*graph.Edge, error) {
	ld := l.relLoader(q)
	for _, s := range l.cohort(id) {
		if s != id {
			ld.LoadThunk(ctx, s)
		}
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
	ld := l.relLoader(q)
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
