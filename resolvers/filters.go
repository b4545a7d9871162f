package resolvers

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/graph/textfold"
	"github.com/nexus-graph/nexus/schema"
)

// An argument that names something from a closed set (a region, an
// instrument key, a crime type, a relationship type) and names nothing the
// graph holds is BAD_USER_INPUT, never an empty answer: the message names
// the argument and the value, then the allowed value closest to it, or
// every allowed value when there are a few, or where to find them. Regions
// are resolved by analysis.FindRegion, the one place for them; the rest go
// through unknownValue. A filter is checked only when it matched nothing
// (a value that matches is known), so that a good request costs no more
// store calls than before.

// unknownValue returns the BAD_USER_INPUT error of argument arg whose value
// is none of allowed (things of kind noun): "arg: unknown noun "value"",
// then the allowed value closest to value (textfold.Closest), else every
// allowed value when listAll, else hint.
func unknownValue(arg, noun, value string, allowed []string, listAll bool, hint string) error {
	msg := fmt.Sprintf("%s: unknown %s %q", arg, noun, value)
	switch i := textfold.Closest(value, allowed); {
	case i >= 0:
		msg += "; did you mean " + allowed[i] + "?"
	case listAll && len(allowed) > 0:
		msg += "; want one of " + strings.Join(allowed, ", ")
	case hint != "":
		msg += "; " + hint
	}
	return badInput("%s", msg)
}

// relTypesArg returns the relationship types named by argument arg (nil
// for none), BAD_USER_INPUT for a name that is not one.
func relTypesArg(arg string, names []string) ([]graph.RelType, error) {
	if len(names) == 0 {
		return nil, nil
	}
	out := make([]graph.RelType, len(names))
	for i, n := range names {
		out[i] = graph.RelType(n)
		if !out[i].Valid() {
			allowed := make([]string, len(graph.RelTypes))
			for j, t := range graph.RelTypes {
				allowed[j] = string(t)
			}
			return nil, unknownValue(arg, "relationship type", n, allowed, true, "")
		}
	}
	return out, nil
}

// keysOf returns what key says of every node of kind k, in the store's
// order, for the message of an unknown value.
func (r *resolver) keysOf(ctx context.Context, k graph.NodeKind, key func(*graph.Node) string) ([]string, error) {
	page, err := r.reader(ctx).FindNodes(ctx, graph.NodeQuery{Kind: k, Limit: math.MaxInt32})
	if err != nil {
		return nil, fmt.Errorf("every %s: %w", k, err)
	}
	out := make([]string, len(page.Nodes))
	for i, n := range page.Nodes {
		out[i] = key(n)
	}
	return out, nil
}

// unknownInstrument returns the BAD_USER_INPUT error of argument arg whose
// value names no instrument, with the instrument keys the graph holds.
func (r *resolver) unknownInstrument(ctx context.Context, arg, value string) error {
	keys, err := r.keysOf(ctx, graph.KindInstrument, func(n *graph.Node) string { return n.Key })
	if err != nil {
		return err
	}
	v := strings.TrimPrefix(strings.TrimSpace(value), string(graph.KindInstrument)+":")
	return unknownValue(arg, "instrument", v, keys, true, "")
}

// unknownCrimeType returns the BAD_USER_INPUT error of argument arg whose
// value names no crime type, with the crime types the graph holds.
func (r *resolver) unknownCrimeType(ctx context.Context, arg string, id graph.ID) error {
	ids, err := r.keysOf(ctx, graph.KindCrimeType, func(n *graph.Node) string { return string(n.ID) })
	if err != nil {
		return err
	}
	return unknownValue(arg, "crime type", string(id), ids, true, "")
}

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

// checkStateFilter explains why a states filter matched no State: a region
// or sub-region it names that the graph does not hold, or holds at another
// level, is BAD_USER_INPUT (see analysis.FindRegion). It returns nil when
// both name regions of their level: no State matches the whole filter.
func (r *resolver) checkStateFilter(ctx context.Context, f *schema.StateFilter) error {
	if f == nil {
		return nil
	}
	if f.Region != nil {
		if _, err := analysis.FindRegion(ctx, r.reader(ctx), "filter.region", *f.Region, analysis.LevelRegion); err != nil {
			return err
		}
	}
	if f.Subregion != nil {
		if _, err := analysis.FindRegion(ctx, r.reader(ctx), "filter.subregion", *f.Subregion, analysis.LevelSubregion, analysis.LevelIntermediateRegion); err != nil {
			return err
		}
	}
	return nil
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
