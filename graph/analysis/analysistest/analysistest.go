// Package analysistest gives the tests of the analysis functions the stores
// to run on: the memory store and the test Neo4j, both holding the seed, and
// a store wrapper that counts the calls made to it.
//
// The Neo4j store follows internal/neo4jtest: without NEXUS_TEST_NEO4J_URI
// the test that asks for it is skipped (or fails when CI=true), and it holds
// the test server's lock until the test ends.
package analysistest

import (
	"context"
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

// Counting wraps a store and counts the calls made to its read methods.
// It is safe for concurrent use.
type Counting struct {
	graph.Store

	mu    sync.Mutex
	calls map[string]int
}

// NewCounting returns s wrapped in a counter set to zero.
func NewCounting(s graph.Store) *Counting { return &Counting{Store: s, calls: map[string]int{}} }

func (c *Counting) count(method string) {
	c.mu.Lock()
	c.calls[method]++
	c.mu.Unlock()
}

// Calls returns how many times method ("Nodes", "FindNodes",
// "Relationships", "Neighborhood", "ShortestPaths", "Search", "Counts",
// "Degrees") was called since the last Reset.
func (c *Counting) Calls(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[method]
}

// Total returns the number of read calls of any method since the last Reset.
func (c *Counting) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range c.calls {
		n += k
	}
	return n
}

// Reset sets every count back to zero.
func (c *Counting) Reset() {
	c.mu.Lock()
	clear(c.calls)
	c.mu.Unlock()
}

// Nodes counts the call and passes it on.
func (c *Counting) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	c.count("Nodes")
	return c.Store.Nodes(ctx, ids)
}

// FindNodes counts the call and passes it on.
func (c *Counting) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	c.count("FindNodes")
	return c.Store.FindNodes(ctx, q)
}

// Relationships counts the call and passes it on.
func (c *Counting) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	c.count("Relationships")
	return c.Store.Relationships(ctx, ids, q)
}

// Neighborhood counts the call and passes it on.
func (c *Counting) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	c.count("Neighborhood")
	return c.Store.Neighborhood(ctx, root, q)
}

// ShortestPaths counts the call and passes it on.
func (c *Counting) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	c.count("ShortestPaths")
	return c.Store.ShortestPaths(ctx, from, to, q)
}

// Search counts the call and passes it on.
func (c *Counting) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	c.count("Search")
	return c.Store.Search(ctx, q)
}

// Counts counts the call and passes it on.
func (c *Counting) Counts(ctx context.Context) (graph.Counts, error) {
	c.count("Counts")
	return c.Store.Counts(ctx)
}

// Degrees counts the call and passes it on.
func (c *Counting) Degrees(ctx context.Context) (graph.Degrees, error) {
	c.count("Degrees")
	return c.Store.Degrees(ctx)
}
