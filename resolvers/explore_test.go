package resolvers_test

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// exploreDocuments are the exploration queries whose answers must not
// depend on the store.
var exploreDocuments = []struct {
	name  string
	query string
	vars  map[string]any
}{
	{name: "neighborhood: paragraph 9, depth 2, every field", query: `{ neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 2) { truncated
		nodes { __typename id label } edges { id type from to key properties source { document locator paragraph { id } footnote { id } citation url basis note } }
		centrality { node { id } degree inDegree outDegree betweenness } } }`},
	{name: "neighborhood: paragraph 9 without states and regions, depth 2", query: `{ neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 2,
		kinds: [RESOLUTION, PARAGRAPH, BODY, GROUP, CRIME_TYPE, INSTRUMENT, TOPIC]) { truncated nodes { id } edges { id properties source { locator basis } } centrality { node { id } degree betweenness } } }`},
	{name: "neighborhood: UNODC, depth 3, a limit", query: `{ neighborhood(id: "Body:UNODC", depth: 3, limit: 120) { truncated nodes { id label(lang: FR) } edges { id } centrality { node { id } betweenness } } }`},
	{name: "neighborhood: France through regions, depth 4", query: `{ neighborhood(id: "State:FRA", depth: 4, relationships: ["IN_REGION", "PART_OF"], limit: 1000) { truncated nodes { id } edges { id properties } } }`},
	{name: "neighborhood: instruments and crime types", query: `query($id: ID!, $k: [NodeKind!]) { neighborhood(id: $id, depth: 3, kinds: $k) { nodes { id } edges { id source { citation url basis } } } }`,
		vars: map[string]any{"id": "Instrument:CT17", "k": []string{"INSTRUMENT", "CRIME_TYPE", "CONFERENCE"}}},
	{name: "neighborhood: unknown and malformed", query: `{ a: neighborhood(id: "State:XZZ") { truncated } b: neighborhood(id: "garbage", depth: 4) { truncated } }`},
	{name: "paths: crime types to a body", query: `{ one: shortestPath(from: "CrimeType:terrorist-bombings", to: "Body:UNODC") { length nodes { id label } edges { id type from to properties source { document locator basis } } }
		all: allShortestPaths(from: "CrimeType:terrorist-bombings", to: "Body:UNODC", limit: 100) { length nodes { id } edges { id } }
		nuclear: allShortestPaths(from: "CrimeType:nuclear-terrorism", to: "Body:UNODC") { length nodes { id } edges { id } } }`},
	{name: "paths: between states", query: `{ a: allShortestPaths(from: "State:FRA", to: "State:DEU") { length nodes { id } edges { id } }
		b: allShortestPaths(from: "State:NGA", to: "State:JPN", relationships: ["IN_REGION", "PART_OF"]) { length nodes { id } edges { id } }
		c: shortestPath(from: "State:FRA", to: "State:DEU", maxLength: 1) { length } d: allShortestPaths(from: "State:FRA", to: "State:DEU", maxLength: 1) { length }
		e: shortestPath(from: "State:FRA", to: "State:FRA") { length nodes { id } edges { id } } }`},
	{name: "paths: long ones", query: `{ a: allShortestPaths(from: "Footnote:A/RES/66/178/fn/3", to: "State:BRA", maxLength: 10, limit: 100) { length nodes { id } edges { id } }
		b: allShortestPaths(from: "Instrument:OC03", to: "Region:419", maxLength: 10, limit: 100) { length nodes { id } edges { id } }
		c: shortestPath(from: "Conference:air-law-beijing-2010", to: "Topic:victims-of-terrorism", maxLength: 10) { length nodes { id } } }`},
	{name: "paths: unknown ends", query: `{ a: shortestPath(from: "State:XZZ", to: "State:FRA") { length } b: allShortestPaths(from: "State:FRA", to: "nonsense") { length } }`},
	{name: "error: depth above the cap", query: `{ neighborhood(id: "State:FRA", depth: 5) { truncated } }`},
	{name: "error: unknown relationship type", query: `{ neighborhood(id: "State:FRA", relationships: ["PARTY_TO"]) { truncated } }`},
	{name: "error: bad limit", query: `{ neighborhood(id: "State:FRA", limit: 0) { truncated } }`},
	{name: "error: maxLength", query: `{ shortestPath(from: "State:FRA", to: "State:DEU", maxLength: 11) { length } }`},
	{name: "error: paths limit", query: `{ allShortestPaths(from: "State:FRA", to: "State:DEU", limit: 101) { length } }`},
}

// TestExploreSameOnEveryStore runs the exploration queries over the memory
// store and Neo4j and wants the same bytes back.
func TestExploreSameOnEveryStore(t *testing.T) {
	p := seededPair(t)
	for _, doc := range exploreDocuments {
		t.Run(doc.name, func(t *testing.T) {
			res := compare(t, p.memoryH, p.neo4jH, func() *http.Request {
				return postJSON(t, map[string]any{"query": doc.query, "variables": doc.vars}, gqlResponse)
			})
			wantErrors := strings.HasPrefix(doc.name, "error:")
			if _, has := res.json["errors"]; has != wantErrors {
				t.Errorf("errors in the answer: %v, want %v:\n%s", has, wantErrors, res.body)
			}
		})
	}
}

func TestNeighborhoodField(t *testing.T) {
	h := newHandler(t)
	data := gql(t, h, `{ neighborhood(id: "Paragraph:A/RES/66/178/op/9") { truncated
		nodes { id } edges { id type from to key properties source { document locator basis } }
		centrality { node { id } degree inDegree outDegree betweenness } } }`, nil)
	sg := at(t, data, "neighborhood")
	if got, want := strs(t, list(t, sg, "nodes"), "id"), []string{
		"Body:UNODC", "CrimeType:related-criminal-activities", "CrimeType:terrorism", "Group:member-states",
		"Paragraph:A/RES/66/178/op/9", "Resolution:A/RES/66/178", "Topic:information-sharing", "Topic:international-cooperation",
	}; !slices.Equal(got, want) {
		t.Errorf("nodes = %v, want %v", got, want)
	}
	edges := list(t, sg, "edges")
	if got, want := strs(t, edges, "id"), []string{
		"CrimeType:terrorism|LINKED_TO|CrimeType:related-criminal-activities|",
		"Paragraph:A/RES/66/178/op/9|ADDRESSED_TO|Body:UNODC|",
		"Paragraph:A/RES/66/178/op/9|ADDRESSED_TO|Group:member-states|",
		"Paragraph:A/RES/66/178/op/9|CONCERNS|CrimeType:related-criminal-activities|",
		"Paragraph:A/RES/66/178/op/9|CONCERNS|CrimeType:terrorism|",
		"Paragraph:A/RES/66/178/op/9|CONCERNS|Topic:information-sharing|",
		"Paragraph:A/RES/66/178/op/9|CONCERNS|Topic:international-cooperation|",
		"Paragraph:A/RES/66/178/op/9|MENTIONS|Group:member-states|",
		"Resolution:A/RES/66/178|HAS_PARAGRAPH|Paragraph:A/RES/66/178/op/9|",
	}; !slices.Equal(got, want) {
		t.Errorf("edges = %v, want %v", got, want)
	}
	linked := edges[0]
	for path, want := range map[string]string{
		"type": "LINKED_TO", "from": "CrimeType:terrorism", "to": "CrimeType:related-criminal-activities",
		"properties.nature": "des liens entre le terrorisme et les activités criminelles connexes",
		"source.document":   "A/RES/66/178", "source.locator": "op/9", "source.basis": "STATED",
	} {
		var keys []any
		for _, k := range strings.Split(path, ".") {
			keys = append(keys, k)
		}
		if got := at(t, linked, keys...); got != want {
			t.Errorf("edges[0].%s = %v, want %q", path, got, want)
		}
	}
	if k := at(t, linked, "key"); k != nil {
		t.Errorf("edges[0].key = %v, want null", k)
	}
	if at(t, sg, "truncated") != false {
		t.Errorf("truncated = %v, want false", at(t, sg, "truncated"))
	}
	c := list(t, sg, "centrality")
	if got := strs(t, c, "node", "id"); !slices.Equal(got, strs(t, list(t, sg, "nodes"), "id")) {
		t.Errorf("centrality is not in the order of nodes: %v", got)
	}
	para := c[4]
	if at(t, para, "node", "id") != "Paragraph:A/RES/66/178/op/9" || num(t, para, "degree") != 8 || num(t, para, "inDegree") != 1 || num(t, para, "outDegree") != 7 {
		t.Errorf("centrality of paragraph 9 = %v, want degree 8 (1 in, 7 out)", para)
	}
	if b := float(t, para, "betweenness"); math.Abs(b-20.0/21) > 1e-12 {
		t.Errorf("betweenness of paragraph 9 = %v, want 20/21", b)
	}

	data = gql(t, h, `{ limited: neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 2, limit: 3) { truncated nodes { id } edges { id } centrality { degree } }
		crimes: neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 2, kinds: [CRIME_TYPE]) { nodes { id } }
		typed: neighborhood(id: "Paragraph:A/RES/66/178/op/9", relationships: ["ADDRESSED_TO"]) { nodes { id } edges { type } }
		unknown: neighborhood(id: "State:XZZ") { truncated } malformed: neighborhood(id: "XZZ") { truncated } }`, nil)
	if at(t, data, "limited", "truncated") != true {
		t.Errorf("limited: truncated = %v, want true", at(t, data, "limited", "truncated"))
	}
	if got, want := strs(t, list(t, data, "limited", "nodes"), "id"), []string{"Body:UNODC", "CrimeType:related-criminal-activities", "Paragraph:A/RES/66/178/op/9"}; !slices.Equal(got, want) {
		t.Errorf("limited: nodes = %v, want %v", got, want)
	}
	if got, want := strs(t, list(t, data, "limited", "centrality"), "degree"), []string{"1", "1", "2"}; !slices.Equal(got, want) {
		t.Errorf("limited: degrees = %v, want %v", got, want)
	}
	if got := len(list(t, data, "crimes", "nodes")); got != 8 {
		t.Errorf("crimes: %d nodes, want paragraph 9 and 7 crime types", got)
	}
	if got, want := strs(t, list(t, data, "typed", "edges"), "type"), []string{"ADDRESSED_TO", "ADDRESSED_TO"}; !slices.Equal(got, want) {
		t.Errorf("typed: edges = %v, want %v", got, want)
	}
	for _, k := range []string{"unknown", "malformed"} {
		if v := at(t, data, k); v != nil {
			t.Errorf("%s = %v, want null", k, v)
		}
	}
}

func TestPathFields(t *testing.T) {
	h := newHandler(t)
	data := gql(t, h, `{ one: shortestPath(from: "CrimeType:nuclear-terrorism", to: "Body:UNODC") { length nodes { id } edges { id from to } }
		states: allShortestPaths(from: "State:FRA", to: "State:DEU") { length nodes { id } }
		two: allShortestPaths(from: "State:FRA", to: "State:DEU", limit: 2) { nodes { id } }
		regions: allShortestPaths(from: "State:FRA", to: "State:DEU", relationships: ["IN_REGION"]) { nodes { id } }
		noneOne: shortestPath(from: "State:FRA", to: "State:DEU", maxLength: 1) { length }
		noneAll: allShortestPaths(from: "State:FRA", to: "State:DEU", maxLength: 1) { length }
		self: shortestPath(from: "State:FRA", to: "State:FRA") { length nodes { id } edges { id } }
		unknownOne: shortestPath(from: "State:XZZ", to: "State:FRA") { length }
		unknownAll: allShortestPaths(from: "State:FRA", to: "XZZ") { length } }`, nil)

	if num(t, data, "one", "length") != 2 {
		t.Errorf("one: length %v, want 2", at(t, data, "one", "length"))
	}
	if got, want := strs(t, list(t, data, "one", "nodes"), "id"), []string{"CrimeType:nuclear-terrorism", "Paragraph:A/RES/66/178/op/4", "Body:UNODC"}; !slices.Equal(got, want) {
		t.Errorf("one: nodes = %v, want %v", got, want)
	}
	if got, want := strs(t, list(t, data, "one", "edges"), "id"), []string{
		"Paragraph:A/RES/66/178/op/4|CONCERNS|CrimeType:nuclear-terrorism|", "Paragraph:A/RES/66/178/op/4|ADDRESSED_TO|Body:UNODC|",
	}; !slices.Equal(got, want) {
		t.Errorf("one: edges = %v, want %v", got, want)
	}
	middles := func(key string) []string {
		var out []string
		for _, p := range list(t, data, key) {
			out = append(out, strs(t, list(t, p, "nodes"), "id")[1])
		}
		return out
	}
	if got, want := middles("states"), []string{"Group:member-states", "Region:150", "Region:155"}; !slices.Equal(got, want) {
		t.Errorf("states: through %v, want %v", got, want)
	}
	if got, want := middles("two"), []string{"Group:member-states", "Region:150"}; !slices.Equal(got, want) {
		t.Errorf("two: through %v, want %v", got, want)
	}
	if got, want := middles("regions"), []string{"Region:150", "Region:155"}; !slices.Equal(got, want) {
		t.Errorf("regions: through %v, want %v", got, want)
	}
	for _, k := range []string{"noneOne", "unknownOne"} {
		if v := at(t, data, k); v != nil {
			t.Errorf("%s = %v, want null", k, v)
		}
	}
	for _, k := range []string{"noneAll", "unknownAll"} {
		if l := list(t, data, k); len(l) != 0 {
			t.Errorf("%s = %v, want []", k, l)
		}
	}
	if num(t, data, "self", "length") != 0 || len(list(t, data, "self", "edges")) != 0 || len(list(t, data, "self", "nodes")) != 1 {
		t.Errorf("self = %v, want State:FRA alone", at(t, data, "self"))
	}
}

// TestExploreErrors checks the errors of the exploration fields over HTTP:
// BAD_USER_INPUT naming what is allowed, the field null beside them.
func TestExploreErrors(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		name, query string
		status      int // with application/graphql-response+json
		code, msg   string
	}{
		{"depth above the cap", `{ neighborhood(id: "State:FRA", depth: 5) { truncated } }`, 200, "BAD_USER_INPUT", "depth must be between 0 and 4, got 5"},
		{"negative depth", `{ neighborhood(id: "State:FRA", depth: -1) { truncated } }`, 200, "BAD_USER_INPUT", "depth must be between 0 and 4, got -1"},
		{"null depth is the default", `{ neighborhood(id: "State:FRA", depth: null, limit: 0) { truncated } }`, 200, "BAD_USER_INPUT", "limit must be between 1 and 1000, got 0"},
		{"limit above the cap", `{ neighborhood(id: "State:FRA", limit: 1001) { truncated } }`, 200, "BAD_USER_INPUT", "limit must be between 1 and 1000, got 1001"},
		{"unknown relationship type", `{ neighborhood(id: "State:FRA", relationships: ["IN_REGION", "PARTY_TO"]) { truncated } }`, 200, "BAD_USER_INPUT", `unknown relationship type "PARTY_TO"; want one of HAS_PARAGRAPH, HAS_FOOTNOTE,`},
		{"unknown kind", `{ neighborhood(id: "State:FRA", kinds: [COUNTRY]) { truncated } }`, 400, "BAD_USER_INPUT", "COUNTRY"},
		{"path: maxLength 0", `{ shortestPath(from: "State:FRA", to: "State:DEU", maxLength: 0) { length } }`, 200, "BAD_USER_INPUT", "maxLength must be between 1 and 10, got 0"},
		{"path: maxLength above the cap", `{ allShortestPaths(from: "State:FRA", to: "State:DEU", maxLength: 11) { length } }`, 200, "BAD_USER_INPUT", "maxLength must be between 1 and 10, got 11"},
		{"path: unknown relationship type", `{ shortestPath(from: "State:FRA", to: "State:DEU", relationships: ["lives_in"]) { length } }`, 200, "BAD_USER_INPUT", `unknown relationship type "lives_in"; want one of`},
		{"paths: limit 0", `{ allShortestPaths(from: "State:FRA", to: "State:DEU", limit: 0) { length } }`, 200, "BAD_USER_INPUT", "limit must be between 1 and 100, got 0"},
		{
			"complexity of a large neighbourhood with nested lists",
			`{ neighborhood(id: "Group:member-states", depth: 2, limit: 1000) { nodes { relationships { node { relationships { node { relationships { nodeId } } } } } } } }`,
			400, "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit of",
		},
		{
			"complexity of many long paths",
			`{ allShortestPaths(from: "State:FRA", to: "State:DEU", maxLength: 10, limit: 100) { nodes { relationships { node { relationships { node { relationships { nodeId } } } } } } } }`,
			400, "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit of",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := serve(t, h, postJSON(t, map[string]any{"query": tc.query}, gqlResponse))
			if res.status != tc.status {
				t.Errorf("status %d, want %d: %s", res.status, tc.status, res.body)
			}
			errs, _ := res.json["errors"].([]any)
			if len(errs) != 1 {
				t.Fatalf("want one error: %s", res.body)
			}
			if got := at(t, errs[0], "extensions", "code"); got != tc.code {
				t.Errorf("code %v, want %s (%s)", got, tc.code, res.body)
			}
			if msg, _ := at(t, errs[0], "message").(string); !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q does not contain %q", msg, tc.msg)
			}
			if tc.status == 200 {
				data, _ := res.json["data"].(map[string]any)
				for k, v := range data {
					if v != nil {
						t.Errorf("data.%s = %v, want null", k, v)
					}
				}
			}
		})
	}
}

// TestExploreComplexityAllowsTheDefaults checks that the documented uses fit
// under the complexity limit: a neighbourhood of the largest limit with every
// field of its nodes' edges, and every path of the largest limit.
func TestExploreComplexityAllowsTheDefaults(t *testing.T) {
	h := newHandler(t)
	gql(t, h, `{ neighborhood(id: "Group:member-states", depth: 2, limit: 1000) { truncated nodes { __typename id label } edges { id type from to key properties source { document locator basis note } }
		centrality { node { id } degree inDegree outDegree betweenness } } }`, nil)
	gql(t, h, `{ allShortestPaths(from: "State:FRA", to: "State:DEU", maxLength: 10, limit: 100) { length nodes { id label } edges { id type from to properties source { document locator basis } } } }`, nil)
}

// TestExploreStoreCalls counts the store calls of an exploration request:
// they depend on its depth, not on how many nodes it returns.
func TestExploreStoreCalls(t *testing.T) {
	const query = `query($id: ID!, $depth: Int, $kinds: [NodeKind!]) { neighborhood(id: $id, depth: $depth, kinds: $kinds, limit: 500) { truncated
		nodes { id label ... on State { iso3 regions { region { code name } } groups { group { id } } } ... on Region { code parent { region { code } } } }
		edges { id source { document paragraph { id } } } centrality { node { id } betweenness } } }`
	cs := testgraph.NewCounting(seededStore(t))
	h := resolvers.NewHandler(cs, resolvers.Options{Logger: quietLogger()})
	calls := func(id string, depth int, kinds ...string) (int, int) {
		t.Helper()
		cs.Reset()
		data := gql(t, h, query, map[string]any{"id": id, "depth": depth, "kinds": kinds})
		return cs.Total(), len(list(t, data, "neighborhood", "nodes"))
	}
	// A sub-region and its 9 States against the Member States and all 193
	// (the sub-region, a Region, asks one batch more for its parent).
	small, n1 := calls("Region:155", 1, "STATE")
	large, n2 := calls("Group:member-states", 1, "STATE")
	if n1 != 10 || n2 != 194 {
		t.Fatalf("the neighbourhoods hold %d and %d nodes, want 10 and 194", n1, n2)
	}
	if large > small {
		t.Errorf("%d nodes cost %d store calls, %d nodes %d: want no more", n2, large, n1, small)
	}
	// Two more levels of States and regions: two more Relationships calls,
	// and the Region fragment's parents one more batch of each kind.
	deep, n3 := calls("Group:member-states", 3, "STATE", "REGION")
	if n3 <= n2 {
		t.Fatalf("depth 3 holds %d nodes, depth 1 %d", n3, n2)
	}
	if deep > large+4 {
		t.Errorf("depth 3 (%d nodes) costs %d store calls, depth 1 (%d nodes) %d", n3, deep, n2, large)
	}
	t.Logf("store calls: %d for %d nodes, %d for %d nodes, %d for %d nodes at depth 3", small, n1, large, n2, deep, n3)
}

// float returns the number at path.
func float(t *testing.T, v any, path ...any) float64 {
	t.Helper()
	n, ok := at(t, v, path...).(interface{ Float64() (float64, error) })
	if !ok {
		t.Fatalf("at %v: not a number: %v", path, at(t, v, path...))
	}
	f, err := n.Float64()
	if err != nil {
		t.Fatalf("at %v: %v", path, err)
	}
	return f
}
