// Package testgraph gives tests the stores to run on: the memory store and
// the test Neo4j, both holding the seed (and, on request, the participation
// fixture), and Counting, the one store wrapper that counts the calls made
// to a store and its snapshots and can fail, stall or gate them.
//
// The Neo4j store follows internal/neo4jtest: without NEXUS_TEST_NEO4J_URI
// the test that asks for it is skipped (or fails when CI=true), and it holds
// the test server's lock until the test ends.
package testgraph

import (
	"context"
	"iter"
	"maps"
	"sync"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// Memory returns a new memory store holding the seed.
func Memory(t testing.TB) graph.Store {
	t.Helper()
	s := memory.New()
	if _, err := seed.Load(context.Background(), s); err != nil {
		t.Fatalf("load the seed into the memory store: %v", err)
	}
	return s
}

// Neo4j returns the test Neo4j holding the seed alone. It skips t when no
// test Neo4j is configured (fails it when CI=true).
func Neo4j(t testing.TB) graph.Store {
	t.Helper()
	s := neo4jtest.Open(t)
	if _, err := seed.Load(context.Background(), s); err != nil {
		t.Fatalf("load the seed into the test Neo4j: %v", err)
	}
	return s
}

// Each runs f in a subtest per store, "memory" then "neo4j", each store
// holding the seed; the "neo4j" subtest is skipped when no test Neo4j is
// configured.
func Each(t *testing.T, f func(t *testing.T, s graph.Store)) {
	t.Helper()
	t.Run("memory", func(t *testing.T) { f(t, Memory(t)) })
	t.Run("neo4j", func(t *testing.T) { f(t, Neo4j(t)) })
}

// Counting wraps a store: it counts the calls made to it, the reads of
// its snapshots included, and the snapshots that read anything; a hook,
// when set, runs before each call and can fail it, stall it or panic. The
// store is a named field, not embedded, so that a method added to
// graph.Store or graph.Reader cannot pass uncounted. It is safe for
// concurrent use.
type Counting struct {
	countingReader
	next graph.Store
}

// Hook runs before each call of method (a graph.Store or graph.Reader
// method name); an error it returns is the call's.
type Hook func(ctx context.Context, method string) error

// counts are the counts of a Counting store and of its snapshots.
type counts struct {
	hook Hook

	mu        sync.Mutex
	calls     map[string]int
	snapshots int // snapshots with at least one read
}

// countingReader counts the reads of a store or of one of its snapshots.
type countingReader struct {
	next graph.Reader
	c    *counts
	sn   *countingSnapshot // nil for the store's own reads
}

// countingSnapshot is a snapshot of a Counting store.
type countingSnapshot struct {
	countingReader
	next graph.Snapshot

	mu   sync.Mutex
	read bool
}

var (
	_ graph.Store    = (*Counting)(nil)
	_ graph.Snapshot = (*countingSnapshot)(nil)
)

// NewCounting returns s wrapped in a counter set to zero.
func NewCounting(s graph.Store) *Counting { return NewHooked(s, nil) }

// NewHooked returns s wrapped in a counter set to zero, with hook run
// before each call.
func NewHooked(s graph.Store, hook Hook) *Counting {
	return &Counting{countingReader: countingReader{next: s, c: &counts{hook: hook, calls: map[string]int{}}}, next: s}
}

// before counts a call of method and runs the hook.
func (r countingReader) before(ctx context.Context, method string) error {
	r.c.mu.Lock()
	r.c.calls[method]++
	r.c.mu.Unlock()
	if r.sn != nil {
		r.sn.mu.Lock()
		first := !r.sn.read
		r.sn.read = true
		r.sn.mu.Unlock()
		if first {
			r.c.mu.Lock()
			r.c.snapshots++
			r.c.mu.Unlock()
		}
	}
	if r.c.hook != nil {
		return r.c.hook(ctx, method)
	}
	return nil
}

// Calls returns how many times method ("Nodes", "FindNodes",
// "Relationships", "Expand", "Neighborhood", "ShortestPaths", "Search",
// "Counts", "Degrees", "Apply") was called since the last Reset, on the
// store or its snapshots.
func (c *Counting) Calls(method string) int {
	c.c.mu.Lock()
	defer c.c.mu.Unlock()
	return c.c.calls[method]
}

// All returns the calls of every method since the last Reset.
func (c *Counting) All() map[string]int {
	c.c.mu.Lock()
	defer c.c.mu.Unlock()
	return maps.Clone(c.c.calls)
}

// Total returns the number of read calls of any method since the last Reset.
func (c *Counting) Total() int {
	c.c.mu.Lock()
	defer c.c.mu.Unlock()
	n := 0
	for m, k := range c.c.calls {
		if m != "Apply" && m != "Ping" {
			n += k
		}
	}
	return n
}

// Snapshots returns how many snapshots read anything since the last Reset.
func (c *Counting) Snapshots() int {
	c.c.mu.Lock()
	defer c.c.mu.Unlock()
	return c.c.snapshots
}

// Reset sets every count back to zero.
func (c *Counting) Reset() {
	c.c.mu.Lock()
	clear(c.c.calls)
	c.c.snapshots = 0
	c.c.mu.Unlock()
}

// Apply implements graph.Store.
func (c *Counting) Apply(ctx context.Context, b graph.Batch) error {
	if err := c.before(ctx, "Apply"); err != nil {
		return err
	}
	return c.next.Apply(ctx, b)
}

// Snapshot implements graph.Store.
func (c *Counting) Snapshot(ctx context.Context) graph.Snapshot {
	inner := c.next.Snapshot(ctx)
	sn := &countingSnapshot{next: inner}
	sn.countingReader = countingReader{next: inner, c: c.c, sn: sn}
	return sn
}

// Release implements graph.Snapshot.
func (sn *countingSnapshot) Release() { sn.next.Release() }

// Degrees implements graph.Store.
func (c *Counting) Degrees(ctx context.Context) (graph.Degrees, error) {
	if err := c.before(ctx, "Degrees"); err != nil {
		return graph.Degrees{}, err
	}
	return c.next.Degrees(ctx)
}

// Ping implements graph.Store.
func (c *Counting) Ping(ctx context.Context) error {
	if err := c.before(ctx, "Ping"); err != nil {
		return err
	}
	return c.next.Ping(ctx)
}

// Close implements graph.Store.
func (c *Counting) Close() error { return c.next.Close() }

// Nodes implements graph.Reader.
func (r countingReader) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	if err := r.before(ctx, "Nodes"); err != nil {
		return nil, err
	}
	return r.next.Nodes(ctx, ids)
}

// FindNodes implements graph.Reader.
func (r countingReader) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if err := r.before(ctx, "FindNodes"); err != nil {
		return graph.NodePage{}, err
	}
	return r.next.FindNodes(ctx, q)
}

// Relationships implements graph.Reader.
func (r countingReader) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	if err := r.before(ctx, "Relationships"); err != nil {
		return nil, err
	}
	return r.next.Relationships(ctx, ids, q)
}

// Expand implements graph.Reader.
func (r countingReader) Expand(ctx context.Context, hops []graph.Hop) ([]graph.Expansion, error) {
	if err := r.before(ctx, "Expand"); err != nil {
		return nil, err
	}
	return r.next.Expand(ctx, hops)
}

// Search implements graph.Reader.
func (r countingReader) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := r.before(ctx, "Search"); err != nil {
		return nil, err
	}
	return r.next.Search(ctx, q)
}

// Counts implements graph.Reader.
func (r countingReader) Counts(ctx context.Context) (graph.Counts, error) {
	if err := r.before(ctx, "Counts"); err != nil {
		return graph.Counts{}, err
	}
	return r.next.Counts(ctx)
}

// Neighborhood implements graph.Reader.
func (r countingReader) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	if err := r.before(ctx, "Neighborhood"); err != nil {
		return graph.Subgraph{}, err
	}
	return r.next.Neighborhood(ctx, root, q)
}

// ShortestPaths implements graph.Reader.
func (r countingReader) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	if err := r.before(ctx, "ShortestPaths"); err != nil {
		return nil, err
	}
	return r.next.ShortestPaths(ctx, from, to, q)
}

// ApplyStream implements graph.Store.
func (c *Counting) ApplyStream(ctx context.Context, batches iter.Seq2[graph.Batch, error]) error {
	if err := c.before(ctx, "ApplyStream"); err != nil {
		return err
	}
	return c.next.ApplyStream(ctx, batches)
}
