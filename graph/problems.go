package graph

import (
	"fmt"
	"strings"
)

// MaxProblems is how many problems an Invalid batch error names; the rest
// are counted.
const MaxProblems = 20

// Problems collects what is wrong with a batch, so that a store can report
// every problem at once and write nothing. The zero value is ready to use.
type Problems struct {
	list  []string
	total int
}

// Add records a problem.
func (p *Problems) Add(format string, args ...any) {
	p.total++
	if len(p.list) < MaxProblems {
		p.list = append(p.list, fmt.Sprintf(format, args...))
	}
}

// Err returns nil when there is no problem, else an Invalid error naming the
// first MaxProblems and counting the others.
func (p *Problems) Err() error {
	if p.total == 0 {
		return nil
	}
	msg := fmt.Sprintf("invalid batch, %d problem(s): %s", p.total, strings.Join(p.list, "; "))
	if more := p.total - len(p.list); more > 0 {
		msg += fmt.Sprintf("; and %d more", more)
	}
	return Errorf(Invalid, "%s", msg)
}

// ForbiddenRune returns the byte offset in s of the first character that
// text read from a file may not hold, and that character; -1 and 0 when s
// holds none. Text may hold tabs and line breaks, but no other control
// character (C0, DEL or C1: a carriage return is allowed only as part of a
// CRLF line end, which readers remove before they look at a value) and no
// bidirectional formatting character (the embeddings and overrides U+202A
// to U+202E, the isolates U+2066 to U+2069), which can make text display in
// another order than it is stored. ForbiddenRuneMessage says why.
func ForbiddenRune(s string) (int, rune) {
	for i, r := range s {
		if forbidden(r) {
			return i, r
		}
	}
	return -1, 0
}

// forbidden reports whether ForbiddenRune refuses r.
func forbidden(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
		return true
	}
	return false
}

// bidiNames are the Unicode names of the bidirectional formatting
// characters ForbiddenRune refuses.
var bidiNames = map[rune]string{
	0x202a: "LEFT-TO-RIGHT EMBEDDING",
	0x202b: "RIGHT-TO-LEFT EMBEDDING",
	0x202c: "POP DIRECTIONAL FORMATTING",
	0x202d: "LEFT-TO-RIGHT OVERRIDE",
	0x202e: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}

// ForbiddenRuneMessage says what r, a character ForbiddenRune found, is and
// why it is refused, naming it as U+XXXX, e.g. "control character U+0007:
// text may hold tabs and line breaks, no other control character".
func ForbiddenRuneMessage(r rune) string {
	if name, ok := bidiNames[r]; ok {
		return fmt.Sprintf("bidirectional formatting character U+%04X (%s): not allowed, it can make text display in another order than it is stored", r, name)
	}
	if r == '\r' {
		return "control character U+000D (carriage return): allowed only as part of a CRLF line end"
	}
	return fmt.Sprintf("control character U+%04X: text may hold tabs and line breaks, no other control character", r)
}
