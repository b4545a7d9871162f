package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/server"
	"github.com/nexus-graph/nexus/web"
)

// serveConfig is the configuration of nexus serve.
type serveConfig struct {
	listen          string
	debugListen     string // where pprof listens; empty: nowhere
	store           string
	corsOrigins     []string
	shutdownTimeout time.Duration
	limits          server.Limits
	graphql         resolvers.Options
	neo4j           neo4j.Config // for --store neo4j
	imports         []string     // files to import into the memory store after the seed
	logger          *slog.Logger
}

const serveSynopsis = "nexus serve [flags]"

// parseServe reads the flags and environment of nexus serve. done is true
// when there is nothing to serve (-h, or an error).
func parseServe(e env, args []string) (cfg serveConfig, done bool, err error) {
	fs := newFlagSet("serve")
	listen := fs.option("listen", "NEXUS_LISTEN", "127.0.0.1:8080",
		"`HOST:PORT` to listen on; port 0 picks a free port, an empty host every interface")
	store := fs.option("store", "NEXUS_STORE", "memory",
		"the graph `STORE`: "+storeNames()+" (memory loads the embedded seed at start; neo4j serves what nexus seed loaded)")
	origins := fs.option("cors-origins", "NEXUS_CORS_ORIGINS", "",
		"comma-separated `ORIGINS` allowed to call /graphql from a browser, e.g. https://example.org; * allows any; empty allows none")
	shutdown := fs.option("shutdown-timeout", "NEXUS_SHUTDOWN_TIMEOUT", "10s",
		"how long (a `DURATION` such as 10s) to let running requests finish on SIGINT or SIGTERM")
	timeout := fs.option("request-timeout", "NEXUS_REQUEST_TIMEOUT", server.DefaultRequestTimeout.String(),
		"how long (a `DURATION`) one request may run before its work is stopped and it is answered TIMEOUT (504)")
	bodyBytes := fs.option("max-body-bytes", "NEXUS_MAX_BODY_BYTES", strconv.Itoa(server.DefaultMaxBodyBytes),
		"the largest request body accepted, in `BYTES` (413 beyond)")
	inFlight := fs.option("max-in-flight", "NEXUS_MAX_IN_FLIGHT", strconv.Itoa(server.DefaultMaxInFlight),
		"the most `REQUESTS` served at once; one more is answered 503 with Retry-After at once; 0 for no cap")
	rateLimit := fs.option("rate-limit", "NEXUS_RATE_LIMIT", "0",
		"requests per second (a `NUMBER`) one client address may make to /graphql and /export, 429 with Retry-After beyond; 0 for no limit")
	rateBurst := fs.option("rate-burst", "NEXUS_RATE_BURST", "0",
		"how many `REQUESTS` a client may make at once above --rate-limit; 0 means twice the rate")
	proxies := fs.option("trusted-proxies", "NEXUS_TRUSTED_PROXIES", "",
		"comma-separated `CIDRS` of proxies whose X-Forwarded-For is believed when telling clients apart, e.g. 10.0.0.0/8; empty believes none")
	introspection := fs.option("introspection", "NEXUS_INTROSPECTION", "true",
		"serve the schema through introspection and \"Did you mean…\" suggestions (`BOOL`); false hides both")
	trusted := fs.option("trusted-documents", "NEXUS_TRUSTED_DOCUMENTS", "",
		"a JSON `FILE` mapping the SHA-256 hex of each document to the document: only those documents run")
	complexity := fs.option("complexity-limit", "NEXUS_COMPLEXITY_LIMIT", strconv.Itoa(resolvers.DefaultComplexityLimit),
		"the most `COST` an operation may have (each field 1, lists times the items they may return)")
	debugListen := fs.option("debug-listen", "NEXUS_DEBUG_LISTEN", "",
		"`HOST:PORT` for the profiling endpoints (/debug/pprof/); empty serves none. Keep it private: e.g. 127.0.0.1:6060")
	imports := fs.listOption("import", "NEXUS_IMPORT",
		"a data `FILE` (participation, programmes or activities CSV) for the memory store to import after the seed; with --store neo4j, use nexus import")
	neo4jOpts := addNeo4jOptions(fs)
	logOpts := addLogOptions(fs)
	if done, err := parseFlags(fs, serveSynopsis, e, args); done {
		return cfg, true, err
	}
	if fs.NArg() > 0 {
		fs.usage(e.stderr, serveSynopsis)
		return cfg, true, usageErrorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if cfg.listen, err = parseListen(listen); err != nil {
		return cfg, true, err
	}
	if debugListen.value != "" {
		if cfg.debugListen, err = parseListen(debugListen); err != nil {
			return cfg, true, err
		}
	}
	if _, ok := stores[store.value]; !ok {
		return cfg, true, store.invalid("unknown store; want %s", storeNames())
	}
	cfg.store = store.value
	if cfg.imports = imports.values; len(cfg.imports) > 0 && cfg.store != "memory" {
		return cfg, true, usageErrorf("--import (env NEXUS_IMPORT) loads files into the memory store at every start; %s keeps what is imported: import the files once with nexus import FILE... (same --neo4j-* flags)", cfg.store)
	}
	if cfg.store == "neo4j" {
		if cfg.neo4j, err = neo4jOpts.config(); err != nil {
			return cfg, true, err
		}
	}
	if cfg.corsOrigins, err = parseOrigins(origins); err != nil {
		return cfg, true, err
	}
	if cfg.shutdownTimeout, err = parseDuration(shutdown); err != nil {
		return cfg, true, err
	}
	if cfg.limits.RequestTimeout, err = parseDuration(timeout); err != nil {
		return cfg, true, err
	}
	if cfg.limits.MaxBodyBytes, err = parseInt(bodyBytes, 1024, 1<<30); err != nil {
		return cfg, true, err
	}
	n, err := parseInt(inFlight, 0, 1<<20)
	if err != nil {
		return cfg, true, err
	}
	cfg.limits.MaxInFlight = int(n)
	if n == 0 {
		cfg.limits.MaxInFlight = -1
	}
	if cfg.limits.RateLimit, err = strconv.ParseFloat(rateLimit.value, 64); err != nil || cfg.limits.RateLimit < 0 || math.IsInf(cfg.limits.RateLimit, 0) || math.IsNaN(cfg.limits.RateLimit) {
		return cfg, true, rateLimit.invalid("want a number of requests per second, 0 or more, e.g. 20")
	}
	burst, err := parseInt(rateBurst, 0, 1<<20)
	if err != nil {
		return cfg, true, err
	}
	cfg.limits.RateBurst = int(burst)
	if cfg.limits.TrustedProxies, err = parseCIDRs(proxies); err != nil {
		return cfg, true, err
	}
	intro, err := strconv.ParseBool(introspection.value)
	if err != nil {
		return cfg, true, introspection.invalid("want true or false")
	}
	cfg.graphql.DisableIntrospection = !intro
	if trusted.value != "" {
		if cfg.graphql.TrustedDocuments, err = resolvers.LoadTrustedDocuments(trusted.value); err != nil {
			return cfg, true, usageErrorf("--trusted-documents (env NEXUS_TRUSTED_DOCUMENTS): %v", err)
		}
	}
	c, err := parseInt(complexity, 1, 1<<30)
	if err != nil {
		return cfg, true, err
	}
	cfg.graphql.ComplexityLimit = int(c)
	if cfg.logger, err = logOpts.logger(e.stderr); err != nil {
		return cfg, true, err
	}
	return cfg, false, nil
}

// serve runs the HTTP server until ctx is done, then shuts it down
// gracefully.
func serve(ctx context.Context, e env, args []string) (err error) {
	cfg, done, err := parseServe(e, args)
	if done {
		return err
	}
	logger := cfg.logger

	stopTracing, err := setupTracing(ctx, e.getenv, logger)
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
		defer cancel()
		if terr := stopTracing(sctx); terr != nil {
			logger.Warn("OpenTelemetry: could not flush the last spans", "err", terr)
		}
	}()

	b, err := stores[cfg.store](ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := b.close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close %s store: %w", cfg.store, cerr))
		}
	}()
	if err := importAtStart(ctx, logger, b.store, cfg.imports); err != nil {
		return err
	}

	srv, err := server.New(server.Config{
		Store:       b.store,
		Ready:       b.ready,
		CORSOrigins: cfg.corsOrigins,
		Logger:      logger,
		Limits:      cfg.limits,
		GraphQL:     cfg.graphql,
	})
	if err != nil {
		return err
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.listen, err)
	}
	if cfg.debugListen != "" {
		dln, err := lc.Listen(ctx, "tcp", cfg.debugListen)
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("listen on %s (--debug-listen): %w", cfg.debugListen, err)
		}
		logger.Info("profiling endpoints listening", "pprof", "http://"+dln.Addr().String()+"/debug/pprof/")
		go func() { _ = server.ServeDebug(ctx, dln) }()
	}
	addr := ln.Addr().String()
	base := "http://" + addr
	attrs := []any{"addr", addr, "store", cfg.store,
		"graphql", base + server.GraphQLPath, "export", base + server.ExportPath, "metrics", base + server.MetricsPath,
		"cors_origins", cfg.corsOrigins, "request_timeout", cfg.limits.RequestTimeout,
		"introspection", !cfg.graphql.DisableIntrospection, "trusted_documents", len(cfg.graphql.TrustedDocuments)}
	if cfg.store == "neo4j" {
		attrs = append(attrs, "neo4j_uri", cfg.neo4j.URI, "neo4j_database", cfg.neo4j.Database)
	}
	logger.Info("listening", attrs...)
	logPages(logger, base)
	if err := srv.Serve(ctx, ln, cfg.shutdownTimeout); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}

// logPages logs the URL of every page served beside the API (web.Pages),
// one line each, with the URL of its example when it has one, so that a
// user can open them from the terminal.
func logPages(logger *slog.Logger, base string) {
	for _, p := range web.Pages() {
		attrs := []any{"page", p.Name, "url", base + p.Path}
		if p.Example != "" {
			attrs = append(attrs, "example", base+p.Example)
		}
		logger.Info("page", attrs...)
	}
}

// parseInt checks a whole number from lo to hi.
func parseInt(o *option, lo, hi int64) (int64, error) {
	n, err := strconv.ParseInt(o.value, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, o.invalid("want a whole number from %d to %d", lo, hi)
	}
	return n, nil
}

// parseCIDRs checks a comma-separated list of networks (10.0.0.0/8) or
// addresses (a single proxy).
func parseCIDRs(o *option) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, s := range strings.Split(o.value, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			ip := net.ParseIP(s)
			if ip == nil {
				return nil, o.invalid("%q is not an address or a network such as 10.0.0.0/8", s)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return nil, o.invalid("%q is not a network such as 10.0.0.0/8", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// backend is a store being served.
type backend struct {
	store graph.Store
	// ready reports why the store cannot answer queries now, or nil.
	ready func(ctx context.Context) error
	// close stops what the opener started and closes the store.
	close func() error
}

// storeOpener opens the store cfg names. It may return before the store can
// serve (backend.ready says when it can); ctx ends what it starts in the
// background.
type storeOpener func(ctx context.Context, cfg serveConfig) (*backend, error)

// stores are the stores nexus serve can use, by the name --store takes.
// This is the only place that chooses a store: a new backend is one entry.
var stores = map[string]storeOpener{
	"memory": openMemory,
	"neo4j":  openNeo4j,
}

// storeNames lists the names of the stores, for usage and errors.
func storeNames() string {
	return strings.Join(slices.Sorted(maps.Keys(stores)), ", ")
}

// logCounts logs how many nodes and relationships store holds, and how long
// loading them took.
func logCounts(ctx context.Context, logger *slog.Logger, store graph.Store, msg string, took time.Duration) error {
	c, err := store.Counts(ctx)
	if err != nil {
		return fmt.Errorf("count the graph: %w", err)
	}
	var nodes, rels int
	var kinds []any
	for _, k := range graph.NodeKinds {
		nodes += c.Nodes[k]
		if c.Nodes[k] > 0 {
			kinds = append(kinds, string(k), c.Nodes[k])
		}
	}
	for _, t := range graph.RelTypes {
		rels += c.Relationships[t]
	}
	attrs := []any{"nodes", nodes, "relationships", rels, "took", took, slog.Group("kinds", kinds...)}
	logger.InfoContext(ctx, msg, attrs...)
	return nil
}
