package server

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// from returns a POST of a small query to /graphql from the peer addr
// (host:port), with the X-Forwarded-For header xff when not empty.
func from(t testing.TB, addr, xff string) *http.Request {
	t.Helper()
	req := graphQLRequest(queryBody(t, `{ __typename }`), gqlResponse)
	req.RemoteAddr = addr
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	return req
}

// wantRetryAfter checks that a is refused with status and code and a
// Retry-After of at least one second.
func wantRetryAfter(t testing.TB, a answer, status int, code, msg string) {
	t.Helper()
	wantRefusal(t, a, status, code, msg)
	secs, err := strconv.Atoi(a.header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Errorf("Retry-After %q, want a whole number of seconds ≥ 1", a.header.Get("Retry-After"))
	}
}

// mustNetworks parses CIDRs.
func mustNetworks(t testing.TB, cidrs ...string) []*net.IPNet {
	t.Helper()
	var out []*net.IPNet
	for _, c := range cidrs {
		_, n, err := net.ParseCIDR(c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// slowRate is the rate limit of the tests: a token every 100 s, so that
// none comes back while a test runs, however slowly.
const slowRate = 0.01

// TestRateLimit checks the rate limit per client: past the burst a client
// is refused (429 RATE_LIMITED, Retry-After), other clients are not, and
// X-Forwarded-For tells clients apart only when a trusted proxy sent it.
func TestRateLimit(t *testing.T) {
	s, _ := newTestServer(t, Config{Limits: Limits{
		RateLimit: slowRate, RateBurst: 2,
		TrustedProxies: mustNetworks(t, "10.0.0.0/8"),
	}})
	h := s.Handler()
	ok := func(req *http.Request) {
		t.Helper()
		if a := send(t, h, req); a.status != http.StatusOK || len(a.errors) != 0 {
			t.Fatalf("request from %s (X-Forwarded-For %q): %d %s, want 200", req.RemoteAddr, req.Header.Get("X-Forwarded-For"), a.status, a.body)
		}
	}
	limited := func(req *http.Request, client string) {
		t.Helper()
		a := send(t, h, req)
		wantRetryAfter(t, a, http.StatusTooManyRequests, resolvers.CodeRateLimited, "too many requests from "+client+": at most 0.01 per second (burst 2); retry after 100s")
	}

	// A client: the burst, then refused.
	ok(from(t, "192.0.2.1:1000", ""))
	ok(from(t, "192.0.2.1:1001", ""))
	limited(from(t, "192.0.2.1:1002", ""), "192.0.2.1")
	// Another client is not affected.
	ok(from(t, "192.0.2.2:1000", ""))

	// An untrusted peer cannot pass for another client with X-Forwarded-For.
	limited(from(t, "192.0.2.1:1003", "198.51.100.7"), "192.0.2.1")
	limited(from(t, "192.0.2.1:1004", "198.51.100.8, 10.1.1.1"), "192.0.2.1")

	// Behind a trusted proxy, the client is the last untrusted hop.
	ok(from(t, "10.0.0.1:1000", "192.0.2.50"))
	ok(from(t, "10.0.0.2:1000", "192.0.2.50"))
	limited(from(t, "10.0.0.1:1001", "192.0.2.50"), "192.0.2.50")
	// A hop the client wrote itself before the real one is ignored.
	limited(from(t, "10.0.0.1:1002", "203.0.113.9, 192.0.2.50"), "192.0.2.50")
	// Another client behind the same proxy is not affected, nor the proxy.
	ok(from(t, "10.0.0.1:1003", "192.0.2.51"))
	ok(from(t, "10.0.0.1:1004", ""))

	// /export shares the limit, in its own error shape.
	req := httptest.NewRequest(http.MethodGet, ExportPath+"?format=jsonl&id=State:FRA", nil)
	req.RemoteAddr = "192.0.2.1:1005"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("/export over the limit: %d Retry-After %q, want 429 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}

	// The probes are not limited.
	for range 5 {
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		req.RemoteAddr = "192.0.2.1:1006"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("/healthz of a limited client: %d", rec.Code)
		}
	}
}

// TestPreflightNotCounted checks that CORS preflights do not use up a
// client's rate limit.
func TestPreflightNotCounted(t *testing.T) {
	s, _ := newTestServer(t, Config{
		CORSOrigins: []string{"https://app.example"},
		Limits:      Limits{RateLimit: slowRate, RateBurst: 2},
	})
	h := s.Handler()
	for range 10 {
		req := httptest.NewRequest(http.MethodOptions, GraphQLPath, nil)
		req.RemoteAddr = "192.0.2.1:1000"
		req.Header.Set("Origin", "https://app.example")
		req.Header.Set("Access-Control-Request-Method", http.MethodPost)
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 300 || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example" {
			t.Fatalf("preflight: %d %v", rec.Code, rec.Header())
		}
	}
	for i := range 2 {
		if a := send(t, h, from(t, "192.0.2.1:1000", "")); a.status != http.StatusOK {
			t.Fatalf("request %d after the preflights: %d %s, want 200", i+1, a.status, a.body)
		}
	}
	a := send(t, h, from(t, "192.0.2.1:1000", ""))
	wantRetryAfter(t, a, http.StatusTooManyRequests, resolvers.CodeRateLimited, "too many requests")
}

// gatedStore returns the seeded store whose FindNodes waits until gate
// opens (or its context ends), telling entered of the calls that wait, as
// long as it has room.
func gatedStore(t *testing.T, entered, gate chan struct{}) graph.Store {
	return testgraph.NewHooked(testgraph.Memory(t), func(ctx context.Context, method string) error {
		if method != "FindNodes" {
			return nil
		}
		select {
		case entered <- struct{}{}:
		default:
		}
		select {
		case <-gate:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
}

// TestInFlightCap checks the cap on concurrent requests: with MaxInFlight
// requests running, one more is refused at once (503 OVERLOADED,
// Retry-After), and once they are done requests pass again.
func TestInFlightCap(t *testing.T) {
	const max = 2
	entered, gate := make(chan struct{}, max), make(chan struct{})
	store := gatedStore(t, entered, gate)
	s, _ := newTestServer(t, Config{Store: store, Limits: Limits{MaxInFlight: max}})
	h := s.Handler()
	const query = `{ states(first: 1) { totalCount } }`

	var wg sync.WaitGroup
	statuses := make(chan int, max)
	for i := range max {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			req := graphQLRequest(queryBody(t, query), gqlResponse)
			req.RemoteAddr = "192.0.2." + strconv.Itoa(i+1) + ":1000"
			h.ServeHTTP(rec, req)
			statuses <- rec.Code
		}()
	}
	// A hang guard, not a measure.
	guard := time.After(20 * time.Second)
	for range max {
		select {
		case <-entered:
		case <-guard:
			t.Fatal("the requests did not reach the store")
		}
	}

	for _, path := range []string{GraphQLPath, ExportPath} {
		var a answer
		if path == GraphQLPath {
			a = send(t, h, from(t, "192.0.2.9:1000", ""))
			wantRetryAfter(t, a, http.StatusServiceUnavailable, resolvers.CodeOverloaded, "busy with 2 requests")
			continue
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, ExportPath+"?format=jsonl&id=State:FRA", nil))
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("/export while busy: %d Retry-After %q, want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	// The probes are not capped.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("/healthz while busy: %d", rec.Code)
	}

	close(gate)
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != http.StatusOK {
			t.Errorf("a request let in answered %d, want 200", st)
		}
	}
	for i := range max + 1 {
		a := send(t, h, graphQLRequest(queryBody(t, query), gqlResponse))
		if a.status != http.StatusOK || len(a.errors) != 0 {
			t.Errorf("request %d after the others ended: %d %s", i+1, a.status, a.body)
		}
	}
}

// TestRateKey checks that IPv6 clients share a bucket per /64 network, so
// that one host cannot rotate through its addresses to escape its limit,
// while IPv4 clients each have their own.
func TestRateKey(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true},
		{"2001:db8:1:2::1", "2001:db8:1:3::1", false},
		{"192.0.2.1", "192.0.2.2", false},
		{"192.0.2.1", "192.0.2.1", true},
		{"::ffff:192.0.2.1", "192.0.2.1", true},
	} {
		if got := rateKey(tc.a) == rateKey(tc.b); got != tc.same {
			t.Errorf("%s and %s share a bucket: %v, want %v (%s, %s)", tc.a, tc.b, got, tc.same, rateKey(tc.a), rateKey(tc.b))
		}
	}
}

// TestShortenOperationName checks that a client's operation name is cut
// for the access log, on a rune boundary.
func TestShortenOperationName(t *testing.T) {
	long := strings.Repeat("é", 100) // 200 bytes
	got := shorten(long, maxLoggedName)
	if len(got) > maxLoggedName+len("…") || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("shortened to %q (%d bytes)", got, len(got))
	}
	if shorten("Short", maxLoggedName) != "Short" {
		t.Error("a short name was changed")
	}
}
