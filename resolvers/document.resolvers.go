package resolvers

import (
	"context"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

func (r *conferenceResolver) Relationships(ctx context.Context, obj *graph.Conference, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *conferenceResolver) ConvenedBy(ctx context.Context, obj *graph.Conference) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *conferenceResolver) Adoptions(ctx context.Context, obj *graph.Conference) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *conferenceResolver) MentionedIn(ctx context.Context, obj *graph.Conference) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *conferenceLinkResolver) Conference(ctx context.Context, obj *graph.Link) (*graph.Conference, error) {
	return end[*graph.Conference](ctx, r.resolver, obj, obj.NodeID())
}

func (r *documentResolver) Relationships(ctx context.Context, obj *graph.Document, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *documentResolver) DocumentKind(ctx context.Context, obj *graph.Document) (*schema.DocumentKind, error) {
	return enumProp[schema.DocumentKind](obj.Props, "documentKind"), nil
}

func (r *documentResolver) IncludedIn(ctx context.Context, obj *graph.Document) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *documentResolver) PartOf(ctx context.Context, obj *graph.Document) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *documentResolver) AdoptedAt(ctx context.Context, obj *graph.Document) (*graph.Link, error) {
	return r.firstFieldLink(ctx, obj.Node)
}

func (r *documentResolver) CitedBy(ctx context.Context, obj *graph.Document) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *documentResolver) ConcernedBy(ctx context.Context, obj *graph.Document) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *documentResolver) Paragraphs(ctx context.Context, obj *graph.Document) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *documentLinkResolver) Document(ctx context.Context, obj *graph.Link) (*graph.Document, error) {
	return end[*graph.Document](ctx, r.resolver, obj, obj.NodeID())
}

func (r *queryResolver) Conferences(ctx context.Context) ([]*graph.Conference, error) {
	nodes, err := r.findAll(ctx, graph.NodeQuery{Kind: graph.KindConference, OrderBy: "startDate"})
	if err != nil {
		return nil, err
	}
	return views[*graph.Conference](nodes), nil
}

func (r *queryResolver) Documents(ctx context.Context) ([]*graph.Document, error) {
	nodes, err := r.findAll(ctx, graph.NodeQuery{Kind: graph.KindDocument, OrderBy: "nameEn"})
	if err != nil {
		return nil, err
	}
	return views[*graph.Document](nodes), nil
}

func (r *queryResolver) Topics(ctx context.Context) ([]*graph.Topic, error) {
	nodes, err := r.findAll(ctx, graph.NodeQuery{Kind: graph.KindTopic, OrderBy: "nameEn"})
	if err != nil {
		return nil, err
	}
	return views[*graph.Topic](nodes), nil
}

func (r *topicResolver) Relationships(ctx context.Context, obj *graph.Topic, direction *graph.Direction, types []string, kinds []graph.NodeKind, first *int) ([]*graph.Link, error) {
	return r.relationships(ctx, obj.Node, direction, types, kinds, first)
}

func (r *topicResolver) ConcernedBy(ctx context.Context, obj *graph.Topic) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *topicResolver) Paragraphs(ctx context.Context, obj *graph.Topic) ([]*graph.Link, error) {
	return r.fieldLinks(ctx, obj.Node)
}

func (r *resolver) Conference() schema.ConferenceResolver { return &conferenceResolver{r} }

func (r *resolver) ConferenceLink() schema.ConferenceLinkResolver { return &conferenceLinkResolver{r} }

func (r *resolver) Document() schema.DocumentResolver { return &documentResolver{r} }

func (r *resolver) DocumentLink() schema.DocumentLinkResolver { return &documentLinkResolver{r} }

func (r *resolver) Topic() schema.TopicResolver { return &topicResolver{r} }

type (
	conferenceResolver     struct{ *resolver }
	conferenceLinkResolver struct{ *resolver }
	documentResolver       struct{ *resolver }
	documentLinkResolver   struct{ *resolver }
	topicResolver          struct{ *resolver }
)
