package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/nexus-graph/nexus/graph"
)

// DefaultDatabase is the database a Config without one uses: the default
// database of a Neo4j server, and the only one of Community edition.
const DefaultDatabase = "neo4j"

// Config says how to reach Neo4j.
type Config struct {
	// URI is the server's address: bolt://host:7687 for a single server,
	// neo4j://host for a cluster (routing), bolt+s:// or neo4j+s:// (Aura)
	// for TLS.
	URI string
	// User and Password authenticate; an empty User connects without
	// authentication (a server with auth disabled).
	User     string
	Password string
	// Database is the database to use; "" is DefaultDatabase.
	Database string
	// MaxRetryTime bounds how long a transaction that failed with a
	// transient or connectivity error is retried: 0 is the driver's default
	// (30 s), a negative value tries once.
	MaxRetryTime time.Duration
	// ConnectTimeout bounds opening a connection: 0 is the driver's default (5 s).
	ConnectTimeout time.Duration
	// MaxConnections bounds the connections per server: 0 is the driver's default (100).
	MaxConnections int
}

// Store is the Neo4j graph.Store, safe for concurrent use. Create it with New.
type Store struct {
	driver n4j.DriverWithContext
	db     string
	logger *slog.Logger
	// retryTime bounds the retries of a snapshot's first read.
	retryTime time.Duration
	// stats counts the transactions begun and the queries run.
	stats struct{ transactions, queries atomic.Int64 }

	mu     sync.Mutex // guards closed, so that Close closes the driver once
	closed bool
	// snapshots counts the snapshots with a transaction open; one is
	// added under mu, only while the store is open, so that Close can wait
	// for them.
	snapshots sync.WaitGroup
}

var _ graph.Store = (*Store)(nil)

// New returns a store for the server cfg names. It checks the configuration
// only and does not connect, so it succeeds while the server is down; Ping
// says whether the server answers. A bad configuration is Invalid. A nil
// logger discards the store's logs; otherwise the driver's warnings and
// errors go to it too.
func New(cfg Config, logger *slog.Logger) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if strings.TrimSpace(cfg.URI) == "" {
		return nil, graph.Errorf(graph.Invalid, "neo4j store: no URI (want e.g. bolt://127.0.0.1:7687 or neo4j+s://xxxx.databases.neo4j.io)")
	}
	if cfg.MaxConnections < 0 {
		return nil, graph.Errorf(graph.Invalid, "neo4j store: MaxConnections %d is negative", cfg.MaxConnections)
	}
	if cfg.ConnectTimeout < 0 {
		return nil, graph.Errorf(graph.Invalid, "neo4j store: ConnectTimeout %v is negative", cfg.ConnectTimeout)
	}
	auth := n4j.NoAuth()
	if cfg.User != "" {
		auth = n4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	drv, err := n4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.Log = driverLogger{logger}
		switch {
		case cfg.MaxRetryTime < 0:
			c.MaxTransactionRetryTime = 0
		case cfg.MaxRetryTime > 0:
			c.MaxTransactionRetryTime = cfg.MaxRetryTime
		}
		if cfg.ConnectTimeout > 0 {
			c.SocketConnectTimeout = cfg.ConnectTimeout
		}
		if cfg.MaxConnections > 0 {
			c.MaxConnectionPoolSize = cfg.MaxConnections
		}
	})
	if err != nil {
		return nil, graph.Wrap(graph.Invalid, err, "neo4j store: bad configuration")
	}
	db := cfg.Database
	if db == "" {
		db = DefaultDatabase
	}
	retryTime := cfg.MaxRetryTime
	switch {
	case retryTime < 0:
		retryTime = 0
	case retryTime == 0:
		retryTime = defaultRetryTime
	}
	return &Store{driver: drv, db: db, logger: logger, retryTime: retryTime}, nil
}

// Close implements graph.Store: it closes the driver and its connections;
// every later call returns an Unavailable error. Closing twice does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	// The snapshots still open end their transactions first (a query's is
	// released while its answer is written), within releaseTimeout.
	done := make(chan struct{})
	go func() { s.snapshots.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(releaseTimeout):
		s.logger.Warn("neo4j store: closing with read transactions still open")
	}
	if err := s.driver.Close(context.Background()); err != nil {
		return fmt.Errorf("neo4j store: close: %w", err)
	}
	return nil
}

// isClosed reports whether Close was called.
func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// usable reports why the store cannot take a call now: the caller's context
// is done, or the store is closed.
func (s *Store) usable(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("neo4j store: %s: %w", op, err)
	}
	if s.isClosed() {
		return graph.Errorf(graph.Unavailable, "neo4j store: %s: the store is closed", op)
	}
	return nil
}

// Ping implements graph.Store with one cheap read on the database, tried
// once: Unavailable when the server cannot be reached or the database is
// not online, Unauthorized when the credentials are refused.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.usable(ctx, "ping"); err != nil {
		return err
	}
	session := s.driver.NewSession(ctx, n4j.SessionConfig{AccessMode: n4j.AccessModeRead, DatabaseName: s.db})
	defer s.closeSession(ctx, session)
	result, err := session.Run(ctx, pingQuery, nil)
	if err == nil {
		_, err = result.Consume(ctx)
	}
	return s.fail(ctx, "ping", err)
}

const pingQuery = `RETURN 1`

// read runs one read query and returns its records: in the snapshot ctx
// carries, if any, else in a managed read transaction of its own, routed to
// a reader.
func (s *Store) read(ctx context.Context, op, query string, params map[string]any) ([]*n4j.Record, error) {
	if sn := snapshotOf(ctx); sn != nil {
		return sn.query(ctx, op, query, params)
	}
	s.stats.transactions.Add(1)
	s.stats.queries.Add(1)
	res, err := n4j.ExecuteQuery(ctx, s.driver, query, params, n4j.EagerResultTransformer,
		n4j.ExecuteQueryWithDatabase(s.db), n4j.ExecuteQueryWithReadersRouting(),
		n4j.ExecuteQueryWithTransactionConfig(txTimeout(ctx)...))
	if err != nil {
		return nil, s.fail(ctx, op, err)
	}
	return res.Records, nil
}

// write runs work in one managed write transaction. The driver retries it
// on transient errors, so work must have no effect but its queries. An
// error work returns rolls the transaction back.
func (s *Store) write(ctx context.Context, op string, work func(ctx context.Context, tx n4j.ManagedTransaction) error) error {
	session := s.driver.NewSession(ctx, n4j.SessionConfig{
		AccessMode:      n4j.AccessModeWrite,
		DatabaseName:    s.db,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer s.closeSession(ctx, session)
	_, err := session.ExecuteWrite(ctx, func(tx n4j.ManagedTransaction) (any, error) {
		s.stats.transactions.Add(1)
		return nil, work(ctx, tx)
	}, txTimeout(ctx)...)
	return s.fail(ctx, op, err)
}

// txTimeout sets the server-side timeout of a transaction from the deadline
// of ctx, so that Neo4j stops the work of a request that has run out of
// time, not only the client. Without a deadline it leaves the server's
// default.
func txTimeout(ctx context.Context) []func(*n4j.TransactionConfig) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	// A timeout of zero would mean none: at least a millisecond.
	return []func(*n4j.TransactionConfig){n4j.WithTxTimeout(max(time.Until(deadline), time.Millisecond))}
}

// Stats counts what a store sent to Neo4j since it was created.
type Stats struct {
	// Transactions is the number of transactions begun (each try of a
	// retried one counts).
	Transactions int64
	// Queries is the number of read queries run, in a transaction of their
	// own or in a snapshot's.
	Queries int64
}

// Stats returns what the store sent to Neo4j so far: for tests and
// benchmarks that hold the property "one transaction per request".
func (s *Store) Stats() Stats {
	return Stats{Transactions: s.stats.transactions.Load(), Queries: s.stats.queries.Load()}
}

// run runs one query in tx and returns its records.
func run(ctx context.Context, tx n4j.ManagedTransaction, query string, params map[string]any) ([]*n4j.Record, error) {
	result, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return result.Collect(ctx)
}

func (s *Store) closeSession(ctx context.Context, session n4j.SessionWithContext) {
	if err := session.Close(context.WithoutCancel(ctx)); err != nil {
		s.logger.Warn("neo4j store: closing a session", "error", err)
	}
}

// fail maps an error of the driver to the graph's error codes: a done
// context stays a context error; connectivity errors, transient errors that
// outlived their retries and an unknown database are Unavailable; refused
// credentials are Unauthorized; a constraint violation is Invalid; anything
// else is Internal. Errors that are already *graph.Error pass through.
func (s *Store) fail(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("neo4j store: %s: %w", op, ctxErr)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("neo4j store: %s: %w", op, err)
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return err
	}
	if s.isClosed() {
		return graph.Wrap(graph.Unavailable, err, "neo4j store: "+op+": the store is closed")
	}
	code, why := classify(err)
	return graph.Wrap(code, err, "neo4j store: "+op+": "+why)
}

// classify returns the code of a driver error and a message that does not
// reveal the server's address or the query.
func classify(err error) (graph.Code, string) {
	var (
		tokenErr *n4j.TokenExpiredError
		dbErr    *n4j.Neo4jError
		connErr  *n4j.ConnectivityError
		limitErr *n4j.TransactionExecutionLimit
	)
	switch {
	case errors.As(err, &tokenErr):
		return graph.Unauthorized, "the database refused the credentials"
	case errors.As(err, &dbErr):
		return classifyCode(dbErr.Code)
	case errors.As(err, &connErr):
		return graph.Unavailable, "the database cannot be reached"
	case errors.As(err, &limitErr):
		// Retries ran out, on errors that were all transient or connectivity ones.
		for _, cause := range limitErr.Errors {
			if code, why := classify(cause); code != graph.Unavailable && code != graph.Internal {
				return code, why
			}
		}
		return graph.Unavailable, "the database cannot be reached"
	}
	return graph.Internal, "unexpected error"
}

// classifyCode maps a Neo4j status code (Neo.ClientError.Security.Unauthorized…).
// A transaction over the database's memory limits is Invalid, not an
// outage: the same request would fail again (see memoryMessage).
func classifyCode(code string) (graph.Code, string) {
	switch {
	case strings.HasPrefix(code, "Neo.ClientError.Security."):
		return graph.Unauthorized, "the database refused the credentials or the access"
	case isMemoryCode(code):
		return graph.Invalid, memoryMessage
	case code == "Neo.ClientError.Database.DatabaseNotFound":
		return graph.Unavailable, "the database does not exist"
	case strings.HasPrefix(code, "Neo.TransientError."),
		strings.HasPrefix(code, "Neo.ClientError.Cluster."),
		code == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
		code == "Neo.ClientError.Transaction.TransactionTimedOut",
		code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
		code == "Neo.ClientError.Transaction.Terminated",
		code == "Neo.ClientError.Transaction.LockClientStopped":
		return graph.Unavailable, "the database cannot serve the request now"
	case code == "Neo.ClientError.Schema.ConstraintValidationFailed":
		return graph.Invalid, "the batch conflicts with a constraint of the stored graph"
	}
	return graph.Internal, "database error"
}
