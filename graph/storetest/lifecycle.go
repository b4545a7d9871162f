package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

func (s suite) testCounts(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		sameCounts(t, mustCounts(t, s.empty(t)), graph.Counts{})
	})
	t.Run("fixture", func(t *testing.T) {
		want := fixtureCounts(Fixture())
		if want.Nodes[graph.KindState] != 4 || want.Relationships[graph.RelCites] != 2 {
			t.Fatalf("fixtureCounts miscounts the fixture: %+v", want)
		}
		sameCounts(t, mustCounts(t, s.loaded(t)), want)
	})
	t.Run("grows-with-new-nodes", func(t *testing.T) {
		st := s.loaded(t)
		mustApply(t, st, graph.Batch{
			Nodes:         []*graph.Node{node("Programme:test-programme", graph.Props{"nameEn": "Test programme"})},
			Relationships: []*graph.Relationship{rel(bodyOffice, graph.RelRunsProgramme, "Programme:test-programme", "", nil)},
		})
		want := fixtureCounts(Fixture())
		want.Nodes[graph.KindProgramme]++
		want.Relationships[graph.RelRunsProgramme]++
		sameCounts(t, mustCounts(t, st), want)
	})
}

func (s suite) testPing(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		if err := s.empty(t).Ping(t.Context()); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
	t.Run("loaded", func(t *testing.T) {
		if err := s.loaded(t).Ping(t.Context()); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
}

// calls makes one call of every Store method but Close, returning its error.
func calls(st graph.Store) map[string]func(ctx context.Context) error {
	return map[string]func(ctx context.Context) error{
		"Apply": func(ctx context.Context) error {
			return st.Apply(ctx, graph.Batch{Nodes: []*graph.Node{node("State:XEE", graph.Props{"nameEn": "Late Testland"})}})
		},
		"ApplyStream": func(ctx context.Context) error {
			return st.ApplyStream(ctx, batches(0, graph.Batch{Nodes: []*graph.Node{node("State:XEF", graph.Props{"nameEn": "Later Testland"})}}))
		},
		"Nodes": func(ctx context.Context) error {
			_, err := st.Nodes(ctx, []graph.ID{stateArcadia})
			return err
		},
		"FindNodes": func(ctx context.Context) error {
			_, err := st.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindState, Limit: 10})
			return err
		},
		"Relationships": func(ctx context.Context) error {
			_, err := st.Relationships(ctx, []graph.ID{stateArcadia}, graph.RelQuery{Dir: graph.Both})
			return err
		},
		"Neighborhood": func(ctx context.Context) error {
			_, err := st.Neighborhood(ctx, stateArcadia, graph.NeighborhoodQuery{Depth: 2, Limit: 10})
			return err
		},
		"ShortestPaths": func(ctx context.Context) error {
			_, err := st.ShortestPaths(ctx, stateArcadia, stateBorduria, graph.PathQuery{MaxLength: 3})
			return err
		},
		"ShortestPaths/to-itself": func(ctx context.Context) error {
			_, err := st.ShortestPaths(ctx, stateArcadia, stateArcadia, graph.PathQuery{MaxLength: 3})
			return err
		},
		"Search": func(ctx context.Context) error {
			_, err := st.Search(ctx, graph.SearchQuery{Text: "arcadie", Limit: 10})
			return err
		},
		"Counts": func(ctx context.Context) error {
			_, err := st.Counts(ctx)
			return err
		},
		"Degrees": func(ctx context.Context) error {
			_, err := st.Degrees(ctx)
			return err
		},
		"Ping": func(ctx context.Context) error { return st.Ping(ctx) },
	}
}

func (s suite) testClose(t *testing.T) {
	t.Run("then-unavailable", func(t *testing.T) {
		st := s.loaded(t)
		if err := st.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		for name, call := range calls(st) {
			err := call(t.Context())
			if code := graph.ErrorCode(err); code != graph.Unavailable {
				t.Errorf("%s after Close: got %v (code %q), want an %s error", name, err, code, graph.Unavailable)
			}
		}
	})
	t.Run("twice", func(t *testing.T) {
		st := s.empty(t)
		if err := st.Close(); err != nil {
			t.Fatalf("first Close: %v", err)
		}
		if err := st.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})
}

func (s suite) testContext(t *testing.T) {
	t.Run("canceled", func(t *testing.T) {
		st := s.loaded(t)
		ctx := canceled(t)
		for name, call := range calls(st) {
			if err := call(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("%s with a canceled context: got %v, want an error wrapping context.Canceled", name, err)
			}
		}
		// The canceled Apply wrote nothing.
		sameCounts(t, mustCounts(t, st), fixtureCounts(Fixture()))
	})
}
