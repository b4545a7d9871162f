// Command synth generates synthetic graphs with the shape of the seed, for
// the growth benchmarks (tools/growth), and loads them into a Neo4j server
// of their own. Nothing it writes is a fact, and it never writes next to
// real data (see package tools/synth/synth).
//
//	go run ./tools/synth shape                        the measured shape of the seed
//	go run ./tools/synth plan -nodes N [-seed S]      what a graph of N nodes holds
//	go run ./tools/synth load -uri bolt://127.0.0.1:7720 -nodes N [-seed S] [-batch 5000]
//
// load refuses a database that holds any node not marked synthetic, or
// another synthetic graph, and the default Bolt port 7687 (where the test
// and production servers listen) unless -allow-port-7687 is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/tools/synth/synth"
)

const usage = `usage:
  synth shape                                   the measured shape of the seed
  synth plan -nodes N [-seed S]                 what a graph of N nodes holds
  synth load -uri URI -nodes N [-seed S] [-batch 5000] [-user U -password P] [-database D]

load writes into a Neo4j server of its own (tools/synth/README.md): it refuses
a database holding any node not marked synthetic, or another synthetic graph.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

// run dispatches to the sub-command named by args[0].
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "shape":
		return shape(stdout)
	case "plan":
		return plan(args[1:], stdout, stderr)
	case "load":
		return load(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// shape prints the seed's classes and triples with their degree histograms.
func shape(stdout io.Writer) error {
	s, err := synth.SeedShape()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed: %d nodes, %d relationships\n\nclass                          nodes\n", s.Nodes, s.Relationships)
	for _, c := range s.Classes {
		fmt.Fprintf(stdout, "%-28s %7d\n", c.Class, c.Count)
	}
	fmt.Fprintf(stdout, "\n%-52s %5s  %-6s %s\n", "triple", "rels", "max", "degrees (degree:nodes), out | in")
	for _, t := range s.Triples {
		fmt.Fprintf(stdout, "%-52s %5d  %2d|%-3d %v | %v\n", t.Triple, t.Count, t.Out.Max(), t.In.Max(), t.Out, t.In)
	}
	return nil
}

// graphFlags adds -nodes and -seed to fs.
func graphFlags(fs *flag.FlagSet) *synth.Config {
	cfg := &synth.Config{}
	fs.IntVar(&cfg.Nodes, "nodes", 10000, "nodes in all (probe and manifest included)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed: the same seed and size give the same graph")
	return cfg
}

// plan prints the counts of the graph the flags describe.
func plan(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := graphFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	g, err := synth.New(*cfg)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, g)
	return nil
}

// load writes the graph the flags describe into the Neo4j server -uri names.
func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := graphFlags(fs)
	var ncfg neo4j.Config
	fs.StringVar(&ncfg.URI, "uri", "", "Bolt URI of a Neo4j server of its own, e.g. bolt://127.0.0.1:7720")
	fs.StringVar(&ncfg.User, "user", "", "user (none: no authentication)")
	fs.StringVar(&ncfg.Password, "password", os.Getenv("NEO4J_PASSWORD"), "password (default $NEO4J_PASSWORD)")
	fs.StringVar(&ncfg.Database, "database", "", "database (default neo4j)")
	batch := fs.Int("batch", 5000, "nodes or relationships per transaction")
	allowDefault := fs.Bool("allow-port-7687", false, "allow the default Bolt port, where the test and production servers listen")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if ncfg.URI == "" {
		return errors.New("load: -uri is required (a Neo4j server of its own, e.g. bolt://127.0.0.1:7720)")
	}
	u, err := url.Parse(ncfg.URI)
	if err != nil {
		return fmt.Errorf("load: -uri: %w", err)
	}
	if port := u.Port(); (port == "" || port == "7687") && !*allowDefault {
		return fmt.Errorf("load: refusing %s: port 7687 is where the test and production servers listen; start a server of its own (tools/synth/README.md)", ncfg.URI)
	}

	t0 := time.Now()
	g, err := synth.New(*cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "planned %d nodes and %d relationships in %v\n", g.Nodes(), g.Relationships(), time.Since(t0).Round(time.Millisecond))

	s, err := neo4j.New(ncfg, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return fmt.Errorf("load: migrate: %w", err)
	}
	t1 := time.Now()
	last, shown := t1, 0
	err = synth.Load(ctx, s, g, synth.LoadOptions{BatchSize: *batch, Progress: func(done, total int) {
		if now := time.Now(); (now.Sub(last) >= 10*time.Second || done == total) && done > shown {
			last, shown = now, done
			el := now.Sub(t1)
			fmt.Fprintf(stdout, "  %d / %d (%.0f%%) in %v, %.0f per second\n",
				done, total, 100*float64(done)/float64(total), el.Round(time.Second), float64(done)/el.Seconds())
		}
	}})
	if errors.Is(err, synth.ErrAlreadyLoaded) {
		fmt.Fprintln(stdout, "the database already holds this graph, complete: nothing to do")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d nodes and %d relationships in %v\n", g.Nodes(), g.Relationships(), time.Since(t1).Round(time.Second))
	return nil
}
