package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// exploreReadme is the explorer link of the README: operative paragraph 9
// of resolution 66/178 and everything within two relationships of it.
const exploreReadme = "/explore?id=Paragraph:A/RES/66/178/op/9&depth=2"

// explorePoint is a position: on the page, in CSS pixels, or in the
// drawing's own coordinates.
type explorePoint struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// exploreDrawings returns how many drawings the page has made.
func (tab *browser) exploreDrawings() int {
	tab.t.Helper()
	return evaluate[int](tab, `Number(document.getElementById('explorer').getAttribute('data-drawings') || 0)`)
}

// exploreWaitRedrawn waits until the page has made a drawing after the
// before-th, and fails if it showed an error instead.
func (tab *browser) exploreWaitRedrawn(before int) {
	tab.t.Helper()
	st := poll[string](tab, "the drawing", fmt.Sprintf(
		`(function () { var r = document.getElementById('explorer'); var s = r.getAttribute('data-state');
		  if (s === 'error') return s;
		  return Number(r.getAttribute('data-drawings') || 0) > %d && s === 'drawn' && s; })()`, before))
	if st != "drawn" {
		msg := evaluate[string](tab, `document.getElementById('error').textContent`)
		tab.t.Fatalf("the page is %q, not drawn: %s", st, msg)
	}
}

// exploreOpen opens path on the test server and waits for its drawing.
func (tab *browser) exploreOpen(path string) {
	tab.t.Helper()
	tab.open(path)
	tab.exploreWaitRedrawn(0)
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
func (tab *browser) exploreCanvas() exploreDrawn {
	tab.t.Helper()
	return evaluate[exploreDrawn](tab, `(function () {
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
func (tab *browser) exploreOnPage(id string) explorePoint {
	tab.t.Helper()
	idJSON, _ := json.Marshal(id)
	p := evaluate[*explorePoint](tab, fmt.Sprintf(`(function () {
		var cy = window.nexusExplorer.cy, n = cy.getElementById(%s);
		if (!n.length) return null;
		var bb = n.renderedBoundingBox({includeLabels: false});
		if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.center(n);
		var r = document.getElementById('cy').getBoundingClientRect(), q = n.renderedPosition();
		return {x: r.left + q.x, y: r.top + q.y};
	})()`, idJSON))
	if p == nil {
		tab.t.Fatalf("%s is not drawn", id)
	}
	return *p
}

// exploreClick clicks at a point of the page, as a user does.
func (tab *browser) exploreClick(what string, p explorePoint) {
	tab.t.Helper()
	tab.run("click "+what, chromedp.MouseClickXY(p.X, p.Y))
}

// exploreChange runs actions that change the drawing and waits for the
// page to draw the change.
func (tab *browser) exploreChange(what string, actions ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	before := tab.exploreDrawings()
	tab.run(what, actions...)
	tab.exploreWaitRedrawn(before)
}

// exploreSelection returns the heading of what the side panel shows.
func (tab *browser) exploreSelection() string {
	tab.t.Helper()
	return evaluate[string](tab, `(document.querySelector('#selection h2') || {textContent: ''}).textContent.trim()`)
}

// exploreProvenance returns the provenance the side panel shows, by row.
func (tab *browser) exploreProvenance() map[string]string {
	tab.t.Helper()
	return evaluate[map[string]string](tab, `(function () {
		var out = {}, dl = document.querySelector('#selection dl.provenance');
		if (!dl) return out;
		dl.querySelectorAll('dt').forEach(function (dt) { out[dt.textContent] = dt.nextElementSibling.textContent; });
		return out;
	})()`)
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
	queryAPI(t, base, fmt.Sprintf(`{ neighborhood(id: %q, depth: %d, limit: 1000) {
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
func (tab *browser) exploreLabelOverlaps() (overlaps, labels int) {
	tab.t.Helper()
	r := evaluate[[2]int](tab, `(function () {
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
func (tab *browser) exploreEdgePoint(id string, underLabel bool) *exploreTarget {
	tab.t.Helper()
	return evaluate[*exploreTarget](tab, fmt.Sprintf(`(function () {
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
	base := startServer(t)
	want := exploreAPINeighbourhood(t, base, "Paragraph:A/RES/66/178/op/9", 2)
	if want.Truncated {
		t.Fatal("the API cuts the README's neighbourhood short at its largest limit")
	}
	states := exploreLeaves(want, "Group:member-states", "MEMBER_OF")
	if len(states) <= 12 {
		t.Fatalf("the seed gives the README's neighbourhood %d States: nothing to group", len(states))
	}
	tab := newTab(t, base, 1280, 900)
	tab.exploreOpen(exploreReadme)

	collapsed := tab.exploreCanvas()
	t.Run("collapsed", func(t *testing.T) {
		tab := tab.in(t)
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
		if !evaluate[bool](tab, `document.getElementById('truncated').hidden`) {
			t.Errorf("the page says the drawing is truncated: %s", evaluate[string](tab, `document.getElementById('truncated').textContent`))
		}
		status := evaluate[string](tab, `document.getElementById('status').textContent`)
		if !strings.Contains(status, fmt.Sprintf("%d nodes", len(want.Nodes))) || !strings.Contains(status, "in 1 group") {
			t.Errorf("the status says %q", status)
		}
		overlaps, labels := tab.exploreLabelOverlaps()
		t.Logf("%d labels shown, %d pairs overlap", labels, overlaps)
		if labels < len(collapsed.Nodes)/2 || overlaps*10 > labels {
			t.Errorf("%d labels shown of %d nodes, %d pairs overlap: not readable", labels, len(collapsed.Nodes), overlaps)
		}
		tab.screenshot("explore-readme-collapsed")
		tab.noConsoleErrors()
	})

	t.Run("the group's relationship", func(t *testing.T) {
		tab := tab.in(t)
		g := collapsed.Groups[0]
		tg := tab.exploreEdgePoint(g.ID, false)
		if tg == nil {
			t.Fatal("the group's relationship cannot be clicked apart from the others")
		}
		tab.exploreClick("the group's relationship", explorePoint{tg.X, tg.Y})
		if h, wantH := tab.exploreSelection(), fmt.Sprintf("MEMBER_OF ×%d", g.Count); h != wantH {
			t.Errorf("the panel shows %q, want %q", h, wantH)
		}
		i := slices.IndexFunc(want.Edges, func(e exploreEdge) bool { return e.From == states[0] && e.Type == "MEMBER_OF" })
		got := tab.exploreProvenance()
		if got["Document"] != want.Edges[i].Source.Document || !strings.Contains(got["Locator"], fmt.Sprintf("(%d locators)", g.Count)) {
			t.Errorf("the group's provenance is %v; the API gives its relationships the document %s", got, want.Edges[i].Source.Document)
		}
		tab.screenshot("explore-group-relationship")
		tab.run("unselect", chromedp.Click(chromedp.CSS(`#selection button.back`)))
		tab.noConsoleErrors()
	})

	t.Run("open the group by clicking it", func(t *testing.T) {
		tab := tab.in(t)
		g := collapsed.Groups[0]
		tab.exploreClick("the group", tab.exploreOnPage(g.ID))
		if h := tab.exploreSelection(); h != g.Label {
			t.Fatalf("after a click on the group, the panel shows %q", h)
		}
		if n := evaluate[int](tab, `document.querySelectorAll('#selection ul.members li').length`); n != g.Count {
			t.Errorf("the panel lists %d members, want %d", n, g.Count)
		}
		tab.exploreChange("show the States", chromedp.Click(chromedp.CSS(`#selection button[data-action="open"]`)))
		open := tab.exploreCanvas()
		if len(open.Nodes) != len(want.Nodes) || len(open.Groups) != 0 {
			t.Errorf("opened: %d nodes and %d groups drawn, want the %d nodes", len(open.Nodes), len(open.Groups), len(want.Nodes))
		}
		exploreSamePositions(t, "opening the group", collapsed, open)
		if q := tab.queryString(); q.Get("open") != "Group:member-states|MEMBER_OF|in|State" {
			t.Errorf("the URL says open=%q", q.Get("open"))
		}
		tab.screenshot("explore-readme-open")
		tab.noConsoleErrors()
	})

	t.Run("a click on an edge in a dense drawing", func(t *testing.T) {
		tab := tab.in(t)
		// Zoom on a State whose relationship runs under its label, and
		// click the relationship there.
		var tg *exploreTarget
		for _, st := range states {
			evaluate[bool](tab, fmt.Sprintf(`(function () {
				var cy = window.nexusExplorer.cy, n = cy.getElementById(%q);
				cy.zoom({level: 2.5, position: n.position()});
				cy.center(n);
				return true;
			})()`, st))
			if tg = tab.exploreEdgePoint(st, true); tg != nil {
				break
			}
		}
		if tg == nil {
			t.Fatal("no State has its relationship under its label, even zoomed in")
		}
		tab.screenshot("explore-dense-zoomed")
		tab.exploreClick("the relationship under a label", explorePoint{tg.X, tg.Y})
		if c := tab.exploreCanvas().Chosen; len(c) != 1 || c[0] != tg.Edge {
			t.Fatalf("the click selected %v, want the relationship %s", c, tg.Edge)
		}
		if h := tab.exploreSelection(); h != "MEMBER_OF" {
			t.Errorf("the panel shows %q, want the relationship", h)
		}
		i := slices.IndexFunc(want.Edges, func(e exploreEdge) bool { return e.ID == tg.Edge })
		if i < 0 {
			t.Fatalf("the API has no relationship %s", tg.Edge)
		}
		src := want.Edges[i].Source
		got := tab.exploreProvenance()
		if got["Document"] != src.Document || got["Basis"] != src.Basis || got["Locator"] != src.Locator {
			t.Errorf("the panel's provenance is %v, the API's %+v", got, src)
		}
		tab.screenshot("explore-dense-edge")
		tab.run("fit", chromedp.Click(chromedp.ID("fit")))
		tab.noConsoleErrors()
	})

	t.Run("collapse the group again", func(t *testing.T) {
		tab := tab.in(t)
		before := tab.exploreCanvas()
		tab.exploreClick("a State", tab.exploreOnPage(states[0]))
		tab.exploreChange("collapse", chromedp.Click(chromedp.CSS(`#selection button[data-action="collapse"]`)))
		after := tab.exploreCanvas()
		if len(after.Groups) != 1 || after.Groups[0].Count != len(states) || len(after.Nodes) != len(collapsed.Nodes) {
			t.Errorf("collapsed again: %d nodes, groups %+v", len(after.Nodes), after.Groups)
		}
		delete(before.Positions, states[0])
		for _, s := range states {
			delete(before.Positions, s)
		}
		exploreSamePositions(t, "collapsing the group", before, after)
		if q := tab.queryString(); q.Has("open") {
			t.Errorf("the URL still says open=%q", q.Get("open"))
		}
		tab.noConsoleErrors()
	})

	t.Run("open the group from the keyboard", func(t *testing.T) {
		tab := tab.in(t)
		tab.run("choose the group in the list",
			chromedp.Click(chromedp.CSS(`#selection button.back`)),
			chromedp.Click(chromedp.CSS(`#summary table.ranking button`)))
		if h := tab.exploreSelection(); !strings.HasSuffix(h, "States") {
			t.Fatalf("the first node of the list is %q, want the group", h)
		}
		tab.exploreChange("Enter on the canvas", chromedp.Focus(chromedp.ID("cy")), chromedp.KeyEvent(kb.Enter))
		if got := tab.exploreCanvas(); len(got.Groups) != 0 || len(got.Nodes) != len(want.Nodes) {
			t.Errorf("after Enter: %d nodes, groups %+v", len(got.Nodes), got.Groups)
		}
		tab.exploreChange("Ctrl+Z", chromedp.KeyEvent("z", chromedp.KeyModifiers(kb.ModifierCtrl)))
		if got := tab.exploreCanvas(); len(got.Groups) != 1 {
			t.Errorf("after Ctrl+Z: groups %+v, want the group back", got.Groups)
		}
		tab.noConsoleErrors()
	})
}

// TestExploreBrowserChanges changes the README's drawing as a user does:
// expands from a node (the drawing grows in place), clicks a relationship
// (its provenance shows), hides a node, pins one by dragging it and one by
// its button, undoes, downloads the picture as PNG and SVG; then reloads
// and goes back, and the URL gives the same drawing.
func TestExploreBrowserChanges(t *testing.T) {
	base := startServer(t)
	readme := exploreAPINeighbourhood(t, base, "Paragraph:A/RES/66/178/op/9", 2)
	tab := newTab(t, base, 1280, 900)
	tab.exploreOpen(exploreReadme)
	const expanded = "Body:GA"

	t.Run("expand in place", func(t *testing.T) {
		tab := tab.in(t)
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
		before := tab.exploreCanvas()
		tab.exploreClick(expanded, tab.exploreOnPage(expanded))
		if h := tab.exploreSelection(); h != "General Assembly" {
			t.Fatalf("after a click on %s, the panel shows %q", expanded, h)
		}
		tab.exploreChange("expand", chromedp.Click(chromedp.CSS(`#selection button[data-action="expand"]`)))
		after := tab.exploreCanvas()
		if len(after.Nodes) != len(before.Nodes)+len(added) {
			t.Errorf("%d nodes drawn after the expansion, want %d and the %d it adds", len(after.Nodes), len(before.Nodes), len(added))
		}
		for _, id := range added {
			if _, ok := after.Positions[id]; !ok {
				t.Errorf("%s, next to %s, is not drawn", id, expanded)
			}
		}
		exploreSamePositions(t, "expanding", before, after)
		if q := tab.queryString(); q.Get("more") != expanded || q.Get("sel") != expanded {
			t.Errorf("the URL says more=%q sel=%q", q.Get("more"), q.Get("sel"))
		}
		if b := evaluate[bool](tab, `document.querySelector('#selection button[data-action="expand"]').disabled`); !b {
			t.Error("the node expanded from can be expanded again")
		}
		tab.screenshot("explore-expanded")
		tab.noConsoleErrors()
	})

	t.Run("provenance of a relationship", func(t *testing.T) {
		tab := tab.in(t)
		tg := tab.exploreEdgePoint("Paragraph:A/RES/66/178/op/9", false)
		if tg == nil {
			tg = tab.exploreEdgePoint(expanded, false)
		}
		if tg == nil {
			t.Fatal("no relationship of the start or of the General Assembly can be clicked apart from the others")
		}
		// Hovering shows what a click would reach.
		tab.run("hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, tg.X, tg.Y))
		if _, err := chromedp.Run(tab.ctx, chromedp.Poll[bool](fmt.Sprintf(
			`window.nexusExplorer.cy.getElementById(%q).hasClass('hover') && document.getElementById('cy').style.cursor === 'pointer'`, tg.Edge))); err != nil {
			t.Errorf("hovering %s does not highlight it: %v", tg.Edge, err)
		}
		tab.exploreClick("a relationship", explorePoint{tg.X, tg.Y})
		i := slices.IndexFunc(readme.Edges, func(e exploreEdge) bool { return e.ID == tg.Edge })
		if i < 0 {
			ga := exploreAPINeighbourhood(t, base, expanded, 1)
			readme.Edges = append(readme.Edges, ga.Edges...)
			i = slices.IndexFunc(readme.Edges, func(e exploreEdge) bool { return e.ID == tg.Edge })
		}
		e := readme.Edges[i]
		if h := tab.exploreSelection(); h != e.Type {
			t.Errorf("the panel shows %q, want the relationship %s", h, e.Type)
		}
		got := tab.exploreProvenance()
		if got["Document"] != e.Source.Document || got["Basis"] != e.Source.Basis || got["Locator"] != e.Source.Locator {
			t.Errorf("the panel's provenance of %s is %v, the API's %+v", e.ID, got, e.Source)
		}
		if q := tab.queryString(); q.Get("sel") != e.ID {
			t.Errorf("the URL says sel=%q, want %q", q.Get("sel"), e.ID)
		}
		tab.screenshot("explore-provenance")
		tab.noConsoleErrors()
	})

	const hidden = "Body:CTC"
	t.Run("hide and undo", func(t *testing.T) {
		tab := tab.in(t)
		before := tab.exploreCanvas()
		tab.exploreClick(hidden, tab.exploreOnPage(hidden))
		tab.exploreChange("hide", chromedp.Click(chromedp.CSS(`#selection button[data-action="hide"]`)))
		after := tab.exploreCanvas()
		if _, ok := after.Positions[hidden]; ok || len(after.Nodes) != len(before.Nodes)-1 {
			t.Errorf("after hiding %s: %d nodes drawn, it among them: %v", hidden, len(after.Nodes), ok)
		}
		if q := tab.queryString(); q.Get("hide") != hidden {
			t.Errorf("the URL says hide=%q", q.Get("hide"))
		}
		if label := evaluate[string](tab, `document.getElementById('unhide').hidden ? '' : document.getElementById('unhide').textContent`); label != "Show hidden (1)" {
			t.Errorf("the toolbar's button says %q", label)
		}
		tab.exploreChange("undo", chromedp.Click(chromedp.ID("undo")))
		back := tab.exploreCanvas()
		if p, ok := back.Positions[hidden]; !ok || p != before.Positions[hidden] {
			t.Errorf("after undo, %s is at %v (drawn: %v), was at %v", hidden, p, ok, before.Positions[hidden])
		}
		exploreSamePositions(t, "undoing", before, back)
		tab.exploreChange("hide again", chromedp.Click(chromedp.CSS(`#selection button[data-action="hide"]`)))
		tab.noConsoleErrors()
	})

	const dragged, buttoned = "Body:UNODC", "CrimeType:terrorism"
	var pinnedAt explorePoint
	t.Run("pin", func(t *testing.T) {
		tab := tab.in(t)
		before := tab.exploreCanvas()
		from := tab.exploreOnPage(dragged)
		zoom := evaluate[float64](tab, `window.nexusExplorer.cy.zoom()`)
		tab.run("drag", chromedp.DragAndDropXY(from.X, from.Y, from.X+80, from.Y+50, 8))
		after := tab.exploreCanvas()
		p := after.Positions[dragged]
		want := explorePoint{before.Positions[dragged].X + 80/zoom, before.Positions[dragged].Y + 50/zoom}
		if math.Abs(p.X-want.X) > 3 || math.Abs(p.Y-want.Y) > 3 {
			t.Errorf("dragged to %v, want %v", p, want)
		}
		if !slices.Contains(after.Pinned, dragged) {
			t.Errorf("the node dragged is not pinned: pinned %v", after.Pinned)
		}
		pinnedAt = explorePoint{math.Round(p.X), math.Round(p.Y)}
		if q := tab.queryString(); !slices.Contains(q["pin"], fmt.Sprintf("%s@%d,%d", dragged, int(pinnedAt.X), int(pinnedAt.Y))) {
			t.Errorf("the URL says pin=%q", q["pin"])
		}
		// The button pins where the node is; P unpins and pins again.
		tab.exploreClick(buttoned, tab.exploreOnPage(buttoned))
		tab.exploreChange("pin", chromedp.Click(chromedp.CSS(`#selection button[data-action="pin"]`)))
		if got := tab.exploreCanvas().Pinned; len(got) != 2 {
			t.Errorf("pinned: %v, want %s and %s", got, dragged, buttoned)
		}
		tab.exploreChange("P", chromedp.Focus(chromedp.ID("cy")), chromedp.KeyEvent("p"))
		if got := tab.exploreCanvas().Pinned; len(got) != 1 {
			t.Errorf("after P, pinned: %v, want %s alone", got, dragged)
		}
		tab.exploreChange("P again", chromedp.KeyEvent("p"))
		if got := tab.exploreCanvas().Pinned; len(got) != 2 {
			t.Errorf("after P again, pinned: %v", got)
		}
		// A change keeps the pinned nodes where they are.
		tab.exploreChange("open the group", chromedp.Evaluate[chromedp.Void](`(function () {
			var b = Array.prototype.find.call(document.querySelectorAll('#selection button'), function (b) { return b.textContent === '← All nodes'; });
			b.click();
			document.querySelector('#summary table.ranking button').click();
			document.querySelector('#selection button[data-action="open"]').click();
		})()`))
		if p := tab.exploreCanvas().Positions[dragged]; math.Abs(p.X-pinnedAt.X) > 1 || math.Abs(p.Y-pinnedAt.Y) > 1 {
			t.Errorf("after a change, the pinned node is at %v, pinned at %v", p, pinnedAt)
		}
		tab.screenshot("explore-pinned")
		tab.noConsoleErrors()
	})

	t.Run("pictures", func(t *testing.T) {
		tab := tab.in(t)
		drawn := tab.exploreCanvas()
		name, b := tab.download("download svg", chromedp.SetValue(chromedp.ID("format"), "svg"), chromedp.Click(chromedp.ID("download")))
		if !strings.HasSuffix(name, ".svg") {
			t.Errorf("the SVG is named %q", name)
		}
		doc := parseSVG(t, b)
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
		name, b = tab.download("download png", chromedp.SetValue(chromedp.ID("format"), "png"), chromedp.Click(chromedp.ID("download")))
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || !strings.HasSuffix(name, ".png") {
			t.Fatalf("the PNG %q: %v", name, err)
		}
		// The PNG is the SVG drawn at twice its size.
		if got := img.Bounds().Dx(); got != 2*doc.width {
			t.Errorf("the PNG is %d px wide, want twice the SVG's %d", got, doc.width)
		}
		tab.noConsoleErrors()
	})

	t.Run("the URL keeps the drawing", func(t *testing.T) {
		tab := tab.in(t)
		tab.exploreClick(expanded, tab.exploreOnPage(expanded))
		before := tab.exploreCanvas()
		q := tab.queryString()
		for _, k := range []string{"more", "open", "hide", "pin", "sel"} {
			if !q.Has(k) {
				t.Errorf("the URL has no %s: %v", k, q)
			}
		}
		tab.run("reload", chromedp.Reload())
		tab.exploreWaitRedrawn(0)
		after := tab.exploreCanvas()
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
		if !slices.Equal(after.Chosen, []string{expanded}) || tab.exploreSelection() != "General Assembly" {
			t.Errorf("after a reload, %v is selected and the panel shows %q", after.Chosen, tab.exploreSelection())
		}
		tab.screenshot("explore-reloaded")

		// Another tab, given the URL alone, draws the same nodes, the pinned
		// one where it is pinned.
		other := newTab(t, base, 1280, 900)
		other.exploreOpen("/explore?" + q.Encode())
		shared := other.exploreCanvas()
		if !slices.Equal(slices.Sorted(slices.Values(shared.Nodes)), slices.Sorted(slices.Values(before.Nodes))) {
			t.Errorf("from the URL alone, %d nodes drawn, were %d", len(shared.Nodes), len(before.Nodes))
		}
		if p := shared.Positions[dragged]; math.Abs(p.X-pinnedAt.X) > 1 || math.Abs(p.Y-pinnedAt.Y) > 1 {
			t.Errorf("from the URL alone, the pinned node is at %v, pinned at %v", p, pinnedAt)
		}
		if other.exploreSelection() != "General Assembly" {
			t.Errorf("from the URL alone, the panel shows %q", other.exploreSelection())
		}
		other.screenshot("explore-shared-url")
		other.noConsoleErrors()

		// Back: the group closed again, the rest as it was.
		tab.exploreChange("back", chromedp.NavigateBack())
		back := tab.exploreCanvas()
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
		tab.noConsoleErrors()
	})
}

// TestExploreBrowserNarrow opens the README's link in a window 400 pixels
// wide: the page does not scroll sideways, the controls wrap, the canvas
// fits, and the Draw and Download buttons are whole.
func TestExploreBrowserNarrow(t *testing.T) {
	tab := newTab(t, startServer(t), 400, 800)
	type box struct {
		Left  float64 `json:"left"`
		Right float64 `json:"right"`
		Width float64 `json:"width"`
	}
	boxOf := func(sel string) box {
		return evaluate[box](tab, fmt.Sprintf(`(function () {
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
			tab := tab.in(t)
			tab.exploreOpen(page.url)
			tab.noHorizontalScroll(400)
			for _, sel := range []string{`form button[type="submit"]`, `#download`, `#format`, `#cy`, `#undo`, `#status`, `#selection`, `#summary`} {
				b := boxOf(sel)
				if b.Left < 0 || b.Right > 400 {
					t.Errorf("%s spans %.0f to %.0f px in a 400 px window", sel, b.Left, b.Right)
				}
			}
			if w := boxOf("#cy").Width; w < 350 {
				t.Errorf("the canvas is %.0f px wide", w)
			}
			if n := len(tab.exploreCanvas().Nodes); n == 0 {
				t.Error("nothing drawn")
			}
			name := "explore-400px-" + strings.NewReplacer(" ", "-", ",", "").Replace(page.name)
			tab.screenshot(name)
			tab.screenshotOf("main.stage", name+"-drawing")
			tab.noConsoleErrors()
		})
	}
}

// TestExploreBrowserPaths draws the shortest paths between two nodes, as
// before: in columns, step by step in the panel, each relationship's
// provenance a click away.
func TestExploreBrowserPaths(t *testing.T) {
	base := startServer(t)
	var want struct {
		Paths []struct {
			Length int           `json:"length"`
			Edges  []exploreEdge `json:"edges"`
		} `json:"allShortestPaths"`
	}
	queryAPI(t, base, `{ allShortestPaths(from: "CrimeType:nuclear-terrorism", to: "State:FRA", limit: 10) {
		length edges { id type from to source { document locator basis } } } }`, &want)
	if len(want.Paths) == 0 {
		t.Fatal("no path from nuclear terrorism to France in the seed")
	}
	tab := newTab(t, base, 1280, 900)
	tab.exploreOpen("/explore?mode=path&from=CrimeType:nuclear-terrorism&to=State:FRA")
	status := evaluate[string](tab, `document.getElementById('status').textContent`)
	if !strings.Contains(status, fmt.Sprintf("of length %d", want.Paths[0].Length)) {
		t.Errorf("the status says %q", status)
	}
	if n := evaluate[int](tab, `document.querySelectorAll('#summary ol.paths > li').length`); n != len(want.Paths) {
		t.Errorf("the panel lists %d paths, want %d", n, len(want.Paths))
	}
	e := want.Paths[0].Edges[0]
	tab.run("the first step", chromedp.Click(chromedp.CSS(`#summary .edge-step button`)))
	if h := tab.exploreSelection(); h != e.Type {
		t.Errorf("the panel shows %q, want %s", h, e.Type)
	}
	if got := tab.exploreProvenance(); got["Document"] != e.Source.Document || got["Basis"] != e.Source.Basis {
		t.Errorf("the provenance is %v, want %+v", got, e.Source)
	}
	tab.screenshot("explore-paths")
	tab.noConsoleErrors()
}

// TestExploreBrowserTruncated asks for fewer nodes than the neighbourhood
// holds: the page says the drawing is cut short, and how to see more.
func TestExploreBrowserTruncated(t *testing.T) {
	base := startServer(t)
	tab := newTab(t, base, 1280, 900)
	tab.exploreOpen(exploreReadme + "&limit=60")
	if n := len(tab.exploreCanvas().Nodes); n > 60 {
		t.Errorf("%d nodes drawn with a limit of 60", n)
	}
	if got := evaluate[string](tab, `document.getElementById('truncated').hidden ? '' : document.getElementById('truncated').textContent`); got != "Truncated at 60 nodes" {
		t.Errorf("the status bar says %q", got)
	}
	note := evaluate[string](tab, `document.querySelector('#summary .warning').textContent`)
	if !strings.Contains(note, "Raise the limit (up to 1000)") {
		t.Errorf("the panel says %q", note)
	}
	tab.noConsoleErrors()
}
