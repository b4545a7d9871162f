package resolvers

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// str returns the string property name of n, or nil when it is absent or
// empty: an unknown fact is null, never "".
func str(n *graph.Node, name string) *string { return n.Props.StringPtr(name) }

// reqStr returns the string property name of n, falling back to fallback
// when it is absent (for non-null fields whose value is also in the key).
func reqStr(n *graph.Node, name, fallback string) string {
	if s := n.Props.StringPtr(name); s != nil {
		return *s
	}
	return fallback
}

// intp returns the integer property name of n, or nil when it is absent.
func intp(p graph.Props, name string) *int {
	v, ok := p.Int(name)
	if !ok {
		return nil
	}
	i := int(v)
	return &i
}

// boolp returns the boolean property name of n, or nil when it is absent.
func boolp(n *graph.Node, name string) *bool {
	b, ok := n.Props[name].(bool)
	if !ok {
		return nil
	}
	return &b
}

// propStr returns the string property name of a relationship, nil when absent.
func propStr(p graph.Props, name string) *string { return p.StringPtr(name) }

// langOr returns *lang, or English when it is nil.
func langOr(lang *graph.Lang) graph.Lang {
	if lang == nil || !lang.Valid() {
		return graph.EN
	}
	return *lang
}

// localized returns the localized property base of n in lang, with the
// node's fallbacks (see graph.Node.Localized).
func localized(n *graph.Node, base string, lang *graph.Lang) *string {
	return n.Localized(base, langOr(lang))
}

// localizedLang returns the language localized would return text in, nil
// when there is no text.
func localizedLang(n *graph.Node, base string, lang *graph.Lang) *graph.Lang {
	v, l := n.LocalizedLang(base, langOr(lang))
	if v == nil {
		return nil
	}
	return &l
}

// enumProp returns the property name of p as the enum E, nil when it is
// absent or not one of E's values.
func enumProp[E interface {
	~string
	IsValid() bool
}](p graph.Props, name string) *E {
	s := p.StringPtr(name)
	if s == nil {
		return nil
	}
	e := E(*s)
	if !e.IsValid() {
		return nil
	}
	return &e
}

// label returns the node's label (graph.Node.Label): one rule for the API
// and every export.
func label(n *graph.Node, lang graph.Lang) string { return n.Label(lang) }

// sortKey orders nodes of one kind the way an analyst reads them:
// paragraphs and footnotes in the order of the text, regions by code,
// instruments by key, everything else by English name.
func sortKey(n *graph.Node) string {
	if n == nil {
		return "\uffff"
	}
	switch n.Kind {
	case graph.KindParagraph:
		pos, _ := n.Props.Int("position")
		return fmt.Sprintf("%s\x00%08d", n.Props.String("resolution"), pos)
	case graph.KindFootnote:
		num, _ := n.Props.Int("number")
		return fmt.Sprintf("%s\x00%08d", n.Props.String("resolution"), num)
	case graph.KindRegion, graph.KindInstrument, graph.KindResolution:
		return n.Key
	}
	return strings.ToLower(label(n, graph.EN))
}

// compareNodes orders nodes by kind, then sortKey, then ID.
func compareNodes(a, b *graph.Node) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		}
		return -1
	}
	return cmp.Or(
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(sortKey(a), sortKey(b)),
		cmp.Compare(a.ID, b.ID),
	)
}

// nonEmpty returns &s, or nil when s is empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
