package neo4j_test

import (
	"context"
	"errors"
	"math"
	"net"
	"reflect"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/graph/storetest"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return neo4jtest.Open(t) })
}

var testSource = graph.Source{Citation: "neo4j store test", Basis: graph.Stated}

func wantCode(t *testing.T, what string, err error, want graph.Code) {
	t.Helper()
	if got := graph.ErrorCode(err); got != want {
		t.Errorf("%s: got %v (code %q), want a %s error", what, err, got, want)
	}
}

func TestNewChecksTheConfiguration(t *testing.T) {
	tests := []struct {
		name string
		cfg  neo4j.Config
	}{
		{"no-uri", neo4j.Config{}},
		{"blank-uri", neo4j.Config{URI: "  "}},
		{"unknown-scheme", neo4j.Config{URI: "http://127.0.0.1:7474"}},
		{"negative-pool", neo4j.Config{URI: "bolt://127.0.0.1:7687", MaxConnections: -1}},
		{"negative-timeout", neo4j.Config{URI: "bolt://127.0.0.1:7687", ConnectTimeout: -1}},
		{"routing-context-on-bolt", neo4j.Config{URI: "bolt://127.0.0.1:7687?policy=x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := neo4j.New(tt.cfg, nil)
			if err == nil {
				st.Close()
			}
			wantCode(t, "New", err, graph.Invalid)
		})
	}
}

// closedPort returns a port on 127.0.0.1 that nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// calls makes one call of every method that reaches the server.
func calls(st *neo4j.Store) map[string]func(ctx context.Context) error {
	return map[string]func(ctx context.Context) error{
		"Ping":    st.Ping,
		"Migrate": st.Migrate,
		"Clear":   st.Clear,
		"Apply": func(ctx context.Context) error {
			return st.Apply(ctx, graph.Batch{Nodes: []*graph.Node{graph.NewNode(graph.KindState, "XAA", nil, testSource)}})
		},
		"Nodes": func(ctx context.Context) error {
			_, err := st.Nodes(ctx, []graph.ID{"State:XAA"})
			return err
		},
		"FindNodes": func(ctx context.Context) error {
			_, err := st.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindState, Limit: 1})
			return err
		},
		"Relationships": func(ctx context.Context) error {
			_, err := st.Relationships(ctx, []graph.ID{"State:XAA"}, graph.RelQuery{Dir: graph.Both})
			return err
		},
		"Neighborhood": func(ctx context.Context) error {
			_, err := st.Neighborhood(ctx, "State:XAA", graph.NeighborhoodQuery{Depth: 1, Limit: 10})
			return err
		},
		"ShortestPaths": func(ctx context.Context) error {
			_, err := st.ShortestPaths(ctx, "State:XAA", "State:XBB", graph.PathQuery{MaxLength: 3})
			return err
		},
		"Search": func(ctx context.Context) error {
			_, err := st.Search(ctx, graph.SearchQuery{Text: "arcadia", Limit: 1})
			return err
		},
		"Counts": func(ctx context.Context) error {
			_, err := st.Counts(ctx)
			return err
		},
	}
}

// TestServerDown needs no server: it points stores at a closed port.
func TestServerDown(t *testing.T) {
	addr := closedPort(t)
	for _, scheme := range []string{"bolt", "neo4j"} {
		t.Run(scheme, func(t *testing.T) {
			st, err := neo4j.New(neo4j.Config{URI: scheme + "://" + addr, MaxRetryTime: -1}, nil)
			if err != nil {
				t.Fatalf("New must not need the server: %v", err)
			}
			defer st.Close()
			for name, call := range calls(st) {
				wantCode(t, name, call(t.Context()), graph.Unavailable)
			}
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			for name, call := range calls(st) {
				if err := call(ctx); !errors.Is(err, context.Canceled) {
					t.Errorf("%s with a canceled context: %v, want context.Canceled", name, err)
				}
			}
		})
	}
}

func TestClosedStoreIsUnavailable(t *testing.T) {
	st, err := neo4j.New(neo4j.Config{URI: "bolt://" + closedPort(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for name, call := range calls(st) {
		wantCode(t, name, call(t.Context()), graph.Unavailable)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	st := neo4jtest.Open(t) // migrated once
	for range 2 {
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
	}
	if err := st.CheckSchema(t.Context()); err != nil {
		t.Errorf("CheckSchema after Migrate: %v", err)
	}
	names := neo4j.SchemaNames()
	for _, want := range []string{"nexus_id", "nexus_state_key", "nexus_paragraph_key", "nexus_state__fold_regionCode", "nexus_search"} {
		if !contains(names, want) {
			t.Errorf("SchemaNames() lacks %s: %v", want, names)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestReservedPropertyNames(t *testing.T) {
	st := neo4jtest.Open(t)
	good := graph.NewNode(graph.KindState, "XAA", graph.Props{"nameEn": "Arcadia"}, testSource)
	if err := st.Apply(t.Context(), graph.Batch{Nodes: []*graph.Node{good}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range neo4j.ReservedProps() {
		t.Run(name, func(t *testing.T) {
			node := graph.NewNode(graph.KindState, "XBB", graph.Props{name: "x"}, testSource)
			err := st.Apply(t.Context(), graph.Batch{Nodes: []*graph.Node{node}})
			wantCode(t, "Apply of a node", err, graph.Invalid)
			if err != nil && !strings.Contains(graph.ErrorMessage(err), "reserved") {
				t.Errorf("message %q does not say the name is reserved", graph.ErrorMessage(err))
			}
			rel := &graph.Relationship{From: good.ID, Type: graph.RelMemberOf, To: good.ID, Props: graph.Props{name: "x"}, Source: testSource}
			err = st.Apply(t.Context(), graph.Batch{Relationships: []*graph.Relationship{rel}})
			wantCode(t, "Apply of a relationship", err, graph.Invalid)

			// In queries, a reserved name is a property no node has, as in
			// the memory store.
			for _, op := range []graph.Op{graph.OpEq, graph.OpEqFold, graph.OpContains, graph.OpGte} {
				page, err := st.FindNodes(t.Context(), graph.NodeQuery{
					Kind: graph.KindState, Limit: 10,
					Where: []graph.Cond{{Props: []string{name}, Op: op, Value: ""}},
				})
				if err != nil || page.Total != 0 {
					t.Errorf("FindNodes where %s %s \"\" = %v, %v; want nothing", name, op, page.Total, err)
				}
			}
			page, err := st.FindNodes(t.Context(), graph.NodeQuery{
				Kind: graph.KindState, Limit: 10,
				Where: []graph.Cond{{Props: []string{name, "nameEn"}, Op: graph.OpEq, Value: "Arcadia"}},
			})
			if err != nil || page.Total != 1 {
				t.Errorf("FindNodes where %s or nameEn = Arcadia: %v, %v; want the node", name, page.Total, err)
			}
		})
	}
	c, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if c.Nodes[graph.KindState] != 1 || len(c.Relationships) != 0 {
		t.Errorf("rejected batches wrote: %+v", c)
	}
}

func TestRejectsTextThatIsNotUTF8(t *testing.T) {
	st := neo4jtest.Open(t)
	tests := map[string]graph.Batch{
		"property":     {Nodes: []*graph.Node{graph.NewNode(graph.KindState, "XAA", graph.Props{"nameEn": "caf\xe9"}, testSource)}},
		"list-element": {Nodes: []*graph.Node{graph.NewNode(graph.KindState, "XAA", graph.Props{"aliases": []string{"\xff"}}, testSource)}},
		"key":          {Nodes: []*graph.Node{graph.NewNode(graph.KindState, "X\xff", nil, testSource)}},
		"source":       {Nodes: []*graph.Node{graph.NewNode(graph.KindState, "XAA", nil, graph.Source{Citation: "\xff", Basis: graph.Stated})}},
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			wantCode(t, "Apply", st.Apply(t.Context(), b), graph.Invalid)
		})
	}
}

// TestValuesRoundTrip stores every kind of value, at its limits, and reads
// it back unchanged, with its Go type.
func TestValuesRoundTrip(t *testing.T) {
	st := neo4jtest.Open(t)
	props := graph.Props{
		"text":      "Côte d’Ivoire — 测试 — إليسيا — 😀 — \x00 — \u00a0",
		"empty":     "",
		"maxInt":    int64(math.MaxInt64),
		"minInt":    int64(math.MinInt64),
		"zero":      int64(0),
		"float":     0.1,
		"whole":     2.0,
		"negZero":   math.Copysign(0, -1),
		"inf":       math.Inf(1),
		"tiny":      math.SmallestNonzeroFloat64,
		"yes":       true,
		"no":        false,
		"list":      []string{"a", "", "😀", "a"},
		"emptyList": []string{},
	}
	n := graph.NewNode(graph.KindTopic, "values", props,
		graph.Source{Document: "d", Locator: "l", Paragraph: "Paragraph:T/1", Citation: "c", URL: "u", Basis: graph.Imported, Note: "n"},
		graph.Source{URL: "https://example.org", Basis: graph.Stated},
	)
	loop := &graph.Relationship{From: n.ID, Type: graph.RelLinkedTo, To: n.ID, Key: "😀", Props: props, Source: n.Sources[0]}
	if err := st.Apply(t.Context(), graph.Batch{Nodes: []*graph.Node{n}, Relationships: []*graph.Relationship{loop}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Nodes(t.Context(), []graph.ID{n.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got[0], n) {
		t.Errorf("node:\n got %#v\nwant %#v", got[0], n)
	}
	if got[0] != nil && math.Signbit(got[0].Props["negZero"].(float64)) != true {
		t.Error("-0.0 came back as +0.0")
	}
	rels, err := st.Relationships(t.Context(), []graph.ID{n.ID}, graph.RelQuery{Dir: graph.Both})
	if err != nil {
		t.Fatal(err)
	}
	if len(rels[n.ID]) != 1 || !reflect.DeepEqual(rels[n.ID][0], loop) {
		t.Errorf("relationship:\n got %#v\nwant %#v", rels[n.ID], loop)
	}
}

// TestStringOrder checks that sorting follows Go's byte order (code-point
// order), which differs from UTF-16 order for characters beyond U+FFFF, and
// that comparing with a value below U+D800 does too. (A value with a
// character from U+D800 up is compared in UTF-16 order by Neo4j: see the
// package comment.)
func TestStringOrder(t *testing.T) {
	st := neo4jtest.Open(t)
	mem := memory.New()
	names := map[string]string{"a": "\uff5e", "b": "😀", "c": "z", "d": "\u00e9", "e": "Z", "f": "한", "g": "\ud7ff"}
	var b graph.Batch
	for key, name := range names {
		b.Nodes = append(b.Nodes, graph.NewNode(graph.KindTopic, key, graph.Props{"nameEn": name}, testSource))
	}
	for _, s := range []graph.Store{st, mem} {
		if err := s.Apply(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	queries := []graph.NodeQuery{{Kind: graph.KindTopic, OrderBy: "nameEn", Limit: 10}}
	for _, v := range []string{"\u00ff", "한", "\ud7ff", "z"} {
		for _, op := range []graph.Op{graph.OpLt, graph.OpLte, graph.OpGt, graph.OpGte} {
			queries = append(queries, graph.NodeQuery{Kind: graph.KindTopic, Limit: 10, Where: []graph.Cond{{Props: []string{"nameEn"}, Op: op, Value: v}}})
		}
	}
	for _, q := range queries {
		want, err := mem.FindNodes(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.FindNodes(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := ids(got.Nodes), ids(want.Nodes); !reflect.DeepEqual(g, w) {
			t.Errorf("FindNodes(%+v) = %v, the memory store says %v", q, g, w)
		}
	}
}

func ids(nodes []*graph.Node) []graph.ID {
	out := make([]graph.ID, len(nodes))
	for i, n := range nodes {
		if n != nil {
			out[i] = n.ID
		}
	}
	return out
}
