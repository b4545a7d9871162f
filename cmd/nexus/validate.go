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

	what := "embedded seed"
	var (
		batch graph.Batch
		err   error
	)
	if dir := fs.Arg(0); dir != "" {
		what = "seed at " + dir
		info, serr := os.Stat(dir)
		switch {
		case serr != nil:
			return fmt.Errorf("validate: %w", serr)
		case !info.IsDir():
			return fmt.Errorf("validate: %s is not a directory", dir)
		}
		batch, err = seed.ReadFS(os.DirFS(dir))
	} else {
		batch, err = seed.Read()
	}
	if err != nil {
		var problems seed.Problems
		if errors.As(err, &problems) {
			if dir := fs.Arg(0); dir != "" {
				// Name the files as the user can open them.
				problems = slices.Clone(problems)
				for i := range problems {
					problems[i].File = filepath.Join(dir, filepath.FromSlash(problems[i].File))
				}
			}
			fmt.Fprintln(e.stderr, problems.Error())
			return fmt.Errorf("validate: %s: %d problems", what, len(problems))
		}
		return fmt.Errorf("validate: %s: %w", what, err)
	}
	return printSummary(e.stdout, what, batch)
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
