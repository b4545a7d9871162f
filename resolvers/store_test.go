package resolvers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// failingStore returns the seeded store whose FindNodes fails with err, or
// panics when err is nil.
func failingStore(t *testing.T, err error) graph.Store {
	return testgraph.NewHooked(seededStore(t), func(_ context.Context, method string) error {
		if method != "FindNodes" {
			return nil
		}
		if err == nil {
			panic("the store fell over")
		}
		return err
	})
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestStoreErrors checks how store errors reach the client: graph error
// codes become extensions.code, and anything internal is logged and shown
// only as "internal error".
func TestStoreErrors(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		code    string
		msg     string
		logged  string // the log contains it
		private string // the response must not contain it
	}{
		{name: "invalid", err: graph.Errorf(graph.Invalid, "find nodes: offset -1 is negative"), code: "BAD_USER_INPUT", msg: "find nodes: offset -1 is negative"},
		{name: "not found", err: graph.Errorf(graph.NotFound, "no such graph"), code: "NOT_FOUND", msg: "no such graph"},
		{name: "unavailable", err: graph.Wrap(graph.Unavailable, errors.New("dial tcp 10.0.0.7:7687: refused"), "the database cannot be reached"), code: "UNAVAILABLE", msg: "the graph store cannot be reached; try again shortly", logged: "10.0.0.7", private: "10.0.0.7"},
		{name: "unauthorized", err: graph.Errorf(graph.Unauthorized, "credentials rejected"), code: "UNAUTHENTICATED", msg: "credentials rejected"},
		{name: "internal graph error", err: graph.Wrap(graph.Internal, errors.New("index corrupt at page 7"), "lookup"), code: "INTERNAL_SERVER_ERROR", msg: "internal error", logged: "index corrupt at page 7", private: "corrupt"},
		{name: "deadline exceeded", err: fmt.Errorf("find nodes: %w", context.DeadlineExceeded), code: "UNAVAILABLE", msg: "the request was canceled or timed out"},
		{name: "plain error", err: fmt.Errorf("query: %w", errors.New("secret connection string")), code: "INTERNAL_SERVER_ERROR", msg: "internal error", logged: "secret connection string", private: "secret"},
		{name: "panic", err: nil, code: "INTERNAL_SERVER_ERROR", msg: "internal error", logged: "the store fell over", private: "fell over"},
	}
	for _, tc := range tests {
		for _, accept := range []string{gqlResponse, appJSON} {
			t.Run(tc.name+"/"+accept, func(t *testing.T) {
				var logs syncBuffer
				h := resolvers.NewHandler(failingStore(t, tc.err), resolvers.Options{
					Logger: slog.New(slog.NewTextHandler(&logs, nil)),
				})
				res := serve(t, h, postJSON(t, map[string]any{"query": `{ states { totalCount } }`}, accept))
				if res.status != 200 {
					t.Errorf("status %d, want 200 (the request was executed): %s", res.status, res.body)
				}
				if d, ok := res.json["data"]; !ok || d != nil {
					t.Errorf("data = %v, want null (states is non-null)", d)
				}
				if got := at(t, res.json, "errors", 0, "extensions", "code"); got != tc.code {
					t.Errorf("code %v, want %s", got, tc.code)
				}
				if got := at(t, res.json, "errors", 0, "message"); got != tc.msg {
					t.Errorf("message %q, want %q", got, tc.msg)
				}
				if p := at(t, res.json, "errors", 0, "path", 0); p != "states" {
					t.Errorf("path %v, want [states]", p)
				}
				if tc.private != "" && strings.Contains(string(res.body), tc.private) {
					t.Errorf("response leaks %q: %s", tc.private, res.body)
				}
				if tc.logged != "" && !strings.Contains(logs.String(), tc.logged) {
					t.Errorf("log does not contain %q:\n%s", tc.logged, logs.String())
				}
			})
		}
	}
}

// requestCalls returns the calls made to cs by method, without those of the
// cost model's weights, which are read once per handler, not per request.
func requestCalls(cs *testgraph.Counting) map[string]int {
	calls := cs.All()
	delete(calls, "Degrees")
	delete(calls, "Counts")
	return calls
}

// TestStoreCallsDependOnDepthNotResults checks that the dataloaders batch:
// a query costs a number of store calls bounded by its depth, the same for 3
// results as for all of them. (When a deeper level meets nodes an upper one
// already loaded, the loader's cache saves calls: more results may then cost
// fewer calls, never more.)
func TestStoreCallsDependOnDepthNotResults(t *testing.T) {
	queries := []struct {
		name  string
		query string // with $first
		max   int    // at most this many store calls: one per level and field
		equal bool   // exactly as many calls for 3 results as for all
	}{
		{
			name:  "states with their regions",
			query: `query($first: Int) { states(first: $first) { edges { node { iso3 regions { region { code name } level source { document } } subregion { region { name } } } } } }`,
			max:   3, // the page, the IN_REGION relationships, the regions
			equal: true,
		},
		{
			name:  "states, regions and the regions' states",
			query: `query($first: Int) { states(first: $first) { edges { node { iso3 region { region { code states { state { iso3 } } parent { region { code } } } } } } } }`,
			max:   7,
		},
		{
			name:  "instruments with what they address and the paragraphs about them",
			query: `query($first: Int) { instruments(first: $first) { edges { node { key addresses { crimeType { name } } paragraphs { paragraph { label resolution { symbol } } } adoptedAt { conference { name } } } } } }`,
			max:   9,
			equal: true,
		},
		{
			name:  "a neighbourhood with its nodes and edges",
			query: `query($first: Int) { neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 2, limit: $first) { truncated nodes { id label } edges { type source { document } } } }`,
			max:   1, // the neighbourhood, whatever its depth and size
			equal: true,
		},
		{
			name:  "search hits with their relationships",
			query: `query($first: Int) { search(text: "terrorism", first: $first) { node { id label relationships(direction: OUT) { type node { id } } } } }`,
			max:   4,
			equal: true,
		},
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			calls := func(first int) (map[string]int, int) {
				t.Helper()
				cs := testgraph.NewCounting(seededStore(t))
				// Batching is measured here, not the complexity limit.
				h := resolvers.NewHandler(cs, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30})
				d := gql(t, h, q.query, map[string]any{"first": first})
				if len(fmt.Sprint(d)) < 100 {
					t.Fatalf("the query found next to nothing: %v", d)
				}
				total := 0
				snap := requestCalls(cs)
				for _, n := range snap {
					total += n
				}
				return snap, total
			}
			few, fewTotal := calls(3)
			many, manyTotal := calls(500)
			t.Logf("store calls for 3 results: %v; for all: %v", few, many)
			if fewTotal > q.max || manyTotal > q.max {
				t.Errorf("%d and %d store calls, want at most %d", fewTotal, manyTotal, q.max)
			}
			for k, n := range many {
				if n > few[k] {
					t.Errorf("%s: %d calls for all results, more than %d for 3", k, n, few[k])
				}
			}
			if q.equal && fmt.Sprint(few) != fmt.Sprint(many) {
				t.Errorf("calls for 3 results %v differ from calls for all %v", few, many)
			}
		})
	}
}
