package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/textfold"
)

// MemberStatesGroup is the group whose members are the Member States of the
// United Nations.
const MemberStatesGroup graph.ID = "Group:member-states"

// memberStates is the condition that a State is a Member State.
var memberStates = graph.RelCond{Type: graph.RelMemberOf, Dir: graph.Out, Other: MemberStatesGroup}

// StateRegionCond returns the condition on a State's properties that holds
// when it is in the M49 region, sub-region or intermediate region region,
// named by its code (011) or English name (Western Africa), ignoring case and
// accents: the same properties the states filter of the API compares.
func StateRegionCond(region string) graph.Cond {
	return graph.Cond{
		Props: []string{
			"regionCode", "regionName", "subregionCode", "subregionName",
			"intermediateRegionCode", "intermediateRegionName",
		},
		Op:    graph.OpEqFold,
		Value: strings.TrimSpace(region),
	}
}

// FindRegion returns the M49 region, sub-region or intermediate region with
// the code or English name region, ignoring case and accents, in one
// FindNodes call: it is the one place an argument naming a region is
// resolved. levels are the levels the argument takes (LevelRegion,
// LevelSubregion, LevelIntermediateRegion); any level when none is given.
//
// A region that is not there, or not of one of levels, is graph.Invalid,
// with a message that names the argument arg and what was asked, and then
// the level of the region it names, or the allowed region whose name or
// code is closest to it, or the allowed regions when there are a few, or
// where to find them all. That message costs a second call, made only then.
func FindRegion(ctx context.Context, s graph.Reader, arg, region string, levels ...string) (*graph.Node, error) {
	region = strings.TrimSpace(region)
	if region == "" {
		return nil, graph.Errorf(graph.Invalid, "%s: empty; give an M49 code (011) or English name (Western Africa), or omit it", arg)
	}
	page, err := s.FindNodes(ctx, graph.NodeQuery{
		Kind:  graph.KindRegion,
		Where: []graph.Cond{{Props: []string{"code", "nameEn"}, Op: graph.OpEqFold, Value: region}},
		Limit: 1,
	})
	if err != nil {
		return nil, fmt.Errorf("find region %q: %w", region, err)
	}
	var found *graph.Node
	if len(page.Nodes) > 0 {
		found = page.Nodes[0]
		if len(levels) == 0 || slices.Contains(levels, found.Props.String("level")) {
			return found, nil
		}
	}
	return nil, regionError(ctx, s, arg, region, found, levels)
}

// fewRegions is the most allowed regions a message lists.
const fewRegions = 10

// levelNames names each region level in messages.
var levelNames = map[string]string{
	LevelRegion: "region", LevelSubregion: "sub-region", LevelIntermediateRegion: "intermediate region",
}

// regionError returns the graph.Invalid error of argument arg, whose value
// region names found, a region of none of levels, or no region (found nil).
func regionError(ctx context.Context, s graph.Reader, arg, region string, found *graph.Node, levels []string) error {
	page, err := s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindRegion, Limit: allNodes})
	if err != nil {
		return fmt.Errorf("find region %q: every region: %w", region, err)
	}
	var allowed []*graph.Node
	for _, n := range page.Nodes {
		if len(levels) == 0 || slices.Contains(levels, n.Props.String("level")) {
			allowed = append(allowed, n)
		}
	}
	slices.SortFunc(allowed, func(a, b *graph.Node) int {
		return cmp.Or(cmp.Compare(a.Props.String("nameEn"), b.Props.String("nameEn")), cmp.Compare(a.ID, b.ID))
	})
	what := "M49 region, sub-region or intermediate region"
	if len(levels) > 0 {
		names := make([]string, len(levels))
		for i, l := range levels {
			names[i] = levelNames[l]
		}
		what = "M49 " + strings.Join(names, " or ")
	}
	list := func() string {
		if len(allowed) > fewRegions || len(allowed) == 0 {
			return "the regions query lists every code, name and level"
		}
		names := make([]string, len(allowed))
		for i, n := range allowed {
			names[i] = RegionName(n)
		}
		return "want one of " + strings.Join(names, ", ")
	}
	if found != nil {
		kinds := strings.TrimPrefix(what, "M49 ")
		article := "a"
		if strings.HasPrefix(kinds, "i") {
			article = "an"
		}
		return graph.Errorf(graph.Invalid, "%s: %q names the M49 %s %s, not %s %s; %s",
			arg, region, levelNames[found.Props.String("level")], RegionName(found), article, kinds, list())
	}
	keys := make([]string, 0, 2*len(allowed))
	for _, n := range allowed {
		keys = append(keys, n.Props.String("nameEn"))
	}
	for _, n := range allowed {
		keys = append(keys, n.Props.String("code"))
	}
	hint := list()
	if i := textfold.Closest(region, keys); i >= 0 {
		hint = "did you mean " + RegionName(allowed[i%len(allowed)]) + "?"
	}
	return graph.Errorf(graph.Invalid, "%s: no %s has the code or English name %q; %s", arg, what, region, hint)
}

// RegionName returns the English name and the code of a Region node, as
// messages name it: Western Africa (011).
func RegionName(n *graph.Node) string {
	return fmt.Sprintf("%s (%s)", n.Props.String("nameEn"), n.Props.String("code"))
}

// Gaps is the answer of ParticipationGaps.
type Gaps struct {
	// Instrument is the instrument asked about.
	Instrument *graph.Node
	// AsOf is the date asked as of (today when none was given).
	AsOf string
	// Region is the region the States were taken from, nil for all of them.
	Region *graph.Node
	// MemberStates is the number of Member States considered (those of
	// Region, or all).
	MemberStates int
	// States are the Member States that were not party to the instrument as
	// of AsOf, by English name, then ID.
	States []Gap
}

// Gap is a Member State that was not party to an instrument as of a date.
type Gap struct {
	// State is the State node.
	State *graph.Node
	// Signatures are what it had done short of becoming party, dated on or
	// before the date (signatures: any other action would have made it a
	// party), chronologically.
	Signatures []Action
	// Assistance is the technical assistance it had received for the
	// instrument: the activities that target the instrument and benefit the
	// State or a region it is in, begun on or before the date, by start date
	// then activity ID, then beneficiary.
	Assistance []Assistance
}

// Assistance is an activity that targets an instrument and benefits a State,
// directly or through a region the State is in.
type Assistance struct {
	// Activity is the Activity node.
	Activity *graph.Node
	// Targets is its TARGETS relationship to the instrument.
	Targets *graph.Relationship
	// Benefits is its BENEFITS relationship to the State, or to a region
	// the State is in.
	Benefits *graph.Relationship
}

// ParticipationGaps returns the Member States (the members of
// Group:member-states) that were not party to the instrument as of asOf (""
// for today; see ResolveAsOf), optionally only those in region (an M49
// region, sub-region or intermediate region, by code or English name, at any
// level, ignoring case and accents), each with its signatures and the
// assistance it had received for the instrument by then.
//
// A State is party when one of its actions dated on or before asOf makes it
// one (graph.MakesParty): a signature alone does not. An activity counts when
// it began on or before asOf; an action or an activity without a date
// counts at every date.
//
// It makes a fixed number of store calls (at most eight: the instrument, the
// region, the States, the instrument's actions, the activities that target
// it, their nodes, their beneficiaries and the States of the regions they
// benefit), however many States there are.
//
// An ID that is not an instrument's is graph.Invalid and an unknown
// instrument graph.NotFound; an instrument adopted (or, failing an adoption
// date, opened for signature) after asOf did not exist yet and is
// graph.Invalid, with a message that says when it was; an unknown region or a
// bad asOf is graph.Invalid.
func ParticipationGaps(ctx context.Context, s graph.Reader, instrument graph.ID, region string, asOf string) (*Gaps, error) {
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	inst, err := loadInstrument(ctx, s, instrument)
	if err != nil {
		return nil, err
	}
	if !InstrumentExists(inst, asOf) {
		return nil, instrumentNotYet(inst, asOf)
	}
	out := &Gaps{Instrument: inst, AsOf: asOf, States: []Gap{}}

	q := graph.NodeQuery{Kind: graph.KindState, Related: []graph.RelCond{memberStates}, OrderBy: "nameEn", Limit: allNodes}
	if region != "" {
		if out.Region, err = FindRegion(ctx, s, "region", region); err != nil {
			return nil, err
		}
		q.Where = []graph.Cond{StateRegionCond(region)}
	}
	page, err := s.FindNodes(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("participation gaps: member states: %w", err)
	}
	out.MemberStates = len(page.Nodes)

	rels, err := s.Relationships(ctx, []graph.ID{inst.ID}, participationQuery(graph.In))
	if err != nil {
		return nil, fmt.Errorf("participation gaps: actions on %s: %w", inst.ID, err)
	}
	instruments := map[graph.ID]*graph.Node{inst.ID: inst}
	byState := map[graph.ID][]Action{}
	for _, a := range ActionsAsOf(rels[inst.ID], instruments, asOf) {
		byState[a.State] = append(byState[a.State], a)
	}

	assistance, err := assistanceFor(ctx, s, inst.ID, asOf)
	if err != nil {
		return nil, err
	}

	for _, st := range page.Nodes {
		actions := byState[st.ID]
		if len(PartyActions(actions)) > 0 {
			continue
		}
		slices.SortFunc(actions, CompareActions)
		out.States = append(out.States, Gap{State: st, Signatures: actions, Assistance: assistance.of(st.ID)})
	}
	return out, nil
}

// loadInstrument returns the instrument with id: graph.Invalid for an ID
// that is not an instrument's, graph.NotFound when there is none.
func loadInstrument(ctx context.Context, s graph.Reader, id graph.ID) (*graph.Node, error) {
	kind, _, err := graph.ParseID(id)
	if err != nil || kind != graph.KindInstrument {
		return nil, graph.Errorf(graph.Invalid, "instrument: %q is not the ID of an instrument; want Instrument:KEY, e.g. Instrument:CT17", string(id))
	}
	nodes, err := s.Nodes(ctx, []graph.ID{id})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	if len(nodes) != 1 || nodes[0] == nil {
		return nil, graph.Errorf(graph.NotFound, "no instrument %s (the keys are CT01…CT19 and OC01…OC04)", id.Key())
	}
	return nodes[0], nil
}

// assistanceIndex holds the assistance given for one instrument, by the
// State that benefits, directly or through a region.
type assistanceIndex map[graph.ID][]Assistance

// of returns the assistance State id received, in order.
func (ix assistanceIndex) of(id graph.ID) []Assistance {
	if len(ix[id]) == 0 {
		return []Assistance{}
	}
	return ix[id]
}

// assistanceFor collects the activities that target the instrument and began
// on or before asOf, and indexes them by the States they benefit: directly,
// or through a region (the States IN_REGION of it). Four store calls at most.
func assistanceFor(ctx context.Context, s graph.Reader, instrument graph.ID, asOf string) (assistanceIndex, error) {
	ix := assistanceIndex{}
	targeted, err := s.Relationships(ctx, []graph.ID{instrument}, graph.RelQuery{
		Dir: graph.In, Types: []graph.RelType{graph.RelTargets}, OtherKinds: []graph.NodeKind{graph.KindActivity},
	})
	if err != nil {
		return nil, fmt.Errorf("participation gaps: activities targeting %s: %w", instrument, err)
	}
	targets := map[graph.ID]*graph.Relationship{}
	var activityIDs []graph.ID
	for _, r := range targeted[instrument] {
		if _, dup := targets[r.From]; !dup {
			targets[r.From] = r
			activityIDs = append(activityIDs, r.From)
		}
	}
	if len(activityIDs) == 0 {
		return ix, nil
	}
	activities, err := nodesByID(ctx, s, activityIDs)
	if err != nil {
		return nil, fmt.Errorf("participation gaps: activities: %w", err)
	}
	activityIDs = slices.DeleteFunc(activityIDs, func(id graph.ID) bool {
		n := activities[id]
		return n == nil || !OnOrBefore(n.Props.String("startDate"), asOf)
	})
	if len(activityIDs) == 0 {
		return ix, nil
	}
	benefits, err := s.Relationships(ctx, activityIDs, graph.RelQuery{
		Dir: graph.Out, Types: []graph.RelType{graph.RelBenefits}, OtherKinds: []graph.NodeKind{graph.KindState, graph.KindRegion},
	})
	if err != nil {
		return nil, fmt.Errorf("participation gaps: beneficiaries: %w", err)
	}
	inRegion, err := regionStates(ctx, s, benefits)
	if err != nil {
		return nil, fmt.Errorf("participation gaps: %w", err)
	}
	for _, id := range activityIDs {
		for _, b := range benefits[id] {
			a := Assistance{Activity: activities[id], Targets: targets[id], Benefits: b}
			if b.To.Kind() == graph.KindState {
				ix[b.To] = append(ix[b.To], a)
				continue
			}
			for _, st := range inRegion[b.To] {
				ix[st] = append(ix[st], a)
			}
		}
	}
	for _, list := range ix {
		slices.SortFunc(list, compareAssistance)
	}
	return ix, nil
}

// compareAssistance orders assistance by start date (unknown last), then
// activity ID, then beneficiary.
func compareAssistance(a, b Assistance) int {
	if c := compareDates(a.Activity.Props.String("startDate"), b.Activity.Props.String("startDate")); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Activity.ID), string(b.Activity.ID)); c != 0 {
		return c
	}
	return graph.CompareIdentity(a.Benefits, b.Benefits)
}
