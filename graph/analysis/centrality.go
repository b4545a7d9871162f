package analysis

import (
	"slices"

	"github.com/nexus-graph/nexus/graph"
)

// NodeCentrality measures how central a node is in a subgraph.
type NodeCentrality struct {
	// InDegree is the number of the subgraph's relationships that end at the
	// node, OutDegree the number that start from it, and Degree their sum (a
	// self-loop counts twice, as usual).
	Degree, InDegree, OutDegree int
	// Betweenness is the share of the shortest paths between two other nodes
	// of the subgraph that go through the node, with relationships taken as
	// undirected and parallel ones as one (Brandes' algorithm), normalized by
	// the number of pairs of other nodes, (n-1)(n-2)/2: 0 for a node on no
	// such path, 1 for the centre of a star. It is 0 in a subgraph of fewer
	// than three nodes.
	Betweenness float64
}

// Centrality returns the centrality of every node of sg, in sg alone: a
// pure computation that reads no store. Relationships whose ends are not
// both nodes of sg are ignored. The result does not depend on the order of
// sg's nodes and relationships.
func Centrality(sg graph.Subgraph) map[graph.ID]NodeCentrality {
	ids := make([]graph.ID, 0, len(sg.Nodes))
	for _, n := range sg.Nodes {
		ids = append(ids, n.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	index := make(map[graph.ID]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}

	out := make(map[graph.ID]NodeCentrality, len(ids))
	for _, id := range ids {
		out[id] = NodeCentrality{}
	}
	adj := make([][]int, len(ids))
	for _, r := range sg.Relationships {
		f, okf := index[r.From]
		t, okt := index[r.To]
		if !okf || !okt {
			continue
		}
		c := out[r.From]
		c.OutDegree++
		c.Degree++
		out[r.From] = c
		c = out[r.To]
		c.InDegree++
		c.Degree++
		out[r.To] = c
		if f != t {
			adj[f] = append(adj[f], t)
			adj[t] = append(adj[t], f)
		}
	}
	for i := range adj {
		slices.Sort(adj[i])
		adj[i] = slices.Compact(adj[i])
	}

	bc := brandes(adj)
	n := len(ids)
	if n < 3 {
		return out
	}
	// Each unordered pair was counted from both ends: (n-1)(n-2) = 2 × pairs.
	norm := float64((n - 1) * (n - 2))
	for i, id := range ids {
		c := out[id]
		c.Betweenness = bc[i] / norm
		out[id] = c
	}
	return out
}

// brandes returns the betweenness of each node of the undirected graph adj
// (neighbour lists), each pair of nodes counted in both orders.
func brandes(adj [][]int) []float64 {
	n := len(adj)
	bc := make([]float64, n)
	sigma := make([]float64, n) // number of shortest paths from s
	dist := make([]int, n)
	delta := make([]float64, n)
	pred := make([][]int, n)
	order := make([]int, 0, n) // nodes in order of distance from s
	for s := range n {
		for i := range n {
			sigma[i], dist[i], delta[i], pred[i] = 0, -1, 0, pred[i][:0]
		}
		order = order[:0]
		sigma[s], dist[s] = 1, 0
		queue := []int{s}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			order = append(order, v)
			for _, w := range adj[v] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
					pred[w] = append(pred[w], v)
				}
			}
		}
		for i := len(order) - 1; i >= 0; i-- {
			w := order[i]
			for _, v := range pred[w] {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if w != s {
				bc[w] += delta[w]
			}
		}
	}
	return bc
}
