package seed_test

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/seed"
)

func TestLoadIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	defer s.Close()

	b, err := seed.Load(ctx, s)
	if err != nil {
		t.Fatalf("first Load: %v", err)
	}
	first, err := s.Counts(ctx)
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatalf("second Load: %v", err)
	}
	second, err := s.Counts(ctx)
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	if !maps.Equal(first.Nodes, second.Nodes) || !maps.Equal(first.Relationships, second.Relationships) {
		t.Errorf("counts after one load %v, after two %v", first, second)
	}

	// The store holds exactly what the batch holds.
	want := graph.Counts{Nodes: map[graph.NodeKind]int{}, Relationships: map[graph.RelType]int{}}
	for _, n := range b.Nodes {
		want.Nodes[n.Kind]++
	}
	for _, r := range b.Relationships {
		want.Relationships[r.Type]++
	}
	if !maps.Equal(first.Nodes, want.Nodes) || !maps.Equal(first.Relationships, want.Relationships) {
		t.Errorf("store counts %v, batch counts %v", first, want)
	}
	if first.Nodes[graph.KindState] != 193 || first.Nodes[graph.KindParagraph] != 22 {
		t.Errorf("counts %v", first.Nodes)
	}

	// What was written can be read back.
	nodes, err := s.Nodes(ctx, []graph.ID{"State:FRA", "Paragraph:A/RES/66/178/op/9"})
	if err != nil {
		t.Fatalf("Nodes: %v", err)
	}
	if nodes[0] == nil || nodes[0].Props.String("nameFr") != "France (la)" {
		t.Errorf("State:FRA = %+v", nodes[0])
	}
	if nodes[1] == nil || nodes[1].Props.String("verb") != "Encourage" {
		t.Errorf("op/9 = %+v", nodes[1])
	}
	rels, err := s.Relationships(ctx, []graph.ID{"CrimeType:terrorism"}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelLinkedTo}})
	if err != nil {
		t.Fatalf("Relationships: %v", err)
	}
	if got := rels["CrimeType:terrorism"]; len(got) != 1 || got[0].Source.Paragraph != "Paragraph:A/RES/66/178/op/9" {
		t.Errorf("terrorism LINKED_TO = %+v", got)
	}
}

// failingStore refuses every write.
type failingStore struct{ graph.Store }

var errRefused = errors.New("refused")

func (failingStore) Apply(context.Context, graph.Batch) error { return errRefused }

func TestLoadReportsTheStoreError(t *testing.T) {
	_, err := seed.Load(context.Background(), failingStore{})
	if !errors.Is(err, errRefused) {
		t.Errorf("Load = %v, want the store's error wrapped", err)
	}
}
