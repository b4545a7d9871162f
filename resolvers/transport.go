package resolvers

import (
	"go.opentelemetry.io/otel/trace"

	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/nexus-graph/nexus/internal/reqinfo"
)

// The response media types.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

// httpTransport serves GraphQL over HTTP as the GraphQL-over-HTTP
// specification (draft) describes it, SHOULDs included. gqlgen's own GET and
// POST transports differ from it (no 406 or 415, 422 for invalid documents,
// 406 for a mutation over GET, no charset), hence this one, which handles
// every request to the endpoint:
//
//   - Methods: GET and POST; any other method is 405 with Allow: GET, POST.
//     A mutation over GET is 405 with Allow: POST.
//   - Request body (POST): Content-Type application/json, UTF-8 (a charset
//     parameter, if any, must be utf-8); anything else, or none, is 415.
//   - Response media type, from Accept: application/graphql-response+json or
//     application/json, whichever has the higher quality; on a tie the one
//     named exactly over one matched by a wildcard, then
//     application/graphql-response+json. No Accept header, */* and
//     application/* alone mean application/json (for legacy clients, as the
//     GraphQL-over-HTTP audit expects). Accept naming neither is 406. The
//     Content-Type of the response carries charset=utf-8.
//   - Status: 400 for a request that is not well formed (unreadable JSON,
//     parameters of the wrong type, no query); 413 for a body over the size
//     limit. A well-formed request that fails before execution (parse,
//     validation, variable coercion, complexity, persisted query not found)
//     is 400 with application/graphql-response+json and 200 with
//     application/json. An executed request is 200, field errors or not.
type httpTransport struct {
	maxBodyBytes int64
	schema       *ast.Schema
	limits       DocumentLimits
	timeout      time.Duration
	maxValues    int64
	suggestions  bool                              // "Did you mean…" in error messages
	trusted      map[string]string                 // nil: any document runs
	parsed       graphql.Cache[*ast.QueryDocument] // gqlgen's cache of validated documents
	logger       *slog.Logger
}

var _ graphql.Transport = httpTransport{}

// Supports implements graphql.Transport: this transport answers every request.
func (t httpTransport) Supports(*http.Request) bool { return true }

// Do implements graphql.Transport.
func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	w.Header().Add("Vary", "Accept")
	media, ok := negotiate(r.Header.Values("Accept"))
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		if !ok {
			media = mediaJSON
		}
		w.Header().Set("Allow", "GET, POST")
		sendRequestError(w, media, http.StatusMethodNotAllowed, CodeMethodNotAllowed,
			fmt.Sprintf("method %s is not allowed: use POST, or GET for queries", r.Method))
		return
	}
	if !ok {
		sendRequestError(w, mediaJSON, http.StatusNotAcceptable, CodeNotAcceptable,
			"none of the media types in Accept is supported: accept application/graphql-response+json or application/json")
		return
	}

	var params *graphql.RawParams
	var status int
	var perr error
	start := graphql.Now()
	if r.Method == http.MethodGet {
		params, perr = getParams(r.URL.RawQuery)
		status = http.StatusBadRequest
	} else {
		params, status, perr = t.postParams(w, r)
	}
	if perr != nil {
		code := CodeBadRequest
		switch status {
		case http.StatusUnsupportedMediaType:
			code = CodeUnsupportedMediaType
		case http.StatusRequestEntityTooLarge:
			code = CodePayloadTooLarge
		}
		sendRequestError(w, media, status, code, perr.Error())
		return
	}
	info := reqinfo.From(r.Context())
	if perr := t.resolveDocument(params); perr != nil {
		t.preExecutionError(w, r, media, gqlerror.List{perr})
		return
	}
	var doc *ast.QueryDocument
	if params.Query != "" {
		// A document in the cache passed the limits and validation
		// before: it is not parsed again.
		var cached bool
		if doc, cached = t.parsed.Get(r.Context(), params.Query); !cached {
			var lerr *gqlerror.Error
			if doc, lerr = checkDocument(params.Query, t.limits); lerr != nil {
				t.preExecutionError(w, r, media, gqlerror.List{lerr})
				return
			}
		}
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	if r.Method == http.MethodGet && isMutation(doc, params.OperationName) {
		mutationOverGet(w, media)
		return
	}

	// The deadline and the budget of the operation: every resolver, loader
	// and store call runs under ctx, and countValues stops the fields once
	// either is spent.
	ctx, cancel := context.WithTimeout(r.Context(), t.timeout)
	defer cancel()
	ctx = context.WithValue(ctx, timeoutKey{}, t.timeout)
	b := &budget{max: t.maxValues, traced: trace.SpanFromContext(ctx).IsRecording()}
	ctx = context.WithValue(ctx, budgetKey{}, b)

	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		if ctx.Err() != nil {
			t.stopped(w, r, media, stopError(ctx))
			return
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), t.classify(errs))
		t.preExecutionError(w, r, media, resp.Errors)
		return
	}
	if opCtx.Operation != nil {
		info.SetOperation(opCtx.Operation.Name)
	}
	if r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query {
		// The document came from the persisted-query cache.
		mutationOverGet(w, media)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil {
		// A resolver stuck in the store returns the context's error when
		// the deadline passes, before any field is left to see it: the
		// answer is the deadline's, not the store call's.
		b.stop(timeoutError(ctx))
	}
	if e := b.stopped.Load(); e != nil {
		t.stopped(w, r, media, e)
		return
	}
	if resp != nil {
		resp.Errors = capErrors(resp.Errors)
		info.SetOutcome(outcomeOf(resp.Errors))
	}
	writeResponse(w, media, http.StatusOK, resp)
}

// preExecutionError answers a well-formed request that fails before
// execution: 400 (or the status its code maps to) with
// application/graphql-response+json, 200 with application/json.
func (t httpTransport) preExecutionError(w http.ResponseWriter, r *http.Request, media string, errs gqlerror.List) {
	errs = capErrors(errs)
	code := outcomeOf(errs)
	reqinfo.From(r.Context()).SetOutcome(code)
	status := http.StatusOK
	if media == mediaGraphQLResponse {
		status = HTTPStatus(code)
	}
	writeResponse(w, media, status, &graphql.Response{Errors: errs})
}

// stopped answers an operation stopped by its deadline or its budget: the
// one error that says why, and no data, as an error before execution is
// answered (504 for TIMEOUT with application/graphql-response+json).
func (t httpTransport) stopped(w http.ResponseWriter, r *http.Request, media string, e *gqlerror.Error) {
	t.logger.WarnContext(r.Context(), "graphql: operation stopped", "code", e.Extensions["code"], "reason", e.Message)
	t.preExecutionError(w, r, media, gqlerror.List{e})
}

// outcomeOf is the outcome of an answer with errs: the code of its first
// error, or "ok".
func outcomeOf(errs gqlerror.List) string {
	for _, e := range errs {
		if code, ok := e.Extensions["code"].(string); ok && code != "" {
			return code
		}
	}
	if len(errs) > 0 {
		return CodeBadRequest
	}
	return "ok"
}

// mutationOverGet answers a GET request whose operation is not a query.
func mutationOverGet(w http.ResponseWriter, media string) {
	w.Header().Set("Allow", "POST")
	sendRequestError(w, media, http.StatusMethodNotAllowed, CodeMethodNotAllowed,
		"GET can only run queries: send mutations with POST")
}

// isMutation reports whether the operation doc selects (by name, or the
// only one) is a mutation.
func isMutation(doc *ast.QueryDocument, operationName string) bool {
	if doc == nil {
		return false
	}
	op := doc.Operations.ForName(operationName)
	return op != nil && op.Operation == ast.Mutation
}

// requestBody is the JSON body of a POST request. Each parameter is kept raw
// so that a parameter of the wrong type is reported as such.
type requestBody struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
	DocumentID    json.RawMessage `json:"documentId"`
}

// postParams reads the parameters of a POST request. On error it returns
// the status to answer with.
func (t httpTransport) postParams(w http.ResponseWriter, r *http.Request) (*graphql.RawParams, int, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, http.StatusUnsupportedMediaType, errors.New("missing Content-Type: send the request as application/json")
	}
	mt, ctParams, err := mime.ParseMediaType(ct)
	if err != nil || mt != mediaJSON {
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("unsupported Content-Type %q: send the request as application/json", ct)
	}
	if cs, ok := ctParams["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("unsupported charset %q: send the request in utf-8", cs)
	}
	// Read into a buffer of the announced size (within the limit, and at
	// first at most 64 KiB, so that a client announcing a large body it
	// does not send holds little): io.ReadAll would grow its buffer from
	// 512 bytes, copying the body several times over.
	buf := bytes.NewBuffer(make([]byte, 0, min(max(r.ContentLength, 0), t.maxBodyBytes, 64<<10)+bytes.MinRead))
	if _, err = buf.ReadFrom(http.MaxBytesReader(w, r.Body, t.maxBodyBytes)); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body is larger than %d bytes", t.maxBodyBytes)
		}
		// The cause may name the connection's addresses: it goes to the
		// log, the client learns what it can fix.
		t.logger.WarnContext(r.Context(), "graphql: could not read a request body", "err", err)
		return nil, http.StatusBadRequest, errors.New("could not read the request body: it was cut off or sent too slowly")
	}
	var rb requestBody
	if err := decodeJSON(buf.Bytes(), &rb); err != nil {
		return nil, http.StatusBadRequest, bodyError(err)
	}
	p := &graphql.RawParams{}
	if err := decodeParam("query", rb.Query, &p.Query); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeParam("operationName", rb.OperationName, &p.OperationName); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeParam("variables", rb.Variables, &p.Variables); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeParam("extensions", rb.Extensions, &p.Extensions); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeDocumentID(rb.DocumentID, p); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := checkQuery(p); err != nil {
		return nil, http.StatusBadRequest, err
	}
	return p, 0, nil
}

// getParams reads the parameters of a GET request from its query string.
func getParams(rawQuery string) (*graphql.RawParams, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, fmt.Errorf("malformed query string: %w", err)
	}
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if v := q.Get("variables"); v != "" {
		if err := decodeParam("variables", json.RawMessage(v), &p.Variables); err != nil {
			return nil, err
		}
	}
	if v := q.Get("extensions"); v != "" {
		if err := decodeParam("extensions", json.RawMessage(v), &p.Extensions); err != nil {
			return nil, err
		}
	}
	if v := q.Get("documentId"); v != "" {
		if p.Extensions == nil {
			p.Extensions = map[string]any{}
		}
		p.Extensions[documentIDKey] = v
	}
	if err := checkQuery(p); err != nil {
		return nil, err
	}
	return p, nil
}

// checkQuery reports a request without a document, unless it names a
// persisted query or a trusted document.
func checkQuery(p *graphql.RawParams) error {
	if p.Query == "" && p.Extensions["persistedQuery"] == nil && p.Extensions[documentIDKey] == nil {
		return errors.New(`missing "query": send the GraphQL document in the "query" parameter`)
	}
	return nil
}

// decodeParam decodes one request parameter; null or absent leaves v zero.
func decodeParam(name string, raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := decodeJSON(raw, v); err != nil {
		want := "a JSON object"
		switch v.(type) {
		case *string:
			want = "a string"
		}
		return fmt.Errorf("parameter %q must be %s", name, want)
	}
	return nil
}

// decodeJSON decodes exactly one JSON value, keeping numbers exact. A value
// that holds no number of its own (the request body, whose parameters stay
// raw, or a string) is decoded in place: a json.Decoder would first copy the
// data into a buffer grown step by step, several times the size of a large
// body. A value cut off is io.ErrUnexpectedEOF, no value io.EOF.
func decodeJSON(data []byte, v any) error {
	if _, ok := v.(*map[string]any); !ok {
		err := json.Unmarshal(data, v)
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) && strings.HasPrefix(syntax.Error(), "unexpected end of JSON input") {
			if len(bytes.TrimSpace(data)) == 0 {
				return io.EOF
			}
			return io.ErrUnexpectedEOF
		}
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// acceptance is how much a client wants one media type: the quality of the
// most specific Accept range that matches it.
type acceptance struct {
	q     float64
	exact bool // matched by name, not by a wildcard
	seen  bool
}

// consider records a matching Accept range: a range naming the type takes
// precedence over a wildcard, whatever their order (RFC 9110, 12.5.1).
func (a *acceptance) consider(q float64, exact bool) {
	if !a.seen || (exact && !a.exact) || (exact == a.exact && q > a.q) {
		*a = acceptance{q: q, exact: exact, seen: true}
	}
}

// negotiate chooses the response media type from the Accept header values.
// It reports false when none of the supported types is acceptable.
func negotiate(accept []string) (string, bool) {
	header := strings.TrimSpace(strings.Join(accept, ","))
	if header == "" {
		return mediaJSON, true
	}
	var gr, js acceptance
	for part := range strings.SplitSeq(header, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		switch mt {
		case mediaGraphQLResponse:
			gr.consider(q, true)
		case mediaJSON:
			js.consider(q, true)
		case "*/*", "application/*":
			gr.consider(q, false)
			js.consider(q, false)
		}
	}
	grOK, jsOK := gr.seen && gr.q > 0, js.seen && js.q > 0
	switch {
	case grOK && jsOK:
		if gr.q != js.q {
			if gr.q > js.q {
				return mediaGraphQLResponse, true
			}
			return mediaJSON, true
		}
		if gr.exact {
			// Named (alone or with application/json at the same quality).
			return mediaGraphQLResponse, true
		}
		// Only a wildcard, or application/json named: legacy clients get
		// what they have always had.
		return mediaJSON, true
	case grOK:
		return mediaGraphQLResponse, true
	case jsOK:
		return mediaJSON, true
	}
	return "", false
}

// classify gives every error raised before execution an extensions.code a
// client can act on: a bad argument value or a bad variable is
// BAD_USER_INPUT (with the allowed values of an enum), an error gqlgen left
// without a code is BAD_REQUEST. Without suggestions, the "Did you mean…"
// that would reveal the schema is left out of every message.
func (t httpTransport) classify(errs gqlerror.List) gqlerror.List {
	defer func() {
		if !t.suggestions {
			for _, e := range errs {
				e.Message = withoutSuggestion(e.Message)
			}
		}
	}()
	for _, e := range errs {
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		isVariable := len(e.Path) > 0 && e.Path[0] == ast.PathName("variable")
		switch {
		case isVariable:
			e.Extensions["code"] = CodeBadUserInput
			e.Message = "variable " + variableName(e.Path) + ": " + t.withEnumValues(e.Message)
		case e.Rule == "ValuesOfCorrectType" || e.Rule == ruleDates:
			e.Extensions["code"] = CodeBadUserInput
			e.Message = t.withEnumValues(e.Message)
		case e.Extensions["code"] == nil:
			e.Extensions["code"] = CodeBadRequest
		}
	}
	return errs
}

// withoutSuggestion cuts a "Did you mean …?" suggestion out of a message.
func withoutSuggestion(msg string) string {
	if i := strings.Index(msg, " Did you mean"); i >= 0 {
		return msg[:i]
	}
	return msg
}

// bodyError explains why a request body is not a JSON object, in the
// client's terms: where the JSON breaks, or what it holds instead, never
// the server's own types.
func bodyError(err error) error {
	const want = `the request body must be a JSON object such as {"query": "{ __typename }"}`
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("%s: the JSON is malformed at byte %d", want, syntax.Offset)
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return fmt.Errorf("%s, not a JSON %s", want, typeErr.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: the body is empty or cut off", want)
	}
	return errors.New(want)
}

// variableName renders the path of an error in the variables, e.g.
// ["variable", "filter", "kind"] as $filter.kind.
func variableName(p ast.Path) string {
	var b strings.Builder
	for i, el := range p[1:] {
		switch x := el.(type) {
		case ast.PathName:
			if i == 0 {
				b.WriteString("$")
			} else {
				b.WriteString(".")
			}
			b.WriteString(string(x))
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(x))
		}
	}
	return b.String()
}

// withEnumValues appends the allowed values to a message about a bad enum
// value, e.g. `Value "XX" does not exist in "Lang" enum.` or `"XX" is not a
// valid Lang`; an item of a list names its type with modifiers ("NodeKind!").
func (t httpTransport) withEnumValues(msg string) string {
	if t.schema == nil {
		return msg
	}
	name := ""
	if i := strings.Index(msg, `" enum`); i > 0 {
		if j := strings.LastIndex(msg[:i], `"`); j >= 0 {
			name = msg[j+1 : i]
		}
	} else if i := strings.LastIndex(msg, " is not a valid "); i > 0 {
		name = strings.TrimSpace(msg[i+len(" is not a valid "):])
	}
	def := t.schema.Types[strings.Trim(name, "[]!")]
	if def == nil || def.Kind != ast.Enum {
		return msg
	}
	values := make([]string, len(def.EnumValues))
	for i, v := range def.EnumValues {
		values[i] = v.Name
	}
	return strings.TrimSuffix(msg, ".") + "; want one of " + strings.Join(values, ", ")
}

// sendRequestError answers a request that GraphQL could not even look at.
func sendRequestError(w http.ResponseWriter, media string, status int, code, msg string) {
	writeResponse(w, media, status, &graphql.Response{Errors: gqlerror.List{{
		Message:    msg,
		Extensions: map[string]any{"code": code},
	}}})
}

// wireResponse is a GraphQL response as sent: unlike graphql.Response it
// has no data entry when the request failed before execution, as the
// GraphQL specification requires.
type wireResponse struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// writeResponse writes a GraphQL response with the given media type and status.
func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response) {
	if resp == nil {
		resp = &graphql.Response{Errors: gqlerror.List{internalError(nil, nil)}}
		status = http.StatusInternalServerError
	}
	resp.Errors = capErrors(resp.Errors)
	b, err := json.Marshal(wireResponse{Errors: resp.Errors, Data: resp.Data, Extensions: resp.Extensions})
	if err != nil {
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
