package ical

import (
	"fmt"
	"time"
	_ "time/tzdata" // zone data for machines without /usr/share/zoneinfo

	ics "github.com/arran4/golang-ical"
)

// observance is one period of constant UTC offset and abbreviation in a
// zone: a STANDARD or DAYLIGHT sub-component of a VTIMEZONE.
type observance struct {
	onset      time.Time // instant the period begins; zero if it begins with the zone's data
	offsetFrom int       // seconds east of UTC before onset
	offsetTo   int       // seconds east of UTC from onset on
	name       string    // abbreviation, e.g. "-03"
	daylight   bool
}

// observances lists the periods of loc that overlap [from, to], in order.
//
// Go has no API listing a zone's transitions, but Time.ZoneBounds gives
// the period around any instant, from the compiled table and, past its
// end, from the zone's TZ rule string; hopping from one period's end to
// the next visits every transition exactly once.
func observances(loc *time.Location, from, to time.Time) []observance {
	var out []observance
	t := from.In(loc)
	for {
		name, offset := t.Zone()
		onset, end := t.ZoneBounds()
		obs := observance{onset: onset, offsetFrom: offset, offsetTo: offset, name: name, daylight: t.IsDST()}
		if !onset.IsZero() {
			_, obs.offsetFrom = onset.Add(-time.Second).In(loc).Zone()
		}
		// tzdata records changes that keep the offset and abbreviation
		// (e.g. a rule renamed); they change nothing a client computes.
		if n := len(out); n == 0 || out[n-1].offsetTo != obs.offsetTo || out[n-1].name != obs.name || out[n-1].daylight != obs.daylight {
			out = append(out, obs)
		}
		if end.IsZero() || end.After(to) {
			return out
		}
		t = end.In(loc)
	}
}

// newVTimezone builds the VTIMEZONE for loc covering [from, to], with
// one STANDARD or DAYLIGHT sub-component per period and no RRULEs: Chile
// changed its rules almost every year until 2019, so explicit onsets are
// the only form every client reads the same way.
func newVTimezone(loc *time.Location, from, to time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(loc.String())
	// Lets libical-based clients (Evolution, older Thunderbird) use their
	// own copy of the zone when they have it.
	tz.AddProperty("X-LIC-LOCATION", loc.String())
	for _, obs := range observances(loc, from, to) {
		var part ics.ComponentBase
		// DTSTART is the onset in the local time in force before it
		// (RFC 5545 §3.6.5). A zone that starts with its data gets the
		// conventional 1601-01-01, the earliest date clients accept.
		dtstart := "16010101T000000"
		if !obs.onset.IsZero() {
			dtstart = obs.onset.UTC().Add(time.Duration(obs.offsetFrom) * time.Second).Format(localDateTime)
		}
		part.AddProperty(ics.ComponentPropertyDtStart, dtstart)
		part.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(obs.offsetFrom))
		part.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(obs.offsetTo))
		part.AddProperty(ics.ComponentProperty(ics.PropertyTzname), obs.name)
		if obs.daylight {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: part})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: part})
		}
	}
	return tz
}

// utcOffset formats seconds east of UTC as an RFC 5545 UTC-OFFSET:
// ±hhmm, with ss only when not zero (local mean times have seconds).
func utcOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	s := fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds/60%60)
	if seconds%60 != 0 {
		s += fmt.Sprintf("%02d", seconds%60)
	}
	return s
}
