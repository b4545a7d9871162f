package memory_test

import (
	"cmp"
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/textfold"
	"github.com/nexus-graph/nexus/seed"
)

// TestSearchMatchesRule checks the index against the rule itself: on the
// seed, every query finds exactly the nodes that textfold.SearchFields.Score
// accepts, with its scores, in its order.
func TestSearchMatchesRule(t *testing.T) {
	s := memory.New()
	b, err := seed.Load(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	queries := []struct {
		text  string
		kinds []graph.NodeKind
	}{
		{text: "terrorism"},
		{text: "terror"},
		{text: "t"},
		{text: "nucleaire"},
		{text: "Office des Nations Unies contre la drogue et le crime"},
		{text: "UNODC"},
		{text: "assistance technique"},
		{text: "A/RES/66/178"},
		{text: "France"},
		{text: "fr"},
		{text: "côte d’ivoire"},
		{text: "convention", kinds: []graph.NodeKind{graph.KindInstrument}},
		{text: "prie", kinds: []graph.NodeKind{graph.KindParagraph, graph.KindFootnote}},
		{text: "reaffirming", kinds: []graph.NodeKind{graph.KindParagraph}},
		{text: "组织"},
		{text: "الأمم"},
		{text: "Организация"},
		{text: "zzzz"},
	}
	for _, q := range queries {
		t.Run(q.text, func(t *testing.T) {
			got, err := s.Search(t.Context(), graph.SearchQuery{Text: q.text, Kinds: q.kinds, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			want := bruteForce(b, q.text, q.kinds)
			if !slices.Equal(got, want) {
				t.Errorf("Search(%q) =\n %v\nwant\n %v", q.text, got, want)
			}
		})
	}
}

// bruteForce scores every node of b with the rule.
func bruteForce(b graph.Batch, text string, kinds []graph.NodeKind) []graph.SearchHit {
	words := textfold.QueryWords(text)
	hits := []graph.SearchHit{}
	for _, n := range b.Nodes {
		if len(kinds) > 0 && !slices.Contains(kinds, n.Kind) {
			continue
		}
		if score, ok := textfold.NewSearchFields(n.Props).Score(words); ok {
			hits = append(hits, graph.SearchHit{ID: n.ID, Score: score})
		}
	}
	slices.SortFunc(hits, func(a, b graph.SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return hits
}
