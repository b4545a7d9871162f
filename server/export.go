package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rs/cors"

	"github.com/nexus-graph/nexus/export"
	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/reqinfo"
	"github.com/nexus-graph/nexus/resolvers"
)

// ExportPath is where the export endpoint is mounted.
const ExportPath = "/export"

// MaxExportNodes bounds the whole graph an export request returns: beyond
// it the export is truncated (X-Nexus-Truncated: true), and a larger limit
// is refused.
const MaxExportNodes = 10000

// exportParams are the query parameters of GET /export.
var exportParams = []string{"format", "root", "depth", "from", "to", "maxLength", "all", "id", "relationships", "kinds", "limit"}

// exportListParams are the parameters that may be repeated: id, one node
// ID each, and relationships and kinds, each value a comma-separated list.
var exportListParams = []string{"id", "relationships", "kinds"}

// newExportHandler returns the handler of GET /export:
//
//	/export?format=graphml                        the whole graph (at most MaxExportNodes nodes)
//	/export?format=cytoscape&root=ID&depth=2      the neighbourhood of ID
//	/export?format=csv&from=ID&to=ID[&all=true]   the shortest path(s) from one node to another
//	/export?format=jsonl&id=ID1&id=ID2…           these nodes and the relationships between them
//
// with relationships=T1,T2 and kinds=K1,K2 to filter, limit=N to bound,
// maxLength=N for paths. The body is the export, with its media type and a
// file name (Content-Disposition); X-Nexus-Nodes, X-Nexus-Relationships and
// X-Nexus-Truncated say what it holds. A bad parameter is 400, an unknown
// node 404, each with a JSON body {"error":{"code","message","allowed"}}.
//
// The export runs under the request deadline: past it, its work stops and
// the answer is 504 TIMEOUT.
func newExportHandler(store graph.Store, logger *slog.Logger, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeExportError(w, &exportError{status: http.StatusMethodNotAllowed, code: resolvers.CodeMethodNotAllowed,
				message: fmt.Sprintf("method %s is not allowed: use GET", r.Method), allowed: []string{http.MethodGet, http.MethodHead}})
			return
		}
		format, sc, eerr := parseExportQuery(r.URL.Query())
		if eerr != nil {
			writeExportError(w, eerr)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		sg, err := export.Select(ctx, store, sc)
		if err == nil {
			var buf bytes.Buffer
			if err = export.Write(&buf, format, sg); err == nil {
				h := w.Header()
				h.Set("Content-Type", format.ContentType())
				h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": exportFileName(sc, format)}))
				h.Set("Cache-Control", "no-store")
				h.Set("X-Nexus-Nodes", strconv.Itoa(len(sg.Nodes)))
				h.Set("X-Nexus-Relationships", strconv.Itoa(len(sg.Relationships)))
				h.Set("X-Nexus-Truncated", strconv.FormatBool(sg.Truncated))
				h.Set("Content-Length", strconv.Itoa(buf.Len()))
				_, _ = buf.WriteTo(w)
				return
			}
		}
		var code, msg string
		switch {
		case errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil:
			code, msg = resolvers.CodeTimeout, fmt.Sprintf("the export took longer than %s, the most the server allows, and was stopped: export a smaller part (root, depth, limit)", timeout)
		case graph.ErrorCode(err) == graph.Invalid:
			code, msg = resolvers.CodeBadUserInput, graph.ErrorMessage(err)
		case graph.ErrorCode(err) == graph.NotFound:
			code, msg = resolvers.CodeNotFound, graph.ErrorMessage(err)
		case graph.ErrorCode(err) == graph.Unavailable:
			logger.WarnContext(r.Context(), "export: store unavailable", "err", err)
			code, msg = resolvers.CodeUnavailable, "the graph store cannot be reached; try again shortly"
		default:
			logger.ErrorContext(r.Context(), "export: internal error", "query", r.URL.RawQuery, "err", err)
			code, msg = resolvers.CodeInternal, "internal error"
		}
		reqinfo.From(r.Context()).SetOutcome(code)
		writeExportError(w, &exportError{status: resolvers.HTTPStatus(code), code: code, message: msg})
	})
}

// exportError is an error answer of GET /export.
type exportError struct {
	status  int
	code    string
	message string
	allowed []string // the values the parameter allows, when they can be listed
}

// badParam returns a 400 answer about a query parameter.
func badParam(message string, allowed []string) *exportError {
	return &exportError{status: http.StatusBadRequest, code: resolvers.CodeBadUserInput, message: message, allowed: allowed}
}

// writeExportError writes e as JSON: {"error":{"code","message","allowed"}}.
func writeExportError(w http.ResponseWriter, e *exportError) {
	body := struct {
		Error struct {
			Code    string   `json:"code"`
			Message string   `json:"message"`
			Allowed []string `json:"allowed,omitempty"`
		} `json:"error"`
	}{}
	body.Error.Code, body.Error.Message, body.Error.Allowed = e.code, e.message, e.allowed
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(body)
}

// parseExportQuery reads the query parameters of GET /export.
func parseExportQuery(q url.Values) (export.Format, export.Scope, *exportError) {
	var sc export.Scope
	for _, name := range slices.Sorted(maps.Keys(q)) {
		switch {
		case !slices.Contains(exportParams, name):
			return "", sc, badParam(fmt.Sprintf("unknown query parameter %q (allowed: %s)", name, strings.Join(exportParams, ", ")), exportParams)
		case len(q[name]) > 1 && !slices.Contains(exportListParams, name):
			return "", sc, badParam(fmt.Sprintf("query parameter %q given %d times; give it once", name, len(q[name])), nil)
		}
	}

	format := export.FormatGraphML
	if v := q.Get("format"); v != "" {
		f, err := export.ParseFormat(v)
		if err != nil {
			return "", sc, badParam(graph.ErrorMessage(err), export.FormatNames())
		}
		format = f
	}
	sc.Root, sc.From, sc.To = graph.ID(q.Get("root")), graph.ID(q.Get("from")), graph.ID(q.Get("to"))
	for _, id := range q["id"] {
		sc.IDs = append(sc.IDs, graph.ID(id))
	}
	if len(sc.IDs) > export.MaxIDs {
		return "", sc, badParam(fmt.Sprintf("%d id parameters: at most %d", len(sc.IDs), export.MaxIDs), nil)
	}
	if sc.Root != "" {
		sc.Depth = 1
	}
	var eerr *exportError
	intParam := func(name string, lo, hi int, dst *int) {
		v := q.Get(name)
		if v == "" || eerr != nil {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			var allowed []string
			if hi-lo < 20 {
				for i := lo; i <= hi; i++ {
					allowed = append(allowed, strconv.Itoa(i))
				}
			}
			eerr = badParam(fmt.Sprintf("%s %q is not a whole number from %d to %d", name, v, lo, hi), allowed)
			return
		}
		*dst = n
	}
	intParam("depth", 0, graph.MaxDepth, &sc.Depth)
	intParam("maxLength", 1, graph.MaxPathLength, &sc.MaxLength)
	switch {
	case sc.Root != "":
		intParam("limit", 1, graph.MaxNeighborhoodLimit, &sc.Limit)
	case sc.From != "" || sc.To != "":
		intParam("limit", 1, graph.MaxPathsLimit, &sc.Limit)
	case len(sc.IDs) > 0:
		if q.Has("limit") {
			return "", sc, badParam(fmt.Sprintf("limit does not apply to id: give at most %d ids", export.MaxIDs), nil)
		}
	default:
		sc.Limit = MaxExportNodes
		intParam("limit", 1, MaxExportNodes, &sc.Limit)
	}
	if eerr != nil {
		return "", sc, eerr
	}
	if v := q.Get("all"); v != "" {
		all, err := strconv.ParseBool(v)
		if err != nil {
			return "", sc, badParam(fmt.Sprintf("all %q is not true or false", v), []string{"true", "false"})
		}
		sc.All = all
	}
	for _, v := range q["relationships"] {
		for _, t := range export.SplitList(v) {
			if !graph.RelType(t).Valid() {
				allowed := names(graph.RelTypes)
				return "", sc, badParam(fmt.Sprintf("unknown relationship type %q (allowed: %s)", t, strings.Join(allowed, ", ")), allowed)
			}
			sc.Types = append(sc.Types, graph.RelType(t))
		}
	}
	for _, v := range q["kinds"] {
		for _, k := range export.SplitList(v) {
			if !graph.NodeKind(k).Valid() {
				allowed := names(graph.NodeKinds)
				return "", sc, badParam(fmt.Sprintf("unknown node kind %q (allowed: %s)", k, strings.Join(allowed, ", ")), allowed)
			}
			sc.Kinds = append(sc.Kinds, graph.NodeKind(k))
		}
	}
	return format, sc, nil
}

// names returns the names of a list of kinds or types.
func names[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// exportFileName is the name a browser saves an export under.
func exportFileName(sc export.Scope, f export.Format) string {
	switch {
	case sc.Root != "":
		return "nexus-neighborhood" + f.Extension()
	case sc.From != "":
		return "nexus-path" + f.Extension()
	case len(sc.IDs) > 0:
		return "nexus-nodes" + f.Extension()
	}
	return "nexus-graph" + f.Extension()
}

// newExportCORS returns the CORS policy of /export: the origins of /graphql
// (none when the list is empty, as corsPolicy says), GET only, and the headers
// that describe an export exposed to the page.
func newExportCORS(origins []string) *cors.Cors {
	return corsPolicy(origins, cors.Options{
		AllowedMethods: []string{http.MethodGet, http.MethodHead},
		AllowedHeaders: []string{"Accept"},
		ExposedHeaders: []string{"Content-Disposition", "X-Nexus-Nodes", "X-Nexus-Relationships", "X-Nexus-Truncated"},
	})
}
