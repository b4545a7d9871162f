package resolvers_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/schema"
	"github.com/nexus-graph/nexus/seed"
)

// TestListsWithinTheirBounds asks each store, holding the seed, for every
// list field of every node (and the root lists, statistics and crime links)
// and checks that no list is longer than the bound the cost model weighs it
// with. Both stores must give the same bounds.
func TestListsWithinTheirBounds(t *testing.T) {
	var memBounds map[string]int
	t.Run("memory", func(t *testing.T) {
		memBounds = checkBounds(t, seededStore(t), seedLongest)
	})
	t.Run("neo4j", func(t *testing.T) {
		neo := neo4jtest.Open(t)
		if _, err := seed.Load(t.Context(), neo); err != nil {
			t.Fatalf("load the seed into Neo4j: %v", err)
		}
		neoBounds := checkBounds(t, neo, seedLongest)
		if memBounds != nil && !maps.Equal(neoBounds, memBounds) {
			for k, n := range memBounds {
				if neoBounds[k] != n {
					t.Errorf("bound of %s: neo4j %d, memory %d", k, neoBounds[k], n)
				}
			}
		}
	})
}

// seedLongest are lists of the seed whose longest answer is their bound.
var seedLongest = map[string]int{"Group.members": 193, "Region.states": 54, "Query.regions": 29, "State.relationships": 4}

// checkBounds runs the queries against store through the handler (without
// a complexity limit) and returns the bounds it checked the answers with.
// The longest answer of each list of reached must be that many items, and
// its bound as well.
func checkBounds(t *testing.T, store graph.Store, reached map[string]int) map[string]int {
	t.Helper()
	bounds, err := resolvers.ListBounds(t.Context(), store)
	if err != nil {
		t.Fatalf("read the bounds: %v", err)
	}
	// The queries ask for every list of every node at once: no limit of
	// the public endpoint applies to them.
	h := resolvers.NewHandler(store, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30,
		MaxResultValues: 1 << 30, RequestTimeout: time.Minute,
		Document: resolvers.DocumentLimits{Tokens: 1 << 22, Aliases: 1 << 20, Fields: 1 << 20, Depth: 100, Directives: 1 << 20}})
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	longest := map[string]int{}
	check := func(data any) {
		t.Helper()
		walkLists(data, func(key string, n int) {
			bound, ok := bounds[key]
			if !ok {
				return // weighed by its arguments
			}
			longest[key] = max(longest[key], n)
			if n > bound {
				t.Errorf("%s returned %d items, more than its bound %d", key, n, bound)
			}
		})
	}
	check(gql(t, h, "{ "+boundSelection(s, s.Query, 0)+" }", nil))
	for _, kind := range graph.NodeKinds {
		ids := idsOfKind(t, store, kind)
		if len(ids) == 0 {
			continue
		}
		query := fmt.Sprintf(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on %s { %s } } }`, kind, boundSelection(s, s.Types[string(kind)], 0))
		for chunk := range slices.Chunk(ids, 100) {
			check(gql(t, h, query, map[string]any{"ids": chunk}))
		}
	}
	// The answers reached the bounds that are the largest of something.
	for key, want := range reached {
		if longest[key] != want || bounds[key] != want {
			t.Errorf("%s: longest %d, bound %d, want both %d", key, longest[key], bounds[key], want)
		}
	}
	if len(longest) < 60 {
		t.Errorf("checked %d list fields, want more", len(longest))
	}
	t.Logf("checked %d list fields against their bounds", len(longest))
	return bounds
}

// boundSelection selects every field of typ without required arguments
// that is, or leads to, a list; each list under the alias Type__field, so
// that the answer says which field each list is. A node met below the top
// gives only its type name.
func boundSelection(s *ast.Schema, typ *ast.Definition, depth int) string {
	var b strings.Builder
	b.WriteString("__typename")
	for _, f := range typ.Fields {
		if strings.HasPrefix(f.Name, "__") || hasRequiredArgs(f) {
			continue
		}
		def := s.Types[f.Type.Name()]
		if def.Kind == ast.Scalar || def.Kind == ast.Enum {
			continue
		}
		sel := "{ __typename }"
		if !isNodeType(def) && depth < 3 {
			sel = "{ " + boundSelection(s, def, depth+1) + " }"
		}
		if f.Type.Elem != nil {
			fmt.Fprintf(&b, " %s__%s: %s %s", typ.Name, f.Name, f.Name, sel)
		} else {
			fmt.Fprintf(&b, " %s %s", f.Name, sel)
		}
	}
	return b.String()
}

// isNodeType reports whether def is Node or one of its implementations.
func isNodeType(def *ast.Definition) bool {
	return def.Name == "Node" || slices.Contains(def.Interfaces, "Node")
}

// walkLists calls f with the Type.field and length of every list of the
// answer v under an alias Type__field.
func walkLists(v any, f func(key string, n int)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if typ, field, ok := strings.Cut(k, "__"); ok && typ != "" {
				if l, isList := e.([]any); isList {
					f(typ+"."+field, len(l))
				}
			}
			walkLists(e, f)
		}
	case []any:
		for _, e := range x {
			walkLists(e, f)
		}
	}
}
