package resolvers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/schema"
	"github.com/nexus-graph/nexus/seed"
)

// storePair is the same seed in the memory store and in Neo4j, each behind
// its own handler.
type storePair struct {
	memory, neo4j       graph.Store
	memoryH, neo4jH     http.Handler
	memoryAll, neo4jAll http.Handler // without the complexity limit
}

// seededPair loads the seed into the test Neo4j (skipping the test when none
// is configured) and returns it beside the seeded memory store.
func seededPair(t *testing.T) storePair {
	t.Helper()
	neo := neo4jtest.Open(t)
	if _, err := seed.Load(t.Context(), neo); err != nil {
		t.Fatalf("load the seed into Neo4j: %v", err)
	}
	mem := seededStore(t)
	opts := resolvers.Options{Logger: quietLogger()}
	all := resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30}
	return storePair{
		memory: mem, neo4j: neo,
		memoryH: resolvers.NewHandler(mem, opts), neo4jH: resolvers.NewHandler(neo, opts),
		memoryAll: resolvers.NewHandler(mem, all), neo4jAll: resolvers.NewHandler(neo, all),
	}
}

// compare sends the same request to both handlers and fails unless the
// answers are the same byte for byte: status, content type and body. It
// returns the memory store's answer.
func compare(t testing.TB, mem, neo http.Handler, newReq func() *http.Request) response {
	t.Helper()
	want := serve(t, mem, newReq())
	got := serve(t, neo, newReq())
	if got.status != want.status {
		t.Errorf("status: neo4j %d, memory %d", got.status, want.status)
	}
	if g, w := got.header.Get("Content-Type"), want.header.Get("Content-Type"); g != w {
		t.Errorf("Content-Type: neo4j %q, memory %q", g, w)
	}
	if !bytes.Equal(got.body, want.body) {
		t.Errorf("the stores answer differently\n%s", firstDifference(got.body, want.body))
	}
	return want
}

// firstDifference shows where two JSON bodies part, with some context.
func firstDifference(neo, mem []byte) string {
	i := 0
	for i < len(neo) && i < len(mem) && neo[i] == mem[i] {
		i++
	}
	from := max(0, i-300)
	cut := func(b []byte) string {
		return string(b[from:min(len(b), i+300)])
	}
	return fmt.Sprintf("at byte %d (neo4j %d bytes, memory %d bytes):\nneo4j:  …%s…\nmemory: …%s…", i, len(neo), len(mem), cut(neo), cut(mem))
}

// crossStoreDocuments are GraphQL requests whose answers must not depend on
// the store: every root field, each filter, pagination, search with scores,
// provenance, localized fields and errors.
var crossStoreDocuments = []struct {
	name  string
	query string
	vars  map[string]any
}{
	{name: "counts", query: `{ counts { nodes { kind count } relationships { type count } } }`},
	{name: "node and nodes", query: `{ a: node(id: "State:FRA") { __typename id label } b: node(id: "State:XXX") { id } c: node(id: "garbage") { id }
		n: nodes(ids: ["Instrument:CT17", "nope", "Paragraph:A/RES/66/178/op/9", "Region:155", "Footnote:A/RES/66/178/fn/3"]) { __typename id label(lang: FR) } }`},
	{name: "states: first page", query: `{ states(first: 7) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { iso3 name } } } }`},
	{name: "states: every one, every language", query: `{ states(first: 500) { totalCount edges { node { iso3 iso2 m49 wikidata ldc lldc sids
		name nameLang fr: name(lang: FR) es: name(lang: ES) ru: name(lang: RU) zh: name(lang: ZH) ar: name(lang: AR) arLang: nameLang(lang: AR)
		formalName formalFr: formalName(lang: FR) } } } }`},
	{name: "states: region filters", query: `{ a: states(filter: {region: "150"}) { totalCount edges { node { iso3 region { region { code name } level } } } }
		b: states(filter: {region: "africa"}) { totalCount }
		c: states(filter: {subregion: "Western Africa"}, first: 20) { totalCount edges { node { iso3 subregion { region { code } } } } }
		d: states(filter: {subregion: "011"}) { totalCount }
		e: states(filter: {subregion: "Caribbean"}) { totalCount edges { node { iso3 intermediateRegion { region { code name } } } } } }`},
	{name: "states: nameContains", query: `{ a: states(filter: {nameContains: "tomé"}) { edges { node { iso3 } } } b: states(filter: {nameContains: "GUINEA"}) { totalCount edges { node { iso3 } } }
		c: states(filter: {nameContains: "côte"}) { edges { node { iso3 name } } } d: states(filter: {nameContains: "zzz"}) { totalCount edges { node { iso3 } } } }`},
	{name: "states: combined filters, first 0", query: `{ a: states(filter: {region: "Asia", nameContains: "stan"}) { totalCount edges { node { iso3 } } } b: states(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`},
	{name: "state by iso3", query: `{ a: state(iso3: "fra") { iso3 name regions { level region { code name parent { region { code } } } source { document locator basis } } groups { group { id } source { document locator } } partyTo { instrument { id } } benefitsFrom { node { id } } } b: state(iso3: "XXX") { iso3 } }`},
	{name: "regions", query: `{ all: regions { code name level } top: regions(level: REGION) { code children { region { code } level source { document locator } } }
		sub: regions(level: SUBREGION) { code parent { region { code } } } mid: regions(level: INTERMEDIATE_REGION) { code name }
		r: region(code: "155") { code name nameFr: name(lang: FR) nameLang(lang: FR) states { state { iso3 } level source { locator } } } byName: region(code: "Western Europe") { code } none: region(code: "999") { code } }`},
	{name: "crime types", query: `{ crimeTypes { id key name nameFr: name(lang: FR) nameLang description descriptionFr: description(lang: FR)
		links { crimeType { key } nature direction source { document locator paragraph { id } basis note } }
		broader { crimeType { key } } narrower { crimeType { key } } instruments { instrument { key } source { citation url basis } } paragraphs { paragraph { id } } targetedBy { node { id } } } }`},
	{name: "bodies", query: `{ all: bodies { key acronym name nameFr: name(lang: FR) bodyKind partOf { body { key } direction } parts { body { key } }
		establishedBy { node { id } type direction source { document locator } } establishes { body { key } } coordinatesWith { body { key } direction source { locator } }
		depositaryOf { instrument { key } } runs { programme { id } } adopted { resolution { symbol } } convened { conference { key } } addressedBy { paragraph { id } verb action ask } mentionedIn { paragraph { id } role } }
		offices: bodies(kind: OFFICE) { key } b: body(key: "cted") { key } none: body(key: "NOPE") { key } }`},
	{name: "conferences, documents, topics, groups", query: `{ conferences { key name place startDate endDate convenedBy { body { key } } adoptions { adopted { id } date votesFor votesAgainst source { document locator note } } mentionedIn { paragraph { id } } }
		documents { key name documentKind partOf { node { id } } adoptedAt { conference { key } date } citedBy { citing { id } how } paragraphs { paragraph { id } } }
		topics { key name description paragraphs { paragraph { id } source { locator } } }
		groups { id label sources { document locator basis note } } }`},
	{name: "programmes and activities", query: `{ programmes { id } activities { id } }`},
	{name: "instruments: filters", query: `{ all: instruments { totalCount edges { node { key } } } conv: instruments(filter: {kind: CONVENTION}) { totalCount edges { node { key } } }
		prot: instruments(filter: {kind: PROTOCOL, family: COUNTER_TERRORISM}) { totalCount } oc: instruments(filter: {family: ORGANIZED_CRIME}) { edges { node { key } } }
		dep: instruments(filter: {depositary: "ICAO"}) { totalCount edges { node { key depositary } } }
		dates: instruments(filter: {adoptedAfter: "2010-01-01", adoptedBefore: "2011-12-19"}) { edges { node { key adopted } } }
		crime: instruments(filter: {addressesCrimeType: "CrimeType:terrorism"}) { totalCount edges { node { key } } } }`},
	{name: "instruments: pages", query: `{ p1: instruments(first: 4) { pageInfo { hasNextPage endCursor } edges { cursor node { key } } } }`},
	{name: "instrument with every link", query: `{ i: instrument(key: "CT17") { id key shortName title titleLang fr: title(lang: FR) instrumentKind family adopted openedForSignature adoptedNote place depositary entryIntoForce untcChapter unconfirmed
		adoptedAt { adopted { id } conference { key } date votesFor votesAgainst source { document locator footnote { id } basis note } }
		addresses { crimeType { key } source { citation url basis } } supplements { instrument { key } } supplementedBy { instrument { key } } amends { instrument { key } } amendedBy { instrument { key } }
		depositaries { body { key } } paragraphs { paragraph { id } source { locator } } parties { state { iso3 } } targetedBy { node { id } } }
		oc: instrument(key: "OC01") { key supplementedBy { instrument { key } source { document citation url basis } } } none: instrument(key: "CT99") { key } }`},
	{name: "resolutions", query: `{ all: resolutions { totalCount edges { cursor node { symbol organ session adopted meeting title titleLang } } } sc: resolutions(filter: {organ: SC}) { edges { node { symbol } } }
		ga66: resolutions(filter: {organ: GA, session: 66}) { totalCount } page: resolutions(first: 2) { pageInfo { hasNextPage endCursor } edges { node { symbol } } } }`},
	{name: "resolution 66/178 paragraph by paragraph", query: `{ r: resolution(symbol: "A/RES/66/178") { symbol title titleFr: title(lang: FR) titleLang
		paragraphs { id number kind position verb text textLang textFr: text(lang: FR) footnotes { id } resolution { symbol }
			addressedTo { actor { id label } verb action ask source { document locator paragraph { id } basis } }
			mentions { node { id } role source { locator } } concerns { node { id } source { locator basis } } cites { cited { id } how source { locator } } }
		pre: paragraphs(kind: PREAMBULAR) { id } op: paragraphs(kind: OPERATIVE) { id }
		footnotes { id number text textLang paragraph { id } cites { cited { id } how source { locator } } }
		adoptedBy { body { key } source { document locator } } cites { citing { id } cited { id } how } citedBy { citing { id } } asks { actor { id } verb } establishes { body { key } } documents { document { key } } }
		none: resolution(symbol: "A/RES/1/1") { symbol } }`},
	{name: "paragraph 9 as in the README", query: `{ node(id: "Paragraph:A/RES/66/178/op/9") { ... on Paragraph { verb text(lang: FR) addressedTo { actor { id label } verb action ask source { document locator basis } } concerns { node { id label } } } } }`},
	{name: "generic relationships", query: `{ a: node(id: "State:FRA") { relationships { type direction nodeId node { id } properties source { document locator basis } } }
		b: node(id: "Paragraph:A/RES/66/178/op/9") { out: relationships(direction: OUT) { type nodeId properties } in: relationships(direction: IN) { type nodeId } }
		c: node(id: "Group:member-states") { relationships(types: ["MEMBER_OF"], first: 7) { nodeId } }
		d: node(id: "Region:155") { relationships(kinds: [STATE], direction: IN) { type nodeId properties } }
		e: node(id: "CrimeType:terrorism") { relationships(types: ["ADDRESSES", "LINKED_TO", "CONCERNS"]) { type direction nodeId properties } } }`},
	{name: "sources of nodes", query: `{ nodes(ids: ["State:CIV", "State:TUR", "Instrument:CT01", "Body:UNODC", "Resolution:A/RES/66/178", "Topic:technical-assistance", "Region:002"]) { id sources { document locator paragraph { id } footnote { id } citation url basis note } } }`},
	{name: "search", query: `{ a: search(text: "nucleaire") { score node { id label } } b: search(text: "TERROR") { score node { id } } c: search(text: "convention", kinds: [INSTRUMENT], first: 50) { score node { id } }
		d: search(text: "fra") { score node { id } } e: search(text: "Côte d'Ivoire") { score node { id } } f: search(text: "assistance technique") { score node { id } }
		g: search(text: "zzzz") { score } h: search(text: "united", first: 3) { score node { id } } i: search(text: "organized crime", kinds: [INSTRUMENT, CRIME_TYPE, PARAGRAPH]) { score node { id } } }`},
	{name: "search with variables", query: `query($t: String!, $k: [NodeKind!], $n: Int) { search(text: $t, kinds: $k, first: $n) { score node { __typename id } } }`,
		vars: map[string]any{"t": "protocole", "k": []string{"INSTRUMENT", "PARAGRAPH"}, "n": 100}},
	{name: "error: first out of range", query: `{ states(first: 501) { totalCount } }`},
	{name: "error: negative first", query: `{ instruments(first: -1) { totalCount } }`},
	{name: "error: bad cursor", query: `{ states(after: "not-a-cursor") { totalCount } }`},
	{name: "error: bad date", query: `{ instruments(filter: {adoptedAfter: "2011-13-45"}) { totalCount } }`},
	{name: "error: unknown relationship type", query: `{ node(id: "State:FRA") { relationships(types: ["NOPE"]) { type } } }`},
	{name: "error: search without a word", query: `{ search(text: " ,;") { score } }`},
	{name: "error: unknown enum value", query: `{ regions(level: PLANET) { code } }`},
	{name: "error: unknown field", query: `{ state(iso3: "FRA") { capital } }`},
	{name: "error: syntax", query: `{ states(first: 1 { totalCount } }`},
	{name: "error: beside a good field", query: `{ ok: state(iso3: "FRA") { iso3 } bad: states(first: 999) { totalCount } }`},
}

// TestSameAnswersFromEveryStore runs the same requests through the handler
// over the memory store and over Neo4j, both holding the seed, and wants the
// same bytes back: same facts, same order, same scores, same errors.
func TestSameAnswersFromEveryStore(t *testing.T) {
	p := seededPair(t)

	for _, doc := range crossStoreDocuments {
		t.Run(doc.name, func(t *testing.T) {
			res := compare(t, p.memoryH, p.neo4jH, func() *http.Request {
				return postJSON(t, map[string]any{"query": doc.query, "variables": doc.vars}, gqlResponse)
			})
			// A document that failed by mistake would compare equal too.
			wantErrors := strings.HasPrefix(doc.name, "error:")
			if _, has := res.json["errors"]; has != wantErrors {
				t.Errorf("errors in the answer: %v, want %v:\n%s", has, wantErrors, res.body)
			}
		})
	}

	t.Run("walking every page", func(t *testing.T) {
		const q = `query($after: String) { states(first: 17, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { iso3 name } } } }`
		var after any
		for page := 0; ; page++ {
			res := compare(t, p.memoryH, p.neo4jH, func() *http.Request {
				return postJSON(t, map[string]any{"query": q, "variables": map[string]any{"after": after}}, gqlResponse)
			})
			if t.Failed() || page > 20 {
				return
			}
			data := res.json["data"].(map[string]any)
			info := at(t, data, "states", "pageInfo").(map[string]any)
			if info["hasNextPage"] != true {
				return
			}
			after = info["endCursor"]
		}
	})

	t.Run("GET", func(t *testing.T) {
		compare(t, p.memoryH, p.neo4jH, func() *http.Request {
			return getQuery(`query($iso: String!) { state(iso3: $iso) { name regions { region { name } } } }`, map[string]any{"iso": "KEN"}, appJSON)
		})
	})
}

// TestEveryNodeFromEveryStore asks both stores for every node of the seed
// with every field of its type (links and sources included, each localized
// field in two languages), kind by kind, and wants the same bytes back.
func TestEveryNodeFromEveryStore(t *testing.T) {
	p := seededPair(t)
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	for _, kind := range graph.NodeKinds {
		t.Run(string(kind), func(t *testing.T) {
			ids := idsOfKind(t, p.memory, kind)
			if got := idsOfKind(t, p.neo4j, kind); !slices.Equal(got, ids) {
				t.Fatalf("%s IDs: neo4j %v, memory %v", kind, got, ids)
			}
			if len(ids) == 0 {
				return
			}
			typ := s.Types[string(kind)]
			if typ == nil {
				t.Fatalf("no GraphQL type %s", kind)
			}
			query := fmt.Sprintf(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on %s %s } }`, kind, selectAll(s, typ, 0))
			for chunk := range slices.Chunk(ids, 100) {
				res := compare(t, p.memoryAll, p.neo4jAll, func() *http.Request {
					return postJSON(t, map[string]any{"query": query, "variables": map[string]any{"ids": chunk}}, gqlResponse)
				})
				if errs, ok := res.json["errors"]; ok {
					t.Fatalf("errors: %v", errs)
				}
			}
		})
	}
}

// idsOfKind lists the IDs of every node of kind in s, in key order.
func idsOfKind(t *testing.T, s graph.Store, kind graph.NodeKind) []string {
	t.Helper()
	page, err := s.FindNodes(context.Background(), graph.NodeQuery{Kind: kind, Limit: 100000})
	if err != nil {
		t.Fatalf("find %s nodes: %v", kind, err)
	}
	ids := make([]string, len(page.Nodes))
	for i, n := range page.Nodes {
		ids[i] = string(n.ID)
	}
	return ids
}

// selectAll returns a selection set with every field of typ: scalars as
// they are (a field with a lang argument also in French and Arabic), a node
// as its type name and ID, any other object with all its fields, down to a
// few levels.
func selectAll(s *ast.Schema, typ *ast.Definition, depth int) string {
	var b strings.Builder
	b.WriteString("{ __typename")
	for _, f := range typ.Fields {
		if strings.HasPrefix(f.Name, "__") || hasRequiredArgs(f) {
			continue
		}
		def := s.Types[f.Type.Name()]
		var sel string
		switch {
		case def.Kind == ast.Scalar || def.Kind == ast.Enum:
		case def.Name == "Node" || slices.Contains(def.Interfaces, "Node") || def.Kind == ast.Interface || def.Kind == ast.Union:
			sel = "{ __typename ... on Node { id } }"
		case depth >= 3:
			continue
		default:
			sel = selectAll(s, def, depth+1)
		}
		fmt.Fprintf(&b, " %s %s", f.Name, sel)
		if f.Arguments.ForName("lang") != nil {
			fmt.Fprintf(&b, " %s_fr: %s(lang: FR) %s %s_ar: %s(lang: AR) %s", f.Name, f.Name, sel, f.Name, f.Name, sel)
		}
	}
	b.WriteString(" }")
	return b.String()
}

// hasRequiredArgs reports whether f has an argument that must be given.
func hasRequiredArgs(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}

// TestCompareCatchesADifference checks that compare fails when the stores
// answer differently, so that the tests above can fail.
func TestCompareCatchesADifference(t *testing.T) {
	mem := seededStore(t)
	h := resolvers.NewHandler(mem, resolvers.Options{Logger: quietLogger()})
	other := resolvers.NewHandler(reversedSearch{mem}, resolvers.Options{Logger: quietLogger()})
	ft := &fakeT{}
	req := func() *http.Request {
		return postJSON(t, map[string]any{"query": `{ search(text: "terrorism") { score node { id } } }`}, gqlResponse)
	}
	compare(ft, h, other, req)
	if !ft.failed {
		t.Error("compare did not notice search hits in another order")
	}
	ft = &fakeT{}
	compare(ft, h, h, req)
	if ft.failed {
		t.Errorf("compare failed on identical answers: %s", ft.msg)
	}
}

// reversedSearch is a store whose search hits come in reverse order.
type reversedSearch struct{ graph.Store }

func (r reversedSearch) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	hits, err := r.Store.Search(ctx, q)
	slices.Reverse(hits)
	return hits, err
}

// Snapshot implements graph.Store: the snapshot's hits are reversed too.
func (r reversedSearch) Snapshot(ctx context.Context) graph.Snapshot {
	return reversedSnapshot{r.Store.Snapshot(ctx)}
}

// reversedSnapshot is a snapshot whose search hits come in reverse order.
type reversedSnapshot struct{ graph.Snapshot }

func (r reversedSnapshot) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	hits, err := r.Snapshot.Search(ctx, q)
	slices.Reverse(hits)
	return hits, err
}

// fakeT records a failure instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msg += fmt.Sprintf(format, args...)
}
