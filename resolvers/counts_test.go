package resolvers_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/resolvers"
)

// countTermsOfArt are the Int fields that count something under the name
// graph theory gives it, not …Count.
var countTermsOfArt = []string{
	"NodeCentrality.degree", "NodeCentrality.inDegree", "NodeCentrality.outDegree", "Path.length",
}

// TestCountsAreNamedCount walks the schema: every Int field that says it
// counts (its description starts with "How many" or "The number of") is
// named …Count, unless it is deprecated, in favour of a …Count field of the
// same type ("Use xCount."), or is one of countTermsOfArt.
func TestCountsAreNamedCount(t *testing.T) {
	d := gql(t, newHandler(t), introspectionQuery, nil)
	var counts int
	for _, ty := range list(t, d, "__schema", "types") {
		typeName, _ := at(t, ty, "name").(string)
		fields, _ := at(t, ty, "fields").([]any)
		if strings.HasPrefix(typeName, "__") {
			continue
		}
		names := strs(t, fields, "name")
		for _, f := range fields {
			name := at(t, f, "name").(string)
			key := typeName + "." + name
			if namedType(t, at(t, f, "type")) != "Int" {
				continue
			}
			desc, _ := at(t, f, "description").(string)
			if !strings.HasPrefix(desc, "How many") && !strings.HasPrefix(desc, "The number of") {
				continue
			}
			if at(t, f, "isDeprecated") == true {
				reason, _ := at(t, f, "deprecationReason").(string)
				now, ok := strings.CutSuffix(strings.TrimPrefix(reason, "Use "), ".")
				if !ok || !strings.HasSuffix(now, "Count") || !slices.Contains(names, now) {
					t.Errorf("%s is deprecated with %q; want \"Use xCount.\" naming a field of %s", key, reason, typeName)
				}
				continue
			}
			counts++
			if !strings.HasSuffix(name, "Count") && !slices.Contains(countTermsOfArt, key) {
				t.Errorf("%s counts (%q) but is not named …Count", key, desc)
			}
		}
	}
	if counts < 15 {
		t.Errorf("found only %d count fields", counts)
	}
}

// namedType returns the name of the type an introspected type reference
// wraps (lists and non-nulls removed).
func namedType(t *testing.T, ref any) string {
	t.Helper()
	for {
		if name, ok := at(t, ref, "name").(string); ok && name != "" {
			return name
		}
		ref = at(t, ref, "ofType")
		if ref == nil {
			return ""
		}
	}
}

// TestDeprecatedCountsAnswerAsTheirNewNames asks every count under its new
// and its deprecated name in one request and compares the two.
func TestDeprecatedCountsAnswerAsTheirNewNames(t *testing.T) {
	h := resolvers.NewHandler(fixtureStore(t), resolvers.Options{Logger: quietLogger()})
	q := `{
	  counts { nodes { kind nodeCount count } relationships { type relationshipCount count } }
	  instrument(key: "CT17") { partiesByRegion(asOf: "2013-01-01") { region { code } stateCount count }
	    adoptedAt { votesForCount votesFor votesAgainstCount votesAgainst } }
	  participationGaps(instrument: "CT17", region: "011", asOf: "2013-01-01") { memberStateCount memberStates }
	  statistics {
	    byRegion(instrument: "CT17", asOf: "2013-01-01") { region { code } memberStateCount memberStates partyCount parties signatoryCount signatories notPartyCount notParty }
	    byInstrument(asOf: "2013-01-01") { instrument { key } partyCount parties signatoryCount signatories }
	    byCrimeType(asOf: "2013-01-01") { crimeType { id } instrumentCount instruments paragraphCount paragraphs programmeCount programmes activityCount activities }
	    byProgramme { programme { id } activityCount activities beneficiaryStateCount beneficiaryStates }
	  }
	}`
	d := gql(t, h, q, nil)
	pairs := map[string]string{
		"nodeCount": "count", "relationshipCount": "count", "stateCount": "count",
		"votesForCount": "votesFor", "votesAgainstCount": "votesAgainst",
		"memberStateCount": "memberStates", "partyCount": "parties", "signatoryCount": "signatories",
		"notPartyCount": "notParty", "instrumentCount": "instruments", "paragraphCount": "paragraphs",
		"programmeCount": "programmes", "activityCount": "activities", "beneficiaryStateCount": "beneficiaryStates",
	}
	seen := map[string]bool{}
	nonZero := map[string]bool{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if old, ok := pairs[k]; ok {
					seen[k] = true
					if fmt.Sprint(x) != fmt.Sprint(v[old]) {
						t.Errorf("%s: %s = %v but %s = %v", path, k, x, old, v[old])
					}
					if x != nil && fmt.Sprint(x) != "0" {
						nonZero[k] = true
					}
				}
				walk(path+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		}
	}
	walk("data", d)
	for k := range pairs {
		if !seen[k] {
			t.Errorf("%s was not in the answer", k)
		}
	}
	// Equal zeros would prove nothing: the fixture gives most counts a value.
	for _, k := range []string{"nodeCount", "relationshipCount", "stateCount", "memberStateCount", "partyCount", "instrumentCount", "paragraphCount"} {
		if !nonZero[k] {
			t.Errorf("%s is 0 or null everywhere", k)
		}
	}
}
