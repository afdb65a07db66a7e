package ical

import (
	"slices"
	"strconv"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// onset is one STANDARD or DAYLIGHT read back from a feed.
type onset struct {
	at     time.Time // the instant the offset takes effect
	offset int       // seconds east of UTC from then on
}

// parseVTimezone reads the feed's VTIMEZONE for tzid the way a client
// without its own zone data must: each sub-component's DTSTART is local
// time in TZOFFSETFROM, and the latest onset not after an instant gives
// that instant's offset (RFC 5545 §3.6.5).
func parseVTimezone(t *testing.T, cal *goical.Calendar, tzid string) []onset {
	t.Helper()
	var out []onset
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone || c.Props.Get("TZID").Value != tzid {
			continue
		}
		for _, sub := range c.Children {
			if sub.Name != goical.CompTimezoneStandard && sub.Name != goical.CompTimezoneDaylight {
				t.Fatalf("unexpected %s in VTIMEZONE", sub.Name)
			}
			for _, banned := range []string{"RRULE", "RDATE"} {
				if sub.Props.Get(banned) != nil {
					t.Errorf("%s has %s; onsets must be explicit", sub.Name, banned)
				}
			}
			local, err := time.Parse(localDateTime, sub.Props.Get("DTSTART").Value)
			if err != nil {
				t.Fatal(err)
			}
			from := parseOffset(t, sub.Props.Get("TZOFFSETFROM").Value)
			to := parseOffset(t, sub.Props.Get("TZOFFSETTO").Value)
			if sub.Props.Get("TZNAME") == nil {
				t.Errorf("%s at %s has no TZNAME", sub.Name, local)
			}
			out = append(out, onset{local.Add(-time.Duration(from) * time.Second), to})
		}
	}
	if len(out) == 0 {
		t.Fatalf("no VTIMEZONE %s in the feed", tzid)
	}
	if !slices.IsSortedFunc(out, func(a, b onset) int { return a.at.Compare(b.at) }) {
		t.Errorf("onsets out of order: %v", out)
	}
	return out
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("bad UTC offset %q", s)
	}
	n := func(i int) int {
		v, err := strconv.Atoi(s[i : i+2])
		if err != nil {
			t.Fatalf("bad UTC offset %q", s)
		}
		return v
	}
	secs := n(1)*3600 + n(3)*60
	if len(s) == 7 {
		secs += n(5)
	}
	if s[0] == '-' {
		secs = -secs
	}
	return secs
}

// offsetAt is the offset the onsets give at instant at, or false if at
// is before the first onset (the VTIMEZONE does not cover it).
func offsetAt(onsets []onset, at time.Time) (int, bool) {
	i, found := slices.BinarySearchFunc(onsets, at, func(o onset, t time.Time) int { return o.at.Compare(t) })
	if !found {
		i--
	}
	if i < 0 {
		return 0, false
	}
	return onsets[i].offset, true
}

// TestVTimezoneMatchesGo checks, every 30 minutes across the sample
// feed's whole span, that the embedded VTIMEZONE gives the offset Go's
// zone data gives.
func TestVTimezoneMatchesGo(t *testing.T) {
	for _, zone := range zones {
		t.Run(zone, func(t *testing.T) {
			loc := mustLoad(t, zone)
			onsets := parseVTimezone(t, decode(t, render(t, sampleCalendar(loc), sampleEvents(loc))), zone)
			from := time.Date(2026, time.December, 5, 10, 0, 0, 0, loc) // the earliest sample
			to := time.Date(2030, time.May, 21, 0, 0, 0, 0, loc)        // the last anniversary ends
			changes := 0
			prev := 0
			for at := from; at.Before(to); at = at.Add(30 * time.Minute) {
				got, ok := offsetAt(onsets, at)
				_, want := at.In(loc).Zone()
				if !ok || got != want {
					t.Fatalf("at %v the VTIMEZONE gives %d (covered %v), Go gives %d", at.UTC(), got, ok, want)
				}
				if at != from && want != prev {
					changes++
				}
				prev = want
			}
			t.Logf("%d offset changes checked", changes)
		})
	}
}

func TestObservances(t *testing.T) {
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		zone     string
		from, to time.Time
		want     []observance
	}{{
		// Summer time ends at 24:00 on the first Saturday of April and
		// starts at 24:00 on the first Saturday of September.
		zone: "America/Santiago", from: utc(2027, time.March, 1, 0), to: utc(2027, time.December, 1, 0),
		want: []observance{
			{onset: utc(2026, time.September, 6, 4), offsetFrom: -4 * 3600, offsetTo: -3 * 3600, name: "-03", daylight: true},
			{onset: utc(2027, time.April, 4, 3), offsetFrom: -3 * 3600, offsetTo: -4 * 3600, name: "-04"},
			{onset: utc(2027, time.September, 5, 4), offsetFrom: -4 * 3600, offsetTo: -3 * 3600, name: "-03", daylight: true},
		},
	}, {
		// Rapa Nui changes at the same instant as the mainland, 22:00 local.
		zone: "Pacific/Easter", from: utc(2027, time.May, 1, 0), to: utc(2027, time.June, 1, 0),
		want: []observance{
			{onset: utc(2027, time.April, 4, 3), offsetFrom: -5 * 3600, offsetTo: -6 * 3600, name: "-06"},
		},
	}, {
		// Magallanes kept summer time all year from December 2016.
		zone: "America/Punta_Arenas", from: utc(2026, time.January, 1, 0), to: utc(2036, time.January, 1, 0),
		want: []observance{
			{onset: utc(2016, time.December, 4, 3), offsetFrom: -3 * 3600, offsetTo: -3 * 3600, name: "-03"},
		},
	}, {
		zone: "UTC", from: utc(2026, time.January, 1, 0), to: utc(2036, time.January, 1, 0),
		want: []observance{{name: "UTC"}},
	}}
	for _, tt := range tests {
		got := observances(mustLoad(t, tt.zone), tt.from, tt.to)
		for i := range got {
			got[i].onset = got[i].onset.UTC()
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("observances(%s, %v, %v) =\n%+v\nwant\n%+v", tt.zone, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestUTCOffset(t *testing.T) {
	for secs, want := range map[int]string{0: "+0000", -3 * 3600: "-0300", 5*3600 + 1800: "+0530", -(4*3600 + 42*60 + 45): "-044245"} {
		if got := utcOffset(secs); got != want {
			t.Errorf("utcOffset(%d) = %q, want %q", secs, got, want)
		}
	}
}

// TestWeeklyAcrossSummerTime follows a weekly 10:00 event from March to
// October 2027 in Santiago, across the April and September changes:
// every occurrence, expanded from the decoded feed, must be at 10:00 local
// on the right Saturday, and the feed's own VTIMEZONE must give each
// occurrence the offset Go's zone data gives.
func TestWeeklyAcrossSummerTime(t *testing.T) {
	loc := mustLoad(t, "America/Santiago")
	first := time.Date(2027, time.March, 6, 10, 0, 0, 0, loc)
	ev := Event{
		UID: "taller@muni.example.cl", Summary: "Taller", RRule: "FREQ=WEEKLY;COUNT=30",
		Start: first, End: first.Add(2 * time.Hour), Modified: modified,
	}
	cal := decode(t, render(t, sampleCalendar(loc), []Event{ev}))
	onsets := parseVTimezone(t, cal, loc.String())

	set, err := cal.Events()[0].RecurrenceSet(nil)
	if err != nil || set == nil {
		t.Fatalf("RecurrenceSet: %v", err)
	}
	got := set.All()
	if len(got) != 30 {
		t.Fatalf("%d occurrences, want 30", len(got))
	}
	offsets := map[int]int{}
	for i, at := range got {
		want := time.Date(2027, time.March, 6+7*i, 10, 0, 0, 0, loc) // Go normalises the day
		if !at.Equal(want) {
			t.Errorf("occurrence %d at %v, want %v", i, at.In(loc), want)
		}
		_, goOffset := want.Zone()
		offsets[goOffset]++
		vtzOffset, ok := offsetAt(onsets, want)
		if !ok || vtzOffset != goOffset {
			t.Errorf("occurrence %d (%v): VTIMEZONE offset %d (covered %v), Go %d", i, want, vtzOffset, ok, goOffset)
		}
		// A client reading wall time with the VTIMEZONE lands on the same instant.
		wall := time.Date(2027, time.March, 6+7*i, 10, 0, 0, 0, time.UTC)
		if !wall.Add(-time.Duration(vtzOffset) * time.Second).Equal(want) {
			t.Errorf("occurrence %d: wall time 10:00 with offset %d is not %v", i, vtzOffset, want)
		}
	}
	if len(offsets) != 2 {
		t.Errorf("occurrences span offsets %v; the test must cross both changes", offsets)
	}
	if last := got[len(got)-1].In(loc); last.Month() != time.September && last.Month() != time.October {
		t.Errorf("last occurrence %v should be after the September change", last)
	}
}
