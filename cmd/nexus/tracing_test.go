package main

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpReceiver is a fake OTLP/HTTP collector that keeps the spans it is
// sent.
type otlpReceiver struct {
	mu    sync.Mutex
	spans map[string][]string // span name → trace IDs (hex)
	byID  map[string]string   // span ID → name
	kids  map[string]string   // span name → name of its parent
}

func (o *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil || r.URL.Path != "/v1/traces" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var req coltrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	var parents [][2]string
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, sp := range ss.Spans {
				o.spans[sp.Name] = append(o.spans[sp.Name], hex.EncodeToString(sp.TraceId))
				o.byID[hex.EncodeToString(sp.SpanId)] = sp.Name
				parents = append(parents, [2]string{sp.Name, hex.EncodeToString(sp.ParentSpanId)})
			}
		}
	}
	for _, p := range parents {
		o.kids[p[0]] = o.byID[p[1]]
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	b, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
	_, _ = w.Write(b)
}

// TestTracing serves with the standard OTLP variables set: a traced request
// continues the caller's trace, with a span for the request, its resolvers
// and its store calls, sent to the collector when the server stops.
func TestTracing(t *testing.T) {
	recv := &otlpReceiver{spans: map[string][]string{}, byID: map[string]string{}, kids: map[string]string{}}
	collector := httptest.NewServer(recv)
	defer collector.Close()
	// The exporter reads the process environment; nexus reads its own.
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	s := startServe(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL})
	waitHealthy(t, s.url)

	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	req := newRequest(t, http.MethodPost, s.url+"/graphql", `{"query":"query One { state(iso3: \"FRA\") { iso3 regions { region { code } } } }"}`)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	if res, body := do(t, req); res.StatusCode != http.StatusOK || strings.Contains(body, `"errors"`) {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if err := s.shutdown(t); err != nil {
		t.Fatalf("shutdown: %v", err)
	}

	recv.mu.Lock()
	defer recv.mu.Unlock()
	for _, name := range []string{"POST graphql", "graphql.resolve Query.state"} {
		ids := recv.spans[name]
		if len(ids) == 0 {
			t.Errorf("no %q span; got %v", name, recv.spans)
			continue
		}
		if ids[0] != traceID {
			t.Errorf("%q span in trace %s, want the caller's %s", name, ids[0], traceID)
		}
	}
	if p := recv.kids["graphql.resolve Query.state"]; p != "POST graphql" {
		t.Errorf("the parent of Query.state is %q, want the request span", p)
	}
	var store []string
	for name := range recv.spans {
		if strings.HasPrefix(name, "store.") {
			store = append(store, name)
			if p := recv.kids[name]; !strings.HasPrefix(p, "graphql.resolve ") && p != "POST graphql" {
				t.Errorf("the parent of %s is %q, want a resolver span or the request's", name, p)
			}
		}
	}
	if len(store) == 0 {
		t.Errorf("no store call span; got %v", recv.spans)
	}
}

func TestTracingVariables(t *testing.T) {
	for _, tc := range []struct {
		env     map[string]string
		enabled bool
		err     string
	}{
		{env: nil, enabled: false},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, enabled: true},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, enabled: true},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, enabled: true},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x"}, enabled: false},
		{env: map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, enabled: false},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, err: "otlp only"},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, err: "http/protobuf only"},
	} {
		enabled, err := tracingEnabled(fakeEnv(tc.env))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: error %v, want one with %q", tc.env, err, tc.err)
			}
			continue
		}
		if err != nil || enabled != tc.enabled {
			t.Errorf("%v: enabled %v, %v; want %v", tc.env, enabled, err, tc.enabled)
		}
	}
}
