package seed

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// Problem is one thing wrong with a seed file: where it is and what it is.
type Problem struct {
	File    string // path of the file inside the seed tree, e.g. "facts/bodies.facts"
	Line    int    // 1-based line number; 0 when the problem concerns the whole file
	Message string // what is wrong
}

// String returns the problem as "file:line: message" ("file: message" when
// the problem has no line).
func (p Problem) String() string {
	if p.Line <= 0 {
		return p.File + ": " + p.Message
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// Problems is the error returned for a seed that does not validate: every
// problem found in every file.
type Problems []Problem

// Error prints one "file:line: message" per line, sorted by file, line and
// message.
func (ps Problems) Error() string {
	sorted := slices.Clone(ps)
	sortProblems(sorted)
	lines := make([]string, len(sorted))
	for i, p := range sorted {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns a graph.Error with code Invalid carrying the same text, so
// that graph.ErrorCode and graph.ErrorMessage treat a bad seed as bad input.
func (ps Problems) Unwrap() error {
	return &graph.Error{Code: graph.Invalid, Message: ps.Error()}
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Message, b.Message)
	})
}

// problems collects problems as the seed is read.
type problems struct{ list Problems }

func (ps *problems) add(file string, line int, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}
