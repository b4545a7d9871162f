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
	weightsRetry = time.Second
	// weightsTimeout is the longest a reading may take.
	weightsTimeout = 10 * time.Second
)

// weights holds the bounds the cost model weighs lists with, read from the
// store (Counts and Degrees) when the handler is made, and again when a
// request finds them older than weightsMaxAge: that request is weighed with
// the bounds it found while a goroutine reads the new ones, and ends with
// the reading. No goroutine outlives its reading, so there is nothing to
// stop. Until a reading succeeds (the store may be unreachable when the
// handler is made), a request reads the statistics itself, or waits for the
// reading under way, at most once per weightsRetry; a request that can
// neither is weighed with fallbackBounds.
type weights struct {
	store  graph.Store
	logger *slog.Logger

	cur atomic.Pointer[bounds] // nil until a reading succeeds

	mu      sync.Mutex
	reading chan struct{} // closed when the reading under way ends; nil when there is none
	began   time.Time     // when the last reading began
}

// newWeights returns the weights of store, read once before it returns.
func newWeights(store graph.Store, logger *slog.Logger) *weights {
	w := &weights{store: store, logger: logger}
	if done, mine := w.begin(); mine {
		w.read(context.Background(), done)
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
	done, mine := w.begin()
	switch {
	case mine && b == nil:
		w.read(ctx, done)
	case mine:
		go w.read(context.WithoutCancel(ctx), done)
		return b
	case b == nil && done != nil:
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
	if b = w.cur.Load(); b == nil {
		return fallbackBounds
	}
	return b
}

// begin returns the channel that the reading under way closes when it ends,
// if there is one; else, unless the last reading began less than
// weightsRetry ago, it begins one and returns its channel and true.
func (w *weights) begin() (done chan struct{}, mine bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.reading != nil {
		return w.reading, false
	}
	if !w.began.IsZero() && time.Since(w.began) < weightsRetry {
		return nil, false
	}
	w.reading, w.began = make(chan struct{}), time.Now()
	return w.reading, true
}

// read reads the store's statistics into new bounds, then closes done. A
// failure keeps the bounds there were.
func (w *weights) read(ctx context.Context, done chan struct{}) {
	defer func() {
		w.mu.Lock()
		w.reading = nil
		w.mu.Unlock()
		close(done)
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
