package resolvers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
)

// TestStoreCallsOnNeo4j holds the property the Neo4j path is built on, for
// the benchmark mix (testdata/mix: one State with its regions, the States
// of a sub-region, a resolution with its paragraphs, a paragraph with what
// it asks of whom and what it concerns, the instruments, a neighbourhood),
// every example of the README and the renamed relationship fields beside
// their deprecated names: each request is one read transaction,
// with at most one query per level of relationship fields, the root level
// included, counted by the store itself on the test Neo4j. A root read by
// ID and a root list or connection share their query with the level under
// them: each query of the mix is one query.
func TestStoreCallsOnNeo4j(t *testing.T) {
	neo := neo4jtest.Open(t)
	if _, err := seed.Load(t.Context(), neo); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	h := resolvers.NewHandler(neo, resolvers.Options{Logger: quietLogger()})
	docs := map[string]struct {
		query   string
		queries int64 // at most
	}{}
	mix := map[string]int64{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1}
	for name, max := range mix {
		b, err := os.ReadFile(filepath.Join("testdata", "mix", name+".graphql"))
		if err != nil {
			t.Fatal(err)
		}
		docs["mix "+name] = struct {
			query   string
			queries int64
		}{string(b), max}
	}
	// The renamed relationship fields and their deprecated names, side by
	// side: each name is planned with its level, the old as the new.
	renamed := map[string]string{
		"bodies":      `{ bodies { adoptedResolutions { resolution { symbol } } adopted { resolution { id } } partOf { body { key } } } }`,
		"documents":   `{ documents { includedIn { node { id } } partOf { node { id } } concernedBy { paragraph { id paragraphKind } } paragraphs { paragraph { kind } } } }`,
		"crime types": `{ crimeTypes { concernedBy { paragraph { id } } paragraphs { paragraph { id } } instruments { instrument { key } } } }`,
		"topics":      `{ topics { concernedBy { paragraph { id } } paragraphs { paragraph { id } } } }`,
		"instruments": `{ instruments { edges { node { concernedBy { paragraph { id } } paragraphs { paragraph { id } } } } } }`,
		"conferences": `{ conferences { adoptions { node { id } adopted { id } date } } }`,
		"a node":      `{ node(id: "Body:GA") { ... on Body { adoptedResolutions { resolution { symbol } } } ... on Document { includedIn { node { id } } } } }`,
	}
	for name, q := range renamed {
		docs["renamed fields: "+name] = struct {
			query   string
			queries int64
		}{q, 1}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllSubmatch(readme, -1) {
		q := string(m[1])
		docs[fmt.Sprintf("README example %d", i+1)] = struct {
			query   string
			queries int64
		}{q, int64(strings.Count(q, "{"))}
	}
	// The cost model reads the store's statistics once, in the background:
	// wait for them before counting.
	gql(t, h, `{ states(first: 1) { totalCount } }`, nil)
	for name, d := range docs {
		t.Run(name, func(t *testing.T) {
			gql(t, h, d.query, nil) // caches warm
			before := neo.Stats()
			gql(t, h, d.query, nil)
			after := neo.Stats()
			tx, queries := after.Transactions-before.Transactions, after.Queries-before.Queries
			t.Logf("%d transactions, %d queries", tx, queries)
			if tx != 1 {
				t.Errorf("%d transactions, want 1", tx)
			}
			if queries > d.queries {
				t.Errorf("%d queries, want at most %d", queries, d.queries)
			}
		})
	}
}
