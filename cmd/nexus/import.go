package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/importer"
)

const importSynopsis = "nexus import [flags] FILE...\n\n" +
	"Imports data files into Neo4j: treaty participation, technical assistance\n" +
	"programmes and activities, as CSV files whose header line says which (see\n" +
	"importer/README.md). Every row of every file is checked against the graph\n" +
	"in Neo4j, which must hold the seed (nexus seed). On any problem it prints\n" +
	"every one as file:line: message, writes nothing and exits with status 1;\n" +
	"otherwise it reads the files again and writes them as one change, all or\n" +
	"nothing, in batches of bounded size, and prints what each file held and\n" +
	"the node and relationship counts before and after. If the writing fails,\n" +
	"or is interrupted, what was written is undone; if nexus is killed, the\n" +
	"next nexus import, seed or serve on the database undoes it. Readers of the\n" +
	"graph may see the batches written so far while the import runs. Importing\n" +
	"the same files again leaves the same graph. An import adds and replaces;\n" +
	"it never deletes.\n\n" +
	"A FILE may also be the status table of a treaty in the UN Treaty\n" +
	"Collection as a user saves it: the page saved as HTML, or the table\n" +
	"copied as text or saved as CSV. Its participants' names are read as\n" +
	"Member States, its dates and marks (a, A, AA, d) as actions; the page\n" +
	"names the instrument (or --instrument does), and the page, its address\n" +
	"and the date it was saved (or --source-url and --saved-on) are the source\n" +
	"of every row. Participants that are not Member States (Holy See, State of\n" +
	"Palestine, Cook Islands, Niue, European Union) are listed, not imported.\n\n" +
	"An import is refused when its files together are larger than --max-bytes\n" +
	"or hold more data rows than --max-rows; at most the first 100 problems\n" +
	"are printed, and the others counted. CSV files are read from disk, never\n" +
	"held in memory: the limits may be raised to import millions of rows (a\n" +
	"status table is read whole, at most 32 MiB).\n\n" +
	"The memory store keeps nothing once nexus stops: to serve files from\n" +
	"memory, give them to nexus serve --import FILE."

// importTimeout bounds the connection check, the migration (with the
// recovery of an import killed earlier) and the count before the import.
// The import itself runs until it is done or interrupted: its time grows
// with the files, whose size the limits bound.
const importTimeout = 10 * time.Minute

// progressEvery is how many batches nexus import writes between two lines
// of progress.
const progressEvery = 100

// importCmd validates data files against the graph in Neo4j and imports them.
func importCmd(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("import")
	store := fs.option("store", "NEXUS_STORE", "neo4j",
		"the graph `STORE` to import into: neo4j (the memory store loads files at start: nexus serve --import FILE)")
	maxBytes := fs.option("max-bytes", "NEXUS_IMPORT_MAX_BYTES", formatSize(importer.DefaultMaxBytes),
		"the most `BYTES` the files may hold together: a number of bytes, or of KiB, MiB or GiB (e.g. 16MiB)")
	maxRows := fs.option("max-rows", "NEXUS_IMPORT_MAX_ROWS", strconv.Itoa(importer.DefaultMaxRows),
		"the most data `ROWS` the files may hold together")
	untc := addUNTCOptions(fs)
	neo4jOpts := addNeo4jOptions(fs)
	logOpts := addLogOptions(fs)
	if done, err := parseFlags(fs, importSynopsis, e, args); done {
		return err
	}
	limits, err := importLimits(maxBytes, maxRows)
	if err != nil {
		return err
	}
	untcOpts, err := untc.options()
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.usage(e.stderr, importSynopsis)
		return usageErrorf("import: no FILE given")
	}
	switch store.value {
	case "neo4j":
	case "memory":
		return store.invalid("nexus import writes into Neo4j; the memory store forgets everything when nexus stops: load the files at every start with nexus serve --import FILE")
	default:
		return store.invalid("unknown store; nexus import writes into neo4j")
	}
	cfg, err := neo4jOpts.config()
	if err != nil {
		return err
	}
	logger, err := logOpts.logger(e.stderr)
	if err != nil {
		return err
	}
	files, err := importer.OpenFiles(fs.Args()...)
	if err != nil {
		return fmt.Errorf("import: %w; nothing was written", err)
	}
	for i := range files {
		files[i].UNTC = untcOpts
	}

	st, err := neo4j.New(cfg, logger)
	if err != nil {
		return usageErrorf("import: neo4j store: %v", err)
	}
	defer st.Close()
	target := fmt.Sprintf("Neo4j at %s, database %q", cfg.URI, cfg.Database)
	before, err := prepareImport(ctx, st, target, cfg)
	if err != nil {
		return err
	}
	nb, rb := totals(before)
	fmt.Fprintf(e.stdout, "graph before: %d nodes, %d relationships\n", nb, rb)

	start := time.Now()
	sum, err := limits.Import(ctx, progressStore{Store: st, w: e.stderr, start: start}, files...)
	if err != nil {
		return importProblems(e.stderr, err, "nothing was written")
	}
	took := time.Since(start)
	printImport(e.stdout, sum)
	after, err := st.Counts(ctx)
	if err != nil {
		return fmt.Errorf("import: %s: count the graph: %w", target, err)
	}
	n, r := sum.Totals()
	fmt.Fprintf(e.stdout, "wrote %d nodes and %d relationships, all or nothing, in %v\n", n, r, roundDuration(took))
	return printCounts(e.stdout, before, after)
}

// prepareImport checks that Neo4j answers, migrates its schema (which
// undoes an import killed earlier) and counts the graph, which must not be
// empty, within importTimeout.
func prepareImport(ctx context.Context, st *neo4j.Store, target string, cfg neo4j.Config) (graph.Counts, error) {
	ctx, cancel := context.WithTimeout(ctx, importTimeout)
	defer cancel()
	if err := st.Ping(ctx); err != nil {
		return graph.Counts{}, fmt.Errorf("import: %s: %w; check %s", target, err, hint(err, cfg))
	}
	if err := st.Migrate(ctx); err != nil {
		return graph.Counts{}, fmt.Errorf("import: %s: migrate the schema: %w", target, err)
	}
	before, err := st.Counts(ctx)
	if err != nil {
		return graph.Counts{}, fmt.Errorf("import: %s: count the graph: %w", target, err)
	}
	if nodes, _ := totals(before); nodes == 0 {
		return graph.Counts{}, fmt.Errorf("import: the graph in %s is empty: load it with nexus seed first (same --neo4j-* flags); nothing was written", target)
	}
	return before, nil
}

// progressStore is the store of nexus import: every progressEvery batches
// of the import, it writes how much is written to w.
type progressStore struct {
	graph.Store
	w     io.Writer
	start time.Time
}

// ApplyStream implements graph.Store.
func (p progressStore) ApplyStream(ctx context.Context, batches iter.Seq2[graph.Batch, error]) error {
	return p.Store.ApplyStream(ctx, func(yield func(graph.Batch, error) bool) {
		var count, nodes, rels int
		for b, err := range batches {
			if err == nil {
				count++
				nodes += len(b.Nodes)
				rels += len(b.Relationships)
				if count%progressEvery == 0 {
					fmt.Fprintf(p.w, "import: %d nodes and %d relationships written so far, in %v\n",
						nodes, rels, roundDuration(time.Since(p.start)))
				}
			}
			if !yield(b, err) {
				return
			}
		}
	})
}

// importProblems turns an import error into the command's error. Problems
// in the files are printed to w, one file:line: message a line, and counted
// in the error; what says what became of the graph.
func importProblems(w io.Writer, err error, what string) error {
	var ps *importer.Problems
	if !errors.As(err, &ps) {
		return fmt.Errorf("import: %w; %s", err, what)
	}
	fmt.Fprintln(w, ps.Error())
	return fmt.Errorf("import: %s in the files; %s", plural(ps.Total, "problem"), what)
}

// printImport writes what each imported file held and, of a status table
// of the UN Treaty Collection, what it is of, its source and the
// participants it lists that were not imported.
func printImport(w io.Writer, sum importer.Summary) {
	for _, f := range sum.Files {
		fmt.Fprintf(w, "%s: %s, %s: %s, %s\n", f.Name, f.Kind,
			plural(f.Rows, "row"), plural(f.Nodes, "node"), plural(f.Relationships, "relationship"))
		if u := f.UNTC; u != nil {
			fmt.Fprintf(w, "%s: UN Treaty Collection status table (%s) of %s (%s); source: %s\n",
				f.Name, u.Form, u.Instrument, u.RecognisedBy, untcSource(u))
			for _, n := range u.NotImported {
				fmt.Fprintf(w, "%s:%d: not imported: %s: %s\n", f.Name, n.Line, n.Participant, n.Reason)
			}
		}
	}
}

// untcSource writes the source of the rows of a status table: its citation,
// and the page's address when known.
func untcSource(u *importer.UNTCSummary) string {
	if u.SourceURL == "" {
		return u.Citation
	}
	return u.Citation + ", " + u.SourceURL
}

// untcOptions are the flags of nexus import that say what a status table
// of the UN Treaty Collection may not.
type untcOptions struct {
	instrument, savedOn, sourceURL *option
}

// addUNTCOptions declares the flags of status tables.
func addUNTCOptions(fs *flagSet) untcOptions {
	return untcOptions{
		instrument: fs.option("instrument", "NEXUS_IMPORT_INSTRUMENT", "",
			"the instrument `KEY` (CT16), or UN Treaty Collection chapter (XVIII-15), of the status tables given, when their pages do not name it"),
		savedOn: fs.option("saved-on", "NEXUS_IMPORT_SAVED_ON", "",
			"the `DATE` (YYYY-MM-DD) the status tables given were saved, when the files do not say"),
		sourceURL: fs.option("source-url", "NEXUS_IMPORT_SOURCE_URL", "",
			"the `URL` of the UN Treaty Collection status page the tables given come from, when the files do not hold it"),
	}
}

// reInstrumentFlag is an instrument key (CT16) or a UN Treaty Collection
// chapter number (XVIII-15, XVIII-12-a).
var reInstrumentFlag = regexp.MustCompile(`^(?i:[A-Z]+[0-9]+|[IVXLC]+-[0-9]+(-[A-Z])?)$`)

// options checks the flags of status tables.
func (o untcOptions) options() (importer.UNTCOptions, error) {
	opts := importer.UNTCOptions{
		Instrument: strings.TrimSpace(o.instrument.value),
		SavedOn:    strings.TrimSpace(o.savedOn.value),
		SourceURL:  strings.TrimSpace(o.sourceURL.value),
	}
	if v := opts.Instrument; v != "" && !reInstrumentFlag.MatchString(v) {
		return importer.UNTCOptions{}, o.instrument.invalid("want the key of an instrument, e.g. CT16, or its UN Treaty Collection chapter, e.g. XVIII-15")
	}
	if v := opts.SavedOn; v != "" {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return importer.UNTCOptions{}, o.savedOn.invalid("want an ISO date YYYY-MM-DD, e.g. 2025-05-20")
		}
	}
	if v := opts.SourceURL; v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return importer.UNTCOptions{}, o.sourceURL.invalid("want the http or https address of the status page, e.g. https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-15&chapter=18&clang=_en")
		}
	}
	return opts, nil
}

// plural writes n and the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// importAtStart imports the files at paths into the store nexus serve has
// just opened (the memory store, loaded with the seed). Any problem in any
// file stops the server from starting; the error lists every problem.
func importAtStart(ctx context.Context, logger *slog.Logger, store graph.Store, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	files, err := importer.OpenFiles(paths...)
	if err != nil {
		return fmt.Errorf("import: %w; the server did not start", err)
	}
	start := time.Now()
	sum, err := importer.Import(ctx, store, files...)
	if err != nil {
		var ps *importer.Problems
		if errors.As(err, &ps) {
			return fmt.Errorf("import: %s in the files given with --import; the server did not start:\n%s", plural(ps.Total, "problem"), ps.Error())
		}
		return fmt.Errorf("import: %w; the server did not start", err)
	}
	for _, f := range sum.Files {
		logger.InfoContext(ctx, "file imported", "file", f.Name, "kind", string(f.Kind), "rows", f.Rows,
			"nodes", f.Nodes, "relationships", f.Relationships)
		if u := f.UNTC; u != nil {
			logger.InfoContext(ctx, "status table read", "file", f.Name, "form", u.Form, "instrument", u.Instrument,
				"recognisedBy", u.RecognisedBy, "statusAsAt", u.StatusAsAt, "savedOn", u.SavedOn, "source", untcSource(u))
			for _, n := range u.NotImported {
				logger.WarnContext(ctx, "participant not imported", "file", f.Name, "line", n.Line,
					"participant", n.Participant, "reason", n.Reason)
			}
		}
	}
	return logCounts(ctx, logger, store, "imports loaded", time.Since(start))
}

// importLimits checks the --max-bytes and --max-rows options.
func importLimits(maxBytes, maxRows *option) (importer.Limits, error) {
	b, err := parseSize(maxBytes)
	if err != nil {
		return importer.Limits{}, err
	}
	r, err := strconv.Atoi(maxRows.value)
	if err != nil || r <= 0 {
		return importer.Limits{}, maxRows.invalid("want a positive number of rows, e.g. %d", importer.DefaultMaxRows)
	}
	return importer.Limits{MaxBytes: b, MaxRows: r}, nil
}

// sizeUnits are the units a size may be given in, largest first.
var sizeUnits = []struct {
	suffix string
	bytes  int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}

// parseSize checks a positive size in bytes: a number, or a number of KiB,
// MiB or GiB (16MiB).
func parseSize(o *option) (int64, error) {
	v, unit := strings.TrimSpace(o.value), int64(1)
	for _, u := range sizeUnits {
		if len(v) > len(u.suffix) && strings.EqualFold(v[len(v)-len(u.suffix):], u.suffix) {
			v, unit = strings.TrimSpace(v[:len(v)-len(u.suffix)]), u.bytes
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/unit {
		return 0, o.invalid("want a positive number of bytes, or of KiB, MiB or GiB, e.g. %s", formatSize(importer.DefaultMaxBytes))
	}
	return n * unit, nil
}

// formatSize writes n bytes in the largest unit that divides it.
func formatSize(n int64) string {
	for _, u := range sizeUnits {
		if n >= u.bytes && n%u.bytes == 0 {
			return fmt.Sprintf("%d%s", n/u.bytes, u.suffix)
		}
	}
	return strconv.FormatInt(n, 10)
}
