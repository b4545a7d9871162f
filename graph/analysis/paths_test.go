package analysis_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// pathString writes a path as "A -TYPE- B -TYPE- C", the relationship's
// direction shown by > or <.
func pathString(p graph.Path) string {
	var b strings.Builder
	for i, n := range p.Nodes {
		if i > 0 {
			r := p.Relationships[i-1]
			if r.From == p.Nodes[i-1].ID {
				fmt.Fprintf(&b, " -%s> ", r.Type)
			} else {
				fmt.Fprintf(&b, " <%s- ", r.Type)
			}
		}
		b.WriteString(string(n.ID))
	}
	return b.String()
}

func pathStrings(ps []graph.Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = pathString(p)
	}
	return out
}

func TestShortestPaths(t *testing.T) {
	viaMembers := "State:FRA -MEMBER_OF> Group:member-states <MEMBER_OF- State:DEU"
	viaEurope := "State:FRA -IN_REGION> Region:150 <IN_REGION- State:DEU"
	viaWestern := "State:FRA -IN_REGION> Region:155 <IN_REGION- State:DEU"
	cases := []struct {
		name     string
		from, to graph.ID
		opts     graph.PathQuery
		want     []string
		code     graph.Code
		words    []string
	}{
		{
			name: "from a crime type to a body",
			from: nuclear, to: unodc,
			opts: graph.PathQuery{MaxLength: 6},
			want: []string{"CrimeType:nuclear-terrorism <CONCERNS- Paragraph:A/RES/66/178/op/4 -ADDRESSED_TO> Body:UNODC"},
		},
		{
			name: "the only one of all",
			from: nuclear, to: unodc,
			opts: graph.PathQuery{MaxLength: 6, All: true, Limit: 10},
			want: []string{"CrimeType:nuclear-terrorism <CONCERNS- Paragraph:A/RES/66/178/op/4 -ADDRESSED_TO> Body:UNODC"},
		},
		{
			name: "from a crime type to a state",
			from: nuclear, to: france,
			opts: graph.PathQuery{MaxLength: 6},
			want: []string{"CrimeType:nuclear-terrorism <CONCERNS- Paragraph:A/RES/66/178/op/4 -MENTIONS> Group:member-states <MEMBER_OF- State:FRA"},
		},
		{name: "none within the length", from: nuclear, to: unodc, opts: graph.PathQuery{MaxLength: 1}, want: []string{}},
		{name: "two states, none within 1", from: france, to: germany, opts: graph.PathQuery{MaxLength: 1, All: true, Limit: 10}, want: []string{}},
		{name: "two states, the smallest path", from: france, to: germany, opts: graph.PathQuery{MaxLength: 6}, want: []string{viaMembers}},
		{name: "two states, every path in order", from: france, to: germany, opts: graph.PathQuery{MaxLength: 6, All: true, Limit: 10}, want: []string{viaMembers, viaEurope, viaWestern}},
		{name: "two states, a limit", from: france, to: germany, opts: graph.PathQuery{MaxLength: 2, All: true, Limit: 2}, want: []string{viaMembers, viaEurope}},
		{
			name: "two states, the other way",
			from: germany, to: france,
			opts: graph.PathQuery{MaxLength: 6, All: true, Limit: 10},
			want: []string{
				"State:DEU -MEMBER_OF> Group:member-states <MEMBER_OF- State:FRA",
				"State:DEU -IN_REGION> Region:150 <IN_REGION- State:FRA",
				"State:DEU -IN_REGION> Region:155 <IN_REGION- State:FRA",
			},
		},
		{name: "two states, regions only", from: france, to: germany, opts: graph.PathQuery{MaxLength: 6, All: true, Limit: 10, Types: []graph.RelType{graph.RelInRegion}}, want: []string{viaEurope, viaWestern}},
		{name: "a node to itself", from: france, to: france, opts: graph.PathQuery{MaxLength: 6, All: true, Limit: 10}, want: []string{"State:FRA"}},
		{name: "unknown start", from: "State:XZZ", to: france, opts: graph.PathQuery{MaxLength: 6}, code: graph.NotFound, words: []string{"State:XZZ"}},
		{name: "unknown end", from: france, to: "State:XZZ", opts: graph.PathQuery{MaxLength: 6}, code: graph.NotFound, words: []string{"State:XZZ"}},
		{name: "malformed end", from: france, to: "FRA", opts: graph.PathQuery{MaxLength: 6}, code: graph.NotFound, words: []string{"FRA"}},
		{name: "zero length", from: france, to: germany, opts: graph.PathQuery{}, code: graph.Invalid, words: []string{"maxLength must be between 1 and 10, got 0"}},
		{name: "length above the cap", from: france, to: germany, opts: graph.PathQuery{MaxLength: 11}, code: graph.Invalid, words: []string{"maxLength must be between 1 and 10, got 11"}},
		{name: "no limit for all", from: france, to: germany, opts: graph.PathQuery{MaxLength: 6, All: true}, code: graph.Invalid, words: []string{"limit must be between 1 and 100, got 0"}},
		{name: "limit above the cap", from: france, to: germany, opts: graph.PathQuery{MaxLength: 6, All: true, Limit: 101}, code: graph.Invalid, words: []string{"limit must be between 1 and 100, got 101"}},
		{
			name: "unknown relationship type", from: france, to: germany,
			opts: graph.PathQuery{MaxLength: 6, Types: []graph.RelType{"party_to"}},
			code: graph.Invalid, words: []string{`"party_to"`, "IN_REGION", "MEMBER_OF"},
		},
	}
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ps, err := s.ShortestPaths(t.Context(), c.from, c.to, c.opts)
				wantError(t, err, c.code, c.words...)
				if c.code != "" {
					return
				}
				if got := pathStrings(ps); !slices.Equal(got, c.want) {
					t.Errorf("paths =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
				}
				for _, p := range ps {
					checkPath(t, p, c.from, c.to)
				}
			})
		}
	})
}

// checkPath checks that p is a walk from from to to whose relationships join
// its consecutive nodes.
func checkPath(t *testing.T, p graph.Path, from, to graph.ID) {
	t.Helper()
	if len(p.Nodes) != len(p.Relationships)+1 || p.Len() != len(p.Relationships) {
		t.Fatalf("%d nodes and %d relationships", len(p.Nodes), len(p.Relationships))
	}
	if p.Nodes[0].ID != from || p.Nodes[len(p.Nodes)-1].ID != to {
		t.Errorf("path %s does not go from %s to %s", pathString(p), from, to)
	}
	for i, r := range p.Relationships {
		a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
		if !(r.From == a && r.To == b) && !(r.From == b && r.To == a) {
			t.Errorf("relationship %s does not join %s and %s", r.Identity(), a, b)
		}
	}
}

// TestShortestPathsSameOnBothStores compares the shortest paths between
// pairs of nodes spread over the seed on the memory store and on Neo4j.
func TestShortestPathsSameOnBothStores(t *testing.T) {
	neo := testgraph.Neo4j(t)
	mem := testgraph.Memory(t)
	ctx := t.Context()
	ids := allIDs(t, mem)
	o := graph.PathQuery{MaxLength: 6, All: true, Limit: 100}
	for i := 0; i < len(ids); i += 29 {
		for j := 13; j < len(ids); j += 31 {
			from, to := ids[i], ids[j]
			want, err := mem.ShortestPaths(ctx, from, to, o)
			if err != nil {
				t.Fatalf("memory: %s to %s: %v", from, to, err)
			}
			got, err := neo.ShortestPaths(ctx, from, to, o)
			if err != nil {
				t.Fatalf("neo4j: %s to %s: %v", from, to, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s to %s: Neo4j gives\n%s\nmemory\n%s", from, to,
					strings.Join(pathStrings(got), "\n"), strings.Join(pathStrings(want), "\n"))
			}
		}
	}
}

// TestShortestPathsAgainstBruteForce compares ShortestPaths with every
// simple path enumerated by brute force, on small random multigraphs with
// parallel relationships and self-loops, for every pair of nodes.
func TestShortestPathsAgainstBruteForce(t *testing.T) {
	src := graph.Source{Citation: "random test graph", Basis: graph.Stated}
	types := []graph.RelType{graph.RelConcerns, graph.RelMentions}
	for g := range 12 {
		t.Run(fmt.Sprintf("graph %d", g), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(g), 66178))
			n := 4 + rng.IntN(6)
			var b graph.Batch
			ids := make([]graph.ID, n)
			for i := range n {
				nd := graph.NewNode(graph.KindTopic, fmt.Sprintf("t%d", i), nil)
				ids[i] = nd.ID
				b.Nodes = append(b.Nodes, nd)
			}
			m := n + rng.IntN(2*n)
			for range m {
				r := &graph.Relationship{
					From: ids[rng.IntN(n)], Type: types[rng.IntN(len(types))], To: ids[rng.IntN(n)],
					Key: []string{"", "", "k"}[rng.IntN(3)], Props: graph.Props{}, Source: src,
				}
				b.Relationships = append(b.Relationships, r)
			}
			s := memory.New()
			if err := s.Apply(t.Context(), b); err != nil {
				t.Fatal(err)
			}
			stored, err := s.Relationships(t.Context(), ids, graph.RelQuery{Dir: graph.Out})
			if err != nil {
				t.Fatal(err)
			}
			var rels []*graph.Relationship
			for _, rs := range stored {
				rels = append(rels, rs...)
			}
			for _, from := range ids {
				for _, to := range ids {
					for _, max := range []int{1, 2, 3, 10} {
						want := bruteForce(from, to, rels, max)
						got, err := s.ShortestPaths(t.Context(), from, to, graph.PathQuery{MaxLength: max, All: true, Limit: graph.MaxPathsLimit})
						if err != nil {
							t.Fatal(err)
						}
						if len(want) > graph.MaxPathsLimit {
							want = want[:graph.MaxPathsLimit]
						}
						if g, w := pathStrings(got), pathStrings(want); !slices.Equal(g, w) {
							t.Errorf("%s to %s within %d:\n%s\nwant\n%s", from, to, max, strings.Join(g, "\n"), strings.Join(w, "\n"))
						}
						one, err := s.ShortestPaths(t.Context(), from, to, graph.PathQuery{MaxLength: max})
						if err != nil {
							t.Fatal(err)
						}
						if len(want) > 0 && (len(one) != 1 || pathString(one[0]) != pathString(want[0])) {
							t.Errorf("%s to %s within %d: one path %v, want %s", from, to, max, pathStrings(one), pathString(want[0]))
						}
					}
				}
			}
		})
	}
}

// bruteForce enumerates every path from from to to that visits no node
// twice, keeps the shortest of at most max relationships, and sorts them as
// ShortestPaths does: step by step, the next node's ID, then the
// relationship's identity.
func bruteForce(from, to graph.ID, rels []*graph.Relationship, max int) []graph.Path {
	node := func(id graph.ID) *graph.Node {
		kind, key, _ := graph.ParseID(id)
		return &graph.Node{ID: id, Kind: kind, Key: key}
	}
	var all []graph.Path
	var walk func(p graph.Path, visited map[graph.ID]bool)
	walk = func(p graph.Path, visited map[graph.ID]bool) {
		last := p.Nodes[len(p.Nodes)-1].ID
		if last == to {
			all = append(all, graph.Path{Nodes: slices.Clone(p.Nodes), Relationships: slices.Clone(p.Relationships)})
			return
		}
		if p.Len() == max {
			return
		}
		for _, r := range rels {
			if r.From != last && r.To != last {
				continue
			}
			next := r.Other(last)
			if visited[next] {
				continue
			}
			visited[next] = true
			walk(graph.Path{Nodes: append(p.Nodes, node(next)), Relationships: append(p.Relationships, r)}, visited)
			visited[next] = false
		}
	}
	walk(graph.Path{Nodes: []*graph.Node{node(from)}, Relationships: []*graph.Relationship{}}, map[graph.ID]bool{from: true})
	if len(all) == 0 {
		return nil
	}
	shortest := slices.MinFunc(all, func(a, b graph.Path) int { return cmp.Compare(a.Len(), b.Len()) }).Len()
	all = slices.DeleteFunc(all, func(p graph.Path) bool { return p.Len() != shortest })
	slices.SortFunc(all, func(a, b graph.Path) int {
		for i := range a.Relationships {
			if c := strings.Compare(string(a.Nodes[i+1].ID), string(b.Nodes[i+1].ID)); c != 0 {
				return c
			}
			if c := strings.Compare(a.Relationships[i].Identity(), b.Relationships[i].Identity()); c != 0 {
				return c
			}
		}
		return 0
	})
	return all
}
