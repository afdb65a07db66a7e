package render

import "testing"

// foldRun (tokens.go) is Fold as first written: the whole text through
// NFD. Fold's ASCII fast path must give the same result.
func TestFoldSameAsWholeNFD(t *testing.T) {
	for _, s := range []string{
		"", "Educación", "NIÑO y niño", "Ñuñoa, Peñalolén — «Año Nuevo»",
		"e\u0301xito", "a\u0323\u0301b", "x\u0301\u0323y", "\u0301al principio",
		"Ǆ ǅ ǆ İstanbul ΣΑΣ", "ﬁn", "한국어", "\xff\xfe invalid", "Ḉ\u0327", "1.234,56 $",
	} {
		if got, want := Fold(s), foldRun(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Educación cívica en Ñuñoa")
	f.Add("a\u0323\u0301b")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldRun(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}
