package graph_test

import (
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

func TestForbiddenRune(t *testing.T) {
	tests := []struct {
		s    string
		at   int
		r    rune
		want string // in the message
	}{
		{s: "plain text, é, 日本", at: -1},
		{s: "tab\tand\nline break", at: -1},
		{s: "right-to-left mark \u200f and Arabic \u0627 are fine", at: -1},
		{s: "bell\a", at: 4, r: 0x07, want: "control character U+0007"},
		{s: "nul\x00", at: 3, r: 0, want: "control character U+0000"},
		{s: "a\rb", at: 1, r: '\r', want: "U+000D (carriage return)"},
		{s: "del\x7f", at: 3, r: 0x7f, want: "control character U+007F"},
		{s: "c1 \u0085", at: 3, r: 0x85, want: "control character U+0085"},
		{s: "c1 \u009f", at: 3, r: 0x9f, want: "control character U+009F"},
		{s: "x\u202ay", at: 1, r: 0x202a, want: "U+202A (LEFT-TO-RIGHT EMBEDDING)"},
		{s: "é\u202e", at: 2, r: 0x202e, want: "bidirectional formatting character U+202E (RIGHT-TO-LEFT OVERRIDE)"},
		{s: "\u2066", at: 0, r: 0x2066, want: "U+2066 (LEFT-TO-RIGHT ISOLATE)"},
		{s: "\u2069", at: 0, r: 0x2069, want: "U+2069 (POP DIRECTIONAL ISOLATE)"},
		{s: "\u2065\u206a\u2029\u202f", at: -1},
	}
	for _, tt := range tests {
		at, r := graph.ForbiddenRune(tt.s)
		if at != tt.at || r != tt.r {
			t.Errorf("ForbiddenRune(%q) = %d, %U; want %d, %U", tt.s, at, r, tt.at, tt.r)
			continue
		}
		if at >= 0 {
			if msg := graph.ForbiddenRuneMessage(r); !strings.Contains(msg, tt.want) {
				t.Errorf("ForbiddenRuneMessage(%U) = %q, want it to contain %q", r, msg, tt.want)
			}
		}
	}
}
