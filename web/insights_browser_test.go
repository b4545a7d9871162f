package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/server"
)

// The test fixtures the insights tests import: invented rows, marked as
// such in every file and every source.
var insightsFixtures = []string{
	"testdata/insights-participation.csv",
	"testdata/insights-programmes.csv",
	"testdata/insights-activities.csv",
}

// insightsChromium returns the path of a Chromium binary; without one the
// test skips, or fails when CI=true.
func insightsChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium binary on the PATH: CI needs it for the browser tests (apt-get install chromium)")
	}
	t.Skip("no Chromium binary on the PATH: install chromium to run the browser tests")
	return ""
}

// insightsServer starts the real server of nexus serve over a memory store
// holding the seed and the files imported, and returns its URL.
func insightsServer(t *testing.T, files ...string) string {
	t.Helper()
	ctx := t.Context()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	if _, err := seed.Load(ctx, store); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	if len(files) > 0 {
		fs, err := importer.OpenFiles(files...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Import(ctx, store, fs...); err != nil {
			t.Fatalf("import %v: %v", files, err)
		}
	}
	srv, err := server.New(server.Config{
		Store:  store,
		Ready:  func(context.Context) error { return nil },
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

// insightsTab is a browser tab of a given size, with what its console said.
type insightsTab struct {
	ctx       context.Context
	downloads string // where the browser saves downloads

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions
}

// insightsBrowser starts headless Chromium with a window of width × height
// CSS pixels and returns its tab, collecting its console errors.
func insightsBrowser(t *testing.T, width, height int) *insightsTab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(insightsChromium(t)),
		chromedp.WindowSize(width, height),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// A safeguard, not a measure: a page that never finishes fails the test
	// instead of hanging it.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	tab := &insightsTab{ctx: ctx, downloads: t.TempDir()}
	// Listen sees the events in order, before the reply to a later
	// command: see insightsNoConsoleErrors.
	err := chromedp.Listen(ctx, func(ev any) {
		var problem string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problem = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			problem = "uncaught: " + d.Text
			if d.Exception != nil {
				problem += " " + d.Exception.Description
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				problem = fmt.Sprintf("log: %s (%s)", ev.Entry.Text, ev.Entry.URL)
			}
		}
		if problem != "" {
			tab.mu.Lock()
			tab.problems = append(tab.problems, problem)
			tab.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listen to the console: %v", err)
	}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior:      cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  tab.downloads,
		EventsEnabled: new(true),
	}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	return tab
}

// insightsNoConsoleErrors fails the test if the page logged an error or
// threw.
func (tab *insightsTab) insightsNoConsoleErrors(t *testing.T) {
	t.Helper()
	// The reply to this command comes after every event the page sent
	// before it, and Listen has seen those.
	insightsEval[int](t, tab, `1`)
	tab.mu.Lock()
	defer tab.mu.Unlock()
	for _, p := range tab.problems {
		t.Errorf("console: %s", p)
	}
	tab.problems = nil
}

// insightsDo runs actions, failing the test on an error.
func (tab *insightsTab) insightsDo(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tab.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// insightsEval evaluates a JavaScript expression in the page.
func insightsEval[T any](t *testing.T, tab *insightsTab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tab.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// insightsWaitDrawn waits until the page has drawn its picture, and fails
// if it showed an error instead.
func (tab *insightsTab) insightsWaitDrawn(t *testing.T) {
	t.Helper()
	st, err := chromedp.Run(tab.ctx, chromedp.Poll[string](
		`(function () { var s = document.getElementById('insights').dataset.state; return s !== 'drawing' && s; })()`))
	if err != nil {
		t.Fatalf("wait for the drawing: %v", err)
	}
	if st != "drawn" {
		tab.insightsNoConsoleErrors(t)
		msg := insightsEval[string](t, tab, `document.getElementById('error').textContent`)
		t.Fatalf("the page is %q, not drawn: %s", st, msg)
	}
}

// insightsOpen opens a URL and waits for its drawing.
func (tab *insightsTab) insightsOpen(t *testing.T, u string) {
	t.Helper()
	tab.insightsDo(t, "open "+u, chromedp.Navigate(u))
	tab.insightsWaitDrawn(t)
}

// insightsScreenshot saves a screenshot of the whole page under the
// directory NEXUS_SCREENSHOTS names, when it is set (insightsDownload saves
// the files downloaded there too).
func (tab *insightsTab) insightsScreenshot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("NEXUS_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(tab.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// insightsDownload clicks a download button and returns the name the page
// gave the file and its content.
func (tab *insightsTab) insightsDownload(t *testing.T, button string) (string, []byte) {
	t.Helper()
	begun := chromedp.BrowserEvents(tab.ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(tab.ctx, cdpbrowser.DownloadProgress)
	tab.insightsDo(t, "click "+button, chromedp.Click(chromedp.CSS(button)))
	var name, guid string
	for ev, err := range begun {
		if err != nil {
			t.Fatalf("%s: no download began: %v", button, err)
		}
		name, guid = ev.SuggestedFilename, ev.GUID
		break
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("%s: the download did not complete: %v", button, err)
		}
		if ev.GUID != guid {
			continue
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			t.Fatalf("%s: the download was cancelled", button)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			break
		}
	}
	b, err := os.ReadFile(filepath.Join(tab.downloads, guid))
	if err != nil {
		t.Fatalf("%s: %v", button, err)
	}
	if dir := os.Getenv("NEXUS_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "download-"+name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return name, b
}

// insightsSVGDoc is what a downloaded SVG holds.
type insightsSVGDoc struct {
	root     xml.Name
	title    string         // the SVG's own title
	texts    []string       // the texts it shows
	elements map[string]int // how many of each element
}

// insightsSVG parses a downloaded SVG.
func insightsSVG(t *testing.T, b []byte) insightsSVGDoc {
	t.Helper()
	doc := insightsSVGDoc{elements: map[string]int{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG download is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				doc.root = tok.Name
			}
			doc.elements[tok.Name.Local]++
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch {
			case len(stack) == 2 && stack[1] == "title":
				doc.title += string(tok)
			case len(stack) > 0 && stack[len(stack)-1] == "text":
				doc.texts = append(doc.texts, string(tok))
			}
		}
	}
	return doc
}

// insightsNoHorizontalScroll fails if the page is wider than the window.
func (tab *insightsTab) insightsNoHorizontalScroll(t *testing.T, what string) {
	t.Helper()
	type widths struct {
		Scroll int `json:"scroll"`
		Inner  int `json:"inner"`
	}
	w := insightsEval[widths](t, tab, `({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})`)
	if w.Scroll > w.Inner {
		t.Errorf("%s: the page is %d px wide in a %d px window: it scrolls horizontally", what, w.Scroll, w.Inner)
	}
}

// insightsQuery asks the server's GraphQL endpoint, as a client would, for
// the expected values the page must show.
func insightsQuery(t *testing.T, base, query string, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	res, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []any           `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("query %s: %v %s", query, err, raw)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatal(err)
	}
}

// insightsQueryString returns the page's query string, decoded.
func (tab *insightsTab) insightsQueryString(t *testing.T) url.Values {
	t.Helper()
	q, err := url.ParseQuery(strings.TrimPrefix(insightsEval[string](t, tab, `window.location.search`), "?"))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestInsightsBrowserDrawsImportedParticipation opens the insights page
// over the seed and an imported participation fixture, and checks each
// picture against what the API answers, the downloads, and that the URL
// keeps the state through a reload and the back button.
func TestInsightsBrowserDrawsImportedParticipation(t *testing.T) {
	base := insightsServer(t, insightsFixtures...)
	tab := insightsBrowser(t, 1280, 900)

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
	insightsQuery(t, base, `{
		instrument(key: "CT17") { partyCount(asOf: "2015-06-30") participation(asOf: "2015-06-30") { state { iso3 } } }
		resolution(symbol: "A/RES/66/178") { adopted }
		participationGaps(instrument: "CT17", region: "011", asOf: "2011-12-19") { totalCount memberStates }
		instruments { totalCount edges { node { key partyCount } } }
	}`, &want)
	if want.Instrument.PartyCount == 0 || want.Gaps.TotalCount == 0 || want.Resolution.Adopted == "" {
		t.Fatalf("the fixture does not give the pictures something to show: %+v", want)
	}

	t.Run("map", func(t *testing.T) {
		tab.insightsOpen(t, base+"/insights?chart=map&instrument=CT17&date=2015-06-30")
		type drawn struct {
			Party    int  `json:"party"`
			Signed   int  `json:"signed"`
			NotParty int  `json:"notParty"`
			Titled   bool `json:"titled"`
			Empty    bool `json:"empty"`
		}
		got := insightsEval[drawn](t, tab, `(function () {
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
		tab.insightsScreenshot(t, "insights-map-wide")

		name, b := tab.insightsDownload(t, `#map button[data-format="svg"]`)
		if !strings.HasSuffix(name, ".svg") {
			t.Errorf("SVG download named %q", name)
		}
		doc := insightsSVG(t, b)
		if doc.root.Local != "svg" || doc.root.Space != "http://www.w3.org/2000/svg" || doc.elements["path"] < 190 || doc.title == "" {
			t.Errorf("the SVG download is <%s xmlns=%q> with %d paths and title %q", doc.root.Local, doc.root.Space, doc.elements["path"], doc.title)
		}
		if !slices.Contains(doc.texts, doc.title) {
			t.Errorf("the SVG download does not show its title %q: its texts are %q", doc.title, doc.texts)
		}

		name, b = tab.insightsDownload(t, `#map button[data-format="png"]`)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || !strings.HasSuffix(name, ".png") {
			t.Fatalf("PNG download %q: %v", name, err)
		}
		svgW := insightsEval[int](t, tab, `Number(document.querySelector('#map svg').getAttribute('width'))`)
		if got := img.Bounds().Dx(); got != 2*svgW {
			t.Errorf("the PNG is %d px wide, want twice the SVG's %d", got, svgW)
		}

		name, b = tab.insightsDownload(t, `#map button[data-format="csv"]`)
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
		tab.insightsNoConsoleErrors(t)
	})

	t.Run("timeline", func(t *testing.T) {
		// The keyboard moves from tab to tab.
		tab.insightsDo(t, "focus the map tab", chromedp.Focus(chromedp.ID("tab-map")), chromedp.KeyEvent(kb.ArrowRight))
		tab.insightsWaitDrawn(t)
		if q := tab.insightsQueryString(t); q.Get("chart") != "timeline" {
			t.Fatalf("after the arrow key, the URL says chart=%q", q.Get("chart"))
		}
		withParties := 0
		for _, e := range want.Instruments.Edges {
			if e.Node.PartyCount > 0 {
				withParties++
			}
		}
		series := insightsEval[int](t, tab, `document.querySelectorAll('#timeline svg path.series').length`)
		if series != withParties {
			t.Errorf("%d series drawn, %d instruments have parties", series, withParties)
		}
		mark := insightsEval[string](t, tab, `(document.querySelector('#timeline line.resolution-mark') || {getAttribute: function () { return ''; }}).getAttribute('data-date')`)
		if mark != want.Resolution.Adopted {
			t.Errorf("the timeline marks %q, the resolution was adopted on %s", mark, want.Resolution.Adopted)
		}
		thick := insightsEval[string](t, tab, `document.querySelector('#timeline path.series[data-instrument="CT17"]').getAttribute('stroke-width')`)
		if thick != "3.5" {
			t.Errorf("the chosen instrument's line has stroke-width %s, want it drawn thicker", thick)
		}
		tab.insightsScreenshot(t, "insights-timeline-wide")
		name, b := tab.insightsDownload(t, `#timeline button[data-format="csv"]`)
		if !strings.HasPrefix(string(b), "instrument,short_name,date,parties\r\n") {
			t.Errorf("timeline CSV %s starts %.60q", name, b)
		}
		tab.insightsNoConsoleErrors(t)
	})

	t.Run("gaps", func(t *testing.T) {
		tab.insightsOpen(t, base+"/insights?chart=gaps&region=011&date=2011-12-19&instrument=CT17")
		cells := insightsEval[int](t, tab, `document.querySelectorAll('#gaps svg g.cell').length`)
		if want := want.Gaps.MemberStates * want.Instruments.TotalCount; cells != want {
			t.Errorf("%d cells, want %d", cells, want)
		}
		gaps := insightsEval[int](t, tab, `document.querySelectorAll('#gaps g.cell[data-instrument="CT17"][data-standing="notParty"], #gaps g.cell[data-instrument="CT17"][data-standing="signed"]').length`)
		if gaps != want.Gaps.TotalCount {
			t.Errorf("%d CT17 cells not party, participationGaps says %d", gaps, want.Gaps.TotalCount)
		}
		// The Montreal Protocol 2014 did not exist in 2011.
		absent := insightsEval[int](t, tab, `document.querySelectorAll('#gaps g.cell[data-instrument="CT19"][data-standing="absent"]').length`)
		if absent != want.Gaps.MemberStates {
			t.Errorf("%d CT19 cells drawn as not existing yet, want %d", absent, want.Gaps.MemberStates)
		}
		tab.insightsScreenshot(t, "insights-gaps-wide")
		_, b := tab.insightsDownload(t, `#gaps button[data-format="svg"]`)
		if doc := insightsSVG(t, b); doc.title == "" || doc.elements["rect"] < cells || !slices.Contains(doc.texts, "CT17") {
			t.Errorf("the heat map's SVG has title %q, %d rects, texts %q", doc.title, doc.elements["rect"], doc.texts)
		}
		tab.insightsNoConsoleErrors(t)
	})

	t.Run("statistics", func(t *testing.T) {
		tab.insightsOpen(t, base+"/insights?chart=statistics&instrument=CT15&date=2011-12-19")
		n := insightsEval[int](t, tab, `document.querySelectorAll('#panel section.picture svg').length`)
		if n != 4 {
			t.Errorf("%d statistics charts drawn, want 4 (regions, instruments, crime types, programmes)", n)
		}
		tab.insightsScreenshot(t, "insights-statistics-wide")
		tab.insightsNoConsoleErrors(t)
	})

	t.Run("URL state", func(t *testing.T) {
		tab.insightsOpen(t, base+"/insights?chart=map&instrument=CT17&date=2015-06-30")
		// Choose another instrument and date, as a user does.
		tab.insightsDo(t, "choose CT15", chromedp.Evaluate[chromedp.Void](`(function () {
			var s = document.getElementById('instrument'); s.value = 'CT15'; s.dispatchEvent(new Event('change'));
		})()`))
		tab.insightsWaitDrawn(t)
		tab.insightsDo(t, "choose the resolution's date", chromedp.Click(chromedp.CSS(`#date-buttons button[data-date="`+want.Resolution.Adopted+`"]`)))
		tab.insightsWaitDrawn(t)
		q := tab.insightsQueryString(t)
		if q.Get("instrument") != "CT15" || q.Get("date") != want.Resolution.Adopted || q.Get("chart") != "map" {
			t.Fatalf("the URL says %v", q)
		}
		title := insightsEval[string](t, tab, `document.querySelector('#map svg title').textContent`)
		tab.insightsDo(t, "reload", chromedp.Reload())
		tab.insightsWaitDrawn(t)
		if got := insightsEval[string](t, tab, `document.querySelector('#map svg title').textContent`); got != title {
			t.Errorf("after a reload, the map is %q, was %q", got, title)
		}
		if v := insightsEval[string](t, tab, `document.getElementById('instrument').value + ' ' + document.getElementById('date').value`); v != "CT15 "+want.Resolution.Adopted {
			t.Errorf("after a reload, the controls say %q", v)
		}
		// Back twice: the date, then the instrument, as they were.
		tab.insightsDo(t, "back", chromedp.NavigateBack())
		tab.insightsWaitDrawn(t)
		if v := insightsEval[string](t, tab, `document.getElementById('instrument').value + ' ' + document.getElementById('date').value`); v != "CT15 2015-06-30" {
			t.Errorf("after going back, the controls say %q, want CT15 2015-06-30", v)
		}
		tab.insightsDo(t, "back", chromedp.NavigateBack())
		tab.insightsWaitDrawn(t)
		if got := insightsEval[string](t, tab, `document.querySelector('#map svg title').textContent`); !strings.Contains(got, "CT17") {
			t.Errorf("after going back again, the map is %q, want CT17's", got)
		}
		tab.insightsNoConsoleErrors(t)
	})
}

// TestInsightsBrowserNarrow checks every picture at 400 px wide: drawn, and
// no horizontal scrolling.
func TestInsightsBrowserNarrow(t *testing.T) {
	base := insightsServer(t, insightsFixtures...)
	tab := insightsBrowser(t, 400, 800)
	for _, chart := range []string{"map", "timeline", "gaps", "statistics"} {
		t.Run(chart, func(t *testing.T) {
			tab.insightsOpen(t, base+"/insights?chart="+chart+"&instrument=CT17&region=002")
			if n := insightsEval[int](t, tab, `document.querySelectorAll('#panel svg').length`); n == 0 {
				t.Errorf("no picture drawn at 400 px")
			}
			tab.insightsNoHorizontalScroll(t, chart)
			tab.insightsScreenshot(t, "insights-"+chart+"-400px")
			tab.insightsNoConsoleErrors(t)
		})
	}
}

// TestInsightsBrowserWithoutParticipation opens the page over the seed
// alone: it says that no participation is loaded and how to import some,
// instead of drawing empty pictures.
func TestInsightsBrowserWithoutParticipation(t *testing.T) {
	base := insightsServer(t)
	tab := insightsBrowser(t, 1280, 900)
	tab.insightsOpen(t, base+"/insights")
	notice := insightsEval[string](t, tab, `document.getElementById('empty').hidden ? '' : document.getElementById('empty').innerText`)
	for _, want := range []string{"No treaty participation is loaded", "nexus import participation.csv",
		"nexus serve --import participation.csv", "examples/participation.example.csv", "state,instrument,action,date,source"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice does not say %q:\n%s", want, notice)
		}
	}
	tab.insightsScreenshot(t, "insights-empty")
	for _, chart := range []string{"map", "timeline", "gaps"} {
		tab.insightsOpen(t, base+"/insights?chart="+chart)
		if n := insightsEval[int](t, tab, `document.querySelectorAll('#panel svg').length`); n != 0 {
			t.Errorf("%s: %d pictures drawn with no participation", chart, n)
		}
		if msg := insightsEval[string](t, tab, `document.getElementById('panel').innerText`); !strings.Contains(msg, "No treaty participation is loaded") {
			t.Errorf("%s: the panel says %q", chart, msg)
		}
	}
	// What does not depend on participation is still drawn: the crime types.
	tab.insightsOpen(t, base+"/insights?chart=statistics")
	if n := insightsEval[int](t, tab, `document.querySelectorAll('#stats-crime svg').length`); n != 1 {
		t.Error("the crime types are not drawn")
	}
	if n := insightsEval[int](t, tab, `document.querySelectorAll('#stats-region svg, #stats-instrument svg, #stats-programme svg').length`); n != 0 {
		t.Errorf("%d party or programme charts drawn with no participation or programme", n)
	}
	tab.insightsScreenshot(t, "insights-empty-statistics")

	// The notice and its commands fit a narrow window too.
	tab.insightsDo(t, "narrow the window", chromedp.EmulateViewport(400, 800))
	tab.insightsOpen(t, base+"/insights")
	tab.insightsNoHorizontalScroll(t, "the notice")
	tab.insightsScreenshot(t, "insights-empty-400px")
	tab.insightsNoConsoleErrors(t)
}
