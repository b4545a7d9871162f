package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeEnv returns a getenv that reads vars.
func fakeEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// usageCase is a command line that must fail with a usage error whose
// message mentions each of want.
type usageCase struct {
	name string
	env  map[string]string // the environment
	args []string          // after nexus COMMAND
	want []string
}

// wantUsageErrors runs nexus command with each case's arguments and
// environment, in a subtest named after the case, and fails it unless the
// run fails with a usage error that mentions each of the case's want.
func wantUsageErrors(t *testing.T, command string, cases []usageCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append([]string{"nexus", command}, tt.args...), fakeEnv(tt.env), &stdout, &stderr)
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("run: %v, want a usage error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// wantHelp runs nexus help command and fails the test for each of want
// the help does not mention.
func wantHelp(t *testing.T, command string, want []string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"nexus", "help", command}, fakeEnv(nil), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(stdout.String(), w) {
			t.Errorf("help does not mention %q:\n%s", w, stdout.String())
		}
	}
}

func TestServeConfigPrecedence(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		listen  string
		origins []string
		timeout time.Duration
	}{
		{
			name:    "defaults",
			listen:  "127.0.0.1:8080",
			timeout: 10 * time.Second,
		},
		{
			name:    "environment beats default",
			env:     map[string]string{"NEXUS_LISTEN": "127.0.0.1:9000", "NEXUS_CORS_ORIGINS": "https://a.example, https://b.example", "NEXUS_SHUTDOWN_TIMEOUT": "3s"},
			listen:  "127.0.0.1:9000",
			origins: []string{"https://a.example", "https://b.example"},
			timeout: 3 * time.Second,
		},
		{
			name:    "flag beats environment",
			env:     map[string]string{"NEXUS_LISTEN": "127.0.0.1:9000", "NEXUS_CORS_ORIGINS": "https://a.example"},
			args:    []string{"--listen", "localhost:0", "--cors-origins=*", "-shutdown-timeout", "1m"},
			listen:  "localhost:0",
			origins: []string{"*"},
			timeout: time.Minute,
		},
		{
			name:    "flag beats environment even when it sets the default",
			env:     map[string]string{"NEXUS_LISTEN": "127.0.0.1:9000"},
			args:    []string{"--listen=127.0.0.1:8080"},
			listen:  "127.0.0.1:8080",
			timeout: 10 * time.Second,
		},
		{
			name:    "empty environment variable is unset",
			env:     map[string]string{"NEXUS_LISTEN": ""},
			listen:  "127.0.0.1:8080",
			timeout: 10 * time.Second,
		},
		{
			name:    "empty host is every interface",
			args:    []string{"--listen", ":8081"},
			listen:  ":8081",
			timeout: 10 * time.Second,
		},
		{
			name:    "origin with a wildcard and a port",
			args:    []string{"--cors-origins", "https://*.example.org,http://localhost:3000"},
			listen:  "127.0.0.1:8080",
			origins: []string{"https://*.example.org", "http://localhost:3000"},
			timeout: 10 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			cfg, done, err := parseServe(env{getenv: fakeEnv(tt.env), stdout: &stderr, stderr: &stderr}, tt.args)
			if err != nil || done {
				t.Fatalf("parseServe: done %v, err %v; stderr:\n%s", done, err, stderr.String())
			}
			if cfg.listen != tt.listen {
				t.Errorf("listen %q, want %q", cfg.listen, tt.listen)
			}
			if !slices.Equal(cfg.corsOrigins, tt.origins) {
				t.Errorf("cors origins %q, want %q", cfg.corsOrigins, tt.origins)
			}
			if cfg.shutdownTimeout != tt.timeout {
				t.Errorf("shutdown timeout %v, want %v", cfg.shutdownTimeout, tt.timeout)
			}
			if cfg.store != "memory" {
				t.Errorf("store %q, want memory", cfg.store)
			}
		})
	}
}

func TestLogOptions(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		wantJSON  bool
		wantDebug bool
	}{
		{name: "defaults are text at info"},
		{name: "environment", env: map[string]string{"NEXUS_LOG_FORMAT": "json", "NEXUS_LOG_LEVEL": "DEBUG"}, wantJSON: true, wantDebug: true},
		{name: "flag beats environment", env: map[string]string{"NEXUS_LOG_FORMAT": "json", "NEXUS_LOG_LEVEL": "debug"}, args: []string{"--log-format", "text", "--log-level", "warn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			cfg, done, err := parseServe(env{getenv: fakeEnv(tt.env), stdout: &out, stderr: &out}, tt.args)
			if err != nil || done {
				t.Fatalf("parseServe: done %v, err %v", done, err)
			}
			if got := cfg.logger.Enabled(context.Background(), slog.LevelDebug); got != tt.wantDebug {
				t.Errorf("debug enabled: %v, want %v", got, tt.wantDebug)
			}
			cfg.logger.Error("probe", "k", "v")
			if got := strings.HasPrefix(out.String(), "{"); got != tt.wantJSON {
				t.Errorf("JSON output: %v, want %v; got %q", got, tt.wantJSON, out.String())
			}
		})
	}
}

// TestBadValues runs nexus serve with bad flags or variables: each must fail
// before serving, with a usage error that names the flag and the variable.
func TestBadValues(t *testing.T) {
	wantUsageErrors(t, "serve", []usageCase{
		{name: "listen without port", args: []string{"--listen", "localhost"}, want: []string{"--listen", "NEXUS_LISTEN", "HOST:PORT"}},
		{name: "port too large", args: []string{"--listen", "127.0.0.1:70000"}, want: []string{"--listen", "NEXUS_LISTEN", "70000"}},
		{name: "port not a number", env: map[string]string{"NEXUS_LISTEN": "127.0.0.1:http"}, want: []string{"--listen", "NEXUS_LISTEN", "from environment variable NEXUS_LISTEN"}},
		{name: "unknown store", args: []string{"--store", "sqlite"}, want: []string{"--store", "NEXUS_STORE", "sqlite", "memory, neo4j"}},
		{name: "unknown store from environment", env: map[string]string{"NEXUS_STORE": "postgres"}, want: []string{"--store", "NEXUS_STORE", "postgres"}},
		{name: "unknown log level", args: []string{"--log-level", "loud"}, want: []string{"--log-level", "NEXUS_LOG_LEVEL", "debug, info, warn or error"}},
		{name: "unknown log format", env: map[string]string{"NEXUS_LOG_FORMAT": "xml"}, want: []string{"--log-format", "NEXUS_LOG_FORMAT", "text or json"}},
		{name: "origin with a path", args: []string{"--cors-origins", "https://example.org/app"}, want: []string{"--cors-origins", "NEXUS_CORS_ORIGINS", "scheme://host"}},
		{name: "origin without scheme", env: map[string]string{"NEXUS_CORS_ORIGINS": "example.org"}, want: []string{"--cors-origins", "NEXUS_CORS_ORIGINS"}},
		{name: "origin with two wildcards", args: []string{"--cors-origins", "https://*.*.example.org"}, want: []string{"--cors-origins", "wildcard"}},
		{name: "negative shutdown timeout", args: []string{"--shutdown-timeout", "-1s"}, want: []string{"--shutdown-timeout", "NEXUS_SHUTDOWN_TIMEOUT"}},
		{name: "zero request timeout", args: []string{"--request-timeout", "0s"}, want: []string{"--request-timeout", "NEXUS_REQUEST_TIMEOUT", "positive duration"}},
		{name: "tiny body limit", args: []string{"--max-body-bytes", "10"}, want: []string{"--max-body-bytes", "NEXUS_MAX_BODY_BYTES", "from 1024"}},
		{name: "negative in-flight cap", env: map[string]string{"NEXUS_MAX_IN_FLIGHT": "-3"}, want: []string{"--max-in-flight", "NEXUS_MAX_IN_FLIGHT"}},
		{name: "negative rate limit", args: []string{"--rate-limit", "-1"}, want: []string{"--rate-limit", "NEXUS_RATE_LIMIT", "per second"}},
		{name: "rate limit not a number", args: []string{"--rate-limit", "fast"}, want: []string{"--rate-limit", "per second"}},
		{name: "bad proxy network", args: []string{"--trusted-proxies", "10.0.0.0/8,proxy.internal"}, want: []string{"--trusted-proxies", "NEXUS_TRUSTED_PROXIES", "proxy.internal"}},
		{name: "introspection not a boolean", env: map[string]string{"NEXUS_INTROSPECTION": "maybe"}, want: []string{"--introspection", "NEXUS_INTROSPECTION", "true or false"}},
		{name: "missing trusted documents", args: []string{"--trusted-documents", "no-such-manifest.json"}, want: []string{"--trusted-documents", "NEXUS_TRUSTED_DOCUMENTS", "no-such-manifest.json"}},
		{name: "zero complexity limit", args: []string{"--complexity-limit", "0"}, want: []string{"--complexity-limit", "NEXUS_COMPLEXITY_LIMIT"}},
		{name: "debug listen without port", args: []string{"--debug-listen", "localhost"}, want: []string{"--debug-listen", "NEXUS_DEBUG_LISTEN", "HOST:PORT"}},
		{name: "unsupported trace exporter", env: map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, want: []string{"OTEL_TRACES_EXPORTER", "otlp"}},
		{name: "unknown flag", args: []string{"--port", "80"}, want: []string{"-port"}},
		{name: "extra argument", args: []string{"now"}, want: []string{"unexpected argument"}},
	})
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantUsage  bool     // a *usageError (exit status 2)
		wantStdout []string // in stdout
		wantStderr []string // in stderr
	}{
		{name: "no command", args: nil, wantUsage: true, wantStderr: []string{"Usage: nexus COMMAND", "serve", "validate", "version"}},
		{name: "unknown command", args: []string{"frobnicate"}, wantUsage: true, wantStderr: []string{"Usage: nexus COMMAND"}},
		{name: "help", args: []string{"help"}, wantStdout: []string{"Usage: nexus COMMAND", "serve", "validate", "version"}},
		{name: "-h", args: []string{"-h"}, wantStdout: []string{"Usage: nexus COMMAND"}},
		{name: "help serve", args: []string{"help", "serve"}, wantStdout: []string{"nexus serve", "-listen", "NEXUS_LISTEN", "NEXUS_STORE", "NEXUS_CORS_ORIGINS", "NEXUS_LOG_LEVEL", "NEXUS_LOG_FORMAT"}},
		{name: "serve -h", args: []string{"serve", "-h"}, wantStdout: []string{"nexus serve", "-cors-origins", "NEXUS_CORS_ORIGINS"}},
		{name: "help validate", args: []string{"help", "validate"}, wantStdout: []string{"nexus validate [DIR]", "file:line"}},
		{name: "validate --help", args: []string{"validate", "--help"}, wantStdout: []string{"nexus validate [DIR]"}},
		{name: "help version", args: []string{"help", "version"}, wantStdout: []string{"nexus version"}},
		{name: "help unknown", args: []string{"help", "frobnicate"}, wantUsage: true, wantStderr: []string{"Usage: nexus COMMAND"}},
		{name: "version", args: []string{"version"}, wantStdout: []string{"nexus ", "go1."}},
		{name: "version with argument", args: []string{"version", "now"}, wantUsage: true},
		{name: "bad flag prints the command's usage", args: []string{"validate", "--nope"}, wantUsage: true, wantStderr: []string{"nexus validate [DIR]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append([]string{"nexus"}, tt.args...), fakeEnv(nil), &stdout, &stderr)
			var ue *usageError
			if got := errors.As(err, &ue); got != tt.wantUsage {
				t.Fatalf("run: %v; usage error: %v, want %v", err, got, tt.wantUsage)
			}
			if !tt.wantUsage && err != nil {
				t.Fatalf("run: %v", err)
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout does not contain %q:\n%s", w, stdout.String())
				}
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr does not contain %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}
