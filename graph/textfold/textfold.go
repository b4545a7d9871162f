// Package textfold folds text for matching that ignores case and accents:
// "NUCLÉAIRE", "nucléaire" and "nucleaire" all fold to "nucleaire". Both
// stores use it, for the EQ_FOLD and CONTAINS comparisons and for full-text
// search, so that they agree on what matches.
package textfold

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// special maps the letters that canonical decomposition leaves alone
// (ligatures and letters with a stroke) to their plain spelling, and the
// typographic apostrophes to the ASCII one. It works on lower-case text.
var special = strings.NewReplacer(
	"œ", "oe",
	"æ", "ae",
	"ß", "ss",
	"ø", "o",
	"ł", "l",
	"đ", "d",
	"ð", "d",
	"þ", "th",
	"ı", "i",
	"ĳ", "ij",
	"ﬀ", "ff",
	"ﬁ", "fi",
	"ﬂ", "fl",
	"\u2019", "'", // right single quotation mark, the usual French apostrophe
	"\u2018", "'", // left single quotation mark
	"\u02bc", "'", // modifier letter apostrophe
	"\u2032", "'", // prime
	"\uff07", "'", // full-width apostrophe
)

// folders holds transformers that decompose, drop the combining marks and
// recompose. A chain keeps state between calls, so each goroutine takes one.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold returns s in lower case, without accents or other combining marks,
// with ligatures spelled out (œ → oe, æ → ae), typographic apostrophes turned
// into "'" and every kind of space turned into " ".
//
// Marks are removed after canonical decomposition (NFD) and the result is
// recomposed (NFC), so that scripts whose letters decompose into other letters
// (Hangul) are left as they were. Removing the marks also drops the Arabic
// short vowels and turns Cyrillic "й" into "и" and "ё" into "е", which is how
// search engines usually fold those scripts. Text without letters to fold
// (Chinese) comes back unchanged; invalid UTF-8 becomes U+FFFD.
func Fold(s string) string {
	if isPlainASCII(s) {
		return strings.ToLower(s)
	}
	s = strings.Map(normalizeRune, s)
	s = special.Replace(s)
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	t.Reset()
	folded, _, err := transform.String(t, s)
	if err != nil {
		// The chain only fails on a broken writer, which transform.String
		// never has; keep the lower-cased text rather than lose it.
		return s
	}
	return folded
}

// normalizeRune lower-cases r and turns spaces into " ".
func normalizeRune(r rune) rune {
	if r != ' ' && unicode.IsSpace(r) {
		return ' '
	}
	return unicode.ToLower(r)
}

// isPlainASCII reports whether s holds only printable ASCII, for which Fold
// is just strings.ToLower.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// Words returns the folded words of s, in order: the runs of letters, digits
// and marks, split on everything else (spaces, punctuation, apostrophes,
// slashes), so "65/232" gives "65", "232" and "l’Office" gives "l", "office".
// Each Chinese, Japanese kana or other ideographic character is a word by
// itself, since those scripts do not separate words with spaces; a search for
// a Chinese phrase then matches the texts holding all of its characters.
func Words(s string) []string {
	folded := Fold(s)
	var words []string
	start := -1
	for i, r := range folded {
		switch {
		case isIdeograph(r):
			if start >= 0 {
				words = append(words, folded[start:i])
				start = -1
			}
			words = append(words, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				words = append(words, folded[start:i])
				start = -1
			}
		}
	}
	if start >= 0 {
		words = append(words, folded[start:])
	}
	return words
}

// isIdeograph reports whether r is a character that is indexed on its own:
// Han ideographs and Japanese kana.
func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}
