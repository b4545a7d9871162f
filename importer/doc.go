// Package importer reads the data files that users supply — treaty
// participation, technical assistance programmes and their activities — and
// turns them into one graph.Batch, every fact sourced.
//
// Files are CSV, UTF-8, with a header line whose columns say what kind of
// file it is (see Formats and README.md). Every row is checked against the
// graph: the states, instruments, crime types, regions, bodies and
// programmes it names must exist in the store or, for a programme, in the
// files imported with it; actions and activity kinds come from fixed lists;
// dates are ISO dates; every row names its source. Every problem of every
// file is reported as "file:line: message" (a seed.Problems error), and a
// set of files with any problem yields no batch at all, so nothing is
// written.
//
// Read validates and builds the batch; Import also applies it to the store
// in one Apply. Importing the same files again leaves the same graph: the
// IDs and relationship identities are the same, and Apply replaces them.
// An import adds and replaces, it never deletes.
package importer
