package resolvers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/resolvers"
)

// rawPost builds a POST request with a raw body and content type.
func rawPost(body, contentType, accept string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

// TestErrors checks the status, media type, extensions.code and message of
// every kind of error, for both response media types.
func TestErrors(t *testing.T) {
	h := newHandler(t)
	tooMany := make([]string, resolvers.MaxIDs+1)
	for i := range tooMany {
		tooMany[i] = "State:FRA"
	}
	tests := []struct {
		name string
		req  func(t *testing.T, accept string) *http.Request
		// Status with application/graphql-response+json and with application/json.
		statusGR, statusJSON int
		code                 string
		msg                  string // the message contains it
		executed             bool   // the response has a data entry
	}{
		{
			name:     "malformed JSON body",
			req:      func(t *testing.T, a string) *http.Request { return rawPost(`{"query":`, "application/json", a) },
			statusGR: 400, statusJSON: 400, code: "BAD_REQUEST", msg: "must be a JSON object",
		},
		{
			name: "body is not an object",
			req: func(t *testing.T, a string) *http.Request {
				return rawPost(`["{ counts { nodes { kind } } }"]`, "application/json", a)
			},
			statusGR: 400, statusJSON: 400, code: "BAD_REQUEST", msg: "not a JSON array",
		},
		{
			name: "missing query",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"qeury": "{ counts { nodes { kind } } }"}, a)
			},
			statusGR: 400, statusJSON: 400, code: "BAD_REQUEST", msg: `missing "query"`,
		},
		{
			name:     "query of the wrong type",
			req:      func(t *testing.T, a string) *http.Request { return postJSON(t, map[string]any{"query": 7}, a) },
			statusGR: 400, statusJSON: 400, code: "BAD_REQUEST", msg: `"query" must be a string`,
		},
		{
			name: "variables of the wrong type",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": "{ counts { nodes { kind } } }", "variables": []int{7}}, a)
			},
			statusGR: 400, statusJSON: 400, code: "BAD_REQUEST", msg: `"variables" must be a JSON object`,
		},
		{
			name: "parse error",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": "{ states {"}, a)
			},
			statusGR: 400, statusJSON: 200, code: "GRAPHQL_PARSE_FAILED", msg: "Expected",
		},
		{
			name: "validation error",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": "{ planets { id } }"}, a)
			},
			statusGR: 400, statusJSON: 200, code: "GRAPHQL_VALIDATION_FAILED", msg: `Cannot query field "planets"`,
		},
		{
			name: "operation not found",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": "query A { counts { nodes { kind } } }", "operationName": "B"}, a)
			},
			statusGR: 400, statusJSON: 200, code: "GRAPHQL_VALIDATION_FAILED", msg: "operation B not found",
		},
		{
			name: "unknown enum value as a literal",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ resolution(symbol: "A/RES/66/178") { paragraphs(kind: FOOTNOTE) { id } } }`}, a)
			},
			statusGR: 400, statusJSON: 200, code: "BAD_USER_INPUT", msg: "want one of PREAMBULAR, OPERATIVE",
		},
		{
			name: "unknown enum value in variables",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `query($l: Lang) { state(iso3: "FRA") { name(lang: $l) } }`, "variables": map[string]any{"l": "DE"}}, a)
			},
			statusGR: 400, statusJSON: 200, code: "BAD_USER_INPUT", msg: "want one of EN, FR, ES, RU, ZH, AR",
		},
		{
			name: "unknown enum value nested in an input variable",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `query($f: InstrumentFilter) { instruments(filter: $f) { totalCount } }`, "variables": map[string]any{"f": map[string]any{"kind": "TREATY"}}}, a)
			},
			statusGR: 400, statusJSON: 200, code: "BAD_USER_INPUT", msg: `variable $f.kind: TREATY is not a valid InstrumentKind; want one of CONVENTION, PROTOCOL, AMENDMENT`,
		},
		{
			name: "bad Date literal",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ instruments(filter: {adoptedBefore: "2011-13-01"}) { totalCount } }`}, a)
			},
			statusGR: 400, statusJSON: 200, code: "BAD_USER_INPUT", msg: `"2011-13-01" is not a Date; want a string YYYY-MM-DD`,
		},
		{
			name: "bad Date in variables",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `query($d: Date) { instruments(filter: {adoptedAfter: $d}) { totalCount } }`, "variables": map[string]any{"d": "19 December 2011"}}, a)
			},
			statusGR: 400, statusJSON: 200, code: "BAD_USER_INPUT", msg: `variable $d: "19 December 2011" is not a Date`,
		},
		{
			name: "bad Date nested in an input variable",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `query($f: InstrumentFilter) { instruments(filter: $f) { totalCount } }`, "variables": map[string]any{"f": map[string]any{"adoptedBefore": 2011}}}, a)
			},
			statusGR: 400, statusJSON: 200, code: "BAD_USER_INPUT", msg: "is not a Date",
		},
		{
			name: "missing required variable",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `query($iso: String!) { state(iso3: $iso) { name } }`}, a)
			},
			statusGR: 400, statusJSON: 200, code: "BAD_USER_INPUT", msg: "variable $iso: must be defined",
		},
		{
			name: "negative first",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ states(first: -1) { totalCount } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: "first must be between 0 and 500, got -1", executed: true,
		},
		{
			name: "huge first",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ instruments(first: 100000) { totalCount } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: "first must be between 0 and 500, got 100000", executed: true,
		},
		{
			name: "bad after cursor",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ states(after: "bogus") { totalCount } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: `after: "bogus" is not a cursor of this list`, executed: true,
		},
		{
			name: "cursor of another list",
			req: func(t *testing.T, a string) *http.Request {
				// The endCursor of instruments(first: 1).
				return postJSON(t, map[string]any{"query": `{ states(after: "bmV4dXM6djE6SW5zdHJ1bWVudDow") { totalCount } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: "not a cursor of this list", executed: true,
		},
		{
			name: "unknown relationship type",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ state(iso3: "FRA") { relationships(types: ["LIVES_IN"]) { type } } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: `unknown relationship type "LIVES_IN"; want one of HAS_PARAGRAPH,`, executed: true,
		},
		{
			name: "too many ids",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, "variables": map[string]any{"ids": tooMany}}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: "nodes takes at most 500 ids, got 501", executed: true,
		},
		{
			name: "empty search",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ search(text: "  ") { score } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: "search text must not be empty", executed: true,
		},
		{
			name: "crime type filter with another kind's id",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ instruments(filter: {addressesCrimeType: "State:FRA"}) { totalCount } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: `"State:FRA" is not the ID of a crime type`, executed: true,
		},
		{
			name: "blank filter text",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ states(filter: {region: ""}) { totalCount } }`}, a)
			},
			statusGR: 200, statusJSON: 200, code: "BAD_USER_INPUT", msg: "filter.region must not be empty", executed: true,
		},
		{
			name: "complexity over the limit",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"query": `{ states(first: 500) { edges { node { regions { region { states { state { regions { region { states { state { name } } } } } } } } } } } }`}, a)
			},
			statusGR: 400, statusJSON: 200, code: "COMPLEXITY_LIMIT_EXCEEDED", msg: "exceeds the limit of",
		},
		{
			name: "unsupported content type",
			req: func(t *testing.T, a string) *http.Request {
				return rawPost(`{"query":"{ counts { nodes { kind } } }"}`, "text/plain", a)
			},
			statusGR: 415, statusJSON: 415, code: "UNSUPPORTED_MEDIA_TYPE", msg: "application/json",
		},
		{
			name: "missing content type",
			req: func(t *testing.T, a string) *http.Request {
				return rawPost(`{"query":"{ counts { nodes { kind } } }"}`, "", a)
			},
			statusGR: 415, statusJSON: 415, code: "UNSUPPORTED_MEDIA_TYPE", msg: "missing Content-Type",
		},
		{
			name: "unsupported charset",
			req: func(t *testing.T, a string) *http.Request {
				return rawPost(`{"query":"{ counts { nodes { kind } } }"}`, "application/json; charset=latin1", a)
			},
			statusGR: 415, statusJSON: 415, code: "UNSUPPORTED_MEDIA_TYPE", msg: "utf-8",
		},
		{
			name: "body too large",
			req: func(t *testing.T, a string) *http.Request {
				return rawPost(`{"query":"{ counts { nodes { kind } } }","extensions":{"pad":"`+strings.Repeat("x", resolvers.DefaultMaxBodyBytes)+`"}}`, "application/json", a)
			},
			statusGR: 413, statusJSON: 413, code: "PAYLOAD_TOO_LARGE", msg: "larger than",
		},
		{
			name: "GET with malformed variables",
			req: func(t *testing.T, a string) *http.Request {
				req := getQuery(`query($i: String!) { state(iso3: $i) { name } }`, nil, a)
				req.URL.RawQuery += "&variables=%7Bnope"
				return req
			},
			statusGR: 400, statusJSON: 400, code: "BAD_REQUEST", msg: `"variables" must be a JSON object`,
		},
		{
			name:     "GET without query",
			req:      func(t *testing.T, a string) *http.Request { return getQuery("", nil, a) },
			statusGR: 400, statusJSON: 400, code: "BAD_REQUEST", msg: `missing "query"`,
		},
		{
			name: "persisted query not found",
			req: func(t *testing.T, a string) *http.Request {
				return postJSON(t, map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": strings.Repeat("0", 64)}}}, a)
			},
			statusGR: 400, statusJSON: 200, code: "PERSISTED_QUERY_NOT_FOUND", msg: "PersistedQueryNotFound",
		},
	}
	for _, tc := range tests {
		for _, accept := range []string{gqlResponse, appJSON} {
			t.Run(tc.name+"/"+accept, func(t *testing.T) {
				res := serve(t, h, tc.req(t, accept))
				want := tc.statusJSON
				if accept == gqlResponse {
					want = tc.statusGR
				}
				if res.status != want {
					t.Errorf("status %d, want %d: %s", res.status, want, res.body)
				}
				if mt := res.mediaType(); mt != accept {
					t.Errorf("media type %q, want %q", mt, accept)
				}
				if ct := res.header.Get("Content-Type"); !strings.HasSuffix(ct, "; charset=utf-8") {
					t.Errorf("Content-Type %q has no charset", ct)
				}
				errs, _ := res.json["errors"].([]any)
				if len(errs) == 0 {
					t.Fatalf("no errors in %s", res.body)
				}
				if got := at(t, errs[0], "extensions", "code"); got != tc.code {
					t.Errorf("code %v, want %s (%s)", got, tc.code, res.body)
				}
				if msg, _ := at(t, errs[0], "message").(string); !strings.Contains(msg, tc.msg) {
					t.Errorf("message %q does not contain %q", msg, tc.msg)
				}
				// The server's internals stay in the server: no Go type,
				// no decoder's own words, no address.
				for _, leak := range []string{"resolvers.", "Go value", "Go struct", "json: ", "127.0.0.1"} {
					if strings.Contains(string(res.body), leak) {
						t.Errorf("the answer gives away %q: %s", leak, res.body)
					}
				}
				if _, ok := res.json["data"]; ok != tc.executed {
					t.Errorf("data entry present = %v, want %v (%s)", ok, tc.executed, res.body)
				}
			})
		}
	}
}

// TestNegotiation checks the choice of the response media type.
func TestNegotiation(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		accept string
		want   string // "" for 406
	}{
		{"", appJSON},
		{"*/*", appJSON},
		{"application/*", appJSON},
		{"application/json", appJSON},
		{"application/json; charset=utf-8", appJSON},
		{"application/graphql-response+json", gqlResponse},
		{"application/graphql-response+json; charset=utf-8, application/json; charset=utf-8", gqlResponse},
		{"application/json, application/graphql-response+json", gqlResponse},
		{"application/json;q=0.9, application/graphql-response+json", gqlResponse},
		{"application/graphql-response+json;q=0.5, application/json", appJSON},
		{"application/json, */*;q=0.1", appJSON},
		{"text/html, application/xhtml+xml, */*;q=0.8", appJSON},
		{"application/graphql-response+json, */*;q=0.5", gqlResponse},
		{"text/html", ""},
		{"application/xml, text/plain", ""},
		{"application/graphql-response+json;q=0", ""},
		{"*/*;q=0", ""},
	}
	for _, tc := range tests {
		t.Run(tc.accept, func(t *testing.T) {
			res := serve(t, h, postJSON(t, map[string]any{"query": "{ state(iso3: \"FRA\") { iso3 } }"}, tc.accept))
			if tc.want == "" {
				if res.status != http.StatusNotAcceptable {
					t.Fatalf("status %d, want 406: %s", res.status, res.body)
				}
				if got := at(t, res.json, "errors", 0, "extensions", "code"); got != "NOT_ACCEPTABLE" {
					t.Errorf("code %v, want NOT_ACCEPTABLE", got)
				}
				return
			}
			if res.status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", res.status, res.body)
			}
			if got := res.header.Get("Content-Type"); got != tc.want+"; charset=utf-8" {
				t.Errorf("Content-Type %q, want %s; charset=utf-8", got, tc.want)
			}
			if at(t, res.json, "data", "state", "iso3") != "FRA" {
				t.Errorf("body %s", res.body)
			}
			if !strings.Contains(res.header.Get("Vary"), "Accept") {
				t.Errorf("Vary = %q, want Accept", res.header.Get("Vary"))
			}
		})
	}
}

// TestMethods checks GET, POST and the methods the endpoint refuses.
func TestMethods(t *testing.T) {
	h := newHandler(t)
	const query = `query($iso: String!) { state(iso3: $iso) { name } }`
	tests := []struct {
		name      string
		req       *http.Request
		status    int
		allow     string
		wantState bool
	}{
		{name: "POST", req: postJSON(t, map[string]any{"query": query, "variables": map[string]any{"iso": "FRA"}}, gqlResponse), status: 200, wantState: true},
		{name: "POST with charset", req: rawPost(`{"query":"{ state(iso3: \"FRA\") { name } }"}`, "application/json; charset=UTF-8", gqlResponse), status: 200, wantState: true},
		{name: "GET with variables", req: getQuery(query, map[string]any{"iso": "FRA"}, gqlResponse), status: 200, wantState: true},
		{name: "GET mutation", req: getQuery(`mutation { noSuchMutation }`, nil, gqlResponse), status: 405, allow: "POST"},
		{name: "GET mutation chosen by name", req: getQuery(`query Q { counts { nodes { kind } } } mutation M { noSuchMutation }`+"", nil, gqlResponse), status: 405, allow: "POST"},
		{name: "PUT", req: httptest.NewRequest(http.MethodPut, "/graphql", strings.NewReader(`{}`)), status: 405, allow: "GET, POST"},
		{name: "DELETE", req: httptest.NewRequest(http.MethodDelete, "/graphql", nil), status: 405, allow: "GET, POST"},
		{name: "PATCH", req: httptest.NewRequest(http.MethodPatch, "/graphql", nil), status: 405, allow: "GET, POST"},
	}
	// The mutation chosen by name.
	tests[4].req.URL.RawQuery += "&operationName=M"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := serve(t, h, tc.req)
			if res.status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.status, tc.status, res.body)
			}
			if got := res.header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
			if tc.wantState {
				if at(t, res.json, "data", "state", "name") != "France" {
					t.Errorf("body %s", res.body)
				}
				return
			}
			if got := at(t, res.json, "errors", 0, "extensions", "code"); got != "METHOD_NOT_ALLOWED" {
				t.Errorf("code %v, want METHOD_NOT_ALLOWED", got)
			}
		})
	}
}

// TestPersistedQueries checks automatic persisted queries: a hash alone is
// unknown until the query has been sent with it, then it runs, over POST
// and GET.
func TestPersistedQueries(t *testing.T) {
	h := newHandler(t)
	const query = `{ instrument(key: "CT16") { shortName } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}

	res := serve(t, h, postJSON(t, map[string]any{"extensions": ext}, gqlResponse))
	if res.status != 400 || at(t, res.json, "errors", 0, "extensions", "code") != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("hash before query: %d %s", res.status, res.body)
	}
	res = serve(t, h, postJSON(t, map[string]any{"query": query, "extensions": ext}, gqlResponse))
	if res.status != 200 || at(t, res.json, "data", "instrument", "shortName") == nil {
		t.Fatalf("query with hash: %d %s", res.status, res.body)
	}
	res = serve(t, h, postJSON(t, map[string]any{"extensions": ext}, gqlResponse))
	if res.status != 200 || at(t, res.json, "data", "instrument", "shortName") == nil {
		t.Fatalf("hash after query: %d %s", res.status, res.body)
	}
	b, _ := json.Marshal(ext)
	req := httptest.NewRequest(http.MethodGet, "/graphql?extensions="+url.QueryEscape(string(b)), nil)
	res = serve(t, h, req)
	if res.status != 200 || at(t, res.json, "data", "instrument", "shortName") == nil {
		t.Fatalf("hash over GET: %d %s", res.status, res.body)
	}

	bad := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": strings.Repeat("ab", 32)}}
	res = serve(t, h, postJSON(t, map[string]any{"query": query, "extensions": bad}, gqlResponse))
	if res.status != 400 || at(t, res.json, "errors", 0, "extensions", "code") != "BAD_REQUEST" {
		t.Errorf("query with a wrong hash: %d %s", res.status, res.body)
	}
}
