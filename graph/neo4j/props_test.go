package neo4j

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// asStored returns props as the driver gives them back: lists as []any.
func asStored(props map[string]any) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		if list, ok := v.([]string); ok {
			l := make([]any, len(list))
			for i, s := range list {
				l[i] = s
			}
			v = l
		}
		out[k] = v
	}
	return out
}

func TestNodeRoundTrip(t *testing.T) {
	full := graph.Source{
		Document: "A/RES/66/178", Locator: "op/9", Paragraph: "Paragraph:A/RES/66/178/op/9",
		Citation: "c", URL: "https://example.org", Basis: graph.Inferred, Note: "n",
	}
	tests := []struct {
		name string
		node *graph.Node
	}{
		{"every-type", graph.NewNode(graph.KindState, "XAA", graph.Props{
			"nameEn": "Arcadia", "population": int64(-1 << 62), "ratio": 0.1, "ldc": true, "sids": false,
			"aliases": []string{"Arkadia", "Élysée"}, "none": []string{}, "empty": "",
		}, full, graph.Source{Citation: "only a citation", Basis: graph.Stated})},
		{"no-props-no-sources", graph.NewNode(graph.KindTopic, "t", nil)},
		{"key-with-colon-and-slash", graph.NewNode(graph.KindParagraph, "A/RES/66/178/op/9:x", graph.Props{"textFr": "Prie"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := nodeProps(tt.node)
			got, err := decodeNode(asStored(stored))
			if err != nil {
				t.Fatalf("decodeNode: %v", err)
			}
			want := *tt.node
			if len(want.Sources) == 0 {
				want.Sources = nil
			}
			if !reflect.DeepEqual(got, &want) {
				t.Errorf("round trip:\n got %#v\nwant %#v", got, &want)
			}
		})
	}
}

func TestNodePropsDerived(t *testing.T) {
	n := graph.NewNode(graph.KindCrimeType, "nuclear", graph.Props{
		"nameFr": "Terrorisme NUCLÉAIRE", "aliases": []string{"Œuvre"}, "count": int64(2),
	}, graph.Source{Citation: "c", Basis: graph.Stated})
	p := nodeProps(n)
	checks := map[string]any{
		"id":             "CrimeType:nuclear",
		"key":            "nuclear",
		"_fold_nameFr":   "terrorisme nucleaire",
		"_fold_aliases":  []string{"oeuvre"},
		"_searchName":    []string{"nucleaire", "terrorisme"},
		"_searchWhole":   []string{"nucleaire terrorisme"},
		"_searchAll":     "nucleaire terrorisme",
		"sourceCitation": []string{"c"},
		"sourceDocument": []string{""},
	}
	for k, want := range checks {
		if !reflect.DeepEqual(p[k], want) {
			t.Errorf("%s = %#v, want %#v", k, p[k], want)
		}
	}
	for _, absent := range []string{"_fold_count", "_searchFormal", "_searchText"} {
		if _, ok := p[absent]; ok {
			t.Errorf("%s is set, want it absent", absent)
		}
	}
	for k := range p {
		if !strings.HasPrefix(k, internalPrefix) && !reserved(k) && n.Props[k] == nil {
			t.Errorf("property %s is neither a Prop, reserved nor internal", k)
		}
	}
}

func TestRelRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		rel  *graph.Relationship
	}{
		{"every-type", &graph.Relationship{
			From: "State:XAA", Type: graph.RelParticipatesIn, To: "Instrument:CT01", Key: "k",
			Props: graph.Props{"date": "2001-01-01", "n": int64(3), "share": 0.5, "ok": true, "langs": []string{"EN"}, "none": []string{}},
			Source: graph.Source{
				Document: "d", Locator: "l", Paragraph: "Paragraph:A/RES/66/178/op/1", Citation: "c",
				URL: "u", Basis: graph.Imported, Note: "n",
			},
		}},
		{"minimal", &graph.Relationship{
			From: "State:XAA", Type: graph.RelInRegion, To: "Region:150",
			Props: graph.Props{}, Source: graph.Source{URL: "https://example.org", Basis: graph.Stated},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rel
			got, err := decodeRel(string(r.From), string(r.To), string(r.Type), asStored(relProps(r)))
			if err != nil {
				t.Fatalf("decodeRel: %v", err)
			}
			if !reflect.DeepEqual(got, r) {
				t.Errorf("round trip:\n got %#v\nwant %#v", got, r)
			}
		})
	}
}

func TestDecodeRejectsStrangeValues(t *testing.T) {
	tests := []struct {
		name  string
		props map[string]any
	}{
		{"bad-id", map[string]any{"id": "Planet:X", "key": "X"}},
		{"no-id", map[string]any{"key": "X"}},
		{"key-not-matching", map[string]any{"id": "State:XAA", "key": "XBB"}},
		{"map-value", map[string]any{"id": "State:XAA", "key": "XAA", "m": map[string]any{}}},
		{"list-of-ints", map[string]any{"id": "State:XAA", "key": "XAA", "l": []any{int64(1)}}},
		{"uneven-sources", map[string]any{"id": "State:XAA", "key": "XAA", "sourceDocument": []any{"a"}, "sourceBasis": []any{}}},
		{"source-not-list", map[string]any{"id": "State:XAA", "key": "XAA", "sourceDocument": "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n, err := decodeNode(tt.props); err == nil {
				t.Errorf("decodeNode = %+v, want an error", n)
			}
		})
	}
}

func TestCheckStored(t *testing.T) {
	for _, name := range ReservedProps() {
		if err := checkStored(graph.Props{name: "x"}); err == nil {
			t.Errorf("checkStored accepts the reserved name %s", name)
		}
		if err := graph.CheckPropName(name); err != nil {
			t.Errorf("reserved name %s is not a valid property name, so reserving it is pointless: %v", name, err)
		}
	}
	if err := checkStored(graph.Props{"nameEn": "caf\xe9"}); err == nil {
		t.Error("checkStored accepts text that is not UTF-8")
	}
	if err := checkStored(graph.Props{"aliases": []string{"ok", "\xff"}}); err == nil {
		t.Error("checkStored accepts a list element that is not UTF-8")
	}
	if err := checkStored(graph.Props{"identifier": "x", "keys": "y", "source": "z"}); err != nil {
		t.Errorf("checkStored rejects names that only look like reserved ones: %v", err)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want graph.Code
	}{
		{"auth", &n4j.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}, graph.Unauthorized},
		{"forbidden", &n4j.Neo4jError{Code: "Neo.ClientError.Security.Forbidden"}, graph.Unauthorized},
		{"token-expired", &n4j.TokenExpiredError{Code: "Neo.ClientError.Security.TokenExpired"}, graph.Unauthorized},
		{"no-database", &n4j.Neo4jError{Code: "Neo.ClientError.Database.DatabaseNotFound"}, graph.Unavailable},
		{"transient", &n4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, graph.Unavailable},
		{"not-a-leader", &n4j.Neo4jError{Code: "Neo.ClientError.Cluster.NotALeader"}, graph.Unavailable},
		{"constraint", &n4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, graph.Invalid},
		{"syntax", &n4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, graph.Internal},
		{"database-error", &n4j.Neo4jError{Code: "Neo.DatabaseError.General.UnknownError"}, graph.Internal},
		{"connectivity", &n4j.ConnectivityError{Inner: errors.New("connection refused")}, graph.Unavailable},
		{"retries-out", &n4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&n4j.ConnectivityError{Inner: errors.New("connection refused")},
		}}, graph.Unavailable},
		{"retries-out-auth", &n4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&n4j.Neo4jError{Code: "Neo.ClientError.Security.AuthorizationExpired"},
		}}, graph.Unauthorized},
		{"usage", &n4j.UsageError{Message: "bad"}, graph.Internal},
		{"other", errors.New("boom"), graph.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := classify(tt.err); got != tt.want {
				t.Errorf("classify(%v) = %s, want %s", tt.err, got, tt.want)
			}
		})
	}
}

func TestLuceneQuery(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		want  string
	}{
		{"one", []string{"nucl"}, "+nucl*"},
		{"several", []string{"nucleaire", "terror"}, "+nucleaire* +terror*"},
		{"unicode", []string{"测", "элизия"}, "+测* +элизия*"},
		{"syntax-escaped", []string{`a+b`, `c:d`, `e*`, "f g", `h\`}, `+a\+b* +c\:d* +e\** +f\ g* +h\\*`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := luceneQuery(tt.words); got != tt.want {
				t.Errorf("luceneQuery(%q) = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
	var many []string
	for i := range 3 * maxLuceneWords {
		many = append(many, strings.Repeat("w", i+1))
	}
	q := luceneQuery(many)
	if n := strings.Count(q, "+"); n != maxLuceneWords {
		t.Errorf("a query of %d words has %d clauses, want %d", len(many), n, maxLuceneWords)
	}
	if !strings.Contains(q, "+"+many[len(many)-1]+"*") {
		t.Error("the longest word is not among the clauses")
	}
}

func TestCypherFloat(t *testing.T) {
	for in, want := range map[float64]string{3: "3.0", 1.5: "1.5", 0.5: "0.5", 1e21: "1e+21"} {
		if got := cypherFloat(in); got != want {
			t.Errorf("cypherFloat(%v) = %q, want %q", in, got, want)
		}
	}
}
