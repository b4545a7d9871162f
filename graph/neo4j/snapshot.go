package neo4j

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// releaseTimeout bounds ending a snapshot's transaction.
const releaseTimeout = 10 * time.Second

// Snapshot implements graph.Store: one read transaction, begun at the
// first read on a session routed to a reader (after the writes this process
// made, through the driver's bookmark manager), in which every read of the
// snapshot runs, one at a time. The store's read methods run in it when
// their context carries it (see snapshotOf), so each query is written once
// for both uses.
//
// A transaction cannot be retried halfway: when the first read fails with
// an error the driver calls retryable (a lost connection, a leader switch),
// the snapshot begins again within the store's retry time; after a later
// failure the transaction is gone, and the next read begins a new one.
func (s *Store) Snapshot(ctx context.Context) graph.Snapshot {
	return &snapshot{s: s}
}

// snapshot is a graph.Snapshot of the Neo4j store.
type snapshot struct {
	s *Store

	mu       sync.Mutex // one query at a time; guards the fields below
	session  n4j.SessionWithContext
	tx       n4j.ExplicitTransaction
	reads    int  // queries run in tx
	open     bool // counted in s.snapshots
	released bool
}

type snapshotKey struct{}

// snapshotOf returns the snapshot ctx carries, nil when none.
func snapshotOf(ctx context.Context) *snapshot {
	sn, _ := ctx.Value(snapshotKey{}).(*snapshot)
	return sn
}

// in returns ctx carrying sn, for the store's read methods.
func (sn *snapshot) in(ctx context.Context) context.Context {
	return context.WithValue(ctx, snapshotKey{}, sn)
}

// query runs one read query in the snapshot's transaction.
func (sn *snapshot) query(ctx context.Context, op, query string, params map[string]any) ([]*n4j.Record, error) {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.released {
		return nil, graph.Errorf(graph.Unavailable, "neo4j store: %s: the snapshot is released", op)
	}
	var (
		records []*n4j.Record
		err     error
		wait    = 50 * time.Millisecond
		until   = time.Now().Add(sn.s.retryTime)
	)
	for {
		if sn.tx == nil {
			err = sn.begin(ctx)
		}
		if err == nil {
			sn.s.stats.queries.Add(1)
			var result n4j.ResultWithContext
			if result, err = sn.tx.Run(ctx, query, params); err == nil {
				records, err = result.Collect(ctx)
			}
		}
		if err == nil {
			sn.reads++
			return records, nil
		}
		first := sn.reads == 0
		sn.end(ctx, false)
		if !first || !n4j.IsRetryable(err) || ctx.Err() != nil || time.Now().Add(wait).After(until) {
			return nil, sn.s.fail(ctx, op, err)
		}
		sn.s.logger.Debug("neo4j store: retrying the first read of a snapshot", "op", op, "error", err)
		select {
		case <-ctx.Done():
			return nil, sn.s.fail(ctx, op, ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// begin opens the session and the transaction.
func (sn *snapshot) begin(ctx context.Context) error {
	sn.s.mu.Lock()
	if sn.s.closed {
		sn.s.mu.Unlock()
		return graph.Errorf(graph.Unavailable, "neo4j store: the store is closed")
	}
	sn.s.snapshots.Add(1)
	sn.s.mu.Unlock()
	sn.open = true
	sn.session = sn.s.driver.NewSession(ctx, n4j.SessionConfig{
		AccessMode:      n4j.AccessModeRead,
		DatabaseName:    sn.s.db,
		BookmarkManager: sn.s.driver.ExecuteQueryBookmarkManager(),
	})
	sn.s.stats.transactions.Add(1)
	tx, err := sn.session.BeginTransaction(ctx, txTimeout(ctx)...)
	if err != nil {
		sn.s.closeSession(ctx, sn.session)
		sn.session = nil
		sn.open = false
		sn.s.snapshots.Done()
		return err
	}
	sn.tx = tx
	sn.reads = 0
	return nil
}

// end commits (or, after a failure, closes) the transaction and closes the
// session. The caller holds sn.mu.
func (sn *snapshot) end(ctx context.Context, commit bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if sn.tx != nil {
		var err error
		if commit {
			err = sn.tx.Commit(ctx)
		} else {
			err = sn.tx.Close(ctx)
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			sn.s.logger.Warn("neo4j store: ending a read transaction", "error", err)
		}
		sn.tx = nil
	}
	if sn.session != nil {
		sn.s.closeSession(ctx, sn.session)
		sn.session = nil
	}
	if sn.open {
		sn.open = false
		sn.s.snapshots.Done()
	}
}

// Release implements graph.Snapshot.
func (sn *snapshot) Release() {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if !sn.released {
		sn.released = true
		sn.end(context.Background(), true)
	}
}

// Nodes implements graph.Reader in the snapshot.
func (sn *snapshot) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	return sn.s.Nodes(sn.in(ctx), ids)
}

// FindNodes implements graph.Reader in the snapshot.
func (sn *snapshot) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	return sn.s.FindNodes(sn.in(ctx), q)
}

// Relationships implements graph.Reader in the snapshot.
func (sn *snapshot) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	return sn.s.Relationships(sn.in(ctx), ids, q)
}

// Expand implements graph.Reader in the snapshot.
func (sn *snapshot) Expand(ctx context.Context, hops []graph.Hop) ([]graph.Expansion, error) {
	return sn.s.Expand(sn.in(ctx), hops)
}

// Neighborhood implements graph.Reader in the snapshot.
func (sn *snapshot) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	return sn.s.Neighborhood(sn.in(ctx), root, q)
}

// ShortestPaths implements graph.Reader in the snapshot.
func (sn *snapshot) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	return sn.s.ShortestPaths(sn.in(ctx), from, to, q)
}

// Search implements graph.Reader in the snapshot.
func (sn *snapshot) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	return sn.s.Search(sn.in(ctx), q)
}

// Counts implements graph.Reader in the snapshot.
func (sn *snapshot) Counts(ctx context.Context) (graph.Counts, error) {
	return sn.s.Counts(sn.in(ctx))
}

// String names the snapshot in logs.
func (sn *snapshot) String() string { return fmt.Sprintf("neo4j snapshot (%d reads)", sn.reads) }

// defaultRetryTime is the driver's default bound on retrying a transaction,
// which a Config without MaxRetryTime keeps.
const defaultRetryTime = 30 * time.Second
