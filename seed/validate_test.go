package seed_test

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

// copySeed returns an in-memory copy of the embedded seed tree.
func copySeed(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(seed.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(seed.FS(), path)
		if err != nil {
			return err
		}
		out[path] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatalf("copy the seed: %v", err)
	}
	return out
}

// edit replaces the only occurrence of old in file with new, and returns the
// line on which old started.
func edit(t *testing.T, fsys fstest.MapFS, file, old, new string) int {
	t.Helper()
	f, ok := fsys[file]
	if !ok {
		t.Fatalf("no file %s", file)
	}
	text := string(f.Data)
	if n := strings.Count(text, old); n != 1 {
		t.Fatalf("%s: %q occurs %d times, want once", file, old, n)
	}
	i := strings.Index(text, old)
	f.Data = []byte(text[:i] + new + text[i+len(old):])
	return strings.Count(text[:i], "\n") + 1
}

// appendTo appends text to file and returns the line of its first line.
func appendTo(t *testing.T, fsys fstest.MapFS, file, text string) int {
	t.Helper()
	f, ok := fsys[file]
	if !ok {
		t.Fatalf("no file %s", file)
	}
	old := string(f.Data)
	if !strings.HasSuffix(old, "\n") {
		old += "\n"
	}
	f.Data = []byte(old + "\n" + text)
	return strings.Count(old, "\n") + 2
}

// lineOf returns the line of the only occurrence of s in file.
func lineOf(t *testing.T, fsys fstest.MapFS, file, s string) int {
	t.Helper()
	text := string(fsys[file].Data)
	if n := strings.Count(text, s); n != 1 {
		t.Fatalf("%s: %q occurs %d times, want once", file, s, n)
	}
	return strings.Count(text[:strings.Index(text, s)], "\n") + 1
}

func at(file string, line int, msg string) string { return fmt.Sprintf("%s:%d: %s", file, line, msg) }

const (
	topics      = "facts/topics.facts"
	resolution  = "facts/resolution-66-178.facts"
	actors      = "facts/actors.facts"
	documents   = "facts/documents.facts"
	sources     = "facts/sources.facts"
	crimes      = "facts/crime-types.facts"
	states      = "data/un-member-states.csv"
	instruments = "data/instruments.csv"
)

// readBroken reads a broken seed and returns its problems, one per line,
// checking that no batch comes back and that the error is a bad-input one.
func readBroken(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	b, err := seed.ReadFS(fsys)
	if err == nil {
		t.Fatalf("ReadFS accepted a broken seed")
	}
	if len(b.Nodes) != 0 || len(b.Relationships) != 0 {
		t.Errorf("ReadFS returned %d nodes and %d relationships with its problems, want none", len(b.Nodes), len(b.Relationships))
	}
	var ps seed.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %T is not seed.Problems: %v", err, err)
	}
	if graph.ErrorCode(err) != graph.Invalid {
		t.Errorf("error code %s, want INVALID", graph.ErrorCode(err))
	}
	return strings.Split(err.Error(), "\n")
}

func TestValidatorReportsEachKindOfProblem(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, f fstest.MapFS) []string // breaks the copy, returns the problems expected
	}{
		{"text: bidirectional override in a value", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, topics, "  nameEn: rule of law\n", "  nameEn: rule \u202eof law\n")
			return []string{at(topics, l, "column 16: "+bidiChar("202E", "RIGHT-TO-LEFT OVERRIDE"))}
		}},
		{"text: isolate in a comment, column in characters", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, topics, "# état \u2067hidden\u2069\n")
			return []string{at(topics, l, "column 8: "+bidiChar("2067", "RIGHT-TO-LEFT ISOLATE"))}
		}},
		{"text: control character in a comment", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, topics, "# a bell \a and an escape \x1b\n")
			return []string{at(topics, l, "column 10: "+controlChar("0007"))}
		}},
		{"text: carriage return inside a line", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, topics, "  nameEn: rule of law\n", "  nameEn: rule\rof law\r\n")
			return []string{at(topics, l, "column 15: control character U+000D (carriage return): allowed only as part of a CRLF line end")}
		}},
		{"text: two carriage returns at a line end", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, topics, "  nameEn: rule of law\n", "  nameEn: rule of law\r\r\n")
			return []string{at(topics, l, "column 22: control character U+000D (carriage return): allowed only as part of a CRLF line end")}
		}},
		{"text: C1 control and DEL in a table", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, states, "FR,FRA,250,France,France,150,", "FR,FRA,250,Fr\u0085ance,France\x7f,150,")
			return []string{
				at(states, l, "column name_official_en: "+controlChar("007F")),
				at(states, l, "column name_unterm_en_short: "+controlChar("0085")),
			}
		}},
		{"text: embedding in a table header", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, states, "iso2,iso3,m49,", "iso2,iso3,\u202am49,")
			return []string{at(states, l, "header field 3: "+bidiChar("202A", "LEFT-TO-RIGHT EMBEDDING")), at(states, l, `missing column "m49"`)}
		}},
		{"syntax: entry without a colon", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, topics, "  nameEn: rule of law\n", "  nameEn rule of law\n")
			return []string{at(topics, l, `expected "name: value", got "nameEn rule of law"`)}
		}},
		{"syntax: unknown block keyword", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, topics, "topic Topic:extra\n  nameEn: extra\n")
			return []string{at(topics, l, `expected a block (node, extend, rel or source), got "topic Topic:extra"`)}
		}},
		{"syntax: malformed relationship head", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, topics, "rel Topic:training CONCERNS Topic:rule-of-law\n  source: A/RES/66/178 op/2\n")
			return []string{at(topics, l, `expected "rel FROM -TYPE-> TO", got "rel Topic:training CONCERNS Topic:rule-of-law"`)}
		}},
		{"unknown node kind", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, topics, "node Theme:extra\n  nameEn: extra\n  source: A/RES/66/178 op/2\n")
			return []string{at(topics, l, `unknown node kind "Theme" in "Theme:extra"`)}
		}},
		{"malformed id in a facts file", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, resolution, "node Paragraph:A/RES/66/178/xx/1\n  textFr: x\n  source: A/RES/66/178 op/2\n")
			return []string{at(resolution, l, `malformed id "Paragraph:A/RES/66/178/xx/1": the key must be symbol/pp/n or symbol/op/n, e.g. Paragraph:A/RES/66/178/op/9`)}
		}},
		{"malformed id in a table", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, states, "FR,FRA,250,", "FR,Fra,250,")
			return []string{at(states, l, `column iso3: malformed id "State:Fra": the key must be an ISO 3166-1 alpha-3 code, e.g. State:FRA`)}
		}},
		{"duplicate id", func(t *testing.T, f fstest.MapFS) []string {
			first := lineOf(t, f, topics, "node Topic:rule-of-law\n")
			l := appendTo(t, f, topics, "node Topic:rule-of-law\n  nameEn: rule of law\n  source: A/RES/66/178 op/3\n")
			return []string{at(topics, l, fmt.Sprintf("duplicate id Topic:rule-of-law (first defined at %s:%d)", topics, first))}
		}},
		{"duplicate id in a table", func(t *testing.T, f fstest.MapFS) []string {
			first := lineOf(t, f, instruments, "CT17,Beijing Convention 2010,")
			l := edit(t, f, instruments, "CT18,Beijing Protocol 2010,", "CT17,Beijing Protocol 2010,")
			// CT18 is gone, so the facts about it dangle or extend nothing.
			return []string{
				at(instruments, l, fmt.Sprintf("duplicate id Instrument:CT17 (first defined at %s:%d)", instruments, first)),
				at("facts/instruments.facts", lineOf(t, f, "facts/instruments.facts", "extend Instrument:CT18\n"), "extend Instrument:CT18: no such node in the seed"),
				at("facts/instruments.facts", lineOf(t, f, "facts/instruments.facts", "rel Instrument:CT18 -ADOPTED_AT->"), "dangling relationship: Instrument:CT18 is not in the seed"),
				at("facts/instruments.facts", lineOf(t, f, "facts/instruments.facts", "rel Instrument:CT18 -ADDRESSES-> CrimeType:terrorism"), "dangling relationship: Instrument:CT18 is not in the seed"),
				at("facts/instruments.facts", lineOf(t, f, "facts/instruments.facts", "rel Instrument:CT18 -ADDRESSES-> CrimeType:unlawful"), "dangling relationship: Instrument:CT18 is not in the seed"),
				at(resolution, lineOf(t, f, resolution, "rel Paragraph:A/RES/66/178/pp/10 -CITES-> Instrument:CT18"), "dangling relationship: Instrument:CT18 is not in the seed"),
				at(resolution, lineOf(t, f, resolution, "rel Paragraph:A/RES/66/178/pp/10 -CONCERNS-> Instrument:CT18"), "dangling relationship: Instrument:CT18 is not in the seed"),
				at(resolution, lineOf(t, f, resolution, "rel Paragraph:A/RES/66/178/op/1 -CONCERNS-> Instrument:CT18"), "dangling relationship: Instrument:CT18 is not in the seed"),
			}
		}},
		{"unknown property", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, topics, "  nameEn: rule of law\n", "  colour: rule of law\n")
			return []string{at(topics, l, `unknown property "colour" for a Topic node`)}
		}},
		{"unknown relationship property", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, crimes, "  nature: des liens", "  kind: des liens")
			return []string{
				at(crimes, l, `unknown property "kind" for a LINKED_TO relationship`),
				at(crimes, l-1, "a LINKED_TO relationship needs property nature"),
			}
		}},
		{"wrong value type: integer", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "  meeting: 89\n", "  meeting: eighty-nine\n")
			return []string{at(resolution, l, `property meeting: want an integer, got "eighty-nine"`)}
		}},
		{"wrong value type: enum", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, actors, "  bodyKind: TASK_FORCE\n", "  bodyKind: TEAM\n")
			return []string{at(actors, l, `property bodyKind: unknown value "TEAM" (want one of ORGAN, SUBSIDIARY_BODY, OFFICE, OFFICIAL, TASK_FORCE)`)}
		}},
		{"wrong value type: flag in a table", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, states, "AF,AFG,004,Afghanistan,Afghanistan,142,Asia,034,Southern Asia,,,x,x,", "AF,AFG,004,Afghanistan,Afghanistan,142,Asia,034,Southern Asia,,,yes,x,")
			return []string{at(states, l, `column ldc: want "x" or empty, got "yes"`)}
		}},
		{"bad ISO date", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "  adopted: 2011-12-19\n", "  adopted: 2011-12-32\n")
			return []string{at(resolution, l, `property adopted: bad ISO date "2011-12-32" (no such day)`)}
		}},
		{"bad ISO date in a table", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, instruments, "Beijing Convention 2010,Convention on the Suppression of Unlawful Acts Relating to International Civil Aviation,2010-09-10,",
				"Beijing Convention 2010,Convention on the Suppression of Unlawful Acts Relating to International Civil Aviation,10/09/2010,")
			return []string{at(instruments, l, `column adopted: want a leading ISO date YYYY-MM-DD, got "10/09/2010"`)}
		}},
		{"unknown relationship type", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, actors, "rel Body:SG -ESTABLISHES-> Body:CTITF", "rel Body:SG -FOUNDS-> Body:CTITF")
			return []string{at(actors, l, `unknown relationship type "FOUNDS"`)}
		}},
		{"dangling relationship", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "-CONCERNS-> Topic:integrated-approach", "-CONCERNS-> Topic:integrated-approch")
			return []string{at(resolution, l, "dangling relationship: Topic:integrated-approch is not in the seed")}
		}},
		{"relationship without a source", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "-CONCERNS-> Topic:regional-programmes\n  source: A/RES/66/178 op/8\n", "-CONCERNS-> Topic:regional-programmes\n")
			return []string{at(resolution, l, "relationship Paragraph:A/RES/66/178/op/8 -CONCERNS-> Topic:regional-programmes has no source")}
		}},
		{"node without a source", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, topics, "node Topic:integrated-approach\n  nameEn: integrated approach\n  nameFr: approche intégrée\n  source: A/RES/66/178 op/8\n",
				"node Topic:integrated-approach\n  nameEn: integrated approach\n  nameFr: approche intégrée\n")
			return []string{at(topics, l, "node Topic:integrated-approach has no source")}
		}},
		{"unknown basis", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, sources, "  locator: symbol\n  basis: INFERRED\n", "  locator: symbol\n  basis: GUESSED\n") + 1
			return []string{at(sources, l, `unknown basis "GUESSED" (want STATED, INFERRED or IMPORTED)`)}
		}},
		{"source naming no paragraph", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, topics, "  nameFr: approche intégrée\n  source: A/RES/66/178 op/8\n", "  nameFr: approche intégrée\n  source: A/RES/66/178 op/13\n") + 1
			return []string{at(topics, l, "the source names no paragraph: Paragraph:A/RES/66/178/op/13 is not in the seed")}
		}},
		{"unknown named source", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, documents, "  documentKind: DECLARATION\n  source: A/RES/66/178 pp/5\n  source: @twelfth-congress\n",
				"  documentKind: DECLARATION\n  source: A/RES/66/178 pp/5\n  source: @twelfth-congres\n") + 2
			return []string{at(documents, l, `unknown source @twelfth-congres (define it with a "source twelfth-congres" block)`)}
		}},
		{"quote not in the text", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "  ask: de continuer à privilégier", "  ask: de continuer à préférer")
			return []string{at(resolution, l, "property ask is not in the text of Paragraph:A/RES/66/178/op/8: quote it exactly")}
		}},
		{"verb that does not begin the text", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "node Paragraph:A/RES/66/178/op/8\n  verb: Prie\n", "node Paragraph:A/RES/66/178/op/8\n  verb: Demande\n") + 1
			return []string{at(resolution, l, `verb "Demande" is not how the text of Paragraph:A/RES/66/178/op/8 begins`)}
		}},
		{"property that contradicts the id", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "node Paragraph:A/RES/66/178/op/8\n", "node Paragraph:A/RES/66/178/op/8\n  number: 7\n") + 1
			return []string{at(resolution, l, "property number: 7 does not match Paragraph:A/RES/66/178/op/8 (want 8, or leave the line out)")}
		}},
		{"gap in the paragraphs", func(t *testing.T, f fstest.MapFS) []string {
			appendTo(t, f, resolution, "node Paragraph:A/RES/66/178/op/14\n  verb: Décide\n  textFr: Décide de rester saisie de la question.\n  source: A/RES/66/178 op/14\n")
			l := lineOf(t, f, resolution, "node Resolution:A/RES/66/178\n")
			return []string{at(resolution, l, "Resolution:A/RES/66/178 has no operative paragraph 13 (they run to 14)")}
		}},
		{"missing relationship property", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, resolution, "-CITES-> Resolution:A/RES/64/297\n  how: RECALLS\n", "-CITES-> Resolution:A/RES/64/297\n")
			return []string{at(resolution, l, "a CITES relationship needs property how")}
		}},
		{"duplicate relationship", func(t *testing.T, f fstest.MapFS) []string {
			first := lineOf(t, f, actors, "rel Body:CTED -PART_OF-> Body:CTC\n")
			l := appendTo(t, f, actors, "rel Body:CTED -PART_OF-> Body:CTC\n  source: A/RES/66/178 op/7\n")
			return []string{at(actors, l, fmt.Sprintf("duplicate relationship Body:CTED -PART_OF-> Body:CTC (first at %s:%d): give one of them a key", actors, first))}
		}},
		{"extend of an unknown node", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, "facts/instruments.facts", "extend Instrument:CT99\n  titleFr: x\n  source: A/RES/66/178 pp/10\n")
			return []string{at("facts/instruments.facts", l, "extend Instrument:CT99: no such node in the seed")}
		}},
		{"extend that overwrites a fact", func(t *testing.T, f fstest.MapFS) []string {
			l := appendTo(t, f, "facts/instruments.facts", "extend Instrument:CT16\n  adopted: 2005-04-14\n  source: A/RES/66/178 pp/10\n") + 1
			first := lineOf(t, f, instruments, "CT16,")
			return []string{at("facts/instruments.facts", l, fmt.Sprintf("property adopted of Instrument:CT16 is already set at %s:%d", instruments, first))}
		}},
		{"table row with a missing field", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, states, "FR,FRA,250,France,France,150,", "FR,FRA,250,France,150,")
			return []string{at(states, l, "want 16 fields, got 15")}
		}},
		{"unconfirmed clause no rule understands", func(t *testing.T, f fstest.MapFS) []string {
			l := edit(t, f, instruments, "entry-into-force date NOT confirmed;", "EIF date NOT confirmed;")
			return []string{at(instruments, l, `column unconfirmed_or_inferred: cannot tell which fact "EIF date NOT confirmed" is about (see README.md)`)}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := copySeed(t)
			want := tc.corrupt(t, f)
			got := readBroken(t, f)
			sortStrings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// controlChar and bidiChar are the messages about a character text may not
// hold.
func controlChar(code string) string {
	return "control character U+" + code + ": text may hold tabs and line breaks, no other control character"
}

func bidiChar(code, name string) string {
	return "bidirectional formatting character U+" + code + " (" + name + "): not allowed, it can make text display in another order than it is stored"
}

// CRLF line ends, tabs and other characters of text are fine.
func TestValidatorAcceptsText(t *testing.T) {
	f := copySeed(t)
	f[topics].Data = []byte(strings.ReplaceAll(string(f[topics].Data), "\n", "\r\n"))
	appendTo(t, f, topics, "# a tab\there, a right-to-left mark \u200f, Arabic \u0627\r\n")
	if _, err := seed.ReadFS(f); err != nil {
		t.Fatalf("ReadFS: %v", err)
	}
}

// A seed broken in several places reports every problem at once, sorted by
// file and line.
func TestValidatorReportsEveryProblemAtOnce(t *testing.T) {
	f := copySeed(t)
	want := []string{
		at(states, edit(t, f, states, "FR,FRA,250,France,France,150,", "FR,FRA,250,France,150,"), "want 16 fields, got 15"),
		at(topics, edit(t, f, topics, "  nameEn: rule of law\n", "  colour: rule of law\n"), `unknown property "colour" for a Topic node`),
		at(topics, edit(t, f, topics, "  nameEn: training\n", "  nameEn training\n"), `expected "name: value", got "nameEn training"`),
		at(actors, edit(t, f, actors, "rel Body:SG -ESTABLISHES-> Body:CTITF", "rel Body:SG -FOUNDS-> Body:CTITF"), `unknown relationship type "FOUNDS"`),
		at(resolution, edit(t, f, resolution, "  meeting: 89\n", "  meeting: 8 9\n"), `property meeting: want an integer, got "8 9"`),
	}
	sortStrings(want)
	got := readBroken(t, f)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidatorReportsMissingFiles(t *testing.T) {
	f := copySeed(t)
	delete(f, instruments)
	got := readBroken(t, f)
	if got[0] != instruments+": cannot read: open "+instruments+": file does not exist" {
		t.Errorf("first problem %q", got[0])
	}
}

func TestReadFSOnTheEmbeddedTree(t *testing.T) {
	b, err := seed.ReadFS(copySeed(t))
	if err != nil {
		t.Fatalf("ReadFS on an intact copy: %v", err)
	}
	want, _ := seed.Read()
	if len(b.Nodes) != len(want.Nodes) || len(b.Relationships) != len(want.Relationships) {
		t.Errorf("ReadFS: %d nodes, %d relationships; Read: %d, %d", len(b.Nodes), len(b.Relationships), len(want.Nodes), len(want.Relationships))
	}
}

// sortStrings sorts problems as Problems.Error does: by file, line, message.
func sortStrings(ps []string) {
	type key struct {
		file string
		line int
		msg  string
	}
	parse := func(s string) key {
		var k key
		parts := strings.SplitN(s, ":", 3)
		k.file = parts[0]
		if len(parts) == 3 {
			k.line, _ = strconv.Atoi(parts[1])
			k.msg = parts[2]
		}
		return k
	}
	slices.SortStableFunc(ps, func(a, b string) int {
		ka, kb := parse(a), parse(b)
		return cmp.Or(cmp.Compare(ka.file, kb.file), cmp.Compare(ka.line, kb.line), cmp.Compare(ka.msg, kb.msg))
	})
}
