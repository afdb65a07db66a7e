package sitegen

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// emit receives one output file: a slash-separated path relative to the
// output root, and its bytes. Rendering never touches the disk itself, so
// the test can compare two generations in memory.
type emit func(rel string, data []byte) error

// q quotes a string for YAML. Go's double-quoted syntax (\" \\ \n \t and
// printable UTF-8 kept as is) is a subset of YAML's double-quoted scalars.
func q(s string) string { return strconv.Quote(s) }

// flow writes a YAML flow sequence of plain scalars: [a, b]. Only used for
// slugs, ids and codes, which never need quoting.
func flow(xs []string) string { return "[" + strings.Join(xs, ", ") + "]" }

func quotedFlow(xs []string) string {
	qs := make([]string, len(xs))
	for i, x := range xs {
		qs[i] = q(x)
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

// dateTime is the contract's local date-time without offset: 2026-11-27T10:00.
func dateTime(d day, c clock) string { return d.String() + "T" + c.String() }

// renderCabildo writes the site following /work/shared/CONTENT.md.
func renderCabildo(s *site, out emit) error {
	var b strings.Builder
	page := func(rel string) error {
		err := out(rel, []byte(b.String()))
		b.Reset()
		return err
	}

	writeSiteYAML(&b)
	if err := page("content/site.yaml"); err != nil {
		return err
	}
	for _, p := range staticPages {
		fmt.Fprintf(&b, "---\ntitle: %s\nsummary: %s\n---\n%s", q(p.title), q(p.summary), p.body)
		if err := page("content/" + p.file); err != nil {
			return err
		}
	}

	for _, p := range s.press {
		b.WriteString("---\n")
		fmt.Fprintf(&b, "title: %s\n", q(p.title))
		fmt.Fprintf(&b, "date: %s\n", dateTime(p.date, p.at))
		fmt.Fprintf(&b, "summary: %s\n", q(p.summary))
		if p.dateline != "" {
			fmt.Fprintf(&b, "dateline: %s\n", q(p.dateline))
		}
		fmt.Fprintf(&b, "topics: %s\n", flow(p.topics))
		if len(p.relatedEvents) > 0 {
			fmt.Fprintf(&b, "related_events: %s\n", flow(p.relatedEvents))
		}
		if p.correction != nil {
			fmt.Fprintf(&b, "corrections:\n  - { date: %s, note: %s }\n", p.correction, q("Se corrige la cifra de beneficiarios."))
		}
		b.WriteString("---\n")
		b.WriteString(p.body)
		if err := page("content/prensa/" + p.slug + ".md"); err != nil {
			return err
		}
	}

	for _, e := range s.events {
		b.WriteString("---\n")
		fmt.Fprintf(&b, "title: %s\n", q(e.title))
		fmt.Fprintf(&b, "summary: %s\n", q(e.summary))
		if e.allDay {
			fmt.Fprintf(&b, "start: %s\nend: %s\n", e.start, e.end)
		} else {
			fmt.Fprintf(&b, "start: %s\nend: %s\n", dateTime(e.start, e.from), dateTime(e.end, e.to))
		}
		fmt.Fprintf(&b, "status: %s\n", e.status)
		// A cancelled or postponed event was first published as confirmed:
		// its sequence was bumped once.
		seq := 0
		if e.status == "cancelled" || e.status == "postponed" {
			seq = 1
		}
		fmt.Fprintf(&b, "sequence: %d\n", seq)
		fmt.Fprintf(&b, "category: %s\n", e.category)
		if len(e.agendaOf) > 0 {
			fmt.Fprintf(&b, "agenda_of: %s\n", flow(e.agendaOf))
		}
		fmt.Fprintf(&b, "location:\n  name: %s\n  address: %s\n  geo: { lat: %s, lon: %s }\n",
			q(e.locName), q(e.locAddress), coord(e.lat), coord(e.lon))
		if e.onlineURL != "" {
			fmt.Fprintf(&b, "  online_url: %s\n", q(e.onlineURL))
		}
		if e.organizer != "" {
			fmt.Fprintf(&b, "organizer: %s\n", e.organizer)
		}
		fmt.Fprintf(&b, "cost: %d\n", e.cost)
		if e.accessibility {
			fmt.Fprintf(&b, "accessibility: { step_free: %t, sign_language: %t }\n", e.stepFree, e.signLang)
		}
		if e.recurring {
			b.WriteString("recurrence: \"FREQ=WEEKLY;COUNT=6\"\n")
		}
		b.WriteString("---\n")
		b.WriteString(e.body)
		if err := page("content/eventos/" + e.slug + ".md"); err != nil {
			return err
		}
	}

	for _, a := range s.audiences {
		writeAudienceFM(&b, a)
		if err := page("content/lobby/audiencias/" + a.slug + ".md"); err != nil {
			return err
		}
	}
	for _, t := range s.trips {
		writeTripFM(&b, t)
		if err := page("content/lobby/viajes/" + t.slug + ".md"); err != nil {
			return err
		}
	}
	for _, g := range s.gifts {
		writeGiftFM(&b, g)
		if err := page("content/lobby/donativos/" + g.slug + ".md"); err != nil {
			return err
		}
	}

	for _, c := range s.contacts {
		b.WriteString("---\n")
		fmt.Fprintf(&b, "position: %s\n", q(c.position))
		if c.name != "" {
			fmt.Fprintf(&b, "name: %s\n", q(c.name))
		}
		fmt.Fprintf(&b, "unit: %s\n", q(c.unit))
		if len(c.phones) > 0 {
			fmt.Fprintf(&b, "phones: %s\n", quotedFlow(c.phones))
		}
		if c.email != "" {
			fmt.Fprintf(&b, "email: %s\n", q(c.email))
		}
		if c.address != "" {
			fmt.Fprintf(&b, "address: %s\n", q(c.address))
		}
		if c.hours != "" {
			fmt.Fprintf(&b, "hours: %s\n", q(c.hours))
		}
		fmt.Fprintf(&b, "order: %d\n", c.order)
		b.WriteString("---\n")
		b.WriteString(c.body)
		if err := page("content/contactos/" + c.slug + ".md"); err != nil {
			return err
		}
	}
	return nil
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

func writeSiteYAML(b *strings.Builder) {
	fmt.Fprintf(b, "title: %s\n", q("Gabinete de Alcaldía"))
	fmt.Fprintf(b, "organization: %s\n", q(orgName))
	fmt.Fprintf(b, "base_url: %s\n", q(baseURL))
	b.WriteString("language: es-CL\n")
	fmt.Fprintf(b, "timezone: %s\n", tzName)
	fmt.Fprintf(b, "comuna: %s\n", q(comuna))
	fmt.Fprintf(b, "description: %s\n", q("Noticias, agenda y transparencia del Gabinete de Alcaldía."))
	b.WriteString("institution_code: \"mu000\"\n")
	b.WriteString("officials:\n")
	for _, o := range officials {
		fmt.Fprintf(b, "  - id: %s\n    name: %s\n    position: %s\n    from: %s\n", o.id, q(o.name), q(o.position), o.from)
		if o.to != nil {
			fmt.Fprintf(b, "    to: %s\n", *o.to)
		} else {
			b.WriteString("    to: null\n")
		}
	}
	b.WriteString("categories:\n")
	for _, c := range categories {
		fmt.Fprintf(b, "  %s: %s\n", c.code, q(c.label))
	}
}

func writeAudienceFM(b *strings.Builder, a *audience) {
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: %s\nsummary: %s\n", q(a.title), q(a.summary))
	fmt.Fprintf(b, "officials: %s\n", flow(a.officials))
	fmt.Fprintf(b, "start: %s\nend: %s\n", dateTime(a.date, a.from), dateTime(a.date, a.to))
	if a.videoconference {
		b.WriteString("modality: videoconference\n")
	} else {
		b.WriteString("modality: in_person\n")
	}
	fmt.Fprintf(b, "place: %s\n", q(a.place))
	b.WriteString("attendees:\n")
	for _, at := range a.attendees {
		if at.hidden {
			b.WriteString("  - { protected: true }\n")
			continue
		}
		fmt.Fprintf(b, "  - { name: %s, paid: %t", q(at.name), at.paid)
		if at.employer != "" {
			fmt.Fprintf(b, ", employer: %s", q(at.employer))
		}
		fmt.Fprintf(b, ", represents: [%s] }\n", at.represents)
	}
	b.WriteString("represented:\n")
	for _, p := range a.represented {
		fmt.Fprintf(b, "  - { id: %s, name: %s, kind: %s", p.id, q(p.name), p.kind)
		if p.rut != "" {
			fmt.Fprintf(b, ", rut: %s", q(p.rut))
		}
		b.WriteString(" }\n")
	}
	fmt.Fprintf(b, "subject_matter: %s\n", q(a.subject))
	fmt.Fprintf(b, "decision_categories: %s\n", flow(a.decisions))
	b.WriteString("---\n")
}

func writeTripFM(b *strings.Builder, t *trip) {
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: %s\nsummary: %s\n", q(t.title), q(t.summary))
	fmt.Fprintf(b, "official: %s\n", t.official)
	fmt.Fprintf(b, "start_date: %s\nend_date: %s\n", t.start, t.end)
	fmt.Fprintf(b, "destination: { place: %s, country: %s }\n", q(t.place), t.country)
	fmt.Fprintf(b, "purpose: %s\n", q(t.purpose))
	fmt.Fprintf(b, "total_cost: %d\n", t.cost)
	b.WriteString("funders:\n")
	for _, f := range t.funders {
		fmt.Fprintf(b, "  - { name: %s }\n", q(f))
	}
	b.WriteString("---\n")
}

func writeGiftFM(b *strings.Builder, g *gift) {
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: %s\nsummary: %s\n", q(g.title), q(g.summary))
	fmt.Fprintf(b, "official: %s\n", g.official)
	fmt.Fprintf(b, "date: %s\n", g.date)
	fmt.Fprintf(b, "description: %s\n", q(g.description))
	fmt.Fprintf(b, "occasion: %s\n", q(g.occasion))
	fmt.Fprintf(b, "classification: %s\n", g.classification)
	fmt.Fprintf(b, "donors:\n  - { name: %s, kind: %s }\n", q(g.donorName), g.donorKind)
	b.WriteString("---\n")
}

var staticPages = []struct{ file, title, summary, body string }{
	{"_index.md", "Gabinete de Alcaldía", "Noticias, agenda y transparencia del Gabinete de Alcaldía.",
		"Bienvenidos al sitio del **Gabinete de Alcaldía** de la Municipalidad de Ejemplo.\n\n" +
			"Aquí encontrará [noticias](prensa/), la [agenda](eventos/) y el [registro de lobby](lobby/).\n"},
	{"funciones.md", "Funciones del Gabinete", "Qué hace el Gabinete de Alcaldía.",
		"## Funciones\n\n- Coordinar la agenda de la Alcaldía.\n- Atender a vecinos y organizaciones.\n" +
			"- Publicar la información de [lobby](https://www.infolobby.cl/).\n"},
	{"accesibilidad.md", "Accesibilidad", "Compromiso de accesibilidad de este sitio.",
		"Este sitio busca cumplir las pautas *WCAG 2.2* nivel AA.\n"},
}

// ---- Hugo ----

// hugoDate gives Hugo an RFC 3339 time with the site's offset, the form it
// parses without guessing.
func hugoDate(loc *time.Location, d day, c clock) string {
	return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), c.h, c.m, 0, 0, loc).Format(time.RFC3339)
}

func hugoFM(b *strings.Builder, title, date, summary string, tags []string) {
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: %s\n", q(title))
	if date != "" {
		fmt.Fprintf(b, "date: %s\n", date)
	}
	fmt.Fprintf(b, "summary: %s\n", q(summary))
	if len(tags) > 0 {
		fmt.Fprintf(b, "tags: %s\n", flow(tags))
	}
	b.WriteString("---\n")
}

// renderHugo writes an equivalent Hugo site: the same Markdown bodies, with
// title/date/summary/tags front matter. Lobby records have no body in the
// cabildo tree (cabildo renders their fields); here their fields become a
// short Markdown list so Hugo renders comparable content.
func renderHugo(s *site, out emit) error {
	loc, err := time.LoadLocation(tzName)
	if err != nil {
		return err
	}
	var b strings.Builder
	page := func(rel string) error {
		err := out(rel, []byte(b.String()))
		b.Reset()
		return err
	}
	for _, f := range hugoScaffold {
		b.WriteString(f.data)
		if err := page(f.path); err != nil {
			return err
		}
	}
	for _, p := range staticPages {
		hugoFM(&b, p.title, "", p.summary, nil)
		b.WriteString(p.body)
		if err := page("content/" + p.file); err != nil {
			return err
		}
	}
	for _, sec := range [][2]string{
		{"prensa", "Prensa"}, {"eventos", "Agenda"}, {"lobby", "Registro de lobby"},
		{"lobby/audiencias", "Audiencias"}, {"lobby/viajes", "Viajes"}, {"lobby/donativos", "Donativos"},
		{"contactos", "Directorio"},
	} {
		fmt.Fprintf(&b, "---\ntitle: %s\n---\n", q(sec[1]))
		if err := page("content/" + sec[0] + "/_index.md"); err != nil {
			return err
		}
	}
	for _, p := range s.press {
		hugoFM(&b, p.title, hugoDate(loc, p.date, p.at), p.summary, p.topics)
		b.WriteString(p.body)
		if err := page("content/prensa/" + p.slug + ".md"); err != nil {
			return err
		}
	}
	for _, e := range s.events {
		hugoFM(&b, e.title, hugoDate(loc, e.start, e.from), e.summary, []string{e.category})
		b.WriteString(e.body)
		if err := page("content/eventos/" + e.slug + ".md"); err != nil {
			return err
		}
	}
	for _, a := range s.audiences {
		hugoFM(&b, a.title, hugoDate(loc, a.date, a.from), a.summary, nil)
		fmt.Fprintf(&b, "- **Sujetos pasivos:** %s\n- **Lugar:** %s\n- **Materia:** %s\n",
			strings.Join(a.officials, ", "), a.place, a.subject)
		for _, at := range a.attendees {
			if at.hidden {
				b.WriteString("- Asistente con identidad reservada\n")
			} else {
				fmt.Fprintf(&b, "- Asistente: %s\n", at.name)
			}
		}
		for _, p := range a.represented {
			fmt.Fprintf(&b, "- Representa a: %s %s\n", p.name, p.rut)
		}
		if err := page("content/lobby/audiencias/" + a.slug + ".md"); err != nil {
			return err
		}
	}
	for _, t := range s.trips {
		hugoFM(&b, t.title, hugoDate(loc, t.start, clock{12, 0}), t.summary, nil)
		fmt.Fprintf(&b, "- **Autoridad:** %s\n- **Destino:** %s (%s)\n- **Costo total:** $%s\n- **Financia:** %s\n",
			t.official, t.place, t.country, thousands(t.cost), strings.Join(t.funders, ", "))
		if err := page("content/lobby/viajes/" + t.slug + ".md"); err != nil {
			return err
		}
	}
	for _, g := range s.gifts {
		hugoFM(&b, g.title, hugoDate(loc, g.date, clock{12, 0}), g.summary, nil)
		fmt.Fprintf(&b, "- **Autoridad:** %s\n- **Descripción:** %s\n- **Ocasión:** %s\n- **Donante:** %s\n",
			g.official, g.description, g.occasion, g.donorName)
		if err := page("content/lobby/donativos/" + g.slug + ".md"); err != nil {
			return err
		}
	}
	for _, c := range s.contacts {
		hugoFM(&b, c.position, "", c.unit, nil)
		b.WriteString(c.body)
		if err := page("content/contactos/" + c.slug + ".md"); err != nil {
			return err
		}
	}
	return nil
}

// hugoScaffold is the Hugo configuration and minimal layouts. paginate and
// rssLimit are the spellings of Hugo 0.111 (Debian bookworm); newer Hugo
// still accepts them with a deprecation notice. rssLimit keeps feeds at 50
// entries instead of Hugo's default of every page.
var hugoScaffold = []struct{ path, data string }{
	{"config.toml", `baseURL = "https://www.municipioejemplo.cl/"
title = "Gabinete de Alcaldía"
languageCode = "es-cl"
defaultContentLanguage = "es"
timeZone = "America/Santiago"
paginate = 20
rssLimit = 50
enableRobotsTXT = true

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]

[taxonomies]
tag = "tags"

[sitemap]
changefreq = "weekly"
filename = "sitemap.xml"
priority = 0.5
`},
	{"layouts/_default/baseof.html", `<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Municipalidad de Ejemplo</footer>
</body>
</html>
`},
	{"layouts/_default/single.html", `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02-01-2006 15:04" }}</time></p>{{ end }}
{{ with .Params.tags }}<ul class="tags">{{ range . }}<li><a href="{{ (printf "tags/%s/" (urlize .)) | relURL }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}
</article>{{ end }}
`},
	{"layouts/_default/list.html", `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pager := .Paginate .Pages }}
<ul>{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time>{{ .Date.Format "02-01-2006" }}</time>{{ end }}<p>{{ .Summary }}</p></li>{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
`},
	{"layouts/index.html", `{{ define "main" }}{{ .Content }}
<h2>Últimas noticias</h2>
<ul>{{ range first 10 (where .Site.RegularPages "Section" "prensa").ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary }}</p></li>{{ end }}
</ul>{{ end }}
`},
}
