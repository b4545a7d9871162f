package main

import (
	"context"
	"fmt"
	"time"

	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/seed"
)

// openMemory returns an in-memory store loaded with the embedded seed: it is
// ready once it returns.
func openMemory(ctx context.Context, cfg serveConfig) (*backend, error) {
	logger := cfg.logger
	store := memory.New()
	start := time.Now()
	if _, err := seed.Load(ctx, store); err != nil {
		_ = store.Close()
		return nil, fmt.Errorf("load the seed into the memory store: %w", err)
	}
	if err := logCounts(ctx, logger, store, "seed loaded", time.Since(start)); err != nil {
		_ = store.Close()
		return nil, err
	}
	return &backend{store: store, ready: store.Ping, close: store.Close}, nil
}
