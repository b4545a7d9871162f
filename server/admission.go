package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/nexus-graph/nexus/internal/reqinfo"
	"github.com/nexus-graph/nexus/resolvers"
)

// admission returns the middleware that lets a request of /graphql or
// /export through when its client is within the rate limit and a slot is
// free: otherwise it answers at once, 429 or 503 with Retry-After, rather
// than queue it. The endpoints it wraps share one rate limit per client and
// one cap on requests in flight.
func (s *Server) admission() func(http.Handler) http.Handler {
	var limiter *clientLimiter
	if s.cfg.Limits.RateLimit > 0 {
		limiter = newClientLimiter(rate.Limit(s.cfg.Limits.RateLimit), s.cfg.Limits.RateBurst)
	}
	var slots chan struct{}
	if s.cfg.Limits.MaxInFlight > 0 {
		slots = make(chan struct{}, s.cfg.Limits.MaxInFlight)
	}
	return func(next http.Handler) http.Handler { return s.admit(limiter, slots, next) }
}

// admit is the admission middleware around next, with the rate limiter and
// the in-flight slots of every endpoint.
func (s *Server) admit(limiter *clientLimiter, slots chan struct{}, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			// A CORS preflight costs nothing and must not use up the budget.
			next.ServeHTTP(w, r)
			return
		}
		info := reqinfo.From(r.Context())
		if limiter != nil && info != nil {
			if wait, ok := limiter.allow(rateKey(info.Client), time.Now()); !ok {
				refuse(w, r, resolvers.CodeRateLimited, wait,
					fmt.Sprintf("too many requests from %s: at most %g per second (burst %d); retry after %s",
						info.Client, s.cfg.Limits.RateLimit, s.cfg.Limits.RateBurst, retryAfter(wait)+"s"))
				return
			}
		}
		if slots != nil {
			select {
			case slots <- struct{}{}:
				defer func() { <-slots }()
			default:
				refuse(w, r, resolvers.CodeOverloaded, time.Second,
					fmt.Sprintf("the server is busy with %d requests; retry in a second", s.cfg.Limits.MaxInFlight))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers a request that admission turned away, in the error shape
// of its endpoint, with the status the code maps to and Retry-After.
func refuse(w http.ResponseWriter, r *http.Request, code string, wait time.Duration, msg string) {
	reqinfo.From(r.Context()).SetOutcome(code)
	w.Header().Set("Retry-After", retryAfter(wait))
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == ExportPath {
		writeExportError(w, &exportError{status: resolvers.HTTPStatus(code), code: code, message: msg})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(resolvers.HTTPStatus(code))
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{
		"message": msg, "extensions": map[string]any{"code": code},
	}}})
}

// rateKey is the bucket a client address draws from: the address itself
// for IPv4, its /64 network for IPv6, since one host is commonly given a
// whole /64 and could otherwise rotate through addresses to escape its
// limit.
func rateKey(client string) string {
	ip := net.ParseIP(client)
	switch {
	case ip == nil:
		return client
	case ip.To4() != nil:
		return ip.To4().String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// retryAfter renders a wait as whole seconds, at least 1.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}

// clientLimiter keeps a token bucket per client address. Buckets idle for
// longer than it takes them to fill up again are dropped, so that the map
// holds only clients seen recently.
type clientLimiter struct {
	limit rate.Limit
	burst int

	mu        sync.Mutex
	clients   map[string]*clientBucket
	lastSweep time.Time
}

type clientBucket struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newClientLimiter(limit rate.Limit, burst int) *clientLimiter {
	return &clientLimiter{limit: limit, burst: burst, clients: map[string]*clientBucket{}}
}

// idleAfter is how long a bucket may go unused before it is dropped: by
// then it is full again, so dropping it changes nothing.
func (c *clientLimiter) idleAfter() time.Duration {
	fill := time.Duration(float64(c.burst) / float64(c.limit) * float64(time.Second))
	return max(fill, time.Minute)
}

// allow takes a token for client, or says how long to wait for one.
func (c *clientLimiter) allow(client string, now time.Time) (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.lastSweep) > c.idleAfter() {
		for k, b := range c.clients {
			if now.Sub(b.seen) > c.idleAfter() {
				delete(c.clients, k)
			}
		}
		c.lastSweep = now
	}
	b := c.clients[client]
	if b == nil {
		b = &clientBucket{limiter: rate.NewLimiter(c.limit, c.burst)}
		c.clients[client] = b
	}
	b.seen = now
	res := b.limiter.ReserveN(now, 1)
	if !res.OK() {
		return time.Second, false
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return d, false
	}
	return 0, true
}
