package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/export"
	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/seed"
)

// wantExport returns what exporting sc from s in format f must give.
func wantExport(t *testing.T, s graph.Store, f export.Format, sc export.Scope) []byte {
	t.Helper()
	b, _ := wantExportTruncated(t, s, f, sc)
	return b
}

// wantExportTruncated is wantExport that also says whether the export is
// truncated.
func wantExportTruncated(t *testing.T, s graph.Store, f export.Format, sc export.Scope) ([]byte, bool) {
	t.Helper()
	sg, err := export.Select(t.Context(), s, sc)
	if err != nil {
		t.Fatalf("Select %+v: %v", sc, err)
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, f, sg); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), sg.Truncated
}

// seededWithExamples returns a memory store holding the seed and the example
// import files.
func seededWithExamples(t *testing.T) graph.Store {
	t.Helper()
	s := testgraph.Memory(t)
	files, err := importer.Files(exampleFiles...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(t.Context(), s, files...); err != nil {
		t.Fatal(err)
	}
	return s
}

// runExport runs nexus export with args and the environment env.
func runExport(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errw bytes.Buffer
	err = run(t.Context(), append([]string{"nexus", "export", "--log-level", "warn"}, args...), fakeEnv(env), &out, &errw)
	return out.String(), errw.String(), err
}

func TestExportCommand(t *testing.T) {
	mem := testgraph.Memory(t)
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		format export.Format
		scope  export.Scope
	}{
		{name: "default: the whole graph as GraphML", format: export.FormatGraphML},
		{name: "cytoscape", args: []string{"--format", "cytoscape"}, format: export.FormatCytoscape},
		{name: "csv", args: []string{"--format", "csv"}, format: export.FormatCSV},
		{name: "jsonl from the environment", env: map[string]string{"NEXUS_EXPORT_FORMAT": "jsonl"}, format: export.FormatJSONLines},
		{name: "neighbourhood", args: []string{"--format", "jsonl", "--root", "Paragraph:A/RES/66/178/op/9", "--depth", "2"},
			format: export.FormatJSONLines, scope: export.Scope{Root: "Paragraph:A/RES/66/178/op/9", Depth: 2}},
		{name: "neighbourhood at depth 1 by default", args: []string{"--root", "State:FRA"},
			format: export.FormatGraphML, scope: export.Scope{Root: "State:FRA", Depth: 1}},
		{name: "filtered neighbourhood", args: []string{"--root", "CrimeType:terrorism", "--depth", "2", "--relationships", "ADDRESSES, CONCERNS", "--kinds", "Instrument,Paragraph,CrimeType", "--limit", "20"},
			format: export.FormatGraphML, scope: export.Scope{Root: "CrimeType:terrorism", Depth: 2, Limit: 20,
				Types: []graph.RelType{graph.RelAddresses, graph.RelConcerns}, Kinds: []graph.NodeKind{graph.KindInstrument, graph.KindParagraph, graph.KindCrimeType}}},
		{name: "path", args: []string{"--format", "cytoscape", "--from", "CrimeType:terrorism", "--to", "State:FRA"},
			format: export.FormatCytoscape, scope: export.Scope{From: "CrimeType:terrorism", To: "State:FRA"}},
		{name: "all shortest paths", args: []string{"--format", "csv", "--from", "CrimeType:terrorism", "--to", "State:FRA", "--all", "--max-length", "5", "--limit", "3"},
			format: export.FormatCSV, scope: export.Scope{From: "CrimeType:terrorism", To: "State:FRA", All: true, MaxLength: 5, Limit: 3}},
		{name: "ids", args: []string{"--format", "jsonl", "--id", "CrimeType:terrorism", "--id", "Paragraph:A/RES/66/178/op/9", "--id", "CrimeType:related-criminal-activities"},
			format: export.FormatJSONLines, scope: export.Scope{IDs: []graph.ID{"CrimeType:terrorism", "Paragraph:A/RES/66/178/op/9", "CrimeType:related-criminal-activities"}}},
		{name: "ids from the environment", env: map[string]string{"NEXUS_EXPORT_IDS": "CrimeType:terrorism, Paragraph:A/RES/66/178/op/9"},
			format: export.FormatGraphML, scope: export.Scope{IDs: []graph.ID{"CrimeType:terrorism", "Paragraph:A/RES/66/178/op/9"}}},
		{name: "whole graph truncated", args: []string{"--format", "jsonl", "--limit", "10"},
			format: export.FormatJSONLines, scope: export.Scope{Limit: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runExport(t, tt.env, tt.args...)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, stderr)
			}
			want, truncated := wantExportTruncated(t, mem, tt.format, tt.scope)
			if stdout != string(want) {
				t.Errorf("stdout is not the export of %+v (%d bytes, want %d)", tt.scope, len(stdout), len(want))
			}
			if !strings.Contains(stderr, "exported ") || !strings.Contains(stderr, "as "+string(tt.format)+" to stdout") {
				t.Errorf("stderr lacks the summary: %s", stderr)
			}
			if warned := strings.Contains(stderr, "truncated"); warned != truncated {
				t.Errorf("truncation warning %v, want %v: %s", warned, truncated, stderr)
			}
		})
	}
}

func TestExportToFiles(t *testing.T) {
	mem := testgraph.Memory(t)
	dir := t.TempDir()
	t.Run("file", func(t *testing.T) {
		path := filepath.Join(dir, "graph.graphml")
		if err := os.WriteFile(path, []byte("old content"), 0o644); err != nil {
			t.Fatal(err)
		}
		stdout, stderr, err := runExport(t, nil, "-o", path)
		if err != nil {
			t.Fatalf("run: %v\n%s", err, stderr)
		}
		if stdout != "" {
			t.Errorf("stdout holds %d bytes", len(stdout))
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, wantExport(t, mem, export.FormatGraphML, export.Scope{})) {
			t.Error("the file does not hold the export")
		}
		if !strings.Contains(stderr, "to "+path) {
			t.Errorf("stderr does not name the file: %s", stderr)
		}
	})
	t.Run("failed export leaves the file alone", func(t *testing.T) {
		path := filepath.Join(dir, "kept.jsonl")
		if err := os.WriteFile(path, []byte("old content"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := runExport(t, nil, "--output", path, "--format", "jsonl", "--root", "State:XXX")
		if err == nil {
			t.Fatal("export of an unknown root succeeded")
		}
		if got, _ := os.ReadFile(path); string(got) != "old content" {
			t.Errorf("the file now holds %q", got)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("temporary file %s left behind", e.Name())
			}
		}
	})
	t.Run("csv into a directory", func(t *testing.T) {
		out := filepath.Join(dir, "tables")
		if err := os.Mkdir(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, stderr, err := runExport(t, nil, "--format", "csv", "-o", out); err != nil {
			t.Fatalf("run: %v\n%s", err, stderr)
		}
		sg, err := export.Whole(t.Context(), mem)
		if err != nil {
			t.Fatal(err)
		}
		var nodes, edges bytes.Buffer
		if err := export.CSV(&nodes, &edges, sg); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string][]byte{"nodes.csv": nodes.Bytes(), "edges.csv": edges.Bytes()} {
			got, err := os.ReadFile(filepath.Join(out, name))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: %v, or not the export", name, err)
			}
		}
	})
	t.Run("graphml into a directory", func(t *testing.T) {
		_, _, err := runExport(t, nil, "-o", dir)
		if err == nil || !strings.Contains(err.Error(), "is a directory") {
			t.Errorf("err = %v, want one that says it is a directory", err)
		}
	})
}

func TestExportImports(t *testing.T) {
	want := wantExport(t, seededWithExamples(t), export.FormatJSONLines, export.Scope{})
	args := []string{"--format", "jsonl"}
	for _, f := range exampleFiles {
		args = append(args, "--import", f)
	}
	stdout, stderr, err := runExport(t, nil, args...)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	if stdout != string(want) {
		t.Error("the export is not that of the seed with the imported files")
	}
	if !strings.Contains(stdout, `"basis":"IMPORTED"`) {
		t.Error("no imported fact in the export")
	}

	t.Run("a bad file exports nothing", func(t *testing.T) {
		stdout, stderr, err := runExport(t, nil, "--import", brokenImport(t))
		if err == nil || stdout != "" {
			t.Fatalf("err = %v, stdout %d bytes", err, len(stdout))
		}
		if !strings.Contains(stderr, "broken.csv:3:") || !strings.Contains(stderr, "broken.csv:4:") {
			t.Errorf("stderr does not list the problems as file:line: %s", stderr)
		}
	})
}

func TestExportCommandLine(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		usage bool
		want  []string
	}{
		{name: "unknown format", args: []string{"--format", "gexf"}, usage: true, want: []string{"--format", "gexf", "graphml, cytoscape, csv, jsonl"}},
		{name: "unknown format from the environment", env: map[string]string{"NEXUS_EXPORT_FORMAT": "dot"}, usage: true, want: []string{"NEXUS_EXPORT_FORMAT"}},
		{name: "unknown relationship", args: []string{"--root", "State:FRA", "--relationships", "KNOWS"}, usage: true, want: []string{"KNOWS", "allowed: HAS_PARAGRAPH"}},
		{name: "unknown kind", args: []string{"--kinds", "Person"}, usage: true, want: []string{"Person", "allowed: State"}},
		{name: "depth above the cap", args: []string{"--root", "State:FRA", "--depth", "9"}, usage: true, want: []string{"depth", "4"}},
		{name: "depth not a number", args: []string{"--root", "State:FRA", "--depth", "two"}, usage: true, want: []string{"--depth", "whole number"}},
		{name: "depth without root", args: []string{"--depth", "2"}, usage: true, want: []string{"depth", "root"}},
		{name: "from without to", args: []string{"--from", "State:FRA"}, usage: true, want: []string{"from and to"}},
		{name: "root and path", args: []string{"--root", "State:FRA", "--from", "State:FRA", "--to", "State:DEU"}, usage: true, want: []string{"not both"}},
		{name: "all not a boolean", args: []string{"--all=maybe"}, usage: true, want: []string{"-all", "true or false"}},
		{name: "all not a boolean from the environment", env: map[string]string{"NEXUS_EXPORT_ALL": "maybe"}, usage: true, want: []string{"NEXUS_EXPORT_ALL", "true or false"}},
		{name: "-o and --output", args: []string{"-o", "a", "--output", "b"}, usage: true, want: []string{"-o or --output"}},
		{name: "import into neo4j", args: []string{"--store", "neo4j", "--import", "a.csv"}, usage: true, want: []string{"--import", "nexus import"}},
		{name: "unknown store", args: []string{"--store", "sqlite"}, usage: true, want: []string{"--store", "memory or neo4j"}},
		{name: "argument", args: []string{"graph.graphml"}, usage: true, want: []string{"unexpected argument", "graph.graphml"}},
		{name: "unknown root", args: []string{"--root", "State:XXX"}, want: []string{"State:XXX"}},
		{name: "unknown id", args: []string{"--id", "State:FRA", "--id", "State:XXX"}, want: []string{"State:XXX"}},
		{name: "ids and root", args: []string{"--id", "State:FRA", "--root", "State:FRA"}, usage: true, want: []string{"not two of them"}},
		{name: "missing import file", args: []string{"--import", "no-such-file.csv"}, want: []string{"no-such-file.csv", "nothing was exported"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, err := runExport(t, tt.env, tt.args...)
			if err == nil {
				t.Fatal("run succeeded")
			}
			var ue *usageError
			if errors.As(err, &ue) != tt.usage {
				t.Errorf("err = %v (%T): usage error %v, want %v", err, err, !tt.usage, tt.usage)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if stdout != "" {
				t.Errorf("stdout holds %d bytes after an error", len(stdout))
			}
		})
	}

	t.Run("help", func(t *testing.T) {
		wantHelp(t, "export", []string{"nexus export", "-format", "-root", "-depth", "-from", "-to", "-o", "-import", "NEXUS_EXPORT_FORMAT", "README.md"})
	})
}

// TestExportNeo4j exports from the test Neo4j, holding the seed, and wants
// the bytes the memory store gives.
func TestExportNeo4j(t *testing.T) {
	st := neo4jtest.Open(t)
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	cfg := neo4jtest.Config(t)
	mem := testgraph.Memory(t)
	for _, f := range export.Formats {
		t.Run(string(f), func(t *testing.T) {
			stdout, stderr, err := runExport(t, neo4jEnv(cfg), "--store", "neo4j", "--format", string(f))
			if err != nil {
				t.Fatalf("run: %v\n%s", err, stderr)
			}
			if want := wantExport(t, mem, f, export.Scope{}); stdout != string(want) {
				t.Errorf("the Neo4j export differs from the memory store's (%d bytes, want %d)", len(stdout), len(want))
			}
		})
	}
	t.Run("neighbourhood", func(t *testing.T) {
		sc := export.Scope{Root: "Paragraph:A/RES/66/178/op/9", Depth: 2}
		stdout, stderr, err := runExport(t, neo4jEnv(cfg), "--store", "neo4j", "--root", string(sc.Root), "--depth", "2")
		if err != nil {
			t.Fatalf("run: %v\n%s", err, stderr)
		}
		if want := wantExport(t, mem, export.FormatGraphML, sc); stdout != string(want) {
			t.Error("the Neo4j export differs from the memory store's")
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		_, _, err := runExport(t, map[string]string{"NEO4J_URI": closedPort(t)}, "--store", "neo4j")
		if err == nil || !strings.Contains(err.Error(), "check that Neo4j is running") {
			t.Errorf("err = %v, want one that says to check Neo4j", err)
		}
	})
}
