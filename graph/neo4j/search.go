package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// searchIndexName is the full-text index over _searchAll.
const searchIndexName = "nexus_search"

// maxLuceneWords bounds the words of the full-text query, far below
// Lucene's limit on clauses. The index only finds candidates: with more
// words, the longest ones find them, and the scoring below still requires
// every word.
const maxLuceneWords = 32

// searchQuery finds the candidates with the full-text index, then scores
// them with the rule of graph/textfold over the stored word lists: for each
// query word, the best of 3 (exact in a name), 2 (exact in a formal name),
// 1.5 (prefix in a name), 1 (exact in a text, or prefix in a formal name)
// and 0.5 (prefix in a text); a word that scores 0 rules the node out. At
// each step of the CASE the word is not in the group tested before, so
// STARTS WITH means a proper prefix there. The scores are summed in the
// order of $words, plus the whole-name bonus; all are multiples of 0.5, so
// the sum is the memory store's to the bit.
var searchQuery = fmt.Sprintf(`CALL db.index.fulltext.queryNodes('%[1]s', $lucene) YIELD node AS n
WHERE $kinds IS NULL OR any(l IN labels(n) WHERE l IN $kinds)
WITH n, coalesce(n.%[2]s, []) AS names, coalesce(n.%[3]s, []) AS formal, coalesce(n.%[4]s, []) AS texts
WITH n, [w IN $words |
  CASE
    WHEN w IN names THEN %[6]v
    WHEN w IN formal THEN %[7]v
    WHEN any(x IN names WHERE x STARTS WITH w) THEN %[8]v
    WHEN w IN texts THEN %[9]v
    WHEN any(x IN formal WHERE x STARTS WITH w) THEN %[10]v
    WHEN any(x IN texts WHERE x STARTS WITH w) THEN %[11]v
    ELSE 0.0
  END] AS scores
WHERE all(s IN scores WHERE s > 0.0)
WITH n, reduce(total = 0.0, s IN scores | total + s)
  + CASE WHEN $whole IN coalesce(n.%[5]s, []) THEN %[12]v ELSE 0.0 END AS score
ORDER BY score DESC, n.%[13]s
LIMIT $limit
RETURN n.%[13]s AS id, score`,
	searchIndexName, propSearchName, propSearchFormal, propSearchText, propSearchWhole,
	cypherFloat(textfold.NameWeight),
	cypherFloat(textfold.FormalWeight),
	cypherFloat(textfold.NameWeight*textfold.PrefixFactor),
	cypherFloat(textfold.TextWeight),
	cypherFloat(textfold.FormalWeight*textfold.PrefixFactor),
	cypherFloat(textfold.TextWeight*textfold.PrefixFactor),
	cypherFloat(textfold.WholeNameBonus),
	propID,
)

// cypherFloat writes f as a Cypher float literal.
func cypherFloat(f float64) string {
	s := fmt.Sprint(f)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// Search implements graph.Store. It ranks as the memory store does: see the
// rule in graph/textfold.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := s.usable(ctx, "search"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(q.Text) == "" {
		return nil, graph.Errorf(graph.Invalid, "search: the text is empty")
	}
	if q.Limit <= 0 {
		return nil, graph.Errorf(graph.Invalid, "search: limit %d is not positive", q.Limit)
	}
	var kinds []string // nil: every kind
	for _, k := range q.Kinds {
		if !k.Valid() {
			return nil, graph.Errorf(graph.Invalid, "search: unknown node kind %q", k)
		}
		kinds = append(kinds, string(k))
	}
	words := textfold.QueryWords(q.Text)
	if len(words) == 0 {
		return nil, graph.Errorf(graph.Invalid, "search: the text %q has no words", q.Text)
	}
	params := map[string]any{
		"lucene": luceneQuery(words),
		"words":  words,
		"whole":  textfold.QueryKey(words),
		"kinds":  nil,
		"limit":  int64(q.Limit),
	}
	if kinds != nil {
		params["kinds"] = kinds
	}
	records, err := s.read(ctx, "search", searchQuery, params)
	if err != nil {
		return nil, err
	}
	hits := make([]graph.SearchHit, 0, len(records))
	for _, rec := range records {
		id, ok := rec.Values[0].(string)
		score, ok2 := rec.Values[1].(float64)
		if !ok || !ok2 {
			return nil, s.internal("search", fmt.Errorf("unexpected row %v", rec.Values))
		}
		hits = append(hits, graph.SearchHit{ID: graph.ID(id), Score: score})
	}
	return hits, nil
}

// luceneQuery returns the full-text query that finds the nodes holding, for
// each of words (at most maxLuceneWords of the longest), a word it is a
// prefix of.
func luceneQuery(words []string) string {
	if len(words) > maxLuceneWords {
		words = slices.Clone(words)
		slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
		words = words[:maxLuceneWords]
	}
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = "+" + escapeLucene(w) + "*"
	}
	return strings.Join(terms, " ")
}

// escapeLucene escapes the characters that Lucene's query syntax gives a
// meaning. Words (textfold.Words) hold letters, digits and marks only, so
// this is a safeguard.
func escapeLucene(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\+-!():^[]"{}~*?|&/`, r) || r == ' ' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
