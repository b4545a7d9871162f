package importer

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/nexus-graph/nexus/seed"
)

// The default limits of an import: what real files never approach, and
// what still bounds the memory an import takes. A participation file of
// every Member State's signature and ratification of every instrument is
// about 193 × 23 × 2 ≈ 9,000 rows and 1 MB; a file of activities a few
// thousand rows. The defaults are 50,000 rows and 8 MiB for all the files
// of one import together, which the reader holds in some 100 MiB when the
// rows are like real ones, and in at most about 500 MiB when every row
// lists every Member State (a batch of 2 million relationships).
const (
	// DefaultMaxBytes is the default size limit of an import: the bytes of
	// all its files together.
	DefaultMaxBytes int64 = 8 << 20
	// DefaultMaxRows is the default row limit of an import: the data rows
	// (comments, blank lines and headers aside) of all its files together.
	DefaultMaxRows = 50_000
)

// MaxProblems is how many problems an import lists; the others are counted.
const MaxProblems = 100

// Limits bound what one import reads: all the files given together. The
// zero value, and a field of zero or less, stand for the defaults. An import over a
// limit is refused: a problem at the line where the limit is crossed, and
// nothing past it is read.
type Limits struct {
	// MaxBytes is the most bytes the files may hold together.
	MaxBytes int64
	// MaxRows is the most data rows the files may hold together.
	MaxRows int
}

// maxBytes returns the size limit, the default when l does not set one.
func (l Limits) maxBytes() int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return DefaultMaxBytes
}

// maxRows returns the row limit, the default when l does not set one.
func (l Limits) maxRows() int {
	if l.MaxRows > 0 {
		return l.MaxRows
	}
	return DefaultMaxRows
}

// Files reads the files at paths into memory, for Read and Import, within
// the size limit: it reads no more than one byte past the limit, however
// large the files, and leaves it to Read to report the file and line where
// the limit is crossed. It fails on the first file that cannot be read.
func (l Limits) Files(paths ...string) ([]File, error) {
	left := l.maxBytes() + 1
	files := make([]File, 0, len(paths))
	for _, p := range paths {
		data, err := readAtMost(p, left)
		if err != nil {
			return nil, fmt.Errorf("read import file: %w", err)
		}
		left -= int64(len(data))
		files = append(files, File{Name: p, R: bytes.NewReader(data)})
	}
	return files, nil
}

// readAtMost reads at most n bytes of the file at path.
func readAtMost(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max(n, 0)))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

// errTooLarge is what a budgetReader returns once the files are over the
// size limit.
var errTooLarge = errors.New("over the size limit")

// budgetReader reads one file within what is left of the size limit of an
// import, and counts the lines it delivers, so that the line where the
// limit is crossed can be named.
type budgetReader struct {
	r     io.Reader
	left  *int64 // bytes the files may still hold, shared by every file
	lines int    // line breaks delivered so far
	over  bool   // a byte past the limit was found: every later Read fails too
}

// Read implements io.Reader. Past the limit it returns errTooLarge, but
// only once a byte past the limit is there to read: a file that ends at
// the limit is within it. From then on it returns errTooLarge again,
// however often it is called (a bufio.Reader's Peek hands the error over
// once, then reads again).
func (b *budgetReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if b.over {
		return 0, errTooLarge
	}
	if *b.left <= 0 {
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n > 0 {
			b.over = true
			return 0, errTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > *b.left {
		p = p[:*b.left]
	}
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	b.lines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// Problems is the error of an import with problems in its files: the first
// MaxProblems problems, sorted by file, line and message, and how many there
// are in all. It unwraps to the listed problems, a seed.Problems error
// (code INVALID).
type Problems struct {
	// List holds the first problems, sorted by file, line and message.
	List seed.Problems
	// Total counts every problem found, listed or not.
	Total int
}

// Error prints the listed problems, one "file:line: message" a line, then
// how many more there are ("… and 999,900 more problems").
func (p *Problems) Error() string {
	s := p.List.Error()
	if more := p.Total - len(p.List); more > 0 {
		s += "\n… and " + plural(more, "more problem")
	}
	return s
}

// Unwrap returns the listed problems.
func (p *Problems) Unwrap() error { return p.List }

// plural writes n, its digits grouped, and the noun, in the plural unless
// n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return groupDigits(int64(n)) + " " + noun + "s"
}

// groupDigits writes n with commas between groups of three digits.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// compareProblems orders problems by file, line and message.
func compareProblems(a, b seed.Problem) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return strings.Compare(a.Message, b.Message)
}

// collector keeps the first MaxProblems problems in the order of
// compareProblems, whatever the order they are found in, and counts every
// problem: its memory does not grow with the number of problems.
type collector struct {
	kept  maxHeap
	total int
}

// add records a problem.
func (c *collector) add(p seed.Problem) {
	c.total++
	switch {
	case len(c.kept) < MaxProblems:
		heap.Push(&c.kept, p)
	case compareProblems(p, c.kept[0]) < 0:
		c.kept[0] = p
		heap.Fix(&c.kept, 0)
	}
}

// count records n problems that are not listed.
func (c *collector) count(n int) { c.total += n }

// countsOnly reports whether every problem at file:line from now on would
// be counted and not listed: the list is full, and its last problem is on
// an earlier line.
func (c *collector) countsOnly(at pos) bool {
	if len(c.kept) < MaxProblems {
		return false
	}
	last := c.kept[0]
	if c := strings.Compare(last.File, at.file); c != 0 {
		return c < 0
	}
	return last.Line < at.line
}

// err returns nil when there is no problem, else a *Problems error.
func (c *collector) err() error {
	if c.total == 0 {
		return nil
	}
	list := make(seed.Problems, len(c.kept))
	copy(list, c.kept)
	sortProblems(list)
	return &Problems{List: list, Total: c.total}
}

// maxHeap is a heap of problems whose first is the last in the order of
// compareProblems.
type maxHeap []seed.Problem

func (h maxHeap) Len() int           { return len(h) }
func (h maxHeap) Less(i, j int) bool { return compareProblems(h[i], h[j]) > 0 }
func (h maxHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *maxHeap) Push(x any)        { *h = append(*h, x.(seed.Problem)) }
func (h *maxHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
