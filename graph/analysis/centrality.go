package analysis

import "github.com/nexus-graph/nexus/graph"

// NodeCentrality measures how central a node is in a subgraph.
type NodeCentrality struct {
	// Degree is the number of the subgraph's relationships that touch the
	// node (a self-loop counts once), InDegree those that end at it and
	// OutDegree those that start from it.
	Degree, InDegree, OutDegree int
	// Betweenness is the share of the shortest paths between two other nodes
	// of the subgraph that go through the node, with relationships taken as
	// undirected and parallel ones as one (Brandes' algorithm), normalized by
	// the number of pairs of other nodes, (n-1)(n-2)/2: 0 for a node on no
	// such path, 1 for the centre of a star.
	Betweenness float64
}

// Centrality returns the centrality of every node of sg, in sg alone.
// Relationships whose ends are not both nodes of sg are ignored.
func Centrality(sg graph.Subgraph) map[graph.ID]NodeCentrality {
	return nil
}
