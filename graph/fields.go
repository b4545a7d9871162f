package graph

// The methods below are the scalar fields of the API's object types that
// only read properties: gqlgen binds each GraphQL field to the method of the
// same name (arguments by name) on the type gqlgen.yml binds the object type
// to (a typed view, Link or Source). A method without a context is called
// inline as the parent's fields are resolved; a resolver would run in a
// goroutine of its own. What reads the store stays a resolver.
//
// An unknown fact is null, never "": optional text comes from
// Props.StringPtr, which returns nil for an absent or empty property.

// langOr returns *lang, or English when it is nil or not a UN language.
func langOr(lang *Lang) Lang {
	if lang == nil || !lang.Valid() {
		return EN
	}
	return *lang
}

// localized returns the localized property base of n in lang (English when
// nil), with the node's fallbacks (see Node.Localized).
func localized(n *Node, base string, lang *Lang) *string {
	return n.Localized(base, langOr(lang))
}

// localizedLang returns the language localized would return text in, nil
// when there is no text.
func localizedLang(n *Node, base string, lang *Lang) *Lang {
	v, l := n.LocalizedLang(base, langOr(lang))
	if v == nil {
		return nil
	}
	return &l
}

// reqStr returns the string property name of n, falling back to fallback
// when it is absent (for non-null fields whose value is also in the key).
func reqStr(n *Node, name, fallback string) string {
	if s := n.Props.StringPtr(name); s != nil {
		return *s
	}
	return fallback
}

// intPtr returns the integer property name of p, or nil when it is absent.
func intPtr(p Props, name string) *int {
	v, ok := p.Int(name)
	if !ok {
		return nil
	}
	i := int(v)
	return &i
}

// boolPtr returns the boolean property name of p, or nil when it is absent.
func boolPtr(p Props, name string) *bool {
	b, ok := p[name].(bool)
	if !ok {
		return nil
	}
	return &b
}

// nonEmpty returns &s, or nil when s is empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Iso3 is the State's ISO 3166-1 alpha-3 code (its key when the property is absent).
func (v *State) Iso3() string { return reqStr(v.Node, "iso3", v.Key) }

// Iso2 is the State's ISO 3166-1 alpha-2 code, nil when unknown.
func (v *State) Iso2() *string { return v.Props.StringPtr("iso2") }

// M49 is the State's UN M49 numeric code, nil when unknown.
func (v *State) M49() *string { return v.Props.StringPtr("m49") }

// Name is the State's short name in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *State) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *State) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// FormalName is the State's formal name in lang (English when nil), with
// the fallbacks of Node.Localized.
func (v *State) FormalName(lang *Lang) *string { return localized(v.Node, "formalName", lang) }

// FormalNameLang is the language FormalName returns text in, nil when there
// is none.
func (v *State) FormalNameLang(lang *Lang) *Lang { return localizedLang(v.Node, "formalName", lang) }

// Ldc says whether the State is a least developed country, nil when unknown.
func (v *State) Ldc() *bool { return boolPtr(v.Props, "ldc") }

// Lldc says whether the State is a land-locked developing country, nil when unknown.
func (v *State) Lldc() *bool { return boolPtr(v.Props, "lldc") }

// Sids says whether the State is a small island developing State, nil when unknown.
func (v *State) Sids() *bool { return boolPtr(v.Props, "sids") }

// Wikidata is the State's Wikidata URL, nil when unknown.
func (v *State) Wikidata() *string { return v.Props.StringPtr("wikidata") }

// Code is the Region's M49 code (its key when the property is absent).
func (v *Region) Code() string { return reqStr(v.Node, "code", v.Key) }

// Name is the Region's name in lang (English when nil), with the fallbacks
// of Node.Localized.
func (v *Region) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Region) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Name is the Group's name in lang (English when nil), with the fallbacks
// of Node.Localized.
func (v *Group) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Group) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Description is the Group's description in lang (English when nil), with
// the fallbacks of Node.Localized.
func (v *Group) Description(lang *Lang) *string { return localized(v.Node, "description", lang) }

// DescriptionLang is the language Description returns text in, nil when
// there is none.
func (v *Group) DescriptionLang(lang *Lang) *Lang { return localizedLang(v.Node, "description", lang) }

// Name is the CrimeType's name in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *CrimeType) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *CrimeType) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Description is the CrimeType's description in lang (English when nil),
// with the fallbacks of Node.Localized.
func (v *CrimeType) Description(lang *Lang) *string {
	return localized(v.Node, "description", lang)
}

// DescriptionLang is the language Description returns text in, nil when
// there is none.
func (v *CrimeType) DescriptionLang(lang *Lang) *Lang {
	return localizedLang(v.Node, "description", lang)
}

// ShortName is the Instrument's short name, nil when it has none.
func (v *Instrument) ShortName() *string { return v.Props.StringPtr("shortName") }

// Title is the Instrument's title in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Instrument) Title(lang *Lang) *string { return localized(v.Node, "title", lang) }

// TitleLang is the language Title returns text in, nil when there is none.
func (v *Instrument) TitleLang(lang *Lang) *Lang { return localizedLang(v.Node, "title", lang) }

// Adopted is the date the Instrument was adopted, nil when unknown.
func (v *Instrument) Adopted() *string { return v.Props.StringPtr("adopted") }

// OpenedForSignature is the date the Instrument was opened for signature,
// nil when unknown.
func (v *Instrument) OpenedForSignature() *string { return v.Props.StringPtr("openedForSignature") }

// AdoptedNote is a caveat on the Instrument's adoption date, nil when there is none.
func (v *Instrument) AdoptedNote() *string { return v.Props.StringPtr("adoptedNote") }

// Place is where the Instrument was adopted, nil when unknown.
func (v *Instrument) Place() *string { return v.Props.StringPtr("place") }

// Depositary is the Instrument's depositary as the source names it, nil when unknown.
func (v *Instrument) Depositary() *string { return v.Props.StringPtr("depositary") }

// EntryIntoForce is the date the Instrument entered into force, nil when
// unknown.
func (v *Instrument) EntryIntoForce() *string { return v.Props.StringPtr("entryIntoForce") }

// UntcChapter is the Instrument's chapter in the UN Treaty Collection
// (MTDSG), nil when unknown.
func (v *Instrument) UntcChapter() *string { return v.Props.StringPtr("untcChapter") }

// Unconfirmed says what the sources did not confirm about the Instrument,
// nil when nothing.
func (v *Instrument) Unconfirmed() *string { return v.Props.StringPtr("unconfirmed") }

// Acronym is the Body's acronym, nil when it has none.
func (v *Body) Acronym() *string { return v.Props.StringPtr("acronym") }

// Name is the Body's name in lang (English when nil), with the fallbacks of
// Node.Localized.
func (v *Body) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Body) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Symbol is the Resolution's document symbol (its key when the property is
// absent).
func (v *Resolution) Symbol() string { return reqStr(v.Node, "symbol", v.Key) }

// Session is the session the Resolution was adopted at, nil when unknown.
func (v *Resolution) Session() *int { return intPtr(v.Props, "session") }

// Adopted is the date the Resolution was adopted, nil when unknown.
func (v *Resolution) Adopted() *string { return v.Props.StringPtr("adopted") }

// Meeting is the plenary meeting the Resolution was adopted at, nil when
// unknown.
func (v *Resolution) Meeting() *int { return intPtr(v.Props, "meeting") }

// Title is the Resolution's title in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Resolution) Title(lang *Lang) *string { return localized(v.Node, "title", lang) }

// TitleLang is the language Title returns text in, nil when there is none.
func (v *Resolution) TitleLang(lang *Lang) *Lang { return localizedLang(v.Node, "title", lang) }

// Number is the Paragraph's number within its kind, from 1, nil when unknown.
func (v *Paragraph) Number() *int { return intPtr(v.Props, "number") }

// Position is the Paragraph's position in its resolution's whole text,
// from 1, nil when unknown.
func (v *Paragraph) Position() *int { return intPtr(v.Props, "position") }

// Verb is the verb that opens the Paragraph, as in the text, nil when unknown.
func (v *Paragraph) Verb() *string { return v.Props.StringPtr("verb") }

// Text is the Paragraph's text in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Paragraph) Text(lang *Lang) *string { return localized(v.Node, "text", lang) }

// TextLang is the language Text returns text in, nil when there is none.
func (v *Paragraph) TextLang(lang *Lang) *Lang { return localizedLang(v.Node, "text", lang) }

// Number is the Footnote's number in its resolution, nil when unknown.
func (v *Footnote) Number() *int { return intPtr(v.Props, "number") }

// Text is the Footnote's text in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Footnote) Text(lang *Lang) *string { return localized(v.Node, "text", lang) }

// TextLang is the language Text returns text in, nil when there is none.
func (v *Footnote) TextLang(lang *Lang) *Lang { return localizedLang(v.Node, "text", lang) }

// Name is the Document's name in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Document) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Document) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Name is the Conference's name in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Conference) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Conference) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Place is where the Conference met, nil when unknown.
func (v *Conference) Place() *string { return v.Props.StringPtr("place") }

// StartDate is the Conference's first day, nil when unknown.
func (v *Conference) StartDate() *string { return v.Props.StringPtr("startDate") }

// EndDate is the Conference's last day, nil when unknown.
func (v *Conference) EndDate() *string { return v.Props.StringPtr("endDate") }

// Name is the Topic's name in lang (English when nil), with the fallbacks
// of Node.Localized.
func (v *Topic) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Topic) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Description is the Topic's description in lang (English when nil), with
// the fallbacks of Node.Localized.
func (v *Topic) Description(lang *Lang) *string { return localized(v.Node, "description", lang) }

// DescriptionLang is the language Description returns text in, nil when
// there is none.
func (v *Topic) DescriptionLang(lang *Lang) *Lang { return localizedLang(v.Node, "description", lang) }

// Name is the Programme's name in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Programme) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Programme) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// Description is the Programme's description in lang (English when nil),
// with the fallbacks of Node.Localized.
func (v *Programme) Description(lang *Lang) *string {
	return localized(v.Node, "description", lang)
}

// DescriptionLang is the language Description returns text in, nil when
// there is none.
func (v *Programme) DescriptionLang(lang *Lang) *Lang {
	return localizedLang(v.Node, "description", lang)
}

// StartDate is the Programme's first day, nil when unknown.
func (v *Programme) StartDate() *string { return v.Props.StringPtr("startDate") }

// EndDate is the Programme's last day, nil when unknown.
func (v *Programme) EndDate() *string { return v.Props.StringPtr("endDate") }

// Name is the Activity's name in lang (English when nil), with the
// fallbacks of Node.Localized.
func (v *Activity) Name(lang *Lang) *string { return localized(v.Node, "name", lang) }

// NameLang is the language Name returns text in, nil when there is none.
func (v *Activity) NameLang(lang *Lang) *Lang { return localizedLang(v.Node, "name", lang) }

// ActivityKind is the kind of the Activity (its activityKind property), nil
// when unknown.
func (v *Activity) ActivityKind() *string { return v.Props.StringPtr("activityKind") }

// StartDate is the Activity's first day, nil when unknown.
func (v *Activity) StartDate() *string { return v.Props.StringPtr("startDate") }

// EndDate is the Activity's last day, nil when unknown.
func (v *Activity) EndDate() *string { return v.Props.StringPtr("endDate") }

// TypeName is the relationship's type as a string, e.g. "IN_REGION" (the
// type field of Relationship and NodeLink: Type is the embedded
// Relationship's field).
func (e Link) TypeName() string { return string(e.Type) }

// Properties returns a copy of the relationship's properties.
func (e Link) Properties() map[string]any {
	out := make(map[string]any, len(e.Props))
	for k, v := range e.Props {
		out[k] = v
	}
	return out
}

// Verb is the relationship's verb property (an ADDRESSED_TO's verb as in
// the text, e.g. Prie), nil when absent.
func (e Link) Verb() *string { return e.Props.StringPtr("verb") }

// Action is the relationship's action property (what an ADDRESSED_TO's
// verb does: URGES, REQUESTS, …), nil when absent. A participation's action, which falls
// back to the relationship's key, is analysis.ActionOf's.
func (e Link) Action() *string { return e.Props.StringPtr("action") }

// Ask is the relationship's ask property (what an ADDRESSED_TO asks, in
// the text's language), nil when absent.
func (e Link) Ask() *string { return e.Props.StringPtr("ask") }

// How is the relationship's how property (how a CITES cites), nil when
// absent.
func (e Link) How() *string { return e.Props.StringPtr("how") }

// Role is the relationship's role property (why a paragraph names what it
// mentions), nil when absent.
func (e Link) Role() *string { return e.Props.StringPtr("role") }

// Nature is the relationship's nature property (what a LINKED_TO link is,
// in the source's words), nil when absent.
func (e Link) Nature() *string { return e.Props.StringPtr("nature") }

// Date is the relationship's date property, nil when absent.
func (e Link) Date() *string { return e.Props.StringPtr("date") }

// VotesFor is the relationship's votesFor property (an adoption's votes in
// favour), nil when absent.
func (e Link) VotesFor() *int { return intPtr(e.Props, "votesFor") }

// VotesAgainst is the relationship's votesAgainst property (an adoption's
// votes against), nil when absent.
func (e Link) VotesAgainst() *int { return intPtr(e.Props, "votesAgainst") }

// DocumentOrNil is s.Document, nil when empty: an unknown fact is null.
func (s Source) DocumentOrNil() *string { return nonEmpty(s.Document) }

// LocatorOrNil is s.Locator, nil when empty.
func (s Source) LocatorOrNil() *string { return nonEmpty(s.Locator) }

// CitationOrNil is s.Citation, nil when empty.
func (s Source) CitationOrNil() *string { return nonEmpty(s.Citation) }

// URLOrNil is s.URL, nil when empty.
func (s Source) URLOrNil() *string { return nonEmpty(s.URL) }

// NoteOrNil is s.Note, nil when empty.
func (s Source) NoteOrNil() *string { return nonEmpty(s.Note) }
