package neo4j

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// The pieces of the FindNodes query. A condition holds when one of its
// properties holds; a property that is a list holds when one of its elements
// does, so every value is seen as a list. Cypher compares numbers by value
// (an integer with a float too), strings lexicographically, and a value with
// one of another type as null, which does not match.
const (
	findMatch = "MATCH (n:%s)\n"
	// findCond is one graph.Cond: %[1]d its number, %[2]s its operator.
	findCond = `any(p IN $c%[1]d_props WHERE any(x IN CASE WHEN n[p] IS :: LIST<ANY> THEN n[p] ELSE [n[p]] END WHERE x %[2]s $c%[1]d_value))`
	// findNever stands for a condition on reserved properties only, which
	// no node has.
	findNever = "false"
	// findRelated* are one graph.RelCond: %[1]d its number, %[2]s its type.
	findRelatedOut  = `EXISTS { MATCH (n)-[:%[2]s]->(:` + labelNexus + ` {` + propID + `: $r%[1]d_other}) }`
	findRelatedIn   = `EXISTS { MATCH (n)<-[:%[2]s]-(:` + labelNexus + ` {` + propID + `: $r%[1]d_other}) }`
	findRelatedBoth = `EXISTS { MATCH (n)-[:%[2]s]-(:` + labelNexus + ` {` + propID + `: $r%[1]d_other}) }`
	// Nulls sort last in ascending order; across types, Cypher sorts lists,
	// then strings, booleans and numbers, as the memory store does.
	findOrderByProp = "WITH n ORDER BY n[$orderBy], n." + propKey + "\n"
	findOrderByKey  = "WITH n ORDER BY n." + propKey + "\n"
	// findPage returns the total and the page, each node as its stored
	// properties (storedProps), the derived ones left in the store.
	findPage = `WITH collect(n) AS nodes
RETURN size(nodes) AS total, [m IN nodes[$offset..$end] | [k IN keys(m) WHERE NOT k STARTS WITH '` + internalPrefix + `' | [k, m[k]]]] AS page`
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
	for _, v := range nodes {
		n, err := decodeStored(v)
		if err != nil {
			return graph.NodePage{}, s.internal("find nodes", err)
		}
		page.Nodes = append(page.Nodes, n)
	}
	return page, nil
}

// findQuery validates q and returns its Cypher and parameters.
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
	params := map[string]any{}
	var where []string
	for i, c := range q.Where {
		cond, err := condition(i, c, params)
		if err != nil {
			return "", nil, invalid("condition %d: %v", i+1, err)
		}
		where = append(where, cond)
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
		where = append(where, fmt.Sprintf(format, i, string(rc.Type)))
		params[fmt.Sprintf("r%d_other", i)] = string(rc.Other)
	}

	var b strings.Builder
	fmt.Fprintf(&b, findMatch, string(q.Kind))
	if len(where) > 0 {
		b.WriteString("WHERE " + strings.Join(where, "\n  AND ") + "\n")
	}
	if q.OrderBy != "" && !reserved(q.OrderBy) {
		b.WriteString(findOrderByProp)
		params["orderBy"] = q.OrderBy
	} else {
		// A reserved name is a property no node has: the key decides.
		b.WriteString(findOrderByKey)
	}
	b.WriteString(findPage)
	params["offset"] = int64(q.Offset)
	end := int64(math.MaxInt64)
	if int64(q.Limit) <= math.MaxInt64-int64(q.Offset) {
		end = int64(q.Offset) + int64(q.Limit)
	}
	params["end"] = end
	return b.String(), params, nil
}

// condition validates c, the i-th condition, adds its parameters and
// returns its Cypher.
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
	switch v := c.Value.(type) {
	case string:
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
	var props []string
	for _, p := range c.Props {
		if reserved(p) {
			continue // a property no node has
		}
		if fold {
			p = foldPrefix + p
		}
		props = append(props, p)
	}
	if len(props) == 0 {
		return findNever, nil
	}
	params[fmt.Sprintf("c%d_props", i)] = props
	params[fmt.Sprintf("c%d_value", i)] = value
	return fmt.Sprintf(findCond, i, op), nil
}
