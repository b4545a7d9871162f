package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/server"
	"github.com/nexus-graph/nexus/web"
)

// testDeadline bounds every wait in these tests: it is a limit on a hang,
// not a measure of speed.
const testDeadline = 30 * time.Second

// logLines collects JSON log records written by the server and lets a test
// wait for one.
type logLines struct {
	mu      sync.Mutex
	partial []byte
	records []map[string]any
	raw     strings.Builder
	changed chan struct{} // closed and replaced on every new record
}

func newLogLines() *logLines { return &logLines{changed: make(chan struct{})} }

// Write implements io.Writer.
func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.raw.Write(p)
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		var rec map[string]any
		if err := json.Unmarshal(l.partial[:i], &rec); err == nil {
			l.records = append(l.records, rec)
		}
		l.partial = l.partial[i+1:]
	}
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

// waitFor returns the first record that match accepts, waiting for it until
// the deadline.
func (l *logLines) waitFor(t *testing.T, what string, match func(map[string]any) bool) map[string]any {
	t.Helper()
	timeout := time.After(testDeadline)
	for {
		l.mu.Lock()
		for _, rec := range l.records {
			if match(rec) {
				l.mu.Unlock()
				return rec
			}
		}
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("no %s in the log after %v:\n%s", what, testDeadline, l.String())
		}
	}
}

// String returns everything logged.
func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.raw.String()
}

// serveProcess is a nexus serve started by a test.
type serveProcess struct {
	url    string
	log    *logLines
	stop   context.CancelFunc
	result chan error
}

// startServe runs nexus serve on a free port with the environment vars
// (plus JSON logs at debug level) and the extra args, and returns once it
// listens. The server is stopped when the test ends, if the test has not.
func startServe(t *testing.T, vars map[string]string, args ...string) *serveProcess {
	t.Helper()
	env := map[string]string{"NEXUS_LISTEN": "127.0.0.1:0", "NEXUS_LOG_FORMAT": "json", "NEXUS_LOG_LEVEL": "debug"}
	for k, v := range vars {
		env[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &serveProcess{log: newLogLines(), stop: cancel, result: make(chan error, 1)}
	go func() {
		s.result <- run(ctx, append([]string{"nexus", "serve"}, args...), fakeEnv(env), io.Discard, s.log)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.result:
		case <-time.After(testDeadline):
			t.Errorf("server still running %v after the test", testDeadline)
		}
	})
	rec := s.log.waitFor(t, "listening record", func(r map[string]any) bool { return r["msg"] == "listening" })
	addr, _ := rec["addr"].(string)
	if addr == "" || strings.HasSuffix(addr, ":0") {
		t.Fatalf("listening record without a real address: %v", rec)
	}
	s.url = "http://" + addr
	return s
}

// shutdown cancels the server's context and returns what run returned.
func (s *serveProcess) shutdown(t *testing.T) error {
	t.Helper()
	s.stop()
	select {
	case err := <-s.result:
		s.result <- err // for the cleanup
		return err
	case <-time.After(testDeadline):
		t.Fatalf("run did not return %v after its context was cancelled", testDeadline)
		return nil
	}
}

// do sends req and returns the response with its body read.
func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return res, string(body)
}

func newRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// waitHealthy polls /healthz until it answers 200, within the deadline.
func waitHealthy(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(testDeadline)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && strings.TrimSpace(string(body)) == "ok" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz not ok after %v (last error: %v)", testDeadline, err)
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not an assertion
	}
}

// graphqlResponse is the body of a GraphQL response.
type graphqlResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

func TestServe(t *testing.T) {
	s := startServe(t, map[string]string{"NEXUS_CORS_ORIGINS": "https://allowed.example"})
	waitHealthy(t, s.url)

	t.Run("seed loaded and logged", func(t *testing.T) {
		rec := s.log.waitFor(t, "seed loaded record", func(r map[string]any) bool { return r["msg"] == "seed loaded" })
		if n, _ := rec["nodes"].(float64); n < 1 {
			t.Errorf("seed loaded record with %v nodes: %v", rec["nodes"], rec)
		}
		if _, ok := rec["took"]; !ok {
			t.Errorf("seed loaded record without the time it took: %v", rec)
		}
	})

	t.Run("graphql", func(t *testing.T) {
		req := newRequest(t, http.MethodPost, s.url+"/graphql", `{"query":"{ node(id: \"State:FRA\") { id } }"}`)
		req.Header.Set("Content-Type", "application/json")
		res, body := do(t, req)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", res.StatusCode, body)
		}
		var gr graphqlResponse
		if err := json.Unmarshal([]byte(body), &gr); err != nil {
			t.Fatalf("response is not JSON: %v: %s", err, body)
		}
		if len(gr.Errors) > 0 {
			t.Fatalf("errors: %s", body)
		}
		if got := string(gr.Data["node"]); got != `{"id":"State:FRA"}` {
			t.Errorf("node %s, want State:FRA", got)
		}
	})

	t.Run("playground", func(t *testing.T) {
		res, body := do(t, newRequest(t, http.MethodGet, s.url+"/", ""))
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "graphiql") {
			t.Errorf("status %d, want 200 and the GraphiQL page; body:\n%s", res.StatusCode, body)
		}
	})

	t.Run("readyz", func(t *testing.T) {
		res, body := do(t, newRequest(t, http.MethodGet, s.url+"/readyz", ""))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", res.StatusCode, body)
		}
		var r server.Readiness
		if err := json.Unmarshal([]byte(body), &r); err != nil || r.Status != "ready" {
			t.Errorf("body %s, want status ready", body)
		}
	})

	t.Run("not found", func(t *testing.T) {
		res, _ := do(t, newRequest(t, http.MethodGet, s.url+"/nope", ""))
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", res.StatusCode)
		}
	})

	t.Run("body too large", func(t *testing.T) {
		query := `{"query":"{ node(id: \"State:FRA\") { id } }","padding":"` + strings.Repeat("x", server.DefaultMaxBodyBytes) + `"}`
		req := newRequest(t, http.MethodPost, s.url+"/graphql", query)
		req.Header.Set("Content-Type", "application/json")
		res, body := do(t, req)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"PAYLOAD_TOO_LARGE"`) {
			t.Errorf("a body over %d bytes: status %d, %s; want 413 PAYLOAD_TOO_LARGE", server.DefaultMaxBodyBytes, res.StatusCode, body)
		}
	})

	for _, tt := range []struct {
		name, origin string
		allowed      bool
	}{
		{"preflight from an allowed origin", "https://allowed.example", true},
		{"preflight from another origin", "https://evil.example", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, http.MethodOptions, s.url+"/graphql", "")
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			res, _ := do(t, req)
			got := res.Header.Get("Access-Control-Allow-Origin")
			if tt.allowed && got != tt.origin {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.origin)
			}
			if !tt.allowed && got != "" {
				t.Errorf("Access-Control-Allow-Origin %q, want none", got)
			}
		})
	}

	t.Run("requests are logged", func(t *testing.T) {
		rec := s.log.waitFor(t, "request record for /graphql", func(r map[string]any) bool {
			return r["msg"] == "request" && r["path"] == "/graphql" && r["method"] == "POST"
		})
		for _, k := range []string{"status", "duration", "bytes"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("request record without %s: %v", k, rec)
			}
		}
	})

	if err := s.shutdown(t); err != nil {
		t.Fatalf("run returned %v after shutdown, want nil", err)
	}
	s.log.waitFor(t, "stopped record", func(r map[string]any) bool { return r["msg"] == "stopped" })
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

// TestServeLogsEveryPage checks that the start-up log gives the URL of the
// GraphQL endpoint and of every page (web.Pages), with the example link of
// those that have one, and that each URL answers.
func TestServeLogsEveryPage(t *testing.T) {
	s := startServe(t, nil)
	waitHealthy(t, s.url)
	listening := s.log.waitFor(t, "listening record", func(r map[string]any) bool { return r["msg"] == "listening" })
	if got, want := listening["graphql"], s.url+server.GraphQLPath; got != want {
		t.Errorf("listening record: graphql %v, want %s", got, want)
	}
	pages := web.Pages()
	if len(pages) < 2 {
		t.Fatalf("web.Pages() = %v, want the playground and the explorer at least", pages)
	}
	for _, p := range pages {
		rec := s.log.waitFor(t, "page record for the "+p.Name, func(r map[string]any) bool {
			return r["msg"] == "page" && r["page"] == p.Name
		})
		urls := map[string]string{"url": s.url + p.Path}
		if p.Example != "" {
			urls["example"] = s.url + p.Example
		}
		for key, want := range urls {
			got, _ := rec[key].(string)
			if got != want {
				t.Errorf("page record for the %s: %s %q, want %q", p.Name, key, got, want)
				continue
			}
			res, body := do(t, newRequest(t, http.MethodGet, got, ""))
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("GET %s (the logged %s of the %s): status %d, %s", got, key, p.Name, res.StatusCode, body)
			}
		}
	}
}

// TestServeWithoutCORSOrigins checks that no origin is allowed by default.
func TestServeWithoutCORSOrigins(t *testing.T) {
	s := startServe(t, nil)
	waitHealthy(t, s.url)
	req := newRequest(t, http.MethodOptions, s.url+"/graphql", "")
	req.Header.Set("Origin", "https://any.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	res, _ := do(t, req)
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("Access-Control-Allow-Origin %q with no origin configured, want none", got)
	}
	if err := s.shutdown(t); err != nil {
		t.Fatalf("run returned %v after shutdown, want nil", err)
	}
}

func TestServeListenError(t *testing.T) {
	s := startServe(t, nil)
	addr := strings.TrimPrefix(s.url, "http://")
	// The port is taken by the first server.
	err := run(t.Context(), []string{"nexus", "serve", "--listen", addr}, fakeEnv(map[string]string{"NEXUS_LOG_LEVEL": "error"}), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "listen on "+addr) {
		t.Errorf("run on a taken port: %v, want a listen error", err)
	}
}

// TestServeDebugListener checks that the profiling endpoints are served
// only on the address --debug-listen gives, never on the public one, and
// only when asked for.
func TestServeDebugListener(t *testing.T) {
	s := startServe(t, nil)
	waitHealthy(t, s.url)
	if res, _ := do(t, newRequest(t, http.MethodGet, s.url+"/debug/pprof/", "")); res.StatusCode != http.StatusNotFound {
		t.Errorf("/debug/pprof/ on the public address without --debug-listen: %d, want 404", res.StatusCode)
	}

	s = startServe(t, nil, "--debug-listen", "127.0.0.1:0")
	waitHealthy(t, s.url)
	rec := s.log.waitFor(t, "profiling record", func(r map[string]any) bool { return r["msg"] == "profiling endpoints listening" })
	pprofURL, _ := rec["pprof"].(string)
	if !strings.HasPrefix(pprofURL, "http://127.0.0.1:") || strings.HasPrefix(pprofURL, s.url) {
		t.Fatalf("profiling URL %q, want one on its own loopback address", pprofURL)
	}
	if res, body := do(t, newRequest(t, http.MethodGet, pprofURL+"goroutine?debug=1", "")); res.StatusCode != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("goroutine profile: %d %.200s", res.StatusCode, body)
	}
	if res, _ := do(t, newRequest(t, http.MethodGet, s.url+"/debug/pprof/", "")); res.StatusCode != http.StatusNotFound {
		t.Errorf("/debug/pprof/ on the public address: %d, want 404", res.StatusCode)
	}
	if err := s.shutdown(t); err != nil {
		t.Fatalf("run returned %v after shutdown, want nil", err)
	}
}
