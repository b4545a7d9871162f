package resolvers_test

import (
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// Test data in the import formats: made up, not facts.
const (
	importedParticipation = `state,instrument,action,date,source
NGA,CT17,signature,2010-09-10,test fixture: not a real record
NGA,CT17,ratification,2013-05-02,test fixture: not a real record
MLI,CT17,ratification,2011-06-01,test fixture: not a real record
`
	importedActivities = `activity,programme,kind,title,start,end,states,regions,instruments,crime_types,source
test-workshop,,legislative_assistance,Test workshop,2011-05-10,2011-05-12,NGA,,CT17,,test fixture: not a real record
test-course,,training_of_criminal_justice_officials,Test course,2012-02-01,,,011,CT17,terrorism,test fixture: not a real record
`
)

// TestParticipationGapsOfAnImport imports a participation file and an
// activities file, as an analyst would, and asks which States of Western
// Africa were not yet party to the Beijing Convention in 2011 and today,
// on both stores.
func TestParticipationGapsOfAnImport(t *testing.T) {
	const query = `query($asOf: Date) { participationGaps(instrument: "CT17", region: "Western Africa", asOf: $asOf) {
		totalCount states { state { iso3 } signatures { action date source { document locator citation basis } }
		assistance { activity { key activityKind } benefits { nodeId source { document locator } } } } } }`
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		_, err := importer.Import(t.Context(), s,
			importer.File{Name: "participation.csv", R: strings.NewReader(importedParticipation)},
			importer.File{Name: "activities.csv", R: strings.NewReader(importedActivities)})
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		h := resolvers.NewHandler(s, resolvers.Options{Logger: quietLogger()})

		d := gql(t, h, query, map[string]any{"asOf": "2011-12-19"})
		if n := num(t, d, "participationGaps", "totalCount"); n != 15 {
			t.Errorf("%d gaps as of 2011-12-19, want 15 (all but Mali)", n)
		}
		for _, g := range list(t, d, "participationGaps", "states") {
			if at(t, g, "state", "iso3") != "NGA" {
				continue
			}
			wantJSON(t, g, `{"state": {"iso3": "NGA"},
				"signatures": [{"action": "signature", "date": "2010-09-10",
					"source": {"document": "participation.csv", "locator": "line 2", "citation": "test fixture: not a real record", "basis": "IMPORTED"}}],
				"assistance": [{"activity": {"key": "test-workshop", "activityKind": "LEGISLATIVE_ASSISTANCE"},
					"benefits": {"nodeId": "State:NGA", "source": {"document": "activities.csv", "locator": "line 2"}}}]}`)
		}

		d = gql(t, h, query, nil)
		states := list(t, d, "participationGaps", "states")
		if len(states) != 14 {
			t.Errorf("%d gaps today, want 14 (all but Mali and Nigeria)", len(states))
		}
		for _, g := range states {
			// The course benefits Western Africa: every State in it.
			wantJSON(t, at(t, g, "assistance"), `[{"activity": {"key": "test-course", "activityKind": "TRAINING_OF_CRIMINAL_JUSTICE_OFFICIALS"},
				"benefits": {"nodeId": "Region:011", "source": {"document": "activities.csv", "locator": "line 3"}}}]`)
		}

		// The same answer from the library, which the field wraps.
		gaps, err := analysis.ParticipationGaps(t.Context(), s, "Instrument:CT17", "011", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(gaps.States) != 14 {
			t.Errorf("analysis: %d gaps, want 14", len(gaps.States))
		}
	})
}
