package resolvers

import (
	"os"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestIntrospectionSize measures the playground's introspection query, the
// largest document a real client sends, as the document limits count it:
// the README states these numbers when it explains the limits.
func TestIntrospectionSize(t *testing.T) {
	query, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: string(query)})
	if err != nil {
		t.Fatal(err)
	}
	m := &measurer{doc: doc, fragments: map[string]docStats{}, visiting: map[string]bool{}}
	s := m.selections(doc.Operations[0].SelectionSet)
	t.Logf("introspection query: depth %d, %d fields, %d aliases, %d directives", s.depth, s.fields, s.aliases, s.directives)
	if s.depth != 14 || s.fields != 212 {
		t.Errorf("depth %d and %d fields, want 14 and 212 as the README says", s.depth, s.fields)
	}
	l := DocumentLimits{}.withDefaults()
	if s.depth > l.Depth || s.fields > l.Fields {
		t.Errorf("the introspection query is over the default limits %+v", l)
	}
}
