package export

import (
	"bufio"
	"fmt"
	"io"

	"github.com/nexus-graph/nexus/graph"
)

// JSONLines writes sg as JSON lines (one JSON object per line, "type"
// telling them apart): first the graph, then every node, then every edge.
//
//	{"type":"graph","nodes":N,"edges":M,"truncated":false}
//	{"type":"node","id","kind","key","label","props":{…},"sources":[…]}
//	{"type":"edge","id","source","target","relType","key","props":{…},"provenance":{…}}
//
// Properties keep their names under "props". See README.md for every field.
func JSONLines(w io.Writer, sg graph.Subgraph) error {
	p, err := prepare(sg)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	var head object
	head.add("type", "graph")
	head.add("nodes", len(p.nodes))
	head.add("edges", len(p.rels))
	head.add("truncated", p.truncated)
	if err := writeLine(bw, head); err != nil {
		return fmt.Errorf("export: jsonl: %w", err)
	}
	for _, n := range p.nodes {
		var o object
		o.add("type", "node")
		o.add("id", string(n.ID))
		o.add("kind", string(n.Kind))
		o.add("key", n.Key)
		o.add("label", label(n))
		props, err := propsObject(n.Props)
		if err != nil {
			return fmt.Errorf("export: jsonl: node %s: %w", n.ID, err)
		}
		o.raw("props", props)
		sources, err := sourcesJSON(n.Sources)
		if err != nil {
			return fmt.Errorf("export: jsonl: node %s: %w", n.ID, err)
		}
		o.raw("sources", sources)
		if err := writeLine(bw, o); err != nil {
			return fmt.Errorf("export: jsonl: node %s: %w", n.ID, err)
		}
	}
	for _, r := range p.rels {
		var o object
		o.add("type", "edge")
		o.add("id", r.Identity())
		o.add("source", string(r.From))
		o.add("target", string(r.To))
		o.add("relType", string(r.Type))
		o.add("key", r.Key)
		props, err := propsObject(r.Props)
		if err != nil {
			return fmt.Errorf("export: jsonl: relationship %s: %w", r.Identity(), err)
		}
		o.raw("props", props)
		prov, err := provenanceJSON(r.Source)
		if err != nil {
			return fmt.Errorf("export: jsonl: relationship %s: %w", r.Identity(), err)
		}
		o.raw("provenance", prov)
		if err := writeLine(bw, o); err != nil {
			return fmt.Errorf("export: jsonl: relationship %s: %w", r.Identity(), err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: jsonl: %w", err)
	}
	return nil
}

// writeLine writes o and a newline.
func writeLine(bw *bufio.Writer, o object) error {
	b, err := o.bytes()
	if err != nil {
		return err
	}
	bw.Write(b)
	return bw.WriteByte('\n')
}

// propsObject returns props as a JSON object with its names in order.
func propsObject(props graph.Props) ([]byte, error) {
	var o object
	for _, k := range props.Keys() {
		o.add(k, props[k])
	}
	return o.bytes()
}
