package render

import (
	"html/template"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/output"
	"cabildo/internal/spanish"
)

func init() { register((*Renderer).pressJobs) }

// The press family publishes, from r.site.Press (already filtered for drafts
// and embargoes, newest first):
//
//	/prensa/                          every release, paginated by press_per_page
//	/prensa/pagina/<n>/               the following pages
//	/prensa/<slug>/                   one page per release (+ its aliases)
//	/prensa/<year>/[pagina/<n>/]      the archive of one year
//	/prensa/temas/                    the index of topics
//	/prensa/temas/<topic>/[pagina/<n>/] the releases of one topic
//
// Every list keeps the site's order, so a year or a topic is a stable
// subsequence of the main list; the indexes are built once, in one pass.

// defaultPressPerPage is used when site.yaml does not set press_per_page:
// ten summaries are a few screens on a phone and a few kilobytes.
const defaultPressPerPage = 10

// PressListView is the Data of press-list.html: the
// main list, a year's archive, a topic's list or the index of topics.
type PressListView struct {
	// Releases are the releases of this page of the list; nil on the
	// index of topics.
	Releases []PressCard
	// Pagination is nil when the list fits on one page.
	Pagination *Pagination
	// Years is the archive index, newest year first; Year the year shown
	// (0 outside a year's archive).
	Years []YearLink
	Year  int
	// Topics is the index of topics, by slug (on /prensa/temas/); Topic
	// is the topic shown.
	Topics []TopicLink
	Topic  *TopicLink
	// TopicIndex marks /prensa/temas/, which lists topics, not releases.
	TopicIndex bool
}

// PressCard is a release in a list: the release (its fields and methods
// are the card's) and its image as a thumbnail.
type PressCard struct {
	*content.PressRelease
	Thumb *Picture // nil without an image
}

func (r *Renderer) pressCards(ps []*content.PressRelease) []PressCard {
	out := make([]PressCard, len(ps))
	for i, p := range ps {
		out[i] = PressCard{p, r.thumb(&p.Doc, p.Image)}
	}
	return out
}

// Pagination describes the page of a list being shown and how to reach
// the others. Links holds a window of page numbers around the current
// one, plus the first and the last, with gaps between non-consecutive
// numbers: a list of 80 pages does not become 80 links.
type Pagination struct {
	Page, Pages int
	Prev, Next  string // URLs; "" on the first or last page
	Links       []PageLink
}

// PageLink is one entry of the pagination: a page number, or a gap (…).
type PageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// YearLink is an entry of the archive index.
type YearLink struct {
	Year    int
	URL     string
	Count   int
	Current bool // the year of the archive shown
}

// yearsShowing returns years with y's entry marked as the one shown.
func yearsShowing(years []YearLink, y int) []YearLink {
	out := slices.Clone(years)
	for i := range out {
		out[i].Current = out[i].Year == y
	}
	return out
}

// TopicLink is a topic with its Spanish label, URL and number of releases.
type TopicLink struct {
	Slug, Label, URL string
	Count            int
}

// PressView is the Data of press.html, one release.
type PressView struct {
	Release     *content.PressRelease
	Dateline    string
	Published   time.Time // in the site's zone
	Updated     time.Time // zero unless an update after publication was recorded
	Topics      []TopicLink
	Attachments []AttachmentLink
	Events      []RelatedEvent
	Corrections []CorrectionNote
	Gallery     []*Picture       // the gallery's photos, each with its download
	Contact     *content.Contact // site.yaml's press_contact; nil without one
}

// AttachmentLink is a downloadable file of a release: "Ficha técnica
// (PDF, 2 KB)". Saying the format and size before the download matters
// to citizens on prepaid mobile data.
type AttachmentLink struct {
	Title, URL string
	Format     string // "PDF"
	Size       string // "2 KB"; "" when unknown
	MediaType  string // for the link's type attribute; "" when unknown
}

// RelatedEvent is an event a release announces, with when it happens.
type RelatedEvent struct {
	Title, URL string
	When       string // "sábado 5 de diciembre de 2026, 10:00 a 14:00 hrs."
	Datetime   string // for <time datetime>: a date or an RFC 3339 instant
	Status     string // "Cancelado", "Postergado"…; "" when confirmed
}

// CorrectionNote is a published correction.
type CorrectionNote struct {
	Date time.Time // noon UTC of the correction's date (see dayTime)
	ISO  string    // 2026-11-28
	Note string
}

// pressIndex groups the releases by year and topic, each group in the
// site's order (newest first).
type pressIndex struct {
	years  []int // newest first
	byYear map[int][]*content.PressRelease
	topics []string // by slug
	byTop  map[string][]*content.PressRelease
}

func (r *Renderer) buildPressIndex() *pressIndex {
	ix := &pressIndex{byYear: map[int][]*content.PressRelease{}, byTop: map[string][]*content.PressRelease{}}
	for _, p := range r.site.Press {
		y := p.Date.In(r.loc).Year()
		if _, ok := ix.byYear[y]; !ok {
			ix.years = append(ix.years, y)
		}
		ix.byYear[y] = append(ix.byYear[y], p)
		for _, t := range uniqueTopics(p) {
			ix.byTop[t] = append(ix.byTop[t], p)
		}
	}
	// The site is sorted newest first, so years arrive in descending order
	// already; sorting states the contract instead of relying on it.
	sort.Sort(sort.Reverse(sort.IntSlice(ix.years)))
	ix.topics = sortedKeys(ix.byTop)
	return ix
}

func (ix *pressIndex) yearLinks() []YearLink {
	out := make([]YearLink, len(ix.years))
	for i, y := range ix.years {
		out[i] = YearLink{Year: y, URL: yearURL(y), Count: len(ix.byYear[y])}
	}
	return out
}

func (ix *pressIndex) topicLinks() []TopicLink {
	out := make([]TopicLink, len(ix.topics))
	for i, t := range ix.topics {
		out[i] = topicLink(t)
		out[i].Count = len(ix.byTop[t])
	}
	return out
}

func yearURL(y int) string { return "/prensa/" + strconv.Itoa(y) + "/" }

func topicLink(slug string) TopicLink {
	return TopicLink{Slug: slug, Label: topicLabel(slug), URL: "/prensa/temas/" + slug + "/"}
}

// pressJobs returns one job per release and one per page of every list.
func (r *Renderer) pressJobs() []func() {
	r.checkPressSlugs()
	ix := r.buildPressIndex()
	years, topics := ix.yearLinks(), ix.topicLinks()
	var jobs []func()
	// The releases' pages in chunks, whose unchanged pages are taken
	// from the previous output together (depsReuseAll).
	for chunk := range slices.Chunk(r.site.Press, 64) {
		jobs = append(jobs, func() {
			paths, ds := make([]string, len(chunk)), make([]*deps, len(chunk))
			for i, p := range chunk {
				paths[i], ds[i] = pagePath(p.URL()), r.pressDeps(p)
			}
			reused := r.depsReuseAll(paths, ds)
			for i, p := range chunk {
				if !reused[i] {
					r.releasePage(p)
				}
				r.aliases(p)
			}
		})
	}
	// The main list is published even when empty: links to /prensa/ are
	// always valid (see knownURL), and it says there is nothing yet.
	jobs = append(jobs, r.pressListJobs("/prensa/", r.site.Press, func(pg *Page, v *PressListView) {
		pg.Title = "Comunicados de prensa"
		pg.Description = "Comunicados de prensa de " + r.cfg.Title + ", " + r.cfg.Organization + "."
		pg.Breadcrumbs = []Crumb{{"Inicio", "/"}}
		v.Years = years
	})...)
	for _, y := range ix.years {
		jobs = append(jobs, r.pressListJobs(yearURL(y), ix.byYear[y], func(pg *Page, v *PressListView) {
			pg.Title = "Comunicados de " + strconv.Itoa(y)
			pg.Description = "Comunicados de prensa publicados en " + strconv.Itoa(y) + "."
			pg.Breadcrumbs = []Crumb{{"Inicio", "/"}, {"Prensa", "/prensa/"}}
			v.Years, v.Year = yearsShowing(years, y), y
		})...)
	}
	for _, t := range topics {
		jobs = append(jobs, r.pressListJobs(t.URL, ix.byTop[t.Slug], func(pg *Page, v *PressListView) {
			pg.Title = "Tema: " + t.Label
			pg.Description = "Comunicados de prensa sobre " + strings.ToLower(t.Label) + "."
			pg.Breadcrumbs = []Crumb{{"Inicio", "/"}, {"Prensa", "/prensa/"}, {"Temas", "/prensa/temas/"}}
			v.Topic = &t
		})...)
	}
	jobs = append(jobs, func() {
		r.page("/prensa/temas/", "press-list.html", &Page{
			Title:       "Temas de prensa",
			Description: "Comunicados de prensa ordenados por tema.",
			Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Prensa", "/prensa/"}},
			Data:        &PressListView{Topics: topics, TopicIndex: true},
		})
	})
	return jobs
}

// checkPressSlugs reports releases whose slug would take the URL of a
// list: /prensa/temas/ or a year's archive such as /prensa/2026/.
func (r *Renderer) checkPressSlugs() {
	for _, p := range r.site.Press {
		s := p.Doc.Slug
		if s == "temas" || s == "pagina" || isYear(s) {
			r.errorf(p.Doc.Start, "el nombre de archivo %q está reservado para las listas de prensa (/prensa/%s/): agregue la fecha o una palabra, como %s-comunicado", s, s, s)
		}
	}
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// pressPerPage returns the configured page size.
func (r *Renderer) pressPerPage() int {
	if r.cfg.PressPerPage > 0 {
		return r.cfg.PressPerPage
	}
	return defaultPressPerPage
}

// pressListJobs returns one job per page of the list of releases at base.
// setup fills what the list's pages share; page numbers are added to the
// title so that every page has its own <title> (WCAG 2.4.2).
func (r *Renderer) pressListJobs(base string, releases []*content.PressRelease, setup func(*Page, *PressListView)) []func() {
	per := r.pressPerPage()
	pages := max(1, (len(releases)+per-1)/per)
	// What setup gives every page of the list, hashed once for the keys
	// of all (listDeps), when there are keys (a memo).
	var set uint64
	setOK := false
	if r.memoKeys != nil {
		sv := &PressListView{}
		sp := &Page{Data: sv}
		setup(sp, sv)
		set, setOK = setupKey(sp)
	}
	shown := func(n int) []*content.PressRelease { return releases[(n-1)*per : min(n*per, len(releases))] }
	// In chunks of pages, whose unchanged pages are taken from the
	// previous output together (depsReuseAll).
	const chunk = 32
	var jobs []func()
	for first := 1; first <= pages; first += chunk {
		last := min(first+chunk-1, pages)
		jobs = append(jobs, func() {
			paths, ds := make([]string, last-first+1), make([]*deps, last-first+1)
			if setOK {
				for n := first; n <= last; n++ {
					paths[n-first], ds[n-first] = pagePath(pageURL(base, n)), listDeps(r, "press-list.html", base, n, pages, shown(n), set)
				}
			}
			reused := r.depsReuseAll(paths, ds)
			for n := first; n <= last; n++ {
				if reused[n-first] {
					continue
				}
				v := &PressListView{}
				p := &Page{Data: v}
				setup(p, v)
				v.Releases = r.pressCards(shown(n))
				if pages > 1 {
					v.Pagination = paginate(base, n, pages)
					p.Title += " (página " + strconv.Itoa(n) + " de " + strconv.Itoa(pages) + ")"
				}
				r.page(pageURL(base, n), "press-list.html", p)
			}
		})
	}
	return jobs
}

// pageURL is the URL of page n of the list at base: the first page is
// the list's own URL, the others are under pagina/.
func pageURL(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "pagina/" + strconv.Itoa(n) + "/"
}

// paginationWindow is how many page numbers are shown on each side of the
// current one.
const paginationWindow = 2

func paginate(base string, page, pages int) *Pagination {
	pg := &Pagination{Page: page, Pages: pages}
	if page > 1 {
		pg.Prev = pageURL(base, page-1)
	}
	if page < pages {
		pg.Next = pageURL(base, page+1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-paginationWindow || n > page+paginationWindow) {
			continue
		}
		if last != 0 && n > last+1 {
			pg.Links = append(pg.Links, PageLink{Gap: true})
		}
		pg.Links = append(pg.Links, PageLink{Number: n, URL: pageURL(base, n), Current: n == page})
		last = n
	}
	return pg
}

// releasePage renders the page of release p.
func (r *Renderer) releasePage(p *content.PressRelease) {
	d := &p.Doc
	b := r.body(p)
	defer r.bodies.releaseHTML(p) // the page is the last reader (leanBodies)
	v := &PressView{
		Release:   p,
		Dateline:  p.Dateline,
		Published: p.Date.In(r.loc),
	}
	if v.Dateline == "" {
		v.Dateline = r.cfg.Comuna
	}
	if !p.Updated.IsZero() && p.Updated.After(p.Date) {
		v.Updated = p.Updated.In(r.loc)
	}
	for _, t := range uniqueTopics(p) {
		v.Topics = append(v.Topics, topicLink(t))
	}
	for _, a := range p.Attachments {
		v.Attachments = append(v.Attachments, r.attachmentLink(d, a))
	}
	for _, slug := range p.RelatedEvents {
		// An event can be related yet unpublished (a draft): leave it out
		// rather than link to a page that does not exist.
		if e := r.events[slug]; e != nil {
			v.Events = append(v.Events, r.relatedEvent(e))
		}
	}
	for _, c := range p.Corrections {
		v.Corrections = append(v.Corrections, CorrectionNote{Date: dayTime(c.Date), ISO: c.Date.String(), Note: c.Note})
	}
	for i := range p.Gallery {
		if pic := r.picture(d, &p.Gallery[i]); pic != nil {
			pic.Sizes = sizesGallery
			v.Gallery = append(v.Gallery, pic)
		}
	}
	v.Contact = r.contacts[r.cfg.PressContact]
	page := &Page{
		Title:       p.Title,
		Description: p.Summary,
		Body:        template.HTML(b.HTML),
		Headings:    b.Headings,
		Image:       r.picture(d, p.Image),
		Type:        "article",
		Data:        v,
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Prensa", "/prensa/"}},
	}
	page.JSONLD = []any{r.newsArticleLD(p, v, page.Image)}
	r.page(p.URL(), "press.html", page)
}

// attachmentLink describes an attachment, already checked by validation.
func (r *Renderer) attachmentLink(d *content.Doc, a content.Attachment) AttachmentLink {
	p, _ := content.ResolveFile(d, a.File)
	f, ok := r.files[p]
	ext := strings.ToLower(path.Ext(a.File))
	l := AttachmentLink{Title: a.Title, URL: f.URL, Format: strings.ToUpper(strings.TrimPrefix(ext, "."))}
	if ok {
		l.Size = fileSize(f.Size)
	}
	// The type the file is served with (output.ContentType, the table
	// serve uses), without its charset; unknown formats announce none.
	if t, _, _ := strings.Cut(output.ContentType(a.File), ";"); t != "application/octet-stream" {
		l.MediaType = t
	}
	return l
}

// fileSize formats a size the way Chileans read it: "850 bytes", "2 KB",
// "1,4 MB" (decimal comma; 1 KB = 1024 bytes, as file managers show it).
// Kilobytes round up, so a small file never reads "0 KB".
func fileSize(n int64) string {
	const kb, mb = 1024, 1024 * 1024
	switch {
	case n < kb:
		return spanish.Plural(int(n), "byte", "bytes")
	case n < mb:
		return spanish.Int((n+kb-1)/kb) + " KB"
	}
	tenths := (n*10 + mb/2) / mb
	s := spanish.Int(tenths / 10)
	if tenths%10 != 0 {
		s += "," + strconv.FormatInt(tenths%10, 10)
	}
	return s + " MB"
}

// relatedEvent describes an event with when it starts; recurrences show
// their first date, which is what the release announced.
func (r *Renderer) relatedEvent(e *content.Event) RelatedEvent {
	start := e.Start.Instant(r.loc)
	var end time.Time
	if e.End != nil {
		end = e.End.Instant(r.loc)
	}
	ev := RelatedEvent{Title: e.Title, URL: e.URL(), When: spanish.Range(start, end, e.AllDay())}
	if e.AllDay() {
		ev.Datetime = e.Start.Date.String()
	} else {
		ev.Datetime = start.Format(time.RFC3339)
	}
	st := statusOf(e.EffectiveStatus())
	ev.Status = st.Label
	if st.Undated {
		ev.When = "fecha por confirmar (era el " + ev.When + ")"
	}
	return ev
}

// newsArticleLD is the schema.org NewsArticle of a release. html/template
// writes it as JSON inside <script type="application/ld+json"> and escapes
// "<", so a title containing "</script>" cannot end the element.
func (r *Renderer) newsArticleLD(p *content.PressRelease, v *PressView, img *Picture) map[string]any {
	abs := r.AbsURL(p.URL())
	modified := v.Published
	if !v.Updated.IsZero() {
		modified = v.Updated
	}
	org := map[string]any{
		"@type": "GovernmentOrganization",
		"name":  r.cfg.Title + " — " + r.cfg.Organization,
		"url":   r.AbsURL("/"),
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         p.Title,
		"description":      p.Summary,
		"datePublished":    v.Published.Format(time.RFC3339),
		"dateModified":     modified.Format(time.RFC3339),
		"url":              abs,
		"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": abs},
		"inLanguage":       r.language(),
		"publisher":        org,
		"author":           org,
	}
	if v.Dateline != "" {
		ld["dateline"] = v.Dateline
	}
	if img != nil {
		pic := map[string]any{"@type": "ImageObject", "url": r.AbsURL(img.URL)}
		if img.Width > 0 {
			pic["width"], pic["height"] = img.Width, img.Height
		}
		if s := img.Social; s != nil {
			// The 1200-pixel file: what search engines ask for.
			pic["url"], pic["width"], pic["height"] = s.Abs, s.Width, s.Height
		}
		if img.Caption != "" {
			pic["caption"] = img.Caption
		}
		ld["image"] = []any{pic}
	}
	if len(v.Topics) > 0 {
		labels := make([]string, len(v.Topics))
		for i, t := range v.Topics {
			labels[i] = t.Label
		}
		ld["keywords"] = strings.Join(labels, ", ")
	}
	return ld
}

// language is the site's language tag, es-CL unless site.yaml says otherwise.
func (r *Renderer) language() string {
	if r.cfg.Language != "" {
		return r.cfg.Language
	}
	return "es-CL"
}

// uniqueTopics returns the topics of p in the order written, each once:
// a topic written twice must not list the release twice. Most releases
// write each once: their own slice is returned then, which the caller
// must not change (the lists of every render ask this of every release).
func uniqueTopics(p *content.PressRelease) []string {
	unique := true
	for i, t := range p.Topics {
		unique = unique && !slices.Contains(p.Topics[:i], t)
	}
	if unique {
		return p.Topics
	}
	out := make([]string, 0, len(p.Topics))
	for i, t := range p.Topics {
		if !slices.Contains(p.Topics[:i], t) {
			out = append(out, t)
		}
	}
	return out
}

// topicLabel shows a topic slug as Spanish text: "medio-ambiente" →
// "Medio ambiente", "educacion" → "Educación". Slugs are ASCII, so the
// accents are restored by two rules without exceptions in Spanish (every
// word ending in -cion or -sion is written -ción, -sión) and a short list
// of words common in municipal news. Anything else is shown as written: a
// missing accent is better than an invented one.
func topicLabel(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if a, ok := accented[w]; ok {
			words[i] = a
			continue
		}
		if len(w) > 4 && (strings.HasSuffix(w, "cion") || strings.HasSuffix(w, "sion")) {
			words[i] = strings.TrimSuffix(w, "on") + "ón"
		}
	}
	return upperFirst(strings.Join(words, " "))
}

// accented maps unaccented words to their Spanish spelling, for topic
// labels.
var accented = map[string]string{
	"publico": "público", "publica": "pública", "publicos": "públicos", "publicas": "públicas",
	"transito": "tránsito", "economia": "economía", "economico": "económico",
	"tecnologia": "tecnología", "energia": "energía", "musica": "música",
	"genero": "género", "ninez": "niñez", "ninos": "niños", "ninas": "niñas",
	"indigena": "indígena", "indigenas": "indígenas", "mineria": "minería",
	"dia": "día", "arbol": "árbol", "arboles": "árboles",
	"camara": "cámara", "comite": "comité", "policia": "policía",
	"vehiculos": "vehículos", "peaton": "peatón",
	"turistico": "turístico", "historico": "histórico", "civica": "cívica",
	"anos": "años", "pais": "país",
}
