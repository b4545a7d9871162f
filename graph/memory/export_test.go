package memory

import (
	"fmt"
	"math"
	"slices"
)

// Plan is a way of planning finds, for tests: the default rules pick a path
// by the sizes of the graph, and a test graph is small.
type Plan int

// The plans a test can force.
const (
	// PlanScan uses no equality index and sorts every node it starts
	// from: the reference the other plans must agree with.
	PlanScan Plan = iota + 1
	// PlanIndexSort starts from the equality indexes whenever a condition
	// can, sorts the start, and checks relationship conditions on sets.
	PlanIndexSort
	// PlanIndexOrder starts from the equality indexes whenever a condition
	// can, reads the kind in the order index, and checks relationship
	// conditions on each candidate's relationships.
	PlanIndexOrder
)

// SetPlan makes s plan its finds by p. Call it before using s.
func SetPlan(s *Store, p Plan) {
	always := func(int, int) bool { return true }
	never := func(int, int) bool { return false }
	switch p {
	case PlanScan:
		s.plan = planning{smallStart: math.MaxInt, inOrder: never, relSet: always}
	case PlanIndexSort:
		s.plan = planning{smallStart: -1, inOrder: never, relSet: always}
	case PlanIndexOrder:
		s.plan = planning{smallStart: -1, inOrder: always, relSet: never}
	}
}

// CheckIndexes reports how the indexes s has built differ from indexes
// built anew from its nodes: every posting of every equality index must
// hold the nodes holding its value, no more, and no value without nodes;
// every order index, once refreshed, the nodes of its kind in order.
func CheckIndexes(s *Store) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for k, ki := range s.finds.kinds {
		kindNodes := s.byKind[k]
		for key, x := range ki.eq {
			fresh := newFindIndexes().eqIndex(k, key.prop, key.fold, kindNodes)
			if err := sameIndex(x, fresh); err != nil {
				return fmt.Errorf("%s %s (folded %v): %v", k, key.prop, key.fold, err)
			}
		}
		for by, o := range ki.order {
			got := o.sorted(kindNodes)
			want := newFindIndexes().orderIndex(k, by).sorted(kindNodes)
			if !slices.Equal(got, want) {
				return fmt.Errorf("%s by %q: the order index holds %d nodes, not those of the kind (%d) in order", k, by, len(got), len(want))
			}
		}
	}
	return nil
}

// sameIndex reports how the postings of x and fresh differ.
func sameIndex(x, fresh *eqIndex) error {
	if err := samePostings(x.strs, fresh.strs); err != nil {
		return err
	}
	if err := samePostings(x.nums, fresh.nums); err != nil {
		return err
	}
	for i := range x.bools {
		if !samePosting(&x.bools[i], &fresh.bools[i]) {
			return fmt.Errorf("boolean %d: %d nodes, want %d", i, x.bools[i].len(), fresh.bools[i].len())
		}
	}
	return nil
}

func samePostings[K comparable](got, want map[K]*posting) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d values, want %d", len(got), len(want))
	}
	for v, p := range want {
		if !samePosting(got[v], p) {
			return fmt.Errorf("value %v: %d nodes, want %d", v, got[v].len(), p.len())
		}
	}
	return nil
}

func samePosting(got, want *posting) bool {
	if got.len() != want.len() {
		return false
	}
	set := map[*entry]bool{}
	for _, e := range got.appendTo(nil) {
		set[e] = true
	}
	for _, e := range want.appendTo(nil) {
		if !set[e] {
			return false
		}
	}
	return len(set) == want.len()
}
