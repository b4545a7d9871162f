package resolvers

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nexus-graph/nexus/graph"
)

// How the cost model's weights follow the store.
const (
	// weightsMaxAge is how old the weights may get before a request sets
	// off a new reading of the store's statistics, in the background.
	weightsMaxAge = time.Minute
	// weightsRetry is how long after a reading began another may begin.
	weightsRetry = 5 * time.Second
	// weightsTimeout is the longest a reading may take.
	weightsTimeout = 10 * time.Second
)

// weights holds the bounds the cost model weighs lists with, read from the
// store (Counts and Degrees) when the handler is made, and again when a
// request finds them older than weightsMaxAge: that request is weighed with
// the bounds it found while a goroutine reads the new ones, and ends with
// the reading. No goroutine outlives its reading, so there is nothing to
// stop. Until a reading succeeds (the store may be unreachable when the
// handler is made), the first request after each weightsRetry reads the
// statistics itself, and the others are weighed with fallbackBounds.
type weights struct {
	store  graph.Store
	logger *slog.Logger

	cur atomic.Pointer[bounds] // nil until a reading succeeds

	mu      sync.Mutex
	reading bool      // a reading is under way
	began   time.Time // when the last reading began
}

// newWeights returns the weights of store, read once before it returns.
func newWeights(store graph.Store, logger *slog.Logger) *weights {
	w := &weights{store: store, logger: logger}
	if w.begin() {
		w.read(context.Background())
	}
	return w
}

// current returns the bounds to weigh a request with, reading the store's
// statistics first when they have never been read, and setting off a new
// reading when they are old.
func (w *weights) current(ctx context.Context) *bounds {
	b := w.cur.Load()
	if b != nil && time.Since(b.at) < weightsMaxAge {
		return b
	}
	if !w.begin() {
		if b == nil {
			return fallbackBounds
		}
		return b
	}
	if b == nil {
		w.read(ctx)
		if b = w.cur.Load(); b == nil {
			return fallbackBounds
		}
		return b
	}
	go w.read(context.WithoutCancel(ctx))
	return b
}

// begin reports whether a reading may begin now, and marks it begun.
func (w *weights) begin() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.reading || (!w.began.IsZero() && time.Since(w.began) < weightsRetry) {
		return false
	}
	w.reading, w.began = true, time.Now()
	return true
}

// read reads the store's statistics into new bounds. A failure keeps the
// bounds there were.
func (w *weights) read(ctx context.Context) {
	defer func() {
		w.mu.Lock()
		w.reading = false
		w.mu.Unlock()
	}()
	ctx, cancel := context.WithTimeout(ctx, weightsTimeout)
	defer cancel()
	b, err := readBounds(ctx, w.store)
	if err != nil {
		w.logger.Warn("complexity limit: cannot read the graph's statistics; lists keep their previous weights, or MaxFirst", "err", err)
		return
	}
	w.cur.Store(b)
}

// readBounds reads the store's counts and degrees and computes the bounds.
func readBounds(ctx context.Context, store graph.Store) (*bounds, error) {
	at := time.Now()
	c, err := store.Counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("count the graph: %w", err)
	}
	d, err := store.Degrees(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the degrees of the graph: %w", err)
	}
	return newBounds(c, d, at), nil
}
