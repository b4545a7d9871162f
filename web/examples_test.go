package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/schema"
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
	"04-beijing":      {"node.adoptions.node.shortName", "node.adoptions.votesForCount", "node.adoptions.source.document", "node.mentionedIn.paragraph.id"},
	"05-search":       {"search.node.id"},
	"06-crime-types":  {"crimeTypes.links.crimeType.id", "crimeTypes.links.nature", "crimeTypes.links.source.document"},
	"10-neighborhood": {"neighborhood.nodes.id", "neighborhood.edges.from", "neighborhood.edges.source.document", "neighborhood.centrality.betweenness"},
	"11-path":         {"shortestPath.nodes.id", "shortestPath.edges.source.document", "allShortestPaths.nodes.id", "throughInstruments.nodes.id"},
}

// postQuery sends a GraphQL request for query with the JSON object vars
// ("" for none) to h, fails the test on errors or no data, and returns the
// data.
func postQuery(t *testing.T, h http.Handler, query, vars string) map[string]any {
	t.Helper()
	body := map[string]any{"query": query}
	if vars != "" {
		body["variables"] = json.RawMessage(vars)
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
	return res.Data
}

// seededHandler returns the GraphQL handler over the seed in a memory
// store.
func seededHandler(t *testing.T) http.Handler {
	t.Helper()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	if _, err := seed.Load(t.Context(), store); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	return resolvers.NewHandler(store, resolvers.Options{})
}

// TestExamplesRunWithoutErrors runs every example of the playground through
// the real GraphQL handler over the seed, so that the examples never rot.
func TestExamplesRunWithoutErrors(t *testing.T) {
	h := seededHandler(t)
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			data := postQuery(t, h, ex.Query, ex.Variables)
			failed := false
			for field, v := range data {
				if isEmpty(v) {
					t.Errorf("%s is empty", field)
					failed = true
				}
			}
			for _, p := range mustHold[ex.Name] {
				if !holds(data, strings.Split(p, ".")) {
					t.Errorf("%s is empty or missing", p)
					failed = true
				}
			}
			if failed {
				t.Logf("data: %v", data)
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

// TestExamplesUseNoDeprecatedField checks that the playground's examples
// and the README's GraphQL blocks ask only for fields that are not
// deprecated: a deprecated name answers for clients already written, and
// what a newcomer copies should use the name that replaced it.
func TestExamplesUseNoDeprecatedField(t *testing.T) {
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	docs := map[string]string{}
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		docs["example "+ex.Name] = ex.Query
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range readmeBlock.FindAllStringSubmatch(string(readme), -1) {
		if m[2] == "graphql" {
			docs[fmt.Sprintf("README query %d", i+1)] = m[3]
		}
	}
	for name, q := range docs {
		doc, errs := gqlparser.LoadQueryWithRules(s, q, rules.NewDefaultRules())
		if errs != nil {
			t.Errorf("%s: %v", name, errs)
			continue
		}
		var walk func(ast.SelectionSet)
		walk = func(sel ast.SelectionSet) {
			for _, x := range sel {
				switch x := x.(type) {
				case *ast.Field:
					if x.Definition != nil {
						if d := x.Definition.Directives.ForName("deprecated"); d != nil {
							reason := ""
							if a := d.Arguments.ForName("reason"); a != nil {
								reason = a.Value.Raw
							}
							t.Errorf("%s asks for %s.%s, which is deprecated: %s", name, x.ObjectDefinition.Name, x.Name, reason)
						}
					}
					walk(x.SelectionSet)
				case *ast.InlineFragment:
					walk(x.SelectionSet)
				case *ast.FragmentSpread:
					if x.Definition != nil {
						walk(x.Definition.SelectionSet)
					}
				}
			}
		}
		for _, op := range doc.Operations {
			walk(op.SelectionSet)
		}
	}
	if len(docs) < 10 {
		t.Errorf("only %d documents checked", len(docs))
	}
}

// readmeBlock is a fenced code block of the README and the text before it.
var readmeBlock = regexp.MustCompile("(?s)(.*?)```(\\w*)\n(.*?)```")

// TestREADMEQuestionsAreTabs checks that the README's example queries are
// the playground's: its "Example queries" section names every tab, each
// GraphQL query there is introduced by the name of the tab that asks the
// same question, and each runs without errors over the seed.
func TestREADMEQuestionsAreTabs(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const heading = "\n## Example queries\n"
	start := strings.Index(string(readme), heading)
	if start < 0 {
		t.Fatalf("no section %q in the README", strings.TrimSpace(heading))
	}
	section := string(readme)[start+len(heading):]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	tabs := map[string]bool{}
	for _, ex := range examples {
		doc, err := parser.ParseQuery(&ast.Source{Name: ex.Name, Input: ex.Query})
		if err != nil || len(doc.Operations) != 1 {
			t.Fatalf("example %s: want one operation (%v)", ex.Name, err)
		}
		name := doc.Operations[0].Name
		tabs[name] = true
		if !strings.Contains(section, "`"+name+"`") {
			t.Errorf("the README's example queries do not name tab %s (example %s)", name, ex.Name)
		}
	}

	h := seededHandler(t)
	tabName := regexp.MustCompile("`([A-Za-z0-9_]+)`")
	queries := 0
	for i, m := range readmeBlock.FindAllStringSubmatch(section, -1) {
		intro, lang, code := m[1], m[2], m[3]
		if lang != "graphql" {
			continue
		}
		queries++
		// The paragraph just before the query names its tab.
		paragraphs := strings.Split(strings.TrimSpace(intro), "\n\n")
		tab := ""
		for _, n := range tabName.FindAllStringSubmatch(paragraphs[len(paragraphs)-1], -1) {
			if tab == "" && tabs[n[1]] {
				tab = n[1]
			}
		}
		if tab == "" {
			t.Errorf("README query %d is not introduced by the name of the tab that asks the same:\n%s", i+1, code)
			tab = fmt.Sprintf("query-%d", i+1)
		}
		t.Run(tab, func(t *testing.T) {
			postQuery(t, h, code, "")
		})
	}
	if queries == 0 {
		t.Error("no GraphQL query in the README's example queries")
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
