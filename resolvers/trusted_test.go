package resolvers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/server"
)

// The trusted documents of the tests.
const (
	trustedStateName = `query StateName($iso: String!) { state(iso3: $iso) { name } }`
	trustedCounts    = `{ counts { nodes { kind } } }`
)

// digest returns the SHA-256 hex of a document.
func digest(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// writeManifest writes a trusted documents manifest and returns its path.
func writeManifest(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "persisted-documents.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// trustedServer returns the handler of a server that runs only the two
// trusted documents, loaded from a manifest (one key with the sha256:
// prefix, one without).
func trustedServer(t *testing.T) http.Handler {
	t.Helper()
	manifest, err := json.Marshal(map[string]string{
		"sha256:" + digest(trustedStateName): trustedStateName,
		digest(trustedCounts):                trustedCounts,
	})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := resolvers.LoadTrustedDocuments(writeManifest(t, string(manifest)))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents loaded, want 2", len(docs))
	}
	return newServer(t, server.Config{GraphQL: resolvers.Options{TrustedDocuments: docs}})
}

// apq returns the automatic persisted query extension for a digest.
func apq(hash string) map[string]any {
	return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
}

// TestTrustedDocuments checks that with trusted documents only they run,
// asked for by documentId (POST or GET), by persisted-query hash or sent as
// their exact text, and that anything else is refused.
func TestTrustedDocuments(t *testing.T) {
	h := trustedServer(t)
	france := map[string]any{"iso": "FRA"}
	getWith := func(params url.Values, accept string) *http.Request {
		req := httptest.NewRequest(http.MethodGet, "/graphql?"+params.Encode(), nil)
		req.Header.Set("Accept", accept)
		return req
	}
	extensions := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}

	runs := []struct {
		name string
		req  func(accept string) *http.Request
	}{
		{"documentId over POST", func(a string) *http.Request {
			return postJSON(t, map[string]any{"documentId": "sha256:" + digest(trustedStateName), "variables": france}, a)
		}},
		{"documentId in capitals", func(a string) *http.Request {
			return postJSON(t, map[string]any{"documentId": "sha256:" + strings.ToUpper(digest(trustedStateName)), "variables": france}, a)
		}},
		{"documentId over GET", func(a string) *http.Request {
			return getWith(url.Values{"documentId": {"sha256:" + digest(trustedStateName)}, "variables": {`{"iso":"FRA"}`}}, a)
		}},
		{"persisted-query hash over POST", func(a string) *http.Request {
			return postJSON(t, map[string]any{"extensions": apq(digest(trustedStateName)), "variables": france}, a)
		}},
		{"persisted-query hash over GET", func(a string) *http.Request {
			return getWith(url.Values{"extensions": {extensions(apq(digest(trustedStateName)))}, "variables": {`{"iso":"FRA"}`}}, a)
		}},
		{"exact text", func(a string) *http.Request {
			return postJSON(t, map[string]any{"query": trustedStateName, "variables": france}, a)
		}},
		{"hash with its own text", func(a string) *http.Request {
			return postJSON(t, map[string]any{"query": trustedStateName, "extensions": apq(digest(trustedStateName)), "variables": france}, a)
		}},
	}
	for _, tc := range runs {
		for _, accept := range []string{gqlResponse, appJSON} {
			t.Run(tc.name+"/"+accept, func(t *testing.T) {
				res := serve(t, h, tc.req(accept))
				if res.status != http.StatusOK || len(errorsOf(res)) != 0 {
					t.Fatalf("%d %s, want 200", res.status, res.body)
				}
				if got := at(t, res.json, "data", "state", "name"); got != "France" {
					t.Errorf("state name %v, want France", got)
				}
			})
		}
	}
	res := serve(t, h, getWith(url.Values{"documentId": {"sha256:" + digest(trustedCounts)}}, gqlResponse))
	if res.status != http.StatusOK || len(list(t, res.json, "data", "counts", "nodes")) == 0 {
		t.Errorf("the other trusted document over GET: %d %s", res.status, res.body)
	}

	unknown := strings.Repeat("0", 64)
	newQuery := `{ state(iso3: "FRA") { name iso3 } }`
	refusals := []struct {
		name string
		req  func(accept string) *http.Request
		code string
		msg  string
	}{
		{"another document", func(a string) *http.Request {
			return postJSON(t, map[string]any{"query": `{ __typename }`}, a)
		}, resolvers.CodePersistedQueryRequired, "runs only its trusted documents"},
		{"a trusted document respaced", func(a string) *http.Request {
			return postJSON(t, map[string]any{"query": trustedCounts + " "}, a)
		}, resolvers.CodePersistedQueryRequired, "runs only its trusted documents"},
		{"another document over GET", func(a string) *http.Request {
			return getWith(url.Values{"query": {`{ __typename }`}}, a)
		}, resolvers.CodePersistedQueryRequired, "runs only its trusted documents"},
		{"introspection", func(a string) *http.Request {
			return postJSON(t, map[string]any{"query": introspectionQuery}, a)
		}, resolvers.CodePersistedQueryRequired, "runs only its trusted documents"},
		{"unknown documentId", func(a string) *http.Request {
			return postJSON(t, map[string]any{"documentId": "sha256:" + unknown}, a)
		}, resolvers.CodePersistedQueryNotFound, `no trusted document has the digest "` + unknown + `"`},
		{"unknown documentId over GET", func(a string) *http.Request {
			return getWith(url.Values{"documentId": {"sha256:" + unknown}}, a)
		}, resolvers.CodePersistedQueryNotFound, "no trusted document has the digest"},
		{"unknown persisted-query hash", func(a string) *http.Request {
			return postJSON(t, map[string]any{"extensions": apq(unknown)}, a)
		}, resolvers.CodePersistedQueryNotFound, "no trusted document has the digest"},
		{"registration of a new persisted query", func(a string) *http.Request {
			return postJSON(t, map[string]any{"query": newQuery, "extensions": apq(digest(newQuery))}, a)
		}, resolvers.CodePersistedQueryNotFound, "runs only the documents of its manifest"},
		{"a trusted hash with another text", func(a string) *http.Request {
			return postJSON(t, map[string]any{"query": newQuery, "extensions": apq(digest(trustedCounts))}, a)
		}, resolvers.CodeBadRequest, "not the trusted document its digest names"},
		{"documentId without its scheme", func(a string) *http.Request {
			return postJSON(t, map[string]any{"documentId": digest(trustedCounts)}, a)
		}, resolvers.CodeBadRequest, "is not of the form sha256:<hex>"},
	}
	for _, tc := range refusals {
		for _, accept := range []string{gqlResponse, appJSON} {
			t.Run(tc.name+"/"+accept, func(t *testing.T) {
				res := serve(t, h, tc.req(accept))
				wantRefused(t, res, refusedStatus(accept, tc.code), tc.code, tc.msg)
			})
		}
	}

	// An untrusted document is forbidden, not malformed.
	res = serve(t, h, postJSON(t, map[string]any{"query": `{ __typename }`}, gqlResponse))
	if res.status != http.StatusForbidden {
		t.Errorf("an untrusted document: status %d, want 403", res.status)
	}

	// The refused registration registered nothing.
	res = serve(t, h, postJSON(t, map[string]any{"extensions": apq(digest(newQuery))}, gqlResponse))
	wantRefused(t, res, http.StatusBadRequest, resolvers.CodePersistedQueryNotFound, "no trusted document has the digest")
}

// TestDocumentIDWithoutTrustedDocuments checks that a server without
// trusted documents says it does not serve documents by id.
func TestDocumentIDWithoutTrustedDocuments(t *testing.T) {
	h := newServer(t, server.Config{})
	res := serve(t, h, postJSON(t, map[string]any{"documentId": "sha256:" + digest(trustedCounts)}, gqlResponse))
	wantRefused(t, res, http.StatusBadRequest, resolvers.CodeBadRequest, "does not serve persisted documents by documentId")
}

// TestLoadTrustedDocuments checks that a manifest that is not what it
// should be is refused, with a message that names the file and the key.
func TestLoadTrustedDocuments(t *testing.T) {
	good := digest(trustedCounts)
	tests := []struct {
		name, content string
		msgs          []string
	}{
		{"bad key", `{"not-a-digest": "{ __typename }"}`, []string{`key "not-a-digest" is not a SHA-256 hex digest`}},
		{"short key", `{"sha256:abcd": "{ __typename }"}`, []string{`key "sha256:abcd" is not a SHA-256 hex digest`}},
		{"wrong digest", `{"` + good + `": "{ __typename }"}`, []string{`key "` + good + `" is not the SHA-256 of its document`, "that is " + digest("{ __typename }")}},
		{"empty manifest", `{}`, []string{"holds no document"}},
		{"null manifest", `null`, []string{"holds no document"}},
		{"not an object", `["{ __typename }"]`, []string{"want a JSON object mapping SHA-256 hex digests to documents"}},
		{"not JSON", `{"a": `, []string{"want a JSON object"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeManifest(t, tc.content)
			docs, err := resolvers.LoadTrustedDocuments(path)
			if err == nil {
				t.Fatalf("loaded %d documents, want an error", len(docs))
			}
			for _, msg := range append(tc.msgs, path) {
				if !strings.Contains(err.Error(), msg) {
					t.Errorf("error %q does not say %q", err, msg)
				}
			}
		})
	}
	if _, err := resolvers.LoadTrustedDocuments(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("a missing manifest: %v, want an error naming it", err)
	}
}
