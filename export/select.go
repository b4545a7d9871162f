package export

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// wholePageSize is the number of nodes Whole asks a store for at once.
const wholePageSize = 1000

// Whole returns the whole graph held by s: every node and every
// relationship. It costs one FindNodes call per node kind and per thousand
// nodes of that kind, and one Relationships call, however many nodes and
// relationships there are.
func Whole(ctx context.Context, s graph.Store) (graph.Subgraph, error) {
	return whole(ctx, s, nil, nil, 0)
}

// whole returns the nodes of kinds (every kind when empty) and the
// relationships of types (every type when empty) between them. With
// maxNodes > 0 it keeps the first maxNodes nodes, kind by kind in the order
// of graph.NodeKinds and by key within a kind, and sets Truncated when there
// were more.
func whole(ctx context.Context, s graph.Store, kinds []graph.NodeKind, types []graph.RelType, maxNodes int) (graph.Subgraph, error) {
	var sg graph.Subgraph
	var ids []graph.ID
	for _, k := range graph.NodeKinds {
		if len(kinds) > 0 && !slices.Contains(kinds, k) {
			continue
		}
		for offset := 0; ; {
			limit := wholePageSize
			if maxNodes > 0 {
				limit = min(limit, maxNodes-len(sg.Nodes))
			}
			page, err := s.FindNodes(ctx, graph.NodeQuery{Kind: k, Offset: offset, Limit: limit})
			if err != nil {
				return graph.Subgraph{}, fmt.Errorf("export: read the %s nodes: %w", k, err)
			}
			for _, n := range page.Nodes {
				sg.Nodes = append(sg.Nodes, n)
				ids = append(ids, n.ID)
			}
			offset += len(page.Nodes)
			if offset >= page.Total {
				break
			}
			if maxNodes > 0 && len(sg.Nodes) >= maxNodes {
				sg.Truncated = true
				break
			}
			if len(page.Nodes) == 0 {
				return graph.Subgraph{}, graph.Errorf(graph.Internal,
					"export: the store returned no %s nodes at offset %d of %d", k, offset, page.Total)
			}
		}
		if sg.Truncated {
			break
		}
	}
	if len(ids) == 0 {
		return sg, nil
	}
	rels, err := s.Relationships(ctx, ids, graph.RelQuery{Dir: graph.Out, Types: types})
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("export: read the relationships of %d nodes: %w", len(ids), err)
	}
	kept := make(map[graph.ID]bool, len(ids))
	for _, id := range ids {
		kept[id] = true
	}
	for _, id := range ids {
		for _, r := range rels[id] {
			if kept[r.To] {
				sg.Relationships = append(sg.Relationships, r)
			}
		}
	}
	sortSubgraph(&sg)
	return sg, nil
}

// sortSubgraph puts the nodes of sg in ID order and its relationships in
// identity order, as graph.Subgraph says.
func sortSubgraph(sg *graph.Subgraph) {
	slices.SortFunc(sg.Nodes, func(a, b *graph.Node) int { return strings.Compare(string(a.ID), string(b.ID)) })
	slices.SortFunc(sg.Relationships, graph.CompareIdentity)
}

// FromPaths returns the subgraph made of the nodes and relationships of
// paths, each once, in the order of graph.Subgraph. No paths give the empty
// subgraph.
func FromPaths(paths []graph.Path) graph.Subgraph {
	var sg graph.Subgraph
	nodes := map[graph.ID]bool{}
	rels := map[string]bool{}
	for _, p := range paths {
		for _, n := range p.Nodes {
			if n != nil && !nodes[n.ID] {
				nodes[n.ID] = true
				sg.Nodes = append(sg.Nodes, n)
			}
		}
		for _, r := range p.Relationships {
			if r != nil && !rels[r.Identity()] {
				rels[r.Identity()] = true
				sg.Relationships = append(sg.Relationships, r)
			}
		}
	}
	sortSubgraph(&sg)
	return sg
}

// MaxIDs is the largest number of nodes a Scope may name in IDs.
const MaxIDs = 1000

// Scope says which part of the graph an export holds: the whole graph (the
// zero Scope), the neighbourhood of Root, the shortest paths from From to
// To, or the nodes of IDs.
type Scope struct {
	// Root, when set, asks for the neighbourhood of Root within Depth
	// relationships (graph.Store.Neighborhood).
	Root  graph.ID
	Depth int

	// From and To, when set, ask for the shortest path between them, or
	// with All every shortest path (graph.Store.ShortestPaths), of at most
	// MaxLength relationships (0: graph.DefaultMaxLength).
	From, To  graph.ID
	MaxLength int
	All       bool

	// IDs, when set, ask for these nodes and the relationships between
	// them: what a query returned, at most MaxIDs nodes.
	IDs []graph.ID

	// Types are the relationship types followed (neighbourhood, paths) or
	// kept (whole graph, IDs); empty means every type.
	Types []graph.RelType
	// Kinds are the kinds of node kept (neighbourhood, whole graph); empty
	// means every kind. Paths do not take kinds.
	Kinds []graph.NodeKind

	// Limit bounds the result: the number of nodes of the whole graph (0:
	// no bound) or of a neighbourhood (0: graph.DefaultNeighborhoodLimit),
	// or the number of paths with All (0: graph.DefaultPathsLimit).
	Limit int
}

// Select reads the part of the graph sc names from s. Conflicting or
// out-of-range options, an unknown relationship type or node kind are
// graph.Invalid, with a message naming the allowed values; an unknown root,
// from, to or one of IDs is graph.NotFound. Shortest paths that do not
// exist give the empty subgraph.
func Select(ctx context.Context, s graph.Store, sc Scope) (graph.Subgraph, error) {
	if err := checkScope(sc); err != nil {
		return graph.Subgraph{}, err
	}
	switch {
	case sc.Root != "":
		limit := sc.Limit
		if limit == 0 {
			limit = graph.DefaultNeighborhoodLimit
		}
		return s.Neighborhood(ctx, sc.Root, graph.NeighborhoodQuery{
			Depth: sc.Depth, Types: sc.Types, Kinds: sc.Kinds, Limit: limit,
		})
	case sc.From != "":
		maxLength := sc.MaxLength
		if maxLength == 0 {
			maxLength = graph.DefaultMaxLength
		}
		limit := sc.Limit
		if limit == 0 {
			limit = graph.DefaultPathsLimit
		}
		paths, err := s.ShortestPaths(ctx, sc.From, sc.To, graph.PathQuery{
			MaxLength: maxLength, Types: sc.Types, All: sc.All, Limit: limit,
		})
		if err != nil {
			return graph.Subgraph{}, err
		}
		return FromPaths(paths), nil
	case len(sc.IDs) > 0:
		return induced(ctx, s, sc.IDs, sc.Types)
	}
	return whole(ctx, s, sc.Kinds, sc.Types, sc.Limit)
}

// induced returns the nodes of ids and the relationships of types (every
// type when empty) between them, in one Nodes call and one Relationships
// call.
func induced(ctx context.Context, s graph.Store, ids []graph.ID, types []graph.RelType) (graph.Subgraph, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	nodes, err := s.Nodes(ctx, ids)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("export: read %d nodes: %w", len(ids), err)
	}
	kept := make(map[graph.ID]bool, len(ids))
	sg := graph.Subgraph{Nodes: make([]*graph.Node, 0, len(ids))}
	for i, n := range nodes {
		if n == nil {
			return graph.Subgraph{}, graph.Errorf(graph.NotFound, "no node %q", string(ids[i]))
		}
		kept[n.ID] = true
		sg.Nodes = append(sg.Nodes, n)
	}
	rels, err := s.Relationships(ctx, ids, graph.RelQuery{Dir: graph.Out, Types: types})
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("export: read the relationships of %d nodes: %w", len(ids), err)
	}
	for _, id := range ids {
		for _, r := range rels[id] {
			if kept[r.To] {
				sg.Relationships = append(sg.Relationships, r)
			}
		}
	}
	sortSubgraph(&sg)
	return sg, nil
}

// checkScope reports the options of sc that do not go together or that are
// out of range.
func checkScope(sc Scope) error {
	neighbourhood, paths, ids := sc.Root != "", sc.From != "" || sc.To != "", len(sc.IDs) > 0
	switch {
	case neighbourhood && paths:
		return graph.Errorf(graph.Invalid, "give either a root (a neighbourhood) or from and to (a path), not both")
	case ids && (neighbourhood || paths):
		return graph.Errorf(graph.Invalid, "give either ids (nodes) or a root (a neighbourhood) or from and to (a path), not two of them")
	case ids && len(sc.Kinds) > 0:
		return graph.Errorf(graph.Invalid, "kinds apply to a neighbourhood or the whole graph, not to ids")
	case ids && sc.Limit != 0:
		return graph.Errorf(graph.Invalid, "limit does not apply to ids: give at most %d", MaxIDs)
	case len(sc.IDs) > MaxIDs:
		return graph.Errorf(graph.Invalid, "%d ids: at most %d (allowed: 1…%d)", len(sc.IDs), MaxIDs, MaxIDs)
	case paths && (sc.From == "" || sc.To == ""):
		return graph.Errorf(graph.Invalid, "a path needs both from and to")
	case paths && len(sc.Kinds) > 0:
		return graph.Errorf(graph.Invalid, "kinds apply to a neighbourhood or the whole graph, not to a path")
	case !neighbourhood && sc.Depth != 0:
		return graph.Errorf(graph.Invalid, "depth applies to a neighbourhood: give a root")
	case !paths && (sc.MaxLength != 0 || sc.All):
		return graph.Errorf(graph.Invalid, "maxLength and all apply to a path: give from and to")
	case sc.Limit < 0:
		return graph.Errorf(graph.Invalid, "limit %d is negative", sc.Limit)
	}
	for _, t := range sc.Types {
		if !t.Valid() {
			return graph.Errorf(graph.Invalid, "unknown relationship type %q (allowed: %s)", t, joinNames(graph.RelTypes))
		}
	}
	for _, k := range sc.Kinds {
		if !k.Valid() {
			return graph.Errorf(graph.Invalid, "unknown node kind %q (allowed: %s)", k, joinNames(graph.NodeKinds))
		}
	}
	return nil
}

// joinNames joins the names of a list of kinds or types with commas.
func joinNames[T ~string](list []T) string {
	names := make([]string, len(list))
	for i, v := range list {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// SplitList splits a comma-separated list of relationship types or node
// kinds, as the command line and the HTTP endpoint take them, dropping
// blanks.
func SplitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
