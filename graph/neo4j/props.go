package neo4j

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// The names the store gives to what is not a Prop. See the package comment.
const (
	labelNexus = "Nexus" // the label of every node of the store

	propID  = "id"
	propKey = "key"

	internalPrefix = "_"      // the prefix of every derived property
	foldPrefix     = "_fold_" // + name: the folded copy of a string property

	propSearchName   = "_searchName"
	propSearchFormal = "_searchFormal"
	propSearchText   = "_searchText"
	propSearchWhole  = "_searchWhole"
	propSearchAll    = "_searchAll"
)

// sourceProps are the names of a Source's fields, in the order of sourceFields.
var sourceProps = [...]string{
	"sourceDocument", "sourceLocator", "sourceParagraph", "sourceCitation",
	"sourceUrl", "sourceBasis", "sourceNote",
}

// ReservedProps returns the property names the store uses for itself,
// which Props may not use: Apply rejects them (Invalid).
func ReservedProps() []string {
	return append([]string{propID, propKey}, sourceProps[:]...)
}

// reserved reports whether name is one of ReservedProps.
func reserved(name string) bool {
	if name == propID || name == propKey {
		return true
	}
	for _, p := range sourceProps {
		if name == p {
			return true
		}
	}
	return false
}

// sourceFields returns the fields of s in the order of sourceProps.
func sourceFields(s graph.Source) [len(sourceProps)]string {
	return [...]string{s.Document, s.Locator, string(s.Paragraph), s.Citation, s.URL, string(s.Basis), s.Note}
}

// sourceFromFields is the inverse of sourceFields.
func sourceFromFields(f [len(sourceProps)]string) graph.Source {
	return graph.Source{
		Document: f[0], Locator: f[1], Paragraph: graph.ID(f[2]), Citation: f[3],
		URL: f[4], Basis: graph.Basis(f[5]), Note: f[6],
	}
}

// checkStored reports what, beyond graph's own validation, keeps p from
// being stored: a reserved name or a string that is not UTF-8.
func checkStored(p graph.Props) error {
	for _, k := range p.Keys() {
		if reserved(k) {
			return fmt.Errorf("property %s: the name is reserved by the Neo4j store (reserved: %s)", k, strings.Join(ReservedProps(), ", "))
		}
		switch v := p[k].(type) {
		case string:
			if !utf8.ValidString(v) {
				return fmt.Errorf("property %s: the text is not valid UTF-8", k)
			}
		case []string:
			for i, s := range v {
				if !utf8.ValidString(s) {
					return fmt.Errorf("property %s: element %d is not valid UTF-8", k, i+1)
				}
			}
		}
	}
	return nil
}

// checkUTF8 reports the first of the named strings that is not UTF-8.
func checkUTF8(what string, strs ...string) error {
	for _, s := range strs {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%s: %q is not valid UTF-8", what, s)
		}
	}
	return nil
}

// nodeProps returns the Neo4j properties of n: its Props, id, key, sources,
// folded copies and search fields.
func nodeProps(n *graph.Node) map[string]any {
	props := make(map[string]any, 2*len(n.Props)+16)
	for k, v := range n.Props {
		switch v := v.(type) {
		case string:
			props[k] = v
			props[foldPrefix+k] = textfold.Fold(v)
		case []string:
			list := make([]string, len(v))
			folded := make([]string, len(v))
			for i, s := range v {
				list[i] = s
				folded[i] = textfold.Fold(s)
			}
			props[k] = list
			props[foldPrefix+k] = folded
		default:
			props[k] = v
		}
	}
	props[propID] = string(n.ID)
	props[propKey] = n.Key
	if len(n.Sources) > 0 {
		var lists [len(sourceProps)][]string
		for _, s := range n.Sources {
			for i, f := range sourceFields(s) {
				lists[i] = append(lists[i], f)
			}
		}
		for i, name := range sourceProps {
			props[name] = lists[i]
		}
	}
	fields := textfold.NewSearchFields(n.Props)
	if !fields.Empty() {
		setList(props, propSearchName, fields.Names)
		setList(props, propSearchFormal, fields.Formal)
		setList(props, propSearchText, fields.Texts)
		setList(props, propSearchWhole, fields.Whole)
		props[propSearchAll] = strings.Join(fields.All(), " ")
	}
	return props
}

// setList sets props[name] to list unless it is empty.
func setList(props map[string]any, name string, list []string) {
	if len(list) > 0 {
		props[name] = list
	}
}

// relProps returns the Neo4j properties of r: its Props, key and source.
func relProps(r *graph.Relationship) map[string]any {
	props := make(map[string]any, len(r.Props)+8)
	for k, v := range r.Props {
		if list, ok := v.([]string); ok {
			v = append([]string{}, list...)
		}
		props[k] = v
	}
	props[propKey] = r.Key
	for i, f := range sourceFields(r.Source) {
		if f != "" {
			props[sourceProps[i]] = f
		}
	}
	return props
}

// decodeNode rebuilds a node from its Neo4j properties.
func decodeNode(props map[string]any) (*graph.Node, error) {
	id, _ := props[propID].(string)
	kind, key, err := graph.ParseID(graph.ID(id))
	if err != nil {
		return nil, fmt.Errorf("stored node with id %q: %v", id, graph.ErrorMessage(err))
	}
	if stored, _ := props[propKey].(string); stored != key {
		return nil, fmt.Errorf("stored node %s: key %q does not match its id", id, stored)
	}
	n := &graph.Node{ID: graph.ID(id), Kind: kind, Key: key, Props: graph.Props{}}
	var lists [len(sourceProps)][]string
	hasSources := false
	for name, v := range props {
		switch {
		case name == propID || name == propKey || strings.HasPrefix(name, internalPrefix):
			continue
		case reserved(name):
			list, err := stringList(v)
			if err != nil {
				return nil, fmt.Errorf("stored node %s: %s: %v", id, name, err)
			}
			for i, p := range sourceProps {
				if p == name {
					lists[i] = list
				}
			}
			hasSources = true
			continue
		}
		value, err := decodeValue(v)
		if err != nil {
			return nil, fmt.Errorf("stored node %s: property %s: %v", id, name, err)
		}
		n.Props[name] = value
	}
	if hasSources {
		count := len(lists[0])
		for i, l := range lists {
			if len(l) != count {
				return nil, fmt.Errorf("stored node %s: %d values in %s but %d in %s", id, len(l), sourceProps[i], count, sourceProps[0])
			}
		}
		n.Sources = make([]graph.Source, count)
		for j := range count {
			var f [len(sourceProps)]string
			for i := range sourceProps {
				f[i] = lists[i][j]
			}
			n.Sources[j] = sourceFromFields(f)
		}
	}
	return n, nil
}

// decodeRel rebuilds a relationship from its ends, type and Neo4j properties.
func decodeRel(from, to, typ string, props map[string]any) (*graph.Relationship, error) {
	r := &graph.Relationship{From: graph.ID(from), Type: graph.RelType(typ), To: graph.ID(to), Props: graph.Props{}}
	var f [len(sourceProps)]string
	for name, v := range props {
		switch {
		case name == propKey:
			key, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("stored relationship %s: key of type %T", r.Identity(), v)
			}
			r.Key = key
			continue
		case strings.HasPrefix(name, internalPrefix):
			continue
		case reserved(name):
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("stored relationship %s: %s of type %T", r.Identity(), name, v)
			}
			for i, p := range sourceProps {
				if p == name {
					f[i] = s
				}
			}
			continue
		}
		value, err := decodeValue(v)
		if err != nil {
			return nil, fmt.Errorf("stored relationship %s: property %s: %v", r.Identity(), name, err)
		}
		r.Props[name] = value
	}
	r.Source = sourceFromFields(f)
	return r, nil
}

// decodeValue turns a property value from the driver into a Props value:
// Cypher lists come back as []any, which hold strings here.
func decodeValue(v any) (any, error) {
	switch v := v.(type) {
	case string, int64, float64, bool:
		return v, nil
	case []any:
		return stringList(v)
	}
	return nil, fmt.Errorf("unsupported type %T", v)
}

// stringList turns a list from the driver into a []string (never nil).
func stringList(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list, got %T", v)
	}
	out := make([]string, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("element %d of type %T, want a string", i+1, x)
		}
		out[i] = s
	}
	return out, nil
}
