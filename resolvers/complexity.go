package resolvers

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nexus-graph/nexus/graph"
)

// costedSchema weighs list fields by how many items they may return, so
// that the complexity limit bounds the work of a query: a field with a first
// argument counts its children first times (its default when omitted),
// nodes(ids) as many times as it has ids, the exploration fields as their
// arguments bound them (exploreComplexity), and every other list, the
// relationships of a node without first included, the most items it can
// return in the graph being served (bounds, read from the store by
// weights). The edges of a connection are already counted by the
// connection field.
type costedSchema struct {
	graphql.ExecutableSchema
	weights *weights
}

// Complexity implements graphql.ExecutableSchema.
func (s costedSchema) Complexity(ctx context.Context, typeName, fieldName string, childComplexity int, args map[string]any) (int, bool) {
	if strings.HasPrefix(typeName, "__") {
		return 0, false
	}
	if c, ok := exploreComplexity(typeName, fieldName, childComplexity, args); ok {
		return c, true
	}
	def := s.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	fd := def.Fields.ForName(fieldName)
	if fd == nil {
		return 0, false
	}
	if strings.HasSuffix(typeName, "Connection") && fieldName == "edges" {
		return 1 + childComplexity, true
	}
	n, ok := listLength(s.weights.current(ctx), typeName, fd, args)
	if !ok {
		return 0, false
	}
	return 1 + max(n, 1)*childComplexity, true
}

// listLength returns the most items field fd of typeName can return with
// args under bounds b, and false when it is not weighed as a list. A list
// field that b does not know counts MaxFirst items (a test sees that every
// one is known).
func listLength(b *bounds, typeName string, fd *ast.FieldDefinition, args map[string]any) (int, bool) {
	switch {
	case fd.Arguments.ForName("first") != nil:
		if v, ok := intArg(args["first"]); ok {
			// The resolver rejects a first out of range with a message
			// that says so; counting it here would hide that message.
			return min(max(v, 0), MaxFirst), true
		}
		if fd.Name == "relationships" {
			return b.relationships(graph.NodeKind(typeName), args), true
		}
		return defaultFirst, true
	case fd.Name == "nodes" && typeName == "Query":
		ids, _ := args["ids"].([]any)
		return len(ids), true
	case fd.Type.Elem != nil:
		n, ok := b.list(typeName + "." + fd.Name)
		if !ok {
			n = MaxFirst
		}
		return n, true
	}
	return 0, false
}

// intArg reads an integer argument value as parsed or coerced by gqlparser.
func intArg(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case float64:
		return int(x), true
	case json.Number:
		i, err := x.Int64()
		return int(i), err == nil
	}
	return 0, false
}
