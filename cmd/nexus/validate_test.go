package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

func TestValidateEmbeddedSeed(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"nexus", "validate"}, fakeEnv(nil), &stdout, &stderr); err != nil {
		t.Fatalf("validate: %v\n%s", err, stderr.String())
	}
	b, err := seed.Read()
	if err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	if !strings.Contains(out, "OK") {
		t.Errorf("no OK in the summary:\n%s", out)
	}
	// The summary counts what the seed holds, kind by kind.
	counts := map[graph.NodeKind]int{}
	for _, n := range b.Nodes {
		counts[n.Kind]++
	}
	for k, n := range counts {
		line := string(k) + " "
		i := strings.Index(out, "  "+line)
		if i < 0 {
			t.Errorf("no line for %s in the summary:\n%s", k, out)
			continue
		}
		fields := strings.Fields(out[i:])
		if len(fields) < 2 || fields[1] != strconv.Itoa(n) {
			t.Errorf("summary for %s: %v, want %d", k, fields[:2], n)
		}
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr not empty:\n%s", stderr.String())
	}
}

// copySeed copies the embedded seed tree into a temporary directory.
func copySeed(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "seed")
	if err := os.CopyFS(dir, seed.FS()); err != nil {
		t.Fatalf("copy the seed: %v", err)
	}
	return dir
}

func TestValidateDirectory(t *testing.T) {
	t.Run("intact copy", func(t *testing.T) {
		dir := copySeed(t)
		var stdout, stderr bytes.Buffer
		if err := run(t.Context(), []string{"nexus", "validate", dir}, fakeEnv(nil), &stdout, &stderr); err != nil {
			t.Fatalf("validate %s: %v\n%s", dir, err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "OK") {
			t.Errorf("no OK in the summary:\n%s", stdout.String())
		}
	})

	t.Run("broken copy", func(t *testing.T) {
		dir := copySeed(t)
		broken := filepath.Join(dir, "facts", "zz-broken.facts")
		content := "# two mistakes\nnode Nowhere:X\n  nameEn: a kind that does not exist\n\nfrobnicate State:FRA\n"
		if err := os.WriteFile(broken, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"nexus", "validate", dir}, fakeEnv(nil), &stdout, &stderr)
		if err == nil {
			t.Fatalf("validate accepted a broken seed:\n%s", stdout.String())
		}
		var ue *usageError
		if errors.As(err, &ue) {
			t.Errorf("a broken seed is not a usage error: %v", err)
		}
		for _, want := range []string{broken + ":2: ", broken + ":5: "} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr does not list %q:\n%s", want, stderr.String())
			}
		}
		if stdout.Len() > 0 {
			t.Errorf("a summary for a broken seed:\n%s", stdout.String())
		}
	})

	t.Run("missing directory", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		missing := filepath.Join(t.TempDir(), "nope")
		err := run(t.Context(), []string{"nexus", "validate", missing}, fakeEnv(nil), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("validate %s: %v, want an error naming it", missing, err)
		}
	})

	t.Run("two directories", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"nexus", "validate", "a", "b"}, fakeEnv(nil), &stdout, &stderr)
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Errorf("validate a b: %v, want a usage error", err)
		}
	})
}
