// Package recurrence is the one definition of an event's repetition: the
// RFC 5545 rules Cabildo accepts (ParseRRule, with Spanish errors for
// editors), their expansion into dates (Rule.Times, Rule.Dates) and their
// description in Spanish (Rule.Describe). Package content validates with
// it, package render lists dates with it, package ical publishes it: a
// rule accepted here is one every part of the program, and every calendar
// client the feeds are written for, reads alike. It depends on nothing of
// Cabildo's but the Spanish words (package spanish).
package recurrence

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MaxCount bounds COUNT. Expanding a rule (to list its dates, or to know
// which summer-time changes its occurrences cross) stays cheap, and it is
// as far as common validators expand a rule.
const MaxCount = 1000

// maxInterval bounds INTERVAL: no public calendar repeats less often than
// every thousand days, weeks, months or years, and a bound keeps date
// arithmetic far from overflow.
const maxInterval = 1000

// Rule is a parsed RFC 5545 recurrence rule (RRULE value), restricted to
// what the feeds publish: a DAILY, WEEKLY, MONTHLY or YEARLY frequency,
// with each occurrence at the event's own start time.
type Rule struct {
	Freq     string // DAILY, WEEKLY, MONTHLY or YEARLY
	Interval int    // 1 when the rule does not say
	Count    int    // 0 when the rule has no COUNT
	// Until is UNTIL as written (upper case): a date (20270520), a local
	// date-time (20270520T120000, wall time in the site's zone) or a UTC
	// date-time (20270520T160000Z); "" when absent. See UntilTime.
	Until string
	// Parts are all the parts, FREQ first and the rest in the order the
	// editor wrote them, with names and values in upper case.
	Parts []RulePart
}

// RulePart is one NAME=VALUE part of a rule.
type RulePart struct{ Name, Value string }

var (
	weekdayPattern = regexp.MustCompile(`^([+-]?([1-9]|[1-4][0-9]|5[0-3]))?(MO|TU|WE|TH|FR|SA|SU)$`)
	untilPattern   = regexp.MustCompile(`^[0-9]{8}(T[0-9]{6}Z?)?$`)
)

// intRange lists the by-number parts with their allowed magnitudes
// (RFC 5545 §3.3.10); signed ones also accept negative values.
var intRange = map[string]struct {
	max    int
	signed bool
}{
	"BYMONTHDAY": {31, true},
	"BYYEARDAY":  {366, true},
	"BYWEEKNO":   {53, true},
	"BYMONTH":    {12, false},
	"BYSETPOS":   {366, true},
}

// ParseRRule parses a rule as editors write it in `recurrence`
// ("FREQ=WEEKLY;COUNT=6", any case, an optional "RRULE:" and spaces
// allowed). The error is in Spanish, ready for the editor.
//
// Sub-daily frequencies and BYHOUR, BYMINUTE and BYSECOND are refused:
// the time of each occurrence is the event's start time, and Google
// Calendar and Outlook ignore or reject those parts anyway. COUNT may not
// exceed MaxCount, and COUNT and UNTIL may not be combined (RFC 5545).
func ParseRRule(s string) (*Rule, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	s = strings.TrimPrefix(s, "RRULE:")
	if s == "" {
		return nil, errors.New("la regla de repetición está vacía: escriba una regla como FREQ=WEEKLY;COUNT=6")
	}
	r := &Rule{Interval: 1}
	seen := map[string]bool{}
	for field := range strings.SplitSeq(s, ";") {
		name, value, ok := strings.Cut(field, "=")
		if !ok || name == "" || value == "" {
			return nil, fmt.Errorf("repetición no válida: %q no tiene la forma NOMBRE=VALOR (por ejemplo FREQ=WEEKLY;COUNT=6)", field)
		}
		if name == "UNTIL" {
			value = basicUntil(value)
		}
		if seen[name] {
			return nil, fmt.Errorf("repetición no válida: %s aparece más de una vez", name)
		}
		seen[name] = true
		if err := r.setPart(name, value); err != nil {
			return nil, fmt.Errorf("repetición no válida: %w", err)
		}
		if name != "FREQ" {
			r.Parts = append(r.Parts, RulePart{name, value})
		}
	}
	if r.Freq == "" {
		return nil, fmt.Errorf("repetición no válida %q: falta FREQ (DAILY, WEEKLY, MONTHLY o YEARLY)", s)
	}
	if r.Count > 0 && r.Until != "" {
		return nil, fmt.Errorf("repetición no válida %q: use COUNT o UNTIL, no ambos", s)
	}
	r.Parts = append([]RulePart{{"FREQ", r.Freq}}, r.Parts...)
	// The expansion library must accept what we accept, or the pages and
	// the feeds' time zone data would not follow the rule.
	if _, err := r.option(time.UTC); err != nil {
		return nil, fmt.Errorf("repetición no válida: %v", err)
	}
	return r, nil
}

// ValidateRRule checks a rule with ParseRRule and returns it in canonical
// form: upper case, no spaces, FREQ first.
func ValidateRRule(s string) (string, error) {
	r, err := ParseRRule(s)
	if err != nil {
		return "", err
	}
	return r.String(), nil
}

func (r *Rule) setPart(name, value string) error {
	switch name {
	case "FREQ":
		switch value {
		case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
			r.Freq = value
			return nil
		case "SECONDLY", "MINUTELY", "HOURLY":
			return fmt.Errorf("FREQ=%s no se admite; use DAILY, WEEKLY, MONTHLY o YEARLY", value)
		}
		return fmt.Errorf("FREQ=%s no existe; use DAILY, WEEKLY, MONTHLY o YEARLY", value)
	case "COUNT", "INTERVAL":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return fmt.Errorf("%s debe ser un número entero mayor que cero, no %q", name, value)
		}
		if name == "INTERVAL" {
			if n > maxInterval {
				return fmt.Errorf("INTERVAL=%d es demasiado grande (máximo %d)", n, maxInterval)
			}
			r.Interval = n
			return nil
		}
		if n > MaxCount {
			return fmt.Errorf("COUNT=%d supera el máximo de %d repeticiones; use UNTIL o divida el evento", n, MaxCount)
		}
		r.Count = n
		return nil
	case "UNTIL":
		if !untilPattern.MatchString(value) {
			return fmt.Errorf("UNTIL debe ser una fecha como 2027-06-30 (o 20270630), o fecha y hora como 2027-06-30T18:00, no %q", value)
		}
		plain := strings.TrimSuffix(value, "Z")
		if _, err := time.Parse("20060102T150405"[:len(plain)], plain); err != nil {
			return fmt.Errorf("UNTIL=%s no es una fecha válida", value)
		}
		r.Until = value
		return nil
	case "BYDAY":
		for day := range strings.SplitSeq(value, ",") {
			if !weekdayPattern.MatchString(day) {
				return fmt.Errorf("BYDAY contiene %q; use MO, TU, WE, TH, FR, SA o SU, con un número opcional (p. ej. 1MO, -1FR)", day)
			}
		}
		return nil
	case "WKST":
		if len(value) != 2 || !weekdayPattern.MatchString(value) {
			return fmt.Errorf("WKST debe ser MO, TU, WE, TH, FR, SA o SU, no %q", value)
		}
		return nil
	case "BYHOUR", "BYMINUTE", "BYSECOND":
		return fmt.Errorf("%s no se admite: la hora de cada repetición es la hora de inicio del evento", name)
	}
	limits, ok := intRange[name]
	if !ok {
		return fmt.Errorf("parte desconocida %q: una regla de repetición admite FREQ, COUNT, UNTIL, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, BYYEARDAY, BYWEEKNO y WKST", name)
	}
	for item := range strings.SplitSeq(value, ",") {
		n, err := strconv.Atoi(item)
		if err == nil && n < 0 && limits.signed {
			n = -n
		}
		if err != nil || n < 1 || n > limits.max || (!limits.signed && strings.HasPrefix(item, "-")) {
			return fmt.Errorf("%s contiene %q, fuera del rango permitido", name, item)
		}
	}
	return nil
}

// isoUntil is UNTIL written as the rest of the site writes dates:
// 2027-06-30, 2027-06-30T18:00, 2027-06-30T18:00:00 (Z for UTC).
var isoUntil = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})(T([0-9]{2}):([0-9]{2})(:([0-9]{2}))?(Z?))?$`)

// basicUntil rewrites an ISO UNTIL in the basic form iCalendar requires
// (20270630, 20270630T180000); any other value is returned as is.
func basicUntil(v string) string {
	m := isoUntil.FindStringSubmatch(v)
	if m == nil {
		return v
	}
	out := m[1] + m[2] + m[3]
	if m[4] != "" {
		sec := m[8]
		if sec == "" {
			sec = "00"
		}
		out += "T" + m[5] + m[6] + sec + m[9]
	}
	return out
}

// String renders the rule as an RRULE value.
func (r *Rule) String() string {
	fields := make([]string, len(r.Parts))
	for i, p := range r.Parts {
		fields[i] = p.Name + "=" + p.Value
	}
	return strings.Join(fields, ";")
}

// Part returns the value of a part, or "".
func (r *Rule) Part(name string) string {
	for _, p := range r.Parts {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// UntilTime interprets UNTIL in loc, the site's zone: a date is the last
// second of that day ("until the 20th" includes the 20th), a local
// date-time is wall time in loc, a UTC date-time is that instant. ok is
// false when the rule has no UNTIL.
func (r *Rule) UntilTime(loc *time.Location) (t time.Time, ok bool) {
	switch v := r.Until; len(v) {
	case 0:
		return time.Time{}, false
	case len("20060102"):
		d, _ := time.ParseInLocation("20060102", v, loc)
		return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, loc), true
	case len("20060102T150405"):
		t, _ = time.ParseInLocation("20060102T150405", v, loc)
		return t, true
	}
	t, _ = time.Parse("20060102T150405Z", r.Until)
	return t, true
}

// option is the rule for the expansion library, without DTSTART and with
// UNTIL left out: the library would read a date as midnight, excluding
// that day's occurrences, so callers set it from UntilTime.
func (r *Rule) option(loc *time.Location) (*rrule.ROption, error) {
	var fields []string
	for _, p := range r.Parts {
		if p.Name != "UNTIL" {
			fields = append(fields, p.Name+"="+p.Value)
		}
	}
	opt, err := rrule.StrToROptionInLocation(strings.Join(fields, ";"), loc)
	if err != nil {
		return nil, err
	}
	if _, err := rrule.NewRRule(*opt); err != nil {
		return nil, err
	}
	return opt, nil
}

// maxExpand bounds any one expansion, whatever the limit asked for: a
// DAILY rule without end listed for a century must not stall a build.
const maxExpand = 5000

// Times returns the starts of the occurrences of a timed event whose first
// occurrence starts at dtstart, from the first through limit (inclusive),
// in dtstart's location. Occurrences keep dtstart's wall-clock time, as
// RFC 5545 requires for a DTSTART with a TZID: 10:00 every Thursday is
// 10:00 before and after the April and September changes. A wall time
// skipped by a change moves forward by the gap, as RFC 5545 §3.3.5 says.
//
// dtstart itself is listed only if it matches the rule; validation
// requires that it does, since clients disagree otherwise.
func (r *Rule) Times(dtstart, limit time.Time) []time.Time {
	loc := dtstart.Location()
	// Expand in floating wall time (UTC standing in for it), then place
	// each occurrence in loc. rrule-go expands in loc from each day's
	// midnight, and on the Sunday Chile's clocks go forward midnight does
	// not exist: it silently drops that day, so a weekly series starting
	// then lost its first date.
	wall := func(t time.Time) time.Time {
		t = t.In(loc)
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	opt, err := r.option(time.UTC)
	if err != nil {
		return nil // ParseRRule has run the same parser
	}
	opt.Dtstart = wall(dtstart)
	if until, ok := r.UntilTime(loc); ok {
		opt.Until = wall(until)
	}
	rr, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil
	}
	var out []time.Time
	next := rr.Iterator()
	for len(out) < maxExpand {
		w, ok := next()
		if !ok {
			break
		}
		t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
		if t.After(limit) {
			break
		}
		out = append(out, t)
	}
	return out
}

// Dates returns the first days of the occurrences of an all-day event
// whose first occurrence is the day start, from the first through the day
// limit. Days are civil dates written as midnight UTC (time.Date(y, m, d,
// 0, 0, 0, 0, time.UTC)), in and out. UNTIL is read in loc, the site's
// zone, then only its day counts. Days are expanded in UTC, where every
// midnight exists: in Chile's zones the summer-time change happens at
// midnight.
func (r *Rule) Dates(start time.Time, loc *time.Location, limit time.Time) []time.Time {
	opt, err := r.option(time.UTC)
	if err != nil {
		return nil
	}
	opt.Dtstart = day(start)
	if until, ok := r.UntilTime(loc); ok {
		opt.Until = day(until.In(loc))
	}
	rr, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil
	}
	end := day(limit)
	var out []time.Time
	next := rr.Iterator()
	for len(out) < maxExpand {
		t, ok := next()
		if !ok || t.After(end) {
			break
		}
		out = append(out, day(t))
	}
	return out
}

// day is the civil date of t in t's location, as midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Bounded reports whether the rule ends by itself (COUNT or UNTIL).
func (r *Rule) Bounded() bool { return r.Count > 0 || r.Until != "" }
