package main

import (
	"math"
	"slices"
	"time"
)

// percentile returns the p-th percentile (0 < p <= 100) of sorted by the
// nearest-rank method: the smallest value with at least p % of the values
// at or below it. It returns 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// latencySummary is the distribution of a set of latencies.
type latencySummary struct {
	Count int   `json:"count"`
	P50MS int64 `json:"p50Ms"`
	P90MS int64 `json:"p90Ms"`
	P99MS int64 `json:"p99Ms"`
	MaxMS int64 `json:"maxMs"`

	p50, p90, p99, max time.Duration
}

// summarize sorts lat in place and returns its percentiles.
func summarize(lat []time.Duration) latencySummary {
	slices.Sort(lat)
	s := latencySummary{Count: len(lat)}
	if len(lat) == 0 {
		return s
	}
	s.p50, s.p90, s.p99, s.max = percentile(lat, 50), percentile(lat, 90), percentile(lat, 99), lat[len(lat)-1]
	s.P50MS, s.P90MS, s.P99MS, s.MaxMS = s.p50.Milliseconds(), s.p90.Milliseconds(), s.p99.Milliseconds(), s.max.Milliseconds()
	return s
}

// refusedByDesign reports whether status is how a server sheds load on
// purpose (rate limit, overload) rather than a failure.
func refusedByDesign(status int) bool {
	return status == 429 || status == 503
}
