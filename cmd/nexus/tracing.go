package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// tracingEnabled reports whether the standard OpenTelemetry variables ask
// for traces: an OTLP endpoint, or OTEL_TRACES_EXPORTER=otlp; never with
// OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. Exporters other than
// OTLP over HTTP are refused with a message saying so.
func tracingEnabled(getenv func(string) string) (bool, error) {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return false, nil
	}
	switch exp := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))); exp {
	case "none":
		return false, nil
	case "otlp":
	case "":
		if getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
			return false, nil
		}
	default:
		return false, usageErrorf("OTEL_TRACES_EXPORTER=%s: nexus exports traces with otlp only (or none)", exp)
	}
	for _, name := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		if p := getenv(name); p != "" && p != "http/protobuf" {
			return false, usageErrorf("%s=%s: nexus exports traces over OTLP http/protobuf only", name, p)
		}
	}
	return true, nil
}

// setupTracing starts OpenTelemetry tracing when the standard OTEL_*
// variables ask for it (tracingEnabled): spans of every request, resolver
// and store call go to the OTLP endpoint they name, sampled as
// OTEL_TRACES_SAMPLER says, with the resource of OTEL_SERVICE_NAME (nexus
// by default) and OTEL_RESOURCE_ATTRIBUTES. It returns the function that
// flushes and stops it; without tracing, that does nothing.
func setupTracing(ctx context.Context, getenv func(string) string, logger *slog.Logger) (func(context.Context) error, error) {
	enabled, err := tracingEnabled(getenv)
	if err != nil || !enabled {
		return func(context.Context) error { return nil }, err
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("OpenTelemetry: the OTLP trace exporter: %w", err)
	}
	res, err := resource.Merge(
		resource.NewSchemaless(attribute.String("service.name", "nexus")),
		resource.Environment(), // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win
	)
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, fmt.Errorf("OpenTelemetry: the resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	logger.Info("tracing with OpenTelemetry", "exporter", "otlp/http")
	return tp.Shutdown, nil
}
