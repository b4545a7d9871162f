package web_test

// The browser-test harness: the pages in headless Chromium, served by the
// real server (nexus serve's handler over the seed in the memory store,
// with files imported if the test asks), driven with chromedp. A test
// calls newBrowser (or startServer and newTab, for a tab of another size
// or several tabs on one server), opens a page, waits for what a user
// would see, and checks it; every console error the page writes fails
// the test. Downloads are read back with download.
//
// Chromium is found on the PATH (chromium, chromium-browser,
// google-chrome, google-chrome-stable) or at NEXUS_CHROMIUM. Without it the
// browser tests skip, and fail when CI=true. Screenshots (and a copy of
// each download) go to NEXUS_SCREENSHOTS, or else to nexus-screenshots in the temporary
// directory (/tmp), never into the repository.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/server"
)

// browserDeadline bounds every wait of the browser tests: a limit on a
// hang (Chromium starting on a busy machine included), not a measure of
// speed.
const browserDeadline = 60 * time.Second

// chromiumNames are the names Chromium goes by on the PATH.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findChromium returns the Chromium to run: NEXUS_CHROMIUM, or else the
// first of chromiumNames on the PATH. Without one it skips the test, or
// fails it when CI=true.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("NEXUS_CHROMIUM"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("NEXUS_CHROMIUM=%s: %v", p, err)
		}
		return path
	}
	for _, name := range chromiumNames {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := fmt.Sprintf("no Chromium on the PATH (%s) and NEXUS_CHROMIUM unset: "+
		"install Debian's chromium package to run the browser tests", strings.Join(chromiumNames, ", "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// storeSetup changes the store a browser test serves before the server
// starts, e.g. to import participation files after the seed.
type storeSetup func(ctx context.Context, store graph.Store) error

// startServer serves nexus serve's real handler (the GraphQL endpoint, the
// pages and /export) over the seed in a memory store, after setups, on
// 127.0.0.1, until the test ends. It returns the server's base URL.
func startServer(t *testing.T, setups ...storeSetup) string {
	t.Helper()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	if _, err := seed.Load(t.Context(), store); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	for _, setup := range setups {
		if err := setup(t.Context(), store); err != nil {
			t.Fatalf("set up the store: %v", err)
		}
	}
	srv, err := server.New(server.Config{
		Store: store,
		Ready: func(context.Context) error { return nil },
		// The access log would drown the test's output.
		Logger: discardLogger,
	})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs.URL
}

// importing is a storeSetup that imports files (participation,
// programmes, activities: importer.OpenFiles tells them apart) after the
// seed.
func importing(files ...string) storeSetup {
	return func(ctx context.Context, store graph.Store) error {
		fs, err := importer.OpenFiles(files...)
		if err != nil {
			return err
		}
		if _, err := importer.Import(ctx, store, fs...); err != nil {
			return fmt.Errorf("import %v: %w", files, err)
		}
		return nil
	}
}

// browser is a tab of a headless Chromium of its own (so a test starts
// with empty browser storage), on a test server.
type browser struct {
	// t is the test the tab reports to; in sets it for a subtest.
	t *testing.T
	// ctx is the tab's chromedp context.
	ctx context.Context
	// base is the server's URL, without a trailing slash.
	base string
	// downloads is the folder the tab saves its downloads in.
	downloads string
	// console is what the pages wrote, shared by the copies in makes.
	console *consoleLog
}

// consoleLog is every message the pages of a tab wrote, in order.
type consoleLog struct {
	mu       sync.Mutex
	messages []consoleMessage
	checked  int // how many of messages noConsoleErrors has reported on
}

// consoleMessage is a call of the console API, an uncaught exception or an
// entry of the browser log (a resource that failed to load, a
// Content-Security-Policy violation).
type consoleMessage struct {
	kind string // the console API's type ("error", "assert"…), "exception", or the log entry's level
	text string
	url  string
	line int64 // from 0, as the protocol counts
}

// isError reports whether the message is an error a page must not write.
func (m consoleMessage) isError() bool {
	return m.kind == "error" || m.kind == "assert" || m.kind == "exception"
}

// String returns the message with where it came from.
func (m consoleMessage) String() string {
	s := m.kind + ": " + m.text
	if m.url != "" {
		s += fmt.Sprintf(" (%s:%d)", m.url, m.line+1)
	}
	return s
}

// record appends the console message an event of the tab carries, if it
// carries one.
func (l *consoleLog) record(ev any) {
	var m consoleMessage
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			args = append(args, string(a.Value)+a.Description)
		}
		m = consoleMessage{kind: string(ev.Type), text: strings.Join(args, " ")}
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			m.url, m.line = st.CallFrames[0].URL, st.CallFrames[0].LineNumber
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		m = consoleMessage{kind: "exception", text: d.Text, url: d.URL, line: d.LineNumber}
		if d.Exception != nil {
			m.text += " " + d.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		m = consoleMessage{kind: string(ev.Entry.Level), text: ev.Entry.Text, url: ev.Entry.URL, line: ev.Entry.LineNumber}
	default:
		return
	}
	l.mu.Lock()
	l.messages = append(l.messages, m)
	l.mu.Unlock()
}

// newBrowser starts the server (startServer, with setups) and a tab
// (newTab) with a 1280 × 800 viewport on it.
func newBrowser(t *testing.T, setups ...storeSetup) *browser {
	t.Helper()
	return newTab(t, startServer(t, setups...), 1280, 800)
}

// newTab starts a headless Chromium and returns its tab, with a window and
// a viewport of width × height CSS pixels (setViewport changes it), on the
// server at base. The tab saves downloads in a temporary folder (see
// download). Chromium stops when the test ends, and the test fails if the
// pages wrote any console error (an uncaught exception, a console.error or
// console.assert, a resource that failed to load, a
// Content-Security-Policy violation).
func newTab(t *testing.T, base string, width, height int) *browser {
	t.Helper()
	chromium := findChromium(t)

	var output syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(&output),
		chromedp.WindowSize(width, height),
		chromedp.NoSandbox, // tests run as root in CI, where the sandbox cannot start
		chromedp.DisableGPU,
		// Chromium reaches for Google's hosts unless told not to; the
		// machines have no network but the loopback.
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-default-browser-check", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	var ended atomic.Bool // a test may not log once it has ended
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(format string, args ...any) {
		if !ended.Load() {
			t.Logf("chromedp: "+format, args...)
		}
	}))
	b := &browser{t: t, ctx: ctx, base: base, downloads: t.TempDir(), console: &consoleLog{}}
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(ctx, browserDeadline)
		defer ccancel()
		_ = chromedp.Cancel(cctx)
		cancel()
		cancelAlloc()
		ended.Store(true)
	})
	// Listen starts the browser and opens the tab. It sees each event
	// before the reply to a later command: noConsoleErrors relies on it.
	if err := chromedp.Listen(ctx, b.console.record); err != nil {
		t.Fatalf("start Chromium (%s): %v\n%s", chromium, err, output.String())
	}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior:      cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  b.downloads,
		EventsEnabled: new(true),
	}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	t.Cleanup(b.noConsoleErrors)
	b.setViewport(width, height) // the window's size leaves less to the page
	return b
}

// in returns the tab reporting to t, a subtest of the tab's test: its
// failures are t's.
func (b *browser) in(t *testing.T) *browser {
	c := *b
	c.t = t
	return &c
}

// url returns the URL of path (with its query) on the test server.
func (b *browser) url(path string) string { return b.base + path }

// run runs actions in the tab, within browserDeadline, and fails the test
// with what (what the actions do) if they fail.
func (b *browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserDeadline)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v%s", what, err, b.consoleSummary())
	}
}

// open loads path (e.g. "/explore?id=State:FRA") from the test server and
// waits for the page's load event.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.url(path)))
}

// waitFor waits until the JavaScript expression cond is truthy, and fails
// the test saying what it waited for if it is not within browserDeadline.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	b.run("wait for "+what, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(browserDeadline)))
}

// poll waits until the JavaScript expression expr is truthy, within
// browserDeadline, and returns its value, decoded from JSON into a T.
func poll[T any](b *browser, what, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserDeadline)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Poll[T](expr,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(browserDeadline)))
	if err != nil {
		b.t.Fatalf("wait for %s: %v%s", what, err, b.consoleSummary())
	}
	return v
}

// queryString returns the query string of the page's URL, decoded.
func (b *browser) queryString() url.Values {
	b.t.Helper()
	q, err := url.ParseQuery(strings.TrimPrefix(evaluate[string](b, `window.location.search`), "?"))
	if err != nil {
		b.t.Fatalf("the page's query string: %v", err)
	}
	return q
}

// click clicks, with the mouse, the first element the CSS selector
// matches, once it is visible.
func (b *browser) click(selector string) {
	b.t.Helper()
	b.run("click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// evaluate returns the value of the JavaScript expression expr in the
// page, decoded from JSON into a T.
func evaluate[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserDeadline)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// setViewport resizes the page's viewport to width × height CSS pixels,
// as on a device of that size.
func (b *browser) setViewport(width, height int) {
	b.t.Helper()
	b.run(fmt.Sprintf("set the viewport to %d×%d", width, height),
		chromedp.EmulateViewport(int64(width), int64(height)))
}

// screenshotDir is where screenshot writes its files.
func screenshotDir() string {
	if dir := os.Getenv("NEXUS_SCREENSHOTS"); dir != "" {
		return dir
	}
	return filepath.Join(os.TempDir(), "nexus-screenshots")
}

// screenshot writes a PNG of the whole page (beyond the viewport too) as
// NAME.png in screenshotDir, logs its path and returns it.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserDeadline)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	return b.keep(name+".png", png)
}

// screenshotOf writes a PNG of the element the CSS selector sel picks as
// NAME.png in screenshotDir, logs its path and returns it.
func (b *browser) screenshotOf(sel, name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserDeadline)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("screenshot %s of %s: %v", name, sel, err)
	}
	return b.keep(name+".png", png)
}

// keep writes data as the file name in screenshotDir, logs its path and
// returns it.
func (b *browser) keep(name string, data []byte) string {
	b.t.Helper()
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatalf("keep %s: %v", name, err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.t.Fatalf("keep %s: %v", name, err)
	}
	b.t.Logf("kept: %s", path)
	return path
}

// download runs actions that make the page download a file (what says
// which), waits until the download completes, and returns the name the
// page gave the file and its content. It keeps a copy as
// download-NAME in screenshotDir.
func (b *browser) download(what string, actions ...chromedp.Action[chromedp.Void]) (string, []byte) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserDeadline)
	defer cancel()
	// Subscribed before the actions, so that no event is lost.
	begun := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress)
	b.run(what, actions...)
	var name, guid string
	for ev, err := range begun {
		if err != nil {
			b.t.Fatalf("%s: no download began: %v", what, err)
		}
		name, guid = ev.SuggestedFilename, ev.GUID
		break
	}
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("%s: the download did not complete: %v", what, err)
		}
		if ev.GUID != guid {
			continue
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			b.t.Fatalf("%s: the download was cancelled", what)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			break
		}
	}
	content, err := os.ReadFile(filepath.Join(b.downloads, guid))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	b.keep("download-"+name, content)
	return name, content
}

// overflowReport is what noHorizontalScroll reads from the page.
type overflowReport struct {
	ScrollWidth int `json:"scrollWidth"`
	ClientWidth int `json:"clientWidth"`
	// Wide are the outermost elements that reach past the viewport's right
	// edge: what to fix.
	Wide []string `json:"wide"`
}

// overflowScript measures the page's width against the viewport's and
// names the outermost elements wider than the viewport.
const overflowScript = `(() => {
  const root = document.documentElement, width = root.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    if (el.parentElement && el.parentElement !== document.body &&
        el.parentElement.getBoundingClientRect().right > width + 1) continue;
    wide.push(name(el) + ' (right edge at ' + Math.round(r.right) + ' px)');
    if (wide.length === 10) break;
  }
  return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
})()`

// noHorizontalScroll sets the viewport to width CSS pixels (and 800 high)
// and fails the test if the page is then wider than the viewport
// (document.documentElement.scrollWidth > clientWidth), naming the
// elements that reach past its right edge.
func (b *browser) noHorizontalScroll(width int) {
	b.t.Helper()
	b.setViewport(width, 800)
	r := evaluate[overflowReport](b, overflowScript)
	if r.ScrollWidth > r.ClientWidth {
		b.t.Errorf("at %d px wide the page scrolls sideways: it is %d px wide in a %d px viewport; past the right edge: %s",
			width, r.ScrollWidth, r.ClientWidth, strings.Join(r.Wide, ", "))
	}
}

// noConsoleErrors fails the test for each console error since the last
// call.
func (b *browser) noConsoleErrors() {
	b.t.Helper()
	b.sync()
	l := b.console
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.messages[l.checked:] {
		if m.isError() {
			b.t.Errorf("console %s", m)
		}
	}
	l.checked = len(l.messages)
}

// sync returns once the console log holds every message the page wrote
// before the call: the reply to a command comes after the events sent
// before it, and Listen has recorded those. A tab that is gone has
// nothing more to say.
func (b *browser) sync() {
	ctx, cancel := context.WithTimeout(b.ctx, browserDeadline)
	defer cancel()
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`1`))
}

// consoleSummary returns the console's messages so far, for a failure
// message, or "" when there are none.
func (b *browser) consoleSummary() string {
	l := b.console
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.messages) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("\nconsole:")
	for _, m := range l.messages {
		fmt.Fprintf(&sb, "\n  %s", m)
	}
	return sb.String()
}

// svgDoc is what a downloaded SVG holds.
type svgDoc struct {
	root     xml.Name
	width    int             // the SVG's width, in pixels
	title    string          // the SVG's own title
	texts    []string        // the texts it shows, their lines (tspans) joined by spaces; not their titles
	elements map[string]int  // how many of each element
	ids      map[string]bool // the data-id of every element that has one
}

// parseSVG parses a downloaded SVG, failing the test if it is not XML.
func parseSVG(t *testing.T, b []byte) svgDoc {
	t.Helper()
	doc := svgDoc{elements: map[string]int{}, ids: map[string]bool{}}
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
			doc.elements[tok.Name.Local]++
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
			case text != nil && (stack[len(stack)-1] == "text" || stack[len(stack)-1] == "tspan") && strings.TrimSpace(string(tok)) != "":
				text = append(text, string(tok))
			}
		}
	}
	return doc
}

// queryAPI asks the GraphQL endpoint of the server at base, as a client
// would, and decodes the answer's data into out; an error in the answer
// fails the test.
func queryAPI(t *testing.T, base, query string, out any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("query %s: %v", query, err)
	}
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

// syncBuffer is a bytes.Buffer safe for the writes of Chromium's output
// and the reads of a failing test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// String returns what was written.
func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// discardLogger drops the server's log.
var discardLogger = slog.New(slog.DiscardHandler)
