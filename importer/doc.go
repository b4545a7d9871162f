// Package importer reads the data files that users supply — treaty
// participation, technical assistance programmes and their activities — and
// writes what they hold to a store, all or nothing, every fact sourced.
//
// Files are CSV, UTF-8, with a header line whose columns say what kind of
// file it is (see Formats and README.md), or the status table of a treaty
// in the UN Treaty Collection as a user saves it (the page as HTML, the
// table copied as text or CSV), whose rows are read as participation rows
// (see UNTCOptions and UNTCSummary). Every row is checked against the
// graph: the states, instruments, crime types, regions, bodies and
// programmes it names must exist in the store or, for a programme, in the
// files imported with it; actions and activity kinds come from fixed lists;
// dates are ISO dates; every row names its source; no value holds a
// control character other than tab and line break, nor a bidirectional
// formatting character (graph.ForbiddenRune). Problems are reported as
// "file:line: message" (a *Problems error: the first MaxProblems, sorted,
// and how many there are in all), and a set of files with any problem
// yields no batch at all, so nothing is written.
//
// An import reads no more than its Limits: the bytes and the data rows of
// all its files together (DefaultMaxBytes and DefaultMaxRows unless told
// otherwise). Past the first MaxProblems problems the reader keeps a count,
// not the problems, so that a file of a million bad rows takes no more
// memory than a file of a hundred.
//
// An import reads its files twice. The first reading checks every row and
// keeps only what the checks across rows need: the ids the files define
// (a duplicate is a problem at its line, naming the first), and each
// distinct node the rows name, with where the first rows naming it are;
// then it asks the store for those nodes, in Nodes calls of up to
// LookupIDs. On any problem nothing is written. The second reading builds
// the facts, a batch of BatchRows rows at a time, which Import writes with
// one ApplyStream, all or nothing; files of programmes are written first,
// then activities, then participation, so that every node a batch names is
// in the store by then. What an import holds in memory is bounded by the
// ids and distinct names of the files and by one batch, not by the size of
// the files: OpenFiles reads them from disk at each reading.
//
// Read validates and builds the whole batch; Import also writes it.
// Importing the same files again leaves the same graph: the IDs and
// relationship identities are the same, and the store replaces them. An
// import adds and replaces, it never deletes.
package importer
