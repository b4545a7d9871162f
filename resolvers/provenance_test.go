package resolvers_test

import (
	"testing"
)

// TestProvenance checks that relationship fields say where their fact comes
// from, and that unknown facts are null.
func TestProvenance(t *testing.T) {
	h := newHandler(t)
	const src = `source { document locator paragraph { id } footnote { id } citation url basis note }`
	tests := []struct {
		name  string
		query string
		path  []any // to a Source object
		want  map[string]any
	}{
		{
			name:  "state region from the member-states table",
			query: `{ state(iso3: "FRA") { region { ` + src + ` } } }`,
			path:  []any{"state", "region", "source"},
			want:  map[string]any{"document": "un-member-states.csv", "basis": "STATED", "paragraph": nil, "footnote": nil},
		},
		{
			name:  "ask from its operative paragraph",
			query: `{ node(id: "Paragraph:A/RES/66/178/op/12") { ... on Paragraph { addressedTo { ` + src + ` } } } }`,
			path:  []any{"node", "addressedTo", 0, "source"},
			want:  map[string]any{"document": "A/RES/66/178", "locator": "op/12", "paragraph": map[string]any{"id": "Paragraph:A/RES/66/178/op/12"}, "footnote": nil, "basis": "STATED"},
		},
		{
			name:  "adoption vote from a footnote",
			query: `{ instrument(key: "CT18") { adoptedAt { ` + src + ` } } }`,
			path:  []any{"instrument", "adoptedAt", "source"},
			want:  map[string]any{"document": "A/RES/66/178", "locator": "fn/4", "footnote": map[string]any{"id": "Footnote:A/RES/66/178/fn/4"}, "paragraph": nil, "basis": "STATED"},
		},
		{
			name:  "inferred link with its note",
			query: `{ instrument(key: "CT18") { addresses { crimeType { key } ` + src + ` } } }`,
			path:  []any{"instrument", "addresses", 0, "source"},
			want:  map[string]any{"basis": "INFERRED"},
		},
		{
			name:  "crime type link with the nature in the text's words",
			query: `{ node(id: "CrimeType:related-criminal-activities") { ... on CrimeType { links { nature ` + src + ` } } } }`,
			path:  []any{"node", "links", 0, "source"},
			want:  map[string]any{"document": "A/RES/66/178", "locator": "op/9", "basis": "STATED"},
		},
		{
			name:  "body established by, from the glossary",
			query: `{ body(key: "CTC") { establishedBy { ` + src + ` } } }`,
			path:  []any{"body", "establishedBy", 0, "source"},
			want:  map[string]any{"document": "GLOSSARY.md", "basis": "STATED"},
		},
		{
			name:  "citation from a footnote",
			query: `{ node(id: "Footnote:A/RES/66/178/fn/1") { ... on Footnote { cites { how ` + src + ` } } } }`,
			path:  []any{"node", "cites", 0, "source"},
			want:  map[string]any{"locator": "fn/1", "basis": "STATED"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := gql(t, h, tc.query, nil)
			s, ok := at(t, d, tc.path...).(map[string]any)
			if !ok {
				t.Fatalf("no source at %v", tc.path)
			}
			for k, want := range tc.want {
				got := s[k]
				if wm, ok := want.(map[string]any); ok {
					gm, _ := got.(map[string]any)
					if gm == nil || gm["id"] != wm["id"] {
						t.Errorf("%s = %v, want %v", k, got, want)
					}
					continue
				}
				if got != want {
					t.Errorf("%s = %v, want %v", k, got, want)
				}
			}
			for _, k := range []string{"document", "locator", "citation", "url", "note"} {
				if s[k] == "" {
					t.Errorf("%s is an empty string; unknown must be null", k)
				}
			}
		})
	}
}

// TestUnknownIsNull checks that absent properties come back null, never "".
func TestUnknownIsNull(t *testing.T) {
	h := newHandler(t)
	d := gql(t, h, `{ body(key: "GA") { acronym name }
		conf: node(id: "Conference:twelfth-crime-congress") { ... on Conference { startDate endDate place } }
		ct: crimeTypes { key description }
		r: resolution(symbol: "A/RES/60/288") { title paragraphs { id } } }`, nil)
	if at(t, d, "body", "acronym") != nil || at(t, d, "body", "name") != "General Assembly" {
		t.Errorf("GA = %v, want a name and a null acronym", d["body"])
	}
	if at(t, d, "conf", "startDate") != nil || at(t, d, "conf", "place") != "Salvador, Brazil" {
		t.Errorf("Salvador congress = %v, want a place and a null start date", d["conf"])
	}
	for _, ct := range list(t, d, "ct") {
		if at(t, ct, "description") == "" {
			t.Errorf("crime type %v has an empty description", at(t, ct, "key"))
		}
	}
	if at(t, d, "r", "title") != nil || len(list(t, d, "r", "paragraphs")) != 0 {
		t.Errorf("A/RES/60/288 = %v, want no title and no paragraphs (only cited)", d["r"])
	}
}

// TestNodeSources checks that node types expose their own sources.
func TestNodeSources(t *testing.T) {
	h := newHandler(t)
	d := gql(t, h, `{ nodes(ids: ["State:FRA", "Instrument:CT17", "Paragraph:A/RES/66/178/op/1", "Body:UNODC", "Region:155", "CrimeType:terrorism"]) { id sources { document basis } } }`, nil)
	for _, n := range list(t, d, "nodes") {
		if len(list(t, n, "sources")) == 0 {
			t.Errorf("%v has no sources", at(t, n, "id"))
		}
	}
}
