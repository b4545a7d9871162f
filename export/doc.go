// Package export writes a graph.Subgraph (the whole graph, a neighbourhood,
// a path) in formats other tools read: GraphML for Gephi and yEd, the
// elements JSON of Cytoscape.js, CSV (nodes.csv and edges.csv) and JSON
// lines. The provenance of every relationship travels with it, and the
// sources of every node with the node, in every format.
//
// Output is deterministic: nodes are written in ID order and relationships in
// identity order, properties by name, with no timestamps, so the same graph
// exports to the same bytes from any store. README.md in this folder
// describes each format column by column.
//
// Whole reads the whole graph from a store in a number of calls that depends
// on the number of node kinds, not of nodes; Select reads the subgraph an
// export asks for (the whole graph, a neighbourhood, shortest paths, or the
// nodes a query returned).
package export
