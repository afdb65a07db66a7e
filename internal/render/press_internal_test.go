package render

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Unit tests of the helpers of the press, feeds and contacts families;
// the pages themselves are tested on testdata/press-site (press_test.go).

func TestPaginate(t *testing.T) {
	// Each link is written as its number, "[n]" for the current page and
	// "…" for a gap.
	tests := []struct {
		page, pages int
		want        string
	}{
		{1, 1, "[1]"},
		{1, 3, "[1] 2 3"},
		{3, 3, "1 2 [3]"},
		{1, 10, "[1] 2 3 … 10"},
		{5, 10, "1 … 3 4 [5] 6 7 … 10"},
		{4, 10, "1 2 3 [4] 5 6 … 10"},
		{10, 10, "1 … 8 9 [10]"},
	}
	for _, tt := range tests {
		pg := paginate("/prensa/", tt.page, tt.pages)
		var got []string
		for _, l := range pg.Links {
			switch {
			case l.Gap:
				got = append(got, "…")
			case l.Current:
				got = append(got, "["+strconv.Itoa(l.Number)+"]")
			default:
				got = append(got, strconv.Itoa(l.Number))
			}
			if !l.Gap && l.URL != pageURL("/prensa/", l.Number) {
				t.Errorf("page %d links to %s", l.Number, l.URL)
			}
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("paginate(%d, %d) = %s, want %s", tt.page, tt.pages, s, tt.want)
		}
		wantPrev, wantNext := "", ""
		if tt.page > 1 {
			wantPrev = pageURL("/prensa/", tt.page-1)
		}
		if tt.page < tt.pages {
			wantNext = pageURL("/prensa/", tt.page+1)
		}
		if pg.Prev != wantPrev || pg.Next != wantNext {
			t.Errorf("paginate(%d, %d): prev %q next %q", tt.page, tt.pages, pg.Prev, pg.Next)
		}
	}
	if got := pageURL("/prensa/temas/salud/", 2); got != "/prensa/temas/salud/pagina/2/" {
		t.Errorf("pageURL = %s", got)
	}
}

func TestTopicLabel(t *testing.T) {
	for slug, want := range map[string]string{
		"medio-ambiente":    "Medio ambiente",
		"educacion":         "Educación",
		"participacion":     "Participación",
		"espacios-publicos": "Espacios públicos",
		"inclusion":         "Inclusión",
		"ninez-y-juventud":  "Niñez y juventud",
		"obras":             "Obras",
		"covid-19":          "Covid 19",
		"cion":              "Cion", // too short to be a -ción word
	} {
		if got := topicLabel(slug); got != want {
			t.Errorf("topicLabel(%q) = %q, want %q", slug, got, want)
		}
	}
}

func TestFileSize(t *testing.T) {
	for n, want := range map[int64]string{
		0:                   "0 bytes",
		1:                   "1 byte",
		1023:                "1.023 bytes", // spanish.Int groups thousands with a dot
		1024:                "1 KB",
		1025:                "2 KB",
		2500:                "3 KB",
		1024 * 1023:         "1.023 KB",
		1024 * 1024:         "1 MB",
		1024 * 1024 * 3 / 2: "1,5 MB",
		1024 * 1024 * 1234:  "1.234 MB",
	} {
		if got := fileSize(n); got != want {
			t.Errorf("fileSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestAbsolutize(t *testing.T) {
	const base = "https://muni.example.cl"
	tests := []struct{ in, want string }{
		{`<a href="/eventos/x/">x</a>`, `<a href="https://muni.example.cl/eventos/x/">x</a>`},
		{`<img src="/a.png" alt="/b">`, `<img src="https://muni.example.cl/a.png" alt="/b">`},
		{`<a href="//cdn.example/x">`, `<a href="//cdn.example/x">`},
		{`<a href="https://otro.cl/">`, `<a href="https://otro.cl/">`},
		{`<a data-href="/x">`, `<a data-href="/x">`},
		{`<p>escriba href=&quot;/x&quot;</p>`, `<p>escriba href=&quot;/x&quot;</p>`},
		{`<a href="/">inicio</a>`, `<a href="https://muni.example.cl/">inicio</a>`},
	}
	for _, tt := range tests {
		if got := absolutize(tt.in, base); got != tt.want {
			t.Errorf("absolutize(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestVCardText(t *testing.T) {
	for in, want := range map[string]string{
		"Lunes; martes, miércoles":  `Lunes\; martes\, miércoles`,
		`C:\ruta`:                   `C:\\ruta`,
		"dos\nlíneas\r\nde texto\r": `dos\nlíneas\nde texto\n`,
		"tab\tborrado\x00":          "tabborrado",
	} {
		if got := vcardText(in); got != want {
			t.Errorf("vcardText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVCardFolding(t *testing.T) {
	for _, line := range []string{
		"NOTE:" + strings.Repeat("a", 70),
		"NOTE:" + strings.Repeat("ñ", 100), // two octets each: cuts must fall between them
		"NOTE:" + strings.Repeat("–", 60),  // three octets each
		"FN:corto",
	} {
		var v vcardWriter
		v.line(line)
		out := v.b.String()
		physical := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, l := range physical {
			if len(l) > vcardMaxLine {
				t.Errorf("%d octets: %q", len(l), l)
			}
			if !utf8.ValidString(l) {
				t.Errorf("split rune: %q", l)
			}
			if i > 0 && !strings.HasPrefix(l, " ") {
				t.Errorf("continuation without a space: %q", l)
			}
		}
		if unfolded := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); unfolded != line {
			t.Errorf("unfolds to %q, want %q", unfolded, line)
		}
	}
}
