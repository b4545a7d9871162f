// Package neo4jtest connects tests to the test Neo4j server, which the
// environment names:
//
//	NEXUS_TEST_NEO4J_URI       e.g. bolt://127.0.0.1:7687 (required)
//	NEXUS_TEST_NEO4J_USER      empty: no authentication
//	NEXUS_TEST_NEO4J_PASSWORD
//	NEXUS_TEST_NEO4J_DATABASE  empty: the default database
//
// Without a URI the tests that need Neo4j are skipped, except under CI
// (CI=true), where they fail, so that CI cannot pass without running them.
//
// A server has one database to test in (Community has only one) and
// "go test ./..." runs packages in parallel, so Open holds an exclusive
// lock, shared by every test process on the machine, for the duration of
// the test, and hands out a cleared graph.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/graph/neo4j"
)

// The environment variables that name the test server.
const (
	EnvURI      = "NEXUS_TEST_NEO4J_URI"
	EnvUser     = "NEXUS_TEST_NEO4J_USER"
	EnvPassword = "NEXUS_TEST_NEO4J_PASSWORD"
	EnvDatabase = "NEXUS_TEST_NEO4J_DATABASE"
)

// howTo says how to run the tests that need Neo4j.
const howTo = "start one with `make neo4j-start`, then run " +
	"`NEXUS_TEST_NEO4J_URI=bolt://127.0.0.1:7687 go test ./...` (or `make test`)"

// Config returns the configuration of the test server. Without
// NEXUS_TEST_NEO4J_URI it skips t, or fails it when CI=true.
func Config(t testing.TB) neo4j.Config {
	t.Helper()
	uri := os.Getenv(EnvURI)
	if uri == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI=true requires the Neo4j tests to run: %s", EnvURI, howTo)
		}
		t.Skipf("%s is not set; to run the tests against Neo4j, %s", EnvURI, howTo)
	}
	return neo4j.Config{
		URI:      uri,
		User:     os.Getenv(EnvUser),
		Password: os.Getenv(EnvPassword),
		Database: os.Getenv(EnvDatabase),
		// Long enough for a local server's transient errors, short
		// enough that a server that went away fails the tests soon.
		MaxRetryTime: retryTime,
	}
}

// retryTime bounds the driver's retries in tests.
const retryTime = 5 * time.Second

// Open returns a store on the test server with the schema migrated and the
// graph cleared. It holds the machine-wide lock of the server until t ends,
// then closes the store. A test must not call Open while it (or a test
// above it) holds the store of another Open: it would wait for itself.
func Open(t testing.TB) *neo4j.Store {
	t.Helper()
	cfg := Config(t)
	unlock, err := lock(lockPath(cfg))
	if err != nil {
		t.Fatalf("lock the test Neo4j: %v", err)
	}
	t.Cleanup(unlock)

	st, err := neo4j.New(cfg, nil)
	if err != nil {
		t.Fatalf("neo4j.New: %v", err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("close the Neo4j store: %v", err)
		}
	})
	ctx := context.Background()
	// Ping tries once: when the server is down, every test fails at once
	// instead of retrying.
	if err := st.Ping(ctx); err != nil {
		t.Fatalf("the test Neo4j at %s does not answer: %v (is it running? %s)", cfg.URI, err, howTo)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate the test Neo4j at %s: %v", cfg.URI, err)
	}
	if err := st.Clear(ctx); err != nil {
		t.Fatalf("clear the test Neo4j at %s: %v", cfg.URI, err)
	}
	return st
}

// lockPath returns the lock file of the server and database cfg names, in
// the temporary directory shared by the machine's test processes.
func lockPath(cfg neo4j.Config) string {
	sum := sha256.Sum256([]byte(cfg.URI + "\x00" + cfg.Database))
	return filepath.Join(os.TempDir(), "nexus-neo4jtest-"+hex.EncodeToString(sum[:8])+".lock")
}
