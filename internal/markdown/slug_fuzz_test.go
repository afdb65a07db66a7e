package markdown

import (
	"testing"
	"unicode/utf8"

	"cabildo/internal/content"
)

// FuzzSlugify checks that Slugify always returns a slug the content
// contract accepts (content.ValidSlug) or nothing, and that a slug is its
// own slug.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{
		"Feria Navideña en la Plaza", "¿Qué hace el Gabinete?", "O'Higgins", "2.º piso",
		"¡!", "---", "a--b", "ÆØß łódź", "ｆｕｌｌ　ｗｉｄｔｈ", "Ⅻ ﬁ ½", "Ελληνικά", "\xff\xfe",
		"-a-", "a\u0301", "İstanbul", "ǅ", "x\u200by", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slug := Slugify(s)
		if slug != "" && !content.ValidSlug(slug) {
			t.Fatalf("Slugify(%q) = %q, not a valid slug", s, slug)
		}
		if again := Slugify(slug); again != slug {
			t.Fatalf("Slugify(%q) = %q, but Slugify(%q) = %q", s, slug, slug, again)
		}
		if utf8.ValidString(s) && hasASCIIAlnum(s) && slug == "" {
			t.Fatalf("Slugify(%q) is empty though the text has ASCII letters or digits", s)
		}
	})
}

func hasASCIIAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}
