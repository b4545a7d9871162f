package memory

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// FindNodes implements graph.Store.
//
// A condition compares each value of each of its properties: a string-list
// property holds when one of its elements does. Strings compare with strings
// (LT…GTE in byte order, which is code-point order), numbers with numbers
// (int64 and float64 alike, by value) and booleans with booleans (EQ only);
// a value of another type than the condition's never matches.
func (s *Store) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.findNodesLocked(ctx, q)
}

// findNodesLocked is FindNodes for a caller that holds s.mu.
func (s *Store) findNodesLocked(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if err := s.usable(ctx, "find nodes"); err != nil {
		return graph.NodePage{}, err
	}
	conds, err := compileQuery(q)
	if err != nil {
		return graph.NodePage{}, err
	}
	if err := q.Project.Check(); err != nil {
		return graph.NodePage{}, graph.Errorf(graph.Invalid, "find nodes: %s", graph.ErrorMessage(err))
	}
	if err := graph.CheckPageHops(q.Expand); err != nil {
		return graph.NodePage{}, err
	}

	nodes, total := s.selectPage(q, conds)
	page := graph.NodePage{Nodes: make([]*graph.Node, 0, len(nodes)), Total: total}
	for _, e := range nodes {
		page.Nodes = append(page.Nodes, project(e.node, q.Project))
	}
	if len(q.Expand) > 0 {
		if page.Expansions, err = s.expandLocked(ctx, graph.PageHops(q.Expand, page.Nodes)); err != nil {
			return graph.NodePage{}, err
		}
	}
	return page, nil
}

// compiledCond is a validated graph.Cond with its value prepared.
type compiledCond struct {
	props  []string
	op     graph.Op
	value  any    // string, int64, float64 or bool
	folded string // the folded value, for EQ_FOLD and CONTAINS
}

// compileQuery validates q and prepares its conditions.
func compileQuery(q graph.NodeQuery) ([]compiledCond, error) {
	invalid := func(format string, args ...any) error {
		return graph.Errorf(graph.Invalid, "find nodes: "+format, args...)
	}
	if !q.Kind.Valid() {
		return nil, invalid("unknown kind %q", q.Kind)
	}
	if q.Offset < 0 {
		return nil, invalid("offset %d is negative", q.Offset)
	}
	if q.Limit < 0 {
		return nil, invalid("limit %d is negative", q.Limit)
	}
	if q.OrderBy != "" {
		if err := checkPropName(q.OrderBy); err != nil {
			return nil, invalid("order by: %v", err)
		}
	}
	conds := make([]compiledCond, 0, len(q.Where))
	for i, c := range q.Where {
		cc, err := compileCond(c)
		if err != nil {
			return nil, invalid("condition %d: %v", i+1, err)
		}
		conds = append(conds, cc)
	}
	for i, rc := range q.Related {
		if !rc.Type.Valid() {
			return nil, invalid("relationship condition %d: unknown type %q", i+1, rc.Type)
		}
		if !rc.Dir.Valid() {
			return nil, invalid("relationship condition %d: unknown direction %q (want OUT, IN or BOTH)", i+1, rc.Dir)
		}
		if _, _, err := graph.ParseID(rc.Other); err != nil {
			return nil, invalid("relationship condition %d: %v", i+1, graph.ErrorMessage(err))
		}
	}
	return conds, nil
}

func compileCond(c graph.Cond) (compiledCond, error) {
	if len(c.Props) == 0 {
		return compiledCond{}, fmt.Errorf("no property to compare")
	}
	for _, p := range c.Props {
		if err := checkPropName(p); err != nil {
			return compiledCond{}, err
		}
	}
	if !c.Op.Valid() {
		return compiledCond{}, fmt.Errorf("unknown operator %q (want EQ, EQ_FOLD, CONTAINS, LT, LTE, GT or GTE)", c.Op)
	}
	cc := compiledCond{props: c.Props, op: c.Op, value: c.Value}
	switch v := c.Value.(type) {
	case string:
		cc.folded = textfold.Fold(v)
	case int64:
		if c.Op == graph.OpEqFold || c.Op == graph.OpContains {
			return compiledCond{}, fmt.Errorf("%s compares strings, not %T", c.Op, c.Value)
		}
	case float64:
		if c.Op == graph.OpEqFold || c.Op == graph.OpContains {
			return compiledCond{}, fmt.Errorf("%s compares strings, not %T", c.Op, c.Value)
		}
		if math.IsNaN(v) {
			return compiledCond{}, fmt.Errorf("NaN compares with nothing")
		}
	case bool:
		if c.Op != graph.OpEq {
			return compiledCond{}, fmt.Errorf("a boolean can only be compared with EQ, not %s", c.Op)
		}
	default:
		return compiledCond{}, fmt.Errorf("value of type %T (want string, int64, float64 or bool)", c.Value)
	}
	return cc, nil
}

// checkPropName reports whether name is a valid property name, by the same
// rule as graph.Props.Validate.
func checkPropName(name string) error {
	return graph.Props{name: ""}.Validate()
}

func matchesAll(e *entry, conds []compiledCond) bool {
	for i := range conds {
		if !conds[i].matches(e) {
			return false
		}
	}
	return true
}

// matches reports whether any of c's properties of e holds.
func (c *compiledCond) matches(e *entry) bool {
	for _, p := range c.props {
		v, ok := e.node.Props[p]
		if !ok {
			continue
		}
		switch v := v.(type) {
		case string:
			if c.matchString(v, e.folded[p][0]) {
				return true
			}
		case []string:
			for i, s := range v {
				if c.matchString(s, e.folded[p][i]) {
					return true
				}
			}
		case int64:
			if order, ok := compareNumbers(v, c.value); ok && c.holds(order) {
				return true
			}
		case float64:
			if order, ok := compareNumbers(v, c.value); ok && c.holds(order) {
				return true
			}
		case bool:
			if b, ok := c.value.(bool); ok && v == b {
				return true
			}
		}
	}
	return false
}

// matchString compares the string s, whose folded form is folded, with c.
func (c *compiledCond) matchString(s, folded string) bool {
	want, ok := c.value.(string)
	if !ok {
		return false
	}
	switch c.op {
	case graph.OpEqFold:
		return folded == c.folded
	case graph.OpContains:
		return strings.Contains(folded, c.folded)
	}
	return c.holds(strings.Compare(s, want))
}

// holds reports whether a comparison result (-1, 0, +1 for property less
// than, equal to, greater than value) satisfies an EQ or ordering operator.
func (c *compiledCond) holds(order int) bool {
	switch c.op {
	case graph.OpEq:
		return order == 0
	case graph.OpLt:
		return order < 0
	case graph.OpLte:
		return order <= 0
	case graph.OpGt:
		return order > 0
	case graph.OpGte:
		return order >= 0
	}
	return false
}

// compareNumbers compares two numbers (int64 or float64) by value; ok is
// false when either is not a number or they cannot be ordered (NaN).
func compareNumbers(a, b any) (result int, ok bool) {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		return cmp.Compare(ai, bi), true
	}
	af, aOK := toFloat(a)
	bf, bOK := toFloat(b)
	if !aOK || !bOK || math.IsNaN(af) || math.IsNaN(bf) {
		return 0, false
	}
	return cmp.Compare(af, bf), true
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// compareEntries orders two nodes of a kind for a page sorted by the
// property orderBy, ascending, nodes without it last, the key breaking
// ties; by key alone when orderBy is "".
func compareEntries(a, b *entry, orderBy string) int {
	if orderBy != "" {
		av, aOK := a.node.Props[orderBy]
		bv, bOK := b.node.Props[orderBy]
		switch {
		case aOK && !bOK:
			return -1
		case !aOK && bOK:
			return 1
		case aOK && bOK:
			if c := compareValues(av, bv); c != 0 {
				return c
			}
		}
	}
	return strings.Compare(a.node.Key, b.node.Key)
}

// typeRank orders values of different types as Cypher's ORDER BY does:
// lists, then strings, then booleans, then numbers.
func typeRank(v any) int {
	switch v.(type) {
	case []string:
		return 0
	case string:
		return 1
	case bool:
		return 2
	default: // int64, float64
		return 3
	}
}

// compareValues orders two property values, for sorting.
func compareValues(a, b any) int {
	if ra, rb := typeRank(a), typeRank(b); ra != rb {
		return cmp.Compare(ra, rb)
	}
	switch a := a.(type) {
	case []string:
		return slices.Compare(a, b.([]string))
	case string:
		return strings.Compare(a, b.(string))
	case bool:
		switch bb := b.(bool); {
		case a == bb:
			return 0
		case !a:
			return -1
		default:
			return 1
		}
	}
	// Numbers: exactly when both are integers, else as floats, with
	// cmp.Compare's total order (NaN first) so that sorting stays
	// consistent; an integer and a float that are equal as floats compare
	// exactly, so that the order stays transitive where integers are too
	// large for a float (2⁵³+1 > 2⁵³.0 = 2⁵³), and a page cut from the
	// order index has the order of a page sorted alone.
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		return cmp.Compare(ai, bi)
	}
	af, _ := toFloat(a)
	bf, _ := toFloat(b)
	if c := cmp.Compare(af, bf); c != 0 || aInt == bInt {
		return c
	}
	if aInt {
		return compareIntFloat(ai, bf)
	}
	return -compareIntFloat(bi, af)
}

// compareIntFloat compares the integer i with f, a float equal to
// float64(i) (so a whole number, at most 2⁶³), exactly.
func compareIntFloat(i int64, f float64) int {
	if f >= math.MaxInt64 { // 2⁶³, which no int64 reaches
		return -1
	}
	return cmp.Compare(i, int64(f))
}
