package resolvers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nexus-graph/nexus/graph"
)

// A level is a set of nodes read together (a page, the nodes at the other
// ends of one relationship field across a whole list, a batch of nodes by
// ID) that the query places at the same point of its answer. The first
// relationship field resolved on one of them plans the level: it collects
// every relationship field the query selects there, for every kind of node
// in the level, and reads them all for every node of the level in one
// Expand, with the properties that the fields selected under each of them
// read from the nodes they lead to. The other fields of the level, on every
// node of it, then find their relationships and nodes read.
//
// A level can be reached from several points of the answer (the same nodes
// under two fields): each point has its own plan, keyed by the field whose
// selection holds the level's nodes.
type level struct {
	nodes []*graph.Node

	mu    sync.Mutex
	plans map[*ast.Field]*plan
}

// plan is the Expand of one level for one selection.
type plan struct {
	once sync.Once
	hops map[hopKey]int // the hop of each planned field
	exp  []graph.Expansion
	err  error
}

// hopKey identifies a planned field: its response key in the selection and
// the linkFields entry it reads.
type hopKey struct {
	alias string
	link  string
}

// addLevel records nodes as one level.
func (l *loaders) addLevel(nodes []*graph.Node) *level {
	lv := &level{nodes: nodes, plans: map[*ast.Field]*plan{}}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, n := range nodes {
		if _, ok := l.levels[n]; !ok {
			l.levels[n] = lv
		}
	}
	return lv
}

// levelOf returns the level of n, a level of its own when it has none.
func (l *loaders) levelOf(n *graph.Node) *level {
	l.mu.Lock()
	lv, ok := l.levels[n]
	l.mu.Unlock()
	if ok {
		return lv
	}
	return l.addLevel([]*graph.Node{n})
}

// planned returns the relationships of n that the linkFields entry link
// reads, as the plan of n's level read them for the field being resolved,
// each with the node at its other end; ok is false when the field is not
// planned (the caller then reads it another way).
func (l *loaders) planned(ctx context.Context, n *graph.Node, link string) (edges []*graph.Link, ok bool, err error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil, false, nil
	}
	parent := fc.Parent
	for parent != nil && parent.Field.Field == nil {
		parent = parent.Parent // the contexts of list items
	}
	if parent == nil {
		return nil, false, nil
	}
	lv := l.levelOf(n)
	lv.mu.Lock()
	p, found := lv.plans[parent.Field.Field]
	if !found {
		p = &plan{}
		lv.plans[parent.Field.Field] = p
	}
	lv.mu.Unlock()
	p.once.Do(func() { p.run(ctx, l, lv, parent.Field.Selections) })
	i, found := p.hops[hopKey{alias: fc.Field.Alias, link: link}]
	if !found {
		return nil, false, nil
	}
	if p.err != nil {
		return nil, true, p.err
	}
	exp := p.exp[i]
	rels := exp.Relationships[n.ID]
	edges = make([]*graph.Link, len(rels))
	for j, r := range rels {
		edges[j] = &graph.Link{Relationship: r, Self: n.ID, Node: exp.Nodes[r.Other(n.ID)]}
	}
	return edges, true, nil
}

// run plans the level lv for the selection sel and reads it.
func (p *plan) run(ctx context.Context, l *loaders, lv *level, sel ast.SelectionSet) {
	byKind := map[graph.NodeKind][]graph.ID{}
	for _, n := range lv.nodes {
		if !slices.Contains(byKind[n.Kind], n.ID) {
			byKind[n.Kind] = append(byKind[n.Kind], n.ID)
		}
	}
	hops := p.collect(ctx, l, sel, byKind)
	if len(hops) == 0 {
		return
	}
	p.exp, p.err = l.read.Expand(ctx, hops)
	p.done(l)
}

// collect returns the hops of the relationship fields that sel selects on
// the nodes of byKind (IDs by kind), and records which field reads which.
func (p *plan) collect(ctx context.Context, l *loaders, sel ast.SelectionSet, byKind map[graph.NodeKind][]graph.ID) []graph.Hop {
	op := graphql.GetOperationContext(ctx)
	p.hops = map[hopKey]int{}
	var hops []graph.Hop
	kinds := make([]graph.NodeKind, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		for _, f := range graphql.CollectFields(op, sel, []string{string(kind), "Node"}) {
			link, q, ok := plannedField(string(kind), f, op.Variables)
			if !ok {
				continue
			}
			key := hopKey{alias: f.Alias, link: link}
			i, seen := p.hops[key]
			if !seen {
				i = len(hops)
				p.hops[key] = i
				hops = append(hops, graph.Hop{RelQuery: q, Nodes: l.projection(f.Selections, true)})
			}
			hops[i].From = append(hops[i].From, byKind[kind]...)
		}
	}
	return hops
}

// done records the nodes each hop of a read plan leads to as the next
// levels.
func (p *plan) done(l *loaders) {
	if p.err != nil {
		return
	}
	for _, e := range p.exp {
		next := make([]*graph.Node, 0, len(e.Nodes))
		for _, n := range e.Nodes {
			next = append(next, n)
		}
		slices.SortFunc(next, func(a, b *graph.Node) int { return strings.Compare(string(a.ID), string(b.ID)) })
		l.addLevel(next)
	}
}

// root reads the node with id that the root field being resolved returns,
// and in the same Expand the relationship fields selected on it: the
// planned level of a root node costs no query of its own. It returns nil
// when there is no such node.
func (l *loaders) root(ctx context.Context, id graph.ID) (*graph.Node, error) {
	kind, _, err := graph.ParseID(id)
	if err != nil {
		return nil, nil
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return l.node(ctx, id)
	}
	p := &plan{}
	hops := p.collect(ctx, l, fc.Field.Selections, map[graph.NodeKind][]graph.ID{kind: {id}})
	self := graph.Hop{From: []graph.ID{id}, Self: true, Nodes: l.projection(fc.Field.Selections, false)}
	exp, err := l.read.Expand(ctx, append(hops, self))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	n := exp[len(hops)].Nodes[id]
	if n == nil {
		return nil, nil
	}
	p.exp = exp[:len(hops)]
	p.done(l)
	p.once.Do(func() {}) // read already
	lv := l.addLevel([]*graph.Node{n})
	lv.mu.Lock()
	lv.plans[fc.Field.Field] = p
	lv.mu.Unlock()
	if self.Nodes == nil {
		l.nodes.prime(id, n)
	}
	return n, nil
}

// pagePlan is the plan of the level of a page of nodes (a root list or a
// connection), made before the page is read so that its hops are read
// with it (graph.NodeQuery.Expand).
type pagePlan struct {
	field *ast.Field // the field whose selection holds the page's nodes
	plan  *plan
	hops  []graph.Hop
}

// planPage plans the level of the nodes of kind that the root list or
// connection being resolved returns. It returns nil when no relationship
// field is selected on them, or when they are under more than one field
// (two aliases of edges or node): the level is then planned when its
// first relationship field is resolved, as any other.
func (l *loaders) planPage(ctx context.Context, kind graph.NodeKind) *pagePlan {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return nil
	}
	op := graphql.GetOperationContext(ctx)
	field, sel := fc.Field.Field, fc.Field.Selections
	if typ := fc.Field.Definition.Type.Name(); strings.HasSuffix(typ, "Connection") {
		var ok bool
		if field, sel, ok = onlyField(op, sel, typ, "edges"); !ok {
			return nil
		}
		if field, sel, ok = onlyField(op, sel, field.Definition.Type.Name(), "node"); !ok {
			return nil
		}
	}
	p := &plan{}
	hops := p.collect(ctx, l, sel, map[graph.NodeKind][]graph.ID{kind: nil})
	if len(hops) == 0 {
		return nil
	}
	return &pagePlan{field: field, plan: p, hops: hops}
}

// onlyField returns the field name selected in sel on type typ, and its
// selection; ok is false unless it is selected once (under one alias).
func onlyField(op *graphql.OperationContext, sel ast.SelectionSet, typ, name string) (*ast.Field, ast.SelectionSet, bool) {
	var found []graphql.CollectedField
	for _, f := range graphql.CollectFields(op, sel, []string{typ}) {
		if f.Name == name {
			found = append(found, f)
		}
	}
	if len(found) != 1 || found[0].Definition == nil {
		return nil, nil, false
	}
	return found[0].Field, found[0].Selections, true
}

// adopt records what the hops of pp read with the page as the plan of
// the page's level lv.
func (pp *pagePlan) adopt(l *loaders, lv *level, exp []graph.Expansion) {
	pp.plan.exp = exp
	pp.plan.done(l)
	pp.plan.once.Do(func() {}) // read already
	lv.mu.Lock()
	lv.plans[pp.field] = pp.plan
	lv.mu.Unlock()
}

// plannedFields are the fields that read the relationships of another
// linkFields entry than their own (the single region links read every
// region of the state).
var plannedFields = map[string]string{
	"State.region":             "State.regions",
	"State.subregion":          "State.regions",
	"State.intermediateRegion": "State.regions",
}

// plannedField returns the linkFields entry that field f of a node of kind
// reads and its query; ok is false for a field that reads no relationships
// of one shape (or whose arguments are bad: resolving it reports them).
func plannedField(kind string, f graphql.CollectedField, vars map[string]any) (link string, q graph.RelQuery, ok bool) {
	if f.Name == "relationships" {
		args := f.ArgumentMap(vars)
		q.Dir = graph.Both
		if d, ok := args["direction"].(string); ok {
			q.Dir = graph.Direction(d)
		}
		if !q.Dir.Valid() {
			return "", q, false
		}
		if types, ok := args["types"].([]any); ok {
			for _, t := range types {
				s, _ := t.(string)
				if rt := graph.RelType(s); rt.Valid() {
					q.Types = append(q.Types, rt)
				} else {
					return "", q, false
				}
			}
		}
		if kinds, ok := args["kinds"].([]any); ok {
			for _, k := range kinds {
				s, _ := k.(string)
				nk, ok := kindEnum[s]
				if !ok {
					return "", q, false
				}
				q.OtherKinds = append(q.OtherKinds, nk)
			}
		}
		return relationshipsLink + shapeKey(q), q, true
	}
	key := kind + "." + f.Name
	if alias, found := plannedFields[key]; found {
		key = alias
	}
	spec, found := linkFields[key]
	if !found {
		return "", q, false
	}
	return key, spec.query(), true
}

// kindEnum maps the values of the GraphQL enum NodeKind (CRIME_TYPE) to
// the kinds (CrimeType), as gqlgen.yml binds them.
var kindEnum = func() map[string]graph.NodeKind {
	m := make(map[string]graph.NodeKind, len(graph.NodeKinds))
	for _, k := range graph.NodeKinds {
		var b strings.Builder
		for i, r := range string(k) {
			if i > 0 && r >= 'A' && r <= 'Z' {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		}
		m[strings.ToUpper(b.String())] = k
	}
	return m
}()

// relationshipsLink prefixes the link of a relationships field, which has
// no linkFields entry: its shape is in its arguments.
const relationshipsLink = "relationships:"

// The properties a projection reads besides those named like the fields
// selected.
var (
	// treatyProps are the dates the treaty rules read of an instrument
	// (analysis.InstrumentDate), for the fields that count participation
	// as of a date (an asOf argument): read under such a field.
	treatyProps = []string{"adopted", "openedForSignature"}
	// orderProps are what sortKey orders the nodes at the ends of a
	// relationship field by: the projection of a hop reads them.
	orderProps = []string{"resolution", "position", "number", "paragraphKind", "symbol", "acronym", "shortName", "titleEn", "nameEn"}
	// labelProps are what the label of a node (graph.Node.Label) is made
	// of, in every language: read when a label field is selected.
	labelProps = append(slices.Clone(orderProps), localizedProps("name", "title")...)
)

// kindProps are the properties a field named kind reads: Paragraph's,
// deprecated for paragraphKind, the one node field so named (a node's own
// classification is named after its kind: bodyKind, paragraphKind…).
var kindProps = []string{"paragraphKind"}

// projection returns what the fields selected in sel read of a node: the
// properties named like each field selected on a node type (in every language, with the node's own language, when the field
// takes a lang argument or names the language of another: titleLang),
// labelProps for a label, orderProps for the nodes of a hop (ends),
// treatyProps under a field with an asOf argument, the sources when they
// are selected. It looks through fragments and the types
// between (a RegionLink's region, a connection's edges), and stops at
// fields that lead to another level. With the full option, it returns nil:
// whole nodes.
func (l *loaders) projection(sel ast.SelectionSet, ends bool) *graph.Projection {
	if l.full {
		return nil
	}
	props := map[string]bool{}
	add := func(names ...string) {
		for _, n := range names {
			props[n] = true
		}
	}
	if ends {
		add(orderProps...)
	}
	localized := func(base string) {
		add(localizedProps(base)...)
		add("lang")
	}
	p := &graph.Projection{}
	var walk func(ast.SelectionSet)
	walk = func(sel ast.SelectionSet) {
		for _, s := range sel {
			switch s := s.(type) {
			case *ast.Field:
				if s.Definition != nil && s.Definition.Arguments.ForName("asOf") != nil {
					add(treatyProps...)
				}
				level := s.ObjectDefinition != nil && leadsToLevel(s.ObjectDefinition.Name, s.Name)
				switch {
				case strings.HasPrefix(s.Name, "__"):
				case !onNode(s), level:
				case s.Name == "sources" || s.Name == "source":
					p.Sources = p.Sources || s.Name == "sources"
				case s.Name == "kind":
					add(kindProps...)
				case s.Name == "label":
					add(labelProps...)
					localized("name")
				case graph.CheckPropName(s.Name) == nil:
					add(s.Name)
					if s.Definition != nil && s.Definition.Arguments.ForName("lang") != nil {
						localized(s.Name)
					}
					if base, ok := strings.CutSuffix(s.Name, "Lang"); ok && base != "" {
						localized(base)
					}
				}
				if level {
					continue
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil {
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(sel)
	p.Props = make([]string, 0, len(props))
	for name := range props {
		p.Props = append(p.Props, name)
	}
	slices.Sort(p.Props)
	return p
}

// onNode reports whether field f is selected on a node type (or the Node
// interface), whose fields read the node's properties, not on a type
// between (a connection, a link, a subgraph).
func onNode(f *ast.Field) bool {
	d := f.ObjectDefinition
	if d == nil {
		return false
	}
	return d.Name == "Node" || slices.Contains(d.Interfaces, "Node")
}

// fieldProjection returns the projection of the nodes that the field being
// resolved returns (a list of nodes, or a connection of them): what its
// selection reads, down to the next level.
func (l *loaders) fieldProjection(ctx context.Context) *graph.Projection {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil
	}
	return l.projection(fc.Field.Selections, false)
}

// leadsToLevel reports whether field name of type typ reads relationships
// of the node it is on, so that what is selected under it is read by the
// next level's plan.
func leadsToLevel(typ, name string) bool {
	if name == "relationships" {
		return true
	}
	key := typ + "." + name
	if alias, ok := plannedFields[key]; ok {
		key = alias
	}
	_, ok := linkFields[key]
	return ok
}
