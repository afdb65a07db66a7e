package render

import (
	"html/template"

	"cabildo/internal/color"
	"cabildo/internal/content"
)

func init() { register((*Renderer).pageJobs) }

// pageJobs renders the home page, the free pages and the 404 page.
func (r *Renderer) pageJobs() []func() {
	jobs := []func(){r.home, r.notFound, r.gone, r.checkBrand}
	for _, p := range r.site.Pages {
		jobs = append(jobs, func() { r.freePage(p) })
	}
	return jobs
}

// HomeView is the home page's Data.
type HomeView struct {
	Press    []PressCard        // latest
	Events   []EventOccurrence  // upcoming
	Contacts []*content.Contact // key contacts
}

// homePress, homeEvents and homeContacts are how many of each the home
// page shows: enough to be useful on a phone without scrolling for ever.
const (
	homePress    = 4
	homeEvents   = 4
	homeContacts = 3
)

func (r *Renderer) home() {
	p := &Page{Title: r.cfg.Title, Description: r.cfg.Description}
	if h := r.site.Home; h != nil {
		b := r.body(h)
		p.Body = template.HTML(b.HTML)
		if h.Title != "" {
			p.Title = h.Title
		}
		if h.Summary != "" {
			p.Description = h.Summary
		}
	}
	v := &HomeView{}
	v.Press = r.pressCards(r.site.Press[:min(homePress, len(r.site.Press))])
	up := r.upcoming()
	v.Events = up[:min(homeEvents, len(up))]
	v.Contacts = r.site.Contacts[:min(homeContacts, len(r.site.Contacts))]
	p.Data = v
	p.JSONLD = []any{r.organizationLD()}
	r.page("/", "home.html", p)
}

func (r *Renderer) freePage(pg *content.Page) {
	b := r.body(pg)
	p := &Page{
		Title:       pg.Title,
		Description: pg.Summary,
		Body:        template.HTML(b.HTML),
		Headings:    b.Headings,
		Data:        pg,
		Breadcrumbs: []Crumb{{"Inicio", "/"}},
	}
	r.page(pg.URL(), "page.html", p)
	r.aliases(pg)
}

func (r *Renderer) notFound() {
	p := &Page{Title: "Página no encontrada", NoIndex: true,
		Description: "La dirección que buscó no existe en este sitio."}
	r.page("/404.html", "404.html", p)
}

// gone is the page nginx shows, with status 410, at the URLs site.yaml
// retires: the page existed and was removed on purpose, which search
// engines take as final sooner than a 404.
func (r *Renderer) gone() {
	p := &Page{Title: "Esta página ya no existe", NoIndex: true,
		Description: "La página que buscó se retiró del sitio.",
		Data:        "La página que buscó se retiró del sitio a propósito y no volverá a publicarse."}
	r.page("/410.html", "404.html", p)
}

// organizationLD is the schema.org GovernmentOrganization of the site.
func (r *Renderer) organizationLD() map[string]any {
	org := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "GovernmentOrganization",
		"name":        r.cfg.Title + " — " + r.cfg.Organization,
		"url":         r.AbsURL("/"),
		"description": r.cfg.Description,
	}
	if r.cfg.Comuna != "" {
		org["areaServed"] = map[string]any{"@type": "AdministrativeArea", "name": r.cfg.Comuna}
	}
	var points []any
	for _, c := range r.site.Contacts {
		points = append(points, contactPointLD(c))
	}
	if len(points) > 0 {
		org["contactPoint"] = points
	}
	return org
}

func contactPointLD(c *content.Contact) map[string]any {
	cp := map[string]any{"@type": "ContactPoint", "contactType": c.Position, "availableLanguage": "es"}
	if len(c.Phones) > 0 {
		cp["telephone"] = c.Phones[0].E164
	}
	if c.Email != "" {
		cp["email"] = c.Email
	}
	if c.Hours != "" {
		cp["hoursAvailable"] = c.Hours
	}
	return cp
}

// checkBrand refuses an identity colour that makes text hard to read. The
// default theme uses the primary colour twice: as the header's background,
// under white text and links, and as the colour of links on the white page.
// Both are normal-size text, so both need 4.5:1 (WCAG 2.2, 1.4.3); and as
// contrast is symmetric, one ratio — white against the primary — decides
// both. The error points at primary_color in site.yaml, where the editor
// can fix it, and suggests the nearest darker shade that passes.
func (r *Renderer) checkBrand() {
	raw := r.cfg.PrimaryColor
	c, err := color.ParseHex(raw)
	if err != nil {
		return // empty (theme default) or already reported by validation
	}
	ratio := color.Contrast(headerText, c)
	if color.Passes(ratio, color.AA) && color.Passes(color.Contrast(c, themeBg), color.AA) {
		return
	}
	msg := "el color principal " + raw + " tiene un contraste de " + color.FormatRatio(ratio) +
		" con el blanco y se necesita al menos 4,5:1 (WCAG 2.2, criterio 1.4.3): " +
		"el texto blanco del encabezado y los enlaces de color " + raw + " sobre fondo blanco serían difíciles de leer"
	if s, ok := passingShade(c); ok {
		msg += "; use un tono más oscuro, por ejemplo " + s.Hex() + " (" + color.FormatRatio(color.Contrast(headerText, s)) + ")"
	} else {
		msg += "; use un tono más oscuro"
	}
	r.errorf(r.cfg.Doc.Pos("primary_color"), "%s", msg)
}

// passingShade returns the lightest shade of c, mixing in black in steps of
// 1 %, that passes AA against white: the closest colour to the editor's
// choice that keeps the identity readable.
func passingShade(c color.RGB) (color.RGB, bool) {
	for i := 1; i <= 100; i++ {
		s := color.Mix(c, color.Black, float64(i)/100)
		if color.Passes(color.Contrast(headerText, s), color.AA) {
			return s, true
		}
	}
	return color.RGB{}, false
}

// FooterGroup is one column of the site's footer: a heading and its links.
type FooterGroup struct {
	Title string
	Links []FooterLink
}

// FooterLink is a footer entry; Type is the MIME type of a feed or file,
// empty for pages.
type FooterLink struct{ Title, URL, Type string }

// footer lists the pages a visitor looks for at the bottom of any page:
// how to reach the Gabinete, the transparency registries, the feeds to
// follow it, and the pages about the site itself. Only what this site
// publishes is linked.
func (r *Renderer) footer() []FooterGroup {
	about := FooterGroup{Title: "El Gabinete"}
	transp := FooterGroup{Title: "Transparencia"}
	follow := FooterGroup{Title: "Manténgase informado"}
	site := FooterGroup{Title: "Este sitio"}
	var a11y []FooterLink
	for _, pg := range r.site.Pages {
		l := FooterLink{Title: pg.Title, URL: pg.URL()}
		switch pg.Doc.Slug {
		case "transparencia", "ley-del-lobby":
			transp.Links = append(transp.Links, l)
		case "accesibilidad":
			a11y = append(a11y, l)
		default:
			about.Links = append(about.Links, l)
		}
	}
	if len(r.site.Contacts) > 0 {
		about.Links = append(about.Links, FooterLink{Title: "Contactos y horarios", URL: "/contactos/"})
	}
	if len(r.site.Publications) > 0 {
		about.Links = append(about.Links, FooterLink{Title: "Publicaciones", URL: "/publicaciones/"})
	}
	if len(r.site.Institutions) > 0 {
		about.Links = append(about.Links, FooterLink{Title: "Autoridades e instituciones", URL: "/instituciones/"})
	}
	if len(r.site.Audiences)+len(r.site.Trips)+len(r.site.Gifts) > 0 {
		transp.Links = append(transp.Links,
			FooterLink{Title: "Registros de la Ley del Lobby", URL: "/lobby/"},
			FooterLink{Title: "Datos abiertos del lobby", URL: "/lobby/datos/"})
	}
	transp.Links = append(transp.Links, FooterLink{Title: "Informes trimestrales", URL: "/informes/"})
	if len(r.site.Press) > 0 {
		follow.Links = append(follow.Links, FooterLink{Title: "Noticias por RSS", URL: "/prensa/rss.xml", Type: "application/rss+xml"})
	}
	follow.Links = append(follow.Links,
		FooterLink{Title: "Calendario de actividades (.ics)", URL: allEventsFeed, Type: "text/calendar"},
		FooterLink{Title: "Cómo suscribirse al calendario", URL: "/eventos/#h-suscribir"})
	site.Links = append(a11y,
		FooterLink{Title: "Buscar en el sitio", URL: "/buscar/"},
		FooterLink{Title: "Mapa del sitio (XML)", URL: "/sitemap.xml", Type: "application/xml"})
	var out []FooterGroup
	for _, g := range []FooterGroup{about, transp, follow, site} {
		if len(g.Links) > 0 {
			out = append(out, g)
		}
	}
	return out
}
