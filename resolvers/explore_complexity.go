package resolvers

import "github.com/nexus-graph/nexus/graph"

// edgesPerNode is the estimated number of edges per node of a neighbourhood
// (the seed has about three).
const edgesPerNode = 3

// exploreComplexity weighs the exploration fields by the size of what they
// may return, which their arguments bound: a neighbourhood counts its
// children once per node it may hold (limit), its edges edgesPerNode times
// as many; a path counts maxLength+1 nodes and allShortestPaths limit paths.
// The lists inside Subgraph and Path count their items once, since the field
// above already multiplied. Arguments out of range count as their bound: the
// resolver rejects them with a message that says so.
func exploreComplexity(typeName, fieldName string, child int, args map[string]any) (int, bool) {
	switch typeName + "." + fieldName {
	case "Query.neighborhood":
		limit := boundedArg(args["limit"], graph.DefaultNeighborhoodLimit, 1, graph.MaxNeighborhoodLimit)
		return 1 + limit*child, true
	case "Query.shortestPath":
		length := boundedArg(args["maxLength"], graph.DefaultMaxLength, 1, graph.MaxPathLength)
		return 1 + (length+1)*child, true
	case "Query.allShortestPaths":
		length := boundedArg(args["maxLength"], graph.DefaultMaxLength, 1, graph.MaxPathLength)
		limit := boundedArg(args["limit"], graph.DefaultPathsLimit, 1, graph.MaxPathsLimit)
		return 1 + limit*(length+1)*child, true
	case "Subgraph.edges":
		return 1 + edgesPerNode*child, true
	case "Subgraph.nodes", "Subgraph.centrality", "Path.nodes", "Path.edges":
		return 1 + child, true
	}
	return 0, false
}

// boundedArg reads an integer argument, def when it is absent or null,
// clamped to lo…hi.
func boundedArg(v any, def, lo, hi int) int {
	n, ok := intArg(v)
	if !ok {
		n = def
	}
	return min(max(n, lo), hi)
}
