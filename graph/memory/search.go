package memory

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// Search follows the rule in graph/textfold (see NameWeight there): what
// matches, and how it scores, is decided by textfold.SearchFields, which the
// Neo4j store computes alike, so both give the same hits with the same
// scores. Every query word, not only the last, may be a prefix, so
// "terror nucl" finds "terrorisme nucléaire"; a query word never matches in
// the middle of a word. Chinese and Japanese characters are words of their
// own, so a query in those scripts matches the nodes holding all of its
// characters.
//
// The index finds the candidates: postings map each word of any group to
// the nodes holding it, and a sorted list of the words gives those that
// start with a query word. The candidates' fields then give the score.

// searchIndex is an inverted index over the searchable words of the nodes.
type searchIndex struct {
	postings map[string]map[graph.ID]bool // word → nodes holding it
	docs     map[graph.ID]*indexedDoc
	words    []string
	// entered and left are the words that entered or left postings since
	// the last commit, which brings words up to date at the end of the
	// Apply: a word may be in both.
	entered, left []string
}

// indexedDoc is what the index knows of one node.
type indexedDoc struct {
	kind   graph.NodeKind
	fields textfold.SearchFields
	words  []string // fields.All()
}

func newSearchIndex() *searchIndex {
	return &searchIndex{
		postings: make(map[string]map[graph.ID]bool),
		docs:     make(map[graph.ID]*indexedDoc),
	}
}

// add indexes the node id of kind kind, which is not in the index, given
// the folded values of its properties (see entry.folded). Words folds again,
// which changes nothing on text that is already folded.
func (ix *searchIndex) add(id graph.ID, kind graph.NodeKind, folded map[string][]string) {
	props := make(graph.Props, len(folded))
	for prop, values := range folded {
		if _, ok := textfold.SearchGroup(prop); ok {
			props[prop] = values
		}
	}
	fields := textfold.NewSearchFields(props)
	if fields.Empty() {
		return
	}
	doc := &indexedDoc{kind: kind, fields: fields, words: fields.All()}
	ix.docs[id] = doc
	for _, word := range doc.words {
		post := ix.postings[word]
		if post == nil {
			post = make(map[graph.ID]bool)
			ix.postings[word] = post
			ix.entered = append(ix.entered, word)
		}
		post[id] = true
	}
}

// remove takes the node id out of the index, if it is there.
func (ix *searchIndex) remove(id graph.ID) {
	doc := ix.docs[id]
	if doc == nil {
		return
	}
	for _, word := range doc.words {
		post := ix.postings[word]
		delete(post, id)
		if len(post) == 0 {
			delete(ix.postings, word)
			ix.left = append(ix.left, word)
		}
	}
	delete(ix.docs, id)
}

// fewWordChanges is the most words entering or leaving the index that
// commit inserts into or deletes from the sorted words one by one; past
// that it sorts them all again.
const fewWordChanges = 64

// commit brings the sorted words up to date after a series of add and
// remove: a write of a few nodes moves a few words, not all of them.
func (ix *searchIndex) commit() {
	// Dropped rather than emptied: after an import they held every word.
	defer func() { ix.entered, ix.left = nil, nil }()
	if len(ix.entered)+len(ix.left) > fewWordChanges {
		ix.words = ix.words[:0]
		for w := range ix.postings {
			ix.words = append(ix.words, w)
		}
		slices.Sort(ix.words)
		return
	}
	for _, w := range ix.left {
		if i, found := slices.BinarySearch(ix.words, w); found && ix.postings[w] == nil {
			ix.words = slices.Delete(ix.words, i, i+1)
		}
	}
	for _, w := range ix.entered {
		if i, found := slices.BinarySearch(ix.words, w); !found && ix.postings[w] != nil {
			ix.words = slices.Insert(ix.words, i, w)
		}
	}
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

// Search implements graph.Store. The comment at the top of this file says
// what matches and how it ranks; text without any word (only punctuation)
// is Invalid, like empty text.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.searchLocked(ctx, q)
}

// searchLocked is Search for a caller that holds s.mu.
func (s *Store) searchLocked(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
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
	words := textfold.QueryWords(q.Text)
	if len(words) == 0 {
		return nil, graph.Errorf(graph.Invalid, "search: the text %q has no words", q.Text)
	}
	return s.index.search(words, kinds, q.Limit), nil
}

// search returns the best limit nodes of the given kinds (nil: any) that
// match every one of words (textfold.QueryWords).
func (ix *searchIndex) search(words []string, kinds map[graph.NodeKind]bool, limit int) []graph.SearchHit {
	hits := []graph.SearchHit{}

	// The candidates hold, for each query word, a word it is a prefix of.
	var candidates map[graph.ID]bool
	for _, w := range words {
		next := make(map[graph.ID]bool)
		for _, word := range ix.withPrefix(w) {
			for id := range ix.postings[word] {
				if candidates == nil || candidates[id] {
					next[id] = true
				}
			}
		}
		if len(next) == 0 {
			return hits
		}
		candidates = next
	}

	for id := range candidates {
		doc := ix.docs[id]
		if kinds != nil && !kinds[doc.kind] {
			continue
		}
		if score, ok := doc.fields.Score(words); ok {
			hits = append(hits, graph.SearchHit{ID: id, Score: score})
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
