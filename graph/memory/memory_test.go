package memory_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return memory.New() })
}

// TestConformancePlans runs the suite with each way of planning a find
// forced, so that the small graph of the suite takes the paths that the
// default rules keep for large graphs: equality indexes, the order index,
// relationship conditions checked either way.
func TestConformancePlans(t *testing.T) {
	for _, p := range []struct {
		name string
		plan memory.Plan
	}{{"scan", memory.PlanScan}, {"index-sort", memory.PlanIndexSort}, {"index-order", memory.PlanIndexOrder}} {
		t.Run(p.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) graph.Store {
				s := memory.New()
				memory.SetPlan(s, p.plan)
				return s
			})
		})
	}
}

var testSource = graph.Source{Citation: "memory test", Basis: graph.Stated}

func TestApplyListsProblems(t *testing.T) {
	tests := []struct {
		name     string
		bad      int
		contains []string
		lacks    []string
	}{
		{"one", 1, []string{"1 problem(s)", "State:X0"}, []string{"more"}},
		{"twenty", 20, []string{"20 problem(s)", "State:X19"}, []string{"more"}},
		{"twenty-five", 25, []string{"25 problem(s)", "State:X19", "and 5 more"}, []string{"State:X20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := memory.New()
			var b graph.Batch
			for i := range tt.bad {
				b.Nodes = append(b.Nodes, graph.NewNode(graph.KindState, fmt.Sprintf("X%d", i), graph.Props{"bad": 1}, testSource))
			}
			err := s.Apply(t.Context(), b)
			if code := graph.ErrorCode(err); code != graph.Invalid {
				t.Fatalf("Apply = %v (code %q), want Invalid", err, code)
			}
			msg := graph.ErrorMessage(err)
			for _, want := range tt.contains {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			for _, unwanted := range tt.lacks {
				if strings.Contains(msg, unwanted) {
					t.Errorf("message %q holds %q", msg, unwanted)
				}
			}
		})
	}
}

func TestApplyNamesMissingEndpoint(t *testing.T) {
	s := memory.New()
	err := s.Apply(t.Context(), graph.Batch{
		Nodes: []*graph.Node{graph.NewNode(graph.KindState, "XAA", nil, testSource)},
		Relationships: []*graph.Relationship{{
			From: "State:XAA", Type: graph.RelInRegion, To: "Region:999", Source: testSource,
		}},
	})
	if msg := graph.ErrorMessage(err); !strings.Contains(msg, "no node Region:999") {
		t.Errorf("Apply = %v, want a message naming the missing Region:999", err)
	}
}

func TestContextErrorsAreWrapped(t *testing.T) {
	s := memory.New()
	ctx, cancel := context.WithTimeout(t.Context(), 0)
	defer cancel()
	<-ctx.Done()
	_, err := s.Counts(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "counts") {
		t.Errorf("Counts with an expired context = %v, want a wrapped context.DeadlineExceeded naming the call", err)
	}
}

func TestSearchRanking(t *testing.T) {
	s := memory.New()
	nodes := []*graph.Node{
		graph.NewNode(graph.KindTopic, "exact", graph.Props{"nameEn": "Test"}, testSource),
		graph.NewNode(graph.KindTopic, "longer", graph.Props{"nameEn": "Testing"}, testSource),
		graph.NewNode(graph.KindTopic, "zh", graph.Props{"nameZh": "测试国"}, testSource),
	}
	if err := s.Apply(t.Context(), graph.Batch{Nodes: nodes}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []graph.ID
	}{
		{"exact word before prefix match", "test", []graph.ID{"Topic:exact", "Topic:longer"}},
		{"prefix only", "testi", []graph.ID{"Topic:longer"}},
		{"chinese characters in any order", "国测", []graph.ID{"Topic:zh"}},
		{"chinese character missing", "测中", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(t.Context(), graph.SearchQuery{Text: tt.text, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []graph.ID
			for _, h := range hits {
				got = append(got, h.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestSearchWithoutWordsIsInvalid(t *testing.T) {
	s := memory.New()
	_, err := s.Search(t.Context(), graph.SearchQuery{Text: "-- / ;", Limit: 10})
	if code := graph.ErrorCode(err); code != graph.Invalid {
		t.Errorf("Search of punctuation = %v (code %q), want Invalid", err, code)
	}
}

// TestConcurrentUse runs readers while batches are applied; run it with -race.
func TestConcurrentUse(t *testing.T) {
	s := memory.New()
	ctx := t.Context()
	if err := s.Apply(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				var err error
				switch (w + i) % 4 {
				case 0:
					_, err = s.Search(ctx, graph.SearchQuery{Text: "essai", Limit: 5})
				case 1:
					_, err = s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 5})
				case 2:
					_, err = s.Relationships(ctx, []graph.ID{"State:XAA", "Region:902"}, graph.RelQuery{Dir: graph.Both})
				case 3:
					_, err = s.Nodes(ctx, []graph.ID{"State:XAA"})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 50 {
			n := graph.NewNode(graph.KindTopic, fmt.Sprintf("t%d", i), graph.Props{"nameFr": fmt.Sprintf("Thème d’essai %d", i)}, testSource)
			if err := s.Apply(ctx, graph.Batch{Nodes: []*graph.Node{n}}); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Nodes[graph.KindTopic] != 52 {
		t.Errorf("%d topics after the concurrent writes, want 52", c.Nodes[graph.KindTopic])
	}
}
