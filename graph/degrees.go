package graph

// DegreeKey names the relationships of one type, in one direction, of the
// nodes of one kind.
type DegreeKey struct {
	Kind NodeKind
	Type RelType
	Dir  Direction // Out, In or Both
}

// Degrees is what bounds the lists a node can have: for each DegreeKey, the
// largest number of such relationships any node of the kind has, counted as
// Relationships returns them (parallel relationships each, a self-loop once
// in Both, whatever the kind at the other end); for each relationship type,
// the largest number of relationships of that type from one node to one
// other (parallel ones, told apart by their keys); and for each kind, the
// largest number of sources any of its nodes has. Keys without a
// relationship, and kinds without a source, are left out.
type Degrees struct {
	Rels     map[DegreeKey]int
	Parallel map[RelType]int
	Sources  map[NodeKind]int
}

// Max returns the largest number of relationships of type t in direction
// dir that a node of kind k has (0 when none has any).
func (d Degrees) Max(k NodeKind, t RelType, dir Direction) int {
	return d.Rels[DegreeKey{Kind: k, Type: t, Dir: dir}]
}

// DegreesOf computes the Degrees of a graph from each node's relationships
// (rels holds every relationship once) and the kind and source count of
// every node. It is the definition that every store's Degrees must agree
// with.
func DegreesOf(nodes []*Node, rels []*Relationship) Degrees {
	d := Degrees{Rels: map[DegreeKey]int{}, Parallel: map[RelType]int{}, Sources: map[NodeKind]int{}}
	kinds := make(map[ID]NodeKind, len(nodes))
	for _, n := range nodes {
		kinds[n.ID] = n.Kind
		if len(n.Sources) > d.Sources[n.Kind] {
			d.Sources[n.Kind] = len(n.Sources)
		}
	}
	type end struct {
		id  ID
		t   RelType
		dir Direction
	}
	type pair struct {
		from, to ID
		t        RelType
	}
	count := map[end]int{}
	parallel := map[pair]int{}
	for _, r := range rels {
		p := pair{r.From, r.To, r.Type}
		parallel[p]++
		if parallel[p] > d.Parallel[r.Type] {
			d.Parallel[r.Type] = parallel[p]
		}
		count[end{r.From, r.Type, Out}]++
		count[end{r.To, r.Type, In}]++
		count[end{r.From, r.Type, Both}]++
		if r.To != r.From {
			count[end{r.To, r.Type, Both}]++
		}
	}
	for e, n := range count {
		k, ok := kinds[e.id]
		if !ok {
			continue
		}
		key := DegreeKey{Kind: k, Type: e.t, Dir: e.dir}
		if n > d.Rels[key] {
			d.Rels[key] = n
		}
	}
	return d
}
