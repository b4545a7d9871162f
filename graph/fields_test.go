package graph_test

import (
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// deref returns *p, or "<nil>" when p is nil.
func deref[T any](p *T) any {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// TestFieldMethods holds the rules of the field methods: an absent or empty
// property is nil, a required one falls back to the key, a nil language is
// English, and the ...Lang methods name the language the text came in.
func TestFieldMethods(t *testing.T) {
	fr := graph.FR
	zh := graph.ZH
	st := &graph.State{Node: graph.NewNode(graph.KindState, "FRA", graph.Props{
		"iso2": "FR", "m49": "", "nameEn": "France", "nameFr": "France (la)", "lang": "FR", "ldc": false,
	})}
	para := &graph.Paragraph{Node: graph.NewNode(graph.KindParagraph, "A/RES/1/op/2", graph.Props{
		"number": int64(2), "position": 7.0, "textFr": "Prie…",
	})}
	res := &graph.Resolution{Node: graph.NewNode(graph.KindResolution, "A/RES/1", graph.Props{"symbol": "A/RES/1 (2000)"})}
	props := graph.Props{"verb": "Prie", "votesFor": int64(120), "date": ""}
	e := graph.Link{Relationship: &graph.Relationship{From: "Paragraph:A/RES/1/op/2", Type: graph.RelAddressedTo, To: "Body:UNODC", Props: props}}
	src := graph.Source{Document: "A/RES/1", URL: ""}

	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"Iso3 falls back to the key", st.Iso3(), "FRA"},
		{"Iso2", deref(st.Iso2()), "FR"},
		{"empty M49 is nil", deref(st.M49()), "<nil>"},
		{"Name without lang is English", deref(st.Name(nil)), "France"},
		{"Name in French", deref(st.Name(&fr)), "France (la)"},
		{"Name in Chinese falls back to the original language", deref(st.Name(&zh)), "France (la)"},
		{"NameLang says which", deref(st.NameLang(&zh)), graph.FR},
		{"FormalName absent", deref(st.FormalName(&fr)), "<nil>"},
		{"NameLang without lang is English", deref(st.NameLang(nil)), graph.EN},
		{"false is known", deref(st.Ldc()), false},
		{"absent bool is nil", deref(st.Sids()), "<nil>"},
		{"Number from an int64", deref(para.Number()), 2},
		{"Position from a float64", deref(para.Position()), 7},
		{"Verb absent", deref(para.Verb()), "<nil>"},
		{"Text falls back to French", deref(para.Text(nil)), "Prie…"},
		{"TextLang", deref(para.TextLang(nil)), graph.FR},
		{"Symbol from its property", res.Symbol(), "A/RES/1 (2000)"},
		{"Session absent", deref(res.Session()), "<nil>"},
		{"TypeName", e.TypeName(), "ADDRESSED_TO"},
		{"Verb", deref(e.Verb()), "Prie"},
		{"VotesFor", deref(e.VotesFor()), 120},
		{"empty Date is nil", deref(e.Date()), "<nil>"},
		{"Ask absent", deref(e.Ask()), "<nil>"},
		{"DocumentOrNil", deref(src.DocumentOrNil()), "A/RES/1"},
		{"empty URL is nil", deref(src.URLOrNil()), "<nil>"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v (%T), want %v (%T)", c.name, c.got, c.got, c.want, c.want)
		}
	}

	p := e.Properties()
	if len(p) != len(props) || p["verb"] != "Prie" {
		t.Fatalf("Properties = %v, want %v", p, props)
	}
	p["verb"] = "changed"
	if props["verb"] != "Prie" {
		t.Error("Properties returned the relationship's own map, not a copy")
	}
}
