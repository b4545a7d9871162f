package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// The pieces of the Relationships query: %s is the relationship pattern's
// type list (":A|B", or "" for every type).
const (
	relsOut  = "MATCH (n)-[r%s]->(o:" + labelNexus + ")\n"
	relsIn   = "MATCH (n)<-[r%s]-(o:" + labelNexus + ")\n"
	relsBoth = "MATCH (n)-[r%s]-(o:" + labelNexus + ")\n"
	relsHead = "UNWIND $ids AS id\nMATCH (n:" + labelNexus + " {" + propID + ": id})\n"
	relsTail = `WHERE $kinds IS NULL OR any(l IN labels(o) WHERE l IN $kinds)
RETURN id, startNode(r).` + propID + ` AS from, type(r) AS type, endNode(r).` + propID + ` AS to, properties(r) AS props`
)

// Relationships implements graph.Store with one query for all the IDs. The
// database filters; the order (type name, other end, start node, key, all in
// byte order) is applied here, where it is exactly the order of Go strings.
func (s *Store) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	if err := s.usable(ctx, "relationships"); err != nil {
		return nil, err
	}
	var pattern string
	switch q.Dir {
	case graph.Out:
		pattern = relsOut
	case graph.In:
		pattern = relsIn
	case graph.Both:
		pattern = relsBoth
	default:
		return nil, graph.Errorf(graph.Invalid, "relationships: unknown direction %q (want OUT, IN or BOTH)", q.Dir)
	}
	var types []string
	for _, t := range q.Types {
		if !t.Valid() {
			return nil, graph.Errorf(graph.Invalid, "relationships: unknown relationship type %q", t)
		}
		if !slices.Contains(types, string(t)) {
			types = append(types, string(t))
		}
	}
	var kinds []string // nil: every kind
	for _, k := range q.OtherKinds {
		if !k.Valid() {
			return nil, graph.Errorf(graph.Invalid, "relationships: unknown node kind %q", k)
		}
		kinds = append(kinds, string(k))
	}

	result := make(map[graph.ID][]*graph.Relationship)
	asked := validIDs(ids)
	if len(asked) == 0 {
		return result, nil
	}
	typeList := ""
	if len(types) > 0 {
		typeList = ":" + strings.Join(types, "|")
	}
	query := relsHead + fmt.Sprintf(pattern, typeList) + relsTail
	params := map[string]any{"ids": asked, "kinds": nil}
	if kinds != nil {
		params["kinds"] = kinds
	}
	records, err := s.read(ctx, "relationships", query, params)
	if err != nil {
		return nil, err
	}

	seen := make(map[string]bool, len(records))
	for _, rec := range records {
		id, _ := rec.Values[0].(string)
		from, _ := rec.Values[1].(string)
		typ, _ := rec.Values[2].(string)
		to, _ := rec.Values[3].(string)
		props, ok := rec.Values[4].(map[string]any)
		if !ok {
			return nil, s.internal("relationships", fmt.Errorf("properties of type %T", rec.Values[4]))
		}
		r, err := decodeRel(from, to, typ, props)
		if err != nil {
			return nil, s.internal("relationships", err)
		}
		// A self-loop matches a pattern without direction twice.
		if key := id + "\x00" + r.Identity(); !seen[key] {
			seen[key] = true
			result[graph.ID(id)] = append(result[graph.ID(id)], r)
		}
	}
	for id, rels := range result {
		sortRels(id, rels)
	}
	return result, nil
}

// sortRels puts the relationships of id in the order graph.Reader's
// Relationships promises: type, other end, start node, key, in byte order.
func sortRels(id graph.ID, rels []*graph.Relationship) {
	slices.SortFunc(rels, func(a, b *graph.Relationship) int {
		return cmp.Or(
			cmp.Compare(a.Type, b.Type),
			cmp.Compare(a.Other(id), b.Other(id)),
			cmp.Compare(a.From, b.From),
			cmp.Compare(a.Key, b.Key),
		)
	})
}
