// Package analysis explores the graph held by any graph.Reader: the
// centrality of the nodes of a subgraph (a neighbourhood or the shortest
// paths, which the store itself answers: graph.Reader.Neighborhood and
// ShortestPaths), treaty participation as of a date and its gaps, crime
// links and statistics.
//
// The functions that read the store cost as many store round trips as they
// walk levels, never as many as they find nodes: each level is one call
// over all the nodes it reaches. Their answers are deterministic, so that
// every store gives the same ones.
//
// Bad options are graph.Invalid errors whose message names the allowed values
// or range; an unknown start node is graph.NotFound.
package analysis
