package analysis_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

func TestStateRegion(t *testing.T) {
	s := testgraph.Memory(t)
	nodes, err := s.Nodes(t.Context(), []graph.ID{"State:SEN", "State:FRA"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		state *graph.Node
		level string
		want  graph.ID
	}{
		{"region", nodes[0], analysis.LevelRegion, "Region:002"},
		{"sub-region", nodes[0], analysis.LevelSubregion, "Region:202"},
		{"intermediate region", nodes[0], analysis.LevelIntermediateRegion, "Region:011"},
		{"no intermediate region", nodes[1], analysis.LevelIntermediateRegion, ""},
		{"unknown level", nodes[1], "CONTINENT", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := analysis.StateRegion(tc.state, tc.level); got != tc.want {
				t.Errorf("StateRegion(%s, %s) = %q, want %q", tc.state.ID, tc.level, got, tc.want)
			}
		})
	}
}

func TestRegionCounts(t *testing.T) {
	cases := []struct {
		name       string
		level      string
		instrument graph.ID
		asOf       string
		want       []string // region members/parties/signatories
	}{
		{
			name: "Member States per region", level: analysis.LevelRegion,
			want: []string{"002 54/0/0", "009 14/0/0", "019 35/0/0", "142 47/0/0", "150 43/0/0"},
		},
		{
			name: "CT15 parties per region", level: analysis.LevelRegion, instrument: "Instrument:CT15", asOf: "2011-12-19",
			want: []string{"002 54/2/0", "009 14/0/0", "019 35/1/0", "142 47/1/0", "150 43/1/0"},
		},
		{
			name: "CT17 per region as of the resolution", level: analysis.LevelRegion, instrument: "Instrument:CT17", asOf: "2011-12-19",
			want: []string{"002 54/2/2", "009 14/0/0", "019 35/0/0", "142 47/0/0", "150 43/0/1"},
		},
		{
			name: "CT17 per region today", level: analysis.LevelRegion, instrument: "Instrument:CT17",
			want: []string{"002 54/4/2", "009 14/0/0", "019 35/0/0", "142 47/0/0", "150 43/1/0"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				counts, err := analysis.RegionCounts(t.Context(), c, tc.level, tc.instrument, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				got := make([]string, len(counts))
				for i, rc := range counts {
					got[i] = fmt.Sprintf("%s %d/%d/%d", rc.Region.Key, rc.MemberStates, rc.Parties, rc.Signatories)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %q\nwant %q", got, tc.want)
				}
				if n := c.Total(); n > 4 {
					t.Errorf("%d store calls, want at most 4", n)
				}
			})
		})
	}
}

func TestRegionCountsAddUp(t *testing.T) {
	s := testgraph.WithParticipation(t, testgraph.Memory(t))
	for _, level := range []string{analysis.LevelRegion, analysis.LevelSubregion, analysis.LevelIntermediateRegion} {
		counts, err := analysis.RegionCounts(t.Context(), s, level, "", "")
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range counts {
			total += c.MemberStates
		}
		// Every Member State has a region and a sub-region; 81 have an
		// intermediate region: the 48 of Sub-Saharan Africa and the 33 of
		// Latin America and the Caribbean.
		want := 193
		if level == analysis.LevelIntermediateRegion {
			want = 81
		}
		if total != want {
			t.Errorf("%s: %d Member States in all, want %d", level, total, want)
		}
	}
}

func TestInstrumentCounts(t *testing.T) {
	cases := []struct {
		name   string
		family string
		asOf   string
		want   []string // key parties/signatories, those with any
		total  int
	}{
		{
			name: "18 counter-terrorism instruments as of the resolution", family: "COUNTER_TERRORISM", asOf: "2011-12-19",
			want: []string{"CT15 5/0", "CT17 2/3"}, total: 18,
		},
		{
			name: "19 counter-terrorism instruments since CT19 opened", family: "COUNTER_TERRORISM", asOf: "2014-04-04",
			want: []string{"CT15 5/0", "CT17 3/3"}, total: 19,
		},
		{
			name: "every instrument today",
			want: []string{"CT15 5/0", "CT17 5/2", "CT19 1/0", "OC01 1/0"}, total: 23,
		},
		{
			name: "organized crime in 2000", family: "ORGANIZED_CRIME", asOf: "2000-12-31",
			want: []string{"OC01 0/1"}, total: 3,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				counts, err := analysis.InstrumentCounts(t.Context(), c, tc.family, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, ic := range counts {
					if ic.Date != analysis.InstrumentDate(ic.Instrument) {
						t.Errorf("%s: date %q", ic.Instrument.ID, ic.Date)
					}
					if ic.Parties+ic.Signatories > 0 {
						got = append(got, fmt.Sprintf("%s %d/%d", ic.Instrument.Key, ic.Parties, ic.Signatories))
					}
				}
				if !slices.Equal(got, tc.want) || len(counts) != tc.total {
					t.Errorf("%d instruments %q, want %d %q", len(counts), got, tc.total, tc.want)
				}
				if n := c.Total(); n != 2 {
					t.Errorf("%d store calls, want 2", n)
				}
			})
		})
	}
}

// TestEighteenInstrumentsOnTheDayOfTheResolution pins the count the issue
// names: as of 19 December 2011 there are 18 universal counter-terrorism
// instruments, not 19 (CT19 was opened for signature in 2014).
func TestEighteenInstrumentsOnTheDayOfTheResolution(t *testing.T) {
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		counts, err := analysis.InstrumentCounts(t.Context(), s, "COUNTER_TERRORISM", "2011-12-19")
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, c := range counts {
			keys = append(keys, c.Instrument.Key)
		}
		want := []string{"CT01", "CT02", "CT03", "CT04", "CT05", "CT06", "CT07", "CT08", "CT09", "CT10", "CT11", "CT12", "CT13", "CT14", "CT15", "CT16", "CT17", "CT18"}
		if !slices.Equal(keys, want) {
			t.Errorf("instruments as of 2011-12-19: %v, want the 18 %v", keys, want)
		}
	})
}

func TestCrimeTypeCounts(t *testing.T) {
	cases := []struct {
		name string
		asOf string
		want []string // key instruments/paragraphs/programmes/activities
	}{
		{
			name: "today",
			want: []string{
				"financing-of-terrorism 1/1/0/0", "firearms-trafficking 1/0/0/0", "nuclear-terrorism 1/1/0/0",
				"related-criminal-activities 0/1/0/1", "smuggling-of-migrants 1/0/0/0", "hostage-taking 1/0/0/0",
				"terrorism 19/11/1/0", "terrorist-bombings 1/0/0/0", "trafficking-in-persons 1/0/0/0",
				"transnational-organized-crime 4/1/0/0", "unlawful-seizure-of-aircraft 2/0/0/0", "terrorist-use-of-internet 0/1/0/0",
			},
		},
		{
			name: "the day before the resolution",
			asOf: "2011-12-18",
			want: []string{
				"financing-of-terrorism 1/0/0/0", "firearms-trafficking 1/0/0/0", "nuclear-terrorism 1/0/0/0",
				"related-criminal-activities 0/0/0/1", "smuggling-of-migrants 1/0/0/0", "hostage-taking 1/0/0/0",
				"terrorism 18/0/1/0", "terrorist-bombings 1/0/0/0", "trafficking-in-persons 1/0/0/0",
				"transnational-organized-crime 4/0/0/0", "unlawful-seizure-of-aircraft 2/0/0/0", "terrorist-use-of-internet 0/0/0/0",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				counts, err := analysis.CrimeTypeCounts(t.Context(), c, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				got := make([]string, len(counts))
				for i, ct := range counts {
					got[i] = fmt.Sprintf("%s %d/%d/%d/%d", ct.CrimeType.Key, ct.Instruments, ct.Paragraphs, ct.Programmes, ct.Activities)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %q\nwant %q", got, tc.want)
				}
				if n := c.Total(); n != 4 {
					t.Errorf("%d store calls, want 4", n)
				}
			})
		})
	}
}

func TestProgrammeCounts(t *testing.T) {
	cases := []struct {
		name string
		asOf string
		want []string // key activities/beneficiary states
	}{
		// The programme benefits Western Africa (16 States); its activities
		// add none outside it.
		{name: "today", want: []string{"test-ratification-support 5/16"}},
		{name: "in 2010", asOf: "2010-12-31", want: []string{"test-ratification-support 3/16"}},
		{name: "before the programme", asOf: "2008-12-31", want: []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				counts, err := analysis.ProgrammeCounts(t.Context(), c, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				got := make([]string, len(counts))
				for i, pc := range counts {
					got[i] = fmt.Sprintf("%s %d/%d", pc.Programme.Key, pc.Activities, pc.BeneficiaryStates)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %q\nwant %q", got, tc.want)
				}
				if n := c.Total(); n > 5 {
					t.Errorf("%d store calls, want at most 5", n)
				}
			})
		})
	}
}

// TestProgrammeCountsOutsideTheRegion checks that beneficiaries outside the
// programme's region add up, each State once.
func TestProgrammeCountsOutsideTheRegion(t *testing.T) {
	src := graph.Source{Citation: testgraph.FixtureCitation, Basis: graph.Imported}
	s := testgraph.WithParticipation(t, testgraph.Memory(t))
	err := s.Apply(t.Context(), graph.Batch{
		Nodes: []*graph.Node{graph.NewNode(graph.KindActivity, "test-paris", graph.Props{"startDate": "2012-01-01"}, src)},
		Relationships: []*graph.Relationship{
			{From: "Activity:test-paris", Type: graph.RelPartOfProgramme, To: "Programme:test-ratification-support", Source: src},
			{From: "Activity:test-paris", Type: graph.RelBenefits, To: "State:FRA", Source: src},
			{From: "Activity:test-paris", Type: graph.RelBenefits, To: "State:SEN", Source: src},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	counts, err := analysis.ProgrammeCounts(t.Context(), s, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0].Activities != 6 || counts[0].BeneficiaryStates != 17 {
		t.Errorf("got %+v, want 6 activities and 17 States", counts)
	}
}

func TestAggregatesErrors(t *testing.T) {
	s := testgraph.Memory(t)
	ctx := t.Context()
	_, err := analysis.RegionCounts(ctx, s, "CONTINENT", "", "")
	wantError(t, err, graph.Invalid, `"CONTINENT"`, "REGION", "SUBREGION", "INTERMEDIATE_REGION")
	_, err = analysis.RegionCounts(ctx, s, analysis.LevelRegion, "Instrument:CT19", "2011-12-19")
	wantError(t, err, graph.Invalid, "CT19 was opened for signature on 2014-04-04")
	_, err = analysis.RegionCounts(ctx, s, analysis.LevelRegion, "Instrument:CT42", "")
	wantError(t, err, graph.NotFound, "CT42")
	_, err = analysis.InstrumentCounts(ctx, s, "PIRACY", "")
	wantError(t, err, graph.Invalid, `"PIRACY"`, "COUNTER_TERRORISM")
	_, err = analysis.CrimeTypeCounts(ctx, s, "2011")
	wantError(t, err, graph.Invalid, `"2011"`)
	_, err = analysis.ProgrammeCounts(ctx, s, "soon")
	wantError(t, err, graph.Invalid, `"soon"`)
}
