package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// attackConfig is how the attacks are run.
type attackConfig struct {
	URL     *url.URL
	PID     int           // the server process, 0 to measure nothing on the server
	Timeout time.Duration // client timeout per request
	After   time.Duration // when the "after" RSS is read, from the answer
	Pause   time.Duration // fixed pause before each attack after the first
	Settle  time.Duration // longest wait for the RSS to settle before an attack
	MaxRSS  int64         // kill the server when its RSS passes this; 0: never
	// KillOnTimeout kills the server when the client gives up waiting, so
	// that a runaway request does not go on eating memory and CPU.
	KillOnTimeout bool
}

// maxMessage is how much of an error message is reported: enough to read
// it, not all of an echoed 10 kB argument.
const maxMessage = 300

// attackResult is the report of one attack.
type attackResult struct {
	Name       string   `json:"name"`
	What       string   `json:"what"`
	ReqBytes   int      `json:"requestBytes"`
	Status     string   `json:"status,omitempty"`
	Code       string   `json:"code,omitempty"`
	Message    string   `json:"message,omitempty"`
	RespBytes  int64    `json:"responseBytes"`
	AnswerMS   int64    `json:"answerMs"`
	TimedOut   bool     `json:"timedOut,omitempty"`
	ClientErr  string   `json:"clientError,omitempty"`
	RSSBefore  int64    `json:"rssBeforeBytes,omitempty"`
	PeakRSS    int64    `json:"peakRssBytes,omitempty"`
	RSSAfter   int64    `json:"rssAfterBytes,omitempty"`
	CPUMS      int64    `json:"cpuMs,omitempty"`
	CPUWindow  string   `json:"cpuWindow,omitempty"`
	Settled    string   `json:"settled,omitempty"`
	ServerGone bool     `json:"serverGone,omitempty"`
	Killed     string   `json:"killed,omitempty"`
	Skipped    string   `json:"skipped,omitempty"`
	Leaks      []string `json:"leaks,omitempty"`
}

// runAttacks runs the attacks one at a time, logging progress to logw.
func runAttacks(ctx context.Context, cfg attackConfig, list []attack, logw io.Writer) []attackResult {
	c := &attackClient{url: cfg.URL, http: newClient(cfg.Timeout, 2), timeout: cfg.Timeout}
	var s *sampler
	if cfg.PID > 0 {
		s = startSampler(cfg.PID, cfg.MaxRSS)
		defer s.close()
	}
	var out []attackResult
	for i, a := range list {
		r := attackResult{Name: a.Name, What: a.What}
		if ctx.Err() != nil {
			r.Skipped = "interrupted"
			out = append(out, r)
			continue
		}
		if i > 0 && (s == nil || alive(cfg.PID)) {
			sleepCtx(ctx, cfg.Pause)
			if s != nil {
				waited, ok := s.waitSettled(cfg.Settle)
				r.Settled = fmt.Sprintf("settled after %.1fs", (cfg.Pause + waited).Seconds())
				if !ok {
					r.Settled = fmt.Sprintf("not settled after %.1fs", (cfg.Pause + waited).Seconds())
				}
			}
		}
		if s != nil && !alive(cfg.PID) {
			r.Skipped = "server is gone: restart it and go on with -only " + strings.Join(attackNames(list[i:]), ",")
			r.Settled = ""
			out = append(out, r)
			continue
		}
		fmt.Fprintf(logw, "%s: %s\n", a.Name, a.What)
		r = runOne(ctx, cfg, c, s, a, r)
		fmt.Fprintf(logw, "  %s\n", oneLine(r))
		out = append(out, r)
	}
	return out
}

// runOne runs one attack and measures the server around it.
func runOne(ctx context.Context, cfg attackConfig, c *attackClient, s *sampler, a attack, r attackResult) attackResult {
	var cpu0 time.Duration
	if s != nil {
		s.reset()
		snap := s.now()
		r.RSSBefore, cpu0 = snap.Last, snap.CPU
	}
	start := time.Now()
	var o outcome
	if a.Custom != nil {
		o = a.Custom(ctx, c)
	} else {
		body, err := a.Body()
		if err != nil {
			r.ClientErr = fmt.Sprintf("build %s: %v", a.Name, err)
			return r
		}
		o = c.post(ctx, body)
	}
	r.ReqBytes, r.Status, r.Code, r.Message = o.ReqBytes, o.Status, o.Code, truncate(o.Message, maxMessage)
	r.RespBytes, r.AnswerMS, r.TimedOut, r.ClientErr = o.Bytes, o.Elapsed.Milliseconds(), o.TimedOut, o.Err
	r.Leaks = leaks(o.Message)
	if s == nil {
		return r
	}
	if o.TimedOut && cfg.KillOnTimeout && alive(cfg.PID) {
		if err := syscall.Kill(cfg.PID, syscall.SIGKILL); err == nil {
			r.Killed = fmt.Sprintf("killed: no answer within %s", cfg.Timeout)
		}
	}
	sleepCtx(ctx, time.Until(start.Add(o.Elapsed).Add(cfg.After)))
	snap := s.now()
	r.PeakRSS, r.RSSAfter = snap.Peak, snap.Last
	end := time.Now()
	if a.CPUWindow > 0 {
		sleepCtx(ctx, time.Until(start.Add(a.CPUWindow)))
		snap = s.now()
		r.PeakRSS = snap.Peak
		end = time.Now()
	}
	// Once the server is gone, this is the CPU time up to its last sample.
	r.CPUMS = (snap.CPU - cpu0).Milliseconds()
	r.CPUWindow = end.Sub(start).Round(100 * time.Millisecond).String()
	if snap.Killed && r.Killed == "" {
		r.Killed = "killed: RSS passed " + formatBytes(cfg.MaxRSS)
	}
	r.ServerGone = snap.Gone
	if snap.Gone {
		r.RSSAfter = 0
	}
	return r
}

// sleepCtx sleeps for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// oneLine sums a result up for the progress log.
func oneLine(r attackResult) string {
	return fmt.Sprintf("status=%s code=%s bytes=%d time=%s peak=%s after=%s cpu=%dms %s %s",
		orDash(r.Status), orDash(r.Code), r.RespBytes, answerTime(r), peakRSS(r), formatBytes(r.RSSAfter),
		r.CPUMS, r.Killed, r.ClientErr)
}

// answerTime renders the answer time, "> timeout" when there was none.
func answerTime(r attackResult) string {
	d := (time.Duration(r.AnswerMS) * time.Millisecond).Round(time.Millisecond)
	if r.TimedOut || r.Killed != "" {
		return "> " + d.Round(100*time.Millisecond).String()
	}
	return d.String()
}

// peakRSS renders the peak RSS, "> cap" when the server was killed for it.
func peakRSS(r attackResult) string {
	if strings.HasPrefix(r.Killed, "killed: RSS passed") {
		return "> " + formatBytes(r.PeakRSS)
	}
	return formatBytes(r.PeakRSS)
}

// writeAttackTable writes the results as a Markdown table.
func writeAttackTable(w io.Writer, results []attackResult) error {
	var b strings.Builder
	b.WriteString("| attack | request | status | code | answer time | response | RSS before | peak RSS | RSS after | server CPU | notes |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		var notes []string
		if r.Skipped != "" {
			notes = append(notes, "skipped: "+r.Skipped)
		}
		if r.Killed != "" {
			notes = append(notes, r.Killed)
		}
		if r.ServerGone && r.Killed == "" {
			notes = append(notes, "server died")
		}
		if r.ClientErr != "" {
			notes = append(notes, "client: "+truncate(r.ClientErr, 160))
		}
		if r.Message != "" {
			notes = append(notes, fmt.Sprintf("message: %q", truncate(r.Message, 160)))
		}
		notes = append(notes, r.Leaks...)
		if r.Settled != "" {
			notes = append(notes, "before it: "+r.Settled)
		}
		if r.Skipped != "" {
			fmt.Fprintf(&b, "| %s | - | - | - | - | - | - | - | - | - | %s |\n", r.Name, escapeCell(strings.Join(notes, "; ")))
			continue
		}
		cpu := "-"
		if r.CPUWindow != "" {
			cpu = fmt.Sprintf("%.2fs in %s", float64(r.CPUMS)/1000, r.CPUWindow)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Name, formatSize(int64(r.ReqBytes)), orDash(r.Status), orDash(r.Code), answerTime(r),
			formatSize(r.RespBytes), formatBytes(r.RSSBefore), peakRSS(r), formatBytes(r.RSSAfter), cpu,
			escapeCell(strings.Join(notes, "; ")))
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// escapeCell keeps text from breaking a Markdown table cell.
func escapeCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
