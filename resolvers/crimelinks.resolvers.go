package resolvers

import (
	"context"
	"fmt"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/schema"
)

func (r *queryResolver) CrimeLinks(ctx context.Context, crime *graph.ID, asOf *string) ([]*schema.CrimeLink, error) {
	var id graph.ID
	if crime != nil {
		id = *crime
		if id == "" {
			return nil, badInput("crime must not be empty; give a crime type ID, e.g. CrimeType:terrorism, or omit it for every link")
		}
	}
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, err
	}
	links, err := analysis.CrimeLinks(ctx, r.reader(ctx), id, date)
	if graph.ErrorCode(err) == graph.NotFound {
		return nil, r.unknownCrimeType(ctx, "crime", id)
	}
	if err != nil {
		return nil, fmt.Errorf("crime links: %w", err)
	}
	r.primeNodes(ctx, crimeLinkNodes(links))
	out := make([]*schema.CrimeLink, len(links))
	for i, l := range links {
		out[i] = crimeLinkOf(l)
	}
	return out, nil
}
