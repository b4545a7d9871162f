package importer

import (
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

// TestUntcDates reads the cells of date columns as the Treaty Collection
// writes them: every mark, footnotes, full and short month names.
func TestUntcDates(t *testing.T) {
	tests := []struct {
		cell, date, mark string
		bracketed, ok    bool
	}{
		{cell: "12 Jan 2002", date: "2002-01-12", ok: true},
		{cell: "12 January 2002", date: "2002-01-12", ok: true},
		{cell: " 3\u00a0Mar\t 2011 a", date: "2011-03-03", mark: "a", ok: true},
		{cell: "13 Mar 2007 A", date: "2007-03-13", mark: "A", ok: true},
		{cell: "20 Mar 2007 AA", date: "2007-03-20", mark: "AA", ok: true},
		{cell: "1 Sep 1993 d", date: "1993-09-01", mark: "d", ok: true},
		{cell: "20 Mar 2007 AA4", date: "2007-03-20", mark: "AA", ok: true},
		{cell: "20 Mar 2007 a 4, 5", date: "2007-03-20", mark: "a", ok: true},
		{cell: "20 Mar 2007 ³", date: "2007-03-20", ok: true},
		{cell: "14 Sept 2005", date: "2005-09-14", ok: true},
		{cell: "14 sep. 2005", date: "2005-09-14", ok: true},
		{cell: "[1 Jan 2010 a]", date: "2010-01-01", mark: "a", bracketed: true, ok: true},
		{cell: "", ok: true},
		{cell: "\u00a0", ok: true},
		{cell: "31 Feb 2006"},
		{cell: "2006-01-05"},
		{cell: "5 Smarch 2006"},
		{cell: "Jan 12 2002"},
		{cell: "12 Jan 02"},
		{cell: "12 Jan 2002 abc"},
	}
	for _, tt := range tests {
		date, mark, bracketed, ok := untcDate(tt.cell)
		if date != tt.date || mark != tt.mark || bracketed != tt.bracketed || ok != tt.ok {
			t.Errorf("untcDate(%q) = %q, %q, %v, %v; want %q, %q, %v, %v", tt.cell, date, mark, bracketed, ok, tt.date, tt.mark, tt.bracketed, tt.ok)
		}
	}
	for mark, action := range untcMarks {
		if !graph.MakesParty(action) {
			t.Errorf("mark %q stands for %s, which does not make a party", mark, action)
		}
	}
}

// TestUntcFootnotes reads the participant cell: footnote marks after the
// name, in every form a copy gives them, are dropped.
func TestUntcFootnotes(t *testing.T) {
	tests := []struct {
		cell, name string
		bracketed  bool
	}{
		{cell: "Denmark", name: "Denmark"},
		{cell: "Denmark2", name: "Denmark"},
		{cell: "Denmark 2", name: "Denmark"},
		{cell: "Denmark 2,3", name: "Denmark"},
		{cell: "Denmark 2, 3 ,", name: "Denmark"},
		{cell: "China¹", name: "China"},
		{cell: "China ¹²", name: "China"},
		{cell: "United Kingdom of Great Britain and Northern Ireland 6 , 18 , 19 ,", name: "United Kingdom of Great Britain and Northern Ireland"},
		{cell: " Bolivia (Plurinational State of)\u00a0", name: "Bolivia (Plurinational State of)"},
		{cell: "[Spain]", name: "Spain", bracketed: true},
		{cell: "[Spain 3]", name: "Spain", bracketed: true},
		{cell: "[Spain]3", name: "Spain", bracketed: true},
	}
	for _, tt := range tests {
		if name, bracketed := untcName(tt.cell); name != tt.name || bracketed != tt.bracketed {
			t.Errorf("untcName(%q) = %q, %v; want %q, %v", tt.cell, name, bracketed, tt.name, tt.bracketed)
		}
	}
}

// TestUntcNames maps participants' names to States: the Treaty
// Collection's own forms, names folded, the non-members reported; and
// every Member State of the seed by its own names.
func TestUntcNames(t *testing.T) {
	ref := untcTables()
	members := map[string]string{
		"Bolivia (Plurinational State of)": "BOL",
		"Côte d'Ivoire":                    "CIV",
		"Côte d’Ivoire":                    "CIV",
		"COTE D'IVOIRE":                    "CIV",
		"Türkiye":                          "TUR",
		"Turkiye":                          "TUR",
		"Turkey":                           "TUR",
		"Netherlands (Kingdom of the)":     "NLD",
		"Netherlands":                      "NLD",
		"Czech Republic":                   "CZE",
		"Czechia":                          "CZE",
		"The former Yugoslav Republic of Macedonia": "MKD",
		"North Macedonia":                       "MKD",
		"Swaziland":                             "SWZ",
		"Democratic People's Republic of Korea": "PRK",
		"Republic of Korea":                     "KOR",
		"Congo":                                 "COG",
		"Democratic Republic of the Congo":      "COD",
		"Gambia":                                "GMB",
		"Iran (Islamic Republic of)":            "IRN",
		"Micronesia (Federated States of)":      "FSM",
		"Venezuela (Bolivarian Republic of)":    "VEN",
		"United Kingdom of Great Britain and Northern Ireland": "GBR",
		"United States of America":                             "USA",
		"Viet Nam":                                             "VNM",
		"Lao People's Democratic Republic":                     "LAO",
		"Saint Kitts and Nevis":                                "KNA",
		"St. Kitts and Nevis":                                  "KNA",
		"Sao Tome and Principe":                                "STP",
		"Guinea":                                               "GIN",
		"Guinea-Bissau":                                        "GNB",
		"Niger":                                                "NER",
		"Nigeria":                                              "NGA",
		"Dominica":                                             "DMA",
		"Dominican Republic":                                   "DOM",
		"Sudan":                                                "SDN",
		"South Sudan":                                          "SSD",
	}
	for name, iso3 := range members {
		if p, ok := ref.lookup(name); !ok || p.iso3 != iso3 || !p.member {
			t.Errorf("lookup(%q) = %+v, %v; want Member State %s", name, p, ok, iso3)
		}
	}
	others := map[string]string{
		"State of Palestine": "a non-member observer State",
		"Holy See":           "a non-member observer State",
		"Cook Islands":       "not a UN Member State",
		"Niue":               "not a UN Member State",
		"European Union":     "an international organization",
	}
	for name, why := range others {
		if p, ok := ref.lookup(name); !ok || p.member || !strings.HasPrefix(p.reason, why) {
			t.Errorf("lookup(%q) = %+v, %v; want a participant that is not imported: %s", name, p, ok, why)
		}
	}

	// Every Member State of the seed is found by its names.
	b, err := seed.Read()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, node := range b.Nodes {
		if node.Kind != graph.KindState {
			continue
		}
		n++
		for _, prop := range []string{"nameEn", "formalNameEn"} {
			name := node.Props.String(prop)
			if name == "" {
				continue
			}
			if p, ok := ref.lookup(name); !ok || p.iso3 != node.Key || !p.member {
				t.Errorf("State %s: lookup(%s %q) = %+v, %v", node.Key, prop, name, p, ok)
			}
		}
	}
	if n != 193 {
		t.Errorf("%d States in the seed, want 193", n)
	}

	for in, want := range map[string]string{"Frnace": "France", "Boliva": "Bolivia", "Cote dIvoir": "Côte d’Ivoire"} {
		if got, _, ok := ref.closest(in); !ok || got != want {
			t.Errorf("closest(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, _, ok := ref.closest("Atlantis"); ok {
		t.Errorf("closest(Atlantis) = %q, want none", got)
	}
}

// TestUntcFold checks how names are folded for matching.
func TestUntcFold(t *testing.T) {
	for in, want := range map[string]string{
		"Côte d’Ivoire":                  "cote divoire",
		"Gambia (the)":                   "gambia",
		"Holy See (the) *":               "holy see",
		"Saint Vincent & the Grenadines": "saint vincent and grenadines",
		"St. Lucia":                      "saint lucia",
		"  TÜRKIYE ":                     "turkiye",
		"Guinea-Bissau":                  "guinea bissau",
		"":                               "",
	} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}
