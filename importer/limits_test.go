package importer_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/importer"
)

// importProblems returns the *importer.Problems of err.
func importProblems(t *testing.T, err error) *importer.Problems {
	t.Helper()
	var ps *importer.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T), want *importer.Problems", err, err)
	}
	return ps
}

const aRow = "FRA,CT17,signature,2012-01-01,x\n"

// TestLimits checks the size and row limits: a problem at the line where
// the limit is crossed, nothing read past it, nothing written.
func TestLimits(t *testing.T) {
	st := seeded(t)
	header := int64(len(participationHeader))
	tests := []struct {
		name   string
		limits importer.Limits
		files  []file
		want   []string // nil: accepted
	}{
		{name: "rows at the limit", limits: importer.Limits{MaxRows: 2},
			files: []file{{"p.csv", participationHeader + "# a comment\n\n" + aRow + "FRA,CT18,signature,2012-01-01,x\n"}}},
		{name: "a row over the limit", limits: importer.Limits{MaxRows: 2},
			files: []file{{"p.csv", participationHeader + aRow + "FRA,CT18,signature,2012-01-01,x\nFRA,CT16,signature,2012-01-01,x\nXXX,CT16,signature,2012-01-01,x\n"}},
			want:  []string{"p.csv:4: too many rows: the files imported together may hold at most 2 data rows; import fewer at a time or raise the limit"}},
		{name: "rows over the limit in the files together, later files unread", limits: importer.Limits{MaxRows: 2},
			files: []file{
				{"p.csv", participationHeader + aRow},
				{"q.csv", participationHeader + "FRA,CT18,signature,2012-01-01,x\nFRA,CT16,signature,2012-01-01,x\n"},
				{"r.csv", "nonsense\n"},
			},
			want: []string{"q.csv:3: too many rows: the files imported together may hold at most 2 data rows; import fewer at a time or raise the limit"}},
		{name: "a bad row over the limit is not read", limits: importer.Limits{MaxRows: 1},
			files: []file{{"p.csv", participationHeader + aRow + "XXX,CT16,signature,2012-01-01\n"}},
			want:  []string{"p.csv:3: too many rows: the files imported together may hold at most 1 data row; import fewer at a time or raise the limit"}},
		{name: "rows that cannot be read count", limits: importer.Limits{MaxRows: 1},
			files: []file{{"p.csv", participationHeader + "FRA,CT17,signature,2012-01-01,a \"quoted\" word\n" + "FRA,\xe9\n"}},
			want: []string{
				`p.csv:2: bare " in non-quoted-field`,
				"p.csv:3: too many rows: the files imported together may hold at most 1 data row; import fewer at a time or raise the limit",
			}},
		{name: "bytes at the limit", limits: importer.Limits{MaxBytes: header + int64(len(aRow))},
			files: []file{{"p.csv", participationHeader + aRow}}},
		{name: "a byte over the limit", limits: importer.Limits{MaxBytes: header + int64(len(aRow)) - 1},
			files: []file{{"p.csv", participationHeader + aRow}},
			want:  []string{fmt.Sprintf("p.csv:2: too large: the files imported together may hold at most %d bytes; import fewer at a time or raise the limit", header+int64(len(aRow))-1)}},
		{name: "bytes over the limit in the second file", limits: importer.Limits{MaxBytes: 2*header + 5},
			files: []file{{"p.csv", participationHeader}, {"q.csv", participationHeader + "# comment\n" + aRow}},
			want:  []string{fmt.Sprintf("q.csv:2: too large: the files imported together may hold at most %d bytes; import fewer at a time or raise the limit", 2*header+5)}},
		{name: "a line without an end over the limit", limits: importer.Limits{MaxBytes: 1000},
			files: []file{{"p.csv", participationHeader + "\n\n" + strings.Repeat("x", 5000)}},
			want:  []string{"p.csv:4: too large: the files imported together may hold at most 1,000 bytes; import fewer at a time or raise the limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := st.Counts(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			_, err = tt.limits.Import(t.Context(), st, files(tt.files...)...)
			after, cerr := st.Counts(t.Context())
			if cerr != nil {
				t.Fatal(cerr)
			}
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Import: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Import succeeded, want problems")
			}
			if got := problems(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if !reflect.DeepEqual(before, after) {
				t.Errorf("the import wrote: counts %v, then %v", before, after)
			}
		})
	}
}

// TestDefaultLimits checks that the zero Limits and the package's Read
// stand for the default limits.
func TestDefaultLimits(t *testing.T) {
	st := seeded(t)
	var b strings.Builder
	b.WriteString(programmesHeader)
	for i := range importer.DefaultMaxRows + 1 {
		fmt.Fprintf(&b, "p-%d,Programme %d,UNODC,,,,,,,,x\n", i, i)
	}
	_, err := importer.Read(t.Context(), st, files(file{"g.csv", b.String()})...)
	want := fmt.Sprintf("g.csv:%d: too many rows: the files imported together may hold at most 50,000 data rows; import fewer at a time or raise the limit", importer.DefaultMaxRows+2)
	if got := problems(t, err); !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("problems %q, want %q", got, want)
	}

	big := participationHeader + "# " + strings.Repeat("x", int(importer.DefaultMaxBytes)) + "\n"
	_, err = importer.Limits{}.Read(t.Context(), st, files(file{"p.csv", big})...)
	want = fmt.Sprintf("p.csv:2: too large: the files imported together may hold at most %s bytes; import fewer at a time or raise the limit", "8,388,608")
	if got := problems(t, err); !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

// TestFilesReadsNoMoreThanTheLimit checks that Limits.Files reads at most a
// byte past the size limit, and that Read then names the line.
func TestFilesReadsNoMoreThanTheLimit(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.csv")
	large := filepath.Join(dir, "large.csv")
	if err := os.WriteFile(small, []byte(participationHeader), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, []byte(participationHeader+strings.Repeat(aRow, 10000)), 0o644); err != nil {
		t.Fatal(err)
	}
	limits := importer.Limits{MaxBytes: 100}
	fs, err := limits.Files(small, large)
	if err != nil {
		t.Fatal(err)
	}
	var read int
	for _, f := range fs {
		data, err := io.ReadAll(f.R)
		if err != nil {
			t.Fatal(err)
		}
		read += len(data)
	}
	if read != 101 {
		t.Errorf("Files read %d bytes, want 101: the limit and one byte more", read)
	}
	fs, err = limits.Files(small, large)
	if err != nil {
		t.Fatal(err)
	}
	_, err = limits.Read(t.Context(), seeded(t), fs...)
	// 100 bytes: small.csv (36), then large.csv's header (36) and 28 bytes
	// of its first row.
	want := large + ":2: too large: the files imported together may hold at most 100 bytes; import fewer at a time or raise the limit"
	if got := problems(t, err); !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("problems %q, want %q", got, want)
	}

	// A file that is not read past its header counts all the same: the
	// file after it is over the limit, not cut short.
	bad := filepath.Join(dir, "bad.csv")
	badContent := "nonsense\n# " + strings.Repeat("x", 5000) + "\n" // more than a read buffer
	if err := os.WriteFile(bad, []byte(badContent), 0o644); err != nil {
		t.Fatal(err)
	}
	limits = importer.Limits{MaxBytes: int64(len(badContent)+len(participationHeader)) + 5}
	fs, err = limits.Files(bad, large)
	if err != nil {
		t.Fatal(err)
	}
	_, err = limits.Read(t.Context(), seeded(t), fs...)
	wantAll := []string{
		bad + `:1: unknown header "nonsense": want one of ` + headers,
		large + fmt.Sprintf(":2: too large: the files imported together may hold at most %d,%03d bytes; import fewer at a time or raise the limit",
			limits.MaxBytes/1000, limits.MaxBytes%1000),
	}
	if got := problems(t, err); !reflect.DeepEqual(got, wantAll) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantAll, "\n"))
	}
	// So does a file given twice.
	limits = importer.Limits{MaxBytes: 100}
	fs, err = limits.Files(small, small, large)
	if err != nil {
		t.Fatal(err)
	}
	_, err = limits.Read(t.Context(), seeded(t), fs...)
	wantAll = []string{
		large + ":1: too large: the files imported together may hold at most 100 bytes; import fewer at a time or raise the limit",
		small + ": the file is given twice",
	}
	if got := problems(t, err); !reflect.DeepEqual(got, wantAll) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantAll, "\n"))
	}

	if _, err := importer.Files(filepath.Join(dir, "missing.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Files of a missing file: %v, want an error wrapping os.ErrNotExist", err)
	}
}

// TestFirstProblems checks that an import with more than MaxProblems
// problems lists the first ones in order — whatever the order of the files
// and whether a problem is found as a row is read or once the store is
// asked — and counts every problem.
func TestFirstProblems(t *testing.T) {
	st := seeded(t)
	// Each row has exactly one problem; the rows cycle through problems
	// found as the row is read (an unknown action, a control character),
	// found once the store is asked (an unknown state), and found once the
	// instrument's dates are known (a date before adoption).
	variants := []struct {
		row  func(i int) string
		want string
	}{
		{func(int) string { return "FRA,CT17,ratified,2012-01-01,x\n" }, `unknown action "ratified": want one of ` + actions},
		{func(i int) string { return fmt.Sprintf("X%d,CT17,signature,2012-01-01,x\n", i) }, `unknown state "X%d": want the ISO 3166-1 alpha-3 code of a Member State, e.g. FRA`},
		{func(int) string { return "FRA,CT17,signature,2012-01-01,\x07\n" }, "column source: " + controlChar("0007")},
		{func(i int) string {
			return fmt.Sprintf("%s,CT17,%s,2009-12-31,x\n", states[i%len(states)], graph.ParticipationActions[i/len(states)%len(graph.ParticipationActions)])
		}, "date 2009-12-31 is before CT17 was adopted (2010-09-10)"},
	}
	const n = 150 // rows a file
	// content returns a file whose rows are numbered from first on, so
	// that no row of one file repeats a row of another.
	content := func(first int) (string, []string) {
		var b strings.Builder
		b.WriteString(participationHeader)
		var want []string
		for i := range n {
			v := variants[i%len(variants)]
			b.WriteString(v.row(first + i/len(variants)))
			msg := v.want
			if strings.Contains(msg, "%d") {
				msg = fmt.Sprintf(msg, first+i/len(variants))
			}
			want = append(want, fmt.Sprintf(":%d: %s", i+2, msg))
		}
		return b.String(), want
	}
	textA, want := content(0)
	textB, _ := content(n)
	// b.csv is read first, and fills the list before a.csv is read.
	_, err := importer.Read(t.Context(), st, files(file{"b.csv", textB}, file{"a.csv", textA})...)
	ps := importProblems(t, err)
	if ps.Total != 2*n {
		t.Errorf("%d problems counted, want %d", ps.Total, 2*n)
	}
	var wantList []string
	for _, w := range want[:importer.MaxProblems] {
		wantList = append(wantList, "a.csv"+w)
	}
	var got []string
	for _, p := range ps.List {
		got = append(got, p.String())
	}
	if !reflect.DeepEqual(got, wantList) {
		t.Errorf("problems listed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantList, "\n"))
	}
	if want := fmt.Sprintf("\n… and %d more problems", 2*n-importer.MaxProblems); !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error text ends %q, want %q", tail(err.Error()), want)
	}
	if graph.ErrorCode(err) != graph.Invalid {
		t.Errorf("error code %q, want %q", graph.ErrorCode(err), graph.Invalid)
	}
}

// states are Member States, for rows that must not repeat.
var states = []string{"FRA", "SEN", "MLI", "DEU", "ITA", "ESP", "NER", "TCD", "BFA", "MRT", "NGA", "CMR", "BEL", "NLD", "PRT", "GRC"}

func tail(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i:]
	}
	return s
}

// badRows generates a participation file of n rows, each with one problem,
// without holding it in memory. Every sampleEvery rows it collects the
// garbage and records the heap in use, so that the peak of what the reader
// of the file holds is known. It seeks to its start only, like a file an
// import reads again, so that the import need not hold it.
type badRows struct {
	rows        []string // cycled through
	n, i        int
	cancelAt    int    // the row at which to call cancel, if set
	cancel      func() // ends the context of the read
	buf         []byte
	sampleEvery int
	peak        uint64
}

// oneProblem are rows with one problem each; withUnknown adds a row that
// names an unknown state, a problem found once the store is asked (and, as
// it repeats, a second one: the row is already given).
var (
	oneProblem = []string{
		"FRA,CT17,ratified,2012-01-01,x\n",      // unknown action
		"FRA,CT17,signature,2999-01-01,x\n",     // a date in the future
		"FRA,CT17,signature,2012-01-01,a\x07\n", // control character
		"FRA,CT17,signature,2012-01-01\n",       // a field short
	}
	withUnknown = append(oneProblem[:3:3], "XXX,CT17,signature,2012-01-01,x\n")
)

// Seek implements io.Seeker for offset 0 from the start, and reports
// offset 0 from the current position while nothing is read.
func (g *badRows) Seek(offset int64, whence int) (int64, error) {
	switch {
	case offset == 0 && whence == io.SeekStart:
		g.i, g.buf = 0, g.buf[:0]
		return 0, nil
	case offset == 0 && whence == io.SeekCurrent && g.i == 0:
		return 0, nil
	}
	return 0, errors.New("badRows seeks to its start only")
}

func (g *badRows) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.n {
		if g.i == 0 {
			g.buf = append(g.buf, participationHeader...)
		} else {
			g.buf = append(g.buf, g.rows[(g.i-1)%len(g.rows)]...)
		}
		if g.i%g.sampleEvery == 0 {
			g.peak = max(g.peak, liveHeap())
		}
		if g.cancel != nil && g.i == g.cancelAt {
			g.cancel()
		}
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}

// liveHeap collects the garbage and returns the bytes of the heap in use.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestMillionBadRows reads a file of a million rows, each with a problem:
// the first 100 problems are listed and the others counted, nothing is
// written, and the heap the import holds does not grow with the number of
// problems: its peak stays within a few megabytes of what it is before the
// import, where keeping a problem or a record per row would take hundreds.
func TestMillionBadRows(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a million rows")
	}
	st := seeded(t)
	limits := importer.Limits{MaxRows: 2_000_000, MaxBytes: 1 << 30}
	before, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	growth := func(rows []string, n int) (uint64, *importer.Problems, error) {
		g := &badRows{rows: rows, n: n, sampleEvery: n / 20}
		base := liveHeap()
		_, err := limits.Import(t.Context(), st, importer.File{Name: "p.csv", R: g})
		g.peak = max(g.peak, liveHeap())
		ps := importProblems(t, err)
		return g.peak - min(base, g.peak), ps, err
	}

	small, _, _ := growth(oneProblem, 10_000)
	large, ps, err := growth(oneProblem, 1_000_000)
	unknown, ups, _ := growth(withUnknown, 1_000_000)
	t.Logf("peak heap held by the import: %d KiB for 10,000 bad rows, %d KiB for 1,000,000, %d KiB for 1,000,000 with unknown states",
		small>>10, large>>10, unknown>>10)

	if ps.Total != 1_000_000 || len(ps.List) != importer.MaxProblems {
		t.Errorf("%d problems listed of %d, want %d of 1000000", len(ps.List), ps.Total, importer.MaxProblems)
	}
	if want := "\n… and 999,900 more problems"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error text ends %q, want %q", tail(err.Error()), want)
	}
	if got, want := ps.List[0].String(), `p.csv:2: unknown action "ratified": want one of `+actions; got != want {
		t.Errorf("first problem %q, want %q", got, want)
	}
	if got, want := ps.List[99].String(), "p.csv:101: want 5 fields, got 4"; got != want {
		t.Errorf("100th problem %q, want %q", got, want)
	}
	// A quarter of the rows name XXX: each is an unknown state, and all
	// but the first are already given.
	if want := 1_000_000 + 250_000 - 1; ups.Total != want {
		t.Errorf("%d problems with unknown states, want %d", ups.Total, want)
	}
	const bound = 8 << 20
	for _, g := range []uint64{large, unknown} {
		if g > bound {
			t.Errorf("the import of a million bad rows held %d KiB of heap at its peak, want at most %d KiB", g>>10, bound>>10)
		}
		if g > small+2<<20 {
			t.Errorf("the heap the import holds grows with the rows: %d KiB for 10,000, %d KiB for 1,000,000", small>>10, g>>10)
		}
	}
	after, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the import wrote: counts %v, then %v", before, after)
	}
}

// TestCanceled checks that a read stops when its context ends, with an
// error that wraps the context's.
func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	g := &badRows{rows: oneProblem, n: 1_000_000, sampleEvery: 1 << 30}
	_, err := importer.Read(ctx, seeded(t), importer.File{Name: "p.csv", R: g})
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "import: read p.csv: ") {
		t.Fatalf("Read with a canceled context: %v, want an import error wrapping context.Canceled", err)
	}
	if g.i > 0 {
		t.Errorf("Read read %d rows after its context ended", g.i-1)
	}

	// The context ends as the file is read.
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	g = &badRows{rows: oneProblem, n: 1_000_000, sampleEvery: 1 << 30, cancelAt: 20_000, cancel: cancel}
	_, err = importer.Read(ctx, seeded(t), importer.File{Name: "p.csv", R: g})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Read with a context that ends: %v, want an error wrapping context.Canceled", err)
	}
	if g.i > 30_000 {
		t.Errorf("Read went on to row %d after its context ended at row 20000", g.i-1)
	}
}
