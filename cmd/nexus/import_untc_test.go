package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// The sample status tables of the UN Treaty Collection: hand-written in
// the published format, with invented dates (importer/testdata/untc).
var (
	untcHTML = filepath.Join("..", "..", "importer", "testdata", "untc", "nuclear-terrorism.html")
	untcTSV  = filepath.Join("..", "..", "importer", "testdata", "untc", "hostages.tsv")
	untcCSV  = filepath.Join("..", "..", "importer", "testdata", "untc", "smuggling.csv")
)

// untcPageURL is the address the HTML sample says it was saved from.
const untcPageURL = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-15&chapter=18&clang=_en"

// untcBroken returns the text sample with its Albania row spoiled (an
// unknown mark, on line 17).
func untcBroken(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(untcTSV)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "Albania\t\t22 Jan 2002 a", "Albania\t\t22 Jan 2002 q", 1)
	if bad == string(data) {
		t.Fatal("the sample has no Albania row to spoil")
	}
	return writeFile(t, "hostages.tsv", bad)
}

// TestUntcImportCommandLine checks the flags of status tables.
func TestUntcImportCommandLine(t *testing.T) {
	wantUsageErrors(t, "import", []usageCase{
		{name: "a saved date that is not a date", args: []string{"--saved-on", "20 May 2025", "a.html"}, want: []string{"--saved-on", `"20 May 2025"`, "YYYY-MM-DD"}},
		{name: "a saved date from the environment", env: map[string]string{"NEXUS_IMPORT_SAVED_ON": "2025-02-30"}, args: []string{"a.html"}, want: []string{"NEXUS_IMPORT_SAVED_ON", `"2025-02-30"`}},
		{name: "a source URL that is not one", args: []string{"--source-url", "treaties.un.org/Pages/ViewDetails.aspx", "a.html"}, want: []string{"--source-url", "http or https"}},
		{name: "an instrument that is neither a key nor a chapter", args: []string{"--instrument", "Hostages Convention", "a.html"}, want: []string{"--instrument", "CT16", "XVIII-15"}},
	})
	t.Run("help", func(t *testing.T) {
		wantHelp(t, "import", []string{"UN Treaty", "-instrument KEY", "NEXUS_IMPORT_INSTRUMENT", "-saved-on DATE", "NEXUS_IMPORT_SAVED_ON", "-source-url URL", "NEXUS_IMPORT_SOURCE_URL"})
	})
	for _, args := range [][]string{
		{"--instrument", "ct16"}, {"--instrument", "XVIII-12-a"}, {"--saved-on", "2025-05-20"}, {"--source-url", untcPageURL},
	} {
		fs := newFlagSet("import")
		o := addUNTCOptions(fs)
		if err := fs.parse(args, fakeEnv(nil)); err != nil {
			t.Fatal(err)
		}
		if _, err := o.options(); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// TestUntcServeImport serves the memory store with status tables given to
// nexus serve --import: their rows are in the graph, sourced to the page;
// the participants that are not Member States are logged; a table with a
// bad row stops the start.
func TestUntcServeImport(t *testing.T) {
	s := startServe(t, nil, "--import", untcHTML, "--import", untcTSV)
	status, res := query(t, s.url, `{ state(iso3: "DNK") { relationships(types: ["PARTICIPATES_IN"]) {
  nodeId properties source { document locator citation url basis } } } }`)
	if status != 200 || len(res.Errors) > 0 {
		t.Fatalf("query: status %d: %s", status, res.raw)
	}
	type link struct {
		NodeID     string            `json:"nodeId"`
		Properties map[string]string `json:"properties"`
		Source     map[string]any    `json:"source"`
	}
	var data struct {
		Relationships []link `json:"relationships"`
	}
	if err := json.Unmarshal(res.Data["state"], &data); err != nil {
		t.Fatalf("%v: %s", err, res.raw)
	}
	ct05 := "UN Treaty Collection, status of International Convention against the Taking of Hostages (chapter XVIII-5), status as at 2025-04-02"
	ct16 := "UN Treaty Collection, status of International Convention for the Suppression of Acts of Nuclear Terrorism (chapter XVIII-15), status as at 2025-05-16"
	src := func(doc, line, citation string, url any) map[string]any {
		return map[string]any{"document": doc, "locator": "line " + line, "citation": citation, "url": url, "basis": "IMPORTED"}
	}
	want := []link{
		{NodeID: "Instrument:CT05", Properties: map[string]string{"action": "ratification", "date": "1987-08-11"}, Source: src("hostages.tsv", "22", ct05, nil)},
		{NodeID: "Instrument:CT05", Properties: map[string]string{"action": "signature", "date": "1979-12-18"}, Source: src("hostages.tsv", "22", ct05, nil)},
		{NodeID: "Instrument:CT16", Properties: map[string]string{"action": "approval", "date": "2007-03-20"}, Source: src("nuclear-terrorism.html", "45", ct16, untcPageURL)},
		{NodeID: "Instrument:CT16", Properties: map[string]string{"action": "signature", "date": "2005-09-14"}, Source: src("nuclear-terrorism.html", "45", ct16, untcPageURL)},
	}
	if !reflect.DeepEqual(data.Relationships, want) {
		t.Errorf("Denmark's participation:\n%+v\nwant:\n%+v", data.Relationships, want)
	}
	rec := s.log.waitFor(t, "status table record", func(r map[string]any) bool {
		return r["msg"] == "status table read" && r["file"] == untcHTML
	})
	if rec["instrument"] != "CT16" || rec["recognisedBy"] != "chapter XVIII-15 in the page's address" || rec["statusAsAt"] != "2025-05-16" {
		t.Errorf("status table record %v", rec)
	}
	for _, who := range []string{"Cook Islands", "European Union", "Holy See", "Niue", "State of Palestine"} {
		s.log.waitFor(t, who+" not imported", func(r map[string]any) bool {
			return r["msg"] == "participant not imported" && r["file"] == untcHTML && r["participant"] == who && r["level"] == "WARN"
		})
	}

	t.Run("a table with a bad row stops the start", func(t *testing.T) {
		broken := untcBroken(t)
		env := fakeEnv(map[string]string{"NEXUS_LISTEN": "127.0.0.1:0", "NEXUS_LOG_FORMAT": "json"})
		log := newLogLines()
		var stdout bytes.Buffer
		err := run(t.Context(), []string{"nexus", "serve", "--import", untcHTML, "--import", broken}, env, &stdout, log)
		if err == nil {
			t.Fatal("serve started with a broken status table")
		}
		for _, w := range []string{"1 problem", "did not start", "\n" + broken + `:17: column 3 (Ratification, Accession(a), Succession(d)) "22 Jan 2002 q": mark "q"`} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not contain %q", err, w)
			}
		}
		if strings.Contains(log.String(), `"msg":"listening"`) {
			t.Errorf("serve listened with a broken status table:\n%s", log.String())
		}
	})
}

// TestUntcImportNeo4j imports status tables into Neo4j with nexus import:
// a broken one writes nothing; the samples write their rows, print what
// they are of and list the participants not imported; again, they leave
// the same graph.
func TestUntcImportNeo4j(t *testing.T) {
	st := neo4jtest.Open(t)
	env := neo4jEnv(neo4jtest.Config(t))
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	n0, r0 := storeTotals(t, st)

	t.Run("a bad row writes nothing", func(t *testing.T) {
		broken := untcBroken(t)
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"nexus", "import", untcHTML, broken}, fakeEnv(env), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "1 problem in the files; nothing was written") {
			t.Fatalf("import of a broken table: %v, want 1 problem and nothing written", err)
		}
		want := broken + `:17: column 3 (Ratification, Accession(a), Succession(d)) "22 Jan 2002 q": mark "q" is not an action the graph records here: want none (ratification), a (accession), A (acceptance), AA (approval) or d (succession)` + "\n"
		if stderr.String() != want {
			t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
		}
		if n, r := storeTotals(t, st); n != n0 || r != r0 {
			t.Errorf("after a failed import: %d nodes, %d relationships, want %d and %d", n, r, n0, r0)
		}
	})

	t.Run("a table without its instrument or date writes nothing", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"nexus", "import", untcCSV}, fakeEnv(env), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "2 problems in the files; nothing was written") {
			t.Fatalf("import of a table without instrument: %v, want 2 problems", err)
		}
		for _, w := range []string{untcCSV + ":2: cannot tell which instrument", untcCSV + ":2: when the page was saved is not known"} {
			if !strings.Contains(stderr.String(), w) {
				t.Errorf("stderr does not contain %q:\n%s", w, stderr.String())
			}
		}
	})

	t.Run("a table of another instrument than the one given writes nothing", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"nexus", "import", "--instrument", "CT05", untcHTML}, fakeEnv(env), &stdout, &stderr)
		want := untcHTML + ":33: the page is of CT16 (chapter XVIII-15 in the page's address), not of CT05, the instrument given\n"
		if err == nil || stderr.String() != want {
			t.Errorf("import of CT16's page as CT05: %v, stderr:\n%s\nwant:\n%s", err, stderr.String(), want)
		}
		if n, r := storeTotals(t, st); n != n0 || r != r0 {
			t.Errorf("after a failed import: %d nodes, %d relationships, want %d and %d", n, r, n0, r0)
		}
	})

	csvArgs := []string{"--instrument", "XVIII-12-b", "--saved-on", "2025-05-20", untcCSV}
	pages := []string{"--saved-on", "2025-05-20", untcHTML, untcTSV}
	outCSV, _, _ := importCounts(t, env, csvArgs...)
	out, n1, r1 := importCounts(t, env, pages...)
	t.Run("the tables import", func(t *testing.T) {
		if n1 != n0 || r1 != r0+37 {
			t.Errorf("after the imports: %d nodes, %d relationships, want %d and %d", n1, r1, n0, r0+37)
		}
		for _, w := range []string{
			untcCSV + ": participation, 5 rows: 0 nodes, 8 relationships\n",
			untcCSV + ": UN Treaty Collection status table (CSV) of OC03 (given); source: UN Treaty Collection, status of Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations Convention against Transnational Organized Crime (chapter XVIII-12-b), saved on 2025-05-20\n",
			untcCSV + ":5: not imported: European Union: an international organization, not a State\n",
			"wrote 0 nodes and 8 relationships, all or nothing, in",
		} {
			if !strings.Contains(outCSV, w) {
				t.Errorf("output does not contain %q:\n%s", w, outCSV)
			}
		}
		for _, w := range []string{
			untcHTML + ": participation, 16 rows: 0 nodes, 18 relationships\n",
			untcHTML + ": UN Treaty Collection status table (HTML) of CT16 (chapter XVIII-15 in the page's address); source: UN Treaty Collection, status of International Convention for the Suppression of Acts of Nuclear Terrorism (chapter XVIII-15), status as at 2025-05-16, saved on 2025-05-20, " + untcPageURL + "\n",
			untcHTML + ":47: not imported: Holy See: a non-member observer State of the United Nations, not a Member State: the graph's States are the Member States\n",
			untcHTML + ":50: not imported: Niue: not a UN Member State: the graph's States are the Member States\n",
			untcTSV + ": participation, 10 rows: 0 nodes, 11 relationships\n",
			untcTSV + ":21: not imported: Cook Islands: not a UN Member State: the graph's States are the Member States\n",
			"wrote 0 nodes and 29 relationships, all or nothing, in",
		} {
			if !strings.Contains(out, w) {
				t.Errorf("output does not contain %q:\n%s", w, out)
			}
		}
		rels, err := st.Relationships(t.Context(), []graph.ID{"State:MNE"}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelParticipatesIn}})
		if err != nil {
			t.Fatal(err)
		}
		got := rels["State:MNE"]
		if len(got) != 2 || got[1].Key != "succession" || got[1].Props.String("date") != "2008-02-13" || got[1].Source.URL != untcPageURL || got[1].Source.Locator != "line 48" {
			t.Errorf("Montenegro's participation after the import: %+v", got)
		}
	})

	t.Run("again, the same graph", func(t *testing.T) {
		out, n2, r2 := importCounts(t, env, pages...)
		if n2 != n1 || r2 != r1 || !strings.Contains(out, "(unchanged)") {
			t.Errorf("after the second import: %d nodes, %d relationships, want %d and %d, unchanged:\n%s", n2, r2, n1, r1, out)
		}
	})
}
