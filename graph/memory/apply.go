package memory

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// Apply implements graph.Store. It validates the whole batch before writing
// anything. Within a batch, a later node or relationship with the same
// identity as an earlier one replaces it.
func (s *Store) Apply(ctx context.Context, b graph.Batch) error {
	s.mu.RLock()
	err := s.usable(ctx, "apply")
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	// Validate and copy outside the lock what does not depend on the store.
	var bad graph.Problems
	nodes := make([]*graph.Node, 0, len(b.Nodes))
	inBatch := make(map[graph.ID]bool, len(b.Nodes))
	for i, n := range b.Nodes {
		if n == nil {
			bad.Add("node %d: nil", i+1)
			continue
		}
		if err := n.Validate(); err != nil {
			bad.Add("node %d: %v", i+1, err)
			continue
		}
		c := copyNode(n)
		nodes = append(nodes, c)
		inBatch[c.ID] = true
	}
	rels := make([]*graph.Relationship, 0, len(b.Relationships))
	for i, r := range b.Relationships {
		if r == nil {
			bad.Add("relationship %d: nil", i+1)
			continue
		}
		if err := r.Validate(); err != nil {
			bad.Add("relationship %d: %v", i+1, err)
			continue
		}
		rels = append(rels, copyRel(r))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	// Checked again: the store may have closed, or ctx ended, meanwhile.
	if err := s.usable(ctx, "apply"); err != nil {
		return err
	}
	for _, r := range rels {
		for _, end := range []graph.ID{r.From, r.To} {
			if !inBatch[end] && s.nodes[end] == nil {
				bad.Add("relationship %s: no node %s in the batch or the store", r.Identity(), end)
			}
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}

	for _, n := range nodes {
		s.putNode(n)
	}
	for _, r := range rels {
		s.putRel(r)
	}
	s.index.commit()
	return nil
}

// ApplyStream implements graph.Store. It validates and copies every batch
// as the sequence yields it, outside the lock, then writes them all under
// the lock at once: readers never see part of the change, and the sequence
// may call the store. It holds a copy of everything the batches write until
// the end, the memory the written graph takes anyway, and no more. The
// endpoints of a batch's relationships that no batch up to it holds must be
// in the store when the change is written.
func (s *Store) ApplyStream(ctx context.Context, batches iter.Seq2[graph.Batch, error]) error {
	s.mu.RLock()
	err := s.usable(ctx, "apply stream")
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	var (
		nodes    []*graph.Node
		rels     []*graph.Relationship
		staged   = make(map[graph.ID]bool)
		fromRest = make(map[graph.ID]string) // endpoints wanted from the store → a relationship that wants it
		k        = 0
	)
	for b, err := range batches {
		k++
		if err != nil {
			return fmt.Errorf("memory store: apply stream: batch %d: %w", k, err)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("memory store: apply stream: %w", err)
		}
		var bad graph.Problems
		for i, n := range b.Nodes {
			if n == nil {
				bad.Add("batch %d: node %d: nil", k, i+1)
				continue
			}
			if err := n.Validate(); err != nil {
				bad.Add("batch %d: node %d: %v", k, i+1, err)
				continue
			}
			c := copyNode(n)
			nodes = append(nodes, c)
			staged[c.ID] = true
		}
		for i, r := range b.Relationships {
			if r == nil {
				bad.Add("batch %d: relationship %d: nil", k, i+1)
				continue
			}
			if err := r.Validate(); err != nil {
				bad.Add("batch %d: relationship %d: %v", k, i+1, err)
				continue
			}
			c := copyRel(r)
			rels = append(rels, c)
			for _, end := range []graph.ID{c.From, c.To} {
				if _, ok := fromRest[end]; !ok && !staged[end] {
					fromRest[end] = fmt.Sprintf("batch %d: relationship %s", k, c.Identity())
				}
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(ctx, "apply stream"); err != nil {
		return err
	}
	var bad graph.Problems
	for _, end := range slices.Sorted(maps.Keys(fromRest)) {
		if s.nodes[end] == nil {
			bad.Add("%s: no node %s in the batch, an earlier batch or the store", fromRest[end], end)
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	for _, n := range nodes {
		s.putNode(n)
	}
	for _, r := range rels {
		s.putRel(r)
	}
	s.index.commit()
	return nil
}

// putNode stores n, replacing the node with its ID but keeping that node's
// relationships, and brings the indexes up to date. It is the one place
// nodes change. The caller holds s.mu for writing.
func (s *Store) putNode(n *graph.Node) {
	e := s.nodes[n.ID]
	if e == nil {
		e = &entry{
			out: make(map[string]*graph.Relationship),
			in:  make(map[string]*graph.Relationship),
		}
		s.nodes[n.ID] = e
		if s.byKind[n.Kind] == nil {
			s.byKind[n.Kind] = make(map[graph.ID]*entry)
		}
		s.byKind[n.Kind][n.ID] = e
	} else {
		s.index.remove(n.ID)
	}
	old, oldFolded := e.node, e.folded
	e.node = n
	e.folded = foldProps(n.Props)
	s.index.add(n.ID, n.Kind, e.folded)
	s.finds.written(e, old, oldFolded)
}

// putRel stores r, replacing the relationship with its identity. Both
// endpoints exist. The caller holds s.mu for writing.
func (s *Store) putRel(r *graph.Relationship) {
	id := r.Identity()
	s.rels[id] = r
	s.nodes[r.From].out[id] = r
	s.nodes[r.To].in[id] = r
}

// foldProps returns the folded values of the string and string-list
// properties of p.
func foldProps(p graph.Props) map[string][]string {
	folded := make(map[string][]string)
	for k, v := range p {
		switch v := v.(type) {
		case string:
			folded[k] = []string{textfold.Fold(v)}
		case []string:
			f := make([]string, len(v))
			for i, s := range v {
				f[i] = textfold.Fold(s)
			}
			folded[k] = f
		}
	}
	return folded
}
