package synth

import (
	"fmt"

	"github.com/nexus-graph/nexus/graph"
)

// Probes names the probe's nodes the benchmark questions start from.
//
// The probe is a synthetic mirror of the seed, with the participation test
// fixture of internal/testgraph on top: the same nodes and
// relationships under synthetic keys, names and texts. Every generated
// graph holds it, whatever its size or seed, and no random node links to
// it, so that a question about these nodes has the same answer, of the same
// size, at every size: the answer the same question about the nodes they
// mirror has on the seed.
type Probes struct {
	// State mirrors State:FRA: a State and its regions (query A).
	State graph.ID
	// StateISO3 is its iso3, the key state(iso3:) looks up.
	StateISO3 string
	// Subregion mirrors Region:011, Western Africa, an intermediate
	// region of 16 States (query B; participation gaps by region).
	Subregion graph.ID
	// SubregionName is its English name, which the States' properties
	// repeat and the filters compare.
	SubregionName string
	// Resolution mirrors Resolution:A/RES/66/178 and its 22 paragraphs
	// (query C).
	Resolution graph.ID
	// ResolutionSymbol is its symbol, the key resolution(symbol:) looks up.
	ResolutionSymbol string
	// Paragraph mirrors Paragraph:A/RES/66/178/op/9, its addressees and
	// what it concerns (query D; its neighbourhood, query F).
	Paragraph graph.ID
	// Instruments is the number of the probe's instruments (those of the
	// seed): the first of every graph's instruments by key (query E).
	Instruments int
	// MemberStates mirrors Group:member-states, whose members are the
	// probe's 193 States.
	MemberStates graph.ID
	// Instrument mirrors Instrument:CT17 (the Beijing Convention), on which
	// the fixture records treaty actions, programmes and activities
	// (participation gaps, statistics by region).
	Instrument graph.ID
	// NuclearTerrorism, UNODC and Germany mirror CrimeType:nuclear-terrorism,
	// Body:UNODC and State:DEU: the ends of the shortest paths of
	// graph/analysis's benchmarks (with State).
	NuclearTerrorism, UNODC, Germany graph.ID
}

// The reference nodes the probes mirror.
const (
	refState        graph.ID = "State:FRA"
	refSubregion    graph.ID = "Region:011"
	refResolution   graph.ID = "Resolution:A/RES/66/178"
	refParagraph    graph.ID = "Paragraph:A/RES/66/178/op/9"
	refMemberStates graph.ID = "Group:member-states"
	refInstrument   graph.ID = "Instrument:CT17"
	refNuclear      graph.ID = "CrimeType:nuclear-terrorism"
	refUNODC        graph.ID = "Body:UNODC"
	refGermany      graph.ID = "State:DEU"
)

// Mirror returns the ID of the probe node that mirrors the reference node
// id (a node of the seed or of the participation fixture), and false when
// there is none. It is the same in every graph.
func (g *Graph) Mirror(id graph.ID) (graph.ID, bool) {
	gi, ok := g.probeID[id]
	if !ok {
		return "", false
	}
	return g.id(gi), true
}

// Probes returns the probe's nodes the benchmark questions start from.
func (g *Graph) Probes() (Probes, error) {
	var p Probes
	var missing []graph.ID
	mirror := func(dst *graph.ID, id graph.ID) {
		m, ok := g.Mirror(id)
		if !ok {
			missing = append(missing, id)
		}
		*dst = m
	}
	mirror(&p.State, refState)
	mirror(&p.Subregion, refSubregion)
	mirror(&p.Resolution, refResolution)
	mirror(&p.Paragraph, refParagraph)
	mirror(&p.MemberStates, refMemberStates)
	mirror(&p.Instrument, refInstrument)
	mirror(&p.NuclearTerrorism, refNuclear)
	mirror(&p.UNODC, refUNODC)
	mirror(&p.Germany, refGermany)
	if len(missing) > 0 {
		return Probes{}, fmt.Errorf("synth: the seed has no %v to mirror", missing)
	}
	p.StateISO3 = p.State.Key()
	p.ResolutionSymbol = p.Resolution.Key()
	p.SubregionName = g.ident(g.probeID[refSubregion]).name
	for _, cp := range g.classes {
		if cp.Kind == graph.KindInstrument {
			p.Instruments += len(cp.probe)
		}
	}
	return p, nil
}

// ProbeIDs returns the Probes of every generated graph: they depend on
// neither its size nor its seed.
func ProbeIDs() (Probes, error) {
	min, err := MinNodes()
	if err != nil {
		return Probes{}, err
	}
	g, err := New(Config{Nodes: min})
	if err != nil {
		return Probes{}, err
	}
	return g.Probes()
}
