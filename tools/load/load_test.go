package main

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"median of four is the second", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p90 of 100", ms(hundred...), 90, 90 * time.Millisecond},
		{"p100 is the max", ms(hundred...), 100, 100 * time.Millisecond},
		{"tiny p is the min", ms(hundred...), 0.001, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.in, tt.p); got != tt.want {
			t.Errorf("%s: percentile(p=%v) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}

func TestSummarizeSorts(t *testing.T) {
	lat := []time.Duration{5, 1, 4, 2, 3}
	s := summarize(lat)
	if s.Count != 5 || s.p50 != 3 || s.max != 5 {
		t.Errorf("summarize = %+v, want count 5, p50 3, max 5", s)
	}
}

func TestCheckTarget(t *testing.T) {
	ok := []string{
		"http://127.0.0.1:8080/graphql",
		"http://127.1.2.3/graphql",
		"http://localhost:8080/graphql",
		"http://LOCALHOST/graphql",
		"https://[::1]:8443/graphql",
	}
	for _, u := range ok {
		if _, err := checkTarget(u); err != nil {
			t.Errorf("checkTarget(%q) = %v, want accepted", u, err)
		}
	}
	refused := []string{
		"http://example.org/graphql",
		"http://10.0.0.1:8080/graphql",
		"http://0.0.0.0:8080/graphql",
		"http://[::]:8080/graphql",
		"http://localhost.example.org/graphql",
		"http://127.0.0.1.nip.io/graphql",
		"ftp://127.0.0.1/graphql",
		"http://user:pw@127.0.0.1/graphql",
		"127.0.0.1:8080",
		"",
	}
	for _, u := range refused {
		if _, err := checkTarget(u); err == nil {
			t.Errorf("checkTarget(%q) accepted, want refused", u)
		}
	}
}

func TestCheckLoopbackAddr(t *testing.T) {
	for _, a := range []string{"127.0.0.1:80", "[::1]:8080"} {
		if err := checkLoopbackAddr("tcp", a, nil); err != nil {
			t.Errorf("dial %s refused: %v", a, err)
		}
	}
	for _, a := range []string{"93.184.216.34:80", "[2001:db8::1]:80", "192.168.1.1:8080", "nonsense"} {
		if err := checkLoopbackAddr("tcp", a, nil); err == nil {
			t.Errorf("dial %s allowed, want refused", a)
		}
	}
	if err := checkLoopbackAddr("tcp", "10.1.1.1:80", nil); !errors.Is(err, errNotLoopback) {
		t.Errorf("dial 10.1.1.1: error %v does not wrap errNotLoopback", err)
	}
}

// parses fails the test unless doc is a GraphQL document.
func parses(t *testing.T, name, doc string) {
	t.Helper()
	if _, err := parser.ParseQuery(&ast.Source{Input: doc}); err != nil {
		t.Errorf("%s does not parse: %v", name, err)
	}
}

func TestRepeatFields(t *testing.T) {
	doc := repeatFields("__typename", 10_000)
	if n := strings.Count(doc, "__typename"); n != 10_000 {
		t.Errorf("repeatFields: %d copies, want 10000", n)
	}
	if want := 2 + 10_000*11 + 1; len(doc) != want {
		t.Errorf("repeatFields: %d bytes, want %d", len(doc), want)
	}
	parses(t, "repeatFields", doc)
}

func TestAliasFields(t *testing.T) {
	doc := aliasFields("__typename", 10_000)
	if n := strings.Count(doc, ": __typename"); n != 10_000 {
		t.Errorf("aliasFields: %d aliases, want 10000", n)
	}
	if !strings.Contains(doc, "a10000: __typename") || strings.Contains(doc, "a10001:") {
		t.Error("aliasFields: aliases are not a1…a10000")
	}
	parses(t, "aliasFields", doc)
}

func TestBuildersToSize(t *testing.T) {
	tests := []struct {
		name  string
		build func(string, int) (string, int)
		field string
		size  int
	}{
		{"neighborhood930k", aliasFieldsToSize, `neighborhood(id:"State:FRA"){ nodes { id } }`, 930_000},
		{"errors540k", aliasFieldsToSize, `states(first:-1){ totalCount }`, 540_000},
		{"bigdoc1m", repeatFieldsToSize, "__typename", bigDocSize},
	}
	for _, tt := range tests {
		doc, n := tt.build(tt.field, tt.size)
		if len(doc) > tt.size || len(doc) < tt.size*99/100 {
			t.Errorf("%s: %d bytes, want within 1%% below %d", tt.name, len(doc), tt.size)
		}
		if got := strings.Count(doc, tt.field); got != n {
			t.Errorf("%s: %d copies of the field, reported %d", tt.name, got, n)
		}
		parses(t, tt.name, doc)
	}
	// The JSON body of bigdoc1m must stay under the server's 1 MiB limit.
	doc, _ := repeatFieldsToSize("__typename", bigDocSize)
	body, err := graphQLBody(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(body) >= 1<<20 {
		t.Errorf("bigdoc1m body is %d bytes, over 1 MiB", len(body))
	}
	// And one field always fits.
	if _, n := aliasFieldsToSize("__typename", 1); n != 1 {
		t.Errorf("aliasFieldsToSize with no room: %d copies, want 1", n)
	}
}

func TestDeepIntrospection(t *testing.T) {
	for _, depth := range []int{5, 12, 800} {
		doc := deepIntrospection(depth)
		if got := selectionDepth(doc); got != depth {
			t.Errorf("deepIntrospection(%d): depth %d", depth, got)
		}
		parses(t, "deepIntrospection", doc)
	}
	if got := selectionDepth(members3Query); got != 14 {
		t.Errorf("members3 depth %d, want 14", got)
	}
	parses(t, "members3", members3Query)
}

func TestSelectionDepthIgnoresStrings(t *testing.T) {
	if got := selectionDepth(`{ a(x: "{{{") { b } }`); got != 2 {
		t.Errorf("selectionDepth = %d, want 2", got)
	}
}

func TestEveryAttackBuilds(t *testing.T) {
	for _, a := range attacks() {
		if (a.Body == nil) == (a.Custom == nil) {
			t.Errorf("%s: want exactly one of Body and Custom", a.Name)
			continue
		}
		if a.Body == nil {
			continue
		}
		b, err := a.Body()
		if err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		if len(b) >= 1<<20 {
			t.Errorf("%s: body %d bytes, over the server's 1 MiB limit", a.Name, len(b))
		}
	}
}

func TestSelectAttacks(t *testing.T) {
	all := attacks()
	got, err := selectAttacks(all, "deep800, jsonarray")
	if err != nil || len(got) != 2 || got[0].Name != "deep800" || got[1].Name != "jsonarray" {
		t.Errorf("selectAttacks = %v, %v", attackNames(got), err)
	}
	if got, _ := selectAttacks(all, ""); len(got) != len(all) {
		t.Errorf("empty -only selected %d attacks, want all %d", len(got), len(all))
	}
	if _, err := selectAttacks(all, "nope"); err == nil {
		t.Error("an unknown attack was accepted")
	}
}

func TestFirstError(t *testing.T) {
	code, msg := firstError([]byte(`{"errors":[{"message":"first must be between 0 and 500, got -1","extensions":{"code":"BAD_USER_INPUT"}},{"message":"x"}],"data":null}`))
	if code != "BAD_USER_INPUT" || msg != "first must be between 0 and 500, got -1" {
		t.Errorf("firstError = %q, %q", code, msg)
	}
	// A body cut at keepBytes is read by pattern.
	cut := `{"errors":[{"message":"say \"hi\"","path":["a1"],"extensions":{"code":"BAD_USER_INPUT"}},{"message":"tru`
	code, msg = firstError([]byte(cut))
	if code != "BAD_USER_INPUT" || msg != `say "hi"` {
		t.Errorf("firstError of a cut body = %q, %q", code, msg)
	}
	if code, msg := firstError([]byte(`{"data":{"__typename":"Query"}}`)); code != "" || msg != "" {
		t.Errorf("firstError of a success = %q, %q", code, msg)
	}
	if _, msg := firstError([]byte("http: request body too large\n")); msg != "http: request body too large" {
		t.Errorf("firstError of plain text = %q", msg)
	}
}

func TestLeaks(t *testing.T) {
	l := leaks("request body is not a JSON object: json: cannot unmarshal array into Go value of type resolvers.requestBody")
	if len(l) != 1 || !strings.Contains(l[0], "resolvers.requestBody") {
		t.Errorf("Go type not found: %v", l)
	}
	l = leaks("could not read the request body: read tcp 127.0.0.1:18080->127.0.0.1:54321: i/o timeout")
	if len(l) != 1 || !strings.Contains(l[0], "127.0.0.1:18080, 127.0.0.1:54321") {
		t.Errorf("socket addresses not found: %v", l)
	}
	if l := leaks("read tcp [::1]:8080->[::1]:5555: i/o timeout"); len(l) != 1 {
		t.Errorf("IPv6 socket addresses not found: %v", l)
	}
	for _, clean := range []string{"first must be between 0 and 500, got -1", "send the request as application/json", "request body is larger than 1048576 bytes", ""} {
		if l := leaks(clean); len(l) != 0 {
			t.Errorf("leaks(%q) = %v, want none", clean, l)
		}
	}
}

func TestParseStatus(t *testing.T) {
	status := []byte("Name:\tnexus\nState:\tS (sleeping)\nVmHWM:\t  120000 kB\nVmRSS:\t  114688 kB\nThreads:\t9\n")
	rss, err := parseStatusKB(status, "VmRSS:")
	if err != nil || rss != 114688*1024 {
		t.Errorf("VmRSS = %d, %v", rss, err)
	}
	if _, err := parseStatusKB([]byte("Name:\tx\nState:\tZ (zombie)\n"), "VmRSS:"); !errors.Is(err, errNoProcess) {
		t.Errorf("zombie: %v, want errNoProcess", err)
	}
}

func TestParseStatCPU(t *testing.T) {
	// The command name may hold spaces and parentheses.
	stat := []byte("1234 (nexus (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 100 0 0")
	got, err := parseStatCPU(stat)
	if err != nil || got != 3*time.Second {
		t.Errorf("parseStatCPU = %v, %v, want 3s", got, err)
	}
	if _, err := parseStatCPU([]byte("1234 (x) S 1")); err == nil {
		t.Error("a short stat line was accepted")
	}
}

func TestParseBytes(t *testing.T) {
	tests := map[string]int64{"0": 0, "6GiB": 6 << 30, "512MiB": 512 << 20, "6GB": 6e9, "1.5G": 3 << 29, "100": 100}
	for in, want := range tests {
		if got, err := parseBytes(in); err != nil || got != want {
			t.Errorf("parseBytes(%q) = %d, %v, want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "-1GiB"} {
		if _, err := parseBytes(bad); err == nil {
			t.Errorf("parseBytes(%q) accepted", bad)
		}
	}
}

func TestRetryAfterAndClassify(t *testing.T) {
	if retryAfter("3") != 3*time.Second || retryAfter("") != time.Second || retryAfter("Wed, 21 Oct 2026 07:28:00 GMT") != time.Second {
		t.Error("retryAfter")
	}
	if got := classifyErr(`Post "http://127.0.0.1:1/graphql": dial tcp 127.0.0.1:1: connect: connection refused`); got != "connection refused" {
		t.Errorf("classifyErr = %q", got)
	}
	if got := classifyErr("odd 127.0.0.1:5 thing"); got != "odd ADDR thing" {
		t.Errorf("classifyErr = %q", got)
	}
}

func TestRefusedByDesign(t *testing.T) {
	for s, want := range map[int]bool{429: true, 503: true, 200: false, 400: false, 500: false, 502: false} {
		if refusedByDesign(s) != want {
			t.Errorf("refusedByDesign(%d) != %v", s, want)
		}
	}
}

func TestLoadQueries(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	qs, err := loadQueries(write("ok.json", `[{"query":"{ __typename }"},{"name":"s","query":"{ state(iso3:\"FRA\") { iso3 } }"}]`))
	if err != nil || len(qs) != 2 || qs[0].Name != "q1" || qs[1].Name != "s" {
		t.Errorf("loadQueries = %+v, %v", qs, err)
	}
	for name, content := range map[string]string{"empty.json": `[]`, "blank.json": `[{"query":" "}]`, "bad.json": `{`} {
		if _, err := loadQueries(write(name, content)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	for _, q := range defaultMix {
		parses(t, q.Name, q.Query)
	}
}
