package memory

import "math"

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
