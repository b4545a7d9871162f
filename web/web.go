// Package web serves the GraphQL playground, a GraphiQL page pointed at the
// GraphQL endpoint and preloaded with example queries, one per tab; the
// graph explorer, a page that draws the neighbourhood of a node or the
// shortest paths between two nodes from the same endpoint; and the insights
// page, which draws treaty participation (a world map, a timeline, a heat map
// of the gaps of a region) and the statistics from the same endpoint.
//
// Everything the pages need is embedded in the binary, GraphiQL, React,
// Cytoscape.js, d3-geo and the world-atlas outlines included (vendored from
// the npm registry by update-vendor.sh), so they work where the browser
// cannot reach a CDN.
package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
)

//go:embed playground.html
var pageTemplate string

//go:embed explore.html
var explorerTemplate string

//go:embed explore/queries.graphql
var explorerQueries string

//go:embed insights.html
var insightsTemplate string

//go:embed insights/queries.graphql
var insightsQueries string

//go:embed static
var staticFiles embed.FS

//go:embed examples
var exampleFiles embed.FS

// Example is a query preloaded in the playground as a tab.
type Example struct {
	// Name is the example's file name without its extension, e.g.
	// "01-state-regions-names".
	Name string
	// Query is the GraphQL document. Its operation name is the tab's title.
	Query string
	// Variables is the JSON object of the query's variables, "" when it has none.
	Variables string
}

// Examples returns the example queries in the order of their tabs. They are
// the files examples/NAME.graphql, each with its variables in
// examples/NAME.json when it has any.
func Examples() ([]Example, error) {
	entries, err := fs.ReadDir(exampleFiles, "examples")
	if err != nil {
		return nil, fmt.Errorf("read examples: %w", err)
	}
	var out []Example
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".graphql")
		if !ok {
			continue
		}
		query, err := fs.ReadFile(exampleFiles, path.Join("examples", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read example %s: %w", name, err)
		}
		ex := Example{Name: name, Query: string(query)}
		vars, err := fs.ReadFile(exampleFiles, path.Join("examples", name+".json"))
		switch {
		case err == nil:
			var obj map[string]any
			if err := json.Unmarshal(vars, &obj); err != nil {
				return nil, fmt.Errorf("example %s: variables: %w", name, err)
			}
			ex.Variables = string(vars)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("read example %s variables: %w", name, err)
		}
		out = append(out, ex)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// pageConfig is what the page's script reads: where to send queries, the
// tabs to open, and a name for this set of tabs.
type pageConfig struct {
	Endpoint string `json:"endpoint"`
	Tabs     []tab  `json:"tabs"`
	// TabSet is a hash of Tabs. GraphiQL saves the tabs a user has open in
	// the browser; the page keeps them apart per set of tabs, so that once
	// the examples change, a user who comes back gets the new ones rather
	// than the tabs saved from the old.
	TabSet string `json:"tabSet"`
}

// tab is one of GraphiQL's defaultTabs.
type tab struct {
	Query     string `json:"query"`
	Variables string `json:"variables,omitempty"`
}

// ExplorerQueries returns the GraphQL document the graph explorer sends to
// the endpoint: one named operation per request it makes (the choices of its
// form, search, neighbourhood, paths and a node's details) and their
// fragments. The page sends the whole document with the name of the
// operation to run.
func ExplorerQueries() string { return explorerQueries }

// InsightsQueries returns the GraphQL document the insights page sends to
// the endpoint: one named operation per request it makes (its choices, the
// map, the timeline, the gaps of a region and the statistics). Like the
// explorer, the page sends the whole document with the name of the
// operation to run.
func InsightsQueries() string { return insightsQueries }

// InsightsAtlas is the path, under the static assets, of the country
// outlines the insights page draws its map from: the Natural Earth 1:50m
// countries of the world-atlas package, as TopoJSON, whose objects.countries
// geometries have the ISO 3166-1 numeric (M49) code of their country as id.
const InsightsAtlas = "/static/vendor/world-atlas/countries-50m.json"

// DefaultExportURL is where the explorer downloads exports from unless
// WithExportURL says otherwise: the path nexus serve mounts its export
// endpoint at.
const DefaultExportURL = "/export"

// An Option changes how Handler serves the pages.
type Option func(*options)

// options are the settings Options change.
type options struct {
	exportURL string
}

// WithExportURL sets the URL of the export endpoint (GET, with the
// parameters format, root, depth, from, to, all, maxLength, relationships,
// kinds and limit) the explorer downloads the drawn subgraph from.
func WithExportURL(url string) Option {
	return func(o *options) { o.exportURL = url }
}

// A Page is one of the pages Handler serves.
type Page struct {
	// Name says which page it is, as the start-up log names it:
	// "playground", "explorer", "insights".
	Name string
	// Path is where Handler serves the page, relative to where it is
	// mounted: "/", "/explore".
	Path string
	// Example is a path with a query string that opens the page on an
	// example (the README's), or "" when the page has none.
	Example string
}

// page is a Page with what renders it.
type page struct {
	Page
	render func(endpoint string, o options) ([]byte, error)
}

// pages are the pages Handler serves, in the order Pages lists them: a new
// page is one entry here.
var pages = []page{
	{Page{Name: "playground", Path: "/"}, func(endpoint string, _ options) ([]byte, error) {
		return renderPage(endpoint)
	}},
	{Page{Name: "explorer", Path: "/explore", Example: "/explore?id=Paragraph:A/RES/66/178/op/9&depth=2"},
		func(endpoint string, o options) ([]byte, error) { return renderExplorer(endpoint, o.exportURL) }},
	{Page{Name: "insights", Path: "/insights", Example: "/insights?chart=gaps&region=011&date=2011-12-19&instrument=CT17"},
		func(endpoint string, _ options) ([]byte, error) { return renderInsights(endpoint) }},
}

// Pages returns the pages Handler serves, the playground first, so that a
// caller (nexus serve's start-up log) can list their URLs.
func Pages() []Page {
	out := make([]Page, len(pages))
	for i, p := range pages {
		out[i] = p.Page
	}
	return out
}

// Handler returns the pages Pages lists, to be mounted at the root of a
// path space: it serves the playground at "/" (and "/index.html"), the
// explorer at "/explore", the insights page at "/insights", their assets
// under "/static/", and answers 404 Not Found to anything else. endpoint is the URL (usually a path such as
// "/graphql") the pages send their queries to.
func Handler(endpoint string, opts ...Option) (http.Handler, error) {
	o := options{exportURL: DefaultExportURL}
	for _, opt := range opts {
		opt(&o)
	}
	static, err := newStaticHandler()
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	for _, p := range pages {
		body, err := p.render(endpoint, o)
		if err != nil {
			return nil, err
		}
		serve := htmlHandler(body)
		if p.Path == "/" {
			mux.HandleFunc("GET /{$}", serve)
			mux.HandleFunc("GET /index.html", serve)
			continue
		}
		mux.HandleFunc("GET "+p.Path, serve)
	}
	mux.Handle("GET /static/", http.StripPrefix("/static", static))
	return mux, nil
}

// htmlHandler serves a rendered page with the headers every page has.
func htmlHandler(page []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(page)
	}
}

// contentSecurityPolicy lets the pages load only their own scripts and
// styles and talk only to their own origin. GraphiQL and Cytoscape.js set
// inline styles, and GraphiQL embeds its fonts as data: URLs; neither spawns
// workers.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// explorerConfig is what the explorer's script reads: where to send queries
// and download exports, where the playground is, and the GraphQL document
// of its operations.
type explorerConfig struct {
	Endpoint   string `json:"endpoint"`
	Export     string `json:"export"`
	Playground string `json:"playground"`
	Queries    string `json:"queries"`
}

// renderExplorer renders the explorer page for endpoint and exportURL.
func renderExplorer(endpoint, exportURL string) ([]byte, error) {
	cfg := explorerConfig{Endpoint: endpoint, Export: exportURL, Playground: "./", Queries: explorerQueries}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("explorer config: %w", err)
	}
	tmpl, err := template.New("explore.html").Parse(explorerTemplate)
	if err != nil {
		return nil, fmt.Errorf("parse explorer page: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, struct{ Config string }{string(cfgJSON)}); err != nil {
		return nil, fmt.Errorf("render explorer page: %w", err)
	}
	return buf.Bytes(), nil
}

// insightsConfig is what the insights page's script reads: where to send
// queries, the GraphQL document of its operations, and where to fetch the
// country outlines from, with their integrity hash (the page checks it, as
// it checks its scripts').
type insightsConfig struct {
	Endpoint string      `json:"endpoint"`
	Queries  string      `json:"queries"`
	Atlas    atlasConfig `json:"atlas"`
}

// atlasConfig locates the country outlines.
type atlasConfig struct {
	URL       string `json:"url"`
	Integrity string `json:"integrity"`
}

// renderInsights renders the insights page for endpoint.
func renderInsights(endpoint string) ([]byte, error) {
	atlas, err := fs.ReadFile(staticFiles, strings.TrimPrefix(InsightsAtlas, "/"))
	if err != nil {
		return nil, fmt.Errorf("insights atlas: %w", err)
	}
	sum := sha512.Sum384(atlas)
	cfg := insightsConfig{
		Endpoint: endpoint,
		Queries:  insightsQueries,
		Atlas: atlasConfig{
			URL:       "." + InsightsAtlas,
			Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sum[:]),
		},
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("insights config: %w", err)
	}
	tmpl, err := template.New("insights.html").Parse(insightsTemplate)
	if err != nil {
		return nil, fmt.Errorf("parse insights page: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, struct{ Config string }{string(cfgJSON)}); err != nil {
		return nil, fmt.Errorf("render insights page: %w", err)
	}
	return buf.Bytes(), nil
}

// renderPage renders the playground page for endpoint with every example as
// a tab.
func renderPage(endpoint string) ([]byte, error) {
	examples, err := Examples()
	if err != nil {
		return nil, err
	}
	cfg := pageConfig{Endpoint: endpoint}
	for _, ex := range examples {
		cfg.Tabs = append(cfg.Tabs, tab{Query: ex.Query, Variables: ex.Variables})
	}
	tabsJSON, err := json.Marshal(cfg.Tabs)
	if err != nil {
		return nil, fmt.Errorf("playground tabs: %w", err)
	}
	sum := sha256.Sum256(tabsJSON)
	cfg.TabSet = base64.RawURLEncoding.EncodeToString(sum[:9])
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("playground config: %w", err)
	}
	tmpl, err := template.New("playground.html").Parse(pageTemplate)
	if err != nil {
		return nil, fmt.Errorf("parse playground page: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, struct{ Config string }{string(cfgJSON)}); err != nil {
		return nil, fmt.Errorf("render playground page: %w", err)
	}
	return buf.Bytes(), nil
}

// newStaticHandler serves the embedded assets with an ETag (a hash of the
// content), so that browsers revalidate them cheaply and never keep a stale
// copy after an upgrade.
func newStaticHandler() (http.Handler, error) {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	etags := map[string]string{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		etags["/"+p] = `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		etag, ok := etags[r.URL.Path]
		if !ok {
			// Directories and unknown paths: no listings.
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}), nil
}
