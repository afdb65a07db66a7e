// Package ical writes the site's iCalendar feeds (RFC 5545, with the
// calendar properties of RFC 7986 and the METHOD:PUBLISH rules of RFC
// 5546) so that Google Calendar, Apple Calendar, Outlook and Thunderbird
// show every event at the right local hour, including across Chile's
// summer-time changes.
//
// The package knows nothing of the site's content model: the renderer
// maps each event into an Event and calls Write once per feed.
//
//	loc, _ := time.LoadLocation("America/Santiago")
//	err := ical.Write(w, ical.Calendar{
//		Name:     "Agenda municipal",
//		URL:      "https://example.cl/eventos/",
//		Source:   "https://example.cl/eventos.ics",
//		Location: loc,
//		Contact:  ical.Organizer{Name: "Municipalidad", Email: "contacto@example.cl"},
//	}, events)
//
// Serve the result as "text/calendar; charset=utf-8".
//
// # What a feed contains
//
// The calendar carries VERSION, PRODID, CALSCALE, METHOD:PUBLISH, NAME
// and X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC, X-WR-TIMEZONE,
// REFRESH-INTERVAL and X-PUBLISHED-TTL, SOURCE and URL. Each event
// carries UID, DTSTAMP and LAST-MODIFIED (both Event.Modified, in UTC),
// SEQUENCE, STATUS, SUMMARY, DTSTART and DTEND, and when given RRULE,
// DESCRIPTION (ending with the event page URL), LOCATION, GEO, URL,
// CATEGORIES and ORGANIZER.
//
// Cancelled and postponed events stay in the feed with STATUS:CANCELLED,
// TRANSP:TRANSPARENT and a summary prefixed "CANCELADO: " or
// "POSTERGADO: ", because some clients drop cancelled events silently
// and others show them unchanged. See Postponed for why it is not
// TENTATIVE.
//
// # Time
//
// Timed events are written as wall time with a TZID naming the
// calendar's zone (DTSTART;TZID=America/Santiago:20261205T100000), so a
// weekly 10:00 event stays at 10:00 after the April and September
// changes. The feed embeds a VTIMEZONE generated from Go's zone data
// (time/tzdata is linked in, so no system zoneinfo is needed), with one
// STANDARD or DAYLIGHT sub-component per offset change and no RRULEs:
// Chile changed its rules too often for rule-based zones to be read alike
// everywhere. It covers every change from the earliest event to the end
// of the last occurrence: the last COUNT occurrence, the UNTIL date, or
// for a rule with neither, two years past the later of the event's start
// and the newest Modified in the feed. A zone without summer time, such
// as America/Punta_Arenas since 2016, gets a single STANDARD.
//
// All-day events are DATE values with an exclusive DTEND: the day after
// Event.EndDate, which editors write inclusive.
//
// # Text
//
// Text is cleaned before golang-ical escapes it: CR and control
// characters are removed, invalid UTF-8 becomes U+FFFD, and single-line
// fields lose their line breaks. Lines end in CRLF and are folded at 75
// octets, never inside a UTF-8 character. ORGANIZER's CN is always
// DQUOTE-quoted, with any DQUOTE removed, as RFC 5545 has no escape for
// it.
//
// # Reproducibility
//
// Write reads no clock and iterates no map: the same input gives the
// same bytes, so an unchanged feed is not re-downloaded as changed and
// the generated files can be diffed.
//
// # Recurrence rules
//
// The rule grammar and the expansion of occurrences belong to
// recurrence.ParseRRule and recurrence.Rule, the validator editors see: Write
// refuses exactly the rules content validation refuses, with the same
// Spanish message, and the site's pages list the same dates clients
// compute. Write rewrites UNTIL into the form RFC 5545 requires for the
// event's DTSTART (a DATE for all-day events, UTC for timed ones); an
// UNTIL date alone means through the end of that day.
package ical
