package export

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// prepared is a subgraph checked and put in the order every format writes:
// nodes by ID, relationships by identity, property columns by name.
type prepared struct {
	nodes     []*graph.Node
	rels      []*graph.Relationship
	truncated bool
	nodeCols  []column // every property name of a node, sorted
	relCols   []column // every property name of a relationship, sorted
}

// column is a property as the flat formats (GraphML, CSV, Cytoscape) write it.
type column struct {
	prop string    // the property's name
	name string    // the attribute or column name: prop, or prop_+prop when prop is a built-in name
	kind valueKind // the kind of all its values; kindString when they differ
}

// valueKind is the kind of a property value.
type valueKind int

// The kinds of property values (graph.Props).
const (
	kindString valueKind = iota
	kindInt
	kindFloat
	kindBool
	kindList
)

// The names the flat formats give the built-in fields of a node and of an
// edge; a property with one of these names is written as prop_NAME. Property
// names are letters and digits only, so the renamed one cannot collide with
// another.
var (
	nodeBuiltins = []string{"id", "kind", "key", "label", "name", "sources"}
	edgeBuiltins = []string{"id", "source", "target", "type", "key", "label", "provenance"}
)

// renamedPrefix starts the name of a property whose name is a built-in one.
const renamedPrefix = "prop_"

// prepare checks sg and sorts a copy of it. A nil node or relationship, a
// node ID listed twice, a relationship listed twice, one whose end is not
// among the nodes, or a property value no format can carry (a type outside
// graph.Props, a NaN or infinite number) is graph.Invalid.
func prepare(sg graph.Subgraph) (prepared, error) {
	p := prepared{
		nodes:     slices.Clone(sg.Nodes),
		rels:      slices.Clone(sg.Relationships),
		truncated: sg.Truncated,
	}
	ids := make(map[graph.ID]bool, len(p.nodes))
	nodeKinds := map[string][]valueKind{}
	for i, n := range p.nodes {
		if n == nil {
			return prepared{}, graph.Errorf(graph.Invalid, "export: node %d of the subgraph is nil", i+1)
		}
		if ids[n.ID] {
			return prepared{}, graph.Errorf(graph.Invalid, "export: node %s is listed twice", n.ID)
		}
		ids[n.ID] = true
		if err := collectKinds(nodeKinds, n.Props); err != nil {
			return prepared{}, graph.Errorf(graph.Invalid, "export: node %s: %v", n.ID, err)
		}
	}
	relIDs := make(map[string]bool, len(p.rels))
	relKinds := map[string][]valueKind{}
	for i, r := range p.rels {
		if r == nil {
			return prepared{}, graph.Errorf(graph.Invalid, "export: relationship %d of the subgraph is nil", i+1)
		}
		id := r.Identity()
		if relIDs[id] {
			return prepared{}, graph.Errorf(graph.Invalid, "export: relationship %s is listed twice", id)
		}
		relIDs[id] = true
		for _, end := range []graph.ID{r.From, r.To} {
			if !ids[end] {
				return prepared{}, graph.Errorf(graph.Invalid, "export: relationship %s: node %s is not in the subgraph", id, end)
			}
		}
		if err := collectKinds(relKinds, r.Props); err != nil {
			return prepared{}, graph.Errorf(graph.Invalid, "export: relationship %s: %v", id, err)
		}
	}
	slices.SortFunc(p.nodes, func(a, b *graph.Node) int { return strings.Compare(string(a.ID), string(b.ID)) })
	slices.SortFunc(p.rels, graph.CompareIdentity)
	p.nodeCols = columns(nodeKinds, nodeBuiltins)
	p.relCols = columns(relKinds, edgeBuiltins)
	return p, nil
}

// collectKinds checks every value of props and adds its kind to kinds.
func collectKinds(kinds map[string][]valueKind, props graph.Props) error {
	for name, v := range props {
		k, err := kindOf(v)
		if err != nil {
			return fmt.Errorf("property %s: %w", name, err)
		}
		if !slices.Contains(kinds[name], k) {
			kinds[name] = append(kinds[name], k)
		}
	}
	return nil
}

// kindOf returns the kind of a property value, or why no format can carry it.
func kindOf(v any) (valueKind, error) {
	switch v := v.(type) {
	case string:
		return kindString, nil
	case int64, int:
		return kindInt, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%v is not a finite number", v)
		}
		return kindFloat, nil
	case bool:
		return kindBool, nil
	case []string:
		return kindList, nil
	}
	return 0, fmt.Errorf("unsupported type %T (want string, int64, float64, bool or []string)", v)
}

// columns returns the property columns, sorted by property name.
func columns(kinds map[string][]valueKind, builtins []string) []column {
	cols := make([]column, 0, len(kinds))
	for prop, ks := range kinds {
		c := column{prop: prop, name: prop, kind: ks[0]}
		if slices.Contains(builtins, prop) {
			c.name = renamedPrefix + prop
		}
		if len(ks) > 1 {
			c.kind = kindString
			if len(ks) == 2 && slices.Contains(ks, kindInt) && slices.Contains(ks, kindFloat) {
				c.kind = kindFloat
			}
		}
		cols = append(cols, c)
	}
	slices.SortFunc(cols, func(a, b column) int { return strings.Compare(a.prop, b.prop) })
	return cols
}

// flatValue returns a property value as the flat formats write it: a list
// as a JSON array of strings, a number in its shortest exact decimal form,
// a boolean as true or false. ok is false when the value is absent.
func flatValue(props graph.Props, name string) (s string, ok bool) {
	v, ok := props[name]
	if !ok {
		return "", false
	}
	switch v := v.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case int:
		return strconv.Itoa(v), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	case []string:
		b, err := marshalJSON(v)
		if err != nil { // cannot happen: a []string always marshals
			return "", false
		}
		return string(b), true
	}
	return "", false
}

// label returns the node's English label, as the GraphQL API's label field
// gives it (graph.Node.Label).
func label(n *graph.Node) string { return n.Label(graph.EN) }

// provenanceField is one field of a graph.Source as the formats name it.
type provenanceField struct {
	name  string // the key in a JSON provenance object
	value func(s graph.Source) string
}

// provenanceFields are the fields of a source, in the order every format
// writes them. The flat formats name them source_+name.
var provenanceFields = []provenanceField{
	{"document", func(s graph.Source) string { return s.Document }},
	{"locator", func(s graph.Source) string { return s.Locator }},
	{"paragraph", func(s graph.Source) string { return string(s.Paragraph) }},
	{"citation", func(s graph.Source) string { return s.Citation }},
	{"url", func(s graph.Source) string { return s.URL }},
	{"basis", func(s graph.Source) string { return string(s.Basis) }},
	{"note", func(s graph.Source) string { return s.Note }},
}

// flatProvenancePrefix starts the name of a provenance column or attribute.
const flatProvenancePrefix = "source_"
