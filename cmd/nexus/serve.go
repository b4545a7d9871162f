package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
)

// serveConfig is the configuration of nexus serve.
type serveConfig struct {
	listen          string
	store           string
	corsOrigins     []string
	shutdownTimeout time.Duration
	neo4j           neo4j.Config // for --store neo4j
	imports         []string     // files to import into the memory store after the seed
	logger          *slog.Logger
}

const serveSynopsis = "nexus serve [flags]"

// HTTP server limits. The read timeouts bound what a slow client can hold;
// the write timeout bounds the slowest query a client can wait for.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
	maxBodyBytes      = 1 << 20
)

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

	h, err := newHandler(handlerDeps{
		store:       b.store,
		ready:       b.ready,
		corsOrigins: cfg.corsOrigins,
		logger:      logger,
	})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.listen, err)
	}
	addr := ln.Addr().String()
	attrs := []any{"addr", addr, "store", cfg.store,
		"graphql", "http://" + addr + "/graphql", "playground", "http://" + addr + "/",
		"cors_origins", cfg.corsOrigins}
	if cfg.store == "neo4j" {
		attrs = append(attrs, "neo4j_uri", cfg.neo4j.URI, "neo4j_database", cfg.neo4j.Database)
	}
	logger.Info("listening", attrs...)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve on %s: %w", addr, err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", cfg.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// Cut the requests still running, so that none outlives the store.
		_ = srv.Close()
		return fmt.Errorf("shut down the server: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", addr, err)
	}
	logger.Info("stopped")
	return nil
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
