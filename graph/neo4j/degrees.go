package neo4j

import (
	"context"
	"fmt"

	"github.com/nexus-graph/nexus/graph"
)

// degreesQuery computes graph.Degrees in one pass over the relationships
// between the store's nodes and one over its nodes. Each relationship
// counts once from its start (OUT, BOTH) and once from its end (IN, BOTH),
// a self-loop once in BOTH, as Relationships lists it; the kind of a node is
// the one of its labels in $kinds. The source rows have a null type and
// direction: the most sources (a list property per field of Source) a node
// of the kind has. The parallel rows have a null kind and direction: the
// most relationships of the type from one node to one other.
const degreesQuery = `MATCH (a:` + labelNexus + `)-[r]->(b:` + labelNexus + `)
UNWIND CASE WHEN a = b THEN [[a, 'OUT'], [a, 'IN'], [a, 'BOTH']]
            ELSE [[a, 'OUT'], [b, 'IN'], [a, 'BOTH'], [b, 'BOTH']] END AS end
WITH end[0] AS n, end[1] AS dir, type(r) AS type, count(*) AS degree
WITH [l IN labels(n) WHERE l IN $kinds][0] AS kind, type, dir, max(degree) AS degree
RETURN kind, type, dir, degree
UNION ALL
MATCH (n:` + labelNexus + `) WHERE n.sourceBasis IS NOT NULL
WITH [l IN labels(n) WHERE l IN $kinds][0] AS kind, max(size(n.sourceBasis)) AS degree
RETURN kind, null AS type, null AS dir, degree
UNION ALL
MATCH (a:` + labelNexus + `)-[r]->(b:` + labelNexus + `)
WITH a, b, type(r) AS type, count(*) AS n
RETURN null AS kind, type, null AS dir, max(n) AS degree`

// Degrees implements graph.Store with one query.
func (s *Store) Degrees(ctx context.Context) (graph.Degrees, error) {
	if err := s.usable(ctx, "degrees"); err != nil {
		return graph.Degrees{}, err
	}
	kinds := make([]string, len(graph.NodeKinds))
	for i, k := range graph.NodeKinds {
		kinds[i] = string(k)
	}
	records, err := s.read(ctx, "degrees", degreesQuery, map[string]any{"kinds": kinds})
	if err != nil {
		return graph.Degrees{}, err
	}
	d := graph.Degrees{Rels: map[graph.DegreeKey]int{}, Parallel: map[graph.RelType]int{}, Sources: map[graph.NodeKind]int{}}
	for _, rec := range records {
		kind, _ := rec.Values[0].(string)
		n, ok := rec.Values[3].(int64)
		if !ok {
			return graph.Degrees{}, s.internal("degrees", fmt.Errorf("unexpected row %v", rec.Values))
		}
		if rec.Values[0] == nil && rec.Values[2] == nil {
			if t, _ := rec.Values[1].(string); graph.RelType(t).Valid() && n > 0 {
				d.Parallel[graph.RelType(t)] = int(n)
			}
			continue
		}
		if kind == "" || n <= 0 {
			continue // a node of no kind of the graph, or nothing to count
		}
		if rec.Values[1] == nil {
			d.Sources[graph.NodeKind(kind)] = int(n)
			continue
		}
		typ, _ := rec.Values[1].(string)
		dir, _ := rec.Values[2].(string)
		k := graph.DegreeKey{Kind: graph.NodeKind(kind), Type: graph.RelType(typ), Dir: graph.Direction(dir)}
		if !k.Type.Valid() {
			continue // not a relationship of the graph: Apply writes none
		}
		if !k.Dir.Valid() {
			return graph.Degrees{}, s.internal("degrees", fmt.Errorf("unexpected row %v", rec.Values))
		}
		d.Rels[k] = int(n)
	}
	return d, nil
}
