package resolvers_test

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestQueries runs every root field through the real handler over the
// seeded memory store.
func TestQueries(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		check func(t *testing.T, data map[string]any)
	}{
		{
			name:  "node by id",
			query: `{ node(id: "State:FRA") { __typename id label ... on State { iso3 name } } }`,
			check: func(t *testing.T, d map[string]any) {
				if got := at(t, d, "node", "__typename"); got != "State" {
					t.Errorf("__typename = %v, want State", got)
				}
				if got := at(t, d, "node", "name"); got != "France" {
					t.Errorf("name = %v, want France", got)
				}
			},
		},
		{
			name:  "node unknown and malformed ids are null",
			query: `{ a: node(id: "State:XXX") { id } b: node(id: "garbage") { id } c: node(id: "Planet:Mars") { id } }`,
			check: func(t *testing.T, d map[string]any) {
				for _, k := range []string{"a", "b", "c"} {
					if d[k] != nil {
						t.Errorf("%s = %v, want null", k, d[k])
					}
				}
			},
		},
		{
			name:  "nodes keeps order and nulls",
			query: `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
			vars:  map[string]any{"ids": []string{"Instrument:CT17", "nope", "State:FRA", "Region:155"}},
			check: func(t *testing.T, d map[string]any) {
				ns := list(t, d, "nodes")
				if len(ns) != 4 || ns[1] != nil {
					t.Fatalf("nodes = %v, want 4 with null second", ns)
				}
				want := []string{"Instrument", "State", "Region"}
				got := []string{at(t, ns[0], "__typename").(string), at(t, ns[2], "__typename").(string), at(t, ns[3], "__typename").(string)}
				if !slices.Equal(got, want) {
					t.Errorf("types = %v, want %v", got, want)
				}
			},
		},
		{
			name:  "states: all, by English name",
			query: `{ states(first: 500) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { iso3 name } } } }`,
			check: func(t *testing.T, d map[string]any) {
				if n := num(t, d, "states", "totalCount"); n != 193 {
					t.Errorf("totalCount = %d, want 193", n)
				}
				edges := list(t, d, "states", "edges")
				if len(edges) != 193 {
					t.Fatalf("%d edges, want 193", len(edges))
				}
				names := strs(t, edges, "node", "name")
				if names[0] != "Afghanistan" {
					t.Errorf("first state %q, want Afghanistan", names[0])
				}
				if !sort.SliceIsSorted(names, func(i, j int) bool { return names[i] < names[j] }) {
					t.Errorf("states not ordered by English name: %v", names)
				}
				if at(t, d, "states", "pageInfo", "hasNextPage") != false || at(t, d, "states", "pageInfo", "hasPreviousPage") != false {
					t.Errorf("pageInfo = %v, want no next or previous page", at(t, d, "states", "pageInfo"))
				}
			},
		},
		{
			name: "states: region by code, English name, any case",
			query: `{ a: states(filter: {region: "150"}) { totalCount edges { node { region { region { code } } } } }
			          b: states(filter: {region: "Europe"}) { totalCount }
			          c: states(filter: {region: "EUROPE"}) { totalCount } }`,
			check: func(t *testing.T, d map[string]any) {
				n := num(t, d, "a", "totalCount")
				if n < 40 || n > 50 {
					t.Errorf("Europe has %d states, want about 44", n)
				}
				for _, k := range []string{"b", "c"} {
					if m := num(t, d, k, "totalCount"); m != n {
						t.Errorf("%s: %d states, want %d as by code", k, m, n)
					}
				}
				for _, code := range strs(t, list(t, d, "a", "edges"), "node", "region", "region", "code") {
					if code != "150" {
						t.Errorf("state in region %s, want 150", code)
					}
				}
			},
		},
		{
			name: "states: subregion by code or name, including intermediate regions",
			query: `{ a: states(filter: {subregion: "155"}) { totalCount edges { node { iso3 subregion { region { name } } } } }
			          b: states(filter: {subregion: "western europe"}) { totalCount }
			          c: states(filter: {subregion: "Western Africa"}) { totalCount edges { node { intermediateRegion { region { code } } } } }
			          d: states(filter: {region: "Europe", subregion: "Western Europe", nameContains: "fr"}) { edges { node { iso3 } } } }`,
			check: func(t *testing.T, d map[string]any) {
				if n := num(t, d, "a", "totalCount"); n != 9 {
					t.Errorf("Western Europe has %d states, want 9", n)
				}
				if n := num(t, d, "b", "totalCount"); n != 9 {
					t.Errorf("by name: %d states, want 9", n)
				}
				iso := strs(t, list(t, d, "a", "edges"), "node", "iso3")
				if !slices.Contains(iso, "FRA") || !slices.Contains(iso, "DEU") {
					t.Errorf("Western Europe = %v, want FRA and DEU in it", iso)
				}
				for _, s := range strs(t, list(t, d, "a", "edges"), "node", "subregion", "region", "name") {
					if s != "Western Europe" {
						t.Errorf("subregion %q, want Western Europe", s)
					}
				}
				if n := num(t, d, "c", "totalCount"); n != 16 {
					t.Errorf("Western Africa has %d states, want 16", n)
				}
				for _, c := range strs(t, list(t, d, "c", "edges"), "node", "intermediateRegion", "region", "code") {
					if c != "011" {
						t.Errorf("intermediate region %s, want 011", c)
					}
				}
				if got := strs(t, list(t, d, "d", "edges"), "node", "iso3"); !slices.Equal(got, []string{"FRA"}) {
					t.Errorf("combined filter = %v, want [FRA]", got)
				}
			},
		},
		{
			name: "states: nameContains in any language, ignoring case and accents",
			query: `{ a: states(filter: {nameContains: "tomé"}) { edges { node { iso3 } } }
			          e: states(filter: {nameContains: "cote"}) { edges { node { iso3 } } }
			          b: states(filter: {nameContains: "ETATS-UNIS"}) { edges { node { iso3 } } }
			          c: states(filter: {nameContains: "法国"}) { edges { node { iso3 } } }
			          d: states(filter: {nameContains: "allemagne"}) { edges { node { iso3 } } } }`,
			check: func(t *testing.T, d map[string]any) {
				if got := strs(t, list(t, d, "a", "edges"), "node", "iso3"); !slices.Equal(got, []string{"STP"}) {
					t.Errorf("tomé = %v, want [STP]", got)
				}
				if got := strs(t, list(t, d, "e", "edges"), "node", "iso3"); !slices.Equal(got, []string{"CIV"}) {
					t.Errorf("cote = %v, want [CIV]", got)
				}
				if got := strs(t, list(t, d, "b", "edges"), "node", "iso3"); !slices.Contains(got, "USA") {
					t.Errorf("ETATS-UNIS = %v, want USA among them", got)
				}
				if got := strs(t, list(t, d, "c", "edges"), "node", "iso3"); !slices.Equal(got, []string{"FRA"}) {
					t.Errorf("法国 = %v, want [FRA]", got)
				}
				if got := strs(t, list(t, d, "d", "edges"), "node", "iso3"); !slices.Equal(got, []string{"DEU"}) {
					t.Errorf("allemagne = %v, want [DEU]", got)
				}
			},
		},
		{
			name:  "state by iso3, any case; unknown is null",
			query: `{ a: state(iso3: "fra") { iso3 iso2 m49 name fr: name(lang: FR) nameLang formalName wikidata } b: state(iso3: "XXX") { iso3 } }`,
			check: func(t *testing.T, d map[string]any) {
				if got := at(t, d, "a", "iso2"); got != "FR" {
					t.Errorf("iso2 = %v, want FR", got)
				}
				if got := at(t, d, "a", "fr"); got != "France (la)" {
					t.Errorf("French name = %v, want France (la)", got)
				}
				if got := at(t, d, "a", "formalName"); got != "the French Republic" {
					t.Errorf("formal name = %v", got)
				}
				if d["b"] != nil {
					t.Errorf("unknown state = %v, want null", d["b"])
				}
			},
		},
		{
			name: "regions, levels and hierarchy",
			query: `{ all: regions { code } top: regions(level: REGION) { code level }
			          r: region(code: "155") { name level parent { region { code } source { document } } states { state { iso3 } level } }
			          e: region(code: "150") { children { region { code } level } } }`,
			check: func(t *testing.T, d map[string]any) {
				if n := len(list(t, d, "all")); n != 29 {
					t.Errorf("%d regions, want 29", n)
				}
				top := list(t, d, "top")
				if got := strs(t, top, "code"); !slices.Equal(got, []string{"002", "009", "019", "142", "150"}) {
					t.Errorf("top regions = %v", got)
				}
				if got := at(t, d, "r", "parent", "region", "code"); got != "150" {
					t.Errorf("parent of 155 = %v, want 150", got)
				}
				if n := len(list(t, d, "r", "states")); n != 9 {
					t.Errorf("155 has %d states, want 9", n)
				}
				if got := at(t, d, "r", "states", 0, "level"); got != "SUBREGION" {
					t.Errorf("membership level = %v, want SUBREGION", got)
				}
				if got := strs(t, list(t, d, "e", "children"), "region", "code"); !slices.Contains(got, "155") {
					t.Errorf("children of 150 = %v, want 155 among them", got)
				}
			},
		},
		{
			name:  "crimeTypes",
			query: `{ crimeTypes { key name links { crimeType { key } nature direction } narrower { crimeType { key } } instruments { instrument { key } } } }`,
			check: func(t *testing.T, d map[string]any) {
				cts := list(t, d, "crimeTypes")
				if len(cts) != 12 {
					t.Errorf("%d crime types, want 12", len(cts))
				}
				for _, ct := range cts {
					if at(t, ct, "key") != "terrorism" {
						continue
					}
					if got := strs(t, list(t, ct, "narrower"), "crimeType", "key"); !slices.Contains(got, "nuclear-terrorism") {
						t.Errorf("narrower than terrorism = %v, want nuclear-terrorism", got)
					}
					if got := strs(t, list(t, ct, "links"), "crimeType", "key"); !slices.Contains(got, "transnational-organized-crime") {
						t.Errorf("links of terrorism = %v", got)
					}
					if n := len(list(t, ct, "instruments")); n != 19 {
						t.Errorf("%d instruments address terrorism, want 19", n)
					}
					return
				}
				t.Error("no terrorism crime type")
			},
		},
		{
			name:  "bodies, all and by kind",
			query: `{ all: bodies { key } offices: bodies(kind: OFFICE) { key name(lang: FR) bodyKind } b: body(key: "CTED") { partOf { body { key } } establishedBy { node { id } } } }`,
			check: func(t *testing.T, d map[string]any) {
				keys := strs(t, list(t, d, "all"), "key")
				if len(keys) != 7 || !slices.Contains(keys, "UNODC") {
					t.Errorf("bodies = %v, want 7 with UNODC", keys)
				}
				if got := strs(t, list(t, d, "offices"), "key"); !slices.Equal(got, []string{"UNODC"}) {
					t.Errorf("offices = %v, want [UNODC]", got)
				}
				if got := at(t, d, "b", "partOf", 0, "body", "key"); got != "CTC" {
					t.Errorf("CTED part of %v, want CTC", got)
				}
				if got := at(t, d, "b", "establishedBy", 0, "node", "id"); got != "Resolution:S/RES/1535 (2004)" {
					t.Errorf("CTED established by %v", got)
				}
			},
		},
		{
			name:  "conferences with adoptions and votes",
			query: `{ conferences { id name place startDate adoptions { adopted { id } date votesFor votesAgainst } } }`,
			check: func(t *testing.T, d map[string]any) {
				cs := list(t, d, "conferences")
				if len(cs) != 2 {
					t.Fatalf("%d conferences, want 2", len(cs))
				}
				for _, c := range cs {
					if at(t, c, "id") != "Conference:air-law-beijing-2010" {
						continue
					}
					ad := list(t, c, "adoptions")
					if got := strs(t, ad, "adopted", "id"); !slices.Equal(got, []string{"Instrument:CT17", "Instrument:CT18"}) {
						t.Errorf("adopted = %v", got)
					}
					if num(t, ad[0], "votesFor") != 55 || num(t, ad[0], "votesAgainst") != 14 {
						t.Errorf("CT17 vote = %v", ad[0])
					}
					return
				}
				t.Error("no Beijing conference")
			},
		},
		{
			name: "instruments: each filter",
			query: `{ all: instruments { totalCount }
			          protocols: instruments(filter: {kind: PROTOCOL}) { edges { node { key instrumentKind } } }
			          oc: instruments(filter: {family: ORGANIZED_CRIME}) { edges { node { key family } } }
			          imo: instruments(filter: {depositary: "imo"}) { edges { node { key depositary } } }
			          before: instruments(filter: {adoptedBefore: "1970-01-01"}) { edges { node { key } } }
			          after: instruments(filter: {adoptedAfter: "2010-01-01"}) { edges { node { key } } }
			          nuclear: instruments(filter: {addressesCrimeType: "CrimeType:nuclear-terrorism"}) { edges { node { key } } }
			          both: instruments(filter: {kind: CONVENTION, adoptedAfter: "2000-01-01", addressesCrimeType: "CrimeType:terrorism"}) { edges { node { key } } } }`,
			check: func(t *testing.T, d map[string]any) {
				if n := num(t, d, "all", "totalCount"); n != 23 {
					t.Errorf("%d instruments, want 23", n)
				}
				for _, k := range strs(t, list(t, d, "protocols", "edges"), "node", "instrumentKind") {
					if k != "PROTOCOL" {
						t.Errorf("kind filter let through %s", k)
					}
				}
				if len(list(t, d, "protocols", "edges")) == 0 {
					t.Error("no protocols")
				}
				if got := strs(t, list(t, d, "oc", "edges"), "node", "key"); !slices.Equal(got, []string{"OC01", "OC02", "OC03", "OC04"}) {
					t.Errorf("organized crime = %v", got)
				}
				for _, dep := range strs(t, list(t, d, "imo", "edges"), "node", "depositary") {
					if !strings.Contains(strings.ToLower(dep), "imo") {
						t.Errorf("depositary %q does not contain imo", dep)
					}
				}
				if got := strs(t, list(t, d, "imo", "edges"), "node", "key"); !slices.Equal(got, []string{"CT09", "CT10", "CT11"}) {
					t.Errorf("IMO = %v", got)
				}
				if got := strs(t, list(t, d, "before", "edges"), "node", "key"); !slices.Equal(got, []string{"CT01"}) {
					t.Errorf("adopted before 1970 = %v, want [CT01]", got)
				}
				if got := strs(t, list(t, d, "after", "edges"), "node", "key"); !slices.Equal(got, []string{"CT17", "CT18"}) {
					t.Errorf("adopted after 2010 = %v, want [CT17 CT18]", got)
				}
				if got := strs(t, list(t, d, "nuclear", "edges"), "node", "key"); !slices.Equal(got, []string{"CT16"}) {
					t.Errorf("nuclear terrorism = %v, want [CT16]", got)
				}
				if got := strs(t, list(t, d, "both", "edges"), "node", "key"); !slices.Contains(got, "CT17") || slices.Contains(got, "CT18") {
					t.Errorf("conventions after 2000 on terrorism = %v, want CT17 and not the protocol CT18", got)
				}
			},
		},
		{
			name:  "instrument by key with its links",
			query: `{ i: instrument(key: "ct17") { key shortName title titleLang fr: title(lang: FR) adopted adoptedAt { conference { id } votesFor votesAgainst date } supplements { instrument { key } } addresses { crimeType { key } } paragraphs { paragraph { id } } } none: instrument(key: "CT99") { key } }`,
			check: func(t *testing.T, d map[string]any) {
				if got := at(t, d, "i", "key"); got != "CT17" {
					t.Errorf("key = %v", got)
				}
				if num(t, d, "i", "adoptedAt", "votesFor") != 55 {
					t.Errorf("adoptedAt = %v", at(t, d, "i", "adoptedAt"))
				}
				if got := strs(t, list(t, d, "i", "paragraphs"), "paragraph", "id"); !slices.Contains(got, "Paragraph:A/RES/66/178/pp/10") {
					t.Errorf("paragraphs concerning CT17 = %v", got)
				}
				if d["none"] != nil {
					t.Errorf("unknown instrument = %v, want null", d["none"])
				}
			},
		},
		{
			name:  "resolutions, all and by organ",
			query: `{ all: resolutions { totalCount edges { node { symbol } } } sc: resolutions(filter: {organ: SC}) { edges { node { symbol organ } } } ga66: resolutions(filter: {organ: GA, session: 66}) { edges { node { symbol } } } }`,
			check: func(t *testing.T, d map[string]any) {
				if n := num(t, d, "all", "totalCount"); n != 8 {
					t.Errorf("%d resolutions, want 8", n)
				}
				if got := strs(t, list(t, d, "sc", "edges"), "node", "symbol"); !slices.Equal(got, []string{"S/RES/1373 (2001)", "S/RES/1535 (2004)"}) {
					t.Errorf("SC resolutions = %v", got)
				}
				if got := strs(t, list(t, d, "ga66", "edges"), "node", "symbol"); !slices.Equal(got, []string{"A/RES/66/178"}) {
					t.Errorf("GA session 66 = %v", got)
				}
			},
		},
		{
			name: "resolution with paragraphs by kind, footnotes and text fallback",
			query: `{ r: resolution(symbol: "A/RES/66/178") { symbol organ session adopted meeting title titleLang
			            all: paragraphs { number kind position }
			            pp: paragraphs(kind: PREAMBULAR) { number kind }
			            op: paragraphs(kind: OPERATIVE) { number kind verb en: text(lang: EN) enLang: textLang(lang: EN) fr: text(lang: FR) frLang: textLang(lang: FR) }
			            footnotes { number text paragraph { id } } } }`,
			check: func(t *testing.T, d map[string]any) {
				r := at(t, d, "r")
				if at(t, r, "organ") != "GA" || num(t, r, "session") != 66 || at(t, r, "adopted") != "2011-12-19" {
					t.Errorf("resolution = %v", r)
				}
				all := list(t, r, "all")
				if len(all) != 22 {
					t.Fatalf("%d paragraphs, want 22", len(all))
				}
				for i := range all {
					if num(t, all[i], "position") != i+1 {
						t.Errorf("paragraph %d has position %v", i+1, at(t, all[i], "position"))
					}
				}
				pp, op := list(t, r, "pp"), list(t, r, "op")
				if len(pp) != 10 || len(op) != 12 {
					t.Errorf("%d preambular and %d operative paragraphs, want 10 and 12", len(pp), len(op))
				}
				for i, p := range op {
					if at(t, p, "kind") != "OPERATIVE" || num(t, p, "number") != i+1 {
						t.Errorf("operative paragraph %d = %v", i+1, p)
					}
					// The text is in French only: English falls back to it.
					if at(t, p, "en") != at(t, p, "fr") || at(t, p, "enLang") != "FR" || at(t, p, "frLang") != "FR" {
						t.Errorf("op %d: text(EN) = %v (%v), want the French text and FR", i+1, at(t, p, "en"), at(t, p, "enLang"))
					}
				}
				if !strings.HasPrefix(at(t, op[8], "fr").(string), "Encourage les États Membres") {
					t.Errorf("op 9 text = %v", at(t, op[8], "fr"))
				}
				fns := list(t, r, "footnotes")
				if got := strs(t, fns, "number"); !slices.Equal(got, []string{"1", "2", "3", "4"}) {
					t.Errorf("footnotes = %v", got)
				}
				if at(t, fns[2], "text") != "Adoptée par 55 voix contre 14." {
					t.Errorf("footnote 3 = %v", at(t, fns[2], "text"))
				}
			},
		},
		{
			name: "paragraph: what it asks of whom, mentions, concerns, cites",
			query: `{ p: node(id: "Paragraph:A/RES/66/178/op/9") { ... on Paragraph { label resolution { symbol }
			            addressedTo { actor { id } verb action ask }
			            concerns { node { id } } mentions { node { id } role } } }
			          pp4: node(id: "Paragraph:A/RES/66/178/pp/4") { ... on Paragraph { cites { cited { id } how } footnotes { number } } } }`,
			check: func(t *testing.T, d map[string]any) {
				if at(t, d, "p", "label") != "A/RES/66/178 OP9" || at(t, d, "p", "resolution", "symbol") != "A/RES/66/178" {
					t.Errorf("paragraph = %v", d["p"])
				}
				asks := list(t, d, "p", "addressedTo")
				if got := strs(t, asks, "actor", "id"); !slices.Equal(got, []string{"Body:UNODC", "Group:member-states"}) {
					t.Errorf("op 9 asks %v", got)
				}
				if got := strs(t, asks, "action"); !slices.Equal(got, []string{"CALLS_UPON", "ENCOURAGES"}) {
					t.Errorf("op 9 actions %v", got)
				}
				if got := strs(t, list(t, d, "p", "concerns"), "node", "id"); !slices.Contains(got, "CrimeType:related-criminal-activities") {
					t.Errorf("op 9 concerns %v", got)
				}
				if got := strs(t, list(t, d, "pp4", "cites"), "cited", "id"); !slices.Contains(got, "Document:global-counter-terrorism-strategy") {
					t.Errorf("pp 4 cites %v", got)
				}
				if got := strs(t, list(t, d, "pp4", "footnotes"), "number"); !slices.Equal(got, []string{"1"}) {
					t.Errorf("pp 4 footnotes %v", got)
				}
			},
		},
		{
			name:  "search ignores accents and case",
			query: `{ a: search(text: "nucleaire") { score node { id } } b: search(text: "NUCLÉAIRE") { node { id } } }`,
			check: func(t *testing.T, d map[string]any) {
				a := strs(t, list(t, d, "a"), "node", "id")
				if !slices.Contains(a, "CrimeType:nuclear-terrorism") {
					t.Errorf("nucleaire = %v, want CrimeType:nuclear-terrorism", a)
				}
				if b := strs(t, list(t, d, "b"), "node", "id"); !slices.Equal(a, b) {
					t.Errorf("NUCLÉAIRE = %v, want the same hits as nucleaire %v", b, a)
				}
				hits := list(t, d, "a")
				for i := 1; i < len(hits); i++ {
					if score(t, hits[i]) > score(t, hits[i-1]) {
						t.Errorf("hit %d scores more than hit %d", i, i-1)
					}
				}
			},
		},
		{
			name:  "search with kinds and first",
			query: `{ s: search(text: "nuclear", kinds: [INSTRUMENT], first: 5) { node { __typename id } } t: search(text: "terror", first: 3) { node { id } } }`,
			check: func(t *testing.T, d map[string]any) {
				hits := list(t, d, "s")
				if len(hits) == 0 {
					t.Fatal("no instrument hit for nuclear")
				}
				for _, typ := range strs(t, hits, "node", "__typename") {
					if typ != "Instrument" {
						t.Errorf("kinds filter let through a %s", typ)
					}
				}
				if !slices.Contains(strs(t, hits, "node", "id"), "Instrument:CT16") {
					t.Errorf("nuclear instruments = %v, want CT16", strs(t, hits, "node", "id"))
				}
				if n := len(list(t, d, "t")); n != 3 {
					t.Errorf("first: 3 gave %d hits", n)
				}
			},
		},
		{
			name:  "relationships, generic",
			query: `{ s: state(iso3: "FRA") { relationships(types: ["IN_REGION"]) { type direction nodeId node { id } properties source { document basis } } out: relationships(direction: IN, kinds: [GROUP]) { type } } }`,
			check: func(t *testing.T, d map[string]any) {
				rels := list(t, d, "s", "relationships")
				if got := strs(t, rels, "node", "id"); !slices.Equal(got, []string{"Region:150", "Region:155"}) {
					t.Errorf("IN_REGION of FRA = %v", got)
				}
				for _, r := range rels {
					if at(t, r, "type") != "IN_REGION" || at(t, r, "direction") != "OUT" || at(t, r, "nodeId") != at(t, r, "node", "id") {
						t.Errorf("relationship = %v", r)
					}
					if at(t, r, "source", "basis") != "STATED" || at(t, r, "source", "document") == nil {
						t.Errorf("relationship without source: %v", r)
					}
				}
				if at(t, rels[1], "properties", "level") != "SUBREGION" {
					t.Errorf("properties = %v", at(t, rels[1], "properties"))
				}
				if n := len(list(t, d, "s", "out")); n != 0 {
					t.Errorf("incoming relationships from groups: %d, want 0", n)
				}
			},
		},
		{
			name:  "counts",
			query: `{ counts { nodes { kind count } relationships { type count } } }`,
			check: func(t *testing.T, d map[string]any) {
				for _, n := range list(t, d, "counts", "nodes") {
					if at(t, n, "kind") == "STATE" && num(t, n, "count") != 193 {
						t.Errorf("states counted %v", at(t, n, "count"))
					}
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, gql(t, h, tc.query, tc.vars))
		})
	}
}

// TestPagination walks every page of the states and checks the cursors.
func TestPagination(t *testing.T) {
	h := newHandler(t)
	const q = `query($after: String) { states(first: 50, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { iso3 } } } }`
	var seen []string
	var after any
	for page := 0; ; page++ {
		d := gql(t, h, q, map[string]any{"after": after})
		edges := list(t, d, "states", "edges")
		seen = append(seen, strs(t, edges, "node", "iso3")...)
		if got := at(t, d, "states", "pageInfo", "hasPreviousPage"); got != (page > 0) {
			t.Errorf("page %d: hasPreviousPage = %v", page, got)
		}
		if at(t, d, "states", "pageInfo", "startCursor") != at(t, edges[0], "cursor") ||
			at(t, d, "states", "pageInfo", "endCursor") != at(t, edges[len(edges)-1], "cursor") {
			t.Errorf("page %d: start and end cursors do not match the edges", page)
		}
		if at(t, d, "states", "pageInfo", "hasNextPage") == false {
			break
		}
		if page > 10 {
			t.Fatal("pagination does not end")
		}
		after = at(t, d, "states", "pageInfo", "endCursor")
	}
	if len(seen) != 193 {
		t.Errorf("walked %d states, want 193", len(seen))
	}
	uniq := slices.Clone(seen)
	slices.Sort(uniq)
	if len(slices.Compact(uniq)) != 193 {
		t.Error("a state came twice")
	}

	// first: 0 gives only the total.
	d := gql(t, h, `{ states(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`, nil)
	if num(t, d, "states", "totalCount") != 193 || len(list(t, d, "states", "edges")) != 0 || at(t, d, "states", "pageInfo", "endCursor") != nil {
		t.Errorf("first: 0 = %v", d)
	}
}

// score returns the score of a search hit.
func score(t *testing.T, hit any) float64 {
	t.Helper()
	f, err := at(t, hit, "score").(json.Number).Float64()
	if err != nil {
		t.Fatal(err)
	}
	return f
}
