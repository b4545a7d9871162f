package resolvers_test

import (
	"os"
	"testing"
)

// TestIntrospectionWithinLimits checks that the document limits admit the
// largest document a real client sends: the introspection query of the
// playground, every option on, fragments and all.
func TestIntrospectionWithinLimits(t *testing.T) {
	query, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	data := gql(t, newHandler(t), string(query), nil)
	schema, _ := data["__schema"].(map[string]any)
	if types, _ := schema["types"].([]any); len(types) < 20 {
		t.Errorf("introspection returned %d types", len(types))
	}
}
