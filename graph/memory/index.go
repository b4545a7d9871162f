package memory

import (
	"math"
	"sync"

	"github.com/nexus-graph/nexus/graph"
)

// The find indexes let FindNodes read what its answer costs rather than
// every node of the kind:
//
//   - an equality index per (kind, property) maps each value of the
//     property (each element of a string list) to the nodes holding it,
//     one for EQ (strings as they are, numbers by value, booleans) and one
//     for EQ_FOLD (the folded strings, textfold.Fold). It is built the
//     first time a condition compares that property of that kind, and
//     every write of a node of the kind updates it at once, under the
//     store's write lock;
//   - an order index per (kind, sort property) holds the nodes of the kind
//     in the order of a page (sortEntries), so that a page is cut without
//     sorting the kind. It is built the first time a page of the kind is
//     read in that order; a write only notes the nodes it wrote, and the
//     next read merges them in (or sorts the kind again when a write wrote
//     a large part of it), so that an import of a million nodes pays
//     nothing per node.
//
// Indexes are only ever built by readers, which hold the store's read lock
// and may run at the same time: findIndexes.mu guards the maps of indexes,
// a sync.Once builds each equality index, and a mutex per order index
// guards its merging. Writers hold the write lock, so no reader is using
// an index while they change it.

// findIndexes are the store's find indexes, per node kind.
type findIndexes struct {
	mu    sync.Mutex // guards kinds and the maps of each kindIndexes when readers add to them
	kinds map[graph.NodeKind]*kindIndexes
}

// kindIndexes are the indexes over the nodes of one kind.
type kindIndexes struct {
	eq    map[eqKey]*eqIndex
	order map[string]*orderIndex // by sort property; "" is the key order
}

// eqKey names an equality index of a kind: the property it indexes, and
// whether it holds the folded values (EQ_FOLD) or the values (EQ).
type eqKey struct {
	prop string
	fold bool
}

func newFindIndexes() *findIndexes {
	return &findIndexes{kinds: make(map[graph.NodeKind]*kindIndexes)}
}

// of returns the indexes of kind k, made empty if there are none yet. The
// caller holds ix.mu or the store's write lock.
func (ix *findIndexes) of(k graph.NodeKind) *kindIndexes {
	ki := ix.kinds[k]
	if ki == nil {
		ki = &kindIndexes{eq: make(map[eqKey]*eqIndex), order: make(map[string]*orderIndex)}
		ix.kinds[k] = ki
	}
	return ki
}

// eqIndex returns the equality index of property prop of the nodes of kind
// k, folded or not, building it from kindNodes (all the nodes of the kind)
// if this is its first use. The caller holds the store's read lock.
func (ix *findIndexes) eqIndex(k graph.NodeKind, prop string, fold bool, kindNodes map[graph.ID]*entry) *eqIndex {
	ix.mu.Lock()
	ki := ix.of(k)
	key := eqKey{prop, fold}
	x := ki.eq[key]
	if x == nil {
		x = &eqIndex{eqKey: key}
		ki.eq[key] = x
	}
	ix.mu.Unlock()
	x.once.Do(func() {
		x.strs = make(map[string]*posting)
		if !fold {
			x.nums = make(map[float64]*posting)
		}
		for _, e := range kindNodes {
			x.add(e.node.Props, e.folded, e)
		}
		x.built = true
	})
	return x
}

// orderIndex returns the order index of the nodes of kind k sorted by
// orderBy (the key when ""), made if this is its first use; its sorted
// method builds or refreshes it. The caller holds the store's read lock.
func (ix *findIndexes) orderIndex(k graph.NodeKind, orderBy string) *orderIndex {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ki := ix.of(k)
	o := ki.order[orderBy]
	if o == nil {
		o = &orderIndex{by: orderBy}
		ki.order[orderBy] = o
	}
	return o
}

// written updates the indexes of e's kind after a write replaced the node
// old (nil for a new node), whose folded values were oldFolded, by
// e.node. The caller holds the store's write lock.
func (ix *findIndexes) written(e *entry, old *graph.Node, oldFolded map[string][]string) {
	ki := ix.kinds[e.node.Kind]
	if ki == nil {
		return
	}
	for key, x := range ki.eq {
		if !x.built {
			// Never built (its build failed): the next use builds it.
			delete(ki.eq, key)
			continue
		}
		if old != nil {
			x.remove(old.Props, oldFolded, e)
		}
		x.add(e.node.Props, e.folded, e)
	}
	for _, o := range ki.order {
		o.touch(e, old != nil)
	}
}

// eqIndex is the equality index of one property of the nodes of a kind.
// The folded index holds only strs, the folded strings.
type eqIndex struct {
	eqKey
	once  sync.Once
	built bool
	strs  map[string]*posting
	nums  map[float64]*posting // int64 and float64 alike, as float64; NaN, equal to nothing, is left out
	bools [2]posting           // false, true
}

// add indexes the property of e, whose properties are props and folded
// values folded.
func (x *eqIndex) add(props graph.Props, folded map[string][]string, e *entry) {
	x.visit(props, folded,
		func(s string) {
			p := x.strs[s]
			if p == nil {
				p = &posting{}
				x.strs[s] = p
			}
			p.add(e)
		},
		func(v float64) {
			p := x.nums[v]
			if p == nil {
				p = &posting{}
				x.nums[v] = p
			}
			p.add(e)
		},
		func(b bool) { x.boolPosting(b).add(e) })
}

// remove takes e out of the postings of the values in props and folded,
// dropping the postings left empty so that the maps do not keep values no
// node holds any more.
func (x *eqIndex) remove(props graph.Props, folded map[string][]string, e *entry) {
	x.visit(props, folded,
		func(s string) {
			if p := x.strs[s]; p != nil {
				if p.remove(e); p.len() == 0 {
					delete(x.strs, s)
				}
			}
		},
		func(v float64) {
			if p := x.nums[v]; p != nil {
				if p.remove(e); p.len() == 0 {
					delete(x.nums, v)
				}
			}
		},
		func(b bool) { x.boolPosting(b).remove(e) })
}

// visit calls str, num or boolean with each value the index keeps of the
// property in props and folded: each string (folded for the folded index)
// of a string or a string list, each number as a float64 but NaN, which
// equals nothing, and a boolean.
func (x *eqIndex) visit(props graph.Props, folded map[string][]string, str func(string), num func(float64), boolean func(bool)) {
	if x.fold {
		for _, s := range folded[x.prop] {
			str(s)
		}
		return
	}
	switch v := props[x.prop].(type) {
	case string:
		str(v)
	case []string:
		for _, s := range v {
			str(s)
		}
	case int64:
		num(float64(v))
	case float64:
		if !math.IsNaN(v) {
			num(v)
		}
	case bool:
		boolean(v)
	}
}

// boolPosting returns the posting of the boolean b.
func (x *eqIndex) boolPosting(b bool) *posting {
	if b {
		return &x.bools[1]
	}
	return &x.bools[0]
}

// lookup returns the postings of the nodes whose property may hold c's
// value: every node it holds for, perhaps more (numbers that differ but
// convert to the same float64). The caller checks the condition on each.
func (x *eqIndex) lookup(c *compiledCond) *posting {
	if x.fold {
		return x.strs[c.folded]
	}
	switch v := c.value.(type) {
	case string:
		return x.strs[v]
	case int64:
		return x.nums[float64(v)]
	case float64:
		return x.nums[v]
	case bool:
		return x.boolPosting(v)
	}
	return nil
}

// postingMax is the most nodes a posting holds in a slice before it
// moves them to a map, where removing one costs the same however many it
// holds.
const postingMax = 16

// posting is the set of nodes holding one value.
type posting struct {
	few  []*entry
	many map[*entry]struct{}
}

func (p *posting) len() int {
	if p == nil {
		return 0
	}
	if p.many != nil {
		return len(p.many)
	}
	return len(p.few)
}

func (p *posting) add(e *entry) {
	if p.many != nil {
		p.many[e] = struct{}{}
		return
	}
	for _, f := range p.few {
		if f == e {
			return
		}
	}
	if len(p.few) < postingMax {
		p.few = append(p.few, e)
		return
	}
	p.many = make(map[*entry]struct{}, 2*postingMax)
	for _, f := range p.few {
		p.many[f] = struct{}{}
	}
	p.many[e] = struct{}{}
	p.few = nil
}

func (p *posting) remove(e *entry) {
	if p.many != nil {
		delete(p.many, e)
		return
	}
	for i, f := range p.few {
		if f == e {
			last := len(p.few) - 1
			p.few[i] = p.few[last]
			p.few[last] = nil
			p.few = p.few[:last]
			return
		}
	}
}

// appendTo appends the nodes of p to dst.
func (p *posting) appendTo(dst []*entry) []*entry {
	if p == nil {
		return dst
	}
	if p.many != nil {
		for e := range p.many {
			dst = append(dst, e)
		}
		return dst
	}
	return append(dst, p.few...)
}
