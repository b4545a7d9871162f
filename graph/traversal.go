package graph

import "strings"

// Bounds of NeighborhoodQuery and PathQuery, and the values the API uses
// when the caller gives none.
const (
	// MaxDepth is the deepest neighbourhood Store.Neighborhood explores.
	MaxDepth = 4
	// DefaultNeighborhoodLimit is the limit of a neighbourhood when the
	// caller gives none.
	DefaultNeighborhoodLimit = 200
	// MaxNeighborhoodLimit is the largest NeighborhoodQuery.Limit.
	MaxNeighborhoodLimit = 1000

	// DefaultMaxLength is the longest path looked for when the caller says
	// nothing.
	DefaultMaxLength = 6
	// MaxPathLength is the largest PathQuery.MaxLength.
	MaxPathLength = 10
	// DefaultPathsLimit is the number of paths returned at most when the
	// caller says nothing.
	DefaultPathsLimit = 10
	// MaxPathsLimit is the largest PathQuery.Limit.
	MaxPathsLimit = 100
)

// NeighborhoodQuery says how far and along what Store.Neighborhood walks.
type NeighborhoodQuery struct {
	// Depth is the number of relationships between the root and the
	// farthest node, 0…MaxDepth; 0 returns the root alone.
	Depth int
	// Types are the relationship types followed, in either direction; empty
	// follows every type.
	Types []RelType
	// Kinds are the kinds of node reached (the root is always kept); empty
	// reaches every kind. A node of another kind is neither kept nor walked
	// through.
	Kinds []NodeKind
	// Limit is the most nodes returned, root included, 1…MaxNeighborhoodLimit.
	Limit int
	// Project is what to return of each node; nil returns everything
	// stored.
	Project *Projection
	// Bare returns each relationship as its ends and type only (Bare):
	// without its properties, its key or its source, for an answer that
	// draws or counts the relationships and reads nothing of them.
	Bare bool
}

// Check returns Invalid, with a message naming the allowed range or values,
// when the depth, the limit, a type or a kind is out of range or unknown,
// in that order; nil otherwise. Every store refuses a query with its error.
func (q NeighborhoodQuery) Check() error {
	if err := checkRange("depth", q.Depth, 0, MaxDepth); err != nil {
		return err
	}
	if err := checkRange("limit", q.Limit, 1, MaxNeighborhoodLimit); err != nil {
		return err
	}
	if err := checkTypes(q.Types); err != nil {
		return err
	}
	if err := checkKinds(q.Kinds); err != nil {
		return err
	}
	return q.Project.Check()
}

// PathQuery says what paths Store.ShortestPaths looks for.
type PathQuery struct {
	// MaxLength is the longest path looked for, in relationships,
	// 1…MaxPathLength.
	MaxLength int
	// Types are the relationship types a path may follow, in either
	// direction; empty allows every type.
	Types []RelType
	// All asks for every shortest path (up to Limit) instead of one.
	All bool
	// Limit is the most paths returned when All is set, 1…MaxPathsLimit; it
	// is ignored otherwise.
	Limit int
}

// Check returns Invalid, with a message naming the allowed range or values,
// when the maximum length, the limit (with All only) or a type is out of
// range or unknown, in that order; nil otherwise. Every store refuses a
// query with its error.
func (q PathQuery) Check() error {
	if err := checkRange("maxLength", q.MaxLength, 1, MaxPathLength); err != nil {
		return err
	}
	if q.All {
		if err := checkRange("limit", q.Limit, 1, MaxPathsLimit); err != nil {
			return err
		}
	}
	return checkTypes(q.Types)
}

// Paths returns the most paths q asks for: Limit with All, 1 without.
func (q PathQuery) Paths() int {
	if q.All {
		return q.Limit
	}
	return 1
}

// NoNode returns the NotFound error of a traversal whose root, start or end
// id names no node of the store (or is malformed).
func NoNode(id ID) error {
	return Errorf(NotFound, "no node %q", string(id))
}

// checkRange returns Invalid when v is outside lo…hi.
func checkRange(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return Errorf(Invalid, "%s must be between %d and %d, got %d", name, lo, hi, v)
	}
	return nil
}

// checkTypes returns Invalid, naming the allowed types, when one of types
// is unknown.
func checkTypes(types []RelType) error {
	for _, t := range types {
		if !t.Valid() {
			names := make([]string, len(RelTypes))
			for i, v := range RelTypes {
				names[i] = string(v)
			}
			return Errorf(Invalid, "unknown relationship type %q; want one of %s", t, strings.Join(names, ", "))
		}
	}
	return nil
}

// checkKinds returns Invalid, naming the allowed kinds, when one of kinds is
// unknown.
func checkKinds(kinds []NodeKind) error {
	for _, k := range kinds {
		if !k.Valid() {
			names := make([]string, len(NodeKinds))
			for i, v := range NodeKinds {
				names[i] = string(v)
			}
			return Errorf(Invalid, "unknown node kind %q; want one of %s", k, strings.Join(names, ", "))
		}
	}
	return nil
}
