package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/web"
)

// explorerConfig is the configuration the explorer's script reads.
type explorerConfig struct {
	Endpoint   string `json:"endpoint"`
	Export     string `json:"export"`
	Playground string `json:"playground"`
	Queries    string `json:"queries"`
}

// explorerConfigOf fetches the explorer page from h and returns its
// configuration.
func explorerConfigOf(t *testing.T, h http.Handler) explorerConfig {
	t.Helper()
	res, body := get(t, h, "/explore", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /explore: status %d, want 200", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q, want text/html", ct)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy %q, want scripts from the page's origin only", csp)
	}
	m := configAttr.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no data-config attribute in the page:\n%s", body)
	}
	var cfg explorerConfig
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &cfg); err != nil {
		t.Fatalf("data-config is not JSON: %v", err)
	}
	return cfg
}

func TestExplorerPageCarriesItsConfiguration(t *testing.T) {
	tests := []struct {
		name       string
		opts       []web.Option
		wantExport string
	}{
		{"default export", nil, web.DefaultExportURL},
		{"export elsewhere", []web.Option{web.WithExportURL("/api/export")}, "/api/export"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := web.Handler("/graphql", tt.opts...)
			if err != nil {
				t.Fatalf("web.Handler: %v", err)
			}
			cfg := explorerConfigOf(t, h)
			if cfg.Endpoint != "/graphql" {
				t.Errorf("endpoint %q, want /graphql", cfg.Endpoint)
			}
			if cfg.Export != tt.wantExport {
				t.Errorf("export %q, want %q", cfg.Export, tt.wantExport)
			}
			if cfg.Playground == "" {
				t.Error("no playground URL")
			}
			if cfg.Queries != web.ExplorerQueries() {
				t.Error("the page does not carry the explorer's GraphQL document")
			}
		})
	}
}

func TestPlaygroundLinksToExplorer(t *testing.T) {
	_, body := get(t, newHandler(t), "/", nil)
	if !strings.Contains(body, `href="./explore"`) {
		t.Error("the playground has no link to the explorer")
	}
}

// explorerOperations returns the names of the operations of the
// explorer's document.
func explorerOperations(t *testing.T) []string {
	t.Helper()
	return operationNames(t, "the explorer", web.ExplorerQueries())
}

// TestExplorerScriptRunsTheDocumentsOperations checks that every operation
// the script runs is in the document, and that the document holds no
// operation the script never runs.
func TestExplorerScriptRunsTheDocumentsOperations(t *testing.T) {
	scriptRunsOperations(t, "/static/explore.js", explorerOperations(t))
}

// TestExplorerQueriesRun runs every operation of the explorer, as the page
// sends it (the whole document and an operation name), through the real
// GraphQL handler over the seed.
func TestExplorerQueriesRun(t *testing.T) {
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	if _, err := seed.Load(t.Context(), store); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	h := resolvers.NewHandler(store, resolvers.Options{})

	tests := []struct {
		name      string
		operation string
		variables map[string]any
		mustHold  []string // paths to non-empty values, as in mustHold
		wantNull  string   // a field that must be null
		wantCode  string   // the code of the error the API must answer
	}{
		{
			name: "choices", operation: "ExplorerChoices",
			mustHold: []string{"counts.nodes.kind", "counts.relationships.type"},
		},
		{
			name: "search", operation: "ExplorerSearch",
			variables: map[string]any{"text": "nucleaire"},
			mustHold:  []string{"search.node.__typename", "search.node.id", "search.node.label"},
		},
		{
			name: "neighbourhood of a paragraph", operation: "ExplorerNeighborhood",
			variables: map[string]any{"id": "Paragraph:A/RES/66/178/op/9", "depth": 2, "limit": 200, "relationships": nil, "kinds": nil},
			mustHold: []string{
				"neighborhood.nodes.__typename", "neighborhood.nodes.label",
				"neighborhood.edges.type", "neighborhood.edges.from", "neighborhood.edges.to",
				"neighborhood.edges.source.document", "neighborhood.edges.source.locator", "neighborhood.edges.source.basis",
				"neighborhood.centrality.node.id", "neighborhood.centrality.betweenness", "neighborhood.centrality.degree",
			},
		},
		{
			name: "neighbourhood filtered", operation: "ExplorerNeighborhood",
			variables: map[string]any{
				"id": "Instrument:CT17", "depth": 2, "limit": 50,
				"relationships": []string{"ADDRESSES", "CONCERNS", "ADOPTED_AT"}, "kinds": []string{"CRIME_TYPE", "PARAGRAPH", "CONFERENCE"},
			},
			mustHold: []string{"neighborhood.nodes.id", "neighborhood.edges.source.basis"},
		},
		{
			// The largest neighbourhood the API allows fits the complexity
			// budget with the page's selection.
			name: "largest neighbourhood", operation: "ExplorerNeighborhood",
			variables: map[string]any{"id": "Region:150", "depth": 4, "limit": 1000},
			mustHold:  []string{"neighborhood.nodes.id", "neighborhood.edges.source.basis", "neighborhood.centrality.degree"},
		},
		{
			name: "unknown node", operation: "ExplorerNeighborhood",
			variables: map[string]any{"id": "State:XXX", "depth": 1},
			wantNull:  "neighborhood",
		},
		{
			name: "depth beyond the cap", operation: "ExplorerNeighborhood",
			variables: map[string]any{"id": "State:FRA", "depth": 7},
			wantCode:  "BAD_USER_INPUT",
		},
		{
			name: "unknown relationship type", operation: "ExplorerNeighborhood",
			variables: map[string]any{"id": "State:FRA", "relationships": []string{"FRIEND_OF"}},
			wantCode:  "BAD_USER_INPUT",
		},
		{
			name: "paths from a crime type to a state", operation: "ExplorerPaths",
			variables: map[string]any{"from": "CrimeType:nuclear-terrorism", "to": "State:FRA", "maxLength": 6, "limit": 10, "relationships": nil},
			mustHold: []string{
				"allShortestPaths.length", "allShortestPaths.nodes.__typename", "allShortestPaths.nodes.label",
				"allShortestPaths.edges.type", "allShortestPaths.edges.source.document",
			},
		},
		{
			name: "most paths, longest", operation: "ExplorerPaths",
			variables: map[string]any{"from": "State:FRA", "to": "State:DEU", "maxLength": 10, "limit": 100},
			mustHold:  []string{"allShortestPaths.nodes.id", "allShortestPaths.edges.source.basis"},
		},
		{
			name: "node details", operation: "ExplorerNode",
			variables: map[string]any{"id": "Paragraph:A/RES/66/178/op/9"},
			mustHold:  []string{"node.label", "node.text", "node.verb", "node.sources.document", "node.sources.basis"},
		},
		{
			name: "instrument details", operation: "ExplorerNode",
			variables: map[string]any{"id": "Instrument:CT17"},
			mustHold:  []string{"node.shortName", "node.title", "node.sources.basis"},
		},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.operation] = true
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(map[string]any{
				"query":         web.ExplorerQueries(),
				"operationName": tt.operation,
				"variables":     tt.variables,
			})
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			var res struct {
				Data   map[string]any `json:"data"`
				Errors []struct {
					Message    string `json:"message"`
					Extensions struct {
						Code string `json:"code"`
					} `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
				t.Fatalf("status %d, body is not JSON: %v\n%s", rec.Code, err, rec.Body.String())
			}
			if tt.wantCode != "" {
				if len(res.Errors) != 1 || res.Errors[0].Extensions.Code != tt.wantCode || res.Errors[0].Message == "" {
					t.Fatalf("want one %s error with a message, got:\n%s", tt.wantCode, rec.Body.String())
				}
				return
			}
			if rec.Code != http.StatusOK || len(res.Errors) > 0 {
				t.Fatalf("status %d, errors:\n%s", rec.Code, rec.Body.String())
			}
			if tt.wantNull != "" {
				if v, ok := res.Data[tt.wantNull]; !ok || v != nil {
					t.Errorf("%s is %v, want null", tt.wantNull, v)
				}
			}
			for _, p := range tt.mustHold {
				if !holds(res.Data, strings.Split(p, ".")) {
					t.Errorf("%s is empty or missing\n%s", p, rec.Body.String())
				}
			}
		})
	}
	for _, op := range explorerOperations(t) {
		if !covered[op] {
			t.Errorf("operation %s is not run by this test", op)
		}
	}
}
