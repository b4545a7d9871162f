// Package traverse is the reference implementation of graph.Store's
// Neighborhood and ShortestPaths: breadth-first walks over the basic reads
// of any store (Reader: Nodes and Relationships), one Relationships call per
// level over the whole frontier and one Nodes call at the end.
//
// A store may answer with these functions over its own basic reads (the
// memory store does), or answer otherwise (Neo4j runs one Cypher statement
// per call); either way its answer must equal, to the byte, what these
// functions give over the same store's basic reads: the conformance suite
// in graph/storetest checks it.
package traverse

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
)

// Reader is what the walks read: the basic reads of a graph.Store.
type Reader interface {
	// Nodes is graph.Store.Nodes.
	Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error)
	// Relationships is graph.Store.Relationships.
	Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error)
}

// byIdentity orders relationships by their identity.
func byIdentity(a, b *graph.Relationship) int { return graph.CompareIdentity(a, b) }
