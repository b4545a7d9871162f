package memory

import (
	"cmp"
	"context"
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// Relationships implements graph.Store. A relationship from a node to itself
// is listed once, whatever the direction. Two relationships that tie on type,
// other end and key (A→B and B→A seen from A with BOTH) are ordered by their
// start node.
func (s *Store) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.relationshipsLocked(ctx, ids, q)
}

// relationshipsLocked is Relationships for a caller that holds s.mu.
func (s *Store) relationshipsLocked(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	if err := s.usable(ctx, "relationships"); err != nil {
		return nil, err
	}
	if !q.Dir.Valid() {
		return nil, graph.Errorf(graph.Invalid, "relationships: unknown direction %q (want OUT, IN or BOTH)", q.Dir)
	}
	var types map[graph.RelType]bool
	if len(q.Types) > 0 {
		types = make(map[graph.RelType]bool, len(q.Types))
		for _, t := range q.Types {
			if !t.Valid() {
				return nil, graph.Errorf(graph.Invalid, "relationships: unknown relationship type %q", t)
			}
			types[t] = true
		}
	}
	var kinds map[graph.NodeKind]bool
	if len(q.OtherKinds) > 0 {
		kinds = make(map[graph.NodeKind]bool, len(q.OtherKinds))
		for _, k := range q.OtherKinds {
			if !k.Valid() {
				return nil, graph.Errorf(graph.Invalid, "relationships: unknown node kind %q", k)
			}
			kinds[k] = true
		}
	}

	result := make(map[graph.ID][]*graph.Relationship)
	for _, id := range ids {
		e := s.nodes[id]
		if e == nil {
			continue
		}
		if _, done := result[id]; done {
			continue
		}
		keep := func(r *graph.Relationship) bool {
			return (types == nil || types[r.Type]) && (kinds == nil || kinds[r.Other(id).Kind()])
		}
		var rels []*graph.Relationship
		if q.Dir == graph.Out || q.Dir == graph.Both {
			for _, r := range e.out {
				if keep(r) {
					rels = append(rels, r)
				}
			}
		}
		if q.Dir == graph.In || q.Dir == graph.Both {
			for _, r := range e.in {
				// With BOTH, a self-loop was already taken from e.out.
				if keep(r) && !(q.Dir == graph.Both && r.From == r.To) {
					rels = append(rels, r)
				}
			}
		}
		if len(rels) == 0 {
			continue
		}
		slices.SortFunc(rels, func(a, b *graph.Relationship) int {
			return cmp.Or(
				cmp.Compare(a.Type, b.Type),
				cmp.Compare(a.Other(id), b.Other(id)),
				cmp.Compare(a.From, b.From),
				cmp.Compare(a.Key, b.Key),
			)
		})
		for i, r := range rels {
			rels[i] = copyRel(r)
		}
		result[id] = rels
	}
	return result, nil
}
