package graph

import (
	"context"
	"slices"
)

// Reader answers the reads of the graph. A Store reads its latest state,
// each call on its own; a Snapshot reads one consistent state for all its
// calls.
type Reader interface {
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
	// q.Dir is Invalid. An ID without such relationships has no entry. It is
	// one call for many nodes, so that a request costs as many calls as it
	// has levels, not results.
	Relationships(ctx context.Context, ids []ID, q RelQuery) (map[ID][]*Relationship, error)

	// Expand follows several hops at once, each from its own nodes: for
	// each hop, the relationships Relationships would return for
	// hop.From and hop.RelQuery, in the same order, and the nodes at their
	// other ends with the properties hop.Nodes names. It is one call (one
	// query) for a whole level of a GraphQL request: every relationship
	// field of the level, and the nodes they lead to. A hop that is Invalid
	// for Relationships, or a bad projection, makes the call Invalid.
	Expand(ctx context.Context, hops []Hop) ([]Expansion, error)

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
}

// Snapshot is a Reader for the reads of one request. On the memory store
// every read sees the same state: writes wait until the snapshot is
// released. On Neo4j it is one read transaction on one connection (one
// reader of a cluster, after the writes this process made), begun at the
// first read; Neo4j's isolation is read-committed, so a write committed by
// another transaction while the request runs can show in its later reads.
//
// Release ends it and must be called once when its reads are done; reads
// after Release are Unavailable. A Snapshot is safe for concurrent use: its
// reads take turns.
type Snapshot interface {
	Reader
	// Release ends the snapshot and frees what it holds. A read
	// transaction has nothing to commit, so Release cannot fail the reads
	// made before it; it logs what goes wrong.
	Release()
}

// Projection names what a read returns of each node besides its ID, kind
// and key: the stored properties in Props (a node without one of them
// simply lacks it) and, when Sources is set, its sources. A nil *Projection
// returns everything stored.
type Projection struct {
	Props   []string
	Sources bool
}

// Check reports a property name in p that is not a valid one (Invalid).
func (p *Projection) Check() error {
	if p == nil {
		return nil
	}
	for _, name := range p.Props {
		if err := CheckPropName(name); err != nil {
			return Errorf(Invalid, "projection: %v", err)
		}
	}
	return nil
}

// Apply returns a copy of n with only what p names: n itself when p is
// nil. The copy shares no mutable data with n.
func (p *Projection) Apply(n *Node) *Node {
	if p == nil || n == nil {
		return n
	}
	c := &Node{ID: n.ID, Kind: n.Kind, Key: n.Key, Props: make(Props, len(p.Props))}
	for _, name := range p.Props {
		if v, ok := n.Props[name]; ok {
			if list, ok := v.([]string); ok {
				v = slices.Clone(list)
			}
			c.Props[name] = v
		}
	}
	if p.Sources {
		c.Sources = slices.Clone(n.Sources)
	}
	return c
}

// Hop is one relationship field followed from a set of nodes or, with
// Self, the nodes themselves (a root field read with the first level of
// relationship fields under it).
type Hop struct {
	From []ID
	// Self reads the From nodes themselves into Expansion.Nodes, and no
	// relationships; RelQuery is then ignored.
	Self bool
	RelQuery
	// Nodes is what to return of the nodes at the other ends; nil returns
	// everything stored.
	Nodes *Projection
}

// Expansion is what one Hop found: for each of its From nodes that has such
// relationships, the relationships (ordered as Relationships orders them),
// and the nodes at their other ends, by ID.
type Expansion struct {
	Relationships map[ID][]*Relationship
	Nodes         map[ID]*Node
}

// EmptyExpansions returns n expansions that found nothing yet, ready to be
// filled: what Expand of n hops starts from.
func EmptyExpansions(n int) []Expansion {
	out := make([]Expansion, n)
	for i := range out {
		out[i] = Expansion{Relationships: map[ID][]*Relationship{}, Nodes: map[ID]*Node{}}
	}
	return out
}

// ExpandEach implements Expand over Relationships and Nodes: two calls per
// hop. It is the reference that every store's Expand must agree with, and
// the implementation of a store whose calls cost nothing (the memory store).
func ExpandEach(ctx context.Context, r Reader, hops []Hop) ([]Expansion, error) {
	if err := CheckHops(hops); err != nil {
		return nil, err
	}
	out := make([]Expansion, len(hops))
	for i, h := range hops {
		if h.Self {
			nodes, err := r.Nodes(ctx, h.From)
			if err != nil {
				return nil, err
			}
			out[i] = Expansion{Relationships: map[ID][]*Relationship{}, Nodes: map[ID]*Node{}}
			for _, n := range nodes {
				if n != nil {
					out[i].Nodes[n.ID] = h.Nodes.Apply(n)
				}
			}
			continue
		}
		rels, err := r.Relationships(ctx, h.From, h.RelQuery)
		if err != nil {
			return nil, err
		}
		var ids []ID
		seen := map[ID]bool{}
		for from, rs := range rels {
			for _, rel := range rs {
				if o := rel.Other(from); !seen[o] {
					seen[o] = true
					ids = append(ids, o)
				}
			}
		}
		slices.Sort(ids)
		nodes, err := r.Nodes(ctx, ids)
		if err != nil {
			return nil, err
		}
		byID := make(map[ID]*Node, len(nodes))
		for _, n := range nodes {
			if n != nil {
				byID[n.ID] = h.Nodes.Apply(n)
			}
		}
		out[i] = Expansion{Relationships: rels, Nodes: byID}
	}
	return out, nil
}

// CheckPageHops reports the first hop of a NodeQuery's Expand that
// CheckHops would refuse, or that names nodes of its own (From or Self), as
// Invalid.
func CheckPageHops(hops []Hop) error {
	for i, h := range hops {
		if len(h.From) > 0 || h.Self {
			return Errorf(Invalid, "find nodes: hop %d: a hop of a page starts from the page's nodes, not from nodes of its own", i+1)
		}
	}
	if err := CheckHops(hops); err != nil {
		return Errorf(Invalid, "find nodes: %s", ErrorMessage(err))
	}
	return nil
}

// PageHops returns hops, each starting from the nodes of a page: what a
// NodeQuery's Expand reads, as hops of Reader.Expand.
func PageHops(hops []Hop, nodes []*Node) []Hop {
	ids := make([]ID, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	out := slices.Clone(hops)
	for i := range out {
		out[i].From = ids
	}
	return out
}

// CheckHops reports the first hop that Relationships would refuse, or a bad
// projection, as Invalid.
func CheckHops(hops []Hop) error {
	for i, h := range hops {
		if err := h.Nodes.Check(); err != nil {
			return Errorf(Invalid, "expand: hop %d: %s", i+1, ErrorMessage(err))
		}
		if h.Self {
			continue
		}
		if !h.Dir.Valid() {
			return Errorf(Invalid, "expand: hop %d: unknown direction %q (want OUT, IN or BOTH)", i+1, h.Dir)
		}
		for _, t := range h.Types {
			if !t.Valid() {
				return Errorf(Invalid, "expand: hop %d: unknown relationship type %q", i+1, t)
			}
		}
		for _, k := range h.OtherKinds {
			if !k.Valid() {
				return Errorf(Invalid, "expand: hop %d: unknown node kind %q", i+1, k)
			}
		}
	}
	return nil
}
