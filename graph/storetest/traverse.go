package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/traverse"
	"github.com/nexus-graph/nexus/seed"
)

// hoodCase is one call of Neighborhood.
type hoodCase struct {
	root graph.ID
	q    graph.NeighborhoodQuery
}

// pathCase is one call of ShortestPaths.
type pathCase struct {
	from, to graph.ID
	q        graph.PathQuery
}

// traversals are the calls a test makes.
type traversals struct {
	hoods []hoodCase
	paths []pathCase
}

// basicReads hides every method of a store but Nodes and Relationships, so
// that the reference walks over the store's basic reads only.
type basicReads struct{ st graph.Store }

// Nodes is the store's Nodes.
func (b basicReads) Nodes(ctx context.Context, ids []graph.ID) ([]*graph.Node, error) {
	return b.st.Nodes(ctx, ids)
}

// Relationships is the store's Relationships.
func (b basicReads) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (map[graph.ID][]*graph.Relationship, error) {
	return b.st.Relationships(ctx, ids, q)
}

// answer is what a call gave, as the JSON the comparison is made on: the
// value, or the error's code and caller-facing message.
func answer(t *testing.T, v any, err error) []byte {
	t.Helper()
	a := struct {
		Value   any        `json:"value,omitempty"`
		Code    graph.Code `json:"code,omitempty"`
		Message string     `json:"message,omitempty"`
	}{Value: v}
	if err != nil {
		a.Value, a.Code, a.Message = nil, graph.ErrorCode(err), graph.ErrorMessage(err)
	}
	b, jerr := json.Marshal(a)
	if jerr != nil {
		t.Fatalf("marshal an answer: %v", jerr)
	}
	return b
}

// coverage counts what the reference answered, so that a test can check
// that its cases reach every branch of the rules.
type coverage struct {
	truncated, whole, onePath, severalPaths, selfPaths, noPath int
	codes                                                      map[graph.Code]int
}

// checkTraversals makes every call of tr on st and fails t unless each
// answer equals, to the byte, the reference's (graph/traverse over st's
// Nodes and Relationships). It returns what the reference answered.
func checkTraversals(t *testing.T, st graph.Store, tr traversals) coverage {
	t.Helper()
	ctx := t.Context()
	ref := basicReads{st}
	cov := coverage{codes: map[graph.Code]int{}}
	failures := 0
	compare := func(what string, got, want []byte) {
		t.Helper()
		if bytes.Equal(got, want) {
			return
		}
		failures++
		t.Errorf("%s:\n got %s\nwant %s", what, excerpt(got, want), excerpt(want, got))
		if failures == 20 {
			t.Fatalf("20 answers differ from the reference; stopping")
		}
	}
	for _, c := range tr.hoods {
		got, gotErr := st.Neighborhood(ctx, c.root, c.q)
		want, wantErr := traverse.Neighborhood(ctx, ref, c.root, c.q)
		switch {
		case wantErr != nil:
			cov.codes[graph.ErrorCode(wantErr)]++
		case want.Truncated:
			cov.truncated++
		default:
			cov.whole++
		}
		compare(fmt.Sprintf("Neighborhood(%q, %+v)", c.root, c.q), answer(t, got, gotErr), answer(t, want, wantErr))
	}
	for _, c := range tr.paths {
		got, gotErr := st.ShortestPaths(ctx, c.from, c.to, c.q)
		want, wantErr := traverse.ShortestPaths(ctx, ref, c.from, c.to, c.q)
		switch {
		case wantErr != nil:
			cov.codes[graph.ErrorCode(wantErr)]++
		case len(want) == 0:
			cov.noPath++
		case want[0].Len() == 0:
			cov.selfPaths++
		case len(want) == 1:
			cov.onePath++
		default:
			cov.severalPaths++
		}
		compare(fmt.Sprintf("ShortestPaths(%q, %q, %+v)", c.from, c.to, c.q), answer(t, got, gotErr), answer(t, want, wantErr))
	}
	return cov
}

// excerpt returns a, or, when it is long, the part of it around where it
// first differs from b.
func excerpt(a, b []byte) string {
	if len(a) <= 600 {
		return string(a)
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo, hi := max(0, i-200), min(len(a), i+200)
	return fmt.Sprintf("(%d bytes, differing at byte %d) …%s…", len(a), i, a[lo:hi])
}

// wantCoverage fails t unless the reference's answers hold at least one of
// each kind the cases are meant to reach.
func wantCoverage(t *testing.T, got coverage, codes ...graph.Code) {
	t.Helper()
	for name, n := range map[string]int{
		"truncated neighbourhoods": got.truncated, "whole neighbourhoods": got.whole,
		"answers of one path": got.onePath, "answers of several paths": got.severalPaths,
		"paths from a node to itself": got.selfPaths, "answers without a path": got.noPath,
	} {
		if n == 0 {
			t.Errorf("the cases reach no %s", name)
		}
	}
	for _, c := range codes {
		if got.codes[c] == 0 {
			t.Errorf("the cases reach no %s error", c)
		}
	}
}

// testTraversals holds Neighborhood and ShortestPaths to the reference
// implementation in graph/traverse running over the same store's Nodes and
// Relationships: on the seed, on a small multigraph with self-loops,
// parallel relationships and IDs beyond ASCII, and on refused queries.
func (s suite) testTraversals(t *testing.T) {
	t.Run("seed", func(t *testing.T) {
		st := s.empty(t)
		batch, err := seed.Load(t.Context(), st)
		if err != nil {
			t.Fatalf("load the seed: %v", err)
		}
		cov := checkTraversals(t, st, seedTraversals(t, st, batch))
		wantCoverage(t, cov, graph.NotFound)
	})
	t.Run("multigraph", func(t *testing.T) {
		st := s.empty(t)
		b := traversalGraph()
		mustApply(t, st, b)
		cov := checkTraversals(t, st, graphTraversals(b))
		wantCoverage(t, cov)
	})
	t.Run("refused", func(t *testing.T) {
		st := s.loaded(t)
		cov := checkTraversals(t, st, refusedTraversals())
		if n := len(refusedTraversals().hoods) + len(refusedTraversals().paths); cov.codes[graph.Invalid]+cov.codes[graph.NotFound] != n {
			t.Errorf("the reference refused %d of the %d refused queries (%v)", cov.codes[graph.Invalid]+cov.codes[graph.NotFound], n, cov.codes)
		}
	})
}

// seedIDs returns the IDs of b's nodes of kind k, sorted.
func seedIDs(b graph.Batch, k graph.NodeKind) []graph.ID {
	var ids []graph.ID
	for _, n := range b.Nodes {
		if n.Kind == k {
			ids = append(ids, n.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Seed IDs the cases start from: hubs, and the pairs of the tests of the
// API.
const (
	seedOp9       graph.ID = "Paragraph:A/RES/66/178/op/9"
	seedMembers   graph.ID = "Group:member-states"
	seedFrance    graph.ID = "State:FRA"
	seedGermany   graph.ID = "State:DEU"
	seedTerrorism graph.ID = "CrimeType:terrorism"
	seedNuclear   graph.ID = "CrimeType:nuclear-terrorism"
	seedUNODC     graph.ID = "Body:UNODC"
	seedEurope    graph.ID = "Region:150"
)

// seedTraversals returns the cases on the seed b, loaded in st: roots of
// every kind at depths 0 to 4, limits that cut each level of two hubs
// (found with the reference), kind and type filters, unknown and malformed
// roots; paths between pairs spread over the seed, within short lengths
// (none found), along some types, with limits, from a node to itself and
// between unknown or malformed ends.
func seedTraversals(t *testing.T, st graph.Store, b graph.Batch) traversals {
	t.Helper()
	var tr traversals
	hood := func(root graph.ID, depth, limit int, types []graph.RelType, kinds []graph.NodeKind) {
		tr.hoods = append(tr.hoods, hoodCase{root, graph.NeighborhoodQuery{Depth: depth, Limit: limit, Types: types, Kinds: kinds}})
	}
	path := func(from, to graph.ID, maxLength int, all bool, limit int, types []graph.RelType) {
		tr.paths = append(tr.paths, pathCase{from, to, graph.PathQuery{MaxLength: maxLength, All: all, Limit: limit, Types: types}})
	}

	// Roots of every kind: the first ID of the kind at every depth, the
	// last up to depth 2, the middle one at depths 1 and 2 (deeper, most
	// neighbourhoods hold most of the seed).
	var all []graph.ID
	for _, k := range graph.NodeKinds {
		ids := seedIDs(b, k)
		all = append(all, ids...)
		if len(ids) == 0 {
			continue
		}
		for depth := range graph.MaxDepth + 1 {
			hood(ids[0], depth, graph.MaxNeighborhoodLimit, nil, nil)
		}
		if len(ids) > 1 {
			for depth := range 3 {
				hood(ids[len(ids)-1], depth, graph.MaxNeighborhoodLimit, nil, nil)
			}
		}
		if len(ids) > 2 {
			hood(ids[len(ids)/2], 1, graph.MaxNeighborhoodLimit, nil, nil)
			hood(ids[len(ids)/2], 2, graph.MaxNeighborhoodLimit, nil, nil)
		}
	}

	// Limits around the size of each level, which the reference measures:
	// the walk is cut in the level, or the level just fits.
	for _, root := range []graph.ID{seedOp9, seedMembers} {
		sizes := make([]int, graph.MaxDepth+1)
		for depth := range sizes {
			sg, err := traverse.Neighborhood(t.Context(), basicReads{st}, root, graph.NeighborhoodQuery{Depth: depth, Limit: graph.MaxNeighborhoodLimit})
			if err != nil {
				t.Fatalf("the reference neighbourhood of %s at depth %d: %v", root, depth, err)
			}
			sizes[depth] = len(sg.Nodes)
		}
		for depth := 1; depth <= graph.MaxDepth; depth++ {
			prev, size := sizes[depth-1], sizes[depth]
			for _, limit := range []int{prev, prev + 1, (prev + size) / 2, size - 1} {
				if limit >= 1 && limit <= graph.MaxNeighborhoodLimit {
					hood(root, graph.MaxDepth, limit, nil, nil)
				}
			}
			hood(root, depth, size, nil, nil)
		}
	}

	// Filters, alone and together, with limits.
	kindSets := [][]graph.NodeKind{
		{graph.KindCrimeType}, {graph.KindState}, {graph.KindRegion, graph.KindState},
		{graph.KindParagraph, graph.KindResolution}, {graph.KindTopic, graph.KindCrimeType, graph.KindInstrument},
		{graph.KindBody, graph.KindGroup, graph.KindBody},
	}
	typeSets := [][]graph.RelType{
		{graph.RelConcerns}, {graph.RelInRegion, graph.RelPartOf}, {graph.RelMemberOf, graph.RelInRegion},
		{graph.RelHasParagraph, graph.RelConcerns, graph.RelAddressedTo}, {graph.RelConcerns, graph.RelConcerns},
	}
	for i, root := range []graph.ID{seedOp9, seedMembers, seedFrance, seedTerrorism, seedEurope} {
		for _, depth := range []int{1 + i%2, 3} {
			for _, kinds := range kindSets {
				hood(root, depth, graph.MaxNeighborhoodLimit, nil, kinds)
			}
			for _, types := range typeSets {
				hood(root, depth, graph.MaxNeighborhoodLimit, types, nil)
			}
			hood(root, depth, 7, typeSets[3], kindSets[4])
			hood(root, depth, 40, typeSets[2], kindSets[2])
		}
	}

	for _, root := range []graph.ID{"State:XZZ", "nonsense", "State:", "Country:FRA", ""} {
		hood(root, 1, 10, nil, nil)
	}

	// Paths between pairs spread over the seed.
	for i := 0; i < len(all); i += 31 {
		for j := 11; j < len(all); j += 47 {
			path(all[i], all[j], graph.DefaultMaxLength, true, graph.MaxPathsLimit, nil)
			path(all[i], all[j], graph.MaxPathLength, false, 0, nil)
		}
	}
	for i := 5; i < len(all); i += 59 {
		for j := 17; j < len(all); j += 61 {
			for _, maxLength := range []int{1, 2, 3} {
				path(all[i], all[j], maxLength, true, 10, nil)
			}
			path(all[i], all[j], graph.MaxPathLength, true, graph.MaxPathsLimit, []graph.RelType{graph.RelMemberOf, graph.RelInRegion, graph.RelPartOf})
		}
	}
	path(seedFrance, seedGermany, 1, true, 10, nil)
	path(seedFrance, seedGermany, graph.DefaultMaxLength, true, 10, []graph.RelType{graph.RelInRegion})
	path("State:NGA", "State:JPN", graph.DefaultMaxLength, true, 10, []graph.RelType{graph.RelInRegion, graph.RelPartOf})
	path(seedNuclear, seedUNODC, graph.DefaultMaxLength, true, 10, []graph.RelType{graph.RelConcerns, graph.RelAddressedTo})
	for _, limit := range []int{1, 2, 3} {
		path(seedFrance, seedGermany, graph.DefaultMaxLength, true, limit, nil)
		path(seedGermany, seedFrance, 2, true, limit, nil)
	}
	for _, limit := range []int{1, 5, graph.MaxPathsLimit} {
		path("Footnote:A/RES/66/178/fn/3", "State:BRA", graph.MaxPathLength, true, limit, nil)
		path("Instrument:OC03", "Region:419", graph.MaxPathLength, true, limit, nil)
		path(seedMembers, "Region:155", graph.MaxPathLength, true, limit, nil)
	}
	path(seedFrance, seedFrance, graph.DefaultMaxLength, true, 10, nil)
	path(seedOp9, seedOp9, 1, false, 0, []graph.RelType{graph.RelCites})
	for _, ends := range [][2]graph.ID{
		{"State:XZZ", seedFrance}, {seedFrance, "State:XZZ"}, {seedFrance, "FRA"}, {"nonsense", seedFrance},
		{"State:XZZ", "State:XZZ"}, {"State:XZZ", "nonsense"}, {"", ""},
	} {
		path(ends[0], ends[1], graph.DefaultMaxLength, true, 10, nil)
	}
	return tr
}

// traversalGraph returns a small made-up multigraph for the traversals:
// nodes of three kinds, some with IDs beyond ASCII (whose byte order and
// UTF-16 order differ), relationships of three types drawn at random with a
// fixed seed, parallel ones told apart by their keys, and self-loops.
func traversalGraph() graph.Batch {
	var b graph.Batch
	for _, id := range []graph.ID{
		"Topic:a", "Topic:b", "Topic:é", "Topic:\U0001F600", "Topic:\uFF21",
		"CrimeType:a", "CrimeType:z", "CrimeType:\u00E9t\u00E9",
		"Document:a", "Document:b",
	} {
		b.Nodes = append(b.Nodes, node(id, graph.Props{"nameEn": "test node " + string(id)}))
	}
	types := []graph.RelType{graph.RelConcerns, graph.RelMentions, graph.RelCites}
	rng := rand.New(rand.NewPCG(4, 66178))
	for range 26 {
		from := b.Nodes[rng.IntN(len(b.Nodes))].ID
		to := b.Nodes[rng.IntN(len(b.Nodes))].ID
		key := []string{"", "", "k"}[rng.IntN(3)]
		b.Relationships = append(b.Relationships, rel(from, types[rng.IntN(len(types))], to, key, graph.Props{"n": int64(len(b.Relationships))}))
	}
	// Loops on a root whatever the draw, and a parallel pair.
	b.Relationships = append(b.Relationships,
		rel("Topic:a", graph.RelMentions, "Topic:a", "", nil),
		rel("CrimeType:a", graph.RelCites, "CrimeType:a", "", nil),
		rel("Topic:a", graph.RelConcerns, "Topic:b", "", nil),
		rel("Topic:a", graph.RelConcerns, "Topic:b", "k", nil),
		rel("Topic:b", graph.RelConcerns, "Topic:a", "", nil),
	)
	return b
}

// graphTraversals returns the cases on the multigraph b: every root at
// every depth, with and without filters (every pair of them up to depth 1,
// half of them deeper), under every limit; every pair of nodes within two
// lengths, one path or all of them, with a limit, along one type.
func graphTraversals(b graph.Batch) traversals {
	var tr traversals
	var ids []graph.ID
	for _, n := range b.Nodes {
		ids = append(ids, n.ID)
	}
	kindSets := [][]graph.NodeKind{nil, {graph.KindTopic}, {graph.KindTopic, graph.KindDocument}, {graph.KindCrimeType}}
	typeSets := [][]graph.RelType{nil, {graph.RelMentions}, {graph.RelConcerns, graph.RelCites}}
	for _, root := range ids {
		for depth := range graph.MaxDepth + 1 {
			for i, kinds := range kindSets {
				for j, types := range typeSets {
					if depth < 2 || (i+j+depth)%2 == 0 {
						tr.hoods = append(tr.hoods, hoodCase{root, graph.NeighborhoodQuery{Depth: depth, Limit: graph.MaxNeighborhoodLimit, Types: types, Kinds: kinds}})
					}
				}
			}
		}
		for limit := 1; limit <= len(ids); limit++ {
			tr.hoods = append(tr.hoods,
				hoodCase{root, graph.NeighborhoodQuery{Depth: graph.MaxDepth, Limit: limit}},
				hoodCase{root, graph.NeighborhoodQuery{Depth: 2, Limit: limit, Kinds: kindSets[2], Types: typeSets[2]}},
			)
		}
	}
	for _, from := range ids {
		for _, to := range ids {
			tr.paths = append(tr.paths,
				pathCase{from, to, graph.PathQuery{MaxLength: 2, All: true, Limit: graph.MaxPathsLimit}},
				pathCase{from, to, graph.PathQuery{MaxLength: graph.MaxPathLength, All: true, Limit: graph.MaxPathsLimit}},
				pathCase{from, to, graph.PathQuery{MaxLength: graph.MaxPathLength}},
				pathCase{from, to, graph.PathQuery{MaxLength: graph.MaxPathLength, All: true, Limit: 2}},
				pathCase{from, to, graph.PathQuery{MaxLength: graph.MaxPathLength, All: true, Limit: 10, Types: typeSets[1]}},
			)
		}
	}
	return tr
}

// refusedTraversals returns queries every store refuses, each with the
// reference's error: out-of-range depths, limits and lengths, unknown types
// and kinds (before an unknown root or end), unknown and malformed nodes.
func refusedTraversals() traversals {
	q := graph.NeighborhoodQuery{Depth: 1, Limit: 10}
	with := func(f func(q *graph.NeighborhoodQuery)) graph.NeighborhoodQuery {
		c := q
		f(&c)
		return c
	}
	p := graph.PathQuery{MaxLength: 3, All: true, Limit: 10}
	withP := func(f func(p *graph.PathQuery)) graph.PathQuery {
		c := p
		f(&c)
		return c
	}
	return traversals{
		hoods: []hoodCase{
			{stateArcadia, with(func(q *graph.NeighborhoodQuery) { q.Depth = -1 })},
			{stateArcadia, with(func(q *graph.NeighborhoodQuery) { q.Depth = graph.MaxDepth + 1 })},
			{stateArcadia, with(func(q *graph.NeighborhoodQuery) { q.Limit = 0 })},
			{stateArcadia, with(func(q *graph.NeighborhoodQuery) { q.Limit = graph.MaxNeighborhoodLimit + 1 })},
			{stateArcadia, with(func(q *graph.NeighborhoodQuery) { q.Types = []graph.RelType{graph.RelInRegion, "PARTY_TO"} })},
			{stateArcadia, with(func(q *graph.NeighborhoodQuery) { q.Kinds = []graph.NodeKind{"Country"} })},
			{"State:XZZ", with(func(q *graph.NeighborhoodQuery) { q.Depth = 9 })},
			{"nonsense", with(func(q *graph.NeighborhoodQuery) { q.Kinds = []graph.NodeKind{"state"} })},
			{"State:XZZ", q},
			{"nonsense", q},
		},
		paths: []pathCase{
			{stateArcadia, stateBorduria, withP(func(p *graph.PathQuery) { p.MaxLength = 0 })},
			{stateArcadia, stateBorduria, withP(func(p *graph.PathQuery) { p.MaxLength = graph.MaxPathLength + 1 })},
			{stateArcadia, stateBorduria, withP(func(p *graph.PathQuery) { p.Limit = 0 })},
			{stateArcadia, stateBorduria, withP(func(p *graph.PathQuery) { p.Limit = graph.MaxPathsLimit + 1 })},
			{stateArcadia, stateBorduria, withP(func(p *graph.PathQuery) { p.Types = []graph.RelType{"in_region"} })},
			{"State:XZZ", "nonsense", withP(func(p *graph.PathQuery) { p.MaxLength = -1 })},
			{stateArcadia, stateArcadia, withP(func(p *graph.PathQuery) { p.All, p.Limit = true, -5 })},
			{"State:XZZ", stateBorduria, p},
			{stateArcadia, "State:XZZ", p},
			{"State:XZZ", "nonsense", p},
			{"State:XZZ", "State:XZZ", p},
		},
	}
}
