package export_test

// The readers below parse every format back with a real parser
// (encoding/xml, encoding/json, encoding/csv, archive/zip) into one shape,
// readGraph, so that one comparison checks every format against the graph
// it came from.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nexus-graph/nexus/export"
	"github.com/nexus-graph/nexus/graph"
)

// readGraph is an export read back.
type readGraph struct {
	nodes     []readNode
	edges     []readEdge
	truncated bool
}

// readNode is a node read back. Props hold text in the flat formats
// (GraphML, CSV) and decoded JSON values (with json.Number) otherwise; a
// property written as prop_NAME is back under NAME.
type readNode struct {
	id, kind, key, label string
	props                map[string]any
	sources              []graph.Source
}

// readEdge is an edge read back.
type readEdge struct {
	id, source, target, typ, key string
	props                        map[string]any
	provenance                   graph.Source
}

// provenance is a provenance object as the JSON of every format holds it.
type provenance struct {
	Document  string `json:"document"`
	Locator   string `json:"locator"`
	Paragraph string `json:"paragraph"`
	Citation  string `json:"citation"`
	URL       string `json:"url"`
	Basis     string `json:"basis"`
	Note      string `json:"note"`
}

func (p provenance) source() graph.Source {
	return graph.Source{Document: p.Document, Locator: p.Locator, Paragraph: graph.ID(p.Paragraph),
		Citation: p.Citation, URL: p.URL, Basis: graph.Basis(p.Basis), Note: p.Note}
}

// decodeStrict decodes JSON, refusing unknown fields and trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// parseSources reads a JSON array of provenance objects.
func parseSources(s string) ([]graph.Source, error) {
	if s == "" {
		return nil, nil
	}
	var list []provenance
	if err := decodeStrict([]byte(s), &list); err != nil {
		return nil, fmt.Errorf("sources %q: %w", s, err)
	}
	var out []graph.Source
	for _, p := range list {
		out = append(out, p.source())
	}
	return out, nil
}

// unrename returns the property name of a flat column or attribute name.
func unrename(name string) string { return strings.TrimPrefix(name, "prop_") }

// nameTokenRE matches an XML 1.0 name token made of ASCII characters.
var nameTokenRE = regexp.MustCompile(`^[A-Za-z0-9._:-]+$`)

// graphMLTypes are the attr.type values GraphML allows.
var graphMLTypes = []string{"boolean", "int", "long", "float", "double", "string"}

// readGraphML parses a GraphML document and checks its structure against
// the GraphML schema: the root element in the GraphML namespace, <key>
// declarations (with a known for and attr.type, unique ids and names per
// domain) before the one <graph>, which holds <data>, <node> and <edge>
// elements only; each <data> names a key declared earlier for its element,
// at most once per element, with a value of the key's type; node and edge
// ids are unique name tokens; every edge joins declared nodes.
func readGraphML(data []byte) (readGraph, error) {
	type key struct{ domain, name, typ string }
	keys := map[string]key{}
	names := map[string]bool{} // domain + "\x00" + attr.name
	var g readGraph
	nodeIDs := map[string]bool{}
	edgeIDs := map[string]bool{}
	var stack []string
	tokenToID := map[string]string{}
	var cur struct {
		xmlID string
		node  *readNode
		edge  *readEdge
		data  string // the key of the open <data>
		seen  map[string]bool
		text  strings.Builder
		srcs  string
	}
	sawGraph := false
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return readGraph{}, fmt.Errorf("xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != "http://graphml.graphdrawing.org/xmlns" {
				return readGraph{}, fmt.Errorf("element %s outside the GraphML namespace", t.Name.Local)
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			el := t.Name.Local
			attr := func(name string) string {
				for _, a := range t.Attr {
					if a.Name.Local == name && a.Name.Space == "" {
						return a.Value
					}
				}
				return ""
			}
			switch {
			case el == "graphml" && parent == "" && len(stack) == 0:
			case el == "key" && parent == "graphml":
				if sawGraph {
					return readGraph{}, fmt.Errorf("<key id=%q> after the <graph>", attr("id"))
				}
				id, domain, name, typ := attr("id"), attr("for"), attr("attr.name"), attr("attr.type")
				if !nameTokenRE.MatchString(id) || !nameTokenRE.MatchString(name) {
					return readGraph{}, fmt.Errorf("key id %q or attr.name %q is not a name token", id, name)
				}
				if _, dup := keys[id]; dup {
					return readGraph{}, fmt.Errorf("key %q declared twice", id)
				}
				if !slices.Contains([]string{"graph", "node", "edge"}, domain) {
					return readGraph{}, fmt.Errorf("key %q: for=%q", id, domain)
				}
				if !slices.Contains(graphMLTypes, typ) {
					return readGraph{}, fmt.Errorf("key %q: attr.type=%q", id, typ)
				}
				if names[domain+"\x00"+name] {
					return readGraph{}, fmt.Errorf("attr.name %q declared twice for %s", name, domain)
				}
				names[domain+"\x00"+name] = true
				keys[id] = key{domain, name, typ}
			case el == "graph" && parent == "graphml":
				if sawGraph {
					return readGraph{}, errors.New("more than one <graph>")
				}
				sawGraph = true
				if attr("edgedefault") != "directed" {
					return readGraph{}, fmt.Errorf("edgedefault=%q", attr("edgedefault"))
				}
			case el == "node" && parent == "graph":
				id := attr("id")
				if !nameTokenRE.MatchString(id) || nodeIDs[id] {
					return readGraph{}, fmt.Errorf("node id %q is not a name token or is not unique", id)
				}
				nodeIDs[id] = true
				cur.xmlID = id
				cur.node = &readNode{props: map[string]any{}}
				cur.seen = map[string]bool{}
			case el == "edge" && parent == "graph":
				id := attr("id")
				if !nameTokenRE.MatchString(id) || edgeIDs[id] {
					return readGraph{}, fmt.Errorf("edge id %q is not a name token or is not unique", id)
				}
				edgeIDs[id] = true
				for _, end := range []string{attr("source"), attr("target")} {
					if !nodeIDs[end] {
						return readGraph{}, fmt.Errorf("edge %q: end %q is not a node declared before it", id, end)
					}
				}
				cur.xmlID = id
				cur.edge = &readEdge{props: map[string]any{},
					source: tokenToID[attr("source")], target: tokenToID[attr("target")]}
				cur.seen = map[string]bool{}
			case el == "data" && (parent == "graph" || parent == "node" || parent == "edge"):
				k, ok := keys[attr("key")]
				if !ok {
					return readGraph{}, fmt.Errorf("<data key=%q> in a <%s>: the key is not declared", attr("key"), parent)
				}
				if k.domain != parent {
					return readGraph{}, fmt.Errorf("<data key=%q> in a <%s>: the key is for %s", attr("key"), parent, k.domain)
				}
				if parent != "graph" {
					if cur.seen[attr("key")] {
						return readGraph{}, fmt.Errorf("<data key=%q> twice in one <%s>", attr("key"), parent)
					}
					cur.seen[attr("key")] = true
				}
				cur.data = attr("key")
				cur.text.Reset()
			default:
				return readGraph{}, fmt.Errorf("<%s> inside <%s>", el, parent)
			}
			stack = append(stack, el)
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "data" {
				cur.text.Write(t)
			} else if strings.TrimSpace(string(t)) != "" {
				return readGraph{}, fmt.Errorf("text %q outside a <data>", string(t))
			}
		case xml.EndElement:
			el := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch el {
			case "data":
				k := keys[cur.data]
				v := cur.text.String()
				if err := checkGraphMLValue(k.typ, v); err != nil {
					return readGraph{}, fmt.Errorf("<data key=%q>: %w", cur.data, err)
				}
				switch k.domain {
				case "graph":
					if k.name == "truncated" {
						g.truncated = v == "true"
					}
				case "node":
					switch k.name {
					case "nexus_id":
						cur.node.id = v
					case "kind":
						cur.node.kind = v
					case "key":
						cur.node.key = v
					case "label":
						cur.node.label = v
					case "sources":
						cur.srcs = v
					default:
						cur.node.props[unrename(k.name)] = v
					}
				case "edge":
					switch k.name {
					case "nexus_id":
						cur.edge.id = v
					case "type":
						cur.edge.typ = v
					case "label":
						if v != cur.edge.typ {
							return readGraph{}, fmt.Errorf("edge label %q is not its type %q", v, cur.edge.typ)
						}
					case "key":
						cur.edge.key = v
					default:
						if f, ok := strings.CutPrefix(k.name, "source_"); ok {
							if err := setProvenance(&cur.edge.provenance, f, v); err != nil {
								return readGraph{}, err
							}
						} else {
							cur.edge.props[unrename(k.name)] = v
						}
					}
				}
			case "node":
				srcs, err := parseSources(cur.srcs)
				if err != nil {
					return readGraph{}, err
				}
				cur.node.sources = srcs
				if export.NameToken(cur.node.id) != cur.xmlID {
					return readGraph{}, fmt.Errorf("node id %q is not the name token of its nexus_id %q", cur.xmlID, cur.node.id)
				}
				tokenToID[cur.xmlID] = cur.node.id
				g.nodes = append(g.nodes, *cur.node)
				cur.node, cur.srcs = nil, ""
			case "edge":
				if export.NameToken(cur.edge.id) != cur.xmlID {
					return readGraph{}, fmt.Errorf("edge id %q is not the name token of its nexus_id %q", cur.xmlID, cur.edge.id)
				}
				g.edges = append(g.edges, *cur.edge)
				cur.edge = nil
			}
		}
	}
	if !sawGraph {
		return readGraph{}, errors.New("no <graph>")
	}
	return g, nil
}

// checkGraphMLValue checks that v is a value of the GraphML type typ.
func checkGraphMLValue(typ, v string) error {
	var err error
	switch typ {
	case "boolean":
		if v != "true" && v != "false" {
			err = fmt.Errorf("%q is not a boolean", v)
		}
	case "int", "long":
		_, err = strconv.ParseInt(v, 10, 64)
	case "float", "double":
		_, err = strconv.ParseFloat(v, 64)
	}
	return err
}

// setProvenance sets the field name of a source.
func setProvenance(s *graph.Source, name, v string) error {
	switch name {
	case "document":
		s.Document = v
	case "locator":
		s.Locator = v
	case "paragraph":
		s.Paragraph = graph.ID(v)
	case "citation":
		s.Citation = v
	case "url":
		s.URL = v
	case "basis":
		s.Basis = graph.Basis(v)
	case "note":
		s.Note = v
	default:
		return fmt.Errorf("unknown provenance field %q", name)
	}
	return nil
}

// readCytoscape parses Cytoscape.js JSON.
func readCytoscape(data []byte) (readGraph, error) {
	var doc struct {
		Data     map[string]any `json:"data"`
		Elements struct {
			Nodes []struct {
				Data map[string]json.RawMessage `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data map[string]json.RawMessage `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	if err := decodeStrict(data, &doc); err != nil {
		return readGraph{}, err
	}
	g := readGraph{truncated: doc.Data["truncated"] == true}
	str := func(d map[string]json.RawMessage, k string) (string, error) {
		raw, ok := d[k]
		if !ok {
			return "", nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("%s: %w", k, err)
		}
		delete(d, k)
		return s, nil
	}
	for _, n := range doc.Elements.Nodes {
		d := n.Data
		var rn readNode
		var err error
		for _, f := range []struct {
			k string
			p *string
		}{{"id", &rn.id}, {"label", &rn.label}, {"kind", &rn.kind}, {"key", &rn.key}} {
			if *f.p, err = str(d, f.k); err != nil {
				return readGraph{}, err
			}
		}
		name, err := str(d, "name")
		if err != nil || name != rn.label {
			return readGraph{}, fmt.Errorf("node %s: name %q is not its label %q (%v)", rn.id, name, rn.label, err)
		}
		if rn.sources, err = parseSources(string(d["sources"])); err != nil {
			return readGraph{}, err
		}
		delete(d, "sources")
		if rn.props, err = jsonProps(d); err != nil {
			return readGraph{}, fmt.Errorf("node %s: %w", rn.id, err)
		}
		g.nodes = append(g.nodes, rn)
	}
	for _, e := range doc.Elements.Edges {
		d := e.Data
		var re readEdge
		var err error
		for _, f := range []struct {
			k string
			p *string
		}{{"id", &re.id}, {"source", &re.source}, {"target", &re.target}, {"type", &re.typ}, {"key", &re.key}} {
			if *f.p, err = str(d, f.k); err != nil {
				return readGraph{}, err
			}
		}
		var p provenance
		if err := decodeStrict(d["provenance"], &p); err != nil {
			return readGraph{}, fmt.Errorf("edge %s: provenance: %w", re.id, err)
		}
		re.provenance = p.source()
		delete(d, "provenance")
		if re.props, err = jsonProps(d); err != nil {
			return readGraph{}, fmt.Errorf("edge %s: %w", re.id, err)
		}
		g.edges = append(g.edges, re)
	}
	return g, nil
}

// jsonProps decodes JSON property values, numbers as json.Number; a
// property written as prop_NAME is returned as NAME.
func jsonProps(d map[string]json.RawMessage) (map[string]any, error) {
	props := map[string]any{}
	for k, raw := range d {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		props[unrename(k)] = v
	}
	return props, nil
}

// readCSVZip reads the zip archive of CSVZip.
func readCSVZip(data []byte) (readGraph, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return readGraph{}, fmt.Errorf("zip: %w", err)
	}
	var names []string
	files := map[string][]byte{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			return readGraph{}, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return readGraph{}, fmt.Errorf("zip %s: %w", f.Name, err)
		}
		files[f.Name] = b
	}
	if !slices.Equal(names, []string{export.NodesCSV, export.EdgesCSV}) {
		return readGraph{}, fmt.Errorf("zip holds %v, want [nodes.csv edges.csv]", names)
	}
	return readCSV(files[export.NodesCSV], files[export.EdgesCSV])
}

// readCSV reads nodes.csv and edges.csv.
func readCSV(nodesCSV, edgesCSV []byte) (readGraph, error) {
	var g readGraph
	rows, header, err := csvRows(nodesCSV, []string{"id", "kind", "key", "label"}, "sources")
	if err != nil {
		return readGraph{}, fmt.Errorf("nodes.csv: %w", err)
	}
	for _, row := range rows {
		n := readNode{id: row[0], kind: row[1], key: row[2], label: row[3], props: map[string]any{}}
		for i := 4; i < len(row)-1; i++ {
			if row[i] != "" {
				n.props[unrename(header[i])] = row[i]
			}
		}
		if n.sources, err = parseSources(row[len(row)-1]); err != nil {
			return readGraph{}, err
		}
		g.nodes = append(g.nodes, n)
	}
	var prov []string
	for _, f := range []string{"document", "locator", "paragraph", "citation", "url", "basis", "note"} {
		prov = append(prov, "source_"+f)
	}
	rows, header, err = csvRows(edgesCSV, []string{"id", "source", "target", "type", "key"}, prov...)
	if err != nil {
		return readGraph{}, fmt.Errorf("edges.csv: %w", err)
	}
	for _, row := range rows {
		e := readEdge{id: row[0], source: row[1], target: row[2], typ: row[3], key: row[4], props: map[string]any{}}
		for i := 5; i < len(row)-len(prov); i++ {
			if row[i] != "" {
				e.props[unrename(header[i])] = row[i]
			}
		}
		for i, name := range prov {
			if err := setProvenance(&e.provenance, strings.TrimPrefix(name, "source_"), row[len(row)-len(prov)+i]); err != nil {
				return readGraph{}, err
			}
		}
		g.edges = append(g.edges, e)
	}
	return g, nil
}

// csvRows parses a CSV file whose header starts with first and ends with
// last, with unique column names and as many fields on every line.
func csvRows(data []byte, first []string, last ...string) (rows [][]string, header []string, err error) {
	r := csv.NewReader(bytes.NewReader(data))
	all, err := r.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(all) == 0 {
		return nil, nil, errors.New("no header")
	}
	header = all[0]
	if len(header) < len(first)+len(last) || !slices.Equal(header[:len(first)], first) ||
		!slices.Equal(header[len(header)-len(last):], last) {
		return nil, nil, fmt.Errorf("header %v: want %v … %v", header, first, last)
	}
	seen := map[string]bool{}
	for _, h := range header {
		if seen[h] {
			return nil, nil, fmt.Errorf("column %q twice", h)
		}
		seen[h] = true
	}
	return all[1:], header, nil
}

// readJSONLines parses JSON lines: the graph line, the nodes, the edges.
func readJSONLines(data []byte) (readGraph, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	var g readGraph
	var head struct {
		Type      string `json:"type"`
		Nodes     int    `json:"nodes"`
		Edges     int    `json:"edges"`
		Truncated bool   `json:"truncated"`
	}
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if err := decodeStrict(sc.Bytes(), &head); err != nil || head.Type != "graph" {
				return readGraph{}, fmt.Errorf("line 1: want the graph line: %s (%v)", sc.Text(), err)
			}
			g.truncated = head.Truncated
			continue
		}
		var rec struct {
			Type       string                     `json:"type"`
			ID         string                     `json:"id"`
			Kind       string                     `json:"kind"`
			Key        string                     `json:"key"`
			Label      string                     `json:"label"`
			Source     string                     `json:"source"`
			Target     string                     `json:"target"`
			RelType    string                     `json:"relType"`
			Props      map[string]json.RawMessage `json:"props"`
			Sources    json.RawMessage            `json:"sources"`
			Provenance json.RawMessage            `json:"provenance"`
		}
		if err := decodeStrict(sc.Bytes(), &rec); err != nil {
			return readGraph{}, fmt.Errorf("line %d: %w", line, err)
		}
		props, err := jsonProps(rec.Props)
		if err != nil {
			return readGraph{}, fmt.Errorf("line %d: %w", line, err)
		}
		switch rec.Type {
		case "node":
			if len(g.edges) > 0 {
				return readGraph{}, fmt.Errorf("line %d: a node after an edge", line)
			}
			srcs, err := parseSources(string(rec.Sources))
			if err != nil {
				return readGraph{}, fmt.Errorf("line %d: %w", line, err)
			}
			g.nodes = append(g.nodes, readNode{id: rec.ID, kind: rec.Kind, key: rec.Key, label: rec.Label, props: props, sources: srcs})
		case "edge":
			var p provenance
			if err := decodeStrict(rec.Provenance, &p); err != nil {
				return readGraph{}, fmt.Errorf("line %d: provenance: %w", line, err)
			}
			g.edges = append(g.edges, readEdge{id: rec.ID, source: rec.Source, target: rec.Target, typ: rec.RelType,
				key: rec.Key, props: props, provenance: p.source()})
		default:
			return readGraph{}, fmt.Errorf("line %d: type %q", line, rec.Type)
		}
	}
	if err := sc.Err(); err != nil {
		return readGraph{}, err
	}
	if len(g.nodes) != head.Nodes || len(g.edges) != head.Edges {
		return readGraph{}, fmt.Errorf("the graph line says %d nodes and %d edges; the file has %d and %d",
			head.Nodes, head.Edges, len(g.nodes), len(g.edges))
	}
	return g, nil
}

// readers parse each format back.
var readers = map[export.Format]func([]byte) (readGraph, error){
	export.FormatGraphML:   readGraphML,
	export.FormatCytoscape: readCytoscape,
	export.FormatCSV:       readCSVZip,
	export.FormatJSONLines: readJSONLines,
}
