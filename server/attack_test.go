package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
)

// Media types of the tests.
const (
	gqlResponse = "application/graphql-response+json"
	appJSON     = "application/json"
)

// answer is a response of the server, its GraphQL errors decoded.
type answer struct {
	status int
	header http.Header
	body   []byte
	errors []gqlError
	// data is the data entry, absent (nil) when the response has none.
	data json.RawMessage
}

// gqlError is one error of a GraphQL response.
type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

// code returns the extensions.code of the first error, or "".
func (a answer) code() string {
	if len(a.errors) == 0 {
		return ""
	}
	return a.errors[0].Extensions.Code
}

// message returns the message of the first error, or "".
func (a answer) message() string {
	if len(a.errors) == 0 {
		return ""
	}
	return a.errors[0].Message
}

// send serves req with h and decodes the answer; a body that is not a JSON
// object fails the test.
func send(t testing.TB, h http.Handler, req *http.Request) answer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	var wire struct {
		Errors []gqlError       `json:"errors"`
		Data   *json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(a.body, &wire); err != nil {
		t.Fatalf("the answer (%d) is not a JSON object: %v\n%.500s", a.status, err, a.body)
	}
	a.errors = wire.Errors
	if wire.Data != nil {
		a.data = *wire.Data
	}
	return a
}

// graphQLRequest returns a POST of body (a JSON text) to /graphql with the
// given Accept header, from 192.0.2.1.
func graphQLRequest(body []byte, accept string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, GraphQLPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

// queryBody returns the JSON body {"query": query}.
func queryBody(t testing.TB, query string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantRefusal checks that a is refused with status and code, with a message
// that contains msg, and without data.
func wantRefusal(t testing.TB, a answer, status int, code, msg string) {
	t.Helper()
	if a.status != status {
		t.Errorf("status %d, want %d: %.300s", a.status, status, a.body)
	}
	if a.code() != code {
		t.Errorf("code %q, want %s: %.300s", a.code(), code, a.body)
	}
	if !strings.Contains(a.message(), msg) {
		t.Errorf("message %q does not name the limit (%q)", a.message(), msg)
	}
	if a.data != nil {
		t.Errorf("a refused request has data: %.300s", a.body)
	}
	if len(a.errors) != 1 {
		t.Errorf("%d errors, want the one that says why", len(a.errors))
	}
}

// repeat returns a document selecting field n times.
func repeat(field string, n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for range n {
		b.WriteString(field)
		b.WriteString(" ")
	}
	b.WriteString("}")
	return b.String()
}

// bigDocuments are documents an attacker sends to make the server parse and
// validate a lot: the cost of validating them grows faster than their size.
func bigDocuments() []struct {
	name, doc string
	// limit is what the refusal's message names: the token limit, or the
	// limit the document reaches first.
	limit string
} {
	const hood = `neighborhood(id: "State:FRA", depth: 4, limit: 1000) { nodes { id } edges { id from to } }`
	tokens := fmt.Sprintf("more than %d tokens", resolvers.DefaultMaxTokens)
	return []struct {
		name, doc string
		limit     string
	}{
		{"10,000 __typename", repeat("__typename", 10000), tokens},
		{"20,000 __typename", repeat("__typename", 20000), tokens},
		{"930 KB of neighborhood", repeat(hood, 930<<10/(len(hood)+1)), tokens},
		{"1 MB of __typename", repeat("__typename", 1<<20/len("__typename ")), tokens},
		{"1 MB of aliases", repeat("a: __typename", 1<<20/len("a: __typename ")), tokens},
		{"1 MB of nesting", "{ " + strings.Repeat("a { ", 1<<20/len("a { ")), fmt.Sprintf("at most %d levels", resolvers.DefaultMaxDepth)},
		{"1 MB of arguments", "{ search(text: \"x\"" + strings.Repeat(", first: 1", (1<<20)/len(", first: 1")) + ") { score } }", tokens},
	}
}

// TestBigDocumentsRefused checks that a big document is refused before it is
// validated: by the body limit (413) with the default limits, and by the
// token limit (DOCUMENT_TOO_LARGE) when the body limit lets it in.
func TestBigDocumentsRefused(t *testing.T) {
	small, _ := newTestServer(t, Config{})
	large, _ := newTestServer(t, Config{Limits: Limits{MaxBodyBytes: 2 << 20}})
	for _, d := range bigDocuments() {
		t.Run(d.name, func(t *testing.T) {
			body := queryBody(t, d.doc)
			if len(body) <= DefaultMaxBodyBytes || len(body) > 2<<20 {
				t.Fatalf("the document is %d bytes: it must be over the default body limit and under the raised one", len(body))
			}
			for _, accept := range []string{gqlResponse, appJSON} {
				a := send(t, small.Handler(), graphQLRequest(body, accept))
				wantRefusal(t, a, http.StatusRequestEntityTooLarge, resolvers.CodePayloadTooLarge,
					fmt.Sprintf("larger than %d bytes", DefaultMaxBodyBytes))

				a = send(t, large.Handler(), graphQLRequest(body, accept))
				status := http.StatusBadRequest
				if accept == appJSON {
					status = http.StatusOK
				}
				wantRefusal(t, a, status, resolvers.CodeDocumentTooLarge, d.limit)
			}
		})
	}
}

// allocated returns the bytes the heap allocated, on average, to serve n
// POSTs of body with h.
func allocated(t testing.TB, h http.Handler, body []byte, n int) uint64 {
	t.Helper()
	reqs := make([]*http.Request, n)
	recs := make([]*httptest.ResponseRecorder, n)
	for i := range reqs {
		reqs[i] = graphQLRequest(body, gqlResponse)
		recs[i] = httptest.NewRecorder()
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range reqs {
		h.ServeHTTP(recs[i], reqs[i])
	}
	runtime.ReadMemStats(&after)
	for _, rec := range recs {
		if rec.Code == http.StatusOK {
			t.Fatalf("the document was not refused: %.300s", rec.Body.String())
		}
	}
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}

// TestBigDocumentsCostLittle checks that refusing a big document is bounded
// by its size, not by what it holds: the bytes allocated to refuse it are a
// small multiple of the body (which is read, decoded and lexed up to the
// token limit), and twice the document costs about twice as much, not four
// times (no work grows faster than the body).
func TestBigDocumentsCostLittle(t *testing.T) {
	s, _ := newTestServer(t, Config{Limits: Limits{MaxBodyBytes: 2 << 20}})
	h := s.Handler()
	const runs = 5
	// The bytes a refusal may allocate: a fixed part for the tokens the
	// parser reads up to the limit, and a few times the body, which is read,
	// decoded and held as a string; nothing else may grow with it. Refusing
	// 1 MB takes about 5.5 MB (7.5 MB under the race detector); it took
	// 14 MB when the JSON decoder copied the body over and over.
	bound := func(bodyBytes int) uint64 { return 2<<20 + 8*uint64(bodyBytes) }
	costs := map[string]uint64{}
	for _, d := range bigDocuments() {
		body := queryBody(t, d.doc)
		costs[d.name] = allocated(t, h, body, runs)
		t.Logf("%s: %d KB body, %d KB allocated to refuse it", d.name, len(body)>>10, costs[d.name]>>10)
		if costs[d.name] > bound(len(body)) {
			t.Errorf("%s: refusing %d bytes allocated %d bytes, more than %d", d.name, len(body), costs[d.name], bound(len(body)))
		}
	}
	if c10, c20 := costs["10,000 __typename"], costs["20,000 __typename"]; c20 > 2*c10 {
		t.Errorf("refusing 20,000 __typename allocated %d bytes, more than twice the %d of 10,000: the work grows faster than the document", c20, c10)
	}

	// With the default body limit, the body is not even read to its end.
	small, _ := newTestServer(t, Config{})
	body := queryBody(t, bigDocuments()[3].doc)
	c := allocated(t, small.Handler(), body, runs)
	t.Logf("1 MB body over the default limit: %d KB allocated to refuse it", c>>10)
	if c > bound(DefaultMaxBodyBytes) {
		t.Errorf("refusing a 1 MB body over the %d-byte limit allocated %d bytes, more than %d", DefaultMaxBodyBytes, c, bound(DefaultMaxBodyBytes))
	}
}

// leaks are what must never reach a client: Go type names, a goroutine
// dump, the decoder's own words.
var leaks = []string{"resolvers.", "*http.", "goroutine ", "Go value", "Go struct", "json: ", "runtime.", ".go:"}

// wantNoLeak checks that body gives nothing of the server away.
func wantNoLeak(t testing.TB, body []byte) {
	t.Helper()
	for _, leak := range leaks {
		if bytes.Contains(body, []byte(leak)) {
			t.Errorf("the answer gives away %q: %.500s", leak, body)
		}
	}
}

// TestInternalsStayInside checks that a malformed request is answered in the
// client's terms, never the server's.
func TestInternalsStayInside(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	h := s.Handler()
	tests := []struct {
		name string
		body string
		msg  string
	}{
		{"JSON array", `[{"query":"{ __typename }"}]`, "not a JSON array"},
		{"JSON string", `"{ __typename }"`, "not a JSON string"},
		{"JSON number", `42`, "not a JSON number"},
		{"malformed JSON", `{"query": "{ __typename }",}`, "malformed at byte"},
		{"cut off", `{"query": "{ __typename`, "cut off"},
		{"empty", ``, "empty or cut off"},
		{"two objects", `{"query":"{ __typename }"} {}`, "must be a JSON object"},
		{"query of the wrong type", `{"query": ["{ __typename }"]}`, `"query" must be a string`},
		{"extensions of the wrong type", `{"query": "{ __typename }", "extensions": "x"}`, `"extensions" must be a JSON object`},
		{"documentId of the wrong type", `{"documentId": 1}`, `"documentId" must be a string`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := send(t, h, graphQLRequest([]byte(tc.body), gqlResponse))
			wantRefusal(t, a, http.StatusBadRequest, resolvers.CodeBadRequest, tc.msg)
			wantNoLeak(t, a.body)
		})
	}
}

// TestSlowBodyStopped checks that a client that sends part of a body and
// stalls is cut off by the read timeout, and told so without the
// connection's details.
func TestSlowBodyStopped(t *testing.T) {
	s, log := newTestServer(t, Config{})
	ts := httptest.NewUnstartedServer(s.Handler())
	// The server's own read timeout is 10 s; a shorter one keeps the test
	// short, and the path is the same (long enough that a loaded machine
	// still reads the headers in time).
	ts.Config.ReadTimeout = time.Second
	ts.Start()
	defer ts.Close()

	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A hang guard, not a measure: the server must answer long before.
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	part := `{"query": "{ __typ`
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: nexus\r\nContent-Type: application/json\r\nAccept: %s\r\nContent-Length: 1000\r\n\r\n%s", gqlResponse, part)

	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled body: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d, want 400: %s", res.StatusCode, body)
	}
	var wire struct{ Errors []gqlError }
	if err := json.Unmarshal(body, &wire); err != nil || len(wire.Errors) != 1 {
		t.Fatalf("the answer is not one GraphQL error (%v): %s", err, body)
	}
	if e := wire.Errors[0]; e.Extensions.Code != resolvers.CodeBadRequest || !strings.Contains(e.Message, "cut off or sent too slowly") {
		t.Errorf("error %+v, want BAD_REQUEST saying the body was too slow", e)
	}
	wantNoLeak(t, body)
	for _, leak := range []string{"127.0.0.1", "timeout", "i/o"} {
		if bytes.Contains(body, []byte(leak)) {
			t.Errorf("the answer gives away %q: %s", leak, body)
		}
	}
	if !strings.Contains(log.String(), "could not read a request body") {
		t.Errorf("the cause is not in the log:\n%s", log.String())
	}
}

// TestIntrospectionSwitch checks that with introspection off the schema
// cannot be read through the endpoint, neither by introspection nor by the
// suggestions of error messages, and that with it on both work.
func TestIntrospectionSwitch(t *testing.T) {
	off, _ := newTestServer(t, Config{GraphQL: resolvers.Options{DisableIntrospection: true}})
	on, _ := newTestServer(t, Config{})
	introspection := []string{
		`{ __schema { types { name } } }`,
		`{ __type(name: "State") { name fields { name } } }`,
		`query { a: __schema { queryType { name } } }`,
		`{ ...F } fragment F on Query { s: __schema { queryType { name } } }`,
		`{ ... on Query { __type(name: "Query") { name } } }`,
	}
	for _, q := range introspection {
		a := send(t, off.Handler(), graphQLRequest(queryBody(t, q), gqlResponse))
		if a.status != http.StatusBadRequest || a.data != nil || len(a.errors) == 0 {
			t.Errorf("introspection off, %s: %d %.300s, want 400 without data", q, a.status, a.body)
		}
		if !strings.Contains(strings.ToLower(a.message()), "introspection") {
			t.Errorf("introspection off, %s: message %q does not say introspection is off", q, a.message())
		}
		if bytes.Contains(a.body, []byte(`"State"`)) || bytes.Contains(a.body, []byte(`"Query"`)) {
			t.Errorf("introspection off, %s: the answer names a type: %s", q, a.body)
		}

		a = send(t, on.Handler(), graphQLRequest(queryBody(t, q), gqlResponse))
		if a.status != http.StatusOK || len(a.errors) != 0 || a.data == nil {
			t.Errorf("introspection on, %s: %d %.300s", q, a.status, a.body)
		}
	}

	// A misspelt field: the suggestion would name the right one.
	for _, q := range []string{
		`{ stat(iso3: "FRA") { iso3 } }`,
		`{ state(iso3: "FRA") { nam } }`,
		`{ state(iso: "FRA") { iso3 } }`,
		`{ states(filter: {regio: "Europe"}) { totalCount } }`,
	} {
		a := send(t, off.Handler(), graphQLRequest(queryBody(t, q), gqlResponse))
		if a.status != http.StatusBadRequest || len(a.errors) == 0 {
			t.Fatalf("%s: %d %s, want 400", q, a.status, a.body)
		}
		if bytes.Contains(a.body, []byte("Did you mean")) {
			t.Errorf("introspection off, %s: the answer suggests: %s", q, a.body)
		}
		a = send(t, on.Handler(), graphQLRequest(queryBody(t, q), gqlResponse))
		if !bytes.Contains(a.body, []byte("Did you mean")) {
			t.Errorf("introspection on, %s: no suggestion: %s", q, a.body)
		}
	}
}

// fuzzStatuses are the statuses the server may answer a fuzzed request
// with; anything else (500 above all) is a fault.
var fuzzStatuses = map[int]bool{
	http.StatusOK: true, http.StatusNoContent: true, http.StatusBadRequest: true,
	http.StatusForbidden: true, http.StatusNotFound: true, http.StatusMethodNotAllowed: true,
	http.StatusNotAcceptable: true, http.StatusRequestEntityTooLarge: true,
	http.StatusUnsupportedMediaType: true, http.StatusUnprocessableEntity: true,
	http.StatusServiceUnavailable: true, http.StatusGatewayTimeout: true,
}

// fuzzMethods are the methods a fuzzed request is sent with.
var fuzzMethods = []string{http.MethodPost, http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut}

// FuzzHandler sends the server's handler requests of any body, Content-Type,
// Accept and query string, to /graphql and /export: it must not panic,
// must answer with one of fuzzStatuses, in valid JSON when it says so, with
// at most resolvers.MaxErrors errors, and without giving its internals away.
func FuzzHandler(f *testing.F) {
	store := testgraph.Memory(f)
	s, err := New(Config{
		Store:  store,
		Ready:  store.Ping,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Limits: Limits{RequestTimeout: 2 * time.Second, MaxInFlight: -1},
	})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()

	const ct = "application/json"
	seeds := []struct {
		method     uint8
		body       string
		ctype      string
		accept     string
		rawQuery   string
		exportPath bool
	}{
		{0, `{"query":"{ __typename }"}`, ct, gqlResponse, "", false},
		{0, `{"query":"query Q($iso: String!) { state(iso3: $iso) { name regions { region { name } } } }","variables":{"iso":"FRA"},"operationName":"Q"}`, ct, appJSON, "", false},
		{0, `{"query":"{ states(first: 3) { totalCount edges { node { iso3 relationships(first: 2) { type } } } } }"}`, ct, "*/*", "", false},
		{0, `{"query":"{ neighborhood(id: \"State:FRA\", depth: 2, limit: 20) { nodes { id } edges { id } } }"}`, ct, gqlResponse, "", false},
		{0, `{"query":"{ search(text: \"terror\", first: 3) { score node { id } } }"}`, ct, "", "", false},
		{0, `{"query":"{ stat(iso3: \"FRA\") { iso3 } }"}`, ct, gqlResponse, "", false},
		{0, `{"query":"{ __schema { types { name } } }"}`, ct, gqlResponse, "", false},
		{0, `{"query":"mutation { x }"}`, ct, gqlResponse, "", false},
		{0, `{"query":"{ ...A } fragment A on Query { ...A }"}`, ct, gqlResponse, "", false},
		{0, `{"query":"{ a: __typename b: __typename @include(if: true) }"}`, ct, gqlResponse, "", false},
		{0, `{"query":"query($f: InstrumentFilter) { instruments(filter: $f) { totalCount } }","variables":{"f":{"adoptedBefore":1e400}}}`, ct, gqlResponse, "", false},
		{0, `{"query":"{ states(first: -1) { totalCount } }"}`, ct, gqlResponse, "", false},
		{0, `{"documentId":"sha256:0000"}`, ct, gqlResponse, "", false},
		{0, `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}`, ct, gqlResponse, "", false},
		{0, `[{"query":"{ __typename }"}]`, ct, gqlResponse, "", false},
		{0, `{"query":`, ct, gqlResponse, "", false},
		{0, `{"query":"{ __typename }"}`, "text/plain", gqlResponse, "", false},
		{0, `{"query":"{ __typename }"}`, "application/json; charset=latin1", "text/html", "", false},
		{1, ``, "", gqlResponse, "query=%7B+__typename+%7D", false},
		{1, ``, "", appJSON, "query=query(%24i%3AString!)%7Bstate(iso3%3A%24i)%7Bname%7D%7D&variables=%7B%22i%22%3A%22DEU%22%7D", false},
		{1, ``, "", gqlResponse, "documentId=sha256%3Axyz&extensions=%7B", false},
		{1, ``, "", gqlResponse, "query=%zz", false},
		{2, ``, "", "", "", false},
		{3, ``, "", "", "", false},
		{4, `{}`, ct, "", "", false},
		{1, ``, "", "", "format=jsonl&id=State:FRA", true},
		{1, ``, "", "", "format=cytoscape&root=State:FRA&depth=2&kinds=State,Region", true},
		{1, ``, "", "", "format=csv&from=State:FRA&to=State:DEU&all=true", true},
		{1, ``, "", "", "format=nope&depth=99", true},
	}
	for _, sd := range seeds {
		f.Add(sd.method, []byte(sd.body), sd.ctype, sd.accept, sd.rawQuery, sd.exportPath)
	}
	f.Fuzz(func(t *testing.T, method uint8, body []byte, ctype, accept, rawQuery string, exportPath bool) {
		path := GraphQLPath
		if exportPath {
			path = ExportPath
		}
		req := httptest.NewRequest(fuzzMethods[int(method)%len(fuzzMethods)], path, bytes.NewReader(body))
		req.URL.RawQuery = rawQuery
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		if !fuzzStatuses[rec.Code] {
			t.Fatalf("status %d: %.1000s", rec.Code, rec.Body)
		}
		out := rec.Body.Bytes()
		if path == GraphQLPath || rec.Code != http.StatusOK {
			// (An export is the graph's own text, or a zip archive.)
			wantNoLeak(t, out)
		}
		mt, _, _ := strings.Cut(rec.Header().Get("Content-Type"), ";")
		if mt != appJSON && mt != gqlResponse || req.Method == http.MethodHead {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("the %s answer is not valid JSON: %.1000s", mt, out)
		}
		var answer struct {
			Errors []json.RawMessage `json:"errors"`
		}
		if err := json.Unmarshal(out, &answer); err != nil {
			t.Fatalf("the %s answer is not a JSON object: %v: %.1000s", mt, err, out)
		}
		if len(answer.Errors) > resolvers.MaxErrors {
			t.Fatalf("%d errors, more than %d", len(answer.Errors), resolvers.MaxErrors)
		}
	})
}

// TestQueryCacheBounded checks that clients cannot make the server hold
// unbounded memory by sending many distinct valid documents, each of which
// the query cache keeps parsed (30 to 40 times the size of its text).
func TestQueryCacheBounded(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	h := s.Handler()
	// 999 spreads of one fragment, 5 KB: within every limit, cheap to run,
	// and as heavy once parsed as a document of its size gets.
	spreads := "{ " + strings.Repeat("...F ", 999) + "} fragment F on Query { __typename }"
	const sent = 600
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range sent {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, graphQLRequest(queryBody(t, fmt.Sprintf("query Q%d %s", i, spreads)), gqlResponse))
		if rec.Code != http.StatusOK {
			t.Fatalf("%d %.300s", rec.Code, rec.Body)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(h)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d distinct documents of %d KB: %d MB held", sent, len(spreads)>>10, held>>20)
	// The caches hold resolvers.DefaultQueryCacheBytes of text, about
	// 40 MB once parsed; without that bound, these documents held 100 MB.
	if limit := int64(64 << 20); held > limit {
		t.Errorf("%d distinct documents left %d MB held, more than %d MB", sent, held>>20, limit>>20)
	}
}

// TestServeBoundsHeaders checks that the server of Serve refuses a request
// line and headers over its limit, which bounds GET documents (a GET has
// its document in the URL, under no body limit).
func TestServeBoundsHeaders(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, time.Second) }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 20 * time.Second} // a hang guard

	get := func(query string) int {
		t.Helper()
		res, err := client.Get(base + GraphQLPath + "?query=" + url.QueryEscape(query))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		_, _ = io.Copy(io.Discard, res.Body)
		return res.StatusCode
	}
	if st := get(`{ __typename }`); st != http.StatusOK {
		t.Errorf("a small GET: %d, want 200", st)
	}
	if st := get(repeat("__typename", 10000)); st != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 110 KB GET: %d, want 431", st)
	}

	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}
