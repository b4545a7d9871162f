package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/internal/reqinfo"
)

// usageError is a mistake in the command line or the environment: main
// exits with status 2 for it, as for any misuse of a command.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf returns a *usageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// option is a command-line flag backed by an environment variable. The flag,
// when given, beats the variable; the variable, when set and not empty,
// beats the default.
type option struct {
	name  string // the flag, without dashes
	env   string // the environment variable
	value string // the resolved value
	from  string // where value came from: "--name", "ENV" or "default"
}

// invalid returns a usage error about the option's value, naming the flag
// and the environment variable.
func (o *option) invalid(format string, args ...any) error {
	where := fmt.Sprintf("--%s (env %s)", o.name, o.env)
	if o.from == o.env {
		where = fmt.Sprintf("--%s from environment variable %s", o.name, o.env)
	}
	return usageErrorf("invalid value %q for %s: %s", o.value, where, fmt.Sprintf(format, args...))
}

// flagSet is a flag.FlagSet whose every flag has an environment variable.
type flagSet struct {
	*flag.FlagSet
	opts  []*option
	lists []*listOption
}

// newFlagSet returns an empty flag set for the subcommand name. It prints
// nothing itself: run prints the usage and the errors.
func newFlagSet(name string) *flagSet {
	fs := flag.NewFlagSet("nexus "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flagSet{FlagSet: fs}
}

// option declares a string flag backed by the environment variable env.
func (fs *flagSet) option(name, env, def, usage string) *option {
	o := &option{name: name, env: env, value: def}
	fs.StringVar(&o.value, name, def, fmt.Sprintf("%s (env %s)", usage, env))
	fs.opts = append(fs.opts, o)
	return o
}

// listOption is a repeatable flag backed by an environment variable that
// holds a comma-separated list. The flag, given once or more, beats the
// variable.
type listOption struct {
	name   string   // the flag, without dashes
	env    string   // the environment variable
	values []string // the resolved values
	from   string   // where values came from: "--name", "ENV" or "default"
}

// String implements flag.Value.
func (l *listOption) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(l.values, ",")
}

// Set implements flag.Value: each use of the flag adds a value.
func (l *listOption) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("empty value")
	}
	l.values = append(l.values, v)
	return nil
}

// listOption declares a repeatable flag backed by the environment variable
// env, a comma-separated list.
func (fs *flagSet) listOption(name, env, usage string) *listOption {
	l := &listOption{name: name, env: env}
	fs.Var(l, name, fmt.Sprintf("%s (repeatable; env %s, a comma-separated list)", usage, env))
	fs.lists = append(fs.lists, l)
	return l
}

// parse parses args, then fills every flag not given on the command line
// from its environment variable. It returns flag.ErrHelp for -h and -help,
// and a *usageError for a bad flag.
func (fs *flagSet) parse(args []string, getenv func(string) string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, o := range fs.opts {
		switch {
		case given[o.name]:
			o.from = "--" + o.name
		case getenv(o.env) != "":
			o.value, o.from = getenv(o.env), o.env
		default:
			o.from = "default"
		}
	}
	for _, l := range fs.lists {
		switch {
		case given[l.name]:
			l.from = "--" + l.name
		case getenv(l.env) != "":
			for _, v := range strings.Split(getenv(l.env), ",") {
				if v = strings.TrimSpace(v); v != "" {
					l.values = append(l.values, v)
				}
			}
			l.from = l.env
		default:
			l.from = "default"
		}
	}
	return nil
}

// usage writes the subcommand's synopsis and its flags to w.
func (fs *flagSet) usage(w io.Writer, synopsis string) {
	fmt.Fprintf(w, "Usage: %s\n", synopsis)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "\nFlags (a flag beats its environment variable):\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parseListen checks a HOST:PORT listen address. HOST may be empty (every
// interface); PORT 0 asks the system for a free port.
func parseListen(o *option) (string, error) {
	host, port, err := net.SplitHostPort(o.value)
	if err != nil {
		return "", o.invalid("want HOST:PORT, e.g. 127.0.0.1:8080")
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return "", o.invalid("port %q is not a number from 0 to 65535", port)
	}
	return net.JoinHostPort(host, strconv.FormatUint(n, 10)), nil
}

// parseOrigins checks a comma-separated list of allowed CORS origins: each is
// "*" (any origin, only when written out) or scheme://host[:port], where the
// host may have one "*" wildcard (https://*.example.org). Blank entries are
// ignored, so the empty list allows no cross-origin request.
func parseOrigins(o *option) ([]string, error) {
	var out []string
	for _, s := range strings.Split(o.value, ",") {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			continue
		case s == "*":
			out = append(out, s)
			continue
		case strings.Count(s, "*") > 1:
			return nil, o.invalid("origin %q: at most one * wildcard", s)
		}
		u, err := url.Parse(strings.Replace(s, "*", "wildcard", 1))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, o.invalid("origin %q: want * or scheme://host[:port], e.g. https://example.org", s)
		}
		out = append(out, s)
	}
	return out, nil
}

// parseLevel checks a log level: debug, info, warn or error.
func parseLevel(o *option) (slog.Level, error) {
	switch strings.ToLower(o.value) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, o.invalid("want debug, info, warn or error")
}

// parseDuration checks a positive duration such as 10s.
func parseDuration(o *option) (time.Duration, error) {
	d, err := time.ParseDuration(o.value)
	if err != nil || d <= 0 {
		return 0, o.invalid("want a positive duration such as 10s")
	}
	return d, nil
}

// logOptions are the logging flags every subcommand that logs has.
type logOptions struct {
	level, format *option
}

// addLogOptions declares the logging flags on fs.
func addLogOptions(fs *flagSet) logOptions {
	return logOptions{
		level:  fs.option("log-level", "NEXUS_LOG_LEVEL", "info", "log `LEVEL`: debug, info, warn or error"),
		format: fs.option("log-format", "NEXUS_LOG_FORMAT", "text", "log `FORMAT`: text or json"),
	}
}

// logger builds the logger the options ask for, writing to w.
func (lo logOptions) logger(w io.Writer) (*slog.Logger, error) {
	level, err := parseLevel(lo.level)
	if err != nil {
		return nil, err
	}
	hopts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(lo.format.value) {
	case "text":
		return slog.New(reqinfo.LogHandler(slog.NewTextHandler(w, hopts))), nil
	case "json":
		return slog.New(reqinfo.LogHandler(slog.NewJSONHandler(w, hopts))), nil
	}
	return nil, lo.format.invalid("want text or json")
}
