package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/export"
	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/importer"
	"github.com/nexus-graph/nexus/seed"
)

const exportSynopsis = "nexus export [flags]\n\n" +
	"Writes the graph, or a part of it, in a format other tools read: graphml\n" +
	"(Gephi, yEd), cytoscape (Cytoscape.js JSON), csv (a zip of nodes.csv and\n" +
	"edges.csv) or jsonl (JSON lines); export/README.md describes each. The\n" +
	"provenance of every relationship goes with it.\n\n" +
	"Without --root, --from or --id it writes the whole graph; with --root ID\n" +
	"the neighbourhood of ID within --depth relationships; with --from ID --to ID\n" +
	"the shortest path between them (--all: every shortest path); with --id ID,\n" +
	"repeated, those nodes and the relationships between them. The output\n" +
	"goes to stdout, or to FILE with -o FILE (written whole or not at all); with\n" +
	"--format csv and -o DIR, an existing directory, nodes.csv and edges.csv are\n" +
	"written into DIR. A summary, and a warning when a limit cut the graph\n" +
	"short, go to stderr.\n\n" +
	"The memory store holds the embedded seed and the files given with\n" +
	"--import; the neo4j store holds what nexus seed and nexus import loaded."

// exportTimeout bounds reading the graph and writing the export.
const exportTimeout = 10 * time.Minute

// exportConfig is the configuration of nexus export.
type exportConfig struct {
	format  export.Format
	output  string // "" for stdout
	scope   export.Scope
	store   string
	imports []string
	neo4j   neo4j.Config
}

// parseExport reads the flags and environment of nexus export. done is true
// when there is nothing to export (-h, or an error).
func parseExport(e env, args []string) (cfg exportConfig, lo logOptions, done bool, err error) {
	fs := newFlagSet("export")
	format := fs.option("format", "NEXUS_EXPORT_FORMAT", string(export.FormatGraphML),
		"the `FORMAT`: "+strings.Join(export.FormatNames(), ", "))
	output := fs.option("output", "NEXUS_EXPORT_OUTPUT", "",
		"write to `FILE` instead of stdout (also -o FILE); with --format csv, a directory to write nodes.csv and edges.csv into")
	o := fs.String("o", "", "short for --output `FILE`")
	root := fs.option("root", "NEXUS_EXPORT_ROOT", "", "export the neighbourhood of the node `ID` (e.g. Paragraph:A/RES/66/178/op/9)")
	depth := fs.option("depth", "NEXUS_EXPORT_DEPTH", "",
		fmt.Sprintf("with --root, the `N`umber of relationships to walk from it, 0…%d (default 1)", graph.MaxDepth))
	from := fs.option("from", "NEXUS_EXPORT_FROM", "", "export the shortest path from the node `ID` (with --to)")
	to := fs.option("to", "NEXUS_EXPORT_TO", "", "export the shortest path to the node `ID` (with --from)")
	maxLength := fs.option("max-length", "NEXUS_EXPORT_MAX_LENGTH", "",
		fmt.Sprintf("with --from and --to, the longest path looked for, in relationships: `N`, 1…%d (default %d)", graph.MaxPathLength, graph.DefaultMaxLength))
	all := boolOption(fs, "all", "NEXUS_EXPORT_ALL", "with --from and --to, export every shortest path (up to --limit), not one")
	ids := fs.listOption("id", "NEXUS_EXPORT_IDS",
		fmt.Sprintf("export the node `ID` and the relationships between the nodes so named (what a query returned; at most %d)", export.MaxIDs))
	rels := fs.option("relationships", "NEXUS_EXPORT_RELATIONSHIPS", "",
		"comma-separated relationship `TYPES` to follow (neighbourhood, path) or keep (whole graph); empty: every type")
	kinds := fs.option("kinds", "NEXUS_EXPORT_KINDS", "",
		"comma-separated node `KINDS` to keep (neighbourhood, whole graph); empty: every kind")
	limit := fs.option("limit", "NEXUS_EXPORT_LIMIT", "",
		fmt.Sprintf("the most nodes (whole graph: default no limit; neighbourhood: 1…%d, default %d) or, with --all, paths (1…%d, default %d): `N`",
			graph.MaxNeighborhoodLimit, graph.DefaultNeighborhoodLimit, graph.MaxPathsLimit, graph.DefaultPathsLimit))
	store := fs.option("store", "NEXUS_STORE", "memory", "the graph `STORE`: memory (the embedded seed and --import files) or neo4j")
	imports := fs.listOption("import", "NEXUS_IMPORT",
		"with --store memory, a data `FILE` (participation, programmes or activities CSV) to import after the seed")
	neo4jOpts := addNeo4jOptions(fs)
	lo = addLogOptions(fs)
	if done, err := parseFlags(fs, exportSynopsis, e, args); done {
		return cfg, lo, true, err
	}
	if fs.NArg() > 0 {
		fs.usage(e.stderr, exportSynopsis)
		return cfg, lo, true, usageErrorf("export: unexpected argument %q", fs.Arg(0))
	}
	if cfg.format, err = export.ParseFormat(format.value); err != nil {
		return cfg, lo, true, format.invalid("want %s", strings.Join(export.FormatNames(), ", "))
	}
	cfg.output = output.value
	if *o != "" {
		if output.from == "--output" {
			return cfg, lo, true, usageErrorf("export: give -o or --output, not both")
		}
		cfg.output = *o
	}
	if cfg.output == "-" {
		cfg.output = ""
	}

	sc := export.Scope{Root: graph.ID(root.value), From: graph.ID(from.value), To: graph.ID(to.value)}
	for _, id := range ids.values {
		sc.IDs = append(sc.IDs, graph.ID(id))
	}
	if sc.Root != "" {
		sc.Depth = 1
	}
	for _, n := range []struct {
		o   *option
		dst *int
	}{{depth, &sc.Depth}, {maxLength, &sc.MaxLength}, {limit, &sc.Limit}} {
		if n.o.value == "" {
			continue
		}
		v, err := strconv.Atoi(n.o.value)
		if err != nil {
			return cfg, lo, true, n.o.invalid("want a whole number")
		}
		*n.dst = v
	}
	if sc.All, err = strconv.ParseBool(all.value); err != nil {
		return cfg, lo, true, all.invalid("want true or false")
	}
	for _, t := range export.SplitList(rels.value) {
		sc.Types = append(sc.Types, graph.RelType(t))
	}
	for _, k := range export.SplitList(kinds.value) {
		sc.Kinds = append(sc.Kinds, graph.NodeKind(k))
	}
	cfg.scope = sc

	cfg.store = store.value
	cfg.imports = imports.values
	switch cfg.store {
	case "memory":
	case "neo4j":
		if len(cfg.imports) > 0 {
			return cfg, lo, true, usageErrorf("export: --import (env NEXUS_IMPORT) loads files into the memory store; Neo4j keeps what nexus import loaded")
		}
		if cfg.neo4j, err = neo4jOpts.config(); err != nil {
			return cfg, lo, true, err
		}
	default:
		return cfg, lo, true, store.invalid("unknown store; want memory or neo4j")
	}
	return cfg, lo, false, nil
}

// boolOption declares a boolean flag backed by the environment variable env:
// --name alone is true; --name=false, and the variable, take true or false.
func boolOption(fs *flagSet, name, env, usage string) *option {
	o := &option{name: name, env: env, value: "false"}
	fs.Var(boolValue{o}, name, fmt.Sprintf("%s (env %s)", usage, env))
	fs.opts = append(fs.opts, o)
	return o
}

// boolValue is the flag.Value of a boolOption.
type boolValue struct{ o *option }

// String implements flag.Value.
func (b boolValue) String() string {
	if b.o == nil {
		return "false"
	}
	return b.o.value
}

// Set implements flag.Value.
func (b boolValue) Set(s string) error {
	if _, err := strconv.ParseBool(s); err != nil {
		return fmt.Errorf("want true or false")
	}
	b.o.value = s
	return nil
}

// IsBoolFlag lets the flag be given without a value.
func (b boolValue) IsBoolFlag() bool { return true }

// exportCmd writes the graph, or a part of it, in an export format.
func exportCmd(ctx context.Context, e env, args []string) error {
	cfg, lo, done, err := parseExport(e, args)
	if done {
		return err
	}
	logger, err := lo.logger(e.stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, exportTimeout)
	defer cancel()

	var store graph.Store
	switch cfg.store {
	case "memory":
		mem := memory.New()
		defer mem.Close()
		if _, err := seed.Load(ctx, mem); err != nil {
			return fmt.Errorf("export: load the seed into the memory store: %w", err)
		}
		if len(cfg.imports) > 0 {
			files, err := importer.Files(cfg.imports...)
			if err != nil {
				return fmt.Errorf("export: import: %w; nothing was exported", err)
			}
			if _, err := importer.Import(ctx, mem, files...); err != nil {
				return importProblems(e.stderr, err, "nothing was exported")
			}
		}
		store = mem
	case "neo4j":
		st, err := neo4j.New(cfg.neo4j, logger)
		if err != nil {
			return usageErrorf("export: neo4j store: %v", err)
		}
		defer st.Close()
		if err := st.Ping(ctx); err != nil {
			return fmt.Errorf("export: Neo4j at %s, database %q: %w; check %s", cfg.neo4j.URI, cfg.neo4j.Database, err, hint(err, cfg.neo4j))
		}
		store = st
	}

	sg, err := export.Select(ctx, store, cfg.scope)
	if err != nil {
		if graph.ErrorCode(err) == graph.Invalid {
			return usageErrorf("export: %s", graph.ErrorMessage(err))
		}
		return fmt.Errorf("export: %w", err)
	}
	if err := writeExport(e.stdout, cfg, sg); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	where := "stdout"
	if cfg.output != "" {
		where = cfg.output
	}
	fmt.Fprintf(e.stderr, "exported %s and %s as %s to %s\n",
		plural(len(sg.Nodes), "node"), plural(len(sg.Relationships), "relationship"), cfg.format, where)
	if sg.Truncated {
		fmt.Fprintf(e.stderr, "warning: the export is truncated: more nodes were within reach than --limit allows\n")
	}
	switch {
	case len(sg.Nodes) > 0, len(cfg.scope.IDs) > 0:
	case cfg.scope.From != "":
		fmt.Fprintf(e.stderr, "warning: no path of at most %d relationships joins %s and %s\n",
			cmp.Or(cfg.scope.MaxLength, graph.DefaultMaxLength), cfg.scope.From, cfg.scope.To)
	default:
		fmt.Fprintf(e.stderr, "warning: the graph is empty (with --store neo4j, load it with nexus seed)\n")
	}
	return nil
}

// writeExport writes sg to stdout, to the file cfg.output, or with the csv
// format into the directory cfg.output. A file is written whole or not at
// all: into a temporary file beside it, renamed once complete.
func writeExport(stdout io.Writer, cfg exportConfig, sg graph.Subgraph) error {
	if cfg.output == "" {
		var buf bytes.Buffer // nothing reaches stdout from an export that fails
		if err := export.Write(&buf, cfg.format, sg); err != nil {
			return err
		}
		_, err := buf.WriteTo(stdout)
		return err
	}
	if info, err := os.Stat(cfg.output); err == nil && info.IsDir() {
		if cfg.format != export.FormatCSV {
			return fmt.Errorf("%s is a directory: give a file name, or --format csv to write nodes.csv and edges.csv into it", cfg.output)
		}
		var nodes, edges bytes.Buffer
		if err := export.CSV(&nodes, &edges, sg); err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(cfg.output, export.NodesCSV), nodes.Bytes()); err != nil {
			return err
		}
		return writeFileAtomic(filepath.Join(cfg.output, export.EdgesCSV), edges.Bytes())
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, cfg.format, sg); err != nil {
		return err
	}
	return writeFileAtomic(cfg.output, buf.Bytes())
}

// writeFileAtomic writes data to the file path through a temporary file in
// the same directory, so that path holds either its old content or data.
func writeFileAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
