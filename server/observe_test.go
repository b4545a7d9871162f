package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/resolvers"
)

// generatedID is what a request id made by the server looks like.
var generatedID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestRequestID checks X-Request-Id: a valid one sent is kept, an absent
// or invalid one is replaced by a new one, and the id is in the access log.
func TestRequestID(t *testing.T) {
	s, log := newTestServer(t, Config{})
	h := s.Handler()
	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"absent", "", false},
		{"valid", "edge-7f3a.b:9_Z", true},
		{"64 characters", strings.Repeat("a", 64), true},
		{"65 characters", strings.Repeat("a", 65), false},
		{"newline", "abc\nforged log line", false},
		{"carriage return", "abc\rdef", false},
		{"space", "abc def", false},
		{"quote", `abc"def`, false},
		{"markup", "<script>", false},
		{"non-ASCII", "idé", false},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := from(t, "192.0.2.1:1000", "")
			if tc.sent != "" {
				req.Header.Set(requestIDHeader, tc.sent)
			}
			a := send(t, h, req)
			got := a.header.Get(requestIDHeader)
			switch {
			case tc.keep && got != tc.sent:
				t.Errorf("X-Request-Id %q, want the one sent, %q", got, tc.sent)
			case !tc.keep && !generatedID.MatchString(got):
				t.Errorf("X-Request-Id %q, want a new id (32 hex digits) instead of %q", got, tc.sent)
			}
			if seen[got] && !tc.keep {
				t.Errorf("X-Request-Id %q given twice", got)
			}
			seen[got] = true
			if line := accessLine(t, log, got); line == nil {
				t.Errorf("no access log line with request_id %q", got)
			}
		})
	}
	if strings.Contains(log.String(), "forged log line") {
		t.Errorf("the log holds an id that was refused:\n%s", log.String())
	}
}

// accessLine returns the access log line (JSON) of the request with id, or
// nil.
func accessLine(t testing.TB, log *bytes.Buffer, id string) map[string]any {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(log.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("a log line is not JSON: %v: %s", err, sc.Text())
		}
		if line["msg"] == "request" && line["request_id"] == id {
			return line
		}
	}
	return nil
}

// TestAccessLog checks the access log line of a GraphQL request: its id,
// client, operation, outcome, status, duration and store calls.
func TestAccessLog(t *testing.T) {
	s, log := newTestServer(t, Config{Limits: Limits{TrustedProxies: mustNetworks(t, "10.0.0.0/8")}})
	h := s.Handler()
	req := graphQLRequest(queryBody(t, `query CountStates { states(first: 2) { totalCount edges { node { name } } } }`), gqlResponse)
	req.RemoteAddr = "10.1.2.3:5555"
	req.Header.Set("X-Forwarded-For", "198.51.100.23")
	req.Header.Set(requestIDHeader, "access-log-1")
	if a := send(t, h, req); a.status != http.StatusOK || len(a.errors) != 0 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	line := accessLine(t, log, "access-log-1")
	if line == nil {
		t.Fatalf("no access log line for the request:\n%s", log.String())
	}
	want := map[string]any{
		"level": "INFO", "client": "198.51.100.23", "method": "POST", "path": GraphQLPath,
		"status": 200.0, "operation": "CountStates", "outcome": "ok",
	}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("access log %s = %v, want %v (%v)", k, line[k], v, line)
		}
	}
	if d, ok := line["duration"].(float64); !ok || d <= 0 {
		t.Errorf("access log duration = %v, want a positive number", line["duration"])
	}
	if n, ok := line["store_calls"].(float64); !ok || n < 1 {
		t.Errorf("access log store_calls = %v, want at least 1", line["store_calls"])
	}
	if b, ok := line["bytes"].(float64); !ok || b <= 0 {
		t.Errorf("access log bytes = %v, want the size of the answer", line["bytes"])
	}

	// A refusal is logged with its code as the outcome.
	req = graphQLRequest(queryBody(t, repeat("__typename", 2000)), gqlResponse)
	req.Header.Set(requestIDHeader, "access-log-2")
	send(t, h, req)
	if line := accessLine(t, log, "access-log-2"); line == nil || line["outcome"] != resolvers.CodeDocumentTooLarge || line["status"] != 400.0 {
		t.Errorf("access log of a refusal: %v, want outcome DOCUMENT_TOO_LARGE, status 400", line)
	}
}

// metricsText scrapes /metrics and checks its media type.
func metricsText(t testing.TB, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, MetricsPath, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(ct, "version=0.0.4") {
		t.Errorf("/metrics Content-Type %q, want the Prometheus text format", ct)
	}
	return rec.Body.String()
}

// sampleLine matches a sample of the Prometheus text format.
var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$`)

// labelPair matches one label of a sample.
var labelPair = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)

// sample is one sample of a metric.
type sample struct {
	labels map[string]string
	value  float64
}

// samples returns the samples of the metric name in a scrape.
func samples(t testing.TB, text, name string) []sample {
	t.Helper()
	var out []sample
	for line := range strings.SplitSeq(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a sample of the text format: %q", line)
		}
		if m[1] != name {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Fatalf("sample %q: %v", line, err)
		}
		s := sample{labels: map[string]string{}, value: v}
		for _, p := range labelPair.FindAllStringSubmatch(m[2], -1) {
			s.labels[p[1]] = p[2]
		}
		out = append(out, s)
	}
	return out
}

// value returns the value of the sample of name with exactly these labels,
// and whether there is one.
func value(t testing.TB, text, name string, labels map[string]string) (float64, bool) {
	t.Helper()
next:
	for _, s := range samples(t, text, name) {
		if len(s.labels) != len(labels) {
			continue
		}
		for k, v := range labels {
			if s.labels[k] != v {
				continue next
			}
		}
		return s.value, true
	}
	return 0, false
}

// TestMetrics checks the Prometheus metrics: requests by operation and
// outcome, refusals by reason, store calls and requests in flight.
func TestMetrics(t *testing.T) {
	s, _ := newTestServer(t, Config{Limits: Limits{RateLimit: slowRate, RateBurst: 2}})
	h := s.Handler()
	a := send(t, h, graphQLRequest(queryBody(t, `query StatesCount { states(first: 1) { totalCount } }`), gqlResponse))
	if a.status != http.StatusOK {
		t.Fatalf("%d %s", a.status, a.body)
	}
	a = send(t, h, graphQLRequest(queryBody(t, repeat("__typename", 2000)), gqlResponse))
	if a.code() != resolvers.CodeDocumentTooLarge {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if a = send(t, h, from(t, "192.0.2.1:1", "")); a.code() != resolvers.CodeRateLimited {
		t.Fatalf("the third request of the client: %d %s, want RATE_LIMITED", a.status, a.body)
	}

	text := metricsText(t, h)
	checks := []struct {
		name   string
		labels map[string]string
		min    float64
	}{
		{"nexus_http_requests_total", map[string]string{"endpoint": "graphql", "operation": "StatesCount", "outcome": "ok"}, 1},
		{"nexus_http_requests_total", map[string]string{"endpoint": "graphql", "operation": "", "outcome": resolvers.CodeRateLimited}, 1},
		{"nexus_http_requests_refused_total", map[string]string{"reason": resolvers.CodeRateLimited}, 1},
		{"nexus_http_requests_refused_total", map[string]string{"reason": resolvers.CodeDocumentTooLarge}, 1},
		{"nexus_store_calls_total", map[string]string{"method": "FindNodes", "outcome": "ok"}, 1},
		{"nexus_http_request_duration_seconds_count", map[string]string{"endpoint": "graphql", "outcome": "ok"}, 1},
		// The scrape itself is in flight.
		{"nexus_http_requests_in_flight", map[string]string{}, 1},
	}
	for _, c := range checks {
		v, ok := value(t, text, c.name, c.labels)
		if !ok || v < c.min {
			t.Errorf("%s%v = %v (present %v), want at least %v", c.name, c.labels, v, ok, c.min)
		}
	}
	if v, _ := value(t, text, "nexus_http_requests_in_flight", map[string]string{}); v != 1 {
		t.Errorf("nexus_http_requests_in_flight = %v during a scrape alone, want 1", v)
	}
	if v, ok := value(t, text, "nexus_http_requests_total", map[string]string{"endpoint": "graphql", "operation": "StatesCount", "outcome": "ok"}); v != 1 {
		t.Errorf("StatesCount counted %v times (present %v), want 1", v, ok)
	}
}

// TestOperationLabelsCapped checks that clients cannot grow the metrics
// without bound by inventing operation names: past the first ones, names
// count as "other".
func TestOperationLabelsCapped(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	h := s.Handler()
	const sent = 300
	for i := range sent {
		a := send(t, h, graphQLRequest(queryBody(t, fmt.Sprintf("query Op%03d { __typename }", i)), gqlResponse))
		if a.status != http.StatusOK {
			t.Fatalf("%d %s", a.status, a.body)
		}
	}
	// A name too long to be a label.
	send(t, h, graphQLRequest(queryBody(t, "query "+strings.Repeat("X", 100)+" { __typename }"), gqlResponse))

	text := metricsText(t, h)
	names := map[string]float64{}
	for _, s := range samples(t, text, "nexus_http_requests_total") {
		if s.labels["endpoint"] == "graphql" {
			names[s.labels["operation"]] += s.value
		}
	}
	if len(names) > maxOperationNames+1 {
		t.Errorf("%d operation labels, want at most %d and \"other\"", len(names), maxOperationNames)
	}
	if want := float64(sent - maxOperationNames + 1); names["other"] != want {
		t.Errorf("operation \"other\" counted %v requests, want %v", names["other"], want)
	}
	for name := range names {
		if len(name) > 64 {
			t.Errorf("operation label %q is longer than 64 characters", name)
		}
	}
}
