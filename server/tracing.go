package server

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// tracer makes the spans of the HTTP layer and of store calls. With no
// tracer provider configured (nexus serve sets one up only when the
// standard OTEL_* variables ask for it) its spans are no-ops.
var tracer = otel.Tracer("github.com/nexus-graph/nexus/server")

// propagator reads the W3C trace context of an incoming request, so that a
// request traced by a proxy or client continues its trace.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// startRequestSpan starts the span of one HTTP request, as a child of the
// trace context the request carries, if any.
func startRequestSpan(r *http.Request, endpoint string) (context.Context, trace.Span) {
	ctx := propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	return tracer.Start(ctx, r.Method+" "+endpoint,
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(
			attribute.String("http.request.method", r.Method),
			attribute.String("url.path", r.URL.Path),
		))
}

// endRequestSpan records the answer of a request on its span and ends it.
func endRequestSpan(span trace.Span, status int, attrs ...attribute.KeyValue) {
	span.SetAttributes(attribute.Int("http.response.status_code", status))
	span.SetAttributes(attrs...)
	if status >= 500 {
		span.SetStatus(codes.Error, http.StatusText(status))
	}
	span.End()
}

// noSpan is a span that records nothing.
var noSpan = trace.SpanFromContext(context.Background())

// startStoreSpan starts the span of a store call, when the request is
// traced.
func startStoreSpan(ctx context.Context, method string) (context.Context, trace.Span) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return ctx, noSpan
	}
	return tracer.Start(ctx, "store."+method, trace.WithSpanKind(trace.SpanKindClient))
}
