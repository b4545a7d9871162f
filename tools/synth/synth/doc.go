// Package synth generates synthetic graphs, for benchmarks only: graphs of
// any size (10 thousand, 100 thousand, a million nodes) with the shape of
// the real seed, to measure how the stores and the API grow.
//
// # Synthetic, and never with real data
//
// Nothing in a generated graph is a fact. Every node is marked three ways:
// its key begins with "synthetic-" (KeyPrefix; in upper case for the kinds
// whose keys the API upper-cases), it has the property synthetic: true
// (MarkProp), and its names say so ("Synthetic State 0000042", "Synthetic
// Probe Region 0017"); its texts are cut from a filler of words such as
// "synthetic placeholder benchmark". Every node's and relationship's source
// names SourceDocument, a document that says it is not real, with the basis
// IMPORTED and SourceNote. Only closed-list words (levels, kinds, actions),
// numbers and dates are copied from the seed.
//
// A synthetic graph must never share a store with real data: it would be
// counted in statistics, found by searches and listed next to real States
// as if it were true, and benchmarks run on a mixture would measure
// neither. So Load refuses a store that holds any node without the mark
// (CheckOnlySynthetic), or another synthetic graph (the manifest, a node
// of its own, says which graph a store holds), and NewMemory builds a
// memory store of its own. The command, go run ./tools/synth, loads only
// into a Neo4j server of its own (tools/synth/README.md).
//
// # The shape
//
// The generator measures the seed (SeedShape): the number of nodes of each
// class (a kind; for regions, a kind and a level), the number of
// relationships of each triple (start class, type, end class) and, for
// each triple, the histogram of degrees at either end, zeros included. A
// graph of N nodes has the seed's classes in the seed's proportions, and
// each random node's degree at each end of each triple is drawn from the
// seed's histogram: heavy-tailed where the seed is (a few regions hold
// dozens of States, a few crime types are addressed by most instruments),
// uniform where it is (every State is MEMBER_OF one group). The ends are
// then paired at random (a configuration model). Properties come from a
// seed node of the same class chosen at random, made synthetic as above;
// those that repeat a relationship (a State's region codes and names, a
// paragraph's resolution) are set from the drawn relationships. Every
// relationship joins the kinds some seed relationship of its type joins.
//
// # The probe
//
// Every graph also holds the probe: a synthetic mirror of the seed with the
// participation test fixture of internal/testgraph on top (made-up
// treaty actions, programmes, activities), that no random node links to.
// Questions about the probe's nodes (Probes: the mirrors of France, Western
// Africa, resolution 66/178, its paragraph op/9, the Member States, the
// Beijing Convention…) therefore have the same answer, of the same size, at
// every size of graph: what the same question about the mirrored nodes
// answers on the seed. A store that answers them by following indexes
// costs the same at every size; one that scans costs more as the graph
// grows, which is what the benchmarks of tools/growth look for.
//
// # Streaming
//
// New plans a graph: class counts, and every relationship as a pair of
// int32 node indices (a few tens of megabytes for a million nodes).
// Batches then makes the nodes and relationships batch by batch, so a load
// holds one batch at a time besides the plan, never the whole graph twice.
package synth
