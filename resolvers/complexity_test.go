package resolvers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/resolvers"
)

// members3 is the query of the issue, which the old estimate of 5 items
// per list scored 39,062 while Group.members returns 193 States: three
// levels of members are 193³ States.
const members3 = `{ state(iso3:"FRA") { groups { group { members { state { groups { group { members { state { groups { group { members { state { iso3 } } } } } } } } } } } } } }`

// TestComplexityWeighsWhatListsReturn sends queries through the handler
// over the seed: those whose lists, weighed by what they can really return,
// exceed the limit are refused before they run, with their score.
func TestComplexityWeighsWhatListsReturn(t *testing.T) {
	h := newHandler(t)
	for _, tc := range []struct {
		name  string
		query string
		score int // 0: admitted
	}{
		// 1 + 1×(1 + 1×(1 + 193×(1 + 1×(1 + 1×(1 + 193×(…))))))
		{"members three levels down", members3, 14527886},
		{"members two levels down", `{ state(iso3:"FRA") { groups { group { members { state { groups { group { members { state { iso3 } } } } } } } } } }`, 75274},
		{"members once", `{ state(iso3:"FRA") { groups { group { members { state { groups { group { id } } } } } } } }`, 0},
		{"every relationship of the Member States, twice", `{ groups { relationships { node { relationships { nodeId } } } } }`, 0},
		{"every relationship of the Member States, three levels", `{ groups { relationships { node { relationships { node { relationships { nodeId } } } } } } }`, 8955857},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := serve(t, h, postJSON(t, map[string]any{"query": tc.query}, gqlResponse))
			if tc.score == 0 {
				if res.status != 200 || res.json["errors"] != nil {
					t.Fatalf("refused: %d %s", res.status, res.body)
				}
				return
			}
			if res.status != 400 || at(t, res.json, "errors", 0, "extensions", "code") != "COMPLEXITY_LIMIT_EXCEEDED" {
				t.Fatalf("admitted: %d %.300s", res.status, res.body)
			}
			want := fmt.Sprintf("operation has complexity %d, which exceeds the limit of %d", tc.score, resolvers.DefaultComplexityLimit)
			if msg := at(t, res.json, "errors", 0, "message"); msg != want {
				t.Errorf("message %q, want %q", msg, want)
			}
		})
	}
}

// TestIntrospectionCountsItsAnswer checks that an introspection query costs
// one per field of its answer: admitted under a limit of exactly that many,
// refused under one less. And that many copies of the schema or of a type
// under aliases are refused, which gqlgen alone would count as nothing or
// one per field of the query.
func TestIntrospectionCountsItsAnswer(t *testing.T) {
	full := gql(t, newHandler(t), introspectionQuery, nil)
	n := countFields(full)
	if n < 1000 {
		t.Fatalf("the introspection answer has %d fields", n)
	}
	for _, limit := range []int{n, n - 1} {
		h := resolvers.NewHandler(seededStore(t), resolvers.Options{Logger: quietLogger(), ComplexityLimit: limit})
		res := serve(t, h, postJSON(t, map[string]any{"query": introspectionQuery}, gqlResponse))
		refused := res.status == 400
		if refused != (limit < n) {
			t.Errorf("limit %d for an answer of %d fields: status %d %.200s", limit, n, res.status, res.body)
		}
	}

	var b strings.Builder
	b.WriteString("{")
	for i := range 2000 {
		fmt.Fprintf(&b, " a%d: __schema { types { fields { name args { name type { name } } type { name } } } }", i)
	}
	b.WriteString(" }")
	// The document limits would refuse these first: lift them, so that the
	// complexity is what is tested.
	unlimited := resolvers.NewHandler(seededStore(t), resolvers.Options{Logger: quietLogger(),
		Document: resolvers.DocumentLimits{Tokens: 1 << 22, Aliases: 1 << 20, Fields: 1 << 20, Depth: 100}})
	res := serve(t, unlimited, postJSON(t, map[string]any{"query": b.String()}, gqlResponse))
	if res.status != 400 || at(t, res.json, "errors", 0, "extensions", "code") != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("2000 copies of the schema: %d %.300s", res.status, res.body)
	}
	if msg := fmt.Sprint(at(t, res.json, "errors", 0, "message")); !strings.Contains(msg, "exceeds the limit of 50000") {
		t.Errorf("message %q", msg)
	}

	// __type, which gqlgen counts one per field of the query.
	b.Reset()
	b.WriteString("{")
	for i := range 3000 {
		fmt.Fprintf(&b, " a%d: __type(name: \"Instrument\") { fields { name type { name } } }", i)
	}
	b.WriteString(" }")
	res = serve(t, unlimited, postJSON(t, map[string]any{"query": b.String()}, gqlResponse))
	if res.status != 400 || at(t, res.json, "errors", 0, "extensions", "code") != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("3000 copies of a type: %d %.300s", res.status, res.body)
	}
	gql(t, newHandler(t), `{ __type(name: "Instrument") { fields { name type { name } } } }`, nil)
}

// countFields counts the fields of a GraphQL answer: every key of every
// object.
func countFields(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			n += 1 + countFields(e)
		}
	case []any:
		for _, e := range x {
			n += countFields(e)
		}
	}
	return n
}
