package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// namedQuery is one query of the mix.
type namedQuery struct {
	Name      string         `json:"name"`
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

// defaultMix is what a front end and an analyst typically ask: a State with
// its regions, the States of a sub-region, resolution 66/178 with its
// paragraphs, and the depth-2 neighbourhood of operative paragraph 9.
var defaultMix = []namedQuery{
	{Name: "state-regions", Query: `{ state(iso3: "FRA") { iso3 name nameFr: name(lang: FR) regions { level region { code name } } } }`},
	{Name: "western-africa", Query: `{ states(filter: { subregion: "Western Africa" }, first: 20) { totalCount edges { cursor node { iso3 name nameFr: name(lang: FR) } } pageInfo { hasNextPage endCursor } } }`},
	{Name: "resolution-paragraphs", Query: `{ resolution(symbol: "A/RES/66/178") { symbol title(lang: FR) adopted paragraphs { id kind number verb text(lang: FR) } } }`},
	{Name: "op9-neighborhood", Query: `{ neighborhood(id: "Paragraph:A/RES/66/178/op/9", depth: 2, limit: 100) { truncated nodes { id label } edges { id type from to source { locator } } } }`},
}

// loadQueries reads a query mix from a JSON file: an array of
// {"name", "query", "variables"} objects.
func loadQueries(path string) ([]namedQuery, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read queries: %w", err)
	}
	var qs []namedQuery
	if err := json.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("queries file %s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("queries file %s: no query", path)
	}
	for i, q := range qs {
		if strings.TrimSpace(q.Query) == "" {
			return nil, fmt.Errorf("queries file %s: query %d is empty", path, i+1)
		}
		if q.Name == "" {
			qs[i].Name = fmt.Sprintf("q%d", i+1)
		}
	}
	return qs, nil
}

// loadConfig is how a load run is made.
type loadConfig struct {
	URL            *url.URL
	Conns          int
	Duration       time.Duration
	Timeout        time.Duration // per request
	RateLimitAware bool          // honour Retry-After on 429 and 503
	PID            int
	Bursts         int
	Pause          time.Duration
	Queries        []namedQuery
}

// burstResult is the report of one burst.
type burstResult struct {
	Burst       int              `json:"burst"`
	Requests    int              `json:"requests"`
	Statuses    map[string]int   `json:"statuses"`
	Refused     int              `json:"refusedByDesign"`
	GraphQLErrs map[string]int   `json:"graphqlErrors,omitempty"`
	ClientErrs  map[string]int   `json:"clientErrors,omitempty"`
	Served      latencySummary   `json:"served"`
	All         latencySummary   `json:"all"`
	ElapsedMS   int64            `json:"elapsedMs"`
	PerSecond   float64          `json:"requestsPerSecond"`
	RSSBefore   int64            `json:"rssBeforeBytes,omitempty"`
	RSSPeak     int64            `json:"rssPeakBytes,omitempty"`
	RSSEnd      int64            `json:"rssEndBytes,omitempty"`
	RSSAfter    int64            `json:"rssAfterPauseBytes,omitempty"`
	CPUMS       int64            `json:"cpuMs,omitempty"`
	ServerGone  bool             `json:"serverGone,omitempty"`
	PerQueryP50 map[string]int64 `json:"perQueryP50Ms,omitempty"`
}

// workerStats is what one connection saw.
type workerStats struct {
	served, all []time.Duration
	byQuery     map[string][]time.Duration
	statuses    map[int]int
	gqlErrs     map[string]int
	clientErrs  map[string]int
}

// runLoad runs cfg.Bursts bursts of the query mix, logging to logw.
func runLoad(ctx context.Context, cfg loadConfig, logw io.Writer) ([]burstResult, error) {
	bodies := make([][]byte, len(cfg.Queries))
	for i, q := range cfg.Queries {
		b, err := graphQLBody(q.Query, q.Variables)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.Name, err)
		}
		bodies[i] = b
	}
	var s *sampler
	if cfg.PID > 0 {
		s = startSampler(cfg.PID, 0)
		defer s.close()
	}
	var out []burstResult
	for b := 1; b <= cfg.Bursts; b++ {
		if ctx.Err() != nil {
			break
		}
		r := burstResult{Burst: b}
		var cpu0 time.Duration
		if s != nil {
			s.reset()
			snap := s.now()
			r.RSSBefore, cpu0 = snap.Last, snap.CPU
		}
		fmt.Fprintf(logw, "burst %d: %d connections for %s\n", b, cfg.Conns, cfg.Duration)
		start := time.Now()
		ws := burst(ctx, cfg, bodies)
		elapsed := time.Since(start)
		merge(&r, ws, cfg.Queries)
		r.ElapsedMS = elapsed.Milliseconds()
		r.PerSecond = float64(r.Requests) / elapsed.Seconds()
		if s != nil {
			snap := s.now()
			r.RSSPeak, r.RSSEnd, r.ServerGone = snap.Peak, snap.Last, snap.Gone
			r.CPUMS = (snap.CPU - cpu0).Milliseconds()
			if cfg.Bursts > 1 {
				sleepCtx(ctx, cfg.Pause)
				r.RSSAfter = s.now().Last
			}
		} else if b < cfg.Bursts {
			sleepCtx(ctx, cfg.Pause)
		}
		fmt.Fprintf(logw, "  %d requests, %.0f/s, p50 %s p99 %s\n", r.Requests, r.PerSecond, fmtLatency(r.Served.p50), fmtLatency(r.Served.p99))
		out = append(out, r)
	}
	return out, nil
}

// burst runs cfg.Conns connections for cfg.Duration and returns what each saw.
func burst(ctx context.Context, cfg loadConfig, bodies [][]byte) []*workerStats {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	deadline := time.Now().Add(cfg.Duration)
	stats := make([]*workerStats, cfg.Conns)
	var wg sync.WaitGroup
	for i := range cfg.Conns {
		ws := &workerStats{byQuery: map[string][]time.Duration{}, statuses: map[int]int{}, gqlErrs: map[string]int{}, clientErrs: map[string]int{}}
		stats[i] = ws
		wg.Go(func() { worker(ctx, cfg, i, bodies, deadline, ws) })
	}
	wg.Wait()
	return stats
}

// worker sends the queries in turn over one keep-alive connection until
// deadline.
func worker(ctx context.Context, cfg loadConfig, id int, bodies [][]byte, deadline time.Time, ws *workerStats) {
	client := newClient(cfg.Timeout, 1)
	defer client.CloseIdleConnections()
	for n := id; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
		qi := n % len(bodies)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.URL.String(), bytes.NewReader(bodies[qi]))
		if err != nil {
			ws.clientErrs["build request"]++
			return
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", acceptHeader)
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			msg, _ := describeErr(err)
			ws.clientErrs[classifyErr(msg)]++
			// Do not spin on a refused connection.
			sleepCtx(ctx, 50*time.Millisecond)
			continue
		}
		prefix, _, rerr := drain(res.Body)
		res.Body.Close()
		lat := time.Since(start)
		if rerr != nil {
			msg, _ := describeErr(rerr)
			ws.clientErrs[classifyErr(msg)]++
			continue
		}
		ws.statuses[res.StatusCode]++
		ws.all = append(ws.all, lat)
		if refusedByDesign(res.StatusCode) {
			if cfg.RateLimitAware {
				sleepCtx(ctx, min(retryAfter(res.Header.Get("Retry-After")), time.Until(deadline)))
			}
			continue
		}
		ws.served = append(ws.served, lat)
		name := cfg.Queries[qi].Name
		ws.byQuery[name] = append(ws.byQuery[name], lat)
		if code, msg := firstError(prefix); code != "" || msg != "" {
			ws.gqlErrs[orDash(code)]++
		}
	}
}

// retryAfter reads a Retry-After header given in seconds; without one it
// waits a second.
func retryAfter(h string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	return time.Second
}

// classifyErr shortens a client error to its kind, so that errors can be
// counted: the addresses and ports in it vary from one to the next.
func classifyErr(msg string) string {
	for _, k := range []string{"connection refused", "connection reset", "broken pipe", "EOF", "Client.Timeout", "deadline exceeded", "too many open files", "no such host"} {
		if strings.Contains(msg, k) {
			return k
		}
	}
	return truncate(sockAddrRe.ReplaceAllString(msg, "ADDR"), 100)
}

// merge adds up what the workers saw.
func merge(r *burstResult, ws []*workerStats, queries []namedQuery) {
	r.Statuses, r.GraphQLErrs, r.ClientErrs = map[string]int{}, map[string]int{}, map[string]int{}
	var served, all []time.Duration
	byQuery := map[string][]time.Duration{}
	for _, w := range ws {
		served = append(served, w.served...)
		all = append(all, w.all...)
		for k, v := range w.byQuery {
			byQuery[k] = append(byQuery[k], v...)
		}
		for k, v := range w.statuses {
			r.Statuses[strconv.Itoa(k)] += v
			r.Requests += v
			if refusedByDesign(k) {
				r.Refused += v
			}
		}
		for k, v := range w.gqlErrs {
			r.GraphQLErrs[k] += v
		}
		for k, v := range w.clientErrs {
			r.ClientErrs[k] += v
			r.Requests += v
		}
	}
	r.Served, r.All = summarize(served), summarize(all)
	r.PerQueryP50 = map[string]int64{}
	for _, q := range queries {
		if l := byQuery[q.Name]; len(l) > 0 {
			r.PerQueryP50[q.Name] = summarize(l).P50MS
		}
	}
}

// writeLoadReport writes the bursts as Markdown.
func writeLoadReport(w io.Writer, cfg loadConfig, results []burstResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d connections, %s per burst, %d queries in the mix", cfg.Conns, cfg.Duration, len(cfg.Queries))
	if cfg.RateLimitAware {
		b.WriteString(", honouring Retry-After")
	}
	b.WriteString("\n\n| burst | requests | req/s | statuses | refused by design (429/503) | GraphQL errors | client errors | p50 | p90 | p99 | max | RSS before | RSS peak | RSS end | RSS after pause | server CPU |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %d | %d | %.0f | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Burst, r.Requests, r.PerSecond, histogram(r.Statuses), r.Refused, orDash(histogram(r.GraphQLErrs)),
			escapeCell(orDash(histogram(r.ClientErrs))), fmtLatency(r.Served.p50), fmtLatency(r.Served.p90),
			fmtLatency(r.Served.p99), fmtLatency(r.Served.max),
			formatBytes(r.RSSBefore), formatBytes(r.RSSPeak), formatBytes(r.RSSEnd), formatBytes(r.RSSAfter), cpuText(r.CPUMS))
	}
	b.WriteString("\nLatencies are of the requests served (not refused by design). Median per query:")
	for _, r := range results {
		fmt.Fprintf(&b, "\nburst %d:", r.Burst)
		for _, q := range cfg.Queries {
			if v, ok := r.PerQueryP50[q.Name]; ok {
				fmt.Fprintf(&b, " %s %dms", q.Name, v)
			}
		}
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// histogram renders counts as "k: n, k: n" in key order.
func histogram(m map[string]int) string {
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s: %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// cpuText renders a CPU time in milliseconds as seconds.
func cpuText(ms int64) string {
	if ms <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fs", float64(ms)/1000)
}

// fmtLatency renders a latency in milliseconds, or seconds from one second.
func fmtLatency(d time.Duration) string {
	switch {
	case d <= 0:
		return "-"
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	default:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
}
