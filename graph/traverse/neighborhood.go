package traverse

import (
	"context"
	"fmt"
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// Neighborhood answers graph.Store.Neighborhood over r: it walks level by
// level from root, one r.Relationships call per level, 0 to q.Depth (fewer
// when the walk ends early or is cut by the limit), and reads the nodes with
// one r.Nodes call.
func Neighborhood(ctx context.Context, r Reader, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	if err := q.Check(); err != nil {
		return graph.Subgraph{}, err
	}
	if _, _, err := graph.ParseID(root); err != nil {
		return graph.Subgraph{}, graph.NoNode(root)
	}
	rq := graph.RelQuery{Dir: graph.Both, Types: q.Types, OtherKinds: q.Kinds}

	kept := map[graph.ID]bool{root: true}
	ids := []graph.ID{root}
	// The relationships met, once each: a relationship between two nodes
	// of one level comes with both.
	type identity struct {
		from, to graph.ID
		typ      graph.RelType
		key      string
	}
	rels := map[identity]*graph.Relationship{}
	collect := func(m map[graph.ID][]*graph.Relationship) {
		for _, rs := range m {
			for _, rel := range rs {
				rels[identity{rel.From, rel.To, rel.Type, rel.Key}] = rel
			}
		}
	}

	// Walk level by level; frontier holds the nodes of the last level kept,
	// whose relationships are not fetched yet.
	frontier := []graph.ID{root}
	truncated := false
	seen := map[graph.ID]bool{} // reached, kept or not
	for d := 0; d < q.Depth && len(frontier) > 0 && !truncated; d++ {
		m, err := r.Relationships(ctx, frontier, rq)
		if err != nil {
			return graph.Subgraph{}, fmt.Errorf("neighborhood of %s: level %d: %w", root, d+1, err)
		}
		collect(m)
		var next []graph.ID
		for _, id := range frontier {
			for _, rel := range m[id] {
				if other := rel.Other(id); !kept[other] && !seen[other] {
					seen[other] = true
					next = append(next, other)
				}
			}
		}
		slices.Sort(next)
		if room := q.Limit - len(ids); len(next) > room {
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
		m, err := r.Relationships(ctx, frontier, rq)
		if err != nil {
			return graph.Subgraph{}, fmt.Errorf("neighborhood of %s: the last level: %w", root, err)
		}
		collect(m)
	}

	slices.Sort(ids)
	nodes, err := r.Nodes(ctx, ids)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("neighborhood of %s: nodes: %w", root, err)
	}
	present := make(map[graph.ID]bool, len(nodes))
	sg := graph.Subgraph{Truncated: truncated}
	for _, n := range nodes {
		if n != nil {
			present[n.ID] = true
			sg.Nodes = append(sg.Nodes, q.Project.Apply(n))
		}
	}
	if !present[root] {
		return graph.Subgraph{}, graph.NoNode(root)
	}
	for _, rel := range rels {
		if present[rel.From] && present[rel.To] {
			sg.Relationships = append(sg.Relationships, rel)
		}
	}
	slices.SortFunc(sg.Relationships, byIdentity)
	if q.Bare {
		for i, rel := range sg.Relationships {
			sg.Relationships[i] = rel.Bare()
		}
	}
	return sg, nil
}
