// Package graph is the domain of Nexus: node kinds, typed relationships with
// their provenance, queries over them, the error kinds, and the Store
// interface that every storage backend implements.
//
// The package imports only the standard library. Backends live in
// subpackages (graph/memory, graph/neo4j) and are held to one contract by the
// conformance suite in graph/storetest.
//
// The model is a property graph. Every node has a readable, stable global ID
// of the form "Kind:key" (State:FRA, Region:155, Instrument:CT17,
// Resolution:A/RES/66/178, Paragraph:A/RES/66/178/op/9). Relationships are
// directed, typed with an UPPER_SNAKE name from a closed list, may carry
// properties, and each carries a Source saying where the fact comes from.
package graph
