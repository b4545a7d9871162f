// Package server is the HTTP face of Nexus: the routes of nexus serve
// (/graphql, /export, /healthz, /readyz, /metrics, the playground and the
// explorer), the middleware every request goes through (request id, access
// log, admission: rate limit and in-flight cap, body limit, deadline) and the
// http.Server with its timeouts. The GraphQL semantics (schema, resolvers,
// cost model, transport) live in package resolvers; cmd/nexus parses the
// configuration and wires the parts together.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"time"

	"github.com/rs/cors"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/web"
)

// Config is what a Server is built from. Store and Ready are required; the
// zero value of every other field is a usable default.
type Config struct {
	// Store is the graph served.
	Store graph.Store
	// Ready reports why the store cannot answer queries now, or nil:
	// /readyz answers 503 while it does not. Its error goes to the log;
	// clients see only a fixed reason (ErrEmptyGraph's text, or that the
	// store cannot be reached).
	Ready func(ctx context.Context) error
	// CORSOrigins are the origins allowed to call /graphql and /export from
	// a browser; "*" allows any, empty none.
	CORSOrigins []string
	// Logger receives the access log and internal errors; nil means
	// slog.Default().
	Logger *slog.Logger
	// Limits bound every request.
	Limits Limits
	// GraphQL configures the GraphQL endpoint (introspection, trusted
	// documents, complexity). Its Logger, MaxBodyBytes and RequestTimeout
	// are set from the fields above.
	GraphQL resolvers.Options
}

// Limits bound what one request, and all of them together, may take.
type Limits struct {
	// MaxBodyBytes is the largest request body accepted (413 beyond);
	// 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// RequestTimeout is how long a request may run before its work is
	// stopped (TIMEOUT, 504); 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// MaxInFlight caps the requests served at once: one more is answered
	// 503 with Retry-After at once rather than queued; 0 means
	// DefaultMaxInFlight, negative no cap.
	MaxInFlight int
	// RateLimit is the steady number of requests per second one client
	// address may make (429 with Retry-After beyond); 0 means no limit.
	RateLimit float64
	// RateBurst is how many requests a client may make at once above
	// RateLimit; 0 means max(1, 2×RateLimit).
	RateBurst int
	// TrustedProxies are the networks whose X-Forwarded-For header is
	// believed when telling clients apart; empty means none: the client is
	// the peer address.
	TrustedProxies []*net.IPNet
}

// Defaults of Limits.
const (
	// DefaultMaxBodyBytes is the default body limit. The documents of real
	// clients are a few KB (the playground's largest tab is under 2 KB, the
	// introspection query 3 KB); 64 KiB leaves room for variables such as
	// a list of 200 node IDs while keeping what a client can make the
	// parser look at small.
	DefaultMaxBodyBytes = 64 << 10
	// DefaultRequestTimeout is the default deadline of a request.
	DefaultRequestTimeout = 5 * time.Second
	// DefaultMaxInFlight is the default cap on concurrent requests: enough
	// to keep the cores and a Neo4j connection pool busy, small enough that
	// a burst is refused instead of queued for seconds, and that as many of
	// the costliest requests the limits admit (about 200 MB of heap each)
	// fit in memory at once.
	DefaultMaxInFlight = 32
)

func (l Limits) withDefaults() Limits {
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.RequestTimeout <= 0 {
		l.RequestTimeout = DefaultRequestTimeout
	}
	if l.MaxInFlight == 0 {
		l.MaxInFlight = DefaultMaxInFlight
	}
	if l.RateLimit > 0 && l.RateBurst <= 0 {
		l.RateBurst = max(1, int(2*l.RateLimit))
	}
	return l
}

// Paths of the endpoints.
const (
	GraphQLPath = "/graphql"
	ExplorePath = "/explore"
	MetricsPath = "/metrics"
)

// HTTP server timeouts. The read timeouts bound what a slow client can hold;
// the write timeout is a last resort behind the request deadline.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 16 << 10
	// writeMargin is how much longer than the request deadline the server
	// lets a response take to be written.
	writeMargin = 10 * time.Second
)

// readyTimeout bounds the store check of one /readyz request.
const readyTimeout = 2 * time.Second

// ErrEmptyGraph is what a Ready function returns (wrapped or not) when the
// store answers but holds no graph: /readyz says so, since the fix is the
// operator's (load the seed).
var ErrEmptyGraph = errors.New("the graph is empty: load it with nexus seed")

// Server is the HTTP server of nexus serve.
type Server struct {
	cfg     Config
	handler http.Handler
	metrics *metrics
}

// New returns the server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Ready == nil {
		return nil, errors.New("server: a store and a readiness check are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Limits = cfg.Limits.withDefaults()
	s := &Server{cfg: cfg, metrics: newMetrics()}

	playground, err := web.Handler(GraphQLPath)
	if err != nil {
		return nil, fmt.Errorf("playground: %w", err)
	}
	gopts := cfg.GraphQL
	if gopts.TrustedDocuments != nil {
		if gopts.TrustedDocuments, err = withPageDocuments(gopts.TrustedDocuments); err != nil {
			return nil, err
		}
	}
	gopts.Logger = cfg.Logger
	gopts.MaxBodyBytes = cfg.Limits.MaxBodyBytes
	gopts.RequestTimeout = cfg.Limits.RequestTimeout
	store := newCountingStore(cfg.Store, s.metrics)
	gql := resolvers.NewHandler(store, gopts)

	mux := http.NewServeMux()
	admit := s.admission()
	mux.Handle(GraphQLPath, admit(newGraphQLCORS(cfg.CORSOrigins).Handler(gql)))
	mux.Handle(ExportPath, admit(newExportCORS(cfg.CORSOrigins).Handler(
		newExportHandler(store, cfg.Logger, cfg.Limits.RequestTimeout))))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET "+MetricsPath, s.metrics.handler())
	mux.Handle("/", playground)
	s.handler = s.observe(limitBody(cfg.Limits.MaxBodyBytes, mux))
	return s, nil
}

// withPageDocuments returns the trusted documents with the documents the
// pages served beside the API send: the playground's tabs, the explorer's
// queries and the insights page's. They are fixed, read-only and shipped in the binary,
// so trusting them keeps both pages working when only trusted documents
// run; any edit of a tab is a new document, refused like any other.
func withPageDocuments(trusted map[string]string) (map[string]string, error) {
	examples, err := web.Examples()
	if err != nil {
		return nil, fmt.Errorf("playground: %w", err)
	}
	out := make(map[string]string, len(trusted)+len(examples)+1)
	maps.Copy(out, trusted)
	docs := []string{web.ExplorerQueries(), web.InsightsQueries()}
	for _, e := range examples {
		docs = append(docs, e.Query)
	}
	for _, d := range docs {
		sum := sha256.Sum256([]byte(d))
		out[hex.EncodeToString(sum[:])] = d
	}
	return out, nil
}

// Handler returns the routes of nexus serve, behind the request id, the
// access log and the body limit:
//
//	/graphql  the GraphQL endpoint, behind CORS and admission
//	/export   the graph or a part of it as GraphML, Cytoscape.js JSON, CSV or JSON lines, behind CORS and admission
//	/healthz  200 "ok" while the process runs
//	/readyz   200 when the store answers and holds the graph, 503 otherwise
//	/metrics  Prometheus metrics
//	/         the GraphiQL playground and its assets
//	/explore  the graph explorer, which draws neighbourhoods and paths
//	/insights the insights page, which draws participation and statistics
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on ln until ctx is done, then shuts down gracefully, letting
// running requests finish for at most shutdownTimeout.
func (s *Server) Serve(ctx context.Context, ln net.Listener, shutdownTimeout time.Duration) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      s.cfg.Limits.RequestTimeout + writeMargin,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
	addr := ln.Addr().String()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve on %s: %w", addr, err)
	case <-ctx.Done():
	}

	s.cfg.Logger.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// Cut the requests still running, so that none outlives the store.
		_ = srv.Close()
		return fmt.Errorf("shut down the server: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", addr, err)
	}
	return nil
}

// Readiness is the JSON body of /readyz.
type Readiness struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// Public reasons of /readyz: what is wrong, never how the store is reached.
const (
	reasonUnreachable = "the graph store cannot be reached; the server log says why"
)

// readyz answers /readyz: 200 when the store answers and holds the graph,
// 503 with a reason otherwise. The cause, which may name the store's address
// or carry a driver's message, goes to the log only.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	status, body := http.StatusOK, Readiness{Status: "ready"}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.cfg.Ready(ctx); err != nil {
		reason := reasonUnreachable
		if errors.Is(err, ErrEmptyGraph) {
			reason = ErrEmptyGraph.Error()
		}
		status, body = http.StatusServiceUnavailable, Readiness{Status: "unavailable", Reason: reason}
		s.cfg.Logger.WarnContext(r.Context(), "not ready", "reason", err.Error())
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// newGraphQLCORS returns the CORS policy of /graphql for the allowed origins.
func newGraphQLCORS(origins []string) *cors.Cors {
	return corsPolicy(origins, cors.Options{
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Accept", "Content-Type"},
		ExposedHeaders: []string{"X-Request-Id", "Retry-After"},
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

// limitBody caps every request body at n bytes.
func limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}
