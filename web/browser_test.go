package web_test

// The browser-test harness: the pages in headless Chromium, served by the
// real server (nexus serve's handler over the seed in the memory store),
// driven with chromedp. A test calls newBrowser, opens a page, waits for
// what a user would see, and checks it; every console error the page
// writes fails the test.
//
// Chromium is found on the PATH (chromium, chromium-browser,
// google-chrome, google-chrome-stable) or at NEXUS_CHROMIUM. Without it the
// browser tests skip, and fail when CI=true. Screenshots go to
// NEXUS_SCREENSHOTS, or else to nexus-screenshots in the temporary
// directory (/tmp), never into the repository.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
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

// browser is a tab of a headless Chromium of its own, on a server of its
// own (so a test starts with empty browser storage).
type browser struct {
	t *testing.T
	// ctx is the tab's chromedp context.
	ctx context.Context
	// base is the server's URL, without a trailing slash.
	base string

	mu      sync.Mutex
	console []chromedp.ConsoleMessage // every message, in order
}

// newBrowser starts the server (startServer, with setups) and a headless
// Chromium, and returns a tab with a 1280 × 800 viewport (setViewport
// changes it). Both stop when the test ends, and the test
// fails if the pages wrote any console error (an uncaught exception, a
// console.error, a resource that failed to load, a Content-Security-Policy
// violation).
func newBrowser(t *testing.T, setups ...storeSetup) *browser {
	t.Helper()
	chromium := findChromium(t)
	base := startServer(t, setups...)

	var output syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(&output),
		chromedp.WindowSize(1280, 800),
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
	b := &browser{t: t, ctx: ctx, base: base}
	// Console starts the browser and opens the tab; the messages are
	// collected from then on.
	messages := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(ctx, browserDeadline)
		defer ccancel()
		_ = chromedp.Cancel(cctx)
		cancel()
		cancelAlloc()
		<-done
		ended.Store(true)
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v\n%s", chromium, err, output.String())
	}
	t.Cleanup(b.noConsoleErrors)
	b.setViewport(1280, 800) // a laptop's; the window's size leaves less to the page
	return b
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
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
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

// consoleErrors returns the console errors and uncaught exceptions the
// pages wrote so far, each with where it came from.
func (b *browser) consoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.console {
		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}
		s := fmt.Sprintf("%s: %s", m.Type, m.Text)
		if m.URL != "" {
			s += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
		}
		out = append(out, s)
	}
	return out
}

// noConsoleErrors fails the test for each console error so far.
func (b *browser) noConsoleErrors() {
	b.t.Helper()
	for _, e := range b.consoleErrors() {
		b.t.Errorf("console %s", e)
	}
}

// consoleSummary returns the console's messages so far, for a failure
// message, or "" when there are none.
func (b *browser) consoleSummary() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("\nconsole:")
	for _, m := range b.console {
		fmt.Fprintf(&sb, "\n  %s: %s", m.Type, m.Text)
	}
	return sb.String()
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
