package content

import (
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below must load on machines without zoneinfo
)

// fuzzZones are the zones of Chilean sites: summer time starts and ends at
// midnight on the mainland and at 22:00 on Easter Island; Punta Arenas has
// had none since 2016.
var fuzzZones = func() []*time.Location {
	var out []*time.Location
	for _, name := range []string{"America/Santiago", "America/Punta_Arenas", "Pacific/Easter"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic(err)
		}
		out = append(out, loc)
	}
	return out
}()

// instantsAt is an oracle for localInstants written another way: it tries
// every offset loc uses in the 60 hours around the wall time, probing each
// hour, and returns the instants whose wall clock in loc reads wall.
func instantsAt(wall time.Time, loc *time.Location) []time.Time {
	seen := map[int]bool{}
	var out []time.Time
	for k := -30; k <= 30; k++ {
		_, off := wall.Add(time.Duration(k) * time.Hour).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		t := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if _, o := t.Zone(); o != off {
			continue
		}
		if sameWall(t, wall) {
			out = append(out, t)
		}
	}
	return out
}

// sameWall reports whether t (in its location) and wall (in UTC) read the
// same date and clock, to the nanosecond.
func sameWall(t, wall time.Time) bool {
	y1, m1, d1 := t.Date()
	y2, m2, d2 := wall.Date()
	h1, n1, s1 := t.Clock()
	h2, n2, s2 := wall.Clock()
	return y1 == y2 && m1 == m2 && d1 == d2 && h1 == h2 && n1 == n2 && s1 == s2 && t.Nanosecond() == wall.Nanosecond()
}

// FuzzParseDateTime checks ParseDateTime and ParseWhen in the three
// Chilean zones: they never panic; an accepted local time reads back as the
// wall time written, exists and happens once in the zone; an accepted time
// with an offset is that instant; every refusal is explained.
func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{
		"2026-11-27T10:00", "2026-11-27 10:00:30", "2026-11-27",
		"2026-09-06T00:30", "2027-04-03T23:30", "2027-04-03T23:30-04:00",
		"2026-09-05T22:30", "2027-04-03T21:30", // Easter Island's changes
		"2026-12-05T24:00", "2026-02-30T10:00", "2026-11-27T10:00Z",
		" 2026-11-27T10:00 ", "2026-11-27T10:00:00.5", "0001-01-01T00:00",
		"9999-12-31T23:59:59+14:00", "1910-01-10T00:00", "2026-1-27T10:00",
	} {
		for z := range fuzzZones {
			f.Add(s, uint8(z))
		}
	}
	f.Fuzz(func(t *testing.T, s string, zone uint8) {
		loc := fuzzZones[int(zone)%len(fuzzZones)]
		got, err := ParseDateTime(s, loc)
		if err != nil {
			checkMessage(t, err)
		} else {
			checkDateTime(t, s, got, loc)
		}

		w, werr := ParseWhen(s, loc)
		if werr != nil {
			checkMessage(t, werr)
			return
		}
		if w.AllDay {
			if !w.Time.IsZero() || w.Date.IsZero() {
				t.Fatalf("ParseWhen(%q) = %+v: an all-day value has a date and no time", s, w)
			}
			if d, err := ParseDate(s); err != nil || d != w.Date {
				t.Fatalf("ParseWhen(%q) all-day %v, ParseDate gives %v, %v", s, w.Date, d, err)
			}
			return
		}
		if err != nil || !w.Time.Equal(got) {
			t.Fatalf("ParseWhen(%q) = %v, ParseDateTime = %v, %v", s, w.Time, got, err)
		}
		if w.Date != DateOf(w.Time) {
			t.Fatalf("ParseWhen(%q): date %v is not the day of %v", s, w.Date, w.Time)
		}
	})
}

func checkDateTime(t *testing.T, s string, got time.Time, loc *time.Location) {
	t.Helper()
	if got.Location() != loc {
		t.Fatalf("ParseDateTime(%q) is in %v, not the site's %v", s, got.Location(), loc)
	}
	in := strings.TrimSpace(s)
	for _, layout := range offsetLayouts {
		if want, err := time.Parse(layout, in); err == nil {
			if !got.Equal(want) {
				t.Fatalf("ParseDateTime(%q) = %v, want the instant %v", s, got, want)
			}
			return
		}
	}
	for _, layout := range localLayouts {
		wall, err := time.Parse(layout, in)
		if err != nil {
			continue
		}
		if !sameWall(got, wall) {
			t.Fatalf("ParseDateTime(%q) = %v: its wall clock in %v is not %v", s, got, loc, wall.Format("2006-01-02 15:04:05.999999999"))
		}
		if n := len(instantsAt(wall, loc)); n != 1 {
			t.Fatalf("ParseDateTime(%q) accepted a wall time that happens %d times in %v", s, n, loc)
		}
		return
	}
	t.Fatalf("ParseDateTime(%q) = %v accepts a form that is neither local nor with an offset", s, got)
}

// englishWords betray a library's error passed to an editor untranslated.
var englishWords = regexp.MustCompile(`(?i)\b(cannot|invalid|expected|parsing|found|unexpected|the|not)\b`)

func checkMessage(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if strings.TrimSpace(msg) == "" {
		t.Fatal("empty error message")
	}
	// Quoted input may hold anything; judge the words around it.
	bare := regexp.MustCompile(`"(?:[^"\\]|\\.)*"`).ReplaceAllString(msg, `""`)
	if englishWords.MatchString(bare) {
		t.Fatalf("message is not in Spanish: %s", msg)
	}
}

var (
	// E.164 allows 15 digits, but libphonenumber's metadata accepts some
	// longer numbers (+49 800…, +81 0078…): +digits is the promise here.
	e164      = regexp.MustCompile(`^\+[1-9][0-9]{1,19}$`)
	shortCode = regexp.MustCompile(`^[0-9]{3,6}$`)
)

// FuzzParsePhone checks ParsePhone: it never panics; an accepted number is
// E.164 (+digits) or a short code's digits, keeps what the editor wrote
// (trimmed), and its E.164 form parses again to itself.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"22 540 17 56", "+56 9 8765 4321", "133", "1455", "123", "abc", "",
		"(2) 2540 1756", "+1 202 555 0143", "600 360 7777", "800 123 456",
		"+56 2 2540 1756 ext. 12", "22-540-17-56", "1-800-FLOWERS", "+5", "٢٢٥٤٠١٧٥٦",
		"tel:+56225401756", "+56 0 1234", "*133", "#133",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := ParsePhone(raw, nil)
		if err != nil {
			checkMessage(t, err)
			return
		}
		if p.Raw != strings.TrimSpace(raw) {
			t.Fatalf("ParsePhone(%q).Raw = %q, want the trimmed text", raw, p.Raw)
		}
		if !e164.MatchString(p.E164) && !shortCode.MatchString(p.E164) {
			t.Fatalf("ParsePhone(%q).E164 = %q: neither +digits nor a short code", raw, p.E164)
		}
		q, err := ParsePhone(p.E164, nil)
		if err != nil {
			t.Fatalf("ParsePhone(%q) gives E.164 %q, which does not parse again: %v", raw, p.E164, err)
		}
		if q.E164 != p.E164 {
			t.Fatalf("ParsePhone(%q) gives %q, which parses again to %q", raw, p.E164, q.E164)
		}
	})
}
