package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/seed"
)

// openMemory returns an in-memory store loaded with the embedded seed.
func openMemory(ctx context.Context, logger *slog.Logger) (graph.Store, error) {
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
	return store, nil
}
