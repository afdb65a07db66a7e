package ical

import (
	"time"

	"cabildo/internal/recurrence"
)

// publishedRule is an event's RRULE as Write publishes it. The grammar, its
// Spanish errors and the expansion of occurrences are recurrence.ParseRRule's
// and recurrence.Rule's: the rule editors are told is valid is exactly the
// rule Write accepts, and the dates the site lists are the dates clients
// compute. This file adds only what publishing needs.
type publishedRule struct{ *recurrence.Rule }

// parseRRule parses an Event.RRule; Write refuses an event whose rule
// content validation would have refused.
func parseRRule(s string) (publishedRule, error) {
	r, err := recurrence.ParseRRule(s)
	if err != nil {
		return publishedRule{}, err
	}
	return publishedRule{r}, nil
}

// forStart returns the rule with UNTIL rewritten in the value type RFC
// 5545 §3.3.10 requires for the event's DTSTART: a DATE for all-day
// events, a UTC date-time for timed ones. Editors write UNTIL as a date
// or a local date-time; a date means "through the end of that day".
func (rec publishedRule) forStart(allDay bool, loc *time.Location) publishedRule {
	until, ok := rec.UntilTime(loc)
	if !ok {
		return rec
	}
	value := until.In(loc).Format(dateOnly)
	if !allDay {
		value = until.UTC().Format(utcDateTime)
	}
	out := *rec.Rule
	out.Until = value
	out.Parts = make([]recurrence.RulePart, len(rec.Parts))
	for i, p := range rec.Parts {
		if p.Name == "UNTIL" {
			p.Value = value
		}
		out.Parts[i] = p
	}
	return publishedRule{&out}
}

// untilTime interprets UNTIL in loc (see recurrence.Rule.UntilTime).
func (rec publishedRule) untilTime(loc *time.Location) time.Time {
	t, _ := rec.UntilTime(loc)
	return t
}

// endOfTime is a limit no COUNT rule reaches before it ends by itself.
var endOfTime = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)

// lastStart returns the start of the rule's last occurrence for an event
// starting at start, or false for a rule without COUNT or UNTIL. For
// UNTIL it is UNTIL itself, which is at least as late and cheaper than
// expanding.
func (rec publishedRule) lastStart(start time.Time) (time.Time, bool) {
	if rec.Until != "" {
		return rec.untilTime(start.Location()), true
	}
	if rec.Count == 0 {
		return time.Time{}, false
	}
	all := rec.Times(start, endOfTime)
	if len(all) == 0 {
		return start, true
	}
	return all[len(all)-1], true
}

// PublishedRRule returns a rule as Write publishes it for an event that
// is all-day or not: canonical, with UNTIL in the form RFC 5545 requires
// (a DATE, or a UTC date-time). Links that carry a rule elsewhere, such
// as Google Calendar's, use it so that they say what the feeds say.
func PublishedRRule(rule string, allDay bool, loc *time.Location) (string, error) {
	rec, err := parseRRule(rule)
	if err != nil {
		return "", err
	}
	return rec.forStart(allDay, loc).String(), nil
}
