package resolvers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/resolvers"
)

// TestUnknownFilterValuesAreBadUserInput sends, over HTTP, every argument
// that names something from a closed set (a region, a sub-region, an
// instrument key, a crime type, a relationship type, an enum value) with a
// value the graph does not hold, and checks that the answer is
// BAD_USER_INPUT, with a message that names the argument and the value and
// gives the closest allowed value or the allowed values, at the status the
// handler gives any resolver's BAD_USER_INPUT (200: the operation ran) or a
// validation error (400 with application/graphql-response+json). A filter
// that names known values and matches nothing still answers, empty.
func TestUnknownFilterValuesAreBadUserInput(t *testing.T) {
	h := resolvers.NewHandler(fixtureStore(t), resolvers.Options{Logger: quietLogger()})
	const regions = "want one of Africa (002), Americas (019), Asia (142), Europe (150), Oceania (009)"
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		msg   string // the whole message, or its start when it ends with "…"
		// validation: refused by GraphQL validation (an enum value), not
		// by a resolver.
		validation bool
	}{
		{name: "unknown region", query: `{ states(filter: {region: "Atlantis"}) { totalCount } }`,
			msg: `filter.region: no M49 region has the code or English name "Atlantis"; ` + regions},
		{name: "misspelt region", query: `{ states(filter: {region: "Eurpoe"}) { totalCount } }`,
			msg: `filter.region: no M49 region has the code or English name "Eurpoe"; did you mean Europe (150)?`},
		{name: "an intermediate region as region", query: `{ states(filter: {region: "Western Africa"}) { totalCount } }`,
			msg: `filter.region: "Western Africa" names the M49 intermediate region Western Africa (011), not a region; ` + regions},
		{name: "misspelt sub-region", query: `{ states(filter: {subregion: "Western Afrika"}) { totalCount } }`,
			msg: `filter.subregion: no M49 sub-region or intermediate region has the code or English name "Western Afrika"; did you mean Western Africa (011)?`},
		{name: "unknown sub-region", query: `{ states(filter: {subregion: "Atlantis"}) { totalCount } }`,
			msg: `filter.subregion: no M49 sub-region or intermediate region has the code or English name "Atlantis"; the regions query lists every code, name and level`},
		{name: "a region as sub-region", query: `{ states(filter: {subregion: "150", nameContains: "fr"}) { totalCount } }`,
			msg: `filter.subregion: "150" names the M49 region Europe (150), not a sub-region or intermediate region; the regions query lists every code, name and level`},
		{name: "unknown region in participation gaps", query: `{ participationGaps(instrument: "CT17", region: "Western Afrika") { totalCount } }`,
			msg: `region: no M49 region, sub-region or intermediate region has the code or English name "Western Afrika"; did you mean Western Africa (011)?`},
		{name: "misspelt instrument key", query: `{ participationGaps(instrument: "ct7") { totalCount } }`,
			msg: `instrument: unknown instrument "ct7"; did you mean CT07?`},
		{name: "unknown instrument ID", query: `{ participationGaps(instrument: "Instrument:Beijing") { totalCount } }`,
			msg: `instrument: unknown instrument "Beijing"; want one of CT01, CT02, CT03, CT04, CT05, CT06, CT07, CT08, CT09, CT10, CT11, CT12, CT13, CT14, CT15, CT16, CT17, CT18, CT19, OC01, OC02, OC03, OC04`},
		{name: "unknown instrument in statistics", query: `{ statistics { byRegion(instrument: "Tokyo") { partyCount } } }`,
			msg: `instrument: unknown instrument "Tokyo"; want one of CT01, …`},
		{name: "misspelt crime type", query: `{ crimeLinks(crime: "CrimeType:terorism") { since } }`,
			msg: `crime: unknown crime type "CrimeType:terorism"; did you mean CrimeType:terrorism?`},
		{name: "unknown crime type", query: `{ crimeLinks(crime: "CrimeType:piracy") { since } }`,
			msg: `crime: unknown crime type "CrimeType:piracy"; want one of CrimeType:financing-of-terrorism, …`},
		{name: "unknown crime type in the instruments filter", query: `{ instruments(filter: {addressesCrimeType: "CrimeType:piracy"}) { totalCount } }`,
			msg: `filter.addressesCrimeType: unknown crime type "CrimeType:piracy"; want one of CrimeType:financing-of-terrorism, …`},
		{name: "misspelt relationship type", query: `{ state(iso3: "FRA") { relationships(types: ["IN_REGION", "MEMBEROF"]) { type } } }`,
			msg: `types: unknown relationship type "MEMBEROF"; did you mean MEMBER_OF?`},
		{name: "relationship type in lower case", query: `{ neighborhood(id: "State:FRA", relationships: ["in_region"]) { truncated } }`,
			msg: `relationships: unknown relationship type "in_region"; did you mean IN_REGION?`},
		{name: "unknown relationship type in a path", query: `{ shortestPath(from: "State:FRA", to: "State:DEU", relationships: ["NEIGHBOUR_OF"]) { length } }`,
			msg: `relationships: unknown relationship type "NEIGHBOUR_OF"; want one of HAS_PARAGRAPH, HAS_FOOTNOTE, …`},
		{name: "unknown relationship type in all paths", query: `{ allShortestPaths(from: "State:FRA", to: "State:DEU", relationships: ["BORDERS"]) { length } }`,
			msg: `relationships: unknown relationship type "BORDERS"; want one of HAS_PARAGRAPH, …`},
		{name: "unknown body kind", query: `{ bodies(kind: AGENCY) { key } }`, validation: true,
			msg: `Value "AGENCY" does not exist in "BodyKind" enum; want one of ORGAN, SUBSIDIARY_BODY, OFFICE, OFFICIAL, TASK_FORCE`},
		{name: "unknown instrument family", query: `{ instruments(filter: {family: TERRORISM}) { totalCount } }`, validation: true,
			msg: `Value "TERRORISM" does not exist in "InstrumentFamily" enum; want one of COUNTER_TERRORISM, ORGANIZED_CRIME`},
		{name: "unknown node kind", query: `{ search(text: "France", kinds: [COUNTRY]) { score } }`, validation: true,
			msg: `Value "COUNTRY" does not exist in "NodeKind!" enum; want one of STATE, REGION, GROUP, CRIME_TYPE, INSTRUMENT, BODY, RESOLUTION, PARAGRAPH, FOOTNOTE, DOCUMENT, CONFERENCE, TOPIC, PROGRAMME, ACTIVITY`},
		{name: "unknown node kind in a variable", query: `query($k: [NodeKind!]) { search(text: "France", kinds: $k) { score } }`,
			vars: map[string]any{"k": []string{"STATE", "COUNTRY"}}, validation: true,
			msg: `variable $k[1]: COUNTRY is not a valid NodeKind; want one of STATE, REGION, …`},
		{name: "unknown region level", query: `{ regions(level: CONTINENT) { code } }`, validation: true,
			msg: `Value "CONTINENT" does not exist in "RegionLevel" enum; want one of REGION, SUBREGION, INTERMEDIATE_REGION`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, accept := range []string{gqlResponse, appJSON} {
				res := serve(t, h, postJSON(t, map[string]any{"query": tc.query, "variables": tc.vars}, accept))
				want := http.StatusOK
				if tc.validation && accept == gqlResponse {
					want = http.StatusBadRequest
				}
				if res.status != want {
					t.Errorf("%s: status %d, want %d", accept, res.status, want)
				}
				if got := at(t, res.json, "errors", 0, "extensions", "code"); got != "BAD_USER_INPUT" {
					t.Errorf("%s: code %v, want BAD_USER_INPUT: %s", accept, got, res.body)
				}
				msg, _ := at(t, res.json, "errors", 0, "message").(string)
				if start, ok := strings.CutSuffix(tc.msg, "…"); ok {
					if !strings.HasPrefix(msg, start) {
						t.Errorf("%s: message %q, want one that starts %q", accept, msg, start)
					}
				} else if msg != tc.msg {
					t.Errorf("%s: message %q, want %q", accept, msg, tc.msg)
				}
			}
		})
	}
}

// TestKnownFilterValuesThatMatchNothingAnswerEmpty checks that a filter
// whose values are all known answers an empty page, not an error, when no
// node meets all of them at once.
func TestKnownFilterValuesThatMatchNothingAnswerEmpty(t *testing.T) {
	h := newHandler(t)
	d := gql(t, h, `{
	  a: states(filter: {region: "Europe", subregion: "Western Africa"}) { totalCount }
	  b: states(filter: {region: "europe", nameContains: "zzz"}) { totalCount }
	  c: instruments(filter: {addressesCrimeType: "CrimeType:smuggling-of-migrants", family: COUNTER_TERRORISM}) { totalCount }
	  d: state(iso3: "FRA") { relationships(types: ["CITES"]) { type } }
	}`, nil)
	for _, alias := range []string{"a", "b", "c"} {
		if n := num(t, d, alias, "totalCount"); n != 0 {
			t.Errorf("%s: totalCount %d, want 0", alias, n)
		}
	}
	if n := len(list(t, d, "d", "relationships")); n != 0 {
		t.Errorf("d: %d relationships, want none", n)
	}
}
