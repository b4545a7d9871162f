package resolvers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/resolvers"
)

// memoryBudget is what any query the complexity limit admits may allocate
// in all, on the seed, from the request to the last byte of its answer (see
// resolvers.DefaultComplexityLimit).
const memoryBudget = 512 << 20

// worstAdmitted are the most demanding queries found that the default
// complexity limit admits: each is close to the limit, and makes each unit
// of complexity as large as it can.
func worstAdmitted(t testing.TB) map[string]string {
	t.Helper()
	// The paragraph with the most text, 500 times, each time in 98
	// languages (49,501): the most bytes per unit of complexity.
	var longest *graph.Node
	page, err := seededStore(t).FindNodes(t.Context(), graph.NodeQuery{Kind: graph.KindParagraph, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range page.Nodes {
		if longest == nil || len(fmt.Sprint(n.Props)) > len(fmt.Sprint(longest.Props)) {
			longest = n
		}
	}
	ids := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("%q,", longest.ID), resolvers.MaxIDs), ",")
	var texts strings.Builder
	for i := range 98 {
		fmt.Fprintf(&texts, " t%d: text(lang: %s)", i, graph.Langs[i%len(graph.Langs)])
	}
	// The 193 Member States, 82 times over, with two names each (49,939).
	var members strings.Builder
	for i := range 82 {
		fmt.Fprintf(&members, " g%d: groups { members { state { name formalName } } }", i)
	}
	return map[string]string{
		"texts":        `{ nodes(ids: [` + ids + `]) { ... on Paragraph {` + texts.String() + ` } } }`,
		"members":      "{" + members.String() + " }",
		"neighborhood": `{ neighborhood(id: "Group:member-states", depth: 4, limit: 1000) { truncated nodes { id label } edges { id type from to key properties source { document locator citation url basis note } } centrality { node { id } degree betweenness } } }`,
		"paths":        `{ allShortestPaths(from: "State:FRA", to: "Topic:technical-assistance", maxLength: 10, limit: 100) { length nodes { id label } edges { id type from to key properties source { document locator basis note citation url } } } }`,
		"search":       `{ search(text: "the", first: 500) { score node { id label ... on Paragraph { en: text fr: text(lang: FR) es: text(lang: ES) ar: text(lang: AR) ru: text(lang: RU) zh: text(lang: ZH) } } } }`,
	}
}

// discard is a ResponseWriter that keeps the status and counts the bytes,
// so that measuring a request does not measure a buffer of the test.
type discard struct {
	header http.Header
	status int
	n      int
	head   bytes.Buffer // the first bytes, to read errors
}

func (d *discard) Header() http.Header { return d.header }
func (d *discard) WriteHeader(s int)   { d.status = s }
func (d *discard) Write(p []byte) (int, error) {
	if d.head.Len() < 4096 {
		d.head.Write(p[:min(len(p), 4096-d.head.Len())])
	}
	d.n += len(p)
	return len(p), nil
}

// allocated serves the query and returns what the process allocated
// meanwhile and the answer, failing unless the query was admitted and
// answered without error.
func allocated(t testing.TB, h http.Handler, query string) (uint64, *discard) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", gqlResponse)
	w := &discard{header: http.Header{}, status: http.StatusOK}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	h.ServeHTTP(w, req)
	runtime.ReadMemStats(&after)
	if w.status != http.StatusOK || bytes.Contains(w.head.Bytes(), []byte(`"errors"`)) {
		t.Fatalf("not admitted, or failed: %d %s", w.status, w.head.Bytes())
	}
	return after.TotalAlloc - before.TotalAlloc, w
}

// TestAdmittedQueriesStayWithinTheMemoryBudget serves the worst admitted
// queries found and checks that each allocates less than memoryBudget in
// all (an upper bound of the heap it can hold at once).
func TestAdmittedQueriesStayWithinTheMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates hundreds of megabytes")
	}
	// Memory is measured here, not time: a busy machine (and the race
	// detector) must not turn a slow answer into a refusal.
	h := resolvers.NewHandler(seededStore(t), resolvers.Options{Logger: quietLogger(), RequestTimeout: time.Minute})
	for name, query := range worstAdmitted(t) {
		t.Run(name, func(t *testing.T) {
			n, w := allocated(t, h, query)
			t.Logf("%d-byte query, %d-byte answer: %d MB allocated", len(query), w.n, n>>20)
			if n >= memoryBudget {
				t.Errorf("allocated %d MB, more than the budget of %d MB", n>>20, memoryBudget>>20)
			}
		})
	}
}

// BenchmarkWorstAdmittedQuery measures the worst admitted query found
// (run with -benchmem).
func BenchmarkWorstAdmittedQuery(b *testing.B) {
	h := newHandler(b)
	query := worstAdmitted(b)["texts"]
	for b.Loop() {
		allocated(b, h, query)
	}
}
