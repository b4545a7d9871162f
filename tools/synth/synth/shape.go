package synth

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/seed"
)

// Class is what the generator counts and draws: a node kind and, for a
// Region, its level. Splitting regions by level keeps the shape of the M49
// hierarchy: every State is IN_REGION of one region and one sub-region and
// of at most one intermediate region, and sub-regions are PART_OF regions,
// as in the seed.
type Class struct {
	Kind  graph.NodeKind
	Level string // a Region's level property; "" for every other kind
}

// String returns the kind, and the level of a region after a slash.
func (c Class) String() string {
	if c.Level == "" {
		return string(c.Kind)
	}
	return string(c.Kind) + "/" + c.Level
}

// classOf returns the class of n.
func classOf(n *graph.Node) Class {
	if n.Kind == graph.KindRegion {
		return Class{Kind: n.Kind, Level: n.Props.String("level")}
	}
	return Class{Kind: n.Kind}
}

// compareClasses orders classes by kind (the order of graph.NodeKinds),
// then level.
func compareClasses(a, b Class) int {
	if c := cmp.Compare(slices.Index(graph.NodeKinds, a.Kind), slices.Index(graph.NodeKinds, b.Kind)); c != 0 {
		return c
	}
	return strings.Compare(a.Level, b.Level)
}

// Triple names the relationships of one type from the nodes of one class to
// those of another.
type Triple struct {
	From Class
	Type graph.RelType
	To   Class
}

// String returns the triple as From-TYPE->To.
func (t Triple) String() string { return fmt.Sprintf("%s-%s->%s", t.From, t.Type, t.To) }

// compareTriples orders triples by type (the order of graph.RelTypes), then
// the start class, then the end class.
func compareTriples(a, b Triple) int {
	if c := cmp.Compare(slices.Index(graph.RelTypes, a.Type), slices.Index(graph.RelTypes, b.Type)); c != 0 {
		return c
	}
	if c := compareClasses(a.From, b.From); c != 0 {
		return c
	}
	return compareClasses(a.To, b.To)
}

// Histogram counts nodes by degree: h[d] is how many nodes of a class have
// exactly d relationships of one triple, d = 0 included.
type Histogram []int

// Nodes returns the number of nodes the histogram counts.
func (h Histogram) Nodes() int {
	n := 0
	for _, c := range h {
		n += c
	}
	return n
}

// Ends returns the sum of the degrees: the number of relationships.
func (h Histogram) Ends() int {
	n := 0
	for d, c := range h {
		n += d * c
	}
	return n
}

// Max returns the largest degree of a node (0 when none has any).
func (h Histogram) Max() int {
	for d := len(h) - 1; d > 0; d-- {
		if h[d] > 0 {
			return d
		}
	}
	return 0
}

// single reports whether every node has the same degree.
func (h Histogram) single() bool {
	kinds := 0
	for _, c := range h {
		if c > 0 {
			kinds++
		}
	}
	return kinds <= 1
}

// String returns the non-zero entries as degree:nodes.
func (h Histogram) String() string {
	var parts []string
	for d, c := range h {
		if c > 0 {
			parts = append(parts, fmt.Sprintf("%d:%d", d, c))
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// histogram returns the histogram of degrees over n nodes, given the
// degrees of those that have any.
func histogram(n int, degrees map[graph.ID]int) Histogram {
	h := Histogram{n - len(degrees)}
	for _, d := range degrees {
		for len(h) <= d {
			h = append(h, 0)
		}
		h[d]++
	}
	return h
}

// ClassShape is the number of nodes of one class in the measured graph, and
// those nodes, which serve as templates of the synthetic ones.
type ClassShape struct {
	Class
	Count     int
	templates []*graph.Node // sorted by ID
}

// TripleShape is the number of relationships of one triple in the measured
// graph, the distribution of their degrees at either end, and those
// relationships, which serve as templates of the synthetic ones.
type TripleShape struct {
	Triple
	Count int
	// Out is the histogram of the number of such relationships each node
	// of From has; In, each node of To.
	Out, In   Histogram
	templates []*graph.Relationship
}

// Shape is the measured shape of a graph: how many nodes of each class,
// how many relationships of each triple, and how their degrees are
// distributed.
type Shape struct {
	Nodes, Relationships int
	Classes              []ClassShape  // in compareClasses order
	Triples              []TripleShape // in compareTriples order
	// upperKeys holds the kinds whose keys are all in upper case (State,
	// Instrument, Resolution…): the API upper-cases the key it is asked
	// for, so synthetic keys of those kinds are in upper case too.
	upperKeys map[graph.NodeKind]bool
}

// Class returns the shape of class c (a zero Count when the graph has none).
func (s *Shape) Class(c Class) ClassShape {
	for _, cs := range s.Classes {
		if cs.Class == c {
			return cs
		}
	}
	return ClassShape{Class: c}
}

// Measure reads every node and relationship of st (one FindNodes call per
// kind, one Relationships call per kind) and returns their shape. It is
// meant for small graphs (the seed): it keeps them whole.
func Measure(ctx context.Context, st graph.Store) (*Shape, error) {
	nodes, rels, err := readAll(ctx, st)
	if err != nil {
		return nil, err
	}
	return measure(nodes, rels), nil
}

// readAll returns every node of st, by ID, and every relationship, each
// once, in the order Relationships gives them for each node.
func readAll(ctx context.Context, st graph.Store) ([]*graph.Node, []*graph.Relationship, error) {
	counts, err := st.Counts(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("measure: counts: %w", err)
	}
	var nodes []*graph.Node
	var rels []*graph.Relationship
	for _, k := range graph.NodeKinds {
		n := counts.Nodes[k]
		if n == 0 {
			continue
		}
		page, err := st.FindNodes(ctx, graph.NodeQuery{Kind: k, Limit: n})
		if err != nil {
			return nil, nil, fmt.Errorf("measure: %s nodes: %w", k, err)
		}
		ids := make([]graph.ID, len(page.Nodes))
		for i, n := range page.Nodes {
			ids[i] = n.ID
		}
		out, err := st.Relationships(ctx, ids, graph.RelQuery{Dir: graph.Out})
		if err != nil {
			return nil, nil, fmt.Errorf("measure: relationships of %s nodes: %w", k, err)
		}
		for _, id := range ids {
			rels = append(rels, out[id]...)
		}
		nodes = append(nodes, page.Nodes...)
	}
	slices.SortFunc(nodes, func(a, b *graph.Node) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return nodes, rels, nil
}

// measure computes the shape of nodes and rels (whose ends are all among
// nodes).
func measure(nodes []*graph.Node, rels []*graph.Relationship) *Shape {
	s := &Shape{Nodes: len(nodes), Relationships: len(rels), upperKeys: map[graph.NodeKind]bool{}}
	classes := map[Class]*ClassShape{}
	class := map[graph.ID]Class{}
	lower := map[graph.NodeKind]bool{}
	for _, n := range nodes {
		c := classOf(n)
		class[n.ID] = c
		cs := classes[c]
		if cs == nil {
			cs = &ClassShape{Class: c}
			classes[c] = cs
		}
		cs.Count++
		cs.templates = append(cs.templates, n)
		if n.Key != strings.ToUpper(n.Key) {
			lower[n.Kind] = true
		}
	}
	for c, cs := range classes {
		if !lower[c.Kind] {
			s.upperKeys[c.Kind] = true
		}
		s.Classes = append(s.Classes, *cs)
	}
	slices.SortFunc(s.Classes, func(a, b ClassShape) int { return compareClasses(a.Class, b.Class) })

	type ends struct{ out, in map[graph.ID]int }
	triples := map[Triple]*TripleShape{}
	degrees := map[Triple]ends{}
	for _, r := range rels {
		t := Triple{From: class[r.From], Type: r.Type, To: class[r.To]}
		ts := triples[t]
		if ts == nil {
			ts = &TripleShape{Triple: t}
			triples[t] = ts
			degrees[t] = ends{out: map[graph.ID]int{}, in: map[graph.ID]int{}}
		}
		ts.Count++
		ts.templates = append(ts.templates, r)
		degrees[t].out[r.From]++
		degrees[t].in[r.To]++
	}
	for t, ts := range triples {
		ts.Out = histogram(classes[t.From].Count, degrees[t].out)
		ts.In = histogram(classes[t.To].Count, degrees[t].in)
		s.Triples = append(s.Triples, *ts)
	}
	slices.SortFunc(s.Triples, func(a, b TripleShape) int { return compareTriples(a.Triple, b.Triple) })
	return s
}

// reference is the real graph the generator imitates, read once: the
// seed's shape, which the random part follows, and the graph the probe
// mirrors (the seed with the participation test fixture of
// internal/testgraph).
type reference struct {
	shape       *Shape
	mirrorNodes []*graph.Node         // by ID
	mirrorRels  []*graph.Relationship // each once
}

// readReference loads the seed into a memory store of its own, measures
// it, then adds the participation fixture and reads the whole for the
// probe.
func readReference(ctx context.Context) (*reference, error) {
	st := memory.New()
	defer st.Close()
	if _, err := seed.Load(ctx, st); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	shape, err := Measure(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("synth: seed: %w", err)
	}
	if err := st.Apply(ctx, fixture()); err != nil {
		return nil, fmt.Errorf("synth: participation fixture: %w", err)
	}
	nodes, rels, err := readAll(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("synth: probe: %w", err)
	}
	return &reference{shape: shape, mirrorNodes: nodes, mirrorRels: rels}, nil
}
