package testgraph

import (
	"context"
	"testing"

	"github.com/nexus-graph/nexus/graph"
)

// FixtureCitation is the citation of every node and relationship of
// ParticipationFixture: they are test data, not facts.
const FixtureCitation = "test fixture: made-up data for the tests of Nexus, not a fact"

// fixtureSource is the source of every fact of ParticipationFixture.
var fixtureSource = graph.Source{Citation: FixtureCitation, Basis: graph.Imported}

// ParticipationFixture returns TEST DATA to apply on top of the seed: made-up
// treaty actions, one programme begun, one planned for 2099, and five
// activities, each citing FixtureCitation. None of it is a fact about any
// State; it exists so that the tests of treaty participation, participation
// gaps, crime links and aggregates have something to find, with exact answers
// to expect:
//
// Beijing Convention (CT17, adopted 2010-09-10), in Western Africa: MLI
// signed 2010-09-10 and ratified 2011-06-01; NGA signed 2010-09-10 and
// ratified 2013-05-02; SEN signed 2011-03-15 only; GHA acceded 2015-02-02;
// CIV signed 2012-01-10; BEN accepted it on an unknown date. Elsewhere FRA
// signed it 2010-09-10 and ratified it 2016-01-20.
//
// Terrorist Financing Convention (CT15): FRA ratified 2002-01-07, MLI
// acceded 2002-03-28, NGA ratified 2003-04-16, USA ratified 2002-06-26, JPN
// accepted 2002-06-11. Montreal Protocol 2014 (CT19, opened 2014-04-04):
// FRA ratified 2016-03-01. UNTOC (OC01): FRA signed 2000-12-12 and ratified
// 2002-10-29.
//
// Programme:test-ratification-support (2009-01-01…2014-12-31) targets CT17
// and terrorism and benefits Western Africa (Region:011);
// Programme:test-planned begins 2099-01-01 and targets terrorism. Activities
// of the first: test-dakar-2011 (2011-05-10, CT17, SEN),
// test-western-africa-2012 (2012-02-01, CT17, Region:011), test-abuja-2010
// (2010-11-01, related criminal activities, NGA), test-tools (no start date,
// CT17, GHA), test-financing-2005 (2005-06-01, CT15, SEN).
func ParticipationFixture() graph.Batch {
	var b graph.Batch
	act := func(iso3, instrument, action, date string) {
		props := graph.Props{"action": action}
		if date != "" {
			props["date"] = date
		}
		b.Relationships = append(b.Relationships, &graph.Relationship{
			From: graph.NewID(graph.KindState, iso3), Type: graph.RelParticipatesIn,
			To: graph.NewID(graph.KindInstrument, instrument), Key: action,
			Props: props, Source: fixtureSource,
		})
	}
	act("MLI", "CT17", graph.ActionSignature, "2010-09-10")
	act("MLI", "CT17", graph.ActionRatification, "2011-06-01")
	act("NGA", "CT17", graph.ActionSignature, "2010-09-10")
	act("NGA", "CT17", graph.ActionRatification, "2013-05-02")
	act("SEN", "CT17", graph.ActionSignature, "2011-03-15")
	act("GHA", "CT17", graph.ActionAccession, "2015-02-02")
	act("CIV", "CT17", graph.ActionSignature, "2012-01-10")
	act("BEN", "CT17", graph.ActionAcceptance, "")
	act("FRA", "CT17", graph.ActionSignature, "2010-09-10")
	act("FRA", "CT17", graph.ActionRatification, "2016-01-20")
	act("FRA", "CT15", graph.ActionRatification, "2002-01-07")
	act("MLI", "CT15", graph.ActionAccession, "2002-03-28")
	act("NGA", "CT15", graph.ActionRatification, "2003-04-16")
	act("USA", "CT15", graph.ActionRatification, "2002-06-26")
	act("JPN", "CT15", graph.ActionAcceptance, "2002-06-11")
	act("FRA", "CT19", graph.ActionRatification, "2016-03-01")
	act("FRA", "OC01", graph.ActionSignature, "2000-12-12")
	act("FRA", "OC01", graph.ActionRatification, "2002-10-29")

	node := func(kind graph.NodeKind, key string, props graph.Props) graph.ID {
		n := graph.NewNode(kind, key, props, fixtureSource)
		b.Nodes = append(b.Nodes, n)
		return n.ID
	}
	link := func(from graph.ID, t graph.RelType, to graph.ID) {
		b.Relationships = append(b.Relationships, &graph.Relationship{From: from, Type: t, To: to, Source: fixtureSource})
	}
	prog := node(graph.KindProgramme, "test-ratification-support", graph.Props{
		"nameEn": "Test programme: ratification support (test fixture)", "startDate": "2009-01-01", "endDate": "2014-12-31",
	})
	link(prog, graph.RelTargets, "Instrument:CT17")
	link(prog, graph.RelTargets, "CrimeType:terrorism")
	link(prog, graph.RelBenefits, "Region:011")
	planned := node(graph.KindProgramme, "test-planned", graph.Props{
		"nameEn": "Test programme: planned (test fixture)", "startDate": "2099-01-01",
	})
	link(planned, graph.RelTargets, "CrimeType:terrorism")

	activity := func(key, kind, start, end string, target, beneficiary graph.ID) {
		props := graph.Props{"nameEn": "Test activity " + key + " (test fixture)", "activityKind": kind}
		if start != "" {
			props["startDate"] = start
		}
		if end != "" {
			props["endDate"] = end
		}
		id := node(graph.KindActivity, key, props)
		link(id, graph.RelPartOfProgramme, prog)
		link(id, graph.RelTargets, target)
		link(id, graph.RelBenefits, beneficiary)
	}
	activity("test-dakar-2011", "LEGISLATIVE_ASSISTANCE", "2011-05-10", "2011-05-12", "Instrument:CT17", "State:SEN")
	activity("test-western-africa-2012", "TRAINING_OF_CRIMINAL_JUSTICE_OFFICIALS", "2012-02-01", "2012-02-03", "Instrument:CT17", "Region:011")
	activity("test-abuja-2010", "TRAINING_OF_CRIMINAL_JUSTICE_OFFICIALS", "2010-11-01", "2010-11-05", "CrimeType:related-criminal-activities", "State:NGA")
	activity("test-tools", "TOOLS_AND_PUBLICATIONS", "", "", "Instrument:CT17", "State:GHA")
	activity("test-financing-2005", "RATIFICATION_SUPPORT", "2005-06-01", "", "Instrument:CT15", "State:SEN")
	return b
}

// WithParticipation applies ParticipationFixture to s, which holds the seed.
func WithParticipation(t testing.TB, s graph.Store) graph.Store {
	t.Helper()
	if err := s.Apply(context.Background(), ParticipationFixture()); err != nil {
		t.Fatalf("apply the participation test fixture: %v", err)
	}
	return s
}

// EachWithParticipation is Each with ParticipationFixture applied on top of
// the seed in both stores.
func EachWithParticipation(t *testing.T, f func(t *testing.T, s graph.Store)) {
	t.Helper()
	Each(t, func(t *testing.T, s graph.Store) { f(t, WithParticipation(t, s)) })
}
