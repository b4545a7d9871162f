package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// Format is an export format.
type Format string

// The export formats.
const (
	FormatGraphML   Format = "graphml"   // GraphML, for Gephi, yEd and most graph tools
	FormatCytoscape Format = "cytoscape" // Cytoscape.js elements JSON
	FormatCSV       Format = "csv"       // nodes.csv and edges.csv in a zip archive
	FormatJSONLines Format = "jsonl"     // JSON lines: the graph, its nodes, then its edges
)

// Formats lists every format, in the order usage texts show them.
var Formats = []Format{FormatGraphML, FormatCytoscape, FormatCSV, FormatJSONLines}

// FormatNames returns the names of the formats, for usage texts and errors.
func FormatNames() []string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return names
}

// ParseFormat returns the format called name, or a graph.Invalid error that
// names the formats.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats {
		if string(f) == name {
			return f, nil
		}
	}
	return "", graph.Errorf(graph.Invalid, "unknown export format %q (allowed: %s)", name, strings.Join(FormatNames(), ", "))
}

// ContentType is the media type of the format, for an HTTP response.
func (f Format) ContentType() string {
	switch f {
	case FormatGraphML:
		return "application/graphml+xml; charset=utf-8"
	case FormatCytoscape:
		return "application/json"
	case FormatCSV:
		return "application/zip"
	case FormatJSONLines:
		return "application/x-ndjson"
	}
	return "application/octet-stream"
}

// Extension is the file-name extension of the format, with its dot.
func (f Format) Extension() string {
	switch f {
	case FormatGraphML:
		return ".graphml"
	case FormatCytoscape:
		return ".json"
	case FormatCSV:
		return ".zip"
	case FormatJSONLines:
		return ".jsonl"
	}
	return ""
}

// Write writes sg to w in format f. Nothing is written when sg is not a
// well-formed subgraph (a node listed twice, a relationship whose end is not
// among the nodes): the error, graph.Invalid, says what is wrong.
func Write(w io.Writer, f Format, sg graph.Subgraph) error {
	switch f {
	case FormatGraphML:
		return GraphML(w, sg)
	case FormatCytoscape:
		return Cytoscape(w, sg)
	case FormatCSV:
		return CSVZip(w, sg)
	case FormatJSONLines:
		return JSONLines(w, sg)
	}
	_, err := ParseFormat(string(f))
	return fmt.Errorf("export: %w", err)
}
