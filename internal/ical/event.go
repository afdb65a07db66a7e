package ical

import (
	"fmt"
	"strings"
	"time"
)

// Calendar describes one feed.
type Calendar struct {
	Name        string // NAME and X-WR-CALNAME; required
	Description string // DESCRIPTION and X-WR-CALDESC
	URL         string // absolute URL of the calendar's HTML page; required
	Source      string // absolute URL of the .ics itself (SOURCE); required
	ProdID      string // PRODID; DefaultProdID when empty

	// Location is the site's time zone, loaded with time.LoadLocation
	// (never time.Local): timed events are written in its wall time.
	Location *time.Location

	// Refresh is how often clients should re-fetch the feed
	// (REFRESH-INTERVAL and X-PUBLISHED-TTL); DefaultRefresh when zero.
	Refresh time.Duration

	// Contact is the ORGANIZER of events whose own organizer has no
	// e-mail address: RFC 5546 requires an ORGANIZER in a PUBLISH feed,
	// and a reply to the municipality's contact address reaches someone.
	Contact Organizer
}

// DefaultProdID identifies Cabildo as the feed's producer.
const DefaultProdID = "-//Cabildo//Cabildo//ES"

// DefaultRefresh is the re-fetch interval suggested to clients when
// Calendar.Refresh is zero.
const DefaultRefresh = 6 * time.Hour

// Organizer is who answers for an event.
type Organizer struct {
	Name  string // CN; may be empty
	Email string // without "mailto:"
}

// Geo is a WGS 84 position in decimal degrees.
type Geo struct{ Lat, Lon float64 }

// Status is an event's editorial status.
type Status int

const (
	Confirmed Status = iota
	Tentative
	Cancelled
	// Postponed events are published as STATUS:CANCELLED with the
	// summary prefixed "POSTERGADO: ". The event will not take place at
	// the published time; TENTATIVE would tell clients it still might,
	// and people would turn up. When the new date is known, the editor
	// moves the event, sets it back to confirmed and bumps its sequence,
	// and clients update the same UID.
	Postponed
	// Rescheduled events take place on a new date: STATUS:CONFIRMED,
	// and the new DTSTART with a higher SEQUENCE is the update clients
	// apply to the same UID.
	Rescheduled
)

var statusNames = [...]string{"confirmed", "tentative", "cancelled", "postponed", "rescheduled"}

// String returns the status as content files spell it.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// ParseStatus reads a content file's status; "" means confirmed. The
// error is in Spanish, for the editor.
func ParseStatus(s string) (Status, error) {
	if s == "" {
		return Confirmed, nil
	}
	for i, name := range statusNames {
		if strings.EqualFold(s, name) {
			return Status(i), nil
		}
	}
	return 0, fmt.Errorf("estado %q desconocido: use confirmed, tentative, cancelled, postponed o rescheduled", s)
}

// icalStatus is the STATUS value and the summary prefix of s. Cancelled
// and postponed events keep a prefix because some clients hide
// STATUS:CANCELLED and others show it as if nothing happened.
func (s Status) icalStatus() (status, prefix string) {
	switch s {
	case Tentative:
		return "TENTATIVE", ""
	case Cancelled:
		return "CANCELLED", "CANCELADO: "
	case Postponed:
		return "CANCELLED", "POSTERGADO: "
	}
	return "CONFIRMED", ""
}

// Date is a calendar day with no time zone, for all-day events.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// in returns midnight starting d in loc; it also normalises out-of-range
// days, so d.in(loc).AddDate(0, 0, 1) is the next day.
func (d Date) in(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Event is one entry of a feed.
type Event struct {
	UID      string // permanent: clients match updates by it
	Sequence int    // raised by every declared change of date, time, place, status or repetition
	Status   Status

	Summary string
	// Description is plain text; the event page URL is appended on its
	// own line, so every client offers a way to the full page.
	Description string

	// Timed events: Start and End are instants, written as wall time in
	// the calendar's Location. A zero End, or one equal to Start, leaves
	// DTEND out (the event is a point in time).
	Start, End time.Time

	// All-day events: AllDay set, StartDate and EndDate as editors write
	// them, EndDate inclusive (zero for a single day).
	AllDay             bool
	StartDate, EndDate Date

	Location   string
	Geo        *Geo
	URL        string // absolute URL of the event page
	Categories []string
	Organizer  Organizer // Calendar.Contact fills in a missing e-mail

	RRule string // RFC 5545 RRULE value, as recurrence.ParseRRule accepts it

	// Cancelled are days of the series that do not take place (EXDATE).
	// A timed event's occurrence on a day starts at DTSTART's wall time
	// in the calendar's Location, which is what EXDATE names.
	Cancelled []Date
	// Moved are occurrences that take place at another time: each is a
	// VEVENT of its own with the same UID and a RECURRENCE-ID.
	Moved []Moved

	// Modified is when the event's content last changed (its `updated`
	// or its file's date). It is DTSTAMP and LAST-MODIFIED: never the
	// build time, or every rebuild would look like an update to clients.
	Modified time.Time
}

// Moved is one occurrence of a series moved to another time.
type Moved struct {
	Date Date // the day of the series it replaces (RECURRENCE-ID)
	// The new time, as in Event: Start and End for timed events,
	// StartDate and EndDate (inclusive) for all-day ones.
	Start, End         time.Time
	StartDate, EndDate Date
}

// sortKey is the instant the event starts, for ordering the feed.
func (e *Event) sortKey(loc *time.Location) time.Time {
	if e.AllDay {
		return e.StartDate.in(loc)
	}
	return e.Start
}
