package graph

import (
	"fmt"
	"strings"
)

// NodeKind is the kind (Neo4j label) of a node. The set is closed: only the
// kinds declared here exist, so a kind can safely be used as a label.
type NodeKind string

// The node kinds of the graph.
const (
	KindState      NodeKind = "State"      // a UN Member State, keyed by ISO 3166-1 alpha-3 code
	KindRegion     NodeKind = "Region"     // an M49 region, sub-region or intermediate region, keyed by its 3-digit code
	KindGroup      NodeKind = "Group"      // a collective actor such as "the Member States"
	KindCrimeType  NodeKind = "CrimeType"  // a kind of crime: terrorism, nuclear terrorism, …
	KindInstrument NodeKind = "Instrument" // a treaty, keyed by its id in instruments.csv (CT01…CT19, OC01…OC04)
	KindBody       NodeKind = "Body"       // a UN organ, office or entity (UNODC, CTC, CTED, …)
	KindResolution NodeKind = "Resolution" // a resolution, keyed by its symbol (A/RES/66/178)
	KindParagraph  NodeKind = "Paragraph"  // a paragraph of a resolution (A/RES/66/178/op/9, A/RES/66/178/pp/3)
	KindFootnote   NodeKind = "Footnote"   // a footnote of a resolution (A/RES/66/178/fn/1)
	KindDocument   NodeKind = "Document"   // another document: a strategy, a declaration, a report
	KindConference NodeKind = "Conference" // a diplomatic conference or congress
	KindTopic      NodeKind = "Topic"      // a theme a paragraph names: training, victims, tools and publications, …
	KindProgramme  NodeKind = "Programme"  // a technical assistance programme
	KindActivity   NodeKind = "Activity"   // a technical assistance activity
)

// NodeKinds lists every node kind in a fixed order.
var NodeKinds = []NodeKind{
	KindState, KindRegion, KindGroup, KindCrimeType, KindInstrument, KindBody,
	KindResolution, KindParagraph, KindFootnote, KindDocument, KindConference,
	KindTopic, KindProgramme, KindActivity,
}

// Valid reports whether k is one of the declared node kinds.
func (k NodeKind) Valid() bool {
	for _, v := range NodeKinds {
		if k == v {
			return true
		}
	}
	return false
}

// RelType is the type of a relationship, an UPPER_SNAKE name from a closed
// list, so that it can safely be used as a Neo4j relationship type.
type RelType string

// The relationship types of the graph. The comment on each gives the kinds it
// usually joins.
const (
	RelHasParagraph    RelType = "HAS_PARAGRAPH"    // Resolution → Paragraph
	RelHasFootnote     RelType = "HAS_FOOTNOTE"     // Paragraph → Footnote
	RelAddressedTo     RelType = "ADDRESSED_TO"     // Paragraph → Body or Group it asks something of (props: verb, action, ask)
	RelMentions        RelType = "MENTIONS"         // Paragraph → Body, Group, Conference… it names without asking anything of it (props: role)
	RelConcerns        RelType = "CONCERNS"         // Paragraph → CrimeType, Instrument, Topic, Document it is about
	RelCites           RelType = "CITES"            // Paragraph or Footnote → Resolution or Document (props: how)
	RelAdoptedBy       RelType = "ADOPTED_BY"       // Resolution → Body
	RelAdoptedAt       RelType = "ADOPTED_AT"       // Instrument or Document → Conference (props: votesFor, votesAgainst)
	RelInRegion        RelType = "IN_REGION"        // State → Region (props: level)
	RelPartOf          RelType = "PART_OF"          // Region → Region, Body → Body, Document → Resolution
	RelMemberOf        RelType = "MEMBER_OF"        // State → Group
	RelLinkedTo        RelType = "LINKED_TO"        // CrimeType → CrimeType (props: nature)
	RelAddresses       RelType = "ADDRESSES"        // Instrument → CrimeType
	RelSupplements     RelType = "SUPPLEMENTS"      // Instrument → Instrument
	RelAmends          RelType = "AMENDS"           // Instrument → Instrument
	RelEstablishes     RelType = "ESTABLISHES"      // Resolution or Body → Body
	RelCoordinates     RelType = "COORDINATES_WITH" // Body → Body
	RelDepositary      RelType = "DEPOSITARY_OF"    // Body → Instrument
	RelSubtypeOf       RelType = "SUBTYPE_OF"       // CrimeType → CrimeType
	RelConvenedBy      RelType = "CONVENED_BY"      // Conference → Body
	RelRunsProgramme   RelType = "RUNS"             // Body → Programme
	RelPartOfProgramme RelType = "IN_PROGRAMME"     // Activity → Programme
	RelTargets         RelType = "TARGETS"          // Programme or Activity → CrimeType or Instrument
	RelBenefits        RelType = "BENEFITS"         // Programme or Activity → State or Region
	RelParticipatesIn  RelType = "PARTICIPATES_IN"  // State → Instrument (props: action, date)
	RelProtocolTo      RelType = "PROTOCOL_TO"      // Instrument → the Instrument it is a protocol to
)

// RelTypes lists every relationship type in a fixed order.
var RelTypes = []RelType{
	RelHasParagraph, RelHasFootnote, RelAddressedTo, RelMentions, RelConcerns,
	RelCites, RelAdoptedBy, RelAdoptedAt, RelInRegion, RelPartOf, RelMemberOf,
	RelLinkedTo, RelAddresses, RelSupplements, RelAmends, RelEstablishes,
	RelCoordinates, RelDepositary, RelSubtypeOf, RelConvenedBy, RelRunsProgramme,
	RelPartOfProgramme, RelTargets, RelBenefits, RelParticipatesIn, RelProtocolTo,
}

// Valid reports whether t is one of the declared relationship types.
func (t RelType) Valid() bool {
	for _, v := range RelTypes {
		if t == v {
			return true
		}
	}
	return false
}

// ID is a global node identifier, "Kind:key".
type ID string

// NewID builds the global ID of the node of kind k with key key.
func NewID(k NodeKind, key string) ID { return ID(string(k) + ":" + key) }

// ParseID splits a global ID into its kind and key. It returns an Invalid
// error when the ID is not of the form "Kind:key" with a known kind and a
// non-empty key.
func ParseID(id ID) (NodeKind, string, error) {
	k, key, ok := strings.Cut(string(id), ":")
	if !ok || key == "" {
		return "", "", Errorf(Invalid, "malformed id %q: want Kind:key, e.g. State:FRA", string(id))
	}
	kind := NodeKind(k)
	if !kind.Valid() {
		return "", "", Errorf(Invalid, "unknown kind %q in id %q", k, string(id))
	}
	return kind, key, nil
}

// Kind returns the kind part of the ID, or "" when it is malformed.
func (id ID) Kind() NodeKind {
	k, _, err := ParseID(id)
	if err != nil {
		return ""
	}
	return k
}

// Key returns the key part of the ID, or "" when it is malformed.
func (id ID) Key() string {
	_, key, err := ParseID(id)
	if err != nil {
		return ""
	}
	return key
}

// String returns the ID as a string.
func (id ID) String() string { return string(id) }

// CheckPropName reports whether s is a safe property name: a letter followed
// by letters or digits (camelCase), so it can be used as a Cypher property key.
func CheckPropName(s string) error { return checkName(s) }

func checkName(s string) error {
	if s == "" {
		return fmt.Errorf("empty property name")
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return fmt.Errorf("property name %q: only letters and digits, starting with a letter", s)
		}
	}
	return nil
}
