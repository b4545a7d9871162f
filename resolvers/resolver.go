package resolvers

import (
	"log/slog"

	"github.com/nexus-graph/nexus/graph"
)

// resolver is the root resolver: it holds what every resolver needs.
type resolver struct {
	store     graph.Store
	logger    *slog.Logger
	fullNodes bool // Options.FullNodes
}
