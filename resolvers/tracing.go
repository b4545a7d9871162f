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

// traceField resolves a field of a traced request (countValues calls it
// when the request's span records): a resolver (a field that does work,
// not a plain property) gets a span under the request's, request →
// resolver → store call.
func traceField(ctx context.Context, next graphql.Resolver) (any, error) {
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
