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
// on the folded copies it compares with CONTAINS, the index and constraint
// of the import journal (see Imports), and the full-text index nexus_search
// over _searchAll (whitespace analyzer: the words are folded already); it
// drops the indexes of earlier versions that no query reads any more, waits
// for them all to come online, then undoes what an import killed earlier
// left (Recover). A change to an index's definition needs a new name, since
// IF NOT EXISTS keeps an index of the same name as it is.
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
// # Imports
//
// ApplyStream writes a sequence of batches as one change, all or nothing,
// without ever holding more than chunkSize (5,000) nodes or relationships
// in one transaction, so that an import of a million rows needs no more of
// the database's transaction memory than one of a thousand. Each chunk's
// transaction first records, in the same transaction, the undo journal of
// what it replaces: a copy of the properties of every node and
// relationship it is about to replace (a node's labels follow from its ID,
// which it keeps), and the IDs and identities of those it creates. When
// the sequence yields an error, a batch is invalid, the caller's context
// ends or a write fails, the chunks are undone from the last to the first,
// each in its own transaction, and the graph is as it was; on success the
// journal is deleted in transactions of 10,000 nodes.
//
// The journal lives in the database, so that an import whose process is
// killed, or whose database stops, is undone too: Recover, which Migrate
// calls (nexus serve, import and seed migrate when they start) and
// ApplyStream calls before it writes, undoes every import that no process
// works on any more. A process working on an import keeps a "guard"
// transaction open, with the import's id in its metadata, for as long as
// it works; the database lists it (SHOW TRANSACTIONS) until the process
// ends or loses its connection, and an import whose guard is gone is
// abandoned. To take over an abandoned import, a process makes itself its
// owner in the import's head node, and every chunk checks, under the head's
// lock, that its process still owns it: an import judged abandoned by
// mistake fails (Conflict) instead of writing after its undo. A uniqueness
// constraint on the head allows one import at a time on a database; another
// gets Conflict.
//
// The journal is made of nodes labelled NexusImport (one head per import)
// and NexusJournal, never Nexus or a kind's label, and without
// relationships: no read of the graph (Nodes, FindNodes, Relationships,
// Search, Counts, Degrees) sees them. Their own properties start with "__".
// Migrate creates an index on the journal and the constraint on the head.
//
// Readers are not isolated from an import under way: between its first
// chunk and its end, a read may see the chunks written so far (new nodes
// and relationships, replaced properties) and, after a failure, until the
// undo is done. A write made meanwhile, by Apply, to a node or relationship
// that the import replaces is overwritten when the import is undone.
//
// A transaction that the database refuses for want of transaction memory
// (Neo.ClientError.General.TransactionOutOfMemoryError,
// Neo.TransientError.General.MemoryPoolOutOfMemoryError) is Invalid, not
// Unavailable: the request is too large, and the message names the
// settings and says to write in smaller batches. It is not retried.
//
// Search finds its candidates with the full-text index (each query word as a
// prefix query, all of them required), then scores them in Cypher with the
// rule of graph/textfold over the stored word lists, so its scores are those
// of the memory store to the bit.
package neo4j
