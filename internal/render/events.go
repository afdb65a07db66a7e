package render

import (
	"time"

	"cabildo/internal/content"
)

// EventOccurrence is one occurrence of an event: the event itself, or one
// date of a recurring event.
type EventOccurrence struct {
	Event      *content.Event
	Start, End time.Time // in the site's zone; for all-day events, midnight of the first and last day
	AllDay     bool
}

// occurrences returns the occurrences of e. (Recurrences are expanded by
// the events family.)
func (r *Renderer) occurrences(e *content.Event) []EventOccurrence {
	o := EventOccurrence{Event: e, AllDay: e.AllDay(), Start: e.Start.Instant(r.loc)}
	if e.End != nil {
		o.End = e.End.Instant(r.loc)
	}
	return []EventOccurrence{o}
}

// upcoming returns the occurrences that have not ended at the build's now,
// soonest first.
func (r *Renderer) upcoming() []EventOccurrence {
	var out []EventOccurrence
	today := content.DateOf(r.now)
	for _, e := range r.site.Events {
		for _, o := range r.occurrences(e) {
			if o.AllDay {
				last := content.DateOf(o.Start)
				if !o.End.IsZero() {
					last = content.DateOf(o.End)
				}
				if !last.Before(today) {
					out = append(out, o)
				}
				continue
			}
			end := o.End
			if end.IsZero() {
				end = o.Start
			}
			if !end.Before(r.now) {
				out = append(out, o)
			}
		}
	}
	return out
}
