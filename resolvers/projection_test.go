package resolvers_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/schema"
)

// TestProjectionReadsWhatFieldsNeed checks that reading only the properties
// a query selects (the default) answers exactly as reading whole nodes
// (Options.FullNodes): for every node of the seed, every field of the node
// at the other end of each of its relationships, whatever its kind, is the
// same byte for byte. A field that reads a property its name does not say
// (and that plan.go does not list) fails here.
func TestProjectionReadsWhatFieldsNeed(t *testing.T) {
	mem := seededStore(t)
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	big := resolvers.DocumentLimits{Tokens: 1 << 20, Depth: 50, Aliases: 1 << 20, Directives: 1 << 10, Fields: 1 << 20}
	full := resolvers.NewHandler(mem, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30, MaxResultValues: 1 << 30, RequestTimeout: time.Minute, Document: big, FullNodes: true})
	projected := resolvers.NewHandler(mem, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30, MaxResultValues: 1 << 30, RequestTimeout: time.Minute, Document: big})
	var ids []string
	for _, kind := range graph.NodeKinds {
		ids = append(ids, idsOfKind(t, mem, kind)...)
	}
	for _, kind := range graph.NodeKinds {
		t.Run(string(kind), func(t *testing.T) {
			query := fmt.Sprintf(`query($ids: [ID!]!) { nodes(ids: $ids) { id relationships(kinds: [%s]) { type node { __typename ... on %s %s } } } }`,
				kindEnum(kind), kind, selectAll(s, s.Types[string(kind)], 2))
			for chunk := range slices.Chunk(ids, 200) {
				res := compare(t, full, projected, func() *http.Request {
					return postJSON(t, map[string]any{"query": query, "variables": map[string]any{"ids": chunk}}, gqlResponse)
				})
				if errs, ok := res.json["errors"]; ok {
					t.Fatalf("errors: %v", errs)
				}
				if t.Failed() {
					return
				}
			}
		})
	}
}

// kindEnum returns the GraphQL NodeKind value of kind (CrimeType: CRIME_TYPE).
func kindEnum(kind graph.NodeKind) string {
	var b strings.Builder
	for i, r := range string(kind) {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}
