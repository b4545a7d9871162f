package neo4j

import (
	"context"
	"testing"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestTxTimeout checks that a transaction's server-side timeout comes from
// the deadline of its context, so that Neo4j stops the work of a request
// that ran out of time, and that a context without a deadline keeps the
// server's default.
func TestTxTimeout(t *testing.T) {
	if got := txTimeout(context.Background()); len(got) != 0 {
		t.Errorf("no deadline: %d transaction options, want none", len(got))
	}
	timeoutOf := func(ctx context.Context) time.Duration {
		t.Helper()
		opts := txTimeout(ctx)
		if len(opts) != 1 {
			t.Fatalf("%d transaction options, want 1", len(opts))
		}
		var cfg n4j.TransactionConfig
		opts[0](&cfg)
		return cfg.Timeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if got := timeoutOf(ctx); got <= 2*time.Second || got > 3*time.Second {
		t.Errorf("3 s deadline: transaction timeout %v, want just under 3 s", got)
	}
	past, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	if got := timeoutOf(past); got != time.Millisecond {
		t.Errorf("deadline passed: transaction timeout %v, want 1 ms (0 would mean none)", got)
	}
}
