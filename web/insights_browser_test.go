package web_test

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The test fixtures the insights tests import: invented rows, marked as
// such in every file and every source.
var insightsFixtures = []string{
	"testdata/insights-participation.csv",
	"testdata/insights-programmes.csv",
	"testdata/insights-activities.csv",
}

// insightsWaitDrawn waits until the page has drawn its picture, and fails
// if it showed an error instead.
func (tab *browser) insightsWaitDrawn() {
	tab.t.Helper()
	st := poll[string](tab, "the drawing",
		`(function () { var s = document.getElementById('insights').dataset.state; return s !== 'drawing' && s; })()`)
	if st != "drawn" {
		tab.noConsoleErrors()
		msg := evaluate[string](tab, `document.getElementById('error').textContent`)
		tab.t.Fatalf("the page is %q, not drawn: %s", st, msg)
	}
}

// insightsOpen opens path on the test server and waits for its drawing.
func (tab *browser) insightsOpen(path string) {
	tab.t.Helper()
	tab.open(path)
	tab.insightsWaitDrawn()
}

// TestInsightsBrowserDrawsImportedParticipation opens the insights page
// over the seed and an imported participation fixture, and checks each
// picture against what the API answers, the downloads, and that the URL
// keeps the state through a reload and the back button.
func TestInsightsBrowserDrawsImportedParticipation(t *testing.T) {
	base := startServer(t, importing(insightsFixtures...))
	tab := newTab(t, base, 1280, 900)

	var want struct {
		Instrument struct {
			PartyCount    int `json:"partyCount"`
			Participation []struct {
				State struct {
					Iso3 string `json:"iso3"`
				} `json:"state"`
			} `json:"participation"`
		} `json:"instrument"`
		Resolution struct {
			Adopted string `json:"adopted"`
		} `json:"resolution"`
		Gaps struct {
			TotalCount   int `json:"totalCount"`
			MemberStates int `json:"memberStates"`
		} `json:"participationGaps"`
		Instruments struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node struct {
					Key        string `json:"key"`
					PartyCount int    `json:"partyCount"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"instruments"`
	}
	queryAPI(t, base, `{
		instrument(key: "CT17") { partyCount(asOf: "2015-06-30") participation(asOf: "2015-06-30") { state { iso3 } } }
		resolution(symbol: "A/RES/66/178") { adopted }
		participationGaps(instrument: "CT17", region: "011", asOf: "2011-12-19") { totalCount memberStates }
		instruments { totalCount edges { node { key partyCount } } }
	}`, &want)
	if want.Instrument.PartyCount == 0 || want.Gaps.TotalCount == 0 || want.Resolution.Adopted == "" {
		t.Fatalf("the fixture does not give the pictures something to show: %+v", want)
	}

	t.Run("map", func(t *testing.T) {
		tab := tab.in(t)
		tab.insightsOpen("/insights?chart=map&instrument=CT17&date=2015-06-30")
		type drawn struct {
			Party    int  `json:"party"`
			Signed   int  `json:"signed"`
			NotParty int  `json:"notParty"`
			Titled   bool `json:"titled"`
			Empty    bool `json:"empty"`
		}
		got := evaluate[drawn](tab, `(function () {
			var n = function (s) { return document.querySelectorAll('#map svg path[data-standing="' + s + '"]').length; };
			var svg = document.querySelector('#map svg');
			return { party: n('party'), signed: n('signed'), notParty: n('notParty'),
				titled: !!svg && svg.getAttribute('role') === 'img' && !!svg.querySelector('title').textContent,
				empty: !document.getElementById('empty').hidden };
		})()`)
		// Every Member State but one (Tuvalu, too small for the outlines) is
		// drawn as a country; the page lists it beside the map.
		if got.Party+got.Signed+got.NotParty < 190 {
			t.Errorf("%d Member States drawn, want 192", got.Party+got.Signed+got.NotParty)
		}
		if got.Party == 0 || got.Signed == 0 || got.NotParty == 0 {
			t.Errorf("want States in every colour, got %+v", got)
		}
		if got.Party > want.Instrument.PartyCount || got.Party < want.Instrument.PartyCount-1 {
			t.Errorf("%d States drawn as parties, the API counts %d", got.Party, want.Instrument.PartyCount)
		}
		if !got.Titled {
			t.Error("the map's SVG has no role img and title")
		}
		if got.Empty {
			t.Error("the page says no participation is loaded")
		}
		tab.screenshot("insights-map-wide")

		name, b := tab.download("download "+`#map button[data-format="svg"]`, chromedp.Click(chromedp.CSS(`#map button[data-format="svg"]`)))
		if !strings.HasSuffix(name, ".svg") {
			t.Errorf("SVG download named %q", name)
		}
		doc := parseSVG(t, b)
		if doc.root.Local != "svg" || doc.root.Space != "http://www.w3.org/2000/svg" || doc.elements["path"] < 190 || doc.title == "" {
			t.Errorf("the SVG download is <%s xmlns=%q> with %d paths and title %q", doc.root.Local, doc.root.Space, doc.elements["path"], doc.title)
		}
		if !slices.Contains(doc.texts, doc.title) {
			t.Errorf("the SVG download does not show its title %q: its texts are %q", doc.title, doc.texts)
		}

		name, b = tab.download("download "+`#map button[data-format="png"]`, chromedp.Click(chromedp.CSS(`#map button[data-format="png"]`)))
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || !strings.HasSuffix(name, ".png") {
			t.Fatalf("PNG download %q: %v", name, err)
		}
		svgW := evaluate[int](tab, `Number(document.querySelector('#map svg').getAttribute('width'))`)
		if got := img.Bounds().Dx(); got != 2*svgW {
			t.Errorf("the PNG is %d px wide, want twice the SVG's %d", got, svgW)
		}

		name, b = tab.download("download "+`#map button[data-format="csv"]`, chromedp.Click(chromedp.CSS(`#map button[data-format="csv"]`)))
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || !strings.HasSuffix(name, ".csv") {
			t.Fatalf("CSV download %q: %v", name, err)
		}
		if len(rows) != 194 || strings.Join(rows[0], ",") != "iso3,m49,state,standing,action,date,on_map" {
			t.Fatalf("the CSV has %d lines, header %v", len(rows), rows[0])
		}
		parties := 0
		for _, r := range rows[1:] {
			if r[3] == "party" {
				parties++
			}
		}
		if parties != want.Instrument.PartyCount {
			t.Errorf("the CSV has %d parties, the API counts %d", parties, want.Instrument.PartyCount)
		}
		tab.noConsoleErrors()
	})

	t.Run("timeline", func(t *testing.T) {
		tab := tab.in(t)
		// The keyboard moves from tab to tab.
		tab.run("focus the map tab", chromedp.Focus(chromedp.ID("tab-map")), chromedp.KeyEvent(kb.ArrowRight))
		tab.insightsWaitDrawn()
		if q := tab.queryString(); q.Get("chart") != "timeline" {
			t.Fatalf("after the arrow key, the URL says chart=%q", q.Get("chart"))
		}
		withParties := 0
		for _, e := range want.Instruments.Edges {
			if e.Node.PartyCount > 0 {
				withParties++
			}
		}
		series := evaluate[int](tab, `document.querySelectorAll('#timeline svg path.series').length`)
		if series != withParties {
			t.Errorf("%d series drawn, %d instruments have parties", series, withParties)
		}
		mark := evaluate[string](tab, `(document.querySelector('#timeline line.resolution-mark') || {getAttribute: function () { return ''; }}).getAttribute('data-date')`)
		if mark != want.Resolution.Adopted {
			t.Errorf("the timeline marks %q, the resolution was adopted on %s", mark, want.Resolution.Adopted)
		}
		thick := evaluate[string](tab, `document.querySelector('#timeline path.series[data-instrument="CT17"]').getAttribute('stroke-width')`)
		if thick != "3.5" {
			t.Errorf("the chosen instrument's line has stroke-width %s, want it drawn thicker", thick)
		}
		tab.screenshot("insights-timeline-wide")
		name, b := tab.download("download "+`#timeline button[data-format="csv"]`, chromedp.Click(chromedp.CSS(`#timeline button[data-format="csv"]`)))
		if !strings.HasPrefix(string(b), "instrument,short_name,date,parties\r\n") {
			t.Errorf("timeline CSV %s starts %.60q", name, b)
		}
		tab.noConsoleErrors()
	})

	t.Run("gaps", func(t *testing.T) {
		tab := tab.in(t)
		tab.insightsOpen("/insights?chart=gaps&region=011&date=2011-12-19&instrument=CT17")
		cells := evaluate[int](tab, `document.querySelectorAll('#gaps svg g.cell').length`)
		if want := want.Gaps.MemberStates * want.Instruments.TotalCount; cells != want {
			t.Errorf("%d cells, want %d", cells, want)
		}
		gaps := evaluate[int](tab, `document.querySelectorAll('#gaps g.cell[data-instrument="CT17"][data-standing="notParty"], #gaps g.cell[data-instrument="CT17"][data-standing="signed"]').length`)
		if gaps != want.Gaps.TotalCount {
			t.Errorf("%d CT17 cells not party, participationGaps says %d", gaps, want.Gaps.TotalCount)
		}
		// The Montreal Protocol 2014 did not exist in 2011.
		absent := evaluate[int](tab, `document.querySelectorAll('#gaps g.cell[data-instrument="CT19"][data-standing="absent"]').length`)
		if absent != want.Gaps.MemberStates {
			t.Errorf("%d CT19 cells drawn as not existing yet, want %d", absent, want.Gaps.MemberStates)
		}
		tab.screenshot("insights-gaps-wide")
		_, b := tab.download("download "+`#gaps button[data-format="svg"]`, chromedp.Click(chromedp.CSS(`#gaps button[data-format="svg"]`)))
		if doc := parseSVG(t, b); doc.title == "" || doc.elements["rect"] < cells || !slices.Contains(doc.texts, "CT17") {
			t.Errorf("the heat map's SVG has title %q, %d rects, texts %q", doc.title, doc.elements["rect"], doc.texts)
		}
		tab.noConsoleErrors()
	})

	t.Run("statistics", func(t *testing.T) {
		tab := tab.in(t)
		tab.insightsOpen("/insights?chart=statistics&instrument=CT15&date=2011-12-19")
		n := evaluate[int](tab, `document.querySelectorAll('#panel section.picture svg').length`)
		if n != 4 {
			t.Errorf("%d statistics charts drawn, want 4 (regions, instruments, crime types, programmes)", n)
		}
		tab.screenshot("insights-statistics-wide")
		tab.noConsoleErrors()
	})

	t.Run("URL state", func(t *testing.T) {
		tab := tab.in(t)
		tab.insightsOpen("/insights?chart=map&instrument=CT17&date=2015-06-30")
		// Choose another instrument and date, as a user does.
		tab.run("choose CT15", chromedp.Evaluate[chromedp.Void](`(function () {
			var s = document.getElementById('instrument'); s.value = 'CT15'; s.dispatchEvent(new Event('change'));
		})()`))
		tab.insightsWaitDrawn()
		tab.run("choose the resolution's date", chromedp.Click(chromedp.CSS(`#date-buttons button[data-date="`+want.Resolution.Adopted+`"]`)))
		tab.insightsWaitDrawn()
		q := tab.queryString()
		if q.Get("instrument") != "CT15" || q.Get("date") != want.Resolution.Adopted || q.Get("chart") != "map" {
			t.Fatalf("the URL says %v", q)
		}
		title := evaluate[string](tab, `document.querySelector('#map svg title').textContent`)
		tab.run("reload", chromedp.Reload())
		tab.insightsWaitDrawn()
		if got := evaluate[string](tab, `document.querySelector('#map svg title').textContent`); got != title {
			t.Errorf("after a reload, the map is %q, was %q", got, title)
		}
		if v := evaluate[string](tab, `document.getElementById('instrument').value + ' ' + document.getElementById('date').value`); v != "CT15 "+want.Resolution.Adopted {
			t.Errorf("after a reload, the controls say %q", v)
		}
		// Back twice: the date, then the instrument, as they were.
		tab.run("back", chromedp.NavigateBack())
		tab.insightsWaitDrawn()
		if v := evaluate[string](tab, `document.getElementById('instrument').value + ' ' + document.getElementById('date').value`); v != "CT15 2015-06-30" {
			t.Errorf("after going back, the controls say %q, want CT15 2015-06-30", v)
		}
		tab.run("back", chromedp.NavigateBack())
		tab.insightsWaitDrawn()
		if got := evaluate[string](tab, `document.querySelector('#map svg title').textContent`); !strings.Contains(got, "CT17") {
			t.Errorf("after going back again, the map is %q, want CT17's", got)
		}
		tab.noConsoleErrors()
	})
}

// TestInsightsBrowserNarrow checks every picture at 400 px wide: drawn, and
// no horizontal scrolling.
func TestInsightsBrowserNarrow(t *testing.T) {
	tab := newTab(t, startServer(t, importing(insightsFixtures...)), 400, 800)
	for _, chart := range []string{"map", "timeline", "gaps", "statistics"} {
		t.Run(chart, func(t *testing.T) {
			tab := tab.in(t)
			tab.insightsOpen("/insights?chart=" + chart + "&instrument=CT17&region=002")
			if n := evaluate[int](tab, `document.querySelectorAll('#panel svg').length`); n == 0 {
				t.Errorf("no picture drawn at 400 px")
			}
			tab.noHorizontalScroll(400)
			tab.screenshot("insights-" + chart + "-400px")
			tab.noConsoleErrors()
		})
	}
}

// TestInsightsBrowserWithoutParticipation opens the page over the seed
// alone: it says that no participation is loaded and how to import some,
// instead of drawing empty pictures.
func TestInsightsBrowserWithoutParticipation(t *testing.T) {
	tab := newTab(t, startServer(t), 1280, 900)
	tab.insightsOpen("/insights")
	notice := evaluate[string](tab, `document.getElementById('empty').hidden ? '' : document.getElementById('empty').innerText`)
	for _, want := range []string{"No treaty participation is loaded", "nexus import participation.csv",
		"nexus serve --import participation.csv", "examples/participation.example.csv", "state,instrument,action,date,source"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice does not say %q:\n%s", want, notice)
		}
	}
	tab.screenshot("insights-empty")
	for _, chart := range []string{"map", "timeline", "gaps"} {
		tab.insightsOpen("/insights?chart=" + chart)
		if n := evaluate[int](tab, `document.querySelectorAll('#panel svg').length`); n != 0 {
			t.Errorf("%s: %d pictures drawn with no participation", chart, n)
		}
		if msg := evaluate[string](tab, `document.getElementById('panel').innerText`); !strings.Contains(msg, "No treaty participation is loaded") {
			t.Errorf("%s: the panel says %q", chart, msg)
		}
	}
	// What does not depend on participation is still drawn: the crime types.
	tab.insightsOpen("/insights?chart=statistics")
	if n := evaluate[int](tab, `document.querySelectorAll('#stats-crime svg').length`); n != 1 {
		t.Error("the crime types are not drawn")
	}
	if n := evaluate[int](tab, `document.querySelectorAll('#stats-region svg, #stats-instrument svg, #stats-programme svg').length`); n != 0 {
		t.Errorf("%d party or programme charts drawn with no participation or programme", n)
	}
	tab.screenshot("insights-empty-statistics")

	// The notice and its commands fit a narrow window too.
	tab.setViewport(400, 800)
	tab.insightsOpen("/insights")
	tab.noHorizontalScroll(400)
	tab.screenshot("insights-empty-400px")
	tab.noConsoleErrors()
}
