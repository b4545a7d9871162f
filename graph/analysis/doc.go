// Package analysis explores the graph held by any graph.Reader: the
// neighbourhood of a node, the shortest paths between two nodes, and the
// centrality of the nodes of a subgraph.
//
// The functions that read the store cost as many store round trips as they
// walk levels, never as many as they find nodes: each level of a
// breadth-first walk is one Relationships call over the whole frontier, and
// the nodes are fetched with one Nodes call at the end. Their answers are
// deterministic, so that every store gives the same ones.
//
// Bad options are graph.Invalid errors whose message names the allowed values
// or range; an unknown start node is graph.NotFound.
package analysis
