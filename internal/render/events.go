package render

import (
	"html/template"
	"slices"
	"strconv"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

// This file renders the public calendar as HTML: /eventos/ (upcoming
// occurrences by month, and how to subscribe), /eventos/<category>/ (the
// same list for one category), /eventos/pasados/, /eventos/<slug>/ for
// each event and /agenda/<official>/ for each official named in some
// event's agenda_of. calendars.go writes the same events as iCalendar
// feeds; event_occurrences.go expands them; event_words.go,
// event_links.go and event_ld.go give the pages their words, links and
// JSON-LD; event_status.go is the one table of what a status shows.

// The events are one family with a scope (scope.go), the calendars of
// calendars.go with them: those are written in the same folders, and a
// scoped family must make every file of its folders.
func init() {
	registerScoped(scope{name: "events", folders: []string{"eventos/", "agenda/"}, inputs: (*Renderer).eventInputs}, (*Renderer).eventJobs)
}

// eventInputs adds to d what the events' pages, agendas and calendars
// read beyond what every page shares (deps: the clock decides which
// dates are upcoming and which events are in the feeds' windows;
// site.yaml's categories and officials drop the memo): the events and
// their bodies, their organizers and co-organizers, the calendars'
// organizer, and the releases that name them, by what the pages show of
// them (title, URL, date). So a release's edit, or one that comes or
// goes, leaves the events' 5,000 files at 10,000 items alone unless an
// event lists it: some 10 ms of CPU after every such edit in serve.
func (r *Renderer) eventInputs(d *deps) bool {
	if !itemsDeps(r, d, r.site.Events) {
		return false
	}
	contact, ok := r.organizer()
	if !ok {
		return false // its error is the jobs' to report
	}
	d.str(contact.Name)
	d.str(contact.Email)
	press := r.index().press
	for _, e := range r.site.Events {
		d.item(r.contacts[e.Organizer])
		d.u64(uint64(len(e.CoOrganizers)))
		for _, slug := range e.CoOrganizers {
			d.item(r.site.Institution(slug))
		}
		links := press[e.Doc.Slug]
		d.u64(uint64(len(links)))
		for _, l := range links {
			d.str(l.Title)
			d.str(l.URL)
			d.u64(uint64(l.Date.UnixNano()))
		}
	}
	return true
}

// eventJobs returns the jobs of the events family: the lists, each
// event's page and .ics, the agendas, and the feeds (calendarJobs).
func (r *Renderer) eventJobs() []func() {
	jobs := append([]func(){r.eventList}, r.pastEventJobs()...)
	jobs = append(jobs, r.calendarJobs()...)
	for _, c := range r.usedCategories() {
		jobs = append(jobs, func() { r.categoryList(c) })
	}
	contact, ics := r.organizer()
	// In chunks, whose unchanged pages and .ics are taken from the
	// previous output together (depsReuseAll). Each event's .ics right
	// after its page: the body both read is rendered, used and let go
	// at once (without a Cache, bodies.go), rather than kept from one
	// family of jobs to the other.
	for chunk := range slices.Chunk(r.site.Events, 32) {
		jobs = append(jobs, func() {
			paths, ds := make([]string, 2*len(chunk)), make([]*deps, 2*len(chunk))
			for i, e := range chunk {
				paths[2*i], ds[2*i] = pagePath(e.URL()), r.eventDeps(e)
				if ics {
					paths[2*i+1], ds[2*i+1] = eventICSPath(e), r.eventICSDeps(e, contact)
				}
			}
			reused := r.depsReuseAll(paths, ds)
			for i, e := range chunk {
				if !reused[2*i] {
					r.renderEventPage(e)
				}
				if ics && !reused[2*i+1] {
					r.renderEventICS(e, contact)
				}
				r.aliases(e)
			}
		})
	}
	for _, o := range r.agendaOfficials() {
		jobs = append(jobs, func() { r.agendaPage(o) })
	}
	return jobs
}

// MonthGroup is the occurrences of one month, for lists.
type MonthGroup struct {
	Label string // "diciembre de 2026"
	ID    string // "2026-12", for anchors
	Items []EventOccurrence
}

func byMonth(occ []EventOccurrence) []MonthGroup {
	var out []MonthGroup
	for _, o := range occ {
		id := o.Start.Format("2006-01")
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, MonthGroup{Label: spanish.MonthYear(o.Start), ID: id})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, o)
	}
	return out
}

// EventsView is the Data of /eventos/, /eventos/<categoría>/ and
// /eventos/pasados/.
type EventsView struct {
	Months []MonthGroup
	Feeds  []CalendarFeed // subscription links (upcoming lists only)
	Past   bool
	// Categories link the lists of one category each, so that the list
	// is filtered without JavaScript; Category is the one shown ("" for
	// every category).
	Categories []CategoryLink
	Category   string
	// Pagination is nil when the list fits on one page (past events).
	Pagination *Pagination
}

// CategoryLink is a category's list of upcoming events.
type CategoryLink struct {
	Label, URL string
	Current    bool
}

func categoryPage(code string) string { return "/eventos/" + code + "/" }

// usedCategories are the categories some published event has, in
// site.yaml order: each has a list and a feed.
func (r *Renderer) usedCategories() []content.Category {
	used := map[string]bool{}
	for _, e := range r.site.Events {
		used[e.Category] = true
	}
	var out []content.Category
	for _, c := range r.cfg.Categories {
		if used[c.Code] {
			out = append(out, c)
		}
	}
	return out
}

func (r *Renderer) categoryLinks(current string) []CategoryLink {
	cats := r.usedCategories()
	if len(cats) == 0 {
		return nil
	}
	out := []CategoryLink{{Label: "Todas", URL: "/eventos/", Current: current == ""}}
	for _, c := range cats {
		out = append(out, CategoryLink{Label: c.Label, URL: categoryPage(c.Code), Current: c.Code == current})
	}
	return out
}

func (r *Renderer) eventList() {
	v := &EventsView{Months: byMonth(r.index().upcoming), Feeds: r.calendarFeeds(), Categories: r.categoryLinks("")}
	p := &Page{
		Title:       "Agenda y actividades",
		Description: "Próximas actividades del " + r.cfg.Title + " de la " + r.cfg.Organization + " y calendarios para suscribirse.",
		Breadcrumbs: []Crumb{{"Inicio", "/"}},
		Data:        v,
		Feeds:       []Feed{{"Calendario de actividades (iCalendar)", allEventsFeed, "text/calendar"}},
	}
	r.page("/eventos/", "events.html", p)
}

// categoryList is /eventos/<code>/: the upcoming events of one category
// and its feed, the list /eventos/ filtered without JavaScript.
func (r *Renderer) categoryList(c content.Category) {
	var occ []EventOccurrence
	for _, o := range r.index().upcoming {
		if o.Event.Category == c.Code {
			occ = append(occ, o)
		}
	}
	var feeds []CalendarFeed
	for _, f := range r.calendarFeeds() {
		if f.URL == categoryFeed(c.Code) {
			feeds = append(feeds, f)
		}
	}
	v := &EventsView{Months: byMonth(occ), Feeds: feeds, Categories: r.categoryLinks(c.Code), Category: c.Label}
	p := &Page{
		Title:       "Actividades: " + c.Label,
		Description: "Próximas actividades de la categoría «" + c.Label + "» del " + r.cfg.Title + " de la " + r.cfg.Organization + ".",
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Agenda y actividades", "/eventos/"}},
		Section:     "eventos",
		Data:        v,
		Feeds:       []Feed{{c.Label + " (iCalendar)", categoryFeed(c.Code), "text/calendar"}},
	}
	r.page(categoryPage(c.Code), "events.html", p)
}

// pastPerPage is how many past dates a page of /eventos/pasados/ lists:
// the archive grows every week, and one page of 2,500 events weighed
// 1.7 MB, too much for a phone.
const pastPerPage = 50

// pastEventJobs returns one job per page of /eventos/pasados/, newest
// first; page numbers are added to the title (WCAG 2.4.2).
func (r *Renderer) pastEventJobs() []func() {
	past := r.index().past
	base := "/eventos/" + content.PastEventsSlug + "/"
	pages := max(1, (len(past)+pastPerPage-1)/pastPerPage)
	jobs := make([]func(), pages)
	for n := 1; n <= pages; n++ {
		jobs[n-1] = func() {
			v := &EventsView{Months: byMonth(past[(n-1)*pastPerPage : min(n*pastPerPage, len(past))]), Past: true}
			p := &Page{
				Title:       "Actividades pasadas",
				Description: "Actividades ya realizadas del " + r.cfg.Title + ", de la más reciente a la más antigua.",
				Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Agenda y actividades", "/eventos/"}},
				Data:        v,
			}
			if pages > 1 {
				v.Pagination = paginate(base, n, pages)
				p.Title += " (página " + strconv.Itoa(n) + " de " + strconv.Itoa(pages) + ")"
			}
			r.page(pageURL(base, n), "events-past.html", p)
		}
	}
	return jobs
}

// EventView is the Data of an event's page.
type EventView struct {
	Event       *content.Event
	First       EventOccurrence   // the first occurrence, as the editor wrote it
	Status      string            // the status in words, "" when confirmed
	StatusClass string            // its CSS modifier
	DateLabel   string            // what the date is called: "Cuándo", "Fecha prevista"…
	Off         bool              // cancelled or postponed: no registration, no "add this event"
	Recurrence  string            // the rule in words; "" when it has none or words would mislead
	Dates       []EventOccurrence // recurring: the next dates (or the last ones, when over)
	DatesTitle  string
	Changes     []ChangeNote // declared changes, newest first
	Press       []PressLink  // releases that name the event in related_events, newest first
	MapURL      string       // OpenStreetMap, when the place has coordinates
	Cost        string       // "Gratuito", "$3.000"
	Access      []string
	// CoOrganizers are the institutions of co_organizers, in order.
	CoOrganizers []*content.Institution
	Organizer    *content.Contact
	Category     string
	CategoryURL  string // the category's list, /eventos/<code>/
	CategoryICS  string
	Agenda       []AgendaLink
	ICS          string       // the event's own .ics
	Webcal       template.URL // webcal:// subscription to every event
	WebcalHTTPS  string       // the same feed over https, to copy
	Google       string       // Google Calendar "add event" link; "" when it would mislead
}

// ChangeNote is one declared change of an event, for its page.
type ChangeNote struct {
	Date time.Time // in the site's zone
	ISO  string
	Note string
}

// PressLink is a press release that announces an event.
type PressLink struct {
	Title, URL string
	Date       time.Time // publication, in the site's zone
}

// AgendaLink is an official whose public agenda lists an event.
type AgendaLink struct{ Name, Position, URL string }

// nextDates is how many dates a recurring event's page lists.
const nextDates = 12

// renderEventPage renders the page of event e.
func (r *Renderer) renderEventPage(e *content.Event) {
	s := r.index().bySlug[e.Doc.Slug]
	b := r.body(e)
	defer r.bodies.releaseHTML(e) // the page is the last reader (leanBodies)
	defer r.bodies.releaseText(e) // and one of the two readers of the text
	st := statusOf(e.EffectiveStatus())
	v := &EventView{
		Event:       e,
		First:       s.occ[0],
		Status:      st.Label,
		StatusClass: st.Class,
		DateLabel:   st.DateLabel,
		Off:         st.Off,
		Cost:        costLabel(e.Cost),
		Access:      accessibility(e.Accessibility),
		Organizer:   r.contacts[e.Organizer],
		ICS:         e.URL() + eventICSName,
		Webcal:      webcal(r.AbsURL(allEventsFeed)),
		WebcalHTTPS: r.AbsURL(allEventsFeed),
		Google:      r.googleLink(e, b.Text),
		Press:       r.index().press[e.Doc.Slug],
	}
	for i := len(e.Changes) - 1; i >= 0; i-- {
		c := e.Changes[i]
		v.Changes = append(v.Changes, ChangeNote{Date: c.Date.In(r.loc), ISO: c.Date.In(r.loc).Format("2006-01-02"), Note: c.Note})
	}
	slices.SortStableFunc(v.Changes, func(a, b ChangeNote) int { return b.Date.Compare(a.Date) })
	if g := e.Location.Geo; g != nil {
		v.MapURL = osmLink(g.Lat, g.Lon)
	}
	for _, slug := range e.CoOrganizers {
		if in := r.site.Institution(slug); in != nil {
			v.CoOrganizers = append(v.CoOrganizers, in)
		}
	}
	if e.Category != "" {
		v.Category = r.cfg.Categories.Label(e.Category)
		v.CategoryURL = categoryPage(e.Category)
		v.CategoryICS = categoryFeed(e.Category)
	}
	for _, id := range e.AgendaOf {
		if o := r.cfg.Official(id); o != nil {
			v.Agenda = append(v.Agenda, AgendaLink{o.Name, o.Position, agendaURL(id)})
		}
	}
	if s.rule != nil {
		v.Recurrence = s.rule.Describe(s.first, s.last, len(s.occ), s.endless)
		var next []EventOccurrence
		for _, o := range s.occ {
			if r.notEnded(o) {
				next = append(next, o)
			}
		}
		if len(next) > 0 {
			v.Dates, v.DatesTitle = next[:min(nextDates, len(next))], "Próximas fechas"
		} else {
			v.Dates, v.DatesTitle = s.occ[max(0, len(s.occ)-nextDates):], "Últimas fechas"
		}
	}
	desc := e.Summary
	if desc == "" {
		desc = excerpt(b.Text, 160)
	}
	p := &Page{
		Title:       e.Title,
		Description: desc,
		Body:        template.HTML(b.HTML),
		Headings:    b.Headings,
		Image:       r.picture(&e.Doc, e.Image),
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Agenda y actividades", "/eventos/"}},
		Data:        v,
		Feeds:       []Feed{{"Esta actividad (iCalendar)", v.ICS, "text/calendar"}},
	}
	p.JSONLD = []any{r.eventLD(e, s, p.Image, desc)}
	r.page(e.URL(), "event.html", p)
}

func (r *Renderer) agendaOfficials() []*content.Official {
	named := map[string]bool{}
	for _, e := range r.site.Events {
		for _, id := range e.AgendaOf {
			named[id] = true
		}
	}
	var out []*content.Official
	for i := range r.cfg.Officials {
		if o := &r.cfg.Officials[i]; named[o.ID] {
			out = append(out, o)
		}
	}
	return out
}

func agendaURL(id string) string { return "/agenda/" + id + "/" }

// AgendaView is the Data of /agenda/<official>/.
type AgendaView struct {
	Official *content.Official
	Upcoming []MonthGroup
	Recent   []MonthGroup // the past cfg.Calendar.PastMonths months, latest first
	Feed     CalendarFeed
}

func (r *Renderer) agendaPage(o *content.Official) {
	ix := r.index()
	inAgenda := func(e *content.Event) bool { return slices.Contains(e.AgendaOf, o.ID) }
	from := r.windowStart()
	var up, recent []EventOccurrence
	for _, x := range ix.upcoming {
		if inAgenda(x.Event) {
			up = append(up, x)
		}
	}
	for _, x := range ix.past {
		if inAgenda(x.Event) && !x.lastDay().Before(from) {
			recent = append(recent, x)
		}
	}
	v := &AgendaView{Official: o, Upcoming: byMonth(up), Recent: byMonth(recent), Feed: r.agendaFeed(o)}
	p := &Page{
		Title:       "Agenda pública de " + o.Name,
		Description: "Actividades públicas de " + o.Name + ", " + o.Position + ", y su calendario para suscribirse.",
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Agenda y actividades", "/eventos/"}},
		Section:     "eventos",
		Data:        v,
		Feeds:       []Feed{{v.Feed.Title + " (iCalendar)", v.Feed.URL, "text/calendar"}},
	}
	r.page(agendaURL(o.ID), "agenda.html", p)
}
