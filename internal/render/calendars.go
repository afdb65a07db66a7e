package render

import (
	"bytes"
	"cmp"
	"html/template"
	"strings"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/ical"
)

// This file writes the iCalendar feeds through package ical:
//
//	/eventos/calendario.ics              every event
//	/eventos/<category>/calendario.ics   each category with events
//	/agenda/<official>/calendario.ics    each official named in agenda_of
//	/eventos/<slug>/evento.ics           each event on its own
//
// A feed holds every event that has an occurrence ending after the start
// of its window, cfg.Calendar.PastMonths months before the build's Now:
// an endless recurrence always belongs. The per-event .ics always holds
// its event. Category and agenda feeds exist as soon as one published
// event names the category or official, even when their window is empty,
// so that a subscribed URL never starts answering 404.
//
// # What each event says
//
// UID is content.Event.UIDFor (never changes); SEQUENCE is the
// editor's `sequence` plus one per entry of `changes`
// (content.Event.EffectiveSequence); STATUS is the editor's; SUMMARY the
// title (package ical prefixes CANCELADO: or POSTERGADO:); DESCRIPTION
// the plain text of the body, or the summary when the body is empty (ical
// appends the page URL); LOCATION "name, address" or the online link;
// CATEGORIES the category's label; ORGANIZER the organizer contact; RRULE
// the canonical rule, with an EXDATE per cancelled date and a VEVENT with
// RECURRENCE-ID per moved date.
//
// LAST-MODIFIED and DTSTAMP (ical writes both from Modified) are the
// latest of the event's `updated` and its changes' dates
// (content.Event.LastChange); without either, the start of the event's
// first occurrence. Everything comes from the content, so a rebuild of
// unchanged content, or a fresh clone with no previous output, gives the
// same bytes, and each declared change is an update clients apply: they
// decide between versions of one UID by SEQUENCE first (RFC 5546 §2.1.5).
// The build time would make every rebuild look like an update; a counter
// kept in the previous output would make the feeds depend on which builds
// ran before. Package history uses that output only to warn an editor who
// changed an event without declaring it.

// The feeds are jobs of the events family (events.go: eventJobs), whose
// folders they are written in.

const allEventsFeed = "/eventos/calendario.ics"

// eventICSName is the file of an event's own .ics, in its page's folder.
const eventICSName = "evento.ics"

// eventICSPath is the output path of event e's own .ics.
func eventICSPath(e *content.Event) string { return strings.TrimPrefix(e.URL()+eventICSName, "/") }

func categoryFeed(code string) string { return "/eventos/" + code + "/calendario.ics" }
func agendaFeedURL(id string) string  { return "/agenda/" + id + "/calendario.ics" }

// CalendarFeed is a feed as the pages offer it.
type CalendarFeed struct {
	Title       string       // "Todas las actividades"
	Name        string       // the calendar's name in clients
	Description string       // the calendar's description
	URL         string       // site path of the .ics
	Page        string       // site path of its HTML page
	HTTPS       string       // absolute URL, to copy into a client
	Webcal      template.URL // webcal:// link, to subscribe in one tap
	filter      func(*content.Event) bool
}

// calendarFeeds lists the subscription feeds: every event, each category
// with events (site.yaml order), each official's agenda (site.yaml order).
func (r *Renderer) calendarFeeds() []CalendarFeed {
	org := r.cfg.Title + ", " + r.cfg.Organization
	feeds := []CalendarFeed{r.feed("Todas las actividades", "Actividades — "+org,
		"Actividades públicas y agenda del "+r.cfg.Title+" de la "+r.cfg.Organization+".",
		allEventsFeed, "/eventos/", func(*content.Event) bool { return true })}
	for _, c := range r.usedCategories() {
		code := c.Code
		feeds = append(feeds, r.feed(c.Label, c.Label+" — "+org,
			"Actividades de la categoría «"+c.Label+"» del "+r.cfg.Title+" de la "+r.cfg.Organization+".",
			categoryFeed(code), categoryPage(code), func(e *content.Event) bool { return e.Category == code }))
	}
	for _, o := range r.agendaOfficials() {
		feeds = append(feeds, r.agendaFeed(o))
	}
	return feeds
}

func (r *Renderer) agendaFeed(o *content.Official) CalendarFeed {
	id := o.ID
	return r.feed("Agenda de "+o.Name+" ("+o.Position+")",
		"Agenda pública de "+o.Name+", "+o.Position+" — "+r.cfg.Organization,
		"Actividades públicas de "+o.Name+", "+o.Position+" de la "+r.cfg.Organization+".",
		agendaFeedURL(id), agendaURL(id), func(e *content.Event) bool { return containsString(e.AgendaOf, id) })
}

func (r *Renderer) feed(title, name, desc, path, page string, filter func(*content.Event) bool) CalendarFeed {
	abs := r.AbsURL(path)
	return CalendarFeed{Title: title, Name: name, Description: desc, URL: path, Page: page,
		HTTPS: abs, Webcal: webcal(abs), filter: filter}
}

func containsString(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// windowStart is where the feeds' past begins.
func (r *Renderer) windowStart() time.Time {
	return r.now.AddDate(0, -max(r.cfg.Calendar.PastMonths, 0), 0)
}

// inWindow reports whether a series belongs in the subscription feeds.
func (r *Renderer) inWindow(s *series) bool {
	if s.endless {
		return true
	}
	return !s.occ[len(s.occ)-1].lastDay().Before(r.windowStart())
}

// calendarJobs writes the feeds; each event's own .ics is written by
// the job of its page (eventJobs), which reads the same body.
func (r *Renderer) calendarJobs() []func() {
	contact, ok := r.organizer()
	if !ok {
		return nil
	}
	var jobs []func()
	for _, f := range r.calendarFeeds() {
		jobs = append(jobs, func() { r.writeCalendar(f, contact) })
	}
	return jobs
}

// organizer is calendarContact decided once per render, so that its
// error is reported once, whichever job asks first.
func (r *Renderer) organizer() (ical.Organizer, bool) {
	r.organizerOnce.Do(func() { r.organizerOf, r.organizerOK = r.calendarContact() })
	return r.organizerOf, r.organizerOK
}

// calendarContact is the feeds' ORGANIZER fallback: the organization
// with calendar.email from site.yaml or, when that is empty, the e-mail
// of the first contact that has one, in directory order (order, then
// file name), which is the contact people see first. Without either, and
// with events to publish, the build fails with an error at site.yaml:
// RFC 5546 requires an ORGANIZER, and an address that reaches nobody
// would be worse than none.
func (r *Renderer) calendarContact() (ical.Organizer, bool) {
	org := ical.Organizer{Name: r.cfg.Title + ", " + r.cfg.Organization, Email: r.cfg.Calendar.Email}
	if org.Email != "" {
		return org, true
	}
	for _, c := range r.site.Contacts {
		if c.Email != "" {
			org.Email = c.Email
			return org, true
		}
	}
	if len(r.site.Events) == 0 {
		return org, true // empty feeds need no organizer
	}
	r.errorf(r.cfg.Doc.Pos("calendar"), "los calendarios .ics necesitan el correo del organizador: agregue calendar: { email: gabinete@su-municipio.cl } en site.yaml, o un correo (email) a algún contacto de content/contactos/")
	return org, false
}

func (r *Renderer) calendar(name, desc, page, source string, contact ical.Organizer) ical.Calendar {
	return ical.Calendar{
		Name:        name,
		Description: desc,
		URL:         r.AbsURL(page),
		Source:      r.AbsURL(source),
		Location:    r.loc,
		Refresh:     time.Duration(r.cfg.Calendar.RefreshHours) * time.Hour,
		Contact:     contact,
	}
}

func (r *Renderer) writeCalendar(f CalendarFeed, contact ical.Organizer) {
	if r.depsReuse(strings.TrimPrefix(f.URL, "/"), r.calendarDeps(f, contact)) {
		return
	}
	var events []ical.Event
	for _, s := range r.index().series {
		if f.filter(s.event) && r.inWindow(s) {
			events = append(events, r.icalEvent(s.event))
		}
	}
	if err := r.writeICS(f.URL, r.calendar(f.Name, f.Description, f.Page, f.URL, contact), events); err != nil {
		r.errorf(content.Pos{File: "content/eventos"}, "no se pudo generar %s: %v", f.URL, err)
	}
}

// renderEventICS writes event e's own .ics.
func (r *Renderer) renderEventICS(e *content.Event, contact ical.Organizer) {
	path := e.URL() + eventICSName
	cal := r.calendar(e.Title, e.Summary, e.URL(), path, contact)
	ev := r.icalEvent(e)
	r.bodies.releaseText(e) // one of the two readers of the text (leanBodies)
	if err := r.writeICS(path, cal, []ical.Event{ev}); err != nil {
		r.errorf(content.Pos{File: e.Doc.Path}, "no se pudo generar %s: %v", path, err)
	}
}

// writeICS adds the iCalendar file at path; serve takes it from the
// previous output when cal and events are the same (memoFile): an edit
// of one event writes its own file and the feeds that carry it.
func (r *Renderer) writeICS(path string, cal ical.Calendar, events []ical.Event) error {
	inputs := struct {
		Cal    ical.Calendar
		Events []ical.Event
	}{cal, events}
	return r.memoFile(path, inputs, func() ([]byte, error) {
		var b bytes.Buffer
		err := ical.Write(&b, cal, events)
		return b.Bytes(), err
	})
}

// icalEvent maps a content event to a feed entry (see the file comment).
func (r *Renderer) icalEvent(e *content.Event) ical.Event {
	status, _ := ical.ParseStatus(e.EffectiveStatus()) // an enum checked by validation
	out := ical.Event{
		UID:         e.UIDFor(r.cfg.BaseURL),
		Sequence:    e.EffectiveSequence(),
		Status:      status,
		Summary:     e.Title,
		Description: cmp.Or(r.body(e).Text, e.Summary),
		Location:    eventPlace(e),
		URL:         r.AbsURL(e.URL()),
		RRule:       e.Recurrence,
		Modified:    e.LastChange(),
	}
	if out.Modified.IsZero() {
		out.Modified = e.Start.Instant(r.loc)
	}
	for _, d := range e.CancelledDates {
		out.Cancelled = append(out.Cancelled, ical.Date(d))
	}
	for _, m := range e.MovedDates {
		mv := ical.Moved{Date: ical.Date(m.Date)}
		if e.AllDay() {
			mv.StartDate = ical.Date(m.Start.Date)
			switch {
			case m.End != nil:
				mv.EndDate = ical.Date(m.End.Date)
			case e.End != nil:
				mv.EndDate = ical.Date(m.Start.Date.AddDays(dayNumber(e.End.Date) - dayNumber(e.Start.Date)))
			}
		} else {
			mv.Start = m.Start.Time
			switch {
			case m.End != nil:
				mv.End = m.End.Time
			case e.End != nil:
				mv.End = m.Start.Time.Add(e.End.Time.Sub(e.Start.Time))
			}
		}
		out.Moved = append(out.Moved, mv)
	}
	if e.AllDay() {
		out.AllDay = true
		out.StartDate = ical.Date(e.Start.Date)
		if e.End != nil {
			out.EndDate = ical.Date(e.End.Date)
		}
	} else {
		out.Start = e.Start.Time
		if e.End != nil {
			out.End = e.End.Time
		}
	}
	if g := e.Location.Geo; g != nil {
		out.Geo = &ical.Geo{Lat: g.Lat, Lon: g.Lon}
	}
	if l := r.cfg.Categories.Label(e.Category); l != "" {
		out.Categories = []string{l}
	}
	if c := r.contacts[e.Organizer]; c != nil {
		name := c.Position
		if c.Name != "" {
			name = c.Name + ", " + c.Position
		}
		out.Organizer = ical.Organizer{Name: name, Email: c.Email}
	}
	return out
}
