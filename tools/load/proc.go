package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// sampleEvery is how often the server's memory is read.
const sampleEvery = 50 * time.Millisecond

// clockTicks is the unit of utime and stime in /proc/PID/stat (USER_HZ,
// 100 on every Linux architecture Go supports).
const clockTicks = 100

// errNoProcess is returned once the server process is gone.
var errNoProcess = errors.New("server process is gone")

// readRSS returns the resident set size of process pid in bytes, read from
// the VmRSS line of /proc/PID/status.
func readRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0, errNoProcess
		}
		return 0, fmt.Errorf("read status of pid %d: %w", pid, err)
	}
	return parseStatusKB(b, "VmRSS:")
}

// parseStatusKB returns the value of the line of /proc/PID/status that
// starts with key, in bytes (the file gives kB).
func parseStatusKB(status []byte, key string) (int64, error) {
	for line := range bytes.SplitSeq(status, []byte("\n")) {
		rest, ok := bytes.CutPrefix(line, []byte(key))
		if !ok {
			continue
		}
		f := strings.Fields(string(rest))
		if len(f) == 0 {
			return 0, fmt.Errorf("status line %q has no value", line)
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("status line %q: %w", line, err)
		}
		return kb * 1024, nil
	}
	if bytes.Contains(status, []byte("State:\tZ")) {
		return 0, errNoProcess
	}
	return 0, fmt.Errorf("no %s line in status", strings.TrimSuffix(key, ":"))
}

// readCPU returns the CPU time (user + system) process pid has used, from
// /proc/PID/stat.
func readCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0, errNoProcess
		}
		return 0, fmt.Errorf("read stat of pid %d: %w", pid, err)
	}
	return parseStatCPU(b)
}

// parseStatCPU returns utime+stime from the contents of /proc/PID/stat. The
// command name (field 2) may hold spaces and parentheses, so the fields are
// counted from the last ')'.
func parseStatCPU(stat []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, errors.New("stat: no command name")
	}
	f := strings.Fields(string(stat[i+1:]))
	// After the name: state(3) ppid(4) ... utime(14) stime(15).
	const utime, stime = 14 - 3, 15 - 3
	if len(f) <= stime {
		return 0, fmt.Errorf("stat: %d fields after the name, want more than %d", len(f), stime)
	}
	u, err := strconv.ParseInt(f[utime], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("stat utime: %w", err)
	}
	s, err := strconv.ParseInt(f[stime], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("stat stime: %w", err)
	}
	return time.Duration(u+s) * time.Second / clockTicks, nil
}

// alive reports whether process pid exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && !bytes.HasPrefix(bytes.TrimSpace(b[i+1:]), []byte("Z"))
}

// sampler reads the server's VmRSS every sampleEvery in the background and
// keeps the largest value seen since the last reset. With a cap, it kills
// the server (SIGKILL) the first time the RSS passes it.
type sampler struct {
	pid    int
	capRSS int64

	mu      sync.Mutex
	peak    int64
	last    int64
	cpu     time.Duration
	gone    bool
	killed  bool
	samples int

	stop chan struct{}
	done chan struct{}
}

// startSampler starts sampling process pid. capRSS <= 0 means no cap.
func startSampler(pid int, capRSS int64) *sampler {
	s := &sampler{pid: pid, capRSS: capRSS, stop: make(chan struct{}), done: make(chan struct{})}
	s.sample()
	go s.loop()
	return s
}

func (s *sampler) loop() {
	defer close(s.done)
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.sample()
		}
	}
}

func (s *sampler) sample() {
	rss, err := readRSS(s.pid)
	cpu, cerr := readCPU(s.pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	if cerr == nil {
		s.cpu = cpu
	}
	if err != nil {
		if errors.Is(err, errNoProcess) {
			s.gone = true
		}
		return
	}
	s.samples++
	s.last = rss
	s.peak = max(s.peak, rss)
	if s.capRSS > 0 && rss > s.capRSS && !s.killed {
		if err := syscall.Kill(s.pid, syscall.SIGKILL); err == nil {
			s.killed = true
		}
	}
}

// reset forgets the peak: the next peak is the largest RSS from now on.
func (s *sampler) reset() {
	s.mu.Lock()
	s.peak = s.last
	s.mu.Unlock()
	s.sample()
}

// snapshot is what the sampler knows at one moment.
type snapshot struct {
	Peak   int64 // largest RSS since the last reset, bytes
	Last   int64 // latest RSS, bytes
	Gone   bool  // the process has exited
	Killed bool  // the sampler killed the process for passing the cap
	// CPU is the CPU time the process had used at the latest sample it
	// was still there for.
	CPU time.Duration
}

// now returns the current state, after taking a fresh sample.
func (s *sampler) now() snapshot {
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	return snapshot{Peak: s.peak, Last: s.last, Gone: s.gone, Killed: s.killed, CPU: s.cpu}
}

// close stops the sampling goroutine.
func (s *sampler) close() {
	close(s.stop)
	<-s.done
}

// waitSettled waits until the RSS of the server has moved by less than
// 2 % (or 1 MiB) for one second, or limit has passed, and returns how long
// it waited and whether it settled.
func (s *sampler) waitSettled(limit time.Duration) (time.Duration, bool) {
	start := time.Now()
	const window = time.Second
	ref, since := s.now().Last, time.Now()
	for time.Since(start) < limit {
		time.Sleep(sampleEvery * 2)
		snap := s.now()
		if snap.Gone {
			return time.Since(start), false
		}
		tol := max(ref/50, 1<<20)
		if d := snap.Last - ref; d > tol || d < -tol {
			ref, since = snap.Last, time.Now()
			continue
		}
		if time.Since(since) >= window {
			return time.Since(start), true
		}
	}
	return time.Since(start), false
}

// formatBytes renders n bytes in MiB or GiB, as RSS is usually read.
func formatBytes(n int64) string {
	switch {
	case n <= 0:
		return "-"
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	default:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
}

// formatSize renders a response size in bytes, kB or MB (decimal units).
func formatSize(n int64) string {
	switch {
	case n < 0:
		return "-"
	case n >= 1e6:
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	case n >= 1e4:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%d B", n)
	}
}
