package storetest

import "github.com/nexus-graph/nexus/graph"

// The fixture is a small synthetic graph. Every name, date and number in it
// is test data made up for the suite (the states use ISO 3166 user-assigned
// codes, XAA…XDD), and every source says so.

// fixtureSource is the source of the fixture's facts.
var fixtureSource = graph.Source{Citation: "storetest fixture", Basis: graph.Stated}

// fullSource sets every field of a Source, to check that stores keep them all.
var fullSource = graph.Source{
	Document:  "T/RES/1",
	Locator:   "op/1",
	Paragraph: "Paragraph:T/RES/1/op/1",
	Citation:  "storetest fixture, operative paragraph 1",
	URL:       "https://example.org/storetest/T-RES-1",
	Basis:     graph.Inferred,
	Note:      "test data: inferred from the fixture's own text",
}

// IDs of the fixture's nodes that the suite refers to.
const (
	regionTest  graph.ID = "Region:901"
	regionNorth graph.ID = "Region:902"
	regionSouth graph.ID = "Region:903"

	stateArcadia  graph.ID = "State:XAA"
	stateBorduria graph.ID = "State:XBB"
	stateCoast    graph.ID = "State:XCC"
	stateElysia   graph.ID = "State:XDD"

	crimeTerrorism graph.ID = "CrimeType:terrorism"
	crimeNuclear   graph.ID = "CrimeType:nuclear-terrorism"

	instConvention graph.ID = "Instrument:TS01"
	instProtocol   graph.ID = "Instrument:TS02"
	instAmendment  graph.ID = "Instrument:TS03"
	instSecond     graph.ID = "Instrument:TS04"

	bodyOffice   graph.ID = "Body:TESTOFFICE"
	bodyAssembly graph.ID = "Body:TESTGA"

	resolution     graph.ID = "Resolution:T/RES/1"
	resolutionPrev graph.ID = "Resolution:T/RES/0"

	paraPP1 graph.ID = "Paragraph:T/RES/1/pp/1"
	paraOP1 graph.ID = "Paragraph:T/RES/1/op/1"
	paraOP2 graph.ID = "Paragraph:T/RES/1/op/2"

	documentReport graph.ID = "Document:test-report"
	conference     graph.ID = "Conference:test-conference"
	topicTrainingA graph.ID = "Topic:training-a"
	topicTrainingB graph.ID = "Topic:training-b"
)

// node builds a fixture node from its ID.
func node(id graph.ID, props graph.Props, sources ...graph.Source) *graph.Node {
	kind, key, err := graph.ParseID(id)
	if err != nil {
		panic("storetest: bad fixture id: " + err.Error())
	}
	if len(sources) == 0 {
		sources = []graph.Source{fixtureSource}
	}
	return &graph.Node{ID: id, Kind: kind, Key: key, Props: props, Sources: sources}
}

// rel builds a fixture relationship.
func rel(from graph.ID, t graph.RelType, to graph.ID, key string, props graph.Props) *graph.Relationship {
	return &graph.Relationship{From: from, Type: t, To: to, Key: key, Props: props, Source: fixtureSource}
}

// Fixture returns the suite's test graph, a new copy at each call: three
// regions, four states, two crime types, four instruments, two bodies, two
// resolutions, three paragraphs with French text, a document, a conference
// and two topics, with the relationships between them. Its facts are made up
// and their sources say "storetest fixture".
func Fixture() graph.Batch {
	nodes := []*graph.Node{
		node(regionTest, graph.Props{"code": "901", "nameEn": "Testland", "nameFr": "Terre d’essai", "level": "REGION"}),
		node(regionNorth, graph.Props{"code": "902", "nameEn": "Northern Testland", "nameFr": "Terre d’essai du Nord", "level": "SUBREGION"}),
		node(regionSouth, graph.Props{"code": "903", "nameEn": "Southern Testland", "nameFr": "Terre d’essai du Sud", "level": "SUBREGION"}),

		// Out of key order on purpose, like the instruments below: answers
		// sorted by key must not echo the order of writing.
		node(stateCoast, graph.Props{
			"nameEn": "Essai Coast", "nameFr": "Côte d’Essai", "iso3": "XCC", "m49": "993",
			"ldc": false, "population": int64(3000),
		}),
		node(stateArcadia, graph.Props{
			"nameEn": "Arcadia", "nameFr": "Arcadie", "nameEs": "Arcadia",
			"formalNameFr": "République d’Arcadie", "iso3": "XAA", "m49": "991",
			"ldc": true, "sids": false, "population": int64(1200), "testRatio": 0.25,
			"aliases": []string{"Arkadia", "Élysée du Nord"},
		}),
		node(stateElysia, graph.Props{
			"nameEn": "Elysia", "nameFr": "Élysie", "nameRu": "Элизия", "nameZh": "测试国",
			"nameAr": "إليسيا", "iso3": "XDD",
		}),
		node(stateBorduria, graph.Props{
			"nameEn": "Borduria", "nameFr": "Bordurie", "iso3": "XBB", "m49": "992",
			"ldc": false, "sids": true, "population": int64(800), "testRatio": 1.5,
		}),

		node(crimeTerrorism, graph.Props{"nameEn": "Terrorism", "nameFr": "Terrorisme"}),
		node(crimeNuclear, graph.Props{"nameEn": "Nuclear terrorism", "nameFr": "Terrorisme nucléaire"}),

		node(instSecond, graph.Props{
			"shortName": "Seconde convention d’essai", "titleEn": "Second Test Convention",
			"instrumentKind": "CONVENTION", "adopted": "1999-12-09",
		}),
		node(instAmendment, graph.Props{
			"shortName": "Amendement d’essai", "titleEn": "Test Amendment", "instrumentKind": "AMENDMENT",
		}),
		node(instConvention, graph.Props{
			"shortName":      "Convention nucléaire d’essai",
			"titleFr":        "Convention d’essai pour la répression des actes de terrorisme nucléaire",
			"titleEn":        "Test Convention for the Suppression of Acts of Nuclear Terrorism",
			"instrumentKind": "CONVENTION", "family": "COUNTER_TERRORISM",
			"adopted": "2005-04-13", "unconfirmed": []string{"entryIntoForce", "place"},
		}, fullSource, graph.Source{URL: "https://example.org/storetest/TS01", Basis: graph.Imported}),
		node(instProtocol, graph.Props{
			"shortName": "Protocole d’essai", "titleFr": "Protocole d’essai relatif à la sécurité",
			"titleEn": "Test Protocol on Security", "instrumentKind": "PROTOCOL", "adopted": "1999-12-09",
		}),

		node(bodyOffice, graph.Props{
			"acronym": "TOD", "nameEn": "Test Office on Drugs and Crime",
			"nameFr": "Office d’essai contre la drogue et le crime", "bodyKind": "OFFICE",
		}),
		node(bodyAssembly, graph.Props{
			"acronym": "TGA", "nameEn": "Test Assembly", "nameFr": "Assemblée d’essai", "bodyKind": "ORGAN",
		}),

		node(resolution, graph.Props{
			"symbol": "T/RES/1", "organ": "GA", "session": int64(1), "adopted": "2011-12-19",
			"titleFr": "Assistance technique d’essai contre le terrorisme",
			"titleEn": "Test technical assistance against terrorism", "lang": "FR",
		}),
		node(resolutionPrev, graph.Props{"symbol": "T/RES/0", "organ": "GA", "session": int64(0)}),

		node(paraPP1, graph.Props{
			"resolution": "T/RES/1", "paragraphKind": "PREAMBULAR", "number": int64(1), "position": int64(1),
			"verb": "Rappelant", "lang": "FR",
			"textFr": "Rappelant sa résolution 65/232 sur l’assistance technique et la coopération internationale " +
				"contre la drogue et le crime, adoptée après de longues consultations entre les États, " +
				"les organisations régionales et les entités du système d’essai,",
		}),
		node(paraOP1, graph.Props{
			"resolution": "T/RES/1", "paragraphKind": "OPERATIVE", "number": int64(1), "position": int64(2),
			"verb": "Prie", "lang": "FR",
			"textFr": "Prie l’Office d’essai contre la drogue et le crime de continuer à fournir une assistance " +
				"technique aux États qui en font la demande, en particulier pour prévenir le terrorisme NUCLÉAIRE " +
				"et renforcer la coopération régionale et internationale dans ce domaine ;",
			"textEn": "Requests the Test Office on Drugs and Crime to continue to provide technical assistance " +
				"to requesting States, in particular to prevent nuclear terrorism;",
		}),
		node(paraOP2, graph.Props{
			"resolution": "T/RES/1", "paragraphKind": "OPERATIVE", "number": int64(2), "position": int64(3),
			"verb": "Encourage", "lang": "FR",
			"textFr": "Encourage les États Membres à mettre en œuvre les instruments d’essai ;",
		}),

		// Spelled without its accent on purpose: a search for "NUCLÉAIRE" must find it.
		node(documentReport, graph.Props{"nameFr": "Rapport nucleaire d’essai", "nameEn": "Test nuclear report", "documentKind": "REPORT"}),
		node(conference, graph.Props{"nameEn": "Test Conference", "place": "Testville", "startDate": "2005-04-01", "endDate": "2005-04-13"}),
		// Two topics with the same names, the later ID first, to check that
		// equal scores are ordered by ID.
		node(topicTrainingB, graph.Props{"nameEn": "Training workshop", "nameFr": "Atelier de formation"}),
		node(topicTrainingA, graph.Props{"nameEn": "Training workshop", "nameFr": "Atelier de formation"}),
	}

	rels := []*graph.Relationship{
		rel(regionNorth, graph.RelPartOf, regionTest, "", nil),
		rel(regionSouth, graph.RelPartOf, regionTest, "", nil),
		rel(stateArcadia, graph.RelInRegion, regionNorth, "", graph.Props{"level": "SUBREGION"}),
		rel(stateBorduria, graph.RelInRegion, regionNorth, "", graph.Props{"level": "SUBREGION"}),
		rel(stateCoast, graph.RelInRegion, regionSouth, "", graph.Props{"level": "SUBREGION"}),
		rel(crimeNuclear, graph.RelSubtypeOf, crimeTerrorism, "", nil),
		rel(instConvention, graph.RelAddresses, crimeNuclear, "", nil),
		rel(instSecond, graph.RelAddresses, crimeTerrorism, "", nil),
		rel(instProtocol, graph.RelSupplements, instConvention, "", nil),
		rel(instAmendment, graph.RelAmends, instProtocol, "", nil),
		rel(instConvention, graph.RelAdoptedAt, conference, "", graph.Props{
			"date": "2005-04-13", "votesFor": int64(150), "votesAgainst": int64(0),
			"share": 0.75, "unanimous": true, "languages": []string{"EN", "FR"},
		}),
		rel(bodyOffice, graph.RelDepositary, instConvention, "", nil),
		rel(resolution, graph.RelAdoptedBy, bodyAssembly, "", nil),
		rel(resolution, graph.RelHasParagraph, paraPP1, "", nil),
		rel(resolution, graph.RelHasParagraph, paraOP1, "", nil),
		rel(resolution, graph.RelHasParagraph, paraOP2, "", nil),
		// Two parallel citations told apart by their keys, written in the
		// reverse of the order they are listed in.
		rel(paraPP1, graph.RelCites, resolutionPrev, "second", graph.Props{"how": "REAFFIRMS"}),
		rel(paraPP1, graph.RelCites, resolutionPrev, "", graph.Props{"how": "RECALLS"}),
		{
			From: paraOP1, Type: graph.RelAddressedTo, To: bodyOffice,
			Props:  graph.Props{"verb": "Prie", "action": "REQUESTS", "ask": "continuer à fournir une assistance technique"},
			Source: fullSource,
		},
		rel(paraOP1, graph.RelConcerns, crimeNuclear, "", nil),
		rel(paraOP2, graph.RelConcerns, instConvention, "", nil),
		rel(paraOP2, graph.RelConcerns, instProtocol, "", nil),
		rel(documentReport, graph.RelPartOf, resolution, "", nil),
	}
	return graph.Batch{Nodes: nodes, Relationships: rels}
}
