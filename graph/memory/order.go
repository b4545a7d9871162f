package memory

import (
	"slices"
	"sync"

	"github.com/nexus-graph/nexus/graph"
)

// orderIndex holds the nodes of a kind in the order of a page sorted by one
// property (compareEntries). Writers note the nodes they write (touch);
// the next reader merges them in (sorted).
type orderIndex struct {
	by string // the sort property; "" sorts by key

	mu     sync.Mutex // guards what follows when readers refresh it
	built  bool
	nodes  []*entry            // the nodes of the kind in order, as of the last refresh
	dirty  map[*entry]struct{} // nodes written since, new or changed
	resort bool                // so many were written that sorting again costs less than merging
}

// touch notes that a write put e, a node of the index's kind. The caller
// holds the store's write lock.
func (o *orderIndex) touch(e *entry) {
	if !o.built || o.resort {
		return
	}
	if o.dirty == nil {
		o.dirty = make(map[*entry]struct{})
	}
	o.dirty[e] = struct{}{}
	// Merging costs a pass over the index and a sort of the written nodes;
	// once they are a large part of it, sorting the kind costs about as
	// much, and the noted nodes stop taking memory.
	if len(o.dirty) > 1024 && len(o.dirty) > len(o.nodes)/4 {
		o.resort, o.dirty = true, nil
	}
}

// sorted returns the nodes of the kind, kindNodes, in the index's order,
// building the index or merging in the nodes written since the last call
// first. The caller holds the store's read lock, so that the slice it
// returns does not change until the caller releases it.
func (o *orderIndex) sorted(kindNodes map[graph.ID]*entry) []*entry {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case !o.built || o.resort:
		nodes := make([]*entry, 0, len(kindNodes))
		for _, e := range kindNodes {
			nodes = append(nodes, e)
		}
		sortEntries(nodes, o.by)
		o.nodes, o.built, o.resort, o.dirty = nodes, true, false, nil
	case len(o.dirty) > 0:
		o.nodes = o.merge()
		o.dirty = nil
	}
	return o.nodes
}

// merge returns o.nodes without the dirty nodes, which may have moved,
// merged with the dirty nodes sorted by their current values.
func (o *orderIndex) merge() []*entry {
	written := make([]*entry, 0, len(o.dirty))
	for e := range o.dirty {
		written = append(written, e)
	}
	sortEntries(written, o.by)
	out := make([]*entry, 0, len(o.nodes)+len(written))
	w := 0
	for _, e := range o.nodes {
		if _, ok := o.dirty[e]; ok {
			continue
		}
		for w < len(written) && compareEntries(written[w], e, o.by) < 0 {
			out = append(out, written[w])
			w++
		}
		out = append(out, e)
	}
	out = append(out, written[w:]...)
	return out
}

// sortEntries sorts nodes by the property orderBy, ascending, nodes without
// it last, the key breaking ties; by key alone when orderBy is "".
func sortEntries(es []*entry, orderBy string) {
	slices.SortFunc(es, func(a, b *entry) int { return compareEntries(a, b, orderBy) })
}
