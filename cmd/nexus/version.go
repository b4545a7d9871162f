package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version prints the module version of the binary, with the VCS revision
// when the build recorded one.
func version(_ context.Context, e env, args []string) error {
	fs := newFlagSet("version")
	if done, err := parseFlags(fs, "nexus version", e, args); done {
		return err
	}
	if fs.NArg() > 0 {
		fs.usage(e.stderr, "nexus version")
		return usageErrorf("version: unexpected argument %q", fs.Arg(0))
	}
	_, err := fmt.Fprintln(e.stdout, versionString())
	return err
}

// versionString describes the build: module version, VCS revision if known,
// and Go version.
func versionString() string {
	v := "(unknown)"
	var rev, modified string
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = "+dirty"
				}
			}
		}
	}
	if rev != "" {
		v += " " + rev + modified
	}
	return fmt.Sprintf("nexus %s %s", v, runtime.Version())
}
