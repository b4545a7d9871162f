package export

import (
	"bufio"
	"fmt"
	"io"

	"github.com/nexus-graph/nexus/graph"
)

// Cytoscape writes sg as Cytoscape.js JSON, which cytoscape({elements}) and
// cy.json() read, and which Cytoscape (the desktop application) imports:
//
//	{"data":{"name":"Nexus","truncated":false},"elements":{
//	 "nodes":[{"data":{"id","label","name","kind","key",…props,"sources":[…]}},…],
//	 "edges":[{"data":{"id","source","target","type","key",…props,"provenance":{…}}},…]}}
//
// one element per line. A property named like a built-in field is written
// as prop_NAME. See README.md for every field.
func Cytoscape(w io.Writer, sg graph.Subgraph) error {
	p, err := prepare(sg)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	var head object
	head.add("name", "Nexus")
	head.add("truncated", p.truncated)
	hb, err := head.bytes()
	if err != nil {
		return fmt.Errorf("export: cytoscape: %w", err)
	}
	fmt.Fprintf(bw, "{\"data\":%s,\"elements\":{\n\"nodes\":[", hb)
	for i, n := range p.nodes {
		b, err := cytoscapeNode(n, p.nodeCols)
		if err != nil {
			return fmt.Errorf("export: cytoscape: node %s: %w", n.ID, err)
		}
		writeElement(bw, i, b)
	}
	if len(p.nodes) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("],\n\"edges\":[")
	for i, r := range p.rels {
		b, err := cytoscapeEdge(r, p.relCols)
		if err != nil {
			return fmt.Errorf("export: cytoscape: relationship %s: %w", r.Identity(), err)
		}
		writeElement(bw, i, b)
	}
	if len(p.rels) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]}}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: cytoscape: %w", err)
	}
	return nil
}

// writeElement writes the i-th element of an array on its own line.
func writeElement(bw *bufio.Writer, i int, b []byte) {
	if i > 0 {
		bw.WriteString(",")
	}
	bw.WriteString("\n")
	bw.Write(b)
}

// cytoscapeNode returns the element of a node.
func cytoscapeNode(n *graph.Node, cols []column) ([]byte, error) {
	var d object
	d.add("id", string(n.ID))
	d.add("label", label(n))
	d.add("name", label(n)) // the column the Cytoscape application labels nodes with
	d.add("kind", string(n.Kind))
	d.add("key", n.Key)
	propsJSON(&d, n.Props, cols)
	sources, err := sourcesJSON(n.Sources)
	if err != nil {
		return nil, err
	}
	d.raw("sources", sources)
	return element(d)
}

// cytoscapeEdge returns the element of a relationship.
func cytoscapeEdge(r *graph.Relationship, cols []column) ([]byte, error) {
	var d object
	d.add("id", r.Identity())
	d.add("source", string(r.From))
	d.add("target", string(r.To))
	d.add("type", string(r.Type))
	if r.Key != "" {
		d.add("key", r.Key)
	}
	propsJSON(&d, r.Props, cols)
	prov, err := provenanceJSON(r.Source)
	if err != nil {
		return nil, err
	}
	d.raw("provenance", prov)
	return element(d)
}

// element wraps an element's data: {"data":{…}}.
func element(d object) ([]byte, error) {
	b, err := d.bytes()
	if err != nil {
		return nil, err
	}
	var e object
	e.raw("data", b)
	return e.bytes()
}
