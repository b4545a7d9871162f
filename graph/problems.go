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
