package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzWrite writes an event with fuzzed text and checks that the feed is
// well folded and that go-ical reads back exactly the cleaned text.
// Seeds are in testdata/fuzz/FuzzWrite; run with
// `go test ./internal/ical -fuzz FuzzWrite -fuzztime 1m`.
func FuzzWrite(f *testing.F) {
	f.Add("Feria navideña", "Artesanía, música; y más", "Plaza de Armas", "Gabinete")
	loc, err := time.LoadLocation("America/Santiago")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, summary, description, location, organizer string) {
		ev := Event{
			UID: "fuzz@muni.example.cl", Summary: summary, Description: description, Location: location,
			Organizer: Organizer{Name: organizer, Email: "fuzz@muni.example.cl"},
			Start:     time.Date(2027, time.April, 3, 23, 30, 0, 0, loc), Modified: modified,
		}
		var b bytes.Buffer
		if err := Write(&b, sampleCalendar(loc), []Event{ev}); err != nil {
			if cleanLine(summary) == "" {
				return // an empty summary is refused, rightly
			}
			t.Fatalf("Write: %v", err)
		}
		checkFolded(t, b.Bytes())
		got := decode(t, b.Bytes()).Events()[0]
		for name, want := range map[string]string{
			"SUMMARY": cleanLine(summary), "DESCRIPTION": cleanText(description), "LOCATION": cleanLine(location),
		} {
			checkClean(t, want)
			if name == "DESCRIPTION" {
				want = strings.TrimSpace(want)
			}
			if got := textProp(t, got.Props, name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		if got, want := got.Props.Get("ORGANIZER").Params.Get("CN"), paramText(organizer); got != want {
			t.Errorf("ORGANIZER CN = %q, want %q", got, want)
		}
		if strings.ContainsAny(paramText(organizer), "\"\r\n") {
			t.Errorf("paramText(%q) keeps a DQUOTE or line break", organizer)
		}
	})
}
