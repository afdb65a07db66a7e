package render

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cabildo/internal/content"
)

func init() { register((*Renderer).searchJobs) }

// The search is a static index split in small files (searchindex.go) plus
// one small script (themes/default/assets/buscar.js), the only JavaScript
// of the site: the script fetches only the parts of the index its query
// needs, ranks in the reader's browser and fetches the titles and
// summaries of the results it shows. Without JavaScript /buscar/ is a form
// whose results area points to the section lists and archives.

func (r *Renderer) searchJobs() []func() {
	if r.searchFirst {
		return []func(){r.searchPage} // Render runs the index first
	}
	return []func(){r.searchIndex, r.searchPage}
}

// searchGroup is one group of results: the page lists results under one
// heading per group, in this order, and filters by group (?tipo=key).
type searchGroup struct {
	Key   string // in the URL and the manifest: "comunicados"
	Label string // the heading: "Comunicados"
}

// searchKind describes the items of one content type for the index: its
// group and the entry of an item (describe reports false for an item of
// another type). One row per type: a new type of content adds a row here,
// and a group above if its results are to be listed apart.
type searchKind struct {
	group    string
	describe func(r *Renderer, it content.Item, e *searchEntry) bool
}

var searchGroups = []searchGroup{
	{"comunicados", "Comunicados"},
	{"actividades", "Actividades"},
	{"lobby", "Registros de lobby"},
	{"informes", "Informes trimestrales"},
	{"contactos", "Contactos"},
	{"instituciones", "Autoridades e instituciones"},
	{"paginas", "Páginas"},
	{"otros", "Otros"}, // items of a type no row of searchKinds describes
}

var searchKinds = []searchKind{
	searchKindOf("comunicados", (*Renderer).describePress),
	searchKindOf("actividades", (*Renderer).describeEvent),
	searchKindOf("lobby", (*Renderer).describeAudience),
	searchKindOf("lobby", (*Renderer).describeTrip),
	searchKindOf("lobby", (*Renderer).describeGift),
	searchKindOf("informes", (*Renderer).describeReport),
	searchKindOf("contactos", (*Renderer).describeContact),
	searchKindOf("instituciones", (*Renderer).describeInstitution),
	searchKindOf("paginas", (*Renderer).describePage),
}

// searchKindOf makes the row of the items of type T.
func searchKindOf[T content.Item](group string, describe func(*Renderer, T, *searchEntry)) searchKind {
	return searchKind{group: group, describe: func(r *Renderer, it content.Item, e *searchEntry) bool {
		v, ok := it.(T)
		if ok {
			describe(r, v, e)
		}
		return ok
	}}
}

// searchGroupIndex is the position in searchGroups of each key.
var searchGroupIndex = func() map[string]int {
	m := map[string]int{}
	for i, g := range searchGroups {
		m[g.Key] = i
	}
	for _, k := range searchKinds {
		if _, ok := m[k.group]; !ok {
			panic("render: search kind of unknown group " + k.group)
		}
	}
	return m
}()

// searchEntry is what the index knows of one item besides its words.
type searchEntry struct {
	group    int // in searchGroups
	Title    string
	URL      string
	Kind     string // what the item is, shown above its title: "Comunicado"
	Summary  string
	date     time.Time // zero for undated items (pages, contacts)
	upcoming bool      // an event that has not ended at the build's Now
	// extra are the words an item should be found by besides its title,
	// summary and body: for lobby records, the people and organisations
	// named, which is what citizens search them by.
	extra []string
}

// searchEntryOf describes it for the index.
func (r *Renderer) searchEntryOf(it content.Item) searchEntry {
	m := it.Metadata()
	e := searchEntry{group: searchGroupIndex["otros"], Title: m.Title, URL: it.URL(), Summary: m.Summary}
	for _, k := range searchKinds {
		if k.describe(r, it, &e) {
			e.group = searchGroupIndex[k.group]
			break
		}
	}
	return e
}

func (r *Renderer) describePage(_ *content.Page, e *searchEntry) { e.Kind = "Página" }

func (r *Renderer) describePress(v *content.PressRelease, e *searchEntry) {
	e.Kind = "Comunicado"
	e.date = v.Date.In(r.loc)
	e.extra = append(e.extra, v.Dateline)
	e.extra = append(e.extra, v.Topics...)
}

func (r *Renderer) describeEvent(v *content.Event, e *searchEntry) {
	e.Kind = statusOf(v.EffectiveStatus()).Kind
	e.date = v.Start.Instant(r.loc)
	e.extra = append(e.extra, v.Location.Name, v.Location.Address, r.cfg.Categories.Label(v.Category))
	e.upcoming = r.eventUpcoming(v)
}

// eventUpcoming reports whether an occurrence of v has not ended at the
// render's Now, or its rule goes on past the ones listed.
func (r *Renderer) eventUpcoming(v *content.Event) bool {
	s := r.index().bySlug[v.Doc.Slug]
	if s == nil {
		return false
	}
	if s.endless {
		return true
	}
	for _, o := range s.occ {
		if r.notEnded(o) {
			return true
		}
	}
	return false
}

// official names an official in the words of a lobby record.
func (r *Renderer) official(id string) string {
	if o := r.cfg.Official(id); o != nil {
		return o.Name + " " + o.Position
	}
	return ""
}

func (r *Renderer) describeAudience(v *content.Audience, e *searchEntry) {
	e.Kind = "Audiencia (Ley del Lobby)"
	e.date = v.Start.In(r.loc)
	if e.Summary == "" {
		e.Summary = v.SubjectMatter
	}
	e.extra = append(e.extra, v.SubjectMatter, v.Place)
	for _, id := range v.Officials {
		e.extra = append(e.extra, r.official(id))
	}
	for _, a := range v.Attendees {
		if !a.Protected {
			e.extra = append(e.extra, a.Name, a.Employer)
		}
	}
	for _, p := range v.Represented {
		e.extra = append(e.extra, p.Name)
	}
}

func (r *Renderer) describeTrip(v *content.Trip, e *searchEntry) {
	e.Kind = "Viaje (Ley del Lobby)"
	e.date = dayTime(v.StartDate)
	if e.Summary == "" {
		e.Summary = v.Purpose
	}
	e.extra = append(e.extra, v.Destination.Place, v.Purpose, r.official(v.Official))
	for _, f := range v.Funders {
		e.extra = append(e.extra, f.Name)
	}
}

func (r *Renderer) describeGift(v *content.Gift, e *searchEntry) {
	e.Kind = "Donativo (Ley del Lobby)"
	e.date = dayTime(v.Date)
	if e.Summary == "" {
		e.Summary = v.Description
	}
	e.extra = append(e.extra, v.Description, v.Occasion, r.official(v.Official))
	for _, d := range v.Donors {
		e.extra = append(e.extra, d.Name)
	}
}

func (r *Renderer) describeReport(v *content.Report, e *searchEntry) {
	e.Kind = "Informe trimestral"
	if q, ok := content.ParseQuarter(v.Doc.Slug); ok {
		if e.Title == "" {
			e.Title = "Informe del " + q.Label()
		}
		e.date = dayTime(q.LastDay())
		e.extra = append(e.extra, q.Label(), q.Months())
	}
}

func (r *Renderer) describeContact(v *content.Contact, e *searchEntry) {
	e.Kind = "Contacto"
	if e.Title == "" {
		e.Title = v.Position
	}
	if e.Summary == "" {
		e.Summary = strings.Join(nonEmpty(v.Name, v.Position, v.Unit), " · ")
	}
	e.extra = append(e.extra, v.Position, v.Name, v.Unit, v.Email, v.Address)
	for _, p := range v.Phones {
		// Both as written and as dialled, so "225401756" finds "22 540 17 56".
		e.extra = append(e.extra, p.Raw, strings.TrimPrefix(p.E164, "+56"))
	}
}

func (r *Renderer) describeInstitution(v *content.Institution, e *searchEntry) {
	e.Kind = "Institución " + strings.ToLower(v.LevelLabel()) + " (" + strings.ToLower(v.SectorLabel()) + ")"
	if e.Summary == "" && v.Authority != nil {
		e.Summary = strings.Join(nonEmpty(v.Authority.Position, v.Authority.Name), ": ")
	}
	e.extra = append(e.extra, v.LevelLabel(), v.SectorLabel(), v.Email, v.Address, v.Website)
	if a := v.Authority; a != nil {
		e.extra = append(e.extra, a.Position, a.Name)
	}
	for _, p := range v.Phones {
		e.extra = append(e.extra, p.Raw, strings.TrimPrefix(p.E164, "+56"))
	}
}

// Fold lower-cases s and removes its accents and diacritics (decomposing
// it and dropping the combining marks) but the tilde of «ñ», so that
// "educacion" finds "Educación" while "ano" does not find "año".
// buscar.js folds queries the same way (its fold function).
//
// ASCII is copied lower-cased without going through the normalizer, which
// was most of the cost of the search index: an ASCII character is a
// starter that NFD neither decomposes nor moves marks across, so the NFD
// of a text is the NFD of its non-ASCII runs with the ASCII left as is.
func Fold(s string) string {
	b := make([]byte, 0, len(s))
	if !utf8.ValidString(s) {
		// The normalizer treats invalid bytes by position; keep its
		// answer for the whole text (bodies are valid UTF-8: load checks).
		return string(foldAppend(b, s))
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		b = foldAppend(b, s[i:j])
		i = j
	}
	return string(b)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SearchView is the search page's Data: what to offer instead of results
// when the browser runs no JavaScript.
type SearchView struct {
	Index     string       // URL of the index folder, for the script
	Years     []SearchYear // press archive per year, newest first
	HasTopics bool         // whether /prensa/temas/ lists anything
	Sections  []NavItem    // the main sections
	Pages     []NavItem    // the free pages
	// For the filters the script shows: the groups of results with
	// items, and every year of a dated item, newest first.
	Groups   []searchGroup
	AllYears []int
}

// SearchYear is one year of the press archive, linked from the search page.
type SearchYear struct {
	Year  int
	URL   string
	Count int
}

func (r *Renderer) searchPage() {
	v := &SearchView{Index: searchDir}
	count := map[int]int{}
	for _, p := range r.site.Press {
		count[p.Date.In(r.loc).Year()]++
		if len(p.Topics) > 0 {
			v.HasTopics = true
		}
	}
	for y, n := range count {
		v.Years = append(v.Years, SearchYear{Year: y, URL: "/prensa/" + strconv.Itoa(y) + "/", Count: n})
	}
	sort.Slice(v.Years, func(i, j int) bool { return v.Years[i].Year > v.Years[j].Year })
	for _, n := range r.nav() {
		if n.Section != "" && n.Section != "buscar" {
			v.Sections = append(v.Sections, n)
		}
	}
	for _, pg := range r.site.Pages {
		v.Pages = append(v.Pages, NavItem{Title: pg.Title, URL: pg.URL()})
	}
	sort.Slice(v.Pages, func(i, j int) bool { return v.Pages[i].Title < v.Pages[j].Title })
	used, years := map[int]bool{}, map[int]bool{}
	entry := func(e *searchEntry) {
		used[e.group] = true
		if !e.date.IsZero() {
			years[e.date.Year()] = true
		}
	}
	if r.opt.Cache != nil {
		// Those of the index, described once (serve).
		docs := r.allSearchDocs()
		for i := range docs {
			entry(&docs[i].e)
		}
	} else {
		// One item at a time: a large build keeps no list of them.
		for _, it := range r.site.Items() {
			if it != content.Item(r.site.Home) {
				e := r.searchEntryOf(it)
				entry(&e)
			}
		}
	}
	for g, sg := range searchGroups {
		if used[g] {
			v.Groups = append(v.Groups, sg)
		}
	}
	for y := range years {
		v.AllYears = append(v.AllYears, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(v.AllYears)))
	r.page("/buscar/", "search.html", &Page{
		Title:       "Buscar en el sitio",
		Description: "Busque noticias, actividades, registros de la Ley del Lobby y contactos de " + r.cfg.Title + ".",
		NoIndex:     true,
		Scripts:     []string{"buscar.js"},
		Data:        v,
	})
}
