package neo4j

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// The pieces of the FindNodes query. The property names are written into
// the text (validated with graph.CheckPropName and quoted), so that the
// planner sees which property each predicate reads and seeks the indexes of
// schema.go; every value is a parameter.
//
// A condition holds when one of its properties holds. A property holds when
// its value, compared with the operator, holds: Cypher compares numbers by
// value (an integer with a float too), strings lexicographically, and a
// value with one of another type as null, which does not match. A property
// that is a list (of strings: the only lists Props hold) holds when one of
// its elements does, which only a string value can match. A condition with
// a string value is therefore written twice:
//
//   - the candidates, which the planner answers with one index per
//     disjunct and their union: for each property, "n.p <op> $v" (a seek
//     or range seek, a contains scan of a text index for CONTAINS) and
//     "n.p >= []", which holds for every list and nothing else (an empty
//     list included), so a range seek that reads the list values only;
//   - the exact test of each candidate, with every value seen as a list
//     ([] + n.p).
//
// A condition with a number or a boolean needs the candidates only, without
// the lists.
const (
	// findNode is the node variable of every piece.
	findNode = "n"
	// findMatch is %[1]s the kind's label.
	findMatch = "MATCH (" + findNode + ":%[1]s)\n"
	// findRelated* are one graph.RelCond: %[1]d its number, %[2]s its type.
	// A pattern, not an EXISTS test, so that the planner can start from the
	// other end (a seek of the unique index on id) instead of every node of
	// the kind. Each is a MATCH of its own, so that two conditions may be
	// met by the same relationship, and the matches are made DISTINCT,
	// since two nodes may have several relationships of a type (told apart
	// by their keys).
	findRelatedOut  = "MATCH (" + findNode + ")-[:%[2]s]->(:" + labelNexus + " {" + propID + ": $r%[1]d_other})\n"
	findRelatedIn   = "MATCH (" + findNode + ")<-[:%[2]s]-(:" + labelNexus + " {" + propID + ": $r%[1]d_other})\n"
	findRelatedBoth = "MATCH (" + findNode + ")-[:%[2]s]-(:" + labelNexus + " {" + propID + ": $r%[1]d_other})\n"
	findDistinct    = "WITH DISTINCT " + findNode + "\n"
	// findHasKey holds for every node.
	findHasKey = "WHERE " + findNode + "." + propKey + " IS NOT NULL\n"
	// findNever stands for a condition on reserved properties only, which
	// no node has.
	findNever = "false"
	// findLists is the candidates' list branch of one property, %[1]s.
	findLists = "%[1]s >= []"
	// findExact is the exact test of one property: %[1]s the property,
	// %[2]s the operator, %[3]s the value. [] + v is v when v is a list,
	// [v] when it is not (a list plus an element appends it), and reads
	// the property once, from the cache the index seek filled.
	findExact = "any(x IN [] + %[1]s WHERE x %[2]s %[3]s)"
	// findOrder sorts the matches: %[1]s the expression to sort by. Nulls
	// sort last in ascending order; across types, Cypher sorts lists, then
	// strings, booleans and numbers, as the memory store does. The key
	// breaks ties.
	findOrder = "WITH " + findNode + " ORDER BY %[1]s" + findNode + "." + propKey + " SKIP $offset LIMIT $limit\n"
	// findPage returns the page, each node as %[2]s (findStored or its
	// projection, with its hops when the query expands), and the total,
	// counted by matching again in a subquery (%[1]s), without collecting
	// the nodes. Aggregating the page makes one row even when it is empty.
	findPage = "WITH collect(%[2]s) AS page\n" +
		"RETURN COUNT {\n%[1]s} AS total, page"
	// findStored is a node as its stored properties (decodeStored), the
	// derived ones left in the store.
	findStored = "[k IN keys(" + findNode + ") WHERE NOT k STARTS WITH '" + internalPrefix + "' | [k, " + findNode + "[k]]]"
	// findHopPart is the part of one hop of the query's Expand, read for
	// each node of the page: %[1]s its MATCH (hopMatch), %[2]s the other
	// end's properties (otherProps). Each relationship comes as [from,
	// type, to, properties, other end].
	findHopPart = "COLLECT {\n%[1]sRETURN [startNode(r)." + propID + ", type(r), endNode(r)." + propID + ", properties(r), %[2]s]\n}"
	// findTotal returns the total only, for a limit of 0.
	findTotal = "RETURN COUNT {\n%[1]s} AS total, [] AS page"
	// findCountDistinct ends the subquery that counts matches made
	// DISTINCT.
	findCountDistinct = findDistinct + "RETURN " + findNode + "\n"
)

// cypherOps maps each graph.Op to its Cypher operator.
var cypherOps = map[graph.Op]string{
	graph.OpEq:       "=",
	graph.OpEqFold:   "=",
	graph.OpContains: "CONTAINS",
	graph.OpLt:       "<",
	graph.OpLte:      "<=",
	graph.OpGt:       ">",
	graph.OpGte:      ">=",
}

// FindNodes implements graph.Store with one query that filters, sorts,
// counts and pages in the database. Comparisons follow the memory store: a
// string-list property holds when one of its elements does; strings compare
// with strings, numbers with numbers (int64 and float64 alike, by value) and
// booleans with booleans (EQ only); EQ_FOLD and CONTAINS compare the folded
// copies of the properties with the folded value.
func (s *Store) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if err := s.usable(ctx, "find nodes"); err != nil {
		return graph.NodePage{}, err
	}
	query, params, err := findQuery(q)
	if err != nil {
		return graph.NodePage{}, err
	}
	records, err := s.read(ctx, "find nodes", query, params)
	if err != nil {
		return graph.NodePage{}, err
	}
	if len(records) != 1 || len(records[0].Values) != 2 {
		return graph.NodePage{}, s.internal("find nodes", fmt.Errorf("%d rows, want 1", len(records)))
	}
	total, ok := records[0].Values[0].(int64)
	nodes, ok2 := records[0].Values[1].([]any)
	if !ok || !ok2 {
		return graph.NodePage{}, s.internal("find nodes", fmt.Errorf("unexpected row %T, %T", records[0].Values[0], records[0].Values[1]))
	}
	page := graph.NodePage{Nodes: make([]*graph.Node, 0, len(nodes)), Total: int(total)}
	if len(q.Expand) > 0 {
		page.Expansions = graph.EmptyExpansions(len(q.Expand))
	}
	for _, v := range nodes {
		var hops []any
		if len(q.Expand) > 0 {
			pair, ok := v.([]any)
			if !ok || len(pair) != 2 {
				return graph.NodePage{}, s.internal("find nodes", fmt.Errorf("page entry %T, want [node, hops]", v))
			}
			if hops, ok = pair[1].([]any); !ok || len(hops) != len(q.Expand) {
				return graph.NodePage{}, s.internal("find nodes", fmt.Errorf("hops %T, want a list of %d", pair[1], len(q.Expand)))
			}
			v = pair[0]
		}
		n, err := decodeStored(v)
		if err != nil {
			return graph.NodePage{}, s.internal("find nodes", err)
		}
		page.Nodes = append(page.Nodes, n)
		for i, rows := range hops {
			if err := decodePageHop(&page.Expansions[i], n.ID, rows); err != nil {
				return graph.NodePage{}, s.internal("find nodes", fmt.Errorf("hop %d of %s: %w", i+1, n.ID, err))
			}
		}
	}
	return page, nil
}

// findQuery validates q and returns its Cypher and parameters: one query
// that matches, sorts and cuts the page in the database, and counts the
// matches in a subquery.
func findQuery(q graph.NodeQuery) (string, map[string]any, error) {
	invalid := func(format string, args ...any) error {
		return graph.Errorf(graph.Invalid, "find nodes: "+format, args...)
	}
	if !q.Kind.Valid() {
		return "", nil, invalid("unknown kind %q", q.Kind)
	}
	if q.Offset < 0 {
		return "", nil, invalid("offset %d is negative", q.Offset)
	}
	if q.Limit < 0 {
		return "", nil, invalid("limit %d is negative", q.Limit)
	}
	if q.OrderBy != "" {
		if err := graph.CheckPropName(q.OrderBy); err != nil {
			return "", nil, invalid("order by: %v", err)
		}
	}
	if err := graph.CheckPageHops(q.Expand); err != nil {
		return "", nil, err
	}
	params := map[string]any{}
	var where []string
	for i, c := range q.Where {
		cond, err := condition(i, c, params)
		if err != nil {
			return "", nil, invalid("condition %d: %v", i+1, err)
		}
		where = append(where, cond)
	}

	// The match: the node and its properties, then its relationships.
	// When there are both, the properties come first, in a query part of
	// their own: the planner estimates an OR of properties with few
	// distinct values (regions, kinds) at many nodes, and would rather read
	// every relationship of the other end (every Member State) than seek
	// the indexes, while the API's property conditions are the selective
	// ones. The part ends with WITH DISTINCT, which changes nothing (each
	// node is there once) but, unlike a plain WITH, is not merged away by
	// the planner.
	var match strings.Builder
	fmt.Fprintf(&match, findMatch, string(q.Kind))
	if len(where) > 0 {
		match.WriteString("WHERE " + strings.Join(where, "\n  AND ") + "\n")
		if len(q.Related) > 0 {
			match.WriteString(findDistinct)
		}
	}
	for i, rc := range q.Related {
		if !rc.Type.Valid() {
			return "", nil, invalid("relationship condition %d: unknown type %q", i+1, rc.Type)
		}
		var format string
		switch rc.Dir {
		case graph.Out:
			format = findRelatedOut
		case graph.In:
			format = findRelatedIn
		case graph.Both:
			format = findRelatedBoth
		default:
			return "", nil, invalid("relationship condition %d: unknown direction %q (want OUT, IN or BOTH)", i+1, rc.Dir)
		}
		if _, _, err := graph.ParseID(rc.Other); err != nil {
			return "", nil, invalid("relationship condition %d: %v", i+1, graph.ErrorMessage(err))
		}
		fmt.Fprintf(&match, format, i, string(rc.Type))
		params[fmt.Sprintf("r%d_other", i)] = string(rc.Other)
	}
	count := match.String()
	byKey := q.OrderBy == "" || reserved(q.OrderBy)
	if len(where) == 0 && len(q.Related) == 0 && byKey {
		// Every node has a key: saying so lets the planner read the
		// page from the key's index, in order, instead of sorting the kind.
		match.WriteString(findHasKey)
	}
	if len(q.Related) > 0 {
		count += findCountDistinct
	}

	var b strings.Builder
	if q.Limit == 0 {
		fmt.Fprintf(&b, findTotal, count)
		return b.String(), params, nil
	}
	b.WriteString(match.String())
	if len(q.Related) > 0 {
		b.WriteString(findDistinct)
	}
	orderBy := ""
	if !byKey {
		// A reserved name is a property no node has: the key decides.
		orderBy = propRef(q.OrderBy) + ", "
	}
	fmt.Fprintf(&b, findOrder, orderBy)
	node := findStored
	if q.Project != nil {
		if err := q.Project.Check(); err != nil {
			return "", nil, invalid("%s", graph.ErrorMessage(err))
		}
		node = projectionOf(findNode, q.Project)
	}
	if len(q.Expand) > 0 {
		// The hops are read for each node of the page, after the cut.
		parts := make([]string, len(q.Expand))
		for i, h := range q.Expand {
			parts[i] = fmt.Sprintf(findHopPart, hopMatch(h), otherProps(h))
		}
		b.WriteString("WITH " + findNode + ", [" + strings.Join(parts, ", ") + "] AS hops\n")
		node = "[" + node + ", hops]"
	}
	fmt.Fprintf(&b, findPage, count, node)
	params["offset"] = int64(q.Offset)
	params["limit"] = int64(q.Limit)
	return b.String(), params, nil
}

// propRef returns the Cypher of the property name of the node: name must
// have passed graph.CheckPropName (letters and digits), or be such a name
// with the prefix of the derived properties; the backticks make any such
// name a property key, never a keyword.
func propRef(name string) string {
	return findNode + ".`" + name + "`"
}

// condition validates c, the i-th condition, adds its parameter and
// returns its Cypher: the candidates, and for a string value the exact test
// (see the top of the file).
func condition(i int, c graph.Cond, params map[string]any) (string, error) {
	if len(c.Props) == 0 {
		return "", fmt.Errorf("no property to compare")
	}
	for _, p := range c.Props {
		if err := graph.CheckPropName(p); err != nil {
			return "", err
		}
	}
	op, ok := cypherOps[c.Op]
	if !ok {
		return "", fmt.Errorf("unknown operator %q (want EQ, EQ_FOLD, CONTAINS, LT, LTE, GT or GTE)", c.Op)
	}
	fold := c.Op == graph.OpEqFold || c.Op == graph.OpContains
	value := c.Value
	isString := false
	switch v := c.Value.(type) {
	case string:
		isString = true
		if fold {
			value = textfold.Fold(v)
		}
	case int64:
		if fold {
			return "", fmt.Errorf("%s compares strings, not %T", c.Op, c.Value)
		}
	case float64:
		if fold {
			return "", fmt.Errorf("%s compares strings, not %T", c.Op, c.Value)
		}
		if math.IsNaN(v) {
			return "", fmt.Errorf("NaN compares with nothing")
		}
	case bool:
		if c.Op != graph.OpEq {
			return "", fmt.Errorf("a boolean can only be compared with EQ, not %s", c.Op)
		}
	default:
		return "", fmt.Errorf("value of type %T (want string, int64, float64 or bool)", c.Value)
	}
	param := fmt.Sprintf("$c%d", i)
	var candidates, exact []string
	seen := make(map[string]bool, len(c.Props))
	for _, p := range c.Props {
		if reserved(p) || seen[p] {
			continue // a property no node has, or one already compared
		}
		seen[p] = true
		if fold {
			p = foldPrefix + p
		}
		ref := propRef(p)
		candidates = append(candidates, ref+" "+op+" "+param)
		if isString {
			candidates = append(candidates, fmt.Sprintf(findLists, ref))
			exact = append(exact, fmt.Sprintf(findExact, ref, op, param))
		}
	}
	if len(candidates) == 0 {
		return findNever, nil
	}
	params[param[1:]] = value
	cond := "(" + strings.Join(candidates, " OR ") + ")"
	if len(exact) > 0 {
		cond += "\n  AND (" + strings.Join(exact, "\n    OR ") + ")"
	}
	return cond, nil
}

// decodePageHop adds to e the relationships of node id that one hop of a
// page read, rows of [from, type, to, properties, other end], in the order
// of Relationships.
func decodePageHop(e *graph.Expansion, id graph.ID, rows any) error {
	list, ok := rows.([]any)
	if !ok {
		return fmt.Errorf("relationships %T, want a list", rows)
	}
	seen := make(map[string]bool, len(list))
	for _, v := range list {
		row, ok := v.([]any)
		if !ok || len(row) != 5 {
			return fmt.Errorf("relationship %T, want a list of 5", v)
		}
		from, ok1 := row[0].(string)
		typ, ok2 := row[1].(string)
		to, ok3 := row[2].(string)
		props, ok4 := row[3].(map[string]any)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return fmt.Errorf("relationship row %T, %T, %T, %T", row[0], row[1], row[2], row[3])
		}
		r, err := decodeRel(from, to, typ, props)
		if err != nil {
			return err
		}
		// A self-loop matches a pattern without direction twice.
		if seen[r.Identity()] {
			continue
		}
		seen[r.Identity()] = true
		e.Relationships[id] = append(e.Relationships[id], r)
		if other := r.Other(id); e.Nodes[other] == nil {
			n, err := decodeStored(row[4])
			if err != nil {
				return err
			}
			e.Nodes[other] = n
		}
	}
	sortRels(id, e.Relationships[id])
	return nil
}
