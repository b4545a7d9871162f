package export_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/export"
	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sorted returns a copy of sg in the order of graph.Subgraph.
func sorted(sg graph.Subgraph) graph.Subgraph {
	out := graph.Subgraph{Nodes: slices.Clone(sg.Nodes), Relationships: slices.Clone(sg.Relationships), Truncated: sg.Truncated}
	slices.SortFunc(out.Nodes, func(a, b *graph.Node) int { return strings.Compare(string(a.ID), string(b.ID)) })
	slices.SortFunc(out.Relationships, func(a, b *graph.Relationship) int { return strings.Compare(a.Identity(), b.Identity()) })
	return out
}

// write exports sg in format f.
func write(t *testing.T, f export.Format, sg graph.Subgraph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Write(&buf, f, sg); err != nil {
		t.Fatalf("Write %s: %v", f, err)
	}
	return buf.Bytes()
}

// checkReadBack parses an export of sg in format f back and checks that it
// holds exactly sg, in order.
func checkReadBack(t *testing.T, f export.Format, data []byte, sg graph.Subgraph) readGraph {
	t.Helper()
	g, err := readers[f](data)
	if err != nil {
		t.Fatalf("%s does not parse back: %v", f, err)
	}
	want := sorted(sg)
	if f == export.FormatCSV {
		want = csvView(want)
	}
	if g.truncated != want.Truncated {
		t.Errorf("truncated = %v, want %v", g.truncated, want.Truncated)
	}
	if len(g.nodes) != len(want.Nodes) || len(g.edges) != len(want.Relationships) {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(g.nodes), len(g.edges), len(want.Nodes), len(want.Relationships))
	}
	for i, n := range want.Nodes {
		got := g.nodes[i]
		if got.id != string(n.ID) || got.kind != string(n.Kind) || got.key != n.Key {
			t.Errorf("node %d is %s (kind %q, key %q), want %s (kind %q, key %q)", i, got.id, got.kind, got.key, n.ID, n.Kind, n.Key)
			continue
		}
		if got.label == "" {
			t.Errorf("node %s: no label", n.ID)
		}
		checkProps(t, "node "+string(n.ID), got.props, n.Props)
		if !sameSources(got.sources, n.Sources) {
			t.Errorf("node %s: sources\n got %+v\nwant %+v", n.ID, got.sources, n.Sources)
		}
	}
	for i, r := range want.Relationships {
		got := g.edges[i]
		if got.id != r.Identity() || got.source != string(r.From) || got.target != string(r.To) ||
			got.typ != string(r.Type) || got.key != r.Key {
			t.Errorf("edge %d is %s (%s -%s-> %s, key %q), want %s", i, got.id, got.source, got.typ, got.target, got.key, r.Identity())
			continue
		}
		checkProps(t, "edge "+r.Identity(), got.props, r.Props)
		if got.provenance != r.Source {
			t.Errorf("edge %s: provenance\n got %+v\nwant %+v", r.Identity(), got.provenance, r.Source)
		}
	}
	return g
}

// csvView returns sg as encoding/csv reads it back: that reader turns a
// line break written as CR LF inside a field into LF (the file holds CR LF),
// and CSV files have no place to say the graph is truncated (the command
// and the HTTP endpoint do).
func csvView(sg graph.Subgraph) graph.Subgraph {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	fix := func(s graph.Source) graph.Source {
		s.Document, s.Locator, s.Citation, s.URL, s.Note = crlf(s.Document), crlf(s.Locator), crlf(s.Citation), crlf(s.URL), crlf(s.Note)
		return s
	}
	out := graph.Subgraph{}
	out.Nodes = sg.Nodes // node sources are JSON inside the CSV, which keeps CR LF

	for _, r := range sg.Relationships {
		c := *r
		c.Source = fix(r.Source)
		out.Relationships = append(out.Relationships, &c)
	}
	return out
}

// sameSources compares two lists of sources, nil being empty.
func sameSources(a, b []graph.Source) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

// checkProps checks that the properties read back are want's.
func checkProps(t *testing.T, what string, got map[string]any, want graph.Props) {
	t.Helper()
	for _, k := range want.Keys() {
		v, ok := got[k]
		if !ok {
			t.Errorf("%s: property %s is missing", what, k)
			continue
		}
		if err := sameValue(want[k], v); err != nil {
			t.Errorf("%s: property %s: %v", what, k, err)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: property %s = %v is not the node's", what, k, got[k])
		}
	}
}

// sameValue reports how got, read back as text (flat formats) or as a JSON
// value, differs from the property value want.
func sameValue(want, got any) error {
	text, isText := got.(string)
	switch w := want.(type) {
	case string:
		if !isText || text != w {
			return fmt.Errorf("got %#v, want %q", got, w)
		}
		return nil
	case int64:
		var n int64
		var err error
		if isText {
			n, err = strconv.ParseInt(text, 10, 64)
		} else if num, ok := got.(json.Number); ok {
			n, err = num.Int64()
		} else {
			err = fmt.Errorf("%T", got)
		}
		if err != nil || n != w {
			return fmt.Errorf("got %#v (%v), want %d", got, err, w)
		}
		return nil
	case float64:
		var f float64
		var err error
		if isText {
			f, err = strconv.ParseFloat(text, 64)
		} else if num, ok := got.(json.Number); ok {
			f, err = num.Float64()
		} else {
			err = fmt.Errorf("%T", got)
		}
		if err != nil || f != w {
			return fmt.Errorf("got %#v (%v), want %v", got, err, w)
		}
		return nil
	case bool:
		b, ok := got.(bool)
		if isText {
			var err error
			b, err = strconv.ParseBool(text)
			ok = err == nil
		}
		if !ok || b != w {
			return fmt.Errorf("got %#v, want %v", got, w)
		}
		return nil
	case []string:
		var list []string
		if isText {
			if err := json.Unmarshal([]byte(text), &list); err != nil {
				return fmt.Errorf("got %q, not a JSON list: %v", text, err)
			}
		} else if l, ok := got.([]any); ok {
			for _, x := range l {
				s, ok := x.(string)
				if !ok {
					return fmt.Errorf("got %#v, want strings", got)
				}
				list = append(list, s)
			}
		} else {
			return fmt.Errorf("got %#v, want a list", got)
		}
		if len(list) != len(w) || (len(w) > 0 && !slices.Equal(list, w)) {
			return fmt.Errorf("got %q, want %q", list, w)
		}
		return nil
	}
	return fmt.Errorf("unexpected property type %T", want)
}

// awkward is a small hand-made subgraph whose texts and names are hard to
// write: quotes, markup, line breaks, accents, Arabic and Chinese, list
// values with commas and quotes, properties named like built-in fields,
// keys with slashes, a parallel relationship and a self-loop. It is made up
// for the test; it states no fact.
func awkward() graph.Subgraph {
	src := graph.Source{
		Document: `Doc "A" <1> & co`, Locator: "op/9", Paragraph: "Paragraph:T/1/op/9",
		Citation: "Ligne 1\nligne 2 — « guillemets »", URL: "https://example.org/a?b=1&c=<2>",
		Basis: graph.Inferred, Note: "note with a tab\tand a CR\r\nend",
	}
	a := graph.NewNode(graph.KindTopic, "awkward/1 é", graph.Props{
		"nameEn":   `He said "hi" <b>&amp;</b>` + "\nsecond line",
		"nameFr":   "Écoute : ça, déjà vu ; l'été",
		"nameAr":   "مكافحة الإرهاب",
		"nameZh":   "打击恐怖主义",
		"tags":     []string{"a,b", `c"d`, "e\nf", ""},
		"count":    int64(-42),
		"ratio":    0.1,
		"flag":     true,
		"label":    "a property called label",
		"kind":     "a property called kind",
		"sources":  "a property called sources",
		"empty":    []string{},
		"mixed":    "text here",
		"number":   int64(3),
		"spaces":   "  leading and trailing  ",
		"scaleBig": 1e21,
	}, src, graph.Source{Citation: "Second source, citation only", Basis: graph.Stated})
	b := graph.NewNode(graph.KindCrimeType, "b", graph.Props{
		"nameEn": "Plain",
		"mixed":  false,
		"number": 2.5,
	}, graph.Source{URL: "https://example.org/b", Basis: graph.Imported})
	c := graph.NewNode(graph.KindState, "XAA", graph.Props{"nameEn": "Arcadia (made up)"})
	rels := []*graph.Relationship{
		{From: a.ID, Type: graph.RelConcerns, To: b.ID, Props: graph.Props{
			"source": "a property called source", "type": "a property called type", "weight": int64(7),
		}, Source: src},
		{From: a.ID, Type: graph.RelMentions, To: b.ID, Props: graph.Props{"role": "PARALLEL"}, Source: src},
		{From: c.ID, Type: graph.RelParticipatesIn, To: b.ID, Key: "signature|1",
			Props: graph.Props{"action": "signature", "date": "2011-12-19"}, Source: graph.Source{Document: "X", Basis: graph.Imported}},
		{From: b.ID, Type: graph.RelSubtypeOf, To: b.ID, Source: graph.Source{Document: "loop", Basis: graph.Stated}},
	}
	// Listed out of order: the writers sort.
	return graph.Subgraph{Nodes: []*graph.Node{c, a, b}, Relationships: []*graph.Relationship{rels[2], rels[0], rels[3], rels[1]}}
}

func TestAwkwardIsAValidGraph(t *testing.T) {
	sg := awkward()
	for _, n := range sg.Nodes {
		if err := n.Validate(); err != nil {
			t.Errorf("the test graph is not valid: %v", err)
		}
	}
	for _, r := range sg.Relationships {
		if err := r.Validate(); err != nil {
			t.Errorf("the test graph is not valid: %v", err)
		}
	}
}

func TestReadBack(t *testing.T) {
	seed, err := export.Whole(t.Context(), testgraph.Memory(t))
	if err != nil {
		t.Fatal(err)
	}
	truncated := awkward()
	truncated.Truncated = true
	cases := []struct {
		name string
		sg   graph.Subgraph
	}{
		{"seed", seed},
		{"awkward", awkward()},
		{"truncated", truncated},
		{"empty", graph.Subgraph{}},
	}
	for _, tc := range cases {
		for _, f := range export.Formats {
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				checkReadBack(t, f, write(t, f, tc.sg), tc.sg)
			})
		}
	}
}

func TestFormatsAgreeOnLabels(t *testing.T) {
	seed, err := export.Whole(t.Context(), testgraph.Memory(t))
	if err != nil {
		t.Fatal(err)
	}
	labels := map[export.Format][]string{}
	for _, f := range export.Formats {
		g, err := readers[f](write(t, f, seed))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range g.nodes {
			labels[f] = append(labels[f], n.label)
		}
	}
	for _, f := range export.Formats[1:] {
		if !slices.Equal(labels[f], labels[export.Formats[0]]) {
			t.Errorf("%s labels differ from %s labels", f, export.Formats[0])
		}
	}
	// The label is the name a person reads, built from the node's own
	// properties as the GraphQL API's label field builds it.
	byID := map[graph.ID]string{}
	for i, n := range sorted(seed).Nodes {
		byID[n.ID] = labels[export.FormatJSONLines][i]
	}
	for _, n := range seed.Nodes {
		var want string
		switch n.Kind {
		case graph.KindState, graph.KindRegion, graph.KindCrimeType, graph.KindTopic:
			want = n.Props.String("nameEn")
		case graph.KindResolution:
			want = n.Props.String("symbol")
		case graph.KindBody:
			want = n.Props.String("acronym")
		case graph.KindInstrument:
			want = n.Props.String("shortName")
		case graph.KindParagraph:
			kind := "OP"
			if n.Props.String("paragraphKind") == "PREAMBULAR" {
				kind = "PP"
			}
			num, _ := n.Props.Int("number")
			want = fmt.Sprintf("%s %s%d", n.Props.String("resolution"), kind, num)
		default:
			continue
		}
		if want != "" && byID[n.ID] != want {
			t.Errorf("label of %s = %q, want %q", n.ID, byID[n.ID], want)
		}
	}
}

func TestGolden(t *testing.T) {
	sg := awkward()
	var nodes, edges bytes.Buffer
	if err := export.CSV(&nodes, &edges, sg); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"awkward.graphml":   write(t, export.FormatGraphML, sg),
		"awkward.cyjs.json": write(t, export.FormatCytoscape, sg),
		"awkward.jsonl":     write(t, export.FormatJSONLines, sg),
		"awkward.nodes.csv": nodes.Bytes(),
		"awkward.edges.csv": edges.Bytes(),
	}
	for name, got := range files {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./export -run TestGolden -update to write it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file:\n%s", name, diffLines(got, want))
		}
	}
	// The two CSV writers and the zip hold the same files.
	g, err := readCSV(nodes.Bytes(), edges.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	z, err := readCSVZip(write(t, export.FormatCSV, sg))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, z) {
		t.Error("CSV and CSVZip hold different tables")
	}
}

// diffLines shows the first line where got and want differ.
func diffLines(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, gl, wl)
		}
	}
	return "(same lines)"
}

func TestAwkwardText(t *testing.T) {
	sg := awkward()
	t.Run("graphml keeps markup as text", func(t *testing.T) {
		out := string(write(t, export.FormatGraphML, sg))
		for _, want := range []string{
			`He said "hi" &lt;b&gt;&amp;amp;&lt;/b&gt;` + "\nsecond line",
			"مكافحة الإرهاب", "打击恐怖主义", "Écoute : ça, déjà vu ; l'été",
			`<node id="Topic:awkward.2F1.20.C3.A9">`,
			"note with a tab\tand a CR&#xD;\nend",
			`attr.name="prop_label"`, `attr.name="prop_kind"`, `attr.name="prop_sources"`,
			`attr.name="prop_source"`, `attr.name="prop_type"`,
			`<key id="n_count" for="node" attr.name="count" attr.type="long"/>`,
			`<key id="n_ratio" for="node" attr.name="ratio" attr.type="double"/>`,
			`<key id="n_flag" for="node" attr.name="flag" attr.type="boolean"/>`,
			`<key id="n_number" for="node" attr.name="number" attr.type="double"/>`, // 3 and 2.5
			`<key id="n_mixed" for="node" attr.name="mixed" attr.type="string"/>`,   // text and false
			`<key id="n_tags" for="node" attr.name="tags" attr.type="string"/>`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("GraphML lacks %q", want)
			}
		}
	})
	t.Run("json keeps markup unescaped", func(t *testing.T) {
		for _, f := range []export.Format{export.FormatCytoscape, export.FormatJSONLines} {
			out := string(write(t, f, sg))
			if want := `"He said \"hi\" <b>&amp;</b>\nsecond line"`; !strings.Contains(out, want) {
				t.Errorf("%s lacks %s", f, want)
			}
		}
	})
}

func TestGraphMLReplacesCharactersXMLCannotCarry(t *testing.T) {
	n := graph.NewNode(graph.KindTopic, "ctl", graph.Props{"nameEn": "bell\a and vertical tab\v"})
	sg := graph.Subgraph{Nodes: []*graph.Node{n}}
	g, err := readGraphML(write(t, export.FormatGraphML, sg))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g.nodes[0].props["nameEn"], "bell\uFFFD and vertical tab\uFFFD"; got != want {
		t.Errorf("nameEn = %q, want %q", got, want)
	}
	// The JSON formats keep them.
	g, err = readJSONLines(write(t, export.FormatJSONLines, sg))
	if err != nil {
		t.Fatal(err)
	}
	if got := g.nodes[0].props["nameEn"]; got != n.Props["nameEn"] {
		t.Errorf("jsonl nameEn = %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	sg := awkward()
	reversed := graph.Subgraph{Nodes: slices.Clone(sg.Nodes), Relationships: slices.Clone(sg.Relationships)}
	slices.Reverse(reversed.Nodes)
	slices.Reverse(reversed.Relationships)
	for _, f := range export.Formats {
		a, b := write(t, f, sg), write(t, f, reversed)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the order of the input changes the output", f)
		}
		// Maps are iterated in a random order: write many times.
		for range 20 {
			if !bytes.Equal(write(t, f, sg), a) {
				t.Fatalf("%s: two writes of one graph differ", f)
			}
		}
	}
}

func TestBadSubgraph(t *testing.T) {
	ok := awkward()
	cases := []struct {
		name string
		sg   graph.Subgraph
		want string
	}{
		{"nil node", graph.Subgraph{Nodes: []*graph.Node{nil}}, "node 1 of the subgraph is nil"},
		{"nil relationship", graph.Subgraph{Nodes: ok.Nodes, Relationships: []*graph.Relationship{nil}}, "relationship 1 of the subgraph is nil"},
		{"node twice", graph.Subgraph{Nodes: append(slices.Clone(ok.Nodes), ok.Nodes[0])}, "State:XAA is listed twice"},
		{"relationship twice", graph.Subgraph{Nodes: ok.Nodes, Relationships: append(slices.Clone(ok.Relationships), ok.Relationships[0])}, "is listed twice"},
		{"missing end", graph.Subgraph{Nodes: ok.Nodes[1:], Relationships: ok.Relationships}, "node State:XAA is not in the subgraph"},
		{"NaN", graph.Subgraph{Nodes: []*graph.Node{graph.NewNode(graph.KindTopic, "x", graph.Props{"v": nan()})}}, "not a finite number"},
		{"bad type", graph.Subgraph{Nodes: []*graph.Node{graph.NewNode(graph.KindTopic, "x", graph.Props{"v": []int{1}})}}, "unsupported type []int"},
		{"bad edge prop", graph.Subgraph{Nodes: ok.Nodes, Relationships: []*graph.Relationship{{
			From: "State:XAA", Type: graph.RelMemberOf, To: "State:XAA", Props: graph.Props{"v": map[string]int{}},
		}}}, "unsupported type"},
	}
	for _, tc := range cases {
		for _, f := range export.Formats {
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				var buf bytes.Buffer
				err := export.Write(&buf, f, tc.sg)
				if graph.ErrorCode(err) != graph.Invalid || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want Invalid with %q", err, tc.want)
				}
				if buf.Len() > 0 {
					t.Errorf("wrote %d bytes before failing", buf.Len())
				}
			})
		}
	}
	t.Run("unknown format", func(t *testing.T) {
		err := export.Write(&bytes.Buffer{}, "dot", ok)
		if graph.ErrorCode(err) != graph.Invalid || !strings.Contains(err.Error(), "graphml, cytoscape, csv, jsonl") {
			t.Errorf("err = %v", err)
		}
	})
}

// nan returns a NaN without a constant expression the compiler refuses.
func nan() float64 {
	zero := 0.0
	return zero / zero
}

func TestParseFormat(t *testing.T) {
	for _, f := range export.Formats {
		got, err := export.ParseFormat(string(f))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
		if f.ContentType() == "application/octet-stream" || f.Extension() == "" {
			t.Errorf("%s has no content type or extension", f)
		}
	}
	for _, bad := range []string{"", "GraphML", "xml", "gexf"} {
		if _, err := export.ParseFormat(bad); graph.ErrorCode(err) != graph.Invalid || !strings.Contains(err.Error(), "allowed: graphml, cytoscape, csv, jsonl") {
			t.Errorf("ParseFormat(%q): err = %v", bad, err)
		}
	}
}

func TestNameToken(t *testing.T) {
	inputs := []string{
		"State:FRA", "Resolution:A/RES/66/178", "Paragraph:A/RES/66/178/op/9", "a.b", "a.2Eb", "a_b",
		"é", "a b", "x|y|z|", "State:FRA|IN_REGION|Region:155|", "混合", "",
	}
	seen := map[string]string{}
	for _, in := range inputs {
		got := export.NameToken(in)
		if in != "" && !nameTokenRE.MatchString(got) {
			t.Errorf("NameToken(%q) = %q is not a name token", in, got)
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("NameToken(%q) = NameToken(%q) = %q", in, prev, got)
		}
		seen[got] = in
	}
	if got := export.NameToken("Resolution:A/RES/66/178"); got != "Resolution:A.2FRES.2F66.2F178" {
		t.Errorf("NameToken = %q", got)
	}
}
