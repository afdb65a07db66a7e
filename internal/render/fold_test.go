package render

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldWhole is Fold as first written: the whole text through NFD. The
// ASCII fast path must give the same result.
func foldWhole(s string) string {
	var b strings.Builder
	for _, c := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, c) {
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

func TestFoldSameAsWholeNFD(t *testing.T) {
	for _, s := range []string{
		"", "Educación", "NIÑO y niño", "Ñuñoa, Peñalolén — «Año Nuevo»",
		"e\u0301xito", "a\u0323\u0301b", "x\u0301\u0323y", "\u0301al principio",
		"Ǆ ǅ ǆ İstanbul ΣΑΣ", "ﬁn", "한국어", "\xff\xfe invalid", "Ḉ\u0327", "1.234,56 $",
	} {
		if got, want := Fold(s), foldWhole(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Educación cívica en Ñuñoa")
	f.Add("a\u0323\u0301b")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldWhole(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}
