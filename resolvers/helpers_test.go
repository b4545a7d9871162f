package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
)

// Media types of the tests.
const (
	gqlResponse = "application/graphql-response+json"
	appJSON     = "application/json"
)

// seeded returns a memory store loaded with the seed, shared by the tests
// (they only read it).
var seeded = sync.OnceValues(func() (graph.Store, error) {
	s := memory.New()
	if _, err := seed.Load(context.Background(), s); err != nil {
		return nil, err
	}
	return s, nil
})

// seededStore returns the shared seeded store.
func seededStore(t testing.TB) graph.Store {
	t.Helper()
	s, err := seeded()
	if err != nil {
		t.Fatalf("load seed: %v", err)
	}
	return s
}

// quietLogger discards logs.
func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newHandler returns the GraphQL handler over the seeded store.
func newHandler(t testing.TB) http.Handler {
	t.Helper()
	return resolvers.NewHandler(seededStore(t), resolvers.Options{Logger: quietLogger()})
}

// response is an HTTP answer of the handler.
type response struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

// mediaType returns the media type of the response's Content-Type.
func (r response) mediaType() string {
	mt, _, _ := strings.Cut(r.header.Get("Content-Type"), ";")
	return strings.TrimSpace(mt)
}

// serve sends req to h and decodes the JSON body, if any.
func serve(t testing.TB, h http.Handler, req *http.Request) response {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	if len(res.body) > 0 {
		dec := json.NewDecoder(bytes.NewReader(res.body))
		dec.UseNumber()
		if err := dec.Decode(&res.json); err != nil {
			t.Fatalf("response body is not a JSON object: %v\n%s", err, res.body)
		}
	}
	return res
}

// postJSON builds a POST request with a JSON body and the given Accept header.
func postJSON(t testing.TB, body any, accept string) *http.Request {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

// getQuery builds a GET request for query with optional variables.
func getQuery(query string, vars map[string]any, accept string) *http.Request {
	v := url.Values{"query": {query}}
	if vars != nil {
		b, _ := json.Marshal(vars)
		v.Set("variables", string(b))
	}
	req := httptest.NewRequest(http.MethodGet, "/graphql?"+v.Encode(), nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

// gql runs a query that must succeed and returns its data.
func gql(t *testing.T, h http.Handler, query string, vars map[string]any) map[string]any {
	t.Helper()
	res := serve(t, h, postJSON(t, map[string]any{"query": query, "variables": vars}, gqlResponse))
	if res.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", res.status, res.body)
	}
	if errs, ok := res.json["errors"]; ok {
		t.Fatalf("unexpected errors: %v", errs)
	}
	data, ok := res.json["data"].(map[string]any)
	if !ok {
		t.Fatalf("no data in %s", res.body)
	}
	return data
}

// at walks v along path (object keys and list indexes) and returns what it
// finds there.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for i, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: not an object: %v", path[:i+1], v)
			}
			if _, ok := m[k]; !ok {
				t.Fatalf("at %v: no key %q in %v", path[:i+1], k, m)
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("at %v: not a list of more than %d items: %v", path[:i+1], k, v)
			}
			v = l[k]
		default:
			t.Fatalf("bad path element %v", p)
		}
	}
	return v
}

// list returns the list at path.
func list(t *testing.T, v any, path ...any) []any {
	t.Helper()
	l, ok := at(t, v, path...).([]any)
	if !ok {
		t.Fatalf("at %v: not a list", path)
	}
	return l
}

// strs collects the string at sub-path of every item of a list.
func strs(t *testing.T, items []any, path ...any) []string {
	t.Helper()
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprint(at(t, it, path...))
	}
	return out
}

// num returns the integer at path.
func num(t *testing.T, v any, path ...any) int {
	t.Helper()
	n, ok := at(t, v, path...).(json.Number)
	if !ok {
		t.Fatalf("at %v: not a number: %v", path, at(t, v, path...))
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatalf("at %v: %v", path, err)
	}
	return int(i)
}
