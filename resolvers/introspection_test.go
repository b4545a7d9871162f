package resolvers_test

import (
	"slices"
	"testing"
)

// introspectionQuery is the query GraphiQL and most clients send to learn
// the schema.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// TestIntrospection checks that introspection is on and fits the
// complexity limit.
func TestIntrospection(t *testing.T) {
	h := newHandler(t)
	d := gql(t, h, introspectionQuery, nil)
	if at(t, d, "__schema", "queryType", "name") != "Query" {
		t.Errorf("query type = %v", at(t, d, "__schema", "queryType"))
	}
	types := list(t, d, "__schema", "types")
	names := strs(t, types, "name")
	for _, want := range []string{"Node", "State", "Paragraph", "Source", "Lang", "NodeKind", "StateFilter", "Date"} {
		if !slices.Contains(names, want) {
			t.Errorf("type %s missing from the schema", want)
		}
	}
	for _, ty := range types {
		if at(t, ty, "name") != "Node" {
			continue
		}
		if n := len(list(t, ty, "possibleTypes")); n != 14 {
			t.Errorf("Node has %d implementations, want 14 (one per kind)", n)
		}
	}
}

// TestNoMutations checks that a mutation over POST is a validation error
// (there are none yet).
func TestNoMutations(t *testing.T) {
	h := newHandler(t)
	res := serve(t, h, postJSON(t, map[string]any{"query": `mutation { deleteEverything }`}, gqlResponse))
	if res.status != 400 || at(t, res.json, "errors", 0, "extensions", "code") != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("mutation: %d %s", res.status, res.body)
	}
}
