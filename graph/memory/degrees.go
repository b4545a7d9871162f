package memory

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
)

// Degrees implements graph.Store, counting each node's adjacency.
func (s *Store) Degrees(ctx context.Context) (graph.Degrees, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.usable(ctx, "degrees"); err != nil {
		return graph.Degrees{}, err
	}
	d := graph.Degrees{Rels: map[graph.DegreeKey]int{}, Parallel: map[graph.RelType]int{}, Sources: map[graph.NodeKind]int{}}
	raise := func(k graph.DegreeKey, n int) {
		if n > d.Rels[k] {
			d.Rels[k] = n
		}
	}
	out := map[graph.RelType]int{}
	in := map[graph.RelType]int{}
	loops := map[graph.RelType]int{}
	type target struct {
		t  graph.RelType
		to graph.ID
	}
	parallel := map[target]int{}
	for _, e := range s.nodes {
		k := e.node.Kind
		if n := len(e.node.Sources); n > d.Sources[k] {
			d.Sources[k] = n
		}
		clear(out)
		clear(in)
		clear(loops)
		clear(parallel)
		for _, r := range e.out {
			out[r.Type]++
			p := target{r.Type, r.To}
			parallel[p]++
			if parallel[p] > d.Parallel[r.Type] {
				d.Parallel[r.Type] = parallel[p]
			}
			if r.To == r.From {
				loops[r.Type]++
			}
		}
		for _, r := range e.in {
			in[r.Type]++
		}
		for t, n := range out {
			raise(graph.DegreeKey{Kind: k, Type: t, Dir: graph.Out}, n)
		}
		for t, n := range in {
			raise(graph.DegreeKey{Kind: k, Type: t, Dir: graph.In}, n)
		}
		for _, t := range graph.RelTypes {
			// A self-loop is in both maps, and counts once either way.
			if n := out[t] + in[t] - loops[t]; n > 0 {
				raise(graph.DegreeKey{Kind: k, Type: t, Dir: graph.Both}, n)
			}
		}
	}
	return d, nil
}
