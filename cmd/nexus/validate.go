package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/seed"
)

const validateSynopsis = "nexus validate [DIR]\n\n" +
	"Checks the seed embedded in the binary or, given DIR, the seed tree at DIR\n" +
	"(laid out as seed/ in the repository). On success it prints how many nodes\n" +
	"and relationships of each kind the seed holds; otherwise it prints every\n" +
	"problem as file:line: message on stderr and exits with status 1."

// validate checks a seed and prints a summary, or every problem.
func validate(_ context.Context, e env, args []string) error {
	fs := newFlagSet("validate")
	if done, err := parseFlags(fs, validateSynopsis, e, args); done {
		return err
	}
	if fs.NArg() > 1 {
		fs.usage(e.stderr, validateSynopsis)
		return usageErrorf("validate: want at most one DIR, got %d arguments", fs.NArg())
	}
	batch, what, err := readSeed(e, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	return printSummary(e.stdout, what, batch)
}

// readSeed reads and validates the embedded seed, or the seed tree at dir
// when dir is not empty. On problems it prints every one of them to stderr
// as file:line: message, with the files named as the user can open them,
// and returns an error that counts them. what names the seed for messages.
func readSeed(e env, dir string) (b graph.Batch, what string, err error) {
	what = "embedded seed"
	if dir != "" {
		what = "seed at " + dir
		info, serr := os.Stat(dir)
		switch {
		case serr != nil:
			return graph.Batch{}, what, serr
		case !info.IsDir():
			return graph.Batch{}, what, fmt.Errorf("%s is not a directory", dir)
		}
		b, err = seed.ReadFS(os.DirFS(dir))
	} else {
		b, err = seed.Read()
	}
	if err == nil {
		return b, what, nil
	}
	var problems seed.Problems
	if !errors.As(err, &problems) {
		return graph.Batch{}, what, fmt.Errorf("%s: %w", what, err)
	}
	if dir != "" {
		problems = slices.Clone(problems)
		for i := range problems {
			problems[i].File = filepath.Join(dir, filepath.FromSlash(problems[i].File))
		}
	}
	fmt.Fprintln(e.stderr, problems.Error())
	return graph.Batch{}, what, fmt.Errorf("%s: %d problems", what, len(problems))
}

// printSummary writes how many nodes of each kind and relationships of each
// type b holds.
func printSummary(w io.Writer, what string, b graph.Batch) error {
	nodes := map[graph.NodeKind]int{}
	for _, n := range b.Nodes {
		nodes[n.Kind]++
	}
	rels := map[graph.RelType]int{}
	for _, r := range b.Relationships {
		rels[r.Type]++
	}
	var buf strings.Builder
	fmt.Fprintf(&buf, "%s: OK, %d nodes, %d relationships\n", what, len(b.Nodes), len(b.Relationships))
	if len(b.Nodes) > 0 {
		fmt.Fprintf(&buf, "\nnodes:\n")
	}
	for _, k := range graph.NodeKinds {
		if nodes[k] > 0 {
			fmt.Fprintf(&buf, "  %-18s %6d\n", k, nodes[k])
		}
	}
	if len(b.Relationships) > 0 {
		fmt.Fprintf(&buf, "\nrelationships:\n")
	}
	for _, t := range graph.RelTypes {
		if rels[t] > 0 {
			fmt.Fprintf(&buf, "  %-18s %6d\n", t, rels[t])
		}
	}
	_, err := io.WriteString(w, buf.String())
	return err
}
