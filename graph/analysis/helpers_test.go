package analysis_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// Seed IDs the tests refer to.
const (
	op4        graph.ID = "Paragraph:A/RES/66/178/op/4"
	op9        graph.ID = "Paragraph:A/RES/66/178/op/9"
	res66178   graph.ID = "Resolution:A/RES/66/178"
	unodc      graph.ID = "Body:UNODC"
	members    graph.ID = "Group:member-states"
	terrorism  graph.ID = "CrimeType:terrorism"
	related    graph.ID = "CrimeType:related-criminal-activities"
	nuclear    graph.ID = "CrimeType:nuclear-terrorism"
	financing  graph.ID = "CrimeType:financing-of-terrorism"
	internet   graph.ID = "CrimeType:terrorist-use-of-internet"
	bombings   graph.ID = "CrimeType:terrorist-bombings"
	toc        graph.ID = "CrimeType:transnational-organized-crime"
	infoShare  graph.ID = "Topic:information-sharing"
	intlCoop   graph.ID = "Topic:international-cooperation"
	france     graph.ID = "State:FRA"
	germany    graph.ID = "State:DEU"
	europe     graph.ID = "Region:150"
	westEurope graph.ID = "Region:155"
)

// rel is the identity of a relationship without a key.
func rel(from graph.ID, t graph.RelType, to graph.ID) string {
	return string(from) + "|" + string(t) + "|" + string(to) + "|"
}

// nodeIDs returns the IDs of nodes, in order.
func nodeIDs(nodes []*graph.Node) []graph.ID {
	ids := make([]graph.ID, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	return ids
}

// identities returns the identities of rels, in order.
func identities(rels []*graph.Relationship) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.Identity()
	}
	return out
}

// sorted returns a sorted copy of ids.
func sorted[T ~string](ids ...T) []T {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// wantError checks that err has code and a message containing every one of
// words; with an empty code it wants no error.
func wantError(t *testing.T, err error, code graph.Code, words ...string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Code != code {
		t.Fatalf("error = %v, want a graph.Error with code %s", err, code)
	}
	for _, w := range words {
		if !strings.Contains(ge.Message, w) {
			t.Errorf("error message %q does not contain %q", ge.Message, w)
		}
	}
}
