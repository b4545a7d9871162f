package storetest

import (
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

func (s suite) testRelationships(t *testing.T) {
	tests := []struct {
		name string
		id   graph.ID
		q    graph.RelQuery
		want []string // identities, in order
	}{
		{"out", stateArcadia, graph.RelQuery{Dir: graph.Out}, []string{
			identity(stateArcadia, graph.RelInRegion, regionNorth, ""),
		}},
		{"in-none", stateArcadia, graph.RelQuery{Dir: graph.In}, nil},
		{"out-several", instConvention, graph.RelQuery{Dir: graph.Out}, []string{
			identity(instConvention, graph.RelAddresses, crimeNuclear, ""),
			identity(instConvention, graph.RelAdoptedAt, conference, ""),
		}},
		{"in-several", instConvention, graph.RelQuery{Dir: graph.In}, []string{
			identity(paraOP2, graph.RelConcerns, instConvention, ""),
			identity(bodyOffice, graph.RelDepositary, instConvention, ""),
			identity(instProtocol, graph.RelSupplements, instConvention, ""),
		}},
		{"both", instConvention, graph.RelQuery{Dir: graph.Both}, []string{
			identity(instConvention, graph.RelAddresses, crimeNuclear, ""),
			identity(instConvention, graph.RelAdoptedAt, conference, ""),
			identity(paraOP2, graph.RelConcerns, instConvention, ""),
			identity(bodyOffice, graph.RelDepositary, instConvention, ""),
			identity(instProtocol, graph.RelSupplements, instConvention, ""),
		}},
		{"type-before-other-end", regionNorth, graph.RelQuery{Dir: graph.Both}, []string{
			identity(stateArcadia, graph.RelInRegion, regionNorth, ""),
			identity(stateBorduria, graph.RelInRegion, regionNorth, ""),
			identity(regionNorth, graph.RelPartOf, regionTest, ""),
		}},
		{"other-end-order", resolution, graph.RelQuery{Dir: graph.Both}, []string{
			identity(resolution, graph.RelAdoptedBy, bodyAssembly, ""),
			identity(resolution, graph.RelHasParagraph, paraOP1, ""),
			identity(resolution, graph.RelHasParagraph, paraOP2, ""),
			identity(resolution, graph.RelHasParagraph, paraPP1, ""),
			identity(documentReport, graph.RelPartOf, resolution, ""),
		}},
		{"key-order", paraPP1, graph.RelQuery{Dir: graph.Both}, []string{
			identity(paraPP1, graph.RelCites, resolutionPrev, ""),
			identity(paraPP1, graph.RelCites, resolutionPrev, "second"),
			identity(resolution, graph.RelHasParagraph, paraPP1, ""),
		}},
		{"types", instConvention, graph.RelQuery{Dir: graph.Both, Types: []graph.RelType{graph.RelSupplements, graph.RelAddresses}}, []string{
			identity(instConvention, graph.RelAddresses, crimeNuclear, ""),
			identity(instProtocol, graph.RelSupplements, instConvention, ""),
		}},
		{"types-and-direction", instConvention, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelSupplements, graph.RelAddresses}}, []string{
			identity(instConvention, graph.RelAddresses, crimeNuclear, ""),
		}},
		{"other-kinds", instConvention, graph.RelQuery{Dir: graph.Both, OtherKinds: []graph.NodeKind{graph.KindInstrument, graph.KindBody}}, []string{
			identity(bodyOffice, graph.RelDepositary, instConvention, ""),
			identity(instProtocol, graph.RelSupplements, instConvention, ""),
		}},
		{"types-and-other-kinds", instConvention, graph.RelQuery{
			Dir: graph.Both, Types: []graph.RelType{graph.RelConcerns, graph.RelAddresses}, OtherKinds: []graph.NodeKind{graph.KindParagraph},
		}, []string{
			identity(paraOP2, graph.RelConcerns, instConvention, ""),
		}},
		{"type-without-match", instConvention, graph.RelQuery{Dir: graph.Both, Types: []graph.RelType{graph.RelParticipatesIn}}, nil},
		{"node-without-relationships", stateElysia, graph.RelQuery{Dir: graph.Both}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			m := mustRels(t, st, []graph.ID{tt.id}, tt.q)
			got, ok := m[tt.id]
			if len(tt.want) == 0 {
				if ok || len(m) != 0 {
					t.Errorf("got %v, want no entry", m)
				}
				return
			}
			if len(m) != 1 {
				t.Errorf("got entries for %d ids, want 1", len(m))
			}
			if ids := relIdentities(got); !slices.Equal(ids, tt.want) {
				t.Errorf("got\n  %q\nwant\n  %q", ids, tt.want)
			}
			for _, r := range got {
				sameRel(t, r, fixtureRel(r.Identity()))
			}
		})
	}

	t.Run("batch", func(t *testing.T) {
		st := s.loaded(t)
		ids := []graph.ID{stateArcadia, stateBorduria, stateElysia, "State:XZZ", "nonsense", regionSouth, stateArcadia}
		m := mustRels(t, st, ids, graph.RelQuery{Dir: graph.Both, Types: []graph.RelType{graph.RelInRegion}})
		want := map[graph.ID][]string{
			stateArcadia:  {identity(stateArcadia, graph.RelInRegion, regionNorth, "")},
			stateBorduria: {identity(stateBorduria, graph.RelInRegion, regionNorth, "")},
			regionSouth:   {identity(stateCoast, graph.RelInRegion, regionSouth, "")},
		}
		if len(m) != len(want) {
			t.Errorf("got entries for %d ids, want %d: %v", len(m), len(want), m)
		}
		for id, w := range want {
			if got := relIdentities(m[id]); !slices.Equal(got, w) {
				t.Errorf("%s: got %q, want %q", id, got, w)
			}
		}
	})

	// Two relationships of one type between the same two nodes, one each
	// way: the start node decides before the key.
	t.Run("start-node-before-key", func(t *testing.T) {
		st := s.loaded(t)
		mustApply(t, st, graph.Batch{Relationships: []*graph.Relationship{
			rel(bodyOffice, graph.RelCoordinates, bodyAssembly, "z", nil),
			rel(bodyAssembly, graph.RelCoordinates, bodyOffice, "", nil),
		}})
		m := mustRels(t, st, []graph.ID{bodyOffice}, graph.RelQuery{Dir: graph.Both, Types: []graph.RelType{graph.RelCoordinates}})
		first, second := identity(bodyAssembly, graph.RelCoordinates, bodyOffice, ""), identity(bodyOffice, graph.RelCoordinates, bodyAssembly, "z")
		if bodyOffice < bodyAssembly {
			first, second = second, first
		}
		if got, want := relIdentities(m[bodyOffice]), []string{first, second}; !slices.Equal(got, want) {
			t.Errorf("got\n  %q\nwant\n  %q", got, want)
		}
	})

	t.Run("none-asked", func(t *testing.T) {
		st := s.loaded(t)
		if m := mustRels(t, st, nil, graph.RelQuery{Dir: graph.Both}); len(m) != 0 {
			t.Errorf("got %v, want an empty map", m)
		}
	})

	t.Run("self-loop-once", func(t *testing.T) {
		st := s.loaded(t)
		loop := rel(bodyOffice, graph.RelCoordinates, bodyOffice, "", graph.Props{"note": "test loop"})
		mustApply(t, st, graph.Batch{Relationships: []*graph.Relationship{loop}})
		for _, dir := range []graph.Direction{graph.Out, graph.In, graph.Both} {
			m := mustRels(t, st, []graph.ID{bodyOffice}, graph.RelQuery{Dir: dir, Types: []graph.RelType{graph.RelCoordinates}})
			if got := relIdentities(m[bodyOffice]); !slices.Equal(got, []string{loop.Identity()}) {
				t.Errorf("%s: got %q, want the loop once", dir, got)
			}
		}
	})

	t.Run("both-ways-pair", func(t *testing.T) {
		st := s.loaded(t)
		there := rel(bodyOffice, graph.RelCoordinates, bodyAssembly, "", nil)
		back := rel(bodyAssembly, graph.RelCoordinates, bodyOffice, "", nil)
		mustApply(t, st, graph.Batch{Relationships: []*graph.Relationship{there, back}})
		m := mustRels(t, st, []graph.ID{bodyOffice}, graph.RelQuery{Dir: graph.Both, Types: []graph.RelType{graph.RelCoordinates}})
		got := relIdentities(m[bodyOffice])
		slices.Sort(got)
		want := []string{there.Identity(), back.Identity()}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("properties-and-source", func(t *testing.T) {
		st := s.loaded(t)
		// ADOPTED_AT carries string, int64, float64, bool and []string
		// properties; ADDRESSED_TO a source with every field set.
		for _, want := range []*graph.Relationship{
			fixtureRel(identity(instConvention, graph.RelAdoptedAt, conference, "")),
			fixtureRel(identity(paraOP1, graph.RelAddressedTo, bodyOffice, "")),
		} {
			m := mustRels(t, st, []graph.ID{want.To}, graph.RelQuery{Dir: graph.In, Types: []graph.RelType{want.Type}})
			if len(m[want.To]) != 1 {
				t.Fatalf("got %d %s relationships into %s, want 1", len(m[want.To]), want.Type, want.To)
			}
			sameRel(t, m[want.To][0], want)
		}
	})

	t.Run("returns-copies", func(t *testing.T) {
		st := s.loaded(t)
		q := graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelAdoptedAt}}
		got := mustRels(t, st, []graph.ID{instConvention}, q)[instConvention]
		if len(got) != 1 {
			t.Fatalf("got %d relationships, want 1", len(got))
		}
		got[0].Props.Strings("languages")[0] = "changed"
		got[0].Props["date"] = "changed"
		got[0].Source.Citation = "changed"
		got[0].To = "changed"
		again := mustRels(t, st, []graph.ID{instConvention}, q)[instConvention]
		if len(again) != 1 {
			t.Fatalf("got %d relationships, want 1", len(again))
		}
		sameRel(t, again[0], fixtureRel(identity(instConvention, graph.RelAdoptedAt, conference, "")))
	})

	invalid := []struct {
		name string
		q    graph.RelQuery
	}{
		{"empty-direction", graph.RelQuery{}},
		{"unknown-direction", graph.RelQuery{Dir: "UP"}},
		{"unknown-type", graph.RelQuery{Dir: graph.Both, Types: []graph.RelType{graph.RelInRegion, "BORDERS"}}},
		{"unknown-other-kind", graph.RelQuery{Dir: graph.Both, OtherKinds: []graph.NodeKind{"Planet"}}},
	}
	for _, tt := range invalid {
		t.Run("invalid/"+tt.name, func(t *testing.T) {
			st := s.loaded(t)
			_, err := st.Relationships(t.Context(), []graph.ID{stateArcadia}, tt.q)
			wantCode(t, err, graph.Invalid)
		})
	}
}
