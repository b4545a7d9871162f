package server

import (
	"context"
	"iter"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/reqinfo"
	"github.com/nexus-graph/nexus/resolvers"
)

// maxOperationNames bounds how many distinct operation names the metrics
// keep as label values; later ones count as "other", so that no client can
// grow the metrics without bound by inventing names.
const maxOperationNames = 200

// validOperationName is a GraphQL name short enough to be a label value.
var validOperationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// metrics are the Prometheus metrics of one Server, in a registry of its
// own (served at /metrics) with the Go runtime and process collectors.
type metrics struct {
	registry      *prometheus.Registry
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	refused       *prometheus.CounterVec
	inFlight      prometheus.Gauge
	storeCalls    *prometheus.CounterVec
	storeDuration *prometheus.HistogramVec

	mu         sync.Mutex
	operations map[string]bool
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nexus_http_requests_total",
			Help: "HTTP requests answered, by endpoint, GraphQL operation name (\"\" when anonymous, \"other\" past the first names seen) and outcome (ok, or the extensions.code that decided the answer).",
		}, []string{"endpoint", "operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "nexus_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by endpoint and outcome.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"endpoint", "outcome"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nexus_http_requests_refused_total",
			Help: "Requests refused by a limit, by reason (the extensions.code: RATE_LIMITED, OVERLOADED, PAYLOAD_TOO_LARGE, DOCUMENT_TOO_LARGE, COMPLEXITY_LIMIT_EXCEEDED, RESULT_TOO_LARGE, TIMEOUT, PERSISTED_QUERY_REQUIRED…).",
		}, []string{"reason"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "nexus_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
		storeCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nexus_store_calls_total",
			Help: "Calls to the graph store, by method and outcome (ok, or the graph error code).",
		}, []string{"method", "outcome"}),
		storeDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "nexus_store_call_duration_seconds",
			Help:    "Time of a call to the graph store, by method.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method"}),
		operations: map[string]bool{},
	}
	m.registry.MustRegister(m.requests, m.duration, m.refused, m.inFlight, m.storeCalls, m.storeDuration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// observe records one answered request.
func (m *metrics) observe(endpoint string, info *reqinfo.Info, status int, took time.Duration) {
	outcome := info.Outcome()
	if outcome == "" {
		outcome = "ok"
		if status >= 400 {
			outcome = "http_" + strconv.Itoa(status)
		}
	}
	operation := ""
	if endpoint == "graphql" {
		operation = m.operationLabel(info.Operation())
	}
	m.requests.WithLabelValues(endpoint, operation, outcome).Inc()
	m.duration.WithLabelValues(endpoint, outcome).Observe(took.Seconds())
	if resolvers.IsRefusal(outcome) {
		m.refused.WithLabelValues(outcome).Inc()
	}
}

// operationLabel returns the label value of an operation name.
func (m *metrics) operationLabel(name string) string {
	if name == "" {
		return ""
	}
	if !validOperationName.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.operations[name] {
		return name
	}
	if len(m.operations) >= maxOperationNames {
		return "other"
	}
	m.operations[name] = true
	return name
}

// countingStore is the store as the handlers see it: every call is counted
// for its request (the access log's store_calls) and in the metrics, and
// so is every read of the snapshots it hands out. The stores are named
// fields, not embedded, so that a method added to graph.Store or
// graph.Reader cannot be passed through uncounted by mistake.
type countingStore struct {
	countingReader
	next graph.Store
}

// countingReader counts the reads of a store or of one of its snapshots.
type countingReader struct {
	next graph.Reader
	m    *metrics
}

// countingSnapshot is a snapshot whose reads are counted.
type countingSnapshot struct {
	countingReader
	next graph.Snapshot
}

var (
	_ graph.Store    = countingStore{}
	_ graph.Snapshot = countingSnapshot{}
)

// newCountingStore returns next with its calls counted in m.
func newCountingStore(next graph.Store, m *metrics) countingStore {
	return countingStore{countingReader: countingReader{next: next, m: m}, next: next}
}

// done ends the span of a call of method and records it that started at start and ended with err.
func (c countingReader) done(ctx context.Context, span trace.Span, method string, start time.Time, err error) {
	reqinfo.From(ctx).AddStoreCall()
	outcome := "ok"
	if err != nil {
		outcome = string(graph.ErrorCode(err))
		span.SetStatus(codes.Error, outcome)
	}
	span.End()
	c.m.storeCalls.WithLabelValues(method, outcome).Inc()
	c.m.storeDuration.WithLabelValues(method).Observe(time.Since(start).Seconds())
}

// Apply implements graph.Store.
func (c countingStore) Apply(ctx context.Context, b graph.Batch) (err error) {
	ctx, span := startStoreSpan(ctx, "Apply")
	defer func(start time.Time) { c.done(ctx, span, "Apply", start, err) }(time.Now())
	return c.next.Apply(ctx, b)
}

// ApplyStream implements graph.Store.
func (c countingStore) ApplyStream(ctx context.Context, batches iter.Seq2[graph.Batch, error]) (err error) {
	ctx, span := startStoreSpan(ctx, "ApplyStream")
	defer func(start time.Time) { c.done(ctx, span, "ApplyStream", start, err) }(time.Now())
	return c.next.ApplyStream(ctx, batches)
}

// Snapshot implements graph.Store: the snapshot's reads are counted too.
func (c countingStore) Snapshot(ctx context.Context) graph.Snapshot {
	sn := c.next.Snapshot(ctx)
	return countingSnapshot{countingReader: countingReader{next: sn, m: c.m}, next: sn}
}

// Release implements graph.Snapshot.
func (c countingSnapshot) Release() { c.next.Release() }

// Nodes implements graph.Reader.
func (c countingReader) Nodes(ctx context.Context, ids []graph.ID) (_ []*graph.Node, err error) {
	ctx, span := startStoreSpan(ctx, "Nodes")
	defer func(start time.Time) { c.done(ctx, span, "Nodes", start, err) }(time.Now())
	return c.next.Nodes(ctx, ids)
}

// FindNodes implements graph.Reader.
func (c countingReader) FindNodes(ctx context.Context, q graph.NodeQuery) (_ graph.NodePage, err error) {
	ctx, span := startStoreSpan(ctx, "FindNodes")
	defer func(start time.Time) { c.done(ctx, span, "FindNodes", start, err) }(time.Now())
	return c.next.FindNodes(ctx, q)
}

// Relationships implements graph.Reader.
func (c countingReader) Relationships(ctx context.Context, ids []graph.ID, q graph.RelQuery) (_ map[graph.ID][]*graph.Relationship, err error) {
	ctx, span := startStoreSpan(ctx, "Relationships")
	defer func(start time.Time) { c.done(ctx, span, "Relationships", start, err) }(time.Now())
	return c.next.Relationships(ctx, ids, q)
}

// Neighborhood implements graph.Reader.
func (c countingReader) Neighborhood(ctx context.Context, root graph.ID, q graph.NeighborhoodQuery) (_ graph.Subgraph, err error) {
	ctx, span := startStoreSpan(ctx, "Neighborhood")
	defer func(start time.Time) { c.done(ctx, span, "Neighborhood", start, err) }(time.Now())
	return c.next.Neighborhood(ctx, root, q)
}

// ShortestPaths implements graph.Reader.
func (c countingReader) ShortestPaths(ctx context.Context, from, to graph.ID, q graph.PathQuery) (_ []graph.Path, err error) {
	ctx, span := startStoreSpan(ctx, "ShortestPaths")
	defer func(start time.Time) { c.done(ctx, span, "ShortestPaths", start, err) }(time.Now())
	return c.next.ShortestPaths(ctx, from, to, q)
}

// Expand implements graph.Reader.
func (c countingReader) Expand(ctx context.Context, hops []graph.Hop) (_ []graph.Expansion, err error) {
	ctx, span := startStoreSpan(ctx, "Expand")
	defer func(start time.Time) { c.done(ctx, span, "Expand", start, err) }(time.Now())
	return c.next.Expand(ctx, hops)
}

// Search implements graph.Reader.
func (c countingReader) Search(ctx context.Context, q graph.SearchQuery) (_ []graph.SearchHit, err error) {
	ctx, span := startStoreSpan(ctx, "Search")
	defer func(start time.Time) { c.done(ctx, span, "Search", start, err) }(time.Now())
	return c.next.Search(ctx, q)
}

// Counts implements graph.Reader.
func (c countingReader) Counts(ctx context.Context) (_ graph.Counts, err error) {
	ctx, span := startStoreSpan(ctx, "Counts")
	defer func(start time.Time) { c.done(ctx, span, "Counts", start, err) }(time.Now())
	return c.next.Counts(ctx)
}

// Degrees implements graph.Store.
func (c countingStore) Degrees(ctx context.Context) (_ graph.Degrees, err error) {
	ctx, span := startStoreSpan(ctx, "Degrees")
	defer func(start time.Time) { c.done(ctx, span, "Degrees", start, err) }(time.Now())
	return c.next.Degrees(ctx)
}

// Ping implements graph.Store.
func (c countingStore) Ping(ctx context.Context) (err error) {
	ctx, span := startStoreSpan(ctx, "Ping")
	defer func(start time.Time) { c.done(ctx, span, "Ping", start, err) }(time.Now())
	return c.next.Ping(ctx)
}

// Close implements graph.Store; the server does not own the store, so it
// is the caller's to close.
func (c countingStore) Close() error { return nil }
