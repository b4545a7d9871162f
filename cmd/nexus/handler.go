package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/rs/cors"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/web"
)

// handlerDeps is what the HTTP handler of nexus serve is built from.
type handlerDeps struct {
	store graph.Store
	// ready reports why the store cannot answer queries now, or nil: /readyz
	// answers 503 with that reason.
	ready       func(ctx context.Context) error
	corsOrigins []string
	logger      *slog.Logger
}

// readyTimeout bounds the store check of one /readyz request.
const readyTimeout = 2 * time.Second

// graphqlPath is where the GraphQL endpoint is mounted.
const graphqlPath = "/graphql"

// newHandler returns the routes of nexus serve, behind the request log:
//
//	/graphql  the GraphQL endpoint, behind CORS
//	/export   the graph or a part of it as GraphML, Cytoscape.js JSON, CSV or JSON lines, behind CORS
//	/healthz  200 "ok" while the process runs
//	/readyz   200 when the store answers and holds the graph, 503 otherwise
//	/         the GraphiQL playground and its assets
//	/explore  the graph explorer, which draws neighbourhoods and paths
func newHandler(d handlerDeps) (http.Handler, error) {
	playground, err := web.Handler(graphqlPath)
	if err != nil {
		return nil, fmt.Errorf("playground: %w", err)
	}
	gql := resolvers.NewHandler(d.store, resolvers.Options{Logger: d.logger, MaxBodyBytes: maxBodyBytes})

	mux := http.NewServeMux()
	mux.Handle(graphqlPath, newCORS(d.corsOrigins).Handler(gql))
	mux.Handle(exportPath, newExportCORS(d.corsOrigins).Handler(newExportHandler(d.store, d.logger)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		status, body := http.StatusOK, readiness{Status: "ready"}
		if err := checkReady(r.Context(), d); err != nil {
			status, body = http.StatusServiceUnavailable, readiness{Status: "unavailable", Reason: err.Error()}
			d.logger.WarnContext(r.Context(), "not ready", "reason", err.Error())
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	})
	mux.Handle("/", playground)
	return logRequests(d.logger, limitBody(mux)), nil
}

// readiness is the JSON body of /readyz.
type readiness struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// checkReady reports why the server cannot answer queries yet, or nil.
func checkReady(ctx context.Context, d handlerDeps) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	if err := d.ready(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// newCORS returns the CORS policy of /graphql for the allowed origins.
func newCORS(origins []string) *cors.Cors {
	return corsPolicy(origins, cors.Options{
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Accept", "Content-Type"},
	})
}

// corsPolicy completes opts with the allowed origins, shared by every
// endpoint. An empty list allows no cross-origin request (rs/cors would read
// it as "any origin", so it is spelled out); "*" must be listed to allow any
// origin.
func corsPolicy(origins []string, opts cors.Options) *cors.Cors {
	opts.AllowedOrigins = origins
	opts.MaxAge = 600
	if len(origins) == 0 {
		opts.AllowOriginFunc = func(string) bool { return false }
	}
	return cors.New(opts)
}

// limitBody caps every request body at maxBodyBytes.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// logRequests logs every request once it is answered: method, path, status,
// bytes written and duration. Probes of /healthz and /readyz that succeed
// are logged at debug level, to keep them from drowning the rest.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		level := slog.LevelInfo
		if (r.URL.Path == "/healthz" || r.URL.Path == "/readyz") && rec.status == http.StatusOK {
			level = slog.LevelDebug
		}
		logger.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records the status.
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 && code >= 200 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write records the bytes written.
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (to flush,
// or to set deadlines).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
