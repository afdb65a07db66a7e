package render

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"cabildo/internal/content"
	"cabildo/internal/ical"
	"cabildo/internal/spanish"
)

// This file renders the public calendar as HTML: /eventos/ (upcoming
// occurrences by month, and how to subscribe), /eventos/pasados/,
// /eventos/<slug>/ for each event and /agenda/<official>/ for each
// official named in some event's agenda_of. calendars.go writes the same
// events as iCalendar feeds.
//
// # Occurrences
//
// A recurring event is expanded with content.Rule, the same expansion
// the feeds' VTIMEZONE and every calendar client follow: occurrences keep
// the wall-clock time of `start` in the site's zone (10:00 every Thursday
// is 10:00 before and after the April and September changes), and each
// lasts what the first one lasts. A rule that ends by itself (COUNT or
// UNTIL) is listed in full; one that does not is listed to listHorizon
// past the build's Now, as the pages would otherwise never end.
//
// The occurrences are computed once per build (eventIndex) and shared by
// the home page, the lists, the agendas and the feeds.

func init() { register((*Renderer).eventJobs) }

// listHorizon is how far past Now an endless recurrence is listed.
const listHorizon = 12 // months

// EventOccurrence is one occurrence of an event: the event itself, or one
// date of a recurring event.
type EventOccurrence struct {
	Event      *content.Event
	Start, End time.Time // in the site's zone; all-day: the start of the first and of the last day
	AllDay     bool
	// Status is this date's status code: the event's, or cancelled for a
	// date in cancelled_dates, or rescheduled for one in moved_dates.
	Status string
	// Before is the former date in words, for «Antes: …»: a moved date's
	// place in the series, or a rescheduled event's previous_start.
	Before string
	Note   string // why a moved date moved, as the editor wrote it
}

// When says when the occurrence happens, in Spanish:
// "sábado 5 de diciembre de 2026, 10:00 a 14:00 hrs.". A postponed
// event has no date yet: its former one is its Original.
func (o EventOccurrence) When() string {
	if statusOf(o.Status).Undated {
		return "fecha por confirmar"
	}
	return spanish.Range(o.Start, o.End, o.AllDay)
}

// Original is the date a postponed occurrence was to have, in words.
func (o EventOccurrence) Original() string {
	if !statusOf(o.Status).Undated {
		return ""
	}
	return spanish.Range(o.Start, o.End, o.AllDay)
}

// Range is the occurrence's own date and time in words, whatever its
// status.
func (o EventOccurrence) Range() string { return spanish.Range(o.Start, o.End, o.AllDay) }

// Struck reports whether the date does not take place as shown
// (cancelled or postponed): lists strike it through and say why.
func (o EventOccurrence) Struck() bool { return statusOf(o.Status).Off }

// Datetime is the machine-readable start for <time datetime>.
func (o EventOccurrence) Datetime() string {
	if o.AllDay {
		return o.Start.Format("2006-01-02")
	}
	return o.Start.Format(time.RFC3339)
}

// StatusLabel is the date's status in words, "" when confirmed: status
// is never told by colour alone (WCAG 1.4.1).
func (o EventOccurrence) StatusLabel() string { return statusOf(o.Status).Label }

// StatusClass is the CSS modifier of the date's status, "" when confirmed.
func (o EventOccurrence) StatusClass() string { return statusOf(o.Status).Class }

// Place is the place's name, or "En línea" for an online-only event.
func (o EventOccurrence) Place() string {
	if o.Event.Location.Name != "" {
		return o.Event.Location.Name
	}
	if o.Event.Location.OnlineURL != "" {
		return "En línea"
	}
	return ""
}

// lastDay returns the last instant that still belongs to o: its end, its
// start without an end, or the end of its last day when all-day.
func (o EventOccurrence) lastDay() time.Time {
	if o.AllDay {
		last := o.Start
		if !o.End.IsZero() {
			last = o.End
		}
		return content.DateOf(last).AddDays(1).In(last.Location())
	}
	if o.End.IsZero() {
		return o.Start
	}
	return o.End
}

// series is an event with its occurrences.
type series struct {
	event *content.Event
	rule  *content.Rule // nil for a single event
	occ   []EventOccurrence
	// endless: occurrences go on after the last one listed.
	endless bool
	// first and last are the rule's own first and last starts listed,
	// before moved dates: the rule is put in words from them.
	first, last time.Time
}

// eventIndex is every event's occurrences, computed once per build.
type eventIndex struct {
	series   []*series
	bySlug   map[string]*series
	upcoming []EventOccurrence      // not ended at Now, soonest first
	past     []EventOccurrence      // ended before Now, latest first
	press    map[string][]PressLink // by event slug: the releases that relate to it
}

// eventIndexOnce holds the build's eventIndex; it is a field of Renderer.
type eventIndexOnce struct {
	once sync.Once
	ix   *eventIndex
}

// index returns the build's eventIndex, computing it on first use: jobs
// run in parallel, and the home page may ask before the events family.
func (r *Renderer) index() *eventIndex {
	r.eventIx.once.Do(func() { r.eventIx.ix = r.buildIndex() })
	return r.eventIx.ix
}

func (r *Renderer) buildIndex() *eventIndex {
	ix := &eventIndex{bySlug: make(map[string]*series, len(r.site.Events)), press: map[string][]PressLink{}}
	for _, p := range r.site.Press { // newest first, the site's order
		for _, slug := range p.RelatedEvents {
			ix.press[slug] = append(ix.press[slug], PressLink{Title: p.Title, URL: p.URL(), Date: p.Date.In(r.loc)})
		}
	}
	horizon := r.now.AddDate(0, listHorizon, 0)
	for _, e := range r.site.Events {
		s := r.expand(e, horizon)
		ix.series = append(ix.series, s)
		ix.bySlug[e.Doc.Slug] = s
		for _, o := range s.occ {
			if o.lastDay().After(r.now) {
				ix.upcoming = append(ix.upcoming, o)
			} else {
				ix.past = append(ix.past, o)
			}
		}
	}
	byStart := func(a, b EventOccurrence) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.Event.Doc.Slug, b.Event.Doc.Slug))
	}
	slices.SortFunc(ix.upcoming, byStart)
	slices.SortFunc(ix.past, func(a, b EventOccurrence) int { return byStart(b, a) })
	return ix
}

// expand lists the occurrences of e: one, or those of its rule (in full
// when the rule ends by itself, else through horizon), with its
// cancelled dates marked and its moved dates at their new time.
func (r *Renderer) expand(e *content.Event, horizon time.Time) *series {
	s := &series{event: e}
	status := e.EffectiveStatus()
	first := EventOccurrence{Event: e, AllDay: e.AllDay(), Start: e.Start.Instant(r.loc), Status: status}
	if e.End != nil {
		first.End = e.End.Instant(r.loc)
	}
	if p := e.PreviousStart; p != nil && status == content.StatusRescheduled {
		first.Before = spanish.Range(p.Instant(r.loc), time.Time{}, p.AllDay)
	}
	if e.Recurrence == "" {
		s.occ = []EventOccurrence{first}
		return s
	}
	rule, err := content.ParseRRule(e.Recurrence)
	if err != nil { // reported by validation
		s.occ = []EventOccurrence{first}
		return s
	}
	s.rule = rule
	s.endless = !rule.Bounded()
	if e.AllDay() {
		limit := content.Date{Year: 9999, Month: time.December, Day: 31}
		if s.endless {
			limit = content.DateOf(horizon)
		}
		days := 0
		if e.End != nil {
			days = dayNumber(e.End.Date) - dayNumber(e.Start.Date)
		}
		for _, d := range rule.Dates(e.Start.Date, r.loc, limit) {
			o := EventOccurrence{Event: e, AllDay: true, Start: d.In(r.loc), Status: status}
			if e.End != nil {
				o.End = d.AddDays(days).In(r.loc)
			}
			s.occ = append(s.occ, o)
		}
	} else {
		limit := time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)
		if s.endless {
			limit = horizon
		}
		var length time.Duration
		if e.End != nil {
			length = e.End.Time.Sub(e.Start.Time) // exact, as RFC 5545 §3.8.5.3 says for DTEND
		}
		for _, t := range rule.Times(e.Start.Time.In(r.loc), limit) {
			o := EventOccurrence{Event: e, Start: t, Status: status}
			if e.End != nil {
				o.End = t.Add(length).In(r.loc)
			}
			s.occ = append(s.occ, o)
		}
	}
	if len(s.occ) == 0 { // validation makes the start the first occurrence
		s.occ = []EventOccurrence{first}
	}
	s.first, s.last = s.occ[0].Start, s.occ[len(s.occ)-1].Start
	r.applyExceptions(s)
	return s
}

// applyExceptions marks s's cancelled dates and moves its moved ones.
// A cancelled or postponed event keeps that status on every date: the
// whole series is off.
func (r *Renderer) applyExceptions(s *series) {
	e := s.event
	if len(e.CancelledDates) == 0 && len(e.MovedDates) == 0 {
		return
	}
	seriesOff := statusOf(e.EffectiveStatus()).Off
	cancelled := make(map[content.Date]bool, len(e.CancelledDates))
	for _, d := range e.CancelledDates {
		cancelled[d] = true
	}
	moved := make(map[content.Date]content.MovedDate, len(e.MovedDates))
	for _, m := range e.MovedDates {
		moved[m.Date] = m
	}
	for i := range s.occ {
		o := &s.occ[i]
		day := content.DateOf(o.Start)
		if cancelled[day] && !seriesOff {
			o.Status = content.StatusCancelled
		}
		m, ok := moved[day]
		if !ok {
			continue
		}
		o.Before = spanish.Range(o.Start, time.Time{}, o.AllDay)
		o.Note = m.Note
		length, days := o.End.Sub(o.Start), dayNumber(content.DateOf(o.End))-dayNumber(day)
		o.Start = m.Start.Instant(r.loc)
		switch {
		case m.End != nil:
			o.End = m.End.Instant(r.loc)
		case o.End.IsZero():
		case o.AllDay: // whole days: a duration would cross a summer-time change
			o.End = m.Start.Date.AddDays(days).In(r.loc)
		default:
			o.End = o.Start.Add(length)
		}
		if !seriesOff {
			o.Status = content.StatusRescheduled
		}
	}
	slices.SortStableFunc(s.occ, func(a, b EventOccurrence) int { return a.Start.Compare(b.Start) })
}

// dayNumber counts days since a fixed origin, for day differences.
func dayNumber(d content.Date) int {
	return int(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// upcoming returns the occurrences that have not ended at the build's
// Now, soonest first.
func (r *Renderer) upcoming() []EventOccurrence { return r.index().upcoming }

// eventJobs renders the lists, each event's page and .ics, and the
// agendas; the feeds are calendars.go's.
func (r *Renderer) eventJobs() []func() {
	jobs := append([]func(){r.eventList}, r.pastEventJobs()...)
	for _, c := range r.usedCategories() {
		jobs = append(jobs, func() { r.categoryList(c) })
	}
	for _, e := range r.site.Events {
		jobs = append(jobs, func() { r.eventPage(e); r.aliases(e) })
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
	Organizer   *content.Contact
	Category    string
	CategoryURL string // the category's list, /eventos/<code>/
	CategoryICS string
	Agenda      []AgendaLink
	ICS         string       // the event's own .ics
	Webcal      template.URL // webcal:// subscription to every event
	WebcalHTTPS string       // the same feed over https, to copy
	Google      string       // Google Calendar "add event" link; "" when it would mislead
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

func (r *Renderer) eventPage(e *content.Event) {
	s := r.index().bySlug[e.Doc.Slug]
	b := r.body(e)
	defer r.releaseHTML(e) // Lean builds: the page is the last reader
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
		v.Recurrence = describeRule(s)
		var next []EventOccurrence
		for _, o := range s.occ {
			if o.lastDay().After(r.now) {
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

// costLabel says what an event costs: "Gratuito" for 0, "$3.000", or ""
// when the editor did not say.
func costLabel(m *content.Money) string {
	switch {
	case m == nil:
		return ""
	case *m == 0:
		return "Gratuito"
	}
	return spanish.Money(int64(*m))
}

// accessibility puts an event's accessibility in words, one line each.
// An unanswered question is left out rather than guessed.
func accessibility(a *content.Accessibility) []string {
	if a == nil {
		return nil
	}
	var out []string
	if a.StepFree != nil {
		if *a.StepFree {
			out = append(out, "Acceso sin escalones.")
		} else {
			out = append(out, "El acceso tiene escalones.")
		}
	}
	if a.SignLanguage != nil {
		if *a.SignLanguage {
			out = append(out, "Con intérprete de lengua de señas.")
		} else {
			out = append(out, "Sin intérprete de lengua de señas.")
		}
	}
	if n := strings.TrimSpace(a.Notes); n != "" {
		out = append(out, n)
	}
	return out
}

// osmLink is an OpenStreetMap page centred on a point, with a marker:
// it works on any phone without JavaScript from this site or an API key.
func osmLink(lat, lon float64) string {
	la, lo := strconv.FormatFloat(lat, 'f', -1, 64), strconv.FormatFloat(lon, 'f', -1, 64)
	return "https://www.openstreetmap.org/?mlat=" + la + "&mlon=" + lo + "#map=17/" + la + "/" + lo
}

// webcal turns an https URL into the webcal:// one that makes phones and
// desktop clients offer to subscribe. html/template would refuse the
// scheme, hence template.URL; the URL is the site's own base_url.
func webcal(abs string) template.URL {
	_, rest, _ := strings.Cut(abs, "://")
	return template.URL("webcal://" + rest)
}

// googleLink is Google Calendar's "add event" link for e's first
// occurrence and its rule. Timed events are local wall time with ctz
// naming the site's zone; all-day events are dates with an exclusive end,
// as in the feeds.
func (r *Renderer) googleLink(e *content.Event, text string) string {
	q := url.Values{}
	q.Set("action", "TEMPLATE")
	if len(e.CancelledDates) > 0 || len(e.MovedDates) > 0 {
		// The link carries one rule and no exceptions: Google would
		// add the dates that were cancelled or moved. The .ics has them.
		return ""
	}
	q.Set("text", statusOf(e.EffectiveStatus()).TitlePrefix+e.Title)
	if e.AllDay() {
		last := e.Start.Date
		if e.End != nil {
			last = e.End.Date
		}
		q.Set("dates", compactDate(e.Start.Date)+"/"+compactDate(last.AddDays(1)))
	} else {
		start := e.Start.Time.In(r.loc)
		end := start
		if e.End != nil {
			end = e.End.Time.In(r.loc)
		}
		q.Set("dates", start.Format("20060102T150405")+"/"+end.Format("20060102T150405"))
		q.Set("ctz", r.loc.String())
	}
	details := excerpt(cmp.Or(strings.TrimSpace(text), e.Summary), 600)
	q.Set("details", strings.TrimSpace(details+"\n\n"+r.AbsURL(e.URL())))
	if loc := eventPlace(e); loc != "" {
		q.Set("location", loc)
	}
	if e.Recurrence != "" {
		if rule, err := ical.PublishedRRule(e.Recurrence, e.AllDay(), r.loc); err == nil {
			q.Set("recur", "RRULE:"+rule)
		}
	}
	// url.Values sorts its keys: the link is the same on every build.
	return "https://calendar.google.com/calendar/render?" + q.Encode()
}

func compactDate(d content.Date) string {
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}

// eventPlace is the one-line place of feeds and calendar links: "name,
// address", or the online link for an online-only event.
func eventPlace(e *content.Event) string {
	var parts []string
	for _, s := range []string{e.Location.Name, e.Location.Address} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return e.Location.OnlineURL
	}
	return strings.Join(parts, ", ")
}

// excerpt cuts plain text to about n characters at a word boundary.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if cut >= n {
			s = s[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:.") + "…"
}

// weekdaysPlural are the days as in "todos los jueves".
var weekdaysPlural = map[string]string{
	"MO": "lunes", "TU": "martes", "WE": "miércoles", "TH": "jueves",
	"FR": "viernes", "SA": "sábados", "SU": "domingos",
}

var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

var ordinals = map[string]string{"1": "primer", "2": "segundo", "3": "tercer", "4": "cuarto", "5": "quinto", "-1": "último", "-2": "penúltimo"}

var weekdaysSingular = map[string]string{
	"MO": "lunes", "TU": "martes", "WE": "miércoles", "TH": "jueves",
	"FR": "viernes", "SA": "sábado", "SU": "domingo",
}

// describeRule puts a rule in words: "Todos los jueves, 12 veces, del 4
// de marzo al 20 de mayo de 2027". It covers DAILY, WEEKLY (with plain
// BYDAY), MONTHLY (on a day of the month, or "el primer lunes") and
// YEARLY on the start's date, with INTERVAL, COUNT and UNTIL; for any
// other part it returns "" and the page lists the dates instead, which
// never mislead.
func describeRule(s *series) string {
	rule := s.rule
	for _, p := range rule.Parts {
		switch p.Name {
		case "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY":
		case "WKST":
			if rule.Interval != 1 || rule.Freq != "WEEKLY" || rule.Part("BYDAY") == "" {
				return "" // WKST changes which weeks count
			}
		default:
			return ""
		}
	}
	start := s.first
	n := rule.Interval
	var head string
	byday, bymonthday := rule.Part("BYDAY"), rule.Part("BYMONTHDAY")
	switch rule.Freq {
	case "DAILY":
		if byday != "" || bymonthday != "" {
			return ""
		}
		head = every(n, "Todos los días", "días")
	case "WEEKLY":
		if bymonthday != "" {
			return ""
		}
		days := []string{weekdayCodes[start.Weekday()]}
		if byday != "" {
			days = strings.Split(byday, ",")
		}
		var names []string
		for _, d := range days {
			name, ok := weekdaysPlural[d]
			if !ok {
				return "" // an ordinal has no meaning in a weekly rule
			}
			names = append(names, name)
		}
		list := spanishList(names)
		if n == 1 {
			head = "Todos los " + list
		} else {
			head = "Cada " + strconv.Itoa(n) + " semanas, los " + list
		}
	case "MONTHLY":
		months := every(n, "cada mes", "meses")
		switch {
		case byday != "" && bymonthday != "":
			return ""
		case byday != "":
			if strings.Contains(byday, ",") || len(byday) < 3 {
				return ""
			}
			ord, ok := ordinals[byday[:len(byday)-2]]
			if !ok {
				return ""
			}
			head = "El " + ord + " " + weekdaysSingular[byday[len(byday)-2:]] + " de " + months
		case bymonthday != "":
			if strings.Contains(bymonthday, ",") || strings.HasPrefix(bymonthday, "-") {
				if bymonthday != "-1" {
					return ""
				}
				head = "El último día de " + months
			} else {
				head = "El día " + bymonthday + " de " + months
			}
		default:
			head = "El día " + strconv.Itoa(start.Day()) + " de " + months
		}
		head = upperFirst(head)
	case "YEARLY":
		if byday != "" || bymonthday != "" {
			return ""
		}
		head = every(n, "Todos los años", "años") + ", el " + strconv.Itoa(start.Day()) + " de " + spanish.Month(start.Month())
	default:
		return ""
	}
	first := s.first
	if s.endless {
		return head + ", desde el " + dayMonthYear(first)
	}
	last := s.last
	out := head
	if rule.Count > 0 {
		out += ", " + spanish.Plural(len(s.occ), "vez", "veces")
	}
	if len(s.occ) == 1 {
		return out + ", el " + dayMonthYear(first)
	}
	if first.Year() == last.Year() {
		return out + ", del " + strconv.Itoa(first.Day()) + " de " + spanish.Month(first.Month()) + " al " + dayMonthYear(last)
	}
	return out + ", del " + dayMonthYear(first) + " al " + dayMonthYear(last)
}

func every(n int, one, unit string) string {
	if n == 1 {
		return one
	}
	return "Cada " + strconv.Itoa(n) + " " + unit
}

func dayMonthYear(t time.Time) string {
	return strconv.Itoa(t.Day()) + " de " + spanish.Month(t.Month()) + " de " + strconv.Itoa(t.Year())
}

// spanishList joins "lunes", "miércoles", "viernes" as "lunes, miércoles y viernes".
func spanishList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " y " + xs[len(xs)-1]
}

// agendaOfficials are the officials named in some event's agenda_of, in
// site.yaml order.
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

// eventLD is the schema.org Event of an event's page.
func (r *Renderer) eventLD(e *content.Event, s *series, img *Picture, desc string) map[string]any {
	ld := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "Event",
		"name":        e.Title,
		"description": desc,
		"url":         r.AbsURL(e.URL()),
		"inLanguage":  "es-CL",
	}
	first := s.occ[0]
	if first.AllDay {
		ld["startDate"] = first.Start.Format("2006-01-02")
		if !first.End.IsZero() {
			ld["endDate"] = first.End.Format("2006-01-02")
		}
	} else {
		ld["startDate"] = first.Start.Format(time.RFC3339)
		if !first.End.IsZero() {
			ld["endDate"] = first.End.Format(time.RFC3339)
		}
	}
	switch e.EffectiveStatus() {
	case content.StatusCancelled:
		ld["eventStatus"] = "https://schema.org/EventCancelled"
	case content.StatusPostponed:
		ld["eventStatus"] = "https://schema.org/EventPostponed"
	case content.StatusRescheduled:
		ld["eventStatus"] = "https://schema.org/EventRescheduled"
		if p := e.PreviousStart; p != nil {
			ld["previousStartDate"] = EventOccurrence{Start: p.Instant(r.loc), AllDay: p.AllDay}.Datetime()
		}
	default:
		ld["eventStatus"] = "https://schema.org/EventScheduled"
	}
	var places []any
	if e.Location.Name != "" || e.Location.Address != "" {
		place := map[string]any{"@type": "Place", "name": cmp.Or(e.Location.Name, e.Location.Address)}
		if e.Location.Address != "" {
			place["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": e.Location.Address, "addressCountry": "CL"}
		}
		if g := e.Location.Geo; g != nil {
			place["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": g.Lat, "longitude": g.Lon}
		}
		places = append(places, place)
	}
	if e.Location.OnlineURL != "" {
		places = append(places, map[string]any{"@type": "VirtualLocation", "url": e.Location.OnlineURL})
	}
	switch {
	case e.Location.OnlineURL != "" && len(places) == 2:
		ld["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
	case e.Location.OnlineURL != "":
		ld["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
	default:
		ld["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
	}
	if len(places) == 1 {
		ld["location"] = places[0]
	} else if len(places) > 1 {
		ld["location"] = places
	}
	org := map[string]any{"@type": "GovernmentOrganization", "name": r.cfg.Organization, "url": r.AbsURL("/")}
	if c := r.contacts[e.Organizer]; c != nil {
		org = map[string]any{"@type": "Organization", "name": c.Position + ", " + r.cfg.Organization, "url": r.AbsURL(c.URL())}
		if c.Email != "" {
			org["email"] = c.Email
		}
	}
	ld["organizer"] = org
	if e.Cost != nil {
		ld["isAccessibleForFree"] = *e.Cost == 0
		offer := map[string]any{"@type": "Offer", "price": int64(*e.Cost), "priceCurrency": "CLP", "url": cmp.Or(e.RegistrationURL, r.AbsURL(e.URL()))}
		ld["offers"] = offer
	}
	if img != nil {
		ld["image"] = img.Abs
		if ld["image"] == "" {
			ld["image"] = r.AbsURL(img.URL)
		}
	}
	if s.rule != nil && len(s.occ) > 1 {
		// Each occurrence is an Event of its own to search engines.
		var subs []any
		for _, o := range s.occ[:min(len(s.occ), nextDates)] {
			sub := map[string]any{"@type": "Event", "name": e.Title, "startDate": o.Datetime()}
			if !o.End.IsZero() {
				sub["endDate"] = EventOccurrence{Start: o.End, AllDay: o.AllDay}.Datetime()
			}
			subs = append(subs, sub)
		}
		ld["subEvent"] = subs
	}
	return ld
}
