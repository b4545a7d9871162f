package seed

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nexus-graph/nexus/graph"
)

// valueType is the type of a property value as written in a seed file.
type valueType int

const (
	tString valueType = iota // any non-empty text
	tInt                     // a decimal integer, stored as int64
	tBool                    // true or false
	tDate                    // an ISO date YYYY-MM-DD
	tEnum                    // one of a fixed list of words
	tCode                    // an UPPER_SNAKE word from an open list (roles)
	tURL                     // an http or https URL
	tQuote                   // text quoted from the source paragraph of the fact
)

// propSpec says what a property may hold.
type propSpec struct {
	typ  valueType
	enum []string
}

var (
	str   = propSpec{typ: tString}
	num   = propSpec{typ: tInt}
	flag  = propSpec{typ: tBool}
	date  = propSpec{typ: tDate}
	url   = propSpec{typ: tURL}
	quote = propSpec{typ: tQuote}
	code  = propSpec{typ: tCode}
)

func enum(values ...string) propSpec { return propSpec{typ: tEnum, enum: values} }

// Region levels, shared by Region.level and IN_REGION.level.
const (
	levelRegion       = "REGION"
	levelSubregion    = "SUBREGION"
	levelIntermediate = "INTERMEDIATE_REGION"
)

// Paragraph kinds.
const (
	preambular = "PREAMBULAR"
	operative  = "OPERATIVE"
)

var langEnum = func() propSpec {
	vals := make([]string, len(graph.Langs))
	for i, l := range graph.Langs {
		vals[i] = string(l)
	}
	return enum(vals...)
}()

// localized adds base+Suffix for each of the six languages to m.
func localized(m map[string]propSpec, bases ...string) map[string]propSpec {
	for _, b := range bases {
		for _, l := range graph.Langs {
			m[b+l.Suffix()] = str
		}
	}
	return m
}

// nodeProps lists the properties each node kind may carry (graph/model.go).
// Every kind may also carry "lang".
var nodeProps = map[graph.NodeKind]map[string]propSpec{
	graph.KindState: localized(map[string]propSpec{
		"iso2": str, "iso3": str, "m49": str,
		"regionCode": str, "regionName": str,
		"subregionCode": str, "subregionName": str,
		"intermediateRegionCode": str, "intermediateRegionName": str,
		"ldc": flag, "lldc": flag, "sids": flag, "wikidata": url,
	}, "name", "formalName"),
	graph.KindRegion: {"code": str, "nameEn": str, "level": enum(levelRegion, levelSubregion, levelIntermediate)},
	graph.KindGroup:  {"nameEn": str, "nameFr": str, "descriptionEn": str},
	graph.KindCrimeType: {
		"nameEn": str, "nameFr": str, "descriptionEn": str,
	},
	graph.KindInstrument: {
		"shortName": str, "titleEn": str, "titleFr": str,
		"instrumentKind": enum("CONVENTION", "PROTOCOL", "AMENDMENT"),
		"family":         enum("COUNTER_TERRORISM", "ORGANIZED_CRIME"),
		"adopted":        date, "openedForSignature": date, "adoptedNote": str,
		"place": str, "depositary": str, "entryIntoForce": date,
		"untcChapter": str, "unconfirmed": str,
	},
	graph.KindBody: {
		"acronym": str, "nameEn": str, "nameFr": str,
		"bodyKind": enum("ORGAN", "SUBSIDIARY_BODY", "OFFICE", "OFFICIAL", "TASK_FORCE"),
	},
	graph.KindResolution: {
		"symbol": str, "organ": enum("GA", "SC"), "session": num, "adopted": date,
		"meeting": num, "titleEn": str, "titleFr": str,
	},
	graph.KindParagraph: {
		"resolution": str, "paragraphKind": enum(preambular, operative),
		"number": num, "position": num, "verb": str, "textFr": str, "textEn": str,
	},
	graph.KindFootnote: {"resolution": str, "number": num, "textFr": str, "textEn": str},
	graph.KindDocument: {
		"nameEn": str, "nameFr": str, "documentKind": enum("STRATEGY", "DECLARATION", "REPORT"),
	},
	graph.KindConference: {"nameEn": str, "nameFr": str, "place": str, "startDate": date, "endDate": date},
	graph.KindTopic:      {"nameEn": str, "nameFr": str, "descriptionEn": str},
	graph.KindProgramme: {
		"nameEn": str, "nameFr": str, "descriptionEn": str, "startDate": date, "endDate": date,
	},
	graph.KindActivity: {"nameEn": str, "activityKind": str, "startDate": date, "endDate": date},
}

// Actions of ADDRESSED_TO: what the paragraph does to the actor it names.
var actionEnum = enum("URGES", "REQUESTS", "CALLS_UPON", "ENCOURAGES", "INVITES", "THANKS", "STRESSES")

// relProps lists the properties each relationship type may carry; a type
// that is absent takes none. Quoted properties (verb, ask, nature) must be
// found in the text of the paragraph or footnote the relationship's source
// points to.
var relProps = map[graph.RelType]map[string]propSpec{
	graph.RelAddressedTo:    {"verb": quote, "action": actionEnum, "ask": quote},
	graph.RelMentions:       {"role": code},
	graph.RelCites:          {"how": enum("RECALLS", "REAFFIRMS", "REITERATES", "TAKES_NOTE", "REFERS_TO")},
	graph.RelAdoptedAt:      {"date": date, "votesFor": num, "votesAgainst": num},
	graph.RelInRegion:       {"level": enum(levelRegion, levelSubregion, levelIntermediate)},
	graph.RelLinkedTo:       {"nature": quote},
	graph.RelParticipatesIn: {"action": str, "date": date},
}

// requiredRelProps lists the properties a relationship type must carry.
var requiredRelProps = map[graph.RelType][]string{
	graph.RelAddressedTo: {"verb", "action", "ask"},
	graph.RelMentions:    {"role"},
	graph.RelCites:       {"how"},
	graph.RelInRegion:    {"level"},
	graph.RelLinkedTo:    {"nature"},
}

var (
	reISODate  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reInt      = regexp.MustCompile(`^-?\d+$`)
	reCode     = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`)
	rePropName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9]*$`)
)

// propSpecFor returns the spec of property name on a node of kind k.
func propSpecFor(k graph.NodeKind, name string) (propSpec, bool) {
	if name == "lang" {
		return langEnum, true
	}
	s, ok := nodeProps[k][name]
	return s, ok
}

// parseValue converts the text of a property as written in a file into its
// typed value, or explains why it cannot.
func parseValue(name string, spec propSpec, text string) (any, error) {
	switch spec.typ {
	case tInt:
		if !reInt.MatchString(text) {
			return nil, fmt.Errorf("property %s: want an integer, got %q", name, text)
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("property %s: want an integer, got %q", name, text)
		}
		return n, nil
	case tBool:
		switch text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("property %s: want true or false, got %q", name, text)
	case tDate:
		if err := checkDate(text); err != nil {
			return nil, fmt.Errorf("property %s: %v", name, err)
		}
		return text, nil
	case tEnum:
		for _, v := range spec.enum {
			if text == v {
				return text, nil
			}
		}
		return nil, fmt.Errorf("property %s: unknown value %q (want one of %s)", name, text, strings.Join(spec.enum, ", "))
	case tCode:
		if !reCode.MatchString(text) {
			return nil, fmt.Errorf("property %s: want an UPPER_SNAKE word, got %q", name, text)
		}
		return text, nil
	case tURL:
		if err := checkURL(text); err != nil {
			return nil, fmt.Errorf("property %s: %v", name, err)
		}
		return text, nil
	}
	return text, nil
}

// checkDate reports whether s is a valid ISO calendar date YYYY-MM-DD.
func checkDate(s string) error {
	if !reISODate.MatchString(s) {
		return fmt.Errorf("bad ISO date %q (want YYYY-MM-DD)", s)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("bad ISO date %q (no such day)", s)
	}
	return nil
}

// checkURL reports whether s looks like an http or https URL.
func checkURL(s string) error {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return fmt.Errorf("want an http or https URL, got %q", s)
	}
	if strings.ContainsAny(s, " \t") {
		return fmt.Errorf("a URL has no spaces: %q", s)
	}
	return nil
}

// Keys of IDs, per kind. A kind not listed takes a readable slug.
var (
	reKeyState      = regexp.MustCompile(`^[A-Z]{3}$`)
	reKeyRegion     = regexp.MustCompile(`^\d{3}$`)
	reKeyInstrument = regexp.MustCompile(`^[A-Z]{2}\d{2}$`)
	reKeyResolution = regexp.MustCompile(`^(A/RES/\d+/\d+|S/RES/\d+ \(\d{4}\))$`)
	reKeyParagraph  = regexp.MustCompile(`^(A/RES/\d+/\d+)/(pp|op)/([1-9]\d*)$`)
	reKeyFootnote   = regexp.MustCompile(`^(A/RES/\d+/\d+)/fn/([1-9]\d*)$`)
	reKeySlug       = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)
)

// keyRules says, per kind, what a key must look like (for the message).
var keyRules = map[graph.NodeKind]struct {
	re   *regexp.Regexp
	want string
}{
	graph.KindState:      {reKeyState, "an ISO 3166-1 alpha-3 code, e.g. State:FRA"},
	graph.KindRegion:     {reKeyRegion, "a 3-digit M49 code, e.g. Region:155"},
	graph.KindInstrument: {reKeyInstrument, "two capitals and two digits, e.g. Instrument:CT17"},
	graph.KindResolution: {reKeyResolution, "a symbol A/RES/n/n or S/RES/n (yyyy), e.g. Resolution:A/RES/66/178"},
	graph.KindParagraph:  {reKeyParagraph, "symbol/pp/n or symbol/op/n, e.g. Paragraph:A/RES/66/178/op/9"},
	graph.KindFootnote:   {reKeyFootnote, "symbol/fn/n, e.g. Footnote:A/RES/66/178/fn/1"},
}

// parseID checks a written ID: a known kind and a key of the kind's form.
func parseID(s string) (graph.ID, error) {
	k, key, ok := strings.Cut(s, ":")
	if !ok || key == "" || k == "" {
		return "", fmt.Errorf("malformed id %q: want Kind:key, e.g. State:FRA", s)
	}
	kind := graph.NodeKind(k)
	if !kind.Valid() {
		return "", fmt.Errorf("unknown node kind %q in %q", k, s)
	}
	if rule, ok := keyRules[kind]; ok {
		if !rule.re.MatchString(key) {
			return "", fmt.Errorf("malformed id %q: the key must be %s", s, rule.want)
		}
	} else if !reKeySlug.MatchString(key) {
		return "", fmt.Errorf("malformed id %q: the key must be letters and digits joined by hyphens, e.g. %s:member-states", s, k)
	}
	return graph.ID(s), nil
}

// normalizeSpace collapses every run of white space into one space.
func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
