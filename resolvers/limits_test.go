package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/server"
)

// newServer returns the handler of nexus serve (server.New) for cfg, over
// the seeded memory store unless cfg names a store, logging nowhere.
func newServer(t testing.TB, cfg server.Config) http.Handler {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = seededStore(t)
	}
	if cfg.Ready == nil {
		cfg.Ready = cfg.Store.Ping
	}
	if cfg.Logger == nil {
		cfg.Logger = quietLogger()
	}
	s, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// errorsOf returns the errors of a GraphQL answer.
func errorsOf(res response) []any {
	errs, _ := res.json["errors"].([]any)
	return errs
}

// wantRefused checks that res is refused with status and code, by one error
// whose message contains msg, and has no data.
func wantRefused(t *testing.T, res response, status int, code, msg string) {
	t.Helper()
	if res.status != status {
		t.Errorf("status %d, want %d: %.300s", res.status, status, res.body)
	}
	errs := errorsOf(res)
	if len(errs) != 1 {
		t.Fatalf("%d errors, want the one that says why: %.500s", len(errs), res.body)
	}
	if got := at(t, errs[0], "extensions", "code"); got != code {
		t.Errorf("code %v, want %s: %.300s", got, code, res.body)
	}
	if got, _ := at(t, errs[0], "message").(string); !strings.Contains(got, msg) {
		t.Errorf("message %q does not name the limit (%q)", got, msg)
	}
	if _, ok := res.json["data"]; ok {
		t.Errorf("a refused request has data: %.300s", res.body)
	}
}

// refusedStatus is the status of a request refused before execution with
// code: the code's status with application/graphql-response+json, 200 with
// application/json.
func refusedStatus(accept, code string) int {
	if accept == appJSON {
		return http.StatusOK
	}
	return resolvers.HTTPStatus(code)
}

// allocatedBy returns the bytes the heap allocated, on average, to serve
// n POSTs of query with h.
func allocatedBy(t *testing.T, h http.Handler, query string, n int) uint64 {
	t.Helper()
	reqs := make([]*http.Request, n)
	for i := range reqs {
		reqs[i] = postJSON(t, map[string]any{"query": query}, gqlResponse)
	}
	recs := make([]*httptest.ResponseRecorder, n)
	for i := range recs {
		recs[i] = httptest.NewRecorder()
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range reqs {
		h.ServeHTTP(recs[i], reqs[i])
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}

// nested returns a document nesting the field a depth levels deep.
func nested(depth int) string {
	return "{ " + strings.Repeat("a { ", depth-1) + "a" + strings.Repeat(" }", depth-1) + " }"
}

// aliased returns a document of n aliased __typename.
func aliased(n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: __typename ", i)
	}
	b.WriteString("}")
	return b.String()
}

// fragmentBomb returns a document whose fragment Fi spreads F(i-1) twice,
// levels deep: it selects 2^levels fields once expanded. With used false
// the operation does not spread the bomb (the fragments are left unused).
func fragmentBomb(levels int, used bool) string {
	var b strings.Builder
	if used {
		fmt.Fprintf(&b, "{ ...F%d }\n", levels)
	} else {
		b.WriteString("{ __typename }\n")
	}
	b.WriteString("fragment F0 on Query { __typename }\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	return b.String()
}

// TestDocumentLimits checks that every limit of a document refuses it
// before validation (DOCUMENT_TOO_LARGE, not a validation error: the fields
// of these documents do not even exist), with a message that names it.
func TestDocumentLimits(t *testing.T) {
	small := newServer(t, server.Config{})
	large := newServer(t, server.Config{Limits: server.Limits{MaxBodyBytes: 2 << 20}})
	directives := "{ " + strings.Repeat("__typename @include(if: true) ", resolvers.DefaultMaxDirectives+1) + "}"
	tests := []struct {
		name string
		h    http.Handler
		doc  string
		msg  string
	}{
		{"800 levels of nesting", small, nested(800), fmt.Sprintf("nests selections 800 deep; at most %d levels", resolvers.DefaultMaxDepth)},
		{"one level too deep", small, nested(resolvers.DefaultMaxDepth + 1), fmt.Sprintf("nests selections %d deep; at most %d levels", resolvers.DefaultMaxDepth+1, resolvers.DefaultMaxDepth)},
		{"1,200 levels of nesting", small, nested(1200), fmt.Sprintf("at most %d levels", resolvers.DefaultMaxDepth)},
		// 10,000 aliases are 30,000 tokens: the token limit refuses them
		// before the aliases are counted.
		{"10,000 aliases", large, aliased(10000), "more than 5000 tokens"},
		{"101 aliases", small, aliased(101), "101 aliases (fragments expanded); at most 100"},
		{"51 directives", small, directives, "51 directives (fragments expanded); at most 50"},
		{"1,001 fields", small, "{ " + strings.Repeat("__typename ", 1001) + "}", "selects 1001 fields (fragments expanded); at most 1000"},
		{"fragment bomb of 30 levels", small, fragmentBomb(30, true), "selects 1073741824 fields (fragments expanded); at most 1000"},
		{"fragment bomb of 60 levels", small, fragmentBomb(60, true), "selects more than 1099511627776 fields"},
		{"unused fragment bomb", small, fragmentBomb(30, false), "selects 2147483648 fields"},
		{"aliases in a fragment used twice", small, "{ ...A ...A } fragment A on Query { " + aliased(60)[2:], "120 aliases (fragments expanded)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, accept := range []string{gqlResponse, appJSON} {
				res := serve(t, tc.h, postJSON(t, map[string]any{"query": tc.doc}, accept))
				wantRefused(t, res, refusedStatus(accept, resolvers.CodeDocumentTooLarge), resolvers.CodeDocumentTooLarge, tc.msg)
			}
		})
	}

	// Just within the limits, the same shapes run.
	for _, doc := range []string{aliased(100), fragmentBomb(9, true), "{ " + strings.Repeat("__typename @include(if: true) ", 50) + "}"} {
		res := serve(t, small, postJSON(t, map[string]any{"query": doc}, gqlResponse))
		if res.status != http.StatusOK || len(errorsOf(res)) != 0 {
			t.Errorf("a document within the limits: %d %.300s", res.status, res.body)
		}
	}
}

// TestFragmentBombCostsLittle checks that the fragment bombs are measured,
// not expanded, and refused before validation, used or not (validation
// compares the fields of unused fragments too, at a cost that grows with the
// square of their number): refusing one allocates little, and twice the
// levels about twice as much.
func TestFragmentBombCostsLittle(t *testing.T) {
	h := newServer(t, server.Config{})
	const runs = 5
	// A refusal parses the document and writes one error: a few hundred KB
	// at most, whatever the document expands to.
	const bound = 1 << 20
	for _, tc := range []struct {
		name string
		used bool
		code string
	}{
		{"used", true, resolvers.CodeDocumentTooLarge},
		{"unused", false, resolvers.CodeDocumentTooLarge},
	} {
		var cost [4]uint64
		for i, levels := range []int{30, 60, 120, 240} {
			doc := fragmentBomb(levels, tc.used)
			res := serve(t, h, postJSON(t, map[string]any{"query": doc}, gqlResponse))
			if got := at(t, errorsOf(res), 0, "extensions", "code"); got != tc.code || res.status != http.StatusBadRequest {
				t.Errorf("%s bomb of %d levels: %d %v, want 400 %s: %.300s", tc.name, levels, res.status, got, tc.code, res.body)
			}
			cost[i] = allocatedBy(t, h, doc, runs)
			t.Logf("%s bomb of %d levels: %d KB allocated to refuse it", tc.name, levels, cost[i]>>10)
			if cost[i] > bound {
				t.Errorf("%s bomb of %d levels: refusing it allocated %d bytes, more than %d", tc.name, levels, cost[i], bound)
			}
		}
		// Twice the levels is twice the document and many times the
		// fields: the cost follows the document.
		for i := 1; i < len(cost); i++ {
			if cost[i] > 3*cost[i-1] {
				t.Errorf("%s bomb: twice the levels allocated %d bytes, more than 3× the %d of half as many", tc.name, cost[i], cost[i-1])
			}
		}
	}
}

// TestErrorCap checks that an answer carries at most resolvers.MaxErrors
// errors, the last saying how many were left out, however many fields fail
// or fail validation.
func TestErrorCap(t *testing.T) {
	h := newServer(t, server.Config{})
	// Every state fails its relationships field: 193 errors.
	const query = `query($t: [String!]) { states(first: 500) { edges { node { relationships(types: $t) { type } } } } }`
	res := serve(t, h, postJSON(t, map[string]any{"query": query, "variables": map[string]any{"t": []string{"LIVES_IN"}}}, gqlResponse))
	if res.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %.300s", res.status, res.body)
	}
	errs := errorsOf(res)
	if len(errs) != resolvers.MaxErrors {
		t.Fatalf("%d errors, want %d", len(errs), resolvers.MaxErrors)
	}
	if got := at(t, errs[0], "extensions", "code"); got != resolvers.CodeBadUserInput {
		t.Errorf("first error code %v, want BAD_USER_INPUT", got)
	}
	// The errors null the data (relationships is not nullable): the number
	// of states comes from another request.
	states := num(t, gql(t, h, `{ states(first: 500) { totalCount } }`, nil), "states", "totalCount")
	if states <= resolvers.MaxErrors {
		t.Fatalf("%d states: too few to overflow the cap", states)
	}
	last, _ := at(t, errs[len(errs)-1], "message").(string)
	want := fmt.Sprintf("%d more errors left out: at most %d errors are reported", states-(resolvers.MaxErrors-1), resolvers.MaxErrors)
	if last != want {
		t.Errorf("last error %q, want %q", last, want)
	}
	// 100 errors of a few hundred bytes each.
	if len(res.body) > 64<<10 {
		t.Errorf("the answer is %d bytes", len(res.body))
	}

	// Validation errors are capped too: 300 unknown fields.
	var doc strings.Builder
	doc.WriteString("{ ")
	for i := range 300 {
		fmt.Fprintf(&doc, "nope%d ", i)
	}
	doc.WriteString("}")
	res = serve(t, h, postJSON(t, map[string]any{"query": doc.String()}, gqlResponse))
	errs = errorsOf(res)
	if res.status != http.StatusBadRequest || len(errs) != resolvers.MaxErrors {
		t.Fatalf("300 unknown fields: %d with %d errors, want 400 with %d", res.status, len(errs), resolvers.MaxErrors)
	}
	if got := at(t, errs[len(errs)-1], "message"); got != "201 more errors left out: at most 100 errors are reported" {
		t.Errorf("last error %q", got)
	}
	if len(res.body) > 64<<10 {
		t.Errorf("the answer is %d bytes", len(res.body))
	}
}

// TestResultBudget checks that an operation that would build more values
// than MaxResultValues is stopped: RESULT_TOO_LARGE, no data, the status of
// the code with application/graphql-response+json.
func TestResultBudget(t *testing.T) {
	h := newServer(t, server.Config{GraphQL: resolvers.Options{MaxResultValues: 50}})
	for _, accept := range []string{gqlResponse, appJSON} {
		res := serve(t, h, postJSON(t, map[string]any{"query": `{ states(first: 100) { edges { node { iso3 name } } } }`}, accept))
		wantRefused(t, res, refusedStatus(accept, resolvers.CodeResultTooLarge), resolvers.CodeResultTooLarge, "more than 50 values")
	}
	// Within the budget, the same kind of query runs.
	res := serve(t, h, postJSON(t, map[string]any{"query": `{ states(first: 5) { edges { node { iso3 } } } }`}, gqlResponse))
	if res.status != http.StatusOK || len(errorsOf(res)) != 0 {
		t.Errorf("within the budget: %d %.300s", res.status, res.body)
	}
}

// stallingStore is a store whose node and relationship reads wait until
// their context ends, as a store stuck on a slow query would.
type stallingStore struct {
	*testgraph.Counting
	calls, ended *atomic.Int64
}

// newStallingStore returns the seeded store, stalling.
func newStallingStore(t *testing.T) stallingStore {
	s := stallingStore{calls: new(atomic.Int64), ended: new(atomic.Int64)}
	s.Counting = testgraph.NewHooked(seededStore(t), func(ctx context.Context, method string) error {
		switch method {
		case "Nodes", "FindNodes", "Relationships", "Expand", "Neighborhood", "ShortestPaths", "Search":
			s.calls.Add(1)
			<-ctx.Done()
			s.ended.Add(1)
			return ctx.Err()
		}
		return nil
	})
	return s
}

// waitGoroutines waits until no more goroutines run than before, failing
// the test if they do not end (a hang guard bounds the wait).
func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines left running, %d before the request:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

// TestTimeout checks that an operation stuck in the store is stopped at the
// request deadline: TIMEOUT (504 with application/graphql-response+json,
// 200 with application/json), the store sees its context end, and nothing
// is left running.
func TestTimeout(t *testing.T) {
	queries := map[string]string{
		"list":          `{ states(first: 5) { edges { node { name } } } }`,
		"node":          `{ node(id: "State:FRA") { id } }`,
		"neighborhood":  `{ neighborhood(id: "State:FRA", depth: 2) { nodes { id } } }`,
		"named, nested": `query Stuck { state(iso3: "FRA") { iso3 relationships { type } } }`,
	}
	for name, query := range queries {
		for _, accept := range []string{gqlResponse, appJSON} {
			t.Run(name+"/"+accept, func(t *testing.T) {
				store := newStallingStore(t)
				h := newServer(t, server.Config{Store: store, Limits: server.Limits{RequestTimeout: 200 * time.Millisecond}})
				before := runtime.NumGoroutine()
				res := serve(t, h, postJSON(t, map[string]any{"query": query}, accept))
				status := http.StatusOK
				if accept == gqlResponse {
					status = http.StatusGatewayTimeout
				}
				wantRefused(t, res, status, resolvers.CodeTimeout, "longer than 200ms")
				if store.calls.Load() == 0 {
					t.Fatal("the store was not called")
				}
				if store.ended.Load() != store.calls.Load() {
					t.Errorf("the store saw %d of its %d calls' contexts end", store.ended.Load(), store.calls.Load())
				}
				waitGoroutines(t, before)
			})
		}
	}
}

// TestExportTimeout checks that an export stuck in the store is stopped at
// the request deadline: 504 TIMEOUT.
func TestExportTimeout(t *testing.T) {
	for _, target := range []string{
		"/export?format=graphml",
		"/export?format=cytoscape&root=State:FRA&depth=2",
		"/export?format=jsonl&id=State:FRA&id=State:DEU",
	} {
		t.Run(target, func(t *testing.T) {
			store := newStallingStore(t)
			h := newServer(t, server.Config{Store: store, Limits: server.Limits{RequestTimeout: 200 * time.Millisecond}})
			before := runtime.NumGoroutine()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			if rec.Code != http.StatusGatewayTimeout {
				t.Errorf("status %d, want 504: %s", rec.Code, rec.Body)
			}
			var body struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("the answer is not JSON: %v: %s", err, rec.Body)
			}
			if body.Error.Code != resolvers.CodeTimeout || !strings.Contains(body.Error.Message, "longer than 200ms") {
				t.Errorf("error %+v, want TIMEOUT naming the deadline", body.Error)
			}
			if store.calls.Load() == 0 || store.ended.Load() != store.calls.Load() {
				t.Errorf("the store saw %d of its %d calls' contexts end", store.ended.Load(), store.calls.Load())
			}
			waitGoroutines(t, before)
		})
	}
}
