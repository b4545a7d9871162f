// Package importer reads the data files that users supply — treaty
// participation, technical assistance programmes and their activities — and
// turns them into one graph.Batch, every fact sourced.
//
// Files are CSV, UTF-8, with a header line whose columns say what kind of
// file it is (see Formats and README.md). Every row is checked against the
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
// Read validates and builds the batch; Import also applies it to the store
// in one Apply. Importing the same files again leaves the same graph: the
// IDs and relationship identities are the same, and Apply replaces them.
// An import adds and replaces, it never deletes.
package importer
