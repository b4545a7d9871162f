package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// The levels of M49 regions (a Region's level property).
const (
	LevelRegion             = "REGION"
	LevelSubregion          = "SUBREGION"
	LevelIntermediateRegion = "INTERMEDIATE_REGION"
)

// regionCodeProps gives, per level, the State property holding the code of
// its region at that level.
var regionCodeProps = map[string]string{
	LevelRegion:             "regionCode",
	LevelSubregion:          "subregionCode",
	LevelIntermediateRegion: "intermediateRegionCode",
}

// checkLevel returns graph.Invalid unless level is one of the region levels.
func checkLevel(level string) error {
	if _, ok := regionCodeProps[level]; !ok {
		return graph.Errorf(graph.Invalid, "level: unknown region level %q (allowed: %s, %s, %s)", level, LevelRegion, LevelSubregion, LevelIntermediateRegion)
	}
	return nil
}

// StateRegion returns the ID of the region of State n at level (REGION,
// SUBREGION or INTERMEDIATE_REGION), "" when it has none at that level or
// the level is unknown.
func StateRegion(n *graph.Node, level string) graph.ID {
	prop, ok := regionCodeProps[level]
	if !ok || n == nil {
		return ""
	}
	code := n.Props.String(prop)
	if code == "" {
		return ""
	}
	return graph.NewID(graph.KindRegion, code)
}

// RegionCount is the number of Member States of one region, and of its
// Member States that had acted on an instrument.
type RegionCount struct {
	// Region is the Region node.
	Region *graph.Node
	// MemberStates is the number of Member States in it.
	MemberStates int
	// Parties is the number of them that were party to the instrument as of
	// the date (0 when no instrument was asked about).
	Parties int
	// Signatories is the number of them that had signed the instrument but
	// were not party to it as of the date.
	Signatories int
}

// RegionCounts counts the Member States of each region of level (REGION,
// SUBREGION or INTERMEDIATE_REGION), by region code, and, when instrument is
// not empty, how many of them were party to it, or had only signed it, as of
// asOf ("" for today). A State is in the region its properties name at that
// level (the regionCode, subregionCode or intermediateRegionCode of the
// Member States table).
//
// It makes at most four store calls. A bad level or asOf is graph.Invalid;
// so is an instrument that did not exist yet as of asOf; an unknown
// instrument is graph.NotFound.
func RegionCounts(ctx context.Context, s graph.Reader, level string, instrument graph.ID, asOf string) ([]RegionCount, error) {
	if err := checkLevel(level); err != nil {
		return nil, err
	}
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	status := map[graph.ID]string{} // State → "party" or "signatory"
	if instrument != "" {
		if status, err = participationStatus(ctx, s, instrument, asOf); err != nil {
			return nil, err
		}
	}
	regions, err := s.FindNodes(ctx, graph.NodeQuery{
		Kind: graph.KindRegion, Where: []graph.Cond{{Props: []string{"level"}, Op: graph.OpEq, Value: level}}, Limit: allNodes,
	})
	if err != nil {
		return nil, fmt.Errorf("region counts: regions: %w", err)
	}
	states, err := s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindState, Related: []graph.RelCond{memberStates}, Limit: allNodes})
	if err != nil {
		return nil, fmt.Errorf("region counts: member states: %w", err)
	}
	out := make([]RegionCount, len(regions.Nodes))
	index := make(map[graph.ID]int, len(regions.Nodes))
	for i, r := range regions.Nodes {
		out[i].Region = r
		index[r.ID] = i
	}
	for _, st := range states.Nodes {
		i, ok := index[StateRegion(st, level)]
		if !ok {
			continue
		}
		out[i].MemberStates++
		switch status[st.ID] {
		case statusParty:
			out[i].Parties++
		case statusSignatory:
			out[i].Signatories++
		}
	}
	return out, nil
}

// The participation statuses participationStatus returns.
const (
	statusParty     = "party"
	statusSignatory = "signatory"
)

// participationStatus loads an instrument and its actions (two store calls)
// and returns, per State that had acted on it as of asOf, whether it was a
// party or only a signatory.
func participationStatus(ctx context.Context, s graph.Reader, instrument graph.ID, asOf string) (map[graph.ID]string, error) {
	inst, err := loadInstrument(ctx, s, instrument)
	if err != nil {
		return nil, err
	}
	if !InstrumentExists(inst, asOf) {
		return nil, instrumentNotYet(inst, asOf)
	}
	rels, err := s.Relationships(ctx, []graph.ID{inst.ID}, participationQuery(graph.In))
	if err != nil {
		return nil, fmt.Errorf("actions on %s: %w", inst.ID, err)
	}
	return statusOf(ActionsAsOf(rels[inst.ID], map[graph.ID]*graph.Node{inst.ID: inst}, asOf)), nil
}

// statusOf returns, per State among actions (on one instrument), whether it
// was a party or only a signatory.
func statusOf(actions []Action) map[graph.ID]string {
	out := map[graph.ID]string{}
	for _, a := range actions {
		switch {
		case a.MakesParty():
			out[a.State] = statusParty
		case out[a.State] == "":
			out[a.State] = statusSignatory
		}
	}
	return out
}

// InstrumentCount is the number of parties and signatories of an instrument.
type InstrumentCount struct {
	// Instrument is the Instrument node.
	Instrument *graph.Node
	// Date is the date it exists from (see InstrumentDate), "" when unknown.
	Date string
	// Parties is the number of States party to it as of the date asked.
	Parties int
	// Signatories is the number of States that had signed it but were not
	// party to it as of the date asked.
	Signatories int
}

// InstrumentCounts counts the parties and the mere signatories of every
// instrument that existed as of asOf ("" for today), by key; an instrument
// adopted after asOf is left out (as of 2011-12-19 there are 18 universal
// counter-terrorism instruments, not 19). family, when not empty, keeps only
// the instruments of that family (COUNTER_TERRORISM, ORGANIZED_CRIME).
//
// It makes two store calls. A bad asOf or family is graph.Invalid.
func InstrumentCounts(ctx context.Context, s graph.Reader, family string, asOf string) ([]InstrumentCount, error) {
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	q := graph.NodeQuery{Kind: graph.KindInstrument, Limit: allNodes}
	if family != "" {
		if !slices.Contains(instrumentFamilies, family) {
			return nil, graph.Errorf(graph.Invalid, "family: unknown instrument family %q (allowed: %s)", family, strings.Join(instrumentFamilies, ", "))
		}
		q.Where = []graph.Cond{{Props: []string{"family"}, Op: graph.OpEq, Value: family}}
	}
	page, err := s.FindNodes(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("instrument counts: instruments: %w", err)
	}
	instruments := map[graph.ID]*graph.Node{}
	var ids []graph.ID
	for _, n := range page.Nodes {
		if InstrumentExists(n, asOf) {
			instruments[n.ID] = n
			ids = append(ids, n.ID)
		}
	}
	out := make([]InstrumentCount, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rels, err := s.Relationships(ctx, ids, participationQuery(graph.In))
	if err != nil {
		return nil, fmt.Errorf("instrument counts: actions: %w", err)
	}
	for _, id := range ids {
		c := InstrumentCount{Instrument: instruments[id], Date: InstrumentDate(instruments[id])}
		for _, st := range statusOf(ActionsAsOf(rels[id], instruments, asOf)) {
			if st == statusParty {
				c.Parties++
			} else {
				c.Signatories++
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// CrimeTypeCount is the number of instruments, paragraphs, programmes and
// activities connected to a crime type.
type CrimeTypeCount struct {
	// CrimeType is the CrimeType node.
	CrimeType *graph.Node
	// Instruments is the number of instruments that address it (ADDRESSES).
	Instruments int
	// Paragraphs is the number of paragraphs that concern it (CONCERNS).
	Paragraphs int
	// Programmes and Activities are the numbers of those that target it
	// (TARGETS).
	Programmes, Activities int
}

// CrimeTypeCounts counts, for every crime type, by English name then ID,
// the instruments that address it, the paragraphs that concern it and the
// programmes and activities that target it, as of asOf ("" for today), with
// the dates of CrimeLinks: instruments by their date, paragraphs by the
// adoption of their resolution, programmes and activities by their start.
//
// It makes four store calls. A bad asOf is graph.Invalid.
func CrimeTypeCounts(ctx context.Context, s graph.Reader, asOf string) ([]CrimeTypeCount, error) {
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	page, err := s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindCrimeType, OrderBy: "nameEn", Limit: allNodes})
	if err != nil {
		return nil, fmt.Errorf("crime type counts: crime types: %w", err)
	}
	out := make([]CrimeTypeCount, len(page.Nodes))
	if len(page.Nodes) == 0 {
		return out, nil
	}
	ids := make([]graph.ID, len(page.Nodes))
	for i, n := range page.Nodes {
		ids[i] = n.ID
		out[i].CrimeType = n
	}
	connected, err := s.Relationships(ctx, ids, crimeConnectionQuery)
	if err != nil {
		return nil, fmt.Errorf("crime type counts: what connects to them: %w", err)
	}
	var others []graph.ID
	for _, rs := range connected {
		for _, r := range rs {
			others = append(others, r.From)
		}
	}
	nodes, err := nodesByID(ctx, s, others)
	if err != nil {
		return nil, fmt.Errorf("crime type counts: nodes: %w", err)
	}
	dates, err := newResolutionDates(ctx, s, nodes, nil)
	if err != nil {
		return nil, fmt.Errorf("crime type counts: %w", err)
	}
	for i, id := range ids {
		seen := map[graph.ID]bool{}
		for _, r := range connected[id] {
			n := nodes[r.From]
			if n == nil || seen[n.ID] || !OnOrBefore(connectionDate(n, dates), asOf) {
				continue
			}
			seen[n.ID] = true
			switch n.Kind {
			case graph.KindInstrument:
				out[i].Instruments++
			case graph.KindParagraph:
				out[i].Paragraphs++
			case graph.KindProgramme:
				out[i].Programmes++
			case graph.KindActivity:
				out[i].Activities++
			}
		}
	}
	return out, nil
}

// ProgrammeCount is the number of activities of a programme and of the
// States it benefits.
type ProgrammeCount struct {
	// Programme is the Programme node.
	Programme *graph.Node
	// Activities is the number of its activities (IN_PROGRAMME) begun by
	// the date asked.
	Activities int
	// BeneficiaryStates is the number of distinct States that the programme
	// or those activities benefit (BENEFITS), directly or through a region
	// they are in.
	BeneficiaryStates int
}

// ProgrammeCounts counts, for every programme begun as of asOf ("" for
// today), by English name then ID, its activities begun by then and the
// States they or the programme benefit. A programme or an activity without a
// start date counts at every date.
//
// It makes at most five store calls. A bad asOf is graph.Invalid.
func ProgrammeCounts(ctx context.Context, s graph.Reader, asOf string) ([]ProgrammeCount, error) {
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	page, err := s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindProgramme, OrderBy: "nameEn", Limit: allNodes})
	if err != nil {
		return nil, fmt.Errorf("programme counts: programmes: %w", err)
	}
	var programmes []*graph.Node
	var ids []graph.ID
	for _, n := range page.Nodes {
		if OnOrBefore(n.Props.String("startDate"), asOf) {
			programmes = append(programmes, n)
			ids = append(ids, n.ID)
		}
	}
	out := make([]ProgrammeCount, len(programmes))
	if len(programmes) == 0 {
		return out, nil
	}
	in, err := s.Relationships(ctx, ids, graph.RelQuery{
		Dir: graph.In, Types: []graph.RelType{graph.RelPartOfProgramme}, OtherKinds: []graph.NodeKind{graph.KindActivity},
	})
	if err != nil {
		return nil, fmt.Errorf("programme counts: activities: %w", err)
	}
	var activityIDs []graph.ID
	for _, rs := range in {
		for _, r := range rs {
			activityIDs = append(activityIDs, r.From)
		}
	}
	activities, err := nodesByID(ctx, s, activityIDs)
	if err != nil {
		return nil, fmt.Errorf("programme counts: activities: %w", err)
	}
	begun := func(id graph.ID) bool {
		n := activities[id]
		return n != nil && OnOrBefore(n.Props.String("startDate"), asOf)
	}
	givers := append([]graph.ID(nil), ids...) // the programmes and their activities begun
	for id := range activities {
		if begun(id) {
			givers = append(givers, id)
		}
	}
	benefits, err := s.Relationships(ctx, uniqueIDs(givers), graph.RelQuery{
		Dir: graph.Out, Types: []graph.RelType{graph.RelBenefits}, OtherKinds: []graph.NodeKind{graph.KindState, graph.KindRegion},
	})
	if err != nil {
		return nil, fmt.Errorf("programme counts: beneficiaries: %w", err)
	}
	statesOf, err := regionStates(ctx, s, benefits)
	if err != nil {
		return nil, fmt.Errorf("programme counts: %w", err)
	}
	for i, p := range programmes {
		out[i].Programme = p
		states := map[graph.ID]bool{}
		add := func(giver graph.ID) {
			for _, b := range benefits[giver] {
				if b.To.Kind() == graph.KindState {
					states[b.To] = true
				}
				for _, st := range statesOf[b.To] {
					states[st] = true
				}
			}
		}
		add(p.ID)
		seen := map[graph.ID]bool{}
		for _, r := range in[p.ID] {
			if !begun(r.From) || seen[r.From] {
				continue
			}
			seen[r.From] = true
			out[i].Activities++
			add(r.From)
		}
		out[i].BeneficiaryStates = len(states)
	}
	return out, nil
}

// regionStates returns, for the regions among the ends of benefits, the
// States in each (IN_REGION), in one store call (none when there is no
// region).
func regionStates(ctx context.Context, s graph.Reader, benefits map[graph.ID][]*graph.Relationship) (map[graph.ID][]graph.ID, error) {
	var regions []graph.ID
	for _, rs := range benefits {
		for _, r := range rs {
			if r.To.Kind() == graph.KindRegion {
				regions = append(regions, r.To)
			}
		}
	}
	out := map[graph.ID][]graph.ID{}
	if regions = uniqueIDs(regions); len(regions) == 0 {
		return out, nil
	}
	m, err := s.Relationships(ctx, regions, graph.RelQuery{
		Dir: graph.In, Types: []graph.RelType{graph.RelInRegion}, OtherKinds: []graph.NodeKind{graph.KindState},
	})
	if err != nil {
		return nil, fmt.Errorf("states of regions: %w", err)
	}
	for region, rs := range m {
		for _, r := range rs {
			out[region] = append(out[region], r.From)
		}
	}
	return out, nil
}

// instrumentFamilies are the values of an instrument's family property.
var instrumentFamilies = []string{"COUNTER_TERRORISM", "ORGANIZED_CRIME"}
