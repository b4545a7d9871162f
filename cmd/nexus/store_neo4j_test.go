package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/server"
)

// closedPort returns a Bolt URI on a local port where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "bolt://" + addr
}

// neo4jEnv returns the environment that points nexus at cfg.
func neo4jEnv(cfg neo4j.Config) map[string]string {
	return map[string]string{
		"NEO4J_URI":      cfg.URI,
		"NEO4J_USER":     cfg.User,
		"NEO4J_PASSWORD": cfg.Password,
		"NEO4J_DATABASE": cfg.Database,
	}
}

// query posts a GraphQL query and returns the HTTP status and the decoded
// response.
func query(t *testing.T, base, q string) (int, gqlResult) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": q})
	req := newRequest(t, http.MethodPost, base+"/graphql", string(body))
	req.Header.Set("Content-Type", "application/json")
	res, text := do(t, req)
	var r gqlResult
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, text)
	}
	r.raw = text
	return res.StatusCode, r
}

// gqlResult is a GraphQL response with the codes of its errors.
type gqlResult struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	raw string
}

// codes returns the extensions.code of every error.
func (r gqlResult) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// readyz returns the status and the body of /readyz.
func readyz(t *testing.T, base string) (int, server.Readiness) {
	t.Helper()
	res, body := do(t, newRequest(t, http.MethodGet, base+"/readyz", ""))
	var r server.Readiness
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("/readyz body is not JSON: %v: %s", err, body)
	}
	return res.StatusCode, r
}

// waitReadyz polls /readyz until it answers want, within the deadline, and
// returns the last answer.
func waitReadyz(t *testing.T, base string, want int) server.Readiness {
	t.Helper()
	deadline := time.Now().Add(testDeadline)
	for {
		status, r := readyz(t, base)
		if status == want {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d (%s) after %v, want %d", status, r.Reason, testDeadline, want)
		}
		time.Sleep(100 * time.Millisecond) // polling interval, not an assertion
	}
}

// stateQuery asks for one node of the seed.
const stateQuery = `{ state(iso3: "FRA") { id name regions { level region { name } } } }`

// TestServeNeo4jUnreachable serves with Neo4j on a port where nothing
// listens: the server must start at once, say why it is not ready, answer
// queries with UNAVAILABLE, never log the password, and stop promptly.
func TestServeNeo4jUnreachable(t *testing.T) {
	uri := closedPort(t)
	const canary = "pw-canary-4f1c9e"
	s := startServe(t, map[string]string{"NEO4J_URI": uri, "NEO4J_PASSWORD": canary}, "--store", "neo4j")
	waitHealthy(t, s.url)

	status, r := readyz(t, s.url)
	if status != http.StatusServiceUnavailable || r.Status != "unavailable" {
		t.Errorf("/readyz %d %+v, want 503 unavailable", status, r)
	}
	// The address of the store is the operator's business: the log has it,
	// the public endpoint does not.
	if strings.Contains(r.Reason, uri) || strings.Contains(r.Reason, strings.TrimPrefix(uri, "bolt://")) {
		t.Errorf("/readyz reason %q gives away the Neo4j address %s", r.Reason, uri)
	}
	s.log.waitFor(t, "not-ready record naming the address", func(rec map[string]any) bool {
		reason, _ := rec["reason"].(string)
		return rec["msg"] == "not ready" && strings.Contains(reason, uri)
	})
	// The container's health check says the same.
	err := run(t.Context(), []string{"nexus", "probe", "--listen", strings.TrimPrefix(s.url, "http://")}, fakeEnv(nil), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("probe: %v, want a 503 error", err)
	}

	status, res := query(t, s.url, stateQuery)
	if status != http.StatusOK || len(res.Errors) == 0 {
		t.Fatalf("query: status %d, want 200 with errors: %s", status, res.raw)
	}
	for _, c := range res.codes() {
		if c != "UNAVAILABLE" {
			t.Errorf("error code %q, want UNAVAILABLE: %s", c, res.raw)
		}
	}

	rec := s.log.waitFor(t, "failed connection record", func(r map[string]any) bool {
		return r["msg"] == "cannot connect to Neo4j; will retry"
	})
	if rec["uri"] != uri || rec["check"] == nil || rec["retry_in"] == nil {
		t.Errorf("failed connection record without uri %s, what to check and when it retries: %v", uri, rec)
	}
	if check, _ := rec["check"].(string); !strings.Contains(check, "running") {
		t.Errorf("check %q does not say to check that Neo4j runs", check)
	}
	// A second failure shows the loop retries rather than giving up.
	s.log.waitFor(t, "second attempt", func(r map[string]any) bool {
		return r["msg"] == "cannot connect to Neo4j; will retry" && r["attempt"] == 2.0
	})

	if err := s.shutdown(t); err != nil {
		t.Fatalf("run returned %v after shutdown, want nil", err)
	}
	if strings.Contains(s.log.String(), canary) {
		t.Errorf("the password is in the log:\n%s", s.log.String())
	}
}

func TestNeo4jOptions(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want neo4j.Config
	}{
		{
			name: "defaults",
			want: neo4j.Config{URI: "bolt://127.0.0.1:7687", User: "neo4j", Database: "neo4j"},
		},
		{
			name: "environment",
			env:  map[string]string{"NEO4J_URI": "neo4j+s://db.example:7687", "NEO4J_USER": "nexus", "NEO4J_PASSWORD": "secret", "NEO4J_DATABASE": "graph"},
			want: neo4j.Config{URI: "neo4j+s://db.example:7687", User: "nexus", Password: "secret", Database: "graph"},
		},
		{
			name: "flags beat environment",
			env:  map[string]string{"NEO4J_URI": "bolt://a.example:7687", "NEO4J_USER": "a", "NEO4J_PASSWORD": "a-pass", "NEO4J_DATABASE": "a"},
			args: []string{"--neo4j-uri", "bolt://b.example:7688", "--neo4j-user", "b", "--neo4j-password", "b-pass", "--neo4j-database", "b"},
			want: neo4j.Config{URI: "bolt://b.example:7688", User: "b", Password: "b-pass", Database: "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			cfg, done, err := parseServe(env{getenv: fakeEnv(tt.env), stdout: &out, stderr: &out}, append([]string{"--store", "neo4j"}, tt.args...))
			if err != nil || done {
				t.Fatalf("parseServe: done %v, err %v; output:\n%s", done, err, out.String())
			}
			if cfg.store != "neo4j" {
				t.Errorf("store %q, want neo4j", cfg.store)
			}
			got := neo4j.Config{URI: cfg.neo4j.URI, User: cfg.neo4j.User, Password: cfg.neo4j.Password, Database: cfg.neo4j.Database}
			if got != tt.want {
				t.Errorf("neo4j config %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestBadNeo4jValues checks that serve and seed reject a bad Neo4j
// configuration before connecting, naming the flag, and never echo a
// password.
func TestBadNeo4jValues(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		want   []string // in the error
		secret string   // not in the error nor the output
	}{
		{name: "http scheme", args: []string{"--neo4j-uri", "http://127.0.0.1:7474"}, want: []string{"--neo4j-uri", "NEO4J_URI", "bolt"}},
		{name: "no host", env: map[string]string{"NEO4J_URI": "bolt://"}, want: []string{"--neo4j-uri", "from environment variable NEO4J_URI"}},
		{name: "not a URI", args: []string{"--neo4j-uri", "127.0.0.1:7687"}, want: []string{"--neo4j-uri", "scheme://host"}},
		{name: "password in the URI", env: map[string]string{"NEO4J_URI": "bolt://neo4j:hunter2-secret@db.example:7687"}, want: []string{"--neo4j-uri", "NEO4J_PASSWORD"}, secret: "hunter2-secret"},
		{name: "empty database", args: []string{"--neo4j-database", ""}, want: []string{"--neo4j-database", "NEO4J_DATABASE"}},
	}
	for _, cmd := range [][]string{{"serve", "--store", "neo4j"}, {"seed"}} {
		for _, tt := range tests {
			t.Run(cmd[0]+"/"+tt.name, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				args := append(append([]string{"nexus"}, cmd...), tt.args...)
				err := run(t.Context(), args, fakeEnv(tt.env), &stdout, &stderr)
				var ue *usageError
				if !errors.As(err, &ue) {
					t.Fatalf("run: %v, want a usage error", err)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
				if tt.secret != "" {
					for what, s := range map[string]string{"error": err.Error(), "stdout": stdout.String(), "stderr": stderr.String()} {
						if strings.Contains(s, tt.secret) {
							t.Errorf("the password is in the %s: %s", what, s)
						}
					}
				}
			})
		}
	}
}

func TestSeedCommandLine(t *testing.T) {
	wantUsageErrors(t, "seed", []usageCase{
		{name: "memory store", args: []string{"--store", "memory"}, want: []string{"--store", "memory", "nexus serve --store memory loads the embedded seed"}},
		{name: "memory store from environment", env: map[string]string{"NEXUS_STORE": "memory"}, want: []string{"NEXUS_STORE", "memory"}},
		{name: "unknown store", args: []string{"--store", "sqlite"}, want: []string{"--store", "sqlite", "neo4j"}},
		{name: "directory as an argument", args: []string{"seed"}, want: []string{"unexpected argument", "--dir"}},
	})

	t.Run("help", func(t *testing.T) {
		wantHelp(t, "seed", []string{"nexus seed", "-dir", "-neo4j-uri", "NEO4J_URI", "NEO4J_PASSWORD", "file:line"})
	})
}

// brokenSeed returns a copy of the seed with two problems in a new file, and
// that file's path.
func brokenSeed(t *testing.T) (dir, file string) {
	t.Helper()
	dir = copySeed(t)
	file = filepath.Join(dir, "facts", "zz-broken.facts")
	content := "# two mistakes\nnode Nowhere:X\n  nameEn: a kind that does not exist\n\nfrobnicate State:FRA\n"
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// TestSeedValidatesBeforeConnecting loads a broken seed with Neo4j
// unreachable: the problems must come out, not a connection error.
func TestSeedValidatesBeforeConnecting(t *testing.T) {
	dir, file := brokenSeed(t)
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"nexus", "seed", "--dir", dir}, fakeEnv(map[string]string{"NEO4J_URI": closedPort(t)}), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "2 problems") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("seed of a broken tree: %v, want 2 problems and nothing written", err)
	}
	for _, want := range []string{file + ":2: ", file + ":5: "} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not list %q:\n%s", want, stderr.String())
		}
	}
	if strings.Contains(err.Error(), "Neo4j") {
		t.Errorf("seed reached for Neo4j with a broken tree: %v", err)
	}
}

// TestSeedUnreachable says what to check when Neo4j cannot be reached.
func TestSeedUnreachable(t *testing.T) {
	uri := closedPort(t)
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"nexus", "seed", "--neo4j-uri", uri}, fakeEnv(nil), &stdout, &stderr)
	if err == nil {
		t.Fatalf("seed into %s succeeded:\n%s", uri, stdout.String())
	}
	for _, w := range []string{uri, "running"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
	if graph.ErrorCode(err) != graph.Unavailable {
		t.Errorf("error code %q, want %q", graph.ErrorCode(err), graph.Unavailable)
	}
}

// seedCounts runs nexus seed against cfg and returns its output and the
// node and relationship totals it printed after loading.
func seedCounts(t *testing.T, cfg neo4j.Config, args ...string) (out string, nodes, rels int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), append([]string{"nexus", "seed"}, args...), fakeEnv(neo4jEnv(cfg)), &stdout, &stderr)
	if err != nil {
		t.Fatalf("seed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	m := regexp.MustCompile(`(?m)^graph after: +(\d+) nodes, (\d+) relationships`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no graph after line in the output:\n%s", stdout.String())
	}
	nodes, _ = strconv.Atoi(m[1])
	rels, _ = strconv.Atoi(m[2])
	return stdout.String(), nodes, rels
}

// storeTotals counts the graph in st.
func storeTotals(t *testing.T, st graph.Store) (nodes, rels int) {
	t.Helper()
	c, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return totals(c)
}

func TestSeedNeo4j(t *testing.T) {
	st := neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)
	b, err := seed.Read()
	if err != nil {
		t.Fatal(err)
	}

	t.Run("broken seed writes nothing", func(t *testing.T) {
		dir, _ := brokenSeed(t)
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"nexus", "seed", "--dir", dir}, fakeEnv(neo4jEnv(cfg)), &stdout, &stderr)
		if err == nil {
			t.Fatalf("seed of a broken tree succeeded:\n%s", stdout.String())
		}
		if n, r := storeTotals(t, st); n != 0 || r != 0 {
			t.Errorf("after a broken seed: %d nodes, %d relationships, want none", n, r)
		}
	})

	out1, n1, r1 := seedCounts(t, cfg)
	t.Run("first load", func(t *testing.T) {
		if n1 != len(b.Nodes) || r1 != len(b.Relationships) {
			t.Errorf("after the first load: %d nodes, %d relationships; the seed has %d and %d", n1, r1, len(b.Nodes), len(b.Relationships))
		}
		if n, r := storeTotals(t, st); n != n1 || r != r1 {
			t.Errorf("the store counts %d nodes, %d relationships; seed printed %d and %d", n, r, n1, r1)
		}
		for _, w := range []string{"embedded seed: OK", "schema migrated", "graph before: 0 nodes, 0 relationships", "in one transaction in"} {
			if !strings.Contains(out1, w) {
				t.Errorf("output does not contain %q:\n%s", w, out1)
			}
		}
	})

	out2, n2, r2 := seedCounts(t, cfg)
	t.Run("second load leaves the same graph", func(t *testing.T) {
		if n2 != n1 || r2 != r1 {
			t.Errorf("after the second load: %d nodes, %d relationships; after the first %d and %d", n2, r2, n1, r1)
		}
		if !strings.Contains(out2, "(unchanged)") {
			t.Errorf("second load does not say the graph is unchanged:\n%s", out2)
		}
		if n, r := storeTotals(t, st); n != n1 || r != r1 {
			t.Errorf("the store counts %d nodes, %d relationships after the second load, want %d and %d", n, r, n1, r1)
		}
	})

	t.Run("seed tree from a directory", func(t *testing.T) {
		_, n, r := seedCounts(t, cfg, "--dir", copySeed(t))
		if n != n1 || r != r1 {
			t.Errorf("after loading a copy of the seed: %d nodes, %d relationships, want %d and %d", n, r, n1, r1)
		}
	})

	t.Run("broken seed over a loaded graph changes nothing", func(t *testing.T) {
		dir, _ := brokenSeed(t)
		// A valid edit next to the broken file: it must not be written either.
		extra := "node Topic:zz-not-written\n  nameEn: Not written\n  source: A/RES/66/178 op/1\n"
		if err := os.WriteFile(filepath.Join(dir, "facts", "zz-extra.facts"), []byte(extra), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if err := run(t.Context(), []string{"nexus", "seed", "--dir", dir}, fakeEnv(neo4jEnv(cfg)), &stdout, &stderr); err == nil {
			t.Fatalf("seed of a broken tree succeeded:\n%s", stdout.String())
		}
		if n, r := storeTotals(t, st); n != n1 || r != r1 {
			t.Errorf("after a broken seed: %d nodes, %d relationships, want %d and %d", n, r, n1, r1)
		}
		got, err := st.Nodes(t.Context(), []graph.ID{"Topic:zz-not-written"})
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != nil {
			t.Errorf("a node of the broken seed was written: %+v", got[0])
		}
	})
}

// TestServeNeo4j serves the seeded test Neo4j and compares an answer with
// the memory store's.
func TestServeNeo4j(t *testing.T) {
	neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)

	// Empty: the server runs but is not ready.
	s := startServe(t, neo4jEnv(cfg), "--store", "neo4j")
	r := waitReadyz(t, s.url, http.StatusServiceUnavailable)
	s.log.waitFor(t, "connected record", func(r map[string]any) bool { return r["msg"] == "connected to Neo4j; schema migrated" })
	r = waitReadyz(t, s.url, http.StatusServiceUnavailable)
	if !strings.Contains(r.Reason, "empty") || !strings.Contains(r.Reason, "nexus seed") {
		t.Errorf("/readyz reason %q on an empty graph, want one that says to run nexus seed", r.Reason)
	}

	// Seeded while it runs: ready, and answering as the memory store does.
	seedCounts(t, cfg)
	waitReadyz(t, s.url, http.StatusOK)
	mem := startServe(t, nil)
	waitHealthy(t, mem.url)
	for _, q := range []string{stateQuery, `{ search(text: "nucleaire") { score node { id } } }`} {
		status, got := query(t, s.url, q)
		if status != http.StatusOK || len(got.Errors) > 0 {
			t.Fatalf("query %s: status %d: %s", q, status, got.raw)
		}
		_, want := query(t, mem.url, q)
		if got.raw != want.raw {
			t.Errorf("query %s\nneo4j:  %s\nmemory: %s", q, got.raw, want.raw)
		}
	}
	if err := s.shutdown(t); err != nil {
		t.Fatalf("run returned %v after shutdown, want nil", err)
	}
}

// TestServeNeo4jOutage stops the test Neo4j under a running server and
// starts it again: queries must be UNAVAILABLE and /readyz 503 meanwhile,
// and the same server must answer again once Neo4j is back. It stops a
// server other tests share, so it runs only when NEXUS_TEST_NEO4J_RESTART=1
// (make test sets it for the Neo4j it starts), holding the test lock.
func TestServeNeo4jOutage(t *testing.T) {
	if os.Getenv("NEXUS_TEST_NEO4J_RESTART") != "1" {
		t.Skip("stops and restarts the test Neo4j: set NEXUS_TEST_NEO4J_RESTART=1 (make test does) to run it")
	}
	neo4jtest.Open(t) // holds the lock until the test ends
	cfg := neo4jtest.Config(t)
	seedCounts(t, cfg)

	s := startServe(t, neo4jEnv(cfg), "--store", "neo4j")
	waitReadyz(t, s.url, http.StatusOK)
	if status, r := query(t, s.url, stateQuery); status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("query before the outage: status %d: %s", status, r.raw)
	}

	stopTestNeo4j(t)

	status, r := query(t, s.url, stateQuery)
	if status != http.StatusOK || len(r.Errors) == 0 {
		t.Fatalf("query during the outage: status %d, want 200 with errors: %s", status, r.raw)
	}
	for _, c := range r.codes() {
		if c != "UNAVAILABLE" {
			t.Errorf("error code %q during the outage, want UNAVAILABLE: %s\nserver log:\n%s", c, r.raw, s.log.String())
		}
	}
	if status, rd := readyz(t, s.url); status != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d %+v, want 503", status, rd)
	}

	startTestNeo4j(t)

	waitReadyz(t, s.url, http.StatusOK)
	status, r = query(t, s.url, stateQuery)
	if status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("query after the outage: status %d: %s", status, r.raw)
	}
	if !strings.Contains(string(r.Data["state"]), `"France"`) {
		t.Errorf("state after the outage: %s", r.Data["state"])
	}
	if err := s.shutdown(t); err != nil {
		t.Fatalf("run returned %v after shutdown, want nil", err)
	}
}

// neo4jScript is the script that runs the test Neo4j, from this package.
var neo4jScript = filepath.Join("..", "..", "tools", "neo4j", "neo4j.sh")

// stopTestNeo4j stops the test Neo4j, and makes sure it runs again when the
// test ends.
func stopTestNeo4j(t *testing.T) {
	t.Helper()
	t.Cleanup(func() { neo4jCtl(t, "start") })
	neo4jCtl(t, "stop")
}

// startTestNeo4j starts the test Neo4j again.
func startTestNeo4j(t *testing.T) {
	t.Helper()
	neo4jCtl(t, "start")
}

// neo4jCtl runs the Neo4j script with action (start, stop), which returns
// once the server is up or down, on the port of the test URI.
func neo4jCtl(t *testing.T, action string) {
	t.Helper()
	u, err := url.Parse(neo4jtest.Config(t).URI)
	if err != nil || u.Port() == "" || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
		t.Fatalf("NEXUS_TEST_NEO4J_RESTART=1 needs the test Neo4j of tools/neo4j, at bolt://127.0.0.1:PORT; got %s", u)
	}
	cmd := exec.Command("bash", neo4jScript, action)
	cmd.Env = append(os.Environ(), "NEO4J_PORT="+u.Port())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", neo4jScript, action, err, out)
	}
	t.Logf("%s %s:\n%s", neo4jScript, action, out)
}
