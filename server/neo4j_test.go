package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// TestTimeoutNeo4j runs a request that needs several Neo4j transactions
// under a deadline it cannot meet: the answer is TIMEOUT (504 with
// application/graphql-response+json), and nothing the request started is
// left running once it is answered.
func TestTimeoutNeo4j(t *testing.T) {
	st := neo4jtest.Open(t)
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	query := `{"query":"{ neighborhood(id: \"Group:member-states\", depth: 3, limit: 500) { nodes { id label } edges { type } } }"}`
	post := func(h http.Handler) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, GraphQLPath, strings.NewReader(query))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	// With time enough, the answer is there.
	s, _ := newTestServer(t, Config{Store: st})
	if rec := post(s.Handler()); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Fatalf("without a tight deadline: status %d: %.300s", rec.Code, rec.Body.String())
	}

	before := runtime.NumGoroutine()
	s, log := newTestServer(t, Config{Store: st, Limits: Limits{RequestTimeout: 5 * time.Millisecond}})
	rec := post(s.Handler())
	if rec.Code != http.StatusGatewayTimeout {
		t.Errorf("status %d, want 504: %.300s", rec.Code, rec.Body.String())
	}
	var body struct {
		Data   any
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "TIMEOUT" || body.Data != nil {
		t.Errorf("want one TIMEOUT error and no data: %s", rec.Body.String())
	} else if !strings.Contains(body.Errors[0].Message, "5ms") {
		t.Errorf("message %q does not name the limit", body.Errors[0].Message)
	}
	if !strings.Contains(log.String(), `"outcome":"TIMEOUT"`) {
		t.Errorf("the access log does not record the timeout:\n%s", log.String())
	}
	// Whatever the request started ends with it: poll, bounded, for the
	// goroutines to come back to what they were (the driver's pool may
	// keep a connection reader; allow a few).
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before+4 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+4 {
		t.Errorf("%d goroutines after the request, %d before", n, before)
	}
}
