package resolvers

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

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
