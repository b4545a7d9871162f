package textfold_test

import (
	"testing"

	"github.com/nexus-graph/nexus/graph/textfold"
)

func TestClosest(t *testing.T) {
	regions := []string{"Africa", "Western Africa", "Western Asia", "Caribbean", "Sub-Saharan Africa", "Europe", "Western Europe"}
	keys := []string{"CT01", "CT07", "CT09", "CT17", "OC01"}
	tests := []struct {
		name       string
		value      string
		candidates []string
		want       int
	}{
		{"case and accents only", "WESTERN ÀFRICA", regions, 1},
		{"one letter wrong", "Western Afrika", regions, 1},
		{"two letters missing", "Carribean", regions, 3},
		{"hyphen missing", "Subsaharan Africa", regions, 4},
		{"cut short", "Western Afr", regions, 1},
		{"surrounding spaces", "  europe ", regions, 5},
		{"nothing close", "Atlantis", regions, -1},
		{"too far for a short word", "Westeros", regions, -1},
		{"first of equals", "CT08", keys, 0}, // CT01, CT07 and CT09 are one letter away
		{"a key without its zero", "CT7", keys, 1},
		{"a key in lower case", "ct17", keys, 3},
		{"a key far from all", "XX99", keys, -1},
		{"no candidates", "Europe", nil, -1},
		{"empty value", "", regions, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := textfold.Closest(tt.value, tt.candidates); got != tt.want {
				t.Errorf("Closest(%q) = %d, want %d", tt.value, got, tt.want)
			}
		})
	}
}

// TestDistance checks the edit distance on runes, unfolded.
func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"france", "france", 0},
		{"frnace", "france", 2}, {"kitten", "sitting", 3}, {"Côte", "Cote", 1}, {"é", "e", 1},
	} {
		if got := textfold.Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
