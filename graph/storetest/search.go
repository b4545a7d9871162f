package storetest

import (
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// The nodes of the fixture holding the word "nucléaire" in some spelling, or
// a word starting with "nucl".
var nuclearNodes = []graph.ID{crimeNuclear, instConvention, paraOP1, documentReport}

func (s suite) search(t *testing.T, st graph.Store, q graph.SearchQuery) []graph.SearchHit {
	t.Helper()
	hits, err := st.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	checkHitOrder(t, hits)
	return hits
}

// checkHitOrder fails t unless hits are best first, the ID breaking ties,
// with positive scores and no node twice.
func checkHitOrder(t *testing.T, hits []graph.SearchHit) {
	t.Helper()
	seen := map[graph.ID]bool{}
	for i, h := range hits {
		if seen[h.ID] {
			t.Errorf("hit %s returned twice", h.ID)
		}
		seen[h.ID] = true
		if !(h.Score > 0) {
			t.Errorf("hit %s has score %v, want a positive score", h.ID, h.Score)
		}
		if i == 0 {
			continue
		}
		prev := hits[i-1]
		if prev.Score < h.Score || (prev.Score == h.Score && prev.ID > h.ID) {
			t.Errorf("hits out of order: %s (%v) before %s (%v)", prev.ID, prev.Score, h.ID, h.Score)
		}
	}
}

func (s suite) testSearch(t *testing.T) {
	matches := []struct {
		name  string
		text  string
		kinds []graph.NodeKind
		want  []graph.ID // in any order
	}{
		{name: "accent-insensitive", text: "nucleaire", want: nuclearNodes},
		{name: "accent-and-case-insensitive", text: "NUCLÉAIRE", want: nuclearNodes},
		{name: "accented-query", text: "Nucléaire", want: nuclearNodes},
		{name: "decomposed-accent", text: "nucle\u0301aire", want: nuclearNodes},
		{name: "case-insensitive", text: "ARCADIE", want: []graph.ID{stateArcadia}},
		{name: "accented-name-plain-query", text: "elysie", want: []graph.ID{stateElysia}},
		{name: "ligature", text: "oeuvre", want: []graph.ID{paraOP2}},
		{name: "ligature-in-query", text: "Œuvre", want: []graph.ID{paraOP2}},
		{name: "apostrophe", text: "cote d'essai", want: []graph.ID{stateCoast}},
		{name: "typographic-apostrophe", text: "CÔTE D’ESSAI", want: []graph.ID{stateCoast}},
		{name: "elided-word", text: "office", want: []graph.ID{bodyOffice, paraOP1}},
		{name: "all-words-must-match", text: "terrorisme nucleaire", want: []graph.ID{crimeNuclear, instConvention, paraOP1}},
		{name: "word-order-free", text: "nucleaire terrorisme", want: []graph.ID{crimeNuclear, instConvention, paraOP1}},
		{name: "no-node-has-all-words", text: "arcadie bordurie", want: nil},
		{name: "prefix", text: "nucl", want: nuclearNodes},
		{name: "prefix-every-word", text: "terror nucl", want: []graph.ID{crimeNuclear, instConvention, paraOP1}},
		{name: "prefix-not-infix", text: "ucleaire", want: nil},
		{name: "no-match", text: "zzzzqx", want: nil},
		{name: "acronym", text: "TOD", want: []graph.ID{bodyOffice}},
		{name: "formal-name", text: "republique", want: []graph.ID{stateArcadia}},
		{name: "symbol", text: "T/RES/1", want: []graph.ID{resolution}},
		{name: "number-in-text", text: "65/232", want: []graph.ID{paraPP1}},
		{name: "english-text", text: "requesting states", want: []graph.ID{paraOP1}},
		{name: "russian", text: "ЭЛИЗИЯ", want: []graph.ID{stateElysia}},
		{name: "arabic", text: "إليسيا", want: []graph.ID{stateElysia}},
		{name: "chinese", text: "测试国", want: []graph.ID{stateElysia}},
		{name: "not-other-properties", text: "COUNTER_TERRORISM", want: nil},
		{name: "kinds", text: "nucleaire", kinds: []graph.NodeKind{graph.KindInstrument}, want: []graph.ID{instConvention}},
		{name: "several-kinds", text: "nucleaire", kinds: []graph.NodeKind{graph.KindParagraph, graph.KindCrimeType}, want: []graph.ID{crimeNuclear, paraOP1}},
		{name: "kind-without-match", text: "nucleaire", kinds: []graph.NodeKind{graph.KindState}, want: nil},
	}
	for _, tt := range matches {
		t.Run(tt.name, func(t *testing.T) {
			st := s.loaded(t)
			hits := s.search(t, st, graph.SearchQuery{Text: tt.text, Kinds: tt.kinds, Limit: 50})
			sameIDSet(t, "Search("+tt.text+")", hitIDs(hits), tt.want)
		})
	}

	t.Run("name-outranks-text", func(t *testing.T) {
		st := s.loaded(t)
		hits := hitIDs(s.search(t, st, graph.SearchQuery{Text: "nucleaire", Limit: 50}))
		for _, named := range []graph.ID{crimeNuclear, instConvention, documentReport} {
			if i, j := slices.Index(hits, named), slices.Index(hits, paraOP1); i < 0 || j < 0 || i > j {
				t.Errorf("hits %v: want %s, whose name holds the word, before %s, whose text does", hits, named, paraOP1)
			}
		}
	})

	t.Run("short-name-outranks-long-title", func(t *testing.T) {
		st := s.loaded(t)
		hits := hitIDs(s.search(t, st, graph.SearchQuery{Text: "terrorisme", Kinds: []graph.NodeKind{graph.KindCrimeType}, Limit: 50}))
		sameIDs(t, "Search(terrorisme)", hits, []graph.ID{crimeTerrorism, crimeNuclear})
	})

	t.Run("equal-scores-by-id", func(t *testing.T) {
		st := s.loaded(t)
		hits := s.search(t, st, graph.SearchQuery{Text: "atelier formation", Limit: 50})
		sameIDs(t, "Search(atelier formation)", hitIDs(hits), []graph.ID{topicTrainingA, topicTrainingB})
		if len(hits) == 2 && hits[0].Score != hits[1].Score {
			t.Errorf("two nodes with the same text score %v and %v, want equal scores", hits[0].Score, hits[1].Score)
		}
	})

	// The scores follow the rule of graph/textfold (NameWeight…), which
	// every store computes alike, so that their answers are the same to the bit.
	scores := []struct {
		name  string
		text  string
		kinds []graph.NodeKind
		want  []graph.SearchHit // in order
	}{
		{name: "exact-name-and-text", text: "nucleaire", want: []graph.SearchHit{
			{ID: crimeNuclear, Score: 3}, {ID: documentReport, Score: 3}, {ID: instConvention, Score: 3}, {ID: paraOP1, Score: 1},
		}},
		{name: "prefix-name-and-text", text: "NUCL", want: []graph.SearchHit{
			{ID: crimeNuclear, Score: 1.5}, {ID: documentReport, Score: 1.5}, {ID: instConvention, Score: 1.5}, {ID: paraOP1, Score: 0.5},
		}},
		{name: "whole-name-bonus", text: "terrorisme", kinds: []graph.NodeKind{graph.KindCrimeType}, want: []graph.SearchHit{
			{ID: crimeTerrorism, Score: 4}, {ID: crimeNuclear, Score: 3},
		}},
		{name: "whole-name-any-order", text: "nucléaire TERRORISME", kinds: []graph.NodeKind{graph.KindCrimeType}, want: []graph.SearchHit{
			{ID: crimeNuclear, Score: 7},
		}},
		{name: "formal-name", text: "république d’Arcadie", want: []graph.SearchHit{
			{ID: stateArcadia, Score: 8},
		}},
		{name: "symbol", text: "T/RES/1", want: []graph.SearchHit{
			{ID: resolution, Score: 10},
		}},
		{name: "text-exact-and-prefix", text: "requesting sta", want: []graph.SearchHit{
			{ID: paraOP1, Score: 1.5},
		}},
		{name: "equal-scores", text: "atelier formation", want: []graph.SearchHit{
			{ID: topicTrainingA, Score: 6}, {ID: topicTrainingB, Score: 6},
		}},
	}
	for _, tt := range scores {
		t.Run("scores/"+tt.name, func(t *testing.T) {
			st := s.loaded(t)
			hits := s.search(t, st, graph.SearchQuery{Text: tt.text, Kinds: tt.kinds, Limit: 50})
			if !slices.Equal(hits, tt.want) {
				t.Errorf("Search(%s) = %v, want %v", tt.text, hits, tt.want)
			}
		})
	}

	t.Run("deterministic", func(t *testing.T) {
		st := s.loaded(t)
		first := hitIDs(s.search(t, st, graph.SearchQuery{Text: "essai", Limit: 50}))
		if len(first) < 5 {
			t.Fatalf("Search(essai) = %v, want many hits", first)
		}
		for range 3 {
			sameIDs(t, "Search(essai) again", hitIDs(s.search(t, st, graph.SearchQuery{Text: "essai", Limit: 50})), first)
		}
	})

	t.Run("limit", func(t *testing.T) {
		st := s.loaded(t)
		all := hitIDs(s.search(t, st, graph.SearchQuery{Text: "essai", Limit: 50}))
		for _, limit := range []int{1, 2, 3, len(all), len(all) + 5} {
			got := hitIDs(s.search(t, st, graph.SearchQuery{Text: "essai", Limit: limit}))
			sameIDs(t, "Search(essai) with a limit", got, all[:min(limit, len(all))])
		}
	})

	t.Run("empty-store", func(t *testing.T) {
		st := s.empty(t)
		if hits := s.search(t, st, graph.SearchQuery{Text: "nucleaire", Limit: 10}); len(hits) != 0 {
			t.Errorf("Search on an empty store = %v, want no hits", hitIDs(hits))
		}
	})

	t.Run("after-apply", func(t *testing.T) {
		st := s.loaded(t)
		mustApply(t, st, graph.Batch{Nodes: []*graph.Node{
			node("Topic:nuclear-security", graph.Props{"nameFr": "Sécurité nucléaire"}),
		}})
		hits := hitIDs(s.search(t, st, graph.SearchQuery{Text: "securite nucleaire", Limit: 10}))
		sameIDs(t, "Search(securite nucleaire)", hits, []graph.ID{"Topic:nuclear-security"})
	})

	invalid := []struct {
		name string
		q    graph.SearchQuery
	}{
		{"empty-text", graph.SearchQuery{Text: "", Limit: 10}},
		{"blank-text", graph.SearchQuery{Text: " \t\n ", Limit: 10}},
		{"zero-limit", graph.SearchQuery{Text: "nucleaire", Limit: 0}},
		{"negative-limit", graph.SearchQuery{Text: "nucleaire", Limit: -1}},
		{"unknown-kind", graph.SearchQuery{Text: "nucleaire", Kinds: []graph.NodeKind{"Planet"}, Limit: 10}},
	}
	for _, tt := range invalid {
		t.Run("invalid/"+tt.name, func(t *testing.T) {
			st := s.loaded(t)
			_, err := st.Search(t.Context(), tt.q)
			wantCode(t, err, graph.Invalid)
		})
	}
}
