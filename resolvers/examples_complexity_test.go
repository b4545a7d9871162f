package resolvers_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/web"
)

// TestExamplesAdmittedOnAFullGraph runs the README's and the playground's
// examples through the handler over the seed to which every Member State's
// signature and ratification of every instrument are added, with the
// example programmes and activities: on a graph with all the treaty actions
// there can be, the lists weigh more than on the seed, and the examples must
// still fit the default complexity limit.
func TestExamplesAdmittedOnAFullGraph(t *testing.T) {
	s := memory.New()
	t.Cleanup(func() { _ = s.Close() })
	if _, err := seed.Load(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	states, err := s.FindNodes(t.Context(), graph.NodeQuery{Kind: graph.KindState, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	instruments, err := s.FindNodes(t.Context(), graph.NodeQuery{Kind: graph.KindInstrument, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var actions strings.Builder
	actions.WriteString("state,instrument,action,date,source\n")
	for _, st := range states.Nodes {
		for _, in := range instruments.Nodes {
			fmt.Fprintf(&actions, "%s,%s,signature,2015-01-01,test data\n%s,%s,ratification,2016-01-01,test data\n", st.Key, in.Key, st.Key, in.Key)
		}
	}
	files := []importer.File{{Name: "participation.csv", R: strings.NewReader(actions.String())}}
	for _, name := range []string{"programmes", "activities"} {
		f, err := os.Open("../examples/" + name + ".example.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files = append(files, importer.File{Name: name + ".csv", R: f})
	}
	if _, err := importer.Import(t.Context(), s, files...); err != nil {
		t.Fatalf("import: %v", err)
	}
	bounds, err := resolvers.ListBounds(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if bounds["Instrument.parties"] != 2*len(states.Nodes) || bounds["Gap.signatures"] != 2 {
		t.Fatalf("the graph is not full: Instrument.parties weighs %d, Gap.signatures %d", bounds["Instrument.parties"], bounds["Gap.signatures"])
	}

	t.Run("lists within their bounds", func(t *testing.T) {
		checkBounds(t, s, map[string]int{
			"Instrument.participation": 2 * len(states.Nodes),
			"State.participation":      2 * len(instruments.Nodes),
			"Group.members":            len(states.Nodes),
		})
	})

	h := resolvers.NewHandler(s, resolvers.Options{Logger: quietLogger()})
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllSubmatch(readme, -1) {
		t.Run(fmt.Sprintf("README-%d", i+1), func(t *testing.T) { gql(t, h, string(m[1]), nil) })
	}
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			var vars map[string]any
			if ex.Variables != "" {
				if err := json.Unmarshal([]byte(ex.Variables), &vars); err != nil {
					t.Fatal(err)
				}
			}
			gql(t, h, ex.Query, vars)
		})
	}
}
