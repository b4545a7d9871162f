package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// CrimeLink is the link a source draws from one crime type to another
// (LINKED_TO: paragraph 9 of 66/178 between terrorism and related criminal
// activities, its preamble between transnational organized crime and
// terrorism), with what connects to either end.
type CrimeLink struct {
	// From and To are the two crime types, in the direction of the link.
	From, To *graph.Node
	// Statements are the LINKED_TO relationships from From to To that count
	// as of the date asked, each with its nature and source, earliest first.
	Statements []LinkStatement
	// Instruments are the instruments that address either end (ADDRESSES)
	// and existed as of the date.
	Instruments []Connection
	// Programmes and Activities are those that target either end (TARGETS)
	// and had begun by the date.
	Programmes, Activities []Connection
	// Paragraphs are the paragraphs that concern either end (CONCERNS) and
	// belong to a resolution adopted by the date.
	Paragraphs []Connection
}

// LinkStatement is one LINKED_TO relationship, dated by the resolution its
// source belongs to.
type LinkStatement struct {
	// Relationship is the LINKED_TO relationship: its nature property and
	// its source.
	Relationship *graph.Relationship
	// Resolution is the resolution the source paragraph belongs to, nil
	// when the graph does not know it.
	Resolution *graph.Node
	// Date is the resolution's adoption date, "" when unknown.
	Date string
}

// Connection is a node connected to one end of a crime link: an instrument
// that addresses it, a programme or an activity that targets it, a
// paragraph that concerns it.
type Connection struct {
	// Node is the instrument, programme, activity or paragraph.
	Node *graph.Node
	// Relationship joins Node to the crime type (its To): ADDRESSES,
	// TARGETS or CONCERNS, with its source.
	Relationship *graph.Relationship
	// Date is what places Node in time: the instrument's date (see
	// InstrumentDate), the programme's or activity's start date, the
	// adoption date of the paragraph's resolution; "" when unknown.
	Date string
}

// crimeConnectionQuery is the query for what connects to a crime type.
var crimeConnectionQuery = graph.RelQuery{
	Dir:        graph.In,
	Types:      []graph.RelType{graph.RelAddresses, graph.RelConcerns, graph.RelTargets},
	OtherKinds: []graph.NodeKind{graph.KindActivity, graph.KindInstrument, graph.KindParagraph, graph.KindProgramme},
}

// CrimeLinks returns the links between crime types (LINKED_TO) that count
// as of asOf ("" for today; see ResolveAsOf), those of crime only when crime
// is not empty, by the IDs of their ends. A link counts when the resolution
// its source paragraph belongs to was adopted on or before asOf (a source
// that names no resolution the graph knows counts at every date). Each link
// comes with the instruments, programmes, activities and paragraphs
// connected to either end as of asOf: instruments by their date (see
// InstrumentDate), programmes and activities by their start date, paragraphs
// by the adoption of their resolution.
//
// It makes five store calls (the crime types, their links, what connects to
// them, the nodes, the resolutions), however many links there are. A crime
// that is not a crime type's ID is graph.Invalid, an unknown one
// graph.NotFound; a bad asOf is graph.Invalid.
func CrimeLinks(ctx context.Context, s graph.Reader, crime graph.ID, asOf string) ([]CrimeLink, error) {
	asOf, err := ResolveAsOf(asOf)
	if err != nil {
		return nil, err
	}
	ids, err := crimeTypeIDs(ctx, s, crime)
	if err != nil {
		return nil, err
	}
	linked, err := s.Relationships(ctx, ids, graph.RelQuery{
		Dir: graph.Both, Types: []graph.RelType{graph.RelLinkedTo}, OtherKinds: []graph.NodeKind{graph.KindCrimeType},
	})
	if err != nil {
		return nil, fmt.Errorf("crime links: %w", err)
	}
	links := map[string]*graph.Relationship{}
	for _, rs := range linked {
		for _, r := range rs {
			links[r.Identity()] = r
		}
	}
	if len(links) == 0 {
		return []CrimeLink{}, nil
	}

	var ends []graph.ID
	for _, r := range links {
		ends = append(ends, r.From, r.To)
	}
	ends = uniqueIDs(ends)
	connected, err := s.Relationships(ctx, ends, crimeConnectionQuery)
	if err != nil {
		return nil, fmt.Errorf("crime links: what connects to the crime types: %w", err)
	}

	want := slices.Clone(ends)
	for _, r := range links {
		want = append(want, r.Source.Paragraph)
	}
	for _, rs := range connected {
		for _, r := range rs {
			want = append(want, r.From)
		}
	}
	nodes, err := nodesByID(ctx, s, want)
	if err != nil {
		return nil, fmt.Errorf("crime links: nodes: %w", err)
	}
	sources := make([]graph.Source, 0, len(links))
	for _, r := range links {
		sources = append(sources, r.Source)
	}
	dates, err := newResolutionDates(ctx, s, nodes, sources)
	if err != nil {
		return nil, fmt.Errorf("crime links: %w", err)
	}

	// What connects to each crime type, as of asOf.
	conns := map[graph.ID][]Connection{}
	for end, rs := range connected {
		for _, r := range rs {
			n := nodes[r.From]
			if n == nil {
				continue
			}
			c := Connection{Node: n, Relationship: r, Date: connectionDate(n, dates)}
			if OnOrBefore(c.Date, asOf) {
				conns[end] = append(conns[end], c)
			}
		}
	}

	// The statements of each ordered pair of crime types, as of asOf.
	type pair struct{ from, to graph.ID }
	statements := map[pair][]LinkStatement{}
	for _, r := range links {
		st := LinkStatement{Relationship: r}
		st.Resolution, st.Date = dates.of(r.Source)
		if OnOrBefore(st.Date, asOf) {
			p := pair{r.From, r.To}
			statements[p] = append(statements[p], st)
		}
	}

	out := make([]CrimeLink, 0, len(statements))
	for p, sts := range statements {
		from, to := nodes[p.from], nodes[p.to]
		if from == nil || to == nil {
			return nil, graph.Errorf(graph.Internal, "crime links: the crime types %s and %s of a link are not in the store", p.from, p.to)
		}
		slices.SortFunc(sts, func(a, b LinkStatement) int {
			return cmp.Or(compareDates(a.Date, b.Date), graph.CompareIdentity(a.Relationship, b.Relationship))
		})
		l := CrimeLink{From: from, To: to, Statements: sts}
		all := append(slices.Clone(conns[p.from]), conns[p.to]...)
		slices.SortFunc(all, compareConnections)
		for _, c := range all {
			switch c.Node.Kind {
			case graph.KindInstrument:
				l.Instruments = append(l.Instruments, c)
			case graph.KindProgramme:
				l.Programmes = append(l.Programmes, c)
			case graph.KindActivity:
				l.Activities = append(l.Activities, c)
			case graph.KindParagraph:
				l.Paragraphs = append(l.Paragraphs, c)
			}
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b CrimeLink) int {
		return cmp.Or(strings.Compare(string(a.From.ID), string(b.From.ID)), strings.Compare(string(a.To.ID), string(b.To.ID)))
	})
	return out, nil
}

// crimeTypeIDs returns [crime] when it is a known crime type, and the IDs of
// every crime type when crime is empty (one store call either way).
func crimeTypeIDs(ctx context.Context, s graph.Reader, crime graph.ID) ([]graph.ID, error) {
	if crime == "" {
		page, err := s.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindCrimeType, Limit: allNodes})
		if err != nil {
			return nil, fmt.Errorf("crime links: crime types: %w", err)
		}
		ids := make([]graph.ID, len(page.Nodes))
		for i, n := range page.Nodes {
			ids[i] = n.ID
		}
		return ids, nil
	}
	kind, _, err := graph.ParseID(crime)
	if err != nil || kind != graph.KindCrimeType {
		return nil, graph.Errorf(graph.Invalid, "crime: %q is not the ID of a crime type; want CrimeType:key, e.g. CrimeType:terrorism", string(crime))
	}
	nodes, err := s.Nodes(ctx, []graph.ID{crime})
	if err != nil {
		return nil, fmt.Errorf("crime links: load %s: %w", crime, err)
	}
	if len(nodes) != 1 || nodes[0] == nil {
		return nil, graph.Errorf(graph.NotFound, "no crime type %s", crime)
	}
	return []graph.ID{crime}, nil
}

// connectionDate returns the date that places n in time (see Connection).
func connectionDate(n *graph.Node, dates resolutionDates) string {
	switch n.Kind {
	case graph.KindInstrument:
		return InstrumentDate(n)
	case graph.KindProgramme, graph.KindActivity:
		return n.Props.String("startDate")
	case graph.KindParagraph:
		_, d := dates.ofParagraph(n)
		return d
	}
	return ""
}

// compareConnections orders connections by kind, then paragraphs in the
// order of their resolution's text and other nodes by ID, then by
// relationship.
func compareConnections(a, b Connection) int {
	return cmp.Or(
		strings.Compare(string(a.Node.Kind), string(b.Node.Kind)),
		compareInText(a.Node, b.Node),
		strings.Compare(string(a.Node.ID), string(b.Node.ID)),
		graph.CompareIdentity(a.Relationship, b.Relationship),
	)
}

// compareInText orders two paragraphs by resolution, then position in its
// text; it says nothing (0) of other nodes.
func compareInText(a, b *graph.Node) int {
	if a.Kind != graph.KindParagraph || b.Kind != graph.KindParagraph {
		return 0
	}
	pa, _ := a.Props.Int("position")
	pb, _ := b.Props.Int("position")
	return cmp.Or(strings.Compare(a.Props.String("resolution"), b.Props.String("resolution")), cmp.Compare(pa, pb))
}

// resolutionDates knows the resolutions of paragraphs and sources, with
// their adoption dates.
type resolutionDates struct {
	nodes       map[graph.ID]*graph.Node // paragraphs (and anything else) by ID
	resolutions map[graph.ID]*graph.Node
}

// newResolutionDates loads, in one Nodes call, the resolutions of the
// paragraphs among nodes and of the sources: a source's resolution is that
// of its paragraph, else the resolution whose symbol is its document.
func newResolutionDates(ctx context.Context, s graph.Reader, nodes map[graph.ID]*graph.Node, sources []graph.Source) (resolutionDates, error) {
	var ids []graph.ID
	for _, n := range nodes {
		if n.Kind == graph.KindParagraph {
			ids = append(ids, resolutionOf(n))
		}
	}
	for _, src := range sources {
		if src.Paragraph == "" && src.Document != "" {
			ids = append(ids, graph.NewID(graph.KindResolution, src.Document))
		}
	}
	res, err := nodesByID(ctx, s, ids)
	if err != nil {
		return resolutionDates{}, fmt.Errorf("resolutions: %w", err)
	}
	return resolutionDates{nodes: nodes, resolutions: res}, nil
}

// resolutionOf returns the ID of the resolution paragraph p belongs to, ""
// when it does not say.
func resolutionOf(p *graph.Node) graph.ID {
	if sym := p.Props.String("resolution"); sym != "" {
		return graph.NewID(graph.KindResolution, sym)
	}
	return ""
}

// ofParagraph returns the resolution of paragraph p and its adoption date.
func (d resolutionDates) ofParagraph(p *graph.Node) (*graph.Node, string) {
	r := d.resolutions[resolutionOf(p)]
	if r == nil {
		return nil, ""
	}
	return r, r.Props.String("adopted")
}

// of returns the resolution a source belongs to and its adoption date.
func (d resolutionDates) of(src graph.Source) (*graph.Node, string) {
	if src.Paragraph != "" {
		if p := d.nodes[src.Paragraph]; p != nil {
			return d.ofParagraph(p)
		}
		return nil, ""
	}
	if src.Document == "" {
		return nil, ""
	}
	r := d.resolutions[graph.NewID(graph.KindResolution, src.Document)]
	if r == nil {
		return nil, ""
	}
	return r, r.Props.String("adopted")
}
