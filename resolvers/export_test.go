package resolvers

import (
	"context"
	"maps"

	"github.com/nexus-graph/nexus/graph"
)

// ListBounds reads store's statistics as the handler does and returns the
// most items each list field without first can return, by Type.field, with
// Kind.relationships for the relationships field of each node kind without
// arguments (every type, both ways).
func ListBounds(ctx context.Context, store graph.Store) (map[string]int, error) {
	b, err := readBounds(ctx, store)
	if err != nil {
		return nil, err
	}
	out := maps.Clone(b.lists)
	for _, k := range graph.NodeKinds {
		out[string(k)+".relationships"] = b.relationships(k, map[string]any{})
	}
	return out, nil
}
