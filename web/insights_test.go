package web_test

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/web"
)

// insightsConfig is the configuration the insights page's script reads.
type insightsConfig struct {
	Endpoint string `json:"endpoint"`
	Queries  string `json:"queries"`
	Atlas    struct {
		URL       string `json:"url"`
		Integrity string `json:"integrity"`
	} `json:"atlas"`
}

// insightsPage fetches the insights page from h and returns its body and
// configuration.
func insightsPage(t *testing.T, h http.Handler) (string, insightsConfig) {
	t.Helper()
	res, body := get(t, h, "/insights", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /insights: status %d, want 200", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q, want text/html; charset=utf-8", ct)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy %q, want scripts from and requests to the page's origin only", csp)
	}
	m := configAttr.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no data-config attribute in the page:\n%s", body)
	}
	var cfg insightsConfig
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &cfg); err != nil {
		t.Fatalf("data-config is not JSON: %v", err)
	}
	return body, cfg
}

func TestInsightsPageCarriesItsConfiguration(t *testing.T) {
	h, err := web.Handler("/api/graphql")
	if err != nil {
		t.Fatal(err)
	}
	_, cfg := insightsPage(t, h)
	if cfg.Endpoint != "/api/graphql" {
		t.Errorf("endpoint %q, want /api/graphql", cfg.Endpoint)
	}
	if cfg.Queries != web.InsightsQueries() {
		t.Error("the page does not carry the insights page's GraphQL document")
	}
	if cfg.Atlas.URL != "."+web.InsightsAtlas {
		t.Errorf("atlas URL %q, want .%s", cfg.Atlas.URL, web.InsightsAtlas)
	}
}

// TestInsightsAssets checks that every asset the insights page loads is
// served with its content type and the hash its integrity attribute (or, for
// the atlas, the page's configuration) names, that the atlas is TopoJSON
// keyed by ISO 3166-1 numeric codes, and that each vendored package is
// served with its licence.
func TestInsightsAssets(t *testing.T) {
	h := newHandler(t)
	page, cfg := insightsPage(t, h)
	refs := assetRef.FindAllStringSubmatch(page, -1)
	var vendored []string
	own := 0
	for _, ref := range refs {
		p, integrity := strings.TrimPrefix(ref[1], "."), ref[2]
		res, body := get(t, h, p, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200", p, res.StatusCode)
			continue
		}
		wantType := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}[path.Ext(p)]
		if ct := res.Header.Get("Content-Type"); ct != wantType {
			t.Errorf("%s: Content-Type %q, want %q", p, ct, wantType)
		}
		if !strings.Contains(p, "/vendor/") {
			own++
			continue
		}
		vendored = append(vendored, path.Dir(p))
		if got := sri(body); got != integrity {
			t.Errorf("%s: integrity %q, but the file hashes to %s (run update-vendor.sh and copy its hashes)", p, integrity, got)
		}
	}
	sort.Strings(vendored)
	wantVendored := []string{"/static/vendor/d3-array", "/static/vendor/d3-geo", "/static/vendor/topojson-client"}
	if !slices.Equal(vendored, wantVendored) {
		t.Errorf("vendored scripts from %v, want %v", vendored, wantVendored)
	}
	if own != 2 {
		t.Errorf("%d own assets, want insights.css and insights.js", own)
	}

	res, atlas := get(t, h, web.InsightsAtlas, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", web.InsightsAtlas, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q, want application/json", web.InsightsAtlas, ct)
	}
	if got := sri(atlas); got != cfg.Atlas.Integrity {
		t.Errorf("the atlas hashes to %s, the page says %s", got, cfg.Atlas.Integrity)
	}
	var topo struct {
		Type    string `json:"type"`
		Objects struct {
			Countries struct {
				Geometries []struct {
					ID string `json:"id"`
				} `json:"geometries"`
			} `json:"countries"`
		} `json:"objects"`
	}
	if err := json.Unmarshal([]byte(atlas), &topo); err != nil || topo.Type != "Topology" {
		t.Fatalf("the atlas is not TopoJSON: %v (type %q)", err, topo.Type)
	}
	ids := map[string]bool{}
	for _, g := range topo.Objects.Countries.Geometries {
		ids[g.ID] = true
	}
	// France (250), Kenya (404), Brazil (076), Fiji (242): three-digit codes.
	for _, m49 := range []string{"250", "404", "076", "242"} {
		if !ids[m49] {
			t.Errorf("the atlas has no country %s", m49)
		}
	}

	for _, dir := range append(wantVendored, path.Dir(web.InsightsAtlas)) {
		res, body := get(t, h, dir+"/LICENSE", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Permission") {
			t.Errorf("%s/LICENSE: status %d, %d bytes", dir, res.StatusCode, len(body))
		}
	}
	_, versions := get(t, h, "/static/vendor/VERSIONS", nil)
	for _, pkg := range []string{"d3-array", "d3-geo", "topojson-client", "world-atlas"} {
		if !strings.Contains(versions, pkg+" ") {
			t.Errorf("VERSIONS does not name %s", pkg)
		}
	}
}

// sri is the subresource integrity value of body.
func sri(body string) string {
	sum := sha512.Sum384([]byte(body))
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// insightsOperations returns the names of the operations of the insights
// page's document.
func insightsOperations(t *testing.T) []string {
	t.Helper()
	return operationNames(t, "the insights page", web.InsightsQueries())
}

// TestInsightsScriptRunsTheDocumentsOperations checks that every operation
// the script runs is in the document, and that the document holds no
// operation the script never runs.
func TestInsightsScriptRunsTheDocumentsOperations(t *testing.T) {
	scriptRunsOperations(t, "/static/insights.js", insightsOperations(t))
}

// TestInsightsQueriesRun runs every operation of the insights page, as the
// page sends it, through the real GraphQL handler over the seed and the
// test fixtures, and checks that each answers what the page draws.
func TestInsightsQueriesRun(t *testing.T) {
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	if _, err := seed.Load(t.Context(), store); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	files, err := importer.OpenFiles(insightsFixtures...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(t.Context(), store, files...); err != nil {
		t.Fatalf("import the fixtures: %v", err)
	}
	h := resolvers.NewHandler(store, resolvers.Options{})

	tests := []struct {
		operation string
		variables map[string]any
		mustHold  []string
	}{
		{"InsightsChoices", nil, []string{
			"counts.relationships.count", "instruments.edges.node.key", "regions.code",
			"states.edges.node.m49", "states.edges.node.regions.region.code",
			"resolutions.edges.node.adopted", "resolutions.edges.node.paragraphs.number",
		}},
		{"InsightsMap", map[string]any{"instrument": "CT17", "asOf": "2015-06-30"}, []string{
			"instrument.participation.state.iso3", "instrument.participation.makesParty", "instrument.participation.date",
		}},
		{"InsightsTimeline", map[string]any{"after": nil}, []string{"instruments.edges.node.parties.date", "instruments.pageInfo.endCursor"}},
		{"InsightsGaps", map[string]any{"instrument": "CT15", "region": "011", "asOf": "2011-12-19"}, []string{
			"participationGaps.states.state.iso3", "participationGaps.states.signatures.date",
			"participationGaps.states.assistance.activity.id", "participationGaps.memberStates",
		}},
		{"InsightsStatistics", map[string]any{"asOf": nil}, []string{
			"statistics.byInstrument.parties", "statistics.byCrimeType.paragraphs", "statistics.byProgramme.beneficiaryStates",
		}},
		{"InsightsRegionStatistics", map[string]any{"instrument": "CT17", "asOf": nil, "level": "SUBREGION"}, []string{
			"statistics.byRegion.region.name", "statistics.byRegion.parties", "statistics.byRegion.notParty",
		}},
	}
	ran := map[string]bool{}
	for _, tt := range tests {
		ran[tt.operation] = true
		t.Run(tt.operation, func(t *testing.T) {
			raw, _ := json.Marshal(map[string]any{"query": web.InsightsQueries(), "operationName": tt.operation, "variables": tt.variables})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var res struct {
				Data   map[string]any    `json:"data"`
				Errors []json.RawMessage `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != http.StatusOK || len(res.Errors) > 0 {
				t.Fatalf("status %d, %v:\n%.2000s", rec.Code, err, rec.Body.String())
			}
			for _, p := range tt.mustHold {
				if !holds(res.Data, strings.Split(p, ".")) {
					t.Errorf("%s is empty or missing", p)
				}
			}
		})
	}
	for _, op := range insightsOperations(t) {
		if !ran[op] {
			t.Errorf("operation %s is not tested", op)
		}
	}
}

// TestInsightsFixturesAreMarked checks that every row of the test fixtures
// says it is invented, so that no one takes them for facts.
func TestInsightsFixturesAreMarked(t *testing.T) {
	for _, f := range insightsFixtures {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if !strings.HasPrefix(lines[0], "# TEST FIXTURE, NOT FACTS.") {
			t.Errorf("%s does not start by saying it is a test fixture", f)
		}
		header := true
		for i, l := range lines {
			if strings.HasPrefix(l, "#") {
				continue
			}
			if header {
				header = false
				continue
			}
			if !strings.HasSuffix(l, ",test fixture — invented row") {
				t.Errorf("%s:%d: the source does not say the row is invented: %s", f, i+1, l)
			}
		}
	}
}

func TestInsightsNotFound(t *testing.T) {
	h := newHandler(t)
	for _, target := range []string{"/insights/", "/insights.html", "/insights/queries.graphql"} {
		res, _ := get(t, h, target, nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, res.StatusCode)
		}
	}
}
