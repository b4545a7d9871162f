package graph

// Op is a comparison in a Cond.
type Op string

// The comparisons. String comparisons with Lt…Gte are lexicographic, which is
// chronological for ISO dates (YYYY-MM-DD).
const (
	OpEq       Op = "EQ"       // equal
	OpEqFold   Op = "EQ_FOLD"  // equal, ignoring case and accents
	OpContains Op = "CONTAINS" // contains as a substring, ignoring case and accents
	OpLt       Op = "LT"       // less than
	OpLte      Op = "LTE"      // less than or equal
	OpGt       Op = "GT"       // greater than
	OpGte      Op = "GTE"      // greater than or equal
)

// Valid reports whether o is a known comparison.
func (o Op) Valid() bool {
	switch o {
	case OpEq, OpEqFold, OpContains, OpLt, OpLte, OpGt, OpGte:
		return true
	}
	return false
}

// Cond is a condition on a node's properties: it holds when any of Props,
// compared with Op to Value, holds. A node without the property does not
// match (an unknown is not "less than" anything).
type Cond struct {
	Props []string
	Op    Op
	Value any // string, int64, float64 or bool
}

// Direction is the direction of a relationship seen from a node.
type Direction string

// The directions.
const (
	Out  Direction = "OUT"  // from the node
	In   Direction = "IN"   // to the node
	Both Direction = "BOTH" // either
)

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return d == Out || d == In || d == Both }

// RelCond is a condition on a node's relationships: the node has a
// relationship of type Type in direction Dir whose other end is Other.
type RelCond struct {
	Type  RelType
	Dir   Direction
	Other ID
}

// NodeQuery selects nodes of one kind.
type NodeQuery struct {
	Kind    NodeKind
	Where   []Cond    // all must hold
	Related []RelCond // all must hold
	// OrderBy is the property to sort by, ascending, with the key breaking
	// ties; "" sorts by key. Nodes without the property sort last.
	OrderBy string
	Offset  int // nodes to skip, ≥ 0
	Limit   int // most nodes to return, ≥ 0; 0 returns none (only the total)
	// Project is what to return of each node of the page; nil returns
	// everything stored.
	Project *Projection
	// Expand are hops read with the page, from every node of it, so that
	// a page and the level of relationships under it cost one read. Their
	// From must be empty and Self false (CheckPageHops).
	Expand []Hop
}

// NodePage is one page of a NodeQuery's result.
type NodePage struct {
	Nodes []*Node
	Total int // how many nodes match, over all pages
	// Expansions holds what each hop of NodeQuery.Expand found, in its
	// order, as Reader.Expand would from the page's IDs (PageHops).
	Expansions []Expansion
}

// RelQuery selects the relationships of a node.
type RelQuery struct {
	Dir        Direction
	Types      []RelType  // empty: every type
	OtherKinds []NodeKind // empty: every kind of node at the other end
}

// Other returns the ID at the other end of r from id.
func (r *Relationship) Other(id ID) ID {
	if r.From == id {
		return r.To
	}
	return r.From
}

// SearchQuery is a full-text search.
type SearchQuery struct {
	Text  string
	Kinds []NodeKind // empty: every kind
	Limit int        // most hits, > 0
}

// SearchHit is one search result: a node and its relevance, higher first.
type SearchHit struct {
	ID    ID
	Score float64
}

// Counts is the number of nodes per kind and of relationships per type.
type Counts struct {
	Nodes         map[NodeKind]int
	Relationships map[RelType]int
}

// Batch is a set of nodes and relationships to write at once.
type Batch struct {
	Nodes         []*Node
	Relationships []*Relationship
}
