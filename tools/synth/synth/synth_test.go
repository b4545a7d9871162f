package synth_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/tools/synth/synth"
)

// digest returns a hash of every batch g streams, in order.
func digest(t *testing.T, g *synth.Graph) string {
	t.Helper()
	h := sha256.New()
	enc := json.NewEncoder(h)
	for b := range g.Batches(1000) {
		if err := enc.Encode(b); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func newGraph(t *testing.T, cfg synth.Config) *synth.Graph {
	t.Helper()
	g, err := synth.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSameConfigSameGraph(t *testing.T) {
	a := digest(t, newGraph(t, synth.Config{Nodes: 3000, Seed: 7}))
	if b := digest(t, newGraph(t, synth.Config{Nodes: 3000, Seed: 7})); a != b {
		t.Error("two graphs of the same Config differ")
	}
	if c := digest(t, newGraph(t, synth.Config{Nodes: 3000, Seed: 8})); a == c {
		t.Error("graphs of seeds 7 and 8 are the same")
	}
}

func TestConfigOutOfRange(t *testing.T) {
	min, err := synth.MinNodes()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{-1, 0, min - 1} {
		if _, err := synth.New(synth.Config{Nodes: n}); graph.ErrorCode(err) != graph.Invalid {
			t.Errorf("New(%d nodes) = %v, want Invalid", n, err)
		}
	}
	g, err := synth.New(synth.Config{Nodes: min})
	if err != nil {
		t.Fatalf("New(%d nodes, the probe and the manifest): %v", min, err)
	}
	if g.Nodes() != min {
		t.Errorf("Nodes() = %d, want %d", g.Nodes(), min)
	}
}

// load returns a memory store holding the graph cfg describes.
func load(t *testing.T, cfg synth.Config) (*memory.Store, *synth.Graph) {
	t.Helper()
	s, g, err := synth.NewMemory(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, g
}

// everything returns every node and relationship of s.
func everything(t *testing.T, s graph.Store) ([]*graph.Node, []*graph.Relationship) {
	t.Helper()
	ctx := context.Background()
	var nodes []*graph.Node
	var rels []*graph.Relationship
	for _, k := range graph.NodeKinds {
		page, err := s.FindNodes(ctx, graph.NodeQuery{Kind: k, Limit: math.MaxInt32})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]graph.ID, len(page.Nodes))
		for i, n := range page.Nodes {
			ids[i] = n.ID
		}
		out, err := s.Relationships(ctx, ids, graph.RelQuery{Dir: graph.Out})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			rels = append(rels, out[id]...)
		}
		nodes = append(nodes, page.Nodes...)
	}
	return nodes, rels
}

func TestEveryNodeAndRelationshipIsMarkedSynthetic(t *testing.T) {
	s, g := load(t, synth.Config{Nodes: 4000, Seed: 3})
	nodes, rels := everything(t, s)
	if len(nodes) != g.Nodes() || len(rels) != g.Relationships() {
		t.Fatalf("the store holds %d nodes and %d relationships, the plan %d and %d", len(nodes), len(rels), g.Nodes(), g.Relationships())
	}
	for _, n := range nodes {
		if !synth.IsSynthetic(n) {
			t.Fatalf("%s is not marked synthetic: %v", n.ID, n.Props)
		}
		if name := n.Label(graph.EN); n.Kind != graph.KindParagraph && n.Kind != graph.KindFootnote && !strings.HasPrefix(strings.ToLower(name), "synthetic") {
			t.Errorf("%s is labelled %q, not as synthetic", n.ID, name)
		}
		if len(n.Sources) == 0 {
			t.Errorf("%s has no source", n.ID)
		}
		for _, src := range n.Sources {
			if src.Document != synth.SourceDocument || src.Note != synth.SourceNote {
				t.Fatalf("%s has a source that does not say it is synthetic: %+v", n.ID, src)
			}
		}
		for _, l := range graph.Langs {
			for _, base := range []string{"text", "description"} {
				if v := n.Props.String(base + l.Suffix()); v != "" && !strings.HasPrefix(strings.ToLower(v), "synthetic") {
					t.Fatalf("%s: %s%s = %q, not a synthetic text", n.ID, base, l.Suffix(), v)
				}
			}
		}
	}
	for _, r := range rels {
		if r.Source.Document != synth.SourceDocument {
			t.Fatalf("%s has a source that does not say it is synthetic: %+v", r.Identity(), r.Source)
		}
	}
	if _, err := synth.CheckOnlySynthetic(context.Background(), s); err != nil {
		t.Errorf("CheckOnlySynthetic: %v", err)
	}
}

// endsOf returns the (start kind, type, end kind) of every relationship
// of the reference (the seed with the participation fixture): the kinds
// each type may join.
func endsOf(t *testing.T) map[string]bool {
	t.Helper()
	s := memory.New()
	defer s.Close()
	if _, err := seed.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), testgraph.ParticipationFixture()); err != nil {
		t.Fatal(err)
	}
	_, rels := everything(t, s)
	out := map[string]bool{}
	for _, r := range rels {
		out[fmt.Sprintf("%s-%s->%s", r.From.Kind(), r.Type, r.To.Kind())] = true
	}
	return out
}

func TestRelationshipsJoinTheKindsTheirTypeJoins(t *testing.T) {
	allowed := endsOf(t)
	_, rels := everything(t, func() graph.Store { s, _ := load(t, synth.Config{Nodes: 6000, Seed: 5}); return s }())
	for _, r := range rels {
		if k := fmt.Sprintf("%s-%s->%s", r.From.Kind(), r.Type, r.To.Kind()); !allowed[k] {
			t.Fatalf("%s joins %s, which no relationship of the seed does", r.Identity(), k)
		}
	}
}

func TestStateAndParagraphPropertiesRepeatTheirRelationships(t *testing.T) {
	s, _ := load(t, synth.Config{Nodes: 5000, Seed: 2})
	ctx := context.Background()
	states, err := s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindState, Limit: math.MaxInt32})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]graph.ID, len(states.Nodes))
	for i, n := range states.Nodes {
		ids[i] = n.ID
	}
	regions, err := s.Relationships(ctx, ids, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelInRegion}})
	if err != nil {
		t.Fatal(err)
	}
	codeProp := map[string]string{"REGION": "regionCode", "SUBREGION": "subregionCode", "INTERMEDIATE_REGION": "intermediateRegionCode"}
	for _, st := range states.Nodes {
		levels := map[string]bool{}
		for _, r := range regions[st.ID] {
			level := r.Props.String("level")
			if levels[level] {
				t.Fatalf("%s is in two regions of level %s", st.ID, level)
			}
			levels[level] = true
			if got := st.Props.String(codeProp[level]); got != r.To.Key() {
				t.Fatalf("%s: %s = %q, but it is IN_REGION %s", st.ID, codeProp[level], got, r.To)
			}
		}
		if !levels["REGION"] || !levels["SUBREGION"] {
			t.Fatalf("%s lacks a region or a sub-region: %v", st.ID, levels)
		}
	}
	paras, err := s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindParagraph, Limit: math.MaxInt32})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paras.Nodes {
		res, err := s.Relationships(ctx, []graph.ID{p.ID}, graph.RelQuery{Dir: graph.In, Types: []graph.RelType{graph.RelHasParagraph}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res[p.ID]) == 0 {
			t.Fatalf("%s belongs to no resolution", p.ID)
		}
		if got, want := p.Props.String("resolution"), res[p.ID][0].From.Key(); got != want {
			t.Fatalf("%s: resolution = %q, but %s HAS_PARAGRAPH it", p.ID, got, res[p.ID][0].From)
		}
	}
}

// relSignature returns, for node id of s, the number of its relationships
// of each type and direction.
func relSignature(t *testing.T, s graph.Store, id graph.ID) map[string]int {
	t.Helper()
	rels, err := s.Relationships(context.Background(), []graph.ID{id}, graph.RelQuery{Dir: graph.Both})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rels[id] {
		dir := "out"
		if r.To == id {
			dir = "in"
		}
		out[string(r.Type)+" "+dir]++
	}
	return out
}

func TestTheProbeMirrorsTheSeedAtEverySize(t *testing.T) {
	ref := memory.New()
	defer ref.Close()
	if _, err := seed.Load(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	if err := ref.Apply(context.Background(), testgraph.ParticipationFixture()); err != nil {
		t.Fatal(err)
	}
	refNodes, _ := everything(t, ref)
	want, err := synth.ProbeIDs()
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []synth.Config{{Nodes: 2000, Seed: 1}, {Nodes: 12000, Seed: 9}} {
		t.Run(fmt.Sprint(cfg.Nodes), func(t *testing.T) {
			s, g := load(t, cfg)
			got, err := g.Probes()
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("Probes() = %+v, want %+v (the same at every size)", got, want)
			}
			for _, n := range refNodes {
				m, ok := g.Mirror(n.ID)
				if !ok {
					t.Fatalf("%s has no mirror", n.ID)
				}
				a, b := relSignature(t, ref, n.ID), relSignature(t, s, m)
				if fmt.Sprint(a) != fmt.Sprint(b) {
					t.Fatalf("%s has relationships %v, its mirror %s %v", n.ID, a, m, b)
				}
			}
		})
	}
}

func TestTheRandomPartHasTheSeedsProportions(t *testing.T) {
	shape, err := synth.SeedShape()
	if err != nil {
		t.Fatal(err)
	}
	const n = 60000
	g := newGraph(t, synth.Config{Nodes: n, Seed: 4})
	min, err := synth.MinNodes()
	if err != nil {
		t.Fatal(err)
	}
	scale := float64(n-min) / float64(shape.Nodes)
	counts := g.Counts()
	seedKinds := map[graph.NodeKind]int{}
	for _, c := range shape.Classes {
		seedKinds[c.Kind] += c.Count
	}
	for k, c := range seedKinds {
		// The probe holds one more copy of the seed.
		if got, want := float64(counts.Nodes[k]-c), scale*float64(c); math.Abs(got-want) > 1 {
			t.Errorf("%s: %v random nodes, want %.1f", k, got, want)
		}
	}
	seedTypes := map[graph.RelType]int{}
	for _, tr := range shape.Triples {
		seedTypes[tr.Type] += tr.Count
	}
	probe := map[graph.RelType]int{graph.RelParticipatesIn: 18, graph.RelTargets: 8, graph.RelBenefits: 6, graph.RelPartOfProgramme: 5}
	for ty, c := range seedTypes {
		got := float64(counts.Relationships[ty] - c - probe[ty])
		if want := scale * float64(c); math.Abs(got-want) > 0.01*want+2 {
			t.Errorf("%s: %v random relationships, want %.0f ± 1%%", ty, got, want)
		}
	}
	for ty := range probe {
		if counts.Relationships[ty] != probe[ty] {
			t.Errorf("%s: %d relationships, want the fixture's %d alone", ty, counts.Relationships[ty], probe[ty])
		}
	}
}

func TestDegreesFollowTheSeedsHistograms(t *testing.T) {
	shape, err := synth.SeedShape()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := load(t, synth.Config{Nodes: 40000, Seed: 6})
	got, err := synth.Measure(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	byTriple := map[synth.Triple]synth.TripleShape{}
	for _, tr := range got.Triples {
		byTriple[tr.Triple] = tr
	}
	for _, want := range shape.Triples {
		tr, ok := byTriple[want.Triple]
		if !ok {
			t.Errorf("%s: none generated", want.Triple)
			continue
		}
		for _, end := range []struct {
			name      string
			got, want synth.Histogram
		}{{"out", tr.Out, want.Out}, {"in", tr.In, want.In}} {
			// The share of nodes without any, and the mean degree of
			// those with some, are the seed's within a tolerance that
			// covers the draw (fewer than 50 nodes hold such ends in
			// the seed) and the nudges that match both ends' totals.
			zero := func(h synth.Histogram) float64 { return float64(h[0]) / float64(h.Nodes()) }
			mean := func(h synth.Histogram) float64 { return float64(h.Ends()) / float64(h.Nodes()-h[0]) }
			if d := math.Abs(zero(end.got) - zero(end.want)); d > 0.1 {
				t.Errorf("%s %s: %.2f of the nodes have none, %.2f in the seed", want.Triple, end.name, zero(end.got), zero(end.want))
			}
			if r := mean(end.got) / mean(end.want); r < 0.8 || r > 1.25 {
				t.Errorf("%s %s: %.2f on average, %.2f in the seed", want.Triple, end.name, mean(end.got), mean(end.want))
			}
			if end.got.Max() < end.want.Max() {
				t.Errorf("%s %s: the largest degree is %d, %d in the seed: the tail is lost", want.Triple, end.name, end.got.Max(), end.want.Max())
			}
		}
	}
}

func TestLoadRefusesAStoreWithRealData(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	defer s.Close()
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	before, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g := newGraph(t, synth.Config{Nodes: 1000})
	err = synth.Load(ctx, s, g, synth.LoadOptions{})
	if graph.ErrorCode(err) != graph.Invalid || !strings.Contains(err.Error(), "not synthetic") {
		t.Fatalf("Load into the seed = %v, want Invalid naming the real nodes", err)
	}
	after, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("Load refused but changed the store: %v, then %v", before, after)
	}
}

func TestLoadRefusesAnotherSyntheticGraph(t *testing.T) {
	ctx := context.Background()
	s, g := load(t, synth.Config{Nodes: 1000, Seed: 1})
	if m, err := synth.ReadManifest(ctx, s); err != nil || m == nil || !m.Complete || m.Nodes != 1000 || m.Seed != 1 || m.Generator != synth.Generator {
		t.Fatalf("ReadManifest = %+v, %v", m, err)
	}
	if err := synth.Load(ctx, s, g, synth.LoadOptions{}); !errors.Is(err, synth.ErrAlreadyLoaded) {
		t.Errorf("loading the same graph again = %v, want ErrAlreadyLoaded", err)
	}
	for _, cfg := range []synth.Config{{Nodes: 1000, Seed: 2}, {Nodes: 1200, Seed: 1}} {
		if err := synth.Load(ctx, s, newGraph(t, cfg), synth.LoadOptions{}); graph.ErrorCode(err) != graph.Invalid {
			t.Errorf("loading %+v over another graph = %v, want Invalid", cfg, err)
		}
	}
}

func TestLoadCompletesAnInterruptedLoad(t *testing.T) {
	ctx := context.Background()
	g := newGraph(t, synth.Config{Nodes: 1500, Seed: 3})
	s := memory.New()
	defer s.Close()
	i := 0
	for b := range g.Batches(500) {
		if i == 2 {
			break
		}
		if err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		i++
	}
	if m, err := synth.ReadManifest(ctx, s); err != nil || m == nil || m.Complete {
		t.Fatalf("after part of a load, ReadManifest = %+v, %v; want an incomplete manifest", m, err)
	}
	if err := synth.Load(ctx, s, g, synth.LoadOptions{BatchSize: 700}); err != nil {
		t.Fatalf("completing the load: %v", err)
	}
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(c) != fmt.Sprint(g.Counts()) {
		t.Errorf("Counts = %v, want %v", c, g.Counts())
	}
}

func TestLoadIntoNeo4j(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Open(t)
	g := newGraph(t, synth.Config{Nodes: 1500, Seed: 11})
	if err := synth.Load(ctx, s, g, synth.LoadOptions{BatchSize: 400}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(c) != fmt.Sprint(g.Counts()) {
		t.Errorf("Counts = %v, want %v", c, g.Counts())
	}
	if n, err := synth.CheckOnlySynthetic(ctx, s); err != nil || n != g.Nodes() {
		t.Errorf("CheckOnlySynthetic = %d, %v; want %d, nil", n, err, g.Nodes())
	}
	p, err := g.Probes()
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := s.Nodes(ctx, []graph.ID{p.State, p.Paragraph})
	if err != nil || nodes[0] == nil || nodes[1] == nil {
		t.Fatalf("the probe's nodes: %v, %v", nodes, err)
	}
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := synth.CheckOnlySynthetic(ctx, s); graph.ErrorCode(err) != graph.Invalid {
		t.Errorf("CheckOnlySynthetic with the seed loaded = %v, want Invalid", err)
	}
	if err := synth.Load(ctx, s, g, synth.LoadOptions{}); graph.ErrorCode(err) != graph.Invalid {
		t.Errorf("Load with the seed loaded = %v, want Invalid", err)
	}
}
