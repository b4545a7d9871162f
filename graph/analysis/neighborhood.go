package analysis

import (
	"context"
	"fmt"
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// Bounds of NeighborhoodOptions.
const (
	// MaxDepth is the deepest neighbourhood Neighborhood explores.
	MaxDepth = 4
	// DefaultNeighborhoodLimit is the limit the GraphQL API applies when the
	// caller gives none.
	DefaultNeighborhoodLimit = 200
	// MaxNeighborhoodLimit is the largest Limit Neighborhood accepts.
	MaxNeighborhoodLimit = 1000
)

// NeighborhoodOptions says how far and along what Neighborhood walks.
type NeighborhoodOptions struct {
	// Depth is the number of relationships between the root and the
	// farthest node, 0…MaxDepth; 0 returns the root alone.
	Depth int
	// Types are the relationship types followed, in either direction; empty
	// follows every type.
	Types []graph.RelType
	// Kinds are the kinds of node reached (the root is always kept); empty
	// reaches every kind. A node of another kind is neither kept nor walked
	// through.
	Kinds []graph.NodeKind
	// Limit is the most nodes returned, root included, 1…MaxNeighborhoodLimit.
	Limit int
}

// Neighborhood returns the nodes within o.Depth relationships of root,
// followed in either direction, and every relationship of o.Types between two
// of them (the induced subgraph, so edges between two nodes at the rim are
// there too).
//
// Nodes come in ID order and relationships in identity order, as
// graph.Subgraph says. When more than o.Limit nodes are reachable, the closest
// are kept (by depth, then by ID within the level that overflows) and
// Truncated is set.
//
// It calls s.Relationships once per level, 0 to o.Depth (fewer when the walk
// ends early), and s.Nodes once. An unknown or malformed root is
// graph.NotFound; a depth, type, kind or limit out of range is graph.Invalid.
func Neighborhood(ctx context.Context, s graph.Store, root graph.ID, o NeighborhoodOptions) (graph.Subgraph, error) {
	if err := checkRange("depth", o.Depth, 0, MaxDepth); err != nil {
		return graph.Subgraph{}, err
	}
	if err := checkRange("limit", o.Limit, 1, MaxNeighborhoodLimit); err != nil {
		return graph.Subgraph{}, err
	}
	types, err := checkTypes(o.Types)
	if err != nil {
		return graph.Subgraph{}, err
	}
	kinds, err := checkKinds(o.Kinds)
	if err != nil {
		return graph.Subgraph{}, err
	}
	if _, _, err := graph.ParseID(root); err != nil {
		return graph.Subgraph{}, notFound(root)
	}
	q := graph.RelQuery{Dir: graph.Both, Types: types, OtherKinds: kinds}

	kept := map[graph.ID]bool{root: true}
	ids := []graph.ID{root}
	rels := map[string]*graph.Relationship{}
	collect := func(m map[graph.ID][]*graph.Relationship) {
		for _, rs := range m {
			for _, r := range rs {
				rels[r.Identity()] = r
			}
		}
	}

	// Walk level by level; frontier holds the nodes of the last level kept,
	// whose relationships are not fetched yet.
	frontier := []graph.ID{root}
	truncated := false
	seen := map[graph.ID]bool{} // reached, kept or not
	for d := 0; d < o.Depth && len(frontier) > 0 && !truncated; d++ {
		m, err := s.Relationships(ctx, frontier, q)
		if err != nil {
			return graph.Subgraph{}, fmt.Errorf("neighborhood of %s: level %d: %w", root, d+1, err)
		}
		collect(m)
		var next []graph.ID
		for _, id := range frontier {
			for _, r := range m[id] {
				if other := r.Other(id); !kept[other] && !seen[other] {
					seen[other] = true
					next = append(next, other)
				}
			}
		}
		slices.Sort(next)
		if room := o.Limit - len(ids); len(next) > room {
			next, truncated = next[:room], true
		}
		for _, id := range next {
			kept[id] = true
		}
		ids = append(ids, next...)
		frontier = next
	}
	// The relationships between two nodes of the last level.
	if len(frontier) > 0 {
		m, err := s.Relationships(ctx, frontier, q)
		if err != nil {
			return graph.Subgraph{}, fmt.Errorf("neighborhood of %s: the last level: %w", root, err)
		}
		collect(m)
	}

	slices.Sort(ids)
	nodes, err := s.Nodes(ctx, ids)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("neighborhood of %s: nodes: %w", root, err)
	}
	present := make(map[graph.ID]bool, len(nodes))
	sg := graph.Subgraph{Truncated: truncated}
	for _, n := range nodes {
		if n != nil {
			present[n.ID] = true
			sg.Nodes = append(sg.Nodes, n)
		}
	}
	if !present[root] {
		return graph.Subgraph{}, notFound(root)
	}
	for _, r := range rels {
		if present[r.From] && present[r.To] {
			sg.Relationships = append(sg.Relationships, r)
		}
	}
	slices.SortFunc(sg.Relationships, byIdentity)
	return sg, nil
}
