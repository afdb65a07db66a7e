package ical

import (
	"testing"
	"time"

	"cabildo/internal/recurrence"
)

// The grammar is recurrence.ParseRRule's (tested there); this checks that
// Write refuses what validation refuses, and says so in the editor's words.
func TestParseRRuleDelegates(t *testing.T) {
	for _, s := range []string{"FREQ=HOURLY", "FREQ=DAILY;BYHOUR=10", "FREQ=WEEKLY;COUNT=1001", ""} {
		_, want := recurrence.ParseRRule(s)
		_, got := parseRRule(s)
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("parseRRule(%q) = %v, recurrence.ParseRRule = %v", s, got, want)
		}
	}
}

func TestRecurrenceForStart(t *testing.T) {
	santiago := mustLoad(t, "America/Santiago")
	tests := []struct {
		rule   string
		allDay bool
		want   string
	}{
		{"byday=mo;freq=weekly", false, "FREQ=WEEKLY;BYDAY=MO"}, // FREQ first, upper case
		{"FREQ=WEEKLY;COUNT=4", false, "FREQ=WEEKLY;COUNT=4"},
		// A date means the whole day, local: 23:59:59 -04 is 03:59:59Z the next day.
		{"FREQ=DAILY;UNTIL=20270601", false, "FREQ=DAILY;UNTIL=20270602T035959Z"},
		// Summer time (-03) in January.
		{"FREQ=DAILY;UNTIL=20270110T100000", false, "FREQ=DAILY;UNTIL=20270110T130000Z"},
		{"FREQ=DAILY;UNTIL=20270110T130000Z", false, "FREQ=DAILY;UNTIL=20270110T130000Z"},
		{"FREQ=YEARLY;UNTIL=20300520", true, "FREQ=YEARLY;UNTIL=20300520"},
		{"FREQ=YEARLY;UNTIL=20300520T120000", true, "FREQ=YEARLY;UNTIL=20300520"},
		// 02:00Z on 21 May is still 20 May in Santiago.
		{"FREQ=YEARLY;UNTIL=20300521T020000Z", true, "FREQ=YEARLY;UNTIL=20300520"},
	}
	for _, tt := range tests {
		rec, err := parseRRule(tt.rule)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.forStart(tt.allDay, santiago).String(); got != tt.want {
			t.Errorf("%q (all-day %v) = %q, want %q", tt.rule, tt.allDay, got, tt.want)
		}
	}
}

func TestLastStart(t *testing.T) {
	loc := mustLoad(t, "America/Santiago")
	start := time.Date(2027, time.March, 6, 10, 0, 0, 0, loc)
	tests := []struct {
		rule    string
		want    time.Time
		bounded bool
	}{
		{"FREQ=WEEKLY;COUNT=30", time.Date(2027, time.September, 25, 10, 0, 0, 0, loc), true},
		{"FREQ=MONTHLY;COUNT=3", time.Date(2027, time.May, 6, 10, 0, 0, 0, loc), true},
		{"FREQ=WEEKLY;UNTIL=20270601", time.Date(2027, time.June, 1, 23, 59, 59, 0, loc), true},
		{"FREQ=WEEKLY", time.Time{}, false},
	}
	for _, tt := range tests {
		rec, err := parseRRule(tt.rule)
		if err != nil {
			t.Fatal(err)
		}
		got, bounded := rec.lastStart(start)
		if bounded != tt.bounded || !got.Equal(tt.want) {
			t.Errorf("%s: last start %v (bounded %v), want %v (%v)", tt.rule, got, bounded, tt.want, tt.bounded)
		}
	}
}
