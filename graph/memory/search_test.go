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

// TestSearchSeesSmallWrites checks that words entering and leaving the
// index one write at a time (sorted in one by one, not all again) are
// found by their prefixes, and no longer once no node holds them.
func TestSearchSeesSmallWrites(t *testing.T) {
	s := memory.New()
	ctx := t.Context()
	topic := func(key, name string) *graph.Node {
		return graph.NewNode(graph.KindTopic, key, graph.Props{"nameEn": name}, testSource)
	}
	steps := []struct {
		name  string
		write []*graph.Node
		text  string
		want  []graph.ID
	}{
		{"first words", []*graph.Node{topic("a", "Aardvark zebra")}, "zeb", []graph.ID{"Topic:a"}},
		{"a word in two nodes", []*graph.Node{topic("b", "Zebra crossing")}, "zeb", []graph.ID{"Topic:a", "Topic:b"}},
		{"a word left by one node", []*graph.Node{topic("a", "Aardvark")}, "zebra", []graph.ID{"Topic:b"}},
		{"a word left by every node", []*graph.Node{topic("b", "Crossing")}, "zeb", nil},
		{"a word that left, back", []*graph.Node{topic("c", "Zebu zebra")}, "zeb", []graph.ID{"Topic:c"}},
		{"words before and after", []*graph.Node{topic("d", "Abacus"), topic("e", "Zyzzyva")}, "a", []graph.ID{"Topic:a", "Topic:d"}},
		{"the last word", nil, "zyz", []graph.ID{"Topic:e"}},
	}
	for _, st := range steps {
		if len(st.write) > 0 {
			if err := s.Apply(ctx, graph.Batch{Nodes: st.write}); err != nil {
				t.Fatal(err)
			}
		}
		hits, err := s.Search(ctx, graph.SearchQuery{Text: st.text, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []graph.ID
		for _, h := range hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, st.want) {
			t.Errorf("%s: Search(%q) = %v, want %v", st.name, st.text, got, st.want)
		}
	}
}
