package render

import (
	"html/template"
	"strings"
	"testing"
)

// TestSrcsetEscapes: the srcset made once per image writes each URL as
// html/template writes it in a src attribute, whatever name the editor
// gave the photo ("Foto Plaza (1).jpg", accents, %): html/template's own
// srcset filter turns such candidates into "#ZgotmplZ", a broken image.
// A comma, which would end the candidate, is encoded too. For plain
// names, the result is what the filter makes of the plain srcset.
func TestSrcsetEscapes(t *testing.T) {
	exec := func(text string, v any) string {
		var b strings.Builder
		if err := template.Must(template.New("").Parse(text)).Execute(&b, v); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, stem := range []string{
		"/prensa/2026-11-20-plaza/foto",
		"/prensa/2026-11-20-plaza/Foto Plaza (1)",
		"/prensa/año-nuevo/niños_en_la_plaza",
		"/prensa/x/100%25 listo",
		"/prensa/x/50% más",
		"/prensa/x/o'higgins&cía+más#1",
		"/prensa/x/\"comillas\"<b>",
		"/prensa/x/uno,dos",
	} {
		vs := []imageVariant{{URL: stem + "-480.jpg", Width: 480}, {URL: stem + "-800.jpg", Width: 800}}
		var want []string
		for _, v := range vs {
			u := exec(`{{.}}`, template.HTML(exec(`<img src="{{.}}">`, v.URL)))
			u = strings.TrimSuffix(strings.TrimPrefix(u, `<img src="`), `">`)
			want = append(want, strings.ReplaceAll(u, ",", "%2c")+" "+[]string{"480w", "800w"}[len(want)])
		}
		got := exec(`<img srcset="{{.}}">`, template.Srcset(srcset(vs, true)))
		if w := `<img srcset="` + strings.Join(want, ", ") + `">`; got != w {
			t.Errorf("%q:\n got  %s\n want %s", stem, got, w)
		}
		if !strings.ContainsAny(stem, " %,\"'<&") {
			if plain := exec(`<img srcset="{{.}}">`, srcset(vs, false)); got != plain {
				t.Errorf("%q: %s; html/template's filter makes %s", stem, got, plain)
			}
		}
	}
}
