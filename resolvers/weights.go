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
	// weightsRetry is how long after a reading began another may begin; after
	// failed readings, twice as long as after the one before, up to
	// weightsMaxAge.
	weightsRetry = time.Second
	// weightsTimeout is the longest a reading may take.
	weightsTimeout = 10 * time.Second
	// weightsWait is the longest a request waits for a first reading.
	weightsWait = 500 * time.Millisecond
	// weightsRefused is how fast a failed reading must fail to count as
	// refused rather than tried: a store that is not connected yet says so
	// at once, and the next request may ask again without waiting
	// weightsRetry. A store that fails after trying (an outage, with the
	// driver's retries) is asked again only after weightsRetry, so that
	// readings do not crowd out the requests' own calls.
	weightsRefused = 20 * time.Millisecond
)

// weights holds the bounds the cost model weighs lists with, read from the
// store (Counts and Degrees) when the handler is made, and again when a
// request finds them older than weightsMaxAge: that request is weighed with
// the bounds it found while a goroutine reads the new ones. No goroutine
// outlives its reading, so there is nothing to stop. Until a reading
// succeeds (the store may be unreachable when the handler is made), a
// request sets one off at most once per weightsRetry and waits for it a
// little (weightsWait); past that it is weighed with fallbackBounds.
type weights struct {
	store  graph.Store
	logger *slog.Logger

	cur atomic.Pointer[bounds] // nil until a reading succeeds

	mu      sync.Mutex
	reading chan struct{} // closed when the reading under way ends; nil when there is none
	began   time.Time     // when the last reading began, or when the last failed one ended
	retry   time.Duration // how long after began the next reading may begin
}

// newWeights returns the weights of store, read once before it returns.
func newWeights(store graph.Store, logger *slog.Logger) *weights {
	w := &weights{store: store, logger: logger}
	if done, mine := w.begin(); mine {
		w.read(context.Background(), done)
	}
	return w
}

// current returns the bounds to weigh a request with, setting off a new
// reading of the store's statistics, in the background, when they are old
// or have never been read. A request never reads them itself: when no
// reading has ever succeeded, it waits for the one under way at most
// weightsWait, then is weighed with fallbackBounds, so that a store that
// answers slowly or not at all (an outage) costs each request at most
// weightsWait, not the store's own retries.
func (w *weights) current(ctx context.Context) *bounds {
	b := w.cur.Load()
	if b != nil && time.Since(b.at) < weightsMaxAge {
		return b
	}
	done, mine := w.begin()
	if mine {
		go w.read(context.Background(), done)
	}
	if b != nil {
		return b
	}
	if done != nil {
		t := time.NewTimer(weightsWait)
		defer t.Stop()
		select {
		case <-done:
		case <-ctx.Done():
		case <-t.C:
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
	if !w.began.IsZero() && time.Since(w.began) < max(w.retry, weightsRetry) {
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
	start := time.Now()
	b, err := readBounds(ctx, w.store)
	if err != nil {
		w.logger.Warn("complexity limit: cannot read the graph's statistics; lists keep their previous weights, or MaxFirst", "err", err)
		w.mu.Lock()
		if time.Since(start) < weightsRefused {
			// Refused at once (the store is not connected yet): no work
			// was done, so the next request may try again.
			w.began = time.Time{}
		} else {
			// Tried and failed (an outage): wait longer after each
			// failure, so that readings do not crowd out the requests'
			// own store calls while the store is down.
			w.retry = min(max(2*w.retry, weightsRetry), weightsMaxAge)
			w.began = time.Now()
		}
		w.mu.Unlock()
		return
	}
	w.mu.Lock()
	w.retry = 0
	w.mu.Unlock()
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
