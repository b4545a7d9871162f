package graph

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Lang is one of the six official languages of the United Nations.
type Lang string

// The six UN languages.
const (
	EN Lang = "EN"
	FR Lang = "FR"
	ES Lang = "ES"
	RU Lang = "RU"
	ZH Lang = "ZH"
	AR Lang = "AR"
)

// Langs lists the six UN languages in the UN's usual order.
var Langs = []Lang{AR, ZH, EN, FR, RU, ES}

// Valid reports whether l is one of the six UN languages.
func (l Lang) Valid() bool {
	switch l {
	case EN, FR, ES, RU, ZH, AR:
		return true
	}
	return false
}

// Suffix is the property-name suffix of the language: "En", "Fr", …
func (l Lang) Suffix() string {
	if len(l) != 2 {
		return ""
	}
	return string(l[0]) + string(l[1]+'a'-'A')
}

// Props holds a node's or a relationship's properties. Values are one of
// string, int64, float64, bool or []string; names are camelCase. A localized
// text is stored as one property per language, named base+Lang.Suffix()
// (nameEn, nameFr, textFr), and the node's "lang" property names its original
// language.
type Props map[string]any

// ReservedProps are the property names that stores keep for themselves (a
// node's global ID and key, a relationship's key and source): Props may not
// use them.
var ReservedProps = []string{
	"id", "key", "sourceDocument", "sourceLocator", "sourceParagraph",
	"sourceCitation", "sourceUrl", "sourceBasis", "sourceNote",
}

// Validate checks every property name (camelCase, not reserved), value type
// and that every text is valid UTF-8.
func (p Props) Validate() error {
	for _, k := range p.Keys() {
		if err := checkName(k); err != nil {
			return err
		}
		if slices.Contains(ReservedProps, k) {
			return fmt.Errorf("property name %q is reserved (reserved: %v)", k, ReservedProps)
		}
		switch v := p[k].(type) {
		case string:
			if !utf8.ValidString(v) {
				return fmt.Errorf("property %s: not valid UTF-8", k)
			}
		case []string:
			for _, s := range v {
				if !utf8.ValidString(s) {
					return fmt.Errorf("property %s: not valid UTF-8", k)
				}
			}
		case int64, float64, bool:
		default:
			return fmt.Errorf("property %s: unsupported type %T (want string, int64, float64, bool or []string)", k, p[k])
		}
	}
	return nil
}

// Keys returns the property names in sorted order.
func (p Props) Keys() []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// String returns the string property name, or "" when it is absent or not a string.
func (p Props) String(name string) string {
	s, _ := p[name].(string)
	return s
}

// StringPtr returns the string property name, or nil when it is absent or empty:
// an unknown stays null.
func (p Props) StringPtr(name string) *string {
	s, ok := p[name].(string)
	if !ok || s == "" {
		return nil
	}
	return &s
}

// Int returns the integer property name and whether it is present.
func (p Props) Int(name string) (int64, bool) {
	switch v := p[name].(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case float64:
		return int64(v), true
	}
	return 0, false
}

// Bool returns the boolean property name (false when absent).
func (p Props) Bool(name string) bool {
	b, _ := p[name].(bool)
	return b
}

// Strings returns the string-list property name (nil when absent).
func (p Props) Strings(name string) []string {
	switch v := p[name].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Node is a node of the graph.
type Node struct {
	ID      ID       // global ID, "Kind:key"
	Kind    NodeKind // the kind, also the first part of ID
	Key     string   // the key, the second part of ID
	Props   Props    // properties; see Props
	Sources []Source // where the node's facts come from
}

// NewNode returns a node of kind k with key key and the given properties.
func NewNode(k NodeKind, key string, props Props, sources ...Source) *Node {
	if props == nil {
		props = Props{}
	}
	return &Node{ID: NewID(k, key), Kind: k, Key: key, Props: props, Sources: sources}
}

// Lang returns the node's original language (its "lang" property), EN when unset.
func (n *Node) Lang() Lang {
	if l := Lang(n.Props.String("lang")); l.Valid() {
		return l
	}
	return EN
}

// Localized returns the localized property base (e.g. "name", "title", "text")
// in language lang, falling back to the node's original language, then to
// English, then to French. It returns nil when no language has it.
func (n *Node) Localized(base string, lang Lang) *string {
	v, _ := n.LocalizedLang(base, lang)
	return v
}

// LocalizedLang is like Localized but also returns the language of the text
// returned: one fallback chain for the text and the …Lang fields that say
// its language.
func (n *Node) LocalizedLang(base string, lang Lang) (*string, Lang) {
	for _, l := range []Lang{lang, n.Lang(), EN, FR} {
		if v := n.Props.StringPtr(base + l.Suffix()); v != nil {
			return v, l
		}
	}
	return nil, ""
}

// Validate checks the node's ID, kind, key, properties and sources.
func (n *Node) Validate() error {
	kind, key, err := ParseID(n.ID)
	if err != nil {
		return err
	}
	if kind != n.Kind || key != n.Key {
		return Errorf(Invalid, "node %s: kind %q and key %q do not match its id", n.ID, n.Kind, n.Key)
	}
	if err := n.Props.Validate(); err != nil {
		return Errorf(Invalid, "node %s: %v", n.ID, err)
	}
	for i, s := range n.Sources {
		if err := s.Validate(); err != nil {
			return Errorf(Invalid, "node %s: source %d: %v", n.ID, i+1, err)
		}
	}
	return nil
}

// Relationship is a directed, typed edge between two nodes. Two relationships
// with the same From, Type, To and Key are the same relationship; Key tells
// apart parallel relationships of one type (it is usually empty).
type Relationship struct {
	From   ID
	Type   RelType
	To     ID
	Key    string
	Props  Props
	Source Source // where the fact comes from
}

// Identity returns the string that identifies the relationship: from, type,
// to and key.
func (r *Relationship) Identity() string {
	return string(r.From) + "|" + string(r.Type) + "|" + string(r.To) + "|" + r.Key
}

// CompareIdentity orders relationships by their identities, as
// strings.Compare(a.Identity(), b.Identity()) does, without building them.
func CompareIdentity(a, b *Relationship) int {
	pa := [...]string{string(a.From), "|", string(a.Type), "|", string(a.To), "|", a.Key}
	pb := [...]string{string(b.From), "|", string(b.Type), "|", string(b.To), "|", b.Key}
	i, j, oi, oj := 0, 0, 0, 0
	for {
		for i < len(pa) && oi == len(pa[i]) {
			i, oi = i+1, 0
		}
		for j < len(pb) && oj == len(pb[j]) {
			j, oj = j+1, 0
		}
		switch {
		case i == len(pa) && j == len(pb):
			return 0
		case i == len(pa):
			return -1
		case j == len(pb):
			return 1
		}
		n := min(len(pa[i])-oi, len(pb[j])-oj)
		if c := strings.Compare(pa[i][oi:oi+n], pb[j][oj:oj+n]); c != 0 {
			return c
		}
		oi, oj = oi+n, oj+n
	}
}

// Bare returns r's ends and type, without its properties, key or source:
// a relationship of a NeighborhoodQuery with Bare.
func (r *Relationship) Bare() *Relationship {
	return &Relationship{From: r.From, Type: r.Type, To: r.To, Props: Props{}}
}

// Validate checks the relationship's endpoints, type, properties and source.
func (r *Relationship) Validate() error {
	if _, _, err := ParseID(r.From); err != nil {
		return Errorf(Invalid, "relationship %s: from: %v", r.Identity(), err)
	}
	if _, _, err := ParseID(r.To); err != nil {
		return Errorf(Invalid, "relationship %s: to: %v", r.Identity(), err)
	}
	if !r.Type.Valid() {
		return Errorf(Invalid, "relationship %s: unknown type %q", r.Identity(), r.Type)
	}
	if err := r.Props.Validate(); err != nil {
		return Errorf(Invalid, "relationship %s: %v", r.Identity(), err)
	}
	if err := r.Source.Validate(); err != nil {
		return Errorf(Invalid, "relationship %s: source: %v", r.Identity(), err)
	}
	return nil
}

// Label returns a short name of the node for people to read, in language lang
// where the node has it: a resolution's symbol, a paragraph's
// "A/RES/66/178 OP9", a footnote's "A/RES/66/178 FN1", a body's acronym, an
// instrument's short name or title, otherwise its name, otherwise its key.
// The API's label field and every export use it.
func (n *Node) Label(lang Lang) string {
	switch n.Kind {
	case KindResolution:
		if s := n.Props.String("symbol"); s != "" {
			return s
		}
		return n.Key
	case KindParagraph, KindFootnote:
		num, ok := n.Props.Int("number")
		sym := n.Props.String("resolution")
		if !ok || sym == "" {
			return n.Key
		}
		kind := "FN"
		if n.Kind == KindParagraph {
			kind = "OP"
			if n.Props.String("paragraphKind") == "PREAMBULAR" {
				kind = "PP"
			}
		}
		return fmt.Sprintf("%s %s%d", sym, kind, num)
	case KindBody:
		if s := n.Props.String("acronym"); s != "" {
			return s
		}
	case KindInstrument:
		if s := n.Props.String("shortName"); s != "" {
			return s
		}
		if s := n.Localized("title", lang); s != nil {
			return *s
		}
	}
	if s := n.Localized("name", lang); s != nil {
		return *s
	}
	return n.Key
}
