package render_test

import (
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/render"
	"cabildo/internal/theme"
)

// The press, feeds and contacts tests build testdata/press-site, a small
// site made for them: five published releases over two years (with
// press_per_page: 2), a draft, one embargoed a minute after the build's
// clock, a bundle with an image and an attachment, a title with
// "</script>", one event and three contacts (named, unnamed, short code).

func init() {
	// Other families of this package may define -update too; register it
	// once, whoever comes first.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// pressNow is the build clock of the tests: 2026-11-27 12:00 in Santiago.
var pressNow = time.Date(2026, 11, 27, 12, 0, 0, 0, mustZone("America/Santiago"))

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// pressSites caches one build per clock: the tests share them.
var pressSites sync.Map // time.Time → func() pressBuild

type pressBuild struct {
	set   *output.Set
	diags content.Diagnostics
}

// pressSite renders testdata/press-site at now, as build.Build does but
// keeping the output whatever the diagnostics: the test fails on errors
// about the content or the press and contacts families, and only logs
// those of other families, so that it tests what it names.
func pressSite(t *testing.T, now time.Time) *output.Set {
	t.Helper()
	f, _ := pressSites.LoadOrStore(now, sync.OnceValue(func() pressBuild {
		fsys := os.DirFS("testdata/press-site")
		site, diags := load.Load(fsys)
		diags = append(diags, site.Validate()...)
		th, err := theme.Load(theme.Overlay(nil), render.Funcs())
		if err != nil {
			diags.Errorf(content.Pos{File: "themes"}, "%v", err)
			return pressBuild{diags: diags}
		}
		set := output.NewSet()
		opt := render.Options{Now: now, Theme: th, Markdown: markdown.New(), Source: fsys}
		diags = append(diags, render.Render(site.Publishable(now, false, false), opt, set)...)
		return pressBuild{set, diags}
	}))
	b := f.(func() pressBuild)()
	for _, d := range b.diags {
		if d.Severity == content.SeverityError && ownDiagnostic(d.Pos.File) {
			t.Errorf("%v", d)
		} else {
			t.Logf("other family: %v", d)
		}
	}
	if t.Failed() || b.set == nil {
		t.FailNow()
	}
	return b.set
}

// ownDiagnostic reports whether a diagnostic's file concerns the content
// or the press, feeds and contacts families.
func ownDiagnostic(file string) bool {
	if strings.HasPrefix(file, "content/") || file == "themes" {
		return true
	}
	for _, s := range []string{"/press.html", "/press-list.html", "/contacts.html", "public/prensa/", "public/contactos/"} {
		if strings.Contains(file, s) {
			return true
		}
	}
	return false
}

// file returns a published file as a string, failing if it is missing.
func file(t *testing.T, set *output.Set, p string) string {
	t.Helper()
	b, ok := set.Get(p)
	if !ok {
		t.Fatalf("%s was not published", p)
	}
	return string(b)
}

var itemLink = regexp.MustCompile(`<h2 class="card__title"><a href="([^"]+)"`)

// listed returns the releases a list page links from its items, in order.
func listed(page string) []string {
	var out []string
	for _, m := range itemLink.FindAllStringSubmatch(page, -1) {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(m[1], "/prensa/"), "/"))
	}
	return out
}

func TestPressLists(t *testing.T) {
	set := pressSite(t, pressNow)
	tests := []struct {
		path  string
		want  []string // release slugs, in order
		title string   // the h1
		nav   []string // pagination fragments that must be present
	}{
		{"prensa/index.html", []string{"2026-11-25-script", "2026-11-20-plaza"}, "Comunicados de prensa (página 1 de 3)",
			[]string{`Página 1 de 3`, `<a href="/prensa/pagina/2/" rel="next">`, `<a href="/prensa/" aria-current="page" aria-label="Página 1">1</a>`}},
		{"prensa/pagina/2/index.html", []string{"2026-06-01-invierno", "2026-03-10-becas"}, "Comunicados de prensa (página 2 de 3)",
			[]string{`Página 2 de 3`, `<a href="/prensa/" rel="prev">`, `<a href="/prensa/pagina/3/" rel="next">`, `aria-current="page" aria-label="Página 2">2</a>`}},
		{"prensa/pagina/3/index.html", []string{"2025-12-30-cierre-de-ano"}, "Comunicados de prensa (página 3 de 3)",
			[]string{`Página 3 de 3`, `<a href="/prensa/pagina/2/" rel="prev">`}},
		{"prensa/2026/index.html", []string{"2026-11-25-script", "2026-11-20-plaza"}, "Comunicados de 2026 (página 1 de 2)",
			[]string{`<a href="/prensa/2026/pagina/2/" rel="next">`}},
		{"prensa/2026/pagina/2/index.html", []string{"2026-06-01-invierno", "2026-03-10-becas"}, "Comunicados de 2026 (página 2 de 2)",
			[]string{`Página 2 de 2`, `<a href="/prensa/2026/" rel="prev">`}},
		{"prensa/2025/index.html", []string{"2025-12-30-cierre-de-ano"}, "Comunicados de 2025", nil},
		// The duplicate "educacion" in becas must not list it twice.
		{"prensa/temas/educacion/index.html", []string{"2026-03-10-becas"}, "Tema: Educación", nil},
		{"prensa/temas/medio-ambiente/index.html", []string{"2026-03-10-becas", "2025-12-30-cierre-de-ano"}, "Tema: Medio ambiente", nil},
		{"prensa/temas/espacios-publicos/index.html", []string{"2026-11-20-plaza"}, "Tema: Espacios públicos", nil},
		{"prensa/temas/cultura/index.html", []string{"2026-11-25-script"}, "Tema: Cultura", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			page := file(t, set, tt.path)
			if got := listed(page); !slices.Equal(got, tt.want) {
				t.Errorf("releases = %q, want %q", got, tt.want)
			}
			if h1 := "<h1>" + tt.title + "</h1>"; !strings.Contains(page, h1) {
				t.Errorf("missing %s", h1)
			}
			if n := strings.Count(page, "<h1"); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
			for _, s := range tt.nav {
				if !strings.Contains(page, s) {
					t.Errorf("missing %s", s)
				}
			}
			if tt.nav == nil && strings.Contains(page, `class="pagination"`) {
				t.Errorf("a one-page list has pagination")
			}
		})
	}
	for _, p := range []string{"prensa/pagina/1/index.html", "prensa/pagina/4/index.html", "prensa/2026/pagina/3/index.html", "prensa/2025/pagina/2/index.html"} {
		if _, ok := set.Get(p); ok {
			t.Errorf("%s published", p)
		}
	}
}

func TestPressIndexes(t *testing.T) {
	set := pressSite(t, pressNow)
	main := file(t, set, "prensa/index.html")
	for _, s := range []string{
		`<a href="/prensa/2026/">2026</a> <span class="card__meta">(4 comunicados)</span>`,
		`<a href="/prensa/2025/">2025</a> <span class="card__meta">(1 comunicado)</span>`,
		`<a href="/prensa/temas/">`,
	} {
		if !strings.Contains(main, s) {
			t.Errorf("/prensa/ lacks %s", s)
		}
	}
	if strings.Index(main, `href="/prensa/2026/"`) > strings.Index(main, `href="/prensa/2025/"`) {
		t.Errorf("years are not newest first")
	}
	if y := file(t, set, "prensa/2025/index.html"); !strings.Contains(y, `<a href="/prensa/2025/" aria-current="true">`) {
		t.Errorf("the year archive does not mark its year")
	}
	topics := file(t, set, "prensa/temas/index.html")
	var labels []string
	for _, m := range regexp.MustCompile(`<a href="/prensa/temas/[^"]+/">([^<]+)</a> <span class="card__meta">\(([^)]+)\)`).FindAllStringSubmatch(topics, -1) {
		labels = append(labels, m[1]+" "+m[2])
	}
	want := []string{"Cultura 1 comunicado", "Desarrollo social 1 comunicado", "Educación 1 comunicado",
		"Espacios públicos 1 comunicado", "Medio ambiente 2 comunicados", "Obras 1 comunicado"}
	if !slices.Equal(labels, want) {
		t.Errorf("topic index = %q, want %q", labels, want)
	}
}

// Drafts and embargoed releases appear nowhere: not as pages, not in lists,
// feeds or topic counts. A minute later, the embargoed one is published.
func TestPressUnpublished(t *testing.T) {
	set := pressSite(t, pressNow)
	for _, p := range set.Paths() {
		if strings.Contains(p, "borrador") || strings.Contains(p, "embargo") {
			t.Errorf("published %s", p)
		}
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".json") {
			b, _ := set.Get(p)
			for _, s := range []string{"Borrador secreto", "Anuncio embargado", "2026-12-01-embargo"} {
				if strings.Contains(string(b), s) {
					t.Errorf("%s mentions %q", p, s)
				}
			}
		}
	}
	later := pressSite(t, pressNow.Add(time.Minute))
	if got := listed(file(t, later, "prensa/index.html")); len(got) == 0 || got[0] != "2026-12-01-embargo" {
		t.Errorf("after the embargo, /prensa/ starts with %q", got)
	}
	if _, ok := later.Get("prensa/2026-11-26-borrador/index.html"); ok {
		t.Errorf("the draft was published")
	}
}

func TestPressRelease(t *testing.T) {
	set := pressSite(t, pressNow)
	plaza := file(t, set, "prensa/2026-11-20-plaza/index.html")
	for _, s := range []string{
		`<h1>Inauguran la plaza Los Aromos</h1>`,
		`Prueba, <time datetime="2026-11-20T20:15:00-03:00">viernes 20 de noviembre de 2026</time>`,
		`Actualizado: <time datetime="2026-11-24T10:00:00-03:00">martes 24 de noviembre de 2026, 10:00 hrs.</time>`,
		// The photo (1000 × 563) in WebP and PNG at 480, 800 and its own
		// width; the first image of the page loads at once.
		`<picture><source type="image/webp" srcset="/prensa/2026-11-20-plaza/plaza-480.webp 480w, /prensa/2026-11-20-plaza/plaza-800.webp 800w, /prensa/2026-11-20-plaza/plaza-1000.webp 1000w" sizes="(min-width: 52rem) 50rem, calc(100vw - 2rem)">` +
			`<img src="/prensa/2026-11-20-plaza/plaza-800.png" srcset="/prensa/2026-11-20-plaza/plaza-480.png 480w, /prensa/2026-11-20-plaza/plaza-800.png 800w, /prensa/2026-11-20-plaza/plaza-1000.png 1000w" sizes="(min-width: 52rem) 50rem, calc(100vw - 2rem)" alt="La plaza remodelada" width="800" height="450" decoding="async"></picture>`,
		`<a href="/prensa/2026-11-20-plaza/plaza.png" download>Descargar en alta resolución<span class="visually-hidden">: La plaza remodelada</span> <span class="card__meta">(PNG, 1000 × 563 píxeles,`,
		`<figcaption>La plaza el día de la inauguración. <span class="credit">Crédito: Unidad de Comunicaciones</span><span class="download">`,
		`<a href="/prensa/2026-11-20-plaza/ficha.pdf" type="application/pdf">Ficha técnica <span class="card__meta">(PDF, 3 KB)</span></a>`,
		`<a href="/eventos/2026-12-05-feria/">Feria navideña</a>: <time datetime="2026-12-05T10:00:00-03:00">sábado 5 de diciembre de 2026, 10:00 a 14:00 hrs.</time>`,
		`<a href="/prensa/temas/espacios-publicos/">Espacios públicos</a>`,
		`<a href="/prensa/temas/obras/">Obras</a>`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:image" content="https://muni.example.cl/prensa/2026-11-20-plaza/plaza-1000.png">`,
		`<meta property="og:image:width" content="1000">`,
		`<a href="/prensa/">Prensa</a>`, // breadcrumbs
	} {
		if !strings.Contains(plaza, s) {
			t.Errorf("plaza lacks %s", s)
		}
	}
	if n := strings.Count(plaza, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	if alias := file(t, set, "noticias/plaza/index.html"); !strings.Contains(alias, `url=/prensa/2026-11-20-plaza/`) {
		t.Errorf("the alias does not redirect to the release:\n%s", alias)
	}

	invierno := file(t, set, "prensa/2026-06-01-invierno/index.html")
	for _, s := range []string{
		`Villa Sur, <time datetime="2026-06-01T12:00:00-04:00">lunes 1 de junio de 2026</time>`,
		`<strong>Corrección del <time datetime="2026-06-03">3 de junio de 2026</time>:</strong> Las sedes abren a las 10:00, no a las 09:00.`,
	} {
		if !strings.Contains(invierno, s) {
			t.Errorf("invierno lacks %s", s)
		}
	}
	if strings.Contains(invierno, "Actualizado") || strings.Contains(invierno, "<figure") {
		t.Errorf("invierno shows an update or an image it does not have")
	}
}

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// A title with "</script>" must neither end the JSON-LD element nor run as
// a script, and must survive as the article's headline.
func TestPressJSONLD(t *testing.T) {
	set := pressSite(t, pressNow)
	page := file(t, set, "prensa/2026-11-25-script/index.html")
	const title = "Cierre </script><script>alert(1)</script> & «fiesta»"
	if strings.Contains(page, "<script>alert") {
		t.Fatalf("the title was injected as a script element")
	}
	blocks := ldScript.FindAllStringSubmatch(page, -1)
	if n := strings.Count(page, "</script>"); n != len(blocks) {
		t.Errorf("%d </script> in the page for %d JSON-LD elements", n, len(blocks))
	}
	var article map[string]any
	for _, b := range blocks {
		var v map[string]any
		if err := json.Unmarshal([]byte(b[1]), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, b[1])
		}
		if v["@type"] == "NewsArticle" {
			article = v
		}
	}
	if article == nil {
		t.Fatalf("no NewsArticle in:\n%s", page)
	}
	abs := "https://muni.example.cl/prensa/2026-11-25-script/"
	want := map[string]any{
		"headline":         title,
		"datePublished":    "2026-11-25T18:00:00-03:00",
		"dateModified":     "2026-11-25T18:00:00-03:00",
		"url":              abs,
		"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": abs},
		"inLanguage":       "es-CL",
		"keywords":         "Cultura",
	}
	for k, v := range want {
		if got, _ := json.Marshal(article[k]); string(got) != mustJSON(v) {
			t.Errorf("%s = %s, want %s", k, got, mustJSON(v))
		}
	}
	if pub, _ := article["publisher"].(map[string]any); pub["@type"] != "GovernmentOrganization" {
		t.Errorf("publisher = %v", article["publisher"])
	}

	plaza := file(t, set, "prensa/2026-11-20-plaza/index.html")
	for _, s := range []string{`"dateModified":"2026-11-24T10:00:00-03:00"`, `"image":[{"@type":"ImageObject"`, `"url":"https://muni.example.cl/prensa/2026-11-20-plaza/plaza-1000.png"`, `"width":1000`} {
		if !strings.Contains(plaza, s) {
			t.Errorf("plaza JSON-LD lacks %s", s)
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestPressThumbnails checks that lists show a release's image as a
// small, lazy, decorative thumbnail: the list, the year, the topic and
// the home page. Its srcsets offer only the variants a thumbnail can use
// (up to 800 pixels), not the 1000-pixel one of the release's page.
func TestPressThumbnails(t *testing.T) {
	set := pressSite(t, pressNow)
	want := `<div class="card__thumb"><picture><source type="image/webp" srcset="/prensa/2026-11-20-plaza/plaza-480.webp 480w, /prensa/2026-11-20-plaza/plaza-800.webp 800w" sizes="8rem">` +
		`<img src="/prensa/2026-11-20-plaza/plaza-800.png" srcset="/prensa/2026-11-20-plaza/plaza-480.png 480w, /prensa/2026-11-20-plaza/plaza-800.png 800w" sizes="8rem" alt="" width="800" height="450" loading="lazy" decoding="async"></picture></div>`
	for _, p := range []string{"prensa/index.html", "prensa/2026/index.html", "prensa/temas/obras/index.html", "index.html"} {
		page := file(t, set, p)
		if !strings.Contains(page, want) {
			t.Errorf("%s lacks the thumbnail", p)
		}
		if n := strings.Count(page, `class="card__thumb"`); n != 1 {
			t.Errorf("%s: %d thumbnails, want 1 (only the plaza has an image)", p, n)
		}
	}
}

// TestPressGalleryAndContact checks what the media need: a gallery of
// photos with caption, credit and a high-resolution download each, which
// works without JavaScript, and the press contact of site.yaml.
func TestPressGalleryAndContact(t *testing.T) {
	set := pressSite(t, pressNow)
	plaza := file(t, set, "prensa/2026-11-20-plaza/index.html")
	for _, s := range []string{
		`<section class="gallery" aria-labelledby="h-galeria">`,
		`<h2 id="h-galeria">Galería de fotos</h2>`,
		`sizes="(min-width: 60rem) 22rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)" alt="Niños en los juegos inclusivos" width="800" height="450" loading="lazy" decoding="async"></picture>`,
		`<figcaption>Los juegos nuevos. <span class="credit">Crédito: Ana Rojas</span><span class="download">`,
		`<a href="/prensa/2026-11-20-plaza/plaza.png" download>Descargar en alta resolución<span class="visually-hidden">: Niños en los juegos inclusivos</span> <span class="card__meta">(PNG, 1000 × 563 píxeles,`,
		`<span class="visually-hidden">: Vista general de la plaza</span>`,
		`<h2 id="h-contacto-prensa">Contacto de prensa</h2>`,
		`Unidad de Comunicaciones, Gabinete de Alcaldía<br><a href="mailto:prensa@muni.example.cl">prensa@muni.example.cl</a>`,
	} {
		if !strings.Contains(plaza, s) {
			t.Errorf("plaza lacks %s", s)
		}
	}
	if n := strings.Count(plaza, "Descargar en alta resolución"); n != 3 {
		t.Errorf("%d download links, want 3 (the image and two gallery photos)", n)
	}
}
