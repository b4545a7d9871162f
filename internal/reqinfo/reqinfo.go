// Package reqinfo carries what one HTTP request learns about itself as it is
// served — its id, the GraphQL operation it ran, how that ended and how many
// store calls it made — from the handlers that know each fact to the access
// log and the metrics that report them.
package reqinfo

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
)

// Info is what is known of one request. Its methods are safe for concurrent
// use: resolvers of one request run in parallel.
type Info struct {
	// ID is the request id, echoed as X-Request-Id.
	ID string
	// Client is the client address the request is attributed to.
	Client string

	storeCalls atomic.Int64

	mu        sync.Mutex
	operation string
	outcome   string
}

type ctxKey struct{}

// With returns ctx carrying info.
func With(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, ctxKey{}, info)
}

// From returns the Info of ctx, or nil outside a request.
func From(ctx context.Context) *Info {
	info, _ := ctx.Value(ctxKey{}).(*Info)
	return info
}

// SetOperation records the name of the GraphQL operation the request ran
// (empty for an anonymous one).
func (i *Info) SetOperation(name string) {
	if i == nil {
		return
	}
	i.mu.Lock()
	i.operation = name
	i.mu.Unlock()
}

// SetOutcome records how the request ended: "ok", or the extensions.code
// of the error that decided its answer. The first outcome recorded wins.
func (i *Info) SetOutcome(outcome string) {
	if i == nil {
		return
	}
	i.mu.Lock()
	if i.outcome == "" {
		i.outcome = outcome
	}
	i.mu.Unlock()
}

// Operation returns the operation name recorded, if any.
func (i *Info) Operation() string {
	if i == nil {
		return ""
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.operation
}

// Outcome returns the outcome recorded, if any.
func (i *Info) Outcome() string {
	if i == nil {
		return ""
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.outcome
}

// AddStoreCall counts one call to the graph store.
func (i *Info) AddStoreCall() {
	if i != nil {
		i.storeCalls.Add(1)
	}
}

// StoreCalls returns the number of store calls counted.
func (i *Info) StoreCalls() int64 {
	if i == nil {
		return 0
	}
	return i.storeCalls.Load()
}

// LogHandler wraps a slog.Handler so that every record logged with the
// context of a request carries its request_id.
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ slog.Handler }

// Handle implements slog.Handler.
func (h logHandler) Handle(ctx context.Context, r slog.Record) error {
	if info := From(ctx); info != nil && info.ID != "" {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", info.ID))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup implements slog.Handler.
func (h logHandler) WithGroup(name string) slog.Handler {
	return logHandler{h.Handler.WithGroup(name)}
}
