package main

import (
	"cmp"
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/export"
	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/server"
)

// exportErrorBody is the JSON body of an error answer of /export.
type exportErrorBody struct {
	Error struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Allowed []string `json:"allowed"`
	} `json:"error"`
}

func TestExportEndpoint(t *testing.T) {
	s := startServe(t, map[string]string{"NEXUS_CORS_ORIGINS": "https://allowed.example"})
	waitHealthy(t, s.url)
	mem := testgraph.Memory(t)

	tests := []struct {
		name     string
		query    string
		format   export.Format
		scope    export.Scope
		filename string
	}{
		{"whole graph, GraphML by default", "", export.FormatGraphML, export.Scope{Limit: server.MaxExportNodes}, "nexus-graph.graphml"},
		{"cytoscape", "format=cytoscape", export.FormatCytoscape, export.Scope{Limit: server.MaxExportNodes}, "nexus-graph.json"},
		{"csv", "format=csv", export.FormatCSV, export.Scope{Limit: server.MaxExportNodes}, "nexus-graph.zip"},
		{"jsonl", "format=jsonl", export.FormatJSONLines, export.Scope{Limit: server.MaxExportNodes}, "nexus-graph.jsonl"},
		{"neighbourhood", "format=graphml&root=Paragraph:A/RES/66/178/op/9&depth=2", export.FormatGraphML,
			export.Scope{Root: "Paragraph:A/RES/66/178/op/9", Depth: 2}, "nexus-neighborhood.graphml"},
		{"neighbourhood at depth 1 by default", "root=State:FRA&format=jsonl", export.FormatJSONLines,
			export.Scope{Root: "State:FRA", Depth: 1}, "nexus-neighborhood.jsonl"},
		{"filtered neighbourhood", "root=CrimeType:terrorism&depth=2&relationships=ADDRESSES&relationships=CONCERNS&kinds=Instrument,Paragraph,CrimeType&limit=15",
			export.FormatGraphML, export.Scope{Root: "CrimeType:terrorism", Depth: 2, Limit: 15,
				Types: []graph.RelType{graph.RelAddresses, graph.RelConcerns}, Kinds: []graph.NodeKind{graph.KindInstrument, graph.KindParagraph, graph.KindCrimeType}},
			"nexus-neighborhood.graphml"},
		{"path", "format=cytoscape&from=CrimeType:terrorism&to=State:FRA", export.FormatCytoscape,
			export.Scope{From: "CrimeType:terrorism", To: "State:FRA"}, "nexus-path.json"},
		{"all shortest paths", "format=csv&from=CrimeType:terrorism&to=State:FRA&all=true&maxLength=5&limit=3", export.FormatCSV,
			export.Scope{From: "CrimeType:terrorism", To: "State:FRA", All: true, MaxLength: 5, Limit: 3}, "nexus-path.zip"},
		{"ids", "format=jsonl&id=CrimeType:terrorism&id=Paragraph:A/RES/66/178/op/9&id=CrimeType:related-criminal-activities", export.FormatJSONLines,
			export.Scope{IDs: []graph.ID{"CrimeType:terrorism", "Paragraph:A/RES/66/178/op/9", "CrimeType:related-criminal-activities"}}, "nexus-nodes.jsonl"},
		{"whole graph truncated", "format=jsonl&limit=10", export.FormatJSONLines, export.Scope{Limit: 10}, "nexus-graph.jsonl"},
		{"whole graph of some kinds and types", "kinds=State,Region&relationships=IN_REGION", export.FormatGraphML,
			export.Scope{Limit: server.MaxExportNodes, Kinds: []graph.NodeKind{graph.KindState, graph.KindRegion}, Types: []graph.RelType{graph.RelInRegion}}, "nexus-graph.graphml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg, err := export.Select(t.Context(), mem, tt.scope)
			if err != nil {
				t.Fatal(err)
			}
			want := wantExport(t, mem, tt.format, tt.scope)
			res, body := do(t, newRequest(t, http.MethodGet, s.url+"/export?"+tt.query, ""))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			if body != string(want) {
				t.Errorf("the body is not the export of %+v (%d bytes, want %d)", tt.scope, len(body), len(want))
			}
			if got := res.Header.Get("Content-Type"); got != tt.format.ContentType() {
				t.Errorf("Content-Type %q, want %q", got, tt.format.ContentType())
			}
			disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
			if err != nil || disp != "attachment" || params["filename"] != tt.filename {
				t.Errorf("Content-Disposition %q, want an attachment named %s", res.Header.Get("Content-Disposition"), tt.filename)
			}
			for h, v := range map[string]string{
				"X-Nexus-Nodes":         strconv.Itoa(len(sg.Nodes)),
				"X-Nexus-Relationships": strconv.Itoa(len(sg.Relationships)),
				"X-Nexus-Truncated":     strconv.FormatBool(sg.Truncated),
			} {
				if got := res.Header.Get(h); got != v {
					t.Errorf("%s: %q, want %q", h, got, v)
				}
			}
		})
	}
	if res, _ := do(t, newRequest(t, http.MethodGet, s.url+"/export?format=jsonl&limit=10", "")); res.Header.Get("X-Nexus-Truncated") != "true" {
		t.Error("a whole graph cut at 10 nodes is not marked truncated")
	}

	t.Run("HEAD", func(t *testing.T) {
		res, body := do(t, newRequest(t, http.MethodHead, s.url+"/export?format=jsonl", ""))
		if res.StatusCode != http.StatusOK || body != "" || res.Header.Get("Content-Type") != export.FormatJSONLines.ContentType() {
			t.Errorf("HEAD: status %d, %d bytes, Content-Type %q", res.StatusCode, len(body), res.Header.Get("Content-Type"))
		}
	})

	errorTests := []struct {
		name    string
		method  string
		query   string
		status  int
		code    string
		want    []string // in the message
		allowed []string // the allowed values the body lists, in part
	}{
		{name: "unknown format", query: "format=gexf", status: 400, code: "BAD_USER_INPUT", want: []string{"gexf"},
			allowed: []string{"graphml", "cytoscape", "csv", "jsonl"}},
		{name: "depth above the cap", query: "root=State:FRA&depth=5", status: 400, code: "BAD_USER_INPUT", want: []string{"depth", "0 to 4"},
			allowed: []string{"0", "1", "2", "3", "4"}},
		{name: "depth not a number", query: "root=State:FRA&depth=two", status: 400, code: "BAD_USER_INPUT", want: []string{"depth"}},
		{name: "unknown relationship", query: "root=State:FRA&relationships=IN_REGION,KNOWS", status: 400, code: "BAD_USER_INPUT",
			want: []string{"KNOWS", "allowed: HAS_PARAGRAPH"}, allowed: []string{"IN_REGION", "PARTICIPATES_IN"}},
		{name: "unknown kind", query: "kinds=Person", status: 400, code: "BAD_USER_INPUT", want: []string{"Person"}, allowed: []string{"State", "Activity"}},
		{name: "unknown parameter", query: "roots=State:FRA", status: 400, code: "BAD_USER_INPUT", want: []string{"roots"}, allowed: []string{"root", "depth"}},
		{name: "parameter twice", query: "format=csv&format=jsonl", status: 400, code: "BAD_USER_INPUT", want: []string{"format", "once"}},
		{name: "limit above the bound", query: "limit=10001", status: 400, code: "BAD_USER_INPUT", want: []string{"limit", "10000"}},
		{name: "limit zero", query: "limit=0", status: 400, code: "BAD_USER_INPUT", want: []string{"limit"}},
		{name: "neighbourhood limit above the cap", query: "root=State:FRA&limit=5000", status: 400, code: "BAD_USER_INPUT", want: []string{"limit", "1000"}},
		{name: "depth without root", query: "depth=2", status: 400, code: "BAD_USER_INPUT", want: []string{"depth", "root"}},
		{name: "from without to", query: "from=State:FRA", status: 400, code: "BAD_USER_INPUT", want: []string{"from and to"}},
		{name: "all not a boolean", query: "from=State:FRA&to=State:DEU&all=maybe", status: 400, code: "BAD_USER_INPUT", want: []string{"all"}, allowed: []string{"true", "false"}},
		{name: "unknown root", query: "root=State:XXX", status: 404, code: "NOT_FOUND", want: []string{"State:XXX"}},
		{name: "unknown id", query: "id=State:FRA&id=State:XXX", status: 404, code: "NOT_FOUND", want: []string{"State:XXX"}},
		{name: "ids and a limit", query: "id=State:FRA&limit=3", status: 400, code: "BAD_USER_INPUT", want: []string{"limit", "id"}},
		{name: "ids and a root", query: "id=State:FRA&root=State:FRA", status: 400, code: "BAD_USER_INPUT", want: []string{"not two of them"}},
		{name: "too many ids", query: "id=State:FRA" + strings.Repeat("&id=State:FRA", export.MaxIDs), status: 400, code: "BAD_USER_INPUT", want: []string{"at most 1000"}},
		{name: "unknown end of a path", query: "from=State:FRA&to=Instrument:CT99", status: 404, code: "NOT_FOUND", want: []string{"Instrument:CT99"}},
		{name: "POST", method: http.MethodPost, status: 405, code: "METHOD_NOT_ALLOWED", want: []string{"POST"}, allowed: []string{"GET"}},
	}
	for _, tt := range errorTests {
		t.Run(tt.name, func(t *testing.T) {
			method := cmp.Or(tt.method, http.MethodGet)
			res, body := do(t, newRequest(t, method, s.url+"/export?"+tt.query, ""))
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			var e exportErrorBody
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, body)
			}
			if e.Error.Code != tt.code {
				t.Errorf("code %q, want %q", e.Error.Code, tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Error.Message, w) {
					t.Errorf("message %q does not mention %q", e.Error.Message, w)
				}
			}
			for _, a := range tt.allowed {
				if !slices.Contains(e.Error.Allowed, a) {
					t.Errorf("allowed %v lacks %q", e.Error.Allowed, a)
				}
			}
			if tt.status == 405 && res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow: %q", res.Header.Get("Allow"))
			}
		})
	}

	t.Run("CORS", func(t *testing.T) {
		req := newRequest(t, http.MethodGet, s.url+"/export?format=jsonl&limit=5", "")
		req.Header.Set("Origin", "https://allowed.example")
		res, _ := do(t, req)
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "https://allowed.example" {
			t.Errorf("Access-Control-Allow-Origin %q for an allowed origin", got)
		}
		exposed := res.Header.Get("Access-Control-Expose-Headers")
		for _, h := range []string{"Content-Disposition", "X-Nexus-Truncated"} {
			if !strings.Contains(strings.ToLower(exposed), strings.ToLower(h)) {
				t.Errorf("Access-Control-Expose-Headers %q lacks %s", exposed, h)
			}
		}

		req = newRequest(t, http.MethodGet, s.url+"/export?format=jsonl&limit=5", "")
		req.Header.Set("Origin", "https://other.example")
		if res, _ := do(t, req); res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Error("an origin that is not allowed got Access-Control-Allow-Origin")
		}

		pre := newRequest(t, http.MethodOptions, s.url+"/export", "")
		pre.Header.Set("Origin", "https://allowed.example")
		pre.Header.Set("Access-Control-Request-Method", http.MethodGet)
		res, _ = do(t, pre)
		if res.StatusCode >= 300 || res.Header.Get("Access-Control-Allow-Origin") != "https://allowed.example" ||
			!strings.Contains(res.Header.Get("Access-Control-Allow-Methods"), http.MethodGet) {
			t.Errorf("preflight: status %d, headers %v", res.StatusCode, res.Header)
		}
	})
}

// TestExportEndpointImports serves the seed with the example files imported
// at start: the export holds them.
func TestExportEndpointImports(t *testing.T) {
	var args []string
	for _, f := range exampleFiles {
		args = append(args, "--import", f)
	}
	s := startServe(t, nil, args...)
	waitHealthy(t, s.url)
	want := wantExport(t, seededWithExamples(t), export.FormatJSONLines, export.Scope{Limit: server.MaxExportNodes})
	res, body := do(t, newRequest(t, http.MethodGet, s.url+"/export?format=jsonl", ""))
	if res.StatusCode != http.StatusOK || body != string(want) {
		t.Errorf("status %d; the export is not that of the seed with the imports", res.StatusCode)
	}
	if !strings.Contains(body, `"basis":"IMPORTED"`) {
		t.Error("no imported fact in the export")
	}
}

// TestExportEndpointNeo4j serves the seed from the test Neo4j: /export gives
// the bytes the memory store gives.
func TestExportEndpointNeo4j(t *testing.T) {
	st := neo4jtest.Open(t)
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	cfg := neo4jtest.Config(t)
	// The answers are compared here, not timed: a busy machine must not
	// turn a whole-graph export into a TIMEOUT.
	env := neo4jEnv(cfg)
	env["NEXUS_REQUEST_TIMEOUT"] = "60s"
	s := startServe(t, env, "--store", "neo4j")
	waitReadyz(t, s.url, http.StatusOK)
	mem := testgraph.Memory(t)
	for _, q := range []struct {
		query  string
		format export.Format
		scope  export.Scope
	}{
		{"format=graphml", export.FormatGraphML, export.Scope{Limit: server.MaxExportNodes}},
		{"format=csv&root=State:FRA&depth=2", export.FormatCSV, export.Scope{Root: "State:FRA", Depth: 2}},
		{"format=cytoscape&from=CrimeType:terrorism&to=State:FRA&all=true", export.FormatCytoscape,
			export.Scope{From: "CrimeType:terrorism", To: "State:FRA", All: true}},
	} {
		t.Run(q.query, func(t *testing.T) {
			res, body := do(t, newRequest(t, http.MethodGet, s.url+"/export?"+q.query, ""))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			if body != string(wantExport(t, mem, q.format, q.scope)) {
				t.Error("the Neo4j export differs from the memory store's")
			}
		})
	}
}

// TestExportLabelsAreTheAPILabels checks that every exported node has the
// label the GraphQL API gives it, so that an exported drawing and the
// explorer name nodes alike.
func TestExportLabelsAreTheAPILabels(t *testing.T) {
	s := startServe(t, nil)
	waitHealthy(t, s.url)
	res, body := do(t, newRequest(t, http.MethodGet, s.url+"/export?format=jsonl", ""))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	labels := map[string]string{}
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		var rec struct{ Type, ID, Label string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Type == "node" {
			labels[rec.ID] = rec.Label
			ids = append(ids, rec.ID)
		}
	}
	if len(ids) == 0 {
		t.Fatal("no node exported")
	}
	reqBody, _ := json.Marshal(map[string]any{
		"query":     `query($ids: [ID!]!) { nodes(ids: $ids) { id label } }`,
		"variables": map[string]any{"ids": ids},
	})
	req := newRequest(t, http.MethodPost, s.url+"/graphql", string(reqBody))
	req.Header.Set("Content-Type", "application/json")
	res, body = do(t, req)
	var got struct {
		Data struct {
			Nodes []struct{ ID, Label string }
		}
		Errors []any
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != http.StatusOK || len(got.Errors) > 0 {
		t.Fatalf("status %d, %v: %s", res.StatusCode, err, body)
	}
	if len(got.Data.Nodes) != len(ids) {
		t.Fatalf("%d nodes from the API, %d exported", len(got.Data.Nodes), len(ids))
	}
	for _, n := range got.Data.Nodes {
		if labels[n.ID] != n.Label {
			t.Errorf("%s: exported label %q, API label %q", n.ID, labels[n.ID], n.Label)
		}
	}
}
