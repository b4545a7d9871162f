package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

const nodesQuery = `UNWIND $ids AS id
MATCH (n:` + labelNexus + ` {` + propID + `: id})
RETURN [k IN keys(n) WHERE NOT k STARTS WITH '` + internalPrefix + `' | [k, n[k]]] AS props`

// decodeStored rebuilds a node from its stored properties as the queries
// return them: [name, value] pairs, without the derived properties (folded
// copies, search fields), which only the store's own queries read, so that
// only what a caller can use crosses the wire.
func decodeStored(v any) (*graph.Node, error) {
	if m, ok := v.(map[string]any); ok {
		// A projection (projectionOf): a property the node lacks is null.
		props := make(map[string]any, len(m))
		for name, value := range m {
			if value != nil {
				props[name] = value
			}
		}
		return decodeNode(props)
	}
	pairs, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("stored properties are a %T, want a list", v)
	}
	props := make(map[string]any, len(pairs))
	for _, p := range pairs {
		kv, ok := p.([]any)
		if !ok || len(kv) != 2 {
			return nil, fmt.Errorf("a stored property is a %T, want a [name, value] pair", p)
		}
		name, ok := kv[0].(string)
		if !ok {
			return nil, fmt.Errorf("a stored property name is a %T, want a string", kv[0])
		}
		props[name] = kv[1]
	}
	return decodeNode(props)
}

// Nodes implements graph.Store with one query for every well-formed ID.
func (s *Store) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	if err := s.usable(ctx, "nodes"); err != nil {
		return nil, err
	}
	out := make([]*graph.Node, len(ids))
	asked := validIDs(ids)
	if len(asked) == 0 {
		return out, nil
	}
	records, err := s.read(ctx, "nodes", nodesQuery, map[string]any{"ids": asked})
	if err != nil {
		return nil, err
	}
	found := make(map[graph.ID]*graph.Node, len(records))
	for _, rec := range records {
		n, err := decodeStored(rec.Values[0])
		if err != nil {
			return nil, s.internal("nodes", err)
		}
		found[n.ID] = n
	}
	// An ID asked twice gets two copies, so that each can be changed alone.
	used := make(map[graph.ID]bool, len(found))
	for i, id := range ids {
		n := found[id]
		switch {
		case n == nil:
		case used[id]:
			out[i] = copyNode(n)
		default:
			out[i] = n
			used[id] = true
		}
	}
	return out, nil
}

// validIDs returns the distinct well-formed IDs of ids, as strings.
func validIDs(ids []graph.ID) []string {
	seen := make(map[graph.ID]bool, len(ids))
	var out []string
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, _, err := graph.ParseID(id); err == nil {
			out = append(out, string(id))
		}
	}
	return out
}

// copyNode returns a deep copy of n.
func copyNode(n *graph.Node) *graph.Node {
	c := *n
	c.Props = make(graph.Props, len(n.Props))
	for k, v := range n.Props {
		if list, ok := v.([]string); ok {
			v = append([]string{}, list...)
		}
		c.Props[k] = v
	}
	c.Sources = append([]graph.Source(nil), n.Sources...)
	return &c
}

// internal wraps an error of the store's own making (a stored value it
// cannot read) as Internal.
func (s *Store) internal(op string, err error) error {
	return graph.Wrap(graph.Internal, err, "neo4j store: "+op)
}

// countsQuery counts the nodes of every kind and the relationships of every
// type, from the database's counts store: one row each, numbered in the
// order of graph.NodeKinds, then graph.RelTypes. A count of nothing has no
// row, since the number is a grouping key.
var countsQuery = func() string {
	var parts []string
	for i, k := range graph.NodeKinds {
		parts = append(parts, fmt.Sprintf("MATCH (n:%s) RETURN %d AS i, count(n) AS count", k, i))
	}
	for i, t := range graph.RelTypes {
		parts = append(parts, fmt.Sprintf("MATCH ()-[r:%s]->() RETURN %d AS i, count(r) AS count", t, len(graph.NodeKinds)+i))
	}
	return strings.Join(parts, "\nUNION ALL\n")
}()

// Counts implements graph.Store. Kinds and types with nothing are left out
// of the maps.
func (s *Store) Counts(ctx context.Context) (graph.Counts, error) {
	if err := s.usable(ctx, "counts"); err != nil {
		return graph.Counts{}, err
	}
	records, err := s.read(ctx, "counts", countsQuery, nil)
	if err != nil {
		return graph.Counts{}, err
	}
	c := graph.Counts{Nodes: make(map[graph.NodeKind]int), Relationships: make(map[graph.RelType]int)}
	for _, rec := range records {
		i, iOK := rec.Values[0].(int64)
		n, nOK := rec.Values[1].(int64)
		if !iOK || !nOK || i < 0 || int(i) >= len(graph.NodeKinds)+len(graph.RelTypes) {
			return graph.Counts{}, s.internal("counts", fmt.Errorf("unexpected row %v", rec.Values))
		}
		if n == 0 {
			continue
		}
		if int(i) < len(graph.NodeKinds) {
			c.Nodes[graph.NodeKinds[i]] = int(n)
		} else {
			c.Relationships[graph.RelTypes[int(i)-len(graph.NodeKinds)]] = int(n)
		}
	}
	return c, nil
}
