package importer

import (
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// Kind is the kind of an import file, known from its header.
type Kind string

// The kinds of import file.
const (
	// Participation files record what States did with respect to
	// instruments: State -PARTICIPATES_IN {action, date}-> Instrument.
	Participation Kind = "participation"
	// Programmes files record technical assistance programmes, who runs
	// them, what they target and whom they benefit.
	Programmes Kind = "programmes"
	// Activities files record the activities of technical assistance
	// programmes.
	Activities Kind = "activities"
)

// Format is a kind of import file and the header that identifies it.
type Format struct {
	Kind Kind
	// Columns are the names the header line must give, in this order.
	Columns []string
}

// Header returns the header line of the format: its columns joined by commas.
func (f Format) Header() string { return strings.Join(f.Columns, ",") }

// Formats lists the kinds of import file and their headers. A file's header
// must be exactly one of these (white space around a name aside).
var Formats = []Format{
	{Kind: Participation, Columns: []string{"state", "instrument", "action", "date", "source"}},
	{Kind: Programmes, Columns: []string{
		"programme", "name", "bodies", "description", "start", "end",
		"crime_types", "instruments", "regions", "states", "source",
	}},
	{Kind: Activities, Columns: []string{
		"activity", "programme", "kind", "title", "start", "end",
		"states", "regions", "instruments", "crime_types", "source",
	}},
}

// ListSeparator separates the items of a list column (bodies, states,
// regions, instruments, crime_types).
const ListSeparator = ";"

// ActivityKinds lists the kinds of technical assistance activity a file may
// give in its kind column: the forms of assistance resolution 66/178 names
// (the README gives the paragraph of each). The activityKind property holds
// the kind in upper case (LEGISLATIVE_ASSISTANCE).
var ActivityKinds = []string{
	"ratification_support",
	"legislative_assistance",
	"international_cooperation",
	"criminal_justice_capacity_building",
	"legal_expertise",
	"victim_support",
	"training_of_criminal_justice_officials",
	"tools_and_publications",
}

// ActivityKindProperty returns the value of the activityKind property for
// the activity kind kind as written in a file: kind in upper case.
func ActivityKindProperty(kind string) string { return strings.ToUpper(kind) }

// formatOf returns the format whose header is cols, if any.
func formatOf(cols []string) (Format, bool) {
	for _, f := range Formats {
		if len(f.Columns) != len(cols) {
			continue
		}
		same := true
		for i, c := range f.Columns {
			if strings.TrimSpace(cols[i]) != c {
				same = false
				break
			}
		}
		if same {
			return f, true
		}
	}
	return Format{}, false
}

// participationActions is graph.ParticipationActions for messages.
var participationActions = strings.Join(graph.ParticipationActions, ", ")

// activityKinds is ActivityKinds for messages.
var activityKinds = strings.Join(ActivityKinds, ", ")
