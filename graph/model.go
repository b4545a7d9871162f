package graph

// The properties each node kind carries. This is the contract between the
// seed (which writes them), the stores (which keep them) and the API (which
// reads them). Localized texts are one property per language (see Props);
// dates are ISO strings "YYYY-MM-DD"; an unknown fact is an absent property,
// never an empty string or a guess. Every kind may also have "lang", the
// language of its original text (EN or FR).
//
//	State       nameEn…nameAr (UNTERM short names), formalNameEn…formalNameAr,
//	            iso2, iso3, m49, regionCode, regionName, subregionCode,
//	            subregionName, intermediateRegionCode, intermediateRegionName,
//	            ldc, lldc, sids (bool), wikidata (URL)
//	Region      code, nameEn, level (REGION, SUBREGION, INTERMEDIATE_REGION)
//	Group       nameEn, nameFr, descriptionEn
//	CrimeType   nameEn, nameFr, descriptionEn
//	Instrument  shortName, titleEn, titleFr, instrumentKind (CONVENTION,
//	            PROTOCOL, AMENDMENT), family (COUNTER_TERRORISM,
//	            ORGANIZED_CRIME), adopted, openedForSignature, adoptedNote,
//	            place, depositary,
//	            entryIntoForce, untcChapter, unconfirmed (what the sources
//	            did not confirm)
//	Body        acronym, nameEn, nameFr, bodyKind (ORGAN, SUBSIDIARY_BODY,
//	            OFFICE, OFFICIAL, TASK_FORCE)
//	Resolution  symbol, organ (GA, SC), session (int), adopted, meeting
//	            (int: plenary meeting number), titleEn, titleFr
//	Paragraph   resolution (symbol), paragraphKind (PREAMBULAR, OPERATIVE),
//	            number (int: 1-based within its kind), position (int: 1-based
//	            in the whole text), verb, textFr, textEn
//	Footnote    resolution (symbol), number (int), textFr, textEn
//	Document    nameEn, nameFr, documentKind (STRATEGY, DECLARATION, REPORT)
//	Conference  nameEn, nameFr, place, startDate, endDate
//	Topic       nameEn, nameFr, descriptionEn
//	Programme   nameEn, nameFr, descriptionEn, startDate, endDate
//	Activity    nameEn, activityKind, startDate, endDate
//
// Relationship properties:
//
//	ADDRESSED_TO  verb (as in the text), action (URGES, REQUESTS, CALLS_UPON,
//	              ENCOURAGES, INVITES, THANKS, STRESSES…), ask (what is asked,
//	              in the text's language)
//	MENTIONS      role (why the paragraph names it, e.g. COORDINATION_PARTNER)
//	CITES         how (RECALLS, REAFFIRMS, REITERATES, TAKES_NOTE, REFERS_TO)
//	ADOPTED_AT    date, votesFor, votesAgainst (int)
//	IN_REGION     level (REGION, SUBREGION, INTERMEDIATE_REGION)
//	LINKED_TO     nature (what the link is, in the source's words)
//	PARTICIPATES_IN  action (one of ParticipationActions, also the
//	                 relationship key: one relationship per action), date
