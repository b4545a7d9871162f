package seed

import (
	"regexp"
	"strings"

	"github.com/nexus-graph/nexus/graph"
)

// The tables of Member States and country names, and the named sources
// (facts/sources.facts) that cite them.
const (
	memberStatesFile   = "data/un-member-states.csv"
	countryCodesFile   = "data/country-codes.csv"
	memberStatesSource = "un-member-states"
	countryCodesSource = "country-codes"
	memberStatesGroup  = graph.ID("Group:member-states")
)

var (
	reISO2 = regexp.MustCompile(`^[A-Z]{2}$`)
	reM49  = regexp.MustCompile(`^\d{3}$`)
)

// untermColumns maps the UNTERM columns of country-codes.csv to the
// properties of a State: short names to nameXx, formal names to formalNameXx.
var untermColumns = []struct {
	col, prop string
}{
	{"UNTERM English Short", "nameEn"}, {"UNTERM French Short", "nameFr"},
	{"UNTERM Spanish Short", "nameEs"}, {"UNTERM Russian Short", "nameRu"},
	{"UNTERM Chinese Short", "nameZh"}, {"UNTERM Arabic Short", "nameAr"},
	{"UNTERM English Formal", "formalNameEn"}, {"UNTERM French Formal", "formalNameFr"},
	{"UNTERM Spanish Formal", "formalNameEs"}, {"UNTERM Russian Formal", "formalNameRu"},
	{"UNTERM Chinese Formal", "formalNameZh"}, {"UNTERM Arabic Formal", "formalNameAr"},
}

// officialNameColumns maps the dataset's own name columns of country-codes.csv
// to State names, used only where the UNTERM short name is blank.
var officialNameColumns = []struct {
	col, prop string
}{
	{"official_name_fr", "nameFr"}, {"official_name_es", "nameEs"}, {"official_name_ru", "nameRu"},
	{"official_name_cn", "nameZh"}, {"official_name_ar", "nameAr"},
}

// regionLevel is one level of the M49 hierarchy as the Member States table
// gives it.
type regionLevel struct {
	codeCol, nameCol   string // columns of the table
	codeProp, nameProp string // properties of the State
	level              string
}

var regionLevels = []regionLevel{
	{"region_code", "region_name", "regionCode", "regionName", levelRegion},
	{"subregion_code", "subregion_name", "subregionCode", "subregionName", levelSubregion},
	{"intermediate_region_code", "intermediate_region_name", "intermediateRegionCode", "intermediateRegionName", levelIntermediate},
}

// regionSeen remembers where a region was first read, to check that every
// row agrees on its name and parent.
type regionSeen struct {
	name   string
	parent graph.ID
	line   int
}

// loadStates reads the Member States with their names and regions: State,
// Region, MEMBER_OF, IN_REGION and PART_OF (region to parent region).
func (r *reader) loadStates() {
	names := r.readTable(countryCodesFile, "ISO3166-1-Alpha-3")
	if names != nil {
		for _, c := range untermColumns {
			if _, ok := names.cols[c.col]; !ok {
				r.ps.add(countryCodesFile, 1, "missing column %q", c.col)
				names = nil
				break
			}
		}
	}
	nameRows := map[string]tableRow{}
	if names != nil {
		for _, row := range names.rows {
			if iso3 := names.get(row, "ISO3166-1-Alpha-3"); iso3 != "" {
				if _, dup := nameRows[iso3]; !dup {
					nameRows[iso3] = row
				}
			}
		}
	}

	t := r.readTable(memberStatesFile, "iso2", "iso3", "m49", "name_unterm_en_short", "name_official_en",
		"region_code", "region_name", "subregion_code", "subregion_name",
		"intermediate_region_code", "intermediate_region_name", "ldc", "lldc", "sids", "wikidata")
	if t == nil {
		return
	}
	regions := map[graph.ID]*regionSeen{}
	for _, row := range t.rows {
		r.loadState(t, row, names, nameRows, regions)
	}
}

// loadState reads one row of the Member States table.
func (r *reader) loadState(t *table, row tableRow, names *table, nameRows map[string]tableRow, regions map[graph.ID]*regionSeen) {
	file, line := t.file, row.line
	src := r.fileSource(memberStatesSource, file, line)
	iso3 := t.get(row, "iso3")
	id, err := parseID(string(graph.KindState) + ":" + iso3)
	if err != nil {
		r.ps.add(file, line, "column iso3: %v", err)
		return
	}
	d := newNodeDef(id, pos{file, line})
	p := d.node.Props
	p["iso3"] = iso3
	check := func(col string, re *regexp.Regexp, want string) string {
		v := t.get(row, col)
		if v != "" && !re.MatchString(v) {
			r.ps.add(file, line, "column %s: want %s, got %q", col, want, v)
			return ""
		}
		return v
	}
	if v := check("iso2", reISO2, "two capital letters"); v != "" {
		p["iso2"] = v
	} else if t.get(row, "iso2") == "" {
		r.ps.add(file, line, "column iso2: empty")
	}
	if v := check("m49", reM49, "a 3-digit M49 code"); v != "" {
		p["m49"] = v
	} else if t.get(row, "m49") == "" {
		r.ps.add(file, line, "column m49: empty")
	}
	for _, f := range []struct{ col, prop string }{{"ldc", "ldc"}, {"lldc", "lldc"}, {"sids", "sids"}} {
		switch v := t.get(row, f.col); v {
		case "x":
			p[f.prop] = true
		case "":
			// An empty cell is not a confirmed "no": the flag stays absent.
		default:
			r.ps.add(file, line, "column %s: want \"x\" or empty, got %q", f.col, v)
		}
	}
	if v := t.get(row, "wikidata"); v != "" {
		if err := checkURL(v); err != nil {
			r.ps.add(file, line, "column wikidata: %v", err)
		} else {
			p["wikidata"] = v
		}
	}

	// Regions, from the widest to the narrowest.
	var parent graph.ID
	var inRegion []*relDef
	for _, lv := range regionLevels {
		code, name := t.get(row, lv.codeCol), t.get(row, lv.nameCol)
		if code == "" {
			if name != "" {
				r.ps.add(file, line, "column %s: a name without a code", lv.nameCol)
			}
			continue
		}
		if !reM49.MatchString(code) {
			r.ps.add(file, line, "column %s: want a 3-digit M49 code, got %q", lv.codeCol, code)
			continue
		}
		if name == "" {
			r.ps.add(file, line, "column %s: empty for code %s", lv.nameCol, code)
			continue
		}
		p[lv.codeProp], p[lv.nameProp] = code, name
		rid := graph.NewID(graph.KindRegion, code)
		if seen, ok := regions[rid]; ok {
			if seen.name != name {
				r.ps.add(file, line, "region %s is named %q here but %q at line %d", code, name, seen.name, seen.line)
			}
			if seen.parent != parent {
				r.ps.add(file, line, "region %s is in %s here but in %s at line %d", code, parent, seen.parent, seen.line)
			}
		} else {
			regions[rid] = &regionSeen{name: name, parent: parent, line: line}
			rd := newNodeDef(rid, pos{file, line})
			rd.node.Props["code"], rd.node.Props["nameEn"], rd.node.Props["level"] = code, name, lv.level
			rd.node.Sources = []graph.Source{src}
			r.addNode(rd)
			if parent != "" {
				r.addRel(&relDef{
					rel: &graph.Relationship{From: rid, Type: graph.RelPartOf, To: parent, Props: graph.Props{}, Source: src},
					at:  pos{file, line}, props: map[string]pos{},
				})
			}
		}
		inRegion = append(inRegion, &relDef{
			rel: &graph.Relationship{From: id, Type: graph.RelInRegion, To: rid, Props: graph.Props{"level": lv.level}, Source: src},
			at:  pos{file, line}, props: map[string]pos{},
		})
		parent = rid
	}

	// Names in the six languages, from the UNTERM columns.
	stateSrc := src
	if nameRow, ok := nameRows[iso3]; ok {
		for _, c := range untermColumns {
			if v := names.get(nameRow, c.col); v != "" {
				p[c.prop] = v
			}
		}
		d.node.Sources = append(d.node.Sources, r.fileSource(countryCodesSource, names.file, nameRow.line))
	} else if names != nil {
		r.ps.add(file, line, "no row for %s in %s (column ISO3166-1-Alpha-3)", iso3, names.file)
	}
	if _, ok := p["nameEn"]; !ok {
		if v := t.get(row, "name_official_en"); v != "" {
			p["nameEn"] = v
			stateSrc.Note = "The UNTERM name cells are blank in the source snapshot; nameEn is this file's name_official_en, the only English name it gives."
		}
	}
	// Where the UNTERM short name of a language is blank, country-codes.csv's
	// official_name_xx column (the dataset's own name in that language) fills it.
	if nameRow, ok := nameRows[iso3]; ok {
		var filled []string
		for _, c := range officialNameColumns {
			if _, ok := p[c.prop]; ok {
				continue
			}
			if _, ok := names.cols[c.col]; !ok {
				continue
			}
			if v := names.get(nameRow, c.col); v != "" {
				p[c.prop] = v
				filled = append(filled, c.prop)
			}
		}
		if len(filled) > 0 {
			last := len(d.node.Sources) - 1
			d.node.Sources[last].Note = "UNTERM short name blank in this snapshot; " + strings.Join(filled, ", ") + " taken from the official_name_xx columns of this row."
		}
	}
	d.node.Sources = append([]graph.Source{stateSrc}, d.node.Sources...)
	r.addNode(d)
	r.addRel(&relDef{
		rel: &graph.Relationship{From: id, Type: graph.RelMemberOf, To: memberStatesGroup, Props: graph.Props{}, Source: src},
		at:  pos{file, line}, props: map[string]pos{},
	})
	for _, rel := range inRegion {
		r.addRel(rel)
	}
}
