package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRunLoadCountsRefusals runs a short burst against a local stub that
// refuses every third request with 429 and reports a GraphQL error on
// every fifth.
func TestRunLoadCountsRefusals(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		i := n.Add(1)
		switch {
		case i%3 == 0:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		case i%5 == 0:
			_, _ = io.WriteString(w, `{"errors":[{"message":"no","extensions":{"code":"BAD_USER_INPUT"}}],"data":null}`)
		default:
			_, _ = io.WriteString(w, `{"data":{"__typename":"Query"}}`)
		}
	}))
	defer srv.Close()
	u, err := checkTarget(srv.URL + "/graphql")
	if err != nil {
		t.Fatal(err)
	}
	cfg := loadConfig{URL: u, Conns: 3, Duration: 300 * time.Millisecond, Timeout: 5 * time.Second,
		RateLimitAware: true, Bursts: 1, Queries: defaultMix}
	res, err := runLoad(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Requests == 0 || int64(r.Requests) != n.Load() {
		t.Fatalf("requests = %d, the server saw %d", r.Requests, n.Load())
	}
	if r.Refused != r.Statuses["429"] || r.Refused == 0 {
		t.Errorf("refused = %d, 429s = %d", r.Refused, r.Statuses["429"])
	}
	if r.Served.Count != r.Requests-r.Refused || r.All.Count != r.Requests {
		t.Errorf("served %d, all %d, of %d requests with %d refused", r.Served.Count, r.All.Count, r.Requests, r.Refused)
	}
	if r.GraphQLErrs["BAD_USER_INPUT"] == 0 {
		t.Errorf("GraphQL errors not counted: %v", r.GraphQLErrs)
	}
	var out strings.Builder
	if err := writeLoadReport(&out, cfg, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "429: ") {
		t.Errorf("report has no 429 count:\n%s", out.String())
	}
}

// TestPostReadsFirstError sends one attack body to a local stub.
func TestPostReadsFirstError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"errors":[{"message":"json: cannot unmarshal array into Go value of type resolvers.requestBody","extensions":{"code":"BAD_REQUEST"}}]}`)
	}))
	defer srv.Close()
	u, err := checkTarget(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &attackClient{url: u, http: newClient(5*time.Second, 1), timeout: 5 * time.Second}
	o := c.post(context.Background(), []byte(`[{"query":"{__typename}"}]`))
	if o.Status != "400" || o.Code != "BAD_REQUEST" || len(leaks(o.Message)) != 1 || o.Bytes == 0 {
		t.Errorf("outcome = %+v", o)
	}
}
