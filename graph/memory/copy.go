package memory

import (
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// copyProps returns a deep copy of p, never nil.
func copyProps(p graph.Props) graph.Props {
	out := make(graph.Props, len(p))
	for k, v := range p {
		if list, ok := v.([]string); ok && list != nil {
			v = slices.Clone(list)
		}
		out[k] = v
	}
	return out
}

// copyNode returns a deep copy of n. Empty sources come back as nil.
func copyNode(n *graph.Node) *graph.Node {
	c := &graph.Node{ID: n.ID, Kind: n.Kind, Key: n.Key, Props: copyProps(n.Props)}
	if len(n.Sources) > 0 {
		c.Sources = slices.Clone(n.Sources)
	}
	return c
}

// copyRel returns a deep copy of r.
func copyRel(r *graph.Relationship) *graph.Relationship {
	c := *r
	c.Props = copyProps(r.Props)
	return &c
}
