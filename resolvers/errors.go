package resolvers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/nexus-graph/nexus/graph"
)

// The extensions.code values of the API besides gqlgen's own
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, PERSISTED_QUERY_NOT_FOUND,
// COMPLEXITY_LIMIT_EXCEEDED).
const (
	CodeBadUserInput         = "BAD_USER_INPUT"
	CodeNotFound             = "NOT_FOUND"
	CodeUnavailable          = "UNAVAILABLE"
	CodeUnauthenticated      = "UNAUTHENTICATED"
	CodeInternal             = "INTERNAL_SERVER_ERROR"
	CodeBadRequest           = "BAD_REQUEST"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeNotAcceptable        = "NOT_ACCEPTABLE"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodePayloadTooLarge      = "PAYLOAD_TOO_LARGE"
	// CodeDocumentTooLarge refuses a document over a limit checked before
	// validation: tokens, depth, aliases, directives or fields.
	CodeDocumentTooLarge = "DOCUMENT_TOO_LARGE"
	// CodeComplexity refuses an operation whose cost is over the limit
	// (gqlgen's own code).
	CodeComplexity = "COMPLEXITY_LIMIT_EXCEEDED"
	// CodeResultTooLarge stops an operation that built more result values
	// than a request may.
	CodeResultTooLarge = "RESULT_TOO_LARGE"
	// CodeTimeout stops an operation that ran past the request deadline.
	CodeTimeout = "TIMEOUT"
	// CodeRateLimited refuses a client over its rate limit.
	CodeRateLimited = "RATE_LIMITED"
	// CodeOverloaded refuses a request when the server is serving as many
	// as it may at once.
	CodeOverloaded = "OVERLOADED"
	// CodePersistedQueryRequired refuses a document that is not one of the
	// trusted documents, when only those may run.
	CodePersistedQueryRequired = "PERSISTED_QUERY_REQUIRED"
	// CodePersistedQueryNotFound is gqlgen's code for a persisted query
	// hash it does not know.
	CodePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"
)

// httpStatuses maps every extensions.code to the HTTP status of an answer
// that fails with it, for every endpoint: /graphql (when the answer has no
// data, or with application/graphql-response+json), /export and the
// admission middleware all read it. A code that is not here is 400.
var httpStatuses = map[string]int{
	CodeBadUserInput:           http.StatusBadRequest,
	CodeBadRequest:             http.StatusBadRequest,
	CodeNotFound:               http.StatusNotFound,
	CodeUnavailable:            http.StatusServiceUnavailable,
	CodeUnauthenticated:        http.StatusUnauthorized,
	CodeInternal:               http.StatusInternalServerError,
	CodeMethodNotAllowed:       http.StatusMethodNotAllowed,
	CodeNotAcceptable:          http.StatusNotAcceptable,
	CodeUnsupportedMediaType:   http.StatusUnsupportedMediaType,
	CodePayloadTooLarge:        http.StatusRequestEntityTooLarge,
	CodeDocumentTooLarge:       http.StatusBadRequest,
	CodeComplexity:             http.StatusBadRequest,
	CodeResultTooLarge:         http.StatusUnprocessableEntity,
	CodeTimeout:                http.StatusGatewayTimeout,
	CodeRateLimited:            http.StatusTooManyRequests,
	CodeOverloaded:             http.StatusServiceUnavailable,
	CodePersistedQueryRequired: http.StatusForbidden,
	CodePersistedQueryNotFound: http.StatusBadRequest,
}

// HTTPStatus returns the HTTP status of an answer that fails with code.
func HTTPStatus(code string) int {
	if s, ok := httpStatuses[code]; ok {
		return s
	}
	return http.StatusBadRequest
}

// refusals are the codes of requests refused or stopped by a limit.
var refusals = map[string]bool{
	CodePayloadTooLarge: true, CodeDocumentTooLarge: true, CodeComplexity: true,
	CodeResultTooLarge: true, CodeTimeout: true, CodeRateLimited: true,
	CodeOverloaded: true, CodePersistedQueryRequired: true,
}

// IsRefusal reports whether code says a request was refused or stopped by
// one of the server's limits (and not by a fault of the store or a bad
// argument).
func IsRefusal(code string) bool { return refusals[code] }

// internalMessage is all a client learns of an internal error.
const internalMessage = "internal error"

// unavailableMessage is all a client learns of a store that cannot be
// reached.
const unavailableMessage = "the graph store cannot be reached; try again shortly"

// codeFor maps a graph error code to an extensions.code.
func codeFor(c graph.Code) string {
	switch c {
	case graph.Invalid:
		return CodeBadUserInput
	case graph.NotFound:
		return CodeNotFound
	case graph.Unavailable:
		return CodeUnavailable
	case graph.Unauthorized:
		return CodeUnauthenticated
	}
	return CodeInternal
}

// badInput returns an Invalid graph error, shown as BAD_USER_INPUT.
func badInput(format string, args ...any) error {
	return graph.Errorf(graph.Invalid, format, args...)
}

// errorPresenter turns every error a resolver returns into a GraphQL error
// with an extensions.code. A *graph.Error keeps its message unless it is
// internal. A GraphQL error made by gqlgen or by this package (one that wraps
// no Go error) already says what went wrong and is kept. Any other error is
// internal: it is logged, and the client sees only "internal error".
func errorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if err == nil {
			return nil
		}
		if errors.Is(err, errStopped) {
			// A field of a stopped operation: the answer is replaced by the
			// one error that says why, so this one costs nothing, not even
			// its path.
			return stoppedField
		}
		var gerr *gqlerror.Error
		if !errors.As(err, &gerr) {
			gerr = gqlerror.WrapPath(graphql.GetPath(ctx), err)
		}
		var ge *graph.Error
		// A *graph.Error, or a canceled or expired context (Unavailable: the
		// client went away or the request ran out of time; nothing is broken).
		if errors.As(err, &ge) || graph.ErrorCode(err) == graph.Unavailable {
			code := codeFor(graph.ErrorCode(err))
			msg := graph.ErrorMessage(err)
			switch code {
			case CodeInternal:
				logger.ErrorContext(ctx, "graphql: internal error", "path", gerr.Path.String(), "err", err)
				msg = internalMessage
			case CodeUnavailable:
				logger.WarnContext(ctx, "graphql: store unavailable", "path", gerr.Path.String(), "err", err)
				if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
					// What failed, and how the store is reached, is the
					// operator's business: the log has it.
					msg = unavailableMessage
				}
			}
			return &gqlerror.Error{
				Message:    msg,
				Path:       gerr.Path,
				Locations:  gerr.Locations,
				Extensions: map[string]any{"code": code},
			}
		}
		if gerr.Err == nil {
			return gerr
		}
		logger.ErrorContext(ctx, "graphql: internal error", "path", gerr.Path.String(), "err", err)
		return internalError(gerr.Path, gerr.Locations)
	}
}

// stoppedField is the error of every field of a stopped operation.
var stoppedField = &gqlerror.Error{Message: "stopped", Extensions: map[string]any{"code": CodeBadRequest}}

// internalError is the error a client sees for anything that is not its fault.
func internalError(path ast.Path, locs []gqlerror.Location) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    internalMessage,
		Path:       path,
		Locations:  locs,
		Extensions: map[string]any{"code": CodeInternal},
	}
}

// recoverFunc turns a panic in a resolver into an internal error, logging
// the panic value and the stack.
func recoverFunc(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return internalError(nil, nil)
	}
}
