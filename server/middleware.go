package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"

	"github.com/nexus-graph/nexus/internal/reqinfo"
)

// requestIDHeader carries the request id, in the answer always and in the
// request when a proxy in front already gave one.
const requestIDHeader = "X-Request-Id"

// validRequestID is what an incoming X-Request-Id must look like to be
// kept: short, and nothing a log line could be confused by.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// newRequestID returns 16 random bytes in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// observe gives every request an id (echoed as X-Request-Id), attributes it
// to a client address, counts it in flight, and once it is answered writes
// one access log line and the request metrics. Probes of /healthz, /readyz
// and /metrics that succeed are logged at debug level, to keep them from
// drowning the rest.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(requestIDHeader)
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}
		info := &reqinfo.Info{ID: id, Client: clientAddr(r, s.cfg.Limits.TrustedProxies)}
		w.Header().Set(requestIDHeader, id)
		rec := &statusRecorder{ResponseWriter: w}
		endpoint := endpointOf(r.URL.Path)
		s.metrics.inFlight.Inc()
		defer s.metrics.inFlight.Dec()
		ctx, span := startRequestSpan(r, endpoint)
		next.ServeHTTP(rec, r.WithContext(reqinfo.With(ctx, info)))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		took := time.Since(start)
		endRequestSpan(span, rec.status,
			attribute.String("nexus.request_id", id),
			attribute.String("graphql.operation.name", info.Operation()),
			attribute.String("nexus.outcome", info.Outcome()),
			attribute.Int64("nexus.store_calls", info.StoreCalls()))
		s.metrics.observe(endpoint, info, rec.status, took)

		level := slog.LevelInfo
		if endpoint == "probe" && rec.status == http.StatusOK {
			level = slog.LevelDebug
		}
		attrs := []slog.Attr{
			slog.String("request_id", id),
			slog.String("client", info.Client),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", took),
		}
		if endpoint == "graphql" {
			attrs = append(attrs, slog.String("operation", shorten(info.Operation(), maxLoggedName)), slog.String("outcome", info.Outcome()))
		}
		if n := info.StoreCalls(); n > 0 || endpoint == "graphql" || endpoint == "export" {
			attrs = append(attrs, slog.Int64("store_calls", n))
		}
		s.cfg.Logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// maxLoggedName is the most bytes of an operation name the access log
// keeps: a name is the client's to choose, up to the body limit.
const maxLoggedName = 128

// shorten cuts s to at most n bytes, on a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// endpointOf names the endpoint of a path, for the metrics: a fixed set, so
// that no client can add labels.
func endpointOf(path string) string {
	switch path {
	case GraphQLPath:
		return "graphql"
	case ExportPath:
		return "export"
	case "/healthz", "/readyz", MetricsPath:
		return "probe"
	}
	return "pages"
}

// clientAddr returns the address a request is attributed to: the peer, or,
// when the peer is a trusted proxy, the last address of X-Forwarded-For
// that is not itself a trusted proxy.
func clientAddr(r *http.Request, trusted []*net.IPNet) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if len(trusted) == 0 || !isTrusted(host, trusted) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if net.ParseIP(hop) == nil {
			// A malformed hop: the chain cannot be followed further.
			return host
		}
		if !isTrusted(hop, trusted) {
			return hop
		}
		host = hop
	}
	return host
}

// isTrusted reports whether ip is in one of the trusted networks.
func isTrusted(ip string, trusted []*net.IPNet) bool {
	parsed := net.ParseIP(ip)
	if parsed == nil {
		return false
	}
	for _, n := range trusted {
		if n.Contains(parsed) {
			return true
		}
	}
	return false
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records the status.
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 && code >= 200 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write records the bytes written.
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (to flush,
// or to set deadlines).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
