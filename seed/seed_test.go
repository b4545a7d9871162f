package seed_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

// loaded is the embedded seed, indexed.
type loaded struct {
	batch graph.Batch
	nodes map[graph.ID]*graph.Node
}

func readSeed(t *testing.T) loaded {
	t.Helper()
	b, err := seed.Read()
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	l := loaded{batch: b, nodes: map[graph.ID]*graph.Node{}}
	for _, n := range b.Nodes {
		if _, dup := l.nodes[n.ID]; dup {
			t.Fatalf("node %s twice in the batch", n.ID)
		}
		l.nodes[n.ID] = n
	}
	return l
}

func (l loaded) node(t *testing.T, id graph.ID) *graph.Node {
	t.Helper()
	n, ok := l.nodes[id]
	if !ok {
		t.Fatalf("no node %s", id)
	}
	return n
}

// rels returns the relationships of type typ from from to to ("" matches any).
func (l loaded) rels(from graph.ID, typ graph.RelType, to graph.ID) []*graph.Relationship {
	var out []*graph.Relationship
	for _, r := range l.batch.Relationships {
		if r.Type == typ && (from == "" || r.From == from) && (to == "" || r.To == to) {
			out = append(out, r)
		}
	}
	return out
}

func (l loaded) rel(t *testing.T, from graph.ID, typ graph.RelType, to graph.ID) *graph.Relationship {
	t.Helper()
	rs := l.rels(from, typ, to)
	if len(rs) != 1 {
		t.Fatalf("%s -%s-> %s: %d relationships, want 1", from, typ, to, len(rs))
	}
	return rs[0]
}

func TestReadCounts(t *testing.T) {
	l := readSeed(t)
	kinds := map[graph.NodeKind]int{}
	paragraphs := map[string]int{}
	for _, n := range l.batch.Nodes {
		kinds[n.Kind]++
		if n.Kind == graph.KindParagraph {
			paragraphs[n.Props.String("paragraphKind")]++
		}
	}
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"states", kinds[graph.KindState], 193},
		{"instruments", kinds[graph.KindInstrument], 23},
		{"preambular paragraphs", paragraphs["PREAMBULAR"], 10},
		{"operative paragraphs", paragraphs["OPERATIVE"], 12},
		{"paragraphs", kinds[graph.KindParagraph], 22},
		{"footnotes", kinds[graph.KindFootnote], 4},
		{"member states in the group", len(l.rels("", graph.RelMemberOf, "Group:member-states")), 193},
		{"paragraphs of 66/178", len(l.rels("Resolution:A/RES/66/178", graph.RelHasParagraph, "")), 22},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %d, want %d", tc.got, tc.want)
			}
		})
	}
}

func TestReadIsDeterministic(t *testing.T) {
	a, b := readSeed(t), readSeed(t)
	if len(a.batch.Nodes) != len(b.batch.Nodes) || len(a.batch.Relationships) != len(b.batch.Relationships) {
		t.Fatalf("two reads differ in size")
	}
	for i := range a.batch.Relationships {
		if a.batch.Relationships[i].Identity() != b.batch.Relationships[i].Identity() {
			t.Fatalf("relationship %d: %s then %s", i, a.batch.Relationships[i].Identity(), b.batch.Relationships[i].Identity())
		}
	}
}

func TestEverythingHasASource(t *testing.T) {
	l := readSeed(t)
	for _, n := range l.batch.Nodes {
		if len(n.Sources) == 0 {
			t.Errorf("node %s has no source", n.ID)
		}
		if err := n.Validate(); err != nil {
			t.Errorf("node %s: %v", n.ID, err)
		}
	}
	for _, r := range l.batch.Relationships {
		if err := r.Source.Validate(); err != nil {
			t.Errorf("relationship %s: source: %v", r.Identity(), err)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("relationship %s: %v", r.Identity(), err)
		}
		for _, end := range []graph.ID{r.From, r.To} {
			if _, ok := l.nodes[end]; !ok {
				t.Errorf("relationship %s: %s is not in the batch", r.Identity(), end)
			}
		}
	}
}

// Every source that points to a paragraph or footnote points to one that
// is in the seed, and of the document it names.
func TestSourceParagraphsExist(t *testing.T) {
	l := readSeed(t)
	check := func(what string, s graph.Source) {
		if s.Paragraph == "" {
			return
		}
		p, ok := l.nodes[s.Paragraph]
		if !ok {
			t.Errorf("%s: source paragraph %s is not in the seed", what, s.Paragraph)
			return
		}
		if got := p.Props.String("resolution"); got != s.Document {
			t.Errorf("%s: source document %q, but %s belongs to %q", what, s.Document, s.Paragraph, got)
		}
	}
	for _, n := range l.batch.Nodes {
		for _, s := range n.Sources {
			check(string(n.ID), s)
		}
	}
	for _, r := range l.batch.Relationships {
		check(r.Identity(), r.Source)
	}
}

func TestOp9LinksTerrorismToRelatedCriminalActivities(t *testing.T) {
	l := readSeed(t)
	const op9 = graph.ID("Paragraph:A/RES/66/178/op/9")
	link := l.rel(t, "CrimeType:terrorism", graph.RelLinkedTo, "CrimeType:related-criminal-activities")
	if link.Source.Paragraph != op9 || link.Source.Basis != graph.Stated {
		t.Errorf("source = %+v, want paragraph %s, basis STATED", link.Source, op9)
	}
	nature := link.Props.String("nature")
	if !strings.Contains(nature, "le terrorisme et les activités criminelles connexes") {
		t.Errorf("nature = %q", nature)
	}
	if text := l.node(t, op9).Props.String("textFr"); !strings.Contains(text, nature) {
		t.Errorf("nature %q is not in the text of op/9", nature)
	}
	related := l.node(t, "CrimeType:related-criminal-activities")
	if related.Props.String("nameFr") != "activités criminelles connexes" || related.Props.String("descriptionEn") == "" {
		t.Errorf("related criminal activities: %v", related.Props)
	}
	if len(l.rels(op9, graph.RelConcerns, "CrimeType:related-criminal-activities")) != 1 {
		t.Errorf("op/9 does not CONCERN the related criminal activities")
	}
}

func TestStateFrance(t *testing.T) {
	l := readSeed(t)
	fra := l.node(t, "State:FRA")
	want := map[string]any{
		"nameEn": "France", "nameFr": "France (la)", "nameEs": "Francia",
		"nameRu": "Франция", "nameZh": "法国", "nameAr": "فرنسا",
		"formalNameEn": "the French Republic", "formalNameFr": "la République française",
		"iso2": "FR", "iso3": "FRA", "m49": "250",
		"regionCode": "150", "subregionCode": "155", "subregionName": "Western Europe",
		"wikidata": "https://www.wikidata.org/wiki/Q142",
	}
	for k, v := range want {
		if fra.Props[k] != v {
			t.Errorf("%s = %v, want %v", k, fra.Props[k], v)
		}
	}
	for _, absent := range []string{"ldc", "lldc", "sids", "intermediateRegionCode"} {
		if _, ok := fra.Props[absent]; ok {
			t.Errorf("%s is set, want absent", absent)
		}
	}
	sub := l.rel(t, "State:FRA", graph.RelInRegion, "Region:155")
	if sub.Props.String("level") != "SUBREGION" {
		t.Errorf("IN_REGION 155 level = %v", sub.Props["level"])
	}
	if r := l.node(t, "Region:155"); r.Props.String("nameEn") != "Western Europe" || r.Props.String("level") != "SUBREGION" {
		t.Errorf("Region:155 = %v", r.Props)
	}
	l.rel(t, "Region:155", graph.RelPartOf, "Region:150")
	l.rel(t, "State:FRA", graph.RelMemberOf, "Group:member-states")
}

func TestStatesWithoutUNTERMNames(t *testing.T) {
	l := readSeed(t)
	for _, tc := range []struct {
		id     graph.ID
		nameEn string
		nameFr string
		nameZh string
	}{{"State:CIV", "Ivory Coast", "Côte d’Ivoire", "科特迪瓦"}, {"State:TUR", "Türkiye", "Türkiye", "土耳其"}} {
		t.Run(string(tc.id), func(t *testing.T) {
			n := l.node(t, tc.id)
			if got := n.Props.String("nameEn"); got != tc.nameEn {
				t.Errorf("nameEn = %q, want the file's name_official_en %q", got, tc.nameEn)
			}
			if got := n.Props.String("nameFr"); got != tc.nameFr {
				t.Errorf("nameFr = %q, want country-codes.csv's official_name_fr %q", got, tc.nameFr)
			}
			if got := n.Props.String("nameZh"); got != tc.nameZh {
				t.Errorf("nameZh = %q, want country-codes.csv's official_name_cn %q", got, tc.nameZh)
			}
			for _, p := range []string{"formalNameEn", "formalNameFr"} {
				if _, ok := n.Props[p]; ok {
					t.Errorf("%s = %v, want absent (blank UNTERM cell, no other formal name)", p, n.Props[p])
				}
			}
			if !strings.Contains(n.Sources[0].Note, "name_official_en") {
				t.Errorf("the source does not say where nameEn comes from: %+v", n.Sources[0])
			}
			if !strings.Contains(n.Sources[len(n.Sources)-1].Note, "official_name_xx") {
				t.Errorf("the source does not say where the other names come from: %+v", n.Sources)
			}
		})
	}
}

func TestEveryStateIsPlaced(t *testing.T) {
	l := readSeed(t)
	for _, n := range l.batch.Nodes {
		if n.Kind != graph.KindState {
			continue
		}
		levels := map[string]bool{}
		for _, r := range l.rels(n.ID, graph.RelInRegion, "") {
			levels[r.Props.String("level")] = true
			if l.nodes[r.To].Props.String("level") != r.Props.String("level") {
				t.Errorf("%s IN_REGION %s: level %v, region's level %v", n.ID, r.To, r.Props["level"], l.nodes[r.To].Props["level"])
			}
		}
		if !levels["REGION"] || !levels["SUBREGION"] {
			t.Errorf("%s: levels %v, want a region and a sub-region", n.ID, levels)
		}
		if n.Props.String("nameEn") == "" {
			t.Errorf("%s has no English name", n.ID)
		}
	}
}

func TestInstruments(t *testing.T) {
	l := readSeed(t)
	tests := []struct {
		id     graph.ID
		want   map[string]any
		absent []string
	}{
		{"Instrument:CT17", map[string]any{
			"adopted": "2010-09-10", "place": "Beijing", "entryIntoForce": "2018-07-01",
			"instrumentKind": "CONVENTION", "family": "COUNTER_TERRORISM",
			"titleFr": "Convention sur la répression des actes illicites dirigés contre l’aviation civile internationale",
		}, nil},
		{"Instrument:CT12", map[string]any{"adopted": "2005-10-14", "instrumentKind": "PROTOCOL"},
			[]string{"entryIntoForce", "depositary"}},
		{"Instrument:CT19", map[string]any{"openedForSignature": "2014-04-04", "depositary": "ICAO Secretary General"},
			[]string{"adopted"}},
		{"Instrument:CT06", map[string]any{
			"adopted": "1979-10-26", "openedForSignature": "1980-03-03", "place": "Vienna",
			"adoptedNote": "(adopted); opened for signature 1980-03-03",
		}, []string{"depositary"}},
		{"Instrument:CT04", map[string]any{"untcChapter": "XVIII-7"}, []string{"depositary"}},
		{"Instrument:CT08", nil, []string{"depositary"}},
		{"Instrument:CT07", map[string]any{"instrumentKind": "AMENDMENT"}, nil},
		{"Instrument:OC01", map[string]any{
			"adopted": "2000-11-15", "openedForSignature": "2000-12-12", "family": "ORGANIZED_CRIME",
			"adoptedNote": "(GA res 55/25); opened for signature Palermo 2000-12-12",
		}, nil},
		{"Instrument:OC03", map[string]any{"untcChapter": "XVIII-12-b"}, []string{"entryIntoForce"}},
		{"Instrument:OC04", map[string]any{"adopted": "2001-05-31"}, []string{"entryIntoForce"}},
	}
	for _, tc := range tests {
		t.Run(string(tc.id), func(t *testing.T) {
			n := l.node(t, tc.id)
			for k, v := range tc.want {
				if n.Props[k] != v {
					t.Errorf("%s = %v, want %v", k, n.Props[k], v)
				}
			}
			for _, k := range tc.absent {
				if _, ok := n.Props[k]; ok {
					t.Errorf("%s = %v, want absent", k, n.Props[k])
				}
			}
			if n.Props.String("unconfirmed") == "" && len(tc.absent) > 0 {
				t.Errorf("unconfirmed is empty")
			}
			urls := 0
			for _, s := range n.Sources {
				if s.URL != "" {
					urls++
				}
			}
			if urls == 0 {
				t.Errorf("no source with a URL")
			}
		})
	}
}

func TestInstrumentLinks(t *testing.T) {
	l := readSeed(t)
	for _, tc := range []struct {
		from graph.ID
		typ  graph.RelType
		to   graph.ID
	}{
		{"Instrument:CT18", graph.RelSupplements, "Instrument:CT02"},
		{"Instrument:CT08", graph.RelSupplements, "Instrument:CT03"},
		{"Instrument:OC02", graph.RelSupplements, "Instrument:OC01"},
		{"Instrument:OC03", graph.RelSupplements, "Instrument:OC01"},
		{"Instrument:OC04", graph.RelSupplements, "Instrument:OC01"},
		{"Instrument:CT07", graph.RelAmends, "Instrument:CT06"},
		{"Instrument:CT19", graph.RelAmends, "Instrument:CT01"},
		{"Instrument:CT10", graph.RelProtocolTo, "Instrument:CT09"},
		{"Instrument:CT12", graph.RelProtocolTo, "Instrument:CT11"},
		{"Instrument:OC02", graph.RelAddresses, "CrimeType:trafficking-in-persons"},
		{"Instrument:CT16", graph.RelAddresses, "CrimeType:nuclear-terrorism"},
	} {
		t.Run(string(tc.from)+" "+string(tc.typ), func(t *testing.T) {
			l.rel(t, tc.from, tc.typ, tc.to)
		})
	}
	if n := len(l.rels("", graph.RelSupplements, "")) + len(l.rels("", graph.RelAmends, "")) + len(l.rels("", graph.RelProtocolTo, "")); n != 9 {
		t.Errorf("%d SUPPLEMENTS/AMENDS/PROTOCOL_TO, want the 9 the titles state", n)
	}
	terrorism := 0
	for _, r := range l.rels("", graph.RelAddresses, "CrimeType:terrorism") {
		terrorism++
		if r.Source.Basis != graph.Inferred || r.Source.Note == "" {
			t.Errorf("%s: want an INFERRED source with a note", r.Identity())
		}
	}
	if terrorism != 19 {
		t.Errorf("%d instruments address terrorism, want the 19 counter-terrorism ones", terrorism)
	}
	// Paragraph 1's "existing" instruments: the 18 of 19 December 2011.
	concerns := l.rels("Paragraph:A/RES/66/178/op/1", graph.RelConcerns, "")
	instruments := 0
	for _, r := range concerns {
		if r.To.Kind() == graph.KindInstrument {
			instruments++
			if r.To == "Instrument:CT19" {
				t.Errorf("op/1 concerns CT19, which came in 2014")
			}
		}
	}
	if instruments != 18 {
		t.Errorf("op/1 concerns %d instruments, want 18", instruments)
	}
}

func TestBeijingConference(t *testing.T) {
	l := readSeed(t)
	for _, tc := range []struct {
		id             graph.ID
		votesFor, agst int64
		footnote       graph.ID
	}{
		{"Instrument:CT17", 55, 14, "Footnote:A/RES/66/178/fn/3"},
		{"Instrument:CT18", 57, 13, "Footnote:A/RES/66/178/fn/4"},
	} {
		t.Run(string(tc.id), func(t *testing.T) {
			r := l.rel(t, tc.id, graph.RelAdoptedAt, "Conference:air-law-beijing-2010")
			if r.Props.String("date") != "2010-09-10" {
				t.Errorf("date = %v", r.Props["date"])
			}
			if v, _ := r.Props.Int("votesFor"); v != tc.votesFor {
				t.Errorf("votesFor = %v, want %d", r.Props["votesFor"], tc.votesFor)
			}
			if v, _ := r.Props.Int("votesAgainst"); v != tc.agst {
				t.Errorf("votesAgainst = %v, want %d", r.Props["votesAgainst"], tc.agst)
			}
			if r.Source.Paragraph != tc.footnote {
				t.Errorf("source = %s, want %s", r.Source.Paragraph, tc.footnote)
			}
		})
	}
	c := l.node(t, "Conference:air-law-beijing-2010")
	if c.Props.String("place") != "Beijing" || c.Props.String("startDate") != "2010-08-30" || c.Props.String("endDate") != "2010-09-10" {
		t.Errorf("conference = %v", c.Props)
	}
}

func TestResolution66178(t *testing.T) {
	l := readSeed(t)
	r := l.node(t, "Resolution:A/RES/66/178")
	for k, v := range map[string]any{
		"symbol": "A/RES/66/178", "organ": "GA", "session": int64(66), "adopted": "2011-12-19",
		"meeting": int64(89), "lang": "FR",
	} {
		if r.Props[k] != v {
			t.Errorf("%s = %#v, want %#v", k, r.Props[k], v)
		}
	}
	if _, ok := r.Props["titleEn"]; ok {
		t.Errorf("titleEn is set: no English title is sourced")
	}
	l.rel(t, "Resolution:A/RES/66/178", graph.RelAdoptedBy, "Body:GA")
	if _, ok := l.node(t, "Resolution:A/RES/65/221").Props["titleEn"]; ok {
		t.Errorf("65/221 has a title, which no source confirms")
	}
	// Footnote 1 is called from two paragraphs.
	fn1 := l.rels("", graph.RelHasFootnote, "Footnote:A/RES/66/178/fn/1")
	if len(fn1) != 2 {
		t.Fatalf("footnote 1 is called from %d paragraphs, want 2", len(fn1))
	}
}

func TestAsksOfParagraph1(t *testing.T) {
	l := readSeed(t)
	const op1 = graph.ID("Paragraph:A/RES/66/178/op/1")
	for _, tc := range []struct {
		to     graph.ID
		verb   string
		action string
	}{
		{"Group:member-states", "Demande instamment", "URGES"},
		{"Body:UNODC", "prie", "REQUESTS"},
	} {
		t.Run(string(tc.to), func(t *testing.T) {
			r := l.rel(t, op1, graph.RelAddressedTo, tc.to)
			if r.Props.String("verb") != tc.verb || r.Props.String("action") != tc.action || r.Props.String("ask") == "" {
				t.Errorf("props = %v", r.Props)
			}
		})
	}
	if n := len(l.rels(op1, graph.RelAddressedTo, "")); n != 2 {
		t.Errorf("op/1 asks %d actors, want 2", n)
	}
	mention := l.rel(t, op1, graph.RelMentions, "Body:CTITF")
	if mention.Props.String("role") != "COORDINATION_PARTNER" {
		t.Errorf("op/1 mentions CTITF as %v", mention.Props["role"])
	}
}

func TestProblemsIsInvalid(t *testing.T) {
	err := error(seed.Problems{{File: "facts/a.facts", Line: 3, Message: "b"}, {File: "facts/a.facts", Line: 1, Message: "a"}})
	if got, want := err.Error(), "facts/a.facts:1: a\nfacts/a.facts:3: b"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if graph.ErrorCode(err) != graph.Invalid {
		t.Errorf("code = %s, want INVALID", graph.ErrorCode(err))
	}
	var ps seed.Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Errorf("errors.As: %v", ps)
	}
}
