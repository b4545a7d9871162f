package graph

import (
	"fmt"
	"unicode/utf8"
)

// Basis says how a fact came to be in the graph.
type Basis string

// The bases of a fact.
const (
	Stated   Basis = "STATED"   // the source says it in so many words
	Inferred Basis = "INFERRED" // it follows from the source (e.g. from an instrument's title) but is not said outright
	Imported Basis = "IMPORTED" // it was imported from a file a user supplied, which names its source
)

// Valid reports whether b is a known basis.
func (b Basis) Valid() bool { return b == Stated || b == Inferred || b == Imported }

// Source is the provenance of a fact: the document it comes from and where in
// it (a paragraph or a footnote), or an external citation or URL.
type Source struct {
	// Document is the symbol or name of the document, e.g. "A/RES/66/178".
	Document string
	// Locator says where in Document: "op/9", "pp/3", "fn/3", a section, a page.
	Locator string
	// Paragraph is the global ID of the paragraph or footnote the fact comes
	// from, when that paragraph is in the graph.
	Paragraph ID
	// Citation is a bibliographic citation, or a file and line for imported data.
	Citation string
	// URL is where the source can be read.
	URL string
	// Basis says whether the fact is stated, inferred or imported.
	Basis Basis
	// Note explains an inference or a caveat.
	Note string
}

// Validate checks that the source names something and has a known basis.
func (s Source) Validate() error {
	if s.Document == "" && s.Citation == "" && s.URL == "" {
		return fmt.Errorf("a source needs a document, a citation or a URL")
	}
	for _, f := range []string{s.Document, s.Locator, string(s.Paragraph), s.Citation, s.URL, s.Note} {
		if !utf8.ValidString(f) {
			return fmt.Errorf("a source field is not valid UTF-8")
		}
	}
	if !s.Basis.Valid() {
		return fmt.Errorf("unknown basis %q (want STATED, INFERRED or IMPORTED)", s.Basis)
	}
	if s.Paragraph != "" {
		if _, _, err := ParseID(s.Paragraph); err != nil {
			return err
		}
	}
	return nil
}
