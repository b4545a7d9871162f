package main

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/server"
)

// neo4jOptions are the flags that say how to reach Neo4j.
type neo4jOptions struct {
	uri, user, password, database *option
}

// addNeo4jOptions declares the Neo4j flags on fs.
func addNeo4jOptions(fs *flagSet) neo4jOptions {
	return neo4jOptions{
		uri: fs.option("neo4j-uri", "NEO4J_URI", "bolt://127.0.0.1:7687",
			"the Neo4j `URI`: bolt:// for one server, neo4j:// for a cluster (+s or +ssc for TLS)"),
		user: fs.option("neo4j-user", "NEO4J_USER", "neo4j", "the Neo4j `USER`"),
		password: fs.option("neo4j-password", "NEO4J_PASSWORD", "",
			"the Neo4j `PASSWORD`; empty when the server has authentication off; prefer the variable, which other users cannot see in the process list"),
		database: fs.option("neo4j-database", "NEO4J_DATABASE", "neo4j", "the Neo4j `DATABASE`"),
	}
}

// neo4jSchemes are the URI schemes of the Neo4j driver.
var neo4jSchemes = map[string]bool{
	"bolt": true, "bolt+s": true, "bolt+ssc": true,
	"neo4j": true, "neo4j+s": true, "neo4j+ssc": true,
}

// config checks the options and returns the store configuration. The
// password is never part of an error.
func (o neo4jOptions) config() (neo4j.Config, error) {
	u, err := url.Parse(o.uri.value)
	if err != nil || !neo4jSchemes[u.Scheme] || u.Hostname() == "" {
		return neo4j.Config{}, o.uri.invalid("want scheme://host[:port] with scheme bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc, e.g. bolt://127.0.0.1:7687")
	}
	if u.User != nil {
		// Not o.uri.invalid: the value holds a secret.
		return neo4j.Config{}, usageErrorf("--neo4j-uri (env NEO4J_URI) holds a user or password: give them with --neo4j-user and NEO4J_PASSWORD instead")
	}
	if o.database.value == "" {
		return neo4j.Config{}, o.database.invalid("want a database name, e.g. neo4j")
	}
	return neo4j.Config{
		URI:      o.uri.value,
		User:     o.user.value,
		Password: o.password.value,
		Database: o.database.value,
	}, nil
}

// Backoff of the connection loop: the first retry after connectFirstRetry,
// each next one twice as late, at most connectMaxRetry.
const (
	connectFirstRetry = 500 * time.Millisecond
	connectMaxRetry   = 30 * time.Second
	// connectTimeout bounds one attempt: reaching the server, migrating the
	// schema and counting the graph.
	connectTimeout = time.Minute
	// queryRetryTime bounds how long the driver retries a query that meets
	// a connectivity or transient error: long enough for a cluster to elect
	// a new leader, short enough that a client learns of an outage
	// (UNAVAILABLE) within seconds instead of the driver's 30 s. It is at
	// most a fifth of the request deadline (the driver may wait a backoff
	// past it), so that an outage is answered as
	// such (UNAVAILABLE) and not as a slow request (TIMEOUT).
	queryRetryTime = 5 * time.Second
)

// openNeo4j returns the Neo4j store for nexus serve at once, without waiting
// for the server: a background loop connects and migrates the schema,
// retrying with backoff until it succeeds or ctx ends. Until then every
// store call is Unavailable and the backend is not ready.
func openNeo4j(ctx context.Context, cfg serveConfig) (*backend, error) {
	ncfg := cfg.neo4j
	if ncfg.MaxRetryTime == 0 {
		ncfg.MaxRetryTime = queryRetryTime
		if cfg.limits.RequestTimeout > 0 {
			ncfg.MaxRetryTime = min(queryRetryTime, cfg.limits.RequestTimeout/5)
		}
	}
	st, err := neo4j.New(ncfg, cfg.logger)
	if err != nil {
		return nil, usageErrorf("neo4j store: %v", err)
	}
	c := &connector{store: st, cfg: ncfg, logger: cfg.logger}
	loopCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.run(loopCtx)
	}()
	return &backend{
		store: newGatedStore(st, c),
		ready: c.ready,
		close: func() error {
			stop()
			<-done
			return st.Close()
		},
	}, nil
}

// connector connects a Neo4j store and migrates its schema, and says whether
// that is done.
type connector struct {
	store  *neo4j.Store
	cfg    neo4j.Config
	logger *slog.Logger

	mu        sync.Mutex
	connected bool  // the schema is migrated: the store can serve
	lastErr   error // why the last attempt failed, while not connected
	attempts  int   // attempts so far, while not connected
	hasData   bool  // the graph was seen with nodes
}

// run tries to connect until it succeeds or ctx ends, waiting longer after
// each failure.
func (c *connector) run(ctx context.Context) {
	c.logger.InfoContext(ctx, "connecting to Neo4j", "uri", c.cfg.URI, "user", c.cfg.User, "database", c.cfg.Database)
	delay := connectFirstRetry
	for attempt := 1; ; attempt++ {
		start := time.Now()
		counts, err := c.connect(ctx)
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			nodes, rels := totals(counts)
			c.mu.Lock()
			c.connected, c.lastErr, c.hasData = true, nil, nodes > 0
			c.mu.Unlock()
			c.logger.InfoContext(ctx, "connected to Neo4j; schema migrated",
				"uri", c.cfg.URI, "database", c.cfg.Database, "attempts", attempt,
				"nodes", nodes, "relationships", rels, "took", time.Since(start))
			if nodes == 0 {
				c.logger.WarnContext(ctx, "the graph in Neo4j is empty: load it with nexus seed (same --neo4j-* flags)",
					"uri", c.cfg.URI, "database", c.cfg.Database)
			}
			return
		}
		c.mu.Lock()
		c.lastErr, c.attempts = err, attempt
		c.mu.Unlock()
		c.logger.WarnContext(ctx, "cannot connect to Neo4j; will retry",
			"uri", c.cfg.URI, "database", c.cfg.Database, "attempt", attempt,
			"retry_in", delay, "err", err, "check", hint(err, c.cfg))
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		delay = min(2*delay, connectMaxRetry)
	}
}

// connect makes one attempt: ping, migrate, count.
func (c *connector) connect(ctx context.Context) (graph.Counts, error) {
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := c.store.Ping(ctx); err != nil {
		return graph.Counts{}, fmt.Errorf("ping: %w", err)
	}
	if err := c.store.Migrate(ctx); err != nil {
		return graph.Counts{}, fmt.Errorf("migrate the schema: %w", err)
	}
	counts, err := c.store.Counts(ctx)
	if err != nil {
		return graph.Counts{}, fmt.Errorf("count the graph: %w", err)
	}
	return counts, nil
}

// hint says what to check after a failed attempt.
func hint(err error, cfg neo4j.Config) string {
	switch graph.ErrorCode(err) {
	case graph.Unavailable:
		return fmt.Sprintf("that Neo4j is running and reachable at %s (--neo4j-uri, NEO4J_URI)", cfg.URI)
	case graph.Unauthorized:
		return fmt.Sprintf("the user %q and the password (--neo4j-user, NEO4J_USER; NEO4J_PASSWORD)", cfg.User)
	}
	return fmt.Sprintf("the Neo4j server's log, and that the database %q exists (--neo4j-database, NEO4J_DATABASE)", cfg.Database)
}

// errNotConnected is what store calls get before the first connection.
var errNotConnected = graph.Errorf(graph.Unavailable, "the graph store is not connected yet; try again shortly")

// gate returns errNotConnected until the store is connected.
func (c *connector) gate() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.connected {
		return errNotConnected
	}
	return nil
}

// ready reports why the store cannot serve now: not connected yet, not
// answering, or empty.
func (c *connector) ready(ctx context.Context) error {
	c.mu.Lock()
	connected, lastErr, attempts, hasData := c.connected, c.lastErr, c.attempts, c.hasData
	c.mu.Unlock()
	if !connected {
		if lastErr == nil {
			return fmt.Errorf("connecting to Neo4j at %s", c.cfg.URI)
		}
		return fmt.Errorf("cannot connect to Neo4j at %s (%d attempts, retrying): %w", c.cfg.URI, attempts, lastErr)
	}
	if err := c.store.Ping(ctx); err != nil {
		return fmt.Errorf("the Neo4j server at %s: %w", c.cfg.URI, err)
	}
	if hasData {
		return nil
	}
	counts, err := c.store.Counts(ctx)
	if err != nil {
		return fmt.Errorf("the Neo4j server at %s: count the graph: %w", c.cfg.URI, err)
	}
	if nodes, _ := totals(counts); nodes == 0 {
		return fmt.Errorf("neo4j at %s: %w", c.cfg.URI, server.ErrEmptyGraph)
	}
	c.mu.Lock()
	c.hasData = true
	c.mu.Unlock()
	return nil
}

// gatedStore is a store whose calls are Unavailable until its connector has
// connected. The stores are named fields, not embedded, so that a method
// added to graph.Store or graph.Reader cannot skip the gate by mistake.
type gatedStore struct {
	gatedReader
	next graph.Store
}

// gatedReader gates the reads of a store or of one of its snapshots.
type gatedReader struct {
	next graph.Reader
	c    *connector
}

// gatedSnapshot is a snapshot whose reads are gated.
type gatedSnapshot struct {
	gatedReader
	next graph.Snapshot
}

var (
	_ graph.Store    = gatedStore{}
	_ graph.Snapshot = gatedSnapshot{}
)

// newGatedStore returns next gated by c.
func newGatedStore(next graph.Store, c *connector) gatedStore {
	return gatedStore{gatedReader: gatedReader{next: next, c: c}, next: next}
}

// Apply implements graph.Store.
func (g gatedStore) Apply(ctx context.Context, b graph.Batch) error {
	if err := g.c.gate(); err != nil {
		return err
	}
	return g.next.Apply(ctx, b)
}

// ApplyStream implements graph.Store.
func (g gatedStore) ApplyStream(ctx context.Context, batches iter.Seq2[graph.Batch, error]) error {
	if err := g.c.gate(); err != nil {
		return err
	}
	return g.next.ApplyStream(ctx, batches)
}

// Snapshot implements graph.Store: the snapshot's reads are gated too.
func (g gatedStore) Snapshot(ctx context.Context) graph.Snapshot {
	sn := g.next.Snapshot(ctx)
	return gatedSnapshot{gatedReader: gatedReader{next: sn, c: g.c}, next: sn}
}

// Release implements graph.Snapshot.
func (g gatedSnapshot) Release() { g.next.Release() }

// Nodes implements graph.Reader.
func (g gatedReader) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	if err := g.c.gate(); err != nil {
		return nil, err
	}
	return g.next.Nodes(ctx, ids)
}

// FindNodes implements graph.Reader.
func (g gatedReader) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if err := g.c.gate(); err != nil {
		return graph.NodePage{}, err
	}
	return g.next.FindNodes(ctx, q)
}

// Relationships implements graph.Reader.
func (g gatedReader) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	if err := g.c.gate(); err != nil {
		return nil, err
	}
	return g.next.Relationships(ctx, ids, q)
}

// Neighborhood implements graph.Reader.
func (g gatedReader) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	if err := g.c.gate(); err != nil {
		return graph.Subgraph{}, err
	}
	return g.next.Neighborhood(ctx, root, q)
}

// ShortestPaths implements graph.Reader.
func (g gatedReader) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	if err := g.c.gate(); err != nil {
		return nil, err
	}
	return g.next.ShortestPaths(ctx, from, to, q)
}

// Expand implements graph.Reader.
func (g gatedReader) Expand(ctx context.Context, hops []graph.Hop) ([]graph.Expansion, error) {
	if err := g.c.gate(); err != nil {
		return nil, err
	}
	return g.next.Expand(ctx, hops)
}

// Search implements graph.Reader.
func (g gatedReader) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := g.c.gate(); err != nil {
		return nil, err
	}
	return g.next.Search(ctx, q)
}

// Counts implements graph.Reader.
func (g gatedReader) Counts(ctx context.Context) (graph.Counts, error) {
	if err := g.c.gate(); err != nil {
		return graph.Counts{}, err
	}
	return g.next.Counts(ctx)
}

// Degrees implements graph.Store.
func (g gatedStore) Degrees(ctx context.Context) (graph.Degrees, error) {
	if err := g.c.gate(); err != nil {
		return graph.Degrees{}, err
	}
	return g.next.Degrees(ctx)
}

// Ping implements graph.Store.
func (g gatedStore) Ping(ctx context.Context) error {
	if err := g.c.gate(); err != nil {
		return err
	}
	return g.next.Ping(ctx)
}

// Close implements graph.Store.
func (g gatedStore) Close() error { return g.next.Close() }

// totals adds up the nodes and the relationships of c.
func totals(c graph.Counts) (nodes, rels int) {
	for _, n := range c.Nodes {
		nodes += n
	}
	for _, n := range c.Relationships {
		rels += n
	}
	return nodes, rels
}
