package memory

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// Search ranking. Each node is one document whose words are the folded words
// (textfold.Words) of every variant of graph.SearchableProps (the bare
// property and base+"En", "Fr", "Es", "Ru", "Zh", "Ar"). Chinese and Japanese
// characters are words of their own, so a query in those scripts matches the
// nodes holding all of its characters.
//
// Matching: a node matches when each query word is a word of the node or a
// prefix of one. Every query word, not only the last, may be a prefix, so
// "terror nucl" finds "terrorisme nucléaire"; a query word never matches in
// the middle of a word.
//
// Scoring is BM25F-like: a word found in a name counts nameWeight times, in a
// text once, and the node's length is its weighted word count, so a short
// name holding the word outranks a long paragraph that mentions it. A match
// on a longer word (a prefix match) counts prefixWeight of an exact one. A
// node's score is the sum, over the query words, of its best-scoring match.
const (
	bm25K1       = 1.2
	bm25B        = 0.75
	nameWeight   = 3.0
	prefixWeight = 0.5
)

// fieldWeights gives each searchable property base its weight; a base that is
// not listed weighs 1, like a paragraph's text.
var fieldWeights = map[string]float64{
	"name":       nameWeight,
	"title":      nameWeight,
	"shortName":  nameWeight,
	"acronym":    nameWeight,
	"symbol":     nameWeight,
	"formalName": 2,
	"text":       1,
}

// searchIndex is an inverted index over the searchable words of the nodes.
type searchIndex struct {
	postings map[string]map[graph.ID]float64 // word → node → weighted frequency
	docs     map[graph.ID]*indexedDoc
	totalLen float64 // sum of the docs' lengths
	words    []string
	// wordsStale is set when a word enters or leaves postings, so that the
	// sorted words are rebuilt at the end of the Apply.
	wordsStale bool
}

// indexedDoc is what the index knows of one node.
type indexedDoc struct {
	kind   graph.NodeKind
	freq   map[string]float64 // word → weighted frequency
	length float64            // weighted number of words
}

func newSearchIndex() *searchIndex {
	return &searchIndex{
		postings: make(map[string]map[graph.ID]float64),
		docs:     make(map[graph.ID]*indexedDoc),
	}
}

// searchableProps lists every property name Search looks in, with its weight.
var searchableProps = func() map[string]float64 {
	props := make(map[string]float64)
	for _, base := range graph.SearchableProps {
		w, ok := fieldWeights[base]
		if !ok {
			w = 1
		}
		props[base] = w
		for _, l := range graph.Langs {
			props[base+l.Suffix()] = w
		}
	}
	return props
}()

// add indexes the node id of kind kind, which is not in the index, given
// the folded values of its properties (see entry.folded). Words folds again,
// which costs little on text that is already folded.
func (ix *searchIndex) add(id graph.ID, kind graph.NodeKind, folded map[string][]string) {
	doc := &indexedDoc{kind: kind, freq: make(map[string]float64)}
	for prop, w := range searchableProps {
		for _, v := range folded[prop] {
			for _, word := range textfold.Words(v) {
				doc.freq[word] += w
				doc.length += w
			}
		}
	}
	if doc.length == 0 {
		return
	}
	ix.docs[id] = doc
	ix.totalLen += doc.length
	for word, f := range doc.freq {
		post := ix.postings[word]
		if post == nil {
			post = make(map[graph.ID]float64)
			ix.postings[word] = post
			ix.wordsStale = true
		}
		post[id] = f
	}
}

// remove takes the node id out of the index, if it is there.
func (ix *searchIndex) remove(id graph.ID) {
	doc := ix.docs[id]
	if doc == nil {
		return
	}
	for word := range doc.freq {
		post := ix.postings[word]
		delete(post, id)
		if len(post) == 0 {
			delete(ix.postings, word)
			ix.wordsStale = true
		}
	}
	ix.totalLen -= doc.length
	delete(ix.docs, id)
}

// commit brings the sorted words up to date after a series of add and remove.
func (ix *searchIndex) commit() {
	if !ix.wordsStale {
		return
	}
	ix.words = ix.words[:0]
	for w := range ix.postings {
		ix.words = append(ix.words, w)
	}
	slices.Sort(ix.words)
	ix.wordsStale = false
}

// withPrefix returns the indexed words that start with prefix, itself included.
func (ix *searchIndex) withPrefix(prefix string) []string {
	i := sort.SearchStrings(ix.words, prefix)
	j := i
	for j < len(ix.words) && strings.HasPrefix(ix.words[j], prefix) {
		j++
	}
	return ix.words[i:j]
}

// Search implements graph.Store. The comment on the ranking constants above
// (bm25K1…) says what matches and how it ranks; text without any word (only
// punctuation) is Invalid, like empty text.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.usable(ctx, "search"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(q.Text) == "" {
		return nil, graph.Errorf(graph.Invalid, "search: the text is empty")
	}
	if q.Limit <= 0 {
		return nil, graph.Errorf(graph.Invalid, "search: limit %d is not positive", q.Limit)
	}
	var kinds map[graph.NodeKind]bool
	if len(q.Kinds) > 0 {
		kinds = make(map[graph.NodeKind]bool, len(q.Kinds))
		for _, k := range q.Kinds {
			if !k.Valid() {
				return nil, graph.Errorf(graph.Invalid, "search: unknown node kind %q", k)
			}
			kinds[k] = true
		}
	}
	words := textfold.Words(q.Text)
	if len(words) == 0 {
		return nil, graph.Errorf(graph.Invalid, "search: the text %q has no words", q.Text)
	}
	slices.Sort(words)
	words = slices.Compact(words)
	return s.index.search(words, kinds, q.Limit), nil
}

// search returns the best limit nodes of the given kinds (nil: any) that
// match every one of words.
func (ix *searchIndex) search(words []string, kinds map[graph.NodeKind]bool, limit int) []graph.SearchHit {
	hits := []graph.SearchHit{}
	if len(ix.docs) == 0 {
		return hits
	}
	n := float64(len(ix.docs))
	avgLen := ix.totalLen / n

	// perWord[i] holds, for each node matching words[i], its best score for it.
	perWord := make([]map[graph.ID]float64, len(words))
	smallest := 0
	for i, w := range words {
		best := make(map[graph.ID]float64)
		for _, word := range ix.withPrefix(w) {
			post := ix.postings[word]
			df := float64(len(post))
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			if word != w {
				idf *= prefixWeight
			}
			for id, f := range post {
				doc := ix.docs[id]
				if kinds != nil && !kinds[doc.kind] {
					continue
				}
				score := idf * f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*doc.length/avgLen))
				if score > best[id] {
					best[id] = score
				}
			}
		}
		if len(best) == 0 {
			return hits
		}
		perWord[i] = best
		if len(best) < len(perWord[smallest]) {
			smallest = i
		}
	}

	for id := range perWord[smallest] {
		total, all := 0.0, true
		// Sum in the order of words, so that equal nodes get equal scores.
		for _, best := range perWord {
			score, ok := best[id]
			if !ok {
				all = false
				break
			}
			total += score
		}
		if all {
			hits = append(hits, graph.SearchHit{ID: id, Score: total})
		}
	}
	slices.SortFunc(hits, func(a, b graph.SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}
