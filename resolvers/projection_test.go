package resolvers_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
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
	full, projected := projectionHandlers(mem)
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

// TestProjectionOfRootLists is TestProjectionReadsWhatFieldsNeed for the
// root fields that list nodes (a list or a connection, read with FindNodes
// projected to their selection): every field of every node they return.
func TestProjectionOfRootLists(t *testing.T) {
	mem := seededStore(t)
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	full, projected := projectionHandlers(mem)
	tested := 0
	for _, f := range s.Query.Fields {
		if hasRequiredArgs(f) || strings.HasPrefix(f.Name, "__") {
			continue
		}
		typ := s.Types[f.Type.Name()]
		var query string
		switch {
		case typ.Kind == ast.Object && strings.HasSuffix(typ.Name, "Connection") && typ.Fields.ForName("edges") != nil:
			node := s.Types[typ.Fields.ForName("edges").Type.Name()].Fields.ForName("node")
			query = fmt.Sprintf(`{ %s(first: 500) { totalCount edges { node %s } } }`, f.Name, selectAll(s, s.Types[node.Type.Name()], 2))
		case f.Type.Elem != nil && typ.Kind == ast.Object && slices.Contains(typ.Interfaces, "Node"):
			query = fmt.Sprintf(`{ %s %s }`, f.Name, selectAll(s, typ, 2))
		default:
			continue
		}
		tested++
		t.Run(f.Name, func(t *testing.T) {
			res := compare(t, full, projected, func() *http.Request {
				return postJSON(t, map[string]any{"query": query}, gqlResponse)
			})
			if errs, ok := res.json["errors"]; ok {
				t.Fatalf("errors: %v", errs)
			}
		})
	}
	if tested < 5 {
		t.Errorf("%d root lists tested, want every one (at least 5)", tested)
	}
}

// TestProjectionOfNeighborhoods is TestProjectionReadsWhatFieldsNeed for
// neighbourhoods, whose nodes the store reads projected to the selection.
func TestProjectionOfNeighborhoods(t *testing.T) {
	mem := seededStore(t)
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	full, projected := projectionHandlers(mem)
	sel := selectAll(s, s.Types["Subgraph"], 1)
	for _, root := range []string{"Paragraph:A/RES/66/178/op/9", "State:FRA", "Instrument:CT17", "CrimeType:terrorism", "Region:011"} {
		for _, kind := range graph.NodeKinds {
			t.Run(root+"/"+string(kind), func(t *testing.T) {
				query := fmt.Sprintf(`{ neighborhood(id: %q, depth: 2, limit: 300) { all: nodes { id } nodes { ... on %s %s } rest: edges { id } } other: neighborhood(id: %q, depth: 1) %s }`,
					root, kind, selectAll(s, s.Types[string(kind)], 2), root, sel)
				res := compare(t, full, projected, func() *http.Request {
					return postJSON(t, map[string]any{"query": query}, gqlResponse)
				})
				if errs, ok := res.json["errors"]; ok {
					t.Fatalf("errors: %v", errs)
				}
			})
		}
	}
}

// TestProjectionOfRoots is TestProjectionReadsWhatFieldsNeed for the root
// fields that read one node (node(id:)), which read it projected to the
// selection, with the relationship fields under it.
func TestProjectionOfRoots(t *testing.T) {
	mem := seededStore(t)
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	full, projected := projectionHandlers(mem)
	for _, kind := range graph.NodeKinds {
		ids := idsOfKind(t, mem, kind)
		if len(ids) > 40 {
			ids = ids[:40]
		}
		t.Run(string(kind), func(t *testing.T) {
			query := fmt.Sprintf(`query($id: ID!) { node(id: $id) { id ... on %s %s } }`, kind, selectAll(s, s.Types[string(kind)], 1))
			for _, id := range ids {
				res := compare(t, full, projected, func() *http.Request {
					return postJSON(t, map[string]any{"query": query, "variables": map[string]any{"id": id}}, gqlResponse)
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

// TestProjectionOfDatedFields is TestProjectionOfRoots for the fields that
// count treaty participation as of a date, over the participation fixture,
// at dates before and after the instruments were adopted.
func TestProjectionOfDatedFields(t *testing.T) {
	mem := testgraph.WithParticipation(t, seededStore(t))
	full, projected := projectionHandlers(mem)
	for _, key := range []string{"CT17", "CT15", "CT19", "OC01"} {
		for _, asOf := range []string{"2000-01-01", "2010-09-10", "2011-12-19", "2016-02-01", "2030-01-01"} {
			query := fmt.Sprintf(`{ instrument(key: %[1]q) { partyCount(asOf: %[2]q) parties(asOf: %[2]q) { action date state { iso3 } }
				participation(asOf: %[2]q) { action state { iso3 } } partiesByRegion(asOf: %[2]q) { count region { code } } }
				states(first: 500) { edges { node { iso3 partyTo(asOf: %[2]q) { action instrument { key } } participation(asOf: %[2]q) { action } } } } }`, key, asOf)
			res := compare(t, full, projected, func() *http.Request {
				return postJSON(t, map[string]any{"query": query}, gqlResponse)
			})
			if errs, ok := res.json["errors"]; ok {
				t.Fatalf("errors: %v", errs)
			}
		}
	}
}

// projectionHandlers returns two handlers over store, without the limits
// that would refuse the large documents of these tests: one reading whole
// nodes (Options.FullNodes), one reading what the query selects.
func projectionHandlers(store graph.Store) (full, projected http.Handler) {
	big := resolvers.DocumentLimits{Tokens: 1 << 20, Depth: 50, Aliases: 1 << 20, Directives: 1 << 10, Fields: 1 << 20}
	opts := resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30, MaxResultValues: 1 << 30, RequestTimeout: time.Minute, Document: big}
	projected = resolvers.NewHandler(store, opts)
	opts.FullNodes = true
	return resolvers.NewHandler(store, opts), projected
}
