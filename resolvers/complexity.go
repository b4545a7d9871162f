package resolvers

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// Estimates of the length of lists whose length the query does not give.
const (
	rootListEstimate   = 20 // a list field of Query (regions, bodies…)
	nestedListEstimate = 5  // a list field of an object (links, paragraphs…)
)

// costedSchema weighs list fields by how many items they may return, so
// that the complexity limit bounds the work of a query: a field with a first
// argument counts its children first times (its default when omitted),
// nodes(ids) as many times as it has ids, and other lists an estimate. The
// edges of a connection are already counted by the connection field.
type costedSchema struct {
	graphql.ExecutableSchema
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
	n := 0
	switch {
	case fd.Arguments.ForName("first") != nil:
		n = defaultFirst
		if v, ok := intArg(args["first"]); ok {
			// The resolver rejects a first out of range with a message
			// that says so; counting it here would hide that message.
			n = min(max(v, 0), MaxFirst)
		} else if fd.Type.Elem != nil && typeName != "Query" {
			n = nestedListEstimate
		}
	case fieldName == "nodes" && typeName == "Query":
		if ids, ok := args["ids"].([]any); ok {
			n = len(ids)
		}
	case fd.Type.Elem != nil && typeName == "Query":
		n = rootListEstimate
	case fd.Type.Elem != nil:
		n = nestedListEstimate
	default:
		return 0, false
	}
	return 1 + max(n, 1)*childComplexity, true
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
