package resolvers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// fixtureStore returns a memory store holding the seed and the
// participation test fixture (testgraph.ParticipationFixture).
func fixtureStore(t testing.TB) graph.Store {
	t.Helper()
	return testgraph.WithParticipation(t, testgraph.Memory(t))
}

// wantJSON fails unless got, encoded as JSON, is the JSON want.
func wantJSON(t *testing.T, got any, want string) {
	t.Helper()
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON: %v\n%s", err, want)
	}
	if !reflect.DeepEqual(g, w) {
		wb, _ := json.Marshal(w)
		t.Errorf("got\n%s\nwant\n%s", b, wb)
	}
}

// fixtureCitation is the source of every fact of the test fixture, as JSON.
var fixtureCitation = fmt.Sprintf(`{"citation": %q, "basis": "IMPORTED"}`, testgraph.FixtureCitation)

func TestParticipationFields(t *testing.T) {
	h := resolvers.NewHandler(fixtureStore(t), resolvers.Options{Logger: quietLogger()})
	today := analysis.Today()
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		want  string
	}{
		{
			name: "a State's participation and the instruments it is party to",
			query: `{ state(iso3: "FRA") { all: participation { instrument { key } action makesParty date source { citation basis } }
				then: participation(asOf: "2011-12-19") { instrument { key } action date } partyTo(asOf: "2011-12-19") { instrument { key } action date } } }`,
			want: `{"state": {
				"all": [
					{"instrument": {"key": "CT15"}, "action": "ratification", "makesParty": true, "date": "2002-01-07", "source": ` + fixtureCitation + `},
					{"instrument": {"key": "CT17"}, "action": "signature", "makesParty": false, "date": "2010-09-10", "source": ` + fixtureCitation + `},
					{"instrument": {"key": "CT17"}, "action": "ratification", "makesParty": true, "date": "2016-01-20", "source": ` + fixtureCitation + `},
					{"instrument": {"key": "CT19"}, "action": "ratification", "makesParty": true, "date": "2016-03-01", "source": ` + fixtureCitation + `},
					{"instrument": {"key": "OC01"}, "action": "signature", "makesParty": false, "date": "2000-12-12", "source": ` + fixtureCitation + `},
					{"instrument": {"key": "OC01"}, "action": "ratification", "makesParty": true, "date": "2002-10-29", "source": ` + fixtureCitation + `}],
				"then": [
					{"instrument": {"key": "CT15"}, "action": "ratification", "date": "2002-01-07"},
					{"instrument": {"key": "CT17"}, "action": "signature", "date": "2010-09-10"},
					{"instrument": {"key": "OC01"}, "action": "signature", "date": "2000-12-12"},
					{"instrument": {"key": "OC01"}, "action": "ratification", "date": "2002-10-29"}],
				"partyTo": [
					{"instrument": {"key": "CT15"}, "action": "ratification", "date": "2002-01-07"},
					{"instrument": {"key": "OC01"}, "action": "ratification", "date": "2002-10-29"}]}}`,
		},
		{
			name: "an instrument's parties, participation and counts",
			query: `{ instrument(key: "CT17") { partyCount then: partyCount(asOf: "2011-12-19") before: partyCount(asOf: "2010-01-01")
				parties { state { iso3 } action date }
				participation(asOf: "2011-12-19") { state { iso3 } action date }
				partiesByRegion(level: INTERMEDIATE_REGION) { region { code name } count }
				europe: partiesByRegion { region { code } count } } }`,
			want: `{"instrument": {"partyCount": 5, "then": 2, "before": 0,
				"parties": [
					{"state": {"iso3": "BEN"}, "action": "acceptance", "date": null},
					{"state": {"iso3": "FRA"}, "action": "ratification", "date": "2016-01-20"},
					{"state": {"iso3": "GHA"}, "action": "accession", "date": "2015-02-02"},
					{"state": {"iso3": "MLI"}, "action": "ratification", "date": "2011-06-01"},
					{"state": {"iso3": "NGA"}, "action": "ratification", "date": "2013-05-02"}],
				"participation": [
					{"state": {"iso3": "BEN"}, "action": "acceptance", "date": null},
					{"state": {"iso3": "FRA"}, "action": "signature", "date": "2010-09-10"},
					{"state": {"iso3": "MLI"}, "action": "signature", "date": "2010-09-10"},
					{"state": {"iso3": "MLI"}, "action": "ratification", "date": "2011-06-01"},
					{"state": {"iso3": "NGA"}, "action": "signature", "date": "2010-09-10"},
					{"state": {"iso3": "SEN"}, "action": "signature", "date": "2011-03-15"}],
				"partiesByRegion": [{"region": {"code": "011", "name": "Western Africa"}, "count": 4}],
				"europe": [{"region": {"code": "002"}, "count": 4}, {"region": {"code": "150"}, "count": 1}]}}`,
		},
		{
			name:  "CT19 has no parties before it was opened for signature",
			query: `{ instrument(key: "CT19") { then: partyCount(asOf: "2011-12-19") now: partyCount parties(asOf: "2014-04-03") { state { iso3 } } } }`,
			want:  `{"instrument": {"then": 0, "now": 1, "parties": []}}`,
		},
		{
			name: "participation gaps in Western Africa as of the resolution",
			query: `query($asOf: Date) { participationGaps(instrument: "ct17", region: "Western Africa", asOf: $asOf) {
				instrument { key } instrumentDate asOf region { code name } memberStates totalCount
				states { state { iso3 } signatures { state { iso3 } instrument { key } action date source { citation basis } }
					assistance { activity { key startDate } targets { type direction nodeId source { citation } } benefits { type nodeId } } } } }`,
			vars: map[string]any{"asOf": "2011-12-19"},
			want: `{"participationGaps": {"instrument": {"key": "CT17"}, "instrumentDate": "2010-09-10", "asOf": "2011-12-19",
				"region": {"code": "011", "name": "Western Africa"}, "memberStates": 16, "totalCount": 14, "states": [
				{"state": {"iso3": "BFA"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "CPV"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "GMB"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "GHA"}, "signatures": [], "assistance": [
					{"activity": {"key": "test-tools", "startDate": null},
					 "targets": {"type": "TARGETS", "direction": "OUT", "nodeId": "Instrument:CT17", "source": {"citation": "` + testgraph.FixtureCitation + `"}},
					 "benefits": {"type": "BENEFITS", "nodeId": "State:GHA"}}]},
				{"state": {"iso3": "GIN"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "GNB"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "CIV"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "LBR"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "MRT"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "NER"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "NGA"}, "signatures": [{"state": {"iso3": "NGA"}, "instrument": {"key": "CT17"}, "action": "signature", "date": "2010-09-10", "source": ` + fixtureCitation + `}], "assistance": []},
				{"state": {"iso3": "SEN"}, "signatures": [{"state": {"iso3": "SEN"}, "instrument": {"key": "CT17"}, "action": "signature", "date": "2011-03-15", "source": ` + fixtureCitation + `}], "assistance": [
					{"activity": {"key": "test-dakar-2011", "startDate": "2011-05-10"},
					 "targets": {"type": "TARGETS", "direction": "OUT", "nodeId": "Instrument:CT17", "source": {"citation": "` + testgraph.FixtureCitation + `"}},
					 "benefits": {"type": "BENEFITS", "nodeId": "State:SEN"}}]},
				{"state": {"iso3": "SLE"}, "signatures": [], "assistance": []},
				{"state": {"iso3": "TGO"}, "signatures": [], "assistance": []}]}}`,
		},
		{
			name: "participation gaps in Western Africa today",
			query: `{ participationGaps(instrument: "Instrument:CT17", region: "011") { asOf totalCount
				states { state { iso3 } signatures { date } assistance { activity { key } benefits { nodeId } } } } }`,
			want: `{"participationGaps": {"asOf": "` + today + `", "totalCount": 12, "states": [
				{"state": {"iso3": "BFA"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "CPV"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "GMB"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "GIN"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "GNB"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "CIV"}, "signatures": [{"date": "2012-01-10"}], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "LBR"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "MRT"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "NER"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "SEN"}, "signatures": [{"date": "2011-03-15"}], "assistance": [
					{"activity": {"key": "test-dakar-2011"}, "benefits": {"nodeId": "State:SEN"}},
					{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "SLE"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]},
				{"state": {"iso3": "TGO"}, "signatures": [], "assistance": [{"activity": {"key": "test-western-africa-2012"}, "benefits": {"nodeId": "Region:011"}}]}]}}`,
		},
		{
			name:  "participation gaps of every Member State",
			query: `{ participationGaps(instrument: "CT15", asOf: "2011-12-19") { region { code } memberStates totalCount first: states { state { iso3 } } } }`,
			want:  "", // checked below: 193 Member States, 188 gaps
		},
		{
			name: "the paragraph-9 link as of the resolution",
			query: `{ crimeLinks(crime: "CrimeType:related-criminal-activities", asOf: "2011-12-19") { from { key } to { key } nature since
				sources { document locator paragraph { id } basis }
				statements { nature resolution { symbol } date source { locator } }
				instruments { instrument: node { id } } programmes { crimeType { key } node { id } type date source { citation } }
				activities { crimeType { key } node { id } type date } paragraphs { crimeType { key } node { id } type date source { locator } } } }`,
			want: "", // checked below
		},
		{
			name:  "every crime link today",
			query: `{ crimeLinks { from { key } to { key } since statements { date } } }`,
			want: `{"crimeLinks": [
				{"from": {"key": "terrorism"}, "to": {"key": "related-criminal-activities"}, "since": "2011-12-19", "statements": [{"date": "2011-12-19"}]},
				{"from": {"key": "transnational-organized-crime"}, "to": {"key": "terrorism"}, "since": "2011-12-19", "statements": [{"date": "2011-12-19"}]}]}`,
		},
		{
			name:  "no crime link before the resolution",
			query: `{ crimeLinks(asOf: "2011-12-18") { from { key } } }`,
			want:  `{"crimeLinks": []}`,
		},
		{
			name: "statistics",
			query: `{ statistics {
				byRegion(instrument: "CT17", asOf: "2011-12-19") { region { code name } memberStates parties signatories notParty }
				states: byRegion(level: SUBREGION) { region { code } memberStates parties }
				byInstrument(family: COUNTER_TERRORISM, asOf: "2011-12-19") { instrument { key } date parties signatories }
				byCrimeType(asOf: "2011-12-18") { crimeType { key } instruments paragraphs programmes activities }
				byProgramme { programme { key } activities beneficiaryStates } } }`,
			want: "", // checked below
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := gql(t, h, tc.query, tc.vars)
			switch tc.name {
			case "participation gaps of every Member State":
				if at(t, d, "participationGaps", "region") != nil || num(t, d, "participationGaps", "memberStates") != 193 ||
					num(t, d, "participationGaps", "totalCount") != 188 || len(list(t, d, "participationGaps", "first")) != 188 {
					t.Errorf("got %v, want every Member State, 188 not party to CT15", at(t, d, "participationGaps", "totalCount"))
				}
			case "the paragraph-9 link as of the resolution":
				links := list(t, d, "crimeLinks")
				if len(links) != 1 {
					t.Fatalf("%d links, want 1", len(links))
				}
				l := links[0]
				wantJSON(t, map[string]any{"from": at(t, l, "from"), "to": at(t, l, "to"), "nature": at(t, l, "nature"), "since": at(t, l, "since"), "sources": at(t, l, "sources"), "statements": at(t, l, "statements")},
					`{"from": {"key": "terrorism"}, "to": {"key": "related-criminal-activities"},
					"nature": "des liens entre le terrorisme et les activités criminelles connexes", "since": "2011-12-19",
					"sources": [{"document": "A/RES/66/178", "locator": "op/9", "paragraph": {"id": "Paragraph:A/RES/66/178/op/9"}, "basis": "STATED"}],
					"statements": [{"nature": "des liens entre le terrorisme et les activités criminelles connexes", "resolution": {"symbol": "A/RES/66/178"}, "date": "2011-12-19", "source": {"locator": "op/9"}}]}`)
				ids := strs(t, list(t, l, "instruments"), "instrument", "id")
				if len(ids) != 18 || ids[0] != "Instrument:CT01" || ids[17] != "Instrument:CT18" {
					t.Errorf("instruments %v, want CT01…CT18 (CT19 came in 2014)", ids)
				}
				wantJSON(t, at(t, l, "programmes"), `[{"crimeType": {"key": "terrorism"}, "node": {"id": "Programme:test-ratification-support"}, "type": "TARGETS", "date": "2009-01-01", "source": {"citation": "`+testgraph.FixtureCitation+`"}}]`)
				wantJSON(t, at(t, l, "activities"), `[{"crimeType": {"key": "related-criminal-activities"}, "node": {"id": "Activity:test-abuja-2010"}, "type": "TARGETS", "date": "2010-11-01"}]`)
				paras := list(t, l, "paragraphs")
				got := strs(t, paras, "node", "id")
				want := []string{"pp/1", "pp/2", "pp/3", "pp/8", "op/1", "op/2", "op/3", "op/4", "op/5", "op/6", "op/9", "op/9"}
				for i := range want {
					want[i] = "Paragraph:A/RES/66/178/" + want[i]
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("paragraphs %v, want %v", got, want)
				}
				wantJSON(t, paras[10], `{"crimeType": {"key": "related-criminal-activities"}, "node": {"id": "Paragraph:A/RES/66/178/op/9"}, "type": "CONCERNS", "date": "2011-12-19", "source": {"locator": "op/9"}}`)
			case "statistics":
				wantJSON(t, at(t, d, "statistics", "byRegion"), `[
					{"region": {"code": "002", "name": "Africa"}, "memberStates": 54, "parties": 2, "signatories": 2, "notParty": 52},
					{"region": {"code": "009", "name": "Oceania"}, "memberStates": 14, "parties": 0, "signatories": 0, "notParty": 14},
					{"region": {"code": "019", "name": "Americas"}, "memberStates": 35, "parties": 0, "signatories": 0, "notParty": 35},
					{"region": {"code": "142", "name": "Asia"}, "memberStates": 47, "parties": 0, "signatories": 0, "notParty": 47},
					{"region": {"code": "150", "name": "Europe"}, "memberStates": 43, "parties": 0, "signatories": 1, "notParty": 43}]`)
				subs := list(t, d, "statistics", "states")
				total := 0
				for _, s := range subs {
					total += num(t, s, "memberStates")
					if at(t, s, "parties") != nil {
						t.Errorf("parties %v without an instrument, want null", at(t, s, "parties"))
					}
				}
				if len(subs) != 17 || total != 193 {
					t.Errorf("%d sub-regions with %d Member States, want 17 with 193", len(subs), total)
				}
				insts := list(t, d, "statistics", "byInstrument")
				if len(insts) != 18 {
					t.Errorf("%d counter-terrorism instruments as of 2011-12-19, want 18", len(insts))
				}
				wantJSON(t, insts[16], `{"instrument": {"key": "CT17"}, "date": "2010-09-10", "parties": 2, "signatories": 3}`)
				wantJSON(t, at(t, d, "statistics", "byProgramme"), `[{"programme": {"key": "test-ratification-support"}, "activities": 5, "beneficiaryStates": 16}]`)
				for _, c := range list(t, d, "statistics", "byCrimeType") {
					if at(t, c, "crimeType", "key") == "terrorism" {
						wantJSON(t, c, `{"crimeType": {"key": "terrorism"}, "instruments": 18, "paragraphs": 0, "programmes": 1, "activities": 0}`)
					}
				}
			default:
				wantJSON(t, d, tc.want)
			}
		})
	}
}

func TestParticipationErrors(t *testing.T) {
	h := resolvers.NewHandler(fixtureStore(t), resolvers.Options{Logger: quietLogger()})
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		code  string
		msg   string // the message contains it
	}{
		{name: "bad asOf literal", query: `{ participationGaps(instrument: "CT17", asOf: "2011-02-30") { totalCount } }`, code: "BAD_USER_INPUT", msg: `"2011-02-30" is not a Date`},
		{name: "bad asOf variable", query: `query($d: Date) { instrument(key: "CT17") { parties(asOf: $d) { date } } }`, vars: map[string]any{"d": "19/12/2011"}, code: "BAD_USER_INPUT", msg: `"19/12/2011" is not a Date`},
		{name: "bad asOf on a State", query: `{ state(iso3: "FRA") { participation(asOf: "2011") { date } } }`, code: "BAD_USER_INPUT", msg: `"2011" is not a Date`},
		{name: "bad asOf in statistics", query: `{ statistics { byProgramme(asOf: "soon") { activities } } }`, code: "BAD_USER_INPUT", msg: `"soon" is not a Date`},
		{name: "bad asOf in crime links", query: `{ crimeLinks(asOf: 20111219) { since } }`, code: "BAD_USER_INPUT", msg: "is not a Date"},
		{name: "unknown instrument", query: `{ participationGaps(instrument: "CT99") { totalCount } }`, code: "BAD_USER_INPUT", msg: `instrument: unknown instrument "CT99"`},
		{name: "blank instrument", query: `{ participationGaps(instrument: " ") { totalCount } }`, code: "BAD_USER_INPUT", msg: "instrument must not be empty"},
		{name: "instrument not yet adopted", query: `{ participationGaps(instrument: "CT19", asOf: "2011-12-19") { totalCount } }`, code: "BAD_USER_INPUT", msg: "CT19 was opened for signature on 2014-04-04, after 2011-12-19"},
		{name: "unknown region", query: `{ participationGaps(instrument: "CT17", region: "Westeros") { totalCount } }`, code: "BAD_USER_INPUT", msg: `no M49 region, sub-region or intermediate region has the code or English name "Westeros"`},
		{name: "blank region", query: `{ participationGaps(instrument: "CT17", region: "") { totalCount } }`, code: "BAD_USER_INPUT", msg: "region must not be empty"},
		{name: "crime of another kind", query: `{ crimeLinks(crime: "Instrument:CT17") { since } }`, code: "BAD_USER_INPUT", msg: "not the ID of a crime type"},
		{name: "unknown crime", query: `{ crimeLinks(crime: "CrimeType:piracy") { since } }`, code: "BAD_USER_INPUT", msg: `crime: unknown crime type "CrimeType:piracy"`},
		{name: "statistics of an instrument not yet adopted", query: `{ statistics { byRegion(instrument: "CT17", asOf: "2000-01-01") { parties } } }`, code: "BAD_USER_INPUT", msg: "CT17 was adopted on 2010-09-10, after 2000-01-01"},
		{name: "unknown region level", query: `{ statistics { byRegion(level: CONTINENT) { parties } } }`, code: "BAD_USER_INPUT", msg: `"CONTINENT" does not exist`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := serve(t, h, postJSON(t, map[string]any{"query": tc.query, "variables": tc.vars}, gqlResponse))
			if got := at(t, res.json, "errors", 0, "extensions", "code"); got != tc.code {
				t.Errorf("code %v, want %s: %s", got, tc.code, res.body)
			}
			if msg, _ := at(t, res.json, "errors", 0, "message").(string); !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q does not contain %q", msg, tc.msg)
			}
		})
	}
}

// TestParticipationCallsDependOnDepthNotResults checks that the
// participation fields go through the dataloaders: all 193 States with
// their regions and participation cost as many store calls as 3 States, and
// so do all the instruments with their parties.
func TestParticipationCallsDependOnDepthNotResults(t *testing.T) {
	// Test data: the first three States by name are parties to the first
	// three instruments by key, so that three results cost every level that
	// all of them cost.
	src := graph.Source{Citation: testgraph.FixtureCitation, Basis: graph.Imported}
	extra := graph.Batch{}
	for i, iso := range []string{"AFG", "ALB", "DZA"} {
		extra.Relationships = append(extra.Relationships, &graph.Relationship{
			From: graph.NewID(graph.KindState, iso), Type: graph.RelParticipatesIn, To: graph.NewID(graph.KindInstrument, fmt.Sprintf("CT%02d", i+1)),
			Key: graph.ActionAccession, Props: graph.Props{"action": graph.ActionAccession, "date": "1990-01-01"}, Source: src,
		})
	}
	store := fixtureStore(t)
	if err := store.Apply(t.Context(), extra); err != nil {
		t.Fatal(err)
	}
	queries := []struct {
		name  string
		query string // with $first
		max   int
	}{
		{
			name: "states with their regions and participation",
			query: `query($first: Int) { states(first: $first) { edges { node { iso3 regions { region { code name } level }
				participation(asOf: "2011-12-19") { instrument { key shortName } action date source { citation } }
				partyTo { instrument { key } date } } } } }`,
			max: 5, // the page, IN_REGION, the regions, PARTICIPATES_IN, the instruments
		},
		{
			name: "instruments with their parties, per region",
			query: `query($first: Int) { instruments(first: $first) { edges { node { key partyCount(asOf: "2011-12-19")
				parties { state { iso3 name } action date } partiesByRegion(level: SUBREGION) { region { name } count } } } } }`,
			max: 4, // the page, PARTICIPATES_IN, the States, the regions
		},
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			calls := func(first int) (map[string]int, string) {
				t.Helper()
				cs := testgraph.NewCounting(store)
				h := resolvers.NewHandler(cs, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30})
				d := gql(t, h, q.query, map[string]any{"first": first})
				return requestCalls(cs), fmt.Sprint(d)
			}
			few, fewData := calls(3)
			many, manyData := calls(500)
			if !strings.Contains(fewData, "AFG") || !strings.Contains(fewData, "1990-01-01") || !strings.Contains(manyData, "2002-01-07") {
				t.Fatalf("the query found no participation: %s", fewData)
			}
			t.Logf("store calls for 3 results: %v; for all: %v", few, many)
			if fmt.Sprint(few) != fmt.Sprint(many) {
				t.Errorf("calls for 3 results %v differ from calls for all %v", few, many)
			}
			total := 0
			for _, n := range many {
				total += n
			}
			if total > q.max {
				t.Errorf("%d store calls, want at most %d", total, q.max)
			}
		})
	}
}

// participationDocuments are the requests over the seed and the
// participation test fixture whose answers must not depend on the store.
var participationDocuments = []struct {
	name  string
	query string
	vars  map[string]any
}{
	{name: "participation of every State", query: `{ states(first: 500) { edges { node { iso3 participation { instrument { key } action makesParty date source { document citation url basis } }
		then: participation(asOf: "2011-12-19") { instrument { key } action date } partyTo { instrument { key } action date } } } } }`},
	{name: "parties of every instrument", query: `{ instruments { edges { node { key partyCount then: partyCount(asOf: "2011-12-19")
		parties { state { iso3 } action date source { citation basis } } participation(asOf: "2011-12-19") { state { iso3 } action date }
		partiesByRegion { region { code } count } sub: partiesByRegion(level: SUBREGION, asOf: "2011-12-19") { region { code name } count } } } } }`},
	{name: "participation gaps in Western Africa, 2011 and today", query: `{ then: participationGaps(instrument: "CT17", region: "Western Africa", asOf: "2011-12-19") { ...gaps }
		now: participationGaps(instrument: "CT17", region: "western africa") { ...gaps } }
		fragment gaps on ParticipationGaps { instrument { key } instrumentDate region { code name } memberStates totalCount
			states { state { iso3 name } signatures { action date source { citation basis } }
				assistance { activity { key name startDate endDate activityKind } targets { type direction nodeId properties source { citation basis } } benefits { type nodeId source { citation } } } } }`},
	{name: "participation gaps of every Member State", query: `{ participationGaps(instrument: "CT15", asOf: "2011-12-19") { totalCount memberStates states { state { iso3 name } signatures { date } } } }`},
	{name: "crime links", query: `{ all: crimeLinks { ...link } p9: crimeLinks(crime: "CrimeType:terrorism", asOf: "2011-12-19") { ...link } none: crimeLinks(asOf: "2011-12-18") { since } }
		fragment link on CrimeLink { from { key } to { key } nature since sources { document locator paragraph { id } basis note }
			statements { nature resolution { symbol adopted } date source { locator } }
			instruments { crimeType { key } node { id label } type date source { citation url basis } }
			programmes { crimeType { key } node { id } type date source { citation } } activities { crimeType { key } node { id } date }
			paragraphs { crimeType { key } node { id label } date source { document locator } } }`},
	{name: "statistics", query: `{ statistics {
		r: byRegion { region { code name } memberStates parties signatories notParty }
		s: byRegion(level: INTERMEDIATE_REGION, instrument: "CT17", asOf: "2011-12-19") { region { code name } memberStates parties signatories notParty }
		i: byInstrument { instrument { key } date parties signatories } ct: byInstrument(family: COUNTER_TERRORISM, asOf: "2011-12-19") { instrument { key } parties }
		c: byCrimeType { crimeType { key name } instruments paragraphs programmes activities } c2011: byCrimeType(asOf: "2011-12-18") { crimeType { key } instruments paragraphs programmes activities }
		p: byProgramme { programme { key name } activities beneficiaryStates } } }`},
	{name: "error: instrument not yet adopted", query: `{ participationGaps(instrument: "CT19", asOf: "2011-12-19") { totalCount } }`},
	{name: "error: unknown instrument", query: `{ participationGaps(instrument: "CT42") { totalCount } }`},
	{name: "error: unknown region", query: `{ participationGaps(instrument: "CT17", region: "Westeros") { totalCount } }`},
	{name: "error: bad asOf", query: `{ crimeLinks(asOf: "2011-12-32") { since } }`},
	{name: "error: unknown crime type", query: `{ crimeLinks(crime: "CrimeType:piracy") { since } }`},
}

// TestParticipationSameAnswersFromEveryStore runs participationDocuments
// over the memory store and Neo4j, both holding the seed and the test
// fixture, and wants the same bytes back.
func TestParticipationSameAnswersFromEveryStore(t *testing.T) {
	neo := testgraph.WithParticipation(t, testgraph.Neo4j(t))
	mem := fixtureStore(t)
	opts := resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30}
	memH, neoH := resolvers.NewHandler(mem, opts), resolvers.NewHandler(neo, opts)
	for _, doc := range participationDocuments {
		t.Run(doc.name, func(t *testing.T) {
			res := compare(t, memH, neoH, func() *http.Request {
				return postJSON(t, map[string]any{"query": doc.query, "variables": doc.vars}, gqlResponse)
			})
			wantErrors := strings.HasPrefix(doc.name, "error:")
			if _, has := res.json["errors"]; has != wantErrors {
				t.Errorf("errors in the answer: %v, want %v:\n%s", has, wantErrors, res.body)
			}
		})
	}
}
