package textfold

import (
	"slices"
	"sort"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// The search rule, shared by every store so that they rank alike to the bit.
//
// A node's searchable words fall into three groups, each with a weight:
//
//   - names (NameWeight 3): the words of every variant of name, title,
//     shortName, acronym and symbol;
//   - formal names (FormalWeight 2): the words of every variant of formalName;
//   - texts (TextWeight 1): the words of every variant of text.
//
// A variant is the bare property or base+Lang.Suffix() ("nameEn", "textFr");
// a string-list property counts each element as a value. Words are
// textfold.Words: folded, so matching ignores case and accents.
//
// A query word matches a group when it is one of the group's words (an exact
// match, worth the group's weight) or a proper prefix of one (a prefix match,
// worth half of it). A word's score is its best match over the groups, so it
// is one of 3, 2, 1.5, 1, 0.5 or 0. A node matches when every distinct query
// word scores above 0; its score is the sum of its words' scores, plus
// WholeNameBonus when the query's distinct words are exactly the distinct
// words of one of its names or formal names. Hits are ranked by score, best
// first, the ID breaking ties.
//
// Every score is a multiple of 0.5 well below 2^52, so sums of them are exact
// in binary floating point whatever the order of the terms: a store that
// computes the rule elsewhere (Cypher in Neo4j) gets the same float64.
const (
	NameWeight     = 3.0 // a match in a name, title, short name, acronym or symbol
	FormalWeight   = 2.0 // a match in a formal name
	TextWeight     = 1.0 // a match in a text
	PrefixFactor   = 0.5 // what a prefix match is worth, relative to an exact one
	WholeNameBonus = 1.0 // added when the query is exactly one of the node's names
)

// Group is one of the weighted groups of a node's searchable words.
type Group int

// The groups, best first.
const (
	GroupName   Group = iota // names, titles, short names, acronyms, symbols
	GroupFormal              // formal names
	GroupText                // texts
)

// Weight returns the weight of an exact match in g.
func (g Group) Weight() float64 {
	switch g {
	case GroupName:
		return NameWeight
	case GroupFormal:
		return FormalWeight
	default:
		return TextWeight
	}
}

// searchGroups maps each base of graph.SearchableProps to its group.
var searchGroups = map[string]Group{
	"name":       GroupName,
	"title":      GroupName,
	"shortName":  GroupName,
	"acronym":    GroupName,
	"symbol":     GroupName,
	"formalName": GroupFormal,
	"text":       GroupText,
}

// SearchGroup returns the group of the property prop (a base of
// graph.SearchableProps or one of its localized variants), and false when
// Search does not look in prop.
func SearchGroup(prop string) (Group, bool) {
	if g, ok := searchGroups[prop]; ok {
		return g, true
	}
	for _, l := range graph.Langs {
		if base, ok := strings.CutSuffix(prop, l.Suffix()); ok {
			if g, ok := searchGroups[base]; ok {
				return g, true
			}
		}
	}
	return 0, false
}

// SearchFields holds what the search rule needs of a node: the distinct
// words of each group, sorted, and its whole names. A node whose fields are
// Empty is never a hit.
type SearchFields struct {
	Names  []string // words of the names group, sorted, distinct
	Formal []string // words of the formal names group, sorted, distinct
	Texts  []string // words of the texts group, sorted, distinct
	// Whole holds, for each value in the names and formal names groups, its
	// distinct words sorted and joined by a space (see QueryKey); sorted,
	// distinct.
	Whole []string
}

// NewSearchFields returns the search fields of a node with properties p.
// Values that are neither strings nor string lists are ignored.
func NewSearchFields(p graph.Props) SearchFields {
	var groups [3][]string
	var whole []string
	for prop, v := range p {
		g, ok := SearchGroup(prop)
		if !ok {
			continue
		}
		var values []string
		switch v := v.(type) {
		case string:
			values = []string{v}
		case []string:
			values = v
		}
		for _, value := range values {
			words := Words(value)
			if len(words) == 0 {
				continue
			}
			groups[g] = append(groups[g], words...)
			if g != GroupText {
				whole = append(whole, QueryKey(words))
			}
		}
	}
	return SearchFields{
		Names:  sortedSet(groups[GroupName]),
		Formal: sortedSet(groups[GroupFormal]),
		Texts:  sortedSet(groups[GroupText]),
		Whole:  sortedSet(whole),
	}
}

// Empty reports whether f holds no word, so that no query matches it.
func (f SearchFields) Empty() bool {
	return len(f.Names) == 0 && len(f.Formal) == 0 && len(f.Texts) == 0
}

// Group returns the sorted words of group g.
func (f SearchFields) Group(g Group) []string {
	switch g {
	case GroupName:
		return f.Names
	case GroupFormal:
		return f.Formal
	default:
		return f.Texts
	}
}

// All returns every word of f, sorted, distinct.
func (f SearchFields) All() []string {
	all := make([]string, 0, len(f.Names)+len(f.Formal)+len(f.Texts))
	all = append(all, f.Names...)
	all = append(all, f.Formal...)
	all = append(all, f.Texts...)
	return sortedSet(all)
}

// QueryWords returns the distinct words (Words) of a search text, sorted:
// the words the rule scores, in the order their scores are added.
func QueryWords(text string) []string {
	return sortedSet(Words(text))
}

// QueryKey returns the key that tells whether the words make up a whole name:
// the distinct words, sorted, joined by a space. SearchFields.Whole holds the
// keys of a node's names.
func QueryKey(words []string) string {
	return strings.Join(sortedSet(slices.Clone(words)), " ")
}

// WordScore returns the score of one query word in f: the best, over the
// groups, of the group's weight for an exact match and PrefixFactor times it
// for a prefix match; 0 when w matches nowhere.
func (f SearchFields) WordScore(w string) float64 {
	best := 0.0
	for _, g := range []Group{GroupName, GroupFormal, GroupText} {
		score := 0.0
		switch exact, prefix := lookup(f.Group(g), w); {
		case exact:
			score = g.Weight()
		case prefix:
			score = g.Weight() * PrefixFactor
		}
		best = max(best, score)
	}
	return best
}

// Score returns the score of f for the query words (QueryWords: sorted and
// distinct), and false when f does not match them all.
func (f SearchFields) Score(words []string) (float64, bool) {
	if len(words) == 0 {
		return 0, false
	}
	total := 0.0
	for _, w := range words {
		s := f.WordScore(w)
		if s == 0 {
			return 0, false
		}
		total += s
	}
	if _, whole := slices.BinarySearch(f.Whole, QueryKey(words)); whole {
		total += WholeNameBonus
	}
	return total, true
}

// lookup reports whether w is one of the sorted words, and whether it is a
// proper prefix of one of them.
func lookup(words []string, w string) (exact, prefix bool) {
	i := sort.SearchStrings(words, w)
	if i < len(words) && words[i] == w {
		exact = true
		i++
	}
	prefix = i < len(words) && strings.HasPrefix(words[i], w)
	return exact, prefix
}

// sortedSet sorts s and removes repeats, in place; nil stays nil.
func sortedSet(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	return slices.Compact(s)
}
