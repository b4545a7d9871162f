// Package memory is the embedded graph.Store: every node and relationship in
// maps behind a read-write mutex, with adjacency per node, an inverted index
// for full-text search, and indexes that FindNodes builds on first use
// (index.go): equality indexes per kind and property, and order indexes per
// kind and sort property, so that a find costs what its answer costs rather
// than what the kind holds. It needs no setup, which makes it the default
// store of "nexus serve" and the store of the resolver tests; the conformance
// suite in graph/storetest holds it to the same answers as the Neo4j store.
//
// The store keeps its own copies: changing a node after passing it to Apply,
// or changing a node or relationship it returned, does not change the store.
package memory

import (
	"context"
	"fmt"
	"sync"

	"github.com/nexus-graph/nexus/graph"
)

// Store is an in-memory graph.Store, safe for concurrent use. Create it with New.
type Store struct {
	mu     sync.RWMutex
	closed bool
	nodes  map[graph.ID]*entry
	byKind map[graph.NodeKind]map[graph.ID]*entry
	rels   map[string]*graph.Relationship // by Relationship.Identity
	index  *searchIndex
	finds  *findIndexes
	plan   planning
}

// entry is a stored node with what the store derives from it.
type entry struct {
	node *graph.Node
	// folded holds the folded values (textfold.Fold) of the node's string
	// and string-list properties, element by element, for EQ_FOLD and CONTAINS.
	folded map[string][]string
	out    map[string]*graph.Relationship // relationships from the node, by identity
	in     map[string]*graph.Relationship // relationships to the node, by identity
}

var _ graph.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		nodes:  make(map[graph.ID]*entry),
		byKind: make(map[graph.NodeKind]map[graph.ID]*entry),
		rels:   make(map[string]*graph.Relationship),
		index:  newSearchIndex(),
		finds:  newFindIndexes(),
		plan:   defaultPlanning,
	}
}

// usable reports why the store cannot answer a call now: the caller's
// context is done, or the store is closed. The caller holds s.mu.
func (s *Store) usable(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory store: %s: %w", op, err)
	}
	if s.closed {
		return graph.Errorf(graph.Unavailable, "memory store: %s: the store is closed", op)
	}
	return nil
}

// Nodes implements graph.Store.
func (s *Store) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.nodesLocked(ctx, ids)
}

// nodesLocked is Nodes for a caller that holds s.mu.
func (s *Store) nodesLocked(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	if err := s.usable(ctx, "nodes"); err != nil {
		return nil, err
	}
	out := make([]*graph.Node, len(ids))
	for i, id := range ids {
		if e := s.nodes[id]; e != nil {
			out[i] = copyNode(e.node)
		}
	}
	return out, nil
}

// Counts implements graph.Store. Kinds and types with nothing are left out
// of the maps.
func (s *Store) Counts(ctx context.Context) (graph.Counts, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.countsLocked(ctx)
}

// countsLocked is Counts for a caller that holds s.mu.
func (s *Store) countsLocked(ctx context.Context) (graph.Counts, error) {
	if err := s.usable(ctx, "counts"); err != nil {
		return graph.Counts{}, err
	}
	c := graph.Counts{
		Nodes:         make(map[graph.NodeKind]int),
		Relationships: make(map[graph.RelType]int),
	}
	for k, nodes := range s.byKind {
		if len(nodes) > 0 {
			c.Nodes[k] = len(nodes)
		}
	}
	for _, r := range s.rels {
		c.Relationships[r.Type]++
	}
	return c, nil
}

// Ping implements graph.Store: an open store can always answer.
func (s *Store) Ping(ctx context.Context) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.usable(ctx, "ping")
}

// Close implements graph.Store. It drops the graph; every later call returns
// an Unavailable error. Closing a closed store does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.nodes, s.byKind, s.rels, s.index, s.finds = nil, nil, nil, nil, nil
	return nil
}
