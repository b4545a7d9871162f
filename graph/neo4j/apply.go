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
// same identity as an earlier one replaces it. A batch larger than the
// database lets one transaction hold is Invalid, with a message saying so:
// write it with ApplyStream instead.
func (s *Store) Apply(ctx context.Context, b graph.Batch) error {
	if err := s.usable(ctx, "apply"); err != nil {
		return err
	}
	p, err := prepare(b, "")
	if err != nil {
		return err
	}
	if len(p.nodes) == 0 && len(p.rels) == 0 {
		return nil
	}
	outside := p.outside()
	nodeRows := nodeRowsByKind(p.nodes)
	relRows := relRowsByType(p.rels)
	return s.write(ctx, "apply", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		if len(outside) > 0 {
			records, err := run(ctx, tx, missingNodesQuery, map[string]any{"ids": outside})
			if err != nil {
				return noRetry(err)
			}
			if len(records) > 0 {
				return missingEndpoints(records, p.rels, "")
			}
		}
		if err := mergeNodes(ctx, tx, nodeRows); err != nil {
			return err
		}
		return mergeRels(ctx, tx, relRows)
	})
}

// prepared is a batch validated for this store, each node and relationship
// once (the last of each identity), in the order of their first mention.
type prepared struct {
	nodes []*graph.Node
	rels  []*graph.Relationship
}

// prepare validates b (checkNode, checkRel) and keeps the last node of
// each ID and relationship of each identity. Every problem is reported at
// once, each prefixed with where (e.g. "batch 3: "), as an Invalid error.
func prepare(b graph.Batch, where string) (prepared, error) {
	var bad graph.Problems
	nodes := make(map[graph.ID]int, len(b.Nodes))
	var p prepared
	for i, n := range b.Nodes {
		if n == nil {
			bad.Add("%snode %d: nil", where, i+1)
			continue
		}
		if err := checkNode(n); err != nil {
			bad.Add("%snode %d: %v", where, i+1, err)
			continue
		}
		if j, ok := nodes[n.ID]; ok {
			p.nodes[j] = n
			continue
		}
		nodes[n.ID] = len(p.nodes)
		p.nodes = append(p.nodes, n)
	}
	rels := make(map[string]int, len(b.Relationships))
	for i, r := range b.Relationships {
		if r == nil {
			bad.Add("%srelationship %d: nil", where, i+1)
			continue
		}
		if err := checkRel(r); err != nil {
			bad.Add("%srelationship %d: %v", where, i+1, err)
			continue
		}
		id := r.Identity()
		if j, ok := rels[id]; ok {
			p.rels[j] = r
			continue
		}
		rels[id] = len(p.rels)
		p.rels = append(p.rels, r)
	}
	if err := bad.Err(); err != nil {
		return prepared{}, err
	}
	return p, nil
}

// outside returns the endpoints of p's relationships that p does not hold,
// which must be in the store, each once.
func (p prepared) outside() []string {
	in := make(map[graph.ID]bool, len(p.nodes))
	for _, n := range p.nodes {
		in[n.ID] = true
	}
	return endpoints(p.rels, in)
}

// endpoints returns the endpoints of rels that are not in skip, each once,
// in the order of their first mention.
func endpoints(rels []*graph.Relationship, skip map[graph.ID]bool) []string {
	var out []string
	seen := make(map[graph.ID]bool)
	for _, r := range rels {
		for _, end := range []graph.ID{r.From, r.To} {
			if !skip[end] && !seen[end] {
				seen[end] = true
				out = append(out, string(end))
			}
		}
	}
	return out
}

// nodeRowsByKind returns the rows of mergeNodesQuery for nodes, per kind.
func nodeRowsByKind(nodes []*graph.Node) map[graph.NodeKind][]map[string]any {
	rows := make(map[graph.NodeKind][]map[string]any)
	for _, n := range nodes {
		rows[n.Kind] = append(rows[n.Kind], map[string]any{"id": string(n.ID), "props": nodeProps(n)})
	}
	return rows
}

// relRowsByType returns the rows of mergeRelsQuery for rels, per type.
func relRowsByType(rels []*graph.Relationship) map[graph.RelType][]map[string]any {
	rows := make(map[graph.RelType][]map[string]any)
	for _, r := range rels {
		rows[r.Type] = append(rows[r.Type], map[string]any{
			"from": string(r.From), "to": string(r.To), "key": r.Key, "props": relProps(r),
		})
	}
	return rows
}

// mergeNodes merges the rows of nodeRowsByKind in tx, kind by kind.
func mergeNodes(ctx context.Context, tx n4j.ManagedTransaction, rows map[graph.NodeKind][]map[string]any) error {
	for _, k := range graph.NodeKinds {
		if r := rows[k]; len(r) > 0 {
			if _, err := run(ctx, tx, mergeNodesQueries[k], map[string]any{"rows": r}); err != nil {
				return noRetry(err)
			}
		}
	}
	return nil
}

// mergeRels merges the rows of relRowsByType in tx, type by type.
func mergeRels(ctx context.Context, tx n4j.ManagedTransaction, rows map[graph.RelType][]map[string]any) error {
	for _, t := range graph.RelTypes {
		if r := rows[t]; len(r) > 0 {
			if _, err := run(ctx, tx, mergeRelsQueries[t], map[string]any{"rows": r}); err != nil {
				return noRetry(err)
			}
		}
	}
	return nil
}

// missingEndpoints returns the Invalid error naming the relationships whose
// endpoints the records (of missingNodesQuery) say are missing, each
// problem prefixed with where.
func missingEndpoints(records []*n4j.Record, rels []*graph.Relationship, where string) error {
	missing := make(map[graph.ID]bool, len(records))
	for _, rec := range records {
		if id, ok := rec.Values[0].(string); ok {
			missing[graph.ID(id)] = true
		}
	}
	var bad graph.Problems
	for _, r := range rels {
		for _, end := range []graph.ID{r.From, r.To} {
			if missing[end] {
				bad.Add("%srelationship %s: no node %s in the batch or the store", where, r.Identity(), end)
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
