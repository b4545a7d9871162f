package synth

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// Config says what graph to generate.
type Config struct {
	// Nodes is the number of nodes in all: the probe, the random part and
	// the manifest. It is at least MinNodes().
	Nodes int
	// Seed seeds every random draw: the same Config gives the same graph,
	// node for node and relationship for relationship.
	Seed uint64
}

// fixture returns the participation test fixture the probe mirrors on top
// of the seed (made-up treaty actions, programmes and activities), so that
// participation gaps and the statistics have answers to find.
func fixture() graph.Batch { return testgraph.ParticipationFixture() }

var (
	refOnce sync.Once
	ref     *reference
	refErr  error
)

// loadReference reads the reference graph once per process.
func loadReference() (*reference, error) {
	refOnce.Do(func() { ref, refErr = readReference(context.Background()) })
	return ref, refErr
}

// SeedShape returns the measured shape of the seed, which the random part
// of every generated graph follows.
func SeedShape() (*Shape, error) {
	r, err := loadReference()
	if err != nil {
		return nil, err
	}
	return r.shape, nil
}

// MinNodes returns the smallest Config.Nodes: the probe and the manifest.
func MinNodes() (int, error) {
	r, err := loadReference()
	if err != nil {
		return 0, err
	}
	return len(r.mirrorNodes) + 1, nil
}

// classPlan says where the nodes of one class are in the generated graph.
// Every node has a global index; those of a class are contiguous, the
// mirrored (probe) ones first, then the random ones.
type classPlan struct {
	Class
	start     int           // global index of the class's first node
	probe     []*graph.Node // the nodes the probe nodes mirror, by ID
	random    int           // how many random nodes follow them
	templates []*graph.Node // the seed nodes the random ones take their properties from
	// probeNum and randomNum are the numbers (within the kind: regions
	// of every level share one numbering) of the class's first probe and
	// first random node, less one.
	probeNum, randomNum int
	index               int // the class's position in Graph.classes
}

// size returns the number of nodes of the class.
func (c *classPlan) size() int { return len(c.probe) + c.random }

// triplePlan holds the relationships of one triple as pairs of global
// indices: first the mirrored ones (of the probe), then the random ones.
type triplePlan struct {
	Triple
	from, to  []int32
	probe     []*graph.Relationship // what the first len(probe) pairs mirror
	templates []*graph.Relationship // the seed relationships the random ones take their properties from
	index     int                   // the triple's position in Graph.triples
}

// Graph is a planned synthetic graph: how many nodes of each class, and
// every relationship as a pair of node indices. The nodes and relationships
// themselves are made only as Batches streams them, so that the plan of a
// million nodes takes tens of megabytes, not the graph's gigabytes.
type Graph struct {
	cfg     Config
	ref     *reference
	classes []*classPlan // in compareClasses order
	triples []*triplePlan
	nodes   int // every node but the manifest
	rels    int
	probeID map[graph.ID]int32 // reference ID → global index of its mirror

	// What some nodes' properties say about their relationships, found
	// once the relationships are drawn (see derive), indexed by the node's
	// index within its kind (State, Paragraph, Footnote: one class each).
	stateRegions [][3]int32 // a State's region at each level (levels), -1 for none
	paraRes      []int32    // a Paragraph's resolution, -1 for none
	paraPos      [][2]int32 // a random Paragraph's position and number in its resolution
	footPara     []int32    // a Footnote's paragraph, -1 for none
}

// New plans the graph cfg describes. It draws every relationship (a few
// seconds for a million nodes) but makes no node yet.
func New(cfg Config) (*Graph, error) {
	r, err := loadReference()
	if err != nil {
		return nil, err
	}
	if min := len(r.mirrorNodes) + 1; cfg.Nodes < min {
		return nil, graph.Errorf(graph.Invalid, "synth: %d nodes: at least %d (the probe and the manifest)", cfg.Nodes, min)
	}
	if cfg.Nodes > maxNodes {
		return nil, graph.Errorf(graph.Invalid, "synth: %d nodes: at most %d", cfg.Nodes, maxNodes)
	}
	g := &Graph{cfg: cfg, ref: r, probeID: map[graph.ID]int32{}}
	g.planClasses()
	if err := g.planTriples(); err != nil {
		return nil, err
	}
	g.derive()
	return g, nil
}

// maxNodes bounds Config.Nodes: global indices are int32.
const maxNodes = 100_000_000

// planClasses lays out the classes: the probe's nodes and the random
// part's, shared out in the seed's proportions.
func (g *Graph) planClasses() {
	shape := g.ref.shape
	mirrored := map[Class][]*graph.Node{}
	for _, n := range g.ref.mirrorNodes {
		c := classOf(n)
		mirrored[c] = append(mirrored[c], n)
	}
	classes := map[Class]bool{}
	for _, cs := range shape.Classes {
		classes[cs.Class] = true
	}
	for c := range mirrored {
		classes[c] = true
	}
	order := make([]Class, 0, len(classes))
	for c := range classes {
		order = append(order, c)
	}
	slices.SortFunc(order, compareClasses)

	random := g.cfg.Nodes - len(g.ref.mirrorNodes) - 1
	weights := make([]int, len(order))
	for i, c := range order {
		weights[i] = shape.Class(c).Count
	}
	counts := apportion(random, weights)

	start := 0
	probeNum := map[graph.NodeKind]int{}
	for i, c := range order {
		cp := &classPlan{Class: c, start: start, probe: mirrored[c], random: counts[i],
			templates: shape.Class(c).templates, index: i}
		cp.probeNum = probeNum[c.Kind]
		probeNum[c.Kind] += len(cp.probe)
		for j, n := range cp.probe {
			g.probeID[n.ID] = int32(start + j)
		}
		start += cp.size()
		g.classes = append(g.classes, cp)
	}
	randomNum := map[graph.NodeKind]int{}
	for _, cp := range g.classes {
		cp.randomNum = randomNum[cp.Kind]
		randomNum[cp.Kind] += cp.random
	}
	g.nodes = start
}

// apportion shares total out in proportion to weights, rounding by the
// largest remainder so that the shares sum to total exactly.
func apportion(total int, weights []int) []int {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	if sum == 0 || total <= 0 {
		return out
	}
	type rest struct {
		i    int
		frac int64
	}
	rests := make([]rest, len(weights))
	given := 0
	for i, w := range weights {
		exact := int64(total) * int64(w)
		out[i] = int(exact / int64(sum))
		given += out[i]
		rests[i] = rest{i, exact % int64(sum)}
	}
	sort.SliceStable(rests, func(a, b int) bool { return rests[a].frac > rests[b].frac })
	for k := 0; given < total; k++ {
		out[rests[k].i]++
		given++
	}
	return out
}

// planTriples mirrors the probe's relationships and draws the random part's.
func (g *Graph) planTriples() error {
	classes := map[Class]*classPlan{}
	for _, cp := range g.classes {
		classes[cp.Class] = cp
	}
	class := map[graph.ID]Class{}
	for _, n := range g.ref.mirrorNodes {
		class[n.ID] = classOf(n)
	}
	mirrored := map[Triple][]*graph.Relationship{}
	for _, r := range g.ref.mirrorRels {
		t := Triple{From: class[r.From], Type: r.Type, To: class[r.To]}
		mirrored[t] = append(mirrored[t], r)
	}
	shapes := map[Triple]TripleShape{}
	for _, ts := range g.ref.shape.Triples {
		shapes[ts.Triple] = ts
	}
	var order []Triple
	for t := range shapes {
		order = append(order, t)
	}
	for t := range mirrored {
		if _, ok := shapes[t]; !ok {
			order = append(order, t)
		}
	}
	slices.SortFunc(order, compareTriples)

	for i, t := range order {
		tp := &triplePlan{Triple: t, probe: mirrored[t], index: i}
		for _, r := range tp.probe {
			from, ok1 := g.probeID[r.From]
			to, ok2 := g.probeID[r.To]
			if !ok1 || !ok2 {
				return fmt.Errorf("synth: probe relationship %s: an end is not in the probe", r.Identity())
			}
			tp.from = append(tp.from, from)
			tp.to = append(tp.to, to)
		}
		if ts, ok := shapes[t]; ok {
			tp.templates = ts.templates
			fc, tc := classes[t.From], classes[t.To]
			rng := rand.New(rand.NewPCG(g.cfg.Seed, uint64(i)+1))
			from, to := draw(rng, ts, fc.random, tc.random, t.From == t.To)
			for k := range from {
				tp.from = append(tp.from, int32(fc.start+len(fc.probe))+from[k])
				tp.to = append(tp.to, int32(tc.start+len(tc.probe))+to[k])
			}
		}
		g.rels += len(tp.from)
		g.triples = append(g.triples, tp)
	}
	return nil
}

// draw draws the relationships of one triple between fromN random nodes
// of its start class and toN of its end class, as pairs of indices within
// those. Each node's degree at either end is drawn from the seed's
// histogram, zeros included, so that hubs are as frequent, and as big, as
// in the seed. The number of relationships is that of the end whose
// degrees are all alike in the seed (every State is MEMBER_OF one group),
// else the seed's scaled as the start class is, and the degrees drawn are
// nudged to match it. The ends are then paired at random. A pair that repeats
// another of the same start, or a loop (same class), is swapped with
// another pair or, failing that, dropped.
func draw(rng *rand.Rand, ts TripleShape, fromN, toN int, sameClass bool) (from, to []int32) {
	if fromN == 0 || toN == 0 {
		return nil, nil
	}
	out := drawDegrees(rng, ts.Out, fromN)
	in := drawDegrees(rng, ts.In, toN)
	total := func(d []int32) int {
		n := 0
		for _, v := range d {
			n += int(v)
		}
		return n
	}
	var n int
	switch {
	case ts.Out.single():
		n = total(out)
	case ts.In.single():
		n = total(in)
	default:
		n = int(math.Round(float64(ts.Count) * float64(fromN) / float64(ts.Out.Nodes())))
	}
	fit(rng, out, n)
	fit(rng, in, n)
	from = stubs(out, n)
	to = stubs(in, n)
	rng.Shuffle(len(to), func(i, j int) { to[i], to[j] = to[j], to[i] })
	return repair(rng, from, to, sameClass)
}

// drawDegrees draws n degrees from histogram h.
func drawDegrees(rng *rand.Rand, h Histogram, n int) []int32 {
	cum := make([]int, len(h))
	sum := 0
	for d, c := range h {
		sum += c
		cum[d] = sum
	}
	out := make([]int32, n)
	for i := range out {
		x := rng.IntN(sum)
		out[i] = int32(sort.SearchInts(cum, x+1))
	}
	return out
}

// fit adds or takes ends at random nodes until deg sums to n, preferring
// nodes that already have some, so that nodes drawn without any keep none.
func fit(rng *rand.Rand, deg []int32, n int) {
	sum := 0
	for _, d := range deg {
		sum += int(d)
	}
	pick := func() int {
		for range 64 {
			if i := rng.IntN(len(deg)); deg[i] > 0 {
				return i
			}
		}
		start := rng.IntN(len(deg))
		for k := range deg {
			if i := (start + k) % len(deg); deg[i] > 0 {
				return i
			}
		}
		return start
	}
	for ; sum < n; sum++ {
		deg[pick()]++
	}
	for ; sum > n; sum-- {
		deg[pick()]--
	}
}

// stubs returns each node index as many times as its degree, in order.
func stubs(deg []int32, n int) []int32 {
	out := make([]int32, 0, n)
	for i, d := range deg {
		for range d {
			out = append(out, int32(i))
		}
	}
	return out
}

// repair removes, by swapping or dropping, the pairs that repeat an earlier
// pair of the same start or are loops (when sameClass). from is sorted, so
// the pairs of one start are a block.
func repair(rng *rand.Rand, from, to []int32, sameClass bool) ([]int32, []int32) {
	block := func(p int) (int, int) {
		f := from[p]
		lo := sort.Search(len(from), func(i int) bool { return from[i] >= f })
		hi := sort.Search(len(from), func(i int) bool { return from[i] > f })
		return lo, hi
	}
	// fits reports whether v can be the end of the pair at p.
	fits := func(p int, v int32) bool {
		if sameClass && v == from[p] {
			return false
		}
		lo, hi := block(p)
		for k := lo; k < hi; k++ {
			if k != p && to[k] == v {
				return false
			}
		}
		return true
	}
	const dropped = -1
	drops := 0
	for p := range from {
		if fits(p, to[p]) {
			continue
		}
		swapped := false
		for range 32 {
			q := rng.IntN(len(from))
			if q != p && to[q] != dropped && fits(p, to[q]) && fits(q, to[p]) {
				to[p], to[q] = to[q], to[p]
				swapped = true
				break
			}
		}
		if !swapped {
			to[p] = dropped
			drops++
		}
	}
	if drops == 0 {
		return from, to
	}
	keep := 0
	for p := range from {
		if to[p] != dropped {
			from[keep], to[keep] = from[p], to[p]
			keep++
		}
	}
	return from[:keep], to[:keep]
}

// levels are the region levels, in the order of Graph.stateRegions.
var levels = [3]string{analysis.LevelRegion, analysis.LevelSubregion, analysis.LevelIntermediateRegion}

// levelProps are the State properties that name its region at each level.
var levelProps = [3][2]string{
	{"regionCode", "regionName"},
	{"subregionCode", "subregionName"},
	{"intermediateRegionCode", "intermediateRegionName"},
}

// derive records what some nodes' properties repeat of their
// relationships: a State's regions, a paragraph's resolution (and, for a
// random paragraph, its position and number in it), a footnote's
// paragraph. The first relationship of each wins.
func (g *Graph) derive() {
	states, paras, foots := g.kindClass(graph.KindState), g.kindClass(graph.KindParagraph), g.kindClass(graph.KindFootnote)
	g.stateRegions = make([][3]int32, states.size())
	for i := range g.stateRegions {
		g.stateRegions[i] = [3]int32{-1, -1, -1}
	}
	g.paraRes = filled(paras.size(), -1)
	g.paraPos = make([][2]int32, paras.size())
	g.footPara = filled(foots.size(), -1)
	type counter struct{ position, preambular, operative int32 }
	counters := map[int32]*counter{}
	for _, tp := range g.triples {
		switch {
		case tp.Type == graph.RelInRegion && tp.From.Kind == graph.KindState && tp.To.Kind == graph.KindRegion:
			level := slices.Index(levels[:], tp.To.Level)
			if level < 0 {
				continue
			}
			for k, s := range tp.from {
				if r := &g.stateRegions[int(s)-states.start][level]; *r < 0 {
					*r = tp.to[k]
				}
			}
		case tp.Type == graph.RelHasParagraph && tp.From.Kind == graph.KindResolution && tp.To.Kind == graph.KindParagraph:
			for k, res := range tp.from {
				p := int(tp.to[k]) - paras.start
				if g.paraRes[p] >= 0 {
					continue
				}
				g.paraRes[p] = res
				if k < len(tp.probe) {
					continue
				}
				c := counters[res]
				if c == nil {
					c = &counter{}
					counters[res] = c
				}
				c.position++
				num := &c.operative
				if g.template(tp.to[k]).Props.String("paragraphKind") == "PREAMBULAR" {
					num = &c.preambular
				}
				*num++
				g.paraPos[p] = [2]int32{c.position, *num}
			}
		case tp.Type == graph.RelHasFootnote && tp.From.Kind == graph.KindParagraph && tp.To.Kind == graph.KindFootnote:
			for k, f := range tp.to {
				if p := &g.footPara[int(f)-foots.start]; *p < 0 {
					*p = tp.from[k]
				}
			}
		}
	}
}

// filled returns n copies of v.
func filled(n int, v int32) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// kindClass returns the plan of the first class of kind k (the only one
// for every kind but Region), or an empty plan when there is none.
func (g *Graph) kindClass(k graph.NodeKind) *classPlan {
	for _, cp := range g.classes {
		if cp.Kind == k {
			return cp
		}
	}
	return &classPlan{Class: Class{Kind: k}}
}

// Nodes returns the number of nodes of the graph, the manifest included:
// Config.Nodes.
func (g *Graph) Nodes() int { return g.nodes + 1 }

// Relationships returns the number of relationships of the graph.
func (g *Graph) Relationships() int { return g.rels }

// Counts returns the number of nodes per kind (the manifest included) and
// of relationships per type, as the store will count them once loaded.
func (g *Graph) Counts() graph.Counts {
	c := graph.Counts{Nodes: map[graph.NodeKind]int{manifestKind: 1}, Relationships: map[graph.RelType]int{}}
	for _, cp := range g.classes {
		c.Nodes[cp.Kind] += cp.size()
	}
	for _, tp := range g.triples {
		c.Relationships[tp.Type] += len(tp.from)
	}
	return c
}

// Config returns the configuration the graph was planned from.
func (g *Graph) Config() Config { return g.cfg }

// String summarizes the plan: nodes per class, relationships per triple.
func (g *Graph) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d nodes (%d probe, manifest 1), %d relationships, seed %d\n", g.Nodes(), len(g.ref.mirrorNodes), g.rels, g.cfg.Seed)
	for _, cp := range g.classes {
		fmt.Fprintf(&b, "  %-28s %9d  (probe %d)\n", cp.Class, cp.size(), len(cp.probe))
	}
	for _, tp := range g.triples {
		fmt.Fprintf(&b, "  %-50s %9d  (probe %d)\n", tp.Triple, len(tp.from), len(tp.probe))
	}
	return b.String()
}
