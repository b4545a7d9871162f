package graph

import "context"

// Store is a graph store. Every implementation passes the conformance suite in
// graph/storetest, so that callers cannot tell one from another by its answers.
//
// Errors are *Error values: Invalid for a bad query or batch, Unavailable when
// the backend cannot be reached, Internal otherwise. Unknown IDs are not errors.
type Store interface {
	// Apply writes a batch, all or nothing. A node replaces the node with the
	// same ID (its properties and sources); a relationship replaces the one
	// with the same From, Type, To and Key. Applying the same batch twice
	// leaves the same graph. Every node and relationship is validated first,
	// and every relationship's endpoints must exist in the batch or the store:
	// otherwise Apply returns Invalid and writes nothing.
	Apply(ctx context.Context, b Batch) error

	// Nodes returns the nodes with the given IDs, in the same order, with nil
	// for an ID that names no node (or is malformed).
	Nodes(ctx context.Context, ids []ID) ([]*Node, error)

	// FindNodes returns one page of the nodes of q.Kind that match every
	// condition, in q.OrderBy order, and how many match in all. A bad kind,
	// property name, operator or offset/limit is Invalid.
	FindNodes(ctx context.Context, q NodeQuery) (NodePage, error)

	// Relationships returns, for each of ids, its relationships in direction
	// q.Dir of the types q.Types whose other end is of one of q.OtherKinds,
	// ordered by type name (byte order), then the other end's ID, then the
	// start node's ID, then key; a self-loop appears once. An empty or unknown
	// q.Dir is Invalid. An ID without such
	// relationships has no entry. It is one call for many nodes, so that a
	// request costs as many calls as it has levels, not results.
	Relationships(ctx context.Context, ids []ID, q RelQuery) (map[ID][]*Relationship, error)

	// Neighborhood returns the nodes within q.Depth relationships of root,
	// followed in either direction, and every relationship of q.Types
	// between two of them (the induced subgraph, so edges between two nodes
	// at the rim are there too), with one exception: a relationship from the
	// root to itself is there only when the root's kind is one of q.Kinds
	// (or q.Kinds is empty), as the walk only takes relationships whose
	// other end is of q.Kinds. A node of a kind not in q.Kinds (when given)
	// is neither kept nor walked through; the root is always kept.
	//
	// Nodes come in ID order and relationships in identity order, as
	// Subgraph says. When more than q.Limit nodes are within q.Depth, the
	// closest are kept (by depth, then by ID within the level that
	// overflows), the walk stops there and Truncated is set. It is one call
	// whatever the depth: graph/traverse.Neighborhood is the reference every
	// store's answer equals. q.Check's error comes first (Invalid); then an
	// unknown or malformed root is NotFound (NoNode).
	Neighborhood(ctx context.Context, root ID, q NeighborhoodQuery) (Subgraph, error)

	// ShortestPaths returns the shortest paths between from and to that
	// follow relationships of q.Types in either direction, or none (an empty
	// slice) when no path of at most q.MaxLength relationships joins them. A
	// path from a node to itself is the node alone (length 0).
	//
	// Paths are in lexicographic order of their steps, a step being the next
	// node's ID, then the identity of the relationship taken to it: so the
	// first path has the smallest sequence of node IDs, and two paths
	// through the same nodes along parallel relationships are two paths.
	// It returns the first q.Paths() of them: the first path only without
	// q.All, so the answer does not depend on the store. It is one call
	// whatever the length: graph/traverse.ShortestPaths is the reference
	// every store's answer equals. q.Check's error comes first (Invalid);
	// then a malformed from or to, then an unknown from, then an unknown
	// to, is NotFound (NoNode).
	ShortestPaths(ctx context.Context, from, to ID, q PathQuery) ([]Path, error)

	// Search ranks the nodes whose names, titles, short names, acronyms,
	// symbols, formal names or texts match the words of q.Text
	// (textfold.Words), ignoring case and accents, best first, the ID
	// breaking ties. A node matches when each query word is a word of the
	// node or a prefix of one. Scores follow textfold's rule
	// (SearchFields.Score), the same in every store to the bit. Text without
	// a word, a limit ≤ 0 or an unknown kind is Invalid.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)

	// Counts returns the number of nodes per kind and relationships per type.
	Counts(ctx context.Context) (Counts, error)

	// Degrees returns, per node kind, relationship type and direction, the
	// largest number of such relationships any node has; per type, the
	// most relationships from one node to one other; and per kind the
	// largest number of sources (see Degrees and DegreesOf): what bounds the
	// lists of a node, for weighing queries before running them. It reads
	// every relationship: a store may take time over a large graph.
	Degrees(ctx context.Context) (Degrees, error)

	// Ping reports whether the store can answer queries now (Unavailable if not).
	Ping(ctx context.Context) error

	// Close releases the store's resources.
	Close() error
}

// SearchableProps are the property bases that Search looks in: each localized
// variant (nameEn, nameFr, …) and the plain property itself.
var SearchableProps = []string{"name", "formalName", "title", "shortName", "text", "acronym", "symbol"}
