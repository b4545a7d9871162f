package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// Expand implements graph.Reader with one query for every hop: the
// relationships of each hop and the nodes at their other ends, as a UNION
// ALL of one part per hop, each a row per node the hop starts from, with
// its relationships and the other ends' stored properties (only those the
// hop's projection names, when it has one).
// Relationship types and kinds are written into the query, validated
// first, so that the planner sees them; the order is applied here, as
// Relationships does.
func (s *Store) Expand(ctx context.Context, hops []graph.Hop) ([]graph.Expansion, error) {
	if err := s.usable(ctx, "expand"); err != nil {
		return nil, err
	}
	if err := graph.CheckHops(hops); err != nil {
		return nil, err
	}
	out := graph.EmptyExpansions(len(hops))
	var parts []string
	params := map[string]any{}
	for i, h := range hops {
		ids := validIDs(h.From)
		if len(ids) == 0 {
			continue
		}
		parts = append(parts, expandPart(i, h))
		params[fmt.Sprintf("ids%d", i)] = ids
	}
	if len(parts) == 0 {
		return out, nil
	}
	records, err := s.read(ctx, "expand", strings.Join(parts, "UNION ALL\n"), params)
	if err != nil {
		return nil, err
	}
	decoded := make([]map[graph.ID]bool, len(hops)) // the From nodes read, per hop
	for _, rec := range records {
		hop, _ := rec.Values[0].(int64)
		id, ok := rec.Values[1].(string)
		if hop < 0 || int(hop) >= len(hops) || !ok {
			return nil, s.internal("expand", fmt.Errorf("unexpected row %v", rec.Values))
		}
		e := &out[hop]
		if hops[hop].Self {
			n, err := decodeStored(rec.Values[2])
			if err != nil {
				return nil, s.internal("expand", err)
			}
			e.Nodes[n.ID] = n
			continue
		}
		if decoded[hop] == nil {
			decoded[hop] = map[graph.ID]bool{}
		}
		if decoded[hop][graph.ID(id)] {
			continue // an ID listed twice
		}
		decoded[hop][graph.ID(id)] = true
		if err := decodePageHop(e, graph.ID(id), rec.Values[2]); err != nil {
			return nil, s.internal("expand", fmt.Errorf("hop %d of %s: %w", hop+1, id, err))
		}
	}
	return out, nil
}

// expandPart is the part of the Expand query for hop number i: a row per
// node it starts from, with the node's relationships of the hop (as a
// page's hops, findHopPart), or for a Self hop the node itself.
func expandPart(i int, h graph.Hop) string {
	if h.Self {
		return fmt.Sprintf("UNWIND $ids%d AS id\nMATCH (o:%s {%s: id})\nRETURN %d AS hop, id, %s AS rels\n",
			i, labelNexus, propID, i, otherProps(h))
	}
	return fmt.Sprintf("UNWIND $ids%d AS id\nMATCH (n:%s {%s: id})\nRETURN %d AS hop, id, %s AS rels\n",
		i, labelNexus, propID, i, fmt.Sprintf(findHopPart, hopMatch(h), otherProps(h)))
}

// otherProps is the Cypher of the properties of o, the node at the other
// end of hop h, that the hop returns: those of its projection
// (projectionOf) when it has one, every stored one when it has none.
func otherProps(h graph.Hop) string {
	if h.Nodes != nil {
		return projectionOf("o", h.Nodes)
	}
	return "[k IN keys(o) WHERE NOT k STARTS WITH '" + internalPrefix + "' | [k, o[k]]]"
}

// projectionOf is the Cypher of the properties of node variable v that p
// reads (projected), as a map from each name to its value, null when the
// node lacks it (decodeStored drops those). The names are written into the
// text, checked by graph.Projection.Check and quoted, so that Neo4j reads
// known properties: a map projection costs less than looking names up
// from a list parameter. The text of a query then depends on its
// projection; the traversals, whose plans cost most, take theirs as a
// parameter instead.
func projectionOf(v string, p *graph.Projection) string {
	names := projected(p)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = ".`" + name + "`"
	}
	return v + " {" + strings.Join(parts, ", ") + "}"
}

// hopMatch is the MATCH of hop h's relationships r from node n to the
// nodes o at their other ends, with the condition on o's kinds. Types and
// kinds are written into the text (checked by graph.CheckHops), so that
// the planner sees them.
func hopMatch(h graph.Hop) string {
	var types []string
	for _, t := range h.Types {
		if !slices.Contains(types, string(t)) {
			types = append(types, string(t))
		}
	}
	rel := "r"
	if len(types) > 0 {
		rel += ":" + strings.Join(types, "|")
	}
	var b strings.Builder
	switch h.Dir {
	case graph.Out:
		b.WriteString("MATCH (n)-[" + rel + "]->(o:" + labelNexus + ")\n")
	case graph.In:
		b.WriteString("MATCH (n)<-[" + rel + "]-(o:" + labelNexus + ")\n")
	default:
		b.WriteString("MATCH (n)-[" + rel + "]-(o:" + labelNexus + ")\n")
	}
	if len(h.OtherKinds) > 0 {
		var labels []string
		for _, k := range h.OtherKinds {
			labels = append(labels, "o:"+string(k))
		}
		b.WriteString("WHERE " + strings.Join(labels, " OR ") + "\n")
	}
	return b.String()
}

// projected lists the stored properties a projection reads: the ID and key,
// the properties it names and, when it asks for sources, their fields.
func projected(p *graph.Projection) []string {
	out := make([]string, 0, 2+len(p.Props)+len(sourceProps))
	out = append(out, propID, propKey)
	for _, name := range p.Props {
		if name != propID && name != propKey {
			out = append(out, name)
		}
	}
	if p.Sources {
		out = append(out, sourceProps[:]...)
	}
	return out
}
