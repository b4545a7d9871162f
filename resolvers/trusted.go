package resolvers

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// documentIDKey is where a request's documentId (GraphQL over HTTP's
// persisted documents) is kept among its extensions until it is resolved.
const documentIDKey = "\x00documentId"

// sha256Hex is a SHA-256 digest in lower-case hex.
var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// LoadTrustedDocuments reads a trusted documents manifest: a JSON object
// mapping the SHA-256 hex of each document to the document, as GraphQL Code
// Generator's client preset writes it for persisted documents. Every key
// must be the digest of its document.
func LoadTrustedDocuments(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("trusted documents: %w", err)
	}
	var docs map[string]string
	if err := json.Unmarshal(data, &docs); err != nil {
		return nil, fmt.Errorf("trusted documents %s: want a JSON object mapping SHA-256 hex digests to documents: %w", path, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("trusted documents %s: the manifest holds no document", path)
	}
	out := make(map[string]string, len(docs))
	for key, doc := range docs {
		k := strings.ToLower(strings.TrimPrefix(key, "sha256:"))
		if !sha256Hex.MatchString(k) {
			return nil, fmt.Errorf("trusted documents %s: key %q is not a SHA-256 hex digest", path, key)
		}
		if sum := sha256.Sum256([]byte(doc)); hex.EncodeToString(sum[:]) != k {
			return nil, fmt.Errorf("trusted documents %s: key %q is not the SHA-256 of its document (that is %s)", path, key, hex.EncodeToString(sum[:]))
		}
		out[k] = doc
	}
	return out, nil
}

// decodeDocumentID reads the documentId parameter of a POST body.
func decodeDocumentID(raw json.RawMessage, p *graphql.RawParams) error {
	var id string
	if err := decodeParam("documentId", raw, &id); err != nil {
		return err
	}
	if id != "" {
		if p.Extensions == nil {
			p.Extensions = map[string]any{}
		}
		p.Extensions[documentIDKey] = id
	}
	return nil
}

// resolveDocument puts in p.Query the document that p asks for by
// documentId or persisted-query hash. Without trusted documents, a
// documentId is refused and a persisted-query hash is left to gqlgen's
// automatic persisted queries. With them, only their documents run: one
// asked for by id or hash, or sent as text whose digest is in the manifest.
func (t httpTransport) resolveDocument(p *graphql.RawParams) *gqlerror.Error {
	id, _ := p.Extensions[documentIDKey].(string)
	delete(p.Extensions, documentIDKey)
	if t.trusted == nil {
		if id != "" {
			return &gqlerror.Error{
				Message:    "this server does not serve persisted documents by documentId: send the document in \"query\"",
				Extensions: map[string]any{"code": CodeBadRequest},
			}
		}
		return nil
	}
	hash := ""
	switch {
	case id != "":
		var ok bool
		if hash, ok = strings.CutPrefix(id, "sha256:"); !ok {
			return &gqlerror.Error{
				Message:    fmt.Sprintf("documentId %q is not of the form sha256:<hex>", id),
				Extensions: map[string]any{"code": CodeBadRequest},
			}
		}
	case p.Extensions["persistedQuery"] != nil:
		pq, _ := p.Extensions["persistedQuery"].(map[string]any)
		hash, _ = pq["sha256Hash"].(string)
		delete(p.Extensions, "persistedQuery")
	case p.Query != "":
		sum := sha256.Sum256([]byte(p.Query))
		hash = hex.EncodeToString(sum[:])
		if _, ok := t.trusted[hash]; !ok {
			return &gqlerror.Error{
				Message: "this server runs only its trusted documents, and this document is not one of them: " +
					"ask for a trusted document by its documentId (sha256:<hex>)",
				Extensions: map[string]any{"code": CodePersistedQueryRequired},
			}
		}
	}
	doc, ok := t.trusted[strings.ToLower(hash)]
	if !ok {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("no trusted document has the digest %q: this server runs only the documents of its manifest", hash),
			Extensions: map[string]any{"code": CodePersistedQueryNotFound},
		}
	}
	if p.Query != "" && p.Query != doc {
		return &gqlerror.Error{
			Message:    "the query sent is not the trusted document its digest names",
			Extensions: map[string]any{"code": CodeBadRequest},
		}
	}
	p.Query = doc
	return nil
}
