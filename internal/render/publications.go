package render

import (
	"html/template"
	"strconv"
	"time"

	"cabildo/internal/content"
)

func init() { register((*Renderer).publicationJobs) }

// The archive of publications (content/publicaciones/):
//
//	/publicaciones/, /publicaciones/pagina/<n>/   newest first, paginated
//	/publicaciones/<año>/                         one year
//	/publicaciones/tipo/<tipo>/                   one type: boletines, revistas…
//	/publicaciones/<slug>/                        one publication: cover,
//	                                              summary, the PDF with its size
//	                                              and pages, or the link
//	/publicaciones/atom.xml                       Atom feed of the latest

// publicationsPerPage is how many publications a list page shows.
const publicationsPerPage = 12

// PublicationView is a publication with its links resolved.
type PublicationView struct {
	*content.Publication
	Cover    *Picture
	Thumb    *Picture // the cover as a thumbnail, for lists
	Download string   // the PDF's URL, or the external link
	External bool     // Download leaves the site
	Size     string   // "29 KB"; "" for a link
	Pages    int      // 0 when not known
	Body     template.HTML
}

// PublicationsView is the Data of publications.html.
type PublicationsView struct {
	Items      []*PublicationView
	Pagination *Pagination
	Years      []YearLink
	Types      []PublicationTypeLink
	Year       int    // of a year's page
	Type       string // code of a type's page
}

// PublicationTypeLink is one type of the archive, with how many it has.
type PublicationTypeLink struct {
	Code, Label, URL string
	Count            int
}

func publicationTypeURL(code string) string {
	return "/publicaciones/tipo/" + content.PublicationTypeSlugs[code] + "/"
}

func (r *Renderer) publicationView(p *content.Publication) *PublicationView {
	v := &PublicationView{Publication: p, Pages: p.PageCount()}
	if p.Cover != nil {
		v.Cover = r.picture(&p.Doc, p.Cover)
		v.Thumb = r.thumb(&p.Doc, p.Cover)
	}
	if p.Link != "" {
		v.Download, v.External = p.Link, true
	} else if path, ok := content.ResolveFile(&p.Doc, p.File); ok {
		f := r.files[path]
		v.Download, v.Size = f.URL, fileSize(f.Size)
	}
	return v
}

func (r *Renderer) publicationJobs() []func() {
	if len(r.site.Publications) == 0 {
		return nil
	}
	views := make([]*PublicationView, len(r.site.Publications))
	byYear := map[int][]*PublicationView{}
	byType := map[string][]*PublicationView{}
	for i, p := range r.site.Publications {
		views[i] = r.publicationView(p)
		byYear[p.Date.Year] = append(byYear[p.Date.Year], views[i])
		byType[p.Type] = append(byType[p.Type], views[i])
	}
	var years []YearLink
	for y, ps := range byYear {
		years = append(years, YearLink{Year: y, URL: "/publicaciones/" + strconv.Itoa(y) + "/", Count: len(ps)})
	}
	sortYears(years)
	var types []PublicationTypeLink
	for _, t := range content.PublicationTypes {
		if n := len(byType[t.Code]); n > 0 {
			types = append(types, PublicationTypeLink{t.Code, t.Text, publicationTypeURL(t.Code), n})
		}
	}
	feeds := []Feed{{"Publicaciones (Atom)", "/publicaciones/atom.xml", "application/atom+xml"}}
	crumbs := []Crumb{{"Inicio", "/"}, {"Publicaciones", "/publicaciones/"}}
	list := func(url, title, desc string, items []*PublicationView, pg *Pagination, year int, typ string, crumbs []Crumb) func() {
		return func() {
			r.page(url, "publications.html", &Page{Title: title, Description: desc, Breadcrumbs: crumbs, Feeds: feeds,
				Data: &PublicationsView{Items: items, Pagination: pg, Years: years, Types: types, Year: year, Type: typ}})
		}
	}
	desc := "Boletines, revistas, informes, cuentas públicas y folletos de " + r.cfg.Organization + ", para leer y descargar."
	pages := (len(views) + publicationsPerPage - 1) / publicationsPerPage
	var jobs []func()
	for n := 1; n <= pages; n++ {
		items := views[(n-1)*publicationsPerPage : min(n*publicationsPerPage, len(views))]
		var pg *Pagination
		if pages > 1 {
			pg = paginate("/publicaciones/", n, pages)
		}
		title := "Publicaciones"
		if n > 1 {
			title += ", página " + strconv.Itoa(n)
		}
		jobs = append(jobs, list(pageURL("/publicaciones/", n), title, desc, items, pg, 0, "", []Crumb{{"Inicio", "/"}}))
	}
	for _, y := range years {
		jobs = append(jobs, list(y.URL, "Publicaciones de "+strconv.Itoa(y.Year), desc, byYear[y.Year], nil, y.Year, "", crumbs))
	}
	for _, t := range types {
		jobs = append(jobs, list(t.URL, "Publicaciones: "+t.Label, desc, byType[t.Code], nil, 0, t.Code, crumbs))
	}
	for _, v := range views {
		jobs = append(jobs, func() { r.publicationPage(v, crumbs, feeds) })
	}
	jobs = append(jobs, func() { r.writeFeed("/publicaciones/atom.xml", r.publicationsAtom(views)) })
	return jobs
}

func sortYears(ys []YearLink) {
	for i := 1; i < len(ys); i++ {
		for j := i; j > 0 && ys[j].Year > ys[j-1].Year; j-- {
			ys[j], ys[j-1] = ys[j-1], ys[j]
		}
	}
}

func (r *Renderer) publicationPage(shared *PublicationView, crumbs []Crumb, feeds []Feed) {
	// The lists show the same view at the same time: the page's body
	// goes into a copy of its own.
	own := *shared
	v := &own
	b := r.body(v.Publication)
	v.Body = template.HTML(b.HTML)
	r.page(v.URL(), "publication.html", &Page{
		Title: v.Title, Description: v.Summary, Breadcrumbs: crumbs, Feeds: feeds,
		Image: v.Cover, Data: v, Type: "article",
		JSONLD: []any{r.publicationLD(v)},
	})
	r.aliases(v.Publication)
}

// publicationLD is a publication as schema.org: a Report for reports and
// the cuenta pública, a PublicationIssue otherwise (an issue of the
// municipality's bulletin or magazine).
func (r *Renderer) publicationLD(v *PublicationView) map[string]any {
	t := "PublicationIssue"
	if v.Type == "report" || v.Type == "public_account" {
		t = "Report"
	}
	ld := map[string]any{
		"@context": "https://schema.org", "@type": t,
		"name": v.Title, "description": v.Summary, "url": r.AbsURL(v.URL()),
		"datePublished": v.Date.String(), "inLanguage": r.cfg.Language,
		"publisher": map[string]any{"@type": "GovernmentOrganization", "name": r.cfg.Organization, "url": r.AbsURL("/")},
	}
	if v.Number != "" {
		if t == "PublicationIssue" {
			ld["issueNumber"] = v.Number
		} else {
			ld["reportNumber"] = v.Number
		}
	}
	if v.Pages > 0 {
		ld["numberOfPages"] = v.Pages
	}
	if len(v.Topics) > 0 {
		ld["keywords"] = v.Topics
	}
	if v.Download != "" {
		u := v.Download
		if !v.External {
			u = r.AbsURL(u)
		}
		enc := map[string]any{"@type": "MediaObject", "contentUrl": u}
		if !v.External {
			enc["encodingFormat"] = "application/pdf"
		}
		ld["encoding"] = enc
	}
	if v.Cover != nil && v.Cover.Abs != "" {
		ld["image"] = v.Cover.Abs
	}
	return ld
}

// publicationsAtom is the Atom feed of the latest publications.
func (r *Renderer) publicationsAtom(views []*PublicationView) atomFeed {
	items := views[:min(feedSize, len(views))]
	updated := time.Time{}
	for _, v := range items {
		if t := dayTime(v.Date); t.After(updated) {
			updated = t
		}
		if !v.Updated.IsZero() && v.Updated.After(updated) {
			updated = v.Updated
		}
	}
	f := atomFeed{
		Lang:     r.language(),
		Title:    "Publicaciones — " + r.cfg.Title,
		Subtitle: "Boletines, revistas, informes y cuentas públicas de " + r.cfg.Organization + ".",
		Links: []atomLink{
			{Href: r.AbsURL("/publicaciones/atom.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: r.AbsURL("/publicaciones/"), Rel: "alternate", Type: "text/html"},
		},
		ID:        r.AbsURL("/publicaciones/"),
		Updated:   updated.UTC().Format(time.RFC3339),
		Author:    atomPerson{Name: r.cfg.Title + " — " + r.cfg.Organization, URI: r.AbsURL("/")},
		Generator: "Cabildo",
	}
	for _, v := range items {
		pub := dayTime(v.Date).UTC().Format(time.RFC3339)
		upd := pub
		if !v.Updated.IsZero() {
			upd = v.Updated.UTC().Format(time.RFC3339)
		}
		e := atomEntry{
			Title:     v.TypeLabel() + ": " + v.Title,
			Links:     []atomLink{{Href: r.AbsURL(v.URL()), Rel: "alternate", Type: "text/html"}},
			ID:        r.AbsURL(v.URL()),
			Published: pub,
			Updated:   upd,
			Summary:   v.Summary,
			Content:   atomContent{Type: "text", Value: v.Summary},
		}
		if v.Download != "" && !v.External {
			e.Links = append(e.Links, atomLink{Href: r.AbsURL(v.Download), Rel: "enclosure", Type: "application/pdf", Length: v.PDF.Size})
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}
