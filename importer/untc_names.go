package importer

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/nexus-graph/nexus/graph/textfold"
	"github.com/nexus-graph/nexus/seed"
)

// The reference tables a UN Treaty Collection status table is read with:
// the seed's own files, embedded in the binary, so that the names and
// chapters are those of the States and instruments the graph holds.
const (
	untcCountriesFile   = "data/country-codes.csv"
	untcMembersFile     = "data/un-member-states.csv"
	untcInstrumentsFile = "data/instruments.csv"
)

// untcAliases are the names the Treaty Collection gives Member States
// where they differ, once folded (foldName), from every name the seed's
// tables give them: its own forms, and former names still found on older
// saved pages.
var untcAliases = map[string]string{
	"Netherlands (Kingdom of the)": "NLD",
	"Turkey":                       "TUR",
	"The former Yugoslav Republic of Macedonia": "MKD",
	"Swaziland":              "SWZ",
	"Libyan Arab Jamahiriya": "LBY",
	"United Kingdom":         "GBR",
}

// untcOrganizations are participants of Treaty Collection tables that are
// international organizations, not States: never imported.
var untcOrganizations = []string{
	"European Union",
	"European Community",
	"European Economic Community",
}

// untcObservers are the non-member observer States of the United Nations,
// which the Treaty Collection lists among the participants: not imported,
// since the graph's States are the Member States.
var untcObservers = []string{"VAT", "PSE"}

// untcParticipant is what a participant's name stands for.
type untcParticipant struct {
	iso3   string // its ISO 3166-1 alpha-3 code, "" for an organization
	name   string // its name, as the seed's tables give it, for messages
	member bool   // a UN Member State: a State of the graph
	reason string // why it is not imported, when it is not a member
}

// untcInstrument is an instrument of the seed's table with what the Treaty
// Collection knows it by.
type untcInstrument struct {
	key, title, chapter string
	folded              string // the title, folded (foldName)
}

// untcRef is the reference tables, read once from the seed's files.
type untcRef struct {
	names       map[string]untcParticipant // by folded name
	spelled     map[string]string          // each folded name as first spelled
	choices     []string                   // folded names, for close-match hints, sorted
	instruments []untcInstrument
}

// untcTables returns the reference tables; it panics if the embedded seed
// files cannot be read, which the seed's own tests rule out.
var untcTables = sync.OnceValue(func() *untcRef {
	ref, err := readUNTCRef(seed.FS())
	if err != nil {
		panic(fmt.Sprintf("importer: the seed's reference tables: %v", err))
	}
	return ref
})

// readUNTCRef reads the reference tables from a seed tree.
func readUNTCRef(fsys fs.FS) (*untcRef, error) {
	ref := &untcRef{names: map[string]untcParticipant{}, spelled: map[string]string{}}
	members, err := readCSVTable(fsys, untcMembersFile)
	if err != nil {
		return nil, err
	}
	countries, err := readCSVTable(fsys, untcCountriesFile)
	if err != nil {
		return nil, err
	}
	instruments, err := readCSVTable(fsys, untcInstrumentsFile)
	if err != nil {
		return nil, err
	}

	// Names that stand for two countries are ambiguous and left out.
	ambiguous := map[string]bool{}
	add := func(name string, p untcParticipant) {
		k := foldName(name)
		if k == "" || ambiguous[k] {
			return
		}
		if prev, ok := ref.names[k]; ok && prev.iso3 != p.iso3 {
			delete(ref.names, k)
			delete(ref.spelled, k)
			ambiguous[k] = true
			return
		} else if ok {
			return
		}
		ref.names[k] = p
		ref.spelled[k] = strings.TrimSpace(strings.TrimRight(name, "* "))
	}
	display := map[string]string{}
	isMember := map[string]bool{}
	for _, row := range members.rows {
		iso3 := row[members.col["iso3"]]
		isMember[iso3] = true
		display[iso3] = strings.TrimSuffix(row[members.col["name_unterm_en_short"]], " (the)")
	}
	for _, row := range countries.rows {
		iso3 := row[countries.col["ISO3166-1-Alpha-3"]]
		if iso3 == "" || display[iso3] != "" {
			continue
		}
		for _, c := range []string{"CLDR display name", "official_name_en"} {
			if v := row[countries.col[c]]; display[iso3] == "" && v != "" {
				display[iso3] = v
			}
		}
	}
	participant := func(iso3 string) untcParticipant {
		p := untcParticipant{iso3: iso3, name: display[iso3], member: isMember[iso3]}
		switch {
		case p.member:
		case slices.Contains(untcObservers, iso3):
			p.reason = "a non-member observer State of the United Nations, not a Member State: the graph's States are the Member States"
		default:
			p.reason = "not a UN Member State: the graph's States are the Member States"
		}
		return p
	}
	// The aliases and the Member States' own names first, so that they win
	// over another country's variant spelling.
	for name, iso3 := range untcAliases {
		add(name, participant(iso3))
	}
	for _, row := range members.rows {
		iso3 := row[members.col["iso3"]]
		for _, c := range []string{"name_unterm_en_short", "name_official_en"} {
			add(row[members.col[c]], participant(iso3))
		}
	}
	for _, row := range countries.rows {
		iso3 := row[countries.col["ISO3166-1-Alpha-3"]]
		if iso3 == "" {
			continue
		}
		for _, c := range []string{"UNTERM English Short", "UNTERM English Formal", "official_name_en", "CLDR display name"} {
			if i, ok := countries.col[c]; ok {
				add(row[i], participant(iso3))
			}
		}
	}
	for _, name := range untcOrganizations {
		add(name, untcParticipant{name: name, reason: "an international organization, not a State"})
	}
	for k := range ref.names {
		ref.choices = append(ref.choices, k)
	}
	slices.Sort(ref.choices)

	for _, row := range instruments.rows {
		title := row[instruments.col["official_title_en"]]
		ref.instruments = append(ref.instruments, untcInstrument{
			key:     row[instruments.col["id"]],
			title:   title,
			chapter: row[instruments.col["untc_mtdsg_no"]],
			folded:  foldName(title),
		})
	}
	return ref, nil
}

// csvTable is a CSV file read whole: its column indexes by name and its rows.
type csvTable struct {
	col  map[string]int
	rows [][]string
}

// readCSVTable reads the CSV file at path of fsys, every row as long as
// its header.
func readCSVTable(fsys fs.FS, path string) (*csvTable, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("read %s: empty", path)
	}
	t := &csvTable{col: map[string]int{}, rows: all[1:]}
	for i, c := range all[0] {
		t.col[strings.TrimPrefix(c, "\uFEFF")] = i
	}
	return t, nil
}

// lookup returns what the participant name stands for.
func (ref *untcRef) lookup(name string) (untcParticipant, bool) {
	p, ok := ref.names[foldName(name)]
	return p, ok
}

// closest returns the name, as a reference table spells it, whose folded
// form is closest to name's, when it is close enough to be a likely
// misspelling, and what it stands for.
func (ref *untcRef) closest(name string) (string, untcParticipant, bool) {
	k := foldName(name)
	if k == "" {
		return "", untcParticipant{}, false
	}
	best, bestD := "", -1
	for _, c := range ref.choices {
		d := textfold.Distance(k, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if limit := max(2, len([]rune(k))/4); bestD < 0 || bestD > limit {
		return "", untcParticipant{}, false
	}
	return ref.spelled[best], ref.names[best], true
}

// foldName folds a name for matching: without diacritics, in lower case,
// "&" read as "and", apostrophes dropped, every other mark a space, the
// word "the" left out and "St" read as "Saint", words joined by one space.
// "Côte d’Ivoire", "COTE D'IVOIRE" and "Cote d'Ivoire" fold alike, and so
// do "Gambia (the)" and "Gambia".
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`':
		case r == '&':
			b.WriteString(" and ")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		switch w {
		case "the":
			continue
		case "st":
			w = "saint"
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// instrumentByKey returns the instrument whose key is key (any case).
func (ref *untcRef) instrumentByKey(key string) (untcInstrument, bool) {
	for _, in := range ref.instruments {
		if strings.EqualFold(in.key, key) {
			return in, true
		}
	}
	return untcInstrument{}, false
}

// instrumentByChapter returns the instrument whose UNTC chapter number is
// chapter (any case: XVIII-12-a).
func (ref *untcRef) instrumentByChapter(chapter string) (untcInstrument, bool) {
	for _, in := range ref.instruments {
		if in.chapter != "" && strings.EqualFold(in.chapter, chapter) {
			return in, true
		}
	}
	return untcInstrument{}, false
}

// instrumentByTitle returns the instrument whose official title is title,
// folded.
func (ref *untcRef) instrumentByTitle(title string) (untcInstrument, bool) {
	k := foldName(title)
	if k == "" {
		return untcInstrument{}, false
	}
	for _, in := range ref.instruments {
		if in.folded == k {
			return in, true
		}
	}
	return untcInstrument{}, false
}

// chapters lists the instruments with a UNTC chapter, for messages:
// "CT04 (XVIII-7), CT05 (XVIII-5), …".
func (ref *untcRef) chapters() string {
	var parts []string
	for _, in := range ref.instruments {
		if in.chapter != "" {
			parts = append(parts, fmt.Sprintf("%s (%s)", in.key, in.chapter))
		}
	}
	return strings.Join(parts, ", ")
}
