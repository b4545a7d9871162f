package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nexus-graph/nexus/graph"
)

// linkSpec is what a relationship-backed field reads: the relationships of
// one type in one direction whose other end is of one of kinds (of any kind
// when kinds is empty).
type linkSpec struct {
	dir   graph.Direction
	rel   graph.RelType
	kinds []graph.NodeKind
}

// query returns the store query of s.
func (s linkSpec) query() graph.RelQuery {
	return graph.RelQuery{Dir: s.dir, Types: []graph.RelType{s.rel}, OtherKinds: s.kinds}
}

// link returns a linkSpec.
func link(dir graph.Direction, rel graph.RelType, kinds ...graph.NodeKind) linkSpec {
	return linkSpec{dir: dir, rel: rel, kinds: kinds}
}

// linkFields are the fields of the schema whose value is a node's
// relationships of one shape (a list field) or the first of them (a single
// link), by Type.field, the type being the node's kind. It is the one
// place that says what each of them reads: the resolvers read it (fieldLinks,
// firstFieldLink and the helpers that name a key), and the cost model bounds
// each list by the store's largest degree for the node kind, type and
// direction (see bounds). A deprecated name of such a field has an entry
// too, the same as its new name's (deprecatedLinkFields).
var linkFields = withDeprecated(map[string]linkSpec{
	"Activity.beneficiaries": link(graph.Out, graph.RelBenefits),
	"Activity.programmes":    link(graph.Out, graph.RelPartOfProgramme, graph.KindProgramme),
	"Activity.targets":       link(graph.Out, graph.RelTargets),

	"Body.addressedBy":        link(graph.In, graph.RelAddressedTo, graph.KindParagraph),
	"Body.adoptedResolutions": link(graph.In, graph.RelAdoptedBy, graph.KindResolution),
	"Body.convened":           link(graph.In, graph.RelConvenedBy, graph.KindConference),
	"Body.coordinatesWith":    link(graph.Both, graph.RelCoordinates, graph.KindBody),
	"Body.depositaryOf":       link(graph.Out, graph.RelDepositary, graph.KindInstrument),
	"Body.establishedBy":      link(graph.In, graph.RelEstablishes),
	"Body.establishes":        link(graph.Out, graph.RelEstablishes, graph.KindBody),
	"Body.mentionedIn":        link(graph.In, graph.RelMentions, graph.KindParagraph),
	"Body.partOf":             link(graph.Out, graph.RelPartOf, graph.KindBody),
	"Body.parts":              link(graph.In, graph.RelPartOf, graph.KindBody),
	"Body.runs":               link(graph.Out, graph.RelRunsProgramme, graph.KindProgramme),

	"Conference.adoptions":   link(graph.In, graph.RelAdoptedAt),
	"Conference.convenedBy":  link(graph.Out, graph.RelConvenedBy, graph.KindBody),
	"Conference.mentionedIn": link(graph.In, graph.RelMentions, graph.KindParagraph),

	"CrimeType.broader":     link(graph.Out, graph.RelSubtypeOf, graph.KindCrimeType),
	"CrimeType.instruments": link(graph.In, graph.RelAddresses, graph.KindInstrument),
	"CrimeType.links":       link(graph.Both, graph.RelLinkedTo, graph.KindCrimeType),
	"CrimeType.narrower":    link(graph.In, graph.RelSubtypeOf, graph.KindCrimeType),
	"CrimeType.concernedBy": link(graph.In, graph.RelConcerns, graph.KindParagraph),
	"CrimeType.targetedBy":  link(graph.In, graph.RelTargets),

	"Document.adoptedAt":   link(graph.Out, graph.RelAdoptedAt, graph.KindConference),
	"Document.citedBy":     link(graph.In, graph.RelCites),
	"Document.concernedBy": link(graph.In, graph.RelConcerns, graph.KindParagraph),
	"Document.includedIn":  link(graph.Out, graph.RelPartOf),

	"Footnote.cites":     link(graph.Out, graph.RelCites),
	"Footnote.paragraph": link(graph.In, graph.RelHasFootnote, graph.KindParagraph),

	"Group.addressedBy": link(graph.In, graph.RelAddressedTo, graph.KindParagraph),
	"Group.members":     link(graph.In, graph.RelMemberOf, graph.KindState),
	"Group.mentionedIn": link(graph.In, graph.RelMentions, graph.KindParagraph),

	"Instrument.addresses":      link(graph.Out, graph.RelAddresses, graph.KindCrimeType),
	"Instrument.adoptedAt":      link(graph.Out, graph.RelAdoptedAt, graph.KindConference),
	"Instrument.amendedBy":      link(graph.In, graph.RelAmends, graph.KindInstrument),
	"Instrument.amends":         link(graph.Out, graph.RelAmends, graph.KindInstrument),
	"Instrument.depositaries":   link(graph.In, graph.RelDepositary, graph.KindBody),
	"Instrument.concernedBy":    link(graph.In, graph.RelConcerns, graph.KindParagraph),
	"Instrument.participation":  link(graph.In, graph.RelParticipatesIn, graph.KindState),
	"Instrument.protocolTo":     link(graph.Out, graph.RelProtocolTo, graph.KindInstrument),
	"Instrument.protocols":      link(graph.In, graph.RelProtocolTo, graph.KindInstrument),
	"Instrument.supplementedBy": link(graph.In, graph.RelSupplements, graph.KindInstrument),
	"Instrument.supplements":    link(graph.Out, graph.RelSupplements, graph.KindInstrument),
	"Instrument.targetedBy":     link(graph.In, graph.RelTargets),

	"Paragraph.addressedTo": link(graph.Out, graph.RelAddressedTo),
	"Paragraph.cites":       link(graph.Out, graph.RelCites),
	"Paragraph.concerns":    link(graph.Out, graph.RelConcerns),
	"Paragraph.footnotes":   link(graph.Out, graph.RelHasFootnote, graph.KindFootnote),
	"Paragraph.mentions":    link(graph.Out, graph.RelMentions),

	"Programme.activities":    link(graph.In, graph.RelPartOfProgramme, graph.KindActivity),
	"Programme.beneficiaries": link(graph.Out, graph.RelBenefits),
	"Programme.runBy":         link(graph.In, graph.RelRunsProgramme, graph.KindBody),
	"Programme.targets":       link(graph.Out, graph.RelTargets),

	"Region.children": link(graph.In, graph.RelPartOf, graph.KindRegion),
	"Region.parent":   link(graph.Out, graph.RelPartOf, graph.KindRegion),
	"Region.states":   link(graph.In, graph.RelInRegion, graph.KindState),

	"Resolution.adoptedBy":   link(graph.Out, graph.RelAdoptedBy, graph.KindBody),
	"Resolution.citedBy":     link(graph.In, graph.RelCites),
	"Resolution.documents":   link(graph.In, graph.RelPartOf, graph.KindDocument),
	"Resolution.establishes": link(graph.Out, graph.RelEstablishes, graph.KindBody),
	"Resolution.paragraphs":  link(graph.Out, graph.RelHasParagraph, graph.KindParagraph),

	"State.benefitsFrom":  link(graph.In, graph.RelBenefits),
	"State.groups":        link(graph.Out, graph.RelMemberOf, graph.KindGroup),
	"State.participation": link(graph.Out, graph.RelParticipatesIn, graph.KindInstrument),
	"State.regions":       link(graph.Out, graph.RelInRegion, graph.KindRegion),

	"Topic.concernedBy": link(graph.In, graph.RelConcerns, graph.KindParagraph),
})

// deprecatedLinkFields are the deprecated names of relationship fields, by
// Type.field, each with the field of its new name, whose relationships it
// reads: a client still using the old name is planned, read and bounded
// exactly as one using the new.
var deprecatedLinkFields = map[string]string{
	"Body.adopted":          "Body.adoptedResolutions",
	"CrimeType.paragraphs":  "CrimeType.concernedBy",
	"Document.paragraphs":   "Document.concernedBy",
	"Document.partOf":       "Document.includedIn",
	"Instrument.paragraphs": "Instrument.concernedBy",
	"Topic.paragraphs":      "Topic.concernedBy",
}

// withDeprecated returns fields with an entry for each name of
// deprecatedLinkFields, the entry of its new name.
func withDeprecated(fields map[string]linkSpec) map[string]linkSpec {
	for old, now := range deprecatedLinkFields {
		spec, ok := fields[now]
		if !ok {
			panic("deprecatedLinkFields: " + old + " names " + now + ", which is not in linkFields")
		}
		fields[old] = spec
	}
	return fields
}

// linkField returns the spec of the linkFields entry key; a missing entry is
// a programming error, reported as an internal error.
func linkField(key string) (linkSpec, error) {
	spec, ok := linkFields[key]
	if !ok {
		return linkSpec{}, graph.Errorf(graph.Internal, "field %s has no entry in linkFields", key)
	}
	return spec, nil
}

// fieldKey returns the Type.field of the field being resolved.
func fieldKey(ctx context.Context) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return ""
	}
	return fc.Object + "." + fc.Field.Name
}

// fieldLinks returns the links of n that the field being resolved reads, as
// linkFields says.
func (r *resolver) fieldLinks(ctx context.Context, n *graph.Node) ([]*graph.Link, error) {
	return r.linksOf(ctx, n, fieldKey(ctx))
}

// firstFieldLink returns the first of fieldLinks, or nil when there is none.
func (r *resolver) firstFieldLink(ctx context.Context, n *graph.Node) (*graph.Link, error) {
	edges, err := r.fieldLinks(ctx, n)
	if err != nil || len(edges) == 0 {
		return nil, err
	}
	return edges[0], nil
}

// linksOf returns the links of n that the linkFields entry key reads,
// ordered by the other end (see compareNodes).
func (r *resolver) linksOf(ctx context.Context, n *graph.Node, key string) ([]*graph.Link, error) {
	spec, err := linkField(key)
	if err != nil {
		return nil, err
	}
	l := r.loaders(ctx)
	edges, ok, err := l.planned(ctx, n, key)
	if !ok {
		edges, err = l.links(ctx, n.ID, spec.query())
	}
	if err != nil {
		return nil, err
	}
	return r.sortLinks(ctx, edges)
}
