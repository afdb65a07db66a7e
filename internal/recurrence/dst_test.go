package recurrence_test

import (
	"testing"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/recurrence"
)

// TestTimesOnClockChangeDays: a weekly series that starts on the day the
// clocks change keeps that first date and its wall-clock hour. rrule-go
// alone dropped the first Sunday of Chile's summer time.
func TestTimesOnClockChangeDays(t *testing.T) {
	for _, zone := range []string{"America/Santiago", "Pacific/Easter"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		r, err := recurrence.ParseRRule("FREQ=WEEKLY;COUNT=3")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"2022-09-11T17:00", "2026-09-06T17:00", "2027-04-04T10:00", "2027-04-03T20:00"} {
			start, err := content.ParseDateTime(s, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := r.Times(start, start.AddDate(1, 0, 0))
			if len(got) != 3 {
				t.Fatalf("%s %s: %d occurrences, want 3: %v", zone, s, len(got), got)
			}
			for i, o := range got {
				want := start.AddDate(0, 0, 7*i)
				if o.Format("2006-01-02 15:04") != want.Format("2006-01-02 15:04") {
					t.Errorf("%s %s: occurrence %d at %s, want %s local", zone, s, i, o, want.Format("2006-01-02 15:04"))
				}
			}
		}
	}
}
