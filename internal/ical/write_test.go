package ical

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the exact bytes of a feed per zone. Run
// `go test ./internal/ical -run TestGolden -update` after an intended
// change and review the diff.
func TestGolden(t *testing.T) {
	for _, zone := range zones {
		t.Run(zone, func(t *testing.T) {
			loc := mustLoad(t, zone)
			got := render(t, sampleCalendar(loc), sampleEvents(loc))
			path := filepath.Join("testdata", strings.ReplaceAll(zone, "/", "_")+".golden.ics")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, got)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	loc := mustLoad(t, "America/Santiago")
	events := sampleEvents(loc)
	want := render(t, sampleCalendar(loc), events)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
		if got := render(t, sampleCalendar(loc), events); !bytes.Equal(got, want) {
			t.Fatal("the same events in another order give other bytes")
		}
	}
}

// wantRRule is the RRULE each recurring sample must carry: UNTIL is
// rewritten to a DATE for an all-day event.
var wantRRule = map[string]string{
	"evento-taller-huertos@muni.example.cl": "FREQ=WEEKLY;COUNT=30",
	"evento-feria-libre@muni.example.cl":    "FREQ=WEEKLY;BYDAY=SU",
	"evento-aniversario@muni.example.cl":    "FREQ=YEARLY;UNTIL=20300520",
}

var wantStatus = map[Status]string{Confirmed: "CONFIRMED", Tentative: "TENTATIVE", Cancelled: "CANCELLED", Postponed: "CANCELLED"}

// TestRoundTrip decodes each feed with go-ical and compares every event
// with what was put in.
func TestRoundTrip(t *testing.T) {
	for _, zone := range zones {
		t.Run(zone, func(t *testing.T) {
			loc := mustLoad(t, zone)
			cal := sampleCalendar(loc)
			events := sampleEvents(loc)
			decoded := decode(t, render(t, cal, events))

			for name, want := range map[string]string{
				"VERSION": "2.0", "PRODID": DefaultProdID, "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH",
				"NAME": cleanLine(cal.Name), "X-WR-CALNAME": cleanLine(cal.Name),
				"DESCRIPTION": cal.Description, "X-WR-CALDESC": cal.Description,
				"X-WR-TIMEZONE": zone, "REFRESH-INTERVAL": "PT6H", "X-PUBLISHED-TTL": "PT6H",
				"SOURCE": cal.Source, "URL": cal.URL,
			} {
				if got := textProp(t, decoded.Props, name); got != want {
					t.Errorf("calendar %s = %q, want %q", name, got, want)
				}
			}
			if p := decoded.Props.Get("REFRESH-INTERVAL"); p == nil || p.Params.Get("VALUE") != "DURATION" {
				t.Errorf("REFRESH-INTERVAL lacks VALUE=DURATION: %+v", p)
			}

			byUID := map[string]goical.Event{}
			moved := map[string][]goical.Event{}
			for _, ev := range decoded.Events() {
				uid := textProp(t, ev.Props, "UID")
				if ev.Props.Get("RECURRENCE-ID") != nil {
					moved[uid] = append(moved[uid], ev)
					continue
				}
				byUID[uid] = ev
			}
			if len(byUID) != len(events) {
				t.Fatalf("decoded %d events, want %d", len(byUID), len(events))
			}
			for _, e := range events {
				got, ok := byUID[e.UID]
				if !ok {
					t.Errorf("event %s missing", e.UID)
					continue
				}
				checkEvent(t, loc, cal, e, got)
				checkExceptions(t, loc, e, got, moved[e.UID])
			}
		})
	}
}

func checkEvent(t *testing.T, loc *time.Location, cal Calendar, e Event, got goical.Event) {
	t.Helper()
	_, prefix := e.Status.icalStatus()
	// The one non-ASCII URL in the samples, percent-encoded.
	url := strings.ReplaceAll(e.URL, "ñ", "%C3%B1")
	desc := strings.TrimSpace(cleanText(e.Description))
	if url != "" {
		desc = strings.TrimSpace(desc + "\n\n" + url)
	}
	for name, want := range map[string]string{
		"SUMMARY":       prefix + cleanLine(e.Summary),
		"DESCRIPTION":   desc,
		"LOCATION":      cleanLine(e.Location),
		"URL":           url,
		"STATUS":        wantStatus[e.Status],
		"DTSTAMP":       e.Modified.UTC().Format(utcDateTime),
		"LAST-MODIFIED": e.Modified.UTC().Format(utcDateTime),
		"RRULE":         wantRRule[e.UID],
	} {
		if got := textProp(t, got.Props, name); got != want {
			t.Errorf("%s %s = %q, want %q", e.UID, name, got, want)
		}
	}
	if seq, err := got.Props.Get("SEQUENCE").Int(); err != nil || seq != e.Sequence {
		t.Errorf("%s SEQUENCE = %d (%v), want %d", e.UID, seq, err, e.Sequence)
	}

	start, end := got.Props.Get("DTSTART"), got.Props.Get("DTEND")
	if e.AllDay {
		last := cmpOrDate(e.EndDate, e.StartDate)
		after := last.in(time.UTC).AddDate(0, 0, 1).Format(dateOnly)
		if start.Params.Get("VALUE") != "DATE" || start.Value != e.StartDate.in(time.UTC).Format(dateOnly) ||
			end == nil || end.Params.Get("VALUE") != "DATE" || end.Value != after {
			t.Errorf("%s all-day DTSTART %+v DTEND %+v, want %s to %s exclusive", e.UID, start, end, e.StartDate, after)
		}
	} else {
		for _, c := range []struct {
			prop *goical.Prop
			want time.Time
		}{{start, e.Start}, {end, e.End}} {
			if c.prop.Params.Get("TZID") != loc.String() || c.prop.Value != c.want.In(loc).Format(localDateTime) {
				t.Errorf("%s %s = %+v, want TZID=%s wall time %s", e.UID, c.prop.Name, c.prop, loc, c.want.In(loc).Format(localDateTime))
			}
			if at, err := c.prop.DateTime(nil); err != nil || !at.Equal(c.want) {
				t.Errorf("%s %s resolves to %v (%v), want %v", e.UID, c.prop.Name, at, err, c.want)
			}
		}
	}

	var cats []string
	for _, p := range got.Props.Values("CATEGORIES") {
		list, err := p.TextList()
		if err != nil {
			t.Errorf("%s CATEGORIES: %v", e.UID, err)
		}
		cats = append(cats, list...)
	}
	var wantCats []string
	for _, c := range e.Categories {
		wantCats = append(wantCats, cleanLine(c))
	}
	if !slices.Equal(cats, wantCats) {
		t.Errorf("%s CATEGORIES = %q, want %q", e.UID, cats, wantCats)
	}

	org := e.Organizer
	if org.Email == "" {
		org.Email, org.Name = cal.Contact.Email, cmpOrString(org.Name, cal.Contact.Name)
	}
	if p := got.Props.Get("ORGANIZER"); p == nil || p.Value != "mailto:"+org.Email || p.Params.Get("CN") != paramText(org.Name) {
		t.Errorf("%s ORGANIZER = %+v, want CN %q mailto:%s", e.UID, p, org.Name, org.Email)
	}

	if e.Geo != nil {
		p := got.Props.Get("GEO")
		lat, lon, ok := strings.Cut(p.Value, ";")
		la, errLat := strconv.ParseFloat(lat, 64)
		lo, errLon := strconv.ParseFloat(lon, 64)
		if !ok || errLat != nil || errLon != nil || la != e.Geo.Lat || lo != e.Geo.Lon {
			t.Errorf("%s GEO = %q, want %v;%v", e.UID, p.Value, e.Geo.Lat, e.Geo.Lon)
		}
	}
}

// checkExceptions compares EXDATE and the moved occurrences (VEVENTs
// with RECURRENCE-ID) with the event's Cancelled and Moved.
func checkExceptions(t *testing.T, loc *time.Location, e Event, master goical.Event, moved []goical.Event) {
	t.Helper()
	occurrence := func(d Date) (value, tzid string) {
		if e.AllDay {
			return d.in(time.UTC).Format(dateOnly), ""
		}
		w := e.Start.In(loc)
		return time.Date(d.Year, d.Month, d.Day, w.Hour(), w.Minute(), 0, 0, loc).Format(localDateTime), loc.String()
	}
	exdates := master.Props.Values("EXDATE")
	if len(exdates) != len(e.Cancelled) {
		t.Errorf("%s has %d EXDATE, want %d", e.UID, len(exdates), len(e.Cancelled))
	}
	for i, d := range e.Cancelled {
		if i >= len(exdates) {
			break
		}
		value, tzid := occurrence(d)
		if p := exdates[i]; p.Value != value || p.Params.Get("TZID") != tzid || (e.AllDay && p.Params.Get("VALUE") != "DATE") {
			t.Errorf("%s EXDATE = %+v, want %s (TZID %q)", e.UID, p, value, tzid)
		}
	}
	if len(moved) != len(e.Moved) {
		t.Fatalf("%s has %d moved occurrences, want %d", e.UID, len(moved), len(e.Moved))
	}
	for i, m := range e.Moved {
		got := moved[i]
		value, tzid := occurrence(m.Date)
		if p := got.Props.Get("RECURRENCE-ID"); p.Value != value || p.Params.Get("TZID") != tzid {
			t.Errorf("%s RECURRENCE-ID = %+v, want %s (TZID %q)", e.UID, p, value, tzid)
		}
		if got.Props.Get("RRULE") != nil || got.Props.Get("EXDATE") != nil {
			t.Errorf("%s moved occurrence has RRULE or EXDATE", e.UID)
		}
		want := Event{AllDay: e.AllDay, Start: m.Start, End: m.End, StartDate: m.StartDate, EndDate: m.EndDate}
		start := got.Props.Get("DTSTART")
		if e.AllDay {
			if start.Value != want.StartDate.in(time.UTC).Format(dateOnly) {
				t.Errorf("%s moved DTSTART = %+v, want %s", e.UID, start, want.StartDate)
			}
		} else if at, err := start.DateTime(nil); err != nil || !at.Equal(m.Start) || start.Params.Get("TZID") != loc.String() {
			t.Errorf("%s moved DTSTART = %+v (%v), want %v with TZID", e.UID, start, at, m.Start)
		}
		if seq, _ := got.Props.Get("SEQUENCE").Int(); seq != e.Sequence {
			t.Errorf("%s moved SEQUENCE = %d, want %d", e.UID, seq, e.Sequence)
		}
	}
}

// textProp returns the first named property's text, "" if absent.
func textProp(t *testing.T, props goical.Props, name string) string {
	t.Helper()
	p := props.Get(name)
	if p == nil {
		return ""
	}
	if p.ValueType() != goical.ValueText && p.ValueType() != goical.ValueDefault {
		return p.Value
	}
	s, err := p.Text()
	if err != nil {
		t.Errorf("%s: %v", name, err)
	}
	return s
}

func cmpOrDate(a, b Date) Date {
	if a.IsZero() {
		return b
	}
	return a
}

func cmpOrString(a, b string) string {
	if a == "" {
		return b
	}
	return a
}
