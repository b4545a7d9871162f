package resolvers

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
)

// bounds is the most items each list field of the schema can return, read
// from the store's statistics (graph.Counts and graph.Degrees) at one time:
// what the cost model multiplies a list's children by when the query does
// not give a first.
type bounds struct {
	at      time.Time // when the statistics were read
	counts  graph.Counts
	degrees graph.Degrees
	lists   map[string]int // by Type.field
	// fallback is set when the store could not answer: every list then
	// counts MaxFirst items.
	fallback bool
}

// fallbackBounds are the bounds used until the store has answered once.
var fallbackBounds = &bounds{fallback: true}

// derivedBounds bound the list fields that are not one relationship of a
// node (those are bounded by linkFields and the degrees), each by what the
// data model says the list is made of, in terms of the store's statistics.
// A field missing here and from linkFields fails TestEveryListFieldIsWeighed.
var derivedBounds = map[string]func(b *bounds) int{
	// The root lists return every node of their kind (or some of them).
	"Query.activities":  nodesOf(graph.KindActivity),
	"Query.bodies":      nodesOf(graph.KindBody),
	"Query.conferences": nodesOf(graph.KindConference),
	"Query.crimeTypes":  nodesOf(graph.KindCrimeType),
	"Query.documents":   nodesOf(graph.KindDocument),
	"Query.groups":      nodesOf(graph.KindGroup),
	"Query.programmes":  nodesOf(graph.KindProgramme),
	"Query.regions":     nodesOf(graph.KindRegion),
	"Query.topics":      nodesOf(graph.KindTopic),
	// A crime link is an ordered pair of crime types with at least one
	// LINKED_TO relationship between them.
	"Query.crimeLinks": relsOf(graph.RelLinkedTo),
	// One item per node kind, per relationship type.
	"Counts.nodes":         func(*bounds) int { return len(graph.NodeKinds) },
	"Counts.relationships": func(*bounds) int { return len(graph.RelTypes) },

	// The treaty actions of a State, of an instrument, some of them.
	"State.partyTo":      linkBound("State.participation"),
	"Instrument.parties": linkBound("Instrument.participation"),
	// At most one count per region.
	"Instrument.partiesByRegion": nodesOf(graph.KindRegion),

	// A resolution's paragraphs, their footnotes and what they cite and ask.
	"Resolution.footnotes": func(b *bounds) int {
		return b.link("Resolution.paragraphs") * b.link("Paragraph.footnotes")
	},
	"Resolution.cites": func(b *bounds) int {
		p := b.link("Resolution.paragraphs")
		return p*b.link("Paragraph.cites") + p*b.link("Paragraph.footnotes")*b.link("Footnote.cites")
	},
	"Resolution.asks": func(b *bounds) int {
		return b.link("Resolution.paragraphs") * b.link("Paragraph.addressedTo")
	},

	// A crime link's statements (one source each) are the LINKED_TO
	// relationships from one of its ends to the other.
	"CrimeLink.statements": parallelOf(graph.RelLinkedTo),
	"CrimeLink.sources":    parallelOf(graph.RelLinkedTo),
	// Its connections are some of what ADDRESSES, CONCERNS or TARGETS either end.
	"CrimeLink.instruments": crimeConnections,
	"CrimeLink.programmes":  crimeConnections,
	"CrimeLink.activities":  crimeConnections,
	"CrimeLink.paragraphs":  crimeConnections,

	// Member States not party; each one's signatures (some of its treaty
	// actions on the instrument: PARTICIPATES_IN relationships from the
	// State to the instrument) and assistance: an activity targeting the
	// instrument, with one of its BENEFITS relationships.
	"ParticipationGaps.states": nodesOf(graph.KindState),
	"Gap.signatures":           parallelOf(graph.RelParticipatesIn),
	"Gap.assistance": func(b *bounds) int {
		return b.degrees.Max(graph.KindInstrument, graph.RelTargets, graph.In) * b.degrees.Max(graph.KindActivity, graph.RelBenefits, graph.Out)
	},

	// One row per region, instrument, crime type, programme.
	"Statistics.byRegion":     nodesOf(graph.KindRegion),
	"Statistics.byInstrument": nodesOf(graph.KindInstrument),
	"Statistics.byCrimeType":  nodesOf(graph.KindCrimeType),
	"Statistics.byProgramme":  nodesOf(graph.KindProgramme),
}

// crimeConnections bounds the connections of a crime link: what ADDRESSES,
// CONCERNS or TARGETS one of its two ends.
func crimeConnections(b *bounds) int {
	n := 0
	for _, t := range []graph.RelType{graph.RelAddresses, graph.RelConcerns, graph.RelTargets} {
		n += b.degrees.Max(graph.KindCrimeType, t, graph.In)
	}
	return 2 * n
}

// nodesOf bounds a list by the number of nodes of kind k.
func nodesOf(k graph.NodeKind) func(*bounds) int {
	return func(b *bounds) int { return b.counts.Nodes[k] }
}

// relsOf bounds a list by the number of relationships of type t.
func relsOf(t graph.RelType) func(*bounds) int {
	return func(b *bounds) int { return b.counts.Relationships[t] }
}

// parallelOf bounds a list by the most relationships of type t from one
// node to one other.
func parallelOf(t graph.RelType) func(*bounds) int {
	return func(b *bounds) int { return b.degrees.Parallel[t] }
}

// linkBound bounds a list by the bound of the linkFields entry key.
func linkBound(key string) func(*bounds) int {
	return func(b *bounds) int { return b.link(key) }
}

// newBounds computes the bounds of every list field from the store's
// statistics read at time at.
func newBounds(c graph.Counts, d graph.Degrees, at time.Time) *bounds {
	b := &bounds{at: at, counts: c, degrees: d, lists: map[string]int{}}
	for key := range linkFields {
		b.lists[key] = b.link(key)
	}
	for key, f := range derivedBounds {
		b.lists[key] = f(b)
	}
	for _, k := range graph.NodeKinds {
		b.lists[sourcesField(k)] = d.Sources[k]
	}
	return b
}

// sourcesField is the Type.field of the sources of the nodes of kind k
// (every node type has one): bounded by the most sources such a node has.
func sourcesField(k graph.NodeKind) string { return string(k) + ".sources" }

// link returns the bound of the linkFields entry key: the largest degree of
// a node of its kind for its relationship type and direction (the kinds at
// the other end only leave some of them out).
func (b *bounds) link(key string) int {
	spec := linkFields[key]
	kind, _, _ := strings.Cut(key, ".")
	return b.degrees.Max(graph.NodeKind(kind), spec.rel, spec.dir)
}

// list returns the most items the list field key (Type.field) can return,
// and whether the cost model knows that field.
func (b *bounds) list(key string) (int, bool) {
	if b.fallback {
		return MaxFirst, hasBound(key)
	}
	n, ok := b.lists[key]
	return n, ok
}

// hasBound reports whether the field key has a bound in linkFields,
// derivedBounds or as the sources of a node.
func hasBound(key string) bool {
	if _, ok := linkFields[key]; ok {
		return true
	}
	if _, ok := derivedBounds[key]; ok {
		return true
	}
	kind, field, _ := strings.Cut(key, ".")
	return field == "sources" && graph.NodeKind(kind).Valid()
}

// relationships returns the most items the relationships field of a node
// of kind k returns without first, for its arguments: the sum, over the
// types asked (every type when none is), of the largest degree for that
// type in the direction asked. Unknown types and directions are left to
// the resolver, which rejects them.
func (b *bounds) relationships(k graph.NodeKind, args map[string]any) int {
	if b.fallback {
		return MaxFirst
	}
	dir := graph.Both
	if v := args["direction"]; v != nil {
		if d := graph.Direction(fmt.Sprint(v)); d.Valid() {
			dir = d
		}
	}
	var types []graph.RelType
	for _, v := range anyList(args["types"]) {
		if t := graph.RelType(fmt.Sprint(v)); t.Valid() && !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	if len(types) == 0 {
		types = graph.RelTypes
	}
	n := 0
	for _, t := range types {
		n += b.degrees.Max(k, t, dir)
	}
	return n
}

// anyList returns the items of a list argument value.
func anyList(v any) []any {
	switch l := v.(type) {
	case []any:
		return l
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out
	}
	return nil
}
