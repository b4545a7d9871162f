package seed

import (
	"strings"
	"unicode/utf8"

	"github.com/nexus-graph/nexus/graph"
)

// The block format of facts/*.facts (see README.md):
//
//	# a comment
//	node Body:UNODC
//	  nameEn: United Nations Office on Drugs and Crime
//	  source: A/RES/66/178 pp/3
//
//	rel Paragraph:A/RES/66/178/op/9 -LINKED_TO-> CrimeType:terrorism
//	  nature: liens entre le terrorisme
//	    et les activités criminelles connexes
//	  source: A/RES/66/178 op/9
//	    basis: INFERRED
//	    note: …
//
// No line may hold a control character other than tab, nor a bidirectional
// formatting character (graph.ForbiddenRune), comments included: what a
// reviewer sees must be what the file says.
//
// A block starts with a keyword at the start of a line (node, extend, rel,
// source) and holds the indented "name: value" entries below it. A line
// indented deeper than an entry continues its value (joined with one space),
// except under "source:", where deeper lines are the source's own fields.

// rawLine is one significant line of a file.
type rawLine struct {
	no     int    // 1-based line number
	indent int    // number of leading spaces
	text   string // the line without its indentation and trailing space
}

// entry is a "name: value" line with the lines indented below it.
type entry struct {
	line     int
	name     string
	value    string
	children []rawLine
}

// text returns the entry's value joined with its continuation lines.
func (e entry) text() string {
	parts := make([]string, 0, len(e.children)+1)
	if e.value != "" {
		parts = append(parts, e.value)
	}
	for _, c := range e.children {
		parts = append(parts, c.text)
	}
	return strings.Join(parts, " ")
}

// block is a node, extend, rel or source block.
type block struct {
	file    string
	line    int
	keyword string
	head    string // the rest of the first line
	entries []entry
}

var blockKeywords = []string{"node", "extend", "rel", "source"}

// parseBlocks splits a facts file into blocks, reporting syntax problems.
func parseBlocks(file string, data []byte, ps *problems) []block {
	if !utf8.Valid(data) {
		ps.add(file, 0, "not valid UTF-8")
		return nil
	}
	var (
		blocks []block
		cur    *block
		body   []rawLine
		// skipping is set after a bad block header: the lines indented
		// below it are not reported again.
		skipping bool
	)
	flush := func() {
		if cur != nil {
			cur.entries = parseEntries(file, body, ps)
			blocks = append(blocks, *cur)
		}
		cur, body = nil, nil
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	for i, l := range strings.Split(text, "\n") {
		no := i + 1
		l = strings.TrimSuffix(l, "\r") // the CR of a CRLF line end
		if at, c := graph.ForbiddenRune(l); at >= 0 {
			ps.add(file, no, "column %d: %s", utf8.RuneCountInString(l[:at])+1, graph.ForbiddenRuneMessage(c))
		}
		l = strings.TrimRight(l, " \t")
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(trimmed, "\t") {
			ps.add(file, no, "indent with spaces, not tabs")
			continue
		}
		indent := len(l) - len(trimmed)
		if indent > 0 {
			if skipping {
				continue
			}
			if cur == nil {
				ps.add(file, no, "indented line outside a block (a block starts with node, extend, rel or source)")
				continue
			}
			body = append(body, rawLine{no: no, indent: indent, text: trimmed})
			continue
		}
		flush()
		skipping = false
		keyword, head, _ := strings.Cut(trimmed, " ")
		head = strings.TrimSpace(head)
		known := false
		for _, k := range blockKeywords {
			known = known || keyword == k
		}
		switch {
		case !known:
			ps.add(file, no, "expected a block (node, extend, rel or source), got %q", trimmed)
			skipping = true
		case head == "":
			ps.add(file, no, "%s: missing what follows the keyword", keyword)
			skipping = true
		default:
			cur = &block{file: file, line: no, keyword: keyword, head: head}
		}
	}
	flush()
	return blocks
}

// parseEntries reads "name: value" entries from lines that share the
// indentation of the first one; deeper lines belong to the entry above.
func parseEntries(file string, lines []rawLine, ps *problems) []entry {
	if len(lines) == 0 {
		return nil
	}
	indent := lines[0].indent
	var out []entry
	for _, l := range lines {
		switch {
		case l.indent > indent:
			if len(out) == 0 {
				ps.add(file, l.no, "inconsistent indentation")
				continue
			}
			out[len(out)-1].children = append(out[len(out)-1].children, l)
		case l.indent < indent:
			ps.add(file, l.no, "inconsistent indentation: entries of a block line up under the first one")
		default:
			name, value, ok := strings.Cut(l.text, ":")
			if !ok || !rePropName.MatchString(name) {
				ps.add(file, l.no, "expected \"name: value\", got %q", l.text)
				// Keep the slot so that the lines below are not taken for
				// the previous entry's continuation.
				out = append(out, entry{line: l.no})
				continue
			}
			out = append(out, entry{line: l.no, name: name, value: strings.TrimSpace(value)})
		}
	}
	return out
}
