package analysis

import (
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// checkTypes returns types sorted and without repeats, or graph.Invalid
// naming the allowed types when one is unknown.
func checkTypes(types []graph.RelType) ([]graph.RelType, error) {
	for _, t := range types {
		if !t.Valid() {
			names := make([]string, len(graph.RelTypes))
			for i, v := range graph.RelTypes {
				names[i] = string(v)
			}
			return nil, graph.Errorf(graph.Invalid, "unknown relationship type %q; want one of %s", t, strings.Join(names, ", "))
		}
	}
	out := slices.Clone(types)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// checkKinds returns kinds sorted and without repeats, or graph.Invalid
// naming the allowed kinds when one is unknown.
func checkKinds(kinds []graph.NodeKind) ([]graph.NodeKind, error) {
	for _, k := range kinds {
		if !k.Valid() {
			names := make([]string, len(graph.NodeKinds))
			for i, v := range graph.NodeKinds {
				names[i] = string(v)
			}
			return nil, graph.Errorf(graph.Invalid, "unknown node kind %q; want one of %s", k, strings.Join(names, ", "))
		}
	}
	out := slices.Clone(kinds)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// checkRange returns graph.Invalid when v is outside lo…hi.
func checkRange(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return graph.Errorf(graph.Invalid, "%s must be between %d and %d, got %d", name, lo, hi, v)
	}
	return nil
}

// notFound is the error for a start or end node that is not in the store.
func notFound(id graph.ID) error {
	return graph.Errorf(graph.NotFound, "no node %q", string(id))
}

// byIdentity orders relationships by their identity.
func byIdentity(a, b *graph.Relationship) int { return strings.Compare(a.Identity(), b.Identity()) }
