package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	s := startServe(t, nil)
	waitHealthy(t, s.url)
	addr := strings.TrimPrefix(s.url, "http://")
	_, port, _ := strings.Cut(addr, ":")

	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		wantErr   string // in the error; "" for success
		wantUsage bool
		wantOut   string // in stdout
	}{
		{name: "ready", args: []string{"--listen", addr}, wantOut: `{"status":"ready"}`},
		{name: "listen from the environment", env: map[string]string{"NEXUS_LISTEN": addr}, wantOut: "/readyz"},
		{name: "every interface is probed on the loopback", env: map[string]string{"NEXUS_LISTEN": "0.0.0.0:" + port}, wantOut: "http://127.0.0.1:" + port + "/readyz"},
		{name: "empty host", args: []string{"--listen", ":" + port}, wantOut: "http://127.0.0.1:" + port},
		{name: "healthz", args: []string{"--listen", addr, "--path", "/healthz"}, wantOut: "/healthz: ok"},
		{name: "nothing listening", args: []string{"--listen", strings.TrimPrefix(closedPort(t), "bolt://")}, wantErr: "connection refused"},
		{name: "other path", args: []string{"--listen", addr, "--path", "/graphql"}, wantUsage: true, wantErr: "--path"},
		{name: "port 0", args: []string{"--listen", "127.0.0.1:0"}, wantUsage: true, wantErr: "--listen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append([]string{"nexus", "probe"}, tt.args...), fakeEnv(tt.env), &stdout, &stderr)
			var ue *usageError
			if got := errors.As(err, &ue); got != tt.wantUsage {
				t.Errorf("usage error: %v, want %v (%v)", got, tt.wantUsage, err)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("probe: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("probe: %v, want an error with %q", err, tt.wantErr)
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantOut)
			}
		})
	}
}
