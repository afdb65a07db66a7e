package render

import (
	"strings"
	"testing"
)

// slowEntry tokenizes three fields as searchEntry first did: each field
// folded whole and split, the body joined and cut to maxRunes first.
func slowEntry(title, summary string, body []string, maxRunes, maxTokens int) [3]string {
	seen := map[string]bool{}
	b := truncateRunes(strings.Join(body, ""), maxRunes)
	return [3]string{
		strings.Join(slowTokens(title, seen, -1), " "),
		strings.Join(slowTokens(summary, seen, -1), " "),
		strings.Join(slowTokens(b, seen, maxTokens), " "),
	}
}

func fastEntry(title, summary string, body []string, maxRunes, maxTokens int) [3]string {
	t := newTokenizer()
	defer t.free()
	return [3]string{
		t.field(-1, -1, title),
		t.field(-1, -1, summary),
		t.field(maxRunes, maxTokens, body...),
	}
}

var tokenCases = []string{
	"", "a", "Educación", "NIÑO y niño", "Ñuñoa, Peñalolén — «Año Nuevo»",
	"e\u0301xito", "a\u0323\u0301b", "x\u0301\u0323y", "\u0301al principio",
	"Ǆ ǅ ǆ İstanbul ΣΑΣ", "ﬁn de año", "한국어 텍스트", "Ḉ\u0327", "1.234,56 $ 20.730",
	"el 3º piso, 2ª vez", "½ ¼ ²³", "Ley N° 20.730 — art. 4°", "a\u0300\u0903b", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚",
	"ÀÉÎÕÜ àéîõü ç Ç ß ẞ", "niño\u200bniña", "\xff\xfe inválido ñ",
}

func TestTokenizerSameAsSlow(t *testing.T) {
	for _, title := range tokenCases {
		for _, body := range tokenCases {
			for _, limits := range [][2]int{{-1, -1}, {3, -1}, {7, 2}, {6000, 250}, {1, 1}, {0, 5}} {
				parts := []string{title, " ", body, body}
				got := fastEntry(title, body, parts, limits[0], limits[1])
				want := slowEntry(title, body, parts, limits[0], limits[1])
				if got != want {
					t.Fatalf("title %q body %q limits %v:\n got %q\nwant %q", title, body, limits, got, want)
				}
			}
		}
	}
}

func FuzzTokenizer(f *testing.F) {
	for _, s := range tokenCases {
		f.Add(s, s, 10, 3)
	}
	f.Fuzz(func(t *testing.T, a, b string, maxRunes, maxTokens int) {
		maxRunes, maxTokens = maxRunes%100, maxTokens%20
		parts := []string{a, " ", b}
		if got, want := fastEntry(a, b, parts, maxRunes, maxTokens), slowEntry(a, b, parts, maxRunes, maxTokens); got != want {
			t.Errorf("%q %q %d %d:\n got %q\nwant %q", a, b, maxRunes, maxTokens, got, want)
		}
	})
}

// BenchmarkSearchEntry measures the tokens of a typical press release.
func BenchmarkTokenizer(b *testing.B) {
	text := strings.Repeat("La Municipalidad informa que la atención de público en la Dirección de Tránsito será el miércoles 3, de 8:30 a 14:00 hrs. ", 40)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		fastEntry("Cambio de horario en la Dirección de Tránsito", "Atención de público", []string{"Punta Arenas", " ", text}, maxBodyRunes, maxBodyTokens)
	}
}

func BenchmarkSlowTokens(b *testing.B) {
	text := strings.Repeat("La Municipalidad informa que la atención de público en la Dirección de Tránsito será el miércoles 3, de 8:30 a 14:00 hrs. ", 40)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		slowEntry("Cambio de horario en la Dirección de Tránsito", "Atención de público", []string{"Punta Arenas", " ", text}, maxBodyRunes, maxBodyTokens)
	}
}
