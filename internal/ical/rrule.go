package ical

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// recurrence is an RRULE value split into its parts, names upper-cased,
// FREQ first and the rest in the order the editor wrote them.
type recurrence struct {
	parts []rulePart
	count int    // 0 when the rule has no COUNT
	until string // the UNTIL value as written, "" when absent
}

type rulePart struct{ name, value string }

// ValidateRRule reports whether s is a recurrence rule this package can
// publish: an RFC 5545 RRULE value (without the "RRULE:" name) with a
// daily, weekly, monthly or yearly frequency. The error is in Spanish,
// ready to show to the editor who wrote the rule.
//
// Sub-daily frequencies and BYHOUR, BYMINUTE, BYSECOND are refused: the
// time of each occurrence is the event's start time, and Google Calendar
// and Outlook ignore or reject those parts anyway.
func ValidateRRule(s string) error {
	_, err := parseRRule(s)
	return err
}

// maxCount bounds COUNT so that expanding a rule (needed to know which
// time zone changes its occurrences touch) stays cheap; it is also as far
// as common validators expand a rule.
const maxCount = 1000

var (
	errRRuleEmpty  = errors.New("la regla de recurrencia está vacía")
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

func parseRRule(s string) (recurrence, error) {
	var rec recurrence
	s = strings.TrimPrefix(strings.TrimSpace(s), "RRULE:")
	if s == "" {
		return rec, errRRuleEmpty
	}
	seen := map[string]bool{}
	var freq string
	for field := range strings.SplitSeq(s, ";") {
		name, value, ok := strings.Cut(field, "=")
		name, value = strings.ToUpper(strings.TrimSpace(name)), strings.ToUpper(strings.TrimSpace(value))
		if !ok || name == "" || value == "" {
			return rec, fmt.Errorf("regla de recurrencia inválida: %q no tiene la forma NOMBRE=VALOR", field)
		}
		if seen[name] {
			return rec, fmt.Errorf("regla de recurrencia inválida: %s aparece más de una vez", name)
		}
		seen[name] = true
		if err := checkRulePart(name, value, &rec); err != nil {
			return rec, fmt.Errorf("regla de recurrencia inválida: %w", err)
		}
		if name == "FREQ" {
			freq = value
			continue
		}
		rec.parts = append(rec.parts, rulePart{name, value})
	}
	if freq == "" {
		return rec, errors.New("regla de recurrencia inválida: falta FREQ (DAILY, WEEKLY, MONTHLY o YEARLY)")
	}
	if rec.count > 0 && rec.until != "" {
		return rec, errors.New("regla de recurrencia inválida: use COUNT o UNTIL, no ambos")
	}
	rec.parts = append([]rulePart{{"FREQ", freq}}, rec.parts...)
	// The expansion library must accept what we accept: coverage of the
	// time zone data depends on expanding COUNT rules.
	opt, err := rrule.StrToROption(rec.String())
	if err == nil {
		_, err = rrule.NewRRule(*opt)
	}
	if err != nil {
		return rec, fmt.Errorf("regla de recurrencia inválida: %v", err)
	}
	return rec, nil
}

func checkRulePart(name, value string, rec *recurrence) error {
	switch name {
	case "FREQ":
		switch value {
		case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
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
		if name == "COUNT" {
			if n > maxCount {
				return fmt.Errorf("COUNT=%d supera el máximo de %d repeticiones; use UNTIL o divida el evento", n, maxCount)
			}
			rec.count = n
		}
		return nil
	case "UNTIL":
		if !untilPattern.MatchString(value) {
			return fmt.Errorf("UNTIL debe ser una fecha AAAAMMDD o AAAAMMDDTHHMMSS, no %q", value)
		}
		layout := "20060102T150405"[:len(strings.TrimSuffix(value, "Z"))]
		if _, err := time.Parse(layout, strings.TrimSuffix(value, "Z")); err != nil {
			return fmt.Errorf("UNTIL=%s no es una fecha válida", value)
		}
		rec.until = value
		return nil
	case "BYDAY":
		for day := range strings.SplitSeq(value, ",") {
			if !weekdayPattern.MatchString(day) {
				return fmt.Errorf("BYDAY contiene %q; use MO, TU, WE, TH, FR, SA o SU, con un número opcional (p. ej. 1MO, -1FR)", day)
			}
		}
		return nil
	case "WKST":
		if !weekdayPattern.MatchString(value) || len(value) != 2 {
			return fmt.Errorf("WKST debe ser MO, TU, WE, TH, FR, SA o SU, no %q", value)
		}
		return nil
	case "BYHOUR", "BYMINUTE", "BYSECOND":
		return fmt.Errorf("%s no se admite: la hora de cada repetición es la hora de inicio del evento", name)
	}
	limits, ok := intRange[name]
	if !ok {
		return fmt.Errorf("parte desconocida %q", name)
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

// String renders the rule as an RRULE value.
func (rec recurrence) String() string {
	fields := make([]string, len(rec.parts))
	for i, p := range rec.parts {
		fields[i] = p.name + "=" + p.value
	}
	return strings.Join(fields, ";")
}

// forStart returns the rule with UNTIL rewritten in the value type RFC
// 5545 §3.3.10 requires for the event's DTSTART: a DATE for all-day
// events, a UTC date-time for timed ones. Editors write UNTIL as a date
// or a local date-time; a date means "through the end of that day".
func (rec recurrence) forStart(allDay bool, loc *time.Location) recurrence {
	if rec.until == "" {
		return rec
	}
	until := rec.untilTime(loc)
	value := until.In(loc).Format("20060102")
	if !allDay {
		value = until.UTC().Format("20060102T150405Z")
	}
	out := recurrence{count: rec.count, until: value, parts: make([]rulePart, len(rec.parts))}
	for i, p := range rec.parts {
		if p.name == "UNTIL" {
			p.value = value
		}
		out.parts[i] = p
	}
	return out
}

// untilTime interprets UNTIL: a UTC date-time as written, a floating
// date-time in loc, a date as the last second of that day in loc.
func (rec recurrence) untilTime(loc *time.Location) time.Time {
	v := rec.until
	switch len(v) {
	case len("20060102"):
		t, _ := time.ParseInLocation("20060102", v, loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, loc)
	case len("20060102T150405"):
		t, _ := time.ParseInLocation("20060102T150405", v, loc)
		return t
	}
	t, _ := time.Parse("20060102T150405Z", v)
	return t
}

// lastStart returns the start of the rule's last occurrence for an event
// starting at start, or false for a rule without COUNT or UNTIL.
// Occurrences keep the wall-clock time of start in start's location, as
// RFC 5545 requires for DTSTART with a TZID.
func (rec recurrence) lastStart(start time.Time) (time.Time, bool) {
	if rec.until != "" {
		return rec.untilTime(start.Location()), true
	}
	if rec.count == 0 {
		return time.Time{}, false
	}
	all := rec.expand(start)
	if len(all) == 0 {
		return start, true
	}
	return all[len(all)-1], true
}

// expand lists the occurrences of a bounded rule for an event starting
// at start.
func (rec recurrence) expand(start time.Time) []time.Time {
	opt, err := rrule.StrToROptionInLocation(rec.forStart(false, start.Location()).String(), start.Location())
	if err != nil {
		return nil // parseRRule has already run the same parser
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil
	}
	return r.All()
}
