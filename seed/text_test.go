package seed_test

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

const textFile = "sources/A-RES-66-178.fr.txt"

var (
	// A footnote line at the foot of a page: "3 Adoptée par 55 voix contre 14."
	reFootnoteLine = regexp.MustCompile(`^(\d+) (\S.*)$`)
	// A footnote call the PDF put after a word: "Unies 1," "pénale2," "Unies1 ;".
	reCall = regexp.MustCompile(`(\pL)( ?)([1-4])([\s,;.]|$)`)
)

// sourceText is the French text as the tests read it.
type sourceText struct {
	title     string         // the title, without its "66/178. " number
	body      string         // between "L’Assemblée générale," and the closing lines, cleaned
	closing   string         // the closing lines
	footnotes map[int]string // footnote number → text
	calls     []call         // footnote calls, by offset in body
}

type call struct {
	at, footnote int
}

// readSourceText splits the text into title, body and closing lines, takes
// out the footnote blocks and the footnote calls, and collapses white space.
func readSourceText(t *testing.T) sourceText {
	t.Helper()
	data, err := fs.ReadFile(seed.FS(), textFile)
	if err != nil {
		t.Fatalf("read %s: %v", textFile, err)
	}
	st := sourceText{footnotes: map[int]string{}}
	var kept []string
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "____") {
			kept = append(kept, lines[i])
			continue
		}
		for i+1 < len(lines) {
			m := reFootnoteLine.FindStringSubmatch(strings.TrimSpace(lines[i+1]))
			if m == nil {
				break
			}
			n, _ := strconv.Atoi(m[1])
			st.footnotes[n] = strings.TrimSpace(m[2])
			i++
		}
	}
	text := strings.Join(strings.Fields(strings.Join(kept, "\n")), " ")

	const opening, closing = "L’Assemblée générale,", "89 e séance plénière"
	i, j := strings.Index(text, opening), strings.Index(text, closing)
	if i < 0 || j < i {
		t.Fatalf("cannot find %q and %q in the text", opening, closing)
	}
	st.title = strings.TrimPrefix(strings.TrimSpace(text[:i]), "66/178. ")
	st.closing = text[j:]

	raw := strings.TrimSpace(text[i+len(opening) : j])
	var b strings.Builder
	last := 0
	for _, m := range reCall.FindAllStringSubmatchIndex(raw, -1) {
		b.WriteString(raw[last:m[3]]) // up to the end of the word
		n, _ := strconv.Atoi(raw[m[6]:m[7]])
		st.calls = append(st.calls, call{at: b.Len(), footnote: n})
		last = m[7] // drop the optional space and the number
	}
	b.WriteString(raw[last:])
	st.body = b.String()
	return st
}

// The seed's paragraphs and footnotes are the text of the resolution, word
// for word, in order, with nothing left out.
func TestTextFidelity(t *testing.T) {
	l := readSeed(t)
	st := readSourceText(t)

	var paras []*graph.Node
	for _, n := range l.batch.Nodes {
		if n.Kind == graph.KindParagraph && n.Props.String("resolution") == "A/RES/66/178" {
			paras = append(paras, n)
		}
	}
	slices.SortFunc(paras, func(a, b *graph.Node) int {
		x, _ := a.Props.Int("position")
		y, _ := b.Props.Int("position")
		return int(x - y)
	})
	counts := map[string]int{}
	for _, p := range paras {
		counts[p.Props.String("paragraphKind")]++
	}
	if counts["PREAMBULAR"] != 10 || counts["OPERATIVE"] != 12 {
		t.Fatalf("paragraphs: %v, want 10 preambular and 12 operative", counts)
	}
	if len(st.footnotes) != 4 {
		t.Fatalf("the text has %d footnotes, want 4", len(st.footnotes))
	}

	t.Run("each paragraph is in the text", func(t *testing.T) {
		for _, p := range paras {
			text := strings.Join(strings.Fields(p.Props.String("textFr")), " ")
			if text == "" || !strings.Contains(st.body, text) {
				t.Errorf("%s: text not found in %s: %q", p.ID, textFile, text)
			}
		}
	})

	// The paragraphs, numbered as in the text, make up the whole body.
	var want strings.Builder
	spans := make([][2]int, len(paras))
	for i, p := range paras {
		if i > 0 {
			want.WriteString(" ")
		}
		start := want.Len()
		if p.Props.String("paragraphKind") == "OPERATIVE" {
			n, _ := p.Props.Int("number")
			fmt.Fprintf(&want, "%d. ", n)
		}
		want.WriteString(strings.Join(strings.Fields(p.Props.String("textFr")), " "))
		spans[i] = [2]int{start, want.Len()}
	}
	t.Run("the paragraphs make up the whole text", func(t *testing.T) {
		if got := want.String(); got != st.body {
			k := 0
			for k < len(got) && k < len(st.body) && got[k] == st.body[k] {
				k++
			}
			t.Fatalf("the paragraphs differ from the text at byte %d:\nseed: %q\ntext: %q",
				k, excerpt(got, k), excerpt(st.body, k))
		}
	})

	t.Run("footnotes", func(t *testing.T) {
		for n, text := range st.footnotes {
			id := graph.ID(fmt.Sprintf("Footnote:A/RES/66/178/fn/%d", n))
			fn := l.node(t, id)
			if got := fn.Props.String("textFr"); got != text {
				t.Errorf("%s: textFr %q, the text says %q", id, got, text)
			}
		}
		if got := countKind(l, graph.KindFootnote); got != 4 {
			t.Errorf("%d footnotes in the seed, want 4", got)
		}
	})

	// Each footnote call in the text is a HAS_FOOTNOTE from the paragraph
	// it is in, and there is no other.
	t.Run("footnote calls", func(t *testing.T) {
		if len(st.calls) != 5 {
			t.Errorf("%d footnote calls found in the text, want 5", len(st.calls))
		}
		wantCalls := map[string]bool{}
		for _, c := range st.calls {
			for i, s := range spans {
				if c.at > s[0] && c.at <= s[1] {
					wantCalls[fmt.Sprintf("%s -> Footnote:A/RES/66/178/fn/%d", paras[i].ID, c.footnote)] = true
				}
			}
		}
		got := map[string]bool{}
		for _, r := range l.rels("", graph.RelHasFootnote, "") {
			got[fmt.Sprintf("%s -> %s", r.From, r.To)] = true
		}
		for k := range wantCalls {
			if !got[k] {
				t.Errorf("missing HAS_FOOTNOTE %s", k)
			}
		}
		for k := range got {
			if !wantCalls[k] {
				t.Errorf("HAS_FOOTNOTE %s: no such call in the text", k)
			}
		}
	})

	t.Run("title and closing lines", func(t *testing.T) {
		res := l.node(t, "Resolution:A/RES/66/178")
		if got := strings.Join(strings.Fields(res.Props.String("titleFr")), " "); got != st.title {
			t.Errorf("titleFr %q, the text says %q", got, st.title)
		}
		if st.closing != "89 e séance plénière 19 décembre 2011" {
			t.Fatalf("closing lines %q", st.closing)
		}
		if m, _ := res.Props.Int("meeting"); m != 89 || res.Props.String("adopted") != "2011-12-19" {
			t.Errorf("meeting %v, adopted %v; the text says 89th meeting, 19 décembre 2011", res.Props["meeting"], res.Props["adopted"])
		}
	})

	t.Run("verbs lead their paragraphs", func(t *testing.T) {
		for _, p := range paras {
			verb := p.Props.String("verb")
			if verb == "" || !strings.HasPrefix(p.Props.String("textFr"), verb) {
				t.Errorf("%s: verb %q does not begin the text", p.ID, verb)
			}
		}
	})
}

func countKind(l loaded, k graph.NodeKind) int {
	n := 0
	for _, x := range l.batch.Nodes {
		if x.Kind == k {
			n++
		}
	}
	return n
}

func excerpt(s string, at int) string {
	from, to := max(0, at-40), min(len(s), at+40)
	return s[from:to]
}
