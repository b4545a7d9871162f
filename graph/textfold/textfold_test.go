package textfold_test

import (
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph/textfold"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii upper", "UNODC Terrorism", "unodc terrorism"},
		{"french acute", "nucléaire", "nucleaire"},
		{"french upper accented", "NUCLÉAIRE", "nucleaire"},
		{"french circumflex and apostrophe", "Côte d’Ivoire", "cote d'ivoire"},
		{"french oe ligature upper", "Œuvre", "oeuvre"},
		{"french oe ligature lower", "mise en œuvre", "mise en oeuvre"},
		{"ae ligature", "Cæsar", "caesar"},
		{"french cedilla", "Français", "francais"},
		{"french diaeresis", "Haïti", "haiti"},
		{"turkish umlaut", "Türkiye", "turkiye"},
		{"turkish dotted capital I", "İstanbul", "istanbul"},
		{"turkish dotless i", "Kırıkkale", "kirikkale"},
		{"spanish tilde", "España", "espana"},
		{"spanish accents", "Naciones Unidas contra la Droga y el Delito, según", "naciones unidas contra la droga y el delito, segun"},
		{"german sharp s", "Straße", "strasse"},
		{"nordic o with stroke", "Ørsted", "orsted"},
		{"polish l with stroke", "Łódź", "lodz"},
		{"russian lower-cased", "Организация Объединённых Наций", "организация объединенных нации"},
		{"arabic vowel marks removed", "الْأُمَم", "الامم"},
		{"arabic plain unchanged", "الأمم المتحدة", "الامم المتحدة"},
		{"chinese unchanged", "联合国毒品和犯罪问题办公室", "联合国毒品和犯罪问题办公室"},
		{"korean recomposed", "국제연합", "국제연합"},
		{"no-break spaces", "défis\u00a0mondiaux\u202f:", "defis mondiaux :"},
		{"tab becomes space", "a\tb", "a b"},
		{"ascii apostrophe kept", "d'Ivoire", "d'ivoire"},
		{"left quote", "\u2018quoted\u2019", "'quoted'"},
		{"invalid utf8 does not panic", "caf\xe9", "caf\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := textfold.Fold(tt.in)
			if got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := textfold.Fold(got); again != got {
				t.Errorf("Fold is not idempotent on %q: %q then %q", tt.in, got, again)
			}
		})
	}
}

func TestFoldEquivalences(t *testing.T) {
	// Precomposed and decomposed spellings of the same text fold alike.
	tests := []struct {
		name, a, b string
	}{
		{"precomposed and decomposed e acute", "nucl\u00e9aire", "nucle\u0301aire"},
		{"upper and lower", "ÉQUIPE SPÉCIALE", "équipe spéciale"},
		{"typographic and ascii apostrophe", "l’Office", "l'office"},
		{"ligature and spelled out", "mise en œuvre", "MISE EN OEUVRE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fa, fb := textfold.Fold(tt.a), textfold.Fold(tt.b); fa != fb {
				t.Errorf("Fold(%q) = %q but Fold(%q) = %q", tt.a, fa, tt.b, fb)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"only punctuation", " -- / ; ", nil},
		{"symbol with slash", "65/232", []string{"65", "232"}},
		{"resolution symbol", "A/RES/66/178", []string{"a", "res", "66", "178"}},
		{"french elision", "l’Office", []string{"l", "office"}},
		{"french sentence", "Prie l’Office des Nations Unies contre la drogue et le crime d’intensifier",
			[]string{"prie", "l", "office", "des", "nations", "unies", "contre", "la", "drogue", "et", "le", "crime", "d", "intensifier"}},
		{"accents and case", "Côte d’Ivoire, TÜRKIYE", []string{"cote", "d", "ivoire", "turkiye"}},
		{"ligature", "Œuvre", []string{"oeuvre"}},
		{"hyphen splits", "sous-régional", []string{"sous", "regional"}},
		{"digits kept with letters", "CT17 and 2nd", []string{"ct17", "and", "2nd"}},
		{"spanish", "Oficina de las Naciones Unidas contra la Droga y el Delito (UNODC)",
			[]string{"oficina", "de", "las", "naciones", "unidas", "contra", "la", "droga", "y", "el", "delito", "unodc"}},
		{"russian", "Управление ООН по наркотикам и преступности",
			[]string{"управление", "оон", "по", "наркотикам", "и", "преступности"}},
		{"arabic", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
			[]string{"مكتب", "الامم", "المتحدة", "المعني", "بالمخدرات", "والجريمة"}},
		{"chinese per character", "联合国，反恐", []string{"联", "合", "国", "反", "恐"}},
		{"chinese next to latin", "UNODC办公室", []string{"unodc", "办", "公", "室"}},
		{"japanese kana per character", "テロ", []string{"テ", "ロ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := textfold.Words(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func BenchmarkFold(b *testing.B) {
	const text = "Prie l’Office des Nations Unies contre la drogue et le crime de renforcer l’assistance technique qu’il fournit aux États Membres pour la mise en œuvre des conventions."
	for b.Loop() {
		textfold.Fold(text)
	}
}

func BenchmarkWords(b *testing.B) {
	const text = "Prie l’Office des Nations Unies contre la drogue et le crime de renforcer l’assistance technique qu’il fournit aux États Membres pour la mise en œuvre des conventions."
	for b.Loop() {
		textfold.Words(text)
	}
}
