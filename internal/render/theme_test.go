package render

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/theme"
)

// testSite is a small site: the home page, a free page, three press
// releases and a contact. siteYAML replaces content/site.yaml.
func testSite(siteYAML string) fstest.MapFS {
	return fstest.MapFS{
		"content/site.yaml": {Data: []byte(siteYAML)},
		"content/_index.md": {Data: []byte("---\ntitle: \"Inicio\"\n---\n\nBienvenidos.\n")},
		"content/funciones.md": {Data: []byte("---\ntitle: \"Funciones del Gabinete\"\nsummary: \"Qué hace el Gabinete.\"\n---\n\n" +
			"El Gabinete coordina la agenda y apoya la educación comunal.\n")},
		"content/prensa/2026-11-20-becas.md": {Data: []byte("---\ntitle: \"Becas de Educación 2027\"\ndate: 2026-11-20T10:00\n" +
			"summary: \"Abre la postulación a las becas municipales.\"\ntopics: [educacion]\n---\n\nLas becas apoyan a estudiantes de la comuna.\n")},
		"content/prensa/2026-11-10-plaza.md": {Data: []byte("---\ntitle: \"Nueva plaza en Los Aromos\"\ndate: 2026-11-10T10:00\n" +
			"summary: \"La plaza tiene juegos y un programa de educación ambiental.\"\n---\n\nLa obra incluye árboles nativos.\n")},
		"content/prensa/2026-11-25-reciclaje.md": {Data: []byte("---\ntitle: \"Punto limpio\"\ndate: 2026-11-25T10:00\n" +
			"summary: \"Un nuevo punto de reciclaje.\"\n---\n\nTalleres de educación ambiental para colegios y vecinos.\n")},
		"content/contactos/gabinete.md": {Data: []byte("---\nposition: \"Gabinete de Alcaldía\"\nphones: [\"22 540 17 56\"]\nemail: \"gabinete@municipioejemplo.cl\"\n---\n")},
	}
}

const baseYAML = `title: "Gabinete de Alcaldía"
organization: "Municipalidad de Ejemplo"
base_url: "https://www.municipioejemplo.cl"
timezone: America/Santiago
comuna: "Ejemplo"
description: "Noticias del Gabinete."
`

// renderSite loads, validates and renders fsys with the built-in theme.
// Other families of pages may report problems of their own (their
// templates are written in parallel with this one), so the caller looks
// only at the diagnostics and files it tests.
func renderSite(t *testing.T, fsys fstest.MapFS) (*output.Set, content.Diagnostics) {
	t.Helper()
	site, diags := load.Load(fsys)
	diags = append(diags, site.Validate()...)
	if diags.HasErrors() {
		t.Fatalf("test site does not load: %v", diags.Errors())
	}
	th, err := theme.Load(theme.Overlay(nil), Funcs())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, site.Config.Location)
	set := output.NewSet()
	d := Render(site.Publishable(now, false, false), Options{Now: now, Theme: th, Markdown: markdown.New(), Source: fsys}, set)
	return set, d
}

func file(t *testing.T, set *output.Set, p string) string {
	t.Helper()
	b, ok := set.Get(p)
	if !ok {
		t.Fatalf("%s was not rendered", p)
	}
	return string(b)
}

// brandErrors returns the diagnostics about the identity colour.
func brandErrors(ds content.Diagnostics) content.Diagnostics {
	var out content.Diagnostics
	for _, d := range ds {
		if strings.Contains(d.Msg, "color principal") {
			out = append(out, d)
		}
	}
	return out
}

func TestBrandContrastErrorAtPrimaryColor(t *testing.T) {
	// primary_color is on line 7 of site.yaml, its value at column 16.
	yaml := baseYAML + "primary_color: \"#777777\"\n"
	_, diags := renderSite(t, testSite(yaml))
	errs := brandErrors(diags)
	if len(errs) != 1 {
		t.Fatalf("want one error about the primary colour, got %v", diags)
	}
	d := errs[0]
	if d.Severity != content.SeverityError {
		t.Errorf("severity %v, want error", d.Severity)
	}
	if d.Pos.File != "content/site.yaml" || d.Pos.Line != 7 {
		t.Errorf("position %v, want content/site.yaml:7", d.Pos)
	}
	for _, want := range []string{"#777777", "4,47:1", "4,5:1", "más oscuro"} {
		if !strings.Contains(d.Msg, want) {
			t.Errorf("message %q lacks %q", d.Msg, want)
		}
	}
	// The suggested shade must itself pass, or the advice is useless.
	m := regexp.MustCompile(`por ejemplo (#[0-9a-f]{6})`).FindStringSubmatch(d.Msg)
	if m == nil {
		t.Fatalf("no suggested colour in %q", d.Msg)
	}
	_, diags = renderSite(t, testSite(baseYAML+"primary_color: \""+m[1]+"\"\n"))
	if errs := brandErrors(diags); len(errs) != 0 {
		t.Errorf("suggested colour %s fails too: %v", m[1], errs)
	}
}

func TestBrandColourReachesThePage(t *testing.T) {
	set, diags := renderSite(t, testSite(baseYAML+"primary_color: \"#0B4F8A\"\n"))
	if errs := brandErrors(diags); len(errs) != 0 {
		t.Fatalf("#0b4f8a should pass: %v", errs)
	}
	home := file(t, set, "index.html")
	if !strings.Contains(home, "<style>:root{--primary:#0b4f8a;--primary-dark:#083b68;") {
		t.Errorf("home page lacks the identity colours:\n%s", home[:min(len(home), 1500)])
	}
	// Without primary_color the stylesheet's defaults apply: no inline style.
	set, _ = renderSite(t, testSite(baseYAML))
	if strings.Contains(file(t, set, "index.html"), "<style>") {
		t.Error("inline style without primary_color")
	}
}

var (
	scriptOpen = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	ldScript   = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
)

// TestJSONLDIsEscaped puts a script-closing payload in every text that
// reaches structured data and meta tags, and checks that the page's only
// script elements are its JSON-LD, each parsing as JSON with the text
// intact.
func TestJSONLDIsEscaped(t *testing.T) {
	const payload = `</script><script>alert(1)</script>`
	yaml := strings.Replace(baseYAML, `title: "Gabinete de Alcaldía"`, `title: "Gabinete `+payload+`"`, 1)
	yaml = strings.Replace(yaml, `description: "Noticias del Gabinete."`, `description: "Noticias `+payload+`"`, 1)
	set, _ := renderSite(t, testSite(yaml))
	for _, p := range []string{"index.html", "funciones/index.html", "404.html", "buscar/index.html"} {
		page := file(t, set, p)
		if strings.Contains(page, "alert(1)</script>") || strings.Contains(page, "<script>alert") {
			t.Errorf("%s: payload not escaped", p)
		}
		opens := scriptOpen.FindAllString(page, -1)
		lds := ldScript.FindAllStringSubmatch(page, -1)
		scripts := 0
		for _, o := range opens {
			if !strings.Contains(o, "application/ld+json") {
				scripts++
			}
		}
		wantScripts := 0
		if p == "buscar/index.html" {
			wantScripts = 1 // buscar.js, the one script of the site
		}
		if scripts != wantScripts || len(opens) != len(lds)+wantScripts {
			t.Errorf("%s: script elements %q, want %d JSON-LD and %d other", p, opens, len(lds), wantScripts)
		}
		for _, m := range lds {
			var v map[string]any
			if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
				t.Errorf("%s: JSON-LD does not parse: %v\n%s", p, err, m[1])
				continue
			}
			if name, _ := v["name"].(string); !strings.Contains(name, payload) {
				t.Errorf("%s: JSON-LD name %q lost the text", p, name)
			}
		}
		if p == "index.html" && len(lds) == 0 {
			t.Error("home page without JSON-LD")
		}
	}
}

// TestPageShell checks what every page promises: the language, one h1, the
// skip link to main, the landmarks, and the findability tags.
func TestPageShell(t *testing.T) {
	set, _ := renderSite(t, testSite(baseYAML))
	for _, p := range []string{"index.html", "funciones/index.html", "404.html", "buscar/index.html"} {
		page := file(t, set, p)
		for _, want := range []string{
			`<html lang="es-CL">`, `<a class="skip" href="#contenido">`, `<main id="contenido"`,
			`<header class="site-header">`, `<nav class="nav" aria-label="Principal">`, `<footer class="site-footer">`,
			`<meta name="description" content="`, `<link rel="canonical" href="https://www.municipioejemplo.cl/`,
			`<meta property="og:title"`, `<meta name="twitter:card"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
		if n := strings.Count(page, "<h1"); n != 1 {
			t.Errorf("%s has %d h1", p, n)
		}
	}
	if !strings.Contains(file(t, set, "buscar/index.html"), `<meta name="robots" content="noindex">`) {
		t.Error("search page is indexable")
	}
}
