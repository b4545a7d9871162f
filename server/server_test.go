package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// newTestServer returns a server of the seed in the memory store, logging
// into the returned buffer.
func newTestServer(t *testing.T, cfg Config) (*Server, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	if cfg.Store == nil {
		cfg.Store = testgraph.Memory(t)
	}
	if cfg.Ready == nil {
		cfg.Ready = cfg.Store.Ping
	}
	cfg.Logger = slog.New(slog.NewJSONHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, &log
}

func TestReadyz(t *testing.T) {
	const secret = "bolt://db.internal.example:7687"
	tests := []struct {
		name       string
		ready      func(context.Context) error
		wantStatus int
		wantReason string
	}{
		{name: "ready", ready: func(context.Context) error { return nil }, wantStatus: http.StatusOK},
		{
			name: "store down",
			ready: func(context.Context) error {
				return fmt.Errorf("cannot connect to Neo4j at %s: %w", secret, graph.Errorf(graph.Unavailable, "ConnectivityError: dial tcp 10.1.2.3:7687: connection refused"))
			},
			wantStatus: http.StatusServiceUnavailable, wantReason: reasonUnreachable,
		},
		{
			name:       "graph empty",
			ready:      func(context.Context) error { return fmt.Errorf("the graph in Neo4j at %s: %w", secret, ErrEmptyGraph) },
			wantStatus: http.StatusServiceUnavailable, wantReason: ErrEmptyGraph.Error(),
		},
		{
			name:       "any other cause",
			ready:      func(context.Context) error { return errors.New("neo4j: " + secret + " said no") },
			wantStatus: http.StatusServiceUnavailable, wantReason: reasonUnreachable,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, log := newTestServer(t, Config{Ready: tt.ready})
			h := s.Handler()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			if rec.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			var r Readiness
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, rec.Body.String())
			}
			if r.Reason != tt.wantReason {
				t.Errorf("reason %q, want %q", r.Reason, tt.wantReason)
			}
			for _, leak := range []string{"bolt://", "10.1.2.3", "ConnectivityError", "db.internal"} {
				if strings.Contains(rec.Body.String(), leak) {
					t.Errorf("/readyz body %s gives away %q", rec.Body.String(), leak)
				}
			}
			if tt.wantStatus != http.StatusOK && !strings.Contains(log.String(), secret) {
				t.Errorf("the cause is not in the log:\n%s", log.String())
			}
			// /healthz only says the process is up.
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != http.StatusOK {
				t.Errorf("/healthz status %d, want 200", rec.Code)
			}
		})
	}
}
