package analysis_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// connectionStrings renders connections as "node→end date".
func connectionStrings(cs []analysis.Connection) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%s→%s %s", c.Node.Key, c.Relationship.To.Key(), c.Date)
	}
	return out
}

// linkSummary is what the tests check of a CrimeLink.
type linkSummary struct {
	from, to    graph.ID
	statements  []string // locator date resolution
	instruments int      // how many, and the first and last
	first, last string
	programmes  []string
	activities  []string
	paragraphs  []string
}

func summarize(l analysis.CrimeLink) linkSummary {
	s := linkSummary{from: l.From.ID, to: l.To.ID, instruments: len(l.Instruments)}
	for _, st := range l.Statements {
		res := "-"
		if st.Resolution != nil {
			res = st.Resolution.Key
		}
		s.statements = append(s.statements, fmt.Sprintf("%s %s %s", st.Relationship.Source.Locator, st.Date, res))
	}
	if is := connectionStrings(l.Instruments); len(is) > 0 {
		s.first, s.last = is[0], is[len(is)-1]
	}
	s.programmes = connectionStrings(l.Programmes)
	s.activities = connectionStrings(l.Activities)
	s.paragraphs = connectionStrings(l.Paragraphs)
	return s
}

func TestCrimeLinks(t *testing.T) {
	res := "2011-12-19"
	// The paragraphs of 66/178 that concern terrorism, in the order of the text.
	terrorismParas := []string{"pp/1", "pp/2", "pp/3", "pp/8", "op/1", "op/2", "op/3", "op/4", "op/5", "op/6", "op/9"}
	paras := func(end string, keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = fmt.Sprintf("A/RES/66/178/%s→%s %s", k, end, res)
		}
		return out
	}
	// op/9 concerns both ends of the paragraph-9 link; pp/8 both ends of
	// the preamble's. Connections come by kind, then in the order of the
	// text, then by relationship.
	op9Paras := append(paras("terrorism", terrorismParas[:10]...),
		"A/RES/66/178/op/9→related-criminal-activities "+res, "A/RES/66/178/op/9→terrorism "+res)
	pp8Paras := append(paras("terrorism", terrorismParas[:3]...),
		"A/RES/66/178/pp/8→terrorism "+res, "A/RES/66/178/pp/8→transnational-organized-crime "+res)
	pp8Paras = append(pp8Paras, paras("terrorism", terrorismParas[4:]...)...)

	paragraph9 := linkSummary{
		from: "CrimeType:terrorism", to: "CrimeType:related-criminal-activities",
		statements:  []string{"op/9 2011-12-19 A/RES/66/178"},
		instruments: 19, first: "CT01→terrorism 1963-09-14", last: "CT19→terrorism 2014-04-04",
		programmes: []string{"test-ratification-support→terrorism 2009-01-01"},
		activities: []string{"test-abuja-2010→related-criminal-activities 2010-11-01"},
		paragraphs: op9Paras,
	}
	preamble := linkSummary{
		from: "CrimeType:transnational-organized-crime", to: "CrimeType:terrorism",
		statements:  []string{"pp/8 2011-12-19 A/RES/66/178"},
		instruments: 23, first: "CT01→terrorism 1963-09-14", last: "OC04→transnational-organized-crime 2001-05-31",
		programmes: []string{"test-ratification-support→terrorism 2009-01-01"},
		paragraphs: pp8Paras,
	}
	// As of the day before 66/178, CT19 and the programme begun in 2009
	// are there, but no link is stated yet.
	asOfResolution := paragraph9
	asOfResolution.instruments, asOfResolution.last = 18, "CT18→terrorism 2010-09-10"

	cases := []struct {
		name  string
		crime graph.ID
		asOf  string
		want  []linkSummary
	}{
		{name: "every link today", want: []linkSummary{paragraph9, preamble}},
		{name: "paragraph 9 from its related activities", crime: "CrimeType:related-criminal-activities", want: []linkSummary{paragraph9}},
		{name: "as of the resolution", crime: "CrimeType:related-criminal-activities", asOf: res, want: []linkSummary{asOfResolution}},
		{name: "the day before the resolution", asOf: "2011-12-18", want: []linkSummary{}},
		{name: "a crime type without links", crime: "CrimeType:hostage-taking", want: []linkSummary{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.EachWithParticipation(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				links, err := analysis.CrimeLinks(t.Context(), c, tc.crime, tc.asOf)
				if err != nil {
					t.Fatal(err)
				}
				got := make([]linkSummary, len(links))
				for i, l := range links {
					got[i] = summarize(l)
				}
				if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tc.want) {
					t.Errorf("links\n got %+v\nwant %+v", got, tc.want)
				}
				for _, l := range links {
					for _, st := range l.Statements {
						if st.Relationship.Props.String("nature") == "" || st.Relationship.Source.Document != "A/RES/66/178" {
							t.Errorf("statement %s without its nature or source", st.Relationship.Identity())
						}
					}
				}
				if n := c.Total(); n > 5 {
					t.Errorf("%d store calls, want at most 5", n)
				}
			})
		})
	}
}

func TestCrimeLinksErrors(t *testing.T) {
	s := testgraph.Memory(t)
	cases := []struct {
		name  string
		crime graph.ID
		asOf  string
		code  graph.Code
		words []string
	}{
		{name: "unknown crime type", crime: "CrimeType:piracy", code: graph.NotFound, words: []string{"CrimeType:piracy"}},
		{name: "not a crime type", crime: "Instrument:CT17", code: graph.Invalid, words: []string{"Instrument:CT17", "CrimeType:terrorism"}},
		{name: "bad date", asOf: "2011-19-12", code: graph.Invalid, words: []string{"2011-19-12"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := analysis.CrimeLinks(t.Context(), s, tc.crime, tc.asOf)
			wantError(t, err, tc.code, tc.words...)
		})
	}
}

// TestCrimeLinksCallsDoNotGrow checks that every link costs what one costs.
func TestCrimeLinksCallsDoNotGrow(t *testing.T) {
	s := testgraph.WithParticipation(t, testgraph.Memory(t))
	calls := func(crime graph.ID) (int, int) {
		c := testgraph.NewCounting(s)
		links, err := analysis.CrimeLinks(t.Context(), c, crime, "")
		if err != nil {
			t.Fatal(err)
		}
		return c.Total(), len(links)
	}
	one, nOne := calls("CrimeType:related-criminal-activities")
	all, nAll := calls("")
	if nOne != 1 || nAll != 2 || one != all {
		t.Errorf("%d calls for %d link, %d for %d: want the same for 1 and 2", one, nOne, all, nAll)
	}
}

func TestCrimeLinksOfAnotherResolution(t *testing.T) {
	// A link stated by a later resolution (test data) counts from its
	// adoption; one whose source names no resolution counts at every date.
	src := func(para graph.ID) graph.Source {
		return graph.Source{Document: "A/RES/TEST/1", Locator: "op/1", Paragraph: para, Citation: testgraph.FixtureCitation, Basis: graph.Imported}
	}
	batch := graph.Batch{
		Nodes: []*graph.Node{
			graph.NewNode(graph.KindResolution, "A/RES/TEST/1", graph.Props{"symbol": "A/RES/TEST/1", "adopted": "2020-01-15"}, src("")),
			graph.NewNode(graph.KindParagraph, "A/RES/TEST/1/op/1", graph.Props{"resolution": "A/RES/TEST/1", "position": int64(1)}, src("")),
		},
		Relationships: []*graph.Relationship{
			{From: "CrimeType:terrorism", Type: graph.RelLinkedTo, To: "CrimeType:firearms-trafficking", Key: "test", Props: graph.Props{"nature": "test link"}, Source: src("Paragraph:A/RES/TEST/1/op/1")},
			{From: "CrimeType:hostage-taking", Type: graph.RelLinkedTo, To: "CrimeType:terrorism", Props: graph.Props{"nature": "undated test link"},
				Source: graph.Source{Citation: testgraph.FixtureCitation, Basis: graph.Imported}},
		},
	}
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		if err := s.Apply(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
		ends := func(asOf string) []string {
			links, err := analysis.CrimeLinks(t.Context(), s, "CrimeType:terrorism", asOf)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, l := range links {
				for _, st := range l.Statements {
					out = append(out, fmt.Sprintf("%s→%s %q", l.From.Key, l.To.Key, st.Date))
				}
			}
			return out
		}
		before := []string{`hostage-taking→terrorism ""`, `terrorism→related-criminal-activities "2011-12-19"`, `transnational-organized-crime→terrorism "2011-12-19"`}
		after := slices.Insert(slices.Clone(before), 1, `terrorism→firearms-trafficking "2020-01-15"`)
		if got := ends("2020-01-14"); !slices.Equal(got, before) {
			t.Errorf("as of 2020-01-14: %q, want %q", got, before)
		}
		if got := ends("2020-01-15"); !slices.Equal(got, after) {
			t.Errorf("as of 2020-01-15: %q, want %q", got, after)
		}
	})
}
