package graph

// The typed views below give each node kind its own Go type, so that the
// GraphQL layer can bind one object type to each kind while the store keeps
// a single generic Node. A view adds no state: it is the node itself. The
// scalar fields of each type, which only read properties, are its methods
// (fields.go), as are those of Link and Source.

// NodeView is implemented by every typed view of a node.
type NodeView interface {
	// GraphNode returns the node the view wraps.
	GraphNode() *Node
}

// State is the typed view of a KindState node.
type State struct{ *Node }

// Region is the typed view of a KindRegion node.
type Region struct{ *Node }

// Group is the typed view of a KindGroup node.
type Group struct{ *Node }

// CrimeType is the typed view of a KindCrimeType node.
type CrimeType struct{ *Node }

// Instrument is the typed view of a KindInstrument node.
type Instrument struct{ *Node }

// Body is the typed view of a KindBody node.
type Body struct{ *Node }

// Resolution is the typed view of a KindResolution node.
type Resolution struct{ *Node }

// Paragraph is the typed view of a KindParagraph node.
type Paragraph struct{ *Node }

// Footnote is the typed view of a KindFootnote node.
type Footnote struct{ *Node }

// Document is the typed view of a KindDocument node.
type Document struct{ *Node }

// Conference is the typed view of a KindConference node.
type Conference struct{ *Node }

// Topic is the typed view of a KindTopic node.
type Topic struct{ *Node }

// Programme is the typed view of a KindProgramme node.
type Programme struct{ *Node }

// Activity is the typed view of a KindActivity node.
type Activity struct{ *Node }

// GraphNode implements NodeView.
func (v *State) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Region) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Group) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *CrimeType) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Instrument) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Body) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Resolution) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Paragraph) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Footnote) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Document) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Conference) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Topic) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Programme) GraphNode() *Node { return v.Node }

// GraphNode implements NodeView.
func (v *Activity) GraphNode() *Node { return v.Node }

// Link is a relationship seen from one of its ends, the node Self: the
// typed view behind every link, ask, mention or citation of the API.
type Link struct {
	*Relationship
	Self ID
	// Node is the node at the other end when it was read with the
	// relationship (nil otherwise): possibly only the properties its
	// reader asked for (see Projection).
	Node *Node
}

// Direction is OUT when the relationship goes from Self, IN when it comes to it.
func (e Link) Direction() Direction {
	if e.From == e.Self {
		return Out
	}
	return In
}

// NodeID is the ID of the node at the other end from Self.
func (e Link) NodeID() ID { return e.Other(e.Self) }

// View returns the typed view of n for its kind (a *State for a State node,
// and so on), which implements NodeView. It returns nil when n is nil or of
// an unknown kind.
func View(n *Node) any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case KindState:
		return &State{n}
	case KindRegion:
		return &Region{n}
	case KindGroup:
		return &Group{n}
	case KindCrimeType:
		return &CrimeType{n}
	case KindInstrument:
		return &Instrument{n}
	case KindBody:
		return &Body{n}
	case KindResolution:
		return &Resolution{n}
	case KindParagraph:
		return &Paragraph{n}
	case KindFootnote:
		return &Footnote{n}
	case KindDocument:
		return &Document{n}
	case KindConference:
		return &Conference{n}
	case KindTopic:
		return &Topic{n}
	case KindProgramme:
		return &Programme{n}
	case KindActivity:
		return &Activity{n}
	}
	return nil
}
