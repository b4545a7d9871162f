// Command load sends attack requests and a realistic query load to a Nexus
// server running on this machine, and measures how it holds up: status,
// error code, answer time and size of each answer, and the server's memory
// and CPU while it works.
//
//	go run ./tools/load attack -url http://127.0.0.1:8080/graphql -pid PID [-only NAME,...] [-json]
//	go run ./tools/load run -url http://127.0.0.1:8080/graphql -conns 200 -duration 20s [-pid PID] [-json]
//
// It only talks to loopback addresses, and every run is bounded in count
// and time.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Bounds on what one invocation may send.
const (
	maxConns    = 2000
	maxDuration = 10 * time.Minute
	maxBursts   = 10
	maxTimeout  = 10 * time.Minute
)

const usage = `usage:
  load attack -url URL [-pid PID] [-only NAME,...] [-timeout 120s] [-max-rss 6GiB] [-kill-on-timeout] [-json]
  load run    -url URL [-conns 200] [-duration 20s] [-rate-limit-aware] [-pid PID] [-queries FILE] [-bursts 1] [-pause 10s] [-json]
  load list   (the attacks and what each sends)

URL must be on this machine (127.0.0.0/8, ::1 or localhost).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// run dispatches to the sub-command named by args[0].
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "attack":
		return attackCmd(ctx, args[1:], stdout, stderr)
	case "run":
		return runCmd(ctx, args[1:], stdout, stderr)
	case "list":
		for _, a := range attacks() {
			fmt.Fprintf(stdout, "%-17s %s\n", a.Name, a.What)
		}
		return nil
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

// attackCmd runs the attack sub-command.
func attackCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("attack", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "", "the GraphQL endpoint, e.g. http://127.0.0.1:8080/graphql (loopback only)")
	pid := fs.Int("pid", 0, "the server's process id, to sample its memory and CPU (0: do not measure the server)")
	only := fs.String("only", "", "comma-separated attacks to run (default: all; see load list)")
	timeout := fs.Duration("timeout", 120*time.Second, "how long to wait for each answer")
	after := fs.Duration("after", 5*time.Second, "when to read the server's RSS after an answer")
	pause := fs.Duration("pause", 2*time.Second, "fixed pause between attacks")
	settle := fs.Duration("settle", 30*time.Second, "longest wait, after the pause, for the server's RSS to settle")
	maxRSS := fs.String("max-rss", "0", "kill the server (SIGKILL to -pid) when its RSS passes this, e.g. 6GiB; 0: never")
	killOnTimeout := fs.Bool("kill-on-timeout", false, "kill the server (SIGKILL to -pid) when an answer does not come within -timeout")
	asJSON := fs.Bool("json", false, "write JSON instead of a Markdown table")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("attack: %w", err)
	}
	u, err := checkTarget(*rawURL)
	if err != nil {
		return err
	}
	capRSS, err := parseBytes(*maxRSS)
	if err != nil {
		return fmt.Errorf("-max-rss: %w", err)
	}
	if *timeout <= 0 || *timeout > maxTimeout {
		return fmt.Errorf("-timeout must be in (0, %s]", maxTimeout)
	}
	if (capRSS > 0 || *killOnTimeout) && *pid <= 0 {
		return errors.New("-max-rss and -kill-on-timeout need -pid")
	}
	if *pid > 0 && !alive(*pid) {
		return fmt.Errorf("no process %d", *pid)
	}
	list, err := selectAttacks(attacks(), *only)
	if err != nil {
		return err
	}
	cfg := attackConfig{URL: u, PID: *pid, Timeout: *timeout, After: *after, Pause: *pause, Settle: *settle, MaxRSS: capRSS, KillOnTimeout: *killOnTimeout}
	results := runAttacks(ctx, cfg, list, stderr)
	if *asJSON {
		return writeJSON(stdout, results)
	}
	return writeAttackTable(stdout, results)
}

// runCmd runs the run sub-command.
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "", "the GraphQL endpoint, e.g. http://127.0.0.1:8080/graphql (loopback only)")
	conns := fs.Int("conns", 200, "concurrent keep-alive connections, one goroutine each")
	duration := fs.Duration("duration", 20*time.Second, "how long each burst sends requests")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to wait for each answer")
	rateAware := fs.Bool("rate-limit-aware", false, "on 429 or 503, wait as Retry-After says (default 1s) before the next request")
	pid := fs.Int("pid", 0, "the server's process id, to sample its memory and CPU")
	queries := fs.String("queries", "", "a JSON file of [{\"name\",\"query\",\"variables\"}] to send instead of the built-in mix")
	bursts := fs.Int("bursts", 1, "how many bursts to run")
	pause := fs.Duration("pause", 10*time.Second, "pause after each burst when there are several; the RSS is read after it")
	asJSON := fs.Bool("json", false, "write JSON instead of Markdown")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	u, err := checkTarget(*rawURL)
	if err != nil {
		return err
	}
	switch {
	case *conns < 1 || *conns > maxConns:
		return fmt.Errorf("-conns must be in [1, %d]", maxConns)
	case *duration <= 0 || *duration > maxDuration:
		return fmt.Errorf("-duration must be in (0, %s]", maxDuration)
	case *bursts < 1 || *bursts > maxBursts:
		return fmt.Errorf("-bursts must be in [1, %d]", maxBursts)
	case *timeout <= 0 || *timeout > maxTimeout:
		return fmt.Errorf("-timeout must be in (0, %s]", maxTimeout)
	case *pause < 0 || *pause > maxDuration:
		return fmt.Errorf("-pause must be in [0, %s]", maxDuration)
	}
	if *pid > 0 && !alive(*pid) {
		return fmt.Errorf("no process %d", *pid)
	}
	mix := defaultMix
	if *queries != "" {
		if mix, err = loadQueries(*queries); err != nil {
			return err
		}
	}
	cfg := loadConfig{URL: u, Conns: *conns, Duration: *duration, Timeout: *timeout, RateLimitAware: *rateAware,
		PID: *pid, Bursts: *bursts, Pause: *pause, Queries: mix}
	results, err := runLoad(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, results)
	}
	return writeLoadReport(stdout, cfg, results)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// parseBytes reads a size such as 6GiB, 6GB, 512MiB, 500MB or a plain
// number of bytes.
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{
		{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
		{"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"KB", 1e3}, {"G", 1 << 30}, {"M", 1 << 20}, {"B", 1},
	}
	mult := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(f * float64(mult)), nil
}
