// Package growth holds the growth benchmarks: the same-size questions of
// the benchmark mix and of graph/analysis asked of synthetic graphs of
// 10 thousand, 100 thousand and a million nodes (tools/synth), on the
// memory store and on Neo4j, to see whether an answer of the same size
// costs the same in a bigger graph. It has no code of its own: the
// benchmarks are in growth_test.go, skipped unless NEXUS_GROWTH=1, and
// README.md says how to run them.
package growth
