package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/web"
)

// TestTrustedDocumentsKeepThePages checks that with only trusted documents
// allowed, the playground's tabs and the explorer's and insights page's
// queries still run, as sent by the pages, while any other document is
// refused.
func TestTrustedDocumentsKeepThePages(t *testing.T) {
	const own = `{ __typename }`
	sum := sha256.Sum256([]byte(own))
	s, _ := newTestServer(t, Config{GraphQL: resolvers.Options{TrustedDocuments: map[string]string{
		hex.EncodeToString(sum[:]): own,
	}}})
	post := func(body map[string]any) (int, string) {
		t.Helper()
		b, _ := json.Marshal(body)
		req := httptest.NewRequest(http.MethodPost, GraphQLPath, strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	examples, err := web.Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range examples {
		var vars map[string]any
		if e.Variables != "" {
			if err := json.Unmarshal([]byte(e.Variables), &vars); err != nil {
				t.Fatal(err)
			}
		}
		if status, body := post(map[string]any{"query": e.Query, "variables": vars}); status != http.StatusOK || strings.Contains(body, "PERSISTED_QUERY") {
			t.Errorf("playground tab %s: status %d: %.300s", e.Name, status, body)
		}
	}
	status, body := post(map[string]any{"query": web.ExplorerQueries(), "operationName": "ExplorerNode", "variables": map[string]any{"id": "State:FRA"}})
	if status != http.StatusOK || strings.Contains(body, `"errors"`) {
		t.Errorf("explorer: status %d: %.300s", status, body)
	}
	status, body = post(map[string]any{"query": web.InsightsQueries(), "operationName": "InsightsMap", "variables": map[string]any{"instrument": "CT17"}})
	if status != http.StatusOK || strings.Contains(body, `"errors"`) {
		t.Errorf("insights: status %d: %.300s", status, body)
	}
	status, body = post(map[string]any{"query": `{ state(iso3: "FRA") { iso3 } }`})
	if status != http.StatusForbidden || !strings.Contains(body, resolvers.CodePersistedQueryRequired) {
		t.Errorf("an edited document: status %d: %.300s", status, body)
	}
}
