package importer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// The sample status tables of testdata/untc: hand-written in the published
// format, with invented dates (see testdata/untc/README.md).
var (
	untcHTML = filepath.Join("testdata", "untc", "nuclear-terrorism.html")
	untcTSV  = filepath.Join("testdata", "untc", "hostages.tsv")
	untcCSV  = filepath.Join("testdata", "untc", "smuggling.csv")
)

// The addresses and citations the samples give their rows.
const (
	untcHTMLURL      = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-15&chapter=18&clang=_en"
	untcHTMLCitation = "UN Treaty Collection, status of International Convention for the Suppression of Acts of Nuclear Terrorism (chapter XVIII-15), status as at 2025-05-16"
	untcTSVCitation  = "UN Treaty Collection, status of International Convention against the Taking of Hostages (chapter XVIII-5), status as at 2025-04-02"
	untcCSVCitation  = "UN Treaty Collection, status of Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations Convention against Transnational Organized Crime (chapter XVIII-12-b), saved on 2025-05-20"
)

// untcFile returns the file at path, read into memory, with the options o.
func untcFile(t *testing.T, path string, o importer.UNTCOptions) importer.File {
	t.Helper()
	fs, err := importer.Files(path)
	if err != nil {
		t.Fatal(err)
	}
	fs[0].UNTC = o
	return fs[0]
}

// untcInline returns a file of the given content with the options o.
func untcInline(name, content string, o importer.UNTCOptions) importer.File {
	return importer.File{Name: name, R: strings.NewReader(content), UNTC: o}
}

// untcFacts writes out the participation relationships of b, one a line:
// "STATE action date document locator", sorted.
func untcFacts(b graph.Batch) []string {
	var out []string
	for _, r := range b.Relationships {
		out = append(out, fmt.Sprintf("%s %s %s %s %s", r.From.Key(), r.Props.String("action"), r.Props.String("date"), r.Source.Document, r.Source.Locator))
	}
	slices.Sort(out)
	return out
}

// TestUntcForms imports the sample of each form, HTML, text and CSV, and
// checks every fact it gives, with its source, and what it reports of the
// participants it does not import.
func TestUntcForms(t *testing.T) {
	tests := []struct {
		name    string
		file    importer.File
		rows    int
		facts   []string
		summary importer.UNTCSummary
		url     string
	}{
		{
			name: "HTML page", file: untcFile(t, untcHTML, importer.UNTCOptions{}), rows: 16,
			facts: []string{
				"AND signature 2006-05-11 nuclear-terrorism.html line 39",
				"BLR acceptance 2007-03-13 nuclear-terrorism.html line 40",
				"BLR signature 2005-09-15 nuclear-terrorism.html line 40",
				"BOL accession 2014-01-10 nuclear-terrorism.html line 41",
				"CHN ratification 2010-11-08 nuclear-terrorism.html line 42",
				"CHN signature 2005-09-14 nuclear-terrorism.html line 42",
				"CIV accession 2012-03-12 nuclear-terrorism.html line 44",
				"DNK approval 2007-03-20 nuclear-terrorism.html line 45",
				"DNK signature 2005-09-14 nuclear-terrorism.html line 45",
				"DZA accession 2011-03-03 nuclear-terrorism.html line 38",
				"GBR ratification 2009-09-24 nuclear-terrorism.html line 53",
				"GBR signature 2005-09-14 nuclear-terrorism.html line 53",
				"MNE signature 2006-06-03 nuclear-terrorism.html line 48",
				"MNE succession 2008-02-13 nuclear-terrorism.html line 48",
				"NLD acceptance 2010-06-30 nuclear-terrorism.html line 49",
				"NLD signature 2005-09-16 nuclear-terrorism.html line 49",
				"TUR ratification 2012-09-24 nuclear-terrorism.html line 52",
				"TUR signature 2005-09-14 nuclear-terrorism.html line 52",
			},
			summary: importer.UNTCSummary{
				Form: "HTML", Instrument: "CT16", RecognisedBy: "chapter XVIII-15 in the page's address",
				StatusAsAt: "2025-05-16", SourceURL: untcHTMLURL, Citation: untcHTMLCitation,
				NotImported: []importer.NotImported{
					{Line: 43, Participant: "Cook Islands", Reason: "not a UN Member State: the graph's States are the Member States"},
					{Line: 46, Participant: "European Union", Reason: "an international organization, not a State"},
					{Line: 47, Participant: "Holy See", Reason: "a non-member observer State of the United Nations, not a Member State: the graph's States are the Member States"},
					{Line: 50, Participant: "Niue", Reason: "not a UN Member State: the graph's States are the Member States"},
					{Line: 51, Participant: "State of Palestine", Reason: "a non-member observer State of the United Nations, not a Member State: the graph's States are the Member States"},
				},
			},
			url: untcHTMLURL,
		},
		{
			name: "text copied from the page", file: untcFile(t, untcTSV, importer.UNTCOptions{}), rows: 10,
			facts: []string{
				"ALB accession 2002-01-22 hostages.tsv line 17",
				"BIH succession 1993-09-01 hostages.tsv line 18",
				"CHL ratification 1981-11-12 hostages.tsv line 19",
				"CHL signature 1980-01-03 hostages.tsv line 19",
				"CHN accession 1993-01-26 hostages.tsv line 20",
				"DEU ratification 1980-12-15 hostages.tsv line 23",
				"DEU signature 1979-12-18 hostages.tsv line 23",
				"DNK ratification 1987-08-11 hostages.tsv line 22",
				"DNK signature 1979-12-18 hostages.tsv line 22",
				"IRN accession 2006-11-20 hostages.tsv line 24",
				"LAO accession 2002-08-22 hostages.tsv line 25",
			},
			summary: importer.UNTCSummary{
				Form: "tab-separated text", Instrument: "CT05", RecognisedBy: "chapter XVIII-5 on the page",
				StatusAsAt: "2025-04-02", Citation: untcTSVCitation,
				NotImported: []importer.NotImported{
					{Line: 21, Participant: "Cook Islands", Reason: "not a UN Member State: the graph's States are the Member States"},
					{Line: 26, Participant: "Niue", Reason: "not a UN Member State: the graph's States are the Member States"},
				},
			},
		},
		{
			name: "CSV with the instrument and date given", rows: 5,
			file: untcFile(t, untcCSV, importer.UNTCOptions{Instrument: "OC03", SavedOn: "2025-05-20"}),
			facts: []string{
				"BOL ratification 2006-05-18 smuggling.csv line 4",
				"BOL signature 2000-12-12 smuggling.csv line 4",
				"DZA ratification 2004-03-09 smuggling.csv line 3",
				"DZA signature 2000-12-12 smuggling.csv line 3",
				"NLD acceptance 2005-07-27 smuggling.csv line 6",
				"NLD signature 2000-12-12 smuggling.csv line 6",
				"TUR ratification 2003-03-25 smuggling.csv line 7",
				"TUR signature 2000-12-13 smuggling.csv line 7",
			},
			summary: importer.UNTCSummary{
				Form: "CSV", Instrument: "OC03", RecognisedBy: "given", SavedOn: "2025-05-20", Citation: untcCSVCitation,
				NotImported: []importer.NotImported{{Line: 5, Participant: "European Union", Reason: "an international organization, not a State"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := seeded(t)
			before := storeCounts(t, st)
			sum, err := importer.Import(t.Context(), st, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			f := sum.Files[0]
			if f.Kind != importer.Participation || f.Rows != tt.rows || f.Nodes != 0 || f.Relationships != len(tt.facts) {
				t.Errorf("summary %+v, want participation, %d rows, 0 nodes, %d relationships", f, tt.rows, len(tt.facts))
			}
			if f.UNTC == nil || !reflect.DeepEqual(*f.UNTC, tt.summary) {
				t.Errorf("status table summary:\n%+v\nwant:\n%+v", f.UNTC, tt.summary)
			}
			after := storeCounts(t, st)
			if after.Relationships[graph.RelParticipatesIn] != before.Relationships[graph.RelParticipatesIn]+len(tt.facts) {
				t.Errorf("%d PARTICIPATES_IN after the import, want %d more than %d", after.Relationships[graph.RelParticipatesIn], len(tt.facts), before.Relationships[graph.RelParticipatesIn])
			}

			// What was written is what Read gives: every fact, sourced.
			again, err := importer.Files(tt.file.Name)
			if err != nil {
				t.Fatal(err)
			}
			again[0].UNTC = tt.file.UNTC
			b, err := importer.Read(t.Context(), st, again...)
			if err != nil {
				t.Fatal(err)
			}
			if got := untcFacts(b); !reflect.DeepEqual(got, tt.facts) {
				t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.facts, "\n"))
			}
			for _, r := range b.Relationships {
				want := graph.Source{Document: filepath.Base(tt.file.Name), Locator: r.Source.Locator, Citation: tt.summary.Citation, URL: tt.url, Basis: graph.Imported}
				if r.Source != want || r.Type != graph.RelParticipatesIn || r.To != graph.ID("Instrument:"+tt.summary.Instrument) || r.Key != r.Props.String("action") {
					t.Errorf("relationship %s %v %+v, want the source %+v", r.Identity(), r.Props, r.Source, want)
				}
			}
			stored, err := st.Relationships(t.Context(), []graph.ID{b.Relationships[0].From}, graph.RelQuery{Dir: graph.Out, Types: []graph.RelType{graph.RelParticipatesIn}})
			if err != nil {
				t.Fatal(err)
			}
			if got := stored[b.Relationships[0].From]; len(got) == 0 || got[0].Source.Citation != tt.summary.Citation {
				t.Errorf("stored relationships of %s: %+v", b.Relationships[0].From, got)
			}
		})
	}
}

// storeCounts returns the counts of st.
func storeCounts(t *testing.T, st graph.Store) graph.Counts {
	t.Helper()
	c, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// untcHeader is the header of the tables of the tests, copied as text;
// untcTop the lines above it that name the instrument and the date.
const (
	untcHeader = "Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a), Succession(d)\n"
	untcTop    = "STATUS AS AT : 16-05-2025 03:15:27 EDT\nCHAPTER XVIII\nPENAL MATTERS\n15 . International Convention for the Suppression of Acts of Nuclear Terrorism\n"
)

// TestUntcProblems checks the problems of status tables, each with its
// exact file:line: message, and that a table with any problem gives no
// batch.
func TestUntcProblems(t *testing.T) {
	none := importer.UNTCOptions{}
	const chapters = "CT04 (XVIII-7), CT05 (XVIII-5), CT14 (XVIII-9), CT15 (XVIII-11), CT16 (XVIII-15), OC01 (XVIII-12), OC02 (XVIII-12-a), OC03 (XVIII-12-b), OC04 (XVIII-12-c)"
	tests := []struct {
		name string
		file importer.File
		want []string
	}{
		{name: "names that match nothing, with a hint when one is close",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t14 Sep 2005\t\nFrnace\t14 Sep 2005\t\nAtlantis\t\t1 Jan 2010 a\nBolivia (Plurinational Stat of)\t\t1 Jan 2010 a\nEuropean Unoin\t\t1 Jan 2010 AA\n", none),
			want: []string{
				`t.tsv:7: unknown participant "Frnace": no Member State or other participant of the UN Treaty Collection has that name; did you mean "France" (FRA)?`,
				`t.tsv:8: unknown participant "Atlantis": no Member State or other participant of the UN Treaty Collection has that name`,
				`t.tsv:9: unknown participant "Bolivia (Plurinational Stat of)": no Member State or other participant of the UN Treaty Collection has that name; did you mean "Bolivia (Plurinational State of)" (BOL)?`,
				`t.tsv:10: unknown participant "European Unoin": no Member State or other participant of the UN Treaty Collection has that name; did you mean "European Union"?`,
			}},
		{name: "dates that are not dates",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t31 Feb 2006\t\nSpain\t\t2006-01-05\nItaly\t14 Sept 2005\t5 Smarch 2006\n", none),
			want: []string{
				`t.tsv:6: column 2 (Signature) "31 Feb 2006": not a date as the UN Treaty Collection writes them: want e.g. 12 Jan 2002 or 12 January 2002, then a mark (a, A, AA, d) and footnote numbers if any`,
				`t.tsv:7: column 3 (Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)) "2006-01-05": not a date as the UN Treaty Collection writes them: want e.g. 12 Jan 2002 or 12 January 2002, then a mark (a, A, AA, d) and footnote numbers if any`,
				`t.tsv:8: column 3 (Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)) "5 Smarch 2006": not a date as the UN Treaty Collection writes them: want e.g. 12 Jan 2002 or 12 January 2002, then a mark (a, A, AA, d) and footnote numbers if any`,
			}},
		{name: "marks that are no action",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t\t1 Jan 2010 c\nSpain\t14 Sep 2005 a\t\nItaly\t\t1 Jan 2010 x\n", none),
			want: []string{
				`t.tsv:6: column 3 (Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)) "1 Jan 2010 c": mark "c" (formal confirmation, by an international organization) is not an action the graph records here: want none (ratification), a (accession), A (acceptance), AA (approval) or d (succession)`,
				`t.tsv:7: column 2 (Signature) "14 Sep 2005 a": mark "a" is not an action the graph records here: want none (signature) or d (succession to signature)`,
				`t.tsv:8: column 3 (Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)) "1 Jan 2010 x": mark "x" is not an action the graph records here: want none (ratification), a (accession), A (acceptance), AA (approval) or d (succession)`,
			}},
		{name: "a date after the page was saved, a date before the instrument, a row too long",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t14 Sep 2005\t17 May 2025\nSpain\t14 Sep 2004\t\nItaly\t14 Sep 2005\t\tx\n", none),
			want: []string{
				`t.tsv:6: column 3 (Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)) "17 May 2025": 2025-05-17 is after the page was saved (2025-05-16)`,
				`t.tsv:7: date 2004-09-14 is before CT16 was adopted (2005-04-13)`,
				`t.tsv:8: want at most 3 fields, as many as the header, got 4`,
			}},
		{name: "no instrument named",
			file: untcInline("t.tsv", "STATUS AS AT : 16-05-2025\n"+untcHeader+"France\t14 Sep 2005\t\n", none),
			want: []string{`t.tsv:2: cannot tell which instrument the table is of: the file names none of the instruments of the graph with a UN Treaty Collection chapter, ` + chapters + `: name it (nexus import --instrument KEY), or keep the page's heading (CHAPTER, the treaty's number and title) above the table`}},
		{name: "the page of another instrument than the one given",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{Instrument: "CT05"}),
			want: []string{`t.tsv:5: the page is of CT16 (chapter XVIII-15 on the page), not of CT05, the instrument given`}},
		{name: "two instruments named",
			file: untcInline("t.tsv", "STATUS AS AT : 16-05-2025\nInternational Convention against the Taking of Hostages\nInternational Convention for the Suppression of Terrorist Bombings\n"+untcHeader+"France\t14 Sep 2005\t\n", none),
			want: []string{`t.tsv:4: the page names more than one instrument: CT05 (its title on the page) and CT14 (its title on the page): name the one the table is of (nexus import --instrument KEY)`}},
		{name: "the page of a chapter of no instrument of the graph",
			file: untcInline("t.tsv", "STATUS AS AT : 16-05-2025\nCHAPTER XVIII\nPENAL MATTERS\n10 . Convention on the Safety of United Nations and Associated Personnel\n"+untcHeader+"France\t14 Sep 2005\t\n", none),
			want: []string{`t.tsv:5: the page is of chapter XVIII-10 of the UN Treaty Collection, which is none of the instruments of the graph: ` + chapters}},
		{name: "a chapter given that is no instrument's",
			file: untcInline("t.tsv", "STATUS AS AT : 16-05-2025\n"+untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{Instrument: "XVIII-10"}),
			want: []string{`t.tsv:2: instrument "XVIII-10": no instrument of the graph has that UN Treaty Collection chapter: want one of ` + chapters}},
		{name: "an instrument given that is not in the graph",
			file: untcInline("t.tsv", "STATUS AS AT : 16-05-2025\n"+untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{Instrument: "CT99"}),
			want: []string{`t.tsv:3: unknown instrument "CT99": want the key of an instrument in the graph, e.g. CT17`}},
		{name: "no date",
			file: untcInline("t.tsv", untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{Instrument: "CT16"}),
			want: []string{`t.tsv:1: when the page was saved is not known: the file shows no "STATUS AS AT" date and no saver's note of the date: give it (nexus import --saved-on YYYY-MM-DD), or keep the page's "STATUS AS AT" line above the table`}},
		{name: "a saved date that is not a date, or in the future",
			file: untcInline("t.tsv", untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{Instrument: "CT16", SavedOn: "20 May 2025"}),
			want: []string{`t.tsv:1: saved on "20 May 2025": want an ISO date YYYY-MM-DD`}},
		{name: "a saved date in the future",
			file: untcInline("t.tsv", untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{Instrument: "CT16", SavedOn: "2999-01-01"}),
			want: []string{`t.tsv:1: saved on 2999-01-01: that date is in the future`}},
		{name: "a status after the date the page was saved",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{SavedOn: "2025-05-01"}),
			want: []string{`t.tsv:5: the page shows the status as at 2025-05-16, after the date it was saved (2025-05-01)`}},
		{name: "a saved date other than the page's",
			file: untcInline("t.html", "<!-- Page saved with SingleFile \n url: https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-15&chapter=18&clang=_en \n saved date: Tue May 20 2025 10:11:12 GMT+0200 (Central European Summer Time) -->\n<table><tr><td>Participant</td><td>Signature</td><td>Ratification</td></tr>\n<tr><td>France</td><td>14 Sep 2005</td><td></td></tr></table>", importer.UNTCOptions{SavedOn: "2025-05-21"}),
			want: []string{`t.html:4: the file says the page was saved on 2025-05-20 (Tue May 20 2025 10:11:12 GMT+0200 (Central European Summer Time)), not on 2025-05-21, the date given`}},
		{name: "a source URL other than the page's",
			file: untcInline("t.html", "<!-- saved from url=(0089)"+untcHTMLURL+" -->\n<p>STATUS AS AT : 16-05-2025</p>\n<table><tr><td>Participant</td><td>Signature</td><td>Ratification</td></tr>\n<tr><td>France</td><td>14 Sep 2005</td><td></td></tr></table>", importer.UNTCOptions{SourceURL: "https://treaties.un.org/other"}),
			want: []string{`t.html:3: the file says the page was saved from ` + untcHTMLURL + `, not from https://treaties.un.org/other, the source URL given`}},
		{name: "a source URL that is not one",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{SourceURL: "https://"}),
			want: []string{`t.tsv:6: source "https://": not a valid URL`}},
		{name: "a page without the table",
			file: untcInline("t.html", "<html><body><p>STATUS AS AT : 16-05-2025</p><table><tr><td>State</td><td>Date</td></tr></table></body></html>", none),
			want: []string{`t.html:1: no status table of the UN Treaty Collection: want a table whose header is Participant, Signature, Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)`}},
		{name: "a table without ratifications, and a column of something else",
			file: untcInline("t.tsv", untcTop+"Participant\tSignature\tDenunciation\n"+"France\t14 Sep 2005\t\n", none),
			want: []string{
				`t.tsv:5: column 3 "Denunciation": not a column of a UN Treaty Collection status table: want Participant, Signature and Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)`,
				`t.tsv:5: no column of ratifications: want a column headed Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d) (or some of them)`,
			}},
		{name: "a CSV row that is not CSV",
			file: untcInline("t.csv", untcTop+"Participant,Signature,Ratification\nFrance,\"14 Sep \"2005,\n", none),
			want: []string{`t.csv:6: extraneous or missing " in quoted-field`}},
		{name: "a CSV row with a bare quote",
			file: untcInline("t.csv", untcTop+"Participant,Signature,Ratification\nFrance,14 Sep \"2005,\n", none),
			want: []string{`t.csv:6: bare " in non-quoted-field`}},
		{name: "a page that is not UTF-8",
			file: untcInline("t.tsv", untcTop+untcHeader+"C\xf4te d'Ivoire\t\t1 Jan 2010 a\n", none),
			want: []string{`t.tsv:6: not valid UTF-8: save the page or the table as UTF-8`}},
		{name: "the options of a status table given with a participation file",
			file: untcInline("p.csv", participationHeader+"FRA,CT16,signature,2006-01-01,x\n", importer.UNTCOptions{Instrument: "CT16"}),
			want: []string{`p.csv:1: not a status table of the UN Treaty Collection, but an instrument, a saved date or a source URL is given for one: give them with status tables only`}},
		{name: "a participant twice",
			file: untcInline("t.tsv", untcTop+untcHeader+"France\t14 Sep 2005\t\nFrance 1\t14 Sep 2005\t\n", none),
			want: []string{`t.tsv:7: FRA's signature of CT16 is already given at t.tsv:6`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := importer.Read(t.Context(), seeded(t), tt.file)
			if got := problems(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(b.Nodes)+len(b.Relationships) > 0 {
				t.Errorf("a table with problems gave a batch: %d nodes, %d relationships", len(b.Nodes), len(b.Relationships))
			}
		})
	}
}

// TestUntcAllOrNothing imports the samples with one bad row, in the table
// or in another file given with them: nothing is written, and only the bad
// row is reported.
func TestUntcAllOrNothing(t *testing.T) {
	data, err := os.ReadFile(untcTSV)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "Albania\t\t22 Jan 2002 a", "Albania\t\t22 Jan 2002 q", 1)
	if bad == string(data) {
		t.Fatal("the sample has no Albania row to spoil")
	}
	tests := []struct {
		name  string
		files func(t *testing.T) []importer.File
		want  []string
	}{
		{name: "a bad row in the table", files: func(t *testing.T) []importer.File {
			return []importer.File{untcFile(t, untcHTML, importer.UNTCOptions{}), untcInline("hostages.tsv", bad, importer.UNTCOptions{})}
		}, want: []string{`hostages.tsv:17: column 3 (Ratification, Accession(a), Succession(d)) "22 Jan 2002 q": mark "q" is not an action the graph records here: want none (ratification), a (accession), A (acceptance), AA (approval) or d (succession)`}},
		{name: "a bad row in a participation file given with the tables", files: func(t *testing.T) []importer.File {
			return []importer.File{untcFile(t, untcHTML, importer.UNTCOptions{}), untcFile(t, untcTSV, importer.UNTCOptions{}),
				untcInline("p.csv", participationHeader+"XXX,CT16,signature,2006-01-01,x\n", importer.UNTCOptions{})}
		}, want: []string{`p.csv:2: unknown state "XXX": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := seeded(t)
			before := storeCounts(t, st)
			_, err := importer.Import(t.Context(), st, tt.files(t)...)
			if got := problems(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if after := storeCounts(t, st); !reflect.DeepEqual(after, before) {
				t.Errorf("counts after a failed import %v, want %v", after, before)
			}
		})
	}

	t.Run("the same tables without the bad row are written, and again leave the same graph", func(t *testing.T) {
		st := seeded(t)
		before := storeCounts(t, st)
		fs := func() []importer.File {
			return []importer.File{untcFile(t, untcHTML, importer.UNTCOptions{}), untcFile(t, untcTSV, importer.UNTCOptions{})}
		}
		sum, err := importer.Import(t.Context(), st, fs()...)
		if err != nil {
			t.Fatal(err)
		}
		_, rels := sum.Totals()
		first := storeCounts(t, st)
		if rels != 29 || first.Relationships[graph.RelParticipatesIn] != before.Relationships[graph.RelParticipatesIn]+29 {
			t.Errorf("wrote %d relationships (%v), want 29", rels, first.Relationships)
		}
		if _, err := importer.Import(t.Context(), st, fs()...); err != nil {
			t.Fatal(err)
		}
		if again := storeCounts(t, st); !reflect.DeepEqual(again, first) {
			t.Errorf("counts after importing again %v, want %v", again, first)
		}
	})
}

// TestUntcRecognise checks how the instrument, the date and the address
// are read from pages that say them in other ways than the samples.
func TestUntcRecognise(t *testing.T) {
	const grid = `<table id="ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid"><tr><th>Participant</th><th>Signature</th><th>Ratification, Accession(a)</th></tr>` +
		"\n<tr><td>France</td><td>12 Dec 2000</td><td>29 Oct 2002</td></tr></table>"
	tests := []struct {
		name string
		file importer.File
		want importer.UNTCSummary
	}{
		{name: "by the title alone, dated by SingleFile",
			file: untcInline("a.html", "<!--\n Page saved with SingleFile \n url: https://treaties.un.org/Pages/ViewDetailsIII.aspx?src=TREATY&chapter=18&lang=en \n saved date: Tue May 20 2025 10:11:12 GMT+0200 (Central European Summer Time)\n-->\n"+
				"<div>United Nations Convention against Transnational Organized Crime</div>"+grid, importer.UNTCOptions{}),
			want: importer.UNTCSummary{Form: "HTML", Instrument: "OC01", RecognisedBy: "its title on the page", SavedOn: "2025-05-20",
				SourceURL: "https://treaties.un.org/Pages/ViewDetailsIII.aspx?src=TREATY&chapter=18&lang=en",
				Citation:  "UN Treaty Collection, status of United Nations Convention against Transnational Organized Crime (chapter XVIII-12), saved on 2025-05-20"}},
		{name: "a protocol by its chapter heading, dated by Save Page WE",
			file: untcInline("b.html", `<html><head><meta name="savepage-url" content="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&amp;mtdsg_no=XVIII-12-b&amp;chapter=18&amp;clang=_en"><meta name="savepage-date" content="Wed May 21 2025 09:00:00 GMT+0000 (Coordinated Universal Time)"></head><body>`+
				"<p>CHAPTER XVIII</p><p>PENAL MATTERS</p><p>12 . b) Protocol against the Smuggling of Migrants by Land, Sea and Air</p>"+grid+"</body></html>", importer.UNTCOptions{}),
			want: importer.UNTCSummary{Form: "HTML", Instrument: "OC03", RecognisedBy: "chapter XVIII-12-b in the page's address", SavedOn: "2025-05-21",
				SourceURL: "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12-b&chapter=18&clang=_en",
				Citation:  "UN Treaty Collection, status of Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations Convention against Transnational Organized Crime (chapter XVIII-12-b), saved on 2025-05-21"}},
		{name: "by the page's form, its date in two pieces",
			file: untcInline("f.html", `<form method="post" action="./ViewDetails.aspx?src=TREATY&amp;mtdsg_no=XVIII-9&amp;chapter=18&amp;clang=_en" id="aspnetForm">`+
				"<span>STATUS AS AT :</span>\n<span>01-04-2025 10:00:00 EDT</span>"+grid+"</form>", importer.UNTCOptions{}),
			want: importer.UNTCSummary{Form: "HTML", Instrument: "CT14", RecognisedBy: "chapter XVIII-9 in the page's address", StatusAsAt: "2025-04-01",
				Citation: "UN Treaty Collection, status of International Convention for the Suppression of Terrorist Bombings (chapter XVIII-9), status as at 2025-04-01"}},
		{name: "a protocol by its chapter heading alone, in text",
			file: untcInline("c.tsv", "STATUS AS AT : 01-03-2025\nCHAPTER XVIII\nPENAL MATTERS\n12 . a Protocol to Prevent, Suppress and Punish Trafficking in Persons\nParticipant\tSignature\tRatification, Accession(a)\nFrance\t12 Dec 2000\t29 Oct 2002\n", importer.UNTCOptions{}),
			want: importer.UNTCSummary{Form: "tab-separated text", Instrument: "OC02", RecognisedBy: "chapter XVIII-12-a on the page", StatusAsAt: "2025-03-01",
				Citation: "UN Treaty Collection, status of Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime (chapter XVIII-12-a), status as at 2025-03-01"}},
		{name: "a title with commas above a CSV table",
			file: untcInline("g.csv", "STATUS AS AT : 01-03-2025,,\nProtocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime\nParticipant,Signature,\"Ratification, Accession(a)\"\nFrance,12 Dec 2000,29 Oct 2002\n", importer.UNTCOptions{}),
			want: importer.UNTCSummary{Form: "CSV", Instrument: "OC02", RecognisedBy: "its title on the page", StatusAsAt: "2025-03-01",
				Citation: "UN Treaty Collection, status of Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime (chapter XVIII-12-a), status as at 2025-03-01"}},
		{name: "a chapter given, a source URL given, a semicolon CSV",
			file: untcInline("d.csv", "Participant;Signature;Ratification, Accession(a)\nFrance;12 Dec 2000;29 Oct 2002\n",
				importer.UNTCOptions{Instrument: "xviii-12", SavedOn: "2025-05-20", SourceURL: "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18&clang=_en"}),
			want: importer.UNTCSummary{Form: "CSV", Instrument: "OC01", RecognisedBy: "given", SavedOn: "2025-05-20",
				SourceURL: "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18&clang=_en",
				Citation:  "UN Treaty Collection, status of United Nations Convention against Transnational Organized Crime (chapter XVIII-12), saved on 2025-05-20"}},
		{name: "the instrument given and named by the page alike",
			file: untcInline("e.tsv", untcTop+untcHeader+"France\t14 Sep 2005\t\n", importer.UNTCOptions{Instrument: "ct16"}),
			want: importer.UNTCSummary{Form: "tab-separated text", Instrument: "CT16", RecognisedBy: "given", StatusAsAt: "2025-05-16", Citation: untcHTMLCitation}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := importer.Import(t.Context(), seeded(t), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if got := sum.Files[0].UNTC; got == nil || !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("summary:\n%+v\nwant:\n%+v", got, tt.want)
			}
		})
	}
}

// TestUntcWithdrawn checks that a participant the table puts between
// brackets, which has withdrawn from the treaty, is reported and not
// imported.
func TestUntcWithdrawn(t *testing.T) {
	f := untcInline("w.tsv", untcTop+untcHeader+"[Spain]\t14 Sep 2005\t[1 Jan 2010]\nItaly\t14 Sep 2005\t[1 Jan 2010 a]\nFrance\t14 Sep 2005\t\n", importer.UNTCOptions{})
	sum, err := importer.Import(t.Context(), seeded(t), f)
	if err != nil {
		t.Fatal(err)
	}
	const why = "withdrawn from the treaty (between brackets in the table): the graph records no withdrawal"
	want := []importer.NotImported{{Line: 6, Participant: "Spain", Reason: why}, {Line: 7, Participant: "Italy", Reason: why}}
	if got := sum.Files[0].UNTC.NotImported; !reflect.DeepEqual(got, want) {
		t.Errorf("not imported %+v, want %+v", got, want)
	}
	if got := sum.Files[0].Relationships; got != 1 {
		t.Errorf("%d relationships, want France's signature alone", got)
	}
}

// TestUntcLimits checks that the rows of a table count toward the row
// limit of an import, and its bytes toward the size limit.
func TestUntcLimits(t *testing.T) {
	content := untcTop + untcHeader + "France\t14 Sep 2005\t\nSpain\t14 Sep 2005\t\nItaly\t14 Sep 2005\t\n"
	_, err := importer.Limits{MaxRows: 2}.Read(t.Context(), seeded(t), untcInline("t.tsv", content, importer.UNTCOptions{}))
	want := []string{"t.tsv:8: too many rows: the files imported together may hold at most 2 data rows; import fewer at a time or raise the limit"}
	if got := problems(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
	_, err = importer.Limits{MaxBytes: 100}.Read(t.Context(), seeded(t), untcInline("t.tsv", content, importer.UNTCOptions{}))
	want = []string{"t.tsv:4: too large: the files imported together may hold at most 100 bytes; import fewer at a time or raise the limit"}
	if got := problems(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}

	// A table is read whole: however high the limits, no more than
	// MaxUNTCBytes of it.
	huge := content + strings.Repeat("Spain\t14 Sep 2005\t\n", int(importer.MaxUNTCBytes)/16)
	_, err = importer.Limits{MaxBytes: 2 * importer.MaxUNTCBytes, MaxRows: 1 << 30}.Read(t.Context(), seeded(t), untcInline("t.tsv", huge, importer.UNTCOptions{}))
	want = []string{fmt.Sprintf("t.tsv:%d: too large for a status table of the UN Treaty Collection, which is read whole: at most 33,554,432 bytes (a status page is some hundreds of KB)", 1+strings.Count(huge[:importer.MaxUNTCBytes+1], "\n"))}
	if got := problems(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

// TestUntcStores imports the samples into the memory store and, when one
// is configured, the test Neo4j: both then hold the same facts.
func TestUntcStores(t *testing.T) {
	fs := func(t *testing.T) []importer.File {
		return []importer.File{
			untcFile(t, untcHTML, importer.UNTCOptions{}),
			untcFile(t, untcTSV, importer.UNTCOptions{}),
		}
	}
	ids := []graph.ID{"State:DZA", "State:CHN", "State:DNK", "State:MNE", "State:NLD", "State:TUR", "State:GBR", "State:BIH", "State:CHL"}
	mem := seeded(t)
	if _, err := importer.Import(t.Context(), mem, fs(t)...); err != nil {
		t.Fatal(err)
	}
	m := describe(t, mem, ids)
	for _, w := range []string{
		"State:MNE|PARTICIPATES_IN|Instrument:CT16|succession map[action:succession date:2008-02-13] {Document:nuclear-terrorism.html Locator:line 48 Paragraph: Citation:" + untcHTMLCitation + " URL:" + untcHTMLURL + " Basis:IMPORTED Note:}",
		"State:CHN|PARTICIPATES_IN|Instrument:CT05|accession map[action:accession date:1993-01-26] {Document:hostages.tsv Locator:line 20 Paragraph: Citation:" + untcTSVCitation + " URL: Basis:IMPORTED Note:}",
	} {
		if !strings.Contains(m, w) {
			t.Errorf("the memory store's facts lack %q:\n%s", w, m)
		}
	}
	t.Run("neo4j", func(t *testing.T) {
		st := neo4jtest.Open(t)
		if _, err := seed.Load(t.Context(), st); err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Import(t.Context(), st, fs(t)...); err != nil {
			t.Fatal(err)
		}
		if n := describe(t, st, ids); n != m {
			t.Errorf("the stores differ:\nmemory:\n%s\nneo4j:\n%s", m, n)
		}
	})
}

// untcAllStates returns a status table of CT16 listing every Member State
// of the seed by its name, each with a signature and a ratification of
// made-up dates (test data), as text or as a page saved as HTML.
func untcAllStates(tb testing.TB, html bool) string {
	tb.Helper()
	b, err := seed.Read()
	if err != nil {
		tb.Fatal(err)
	}
	var out strings.Builder
	if html {
		out.WriteString(untcGrid)
	} else {
		out.WriteString(untcTop + untcHeader)
	}
	for _, n := range b.Nodes {
		if n.Kind != graph.KindState {
			continue
		}
		if html {
			fmt.Fprintf(&out, "<tr><td>%s<sup>1</sup></td><td>14 Sep 2005</td><td>&nbsp;8 Nov 2010 a</td></tr>\n", n.Props.String("nameEn"))
		} else {
			fmt.Fprintf(&out, "%s1\t14 Sep 2005\t 8 Nov 2010 a\n", n.Props.String("nameEn"))
		}
	}
	return out.String()
}

// BenchmarkUntcRead reads a status table of every Member State (386
// relationships), as text and as HTML, against the seed in the memory
// store.
func BenchmarkUntcRead(b *testing.B) {
	st := seeded(b)
	for _, html := range []bool{false, true} {
		content := untcAllStates(b, html)
		name := map[bool]string{false: "text", true: "HTML"}[html]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(content)))
			for b.Loop() {
				batch, err := importer.Read(b.Context(), st, untcInline("t", content, importer.UNTCOptions{}))
				if err != nil || len(batch.Relationships) != 386 {
					b.Fatalf("%d relationships, %v; want 386", len(batch.Relationships), err)
				}
			}
		})
	}
}
