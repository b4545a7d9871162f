package neo4j_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// apiFinds are the node queries of the API that filter, as the resolvers
// (resolvers/filters.go, the resolvers of states, instruments, resolutions,
// regions and bodies) and graph/analysis build them, each with a value that
// the seed holds, with the page the API asks for.
var apiFinds = []struct {
	name string
	q    graph.NodeQuery
}{
	{"states-region", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 20, Where: []graph.Cond{
		{Props: []string{"regionCode", "regionName"}, Op: graph.OpEqFold, Value: "Europe"},
	}}},
	{"states-subregion", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 20, Where: []graph.Cond{
		{Props: []string{"subregionCode", "subregionName", "intermediateRegionCode", "intermediateRegionName"}, Op: graph.OpEqFold, Value: "Western Africa"},
	}}},
	{"states-name-contains", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 20, Where: []graph.Cond{
		{Props: localized("name", "formalName"), Op: graph.OpContains, Value: "guinée"},
	}}},
	{"states-region-and-name", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 20, Where: []graph.Cond{
		{Props: []string{"regionCode", "regionName"}, Op: graph.OpEqFold, Value: "Africa"},
		{Props: localized("name", "formalName"), Op: graph.OpContains, Value: "guin"},
	}}},
	{"member-states-of-region", graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 1000,
		Where:   []graph.Cond{analysis.StateRegionCond("Western Africa")},
		Related: []graph.RelCond{{Type: graph.RelMemberOf, Dir: graph.Out, Other: analysis.MemberStatesGroup}},
	}},
	{"member-states", graph.NodeQuery{Kind: graph.KindState, Limit: 1000,
		Related: []graph.RelCond{{Type: graph.RelMemberOf, Dir: graph.Out, Other: analysis.MemberStatesGroup}},
	}},
	{"region-by-code-or-name", graph.NodeQuery{Kind: graph.KindRegion, Limit: 1, Where: []graph.Cond{
		{Props: []string{"code", "nameEn"}, Op: graph.OpEqFold, Value: "western africa"},
	}}},
	{"regions-level", graph.NodeQuery{Kind: graph.KindRegion, Limit: 1000, Where: []graph.Cond{
		{Props: []string{"level"}, Op: graph.OpEq, Value: "SUBREGION"},
	}}},
	{"instruments-kind", graph.NodeQuery{Kind: graph.KindInstrument, Limit: 20, Where: []graph.Cond{
		{Props: []string{"instrumentKind"}, Op: graph.OpEq, Value: "PROTOCOL"},
	}}},
	{"instruments-family", graph.NodeQuery{Kind: graph.KindInstrument, Limit: 20, Where: []graph.Cond{
		{Props: []string{"family"}, Op: graph.OpEq, Value: "ORGANIZED_CRIME"},
	}}},
	{"instruments-depositary", graph.NodeQuery{Kind: graph.KindInstrument, Limit: 20, Where: []graph.Cond{
		{Props: []string{"depositary"}, Op: graph.OpContains, Value: "ICAO"},
	}}},
	{"instruments-adopted-before", graph.NodeQuery{Kind: graph.KindInstrument, Limit: 20, Where: []graph.Cond{
		{Props: []string{"adopted"}, Op: graph.OpLt, Value: "1980-01-01"},
	}}},
	{"instruments-adopted-between", graph.NodeQuery{Kind: graph.KindInstrument, Limit: 20, Where: []graph.Cond{
		{Props: []string{"adopted"}, Op: graph.OpLt, Value: "2000-01-01"},
		{Props: []string{"adopted"}, Op: graph.OpGt, Value: "1990-01-01"},
	}}},
	{"instruments-addressing", graph.NodeQuery{Kind: graph.KindInstrument, Limit: 20, Related: []graph.RelCond{
		{Type: graph.RelAddresses, Dir: graph.Out, Other: "CrimeType:terrorism"},
	}}},
	{"instruments-family-addressing", graph.NodeQuery{Kind: graph.KindInstrument, Limit: 20,
		Where:   []graph.Cond{{Props: []string{"family"}, Op: graph.OpEq, Value: "COUNTER_TERRORISM"}},
		Related: []graph.RelCond{{Type: graph.RelAddresses, Dir: graph.Out, Other: "CrimeType:terrorism"}},
	}},
	{"resolutions-organ", graph.NodeQuery{Kind: graph.KindResolution, Limit: 20, Where: []graph.Cond{
		{Props: []string{"organ"}, Op: graph.OpEq, Value: "SC"},
	}}},
	{"resolutions-session", graph.NodeQuery{Kind: graph.KindResolution, Limit: 20, Where: []graph.Cond{
		{Props: []string{"session"}, Op: graph.OpEq, Value: int64(66)},
	}}},
	{"bodies-kind", graph.NodeQuery{Kind: graph.KindBody, OrderBy: "nameEn", Limit: 1000, Where: []graph.Cond{
		{Props: []string{"bodyKind"}, Op: graph.OpEq, Value: "OFFICE"},
	}}},
}

// localized returns base+suffix for every UN language, as the resolvers
// name localized properties.
func localized(bases ...string) []string {
	var out []string
	for _, b := range bases {
		for _, l := range graph.Langs {
			out = append(out, b+l.Suffix())
		}
	}
	return out
}

// seekOps are the operators that read an index for a predicate.
var seekOps = []string{
	"NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange",
	"MultiNodeIndexSeek", "NodeIndexContainsScan", "NodeIndexEndsWithScan",
}

// scanOps reports whether op reads every node of a label, of the
// database, or of an index.
func scanOp(op string) bool {
	return strings.Contains(op, "LabelScan") || strings.Contains(op, "LabelsScan") ||
		op == "AllNodesScan" || op == "NodeIndexScan" || op == "NodeUniqueIndexScan"
}

// operators returns the operators of the plan p, depth first, without the
// "@database" suffix, each with its details.
func operators(p n4j.ProfiledPlan) []string {
	op, _, _ := strings.Cut(p.Operator(), "@")
	details, _ := p.Arguments()["Details"].(string)
	out := []string{op + " " + details}
	for _, c := range p.Children() {
		out = append(out, operators(c)...)
	}
	return out
}

// TestFindNodesSeeksIndexes checks that the query FindNodes sends for each
// filter of the API starts from an index (a seek, a range seek, a contains
// scan) and never reads a whole label: Migrate creates what it needs. The
// plan is PROFILE's: the driver's EXPLAIN plan (ResultSummary.Plan) gives
// every child of an operator as its last one (a Union's first branch is
// lost), while the profiled plan keeps them apart; it is the same plan,
// run.
func TestFindNodesSeeksIndexes(t *testing.T) {
	st := neo4jtest.Open(t)
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	// Plan with the statistics of the seed, not of the empty database
	// that Migrate indexed.
	if err := st.PrepareForReplanning(t.Context()); err != nil {
		t.Fatalf("prepare for replanning: %v", err)
	}
	for _, tc := range apiFinds {
		t.Run(tc.name, func(t *testing.T) {
			query, params, err := neo4j.FindQuery(tc.q)
			if err != nil {
				t.Fatalf("findQuery: %v", err)
			}
			plan, err := st.Profile(t.Context(), query, params)
			if err != nil {
				t.Fatalf("PROFILE: %v", err)
			}
			ops := operators(plan)
			seeks := 0
			for _, op := range ops {
				name, _, _ := strings.Cut(op, " ")
				if scanOp(name) {
					t.Errorf("the plan reads a whole label or index: %s", op)
				}
				for _, s := range seekOps {
					if name == s {
						seeks++
					}
				}
			}
			if seeks == 0 {
				t.Errorf("the plan seeks no index")
			}
			if t.Failed() {
				t.Logf("query:\n%s\nplan:\n%s", query, strings.Join(ops, "\n"))
			}
		})
	}

	// A kind paged by key, as nexus export and the analyses read it: from
	// the key's index, in order, without sorting the kind.
	for _, kind := range []graph.NodeKind{graph.KindState, graph.KindParagraph} {
		t.Run("by-key-"+string(kind), func(t *testing.T) {
			query, params, err := neo4j.FindQuery(graph.NodeQuery{Kind: kind, Offset: 20, Limit: 20})
			if err != nil {
				t.Fatalf("findQuery: %v", err)
			}
			plan, err := st.Profile(t.Context(), query, params)
			if err != nil {
				t.Fatalf("PROFILE: %v", err)
			}
			ops := operators(plan)
			for _, op := range ops {
				if name, _, _ := strings.Cut(op, " "); name == "Sort" || name == "Top" || strings.Contains(name, "LabelScan") {
					t.Errorf("the plan sorts or scans the kind: %s", op)
				}
			}
			if t.Failed() {
				t.Logf("query:\n%s\nplan:\n%s", query, strings.Join(ops, "\n"))
			}
		})
	}
}

// TestFindQueryWritesQuotedNames checks that the property names of a query
// reach its text only once validated, quoted, and compared with
// parameters, never as text of the request.
func TestFindQueryWritesQuotedNames(t *testing.T) {
	query, params, err := neo4j.FindQuery(graph.NodeQuery{Kind: graph.KindState, OrderBy: "nameEn", Limit: 5, Where: []graph.Cond{
		{Props: []string{"regionCode", "population"}, Op: graph.OpEqFold, Value: "Éurope"},
		{Props: []string{"population"}, Op: graph.OpGte, Value: int64(10)},
	}})
	if err != nil {
		t.Fatalf("findQuery: %v", err)
	}
	for _, want := range []string{"n.`_fold_regionCode` = $c0", "n.`_fold_population` = $c0", "n.`population` >= $c1", "ORDER BY n.`nameEn`, n.key"} {
		if !strings.Contains(query, want) {
			t.Errorf("the query lacks %q:\n%s", want, query)
		}
	}
	if strings.Contains(query, "Europe") || strings.Contains(query, "10") {
		t.Errorf("a value is in the text of the query:\n%s", query)
	}
	if got := fmt.Sprintf("%v %v", params["c0"], params["c1"]); got != "europe 10" {
		t.Errorf("parameters c0, c1 = %s, want the folded value and the number", got)
	}
	for _, bad := range []string{"nameEn`) RETURN 1 //", "n.nameEn", "name En", "_fold_nameEn"} {
		q := graph.NodeQuery{Kind: graph.KindState, Limit: 5, Where: []graph.Cond{{Props: []string{bad}, Op: graph.OpEq, Value: "x"}}}
		if _, _, err := neo4j.FindQuery(q); graph.ErrorCode(err) != graph.Invalid {
			t.Errorf("a condition on %q: error %v, want Invalid", bad, err)
		}
		q = graph.NodeQuery{Kind: graph.KindState, Limit: 5, OrderBy: bad}
		if _, _, err := neo4j.FindQuery(q); graph.ErrorCode(err) != graph.Invalid {
			t.Errorf("order by %q: error %v, want Invalid", bad, err)
		}
	}
}

// TestIndexedStringOrder checks that comparing an indexed property (a range
// seek) follows the same order as comparing one without an index, Go's
// byte order, for values below U+D800 (see TestStringOrder and the
// package comment).
func TestIndexedStringOrder(t *testing.T) {
	st := neo4jtest.Open(t)
	mem := memory.New()
	values := map[string]string{"a": "\uff5e", "b": "😀", "c": "z", "d": "\u00e9", "e": "Z", "f": "한", "g": "\ud7ff", "h": "2000-01-01"}
	var b graph.Batch
	for key, v := range values {
		b.Nodes = append(b.Nodes, graph.NewNode(graph.KindInstrument, key, graph.Props{"adopted": v, "family": []string{v}}, testSource))
	}
	for _, s := range []graph.Store{st, mem} {
		if err := s.Apply(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	var queries []graph.NodeQuery
	for _, v := range []string{"\u00ff", "한", "\ud7ff", "z", "2"} {
		for _, op := range []graph.Op{graph.OpLt, graph.OpLte, graph.OpGt, graph.OpGte} {
			for _, prop := range []string{"adopted", "family"} {
				queries = append(queries, graph.NodeQuery{Kind: graph.KindInstrument, Limit: 10, Where: []graph.Cond{{Props: []string{prop}, Op: op, Value: v}}})
			}
		}
	}
	for _, q := range queries {
		want, err := mem.FindNodes(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.FindNodes(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := ids(got.Nodes), ids(want.Nodes); !reflect.DeepEqual(g, w) {
			t.Errorf("FindNodes(%+v) = %v, the memory store says %v", q, g, w)
		}
	}
}

// TestFindQueryCutsThePage checks the shape of the query: the page cut by
// SKIP and LIMIT in the database, the total counted in a subquery without
// collecting the nodes, nothing but the count for a limit of 0, and the
// property conditions matched before the relationships.
func TestFindQueryCutsThePage(t *testing.T) {
	q := apiFinds[0].q
	for _, tc := range apiFinds {
		if tc.name == "member-states-of-region" {
			q = tc.q
		}
	}
	q.Offset, q.Limit = 40, 20
	query, params, err := neo4j.FindQuery(q)
	if err != nil {
		t.Fatalf("findQuery: %v", err)
	}
	for _, want := range []string{"SKIP $offset LIMIT $limit", "COUNT {"} {
		if !strings.Contains(query, want) {
			t.Errorf("the query lacks %q:\n%s", want, query)
		}
	}
	if strings.Contains(query, "collect(n)") {
		t.Errorf("the query collects the nodes:\n%s", query)
	}
	if params["offset"] != int64(40) || params["limit"] != int64(20) {
		t.Errorf("offset, limit = %#v, %#v; want int64 40, 20", params["offset"], params["limit"])
	}
	props, rels := strings.Index(query, "_fold_regionCode"), strings.Index(query, ":MEMBER_OF")
	if props < 0 || rels < 0 || props > rels {
		t.Errorf("the property conditions do not come before the relationship:\n%s", query)
	}

	q.Limit = 0
	query, params, err = neo4j.FindQuery(q)
	if err != nil {
		t.Fatalf("findQuery: %v", err)
	}
	if strings.Contains(query, "ORDER BY") || strings.Contains(query, "keys(") || !strings.Contains(query, "COUNT {") {
		t.Errorf("with a limit of 0, the query does more than count:\n%s", query)
	}
	if _, ok := params["limit"]; ok {
		t.Errorf("with a limit of 0, the query has a limit parameter: %v", params)
	}
}
