package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/web"
)

// playgroundState is what a user sees of the playground: its tabs and the
// text of its editors.
type playgroundState struct {
	Tabs      []string `json:"tabs"`   // the tabs' titles, in order
	Active    int      `json:"active"` // the index of the active tab, -1 if none
	Query     *string  `json:"query"`  // nil until the editor is there
	Variables *string  `json:"variables"`
	Response  *string  `json:"response"`
}

// playgroundStateScript reads a playgroundState from GraphiQL's tabs and
// CodeMirror editors (the variables editor comes before the headers
// editor among the editor tools).
const playgroundStateScript = `(() => {
  const text = (el) => el && el.CodeMirror ? el.CodeMirror.getValue() : null;
  const tabs = [...document.querySelectorAll('.graphiql-tab')];
  return {
    tabs: tabs.map((t) => (t.querySelector('.graphiql-tab-button') || t).textContent.trim()),
    active: tabs.findIndex((t) => t.classList.contains('graphiql-tab-active')),
    query: text(document.querySelector('.graphiql-query-editor .CodeMirror')),
    variables: text(document.querySelector('.graphiql-editor-tool .CodeMirror')),
    response: text(document.querySelector('.result-window .CodeMirror')),
  };
})()`

// playground reads what the playground shows.
func playground(b *browser) playgroundState {
	b.t.Helper()
	return evaluate[playgroundState](b, playgroundStateScript)
}

// openPlayground loads the playground at path, waits for GraphiQL to show
// its editors, and fails the test unless it shows the number of tabs
// given.
func openPlayground(b *browser, path string, tabs int) {
	b.t.Helper()
	b.open(path)
	// GraphiQL shows the tab bar only when there are two tabs or more.
	b.waitFor("the playground's tabs and editors",
		`document.querySelector('.graphiql-tab') !== null && document.querySelector('.graphiql-query-editor .CodeMirror') !== null`)
	if st := playground(b); len(st.Tabs) != tabs {
		b.t.Fatalf("the playground at %s shows %d tabs, want %d: %v", path, len(st.Tabs), tabs, st.Tabs)
	}
}

// operationName returns the name of the one operation of an example, the
// title of its tab.
func operationName(t *testing.T, ex web.Example) string {
	t.Helper()
	for _, kw := range []string{"query ", "mutation ", "subscription "} {
		for _, line := range strings.Split(ex.Query, "\n") {
			if rest, ok := strings.CutPrefix(line, kw); ok {
				return strings.FieldsFunc(rest, func(r rune) bool { return r == '(' || r == ' ' || r == '{' })[0]
			}
		}
	}
	t.Fatalf("example %s: no named operation", ex.Name)
	return ""
}

// runActiveTab presses the Run button and returns the response the
// response pane shows, decoded; the pane must be empty before.
func runActiveTab(b *browser, name string) (data map[string]any, errs []any) {
	b.t.Helper()
	if st := playground(b); st.Response == nil || *st.Response != "" {
		b.t.Fatalf("tab %s: the response pane is not empty before Run: %v", name, st.Response)
	}
	b.click(".graphiql-execute-button")
	b.waitFor("the response of tab "+name, `(() => {
	  const el = document.querySelector('.result-window .CodeMirror');
	  if (!el || !el.CodeMirror) return false;
	  try { JSON.parse(el.CodeMirror.getValue()); return true; } catch (e) { return false; }
	})()`)
	st := playground(b)
	var res struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.Unmarshal([]byte(*st.Response), &res); err != nil {
		b.t.Fatalf("tab %s: the response is not JSON: %v\n%s", name, err, *st.Response)
	}
	return res.Data, res.Errors
}

// checkResponse fails the test if a tab's response has errors or no data.
func checkResponse(t *testing.T, name string, data map[string]any, errs []any) {
	t.Helper()
	if len(errs) > 0 {
		t.Errorf("tab %s answered errors: %v", name, errs)
	}
	if len(data) == 0 {
		t.Errorf("tab %s answered no data", name)
	}
	for field, v := range data {
		if v == nil {
			t.Errorf("tab %s: %s is null", name, field)
		}
	}
}

// TestPlaygroundTabsRunOnFirstLoad opens the playground as a new user
// does, with nothing saved in the browser, and presses Run on each tab in
// turn, the first one as it opens: each shows its example's query and
// variables, and answers data without errors.
func TestPlaygroundTabsRunOnFirstLoad(t *testing.T) {
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	openPlayground(b, "/", len(examples))
	b.screenshot("playground-first-load")

	st := playground(b)
	for i, ex := range examples {
		if got, want := st.Tabs[i], operationName(t, ex); got != want {
			t.Errorf("tab %d is %q, want %q (example %s)", i, got, want, ex.Name)
		}
	}
	for i, ex := range examples {
		name := operationName(t, ex)
		if i > 0 {
			b.click(fmt.Sprintf(".graphiql-tab:nth-child(%d) .graphiql-tab-button", i+1))
			b.waitFor("tab "+name+" to open", fmt.Sprintf(
				`document.querySelectorAll('.graphiql-tab')[%d].classList.contains('graphiql-tab-active')`, i))
		}
		st := playground(b)
		if st.Active != i {
			t.Fatalf("tab %d is active, want %d (%s)", st.Active, i, name)
		}
		if st.Query == nil || *st.Query != ex.Query {
			t.Errorf("tab %s: the query editor holds %q, want the example's query", name, deref(st.Query))
		}
		if st.Variables == nil || *st.Variables != ex.Variables {
			t.Errorf("tab %s: the variables editor holds %q, want %q", name, deref(st.Variables), ex.Variables)
		}
		data, errs := runActiveTab(b, name)
		checkResponse(t, name, data, errs)
		if i == 0 {
			b.screenshot("playground-first-tab-run")
		}
	}
	b.noConsoleErrors()
}

// TestPlaygroundReloadKeepsTheOpenTab checks later visits: the tabs
// GraphiQL saved come back, with the tab that was open active and its
// query and variables in the editors, and no tab added; first after a
// visit that only looked at the first tab, then after one that opened
// another tab.
func TestPlaygroundReloadKeepsTheOpenTab(t *testing.T) {
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	if examples[0].Variables == "" {
		t.Fatal("the first example has no variables: this test needs some")
	}
	other := -1
	for i, ex := range examples {
		if i > 0 && ex.Variables != "" {
			other = i
			break
		}
	}
	if other < 0 {
		t.Fatal("no example with variables after the first: this test needs one")
	}
	b := newBrowser(t)
	openPlayground(b, "/", len(examples))
	for _, i := range []int{0, other} {
		ex, name := examples[i], operationName(t, examples[i])
		if i > 0 {
			b.click(fmt.Sprintf(".graphiql-tab:nth-child(%d) .graphiql-tab-button", i+1))
		}
		// GraphiQL saves its tabs half a second after a change.
		b.waitFor(fmt.Sprintf("tab %s to be saved as the open one", name), fmt.Sprintf(`Object.keys(localStorage).some((k) => {
		  if (!k.endsWith(':graphiql:tabState')) return false;
		  try { return JSON.parse(localStorage.getItem(k)).activeTabIndex === %d; } catch (e) { return false; }
		})`, i))

		openPlayground(b, "/", len(examples))
		st := playground(b)
		if st.Active != i {
			t.Errorf("after a reload tab %d is active, want %d (%s)", st.Active, i, name)
		}
		if st.Query == nil || *st.Query != ex.Query {
			t.Errorf("after a reload the query editor holds %q, want %s's query", deref(st.Query), name)
		}
		if st.Variables == nil || *st.Variables != ex.Variables {
			t.Errorf("after a reload the variables editor holds %q, want %q (%s)", deref(st.Variables), ex.Variables, name)
		}
		if i == other {
			data, errs := runActiveTab(b, name)
			checkResponse(t, name, data, errs)
		}
	}
}

// TestPlaygroundOpensALinkedQuery opens the playground as the graph
// explorer links to it, with ?query=: the query is the first tab, open,
// and runs.
func TestPlaygroundOpensALinkedQuery(t *testing.T) {
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	const query = `query LinkedNode { node(id: "State:FRA") { id } }`
	b := newBrowser(t)
	openPlayground(b, "/?query="+url.QueryEscape(query), len(examples)+1)
	st := playground(b)
	if st.Active != 0 || st.Tabs[0] != "LinkedNode" {
		t.Errorf("tab %d of %v is active, want the linked query's, LinkedNode, first", st.Active, st.Tabs)
	}
	if st.Query == nil || *st.Query != query {
		t.Errorf("the query editor holds %q, want the linked query", deref(st.Query))
	}
	data, errs := runActiveTab(b, "LinkedNode")
	checkResponse(t, "LinkedNode", data, errs)
}

// TestPlaygroundNarrow checks the playground at 400 px wide: no sideways
// scrolling, and the first tab runs, its response below the editors and
// as wide as they are, not squeezed beside them.
func TestPlaygroundNarrow(t *testing.T) {
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.setViewport(400, 800)
	openPlayground(b, "/", len(examples))
	name := operationName(t, examples[0])
	data, errs := runActiveTab(b, name)
	checkResponse(t, name, data, errs)
	b.noHorizontalScroll(400)
	widths := evaluate[map[string]float64](b, `({
	  editors: document.querySelector('.graphiql-editors').getBoundingClientRect().width,
	  response: document.querySelector('.graphiql-response').getBoundingClientRect().width,
	})`)
	if widths["response"] < widths["editors"] {
		t.Errorf("at 400 px the response pane is %.0f px wide, narrower than the editors (%.0f px)", widths["response"], widths["editors"])
	}
	b.screenshot("playground-400px")
}

// deref returns *s, or "<none>" for nil.
func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}
