package seed

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// The table of instruments and the named source that cites it.
const (
	instrumentsFile   = "data/instruments.csv"
	instrumentsSource = "instruments"
)

var (
	reLeadingDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})\s*(.*)$`)
	reOpened      = regexp.MustCompile(`opened for signature\b[^;]*?(\d{4}-\d{2}-\d{2})`)
	reUNTC        = regexp.MustCompile(`^[IVXLC]+-\d+(-[a-z])?$`)
	reSourceItem  = regexp.MustCompile(`^(https?://\S+)(?:\s+\((.*)\))?$`)
	reDocCitation = regexp.MustCompile(`^(A/RES/\d+/\d+)\b`)
	reKindWord    = regexp.MustCompile(`\b(Convention|Protocol|Amendment)\b`)
)

// families maps the prefix of an instrument id to its family.
var families = map[string]string{"CT": "COUNTER_TERRORISM", "OC": "ORGANIZED_CRIME"}

// titleLinks are the phrases of an official title that say which other
// instrument it supplements, amends or is a protocol to; the instrument is found by its exact
// official title.
var titleLinks = []struct {
	re   *regexp.Regexp
	typ  graph.RelType
	says string
}{
	{regexp.MustCompile(`(?i)\bsupplementary to the (.+)$`), graph.RelSupplements, "is supplementary to"},
	{regexp.MustCompile(`\bsupplementing the (.+)$`), graph.RelSupplements, "supplements"},
	{regexp.MustCompile(`\bto Amend the (.+)$`), graph.RelAmends, "amends"},
	{regexp.MustCompile(`^Amendment to the (.+)$`), graph.RelAmends, "amends"},
	{regexp.MustCompile(`^Protocol of \d{4} to the (.+)$`), graph.RelProtocolTo, "is a protocol to"},
}

// unconfirmedRules read the clauses of the unconfirmed_or_inferred column
// (separated by ";") and drop or move the facts they say are not confirmed.
// A clause no rule understands is a problem: an unconfirmed fact must never
// slip into the graph because its note was worded differently.
var unconfirmedRules = []struct {
	re    *regexp.Regexp
	apply func(p graph.Props, m []string) error
}{
	{regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}) is signature-opening date$`), func(p graph.Props, m []string) error {
		if p.String("adopted") != m[1] {
			return fmt.Errorf("%s is not the adopted date of the row", m[1])
		}
		if o := p.String("openedForSignature"); o != "" && o != m[1] {
			return fmt.Errorf("the row also says it was opened for signature on %s", o)
		}
		delete(p, "adopted")
		p["openedForSignature"] = m[1]
		return nil
	}},
	{regexp.MustCompile(`^(.+) signature venue not confirmed$`), func(p graph.Props, m []string) error {
		place := p.String("place")
		trimmed := strings.TrimSpace(strings.Replace(place, "(and "+m[1]+")", "", 1))
		if trimmed == place {
			return fmt.Errorf("the place %q does not name %q as \"(and %s)\"", place, m[1], m[1])
		}
		p["place"] = trimmed
		return nil
	}},
	{regexp.MustCompile(`^post-dates `), func(graph.Props, []string) error { return nil }},
	{regexp.MustCompile(`(?i)depositar`), func(p graph.Props, _ []string) error {
		delete(p, "depositary")
		return nil
	}},
	{regexp.MustCompile(`(?i)entry[- ]into[- ]force`), func(p graph.Props, _ []string) error {
		delete(p, "entryIntoForce")
		return nil
	}},
}

// loadInstruments reads the instruments table: Instrument nodes, and the
// SUPPLEMENTS, AMENDS and PROTOCOL_TO relationships their titles state.
func (r *reader) loadInstruments() {
	t := r.readTable(instrumentsFile, "id", "short_name", "official_title_en", "adopted", "place",
		"depositary", "entry_into_force", "untc_mtdsg_no", "sources", "unconfirmed_or_inferred")
	if t == nil {
		return
	}
	type loaded struct {
		id    graph.ID
		title string
		line  int
	}
	var all []loaded
	byTitle := map[string]graph.ID{}
	for _, row := range t.rows {
		if id, ok := r.loadInstrument(t, row); ok {
			title := t.get(row, "official_title_en")
			all = append(all, loaded{id, title, row.line})
			byTitle[title] = id
		}
	}
	for _, in := range all {
		for _, l := range titleLinks {
			m := l.re.FindStringSubmatch(in.title)
			if m == nil {
				continue
			}
			target, ok := byTitle[m[1]]
			if !ok || target == in.id {
				continue
			}
			src := r.fileSource(instrumentsSource, t.file, in.line)
			src.Locator += ", official_title_en"
			src.Citation = "official title: " + in.title
			src.Note = fmt.Sprintf("The official title says it %s the %s (%s).", l.says, m[1], target.Key())
			r.addRel(&relDef{
				rel: &graph.Relationship{From: in.id, Type: l.typ, To: target, Props: graph.Props{}, Source: src},
				at:  pos{t.file, in.line}, props: map[string]pos{},
			})
		}
	}
}

// loadInstrument reads one row of the instruments table.
func (r *reader) loadInstrument(t *table, row tableRow) (graph.ID, bool) {
	file, line := t.file, row.line
	key := t.get(row, "id")
	id, err := parseID(string(graph.KindInstrument) + ":" + key)
	if err != nil {
		r.ps.add(file, line, "column id: %v", err)
		return "", false
	}
	d := newNodeDef(id, pos{file, line})
	p := d.node.Props
	p["lang"] = string(graph.EN)
	ok := true
	bad := func(format string, args ...any) {
		r.ps.add(file, line, format, args...)
		ok = false
	}

	for _, f := range []struct{ col, prop string }{
		{"short_name", "shortName"}, {"official_title_en", "titleEn"},
	} {
		if v := t.get(row, f.col); v != "" {
			p[f.prop] = v
		} else {
			bad("column %s: empty", f.col)
		}
	}
	for _, f := range []struct{ col, prop string }{
		{"place", "place"}, {"depositary", "depositary"}, {"unconfirmed_or_inferred", "unconfirmed"},
	} {
		if v := t.get(row, f.col); v != "" {
			p[f.prop] = v
		}
	}
	if fam, found := families[key[:2]]; found {
		p["family"] = fam
	} else {
		bad("column id: unknown family prefix %q (want CT or OC)", key[:2])
	}
	if m := reKindWord.FindStringSubmatch(p.String("titleEn")); m != nil {
		p["instrumentKind"] = strings.ToUpper(m[1])
	} else if p.String("titleEn") != "" {
		bad("column official_title_en: cannot tell the kind (no Convention, Protocol or Amendment in the title)")
	}

	if cell := t.get(row, "adopted"); cell != "" {
		m := reLeadingDate.FindStringSubmatch(cell)
		switch {
		case m == nil:
			bad("column adopted: want a leading ISO date YYYY-MM-DD, got %q", cell)
		case checkDate(m[1]) != nil:
			bad("column adopted: %v", checkDate(m[1]))
		default:
			p["adopted"] = m[1]
			if m[2] != "" {
				p["adoptedNote"] = m[2]
			}
			if o := reOpened.FindStringSubmatch(m[2]); o != nil {
				if err := checkDate(o[1]); err != nil {
					bad("column adopted: opened for signature: %v", err)
				} else {
					p["openedForSignature"] = o[1]
				}
			}
		}
	}
	if v := t.get(row, "entry_into_force"); v != "" {
		if err := checkDate(v); err != nil {
			bad("column entry_into_force: %v", err)
		} else {
			p["entryIntoForce"] = v
		}
	}
	if v := t.get(row, "untc_mtdsg_no"); v != "" {
		if !reUNTC.MatchString(v) {
			bad("column untc_mtdsg_no: want a chapter number such as XVIII-12-a, got %q", v)
		} else {
			p["untcChapter"] = v
		}
	}

	// What the sources did not confirm stays out of the graph.
	if cell := t.get(row, "unconfirmed_or_inferred"); cell != "" {
		for _, clause := range strings.Split(cell, ";") {
			clause = strings.TrimSpace(clause)
			if clause == "" {
				continue
			}
			understood := false
			for _, rule := range unconfirmedRules {
				if m := rule.re.FindStringSubmatch(clause); m != nil {
					understood = true
					if err := rule.apply(p, m); err != nil {
						bad("column unconfirmed_or_inferred: %q: %v", clause, err)
					}
					break
				}
			}
			if !understood {
				bad("column unconfirmed_or_inferred: cannot tell which fact %q is about (see README.md)", clause)
			}
		}
	}

	for _, item := range strings.Split(t.get(row, "sources"), " ; ") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		s := graph.Source{Basis: graph.Stated}
		if strings.HasPrefix(item, "http") {
			m := reSourceItem.FindStringSubmatch(item)
			if m == nil {
				bad("column sources: %q is not a URL optionally followed by a (citation)", item)
				continue
			}
			s.URL, s.Citation = m[1], m[2]
		} else {
			s.Citation = item
			if m := reDocCitation.FindStringSubmatch(item); m != nil {
				s.Document = m[1]
			}
		}
		d.node.Sources = append(d.node.Sources, s)
	}
	if len(d.node.Sources) == 0 {
		bad("column sources: empty (every instrument needs a source)")
	}
	derived := r.fileSource(instrumentsSource, file, line)
	derived.Basis = graph.Inferred
	derived.Note = "instrumentKind is the first of Convention, Protocol or Amendment in the official title; family follows from the id prefix (CT: counter-terrorism, OC: organized crime)."
	d.node.Sources = append(d.node.Sources, derived)
	r.addNode(d)
	return id, ok
}
