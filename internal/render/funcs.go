package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

// Funcs are the functions templates may call. Dates are shown in Spanish;
// every time.Time reaching a template is already in the site's zone.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"fecha":      spanish.Date,      // viernes 27 de noviembre de 2026
		"fechaCorta": spanish.ShortDate, // 27 de noviembre de 2026
		"fechaHora":  spanish.DateTime,  // viernes 27 de noviembre de 2026, 10:00 hrs.
		"hora":       spanish.Time,      // 10:00 hrs.
		"mesAnio":    spanish.MonthYear, // noviembre de 2026
		"iso":        func(t time.Time) string { return t.Format(time.RFC3339) },
		"isoFecha":   func(t time.Time) string { return t.Format("2006-01-02") },
		"dia":        dayTime, // content.Date → time.Time, for the date functions
		"dinero":     money,   // $185.000
		"numero":     spanish.Int,
		"plural":     spanish.Plural,
		"tel":        telHref, // tel:+56225401756
		"mes":        func(m time.Month) string { return spanish.Month(m) },
		"mesCorto":   shortMonth, // dic
		"mayus":      upperFirst,
		"join":       strings.Join,
		"add":        func(a, b int) int { return a + b },
		"hasPrefix":  strings.HasPrefix,
		// cached renders a partial once per build and repeats its HTML
		// on every page: for partials that show the site, not the page
		// (the footer), which would otherwise be most of the time spent
		// in templates. {{cached "footer" .}}. Keys after the page make
		// one copy per distinct value, for a partial that depends on the
		// page only through them: {{cached "header" . .NavCurrent}}.
		"cached": func(name string, p *Page, keys ...string) (template.HTML, error) {
			if p == nil || p.partials == nil {
				return "", fmt.Errorf("cached %q: la página no viene del sitio", name)
			}
			return p.partials.get(name, p, keys)
		},
		// picture is {{template "picture" .}} made once per Picture and
		// kept between builds (picture.go): for the thumbnails that
		// every list of their item repeats, and every photo of a
		// rebuild. {{picture .Thumb}}.
		"picture": func(p *Picture) (template.HTML, error) { return p.html() },
		// download is {{template "download" .}}, and pictureMeta is
		// {{template "picture-meta" .}}, made and kept likewise.
		"download":    func(p *Picture) (template.HTML, error) { return p.downloadHTML() },
		"pictureMeta": func(p *Picture) (template.HTML, error) { return p.metaHTML() },
		// card renders the partial name with data, as {{template name
		// data}} does, and under serve keeps its HTML for the next
		// render (cards.go): for the cards that lists repeat, which
		// must show only their data. {{card $ "press-item" .}}.
		"card": func(p *Page, name string, data any) (template.HTML, error) {
			if p == nil || p.partials == nil {
				return "", fmt.Errorf("card %q: la página no viene del sitio", name)
			}
			return p.cards.get(p.partials.theme, name, data)
		},
	}
}

// dayTime is noon of a calendar date in UTC: its weekday and day are right
// whatever the zone, and no summer-time change is near noon.
func dayTime(d content.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

func money(v any) string {
	switch m := v.(type) {
	case content.Money:
		return spanish.Money(int64(m))
	case *content.Money:
		if m == nil {
			return ""
		}
		return spanish.Money(int64(*m))
	case int:
		return spanish.Money(int64(m))
	case int64:
		return spanish.Money(m)
	}
	return ""
}

func telHref(p content.Phone) template.URL {
	// URI holds only "tel:", "+", digits and ";ext=" (content.Phone.URI).
	return template.URL(p.URI())
}

// shortMonth is the three-letter abbreviation of a month, for compact
// date badges; the full date is always written next to it.
func shortMonth(m time.Month) string {
	return string([]rune(spanish.Month(m))[:3])
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// Abs returns the absolute URL of a site path.
func (p *Page) Abs(path string) string { return p.Site.AbsURL(path) }
