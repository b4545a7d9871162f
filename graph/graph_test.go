package graph_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

func TestParseID(t *testing.T) {
	tests := []struct {
		name    string
		id      graph.ID
		kind    graph.NodeKind
		key     string
		wantErr bool
	}{
		{"state", "State:FRA", graph.KindState, "FRA", false},
		{"paragraph key with slashes and colon", "Paragraph:A/RES/66/178/op/9", graph.KindParagraph, "A/RES/66/178/op/9", false},
		{"no colon", "FRA", "", "", true},
		{"empty key", "State:", "", "", true},
		{"unknown kind", "Country:FRA", "", "", true},
		{"lower-case kind", "state:FRA", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, key, err := graph.ParseID(tt.id)
			if tt.wantErr {
				if graph.ErrorCode(err) != graph.Invalid {
					t.Fatalf("ParseID(%q) error = %v, want an Invalid error", tt.id, err)
				}
				return
			}
			if err != nil || kind != tt.kind || key != tt.key {
				t.Fatalf("ParseID(%q) = %q, %q, %v; want %q, %q, nil", tt.id, kind, key, err, tt.kind, tt.key)
			}
			if got := graph.NewID(kind, key); got != tt.id {
				t.Fatalf("NewID round trip = %q, want %q", got, tt.id)
			}
		})
	}
}

func TestLocalized(t *testing.T) {
	para := graph.NewNode(graph.KindParagraph, "A/RES/1/1/op/1", graph.Props{"lang": "FR", "textFr": "Prie l’Office"})
	state := graph.NewNode(graph.KindState, "FRA", graph.Props{"nameEn": "France", "nameZh": "法国"})
	tests := []struct {
		name     string
		node     *graph.Node
		base     string
		lang     graph.Lang
		want     string
		wantLang graph.Lang
	}{
		{"present", state, "name", graph.ZH, "法国", graph.ZH},
		{"falls back to original language", para, "text", graph.EN, "Prie l’Office", graph.FR},
		{"falls back to English when no lang", state, "name", graph.AR, "France", graph.EN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, l := tt.node.LocalizedLang(tt.base, tt.lang)
			if got == nil || *got != tt.want || l != tt.wantLang {
				t.Fatalf("LocalizedLang(%q, %s) = %v, %s; want %q, %s", tt.base, tt.lang, got, l, tt.want, tt.wantLang)
			}
		})
	}
	if got := state.Localized("title", graph.EN); got != nil {
		t.Fatalf("missing property: got %q, want nil", *got)
	}
}

func TestValidate(t *testing.T) {
	src := graph.Source{Document: "A/RES/66/178", Locator: "op/9", Basis: graph.Stated}
	tests := []struct {
		name string
		err  error
	}{
		{"node kind mismatch", (&graph.Node{ID: "State:FRA", Kind: graph.KindRegion, Key: "FRA"}).Validate()},
		{"bad property name", graph.NewNode(graph.KindState, "FRA", graph.Props{"name-en": "France"}).Validate()},
		{"bad property type", graph.NewNode(graph.KindState, "FRA", graph.Props{"m49": 250}).Validate()},
		{"reserved property name", graph.NewNode(graph.KindState, "FRA", graph.Props{"key": "FRA"}).Validate()},
		{"property not UTF-8", graph.NewNode(graph.KindState, "FRA", graph.Props{"nameEn": "Fran\xffce"}).Validate()},
		{"list property not UTF-8", graph.NewNode(graph.KindState, "FRA", graph.Props{"aliases": []string{"ok", "\xff"}}).Validate()},
		{"source not UTF-8", graph.NewNode(graph.KindState, "FRA", nil, graph.Source{Document: "\xff", Basis: graph.Stated}).Validate()},
		{"source without basis", graph.NewNode(graph.KindState, "FRA", nil, graph.Source{Document: "x"}).Validate()},
		{"relationship unknown type", (&graph.Relationship{From: "State:FRA", Type: "LIKES", To: "Region:155", Source: src}).Validate()},
		{"relationship without source", (&graph.Relationship{From: "State:FRA", Type: graph.RelInRegion, To: "Region:155"}).Validate()},
		{"relationship bad endpoint", (&graph.Relationship{From: "FRA", Type: graph.RelInRegion, To: "Region:155", Source: src}).Validate()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if graph.ErrorCode(tt.err) != graph.Invalid {
				t.Fatalf("got %v, want an Invalid error", tt.err)
			}
		})
	}
	ok := &graph.Relationship{From: "State:FRA", Type: graph.RelInRegion, To: "Region:155", Source: src, Props: graph.Props{"level": "SUBREGION"}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid relationship: %v", err)
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		code    graph.Code
		message string
	}{
		{"nil", nil, "", ""},
		{"wrapped invalid", fmt.Errorf("query: %w", graph.Errorf(graph.Invalid, "bad first")), graph.Invalid, "bad first"},
		{"plain error is internal", errors.New("socket closed"), graph.Internal, "internal error"},
		{"internal hides its cause", graph.Wrap(graph.Internal, errors.New("secret"), "boom"), graph.Internal, "internal error"},
		{"canceled", fmt.Errorf("find: %w", context.Canceled), graph.Unavailable, "the request was canceled or timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := graph.ErrorCode(tt.err); got != tt.code {
				t.Fatalf("ErrorCode = %q, want %q", got, tt.code)
			}
			if tt.err != nil {
				if got := graph.ErrorMessage(tt.err); got != tt.message {
					t.Fatalf("ErrorMessage = %q, want %q", got, tt.message)
				}
			}
		})
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		name string
		node *graph.Node
		lang graph.Lang
		want string
	}{
		{"resolution symbol", graph.NewNode(graph.KindResolution, "A/RES/66/178", graph.Props{"symbol": "A/RES/66/178", "titleFr": "Assistance"}), graph.EN, "A/RES/66/178"},
		{"operative paragraph", graph.NewNode(graph.KindParagraph, "A/RES/66/178/op/9", graph.Props{"resolution": "A/RES/66/178", "number": int64(9), "paragraphKind": "OPERATIVE"}), graph.EN, "A/RES/66/178 OP9"},
		{"preambular paragraph", graph.NewNode(graph.KindParagraph, "A/RES/66/178/pp/3", graph.Props{"resolution": "A/RES/66/178", "number": int64(3), "paragraphKind": "PREAMBULAR"}), graph.EN, "A/RES/66/178 PP3"},
		{"footnote", graph.NewNode(graph.KindFootnote, "A/RES/66/178/fn/1", graph.Props{"resolution": "A/RES/66/178", "number": int64(1)}), graph.EN, "A/RES/66/178 FN1"},
		{"paragraph without number", graph.NewNode(graph.KindParagraph, "X/1/op/1", nil), graph.EN, "X/1/op/1"},
		{"body acronym", graph.NewNode(graph.KindBody, "UNODC", graph.Props{"acronym": "UNODC", "nameEn": "United Nations Office on Drugs and Crime"}), graph.FR, "UNODC"},
		{"instrument short name", graph.NewNode(graph.KindInstrument, "CT17", graph.Props{"shortName": "Beijing Convention 2010"}), graph.EN, "Beijing Convention 2010"},
		{"state name in language", graph.NewNode(graph.KindState, "FRA", graph.Props{"nameEn": "France", "nameZh": "法国"}), graph.ZH, "法国"},
		{"nothing but the key", graph.NewNode(graph.KindTopic, "training", nil), graph.EN, "training"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.node.Label(tt.lang); got != tt.want {
				t.Errorf("Label(%s) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}
