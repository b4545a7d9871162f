package storetest

import (
	"maps"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

func (s suite) testDegrees(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		sameDegrees(t, mustDegrees(t, s.empty(t)), graph.Degrees{})
	})
	t.Run("fixture", func(t *testing.T) {
		st := s.loaded(t)
		want := graph.DegreesOf(Fixture().Nodes, Fixture().Relationships)
		// A few values checked by hand, so that DegreesOf cannot be wrong
		// in the same way as the store.
		for _, c := range []struct {
			key  graph.DegreeKey
			want int
		}{
			{graph.DegreeKey{Kind: graph.KindResolution, Type: graph.RelHasParagraph, Dir: graph.Out}, 3},
			{graph.DegreeKey{Kind: graph.KindParagraph, Type: graph.RelHasParagraph, Dir: graph.In}, 1},
			{graph.DegreeKey{Kind: graph.KindParagraph, Type: graph.RelCites, Dir: graph.Out}, 2}, // parallel citations
			{graph.DegreeKey{Kind: graph.KindRegion, Type: graph.RelInRegion, Dir: graph.In}, 2},
			{graph.DegreeKey{Kind: graph.KindRegion, Type: graph.RelPartOf, Dir: graph.Both}, 2},
			{graph.DegreeKey{Kind: graph.KindRegion, Type: graph.RelPartOf, Dir: graph.Out}, 1},
			{graph.DegreeKey{Kind: graph.KindInstrument, Type: graph.RelConcerns, Dir: graph.In}, 1},
			{graph.DegreeKey{Kind: graph.KindState, Type: graph.RelMemberOf, Dir: graph.Out}, 0},
		} {
			if got := want.Rels[c.key]; got != c.want {
				t.Fatalf("DegreesOf the fixture: %+v = %d, want %d", c.key, got, c.want)
			}
		}
		if want.Parallel[graph.RelCites] != 2 || want.Parallel[graph.RelHasParagraph] != 1 || want.Parallel[graph.RelMemberOf] != 0 {
			t.Fatalf("DegreesOf the fixture: parallel relationships %v, want 2 CITES, 1 HAS_PARAGRAPH", want.Parallel)
		}
		if want.Sources[graph.KindInstrument] != 2 || want.Sources[graph.KindState] != 1 {
			t.Fatalf("DegreesOf the fixture: sources %v, want 2 per instrument and 1 per State", want.Sources)
		}
		got := mustDegrees(t, st)
		sameDegrees(t, got, want)
		sameDegrees(t, got, degreesByRelationships(t, st))
	})
	t.Run("self-loops-and-parallels", func(t *testing.T) {
		st := s.loaded(t)
		extra := []*graph.Relationship{
			rel(bodyOffice, graph.RelCoordinates, bodyOffice, "", nil),
			rel(bodyOffice, graph.RelCoordinates, bodyAssembly, "a", nil),
			rel(bodyOffice, graph.RelCoordinates, bodyAssembly, "b", nil),
		}
		mustApply(t, st, graph.Batch{Relationships: extra})
		got := mustDegrees(t, st)
		for dir, want := range map[graph.Direction]int{graph.Out: 3, graph.In: 2, graph.Both: 3} {
			if n := got.Max(graph.KindBody, graph.RelCoordinates, dir); n != want {
				t.Errorf("Degrees: Body %s %s = %d, want %d (a self-loop counts once either way)", graph.RelCoordinates, dir, n, want)
			}
		}
		if n := got.Parallel[graph.RelCoordinates]; n != 2 {
			t.Errorf("Degrees: at most %d parallel %s relationships, want 2", n, graph.RelCoordinates)
		}
		f := Fixture()
		sameDegrees(t, got, graph.DegreesOf(f.Nodes, append(f.Relationships, extra...)))
		sameDegrees(t, got, degreesByRelationships(t, st))
	})
}

func mustDegrees(t *testing.T, st graph.Store) graph.Degrees {
	t.Helper()
	d, err := st.Degrees(t.Context())
	if err != nil {
		t.Fatalf("Degrees: %v", err)
	}
	return d
}

// degreesByRelationships computes the relationship degrees and parallel
// relationships of st from what Relationships returns for each of its
// nodes, and the sources from FindNodes.
func degreesByRelationships(t *testing.T, st graph.Store) graph.Degrees {
	t.Helper()
	d := graph.Degrees{Rels: map[graph.DegreeKey]int{}, Parallel: map[graph.RelType]int{}, Sources: map[graph.NodeKind]int{}}
	for _, k := range graph.NodeKinds {
		page, err := st.FindNodes(t.Context(), graph.NodeQuery{Kind: k, Limit: 10000})
		if err != nil {
			t.Fatalf("FindNodes(%s): %v", k, err)
		}
		ids := make([]graph.ID, len(page.Nodes))
		for i, n := range page.Nodes {
			ids[i] = n.ID
			d.Sources[k] = max(d.Sources[k], len(n.Sources))
		}
		if d.Sources[k] == 0 {
			delete(d.Sources, k)
		}
		for _, dir := range []graph.Direction{graph.Out, graph.In, graph.Both} {
			for id, rels := range mustRels(t, st, ids, graph.RelQuery{Dir: dir}) {
				per := map[graph.RelType]int{}
				type target struct {
					t  graph.RelType
					to graph.ID
				}
				parallel := map[target]int{}
				for _, r := range rels {
					per[r.Type]++
					if dir == graph.Out && r.From == id {
						p := target{r.Type, r.To}
						parallel[p]++
						d.Parallel[r.Type] = max(d.Parallel[r.Type], parallel[p])
					}
				}
				for typ, n := range per {
					key := graph.DegreeKey{Kind: k, Type: typ, Dir: dir}
					d.Rels[key] = max(d.Rels[key], n)
				}
			}
		}
	}
	return d
}

// sameDegrees fails t unless got and want hold the same numbers (an absent
// key and a zero are the same).
func sameDegrees(t *testing.T, got, want graph.Degrees) {
	t.Helper()
	keys := map[graph.DegreeKey]bool{}
	for k := range maps.Keys(got.Rels) {
		keys[k] = true
	}
	for k := range maps.Keys(want.Rels) {
		keys[k] = true
	}
	for k := range keys {
		if got.Rels[k] != want.Rels[k] {
			t.Errorf("Degrees: %s %s %s = %d, want %d", k.Kind, k.Type, k.Dir, got.Rels[k], want.Rels[k])
		}
	}
	for _, typ := range graph.RelTypes {
		if got.Parallel[typ] != want.Parallel[typ] {
			t.Errorf("Degrees: at most %d parallel %s relationships, want %d", got.Parallel[typ], typ, want.Parallel[typ])
		}
	}
	for _, k := range graph.NodeKinds {
		if got.Sources[k] != want.Sources[k] {
			t.Errorf("Degrees: at most %d sources per %s, want %d", got.Sources[k], k, want.Sources[k])
		}
	}
}
