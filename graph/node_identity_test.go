package graph_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// TestCompareIdentity checks CompareIdentity against comparing the
// identities as strings, on parts that are prefixes of each other and hold
// the separator.
func TestCompareIdentity(t *testing.T) {
	parts := []string{"", "A", "AB", "A|", "A|B", "|", "B", "a", "Ab", "ZZ"}
	pick := func(r *rand.Rand) string { return parts[r.IntN(len(parts))] }
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		a := &graph.Relationship{From: graph.ID(pick(r)), Type: graph.RelType(pick(r)), To: graph.ID(pick(r)), Key: pick(r)}
		b := &graph.Relationship{From: graph.ID(pick(r)), Type: graph.RelType(pick(r)), To: graph.ID(pick(r)), Key: pick(r)}
		if got, want := graph.CompareIdentity(a, b), strings.Compare(a.Identity(), b.Identity()); got != want {
			t.Fatalf("CompareIdentity(%q, %q) = %d, want %d", a.Identity(), b.Identity(), got, want)
		}
	}
}
