package web_test

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/nexus-graph/nexus/web"
)

// get sends a GET for target to h and returns the response and its body.
func get(t *testing.T, h http.Handler, target string, header http.Header) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", target, err)
	}
	return res, string(body)
}

// operationNames parses a page's GraphQL document (page names the page in
// failures) and returns the names of its operations, sorted.
func operationNames(t *testing.T, page, document string) []string {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Name: "queries.graphql", Input: document})
	if err != nil {
		t.Fatalf("parse the queries of %s: %v", page, err)
	}
	var names []string
	for _, op := range doc.Operations {
		if op.Name == "" {
			t.Fatalf("an operation of %s has no name", page)
		}
		names = append(names, op.Name)
	}
	sort.Strings(names)
	return names
}

// gqlCall matches a page script's call of an operation by name.
var gqlCall = regexp.MustCompile(`\bgql\('([A-Za-z_][A-Za-z0-9_]*)'`)

// scriptRunsOperations fails the test unless the script served at path
// runs exactly the operations named (sorted).
func scriptRunsOperations(t *testing.T, path string, operations []string) {
	t.Helper()
	res, script := get(t, newHandler(t), path, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	var used []string
	for _, m := range gqlCall.FindAllStringSubmatch(script, -1) {
		if !slices.Contains(used, m[1]) {
			used = append(used, m[1])
		}
	}
	sort.Strings(used)
	if !slices.Equal(used, operations) {
		t.Errorf("the script runs %v, the document defines %v", used, operations)
	}
}

func newHandler(t *testing.T) http.Handler {
	t.Helper()
	h, err := web.Handler("/graphql")
	if err != nil {
		t.Fatalf("web.Handler: %v", err)
	}
	return h
}

// pageConfig is the configuration the page's script reads.
type pageConfig struct {
	Endpoint string `json:"endpoint"`
	Tabs     []struct {
		Query     string `json:"query"`
		Variables string `json:"variables"`
	} `json:"tabs"`
	TabSet string `json:"tabSet"`
}

var configAttr = regexp.MustCompile(`data-config="([^"]*)"`)

func TestPageCarriesEndpointAndEveryExample(t *testing.T) {
	h := newHandler(t)
	for _, target := range []string{"/", "/index.html"} {
		t.Run(target, func(t *testing.T) {
			res, body := get(t, h, target, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q, want text/html", ct)
			}
			if res.Header.Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy")
			}
			m := configAttr.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no data-config attribute in the page:\n%s", body)
			}
			var cfg pageConfig
			if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &cfg); err != nil {
				t.Fatalf("data-config is not JSON: %v", err)
			}
			if cfg.Endpoint != "/graphql" {
				t.Errorf("endpoint %q, want /graphql", cfg.Endpoint)
			}
			if cfg.TabSet == "" {
				t.Error("no tabSet: the page would keep the tabs saved from other examples")
			}
			examples, err := web.Examples()
			if err != nil {
				t.Fatal(err)
			}
			if len(cfg.Tabs) != len(examples) {
				t.Fatalf("%d tabs, want one per example (%d)", len(cfg.Tabs), len(examples))
			}
			for i, ex := range examples {
				if cfg.Tabs[i].Query != ex.Query || cfg.Tabs[i].Variables != ex.Variables {
					t.Errorf("tab %d does not hold example %s", i, ex.Name)
				}
			}
		})
	}
}

var assetRef = regexp.MustCompile(`(?:src|href)="(\./static/[^"]+)"(?:\s+integrity="([^"]+)")?`)

// TestAssetsMatchTheirIntegrity checks that every asset a page loads is
// served with its content type and, when vendored, with the hash its
// integrity attribute names (a browser refuses a script whose hash differs,
// so a stale hash would break the page).
func TestAssetsMatchTheirIntegrity(t *testing.T) {
	tests := []struct {
		page     string
		vendored int // the vendored assets the page loads
		own      int // the page's own assets
	}{
		{"/", 4, 2},        // GraphiQL's script and style, React, ReactDOM; playground.css and .js
		{"/explore", 1, 2}, // Cytoscape.js; explore.css and .js
	}
	h := newHandler(t)
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			_, page := get(t, h, tt.page, nil)
			refs := assetRef.FindAllStringSubmatch(page, -1)
			if len(refs) != tt.vendored+tt.own {
				t.Fatalf("found %d assets in the page, want %d", len(refs), tt.vendored+tt.own)
			}
			vendored := 0
			for _, ref := range refs {
				path, integrity := strings.TrimPrefix(ref[1], "."), ref[2]
				t.Run(path, func(t *testing.T) {
					res, body := get(t, h, path, nil)
					if res.StatusCode != http.StatusOK {
						t.Fatalf("status %d, want 200", res.StatusCode)
					}
					wantType := map[bool]string{true: "text/javascript", false: "text/css"}[strings.HasSuffix(path, ".js")]
					if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
						t.Errorf("Content-Type %q, want %s", ct, wantType)
					}
					if strings.Contains(path, "/vendor/") {
						vendored++
						if integrity == "" {
							t.Fatal("vendored asset without an integrity attribute")
						}
						sum := sha512.Sum384([]byte(body))
						if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != integrity {
							t.Errorf("integrity %s, but the file hashes to %s (run update-vendor.sh and copy its hashes)", integrity, got)
						}
					}
				})
			}
			if vendored != tt.vendored {
				t.Errorf("%d vendored assets with integrity, want %d", vendored, tt.vendored)
			}
		})
	}
}

func TestStaticRevalidatesWithETag(t *testing.T) {
	h := newHandler(t)
	res, _ := get(t, h, "/static/playground.js", nil)
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	res, body := get(t, h, "/static/playground.js", http.Header{"If-None-Match": {etag}})
	if res.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("status %d with %d bytes, want 304 and no body", res.StatusCode, len(body))
	}
}

func TestNotFound(t *testing.T) {
	h := newHandler(t)
	tests := []struct{ name, target string }{
		{"unknown page", "/nope"},
		{"static directory", "/static/"},
		{"vendor directory", "/static/vendor/"},
		{"unknown asset", "/static/nope.js"},
		{"template", "/playground.html"},
		{"explorer template", "/explore.html"},
		{"explorer subpath", "/explore/"},
		{"explorer queries", "/explore/queries.graphql"},
		{"escape", "/static/../web.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := get(t, h, tt.target, nil)
			switch res.StatusCode {
			case http.StatusNotFound:
			case http.StatusMovedPermanently, http.StatusTemporaryRedirect:
				// The mux redirects an unclean path to its clean form.
				if loc := res.Header.Get("Location"); strings.Contains(loc, "..") {
					t.Errorf("GET %s: redirect to %s", tt.target, loc)
				}
			default:
				t.Errorf("GET %s: status %d, want 404", tt.target, res.StatusCode)
			}
		})
	}
}

// TestExamplesAreNamedOperations checks that every example parses and has
// one named operation, whose name GraphiQL shows as the tab's title, and
// that its variables, if any, are a JSON object.
func TestExamplesAreNamedOperations(t *testing.T) {
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) == 0 {
		t.Fatal("no examples")
	}
	names := map[string]string{}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Name: ex.Name, Input: ex.Query})
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if len(doc.Operations) != 1 || doc.Operations[0].Name == "" {
				t.Fatalf("want one named operation, got %d", len(doc.Operations))
			}
			op := doc.Operations[0].Name
			if other, dup := names[op]; dup {
				t.Errorf("operation %s is also the name of example %s", op, other)
			}
			names[op] = ex.Name
			if ex.Variables != "" {
				var vars map[string]any
				if err := json.Unmarshal([]byte(ex.Variables), &vars); err != nil {
					t.Errorf("variables: %v", err)
				}
			}
		})
	}
}

// TestPagesAreServed checks that every page Pages lists (what the start-up
// log prints) is served, at its path and at its example's.
func TestPagesAreServed(t *testing.T) {
	pages := web.Pages()
	if len(pages) == 0 || pages[0].Path != "/" {
		t.Fatalf("Pages() = %v, want the playground at / first", pages)
	}
	h := newHandler(t)
	names := map[string]bool{}
	for _, p := range pages {
		if p.Name == "" || names[p.Name] {
			t.Errorf("page %q at %s: no name, or the name of another page", p.Name, p.Path)
		}
		names[p.Name] = true
		for _, target := range []string{p.Path, p.Example} {
			if target == "" {
				continue
			}
			if !strings.HasPrefix(target, p.Path) {
				t.Errorf("page %s: example %s is not at the page's path %s", p.Name, target, p.Path)
			}
			res, _ := get(t, h, target, nil)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("page %s: GET %s: status %d, Content-Type %q; want 200 and HTML",
					p.Name, target, res.StatusCode, res.Header.Get("Content-Type"))
			}
		}
	}
}
