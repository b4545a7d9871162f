package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
)

const seedSynopsis = "nexus seed [flags]\n\n" +
	"Loads the seed embedded in the binary, or with --dir the seed tree at DIR,\n" +
	"into Neo4j. The whole seed is validated first: on any problem it prints\n" +
	"every one as file:line: message, writes nothing and exits with status 1.\n" +
	"Then it migrates the schema (constraints and indexes) and writes the seed\n" +
	"in one transaction. Loading the same seed again leaves the same graph:\n" +
	"the node and relationship counts before and after are printed."

// seedTimeout bounds the connection check, the migration and the write.
const seedTimeout = 10 * time.Minute

// seedCmd validates a seed and loads it into Neo4j.
func seedCmd(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("seed")
	dir := fs.option("dir", "NEXUS_SEED_DIR", "",
		"the seed tree to load (`DIR`, laid out as seed/ in the repository); empty loads the seed embedded in the binary")
	store := fs.option("store", "NEXUS_STORE", "neo4j",
		"the graph `STORE` to load: neo4j (the memory store loads the embedded seed by itself at every start)")
	neo4jOpts := addNeo4jOptions(fs)
	logOpts := addLogOptions(fs)
	if done, err := parseFlags(fs, seedSynopsis, e, args); done {
		return err
	}
	if fs.NArg() > 0 {
		fs.usage(e.stderr, seedSynopsis)
		return usageErrorf("seed: unexpected argument %q; give a seed tree with --dir", fs.Arg(0))
	}
	switch store.value {
	case "neo4j":
	case "memory":
		return store.invalid("nexus seed writes into Neo4j; the memory store needs no seeding: nexus serve --store memory loads the embedded seed at every start")
	default:
		return store.invalid("unknown store; nexus seed loads neo4j")
	}
	cfg, err := neo4jOpts.config()
	if err != nil {
		return err
	}
	logger, err := logOpts.logger(e.stderr)
	if err != nil {
		return err
	}

	// Validate everything before the first connection.
	start := time.Now()
	batch, what, err := readSeed(e, dir.value)
	if err != nil {
		return fmt.Errorf("seed: %w; nothing was written", err)
	}
	fmt.Fprintf(e.stdout, "%s: OK, %d nodes, %d relationships (read and validated in %v)\n",
		what, len(batch.Nodes), len(batch.Relationships), roundDuration(time.Since(start)))

	st, err := neo4j.New(cfg, logger)
	if err != nil {
		return usageErrorf("seed: neo4j store: %v", err)
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(ctx, seedTimeout)
	defer cancel()
	target := fmt.Sprintf("Neo4j at %s, database %q", cfg.URI, cfg.Database)
	if err := st.Ping(ctx); err != nil {
		return fmt.Errorf("seed: %s: %w; check %s", target, err, hint(err, cfg))
	}
	start = time.Now()
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("seed: %s: migrate the schema: %w", target, err)
	}
	fmt.Fprintf(e.stdout, "%s: schema migrated in %v\n", target, roundDuration(time.Since(start)))

	before, err := st.Counts(ctx)
	if err != nil {
		return fmt.Errorf("seed: %s: count the graph: %w", target, err)
	}
	nb, rb := totals(before)
	fmt.Fprintf(e.stdout, "graph before: %d nodes, %d relationships\n", nb, rb)
	start = time.Now()
	if err := st.Apply(ctx, batch); err != nil {
		return fmt.Errorf("seed: %s: write %d nodes and %d relationships: %w", target, len(batch.Nodes), len(batch.Relationships), err)
	}
	took := time.Since(start)
	after, err := st.Counts(ctx)
	if err != nil {
		return fmt.Errorf("seed: %s: count the graph: %w", target, err)
	}
	fmt.Fprintf(e.stdout, "wrote %d nodes and %d relationships in one transaction in %v\n",
		len(batch.Nodes), len(batch.Relationships), roundDuration(took))
	return printCounts(e.stdout, before, after)
}

// printCounts writes the node and relationship counts after a load, in
// total and per kind and type next to those before, so that a user sees
// what changed.
func printCounts(w io.Writer, before, after graph.Counts) error {
	nb, rb := totals(before)
	na, ra := totals(after)
	var buf strings.Builder
	change := "unchanged"
	if nb != na || rb != ra {
		change = fmt.Sprintf("%+d nodes, %+d relationships", na-nb, ra-rb)
	}
	fmt.Fprintf(&buf, "graph after:  %d nodes, %d relationships (%s)\n", na, ra, change)
	fmt.Fprintf(&buf, "\n  %-18s %8s %8s\n", "nodes", "before", "after")
	for _, k := range graph.NodeKinds {
		if before.Nodes[k] > 0 || after.Nodes[k] > 0 {
			fmt.Fprintf(&buf, "  %-18s %8d %8d\n", k, before.Nodes[k], after.Nodes[k])
		}
	}
	fmt.Fprintf(&buf, "\n  %-18s %8s %8s\n", "relationships", "before", "after")
	for _, t := range graph.RelTypes {
		if before.Relationships[t] > 0 || after.Relationships[t] > 0 {
			fmt.Fprintf(&buf, "  %-18s %8d %8d\n", t, before.Relationships[t], after.Relationships[t])
		}
	}
	_, err := io.WriteString(w, buf.String())
	return err
}

// roundDuration rounds d for people to read: milliseconds.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d
	}
	return d.Round(time.Millisecond)
}
