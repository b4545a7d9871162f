package analysis_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// actionStrings renders actions as "STATE INSTRUMENT action date".
func actionStrings(actions []analysis.Action) []string {
	out := make([]string, len(actions))
	for i, a := range actions {
		out[i] = strings.Join([]string{a.State.Key(), a.Instrument.Key(), a.Action, a.Date}, " ")
	}
	return out
}

// actionMap renders a map of actions by ID.
func actionMap(m map[graph.ID][]analysis.Action) map[graph.ID][]string {
	out := map[graph.ID][]string{}
	for id, actions := range m {
		out[id] = actionStrings(actions)
	}
	return out
}

func TestOnOrBefore(t *testing.T) {
	cases := []struct {
		name, date, asOf string
		want             bool
	}{
		{"before", "2011-06-01", "2011-12-19", true},
		{"same day", "2011-12-19", "2011-12-19", true},
		{"after", "2011-12-20", "2011-12-19", false},
		{"unknown date counts", "", "2011-12-19", true},
		{"no cut-off", "2099-01-01", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := analysis.OnOrBefore(tc.date, tc.asOf); got != tc.want {
				t.Errorf("OnOrBefore(%q, %q) = %v, want %v", tc.date, tc.asOf, got, tc.want)
			}
		})
	}
}

func TestResolveAsOf(t *testing.T) {
	cases := []struct {
		name, asOf, want string
		code             graph.Code
	}{
		{name: "a date", asOf: "2011-12-19", want: "2011-12-19"},
		{name: "empty is today", asOf: "", want: analysis.Today()},
		{name: "not a date", asOf: "2011-13-45", code: graph.Invalid},
		{name: "not ISO", asOf: "19/12/2011", code: graph.Invalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := analysis.ResolveAsOf(tc.asOf)
			wantError(t, err, tc.code, "asOf", "YYYY-MM-DD")
			if got != tc.want {
				t.Errorf("ResolveAsOf(%q) = %q, want %q", tc.asOf, got, tc.want)
			}
		})
	}
}

func TestInstrumentDate(t *testing.T) {
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		nodes, err := s.Nodes(t.Context(), []graph.ID{"Instrument:CT17", "Instrument:CT19", "Instrument:CT06"})
		if err != nil {
			t.Fatal(err)
		}
		got := []string{analysis.InstrumentDate(nodes[0]), analysis.InstrumentDate(nodes[1]), analysis.InstrumentDate(nodes[2])}
		// CT19 has only an opening for signature; CT06 both (adoption wins).
		want := []string{"2010-09-10", "2014-04-04", "1979-10-26"}
		if !slices.Equal(got, want) {
			t.Errorf("dates %v, want %v", got, want)
		}
		if analysis.InstrumentExists(nodes[1], "2011-12-19") || !analysis.InstrumentExists(nodes[1], "2014-04-04") {
			t.Error("CT19 should exist from 2014-04-04, not before")
		}
		undated := graph.NewNode(graph.KindInstrument, "X", nil)
		if !analysis.InstrumentExists(undated, "1900-01-01") {
			t.Error("an instrument without a date should count at every date")
		}
	})
}

func TestPartyActions(t *testing.T) {
	a := func(state, action, date string) analysis.Action {
		return analysis.Action{State: graph.ID("State:" + state), Instrument: "Instrument:CT17", Action: action, Date: date}
	}
	cases := []struct {
		name    string
		actions []analysis.Action
		want    []string
	}{
		{"signature alone is no party", []analysis.Action{a("SEN", "signature", "2011-03-15")}, []string{}},
		{"the earliest party action", []analysis.Action{
			a("FRA", "signature", "2010-09-10"), a("FRA", "approval", "2017-01-01"), a("FRA", "ratification", "2016-01-20"),
		}, []string{"FRA CT17 ratification 2016-01-20"}},
		{"an undated party action comes last", []analysis.Action{a("BEN", "acceptance", ""), a("BEN", "ratification", "2012-01-01")},
			[]string{"BEN CT17 ratification 2012-01-01"}},
		{"one per state, in order of first appearance", []analysis.Action{
			a("NGA", "ratification", "2013-05-02"), a("MLI", "ratification", "2011-06-01"),
		}, []string{"NGA CT17 ratification 2013-05-02", "MLI CT17 ratification 2011-06-01"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := actionStrings(analysis.PartyActions(tc.actions))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParticipation(t *testing.T) {
	cases := []struct {
		name   string
		states []graph.ID
		asOf   string
		want   map[graph.ID][]string
	}{
		{
			name:   "as of the resolution",
			states: []graph.ID{"State:FRA", "State:NGA", "State:SEN", "State:CIV", "State:DEU"},
			asOf:   "2011-12-19",
			want: map[graph.ID][]string{
				"State:FRA": {"FRA CT15 ratification 2002-01-07", "FRA CT17 signature 2010-09-10", "FRA OC01 signature 2000-12-12", "FRA OC01 ratification 2002-10-29"},
				"State:NGA": {"NGA CT15 ratification 2003-04-16", "NGA CT17 signature 2010-09-10"},
				"State:SEN": {"SEN CT17 signature 2011-03-15"},
			},
		},
		{
			name:   "today",
			states: []graph.ID{"State:FRA", "State:BEN", "State:CIV"},
			want: map[graph.ID][]string{
				"State:FRA": {
					"FRA CT15 ratification 2002-01-07", "FRA CT17 signature 2010-09-10", "FRA CT17 ratification 2016-01-20",
					"FRA CT19 ratification 2016-03-01", "FRA OC01 signature 2000-12-12", "FRA OC01 ratification 2002-10-29",
				},
				"State:BEN": {"BEN CT17 acceptance "},
				"State:CIV": {"CIV CT17 signature 2012-01-10"},
			},
		},
		{
			name:   "before the Beijing Convention, an undated action on it does not count",
			states: []graph.ID{"State:BEN", "State:MLI"},
			asOf:   "2005-01-01",
			want:   map[graph.ID][]string{"State:MLI": {"MLI CT15 accession 2002-03-28"}},
		},
		{name: "no states", want: map[graph.ID][]string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				got, err := analysis.Participation(t.Context(), c, tc.states, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				if g := actionMap(got); !reflect.DeepEqual(g, tc.want) {
					t.Errorf("got %v\nwant %v", g, tc.want)
				}
				if n := c.Total(); n > 2 {
					t.Errorf("%d store calls, want at most 2", n)
				}
			})
		})
	}
}

func TestParties(t *testing.T) {
	cases := []struct {
		name        string
		instruments []graph.ID
		asOf        string
		want        map[graph.ID][]string
	}{
		{
			name:        "as of the resolution",
			instruments: []graph.ID{"Instrument:CT17", "Instrument:CT15", "Instrument:CT19", "Instrument:CT01"},
			asOf:        "2011-12-19",
			want: map[graph.ID][]string{
				"Instrument:CT17": {"BEN CT17 acceptance ", "MLI CT17 ratification 2011-06-01"},
				"Instrument:CT15": {"FRA CT15 ratification 2002-01-07", "JPN CT15 acceptance 2002-06-11", "MLI CT15 accession 2002-03-28", "NGA CT15 ratification 2003-04-16", "USA CT15 ratification 2002-06-26"},
			},
		},
		{
			name:        "today",
			instruments: []graph.ID{"Instrument:CT17", "Instrument:CT19"},
			want: map[graph.ID][]string{
				"Instrument:CT17": {"BEN CT17 acceptance ", "FRA CT17 ratification 2016-01-20", "GHA CT17 accession 2015-02-02", "MLI CT17 ratification 2011-06-01", "NGA CT17 ratification 2013-05-02"},
				"Instrument:CT19": {"FRA CT19 ratification 2016-03-01"},
			},
		},
		{
			name:        "before CT19 existed, its parties do not count",
			instruments: []graph.ID{"Instrument:CT19"},
			asOf:        "2014-04-03",
			want:        map[graph.ID][]string{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				got, err := analysis.Parties(t.Context(), c, tc.instruments, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				if g := actionMap(got); !reflect.DeepEqual(g, tc.want) {
					t.Errorf("got %v\nwant %v", g, tc.want)
				}
				if n := c.Total(); n != 2 {
					t.Errorf("%d store calls, want 2", n)
				}
			})
		})
	}
}

func TestParticipationBadDate(t *testing.T) {
	s := testgraph.Memory(t)
	_, err := analysis.Participation(t.Context(), s, []graph.ID{"State:FRA"}, "2011-02-30")
	wantError(t, err, graph.Invalid, "2011-02-30", "YYYY-MM-DD")
	_, err = analysis.Parties(t.Context(), s, []graph.ID{"Instrument:CT17"}, "yesterday")
	wantError(t, err, graph.Invalid, "yesterday")
}

// gapStrings renders gaps as "ISO3 [signatures] [activity→beneficiary]".
func gapStrings(gaps []analysis.Gap) []string {
	out := make([]string, len(gaps))
	for i, g := range gaps {
		var sig, help []string
		for _, a := range g.Signatures {
			sig = append(sig, a.Action+" "+a.Date)
		}
		for _, a := range g.Assistance {
			if a.Targets.From != a.Activity.ID || a.Benefits.From != a.Activity.ID {
				help = append(help, "inconsistent assistance")
			}
			help = append(help, a.Activity.Key+"→"+string(a.Benefits.To))
		}
		out[i] = fmt.Sprintf("%s %v %v", g.State.Key, sig, help)
	}
	return out
}

func TestParticipationGaps(t *testing.T) {
	// The 16 Member States of Western Africa (Region:011), by English name.
	westernAfrica := []string{"BEN", "BFA", "CPV", "GMB", "GHA", "GIN", "GNB", "CIV", "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TGO"}
	without := func(drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(westernAfrica), func(s string) bool { return slices.Contains(drop, s) })
	}
	plain := func(isos []string, help ...string) []string {
		out := make([]string, len(isos))
		for i, iso := range isos {
			out[i] = fmt.Sprintf("%s [] %v", iso, help)
		}
		return out
	}
	replace := func(rows []string, iso, row string) []string {
		for i, r := range rows {
			if strings.HasPrefix(r, iso+" ") {
				rows[i] = row
			}
		}
		return rows
	}
	region2012 := "test-western-africa-2012→Region:011"

	asOfResolution := plain(without("BEN", "MLI"))
	asOfResolution = replace(asOfResolution, "GHA", "GHA [] [test-tools→State:GHA]")
	asOfResolution = replace(asOfResolution, "NGA", "NGA [signature 2010-09-10] []")
	asOfResolution = replace(asOfResolution, "SEN", "SEN [signature 2011-03-15] [test-dakar-2011→State:SEN]")

	today := plain(without("BEN", "MLI", "NGA", "GHA"), region2012)
	today = replace(today, "CIV", "CIV [signature 2012-01-10] ["+region2012+"]")
	today = replace(today, "SEN", "SEN [signature 2011-03-15] [test-dakar-2011→State:SEN "+region2012+"]")

	cases := []struct {
		name       string
		instrument graph.ID
		region     string
		asOf       string
		wantRegion graph.ID
		members    int
		want       []string
	}{
		{name: "Western Africa as of the resolution", instrument: "Instrument:CT17", region: "Western Africa", asOf: "2011-12-19", wantRegion: "Region:011", members: 16, want: asOfResolution},
		{name: "Western Africa today, by code", instrument: "Instrument:CT17", region: "011", wantRegion: "Region:011", members: 16, want: today},
		{name: "region name folded", instrument: "Instrument:CT17", region: "  WESTERN AFRICA ", asOf: "2011-12-19", wantRegion: "Region:011", members: 16, want: asOfResolution},
		{name: "a sub-region", instrument: "Instrument:CT15", region: "Western Europe", asOf: "2011-12-19", wantRegion: "Region:155", members: 9,
			want: []string{"AUT [] []", "BEL [] []", "DEU [] []", "LIE [] []", "LUX [] []", "MCO [] []", "NLD [] []", "CHE [] []"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				got, err := analysis.ParticipationGaps(t.Context(), c, tc.instrument, tc.region, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				wantAsOf := tc.asOf
				if wantAsOf == "" {
					wantAsOf = analysis.Today()
				}
				if got.AsOf != wantAsOf || got.Instrument.ID != tc.instrument || got.MemberStates != tc.members {
					t.Errorf("asOf %s, instrument %s, %d member states; want %s, %s, %d", got.AsOf, got.Instrument.ID, got.MemberStates, wantAsOf, tc.instrument, tc.members)
				}
				if got.Region == nil || got.Region.ID != tc.wantRegion {
					t.Errorf("region %v, want %s", got.Region, tc.wantRegion)
				}
				if g := gapStrings(got.States); !slices.Equal(g, tc.want) {
					t.Errorf("gaps\n got %q\nwant %q", g, tc.want)
				}
				if n := c.Total(); n > 8 {
					t.Errorf("%d store calls, want at most 8", n)
				}
			})
		})
	}
}

func TestParticipationGapsEveryMemberState(t *testing.T) {
	testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
		got, err := analysis.ParticipationGaps(t.Context(), s, "Instrument:CT17", "", "2011-12-19")
		if err != nil {
			t.Fatal(err)
		}
		// 193 Member States; BEN and MLI were parties.
		if got.Region != nil || got.MemberStates != 193 || len(got.States) != 191 {
			t.Errorf("region %v, %d member states, %d gaps; want none, 193, 191", got.Region, got.MemberStates, len(got.States))
		}
		names := make([]string, len(got.States))
		for i, g := range got.States {
			names[i] = g.State.Props.String("nameEn")
		}
		if !slices.IsSorted(names) {
			t.Errorf("gaps not by English name: %v", names)
		}
	})
}

func TestParticipationGapsErrors(t *testing.T) {
	cases := []struct {
		name       string
		instrument graph.ID
		region     string
		asOf       string
		code       graph.Code
		words      []string
	}{
		{name: "unknown instrument", instrument: "Instrument:CT99", code: graph.NotFound, words: []string{"no instrument CT99", "CT01"}},
		{name: "not an instrument", instrument: "State:FRA", code: graph.Invalid, words: []string{"State:FRA", "Instrument:CT17"}},
		{name: "malformed", instrument: "CT17", code: graph.Invalid, words: []string{"not the ID of an instrument"}},
		{name: "adopted after asOf", instrument: "Instrument:CT17", asOf: "2010-09-09", code: graph.Invalid, words: []string{"CT17 was adopted on 2010-09-10, after 2010-09-09"}},
		{name: "opened for signature after asOf", instrument: "Instrument:CT19", asOf: "2011-12-19", code: graph.Invalid, words: []string{"CT19 was opened for signature on 2014-04-04, after 2011-12-19"}},
		{name: "unknown region", instrument: "Instrument:CT17", region: "Westeros", code: graph.Invalid, words: []string{`"Westeros"`, "M49"}},
		{name: "bad date", instrument: "Instrument:CT17", asOf: "2011-12-32", code: graph.Invalid, words: []string{"2011-12-32"}},
	}
	s := testgraph.WithParticipation(t, testgraph.Memory(t))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := analysis.ParticipationGaps(t.Context(), s, tc.instrument, tc.region, tc.asOf)
			wantError(t, err, tc.code, tc.words...)
		})
	}
}

// TestParticipationGapsCallsDoNotGrow checks that the store calls of
// ParticipationGaps do not depend on the number of States: all 193 cost what
// the 9 of a sub-region cost.
func TestParticipationGapsCallsDoNotGrow(t *testing.T) {
	testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
		calls := func(region string) (map[string]int, int) {
			t.Helper()
			c := testgraph.NewCounting(s)
			g, err := analysis.ParticipationGaps(t.Context(), c, "Instrument:CT17", region, "")
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]int{}
			for _, k := range []string{"Nodes", "FindNodes", "Relationships", "Search", "Counts"} {
				m[k] = c.Calls(k)
			}
			return m, len(g.States)
		}
		few, nFew := calls("Western Europe")
		all, nAll := calls("")
		if nAll <= nFew {
			t.Fatalf("%d gaps in all, %d in Western Europe: want more in all", nAll, nFew)
		}
		few["FindNodes"]-- // finding the region
		if !reflect.DeepEqual(few, all) {
			t.Errorf("calls for %d gaps %v, for %d gaps %v: want the same, but for the region lookup", nFew, few, nAll, all)
		}
	})
}
