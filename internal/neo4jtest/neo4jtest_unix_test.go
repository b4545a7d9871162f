//go:build unix

package neo4jtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nexus-graph/nexus/graph/neo4j"
)

// fakeTB records how Config ended the test.
type fakeTB struct {
	testing.TB
	skipped, failed bool
	msg             string
}

// errTestStopped is what fakeTB panics with where a real test would stop.
var errTestStopped = errors.New("test errTestStopped")

func (f *fakeTB) Helper() {}

func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped, f.msg = true, fmt.Sprintf(format, args...)
	panic(errTestStopped)
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
	panic(errTestStopped)
}

// config calls Config with f and reports whether it returned.
func config(f *fakeTB) (cfg neo4j.Config, returned bool) {
	defer func() {
		if r := recover(); r != nil && r != errTestStopped {
			panic(r)
		}
	}()
	cfg = Config(f)
	return cfg, true
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		skip, fail    bool
		wantURI, want string
	}{
		{name: "unset-skips", env: map[string]string{EnvURI: "", "CI": ""}, skip: true},
		{name: "unset-under-ci-fails", env: map[string]string{EnvURI: "", "CI": "true"}, fail: true},
		{name: "set", env: map[string]string{
			EnvURI: "bolt://127.0.0.1:7687", EnvUser: "u", EnvPassword: "p", EnvDatabase: "d", "CI": "true",
		}, wantURI: "bolt://127.0.0.1:7687"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			f := &fakeTB{TB: t}
			cfg, returned := config(f)
			if f.skipped != tt.skip || f.failed != tt.fail {
				t.Fatalf("skipped %v, failed %v; want %v, %v", f.skipped, f.failed, tt.skip, tt.fail)
			}
			if !returned {
				if !strings.Contains(f.msg, "make neo4j-start") {
					t.Errorf("message %q does not say how to run the tests", f.msg)
				}
				return
			}
			if cfg.URI != tt.wantURI || cfg.User != "u" || cfg.Password != "p" || cfg.Database != "d" {
				t.Errorf("Config = %+v", cfg)
			}
		})
	}
}

func TestLockPath(t *testing.T) {
	a := lockPath(neo4j.Config{URI: "bolt://127.0.0.1:7687"})
	b := lockPath(neo4j.Config{URI: "bolt://127.0.0.1:7688"})
	c := lockPath(neo4j.Config{URI: "bolt://127.0.0.1:7687", Database: "other"})
	if a == b || a == c {
		t.Errorf("lock paths %s, %s, %s: want one per server and database", a, b, c)
	}
	if a != lockPath(neo4j.Config{URI: "bolt://127.0.0.1:7687"}) {
		t.Error("the lock path of a server changes between calls")
	}
	if filepath.Dir(a) != filepath.Clean(os.TempDir()) {
		t.Errorf("lock path %s is not in %s", a, os.TempDir())
	}
}

// TestLockIsExclusive checks, without waiting, that a held lock refuses
// another taker and that unlocking frees it.
func TestLockIsExclusive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.lock")
	unlock, err := lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if tryLock(t, path) {
		t.Fatal("a second taker got the lock while it was held")
	}
	unlock()
	if !tryLock(t, path) {
		t.Fatal("the lock is still held after unlock")
	}
}

// tryLock reports whether the lock on path can be taken now, through a file
// description of its own, and releases it.
func tryLock(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return true
}
