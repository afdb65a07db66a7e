package ical

import (
	"io"
	"strings"
	"testing"
	"time"
)

// TestWriteRefuses lists feeds that some client would misread; Write must
// refuse each with an error that names the problem.
func TestWriteRefuses(t *testing.T) {
	loc := mustLoad(t, "America/Santiago")
	start := time.Date(2027, time.March, 6, 10, 0, 0, 0, loc)
	good := Event{UID: "a@muni.example.cl", Summary: "Taller", Start: start, Modified: modified}
	tests := []struct {
		name  string
		cal   func(*Calendar)
		event func(*Event)
		want  string
	}{
		{"no zone", func(c *Calendar) { c.Location = nil }, nil, "Location"},
		{"local zone", func(c *Calendar) { c.Location = time.Local }, nil, "Location"},
		{"no name", func(c *Calendar) { c.Name = " \r\n" }, nil, "Name"},
		{"relative page", func(c *Calendar) { c.URL = "/eventos/" }, nil, "Calendar.URL"},
		{"no source", func(c *Calendar) { c.Source = "" }, nil, "Calendar.Source"},
		{"negative refresh", func(c *Calendar) { c.Refresh = -time.Hour }, nil, "Refresh"},
		{"no organizer anywhere", func(c *Calendar) { c.Contact = Organizer{} }, nil, "ORGANIZER"},
		{"bad organizer", nil, func(e *Event) { e.Organizer.Email = "Gabinete <g@muni.example.cl>" }, "plain address"},
		{"no UID", nil, func(e *Event) { e.UID = "\x00" }, "UID"},
		{"no summary", nil, func(e *Event) { e.Summary = "\t" }, "Summary"},
		{"build clock", nil, func(e *Event) { e.Modified = time.Time{} }, "Modified"},
		{"negative sequence", nil, func(e *Event) { e.Sequence = -1 }, "Sequence"},
		{"unknown status", nil, func(e *Event) { e.Status = 9 }, "Status(9)"},
		{"no start", nil, func(e *Event) { e.Start = time.Time{} }, "Start"},
		{"end before start", nil, func(e *Event) { e.End = start.Add(-time.Minute) }, "before Start"},
		{"all-day without date", nil, func(e *Event) { e.AllDay = true }, "invalid date"},
		{"impossible date", nil, func(e *Event) { e.AllDay, e.StartDate = true, Date{2027, time.February, 30} }, "invalid date"},
		{"all-day end first", nil, func(e *Event) {
			e.AllDay, e.StartDate, e.EndDate = true, Date{2027, time.March, 6}, Date{2027, time.March, 5}
		}, "before StartDate"},
		{"bad rule", nil, func(e *Event) { e.RRule = "FREQ=HOURLY" }, "no se admite"},
		{"bad geo", nil, func(e *Event) { e.Geo = &Geo{Lat: -133, Lon: -70} }, "Geo"},
		{"relative event URL", nil, func(e *Event) { e.URL = "eventos/taller" }, "URL"},
	}
	for _, tt := range tests {
		cal, ev := sampleCalendar(loc), good
		if tt.cal != nil {
			tt.cal(&cal)
		}
		if tt.event != nil {
			tt.event(&ev)
		}
		err := Write(io.Discard, cal, []Event{ev})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Write error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
	if err := Write(io.Discard, sampleCalendar(loc), []Event{good, good}); err == nil || !strings.Contains(err.Error(), "duplicate UID") {
		t.Errorf("duplicate UID: Write error %v", err)
	}
	if err := Write(io.Discard, sampleCalendar(loc), []Event{good}); err != nil {
		t.Errorf("the base event is refused: %v", err)
	}
}

func TestParseStatus(t *testing.T) {
	for _, s := range []Status{Confirmed, Tentative, Cancelled, Postponed} {
		if got, err := ParseStatus(strings.ToUpper(s.String())); err != nil || got != s {
			t.Errorf("ParseStatus(%q) = %v, %v", s, got, err)
		}
	}
	if got, err := ParseStatus(""); err != nil || got != Confirmed {
		t.Errorf(`ParseStatus("") = %v, %v; want confirmed`, got, err)
	}
	if _, err := ParseStatus("suspendido"); err == nil || !strings.Contains(err.Error(), "desconocido") {
		t.Errorf("ParseStatus(suspendido) error = %v", err)
	}
}

func TestICalDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		6 * time.Hour: "PT6H", 24 * time.Hour: "P1D", 90 * time.Minute: "PT1H30M",
		26*time.Hour + 5*time.Second: "P1DT2H5S", time.Second: "PT1S",
	} {
		if got := icalDuration(d); got != want {
			t.Errorf("icalDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
