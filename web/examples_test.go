package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/web"
)

// mustHold names, per example, paths in its data that must lead to a
// non-empty value (a dot per level; through a list, any element will do), so
// that an example shows what its comment promises and never rots into an
// empty answer.
var mustHold = map[string][]string{
	"01-state": {
		"state.nameEn", "state.nameFr", "state.nameEs", "state.nameRu", "state.nameZh", "state.nameAr",
		"state.regions.region.name", "state.regions.source.document",
	},
	"02-subregion":    {"states.edges.node.iso3", "states.edges.node.nameFr"},
	"03-paragraph":    {"node.text", "node.addressedTo.actor.id", "node.addressedTo.ask", "node.addressedTo.source.document", "node.concerns.node.id", "node.sources"},
	"04-beijing":      {"node.adoptions.adopted.shortName", "node.adoptions.votesFor", "node.adoptions.source.document", "node.mentionedIn.paragraph.id"},
	"05-search":       {"search.node.id"},
	"06-crime-types":  {"crimeTypes.links.crimeType.id", "crimeTypes.links.nature", "crimeTypes.links.source.document"},
	"10-neighborhood": {"neighborhood.nodes.id", "neighborhood.edges.from", "neighborhood.edges.source.document", "neighborhood.centrality.betweenness"},
	"11-path":         {"shortestPath.nodes.id", "shortestPath.edges.source.document", "allShortestPaths.nodes.id", "throughInstruments.nodes.id"},
}

// TestExamplesRunWithoutErrors runs every example of the playground through
// the real GraphQL handler over the seed, so that the examples never rot.
func TestExamplesRunWithoutErrors(t *testing.T) {
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	if _, err := seed.Load(t.Context(), store); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	h := resolvers.NewHandler(store, resolvers.Options{})

	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			body := map[string]any{"query": ex.Query}
			if ex.Variables != "" {
				body["variables"] = json.RawMessage(ex.Variables)
			}
			raw, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			var res struct {
				Data   map[string]any    `json:"data"`
				Errors []json.RawMessage `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
				t.Fatalf("status %d, body is not JSON: %v\n%s", rec.Code, err, rec.Body.String())
			}
			if rec.Code != http.StatusOK || len(res.Errors) > 0 {
				t.Fatalf("status %d, errors:\n%s", rec.Code, rec.Body.String())
			}
			if len(res.Data) == 0 {
				t.Fatalf("no data:\n%s", rec.Body.String())
			}
			failed := false
			for field, v := range res.Data {
				if isEmpty(v) {
					t.Errorf("%s is empty", field)
					failed = true
				}
			}
			for _, p := range mustHold[ex.Name] {
				if !holds(res.Data, strings.Split(p, ".")) {
					t.Errorf("%s is empty or missing", p)
					failed = true
				}
			}
			if failed {
				t.Logf("response:\n%s", rec.Body.String())
			}
		})
	}
	for name := range mustHold {
		found := false
		for _, ex := range examples {
			found = found || ex.Name == name
		}
		if !found {
			t.Errorf("mustHold names example %s, which does not exist", name)
		}
	}
}

// holds reports whether path leads from v to a non-empty value, through any
// element of the lists on the way.
func holds(v any, path []string) bool {
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if holds(e, path) {
				return true
			}
		}
		return false
	}
	if len(path) == 0 {
		return !isEmpty(v)
	}
	obj, ok := v.(map[string]any)
	return ok && holds(obj[path[0]], path[1:])
}

// isEmpty reports whether v is null, "", an empty list or a connection
// without edges.
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		if edges, ok := v["edges"]; ok {
			return isEmpty(edges)
		}
		return len(v) == 0
	}
	return false
}
