package resolvers

import (
	"context"
	"fmt"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/schema"
)

func (r *crimeTypeStatisticsResolver) Instruments(ctx context.Context, obj *schema.CrimeTypeStatistics) (int, error) {
	return obj.InstrumentCount, nil
}

func (r *crimeTypeStatisticsResolver) Paragraphs(ctx context.Context, obj *schema.CrimeTypeStatistics) (int, error) {
	return obj.ParagraphCount, nil
}

func (r *crimeTypeStatisticsResolver) Programmes(ctx context.Context, obj *schema.CrimeTypeStatistics) (int, error) {
	return obj.ProgrammeCount, nil
}

func (r *crimeTypeStatisticsResolver) Activities(ctx context.Context, obj *schema.CrimeTypeStatistics) (int, error) {
	return obj.ActivityCount, nil
}

func (r *instrumentStatisticsResolver) Parties(ctx context.Context, obj *schema.InstrumentStatistics) (int, error) {
	return obj.PartyCount, nil
}

func (r *instrumentStatisticsResolver) Signatories(ctx context.Context, obj *schema.InstrumentStatistics) (int, error) {
	return obj.SignatoryCount, nil
}

func (r *participationResolver) State(ctx context.Context, obj *graph.Link) (*graph.State, error) {
	return end[*graph.State](ctx, r.resolver, obj, obj.From)
}

func (r *participationResolver) Instrument(ctx context.Context, obj *graph.Link) (*graph.Instrument, error) {
	return end[*graph.Instrument](ctx, r.resolver, obj, obj.To)
}

func (r *participationResolver) Action(ctx context.Context, obj *graph.Link) (string, error) {
	return analysis.ActionOf(obj.Relationship).Action, nil
}

func (r *participationResolver) MakesParty(ctx context.Context, obj *graph.Link) (bool, error) {
	return analysis.ActionOf(obj.Relationship).MakesParty(), nil
}

func (r *participationGapsResolver) MemberStates(ctx context.Context, obj *schema.ParticipationGaps) (int, error) {
	return obj.MemberStateCount, nil
}

func (r *programmeStatisticsResolver) Activities(ctx context.Context, obj *schema.ProgrammeStatistics) (int, error) {
	return obj.ActivityCount, nil
}

func (r *programmeStatisticsResolver) BeneficiaryStates(ctx context.Context, obj *schema.ProgrammeStatistics) (int, error) {
	return obj.BeneficiaryStateCount, nil
}

func (r *queryResolver) ParticipationGaps(ctx context.Context, instrument string, region *string, asOf *string) (*schema.ParticipationGaps, error) {
	id, err := instrumentArg("instrument", instrument)
	if err != nil {
		return nil, err
	}
	reg, err := optionalText("region", region, "omit it for every Member State")
	if err != nil {
		return nil, err
	}
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, err
	}
	g, err := analysis.ParticipationGaps(ctx, r.reader(ctx), id, reg, date)
	if graph.ErrorCode(err) == graph.NotFound {
		return nil, r.unknownInstrument(ctx, "instrument", instrument)
	}
	if err != nil {
		return nil, fmt.Errorf("participation gaps: %w", err)
	}
	states, others := gapNodes(g)
	r.primeNodes(ctx, states)
	r.primeNodes(ctx, others)
	return gapsOf(g), nil
}

func (r *queryResolver) Statistics(ctx context.Context) (*schema.Statistics, error) {
	return &schema.Statistics{}, nil
}

func (r *regionCountResolver) Count(ctx context.Context, obj *schema.RegionCount) (int, error) {
	return obj.StateCount, nil
}

func (r *regionStatisticsResolver) MemberStates(ctx context.Context, obj *schema.RegionStatistics) (int, error) {
	return obj.MemberStateCount, nil
}

func (r *regionStatisticsResolver) Parties(ctx context.Context, obj *schema.RegionStatistics) (*int, error) {
	return obj.PartyCount, nil
}

func (r *regionStatisticsResolver) Signatories(ctx context.Context, obj *schema.RegionStatistics) (*int, error) {
	return obj.SignatoryCount, nil
}

func (r *regionStatisticsResolver) NotParty(ctx context.Context, obj *schema.RegionStatistics) (*int, error) {
	return obj.NotPartyCount, nil
}

func (r *statisticsResolver) ByRegion(ctx context.Context, obj *schema.Statistics, level *schema.RegionLevel, instrument *string, asOf *string) ([]*schema.RegionStatistics, error) {
	lvl := schema.RegionLevelRegion
	if level != nil {
		lvl = *level
	}
	var id graph.ID
	if instrument != nil {
		var err error
		if id, err = instrumentArg("instrument", *instrument); err != nil {
			return nil, err
		}
	}
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, err
	}
	counts, err := analysis.RegionCounts(ctx, r.reader(ctx), string(lvl), id, date)
	if graph.ErrorCode(err) == graph.NotFound {
		return nil, r.unknownInstrument(ctx, "instrument", *instrument)
	}
	if err != nil {
		return nil, fmt.Errorf("statistics by region: %w", err)
	}
	out := make([]*schema.RegionStatistics, len(counts))
	nodes := make([]*graph.Node, len(counts))
	for i, c := range counts {
		nodes[i] = c.Region
		out[i] = &schema.RegionStatistics{Region: &graph.Region{Node: c.Region}, MemberStateCount: c.MemberStates}
		if id != "" {
			notParty := c.MemberStates - c.Parties
			out[i].PartyCount, out[i].SignatoryCount, out[i].NotPartyCount = &c.Parties, &c.Signatories, &notParty
		}
	}
	r.primeNodes(ctx, nodes)
	return out, nil
}

func (r *statisticsResolver) ByInstrument(ctx context.Context, obj *schema.Statistics, family *schema.InstrumentFamily, asOf *string) ([]*schema.InstrumentStatistics, error) {
	fam := ""
	if family != nil {
		fam = string(*family)
	}
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, err
	}
	counts, err := analysis.InstrumentCounts(ctx, r.reader(ctx), fam, date)
	if err != nil {
		return nil, fmt.Errorf("statistics by instrument: %w", err)
	}
	out := make([]*schema.InstrumentStatistics, len(counts))
	nodes := make([]*graph.Node, len(counts))
	for i, c := range counts {
		nodes[i] = c.Instrument
		out[i] = &schema.InstrumentStatistics{
			Instrument: &graph.Instrument{Node: c.Instrument}, Date: nonEmpty(c.Date),
			PartyCount: c.Parties, SignatoryCount: c.Signatories,
		}
	}
	r.primeNodes(ctx, nodes)
	return out, nil
}

func (r *statisticsResolver) ByCrimeType(ctx context.Context, obj *schema.Statistics, asOf *string) ([]*schema.CrimeTypeStatistics, error) {
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, err
	}
	counts, err := analysis.CrimeTypeCounts(ctx, r.reader(ctx), date)
	if err != nil {
		return nil, fmt.Errorf("statistics by crime type: %w", err)
	}
	out := make([]*schema.CrimeTypeStatistics, len(counts))
	nodes := make([]*graph.Node, len(counts))
	for i, c := range counts {
		nodes[i] = c.CrimeType
		out[i] = &schema.CrimeTypeStatistics{
			CrimeType: &graph.CrimeType{Node: c.CrimeType}, InstrumentCount: c.Instruments,
			ParagraphCount: c.Paragraphs, ProgrammeCount: c.Programmes, ActivityCount: c.Activities,
		}
	}
	r.primeNodes(ctx, nodes)
	return out, nil
}

func (r *statisticsResolver) ByProgramme(ctx context.Context, obj *schema.Statistics, asOf *string) ([]*schema.ProgrammeStatistics, error) {
	date, err := asOfDate(asOf)
	if err != nil {
		return nil, err
	}
	counts, err := analysis.ProgrammeCounts(ctx, r.reader(ctx), date)
	if err != nil {
		return nil, fmt.Errorf("statistics by programme: %w", err)
	}
	out := make([]*schema.ProgrammeStatistics, len(counts))
	nodes := make([]*graph.Node, len(counts))
	for i, c := range counts {
		nodes[i] = c.Programme
		out[i] = &schema.ProgrammeStatistics{
			Programme: &graph.Programme{Node: c.Programme}, ActivityCount: c.Activities, BeneficiaryStateCount: c.BeneficiaryStates,
		}
	}
	r.primeNodes(ctx, nodes)
	return out, nil
}

func (r *resolver) CrimeTypeStatistics() schema.CrimeTypeStatisticsResolver {
	return &crimeTypeStatisticsResolver{r}
}

func (r *resolver) InstrumentStatistics() schema.InstrumentStatisticsResolver {
	return &instrumentStatisticsResolver{r}
}

func (r *resolver) Participation() schema.ParticipationResolver { return &participationResolver{r} }

func (r *resolver) ParticipationGaps() schema.ParticipationGapsResolver {
	return &participationGapsResolver{r}
}

func (r *resolver) ProgrammeStatistics() schema.ProgrammeStatisticsResolver {
	return &programmeStatisticsResolver{r}
}

func (r *resolver) RegionCount() schema.RegionCountResolver { return &regionCountResolver{r} }

func (r *resolver) RegionStatistics() schema.RegionStatisticsResolver {
	return &regionStatisticsResolver{r}
}

func (r *resolver) Statistics() schema.StatisticsResolver { return &statisticsResolver{r} }

type (
	crimeTypeStatisticsResolver  struct{ *resolver }
	instrumentStatisticsResolver struct{ *resolver }
	participationResolver        struct{ *resolver }
	participationGapsResolver    struct{ *resolver }
	programmeStatisticsResolver  struct{ *resolver }
	regionCountResolver          struct{ *resolver }
	regionStatisticsResolver     struct{ *resolver }
	statisticsResolver           struct{ *resolver }
)
