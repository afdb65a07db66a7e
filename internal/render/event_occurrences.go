package render

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/recurrence"
	"cabildo/internal/spanish"
)

// This file expands events into occurrences, once per build: a recurring
// event through recurrence.Rule, the same expansion the feeds' VTIMEZONE and
// every calendar client follow. Occurrences keep the wall-clock time of
// `start` in the site's zone (10:00 every Thursday is 10:00 before and
// after the April and September changes), and each lasts what the first
// one lasts. A rule that ends by itself (COUNT or UNTIL) is listed in
// full; one that does not is listed to listHorizon past the build's Now,
// as the pages would otherwise never end. Cancelled dates are kept and
// marked (pages strike them through); moved dates take their new time.
//
// The occurrences (eventIndex) are shared by the home page, the lists,
// the event pages, the agendas and the feeds.

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
	Note   string   // why a moved date moved, as the editor wrote it
	Thumb  *Picture // the event's image as a thumbnail; nil without one
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
	rule  *recurrence.Rule // nil for a single event
	occ   []EventOccurrence
	// endless: occurrences go on after the last one listed, which is
	// the last before horizon.
	endless bool
	horizon time.Time
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
	kept := r.opt.Cache.takeSeries()
	var made map[*content.Event]*series
	if r.opt.Cache != nil {
		made = make(map[*content.Event]*series, len(r.site.Events))
	}
	for _, e := range r.site.Events {
		s := r.seriesOf(e, horizon, kept)
		if made != nil {
			made[e] = s
		}
		ix.series = append(ix.series, s)
		ix.bySlug[e.Doc.Slug] = s
		for _, o := range s.occ {
			if r.notEnded(o) {
				ix.upcoming = append(ix.upcoming, o)
			} else {
				ix.past = append(ix.past, o)
			}
		}
	}
	byStart := func(a, b EventOccurrence) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.Event.Doc.Slug, b.Event.Doc.Slug))
	}
	r.opt.Cache.putSeries(made)
	// The site's events come in order of their start: unless some repeat
	// or were moved, so do their occurrences. Sorting them anyway was a
	// third of the index, which every render of serve makes again.
	if !slices.IsSortedFunc(ix.upcoming, byStart) {
		slices.SortFunc(ix.upcoming, byStart)
	}
	slices.Reverse(ix.past)
	if latestFirst := func(a, b EventOccurrence) int { return byStart(b, a) }; !slices.IsSortedFunc(ix.past, latestFirst) {
		slices.SortFunc(ix.past, latestFirst)
	}
	return ix
}

// seriesOf returns the occurrences of e (expand): those of the last
// render when the Cache kept them for the same event, that is the same
// decoding of its file, and they do not depend on the horizon or it is
// the same. Expanding every rule and placing every date was most of the
// index, on the way of every job that reads it. The thumbnails are this
// render's.
func (r *Renderer) seriesOf(e *content.Event, horizon time.Time, kept map[*content.Event]*series) *series {
	old := kept[e]
	if old == nil || old.endless && !old.horizon.Equal(horizon) {
		s := r.expand(e, horizon)
		s.horizon = horizon
		return s
	}
	s := *old
	s.occ = slices.Clone(old.occ)
	thumb := r.thumb(&e.Doc, e.Image)
	for i := range s.occ {
		s.occ[i].Thumb = thumb
	}
	return &s
}

// expand lists the occurrences of e: one, or those of its rule (in full
// when the rule ends by itself, else through horizon), with its
// cancelled dates marked and its moved dates at their new time.
func (r *Renderer) expand(e *content.Event, horizon time.Time) *series {
	s := &series{event: e}
	status := e.EffectiveStatus()
	thumb := r.thumb(&e.Doc, e.Image)
	first := EventOccurrence{Event: e, AllDay: e.AllDay(), Start: e.Start.Instant(r.loc), Status: status, Thumb: thumb}
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
	rule, err := recurrence.ParseRRule(e.Recurrence)
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
		for _, t := range rule.Dates(e.Start.Date.In(time.UTC), r.loc, limit.In(time.UTC)) {
			d := content.DateOf(t)
			o := EventOccurrence{Event: e, AllDay: true, Start: d.In(r.loc), Status: status, Thumb: thumb}
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
			o := EventOccurrence{Event: e, Start: t, Status: status, Thumb: thumb}
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

// notEnded reports whether occurrence o has not ended at the render's
// Now: the one rule for the lists, the search index, an event's next
// dates and the clock's key.
func (r *Renderer) notEnded(o EventOccurrence) bool { return o.lastDay().After(r.now) }

// upcoming returns the occurrences that have not ended at the build's
// Now, soonest first.
func (r *Renderer) upcoming() []EventOccurrence { return r.index().upcoming }
