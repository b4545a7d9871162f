package resolvers

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nexus-graph/nexus/graph"
)

// loaders is what one request reads with: its snapshot of the store, and
// the batches that keep the number of store calls a function of the depth
// of the query, not of the number of results, without waiting for keys.
//
// Relationship fields are planned by level (plan.go): the first field of a
// level to be resolved reads, in one Expand, every relationship field the
// query selects on all the nodes of that level, with the properties the
// next level needs of the nodes they lead to. What the plan does not cover
// goes through two single-flight batchers, one for nodes by ID and one per
// relationship query shape: the first resolver to ask for a key fetches, in
// the same call, every key of its cohort (the other objects of the list it
// came in) not fetched yet, and the others wait for that call.
type loaders struct {
	read graph.Reader
	full bool // no projection: every level reads whole nodes

	nodes *batcher[*graph.Node]

	mu      sync.Mutex
	rels    map[string]*batcher[[]*graph.Relationship]
	cohorts map[graph.ID][]graph.ID
	levels  map[*graph.Node]*level
}

type loadersKey struct{}

// newLoaders returns the loaders of one request, reading from read.
func newLoaders(read graph.Reader, full bool) *loaders {
	l := &loaders{
		read:    read,
		full:    full,
		rels:    map[string]*batcher[[]*graph.Relationship]{},
		cohorts: map[graph.ID][]graph.ID{},
		levels:  map[*graph.Node]*level{},
	}
	l.nodes = newBatcher(l.fetchNodes)
	return l
}

// withLoaders returns ctx carrying l.
func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loaders returns the loaders of the request, or fresh ones reading the
// store outside a request (which then batch nothing across calls but still
// work).
func (r *resolver) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return newLoaders(r.store, r.fullNodes)
}

// reader returns what the request reads the graph with: its snapshot.
func (r *resolver) reader(ctx context.Context) graph.Reader {
	return r.loaders(ctx).read
}

func (l *loaders) fetchNodes(ctx context.Context, ids []graph.ID) (map[graph.ID]*graph.Node, error) {
	nodes, err := l.read.Nodes(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load nodes: %w", err)
	}
	if len(nodes) != len(ids) {
		return nil, graph.Errorf(graph.Internal, "store returned %d nodes for %d ids", len(nodes), len(ids))
	}
	out := make(map[graph.ID]*graph.Node, len(nodes))
	var found []*graph.Node
	for i, n := range nodes {
		out[ids[i]] = n
		if n != nil {
			found = append(found, n)
		}
	}
	// Nodes fetched together are a level of their own.
	l.addLevel(found)
	return out, nil
}

// remember records ids as one cohort. With replace false, IDs that already
// belong to a cohort keep it.
func (l *loaders) remember(ids []graph.ID, replace bool) {
	if len(ids) < 2 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		if _, ok := l.cohorts[id]; replace || !ok {
			l.cohorts[id] = ids
		}
	}
}

// cohortOf returns the cohort of id (id alone when it has none).
func (l *loaders) cohortOf(id graph.ID) []graph.ID {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.cohorts[id]; ok {
		return c
	}
	return []graph.ID{id}
}

// rememberNodes records nodes (a page, a list) as one cohort and one
// level and, when they are whole (not projected), keeps them for later
// loads by ID.
func (l *loaders) rememberNodes(nodes []*graph.Node, whole bool) *level {
	ids := make([]graph.ID, 0, len(nodes))
	var found []*graph.Node
	for _, n := range nodes {
		if n != nil {
			ids = append(ids, n.ID)
			found = append(found, n)
			if whole {
				l.nodes.prime(n.ID, n)
			}
		}
	}
	l.remember(ids, true)
	return l.addLevel(found)
}

// node loads one node (nil when there is none).
func (l *loaders) node(ctx context.Context, id graph.ID) (*graph.Node, error) {
	if _, _, err := graph.ParseID(id); err != nil {
		return nil, nil
	}
	return l.nodes.get(ctx, id, l.cohortOf(id))
}

// nodeList loads many nodes in one batch, in order, nil for unknown or
// malformed IDs.
func (l *loaders) nodeList(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	valid := make([]graph.ID, 0, len(ids))
	for _, id := range ids {
		if _, _, err := graph.ParseID(id); err == nil {
			valid = append(valid, id)
		}
	}
	l.remember(valid, false)
	// The cohorts of the IDs come in the same call: the lists loaded for
	// the other objects of a list share it.
	want := valid
	seen := make(map[graph.ID]bool, len(valid))
	for _, id := range valid {
		seen[id] = true
	}
	for _, id := range valid {
		for _, c := range l.cohortOf(id) {
			if !seen[c] {
				seen[c] = true
				want = append(want, c)
			}
		}
	}
	got, err := l.nodes.getAll(ctx, want)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Node, len(ids))
	for i, id := range ids {
		out[i] = got[id]
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

// relBatcher returns the batcher of one relationship query shape.
func (l *loaders) relBatcher(q graph.RelQuery) *batcher[[]*graph.Relationship] {
	key := shapeKey(q)
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.rels[key]; ok {
		return b
	}
	q = graph.RelQuery{Dir: q.Dir, Types: append([]graph.RelType(nil), q.Types...), OtherKinds: append([]graph.NodeKind(nil), q.OtherKinds...)}
	b := newBatcher(func(ctx context.Context, ids []graph.ID) (map[graph.ID][]*graph.Relationship, error) {
		m, err := l.read.Relationships(ctx, ids, q)
		if err != nil {
			return nil, fmt.Errorf("load relationships: %w", err)
		}
		// The nodes at the other ends of the whole batch are the cohort of
		// the next level.
		var others []graph.ID
		seen := map[graph.ID]bool{}
		for _, id := range ids {
			for _, r := range m[id] {
				if o := r.Other(id); !seen[o] {
					seen[o] = true
					others = append(others, o)
				}
			}
		}
		l.remember(others, true)
		return m, nil
	})
	l.rels[key] = b
	return b
}

// links loads the relationships of id of the given shape, seen from id.
func (l *loaders) links(ctx context.Context, id graph.ID, q graph.RelQuery) ([]*graph.Link, error) {
	rels, err := l.relBatcher(q).get(ctx, id, l.cohortOf(id))
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Link, len(rels))
	for i, r := range rels {
		out[i] = &graph.Link{Relationship: r, Self: id}
	}
	return out, nil
}

// linksOfMany loads the relationships of several nodes of the given shape in
// one batch, in the order of ids.
func (l *loaders) linksOfMany(ctx context.Context, ids []graph.ID, q graph.RelQuery) ([]*graph.Link, error) {
	got, err := l.relBatcher(q).getAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []*graph.Link
	for _, id := range ids {
		for _, r := range got[id] {
			out = append(out, &graph.Link{Relationship: r, Self: id})
		}
	}
	return out, nil
}

// batcher fetches values by ID in batches, each key once: a key is fetched
// with every key of its cohort not fetched yet, in one call, and a caller
// asking for a key being fetched waits for that call. It never waits for
// more keys: the cohorts make the batches.
type batcher[V any] struct {
	fetch func(ctx context.Context, ids []graph.ID) (map[graph.ID]V, error)

	mu   sync.Mutex
	keys map[graph.ID]*fetch[V]
}

// fetch is one call of a batcher's fetch function.
type fetch[V any] struct {
	done chan struct{}
	vals map[graph.ID]V
	err  error
}

func newBatcher[V any](f func(ctx context.Context, ids []graph.ID) (map[graph.ID]V, error)) *batcher[V] {
	return &batcher[V]{fetch: f, keys: map[graph.ID]*fetch[V]{}}
}

// prime records v as the value of id, unless id is known already.
func (b *batcher[V]) prime(id graph.ID, v V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.keys[id]; !ok {
		f := &fetch[V]{done: make(chan struct{}), vals: map[graph.ID]V{id: v}}
		close(f.done)
		b.keys[id] = f
	}
}

// get returns the value of id, fetching it with the unknown keys of cohort.
func (b *batcher[V]) get(ctx context.Context, id graph.ID, cohort []graph.ID) (V, error) {
	got, err := b.load(ctx, append([]graph.ID{id}, cohort...))
	return got[id], err
}

// getAll returns the values of ids, fetching the unknown ones in one call.
func (b *batcher[V]) getAll(ctx context.Context, ids []graph.ID) (map[graph.ID]V, error) {
	return b.load(ctx, ids)
}

// load returns the values of ids: it starts one fetch for those nobody has
// asked for yet and waits for every fetch they are in.
func (b *batcher[V]) load(ctx context.Context, ids []graph.ID) (map[graph.ID]V, error) {
	b.mu.Lock()
	var mine *fetch[V]
	var missing []graph.ID
	waits := map[*fetch[V]]bool{}
	for _, id := range ids {
		f, ok := b.keys[id]
		if !ok {
			if mine == nil {
				mine = &fetch[V]{done: make(chan struct{})}
			}
			f = mine
			b.keys[id] = mine
			missing = append(missing, id)
		}
		waits[f] = true
	}
	b.mu.Unlock()
	if mine != nil {
		mine.vals, mine.err = b.fetch(ctx, missing)
		if mine.err != nil {
			// A failed fetch is not kept: the next caller tries again.
			b.mu.Lock()
			for _, id := range missing {
				if b.keys[id] == mine {
					delete(b.keys, id)
				}
			}
			b.mu.Unlock()
		}
		close(mine.done)
	}
	out := make(map[graph.ID]V, len(ids))
	for f := range waits {
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err != nil {
			return nil, f.err
		}
	}
	for _, id := range ids {
		for f := range waits {
			if v, ok := f.vals[id]; ok {
				out[id] = v
				break
			}
		}
	}
	return out, nil
}

// readsOf returns the operation middleware that gives each query its
// loaders over a snapshot of store, released once the answer is built:
// every read of one query sees one state of the graph, in one transaction
// on Neo4j. A mutation reads and writes the store itself (a snapshot would
// hold the memory store's read lock across its write).
func readsOf(store graph.Store, full bool) func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx)
		if op.Operation == nil || op.Operation.Operation != ast.Query {
			return next(withLoaders(ctx, newLoaders(store, full)))
		}
		snap := store.Snapshot(ctx)
		respond := next(withLoaders(ctx, newLoaders(snap, full)))
		released := false
		return func(ctx context.Context) *graphql.Response {
			if released {
				return nil
			}
			resp := respond(ctx)
			// A query answers in one response: its reads are done. Ending
			// a read transaction changes nothing the answer says, so it
			// runs while the answer is written.
			released = true
			go snap.Release()
			return resp
		}
	}
}
