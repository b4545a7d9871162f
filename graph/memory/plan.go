package memory

import (
	"math/bits"
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// selectPage returns the nodes of q's page, in order, and how many nodes
// match q over all pages. conds are q.Where compiled. The caller holds
// s.mu.
//
// It starts from the smallest set of nodes that holds every match: the
// nodes at the other end of a relationship condition's node, the nodes an
// equality index gives for an EQ or EQ_FOLD condition (the union over its
// properties), or every node of the kind; then checks every condition on
// each. A small start is sorted; a large one is read in the order index of
// the kind, which saves the sort, and a page without conditions is cut
// from the order index directly.
func (s *Store) selectPage(q graph.NodeQuery, conds []compiledCond) ([]*entry, int) {
	kindNodes := s.byKind[q.Kind]
	n := len(kindNodes)
	if n == 0 {
		return nil, 0
	}

	best := start{size: n, rel: -1}
	rels := make([]relCheck, len(q.Related))
	for i, rc := range q.Related {
		other := s.nodes[rc.Other]
		if other == nil {
			return nil, 0
		}
		rels[i] = relCheck{RelCond: rc, other: other}
		if size := rels[i].adjacent(); size < best.size {
			best = start{size: size, rel: i}
		}
	}
	for i := range conds {
		c := &conds[i]
		if best.size <= s.plan.smallStart {
			// Small enough: an index would not be worth its memory.
			break
		}
		if c.op != graph.OpEq && c.op != graph.OpEqFold {
			continue
		}
		size := 0
		var postings []*posting
		for _, p := range c.props {
			x := s.finds.eqIndex(q.Kind, p, c.op == graph.OpEqFold, kindNodes)
			if post := x.lookup(c); post.len() > 0 {
				postings = append(postings, post)
				size += post.len()
			}
		}
		if size < best.size {
			best = start{size: size, rel: -1, postings: postings}
		}
	}
	if best.size == 0 {
		return nil, 0
	}

	if best.size == n || s.plan.inOrder(best.size, n) {
		order := s.finds.orderIndex(q.Kind, q.OrderBy).sorted(kindNodes)
		if len(conds) == 0 && len(rels) == 0 {
			return window(order, q.Offset, q.Limit), n
		}
		for i := range rels {
			rels[i].prepare(n, s.plan.relSet)
		}
		var page []*entry
		total := 0
		for _, e := range order {
			if !matchesAll(e, conds) || !relsHold(e, rels) {
				continue
			}
			if total >= q.Offset && len(page) < q.Limit {
				page = append(page, e)
			}
			total++
		}
		return page, total
	}

	var cands []*entry
	if best.rel >= 0 {
		cands = rels[best.rel].ends(s, q.Kind)
		rels[best.rel].done = true
	} else {
		for _, p := range best.postings {
			cands = p.appendTo(cands)
		}
	}
	for i := range rels {
		rels[i].prepare(len(cands), s.plan.relSet)
	}
	matched := cands[:0]
	for _, e := range cands {
		if matchesAll(e, conds) && relsHold(e, rels) {
			matched = append(matched, e)
		}
	}
	sortEntries(matched, q.OrderBy)
	// A node reached twice (by two properties, two relationships) is
	// next to itself once sorted.
	matched = slices.Compact(matched)
	return window(matched, q.Offset, q.Limit), len(matched)
}

// planning holds the rules selectPage decides by. Tests change them so that
// a small graph takes every path.
type planning struct {
	// smallStart is the size of a start below which selectPage looks for
	// no smaller one in the indexes: an index would not be worth its memory.
	smallStart int
	// inOrder reports whether to read the n nodes of the kind in the
	// order index rather than sort a start of size nodes.
	inOrder func(size, n int) bool
	// relSet reports whether to check a relationship condition by
	// collecting the nodes it holds for, from adjacent relationships of
	// its other node, rather than by looking at each of the candidates'
	// relationships.
	relSet func(adjacent, candidates int) bool
}

// defaultPlanning is the planning of a new store.
var defaultPlanning = planning{
	smallStart: 64,
	inOrder:    readInOrder,
	relSet:     func(adjacent, candidates int) bool { return adjacent <= candidates },
}

// start is where selectPage starts: size nodes (an upper bound), at the
// other end of relationship condition rel, or in postings, or (rel < 0,
// no postings) every node of the kind.
type start struct {
	size     int
	rel      int
	postings []*posting
}

// readInOrder reports whether reading every one of the n nodes of a kind in
// the order index costs less than sorting a start of size nodes.
func readInOrder(size, n int) bool {
	return size*bits.Len(uint(size)) >= n
}

// window returns the part of the sorted matches that a page at offset, of
// at most limit nodes, holds.
func window(matches []*entry, offset, limit int) []*entry {
	if offset >= len(matches) {
		return nil
	}
	end := len(matches)
	if limit < end-offset {
		end = offset + limit
	}
	return matches[offset:end]
}

// relCheck is a relationship condition of a find, with its other node.
type relCheck struct {
	graph.RelCond
	other *entry
	// done: the condition holds for every candidate (they were found from it).
	done bool
	// ids are the nodes it holds for, when prepare found that cheaper
	// than looking at each candidate's relationships.
	ids map[graph.ID]struct{}
}

// adjacent returns how many relationships of the other node, of any type,
// the condition would look at to find the nodes it holds for.
func (rc *relCheck) adjacent() int {
	n := 0
	// The node is at the far end of the other's relationship, so the
	// directions swap.
	if rc.Dir == graph.Out || rc.Dir == graph.Both {
		n += len(rc.other.in)
	}
	if rc.Dir == graph.In || rc.Dir == graph.Both {
		n += len(rc.other.out)
	}
	return n
}

// each calls f with the ID of every node the condition holds for, once or
// more.
func (rc *relCheck) each(f func(graph.ID)) {
	if rc.Dir == graph.Out || rc.Dir == graph.Both {
		for _, r := range rc.other.in {
			if r.Type == rc.Type {
				f(r.From)
			}
		}
	}
	if rc.Dir == graph.In || rc.Dir == graph.Both {
		for _, r := range rc.other.out {
			if r.Type == rc.Type {
				f(r.To)
			}
		}
	}
}

// ends returns the nodes of kind k that the condition holds for, some
// perhaps more than once.
func (rc *relCheck) ends(s *Store, k graph.NodeKind) []*entry {
	var out []*entry
	rc.each(func(id graph.ID) {
		if e := s.nodes[id]; e != nil && e.node.Kind == k {
			out = append(out, e)
		}
	})
	return out
}

// prepare readies the check of candidates nodes: it collects the nodes the
// condition holds for when useSet says so (when the other node has fewer
// relationships than there are candidates), and otherwise each
// candidate's relationships are looked at.
func (rc *relCheck) prepare(candidates int, useSet func(adjacent, candidates int) bool) {
	if rc.done || !useSet(rc.adjacent(), candidates) {
		return
	}
	rc.ids = make(map[graph.ID]struct{})
	rc.each(func(id graph.ID) { rc.ids[id] = struct{}{} })
}

// holds reports whether the condition holds for e.
func (rc *relCheck) holds(e *entry) bool {
	if rc.done {
		return true
	}
	if rc.ids != nil {
		_, ok := rc.ids[e.node.ID]
		return ok
	}
	if rc.Dir == graph.Out || rc.Dir == graph.Both {
		for _, r := range e.out {
			if r.Type == rc.Type && r.To == rc.Other {
				return true
			}
		}
	}
	if rc.Dir == graph.In || rc.Dir == graph.Both {
		for _, r := range e.in {
			if r.Type == rc.Type && r.From == rc.Other {
				return true
			}
		}
	}
	return false
}

// relsHold reports whether every condition of rels holds for e.
func relsHold(e *entry, rels []relCheck) bool {
	for i := range rels {
		if !rels[i].holds(e) {
			return false
		}
	}
	return true
}
