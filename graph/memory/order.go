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
	moved  bool                // some of dirty were in nodes before (changed, not new)
	resort bool                // so many were written that sorting again costs less than merging
}

// touch notes that a write put e, a node of the index's kind, new unless
// replaced. The caller holds the store's write lock.
func (o *orderIndex) touch(e *entry, replaced bool) {
	if !o.built || o.resort {
		return
	}
	if o.dirty == nil {
		o.dirty = make(map[*entry]struct{})
	}
	o.dirty[e] = struct{}{}
	o.moved = o.moved || replaced
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
		o.nodes, o.built, o.resort, o.dirty, o.moved = nodes, true, false, nil, false
	case len(o.dirty) > 0:
		o.nodes = o.merge()
		o.dirty, o.moved = nil, false
	}
	return o.nodes
}

// merge returns o.nodes without the dirty nodes, which may have moved,
// merged with the dirty nodes sorted by their current values, in place:
// a binary search per written node, and the nodes after the first of them
// moved up (pointers copied).
func (o *orderIndex) merge() []*entry {
	written := make([]*entry, 0, len(o.dirty))
	for e := range o.dirty {
		written = append(written, e)
	}
	sortEntries(written, o.by)
	// No reader holds o.nodes while it is stale: it may change in place.
	kept := o.nodes
	if o.moved {
		kept = slices.DeleteFunc(kept, func(e *entry) bool {
			if len(written) <= 8 {
				return slices.Contains(written, e)
			}
			_, ok := o.dirty[e]
			return ok
		})
	}
	// From the last written node to the first, each goes where the binary
	// search puts it among the kept nodes before those already placed.
	n := len(kept)
	out := slices.Grow(kept, len(written))[:n+len(written)]
	end := n // out[:end] are kept nodes not yet moved
	for j := len(written) - 1; j >= 0; j-- {
		w := written[j]
		i, _ := slices.BinarySearchFunc(out[:end], w, func(e, w *entry) int { return compareEntries(e, w, o.by) })
		copy(out[i+j+1:], out[i:end])
		out[i+j] = w
		end = i
	}
	return out
}

// sortEntries sorts nodes by the property orderBy, ascending, nodes without
// it last, the key breaking ties; by key alone when orderBy is "".
func sortEntries(es []*entry, orderBy string) {
	slices.SortFunc(es, func(a, b *entry) int { return compareEntries(a, b, orderBy) })
}
