package graph

// Subgraph is a set of nodes and the relationships between them, in a
// deterministic order (nodes by ID, relationships by identity), ready to draw
// or export. Truncated says that a limit cut it short: more nodes were
// reachable than it holds.
type Subgraph struct {
	Nodes         []*Node
	Relationships []*Relationship
	Truncated     bool
}

// Path is a walk through the graph: Nodes[0] is the start, Nodes[len-1] the
// end, and Relationships[i] joins Nodes[i] and Nodes[i+1] (in either
// direction). Its length is the number of relationships.
type Path struct {
	Nodes         []*Node
	Relationships []*Relationship
}

// Len returns the number of relationships in the path.
func (p Path) Len() int { return len(p.Relationships) }

// Participation actions: what a State can do with respect to an instrument
// (the "action" property of PARTICIPATES_IN, as in the UN Treaty Collection,
// which lists signatories and parties alike as participants). A signature alone does not make a State
// a party; the others do.
const (
	ActionSignature    = "signature"
	ActionRatification = "ratification"
	ActionAccession    = "accession"
	ActionSuccession   = "succession"
	ActionAcceptance   = "acceptance"
	ActionApproval     = "approval"
)

// ParticipationActions lists every participation action.
var ParticipationActions = []string{
	ActionSignature, ActionRatification, ActionAccession, ActionSuccession, ActionAcceptance, ActionApproval,
}

// MakesParty reports whether action makes a State a party to an instrument
// (every action but signature).
func MakesParty(action string) bool {
	switch action {
	case ActionRatification, ActionAccession, ActionSuccession, ActionAcceptance, ActionApproval:
		return true
	}
	return false
}
