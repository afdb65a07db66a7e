package ical

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

const (
	localDateTime = "20060102T150405"
	utcDateTime   = "20060102T150405Z"
	dateOnly      = "20060102"
)

// horizonYears is how far the VTIMEZONE reaches for a recurrence with
// neither COUNT nor UNTIL: two years past the later of the event's start
// and the newest Modified in the feed. Both come from content, so the
// output stays reproducible, and each content change extends the reach.
const horizonYears = 2

// emptyFeedInstant is where the VTIMEZONE of a feed with no events
// looks. RFC 5545 requires at least one component per calendar, and any
// period of the zone makes a valid one; a fixed instant keeps the bytes
// reproducible.
var emptyFeedInstant = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// Write writes cal with events as an iCalendar stream (RFC 5545, with the
// RFC 7986 calendar properties) to w. The same input always gives the
// same bytes: events are ordered by start, then UID, and no clock is read.
//
// Write refuses, with an error naming the event, a feed that some client
// would misread: a missing UID, summary or Modified, a duplicate UID, an
// end before the start, an invalid RRULE, no organizer e-mail at all.
func Write(w io.Writer, cal Calendar, events []Event) error {
	head, err := cal.properties()
	if err != nil {
		return err
	}
	loc := cal.Location

	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b Event) int {
		return cmp.Or(a.sortKey(loc).Compare(b.sortKey(loc)), strings.Compare(a.UID, b.UID))
	})
	var newest time.Time
	for _, e := range sorted {
		if e.Modified.After(newest) {
			newest = e.Modified
		}
	}

	out := head
	var span timeSpan
	seen := map[string]bool{}
	vevents := make([]*ics.VEvent, 0, len(sorted))
	for i := range sorted {
		e := &sorted[i]
		v, from, to, err := e.vevent(cal, newest)
		if err != nil {
			return fmt.Errorf("ical: event %q: %w", e.UID, err)
		}
		if uid := v.Id(); seen[uid] {
			return fmt.Errorf("ical: event %q: duplicate UID", e.UID)
		} else {
			seen[uid] = true
		}
		span.add(from, to)
		vevents = append(vevents, v)
		for _, m := range e.Moved {
			o, from, to, err := e.movedVEvent(cal, newest, m)
			if err != nil {
				return fmt.Errorf("ical: event %q, moved %v: %w", e.UID, m.Date, err)
			}
			span.add(from, to)
			vevents = append(vevents, o)
		}
	}
	if span.from.IsZero() {
		span.add(emptyFeedInstant, emptyFeedInstant)
	}
	out.AddVTimezone(newVTimezone(loc, span.from, span.to))
	for _, v := range vevents {
		out.AddVEvent(v)
	}

	var b strings.Builder
	// golang-ical's own folding is replaced by writeFolded.
	if err := out.SerializeTo(&b, ics.WithNewLineWindows, ics.WithLineLength(math.MaxInt)); err != nil {
		return fmt.Errorf("ical: %w", err)
	}
	return writeFolded(w, b.String())
}

// timeSpan is the smallest interval holding every instant added.
type timeSpan struct{ from, to time.Time }

func (s *timeSpan) add(from, to time.Time) {
	if s.from.IsZero() || from.Before(s.from) {
		s.from = from
	}
	if to.After(s.to) {
		s.to = to
	}
}

// properties checks cal and returns a calendar holding its properties.
func (cal Calendar) properties() (*ics.Calendar, error) {
	if cal.Location == nil || cal.Location == time.Local || cal.Location.String() == "Local" {
		return nil, errors.New("ical: Calendar.Location must be a named zone from time.LoadLocation")
	}
	name := cleanLine(cal.Name)
	if name == "" {
		return nil, errors.New("ical: Calendar.Name is empty")
	}
	page, err := cleanURI(cal.URL)
	if err != nil {
		return nil, fmt.Errorf("ical: Calendar.URL: %w", err)
	}
	source, err := cleanURI(cal.Source)
	if err != nil {
		return nil, fmt.Errorf("ical: Calendar.Source: %w", err)
	}
	refresh := cmp.Or(cal.Refresh, DefaultRefresh)
	if refresh < time.Second {
		return nil, fmt.Errorf("ical: Calendar.Refresh %v is not a positive number of seconds", cal.Refresh)
	}

	out, err := ics.NewCalendarWithOptions(
		ics.WithVersion("2.0"),
		ics.WithProductId(cmp.Or(cleanLine(cal.ProdID), DefaultProdID)),
	)
	if err != nil {
		return nil, fmt.Errorf("ical: %w", err)
	}
	out.SetCalscale("GREGORIAN")
	out.SetMethod(ics.MethodPublish)
	out.SetName(name) // NAME and X-WR-CALNAME
	if desc := strings.TrimSpace(cleanText(cal.Description)); desc != "" {
		out.SetDescription(desc)
		out.SetXWRCalDesc(desc)
	}
	out.SetXWRTimezone(cal.Location.String())
	out.SetRefreshInterval(icalDuration(refresh)) // golang-ical adds ;VALUE=DURATION
	out.SetXPublishedTTL(icalDuration(refresh))
	// golang-ical has no setter for the RFC 7986 SOURCE property.
	out.CalendarProperties = append(out.CalendarProperties, ics.CalendarProperty{BaseProperty: ics.BaseProperty{
		IANAToken:      string(ics.PropertySource),
		ICalParameters: map[string][]string{string(ics.ParameterValue): {string(ics.ValueDataTypeUri)}},
		Value:          source,
	}})
	out.SetUrl(page)
	return out, nil
}

// vevent converts e, returning also the interval whose zone offsets its
// occurrences depend on.
func (e *Event) vevent(cal Calendar, newest time.Time) (v *ics.VEvent, from, to time.Time, err error) {
	loc := cal.Location
	uid := cleanLine(e.UID)
	if uid == "" {
		return nil, from, to, errors.New("UID is empty")
	}
	if e.Modified.IsZero() {
		return nil, from, to, errors.New("Modified is zero: DTSTAMP must come from content, not the clock")
	}
	if e.Sequence < 0 {
		return nil, from, to, fmt.Errorf("negative Sequence %d", e.Sequence)
	}
	if e.Status < Confirmed || e.Status > Rescheduled {
		return nil, from, to, fmt.Errorf("unknown %v", e.Status)
	}
	status, prefix := e.Status.icalStatus()
	summary := cleanLine(e.Summary)
	if summary == "" {
		return nil, from, to, errors.New("Summary is empty")
	}
	if prefix != "" && !hasPrefixFold(summary, prefix) {
		summary = prefix + summary
	}
	var rec *publishedRule
	if e.RRule != "" {
		r, err := parseRRule(e.RRule)
		if err != nil {
			return nil, from, to, err
		}
		r = r.forStart(e.AllDay, loc)
		rec = &r
	}

	v = ics.NewEvent(uid)
	v.SetDtStampTime(e.Modified)
	v.SetModifiedAt(e.Modified)
	v.SetSequence(e.Sequence)
	v.SetStatus(ics.ObjectStatus(status))
	v.SetSummary(summary)

	if e.AllDay {
		from, to, err = e.setDates(v, loc)
	} else {
		from, to, err = e.setTimes(v, loc, rec != nil)
	}
	if err != nil {
		return nil, from, to, err
	}
	if rec == nil && (len(e.Cancelled) > 0 || len(e.Moved) > 0) {
		return nil, from, to, errors.New("Cancelled or Moved without RRule")
	}
	if rec != nil {
		v.AddRrule(rec.String())
		for _, d := range e.Cancelled {
			if err := e.setOccurrenceDay(v, ics.ComponentPropertyExdate, d, loc); err != nil {
				return nil, from, to, err
			}
		}
		last, bounded := rec.lastStart(from)
		if !bounded {
			last = laterOf(from, newest).AddDate(horizonYears, 0, 0)
		}
		to = laterOf(to, last.Add(to.Sub(from)))
	}

	desc := strings.TrimSpace(cleanText(e.Description))
	if e.URL != "" {
		page, err := cleanURI(e.URL)
		if err != nil {
			return nil, from, to, fmt.Errorf("URL: %w", err)
		}
		v.SetURL(page)
		desc = strings.TrimSpace(desc + "\n\n" + page)
	}
	if desc != "" {
		v.SetDescription(desc)
	}
	if place := cleanLine(e.Location); place != "" {
		v.SetLocation(place)
	}
	if e.Geo != nil {
		g := *e.Geo
		if !(g.Lat >= -90 && g.Lat <= 90 && g.Lon >= -180 && g.Lon <= 180) {
			return nil, from, to, fmt.Errorf("Geo %v,%v out of range", g.Lat, g.Lon)
		}
		v.SetGeo(strconv.FormatFloat(g.Lat, 'f', -1, 64), strconv.FormatFloat(g.Lon, 'f', -1, 64))
	}
	var cats []string
	for _, c := range e.Categories {
		if c = cleanLine(c); c != "" && !slices.Contains(cats, c) {
			cats = append(cats, c)
			// One property per category: golang-ical escapes the commas
			// of a list, and RFC 5545 allows CATEGORIES to repeat.
			v.AddCategory(c)
		}
	}
	if err := setOrganizer(v, e.Organizer, cal.Contact); err != nil {
		return nil, from, to, err
	}
	if e.Status == Cancelled || e.Status == Postponed {
		// Not busy: nobody has to keep the slot free any more.
		v.SetTimeTransparency(ics.TransparencyTransparent)
	}
	return v, from, to, nil
}

// setOccurrenceDay writes prop (EXDATE or RECURRENCE-ID) naming the
// occurrence of the series on day d: a DATE for all-day events, else
// DTSTART's wall time on that day with its TZID, the form RFC 5545
// §3.8.5.1 and §3.8.4.4 require (the value type of DTSTART).
func (e *Event) setOccurrenceDay(v *ics.VEvent, prop ics.ComponentProperty, d Date, loc *time.Location) error {
	if d.IsZero() || DateOf(d.in(time.UTC)) != d {
		return fmt.Errorf("invalid date %v", d)
	}
	if e.AllDay {
		v.AddProperty(prop, d.in(time.UTC).Format(dateOnly), ics.WithValue(string(ics.ValueDataTypeDate)))
		return nil
	}
	w := e.Start.In(loc)
	at := time.Date(d.Year, d.Month, d.Day, w.Hour(), w.Minute(), w.Second(), 0, loc)
	v.AddProperty(prop, at.Format(localDateTime), ics.WithTZID(loc.String()))
	return nil
}

// movedVEvent is the VEVENT of one moved occurrence: the event's own
// properties at the new time, without RRULE, with RECURRENCE-ID naming
// the occurrence it replaces (RFC 5545 §3.8.4.4).
func (e *Event) movedVEvent(cal Calendar, newest time.Time, m Moved) (v *ics.VEvent, from, to time.Time, err error) {
	o := *e
	o.RRule, o.Cancelled, o.Moved = "", nil, nil
	o.Start, o.End, o.StartDate, o.EndDate = m.Start, m.End, m.StartDate, m.EndDate
	v, from, to, err = o.vevent(cal, newest)
	if err != nil {
		return nil, from, to, err
	}
	// The recurring value type: a moved occurrence's times stay in
	// wall time with TZID, like the series it belongs to.
	if !e.AllDay {
		setZoned(v, ics.ComponentPropertyDtStart, m.Start, cal.Location, true)
		if m.End.After(m.Start) {
			setZoned(v, ics.ComponentPropertyDtEnd, m.End, cal.Location, true)
		}
	}
	if err := e.setOccurrenceDay(v, ics.ComponentPropertyRecurrenceId, m.Date, cal.Location); err != nil {
		return nil, from, to, err
	}
	return v, from, to, nil
}

// setTimes writes DTSTART and DTEND as wall time in loc with a TZID, so
// that recurrences keep their local hour across summer-time changes.
// golang-ical's SetStartAt would write UTC.
func (e *Event) setTimes(v *ics.VEvent, loc *time.Location, recurring bool) (from, to time.Time, err error) {
	if e.Start.IsZero() {
		return from, to, errors.New("Start is zero")
	}
	if !e.End.IsZero() && e.End.Before(e.Start) {
		return from, to, fmt.Errorf("End %v is before Start %v", e.End, e.Start)
	}
	setZoned(v, ics.ComponentPropertyDtStart, e.Start, loc, recurring)
	to = e.Start
	if e.End.After(e.Start) {
		setZoned(v, ics.ComponentPropertyDtEnd, e.End, loc, recurring)
		to = e.End
	}
	return e.Start, to, nil
}

// setZoned sets prop to t as wall time in loc with a TZID parameter.
// The hour repeated when clocks go back is ambiguous in wall time (RFC
// 5545 §3.3.5 reads it as the first pass), so a single event in the
// second pass is written in UTC instead; a recurring event keeps wall
// time, which is what repeats.
func setZoned(v *ics.VEvent, prop ics.ComponentProperty, t time.Time, loc *time.Location, recurring bool) {
	wall := t.In(loc)
	back := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc)
	if !recurring && !back.Equal(t.Truncate(time.Second)) {
		v.SetProperty(prop, t.UTC().Format(utcDateTime))
		return
	}
	v.SetProperty(prop, wall.Format(localDateTime), ics.WithTZID(loc.String()))
}

// setDates writes DTSTART and an exclusive DTEND as DATE values; the
// editor's EndDate is the last day, inclusive.
func (e *Event) setDates(v *ics.VEvent, loc *time.Location) (from, to time.Time, err error) {
	start, end := e.StartDate, cmp.Or(e.EndDate, e.StartDate)
	for _, d := range []Date{start, end} {
		if d.IsZero() || DateOf(d.in(time.UTC)) != d {
			return from, to, fmt.Errorf("invalid date %v", d)
		}
	}
	if end.in(time.UTC).Before(start.in(time.UTC)) {
		return from, to, fmt.Errorf("EndDate %v is before StartDate %v", end, start)
	}
	after := end.in(time.UTC).AddDate(0, 0, 1)
	v.SetProperty(ics.ComponentPropertyDtStart, start.in(time.UTC).Format(dateOnly), ics.WithValue(string(ics.ValueDataTypeDate)))
	v.SetProperty(ics.ComponentPropertyDtEnd, after.Format(dateOnly), ics.WithValue(string(ics.ValueDataTypeDate)))
	return start.in(loc), DateOf(after).in(loc), nil
}

// setOrganizer writes ORGANIZER, falling back to contact's address.
//
// golang-ical backslash-escapes parameter values, which RFC 5545 does not
// define (§3.2: values with `,` `;` `:` must be DQUOTE-quoted instead),
// and quotes only ALTREP. The property name is written verbatim, so the
// quoted CN parameter travels in it, as golang-ical itself does for
// REFRESH-INTERVAL;VALUE=DURATION.
func setOrganizer(v *ics.VEvent, org, contact Organizer) error {
	name, email := paramText(org.Name), cleanLine(org.Email)
	if email == "" {
		email = cleanLine(contact.Email)
		name = cmp.Or(name, paramText(contact.Name))
	}
	if email == "" {
		return errors.New("no Organizer.Email and no Calendar.Contact.Email: RFC 5546 PUBLISH requires an ORGANIZER")
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || strings.ContainsAny(email, `,;\"`) {
		return fmt.Errorf("organizer e-mail %q is not a plain address", email)
	}
	token := string(ics.ComponentPropertyOrganizer)
	if name != "" {
		token += ";" + string(ics.ParameterCn) + "=" + quoteParam(name)
	}
	v.Properties = append(v.Properties, ics.IANAProperty{BaseProperty: ics.BaseProperty{
		IANAToken:      token,
		ICalParameters: map[string][]string{},
		Value:          "mailto:" + email,
	}})
	return nil
}

// cleanURI checks that s is an absolute http(s) URL and returns it as
// an ASCII URI: control characters removed, spaces and non-ASCII bytes
// percent-encoded (the IRI-to-URI mapping of RFC 3987 §3.1).
func cleanURI(s string) (string, error) {
	var b strings.Builder
	for _, c := range []byte(cleanLine(s)) {
		if c == ' ' || c >= utf8.RuneSelf {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	s = b.String()
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	return s, nil
}

// icalDuration formats d (at least one second) as an RFC 5545 DURATION.
func icalDuration(d time.Duration) string {
	s := int64(d / time.Second)
	days, h, m, sec := s/86400, s/3600%24, s/60%60, s%60
	out := "P"
	if days > 0 {
		out += strconv.FormatInt(days, 10) + "D"
	}
	if h+m+sec > 0 {
		out += "T"
		for _, p := range []struct {
			n    int64
			unit string
		}{{h, "H"}, {m, "M"}, {sec, "S"}} {
			if p.n > 0 {
				out += strconv.FormatInt(p.n, 10) + p.unit
			}
		}
	}
	return out
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
