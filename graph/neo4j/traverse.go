package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// The traversals are each one Cypher statement. Cypher has no loop, so the
// statement repeats one step per level, each a COLLECT subquery over the
// last level's frontier, as many times as the deepest walk allowed
// (graph.MaxDepth levels for a neighbourhood, graph.MaxPathLength for
// paths); a level beyond the query's depth or length walks nothing. Every
// value is a parameter, the relationship types and node kinds included, so
// that each traversal has one query text and Neo4j plans it once (a plan of
// these statements takes a few hundred milliseconds; one per depth and set
// of types would each be planned on first use). Nodes come back as their
// stored properties (decodeStored), relationships as [from, type, to,
// properties] (decodeRel), and the final order is applied in Go, where it is
// the order of Go strings.
//
// The types and kinds are passed as maps (name → true), not lists: Neo4j
// keeps a plan per size class of each list parameter, and one for a map.

// storedPropsOf is the Cypher expression of node variable v's stored
// properties, the derived ones left out, as decodeStored reads them.
func storedPropsOf(v string) string {
	return "[k IN keys(" + v + ") WHERE NOT k STARTS WITH '" + internalPrefix + "' | [k, " + v + "[k]]]"
}

// typeIn is the condition that relationship variable r is of one of the
// types $types, every type when $types is empty.
func typeIn(r string) string {
	return "($types = {} OR $types[type(" + r + ")])"
}

// The pieces of the Neighborhood query. kept holds the nodes kept so far,
// in the order of the walk; front the last level, whose relationships are
// not walked yet (empty once the walk is cut); truncated whether a level
// overflowed $limit.
const (
	hoodHead = `MATCH (root:` + labelNexus + ` {` + propID + `: $root})
WITH root, [root] AS kept, [root] AS front, false AS truncated
`
	// hoodLevel is level %[1]d: the nodes one relationship of $types away
	// from the frontier, of $kinds (every kind when empty), not kept yet,
	// in ID order; as many as fit in $limit are kept, and when they do not
	// all fit the walk stops. A level deeper than $depth walks nothing.
	hoodLevel = `WITH root, kept, truncated, COLLECT {
  UNWIND CASE WHEN $depth < %[1]d THEN [] ELSE front END AS u
  MATCH (u)-[r]-(v:` + labelNexus + `)
  WHERE %[2]s AND NOT v IN kept
    AND ($kinds = {} OR any(l IN labels(v) WHERE $kinds[l]))
  WITH DISTINCT v ORDER BY v.` + propID + `
  RETURN v
} AS next
WITH root, kept, truncated, next, $limit - size(kept) AS room
WITH root, kept + next[..room] AS kept, truncated OR size(next) > room AS truncated,
  CASE WHEN size(next) > room THEN [] ELSE next END AS front
`
	// hoodTail returns the nodes kept, whether the walk was cut and every
	// relationship of $types between two kept nodes, once each (from its
	// start node); a loop on the root only with $rootLoops, since the walk
	// takes only relationships whose other end is of $kinds.
	hoodTail = `RETURN [n IN kept | %[1]s] AS nodes, truncated, COLLECT {
  UNWIND kept AS a
  MATCH (a)-[r]->(b)
  WHERE %[2]s AND b IN kept AND (a <> root OR b <> root OR $rootLoops)
  RETURN [a.` + propID + `, type(r), b.` + propID + `, CASE WHEN $bare THEN {} ELSE properties(r) END]
} AS rels`
)

// neighborhoodQuery is the Cypher of Neighborhood.
var neighborhoodQuery = func() string {
	var b strings.Builder
	b.WriteString(hoodHead)
	for level := 1; level <= graph.MaxDepth; level++ {
		fmt.Fprintf(&b, hoodLevel, level, typeIn("r"))
	}
	fmt.Fprintf(&b, hoodTail, storedPropsOf("n"), typeIn("r"))
	return b.String()
}()

// neighborhoodProjected is neighborhoodQuery returning the properties in
// $props only.
var neighborhoodProjected = strings.Replace(neighborhoodQuery,
	"RETURN [n IN kept | "+storedPropsOf("n")+"]",
	"RETURN [n IN kept | [k IN $props WHERE n[k] IS NOT NULL | [k, n[k]]]]", 1)

// setParam returns names as a set parameter ($types, $kinds): a map from
// each name to true.
func setParam[T ~string](names []T) map[string]any {
	set := make(map[string]any, len(names))
	for _, n := range names {
		set[string(n)] = true
	}
	return set
}

// Neighborhood implements graph.Store with one query, whatever the depth:
// the walk, the cut at the limit and the induced relationships all run in
// the database. The level that overflows is cut in the order of its IDs as
// Neo4j sorts stored strings, which is the order of Go strings.
func (s *Store) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	if err := q.Check(); err != nil {
		return graph.Subgraph{}, err
	}
	rootKind, _, err := graph.ParseID(root)
	if err != nil {
		return graph.Subgraph{}, graph.NoNode(root)
	}
	if err := s.usable(ctx, "neighborhood"); err != nil {
		return graph.Subgraph{}, err
	}
	params := map[string]any{
		"root": string(root), "depth": int64(q.Depth), "limit": int64(q.Limit),
		"types": setParam(q.Types), "kinds": setParam(q.Kinds),
		"rootLoops": len(q.Kinds) == 0 || slices.Contains(q.Kinds, rootKind),
		"bare":      q.Bare,
	}
	query := neighborhoodQuery
	if q.Project != nil {
		query = neighborhoodProjected
		params["props"] = projected(q.Project)
	}
	records, err := s.read(ctx, "neighborhood", query, params)
	if err != nil {
		return graph.Subgraph{}, err
	}
	if len(records) == 0 {
		return graph.Subgraph{}, graph.NoNode(root)
	}
	if len(records) != 1 || len(records[0].Values) != 3 {
		return graph.Subgraph{}, s.internal("neighborhood", fmt.Errorf("%d rows, want 1", len(records)))
	}
	row := records[0].Values
	nodes, ok := row[0].([]any)
	truncated, ok2 := row[1].(bool)
	rels, ok3 := row[2].([]any)
	if !ok || !ok2 || !ok3 {
		return graph.Subgraph{}, s.internal("neighborhood", fmt.Errorf("unexpected row %T, %T, %T", row[0], row[1], row[2]))
	}
	sg := graph.Subgraph{Truncated: truncated}
	for _, v := range nodes {
		n, err := decodeStored(v)
		if err != nil {
			return graph.Subgraph{}, s.internal("neighborhood", err)
		}
		sg.Nodes = append(sg.Nodes, n)
	}
	slices.SortFunc(sg.Nodes, func(a, b *graph.Node) int { return strings.Compare(string(a.ID), string(b.ID)) })
	for _, v := range rels {
		r, _, err := decodeRelRow(v, 4)
		if err != nil {
			return graph.Subgraph{}, s.internal("neighborhood", err)
		}
		sg.Relationships = append(sg.Relationships, r)
	}
	slices.SortFunc(sg.Relationships, graph.CompareIdentity)
	return sg, nil
}

// decodeRelRow decodes a relationship returned as [from, type, to,
// properties, extra…], a row of want values, and returns it with the
// extra values as strings.
func decodeRelRow(v any, want int) (*graph.Relationship, []string, error) {
	row, ok := v.([]any)
	if !ok || len(row) != want {
		return nil, nil, fmt.Errorf("relationship row %T of %d values, want a list of %d", v, len(row), want)
	}
	strs := make([]string, 0, want-1)
	for i, x := range row {
		if i == 3 {
			continue
		}
		s, ok := x.(string)
		if !ok {
			return nil, nil, fmt.Errorf("relationship row: value %d is a %T, want a string", i+1, x)
		}
		strs = append(strs, s)
	}
	props, ok := row[3].(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("relationship row: properties of type %T", row[3])
	}
	r, err := decodeRel(strs[0], strs[2], strs[1], props)
	if err != nil {
		return nil, nil, err
	}
	return r, strs[3:], nil
}

// The pieces of the ShortestPaths query: a breadth-first search from both
// ends at once that always extends the smaller frontier, as
// traverse.ShortestPaths does, of at most $maxLength levels. Per end
// (f: from, b: to) it keeps the frontier (F), every node seen (S) and per
// level the parent steps [relationship, node of the level before, node of
// the level] that reach each new node (P); met holds the nodes where the
// two searches met, and once there are some, the levels left do nothing.
const (
	pathsHead = `OPTIONAL MATCH (a:` + labelNexus + ` {` + propID + `: $from})
OPTIONAL MATCH (b:` + labelNexus + ` {` + propID + `: $to})
WITH a, b, CASE WHEN a IS NULL OR b IS NULL THEN [] ELSE [a] END AS fF, [a] AS fS, [] AS fP,
  CASE WHEN a IS NULL OR b IS NULL THEN [] ELSE [b] END AS bF, [b] AS bS, [] AS bP, [] AS met
`
	// pathsLevel is level %[1]d, along relationships of $types; it walks
	// nothing once the searches met or beyond $maxLength.
	pathsLevel = `WITH a, b, fF, fS, fP, bF, bS, bP, met, size(bF) < size(fF) AS back
WITH a, b, fF, fS, fP, bF, bS, bP, met, back, COLLECT {
  UNWIND CASE WHEN size(met) > 0 OR $maxLength < %[1]d THEN [] WHEN back THEN bF ELSE fF END AS u
  MATCH (u)-[r]-(v:` + labelNexus + `)
  WHERE %[2]s AND NOT v IN CASE WHEN back THEN bS ELSE fS END
  RETURN [r, u, v]
} AS par
WITH a, b, fF, fS, fP, bF, bS, bP, met, back, par, COLLECT {
  UNWIND par AS p
  WITH DISTINCT p[2] AS v
  RETURN v
} AS next
WITH a, b, met + [v IN next WHERE v IN CASE WHEN back THEN fS ELSE bS END] AS met,
  CASE WHEN back THEN fF ELSE next END AS fF, CASE WHEN back THEN fS ELSE fS + next END AS fS,
  CASE WHEN back THEN fP ELSE fP + [par] END AS fP,
  CASE WHEN back THEN next ELSE bF END AS bF, CASE WHEN back THEN bS + next ELSE bS END AS bS,
  CASE WHEN back THEN bP + [par] ELSE bP END AS bP
`
	// pathsTail keeps, on each side, the parent steps that lead back from
	// the meeting nodes to its end (the relationships of the shortest
	// paths), and returns whether each end exists, those steps as
	// [from, type, to, properties, node nearer the end, node farther] and
	// the nodes they join, ends included.
	pathsTail = `WITH a, b,
  reduce(acc = {on: met, steps: []}, level IN reverse(fP) |
    {on: acc.on + [p IN level WHERE p[2] IN acc.on | p[1]], steps: acc.steps + [p IN level WHERE p[2] IN acc.on]}).steps AS fSteps,
  reduce(acc = {on: met, steps: []}, level IN reverse(bP) |
    {on: acc.on + [p IN level WHERE p[2] IN acc.on | p[1]], steps: acc.steps + [p IN level WHERE p[2] IN acc.on]}).steps AS bSteps
RETURN a IS NOT NULL AS hasFrom, b IS NOT NULL AS hasTo,
  [p IN fSteps | [startNode(p[0]).` + propID + `, type(p[0]), endNode(p[0]).` + propID + `, properties(p[0]), p[1].` + propID + `, p[2].` + propID + `]] AS fwd,
  [p IN bSteps | [startNode(p[0]).` + propID + `, type(p[0]), endNode(p[0]).` + propID + `, properties(p[0]), p[1].` + propID + `, p[2].` + propID + `]] AS bwd,
  COLLECT {
    UNWIND [a, b] + [p IN fSteps + bSteps | p[1]] + [p IN fSteps + bSteps | p[2]] AS n
    WITH DISTINCT n
    WHERE n IS NOT NULL
    RETURN ` + "%s" + `
  } AS nodes`
)

// pathsQuery is the Cypher of ShortestPaths.
var pathsQuery = func() string {
	var b strings.Builder
	b.WriteString(pathsHead)
	for level := 1; level <= graph.MaxPathLength; level++ {
		fmt.Fprintf(&b, pathsLevel, level, typeIn("r"))
	}
	fmt.Fprintf(&b, pathsTail, storedPropsOf("n"))
	return b.String()
}()

// ShortestPaths implements graph.Store with one query, whatever the length.
// The database runs the search and returns the relationships of every
// shortest path (the shortest-path graph, pruned back from the meeting
// nodes) and their nodes; the paths are listed from them here, smallest
// step first, up to q.Paths(). What crosses the wire is bounded by the
// relationships of the shortest paths, at most those the search walked
// (the relationships of the nodes of the frontiers it expanded), never by
// the number of paths, which can grow exponentially with the length. A
// path from a node to itself is one Nodes query.
func (s *Store) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	for _, id := range []graph.ID{from, to} {
		if _, _, err := graph.ParseID(id); err != nil {
			return nil, graph.NoNode(id)
		}
	}
	if from == to {
		nodes, err := s.Nodes(ctx, []graph.ID{from})
		if err != nil {
			return nil, fmt.Errorf("paths from %s to %s: %w", from, to, err)
		}
		if nodes[0] == nil {
			return nil, graph.NoNode(from)
		}
		return []graph.Path{{Nodes: nodes, Relationships: []*graph.Relationship{}}}, nil
	}
	if err := s.usable(ctx, "shortest paths"); err != nil {
		return nil, err
	}
	params := map[string]any{"from": string(from), "to": string(to), "maxLength": int64(q.MaxLength), "types": setParam(q.Types)}
	records, err := s.read(ctx, "shortest paths", pathsQuery, params)
	if err != nil {
		return nil, err
	}
	if len(records) != 1 || len(records[0].Values) != 5 {
		return nil, s.internal("shortest paths", fmt.Errorf("%d rows, want 1", len(records)))
	}
	row := records[0].Values
	hasFrom, ok1 := row[0].(bool)
	hasTo, ok2 := row[1].(bool)
	fwd, ok3 := row[2].([]any)
	bwd, ok4 := row[3].([]any)
	nodeRows, ok5 := row[4].([]any)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return nil, s.internal("shortest paths", fmt.Errorf("unexpected row %T, %T, %T, %T, %T", row[0], row[1], row[2], row[3], row[4]))
	}
	if !hasFrom {
		return nil, graph.NoNode(from)
	}
	if !hasTo {
		return nil, graph.NoNode(to)
	}
	nodes := make(map[graph.ID]*graph.Node, len(nodeRows))
	for _, v := range nodeRows {
		n, err := decodeStored(v)
		if err != nil {
			return nil, s.internal("shortest paths", err)
		}
		nodes[n.ID] = n
	}
	// succ[u] are the steps from u one node nearer to on a shortest path.
	succ := map[graph.ID][]pathStep{}
	add := func(rows []any, forward bool) error {
		for _, v := range rows {
			r, ends, err := decodeRelRow(v, 6)
			if err != nil {
				return err
			}
			// ends are the node of the level before and the node of the
			// level, from's side walks forwards, to's side backwards.
			u, v := graph.ID(ends[0]), graph.ID(ends[1])
			if !forward {
				u, v = v, u
			}
			succ[u] = append(succ[u], pathStep{rel: r, node: v})
		}
		return nil
	}
	if err := add(fwd, true); err != nil {
		return nil, s.internal("shortest paths", err)
	}
	if err := add(bwd, false); err != nil {
		return nil, s.internal("shortest paths", err)
	}
	paths, err := listPaths(from, to, succ, nodes, q.Paths())
	if err != nil {
		return nil, s.internal("shortest paths", err)
	}
	return paths, nil
}

// pathStep is one step of a path: the relationship taken and the node it
// leads to.
type pathStep struct {
	rel  *graph.Relationship
	node graph.ID
}

// listPaths lists up to limit paths from from to to along succ, the steps
// of the shortest-path graph, smallest step (node ID, then relationship
// identity) first, so in lexicographic order of their steps.
func listPaths(from, to graph.ID, succ map[graph.ID][]pathStep, nodes map[graph.ID]*graph.Node, limit int) ([]graph.Path, error) {
	for u, steps := range succ {
		slices.SortFunc(steps, func(a, b pathStep) int {
			return cmp.Or(strings.Compare(string(a.node), string(b.node)), graph.CompareIdentity(a.rel, b.rel))
		})
		succ[u] = slices.CompactFunc(steps, func(a, b pathStep) bool {
			return a.node == b.node && a.rel.Identity() == b.rel.Identity()
		})
	}
	paths := []graph.Path{}
	var prefix []pathStep
	var walk func(u graph.ID) error
	walk = func(u graph.ID) error {
		if u == to {
			p := graph.Path{Nodes: make([]*graph.Node, 0, len(prefix)+1), Relationships: make([]*graph.Relationship, 0, len(prefix))}
			for _, id := range append([]graph.ID{from}, stepNodes(prefix)...) {
				n := nodes[id]
				if n == nil {
					return fmt.Errorf("node %s of a path was not returned", id)
				}
				p.Nodes = append(p.Nodes, n)
			}
			for _, st := range prefix {
				p.Relationships = append(p.Relationships, st.rel)
			}
			paths = append(paths, p)
			return nil
		}
		for _, st := range succ[u] {
			if len(paths) == limit {
				return nil
			}
			prefix = append(prefix, st)
			if err := walk(st.node); err != nil {
				return err
			}
			prefix = prefix[:len(prefix)-1]
		}
		return nil
	}
	if err := walk(from); err != nil {
		return nil, err
	}
	return paths, nil
}

// stepNodes returns the node each step leads to.
func stepNodes(steps []pathStep) []graph.ID {
	ids := make([]graph.ID, len(steps))
	for i, st := range steps {
		ids[i] = st.node
	}
	return ids
}
