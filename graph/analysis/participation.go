package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
)

// Dates. Every fact the analysis functions place in time carries an ISO date
// (YYYY-MM-DD), compared as a string, which is chronological. A question
// "as of" a date counts a fact dated on or before it. A fact whose date the
// graph does not know cannot be placed in time: it counts at every date, and
// its date stays null in the answer so that the reader can see why. An
// instrument is dated by its adoption, or by its opening for signature when
// its adoption date is unknown (CT19 has only the latter).

// Today returns today's date in UTC, the date a question without an asOf
// date is asked as of.
func Today() string { return time.Now().UTC().Format(time.DateOnly) }

// ResolveAsOf checks an asOf date and returns the date to ask as of: asOf
// itself, or Today when it is empty. A date that is not YYYY-MM-DD is
// graph.Invalid.
func ResolveAsOf(asOf string) (string, error) {
	if asOf == "" {
		return Today(), nil
	}
	if _, err := time.Parse(time.DateOnly, asOf); err != nil {
		return "", graph.Errorf(graph.Invalid, "asOf: %q is not a date; want YYYY-MM-DD, e.g. 2011-12-19", asOf)
	}
	return asOf, nil
}

// OnOrBefore reports whether a fact dated date counts as of asOf: its date
// is on or before asOf, or unknown (""), or asOf is empty (no cut-off).
func OnOrBefore(date, asOf string) bool {
	return date == "" || asOf == "" || date <= asOf
}

// InstrumentDate returns the date an instrument exists from: its adoption
// date, else the date it was opened for signature, else "" (unknown).
func InstrumentDate(n *graph.Node) string {
	if n == nil {
		return ""
	}
	if d := n.Props.String("adopted"); d != "" {
		return d
	}
	return n.Props.String("openedForSignature")
}

// InstrumentExists reports whether the instrument n exists as of asOf: it
// was adopted (or opened for signature) on or before asOf, or its date is
// unknown.
func InstrumentExists(n *graph.Node, asOf string) bool {
	return n != nil && OnOrBefore(InstrumentDate(n), asOf)
}

// instrumentNotYet is the graph.Invalid error for a question about an
// instrument as of a date before it existed.
func instrumentNotYet(n *graph.Node, asOf string) error {
	how := "adopted"
	if n.Props.String("adopted") == "" {
		how = "opened for signature"
	}
	return graph.Errorf(graph.Invalid, "%s was %s on %s, after %s: it did not exist yet", n.Key, how, InstrumentDate(n), asOf)
}

// Action is one treaty action of a State on an instrument: a
// PARTICIPATES_IN relationship, with its source.
type Action struct {
	State      graph.ID // the State that acted
	Instrument graph.ID // the instrument it acted on
	// Action is one of graph.ParticipationActions: signature, ratification…
	Action string
	// Date is the date of the action, "" when unknown.
	Date string
	// Source is where the fact comes from.
	Source graph.Source
	// Relationship is the PARTICIPATES_IN relationship it comes from.
	Relationship *graph.Relationship
}

// MakesParty reports whether the action made the State a party.
func (a Action) MakesParty() bool { return graph.MakesParty(a.Action) }

// ActionOf returns the Action of a PARTICIPATES_IN relationship.
func ActionOf(r *graph.Relationship) Action {
	action := r.Props.String("action")
	if action == "" {
		action = r.Key
	}
	return Action{
		State: r.From, Instrument: r.To,
		Action: action, Date: r.Props.String("date"),
		Source: r.Source, Relationship: r,
	}
}

// CompareActions orders actions by date (unknown last), then action, then
// State and instrument, so that a list of them reads as a chronology. It
// returns a negative number when a comes first, a positive one when b does.
func CompareActions(a, b Action) int {
	return cmp.Or(
		compareDates(a.Date, b.Date),
		strings.Compare(a.Action, b.Action),
		strings.Compare(string(a.State), string(b.State)),
		strings.Compare(string(a.Instrument), string(b.Instrument)),
	)
}

// compareDates orders ISO dates, the unknown ("") last.
func compareDates(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(a, b)
}

// ActionsAsOf returns the actions of rels (PARTICIPATES_IN relationships)
// that count as of asOf: the action is dated on or before asOf, and its
// instrument (looked up in instruments, by ID) existed then. An instrument
// missing from instruments does not count. The actions come in the order of
// rels.
func ActionsAsOf(rels []*graph.Relationship, instruments map[graph.ID]*graph.Node, asOf string) []Action {
	var out []Action
	for _, r := range rels {
		if r.Type != graph.RelParticipatesIn {
			continue
		}
		a := ActionOf(r)
		if OnOrBefore(a.Date, asOf) && InstrumentExists(instruments[a.Instrument], asOf) {
			out = append(out, a)
		}
	}
	return out
}

// PartyActions returns, for each (State, instrument) pair among actions,
// the action that made the State a party: the earliest of its actions for
// which graph.MakesParty holds (a signature alone makes no party). Pairs
// come in the order of their first action in actions.
func PartyActions(actions []Action) []Action {
	type pair struct{ state, instrument graph.ID }
	index := map[pair]int{}
	var out []Action
	for _, a := range actions {
		if !a.MakesParty() {
			continue
		}
		p := pair{a.State, a.Instrument}
		i, seen := index[p]
		switch {
		case !seen:
			index[p] = len(out)
			out = append(out, a)
		case CompareActions(a, out[i]) < 0:
			out[i] = a
		}
	}
	return out
}

// allNodes is the Limit of a NodeQuery that wants every match.
const allNodes = math.MaxInt32

// nodesByID fetches ids (repeats and empty IDs dropped) in one Nodes call
// and returns the nodes found, by ID.
func nodesByID(ctx context.Context, s graph.Reader, ids []graph.ID) (map[graph.ID]*graph.Node, error) {
	ids = uniqueIDs(ids)
	out := make(map[graph.ID]*graph.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	nodes, err := s.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		if n != nil {
			out[n.ID] = n
		}
	}
	return out, nil
}

// uniqueIDs returns ids sorted, without repeats or empty IDs.
func uniqueIDs(ids []graph.ID) []graph.ID {
	out := slices.DeleteFunc(slices.Clone(ids), func(id graph.ID) bool { return id == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

// participationQuery returns the query for the PARTICIPATES_IN
// relationships of States (dir Out) or of instruments (dir In).
func participationQuery(dir graph.Direction) graph.RelQuery {
	other := graph.KindInstrument
	if dir == graph.In {
		other = graph.KindState
	}
	return graph.RelQuery{Dir: dir, Types: []graph.RelType{graph.RelParticipatesIn}, OtherKinds: []graph.NodeKind{other}}
}

// Participation returns every treaty action of each of the States stateIDs
// that counts as of asOf ("" for today; see ResolveAsOf): dated on or before
// it, on an instrument that existed then. Each State's actions come by
// instrument ID, then chronologically; a State without any has no entry.
//
// It makes one Relationships call for all the States and one Nodes call for
// the instruments they acted on, however many there are. A bad asOf is
// graph.Invalid.
func Participation(ctx context.Context, s graph.Reader, stateIDs []graph.ID, asOf string) (map[graph.ID][]Action, error) {
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	out := map[graph.ID][]Action{}
	if len(stateIDs) == 0 {
		return out, nil
	}
	rels, err := s.Relationships(ctx, uniqueIDs(stateIDs), participationQuery(graph.Out))
	if err != nil {
		return nil, fmt.Errorf("participation: %w", err)
	}
	var instrumentIDs []graph.ID
	for _, rs := range rels {
		for _, r := range rs {
			instrumentIDs = append(instrumentIDs, r.To)
		}
	}
	instruments, err := nodesByID(ctx, s, instrumentIDs)
	if err != nil {
		return nil, fmt.Errorf("participation: instruments: %w", err)
	}
	for id, rs := range rels {
		actions := ActionsAsOf(rs, instruments, asOf)
		if len(actions) == 0 {
			continue
		}
		slices.SortFunc(actions, func(a, b Action) int {
			return cmp.Or(strings.Compare(string(a.Instrument), string(b.Instrument)), CompareActions(a, b))
		})
		out[id] = actions
	}
	return out, nil
}

// Parties returns, for each of the instruments instrumentIDs, its parties as
// of asOf ("" for today): one action per party State, the one that made it a
// party (see PartyActions), by State ID. A signature alone makes no party,
// an action dated after asOf does not count, and an instrument adopted after
// asOf has no parties yet. An instrument without parties has no entry.
//
// It makes one Nodes call for the instruments and one Relationships call
// for their actions, however many there are. A bad asOf is graph.Invalid.
func Parties(ctx context.Context, s graph.Reader, instrumentIDs []graph.ID, asOf string) (map[graph.ID][]Action, error) {
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	out := map[graph.ID][]Action{}
	ids := uniqueIDs(instrumentIDs)
	if len(ids) == 0 {
		return out, nil
	}
	instruments, err := nodesByID(ctx, s, ids)
	if err != nil {
		return nil, fmt.Errorf("parties: instruments: %w", err)
	}
	rels, err := s.Relationships(ctx, ids, participationQuery(graph.In))
	if err != nil {
		return nil, fmt.Errorf("parties: %w", err)
	}
	for id, rs := range rels {
		parties := PartyActions(ActionsAsOf(rs, instruments, asOf))
		if len(parties) == 0 {
			continue
		}
		slices.SortFunc(parties, func(a, b Action) int { return strings.Compare(string(a.State), string(b.State)) })
		out[id] = parties
	}
	return out, nil
}
