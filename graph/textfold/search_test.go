package textfold_test

import (
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

func TestSearchGroup(t *testing.T) {
	// Every base Search looks in, and each of its localized variants, has a group.
	for _, base := range graph.SearchableProps {
		for _, prop := range append([]string{base}, localized(base)...) {
			if _, ok := textfold.SearchGroup(prop); !ok {
				t.Errorf("SearchGroup(%q) has no group", prop)
			}
		}
	}
	tests := []struct {
		prop string
		want textfold.Group
		ok   bool
	}{
		{"nameEn", textfold.GroupName, true},
		{"titleFr", textfold.GroupName, true},
		{"shortName", textfold.GroupName, true},
		{"acronym", textfold.GroupName, true},
		{"symbol", textfold.GroupName, true},
		{"formalNameAr", textfold.GroupFormal, true},
		{"formalName", textfold.GroupFormal, true},
		{"textZh", textfold.GroupText, true},
		{"descriptionEn", 0, false},
		{"nameDe", 0, false},
		{"iso3", 0, false},
		{"En", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.prop, func(t *testing.T) {
			g, ok := textfold.SearchGroup(tt.prop)
			if ok != tt.ok || (ok && g != tt.want) {
				t.Errorf("SearchGroup(%q) = %v, %v; want %v, %v", tt.prop, g, ok, tt.want, tt.ok)
			}
		})
	}
}

func localized(base string) []string {
	var out []string
	for _, l := range graph.Langs {
		out = append(out, base+l.Suffix())
	}
	return out
}

func TestNewSearchFields(t *testing.T) {
	f := textfold.NewSearchFields(graph.Props{
		"nameEn":        "Nuclear Terrorism",
		"nameFr":        "Terrorisme nucléaire",
		"formalNameFr":  "République d’Arcadie",
		"textFr":        "Prie l’Office de continuer, de continuer.",
		"acronym":       []string{"TOD", "T.O.D."},
		"descriptionEn": "not searched",
		"population":    int64(5),
		"shortName":     "  ",
	})
	want := textfold.SearchFields{
		Names:  []string{"d", "nucleaire", "nuclear", "o", "t", "terrorism", "terrorisme", "tod"},
		Formal: []string{"arcadie", "d", "republique"},
		Texts:  []string{"continuer", "de", "l", "office", "prie"},
		Whole:  []string{"arcadie d republique", "d o t", "nucleaire terrorisme", "nuclear terrorism", "tod"},
	}
	if !slices.Equal(f.Names, want.Names) || !slices.Equal(f.Formal, want.Formal) ||
		!slices.Equal(f.Texts, want.Texts) || !slices.Equal(f.Whole, want.Whole) {
		t.Errorf("NewSearchFields =\n %+v\nwant\n %+v", f, want)
	}
	if f.Empty() {
		t.Error("Empty() = true for fields with words")
	}
	all := f.All()
	if !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("All() = %v, want sorted distinct words", all)
	}
	if len(all) != 15 {
		t.Errorf("All() has %d words, want 15: %v", len(all), all)
	}
	if !textfold.NewSearchFields(graph.Props{"iso3": "XAA", "nameEn": "--"}).Empty() {
		t.Error("fields of a node without searchable words are not Empty")
	}
}

func TestQueryWords(t *testing.T) {
	got := textfold.QueryWords("Terrorisme, NUCLÉAIRE terrorisme d’essai")
	want := []string{"d", "essai", "nucleaire", "terrorisme"}
	if !slices.Equal(got, want) {
		t.Errorf("QueryWords = %q, want %q", got, want)
	}
	if key := textfold.QueryKey([]string{"b", "a", "b"}); key != "a b" {
		t.Errorf("QueryKey = %q, want %q", key, "a b")
	}
}

func TestWordScore(t *testing.T) {
	f := textfold.SearchFields{
		Names:  []string{"convention", "nuclear", "terrorism"},
		Formal: []string{"republic", "terra"},
		Texts:  []string{"nucleus", "republic", "terrorism", "training"},
	}
	tests := []struct {
		word string
		want float64
	}{
		{"nuclear", 3},    // exact in a name
		{"terrorism", 3},  // exact in a name beats exact in a text
		{"republic", 2},   // exact in a formal name beats exact in a text
		{"conv", 1.5},     // prefix of a name
		{"terr", 1.5},     // prefix of a name beats prefix of a formal name
		{"nucle", 1.5},    // prefix of a name beats prefix of a text
		{"training", 1},   // exact in a text
		{"repub", 1},      // prefix of a formal name beats prefix of a text
		{"train", 0.5},    // prefix of a text
		{"ucle", 0},       // infix
		{"nuclearity", 0}, // longer than every word
		{"zebra", 0},      // after every word
		{"a", 0},          // before every word
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := f.WordScore(tt.word); got != tt.want {
				t.Errorf("WordScore(%q) = %v, want %v", tt.word, got, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	terrorism := textfold.NewSearchFields(graph.Props{"nameEn": "Terrorism", "nameFr": "Terrorisme"})
	nuclear := textfold.NewSearchFields(graph.Props{"nameEn": "Nuclear terrorism", "nameFr": "Terrorisme nucléaire"})
	paragraph := textfold.NewSearchFields(graph.Props{"textFr": "prévenir le terrorisme nucléaire"})
	tests := []struct {
		name   string
		fields textfold.SearchFields
		query  string
		want   float64
		ok     bool
	}{
		{"whole name", terrorism, "terrorisme", 3 + textfold.WholeNameBonus, true},
		{"word of a longer name", nuclear, "terrorisme", 3, true},
		{"whole name in any order and case", nuclear, "NUCLÉAIRE Terrorisme", 6 + textfold.WholeNameBonus, true},
		{"whole name of another language", nuclear, "terrorism nuclear", 6 + textfold.WholeNameBonus, true},
		{"words from two names", nuclear, "terrorism nucleaire", 6, true},
		{"prefixes", nuclear, "terror nucl", 3, true},
		{"text", paragraph, "terrorisme nucleaire", 2, true},
		{"text prefix", paragraph, "prev", 0.5, true},
		{"one word missing", paragraph, "terrorisme arcadie", 0, false},
		{"no word", paragraph, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.fields.Score(textfold.QueryWords(tt.query))
			if got != tt.want || ok != tt.ok {
				t.Errorf("Score(%q) = %v, %v; want %v, %v", tt.query, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func BenchmarkNewSearchFields(b *testing.B) {
	p := graph.Props{
		"nameEn": "Test Office on Drugs and Crime", "nameFr": "Office d’essai contre la drogue et le crime",
		"textFr": "Prie l’Office d’essai contre la drogue et le crime de continuer à fournir une assistance technique " +
			"aux États qui en font la demande, en particulier pour prévenir le terrorisme nucléaire",
	}
	for b.Loop() {
		textfold.NewSearchFields(p)
	}
}
