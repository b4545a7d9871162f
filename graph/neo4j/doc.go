// Package neo4j is the Neo4j graph.Store, the production store: a single
// server (bolt://), Aura (neo4j+s://) or a cluster (neo4j:// routing). It is
// the only package that imports the Neo4j driver. It needs Neo4j 5.9 or
// later (Cypher type predicates); Community edition will do. It passes the conformance
// suite in graph/storetest, so callers cannot tell it from the memory store
// by its answers, search scores included.
//
// # Model
//
// The graph is stored so that it reads naturally in Neo4j Browser:
//
//   - Every node has the label Nexus and its kind's label (State, Region, …),
//     the properties id (the global ID, "State:FRA") and key ("FRA"), and its
//     Props under their own names. Its sources are seven parallel string
//     lists, one element per source: sourceDocument, sourceLocator,
//     sourceParagraph, sourceCitation, sourceUrl, sourceBasis and sourceNote,
//     with "" for a field the source leaves empty (a node without sources
//     has none of these lists).
//   - Every relationship has its type (IN_REGION, …), the property key (""
//     for most), its Props, and its source as the strings sourceDocument,
//     sourceLocator, sourceParagraph, sourceCitation, sourceUrl, sourceBasis
//     and sourceNote (absent when empty).
//   - What the store derives from a node is kept in properties whose names
//     start with "_", which no Props name can (Props names are letters and
//     digits): "_fold_" + name holds the folded copy (textfold.Fold) of each
//     string or string-list property, for EQ_FOLD and CONTAINS, since Cypher
//     cannot ignore accents; _searchName, _searchFormal, _searchText and
//     _searchWhole hold the node's textfold.SearchFields, and _searchAll all
//     its search words joined by spaces, for the full-text index. They never
//     leave the database: the queries that return nodes return their stored
//     properties without them.
//
// The names id, key and source* are reserved: Apply rejects Props that use
// them (Invalid), and queries treat them as properties no node has, like the
// memory store does.
//
// Property values round-trip exactly: strings, int64 (Cypher integers),
// float64, bool and []string (Cypher lists, an empty list included).
// Strings must be valid UTF-8, which Bolt requires.
//
// # Schema
//
// Migrate creates, if they do not exist, a uniqueness constraint on
// Nexus.id and on the key of every kind, range indexes on the properties the
// API filters on (the folded copies for EQ_FOLD and CONTAINS), text indexes
// on the folded copies it compares with CONTAINS, and the full-text index
// nexus_search over _searchAll (whitespace analyzer: the words are folded
// already); it drops the indexes of earlier versions that no query reads any
// more, then waits for them all to come online. A change to an index's
// definition needs a new name, since IF NOT EXISTS keeps an index of the
// same name as it is.
//
// # Queries
//
// Every method is answered by Cypher in the database, with parameters for
// every value. Labels and relationship types come from graph.NodeKind and
// graph.RelType values checked with Valid; the property names of FindNodes
// are written into the query, checked with graph.CheckPropName and quoted
// with backticks, so that the planner can seek their indexes (see find.go).
// Reads run in read transactions routed to readers, writes in write
// transactions, both retried by the driver on transient errors; they share
// the driver's bookmark manager, so a read sees the writes made before it.
//
// Strings sort in code-point order, as Go's do. One difference with the
// memory store remains: Neo4j compares a stored string with a parameter in
// UTF-16 order, so LT, LTE, GT and GTE with a value holding a character from
// U+D800 up (emoji, full-width punctuation, Arabic presentation forms,
// private use) can disagree with Go's order; with a value whose characters
// are all below U+D800 (dates, codes, most text) they agree exactly.
//
// Neighborhood and ShortestPaths are one statement each, whatever the depth
// or length: the breadth-first levels are written out in the query up to
// the deepest allowed, and their answers equal those of graph/traverse (the
// reference walk) to the byte (see traverse.go).
//
// Search finds its candidates with the full-text index (each query word as a
// prefix query, all of them required), then scores them in Cypher with the
// rule of graph/textfold over the stored word lists, so its scores are those
// of the memory store to the bit.
package neo4j
