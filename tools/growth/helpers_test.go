package growth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/tools/synth/synth"
)

// These tests check the benchmarks' own machinery, quickly, so that CI
// runs it although it skips the benchmarks.

func TestMixDocumentsAskAboutTheProbe(t *testing.T) {
	p, err := synth.ProbeIDs()
	if err != nil {
		t.Fatal(err)
	}
	docs := mixDocuments(t, p)
	if len(docs) != 6 {
		t.Fatalf("%d documents, want the mix's 6", len(docs))
	}
	for _, d := range docs {
		for _, real := range []string{"FRA", "Western Africa", "A/RES/66/178", "instruments {"} {
			if strings.Contains(d.query, real) {
				t.Errorf("%s still asks about %q:\n%s", d.name, real, d.query)
			}
		}
	}
}

func TestMemberStatesAsNamesTheProbesGroup(t *testing.T) {
	ctx := context.Background()
	min, err := synth.MinNodes()
	if err != nil {
		t.Fatal(err)
	}
	s, g, err := synth.NewMemory(ctx, synth.Config{Nodes: min + 500})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := g.Probes()
	if err != nil {
		t.Fatal(err)
	}
	q := graph.NodeQuery{
		Kind:    graph.KindState,
		Related: []graph.RelCond{{Type: graph.RelMemberOf, Dir: graph.Out, Other: analysis.MemberStatesGroup}},
	}
	if page, err := s.FindNodes(ctx, q); err != nil || page.Total != 0 {
		t.Fatalf("the synthetic graph has %d members of %s (%v): it must hold no real ID", page.Total, analysis.MemberStatesGroup, err)
	}
	view := memberStatesAs{Store: s, group: p.MemberStates}
	page, err := view.FindNodes(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 193 {
		t.Errorf("through the view, %d Member States; want the probe's 193", page.Total)
	}
	if q.Related[0].Other != analysis.MemberStatesGroup {
		t.Error("the view changed the caller's query")
	}
	gaps, err := analysis.ParticipationGaps(ctx, view, p.Instrument, p.SubregionName, gapsAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if gaps.MemberStates != 16 {
		t.Errorf("gaps in %s consider %d Member States, want Western Africa's 16", p.SubregionName, gaps.MemberStates)
	}
}
