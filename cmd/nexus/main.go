// Command nexus serves the Nexus knowledge graph over GraphQL and checks its
// seed data.
//
// Usage:
//
//	nexus serve [flags]          serve GraphQL at /graphql and the playground at /
//	nexus seed [flags]           load the embedded seed, or a seed tree, into Neo4j
//	nexus import [flags] FILE... import data files (participation, programmes, activities) into Neo4j
//	nexus export [flags]         write the graph, a neighbourhood or a path as GraphML, Cytoscape.js JSON, CSV or JSON lines
//	nexus validate [flags] [DIR] check the embedded seed, or the seed tree at DIR
//	nexus probe [flags]          ask a running nexus serve whether it is ready
//	nexus version                print the version
//	nexus help [COMMAND]         print the usage of nexus or of a command
//
// Every flag can also be set with an environment variable (NEXUS_LISTEN,
// NEXUS_STORE, NEO4J_URI, …); a flag given on the command line beats its
// variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "nexus: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// env is what a command gets from its process: the environment and the
// output streams.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// command is a subcommand of nexus.
type command struct {
	name    string
	summary string
	// run runs the command with the arguments after its name. Given -h, it
	// prints the command's usage to stdout and returns nil.
	run func(ctx context.Context, e env, args []string) error
}

// commands lists the subcommands in the order the usage shows them.
var commands = []command{
	{name: "serve", summary: "serve GraphQL at /graphql and the playground at /", run: serve},
	{name: "seed", summary: "load the embedded seed, or the seed tree at --dir, into Neo4j", run: seedCmd},
	{name: "import", summary: "import data files (participation, programmes, activities) into Neo4j", run: importCmd},
	{name: "export", summary: "write the graph, a neighbourhood or a path as GraphML, Cytoscape.js JSON, CSV or JSON lines", run: exportCmd},
	{name: "validate", summary: "check the embedded seed, or the seed tree at DIR", run: validate},
	{name: "probe", summary: "ask a running nexus serve whether it is ready (the container's health check)", run: probe},
	{name: "version", summary: "print the version", run: version},
}

// run runs nexus with the command line args (args[0] is the program name),
// the environment getenv and the output streams stdout and stderr. It returns
// a *usageError for a bad command line or environment. ctx ends a server.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) < 2 {
		printUsage(stderr)
		return usageErrorf("no command given")
	}
	name, rest := args[1], args[2:]
	switch name {
	case "help", "-h", "-help", "--help":
		if name == "help" && len(rest) > 0 {
			c, ok := lookup(rest[0])
			if !ok {
				printUsage(stderr)
				return usageErrorf("help: unknown command %q", rest[0])
			}
			return c.run(ctx, e, []string{"-h"})
		}
		printUsage(stdout)
		return nil
	}
	c, ok := lookup(name)
	if !ok {
		printUsage(stderr)
		return usageErrorf("unknown command %q", name)
	}
	return c.run(ctx, e, rest)
}

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// printUsage writes the usage of nexus to w.
func printUsage(w io.Writer) {
	fmt.Fprintf(w, "Nexus serves the knowledge graph of UN General Assembly resolution 66/178 over GraphQL.\n\n")
	fmt.Fprintf(w, "Usage: nexus COMMAND [flags] [arguments]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-10s %s\n", "help", "print this text, or with a COMMAND its usage")
	fmt.Fprintf(w, "\nRun \"nexus help COMMAND\" or \"nexus COMMAND -h\" for a command's flags and their environment variables.\n")
}

// parseFlags parses a command's flags and handles -h: it prints the usage to
// stdout for -h, and the error and the usage to stderr for a bad flag. done
// is true when the command has nothing more to do (-h).
func parseFlags(fs *flagSet, synopsis string, e env, args []string) (done bool, err error) {
	err = fs.parse(args, e.getenv)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.usage(e.stdout, synopsis)
		return true, nil
	case err != nil:
		fs.usage(e.stderr, synopsis)
		return true, err
	}
	return false, nil
}
