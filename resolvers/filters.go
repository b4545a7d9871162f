package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

// localizedProps returns base+suffix for every UN language.
func localizedProps(bases ...string) []string {
	var out []string
	for _, b := range bases {
		for _, l := range graph.Langs {
			out = append(out, b+l.Suffix())
		}
	}
	return out
}

// filterText returns the trimmed value of a text filter, nil when it is not
// given, and an error when it is given but blank.
func filterText(name string, v *string) (*string, error) {
	if v == nil {
		return nil, nil
	}
	s := strings.TrimSpace(*v)
	if s == "" {
		return nil, badInput("filter.%s must not be empty; omit it to match everything", name)
	}
	return &s, nil
}

// stateConds turns a StateFilter into conditions on State properties.
func stateConds(f *schema.StateFilter) ([]graph.Cond, error) {
	var conds []graph.Cond
	region, err := filterText("region", f.Region)
	if err != nil {
		return nil, err
	}
	if region != nil {
		conds = append(conds, graph.Cond{Props: []string{"regionCode", "regionName"}, Op: graph.OpEqFold, Value: *region})
	}
	sub, err := filterText("subregion", f.Subregion)
	if err != nil {
		return nil, err
	}
	if sub != nil {
		conds = append(conds, graph.Cond{
			Props: []string{"subregionCode", "subregionName", "intermediateRegionCode", "intermediateRegionName"},
			Op:    graph.OpEqFold, Value: *sub,
		})
	}
	name, err := filterText("nameContains", f.NameContains)
	if err != nil {
		return nil, err
	}
	if name != nil {
		conds = append(conds, graph.Cond{Props: localizedProps("name", "formalName"), Op: graph.OpContains, Value: *name})
	}
	return conds, nil
}

// checkDate validates an ISO date argument (YYYY-MM-DD).
func checkDate(name, v string) error {
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return badInput("%s: %q is not a date; want YYYY-MM-DD, e.g. 2011-12-19", name, v)
	}
	return nil
}

// instrumentQuery turns an InstrumentFilter into a query on instruments.
func instrumentQuery(f *schema.InstrumentFilter) (graph.NodeQuery, error) {
	q := graph.NodeQuery{Kind: graph.KindInstrument}
	if f == nil {
		return q, nil
	}
	if f.Kind != nil {
		q.Where = append(q.Where, graph.Cond{Props: []string{"instrumentKind"}, Op: graph.OpEq, Value: string(*f.Kind)})
	}
	if f.Family != nil {
		q.Where = append(q.Where, graph.Cond{Props: []string{"family"}, Op: graph.OpEq, Value: string(*f.Family)})
	}
	dep, err := filterText("depositary", f.Depositary)
	if err != nil {
		return q, err
	}
	if dep != nil {
		q.Where = append(q.Where, graph.Cond{Props: []string{"depositary"}, Op: graph.OpContains, Value: *dep})
	}
	if f.AdoptedBefore != nil {
		if err := checkDate("filter.adoptedBefore", *f.AdoptedBefore); err != nil {
			return q, err
		}
		q.Where = append(q.Where, graph.Cond{Props: []string{"adopted"}, Op: graph.OpLt, Value: *f.AdoptedBefore})
	}
	if f.AdoptedAfter != nil {
		if err := checkDate("filter.adoptedAfter", *f.AdoptedAfter); err != nil {
			return q, err
		}
		q.Where = append(q.Where, graph.Cond{Props: []string{"adopted"}, Op: graph.OpGt, Value: *f.AdoptedAfter})
	}
	if f.AddressesCrimeType != nil {
		id := *f.AddressesCrimeType
		kind, _, err := graph.ParseID(id)
		if err != nil || kind != graph.KindCrimeType {
			return q, badInput("filter.addressesCrimeType: %q is not the ID of a crime type; want CrimeType:key (see the crimeTypes query)", string(id))
		}
		q.Related = append(q.Related, graph.RelCond{Type: graph.RelAddresses, Dir: graph.Out, Other: id})
	}
	return q, nil
}

// regionAt returns the state's IN_REGION link to the region of one level.
func (r *resolver) regionAt(ctx context.Context, s *graph.State, level schema.RegionLevel) (*graph.Link, error) {
	edges, err := r.linksOf(ctx, s.Node, "State.regions")
	if err != nil {
		return nil, err
	}
	for _, e := range edges {
		l, err := r.edgeRegionLevel(ctx, e)
		if err != nil {
			return nil, err
		}
		if l != nil && *l == level {
			return e, nil
		}
	}
	return nil, nil
}

// edgeRegionLevel returns the level of the region at the region end of an
// IN_REGION or PART_OF edge: the relationship's level property, else the
// region's own.
func (r *resolver) edgeRegionLevel(ctx context.Context, e *graph.Link) (*schema.RegionLevel, error) {
	if l := enumProp[schema.RegionLevel](e.Props, "level"); l != nil {
		return l, nil
	}
	regionID := e.To
	if e.To.Kind() != graph.KindRegion {
		regionID = e.From
	}
	n, err := r.load(ctx, regionID)
	if err != nil || n == nil {
		return nil, err
	}
	return enumProp[schema.RegionLevel](n.Props, "level"), nil
}
