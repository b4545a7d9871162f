package resolvers

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/schema"
)

// The treaty-participation fields of State and Instrument go through the
// request's dataloaders, so that a list of States or instruments with their
// participation costs one store call per level (the PARTICIPATES_IN
// relationships of the whole list, then the nodes at their other ends), not
// one per item; the analysis package decides what counts as of a date.

// asOfDate returns the date an asOf argument asks as of: the date given, or
// today when it is omitted.
func asOfDate(asOf *string) (string, error) {
	if asOf == nil {
		return analysis.ResolveAsOf("")
	}
	return analysis.ResolveAsOf(*asOf)
}

// stateActions returns the treaty actions of State n that count as of
// asOf, ordered by instrument (key), then chronologically, with the
// instrument of each by ID.
func (r *resolver) stateActions(ctx context.Context, n *graph.Node, asOf *string) ([]analysis.Action, map[graph.ID]*graph.Node, error) {
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, nil, err
	}
	spec, err := linkField("State.participation")
	if err != nil {
		return nil, nil, err
	}
	l := r.loaders(ctx)
	edges, err := l.links(ctx, n.ID, spec.query())
	if err != nil {
		return nil, nil, err
	}
	ids := make([]graph.ID, len(edges))
	rels := make([]*graph.Relationship, len(edges))
	for i, e := range edges {
		ids[i], rels[i] = e.To, e.Relationship
	}
	nodes, err := l.nodeList(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	instruments := make(map[graph.ID]*graph.Node, len(nodes))
	for _, in := range nodes {
		if in != nil {
			instruments[in.ID] = in
		}
	}
	actions := analysis.ActionsAsOf(rels, instruments, date)
	sortActions(actions, instruments, func(a analysis.Action) graph.ID { return a.Instrument })
	return actions, instruments, nil
}

// instrumentActions returns the treaty actions on instrument n that count
// as of asOf, ordered by State (English name), then chronologically.
func (r *resolver) instrumentActions(ctx context.Context, n *graph.Node, asOf *string) ([]analysis.Action, error) {
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, err
	}
	spec, err := linkField("Instrument.participation")
	if err != nil {
		return nil, err
	}
	l := r.loaders(ctx)
	edges, err := l.links(ctx, n.ID, spec.query())
	if err != nil {
		return nil, err
	}
	rels := make([]*graph.Relationship, len(edges))
	for i, e := range edges {
		rels[i] = e.Relationship
	}
	actions := analysis.ActionsAsOf(rels, map[graph.ID]*graph.Node{n.ID: n}, date)
	if len(actions) < 2 {
		return actions, nil
	}
	ids := make([]graph.ID, len(actions))
	for i, a := range actions {
		ids[i] = a.State
	}
	nodes, err := l.nodeList(ctx, ids)
	if err != nil {
		return nil, err
	}
	states := make(map[graph.ID]*graph.Node, len(nodes))
	for _, st := range nodes {
		if st != nil {
			states[st.ID] = st
		}
	}
	sortActions(actions, states, func(a analysis.Action) graph.ID { return a.State })
	return actions, nil
}

// sortActions orders actions by the node other names (see compareNodes),
// then chronologically.
func sortActions(actions []analysis.Action, nodes map[graph.ID]*graph.Node, other func(analysis.Action) graph.ID) {
	slices.SortStableFunc(actions, func(a, b analysis.Action) int {
		return cmp.Or(compareNodes(nodes[other(a)], nodes[other(b)]), analysis.CompareActions(a, b))
	})
}

// actionLinks returns the relationships of actions seen from self.
func actionLinks(actions []analysis.Action, self graph.ID) []*graph.Link {
	out := make([]*graph.Link, len(actions))
	for i, a := range actions {
		out[i] = &graph.Link{Relationship: a.Relationship, Self: self}
	}
	return out
}

// partiesByRegion counts the parties of instrument n as of asOf per region
// of level, by region code, leaving out the regions without a party.
func (r *resolver) partiesByRegion(ctx context.Context, n *graph.Node, asOf *string, level *schema.RegionLevel) ([]*schema.RegionCount, error) {
	lvl := schema.RegionLevelRegion
	if level != nil {
		lvl = *level
	}
	actions, err := r.instrumentActions(ctx, n, asOf)
	if err != nil {
		return nil, err
	}
	parties := analysis.PartyActions(actions)
	l := r.loaders(ctx)
	ids := make([]graph.ID, len(parties))
	for i, a := range parties {
		ids[i] = a.State
	}
	states, err := l.nodeList(ctx, ids) // already loaded to sort the actions
	if err != nil {
		return nil, err
	}
	counts := map[graph.ID]int{}
	var regionIDs []graph.ID
	for _, st := range states {
		id := analysis.StateRegion(st, string(lvl))
		if id == "" {
			continue
		}
		if counts[id] == 0 {
			regionIDs = append(regionIDs, id)
		}
		counts[id]++
	}
	slices.Sort(regionIDs)
	if len(ids) > 0 {
		// The regions of every State loaded with these (the parties of the
		// other instruments of the list) come in the same call.
		cohort, err := l.nodeList(ctx, l.cohortOf(ids[0]))
		if err != nil {
			return nil, err
		}
		var all []graph.ID
		for _, st := range cohort {
			if id := analysis.StateRegion(st, string(lvl)); id != "" && !slices.Contains(all, id) {
				all = append(all, id)
			}
		}
		l.remember(all, false)
	}
	regions, err := l.nodeList(ctx, regionIDs)
	if err != nil {
		return nil, err
	}
	out := make([]*schema.RegionCount, 0, len(regions))
	for i, reg := range regions {
		if reg == nil {
			return nil, graph.Errorf(graph.Internal, "region %s of a party to %s is not in the store", regionIDs[i], n.ID)
		}
		out = append(out, &schema.RegionCount{Region: &graph.Region{Node: reg}, StateCount: counts[reg.ID]})
	}
	return out, nil
}

// instrumentArg turns an instrument argument (a key such as CT17, any case,
// or a global ID) into the instrument's ID.
func instrumentArg(name, v string) (graph.ID, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", badInput("%s must not be empty; give an instrument key, e.g. CT17", name)
	}
	if strings.HasPrefix(v, string(graph.KindInstrument)+":") {
		return graph.ID(v), nil
	}
	return graph.NewID(graph.KindInstrument, strings.ToUpper(v)), nil
}

// optionalText returns the trimmed value of an optional text argument, ""
// when it is omitted, and an error when it is given but blank.
func optionalText(name string, v *string, hint string) (string, error) {
	if v == nil {
		return "", nil
	}
	s := strings.TrimSpace(*v)
	if s == "" {
		return "", badInput("%s must not be empty; %s", name, hint)
	}
	return s, nil
}

// primeNodes hands nodes the analysis functions loaded to the request's
// loaders, as one cohort, so that the fields asked of them batch.
func (r *resolver) primeNodes(ctx context.Context, nodes []*graph.Node) {
	r.loaders(ctx).rememberNodes(nodes, true)
}

// gapsOf turns analysis.Gaps into the GraphQL answer.
func gapsOf(g *analysis.Gaps) *schema.ParticipationGaps {
	out := &schema.ParticipationGaps{
		Instrument:       &graph.Instrument{Node: g.Instrument},
		InstrumentDate:   nonEmpty(analysis.InstrumentDate(g.Instrument)),
		AsOf:             g.AsOf,
		MemberStateCount: g.MemberStates,
		TotalCount:       len(g.States),
		States:           make([]*schema.Gap, len(g.States)),
	}
	if g.Region != nil {
		out.Region = &graph.Region{Node: g.Region}
	}
	for i, gap := range g.States {
		sg := &schema.Gap{
			State:      &graph.State{Node: gap.State},
			Signatures: actionLinks(gap.Signatures, gap.State.ID),
			Assistance: make([]*schema.Assistance, len(gap.Assistance)),
		}
		for j, a := range gap.Assistance {
			sg.Assistance[j] = &schema.Assistance{
				Activity: &graph.Activity{Node: a.Activity},
				Targets:  &graph.Link{Relationship: a.Targets, Self: a.Activity.ID},
				Benefits: &graph.Link{Relationship: a.Benefits, Self: a.Activity.ID},
			}
		}
		out.States[i] = sg
	}
	return out
}

// gapNodes returns the nodes of a gaps answer, for the loaders: the States
// first (one cohort), then the rest.
func gapNodes(g *analysis.Gaps) (states, others []*graph.Node) {
	others = append(others, g.Instrument)
	if g.Region != nil {
		others = append(others, g.Region)
	}
	seen := map[graph.ID]bool{}
	for _, gap := range g.States {
		states = append(states, gap.State)
		for _, a := range gap.Assistance {
			if !seen[a.Activity.ID] {
				seen[a.Activity.ID] = true
				others = append(others, a.Activity)
			}
		}
	}
	return states, others
}

// crimeLinkOf turns an analysis.CrimeLink into the GraphQL answer.
func crimeLinkOf(l analysis.CrimeLink) *schema.CrimeLink {
	out := &schema.CrimeLink{
		From:        &graph.CrimeType{Node: l.From},
		To:          &graph.CrimeType{Node: l.To},
		Sources:     make([]*graph.Source, len(l.Statements)),
		Statements:  make([]*schema.LinkStatement, len(l.Statements)),
		Instruments: connectionsOf(l, l.Instruments),
		Programmes:  connectionsOf(l, l.Programmes),
		Activities:  connectionsOf(l, l.Activities),
		Paragraphs:  connectionsOf(l, l.Paragraphs),
	}
	for i, st := range l.Statements {
		src := st.Relationship.Source
		out.Sources[i] = &src
		ls := &schema.LinkStatement{Nature: st.Relationship.Props.StringPtr("nature"), Date: nonEmpty(st.Date), Source: &src}
		if st.Resolution != nil {
			ls.Resolution = &graph.Resolution{Node: st.Resolution}
		}
		out.Statements[i] = ls
	}
	if len(out.Statements) > 0 {
		out.Nature, out.Since = out.Statements[0].Nature, out.Statements[0].Date
	}
	return out
}

// connectionsOf turns the connections of a link into the GraphQL answer.
func connectionsOf(l analysis.CrimeLink, cs []analysis.Connection) []*schema.CrimeConnection {
	out := make([]*schema.CrimeConnection, 0, len(cs))
	for _, c := range cs {
		end := l.From
		if c.Relationship.To == l.To.ID {
			end = l.To
		}
		node, _ := graph.View(c.Node).(graph.NodeView)
		src := c.Relationship.Source
		out = append(out, &schema.CrimeConnection{
			CrimeType: &graph.CrimeType{Node: end},
			Node:      node,
			Type:      string(c.Relationship.Type),
			Date:      nonEmpty(c.Date),
			Source:    &src,
		})
	}
	return out
}

// crimeLinkNodes returns every node of links, without repeats.
func crimeLinkNodes(links []analysis.CrimeLink) []*graph.Node {
	seen := map[graph.ID]bool{}
	var out []*graph.Node
	add := func(n *graph.Node) {
		if n != nil && !seen[n.ID] {
			seen[n.ID] = true
			out = append(out, n)
		}
	}
	for _, l := range links {
		add(l.From)
		add(l.To)
		for _, st := range l.Statements {
			add(st.Resolution)
		}
		for _, cs := range [][]analysis.Connection{l.Instruments, l.Programmes, l.Activities, l.Paragraphs} {
			for _, c := range cs {
				add(c.Node)
			}
		}
	}
	return out
}
