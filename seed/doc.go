// Package seed holds the curated, sourced knowledge that Nexus starts from,
// and reads it into a graph.Batch.
//
// The seed is a tree of human-editable files, embedded in the binary:
//
//	data/*.csv      reference tables (UN Member States, country names,
//	                instruments), copied unchanged from their sources
//	data/SOURCES.md where each table comes from and under which licence
//	facts/*.facts   curated facts in a block format: nodes, relationships
//	                and named sources (see README.md)
//	sources/        the texts the facts quote (the French text of
//	                A/RES/66/178)
//
// Read parses and validates the embedded seed, ReadFS does the same on any
// file tree with that layout, and Load writes the result into a graph.Store.
// Every problem found is reported as "file:line: message", all of them at
// once, and a seed with any problem yields no batch at all. Among them: a
// control character other than tab and line break, or a bidirectional
// formatting character, anywhere in a facts file or a table
// (graph.ForbiddenRune).
package seed
