package neo4j

import (
	"context"
	"fmt"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// The queries of Apply. Labels and types cannot be parameters, so there is
// one query per node kind and per relationship type, built from the closed
// lists in graph.
const (
	missingNodesQuery = `UNWIND $ids AS id
OPTIONAL MATCH (n:` + labelNexus + ` {` + propID + `: id})
WITH id, n WHERE n IS NULL
RETURN id`
	mergeNodesQuery = `UNWIND $rows AS row
MERGE (n:` + labelNexus + ` {` + propID + `: row.id})
SET n = row.props
SET n:%s`
	mergeRelsQuery = `UNWIND $rows AS row
MATCH (a:` + labelNexus + ` {` + propID + `: row.from})
MATCH (b:` + labelNexus + ` {` + propID + `: row.to})
MERGE (a)-[r:%s {` + propKey + `: row.key}]->(b)
SET r = row.props`
)

var (
	mergeNodesQueries = perKind(mergeNodesQuery)
	mergeRelsQueries  = perType(mergeRelsQuery)
)

// perKind returns format with each node kind as its label.
func perKind(format string) map[graph.NodeKind]string {
	m := make(map[graph.NodeKind]string, len(graph.NodeKinds))
	for _, k := range graph.NodeKinds {
		m[k] = fmt.Sprintf(format, string(k))
	}
	return m
}

// perType returns format with each relationship type.
func perType(format string) map[graph.RelType]string {
	m := make(map[graph.RelType]string, len(graph.RelTypes))
	for _, t := range graph.RelTypes {
		m[t] = fmt.Sprintf(format, string(t))
	}
	return m
}

// Apply implements graph.Store. It validates the whole batch in Go, then, in
// one write transaction, checks that the endpoints outside the batch exist
// and merges the nodes (per kind) and relationships (per type), replacing
// their properties. Within a batch, a later node or relationship with the
// same identity as an earlier one replaces it.
func (s *Store) Apply(ctx context.Context, b graph.Batch) error {
	if err := s.usable(ctx, "apply"); err != nil {
		return err
	}
	var bad graph.Problems
	nodes := make(map[graph.ID]*graph.Node, len(b.Nodes))
	var nodeOrder []graph.ID
	for i, n := range b.Nodes {
		if n == nil {
			bad.Add("node %d: nil", i+1)
			continue
		}
		if err := checkNode(n); err != nil {
			bad.Add("node %d: %v", i+1, err)
			continue
		}
		if nodes[n.ID] == nil {
			nodeOrder = append(nodeOrder, n.ID)
		}
		nodes[n.ID] = n
	}
	rels := make(map[string]*graph.Relationship, len(b.Relationships))
	var relOrder []string
	for i, r := range b.Relationships {
		if r == nil {
			bad.Add("relationship %d: nil", i+1)
			continue
		}
		if err := checkRel(r); err != nil {
			bad.Add("relationship %d: %v", i+1, err)
			continue
		}
		id := r.Identity()
		if rels[id] == nil {
			relOrder = append(relOrder, id)
		}
		rels[id] = r
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if len(nodes) == 0 && len(rels) == 0 {
		return nil
	}

	// The endpoints that the batch does not hold, which must be in the store.
	var outside []string
	seen := make(map[graph.ID]bool)
	for _, id := range relOrder {
		r := rels[id]
		for _, end := range []graph.ID{r.From, r.To} {
			if nodes[end] == nil && !seen[end] {
				seen[end] = true
				outside = append(outside, string(end))
			}
		}
	}

	nodeRows := make(map[graph.NodeKind][]map[string]any)
	for _, id := range nodeOrder {
		n := nodes[id]
		nodeRows[n.Kind] = append(nodeRows[n.Kind], map[string]any{"id": string(n.ID), "props": nodeProps(n)})
	}
	relRows := make(map[graph.RelType][]map[string]any)
	for _, id := range relOrder {
		r := rels[id]
		relRows[r.Type] = append(relRows[r.Type], map[string]any{
			"from": string(r.From), "to": string(r.To), "key": r.Key, "props": relProps(r),
		})
	}

	return s.write(ctx, "apply", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		if len(outside) > 0 {
			records, err := run(ctx, tx, missingNodesQuery, map[string]any{"ids": outside})
			if err != nil {
				return err
			}
			if len(records) > 0 {
				return missingEndpoints(records, relOrder, rels)
			}
		}
		for _, k := range graph.NodeKinds {
			if rows := nodeRows[k]; len(rows) > 0 {
				if _, err := run(ctx, tx, mergeNodesQueries[k], map[string]any{"rows": rows}); err != nil {
					return err
				}
			}
		}
		for _, t := range graph.RelTypes {
			if rows := relRows[t]; len(rows) > 0 {
				if _, err := run(ctx, tx, mergeRelsQueries[t], map[string]any{"rows": rows}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// missingEndpoints returns the Invalid error naming the relationships whose
// endpoints the records (of missingNodesQuery) say are missing.
func missingEndpoints(records []*n4j.Record, relOrder []string, rels map[string]*graph.Relationship) error {
	missing := make(map[graph.ID]bool, len(records))
	for _, rec := range records {
		if id, ok := rec.Values[0].(string); ok {
			missing[graph.ID(id)] = true
		}
	}
	var bad graph.Problems
	for _, id := range relOrder {
		r := rels[id]
		for _, end := range []graph.ID{r.From, r.To} {
			if missing[end] {
				bad.Add("relationship %s: no node %s in the batch or the store", r.Identity(), end)
			}
		}
	}
	return bad.Err()
}

// checkNode validates n for this store: graph's rules, no reserved property
// name, and UTF-8 text throughout.
func checkNode(n *graph.Node) error {
	if err := n.Validate(); err != nil {
		return err
	}
	if err := checkStored(n.Props); err != nil {
		return graph.Errorf(graph.Invalid, "node %s: %v", n.ID, err)
	}
	if err := checkUTF8("node id", string(n.ID)); err != nil {
		return graph.Errorf(graph.Invalid, "node %s: %v", n.ID, err)
	}
	for i, src := range n.Sources {
		f := sourceFields(src)
		if err := checkUTF8("source field", f[:]...); err != nil {
			return graph.Errorf(graph.Invalid, "node %s: source %d: %v", n.ID, i+1, err)
		}
	}
	return nil
}

// checkRel validates r for this store, like checkNode.
func checkRel(r *graph.Relationship) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := checkStored(r.Props); err != nil {
		return graph.Errorf(graph.Invalid, "relationship %s: %v", r.Identity(), err)
	}
	f := sourceFields(r.Source)
	if err := checkUTF8("relationship", append(f[:], string(r.From), string(r.To), r.Key)...); err != nil {
		return graph.Errorf(graph.Invalid, "relationship %s: %v", r.Identity(), err)
	}
	return nil
}
