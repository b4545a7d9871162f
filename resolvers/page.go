package resolvers

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

// Limits on list arguments.
const (
	// MaxFirst is the largest value of a first argument.
	MaxFirst = 500
	// MaxIDs is the most IDs nodes(ids:) accepts.
	MaxIDs = 500
	// defaultFirst is the page size of a connection when first is omitted.
	defaultFirst = 100
)

// checkFirst validates a first argument: 0 to MaxFirst, def when nil.
func checkFirst(first *int, def int) (int, error) {
	if first == nil {
		return def, nil
	}
	if *first < 0 || *first > MaxFirst {
		return 0, badInput("first must be between 0 and %d, got %d", MaxFirst, *first)
	}
	return *first, nil
}

// cursorPrefix marks the cursors of this API, with the kind of list they
// come from.
const cursorPrefix = "nexus:v1:"

// encodeCursor returns the opaque cursor of the item at offset in a list of
// nodes of kind k.
func encodeCursor(k graph.NodeKind, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + string(k) + ":" + strconv.Itoa(offset)))
}

// decodeAfter returns the offset of the first item after the cursor after
// (0 when it is nil).
func decodeAfter(k graph.NodeKind, after *string) (int, error) {
	if after == nil {
		return 0, nil
	}
	bad := badInput("after: %q is not a cursor of this list; pass the endCursor of a previous page", *after)
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil {
		return 0, bad
	}
	rest, ok := strings.CutPrefix(string(raw), cursorPrefix+string(k)+":")
	if !ok {
		return 0, bad
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 {
		return 0, bad
	}
	return n + 1, nil
}

// page is one page of a node query, with what a connection needs.
type page struct {
	nodes  []*graph.Node
	offset int
	total  int
}

// findPage runs q for one page given the first and after arguments.
func (r *resolver) findPage(ctx context.Context, q graph.NodeQuery, first *int, after *string) (page, error) {
	limit, err := checkFirst(first, defaultFirst)
	if err != nil {
		return page{}, err
	}
	offset, err := decodeAfter(q.Kind, after)
	if err != nil {
		return page{}, err
	}
	q.Offset, q.Limit = offset, limit
	l := r.loaders(ctx)
	q.Project = l.fieldProjection(ctx)
	pp := l.planPage(ctx, q.Kind)
	if pp != nil {
		q.Expand = pp.hops
	}
	p, err := r.reader(ctx).FindNodes(ctx, q)
	if err != nil {
		return page{}, fmt.Errorf("find %s nodes: %w", q.Kind, err)
	}
	lv := l.rememberNodes(p.Nodes, q.Project == nil)
	if pp != nil {
		pp.adopt(l, lv, p.Expansions)
	}
	return page{nodes: p.Nodes, offset: offset, total: p.Total}, nil
}

// pageInfo returns the PageInfo of p for nodes of kind k.
func (p page) pageInfo(k graph.NodeKind) *schema.PageInfo {
	pi := &schema.PageInfo{
		HasNextPage:     p.offset+len(p.nodes) < p.total,
		HasPreviousPage: p.offset > 0,
	}
	if len(p.nodes) > 0 {
		start, end := encodeCursor(k, p.offset), encodeCursor(k, p.offset+len(p.nodes)-1)
		pi.StartCursor, pi.EndCursor = &start, &end
	}
	return pi
}

// findAll returns every node q matches, in its order.
func (r *resolver) findAll(ctx context.Context, q graph.NodeQuery) ([]*graph.Node, error) {
	const chunk = 1000
	var (
		out []*graph.Node
		exp []graph.Expansion
	)
	l := r.loaders(ctx)
	q.Project = l.fieldProjection(ctx)
	pp := l.planPage(ctx, q.Kind)
	if pp != nil {
		q.Expand = pp.hops
		exp = graph.EmptyExpansions(len(pp.hops))
	}
	for {
		q.Offset, q.Limit = len(out), chunk
		p, err := r.reader(ctx).FindNodes(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("find %s nodes: %w", q.Kind, err)
		}
		out = append(out, p.Nodes...)
		for i, e := range p.Expansions {
			maps.Copy(exp[i].Relationships, e.Relationships)
			maps.Copy(exp[i].Nodes, e.Nodes)
		}
		if len(p.Nodes) < chunk || len(out) >= p.Total {
			break
		}
	}
	lv := l.rememberNodes(out, q.Project == nil)
	if pp != nil {
		pp.adopt(l, lv, exp)
	}
	return out, nil
}

// views converts nodes to their typed views of type V.
func views[V any](nodes []*graph.Node) []V {
	out := make([]V, 0, len(nodes))
	for _, n := range nodes {
		if v, ok := graph.View(n).(V); ok {
			out = append(out, v)
		}
	}
	return out
}
