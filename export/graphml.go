package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nexus-graph/nexus/graph"
)

// The namespace and schema of GraphML 1.0.
const (
	graphMLNamespace = "http://graphml.graphdrawing.org/xmlns"
	graphMLSchema    = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
)

// graphMLKey is a GraphML attribute: a <key> declaration.
type graphMLKey struct {
	id, domain, name, typ string
}

// GraphML writes sg as a GraphML 1.0 document, valid against the GraphML
// schema, that Gephi, yEd, Cytoscape, NetworkX and igraph read.
//
// Every attribute is declared by a <key> with its attr.type before the
// graph. Nodes carry nexus_id (the global ID), kind, key, label, their
// properties and sources (a JSON array of provenance objects); edges carry
// nexus_id (the relationship's identity), type, label (the type again, which
// Gephi shows as the edge's label), key, their properties and the
// provenance: source_document, source_locator, source_paragraph,
// source_citation, source_url, source_basis, source_note. A list property is
// a JSON array of strings. Node and edge ids are the global ID and the
// identity with every character that an XML name token cannot hold written
// as .HH (its UTF-8 bytes in hexadecimal): Resolution:A.2FRES.2F66.2F178.
// Characters XML 1.0 cannot carry at all (control characters other than
// tab, line feed and carriage return) are written as U+FFFD.
func GraphML(w io.Writer, sg graph.Subgraph) error {
	p, err := prepare(sg)
	if err != nil {
		return err
	}
	nodeKeys := []graphMLKey{
		{"n_nexus_id", "node", "nexus_id", "string"},
		{"n_kind", "node", "kind", "string"},
		{"n_key", "node", "key", "string"},
		{"n_label", "node", "label", "string"},
	}
	for _, c := range p.nodeCols {
		nodeKeys = append(nodeKeys, graphMLKey{"n_" + c.name, "node", c.name, graphMLType(c.kind)})
	}
	nodeKeys = append(nodeKeys, graphMLKey{"n_sources", "node", "sources", "string"})
	edgeKeys := []graphMLKey{
		{"e_nexus_id", "edge", "nexus_id", "string"},
		{"e_type", "edge", "type", "string"},
		{"e_label", "edge", "label", "string"},
		{"e_key", "edge", "key", "string"},
	}
	for _, c := range p.relCols {
		edgeKeys = append(edgeKeys, graphMLKey{"e_" + c.name, "edge", c.name, graphMLType(c.kind)})
	}
	for _, f := range provenanceFields {
		name := flatProvenancePrefix + f.name
		edgeKeys = append(edgeKeys, graphMLKey{"e_" + name, "edge", name, "string"})
	}

	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(bw, "<graphml xmlns=%q xmlns:xsi=%q xsi:schemaLocation=%q>\n",
		graphMLNamespace, "http://www.w3.org/2001/XMLSchema-instance", graphMLNamespace+" "+graphMLSchema)
	keys := append([]graphMLKey{{"g_truncated", "graph", "truncated", "boolean"}}, nodeKeys...)
	for _, k := range append(keys, edgeKeys...) {
		fmt.Fprintf(bw, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
			xmlEscape(k.id, true), k.domain, xmlEscape(k.name, true), k.typ)
	}
	bw.WriteString("  <graph id=\"nexus\" edgedefault=\"directed\">\n")
	writeData(bw, "    ", "g_truncated", fmt.Sprint(p.truncated))
	for _, n := range p.nodes {
		fmt.Fprintf(bw, "    <node id=\"%s\">\n", NameToken(string(n.ID)))
		writeData(bw, "      ", "n_nexus_id", string(n.ID))
		writeData(bw, "      ", "n_kind", string(n.Kind))
		writeData(bw, "      ", "n_key", n.Key)
		writeData(bw, "      ", "n_label", label(n))
		for _, c := range p.nodeCols {
			if v, ok := flatValue(n.Props, c.prop); ok {
				writeData(bw, "      ", "n_"+c.name, v)
			}
		}
		sources, err := sourcesJSON(n.Sources)
		if err != nil {
			return fmt.Errorf("export: graphml: node %s: %w", n.ID, err)
		}
		writeData(bw, "      ", "n_sources", string(sources))
		bw.WriteString("    </node>\n")
	}
	for _, r := range p.rels {
		fmt.Fprintf(bw, "    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n",
			NameToken(r.Identity()), NameToken(string(r.From)), NameToken(string(r.To)))
		writeData(bw, "      ", "e_nexus_id", r.Identity())
		writeData(bw, "      ", "e_type", string(r.Type))
		writeData(bw, "      ", "e_label", string(r.Type))
		if r.Key != "" {
			writeData(bw, "      ", "e_key", r.Key)
		}
		for _, c := range p.relCols {
			if v, ok := flatValue(r.Props, c.prop); ok {
				writeData(bw, "      ", "e_"+c.name, v)
			}
		}
		for _, f := range provenanceFields {
			if v := f.value(r.Source); v != "" {
				writeData(bw, "      ", "e_"+flatProvenancePrefix+f.name, v)
			}
		}
		bw.WriteString("    </edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: graphml: %w", err)
	}
	return nil
}

// graphMLType is the attr.type of a column of values of kind k.
func graphMLType(k valueKind) string {
	switch k {
	case kindInt:
		return "long"
	case kindFloat:
		return "double"
	case kindBool:
		return "boolean"
	}
	return "string"
}

// writeData writes a <data> element.
func writeData(bw *bufio.Writer, indent, key, value string) {
	fmt.Fprintf(bw, "%s<data key=\"%s\">%s</data>\n", indent, xmlEscape(key, true), xmlEscape(value, false))
}

// xmlEscape escapes s for XML character data or, when attr is set, for an
// attribute value in double quotes. Line feeds stay as they are in character
// data; carriage returns are written as references so that parsers keep
// them; a character XML 1.0 does not allow becomes U+FFFD.
func xmlEscape(s string, attr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case r == '\r':
			b.WriteString("&#xD;")
		case (r == '\n' || r == '\t') && attr:
			fmt.Fprintf(&b, "&#x%X;", r)
		case !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// NameToken returns the GraphML id of a node's global ID or of a
// relationship's identity: s as an XML name token (the type of GraphML ids),
// one to one: ASCII letters, digits, '-', '_' and ':' stay, and every other byte
// is written as '.' and two upper-case hexadecimal digits.
func NameToken(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == ':':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, ".%02X", c)
		}
	}
	return b.String()
}
