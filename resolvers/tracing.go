package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// tracer makes the spans of resolvers.
var tracer = otel.Tracer("github.com/nexus-graph/nexus/resolvers")

// traceFields is the field middleware that gives every resolver (a field
// that does work, not a plain property) a span under the request's, when
// the request is traced: request → resolver → store call. Untraced
// requests pay one check per field.
func traceFields(ctx context.Context, next graphql.Resolver) (any, error) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return next(ctx)
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !fc.IsResolver {
		return next(ctx)
	}
	ctx, span := tracer.Start(ctx, "graphql.resolve "+fc.Object+"."+fc.Field.Name,
		trace.WithAttributes(
			attribute.String("graphql.field.path", fc.Path().String()),
			attribute.String("graphql.field.type", fc.Field.Definition.Type.String()),
		))
	defer span.End()
	res, err := next(ctx)
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	return res, err
}
