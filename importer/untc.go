package importer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/nexus-graph/nexus/graph"
)

// UNTCOptions say of the UN Treaty Collection status tables among the
// files of an import what the files themselves may not: which instrument
// the table is of, when the page was saved and where from. A file that
// says it too must say the same. The zero value says nothing.
type UNTCOptions struct {
	// Instrument is the key of the instrument (CT16) or its chapter number
	// in the Treaty Collection (XVIII-15), when the file does not name it.
	Instrument string
	// SavedOn is the date the page was saved or the table copied,
	// YYYY-MM-DD, when the file does not say.
	SavedOn string
	// SourceURL is the address of the status page, when the file does not
	// hold it.
	SourceURL string
}

// IsZero reports whether o says nothing.
func (o UNTCOptions) IsZero() bool { return o == UNTCOptions{} }

// UNTCSummary says what was read of a UN Treaty Collection status table.
type UNTCSummary struct {
	// Form is the form the table came in: "HTML", "tab-separated text" or
	// "CSV".
	Form string
	// Instrument is the key of the instrument the table is of, and
	// RecognisedBy how it was known: "given", or what on the page named it.
	Instrument   string
	RecognisedBy string
	// StatusAsAt is the date of the status the page shows ("STATUS AS AT"),
	// SavedOn the date the page was saved: YYYY-MM-DD, "" when unknown.
	StatusAsAt string
	SavedOn    string
	// SourceURL is the address of the status page, "" when unknown;
	// Citation the citation every row's source gives.
	SourceURL string
	Citation  string
	// NotImported lists the participants the table lists that are not
	// imported, in the order of the table.
	NotImported []NotImported
}

// NotImported is a participant of a status table that is not imported,
// and why.
type NotImported struct {
	Line        int
	Participant string
	Reason      string
}

// untcForm is the form a status table comes in.
type untcForm int

const (
	untcNone untcForm = iota // not a status table
	untcHTML                 // the page, saved as HTML
	untcTSV                  // the table copied as text: cells separated by tabs
	untcCSV                  // the table as CSV: cells separated by commas or semicolons
)

func (f untcForm) String() string {
	switch f {
	case untcHTML:
		return "HTML"
	case untcTSV:
		return "tab-separated text"
	case untcCSV:
		return "CSV"
	}
	return "none"
}

// MaxUNTCBytes is the most bytes of a status table of the UN Treaty
// Collection: a table is read whole into memory, not as a stream, and a
// status page is some hundreds of KB.
const MaxUNTCBytes int64 = 32 << 20

// untcSniffBytes is how much of a file is looked at to tell a status
// table from the files of Formats: enough for the menus and headings of a
// whole page copied as text before the table's header.
const untcSniffBytes = 64 << 10

// sniffUNTC tells whether the file in is a status table, and in which
// form, from its first untcSniffBytes bytes, which it leaves unread: a
// file that begins with "<" is a page saved as HTML; a file whose first
// line is the header of one of Formats is one of those; otherwise a file
// with a line whose first cell is "Participant" is a table copied as text
// or CSV, and delim separates its cells. A file that is none of these and
// crosses the size limit before it says what it is is tooLarge.
func sniffUNTC(in *bufio.Reader) (form untcForm, delim rune, tooLarge bool) {
	b, err := in.Peek(untcSniffBytes)
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '<' {
		return untcHTML, 0, false
	}
	first := true
	for line := range bytes.Lines(b) {
		l := strings.TrimSpace(string(line))
		if l == "" {
			continue
		}
		if first && !strings.HasPrefix(l, "#") {
			first = false
			if rec, err := csv.NewReader(strings.NewReader(l)).Read(); err == nil {
				if _, ok := formatOf(rec); ok {
					return untcNone, 0, false
				}
			}
		}
		if form, delim := untcHeader(l); form != untcNone {
			return form, delim, false
		}
	}
	return untcNone, 0, errors.Is(err, errTooLarge)
}

// untcHeader tells whether line is the header of a status table copied as
// text (its first cell, before a tab, is "Participant") or CSV (before a
// comma or a semicolon), and returns the separator.
func untcHeader(line string) (untcForm, rune) {
	for _, d := range []rune{'\t', ',', ';'} {
		first, _, found := strings.Cut(line, string(d))
		if !found || foldName(strings.Trim(first, `" `)) != "participant" {
			continue
		}
		if d == '\t' {
			return untcTSV, d
		}
		return untcCSV, d
	}
	return untcNone, 0
}

// untcPage is what a file holding a status table holds.
type untcPage struct {
	texts      []untcChunk // the text before the table, where the page names the instrument and dates
	urls       []string    // the addresses the file says the page was saved from, best first
	links      []string    // addresses in the page that may name the chapter (its form's action)
	savedOn    string      // the date the page was saved, YYYY-MM-DD, from the saver's notes
	savedRaw   string      // that date as the file wrote it
	header     []string
	headerLine int
	rows       []untcRow
	problems   []untcProblem
}

// untcChunk is a piece of text of the page and its line.
type untcChunk struct {
	line int
	text string
}

// untcRow is a row of the table: its line, and its cells' text, footnote
// marks in <sup> left out.
type untcRow struct {
	line  int
	cells []string
}

// untcProblem is a problem found reading a file, at its line.
type untcProblem struct {
	line int
	msg  string
}

// collapse turns every run of white space (no-break spaces included) into
// one space, and trims the ends.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == '\u00A0' || r == '\u202F' || r == '\u2007' || strings.ContainsRune(" \t\r\n\f\v", r)
	}), " ")
}

// The notes that page savers leave in a saved page.
var (
	// Chrome and Internet Explorer: <!-- saved from url=(0086)https://… -->.
	reSavedFrom = regexp.MustCompile(`(?i)saved from url=\(\d+\)(\S+)`)
	// SingleFile: a comment with "url: …" and "saved date: …" lines.
	reSingleFileURL  = regexp.MustCompile(`(?im)^\s*url:\s*(\S+)`)
	reSingleFileDate = regexp.MustCompile(`(?im)^\s*saved date:\s*(.+?)\s*$`)
)

// parseUNTCHTML reads a page saved as HTML: the saver's notes (where and
// when it was saved), the text, and every table, then picks the status
// table: the one whose id ends in "tblgrid", as on the Treaty Collection's
// pages, or else the first whose first cell is "Participant".
func parseUNTCHTML(data []byte) *untcPage {
	p := &untcPage{}
	type table struct {
		id    string
		seq   int // its place among the tables, in the order they start
		texts int // how many texts come before it
		rows  []untcRow
		row   *untcRow
		cell  *strings.Builder
	}
	endCell := func(t *table) {
		if t.row != nil && t.cell != nil {
			t.row.cells = append(t.row.cells, t.cell.String())
		}
		t.cell = nil
	}
	endRow := func(t *table) {
		endCell(t)
		if t.row != nil && len(t.row.cells) > 0 {
			t.rows = append(t.rows, *t.row)
		}
		t.row = nil
	}
	var (
		stack  []*table
		tables []*table
		skip   int // depth in elements whose text is not read: sup, script, style
		line   = 1
	)
	top := func() *table {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		at := line
		line += bytes.Count(z.Raw(), []byte{'\n'})
		switch tt {
		case html.CommentToken:
			p.comment(string(z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			t := top()
			switch tag {
			case "table":
				nt := &table{id: attrs["id"], seq: len(tables), texts: len(p.texts)}
				tables = append(tables, nt)
				stack = append(stack, nt)
			case "tr":
				if t != nil {
					endRow(t)
					t.row = &untcRow{line: at}
				}
			case "td", "th":
				if t != nil {
					endCell(t)
					if t.row == nil {
						t.row = &untcRow{line: at}
					}
					t.cell = &strings.Builder{}
				}
			case "br", "p", "div":
				if t != nil && t.cell != nil {
					t.cell.WriteByte(' ')
				}
			case "sup", "script", "style", "noscript":
				if tt == html.StartTagToken {
					skip++
				}
			case "meta":
				p.meta(attrs)
			case "link":
				if strings.EqualFold(attrs["rel"], "canonical") {
					p.urls = append(p.urls, attrs["href"])
				}
			case "form":
				p.links = append(p.links, attrs["action"])
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			t := top()
			switch string(name) {
			case "table":
				if t != nil {
					endRow(t)
					stack = stack[:len(stack)-1]
				}
			case "tr":
				if t != nil {
					endRow(t)
				}
			case "td", "th":
				if t != nil {
					endCell(t)
				}
			case "sup", "script", "style", "noscript":
				if skip > 0 {
					skip--
				}
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			s := string(z.Text())
			if t := top(); t != nil && t.cell != nil {
				t.cell.WriteString(s)
			}
			if c := collapse(s); c != "" {
				p.texts = append(p.texts, untcChunk{line: at, text: c})
			}
		}
	}
	for _, t := range slices.Backward(stack) {
		endRow(t)
	}

	var grid *table
	for _, t := range tables {
		if strings.HasSuffix(strings.ToLower(t.id), "tblgrid") && len(t.rows) > 0 {
			grid = t
			break
		}
	}
	if grid == nil {
		for _, t := range tables {
			if len(t.rows) > 0 && foldName(t.rows[0].cells[0]) == "participant" {
				grid = t
				break
			}
		}
	}
	if grid == nil {
		return p
	}
	p.texts = p.texts[:grid.texts]
	p.header, p.headerLine = grid.rows[0].cells, grid.rows[0].line
	p.rows = grid.rows[1:]
	return p
}

// comment reads the note a page saver left in a comment.
func (p *untcPage) comment(c string) {
	if m := reSavedFrom.FindStringSubmatch(c); m != nil {
		p.urls = append(p.urls, m[1])
	}
	if !strings.Contains(c, "SingleFile") {
		return
	}
	if m := reSingleFileURL.FindStringSubmatch(c); m != nil {
		p.urls = append(p.urls, m[1])
	}
	if m := reSingleFileDate.FindStringSubmatch(c); m != nil {
		p.saved(m[1])
	}
}

// meta reads a <meta> element: the notes of Save Page WE (savepage-url,
// savepage-date) and the page's og:url.
func (p *untcPage) meta(attrs map[string]string) {
	switch strings.ToLower(attrs["name"] + attrs["property"]) {
	case "savepage-url", "og:url":
		p.urls = append(p.urls, attrs["content"])
	case "savepage-date":
		p.saved(attrs["content"])
	}
}

// saved records the date the page was saved, as a saver wrote it.
func (p *untcPage) saved(raw string) {
	if p.savedRaw != "" {
		return
	}
	p.savedRaw = strings.TrimSpace(raw)
	p.savedOn = looseDate(p.savedRaw)
}

// looseDate reads the date of a time as page savers write it — an ISO
// date or time, a JavaScript date ("Tue May 20 2025 10:11:12 GMT+0200
// (…)"), an HTTP date — and returns it as YYYY-MM-DD, "" when it cannot.
// The date is the one written, in the saver's time zone.
func looseDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	f := strings.Fields(s)
	if len(f) >= 4 {
		if t, err := time.Parse("Mon Jan 2 2006", strings.Join(f[:4], " ")); err == nil {
			return t.Format(time.DateOnly)
		}
		if t, err := time.Parse("Mon, 2 Jan 2006", strings.Join(f[:4], " ")); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}

// parseUNTCText reads a table copied as text or CSV, whose cells delim
// separates: the lines before its header, which may name the instrument
// and dates, then its rows up to a blank line or a line without delim.
func parseUNTCText(data []byte, delim rune) *untcPage {
	p := &untcPage{}
	lines := strings.Split(string(data), "\n")
	head := -1
	for i, l := range lines {
		l = strings.TrimSuffix(l, "\r")
		if form, _ := untcHeader(strings.TrimSpace(l)); form != untcNone && head < 0 {
			head = i
			break
		}
		// The line, and each of its cells: a title may hold the separator.
		pieces := []string{l}
		if cells := strings.Split(l, string(delim)); len(cells) > 1 {
			pieces = append(pieces, cells...)
		}
		for _, c := range pieces {
			if c := collapse(strings.Trim(c, `"`)); c != "" {
				p.texts = append(p.texts, untcChunk{line: i + 1, text: c})
			}
		}
	}
	if head < 0 {
		return p
	}
	split := func(n int, l string) ([]string, bool) {
		if delim == '\t' {
			return strings.Split(l, "\t"), true
		}
		cr := csv.NewReader(strings.NewReader(l))
		cr.Comma, cr.FieldsPerRecord = delim, -1
		rec, err := cr.Read()
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				err = perr.Err
			}
			p.problems = append(p.problems, untcProblem{line: n, msg: fmt.Sprintf("%v", err)})
			return nil, false
		}
		return rec, true
	}
	p.headerLine = head + 1
	p.header, _ = split(p.headerLine, strings.TrimSuffix(lines[head], "\r"))
	for i := head + 1; i < len(lines); i++ {
		l := strings.TrimSuffix(lines[i], "\r")
		if strings.TrimSpace(l) == "" || !strings.ContainsRune(l, delim) {
			break
		}
		if cells, ok := split(i+1, l); ok {
			p.rows = append(p.rows, untcRow{line: i + 1, cells: cells})
		}
	}
	return p
}

// untcColumns are the columns of a status table that give dates: the
// signature column (-1 when there is none) and the column of ratification,
// acceptance, approval, accession and succession.
type untcColumns struct {
	sig, consent int
	header       []string
}

// name names column i for messages: its number and its header.
func (c untcColumns) name(i int) string {
	return fmt.Sprintf("column %d (%s)", i+1, collapse(c.header[i]))
}

// untcConsentWords are the words of the header of the column of
// ratification, acceptance, approval, accession and succession.
var untcConsentWords = []string{"ratification", "acceptance", "approval", "accession", "succession"}

// columns finds the date columns of header.
func untcFindColumns(header []string) (untcColumns, []string) {
	c := untcColumns{sig: -1, consent: -1, header: header}
	var problems []string
	for i, h := range header {
		if i == 0 {
			continue
		}
		f := foldName(h)
		switch {
		case f == "":
		case strings.HasPrefix(f, "signature") && c.sig < 0:
			c.sig = i
		case c.consent < 0 && slices.ContainsFunc(untcConsentWords, func(w string) bool { return strings.Contains(f, w) }):
			c.consent = i
		default:
			problems = append(problems, fmt.Sprintf("column %d %q: not a column of a UN Treaty Collection status table: want Participant, Signature and Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)", i+1, collapse(h)))
		}
	}
	if c.consent < 0 {
		problems = append(problems, "no column of ratifications: want a column headed Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d) (or some of them)")
	}
	return c, problems
}

// untcMarks are the marks that follow a date in the column of
// ratifications, and the action each stands for; no mark is a
// ratification.
var untcMarks = map[string]string{
	"":   graph.ActionRatification,
	"a":  graph.ActionAccession,
	"A":  graph.ActionAcceptance,
	"AA": graph.ActionApproval,
	"d":  graph.ActionSuccession,
}

// untcSignatureMarks are the marks that follow a date in the signature
// column: none, or d for a succession to the signature of a predecessor
// State, which the graph records as a signature.
var untcSignatureMarks = map[string]string{
	"":  graph.ActionSignature,
	"d": graph.ActionSignature,
}

// untcOtherMarks name the marks the Treaty Collection uses that are no
// action the graph records, for messages.
var untcOtherMarks = map[string]string{
	"c": "formal confirmation, by an international organization",
	"s": "definitive signature",
	"P": "participation",
}

// untcMarksWanted says which marks a column takes, for messages.
const (
	untcMarksWanted          = "want none (ratification), a (accession), A (acceptance), AA (approval) or d (succession)"
	untcSignatureMarksWanted = "want none (signature) or d (succession to signature)"
)

// reUNTCDate is a date as the Treaty Collection writes it, white space
// collapsed: "12 Jan 2002", "12 January 2002", then a mark (a, A, AA, d…)
// and footnote marks, digits.
var reUNTCDate = regexp.MustCompile(`^(\d{1,2}) ([A-Za-z]+)\.? (\d{4}) ?([A-Za-z]{1,2})?((?:[ ,]*[0-9¹²³⁰⁴⁵⁶⁷⁸⁹]+)*)[ ,]*$`)

// untcMonths are the months by name and abbreviation, in lower case.
var untcMonths = func() map[string]time.Month {
	m := map[string]time.Month{"sept": time.September}
	for mo := time.January; mo <= time.December; mo++ {
		m[strings.ToLower(mo.String())] = mo
		m[strings.ToLower(mo.String()[:3])] = mo
	}
	return m
}()

// untcDate reads a cell of a date column: the ISO date, the mark after
// it, and whether the cell is between brackets (a withdrawal). An empty
// cell gives an empty date; a cell that is not a date gives ok false.
func untcDate(cell string) (date, mark string, bracketed, ok bool) {
	s := collapse(cell)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s, bracketed = collapse(s[1:len(s)-1]), true
	}
	if s == "" {
		return "", "", bracketed, true
	}
	m := reUNTCDate.FindStringSubmatch(s)
	if m == nil {
		return "", "", bracketed, false
	}
	day, _ := strconv.Atoi(m[1])
	year, _ := strconv.Atoi(m[3])
	mo, known := untcMonths[strings.ToLower(m[2])]
	if !known {
		return "", "", bracketed, false
	}
	t := time.Date(year, mo, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || t.Month() != mo {
		return "", "", bracketed, false
	}
	return t.Format(time.DateOnly), m[4], bracketed, true
}

// reFootnotes is the footnote marks after a participant's name: digits,
// superscript digits, commas.
var reFootnotes = regexp.MustCompile(`[ ,]*(?:[0-9¹²³⁰⁴⁵⁶⁷⁸⁹]+[ ,]*)+$`)

// untcName reads the participant cell: the name without its footnote
// marks, and whether it is between brackets (a withdrawal).
func untcName(cell string) (name string, bracketed bool) {
	s := reFootnotes.ReplaceAllString(collapse(cell), "")
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s, bracketed = s[1:len(s)-1], true
	}
	return strings.TrimSpace(reFootnotes.ReplaceAllString(collapse(s), "")), bracketed
}

// untcAction is one participation action a row of a table gives.
type untcAction struct {
	action, date string
}

// untcTable is a status table ready to be read row by row.
type untcTable struct {
	ref        *untcRef
	cols       untcColumns
	instrument string // the instrument's key
	source     string // the URL of the page, or the citation
	cite       string // the citation, when source is a URL
	latest     string // no action is later than this date: when the page was saved
}

// row reads a row of the table: the actions it gives, or why its
// participant is not imported, or its problems. The problem of an unknown
// participant names the closest name when hint is set: looking for it
// takes time, spent only on the problems that are listed.
func (t *untcTable) row(w untcRow, hint bool) (iso3 string, acts []untcAction, skip *NotImported, problems []string) {
	cells := w.cells
	for len(cells) > len(t.cols.header) && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) > len(t.cols.header) {
		return "", nil, nil, []string{fmt.Sprintf("want at most %d fields, as many as the header, got %d", len(t.cols.header), len(cells))}
	}
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cells[i]
	}
	name, withdrawn := untcName(cell(0))
	if name == "" {
		return "", nil, nil, []string{"missing participant: want the name of a State"}
	}
	p, known := t.ref.lookup(name)
	if !known {
		msg := fmt.Sprintf("unknown participant %q: no Member State or other participant of the UN Treaty Collection has that name", name)
		if spelled, q, ok := t.ref.closest(name); hint && ok {
			if q.iso3 != "" {
				msg += fmt.Sprintf("; did you mean %q (%s)?", spelled, q.iso3)
			} else {
				msg += fmt.Sprintf("; did you mean %q?", spelled)
			}
		}
		return "", nil, nil, []string{msg}
	}
	if !p.member {
		return "", nil, &NotImported{Line: w.line, Participant: name, Reason: p.reason}, nil
	}
	type col struct {
		i      int
		marks  map[string]string
		wanted string
	}
	for _, c := range []col{{t.cols.sig, untcSignatureMarks, untcSignatureMarksWanted}, {t.cols.consent, untcMarks, untcMarksWanted}} {
		if c.i < 0 {
			continue
		}
		v := cell(c.i)
		date, mark, bracketed, ok := untcDate(v)
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s %q: not a date as the UN Treaty Collection writes them: want e.g. 12 Jan 2002 or 12 January 2002, then a mark (a, A, AA, d) and footnote numbers if any", t.cols.name(c.i), collapse(v)))
			continue
		case date == "":
			continue
		}
		withdrawn = withdrawn || bracketed
		action, known := c.marks[mark]
		if !known {
			what := ""
			if o, ok := untcOtherMarks[mark]; ok {
				what = " (" + o + ")"
			}
			problems = append(problems, fmt.Sprintf("%s %q: mark %q%s is not an action the graph records here: %s", t.cols.name(c.i), collapse(v), mark, what, c.wanted))
			continue
		}
		if t.latest != "" && date > t.latest {
			problems = append(problems, fmt.Sprintf("%s %q: %s is after the page was saved (%s)", t.cols.name(c.i), collapse(v), date, t.latest))
			continue
		}
		acts = append(acts, untcAction{action: action, date: date})
	}
	if len(problems) > 0 {
		return "", nil, nil, problems
	}
	if withdrawn {
		return "", nil, &NotImported{Line: w.line, Participant: name,
			Reason: "withdrawn from the treaty (between brackets in the table): the graph records no withdrawal"}, nil
	}
	return p.iso3, acts, nil, nil
}

// reStatusAsAt is the date of the status a page shows: "STATUS AS AT :
// 16-05-2025 03:15:27 EDT".
var reStatusAsAt = regexp.MustCompile(`(?i)STATUS\s+AS\s+AT\s*:?\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})`)

// reChapterHeading is the chapter and number of a treaty as its page
// heads it: "CHAPTER XVIII", the chapter's name, then "15 . International
// Convention…", or "12 . a Protocol…" for a protocol.
var reChapterHeading = regexp.MustCompile(`\bCHAPTER ([IVXLC]+)\b[^0-9]{0,200}?\b(\d{1,3}) ?\. ?(?:([a-z]) ?[).]? )?[A-Z]`)

// reNumbering is the number before a treaty's title on its page.
var reNumbering = regexp.MustCompile(`^\d{1,3} ?\. ?(?:[a-z] ?[).]? )?`)

// untcCandidate is an instrument a file names, and where.
type untcCandidate struct {
	key, how string
}

// recognise returns the instruments the page names: by the chapter number
// in the address it was saved from, by its chapter heading, by the title
// of an instrument; and the chapters it names that are no instrument's.
func (p *untcPage) recognise(ref *untcRef) (found []untcCandidate, unknown []string) {
	add := func(key, how string) {
		if !slices.ContainsFunc(found, func(c untcCandidate) bool { return c.key == key }) {
			found = append(found, untcCandidate{key, how})
		}
	}
	chapter := func(ch, where string) {
		ch = canonicalChapter(ch)
		if in, ok := ref.instrumentByChapter(ch); ok {
			add(in.key, "chapter "+in.chapter+" "+where)
		} else if !slices.Contains(unknown, ch) {
			unknown = append(unknown, ch)
		}
	}
	for _, a := range slices.Concat(p.urls, p.links) {
		u, err := url.Parse(strings.TrimSpace(a))
		if err != nil {
			continue
		}
		for k, v := range u.Query() {
			if strings.EqualFold(k, "mtdsg_no") && len(v) > 0 && v[0] != "" {
				chapter(v[0], "in the page's address")
			}
		}
	}
	if m := reChapterHeading.FindStringSubmatch(p.joined()); m != nil {
		ch := m[1] + "-" + m[2]
		if m[3] != "" {
			ch += "-" + m[3]
		}
		chapter(ch, "on the page")
	}
	for _, t := range p.texts {
		if in, ok := ref.instrumentByTitle(reNumbering.ReplaceAllString(t.text, "")); ok {
			add(in.key, "its title on the page")
		}
	}
	return found, unknown
}

// canonicalChapter writes a chapter number as the Treaty Collection does:
// the chapter's Roman numeral in capitals, a protocol's letter in lower
// case (XVIII-12-a).
func canonicalChapter(ch string) string {
	parts := strings.Split(strings.TrimSpace(ch), "-")
	parts[0] = strings.ToUpper(parts[0])
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToLower(parts[i])
	}
	return strings.Join(parts, "-")
}

// statusAsAt returns the date of the status the page shows, YYYY-MM-DD,
// "" when it shows none.
func (p *untcPage) statusAsAt() string {
	if m := reStatusAsAt.FindStringSubmatch(p.joined()); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		at := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if at.Day() == d && int(at.Month()) == mo {
			return at.Format(time.DateOnly)
		}
	}
	return ""
}

// joined returns the text before the table, its pieces joined by spaces.
func (p *untcPage) joined() string {
	parts := make([]string, len(p.texts))
	for i, t := range p.texts {
		parts[i] = t.text
	}
	return strings.Join(parts, " ")
}

// pageURL returns the address the file says the page was saved from, ""
// when it says none.
func (p *untcPage) pageURL() string {
	for _, u := range p.urls {
		u = strings.TrimSpace(u)
		lc := strings.ToLower(u)
		if strings.HasPrefix(lc, "http://") || strings.HasPrefix(lc, "https://") {
			return u
		}
	}
	return ""
}

// readUNTC reads a file that holds a status table of the UN Treaty
// Collection, in the form sniffUNTC found, and turns each of its rows into
// the participation rows of the importer, read by r.participation as the
// rows of a participation file are: one path for both, the same checks.
// It records what it read in read (the first reading) and what it gives
// in sum; problems go to r.
func (r *reader) readUNTC(ctx context.Context, src *source, form untcForm, delim rune, in io.Reader, br *budgetReader, read, sum *FileSummary, doc string) error {
	f := src.f
	fileAt := pos{file: f.Name}
	data, err := io.ReadAll(io.LimitReader(in, MaxUNTCBytes+1))
	switch {
	case errors.Is(err, errTooLarge):
		r.tooLarge(f.Name, br)
		return nil
	case err != nil:
		r.add(fileAt, "cannot read: %v", err)
		return nil
	case int64(len(data)) > MaxUNTCBytes:
		r.add(pos{file: f.Name, line: 1 + bytes.Count(data, []byte{'\n'})}, "too large for a status table of the UN Treaty Collection, which is read whole: at most %s bytes (a status page is some hundreds of KB)",
			groupDigits(MaxUNTCBytes))
		r.stopped = true
		return nil
	}
	read.Kind = Participation
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			c, n := utf8.DecodeRune(data[bad:])
			if c == utf8.RuneError && n <= 1 {
				break
			}
			bad += n
		}
		r.add(pos{file: f.Name, line: 1 + bytes.Count(data[:bad], []byte{'\n'})}, "not valid UTF-8: save the page or the table as UTF-8")
		return nil
	}
	var page *untcPage
	if form == untcHTML {
		page = parseUNTCHTML(data)
	} else {
		page = parseUNTCText(data, delim)
	}
	if r.mode == checking {
		r.untcTables++
	}
	u := &UNTCSummary{Form: form.String()}
	read.UNTC = u
	for _, pr := range page.problems {
		r.add(pos{file: f.Name, line: pr.line}, "%s", pr.msg)
	}
	if page.header == nil {
		r.add(pos{file: f.Name, line: 1}, "no status table of the UN Treaty Collection: want a table whose header is Participant, Signature, Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)")
		return nil
	}
	headAt := pos{file: f.Name, line: page.headerLine}
	bad := len(page.problems) > 0
	problem := func(at pos, format string, args ...any) {
		r.add(at, format, args...)
		bad = true
	}
	ref := untcTables()
	cols, colProblems := untcFindColumns(page.header)
	for _, msg := range colProblems {
		problem(headAt, "%s", msg)
	}

	// The instrument: given, or named by the page.
	opt := f.UNTC
	found, unknownChapters := page.recognise(ref)
	var given string
	if opt.Instrument != "" {
		given = strings.ToUpper(strings.TrimSpace(opt.Instrument))
		if in, ok := ref.instrumentByChapter(given); ok {
			given = in.key
		} else if _, ok := ref.instrumentByKey(given); !ok && strings.Contains(given, "-") {
			problem(headAt, "instrument %q: no instrument of the graph has that UN Treaty Collection chapter: want one of %s", opt.Instrument, ref.chapters())
		}
	}
	var keys []string
	for _, c := range found {
		keys = append(keys, fmt.Sprintf("%s (%s)", c.key, c.how))
	}
	switch {
	case given != "" && len(found) > 0 && !slices.ContainsFunc(found, func(c untcCandidate) bool { return c.key == given }):
		problem(headAt, "the page is of %s, not of %s, the instrument given", strings.Join(keys, " and "), given)
	case given != "":
		u.Instrument, u.RecognisedBy = given, "given"
	case len(found) == 1:
		u.Instrument, u.RecognisedBy = found[0].key, found[0].how
	case len(found) > 1:
		problem(headAt, "the page names more than one instrument: %s: name the one the table is of (nexus import --instrument KEY)", strings.Join(keys, " and "))
	case len(unknownChapters) > 0:
		problem(headAt, "the page is of chapter %s of the UN Treaty Collection, which is none of the instruments of the graph: %s", strings.Join(unknownChapters, " and "), ref.chapters())
	default:
		problem(headAt, "cannot tell which instrument the table is of: the file names none of the instruments of the graph with a UN Treaty Collection chapter, %s: name it (nexus import --instrument KEY), or keep the page's heading (CHAPTER, the treaty's number and title) above the table", ref.chapters())
	}

	// When and where from the page was saved.
	u.StatusAsAt = page.statusAsAt()
	if opt.SavedOn != "" {
		d := strings.TrimSpace(opt.SavedOn)
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			problem(headAt, "saved on %q: want an ISO date YYYY-MM-DD", opt.SavedOn)
		} else if page.savedOn != "" && page.savedOn != d {
			problem(headAt, "the file says the page was saved on %s (%s), not on %s, the date given", page.savedOn, page.savedRaw, d)
		} else if d > r.latest {
			problem(headAt, "saved on %s: that date is in the future", d)
		} else {
			u.SavedOn = d
		}
	} else {
		u.SavedOn = page.savedOn
	}
	if u.SavedOn == "" && u.StatusAsAt == "" && opt.SavedOn == "" {
		problem(headAt, "when the page was saved is not known: the file shows no \"STATUS AS AT\" date and no saver's note of the date: give it (nexus import --saved-on YYYY-MM-DD), or keep the page's \"STATUS AS AT\" line above the table")
	}
	if u.SavedOn != "" && u.StatusAsAt > u.SavedOn {
		problem(headAt, "the page shows the status as at %s, after the date it was saved (%s)", u.StatusAsAt, u.SavedOn)
	}
	u.SourceURL = page.pageURL()
	if v := strings.TrimSpace(opt.SourceURL); v != "" {
		switch {
		case u.SourceURL == "":
			u.SourceURL = v
		case u.SourceURL != v:
			problem(headAt, "the file says the page was saved from %s, not from %s, the source URL given", u.SourceURL, v)
		}
	}
	if u.SourceURL != "" {
		if at, c := graph.ForbiddenRune(u.SourceURL); at >= 0 {
			problem(headAt, "source URL: %s", graph.ForbiddenRuneMessage(c))
		}
	}
	u.Citation = untcCitation(ref, u)

	t := &untcTable{ref: ref, cols: cols, instrument: u.Instrument, source: u.Citation, latest: max(u.SavedOn, u.StatusAsAt)}
	if u.SourceURL != "" {
		t.source, t.cite = u.SourceURL, u.Citation
	}
	for n, w := range page.rows {
		if n%ctxEvery == ctxEvery-1 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("import: read %s: %w", f.Name, err)
			}
		}
		at := pos{file: f.Name, line: w.line}
		r.rows++
		if r.rows > r.maxRows {
			r.add(at, "too many rows: the files imported together may hold at most %s; import fewer at a time or raise the limit", plural(r.maxRows, "data row"))
			r.stopped = true
			return nil
		}
		read.Rows++
		iso3, acts, skip, problems := t.row(w, r.mode == checking && !r.ps.countsOnly(at))
		for _, msg := range problems {
			r.add(at, "%s", msg)
		}
		if skip != nil && r.mode == checking {
			u.NotImported = append(u.NotImported, *skip)
		}
		if bad || len(problems) > 0 {
			continue
		}
		for _, a := range acts {
			rw := row{at: at, doc: doc, cite: t.cite, fields: map[string]string{
				"state": iso3, "instrument": t.instrument, "action": a.action, "date": a.date, "source": t.source,
			}}
			if r.take(r.participation(rw), sum) {
				return nil
			}
		}
	}
	return nil
}

// untcCitation is the citation of every row of a status table: the
// Treaty Collection, the instrument, and the dates of the page.
func untcCitation(ref *untcRef, u *UNTCSummary) string {
	var b strings.Builder
	b.WriteString("UN Treaty Collection, status of ")
	if in, ok := ref.instrumentByKey(u.Instrument); ok {
		b.WriteString(in.title)
		if in.chapter != "" {
			fmt.Fprintf(&b, " (chapter %s)", in.chapter)
		}
	} else {
		b.WriteString(u.Instrument)
	}
	if u.StatusAsAt != "" {
		fmt.Fprintf(&b, ", status as at %s", u.StatusAsAt)
	}
	if u.SavedOn != "" {
		fmt.Fprintf(&b, ", saved on %s", u.SavedOn)
	}
	return b.String()
}
