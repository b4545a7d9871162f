package seed

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// table is a CSV file read with the line of each row.
type table struct {
	file string
	cols map[string]int
	rows []tableRow
}

// tableRow is one record of a table and the line it starts on.
type tableRow struct {
	line   int
	fields []string
}

// get returns the trimmed value of column col in row.
func (t *table) get(row tableRow, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(row.fields) {
		return ""
	}
	return strings.TrimSpace(row.fields[i])
}

// readTable reads a CSV file whose first record names the columns, and
// checks that the required columns are there. It returns nil when the file
// cannot be used at all.
func (r *reader) readTable(file string, required ...string) *table {
	data, err := fs.ReadFile(r.fsys, file)
	if err != nil {
		r.ps.add(file, 0, "cannot read: %v", err)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	t := &table{file: file, cols: map[string]int{}}
	header := true
	width := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			if errors.Is(perr.Err, csv.ErrFieldCount) {
				r.ps.add(file, perr.StartLine, "want %d fields, got %d", width, len(rec))
			} else {
				r.ps.add(file, perr.Line, "%v", perr.Err)
			}
			continue
		}
		if err != nil {
			r.ps.add(file, 0, "cannot read: %v", err)
			return nil
		}
		line, _ := cr.FieldPos(0)
		r.forbiddenRunes(t, cr, rec, header)
		if header {
			header = false
			width = len(rec)
			for i, name := range rec {
				t.cols[strings.TrimSpace(name)] = i
			}
			missing := false
			for _, col := range required {
				if _, ok := t.cols[col]; !ok {
					r.ps.add(file, line, "missing column %q", col)
					missing = true
				}
			}
			if missing {
				return nil
			}
			continue
		}
		t.rows = append(t.rows, tableRow{line: line, fields: rec})
	}
	if header {
		r.ps.add(file, 0, "empty file: want a header line naming the columns")
		return nil
	}
	return t
}

// forbiddenRunes reports the characters of rec that a value may not hold
// (graph.ForbiddenRune), the first of each field, at the line it is on and
// naming the field's column.
func (r *reader) forbiddenRunes(t *table, cr *csv.Reader, rec []string, header bool) {
	var names map[int]string
	for i, v := range rec {
		at, c := graph.ForbiddenRune(v)
		if at < 0 {
			continue
		}
		line, _ := cr.FieldPos(i)
		line += strings.Count(v[:at], "\n")
		col := fmt.Sprintf("header field %d", i+1)
		if !header {
			if names == nil {
				names = make(map[int]string, len(t.cols))
				for name, j := range t.cols {
					names[j] = name
				}
			}
			col = fmt.Sprintf("field %d", i+1)
			if name, ok := names[i]; ok {
				col = "column " + name
			}
		}
		r.ps.add(t.file, line, "%s: %s", col, graph.ForbiddenRuneMessage(c))
	}
}
