package importer_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// file is an import file of a test.
type file struct{ name, content string }

// files turns test files into importer files.
func files(fs ...file) []importer.File {
	out := make([]importer.File, len(fs))
	for i, f := range fs {
		out[i] = importer.File{Name: f.name, R: strings.NewReader(f.content)}
	}
	return out
}

// seeded returns a memory store loaded with the seed.
func seeded(t testing.TB) *memory.Store {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { _ = st.Close() })
	if _, err := seed.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return st
}

// problems returns the problems of err, one "file:line: message" each.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var ps seed.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T), want seed.Problems", err, err)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// examples returns the files of examples/.
func examples(t testing.TB) []importer.File {
	t.Helper()
	fs, err := importer.Files(
		filepath.Join("..", "examples", "participation.example.csv"),
		filepath.Join("..", "examples", "programmes.example.csv"),
		filepath.Join("..", "examples", "activities.example.csv"),
	)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

const (
	participationHeader = "state,instrument,action,date,source\n"
	programmesHeader    = "programme,name,bodies,description,start,end,crime_types,instruments,regions,states,source\n"
	activitiesHeader    = "activity,programme,kind,title,start,end,states,regions,instruments,crime_types,source\n"
	headers             = `"state,instrument,action,date,source" (participation), ` +
		`"programme,name,bodies,description,start,end,crime_types,instruments,regions,states,source" (programmes), ` +
		`"activity,programme,kind,title,start,end,states,regions,instruments,crime_types,source" (activities)`
	actions = "signature, ratification, accession, succession, acceptance, approval"
	kinds   = "ratification_support, legislative_assistance, international_cooperation, " +
		"criminal_justice_capacity_building, legal_expertise, victim_support, " +
		"training_of_criminal_justice_officials, tools_and_publications"
	// aProgramme is a valid programmes file, for activities to refer to.
	aProgramme = programmesHeader + "p-1,A programme,UNODC,,,,,,,,a citation\n"
)

// controlChar and bidiChar are the messages about a character a value may
// not hold.
func controlChar(code string) string {
	return "control character U+" + code + ": text may hold tabs and line breaks, no other control character"
}

func bidiChar(code, name string) string {
	return "bidirectional formatting character U+" + code + " (" + name + "): not allowed, it can make text display in another order than it is stored"
}

// TestProblems checks every kind of problem, with its exact file:line:
// message, and that a set of files with problems yields no batch.
func TestProblems(t *testing.T) {
	st := seeded(t)
	tests := []struct {
		name  string
		files []file
		want  []string
	}{
		// The file as a whole.
		{name: "empty file", files: []file{{"p.csv", ""}},
			want: []string{"p.csv: empty file: want a header line naming the columns, one of " + headers}},
		{name: "only comments", files: []file{{"p.csv", "# nothing here\n"}},
			want: []string{"p.csv: empty file: want a header line naming the columns, one of " + headers}},
		{name: "unknown header", files: []file{{"p.csv", "state,instrument,action,date\nFRA,CT17,signature,2012-01-01\n"}},
			want: []string{`p.csv:1: unknown header "state,instrument,action,date": want one of ` + headers}},
		{name: "header in another order", files: []file{{"p.csv", "instrument,state,action,date,source\n"}},
			want: []string{`p.csv:1: unknown header "instrument,state,action,date,source": want one of ` + headers}},
		{name: "the same file twice", files: []file{{"p.csv", participationHeader}, {"p.csv", participationHeader}},
			want: []string{"p.csv: the file is given twice"}},
		{name: "too few fields", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01\n"}},
			want: []string{"p.csv:2: want 5 fields, got 4"}},
		{name: "too many fields", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,a,b\n"}},
			want: []string{"p.csv:2: want 5 fields, got 6"}},
		{name: "bad quoting", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,a \"quoted\" word\n"}},
			want: []string{`p.csv:2: bare " in non-quoted-field`}},
		{name: "not UTF-8", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,Trait\xe9\n"}},
			want: []string{"p.csv:2: not valid UTF-8: save the file as UTF-8"}},
		{name: "lines counted with comments and a quoted line break",
			files: []file{{"p.csv", "# comment\n" + participationHeader + "FRA,CT17,signature,2012-01-01,\"two\nlines\"\n\nFRA,CT17,ratified,2013-01-01,x\n"}},
			want:  []string{`p.csv:6: unknown action "ratified": want one of ` + actions}},

		// Characters a value may not hold: the first of each field, on its
		// line, naming the column.
		{name: "control character", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,a\abell\n"}},
			want: []string{"p.csv:2: column source: " + controlChar("0007")}},
		{name: "NUL, DEL and a C1 control in three fields", files: []file{{"p.csv", participationHeader + "FRA\x00,CT17\x7f,signature\u0085,2012-01-01,x\n"}},
			want: []string{
				"p.csv:2: column action: " + controlChar("0085"),
				"p.csv:2: column instrument: " + controlChar("007F"),
				"p.csv:2: column state: " + controlChar("0000"),
			}},
		{name: "carriage return inside a value", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,a\rb\r\n"}},
			want: []string{"p.csv:2: column source: control character U+000D (carriage return): allowed only as part of a CRLF line end"}},
		{name: "carriage return in a quoted value", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,\"a\rb\"\n"}},
			want: []string{"p.csv:2: column source: control character U+000D (carriage return): allowed only as part of a CRLF line end"}},
		{name: "right-to-left override", files: []file{{"p.csv", participationHeader + "FRA\u202e,CT17,signature,2012-01-01,x\n"}},
			want: []string{"p.csv:2: column state: " + bidiChar("202E", "RIGHT-TO-LEFT OVERRIDE")}},
		{name: "isolates, on the line of a quoted value they are on",
			files: []file{{"g.csv", programmesHeader + "p-1,A programme,UNODC,\"line one\nline two \u2067x\u2069\",,,,,,,x\nq-1,\u2066Q,,,,,,,,,x\n"}},
			want: []string{
				"g.csv:3: column description: " + bidiChar("2067", "RIGHT-TO-LEFT ISOLATE"),
				"g.csv:4: column name: " + bidiChar("2066", "LEFT-TO-RIGHT ISOLATE"),
			}},
		{name: "embedding in the header", files: []file{{"p.csv", "state,\u202ainstrument,action,date,source\nFRA,CT17,signature,2012-01-01,x\n"}},
			want: []string{"p.csv:1: header field 2: " + bidiChar("202A", "LEFT-TO-RIGHT EMBEDDING")}},
		{name: "control character in a field past the columns", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,x,\x1b\n"}},
			want: []string{"p.csv:2: field 6: " + controlChar("001B")}},

		// Participation.
		{name: "missing state", files: []file{{"p.csv", participationHeader + ",CT17,signature,2012-01-01,x\n"}},
			want: []string{"p.csv:2: missing state: want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA"}},
		{name: "unknown state", files: []file{{"p.csv", participationHeader + "France,CT17,signature,2012-01-01,x\n"}},
			want: []string{`p.csv:2: unknown state "France": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`}},
		{name: "not a Member State", files: []file{{"p.csv", participationHeader + "PSE,CT17,signature,2012-01-01,x\n"}},
			want: []string{`p.csv:2: unknown state "PSE": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`}},
		{name: "missing instrument", files: []file{{"p.csv", participationHeader + "FRA,,signature,2012-01-01,x\n"}},
			want: []string{"p.csv:2: missing instrument: want the key of an instrument, e.g. CT17"}},
		{name: "unknown instrument", files: []file{{"p.csv", participationHeader + "FRA,CT99,signature,2012-01-01,x\n"}},
			want: []string{`p.csv:2: unknown instrument "CT99": want the key of an instrument in the graph, e.g. CT17`}},
		{name: "missing action", files: []file{{"p.csv", participationHeader + "FRA,CT17,,2012-01-01,x\n"}},
			want: []string{"p.csv:2: missing action: want one of " + actions}},
		{name: "unknown action", files: []file{{"p.csv", participationHeader + "FRA,CT17,party,2012-01-01,x\n"}},
			want: []string{`p.csv:2: unknown action "party": want one of ` + actions}},
		{name: "missing date", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,,x\n"}},
			want: []string{"p.csv:2: missing date: want an ISO date YYYY-MM-DD"}},
		{name: "date not ISO", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,01/02/2012,x\n"}},
			want: []string{`p.csv:2: date "01/02/2012": want an ISO date YYYY-MM-DD`}},
		{name: "no such day", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2011-02-30,x\n"}},
			want: []string{`p.csv:2: date "2011-02-30": want an ISO date YYYY-MM-DD`}},
		{name: "date in the future", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2999-01-01,x\n"}},
			want: []string{"p.csv:2: date 2999-01-01 is in the future"}},
		{name: "date before adoption", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2009-12-31,x\n"}},
			want: []string{"p.csv:2: date 2009-12-31 is before CT17 was adopted (2010-09-10)"}},
		{name: "date before opening for signature", files: []file{{"p.csv", participationHeader + "FRA,CT19,signature,2014-01-01,x\n"}},
			want: []string{"p.csv:2: date 2014-01-01 is before CT19 was opened for signature (2014-04-04)"}},
		{name: "missing source", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,\n"}},
			want: []string{"p.csv:2: missing source: want a URL or a citation saying where the row's facts come from"}},
		{name: "bad URL", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,https://exa mple.org/x\n"}},
			want: []string{`p.csv:2: source "https://exa mple.org/x": not a valid URL`}},
		{name: "URL without a host", files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,https:///x\n"}},
			want: []string{`p.csv:2: source "https:///x": not a valid URL`}},
		{name: "the same action twice in two files",
			files: []file{{"a.csv", participationHeader + "FRA,CT17,signature,2012-01-01,x\n"}, {"b.csv", participationHeader + "\n\nfra,ct17,Signature,2012-01-02,y\n"}},
			want:  []string{"b.csv:4: FRA's signature of CT17 is already given at a.csv:2"}},
		{name: "every problem of a row",
			files: []file{{"p.csv", participationHeader + ",,ratified,2012,\n"}},
			want: []string{
				`p.csv:2: date "2012": want an ISO date YYYY-MM-DD`,
				"p.csv:2: missing instrument: want the key of an instrument, e.g. CT17",
				"p.csv:2: missing source: want a URL or a citation saying where the row's facts come from",
				"p.csv:2: missing state: want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA",
				`p.csv:2: unknown action "ratified": want one of ` + actions,
			}},
		{name: "unknown state and instrument",
			files: []file{{"p.csv", participationHeader + "XXX,CT99,signature,2012-01-01,x\n"}},
			want: []string{
				`p.csv:2: unknown instrument "CT99": want the key of an instrument in the graph, e.g. CT17`,
				`p.csv:2: unknown state "XXX": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`,
			}},

		// Programmes.
		{name: "missing programme id", files: []file{{"g.csv", programmesHeader + ",A programme,,,,,,,,,x\n"}},
			want: []string{"g.csv:2: missing programme: want an id of letters and digits joined by hyphens, e.g. example-programme-1"}},
		{name: "bad programme id", files: []file{{"g.csv", programmesHeader + "GLO/U40,A programme,,,,,,,,,x\n"}},
			want: []string{`g.csv:2: programme id "GLO/U40": want letters and digits joined by hyphens, e.g. example-programme-1`}},
		{name: "missing name", files: []file{{"g.csv", programmesHeader + "p-1,,,,,,,,,,x\n"}},
			want: []string{"g.csv:2: missing name: want the programme's name"}},
		{name: "unknown body", files: []file{{"g.csv", programmesHeader + "p-1,A programme,UNODC;UNDOC,,,,,,,,x\n"}},
			want: []string{`g.csv:2: unknown body "UNDOC": want the key of a body in the graph, e.g. UNODC`}},
		{name: "unknown crime type", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,,piracy,,,,x\n"}},
			want: []string{`g.csv:2: unknown crime type "piracy": want the key of a crime type in the graph, e.g. terrorism`}},
		{name: "unknown instrument in a list", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,,,CT15;CT20,,,x\n"}},
			want: []string{`g.csv:2: unknown instrument "CT20": want the key of an instrument in the graph, e.g. CT17`}},
		{name: "unknown region", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,,,,999,,x\n"}},
			want: []string{`g.csv:2: unknown region "999": want the 3-digit M49 code of a region in the graph, e.g. 011`}},
		{name: "unknown state in a list", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,,,,,SEN;SEM,x\n"}},
			want: []string{`g.csv:2: unknown state "SEM": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`}},
		{name: "an item twice", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,,,,,SEN; sen,x\n"}},
			want: []string{`g.csv:2: states lists "sen" twice`}},
		{name: "bad start", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,2012,,,,,,x\n"}},
			want: []string{`g.csv:2: start "2012": want an ISO date YYYY-MM-DD`}},
		{name: "bad end", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,2012-13-01,,,,,x\n"}},
			want: []string{`g.csv:2: end "2012-13-01": want an ISO date YYYY-MM-DD`}},
		{name: "end before start", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,2012-01-02,2012-01-01,,,,,x\n"}},
			want: []string{"g.csv:2: end 2012-01-01 is before start 2012-01-02"}},
		{name: "programme missing its source", files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,,,,,,\n"}},
			want: []string{"g.csv:2: missing source: want a URL or a citation saying where the row's facts come from"}},
		{name: "programme defined twice",
			files: []file{{"g.csv", programmesHeader + "p-1,A programme,,,,,,,,,x\n"}, {"h.csv", programmesHeader + "p-1,Another,,,,,,,,,y\n"}},
			want:  []string{`h.csv:2: programme "p-1" is already defined at g.csv:2`}},

		// Activities.
		{name: "missing activity id", files: []file{{"a.csv", activitiesHeader + ",,training_of_criminal_justice_officials,A course,,,,,,,x\n"}},
			want: []string{"a.csv:2: missing activity: want an id of letters and digits joined by hyphens, e.g. example-activity-1"}},
		{name: "bad activity id", files: []file{{"a.csv", activitiesHeader + "a 1,,training_of_criminal_justice_officials,A course,,,,,,,x\n"}},
			want: []string{`a.csv:2: activity id "a 1": want letters and digits joined by hyphens, e.g. example-activity-1`}},
		{name: "unknown programme", files: []file{{"a.csv", activitiesHeader + "a-1,p-404,training_of_criminal_justice_officials,A course,,,,,,,x\n"}},
			want: []string{`a.csv:2: unknown programme "p-404": want the id of a programme in the graph or in the files imported with it`}},
		{name: "bad programme id in an activity", files: []file{{"a.csv", activitiesHeader + "a-1,p/1,training_of_criminal_justice_officials,A course,,,,,,,x\n"}},
			want: []string{`a.csv:2: programme id "p/1": want letters and digits joined by hyphens, e.g. example-programme-1`}},
		{name: "missing kind", files: []file{{"a.csv", activitiesHeader + "a-1,,,A course,,,,,,,x\n"}},
			want: []string{"a.csv:2: missing kind: want one of " + kinds}},
		{name: "unknown kind", files: []file{{"a.csv", activitiesHeader + "a-1,,workshop,A course,,,,,,,x\n"}},
			want: []string{`a.csv:2: unknown kind "workshop": want one of ` + kinds}},
		{name: "missing title", files: []file{{"a.csv", activitiesHeader + "a-1,,tools_and_publications,,,,,,,,x\n"}},
			want: []string{"a.csv:2: missing title: want the activity's title"}},
		{name: "activity ends before it starts", files: []file{{"a.csv", activitiesHeader + "a-1,,tools_and_publications,A guide,2013-01-01,2012-01-01,,,,,x\n"}},
			want: []string{"a.csv:2: end 2012-01-01 is before start 2013-01-01"}},
		{name: "unknown beneficiaries and targets of an activity",
			files: []file{{"a.csv", activitiesHeader + "a-1,,tools_and_publications,A guide,,,XXX,998,CT00,piracy,x\n"}},
			want: []string{
				`a.csv:2: unknown crime type "piracy": want the key of a crime type in the graph, e.g. terrorism`,
				`a.csv:2: unknown instrument "CT00": want the key of an instrument in the graph, e.g. CT17`,
				`a.csv:2: unknown region "998": want the 3-digit M49 code of a region in the graph, e.g. 011`,
				`a.csv:2: unknown state "XXX": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`,
			}},
		{name: "activity defined twice in a file",
			files: []file{{"a.csv", activitiesHeader + "a-1,,tools_and_publications,A guide,,,,,,,x\na-1,,tools_and_publications,A guide,,,,,,,x\n"}},
			want:  []string{`a.csv:3: activity "a-1" is already defined at a.csv:2`}},

		// Unknown codes in rows with other problems are reported too.
		{name: "unknown state in a row with a bad date",
			files: []file{{"p.csv", participationHeader + "XXX,CT17,signature,2012-13-01,x\n"}},
			want: []string{
				`p.csv:2: date "2012-13-01": want an ISO date YYYY-MM-DD`,
				`p.csv:2: unknown state "XXX": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`,
			}},
		{name: "unknown body in a programme without an id",
			files: []file{{"g.csv", programmesHeader + ",A programme,UNDOC,,,,,,,,x\n"}},
			want: []string{
				"g.csv:2: missing programme: want an id of letters and digits joined by hyphens, e.g. example-programme-1",
				`g.csv:2: unknown body "UNDOC": want the key of a body in the graph, e.g. UNODC`,
			}},
		{name: "unknown programme and state in an activity of an unknown kind",
			files: []file{{"a.csv", activitiesHeader + "a-1,p-404,workshop,A course,,,XXX,,,,x\n"}},
			want: []string{
				`a.csv:2: unknown kind "workshop": want one of ` + kinds,
				`a.csv:2: unknown programme "p-404": want the id of a programme in the graph or in the files imported with it`,
				`a.csv:2: unknown state "XXX": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`,
			}},

		// Several files, several problems: all of them, sorted; the good
		// file is not written either.
		{name: "problems in several files",
			files: []file{
				{"z.csv", participationHeader + "FRA,CT17,signature,2012-01-01,x\nFRA,CT17,ratification,2012-13-01,x\n"},
				{"a.csv", activitiesHeader + "a-1,p-1,workshop,A course,,,,,,,x\n"},
				{"g.csv", aProgramme},
				{"m.csv", "nonsense\n"},
			},
			want: []string{
				`a.csv:2: unknown kind "workshop": want one of ` + kinds,
				`m.csv:1: unknown header "nonsense": want one of ` + headers,
				`z.csv:3: date "2012-13-01": want an ISO date YYYY-MM-DD`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := importer.Read(t.Context(), st, files(tt.files...)...)
			if err == nil {
				t.Fatalf("Read succeeded with %d nodes and %d relationships, want problems", len(b.Nodes), len(b.Relationships))
			}
			if got := problems(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(b.Nodes) > 0 || len(b.Relationships) > 0 {
				t.Errorf("Read returned %d nodes and %d relationships with its problems", len(b.Nodes), len(b.Relationships))
			}
			if graph.ErrorCode(err) != graph.Invalid {
				t.Errorf("error code %q, want %q", graph.ErrorCode(err), graph.Invalid)
			}
			if err.Error() != strings.Join(tt.want, "\n") {
				t.Errorf("error text:\n%s\nwant:\n%s", err, strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestAccepted checks rows that must be accepted, and what they become.
func TestAccepted(t *testing.T) {
	st := seeded(t)
	tests := []struct {
		name      string
		files     []file
		wantNodes []graph.ID
		wantRels  []string // identities
	}{
		{name: "codes in any case and a region without its leading zero",
			files:     []file{{"g.csv", programmesHeader + "p-1,A programme,unodc,,,,Terrorism,ct15,11,sen,x\n"}},
			wantNodes: []graph.ID{"Programme:p-1"},
			wantRels: []string{
				"Body:UNODC|RUNS|Programme:p-1|",
				"Programme:p-1|TARGETS|CrimeType:terrorism|",
				"Programme:p-1|TARGETS|Instrument:CT15|",
				"Programme:p-1|BENEFITS|Region:011|",
				"Programme:p-1|BENEFITS|State:SEN|",
			}},
		{name: "empty list items are skipped and a header alone is fine",
			files:     []file{{"g.csv", programmesHeader + "p-1,A programme,;UNODC;,,,,,,,,x\n"}, {"p.csv", participationHeader}},
			wantNodes: []graph.ID{"Programme:p-1"},
			wantRels:  []string{"Body:UNODC|RUNS|Programme:p-1|"}},
		{name: "an activity refers to a programme in a later file",
			files:     []file{{"a.csv", activitiesHeader + "a-1,p-1,tools_and_publications,A guide,,,,,,,x\n"}, {"g.csv", aProgramme}},
			wantNodes: []graph.ID{"Activity:a-1", "Programme:p-1"},
			wantRels:  []string{"Activity:a-1|IN_PROGRAMME|Programme:p-1|", "Body:UNODC|RUNS|Programme:p-1|"}},
		{name: "an activity without a programme",
			files:     []file{{"a.csv", activitiesHeader + "a-1,,Victim_Support,Support,2012-01-01,2012-01-01,,,,,x\n"}},
			wantNodes: []graph.ID{"Activity:a-1"}},
		{name: "tabs, line breaks, CRLF in a quoted value and a right-to-left mark",
			files:     []file{{"g.csv", programmesHeader + "p-1,A\tprogramme,,\"two\r\nlines\",,,,,,,\u0627\u200f citation\r\n"}},
			wantNodes: []graph.ID{"Programme:p-1"}},
		{name: "several actions of one State on one instrument",
			files: []file{{"p.csv", "\uFEFF" + participationHeader + "FRA,CT17,signature,2012-01-01,x\r\nFRA,CT17,ratification,2012-01-01,x\r\nFRA,CT18,signature,2012-01-01,x\r\n"}},
			wantRels: []string{
				"State:FRA|PARTICIPATES_IN|Instrument:CT17|signature",
				"State:FRA|PARTICIPATES_IN|Instrument:CT17|ratification",
				"State:FRA|PARTICIPATES_IN|Instrument:CT18|signature",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := importer.Read(t.Context(), st, files(tt.files...)...)
			if err != nil {
				t.Fatal(err)
			}
			var nodes []graph.ID
			for _, n := range b.Nodes {
				nodes = append(nodes, n.ID)
			}
			var rels []string
			for _, r := range b.Relationships {
				rels = append(rels, r.Identity())
			}
			if !reflect.DeepEqual(nodes, tt.wantNodes) {
				t.Errorf("nodes %v, want %v", nodes, tt.wantNodes)
			}
			if !reflect.DeepEqual(rels, tt.wantRels) {
				t.Errorf("relationships:\n%s\nwant:\n%s", strings.Join(rels, "\n"), strings.Join(tt.wantRels, "\n"))
			}
		})
	}
}

// TestExamplesBatch checks what the example files become, fact by fact.
func TestExamplesBatch(t *testing.T) {
	st := seeded(t)
	b, err := importer.Read(t.Context(), st, examples(t)...)
	if err != nil {
		t.Fatal(err)
	}
	citation := "example only — not a real record"
	url := "https://example.org/example-only-not-a-real-record"
	nodes := map[graph.ID]*graph.Node{}
	for _, n := range b.Nodes {
		nodes[n.ID] = n
	}
	wantNodes := map[graph.ID]struct {
		props graph.Props
		src   graph.Source
	}{
		"Programme:example-programme-1": {
			props: graph.Props{"nameEn": "Example programme (not a real programme)", "descriptionEn": "An example of the format: not a real programme.", "startDate": "2012-01-01", "endDate": "2015-12-31"},
			src:   graph.Source{Document: "programmes.example.csv", Locator: "line 5", Citation: citation, Basis: graph.Imported},
		},
		"Activity:example-activity-1": {
			props: graph.Props{"nameEn": "Example workshop (not a real activity)", "activityKind": "LEGISLATIVE_ASSISTANCE", "startDate": "2012-03-01", "endDate": "2012-03-03"},
			src:   graph.Source{Document: "activities.example.csv", Locator: "line 5", Citation: citation, Basis: graph.Imported},
		},
		"Activity:example-activity-2": {
			props: graph.Props{"nameEn": "Example training course (not a real activity)", "activityKind": "TRAINING_OF_CRIMINAL_JUSTICE_OFFICIALS", "startDate": "2013-05-06", "endDate": "2013-05-10"},
			src:   graph.Source{Document: "activities.example.csv", Locator: "line 6", URL: url, Basis: graph.Imported},
		},
	}
	if len(nodes) != len(wantNodes) {
		t.Errorf("%d nodes, want %d", len(nodes), len(wantNodes))
	}
	for id, w := range wantNodes {
		n := nodes[id]
		if n == nil {
			t.Errorf("no node %s", id)
			continue
		}
		if !reflect.DeepEqual(n.Props, w.props) {
			t.Errorf("%s props %v, want %v", id, n.Props, w.props)
		}
		if !reflect.DeepEqual(n.Sources, []graph.Source{w.src}) {
			t.Errorf("%s sources %+v, want %+v", id, n.Sources, w.src)
		}
	}

	rels := map[string]*graph.Relationship{}
	for _, r := range b.Relationships {
		rels[r.Identity()] = r
	}
	pSrc := func(line, cit, u string) graph.Source {
		return graph.Source{Document: "participation.example.csv", Locator: "line " + line, Citation: cit, URL: u, Basis: graph.Imported}
	}
	gSrc := graph.Source{Document: "programmes.example.csv", Locator: "line 5", Citation: citation, Basis: graph.Imported}
	a1 := graph.Source{Document: "activities.example.csv", Locator: "line 5", Citation: citation, Basis: graph.Imported}
	a2 := graph.Source{Document: "activities.example.csv", Locator: "line 6", URL: url, Basis: graph.Imported}
	wantRels := map[string]struct {
		props graph.Props
		src   graph.Source
	}{
		"State:FRA|PARTICIPATES_IN|Instrument:CT17|signature":                     {graph.Props{"action": "signature", "date": "2012-01-01"}, pSrc("5", citation, "")},
		"State:FRA|PARTICIPATES_IN|Instrument:CT17|ratification":                  {graph.Props{"action": "ratification", "date": "2013-01-01"}, pSrc("6", citation, "")},
		"State:KEN|PARTICIPATES_IN|Instrument:CT18|accession":                     {graph.Props{"action": "accession", "date": "2014-01-01"}, pSrc("7", "", url)},
		"Body:UNODC|RUNS|Programme:example-programme-1|":                          {graph.Props{}, gSrc},
		"Programme:example-programme-1|TARGETS|CrimeType:terrorism|":              {graph.Props{}, gSrc},
		"Programme:example-programme-1|TARGETS|CrimeType:financing-of-terrorism|": {graph.Props{}, gSrc},
		"Programme:example-programme-1|TARGETS|Instrument:CT15|":                  {graph.Props{}, gSrc},
		"Programme:example-programme-1|TARGETS|Instrument:CT17|":                  {graph.Props{}, gSrc},
		"Programme:example-programme-1|BENEFITS|Region:011|":                      {graph.Props{}, gSrc},
		"Programme:example-programme-1|BENEFITS|State:SEN|":                       {graph.Props{}, gSrc},
		"Programme:example-programme-1|BENEFITS|State:MLI|":                       {graph.Props{}, gSrc},
		"Activity:example-activity-1|IN_PROGRAMME|Programme:example-programme-1|": {graph.Props{}, a1},
		"Activity:example-activity-1|TARGETS|Instrument:CT15|":                    {graph.Props{}, a1},
		"Activity:example-activity-1|TARGETS|CrimeType:financing-of-terrorism|":   {graph.Props{}, a1},
		"Activity:example-activity-1|BENEFITS|State:SEN|":                         {graph.Props{}, a1},
		"Activity:example-activity-2|IN_PROGRAMME|Programme:example-programme-1|": {graph.Props{}, a2},
		"Activity:example-activity-2|TARGETS|Instrument:CT17|":                    {graph.Props{}, a2},
		"Activity:example-activity-2|TARGETS|CrimeType:terrorism|":                {graph.Props{}, a2},
		"Activity:example-activity-2|BENEFITS|Region:011|":                        {graph.Props{}, a2},
		"Activity:example-activity-2|BENEFITS|State:MLI|":                         {graph.Props{}, a2},
		"Activity:example-activity-2|BENEFITS|State:SEN|":                         {graph.Props{}, a2},
	}
	if len(rels) != len(wantRels) || len(b.Relationships) != len(wantRels) {
		t.Errorf("%d relationships (%d distinct), want %d", len(b.Relationships), len(rels), len(wantRels))
	}
	for id, w := range wantRels {
		r := rels[id]
		if r == nil {
			t.Errorf("no relationship %s", id)
			continue
		}
		if !reflect.DeepEqual(r.Props, w.props) || r.Source != w.src {
			t.Errorf("%s: props %v source %+v, want %v and %+v", id, r.Props, r.Source, w.props, w.src)
		}
	}
}

// countingStore counts the calls made to a store.
type countingStore struct {
	graph.Store
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingStore) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
}

func (c *countingStore) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	c.count("Nodes")
	return c.Store.Nodes(ctx, ids)
}

func (c *countingStore) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	c.count("FindNodes")
	return c.Store.FindNodes(ctx, q)
}

func (c *countingStore) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	c.count("Relationships")
	return c.Store.Relationships(ctx, ids, q)
}

func (c *countingStore) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	c.count("Neighborhood")
	return c.Store.Neighborhood(ctx, root, q)
}

func (c *countingStore) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) ([]graph.Path, error) {
	c.count("ShortestPaths")
	return c.Store.ShortestPaths(ctx, from, to, q)
}

func (c *countingStore) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	c.count("Search")
	return c.Store.Search(ctx, q)
}

func (c *countingStore) Counts(ctx context.Context) (graph.Counts, error) {
	c.count("Counts")
	return c.Store.Counts(ctx)
}

func (c *countingStore) Apply(ctx context.Context, b graph.Batch) error {
	c.count("Apply")
	return c.Store.Apply(ctx, b)
}

func (c *countingStore) ApplyStream(ctx context.Context, batches iter.Seq2[graph.Batch, error]) error {
	c.count("ApplyStream")
	return c.Store.ApplyStream(ctx, batches)
}

// TestStoreCalls checks that reading costs one Nodes call however many rows
// the files have, and that Import adds one ApplyStream.
func TestStoreCalls(t *testing.T) {
	st := seeded(t)
	var many strings.Builder
	many.WriteString(participationHeader)
	states, err := st.FindNodes(t.Context(), graph.NodeQuery{Kind: graph.KindState, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states.Nodes {
		many.WriteString(s.Key + ",CT15,signature,2012-01-01,x\n")
	}
	tests := []struct {
		name  string
		files func() []importer.File
	}{
		{"examples", func() []importer.File { return examples(t) }},
		{"one row per Member State", func() []importer.File {
			return files(file{"p.csv", many.String()})
		}},
		{"rows with problems", func() []importer.File {
			return files(file{"p.csv", participationHeader + "XXX,CT17,signature,2012-01-01,x\nYYY,CT17,signature,2012-01-01,x\n"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &countingStore{Store: st, calls: map[string]int{}}
			_, _ = importer.Read(t.Context(), c, tt.files()...)
			if want := map[string]int{"Nodes": 1}; !reflect.DeepEqual(c.calls, want) {
				t.Errorf("Read made %v store calls, want %v", c.calls, want)
			}
		})
	}
	t.Run("import", func(t *testing.T) {
		c := &countingStore{Store: seeded(t), calls: map[string]int{}}
		if _, err := importer.Import(t.Context(), c, examples(t)...); err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"Nodes": 1, "ApplyStream": 1}; !reflect.DeepEqual(c.calls, want) {
			t.Errorf("Import made %v store calls, want %v", c.calls, want)
		}
	})
	if len(states.Nodes) != 193 {
		t.Errorf("%d states in the seed, want 193", len(states.Nodes))
	}
}

// TestSummary checks what Import says of each file.
func TestSummary(t *testing.T) {
	sum, err := importer.Import(t.Context(), seeded(t), examples(t)...)
	if err != nil {
		t.Fatal(err)
	}
	want := []importer.FileSummary{
		{Name: filepath.Join("..", "examples", "participation.example.csv"), Kind: importer.Participation, Rows: 3, Nodes: 0, Relationships: 3},
		{Name: filepath.Join("..", "examples", "programmes.example.csv"), Kind: importer.Programmes, Rows: 1, Nodes: 1, Relationships: 8},
		{Name: filepath.Join("..", "examples", "activities.example.csv"), Kind: importer.Activities, Rows: 2, Nodes: 2, Relationships: 10},
	}
	if !reflect.DeepEqual(sum.Files, want) {
		t.Errorf("summary %+v, want %+v", sum.Files, want)
	}
	if n, r := sum.Totals(); n != 3 || r != 21 {
		t.Errorf("totals %d nodes, %d relationships, want 3 and 21", n, r)
	}
}

// TestFiles checks that a file that cannot be read is an error that names it.
func TestFiles(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.csv")
	if _, err := importer.Files(missing); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("Files(%s): %v, want an error naming the file", missing, err)
	}
}

// TestStores runs the write tests on the memory store and, when one is
// configured, on the test Neo4j, and checks that both then hold the same
// facts.
func TestStores(t *testing.T) {
	mem := seeded(t)
	t.Run("memory", func(t *testing.T) { checkStore(t, mem) })
	t.Run("neo4j", func(t *testing.T) {
		st := neo4jtest.Open(t)
		if _, err := seed.Load(t.Context(), st); err != nil {
			t.Fatal(err)
		}
		checkStore(t, st)

		t.Run("same facts as the memory store", func(t *testing.T) {
			ids := []graph.ID{
				"Programme:example-programme-1", "Activity:example-activity-1", "Activity:example-activity-2", "Activity:example-activity-3",
				"State:FRA", "State:KEN", "State:SEN", "State:MLI", "Instrument:CT17", "Instrument:CT18", "Region:011",
			}
			m, n := describe(t, mem, ids), describe(t, st, ids)
			if m != n {
				t.Errorf("the stores differ:\nmemory:\n%s\nneo4j:\n%s", m, n)
			}
			for _, w := range []string{"Activity:example-activity-3 ", "State:FRA|PARTICIPATES_IN|Instrument:CT17|signature map[action:signature date:2012-02-02]"} {
				if !strings.Contains(m, w) {
					t.Errorf("the memory store's facts lack %q:\n%s", w, m)
				}
			}
		})
	})
}

// describe writes out the nodes ids and their relationships of the types
// imports write, as st returns them.
func describe(t *testing.T, st graph.Store, ids []graph.ID) string {
	t.Helper()
	nodes, err := st.Nodes(t.Context(), ids)
	if err != nil {
		t.Fatal(err)
	}
	q := graph.RelQuery{Dir: graph.Both, Types: []graph.RelType{graph.RelParticipatesIn, graph.RelRunsProgramme, graph.RelPartOfProgramme, graph.RelTargets, graph.RelBenefits}}
	rels, err := st.Relationships(t.Context(), ids, q)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, id := range ids {
		if n := nodes[i]; n != nil && (n.Kind == graph.KindProgramme || n.Kind == graph.KindActivity) {
			fmt.Fprintf(&b, "%s %v %+v\n", id, n.Props, n.Sources)
		}
		for _, r := range rels[id] {
			fmt.Fprintf(&b, "  %s %v %+v\n", r.Identity(), r.Props, r.Source)
		}
	}
	return b.String()
}

// checkStore imports into st, a seeded store: files with problems change
// nothing, the examples import, and importing them again changes nothing.
func checkStore(t *testing.T, st graph.Store) {
	t.Helper()
	counts := func(t *testing.T) graph.Counts {
		t.Helper()
		c, err := st.Counts(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	seeded := counts(t)

	t.Run("a set with a problem changes nothing", func(t *testing.T) {
		fs := append(examples(t), files(file{"bad.csv", participationHeader + "FRA,CT16,signature,2012-01-01,x\nFRA,CT99,signature,2012-01-01,x\n"})...)
		_, err := importer.Import(t.Context(), st, fs...)
		if got := problems(t, err); len(got) != 1 || !strings.HasPrefix(got[0], "bad.csv:3: unknown instrument") {
			t.Errorf("problems %q, want one for bad.csv:3", got)
		}
		if c := counts(t); !reflect.DeepEqual(c, seeded) {
			t.Errorf("counts after a failed import %v, want %v", c, seeded)
		}
		got, err := st.Nodes(t.Context(), []graph.ID{"Programme:example-programme-1"})
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != nil {
			t.Errorf("a node of a failed import was written: %+v", got[0])
		}
	})

	var first graph.Counts
	t.Run("the examples import", func(t *testing.T) {
		if _, err := importer.Import(t.Context(), st, examples(t)...); err != nil {
			t.Fatal(err)
		}
		first = counts(t)
		want := graph.Counts{Nodes: clone(seeded.Nodes), Relationships: clone(seeded.Relationships)}
		want.Nodes[graph.KindProgramme] += 1
		want.Nodes[graph.KindActivity] += 2
		want.Relationships[graph.RelParticipatesIn] += 3
		want.Relationships[graph.RelRunsProgramme] += 1
		want.Relationships[graph.RelPartOfProgramme] += 2
		want.Relationships[graph.RelTargets] += 8
		want.Relationships[graph.RelBenefits] += 7
		if !reflect.DeepEqual(first, want) {
			t.Errorf("counts after the import %v, want %v", first, want)
		}
		rels, err := st.Relationships(t.Context(), []graph.ID{"State:FRA"}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelParticipatesIn}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rels["State:FRA"] {
			got = append(got, r.Identity()+" "+r.Props.String("date")+" "+r.Source.Document+" "+r.Source.Locator+" "+string(r.Source.Basis))
		}
		want2 := []string{
			"State:FRA|PARTICIPATES_IN|Instrument:CT17|ratification 2013-01-01 participation.example.csv line 6 IMPORTED",
			"State:FRA|PARTICIPATES_IN|Instrument:CT17|signature 2012-01-01 participation.example.csv line 5 IMPORTED",
		}
		if !reflect.DeepEqual(got, want2) {
			t.Errorf("FRA's participation:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want2, "\n"))
		}
	})

	t.Run("importing again changes nothing", func(t *testing.T) {
		if _, err := importer.Import(t.Context(), st, examples(t)...); err != nil {
			t.Fatal(err)
		}
		if c := counts(t); !reflect.DeepEqual(c, first) {
			t.Errorf("counts after the second import %v, want %v", c, first)
		}
	})

	t.Run("a new date replaces the old one", func(t *testing.T) {
		_, err := importer.Import(t.Context(), st, files(file{"later.csv", participationHeader + "FRA,CT17,signature,2012-02-02,a correction\n"})...)
		if err != nil {
			t.Fatal(err)
		}
		if c := counts(t); !reflect.DeepEqual(c, first) {
			t.Errorf("counts after a correction %v, want %v", c, first)
		}
		rels, err := st.Relationships(t.Context(), []graph.ID{"State:FRA"}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelParticipatesIn}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rels["State:FRA"] {
			if r.Key == "signature" && (r.Props.String("date") != "2012-02-02" || r.Source.Document != "later.csv" || r.Source.Citation != "a correction") {
				t.Errorf("signature after a correction: %v %+v", r.Props, r.Source)
			}
		}
	})

	t.Run("activities of a programme already in the store", func(t *testing.T) {
		_, err := importer.Import(t.Context(), st, files(file{"more.csv", activitiesHeader + "example-activity-3,example-programme-1,tools_and_publications,A guide,,,,,,,x\n"})...)
		if err != nil {
			t.Fatal(err)
		}
		c := counts(t)
		if c.Nodes[graph.KindActivity] != first.Nodes[graph.KindActivity]+1 || c.Relationships[graph.RelPartOfProgramme] != first.Relationships[graph.RelPartOfProgramme]+1 {
			t.Errorf("counts %v after one more activity, had %v", c, first)
		}
	})
}

func clone[K comparable](m map[K]int) map[K]int {
	out := make(map[K]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
