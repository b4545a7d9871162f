package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/server"
)

// exploreChromium returns the path of a Chromium binary; without one the
// test skips, or fails when CI=true.
func exploreChromium(t *testing.T) string {
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

// exploreServer starts the real server of nexus serve over a memory store
// holding the seed, and returns its URL.
func exploreServer(t *testing.T) string {
	t.Helper()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	if _, err := seed.Load(t.Context(), store); err != nil {
		t.Fatalf("load the seed: %v", err)
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

// exploreTab is a browser tab of a given size, with what its console said.
type exploreTab struct {
	ctx       context.Context
	downloads string // where the browser saves downloads

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions
}

// exploreBrowser starts headless Chromium with a window of width × height
// CSS pixels and returns its tab, collecting its console errors.
func exploreBrowser(t *testing.T, width, height int) *exploreTab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exploreChromium(t)),
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	tab := &exploreTab{ctx: ctx, downloads: t.TempDir()}
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

// exploreEval evaluates a JavaScript expression in the page.
func exploreEval[T any](t *testing.T, tab *exploreTab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tab.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// exploreDo runs actions, failing the test on an error.
func (tab *exploreTab) exploreDo(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tab.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// exploreScreenshot saves a screenshot of the whole page under the
// directory NEXUS_SCREENSHOTS names, when it is set.
func (tab *exploreTab) exploreScreenshot(t *testing.T, name string) {
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

// exploreWaitDrawn waits until the page has drawn, and fails if it
// showed an error instead.
func (tab *exploreTab) exploreWaitDrawn(t *testing.T) {
	t.Helper()
	st, err := chromedp.Run(tab.ctx, chromedp.Poll[string](
		`(function () { var s = document.getElementById('explorer').getAttribute('data-state'); return s !== 'loading' && s !== 'idle' && s; })()`))
	if err != nil {
		t.Fatalf("wait for the drawing: %v", err)
	}
	if st != "drawn" {
		msg := exploreEval[string](t, tab, `document.getElementById('error').textContent`)
		t.Fatalf("the page is %q, not drawn: %s", st, msg)
	}
}

// exploreNoConsoleErrors fails the test if the page logged an error or
// threw.
func (tab *exploreTab) exploreNoConsoleErrors(t *testing.T) {
	t.Helper()
	// The reply to this command comes after every event the page sent
	// before it, and Listen has seen those.
	exploreEval[int](t, tab, `1`)
	tab.mu.Lock()
	defer tab.mu.Unlock()
	for _, p := range tab.problems {
		t.Errorf("console: %s", p)
	}
	tab.problems = nil
}

// exploreReadme is the explorer link of the README: operative paragraph 9
// of resolution 66/178 and everything within two relationships of it.
const exploreReadme = "/explore?id=Paragraph:A/RES/66/178/op/9&depth=2"

// explorePoint is a position: on the page, in CSS pixels, or in the
// drawing's own coordinates.
type explorePoint struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// exploreScreenshotOf saves a screenshot of the part of the page the CSS
// selector sel picks, like exploreScreenshot.
func (tab *exploreTab) exploreScreenshotOf(t *testing.T, sel, name string) {
	t.Helper()
	dir := os.Getenv("NEXUS_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(tab.ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("screenshot of %s: %v", sel, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// exploreDrawings returns how many drawings the page has made.
func (tab *exploreTab) exploreDrawings(t *testing.T) int {
	t.Helper()
	return exploreEval[int](t, tab, `Number(document.getElementById('explorer').getAttribute('data-drawings') || 0)`)
}

// exploreWaitRedrawn waits until the page has made a drawing after the
// before-th, and fails if it showed an error instead.
func (tab *exploreTab) exploreWaitRedrawn(t *testing.T, before int) {
	t.Helper()
	st, err := chromedp.Run(tab.ctx, chromedp.Poll[string](fmt.Sprintf(
		`(function () { var r = document.getElementById('explorer'); var s = r.getAttribute('data-state');
		  if (s === 'error') return s;
		  return Number(r.getAttribute('data-drawings') || 0) > %d && s === 'drawn' && s; })()`, before)))
	if err != nil {
		t.Fatalf("wait for the drawing: %v", err)
	}
	if st != "drawn" {
		msg := exploreEval[string](t, tab, `document.getElementById('error').textContent`)
		t.Fatalf("the page is %q, not drawn: %s", st, msg)
	}
}

// exploreOpen opens a URL and waits for its drawing.
func (tab *exploreTab) exploreOpen(t *testing.T, u string) {
	t.Helper()
	tab.exploreDo(t, "open "+u, chromedp.Navigate(u))
	tab.exploreWaitRedrawn(t, 0)
}

// exploreQuery asks the server's GraphQL endpoint, as a client would, for
// the values the page must show.
func exploreQuery(t *testing.T, base, query string, out any) {
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

// exploreQueryString returns the page's query string, decoded.
func (tab *exploreTab) exploreQueryString(t *testing.T) url.Values {
	t.Helper()
	q, err := url.ParseQuery(strings.TrimPrefix(exploreEval[string](t, tab, `window.location.search`), "?"))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// exploreDrawn is what the canvas shows.
type exploreDrawn struct {
	Nodes     []string                `json:"nodes"`     // the IDs of the nodes drawn, groups included
	Edges     []string                `json:"edges"`     // the IDs of the relationships drawn
	Positions map[string]explorePoint `json:"positions"` // where each node is, in the drawing's coordinates
	Groups    []exploreGroup          `json:"groups"`    // the group nodes drawn
	Kinds     map[string]int          `json:"kinds"`     // how many nodes of each kind are drawn on their own
	Chosen    []string                `json:"chosen"`    // what is selected
	Pinned    []string                `json:"pinned"`    // the nodes drawn as pinned
}

// exploreGroup is a group node as drawn.
type exploreGroup struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// exploreCanvas returns what the canvas shows.
func (tab *exploreTab) exploreCanvas(t *testing.T) exploreDrawn {
	t.Helper()
	return exploreEval[exploreDrawn](t, tab, `(function () {
		var cy = window.nexusExplorer.cy, out = {nodes: [], edges: [], positions: {}, groups: [], kinds: {}, chosen: [], pinned: []};
		cy.nodes().forEach(function (n) {
			out.nodes.push(n.id());
			out.positions[n.id()] = n.position();
			if (n.hasClass('fan')) out.groups.push({id: n.id(), label: n.data('label'), count: n.data('count')});
			else out.kinds[n.data('kind')] = (out.kinds[n.data('kind')] || 0) + 1;
			if (n.hasClass('pinned')) out.pinned.push(n.id());
		});
		cy.edges().forEach(function (e) { out.edges.push(e.id()); });
		cy.elements('.chosen').forEach(function (e) { out.chosen.push(e.id()); });
		return out;
	})()`)
}

// exploreOnPage returns where a node of the drawing is on the page,
// centring the drawing on it first when it is out of the canvas.
func (tab *exploreTab) exploreOnPage(t *testing.T, id string) explorePoint {
	t.Helper()
	idJSON, _ := json.Marshal(id)
	p := exploreEval[*explorePoint](t, tab, fmt.Sprintf(`(function () {
		var cy = window.nexusExplorer.cy, n = cy.getElementById(%s);
		if (!n.length) return null;
		var bb = n.renderedBoundingBox({includeLabels: false});
		if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.center(n);
		var r = document.getElementById('cy').getBoundingClientRect(), q = n.renderedPosition();
		return {x: r.left + q.x, y: r.top + q.y};
	})()`, idJSON))
	if p == nil {
		t.Fatalf("%s is not drawn", id)
	}
	return *p
}

// exploreClick clicks at a point of the page, as a user does.
func (tab *exploreTab) exploreClick(t *testing.T, what string, p explorePoint) {
	t.Helper()
	tab.exploreDo(t, "click "+what, chromedp.MouseClickXY(p.X, p.Y))
}

// exploreChange runs actions that change the drawing and waits for the
// page to draw the change.
func (tab *exploreTab) exploreChange(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	before := tab.exploreDrawings(t)
	tab.exploreDo(t, what, actions...)
	tab.exploreWaitRedrawn(t, before)
}

// exploreSelection returns the heading of what the side panel shows.
func (tab *exploreTab) exploreSelection(t *testing.T) string {
	t.Helper()
	return exploreEval[string](t, tab, `(document.querySelector('#selection h2') || {textContent: ''}).textContent.trim()`)
}

// exploreProvenance returns the provenance the side panel shows, by row.
func (tab *exploreTab) exploreProvenance(t *testing.T) map[string]string {
	t.Helper()
	return exploreEval[map[string]string](t, tab, `(function () {
		var out = {}, dl = document.querySelector('#selection dl.provenance');
		if (!dl) return out;
		dl.querySelectorAll('dt').forEach(function (dt) { out[dt.textContent] = dt.nextElementSibling.textContent; });
		return out;
	})()`)
}

// exploreNoHorizontalScroll fails if the page is wider than the window.
func (tab *exploreTab) exploreNoHorizontalScroll(t *testing.T, what string) {
	t.Helper()
	type widths struct {
		Scroll int `json:"scroll"`
		Inner  int `json:"inner"`
	}
	w := exploreEval[widths](t, tab, `({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})`)
	if w.Scroll > w.Inner {
		t.Errorf("%s: the page is %d px wide in a %d px window: it scrolls horizontally", what, w.Scroll, w.Inner)
	}
}

// exploreDownload chooses a format, clicks Download and returns the name
// the page gave the file and its content.
func (tab *exploreTab) exploreDownload(t *testing.T, format string) (string, []byte) {
	t.Helper()
	begun := chromedp.BrowserEvents(tab.ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(tab.ctx, cdpbrowser.DownloadProgress)
	tab.exploreDo(t, "download "+format,
		chromedp.SetValue(chromedp.ID("format"), format),
		chromedp.Click(chromedp.ID("download")))
	var name, guid string
	for ev, err := range begun {
		if err != nil {
			t.Fatalf("%s: no download began: %v", format, err)
		}
		name, guid = ev.SuggestedFilename, ev.GUID
		break
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("%s: the download did not complete: %v", format, err)
		}
		if ev.GUID != guid {
			continue
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			t.Fatalf("%s: the download was cancelled", format)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			break
		}
	}
	b, err := os.ReadFile(filepath.Join(tab.downloads, guid))
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	if dir := os.Getenv("NEXUS_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "download-"+name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return name, b
}

// exploreNeighbourhood is a neighbourhood as the API gives it.
type exploreNeighbourhood struct {
	Truncated bool `json:"truncated"`
	Nodes     []struct {
		Kind  string `json:"__typename"`
		ID    string `json:"id"`
		Label string `json:"label"`
	} `json:"nodes"`
	Edges []exploreEdge `json:"edges"`
}

// exploreEdge is a relationship as the API gives it.
type exploreEdge struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	From   string `json:"from"`
	To     string `json:"to"`
	Source struct {
		Document string `json:"document"`
		Locator  string `json:"locator"`
		Basis    string `json:"basis"`
	} `json:"source"`
}

// exploreAPINeighbourhood asks the API for a neighbourhood.
func exploreAPINeighbourhood(t *testing.T, base, id string, depth int) exploreNeighbourhood {
	t.Helper()
	var out struct {
		Neighborhood exploreNeighbourhood `json:"neighborhood"`
	}
	exploreQuery(t, base, fmt.Sprintf(`{ neighborhood(id: %q, depth: %d, limit: 1000) {
		truncated nodes { __typename id label } edges { id type from to source { document locator basis } } } }`, id, depth), &out)
	return out.Neighborhood
}

// exploreLeaves returns, of the nodes of a neighbourhood, those whose every
// relationship is of one type with one hub: what the page must group.
func exploreLeaves(g exploreNeighbourhood, hub, typ string) []string {
	edges := map[string][]int{}
	for i, e := range g.Edges {
		edges[e.From] = append(edges[e.From], i)
		if e.To != e.From {
			edges[e.To] = append(edges[e.To], i)
		}
	}
	var out []string
	for _, n := range g.Nodes {
		if n.ID == hub || len(edges[n.ID]) == 0 {
			continue
		}
		leaf := true
		for _, i := range edges[n.ID] {
			e := g.Edges[i]
			if e.Type != typ || (e.From != hub && e.To != hub) {
				leaf = false
			}
		}
		if leaf {
			out = append(out, n.ID)
		}
	}
	return out
}

// exploreSamePositions fails if a node drawn before is no longer drawn, or
// was moved.
func exploreSamePositions(t *testing.T, what string, before, after exploreDrawn) {
	t.Helper()
	moved := 0
	for id, p := range before.Positions {
		if strings.HasPrefix(id, "fan:") {
			continue
		}
		q, ok := after.Positions[id]
		if !ok {
			t.Errorf("%s: %s is no longer drawn", what, id)
			continue
		}
		if math.Abs(p.X-q.X) > 0.5 || math.Abs(p.Y-q.Y) > 0.5 {
			moved++
			if moved <= 3 {
				t.Errorf("%s: %s moved from %v to %v", what, id, p, q)
			}
		}
	}
	if moved > 3 {
		t.Errorf("%s: %d nodes moved in all", what, moved)
	}
}

// exploreLabelOverlaps returns how many pairs of the labels the canvas
// shows overlap, and how many labels it shows.
func (tab *exploreTab) exploreLabelOverlaps(t *testing.T) (overlaps, labels int) {
	t.Helper()
	r := exploreEval[[2]int](t, tab, `(function () {
		var cy = window.nexusExplorer.cy, boxes = [];
		cy.nodes().forEach(function (n) {
			var size = n.numericStyle('font-size') * cy.zoom();
			if (size < n.numericStyle('min-zoomed-font-size')) return;
			boxes.push(n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false}));
		});
		var overlaps = 0;
		for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
			var a = boxes[i], b = boxes[j];
			var w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
			if (w > 2 && h > 2) overlaps++;
		}
		return [overlaps, boxes.length];
	})()`)
	return r[0], r[1]
}

// exploreTarget is a point of the page on a relationship of the drawing.
type exploreTarget struct {
	Edge string  `json:"edge"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
}

// exploreEdgePoint finds, on the canvas as it is, a point of a
// relationship of the node (or group) id that is on no node's
// shape and at least 12 pixels from every other relationship: where a user
// clicks to reach it. underLabel asks for a point under the label of one
// of its ends. It returns nil when there is none.
func (tab *exploreTab) exploreEdgePoint(t *testing.T, id string, underLabel bool) *exploreTarget {
	t.Helper()
	return exploreEval[*exploreTarget](t, tab, fmt.Sprintf(`(function () {
		var cy = window.nexusExplorer.cy, r = document.getElementById('cy').getBoundingClientRect();
		var edges = cy.getElementById(%q).connectedEdges();
		for (var i = 0; i < edges.length; i++) {
			var e = edges[i], a = e.renderedSourceEndpoint(), b = e.renderedTargetEndpoint();
			var labels = [e.source(), e.target()].map(function (n) {
				return n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false});
			});
			for (var k = 10; k <= 190; k++) {
				var t = k / 200, p = {x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t};
				if (p.x < 4 || p.y < 40 || p.x > cy.width() - 4 || p.y > cy.height() - 4) continue;
				if (%t && !labels.some(function (lb) { return p.x > lb.x1 + 2 && p.x < lb.x2 - 2 && p.y > lb.y1 + 2 && p.y < lb.y2 - 2; })) continue;
				var onNode = cy.nodes().some(function (n) {
					var bb = n.renderedBoundingBox({includeLabels: false, includeOverlays: false});
					return p.x > bb.x1 - 4 && p.x < bb.x2 + 4 && p.y > bb.y1 - 4 && p.y < bb.y2 + 4;
				});
				var others = cy.edges().some(function (o) {
					if (o.same(e)) return false;
					var c = o.renderedSourceEndpoint(), d = o.renderedTargetEndpoint();
					var dx = d.x - c.x, dy = d.y - c.y, l = dx * dx + dy * dy || 1;
					var u = Math.max(0, Math.min(1, ((p.x - c.x) * dx + (p.y - c.y) * dy) / l));
					return Math.hypot(c.x + u * dx - p.x, c.y + u * dy - p.y) < 12;
				});
				if (!onNode && !others && (e.controlPoints() || []).length === 0) return {edge: e.id(), x: r.left + p.x, y: r.top + p.y};
			}
		}
		return null;
	})()`, id, underLabel))
}

// TestExploreBrowserReadmeLink opens the README's link: the whole
// neighbourhood is fetched and drawn readably, the 193 Member States as
// one group node with their count, which opens in place and closes again.
func TestExploreBrowserReadmeLink(t *testing.T) {
	base := exploreServer(t)
	want := exploreAPINeighbourhood(t, base, "Paragraph:A/RES/66/178/op/9", 2)
	if want.Truncated {
		t.Fatal("the API cuts the README's neighbourhood short at its largest limit")
	}
	states := exploreLeaves(want, "Group:member-states", "MEMBER_OF")
	if len(states) <= 12 {
		t.Fatalf("the seed gives the README's neighbourhood %d States: nothing to group", len(states))
	}
	tab := exploreBrowser(t, 1280, 900)
	tab.exploreOpen(t, base+exploreReadme)

	collapsed := tab.exploreCanvas(t)
	t.Run("collapsed", func(t *testing.T) {
		if len(collapsed.Groups) != 1 {
			t.Fatalf("groups drawn: %+v, want one", collapsed.Groups)
		}
		g := collapsed.Groups[0]
		if wantLabel := fmt.Sprintf("%d States", len(states)); g.Label != wantLabel || g.Count != len(states) {
			t.Errorf("the group is %q (count %d), want %q", g.Label, g.Count, wantLabel)
		}
		if n := collapsed.Kinds["State"]; n != 0 {
			t.Errorf("%d States drawn on their own beside the group", n)
		}
		if got, wantN := len(collapsed.Nodes), len(want.Nodes)-len(states)+1; got != wantN {
			t.Errorf("%d nodes drawn, want %d (the neighbourhood's %d with the States as one)", got, wantN, len(want.Nodes))
		}
		if !exploreEval[bool](t, tab, `document.getElementById('truncated').hidden`) {
			t.Errorf("the page says the drawing is truncated: %s", exploreEval[string](t, tab, `document.getElementById('truncated').textContent`))
		}
		status := exploreEval[string](t, tab, `document.getElementById('status').textContent`)
		if !strings.Contains(status, fmt.Sprintf("%d nodes", len(want.Nodes))) || !strings.Contains(status, "in 1 group") {
			t.Errorf("the status says %q", status)
		}
		overlaps, labels := tab.exploreLabelOverlaps(t)
		t.Logf("%d labels shown, %d pairs overlap", labels, overlaps)
		if labels < len(collapsed.Nodes)/2 || overlaps*10 > labels {
			t.Errorf("%d labels shown of %d nodes, %d pairs overlap: not readable", labels, len(collapsed.Nodes), overlaps)
		}
		tab.exploreScreenshot(t, "explore-readme-collapsed")
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("the group's relationship", func(t *testing.T) {
		g := collapsed.Groups[0]
		tg := tab.exploreEdgePoint(t, g.ID, false)
		if tg == nil {
			t.Fatal("the group's relationship cannot be clicked apart from the others")
		}
		tab.exploreClick(t, "the group's relationship", explorePoint{tg.X, tg.Y})
		if h, wantH := tab.exploreSelection(t), fmt.Sprintf("MEMBER_OF ×%d", g.Count); h != wantH {
			t.Errorf("the panel shows %q, want %q", h, wantH)
		}
		i := slices.IndexFunc(want.Edges, func(e exploreEdge) bool { return e.From == states[0] && e.Type == "MEMBER_OF" })
		got := tab.exploreProvenance(t)
		if got["Document"] != want.Edges[i].Source.Document || !strings.Contains(got["Locator"], fmt.Sprintf("(%d locators)", g.Count)) {
			t.Errorf("the group's provenance is %v; the API gives its relationships the document %s", got, want.Edges[i].Source.Document)
		}
		tab.exploreScreenshot(t, "explore-group-relationship")
		tab.exploreDo(t, "unselect", chromedp.Click(chromedp.CSS(`#selection button.back`)))
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("open the group by clicking it", func(t *testing.T) {
		g := collapsed.Groups[0]
		tab.exploreClick(t, "the group", tab.exploreOnPage(t, g.ID))
		if h := tab.exploreSelection(t); h != g.Label {
			t.Fatalf("after a click on the group, the panel shows %q", h)
		}
		if n := exploreEval[int](t, tab, `document.querySelectorAll('#selection ul.members li').length`); n != g.Count {
			t.Errorf("the panel lists %d members, want %d", n, g.Count)
		}
		tab.exploreChange(t, "show the States", chromedp.Click(chromedp.CSS(`#selection button[data-action="open"]`)))
		open := tab.exploreCanvas(t)
		if len(open.Nodes) != len(want.Nodes) || len(open.Groups) != 0 {
			t.Errorf("opened: %d nodes and %d groups drawn, want the %d nodes", len(open.Nodes), len(open.Groups), len(want.Nodes))
		}
		exploreSamePositions(t, "opening the group", collapsed, open)
		if q := tab.exploreQueryString(t); q.Get("open") != "Group:member-states|MEMBER_OF|in|State" {
			t.Errorf("the URL says open=%q", q.Get("open"))
		}
		tab.exploreScreenshot(t, "explore-readme-open")
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("a click on an edge in a dense drawing", func(t *testing.T) {
		// Zoom on a State whose relationship runs under its label, and
		// click the relationship there.
		var tg *exploreTarget
		for _, st := range states {
			exploreEval[bool](t, tab, fmt.Sprintf(`(function () {
				var cy = window.nexusExplorer.cy, n = cy.getElementById(%q);
				cy.zoom({level: 2.5, position: n.position()});
				cy.center(n);
				return true;
			})()`, st))
			if tg = tab.exploreEdgePoint(t, st, true); tg != nil {
				break
			}
		}
		if tg == nil {
			t.Fatal("no State has its relationship under its label, even zoomed in")
		}
		tab.exploreScreenshot(t, "explore-dense-zoomed")
		tab.exploreClick(t, "the relationship under a label", explorePoint{tg.X, tg.Y})
		if c := tab.exploreCanvas(t).Chosen; len(c) != 1 || c[0] != tg.Edge {
			t.Fatalf("the click selected %v, want the relationship %s", c, tg.Edge)
		}
		if h := tab.exploreSelection(t); h != "MEMBER_OF" {
			t.Errorf("the panel shows %q, want the relationship", h)
		}
		i := slices.IndexFunc(want.Edges, func(e exploreEdge) bool { return e.ID == tg.Edge })
		if i < 0 {
			t.Fatalf("the API has no relationship %s", tg.Edge)
		}
		src := want.Edges[i].Source
		got := tab.exploreProvenance(t)
		if got["Document"] != src.Document || got["Basis"] != src.Basis || got["Locator"] != src.Locator {
			t.Errorf("the panel's provenance is %v, the API's %+v", got, src)
		}
		tab.exploreScreenshot(t, "explore-dense-edge")
		tab.exploreDo(t, "fit", chromedp.Click(chromedp.ID("fit")))
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("collapse the group again", func(t *testing.T) {
		before := tab.exploreCanvas(t)
		tab.exploreClick(t, "a State", tab.exploreOnPage(t, states[0]))
		tab.exploreChange(t, "collapse", chromedp.Click(chromedp.CSS(`#selection button[data-action="collapse"]`)))
		after := tab.exploreCanvas(t)
		if len(after.Groups) != 1 || after.Groups[0].Count != len(states) || len(after.Nodes) != len(collapsed.Nodes) {
			t.Errorf("collapsed again: %d nodes, groups %+v", len(after.Nodes), after.Groups)
		}
		delete(before.Positions, states[0])
		for _, s := range states {
			delete(before.Positions, s)
		}
		exploreSamePositions(t, "collapsing the group", before, after)
		if q := tab.exploreQueryString(t); q.Has("open") {
			t.Errorf("the URL still says open=%q", q.Get("open"))
		}
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("open the group from the keyboard", func(t *testing.T) {
		tab.exploreDo(t, "choose the group in the list",
			chromedp.Click(chromedp.CSS(`#selection button.back`)),
			chromedp.Click(chromedp.CSS(`#summary table.ranking button`)))
		if h := tab.exploreSelection(t); !strings.HasSuffix(h, "States") {
			t.Fatalf("the first node of the list is %q, want the group", h)
		}
		tab.exploreChange(t, "Enter on the canvas", chromedp.Focus(chromedp.ID("cy")), chromedp.KeyEvent(kb.Enter))
		if got := tab.exploreCanvas(t); len(got.Groups) != 0 || len(got.Nodes) != len(want.Nodes) {
			t.Errorf("after Enter: %d nodes, groups %+v", len(got.Nodes), got.Groups)
		}
		tab.exploreChange(t, "Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(kb.ModifierCtrl)))
		if got := tab.exploreCanvas(t); len(got.Groups) != 1 {
			t.Errorf("after Ctrl+Z: groups %+v, want the group back", got.Groups)
		}
		tab.exploreNoConsoleErrors(t)
	})
}

// exploreSVGDoc is what a downloaded SVG holds.
type exploreSVGDoc struct {
	root  xml.Name
	width int             // the SVG's width, in pixels
	title string          // the SVG's own title
	texts []string        // the texts it shows, their lines joined by spaces
	ids   map[string]bool // the data-id of every shape drawn for a node or relationship
}

// exploreSVG parses a downloaded SVG.
func exploreSVG(t *testing.T, b []byte) exploreSVGDoc {
	t.Helper()
	doc := exploreSVGDoc{ids: map[string]bool{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	var text []string // the lines of the text being read
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
			for _, a := range tok.Attr {
				if len(stack) == 0 && a.Name.Local == "width" {
					doc.width, _ = strconv.Atoi(a.Value)
				}
				if a.Name.Local == "data-id" {
					doc.ids[a.Value] = true
				}
			}
			stack = append(stack, tok.Name.Local)
			if tok.Name.Local == "text" {
				text = []string{}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if tok.Name.Local == "text" {
				doc.texts = append(doc.texts, strings.Join(text, " "))
				text = nil
			}
		case xml.CharData:
			switch {
			case len(stack) == 2 && stack[1] == "title":
				doc.title += string(tok)
			case text != nil && strings.TrimSpace(string(tok)) != "":
				text = append(text, string(tok))
			}
		}
	}
	return doc
}

// TestExploreBrowserChanges changes the README's drawing as a user does:
// expands from a node (the drawing grows in place), clicks a relationship
// (its provenance shows), hides a node, pins one by dragging it and one by
// its button, undoes, downloads the picture as PNG and SVG; then reloads
// and goes back, and the URL gives the same drawing.
func TestExploreBrowserChanges(t *testing.T) {
	base := exploreServer(t)
	readme := exploreAPINeighbourhood(t, base, "Paragraph:A/RES/66/178/op/9", 2)
	tab := exploreBrowser(t, 1280, 900)
	tab.exploreOpen(t, base+exploreReadme)
	const expanded = "Body:GA"

	t.Run("expand in place", func(t *testing.T) {
		ga := exploreAPINeighbourhood(t, base, expanded, 1)
		inReadme := map[string]bool{}
		for _, n := range readme.Nodes {
			inReadme[n.ID] = true
		}
		var added []string
		for _, n := range ga.Nodes {
			if !inReadme[n.ID] {
				added = append(added, n.ID)
			}
		}
		if len(added) == 0 {
			t.Fatalf("expanding from %s adds nothing to the README's drawing", expanded)
		}
		before := tab.exploreCanvas(t)
		tab.exploreClick(t, expanded, tab.exploreOnPage(t, expanded))
		if h := tab.exploreSelection(t); h != "General Assembly" {
			t.Fatalf("after a click on %s, the panel shows %q", expanded, h)
		}
		tab.exploreChange(t, "expand", chromedp.Click(chromedp.CSS(`#selection button[data-action="expand"]`)))
		after := tab.exploreCanvas(t)
		if len(after.Nodes) != len(before.Nodes)+len(added) {
			t.Errorf("%d nodes drawn after the expansion, want %d and the %d it adds", len(after.Nodes), len(before.Nodes), len(added))
		}
		for _, id := range added {
			if _, ok := after.Positions[id]; !ok {
				t.Errorf("%s, next to %s, is not drawn", id, expanded)
			}
		}
		exploreSamePositions(t, "expanding", before, after)
		if q := tab.exploreQueryString(t); q.Get("more") != expanded || q.Get("sel") != expanded {
			t.Errorf("the URL says more=%q sel=%q", q.Get("more"), q.Get("sel"))
		}
		if b := exploreEval[bool](t, tab, `document.querySelector('#selection button[data-action="expand"]').disabled`); !b {
			t.Error("the node expanded from can be expanded again")
		}
		tab.exploreScreenshot(t, "explore-expanded")
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("provenance of a relationship", func(t *testing.T) {
		tg := tab.exploreEdgePoint(t, "Paragraph:A/RES/66/178/op/9", false)
		if tg == nil {
			tg = tab.exploreEdgePoint(t, expanded, false)
		}
		if tg == nil {
			t.Fatal("no relationship of the start or of the General Assembly can be clicked apart from the others")
		}
		// Hovering shows what a click would reach.
		tab.exploreDo(t, "hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, tg.X, tg.Y))
		if _, err := chromedp.Run(tab.ctx, chromedp.Poll[bool](fmt.Sprintf(
			`window.nexusExplorer.cy.getElementById(%q).hasClass('hover') && document.getElementById('cy').style.cursor === 'pointer'`, tg.Edge))); err != nil {
			t.Errorf("hovering %s does not highlight it: %v", tg.Edge, err)
		}
		tab.exploreClick(t, "a relationship", explorePoint{tg.X, tg.Y})
		i := slices.IndexFunc(readme.Edges, func(e exploreEdge) bool { return e.ID == tg.Edge })
		if i < 0 {
			ga := exploreAPINeighbourhood(t, base, expanded, 1)
			readme.Edges = append(readme.Edges, ga.Edges...)
			i = slices.IndexFunc(readme.Edges, func(e exploreEdge) bool { return e.ID == tg.Edge })
		}
		e := readme.Edges[i]
		if h := tab.exploreSelection(t); h != e.Type {
			t.Errorf("the panel shows %q, want the relationship %s", h, e.Type)
		}
		got := tab.exploreProvenance(t)
		if got["Document"] != e.Source.Document || got["Basis"] != e.Source.Basis || got["Locator"] != e.Source.Locator {
			t.Errorf("the panel's provenance of %s is %v, the API's %+v", e.ID, got, e.Source)
		}
		if q := tab.exploreQueryString(t); q.Get("sel") != e.ID {
			t.Errorf("the URL says sel=%q, want %q", q.Get("sel"), e.ID)
		}
		tab.exploreScreenshot(t, "explore-provenance")
		tab.exploreNoConsoleErrors(t)
	})

	const hidden = "Body:CTC"
	t.Run("hide and undo", func(t *testing.T) {
		before := tab.exploreCanvas(t)
		tab.exploreClick(t, hidden, tab.exploreOnPage(t, hidden))
		tab.exploreChange(t, "hide", chromedp.Click(chromedp.CSS(`#selection button[data-action="hide"]`)))
		after := tab.exploreCanvas(t)
		if _, ok := after.Positions[hidden]; ok || len(after.Nodes) != len(before.Nodes)-1 {
			t.Errorf("after hiding %s: %d nodes drawn, it among them: %v", hidden, len(after.Nodes), ok)
		}
		if q := tab.exploreQueryString(t); q.Get("hide") != hidden {
			t.Errorf("the URL says hide=%q", q.Get("hide"))
		}
		if label := exploreEval[string](t, tab, `document.getElementById('unhide').hidden ? '' : document.getElementById('unhide').textContent`); label != "Show hidden (1)" {
			t.Errorf("the toolbar's button says %q", label)
		}
		tab.exploreChange(t, "undo", chromedp.Click(chromedp.ID("undo")))
		back := tab.exploreCanvas(t)
		if p, ok := back.Positions[hidden]; !ok || p != before.Positions[hidden] {
			t.Errorf("after undo, %s is at %v (drawn: %v), was at %v", hidden, p, ok, before.Positions[hidden])
		}
		exploreSamePositions(t, "undoing", before, back)
		tab.exploreChange(t, "hide again", chromedp.Click(chromedp.CSS(`#selection button[data-action="hide"]`)))
		tab.exploreNoConsoleErrors(t)
	})

	const dragged, buttoned = "Body:UNODC", "CrimeType:terrorism"
	var pinnedAt explorePoint
	t.Run("pin", func(t *testing.T) {
		before := tab.exploreCanvas(t)
		from := tab.exploreOnPage(t, dragged)
		zoom := exploreEval[float64](t, tab, `window.nexusExplorer.cy.zoom()`)
		tab.exploreDo(t, "drag", chromedp.DragAndDropXY(from.X, from.Y, from.X+80, from.Y+50, 8))
		after := tab.exploreCanvas(t)
		p := after.Positions[dragged]
		want := explorePoint{before.Positions[dragged].X + 80/zoom, before.Positions[dragged].Y + 50/zoom}
		if math.Abs(p.X-want.X) > 3 || math.Abs(p.Y-want.Y) > 3 {
			t.Errorf("dragged to %v, want %v", p, want)
		}
		if !slices.Contains(after.Pinned, dragged) {
			t.Errorf("the node dragged is not pinned: pinned %v", after.Pinned)
		}
		pinnedAt = explorePoint{math.Round(p.X), math.Round(p.Y)}
		if q := tab.exploreQueryString(t); !slices.Contains(q["pin"], fmt.Sprintf("%s@%d,%d", dragged, int(pinnedAt.X), int(pinnedAt.Y))) {
			t.Errorf("the URL says pin=%q", q["pin"])
		}
		// The button pins where the node is; P unpins and pins again.
		tab.exploreClick(t, buttoned, tab.exploreOnPage(t, buttoned))
		tab.exploreChange(t, "pin", chromedp.Click(chromedp.CSS(`#selection button[data-action="pin"]`)))
		if got := tab.exploreCanvas(t).Pinned; len(got) != 2 {
			t.Errorf("pinned: %v, want %s and %s", got, dragged, buttoned)
		}
		tab.exploreChange(t, "P", chromedp.Focus(chromedp.ID("cy")), chromedp.KeyEvent("p"))
		if got := tab.exploreCanvas(t).Pinned; len(got) != 1 {
			t.Errorf("after P, pinned: %v, want %s alone", got, dragged)
		}
		tab.exploreChange(t, "P again", chromedp.KeyEvent("p"))
		if got := tab.exploreCanvas(t).Pinned; len(got) != 2 {
			t.Errorf("after P again, pinned: %v", got)
		}
		// A change keeps the pinned nodes where they are.
		tab.exploreChange(t, "open the group", chromedp.Evaluate[chromedp.Void](`(function () {
			var b = Array.prototype.find.call(document.querySelectorAll('#selection button'), function (b) { return b.textContent === '← All nodes'; });
			b.click();
			document.querySelector('#summary table.ranking button').click();
			document.querySelector('#selection button[data-action="open"]').click();
		})()`))
		if p := tab.exploreCanvas(t).Positions[dragged]; math.Abs(p.X-pinnedAt.X) > 1 || math.Abs(p.Y-pinnedAt.Y) > 1 {
			t.Errorf("after a change, the pinned node is at %v, pinned at %v", p, pinnedAt)
		}
		tab.exploreScreenshot(t, "explore-pinned")
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("pictures", func(t *testing.T) {
		drawn := tab.exploreCanvas(t)
		name, b := tab.exploreDownload(t, "svg")
		if !strings.HasSuffix(name, ".svg") {
			t.Errorf("the SVG is named %q", name)
		}
		doc := exploreSVG(t, b)
		if doc.root.Local != "svg" || doc.root.Space != "http://www.w3.org/2000/svg" || doc.title == "" {
			t.Errorf("the SVG is <%s xmlns=%q> titled %q", doc.root.Local, doc.root.Space, doc.title)
		}
		for _, id := range append(drawn.Nodes, drawn.Edges...) {
			if !doc.ids[id] {
				t.Errorf("the SVG does not draw %s", id)
			}
		}
		if len(doc.ids) != len(drawn.Nodes)+len(drawn.Edges) {
			t.Errorf("the SVG draws %d nodes and relationships, the canvas %d", len(doc.ids), len(drawn.Nodes)+len(drawn.Edges))
		}
		if !slices.Contains(doc.texts, "Member States") || !slices.Contains(doc.texts, "General Assembly") {
			t.Errorf("the SVG does not label the nodes: its texts are %q", doc.texts)
		}
		name, b = tab.exploreDownload(t, "png")
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || !strings.HasSuffix(name, ".png") {
			t.Fatalf("the PNG %q: %v", name, err)
		}
		// The PNG is the SVG drawn at twice its size.
		if got := img.Bounds().Dx(); got != 2*doc.width {
			t.Errorf("the PNG is %d px wide, want twice the SVG's %d", got, doc.width)
		}
		tab.exploreNoConsoleErrors(t)
	})

	t.Run("the URL keeps the drawing", func(t *testing.T) {
		tab.exploreClick(t, expanded, tab.exploreOnPage(t, expanded))
		before := tab.exploreCanvas(t)
		q := tab.exploreQueryString(t)
		for _, k := range []string{"more", "open", "hide", "pin", "sel"} {
			if !q.Has(k) {
				t.Errorf("the URL has no %s: %v", k, q)
			}
		}
		tab.exploreDo(t, "reload", chromedp.Reload())
		tab.exploreWaitRedrawn(t, 0)
		after := tab.exploreCanvas(t)
		if !slices.Equal(slices.Sorted(slices.Values(after.Nodes)), slices.Sorted(slices.Values(before.Nodes))) {
			t.Errorf("after a reload, %d nodes drawn, were %d", len(after.Nodes), len(before.Nodes))
		}
		if !slices.Equal(slices.Sorted(slices.Values(after.Pinned)), slices.Sorted(slices.Values(before.Pinned))) {
			t.Errorf("after a reload, pinned %v, were %v", after.Pinned, before.Pinned)
		}
		if p := after.Positions[dragged]; math.Abs(p.X-pinnedAt.X) > 1 || math.Abs(p.Y-pinnedAt.Y) > 1 {
			t.Errorf("after a reload, the pinned node is at %v, pinned at %v", p, pinnedAt)
		}
		// The tab remembers where every node was: the picture is the same.
		exploreSamePositions(t, "reloading", before, after)
		if _, ok := after.Positions[hidden]; ok {
			t.Errorf("after a reload, %s, hidden, is drawn", hidden)
		}
		if !slices.Equal(after.Chosen, []string{expanded}) || tab.exploreSelection(t) != "General Assembly" {
			t.Errorf("after a reload, %v is selected and the panel shows %q", after.Chosen, tab.exploreSelection(t))
		}
		tab.exploreScreenshot(t, "explore-reloaded")

		// Another tab, given the URL alone, draws the same nodes, the pinned
		// one where it is pinned.
		other := exploreBrowser(t, 1280, 900)
		other.exploreOpen(t, base+"/explore?"+q.Encode())
		shared := other.exploreCanvas(t)
		if !slices.Equal(slices.Sorted(slices.Values(shared.Nodes)), slices.Sorted(slices.Values(before.Nodes))) {
			t.Errorf("from the URL alone, %d nodes drawn, were %d", len(shared.Nodes), len(before.Nodes))
		}
		if p := shared.Positions[dragged]; math.Abs(p.X-pinnedAt.X) > 1 || math.Abs(p.Y-pinnedAt.Y) > 1 {
			t.Errorf("from the URL alone, the pinned node is at %v, pinned at %v", p, pinnedAt)
		}
		if other.exploreSelection(t) != "General Assembly" {
			t.Errorf("from the URL alone, the panel shows %q", other.exploreSelection(t))
		}
		other.exploreScreenshot(t, "explore-shared-url")
		other.exploreNoConsoleErrors(t)

		// Back: the group closed again, the rest as it was.
		tab.exploreChange(t, "back", chromedp.NavigateBack())
		back := tab.exploreCanvas(t)
		if len(back.Groups) != 1 || back.Groups[0].Label != "193 States" {
			t.Errorf("after going back, the groups are %+v, want the States closed", back.Groups)
		}
		if _, ok := back.Positions[hidden]; ok || !slices.Contains(back.Pinned, dragged) {
			t.Errorf("after going back, %s is drawn: %v; pinned %v", hidden, ok, back.Pinned)
		}
		// The nodes of the group are in it again; the others stay where they were.
		for id := range after.Positions {
			if _, ok := back.Positions[id]; !ok && strings.HasPrefix(id, "State:") {
				delete(after.Positions, id)
			}
		}
		exploreSamePositions(t, "going back", after, back)
		tab.exploreNoConsoleErrors(t)
	})
}

// TestExploreBrowserNarrow opens the README's link in a window 400 pixels
// wide: the page does not scroll sideways, the controls wrap, the canvas
// fits, and the Draw and Download buttons are whole.
func TestExploreBrowserNarrow(t *testing.T) {
	base := exploreServer(t)
	tab := exploreBrowser(t, 400, 800)
	type box struct {
		Left  float64 `json:"left"`
		Right float64 `json:"right"`
		Width float64 `json:"width"`
	}
	boxOf := func(sel string) box {
		return exploreEval[box](t, tab, fmt.Sprintf(`(function () {
			var r = document.querySelector(%q).getBoundingClientRect();
			return {left: r.left, right: r.right, width: r.width};
		})()`, sel))
	}
	for _, page := range []struct{ name, url string }{
		{"collapsed", exploreReadme},
		{"open, a relationship selected", exploreReadme + "&open=Group:member-states|MEMBER_OF|in|State&sel=State:FRA|MEMBER_OF|Group:member-states|"},
		{"a node selected", exploreReadme + "&sel=Paragraph:A/RES/66/178/op/9"},
		{"paths", "/explore?mode=path&from=CrimeType:nuclear-terrorism&to=State:FRA"},
	} {
		t.Run(page.name, func(t *testing.T) {
			tab.exploreOpen(t, base+page.url)
			tab.exploreNoHorizontalScroll(t, page.name)
			for _, sel := range []string{`form button[type="submit"]`, `#download`, `#format`, `#cy`, `#undo`, `#status`, `#selection`, `#summary`} {
				b := boxOf(sel)
				if b.Left < 0 || b.Right > 400 {
					t.Errorf("%s spans %.0f to %.0f px in a 400 px window", sel, b.Left, b.Right)
				}
			}
			if w := boxOf("#cy").Width; w < 350 {
				t.Errorf("the canvas is %.0f px wide", w)
			}
			if n := len(tab.exploreCanvas(t).Nodes); n == 0 {
				t.Error("nothing drawn")
			}
			name := "explore-400px-" + strings.NewReplacer(" ", "-", ",", "").Replace(page.name)
			tab.exploreScreenshot(t, name)
			tab.exploreScreenshotOf(t, "main.stage", name+"-drawing")
			tab.exploreNoConsoleErrors(t)
		})
	}
}

// TestExploreBrowserPaths draws the shortest paths between two nodes, as
// before: in columns, step by step in the panel, each relationship's
// provenance a click away.
func TestExploreBrowserPaths(t *testing.T) {
	base := exploreServer(t)
	var want struct {
		Paths []struct {
			Length int           `json:"length"`
			Edges  []exploreEdge `json:"edges"`
		} `json:"allShortestPaths"`
	}
	exploreQuery(t, base, `{ allShortestPaths(from: "CrimeType:nuclear-terrorism", to: "State:FRA", limit: 10) {
		length edges { id type from to source { document locator basis } } } }`, &want)
	if len(want.Paths) == 0 {
		t.Fatal("no path from nuclear terrorism to France in the seed")
	}
	tab := exploreBrowser(t, 1280, 900)
	tab.exploreOpen(t, base+"/explore?mode=path&from=CrimeType:nuclear-terrorism&to=State:FRA")
	status := exploreEval[string](t, tab, `document.getElementById('status').textContent`)
	if !strings.Contains(status, fmt.Sprintf("of length %d", want.Paths[0].Length)) {
		t.Errorf("the status says %q", status)
	}
	if n := exploreEval[int](t, tab, `document.querySelectorAll('#summary ol.paths > li').length`); n != len(want.Paths) {
		t.Errorf("the panel lists %d paths, want %d", n, len(want.Paths))
	}
	e := want.Paths[0].Edges[0]
	tab.exploreDo(t, "the first step", chromedp.Click(chromedp.CSS(`#summary .edge-step button`)))
	if h := tab.exploreSelection(t); h != e.Type {
		t.Errorf("the panel shows %q, want %s", h, e.Type)
	}
	if got := tab.exploreProvenance(t); got["Document"] != e.Source.Document || got["Basis"] != e.Source.Basis {
		t.Errorf("the provenance is %v, want %+v", got, e.Source)
	}
	tab.exploreScreenshot(t, "explore-paths")
	tab.exploreNoConsoleErrors(t)
}

// TestExploreBrowserTruncated asks for fewer nodes than the neighbourhood
// holds: the page says the drawing is cut short, and how to see more.
func TestExploreBrowserTruncated(t *testing.T) {
	base := exploreServer(t)
	tab := exploreBrowser(t, 1280, 900)
	tab.exploreOpen(t, base+exploreReadme+"&limit=60")
	if n := len(tab.exploreCanvas(t).Nodes); n > 60 {
		t.Errorf("%d nodes drawn with a limit of 60", n)
	}
	if got := exploreEval[string](t, tab, `document.getElementById('truncated').hidden ? '' : document.getElementById('truncated').textContent`); got != "Truncated at 60 nodes" {
		t.Errorf("the status bar says %q", got)
	}
	note := exploreEval[string](t, tab, `document.querySelector('#summary .warning').textContent`)
	if !strings.Contains(note, "Raise the limit (up to 1000)") {
		t.Errorf("the panel says %q", note)
	}
	tab.exploreNoConsoleErrors(t)
}
