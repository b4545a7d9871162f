package export

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/nexus-graph/nexus/graph"
)

// The names of the CSV files, also inside the zip archive of CSVZip.
const (
	NodesCSV = "nodes.csv"
	EdgesCSV = "edges.csv"
)

// zipTime is the modification time of the files in the archive: a fixed one,
// so that the same graph gives the same bytes.
var zipTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// CSV writes the nodes of sg to nodes and its edges to edges, as CSV
// (UTF-8 without a byte-order mark, a header line, commas, double quotes
// around a field that holds a comma, a quote or a line break, lines ending
// in \n). The columns of nodes.csv are id, kind, key, label, the node
// properties by name, and sources; those of edges.csv are id, source,
// target, type, key, the relationship properties by name, and the
// provenance: source_document, source_locator, source_paragraph,
// source_citation, source_url, source_basis, source_note. A list is written
// as a JSON array, a node's sources as a JSON array of provenance objects.
// See README.md for every column.
func CSV(nodes, edges io.Writer, sg graph.Subgraph) error {
	p, err := prepare(sg)
	if err != nil {
		return err
	}
	if err := writeNodesCSV(nodes, p); err != nil {
		return fmt.Errorf("export: %s: %w", NodesCSV, err)
	}
	if err := writeEdgesCSV(edges, p); err != nil {
		return fmt.Errorf("export: %s: %w", EdgesCSV, err)
	}
	return nil
}

// CSVZip writes sg as a zip archive holding nodes.csv and edges.csv, as CSV
// writes them.
func CSVZip(w io.Writer, sg graph.Subgraph) error {
	p, err := prepare(sg)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range []struct {
		name  string
		write func(io.Writer, prepared) error
	}{{NodesCSV, writeNodesCSV}, {EdgesCSV, writeEdgesCSV}} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("export: zip %s: %w", f.name, err)
		}
		if err := f.write(fw, p); err != nil {
			return fmt.Errorf("export: zip %s: %w", f.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("export: zip: %w", err)
	}
	return nil
}

// writeNodesCSV writes the nodes of p as CSV.
func writeNodesCSV(w io.Writer, p prepared) error {
	cw := csv.NewWriter(w)
	header := []string{"id", "kind", "key", "label"}
	for _, c := range p.nodeCols {
		header = append(header, c.name)
	}
	header = append(header, "sources")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, n := range p.nodes {
		row := []string{string(n.ID), string(n.Kind), n.Key, label(n)}
		for _, c := range p.nodeCols {
			v, _ := flatValue(n.Props, c.prop)
			row = append(row, v)
		}
		sources := ""
		if len(n.Sources) > 0 {
			b, err := sourcesJSON(n.Sources)
			if err != nil {
				return fmt.Errorf("node %s: %w", n.ID, err)
			}
			sources = string(b)
		}
		if err := cw.Write(append(row, sources)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeEdgesCSV writes the relationships of p as CSV.
func writeEdgesCSV(w io.Writer, p prepared) error {
	cw := csv.NewWriter(w)
	header := []string{"id", "source", "target", "type", "key"}
	for _, c := range p.relCols {
		header = append(header, c.name)
	}
	for _, f := range provenanceFields {
		header = append(header, flatProvenancePrefix+f.name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range p.rels {
		row := []string{r.Identity(), string(r.From), string(r.To), string(r.Type), r.Key}
		for _, c := range p.relCols {
			v, _ := flatValue(r.Props, c.prop)
			row = append(row, v)
		}
		for _, f := range provenanceFields {
			row = append(row, f.value(r.Source))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
