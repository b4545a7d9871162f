// Package storetest is the conformance suite of graph.Store: every store runs
// it from its own tests, so that no caller can tell one store from another
// by its answers.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) graph.Store { return memory.New() })
//	}
//
// The suite builds its own test graph (Fixture), made up for the purpose.
// It runs its subtests one at a time and asks newStore for a new store in
// each, which it assumes to be empty, so a store backed by a shared database
// must clear it in newStore. The suite closes every store it gets at the end
// of the subtest (after closing some itself: Close must be idempotent).
//
// Scores of Search are compared by value: every store scores with
// textfold's rule (SearchFields.Score), whose values are exact in binary
// floating point, so all stores agree to the bit.
package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// Run runs the conformance suite against the stores newStore returns.
func Run(t *testing.T, newStore func(t *testing.T) graph.Store) {
	s := suite{newStore: newStore}
	t.Run("Apply", s.testApply)
	t.Run("ApplyStream", s.testApplyStream)
	t.Run("Nodes", s.testNodes)
	t.Run("FindNodes", s.testFindNodes)
	t.Run("Relationships", s.testRelationships)
	t.Run("Expand", s.testExpand)
	t.Run("Snapshot", s.testSnapshot)
	t.Run("FindProjected", s.testFindProjected)
	t.Run("FindExpand", s.testFindExpand)
	t.Run("NeighborhoodProjected", s.testNeighborhoodProjected)
	t.Run("Search", s.testSearch)
	t.Run("Counts", s.testCounts)
	t.Run("Degrees", s.testDegrees)
	t.Run("Traversals", s.testTraversals)
	t.Run("Ping", s.testPing)
	t.Run("Close", s.testClose)
	t.Run("Context", s.testContext)
}

type suite struct {
	newStore func(t *testing.T) graph.Store
}

// empty returns a new, empty store that is closed when t ends.
func (s suite) empty(t *testing.T) graph.Store {
	t.Helper()
	st := s.newStore(t)
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return st
}

// loaded returns a new store holding the Fixture.
func (s suite) loaded(t *testing.T) graph.Store {
	t.Helper()
	st := s.empty(t)
	mustApply(t, st, Fixture())
	return st
}

func mustApply(t *testing.T, st graph.Store, b graph.Batch) {
	t.Helper()
	if err := st.Apply(t.Context(), b); err != nil {
		t.Fatalf("Apply: %v", err)
	}
}

func mustNodes(t *testing.T, st graph.Store, ids ...graph.ID) []*graph.Node {
	t.Helper()
	nodes, err := st.Nodes(t.Context(), ids)
	if err != nil {
		t.Fatalf("Nodes(%v): %v", ids, err)
	}
	if len(nodes) != len(ids) {
		t.Fatalf("Nodes(%v) returned %d nodes, want %d", ids, len(nodes), len(ids))
	}
	return nodes
}

func mustNode(t *testing.T, st graph.Store, id graph.ID) *graph.Node {
	t.Helper()
	n := mustNodes(t, st, id)[0]
	if n == nil {
		t.Fatalf("Nodes(%s) = nil, want the node", id)
	}
	return n
}

func mustCounts(t *testing.T, st graph.Store) graph.Counts {
	t.Helper()
	c, err := st.Counts(t.Context())
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return c
}

func mustRels(t *testing.T, st graph.Store, ids []graph.ID, q graph.RelQuery) map[graph.ID][]*graph.Relationship {
	t.Helper()
	m, err := st.Relationships(t.Context(), ids, q)
	if err != nil {
		t.Fatalf("Relationships(%v, %+v): %v", ids, q, err)
	}
	return m
}

// wantCode fails t unless err carries the code want.
func wantCode(t *testing.T, err error, want graph.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %s error", want)
	}
	if got := graph.ErrorCode(err); got != want {
		t.Fatalf("got error code %s (%v), want %s", got, err, want)
	}
}

// normalNode returns a copy of n in a canonical form for comparison: no
// properties and no sources are both nil.
func normalNode(n *graph.Node) *graph.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Props = normalProps(n.Props)
	if len(n.Sources) == 0 {
		c.Sources = nil
	}
	return &c
}

func normalProps(p graph.Props) graph.Props {
	if len(p) == 0 {
		return nil
	}
	return p
}

func normalRel(r *graph.Relationship) *graph.Relationship {
	if r == nil {
		return nil
	}
	c := *r
	c.Props = normalProps(r.Props)
	return &c
}

// sameNode fails t unless got and want are the same node, property types included.
func sameNode(t *testing.T, got, want *graph.Node) {
	t.Helper()
	if g, w := normalNode(got), normalNode(want); !reflect.DeepEqual(g, w) {
		t.Errorf("node differs:\n got %s\nwant %s", describeNode(g), describeNode(w))
	}
}

// sameRel fails t unless got and want are the same relationship, property types included.
func sameRel(t *testing.T, got, want *graph.Relationship) {
	t.Helper()
	if g, w := normalRel(got), normalRel(want); !reflect.DeepEqual(g, w) {
		t.Errorf("relationship differs:\n got %s\nwant %s", describeRel(g), describeRel(w))
	}
}

func describeNode(n *graph.Node) string {
	if n == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%s (kind %q, key %q) props %s sources %+v", n.ID, n.Kind, n.Key, describeProps(n.Props), n.Sources)
}

func describeRel(r *graph.Relationship) string {
	if r == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%s props %s source %+v", r.Identity(), describeProps(r.Props), r.Source)
}

// describeProps shows each property with its Go type, so that an int64
// coming back as a float64 shows.
func describeProps(p graph.Props) string {
	var b strings.Builder
	b.WriteString("{")
	for i, k := range p.Keys() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %T(%#v)", k, p[k], p[k])
	}
	b.WriteString("}")
	return b.String()
}

// nodeIDs returns the IDs of nodes, "<nil>" for a nil node.
func nodeIDs(nodes []*graph.Node) []graph.ID {
	ids := make([]graph.ID, len(nodes))
	for i, n := range nodes {
		if n == nil {
			ids[i] = "<nil>"
			continue
		}
		ids[i] = n.ID
	}
	return ids
}

// relIdentities returns the identities of rels, in order.
func relIdentities(rels []*graph.Relationship) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.Identity()
	}
	return out
}

// identity is the identity of the relationship from, t, to, key.
func identity(from graph.ID, t graph.RelType, to graph.ID, key string) string {
	r := graph.Relationship{From: from, Type: t, To: to, Key: key}
	return r.Identity()
}

func hitIDs(hits []graph.SearchHit) []graph.ID {
	ids := make([]graph.ID, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// sameIDs fails t unless got and want hold the same IDs in the same order.
func sameIDs(t *testing.T, what string, got, want []graph.ID) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// sameIDSet fails t unless got and want hold the same IDs, in any order.
func sameIDSet(t *testing.T, what string, got, want []graph.ID) {
	t.Helper()
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s = %v, want (in any order) %v", what, got, want)
	}
}

// fixtureCounts counts the distinct nodes per kind and relationships per
// type of b.
func fixtureCounts(b graph.Batch) graph.Counts {
	c := graph.Counts{Nodes: map[graph.NodeKind]int{}, Relationships: map[graph.RelType]int{}}
	seen := map[string]bool{}
	for _, n := range b.Nodes {
		if !seen[string(n.ID)] {
			seen[string(n.ID)] = true
			c.Nodes[n.Kind]++
		}
	}
	for _, r := range b.Relationships {
		if !seen[r.Identity()] {
			seen[r.Identity()] = true
			c.Relationships[r.Type]++
		}
	}
	return c
}

// sameCounts fails t unless got and want count the same, a missing entry
// counting as zero.
func sameCounts(t *testing.T, got, want graph.Counts) {
	t.Helper()
	for _, k := range graph.NodeKinds {
		if got.Nodes[k] != want.Nodes[k] {
			t.Errorf("Counts: %d %s nodes, want %d", got.Nodes[k], k, want.Nodes[k])
		}
	}
	for k, n := range got.Nodes {
		if !k.Valid() && n != 0 {
			t.Errorf("Counts: %d nodes of unknown kind %q", n, k)
		}
	}
	for _, r := range graph.RelTypes {
		if got.Relationships[r] != want.Relationships[r] {
			t.Errorf("Counts: %d %s relationships, want %d", got.Relationships[r], r, want.Relationships[r])
		}
	}
	for r, n := range got.Relationships {
		if !r.Valid() && n != 0 {
			t.Errorf("Counts: %d relationships of unknown type %q", n, r)
		}
	}
}

// canceled returns a context that is already canceled.
func canceled(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}

// fixtureNode returns the fixture's node id.
func fixtureNode(id graph.ID) *graph.Node {
	for _, n := range Fixture().Nodes {
		if n.ID == id {
			return n
		}
	}
	panic("storetest: no fixture node " + string(id))
}

// fixtureRel returns the fixture's relationship with the given identity.
func fixtureRel(identity string) *graph.Relationship {
	for _, r := range Fixture().Relationships {
		if r.Identity() == identity {
			return r
		}
	}
	panic("storetest: no fixture relationship " + identity)
}
