package storetest

import (
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

func (s suite) testNodes(t *testing.T) {
	t.Run("order-and-missing", func(t *testing.T) {
		st := s.loaded(t)
		ids := []graph.ID{stateCoast, "State:XZZ", "nonsense", "Planet:XAA", "", stateArcadia, stateCoast, paraOP1}
		got := mustNodes(t, st, ids...)
		sameIDs(t, "Nodes", nodeIDs(got), []graph.ID{stateCoast, "<nil>", "<nil>", "<nil>", "<nil>", stateArcadia, stateCoast, paraOP1})
		for i, n := range got {
			if n != nil {
				sameNode(t, n, fixtureNode(ids[i]))
			}
		}
	})

	t.Run("none-asked", func(t *testing.T) {
		st := s.loaded(t)
		got, err := st.Nodes(t.Context(), nil)
		if err != nil {
			t.Fatalf("Nodes(nil): %v", err)
		}
		if len(got) != 0 {
			t.Errorf("Nodes(nil) = %v, want none", nodeIDs(got))
		}
	})

	t.Run("empty-store", func(t *testing.T) {
		st := s.empty(t)
		sameIDs(t, "Nodes", nodeIDs(mustNodes(t, st, stateArcadia)), []graph.ID{"<nil>"})
	})

	t.Run("every-property-type-and-source", func(t *testing.T) {
		st := s.loaded(t)
		// XAA has string, bool, int64, float64 and []string properties; TS01
		// has two sources, one with every field set.
		for _, id := range []graph.ID{stateArcadia, instConvention, stateElysia} {
			sameNode(t, mustNode(t, st, id), fixtureNode(id))
		}
	})

	t.Run("returns-copies", func(t *testing.T) {
		st := s.loaded(t)
		for _, id := range []graph.ID{stateArcadia, instConvention} {
			n := mustNode(t, st, id)
			for k, v := range n.Props {
				if list, ok := v.([]string); ok && len(list) > 0 {
					list[0] = "changed"
				}
				n.Props[k] = "changed"
			}
			n.Props["added"] = "changed"
			for i := range n.Sources {
				n.Sources[i].Citation = "changed"
			}
			n.Key = "changed"
			sameNode(t, mustNode(t, st, id), fixtureNode(id))
		}
	})
}
