package ical

import (
	"strings"
	"testing"
	"time"
)

func TestValidateRRule(t *testing.T) {
	valid := []string{
		"FREQ=WEEKLY;COUNT=6",
		"freq=weekly;byday=mo,we,fr;until=20271231",
		"RRULE:FREQ=MONTHLY;BYDAY=1MO",
		"FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2",
		"FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=18",
		"FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20271231T235959Z",
		"FREQ=DAILY;UNTIL=20270601T100000",
		"FREQ=WEEKLY;WKST=SU;BYDAY=SA,SU",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
	}
	for _, s := range valid {
		if err := ValidateRRule(s); err != nil {
			t.Errorf("ValidateRRule(%q) = %v, want nil", s, err)
		}
	}
	invalid := map[string]string{ // rule: a word the Spanish message must contain
		"":                                   "vacía",
		"COUNT=3":                            "falta FREQ",
		"FREQ=HOURLY":                        "no se admite",
		"FREQ=FORTNIGHTLY":                   "no existe",
		"FREQ=WEEKLY;COUNT=0":                "mayor que cero",
		"FREQ=WEEKLY;COUNT=1001":             "máximo",
		"FREQ=WEEKLY;INTERVAL=-2":            "mayor que cero",
		"FREQ=WEEKLY;COUNT=3;UNTIL=20270101": "COUNT o UNTIL",
		"FREQ=WEEKLY;UNTIL=2027-01-01":       "AAAAMMDD",
		"FREQ=WEEKLY;UNTIL=20270230":         "no es una fecha válida",
		"FREQ=WEEKLY;BYDAY=LU":               "BYDAY",
		"FREQ=MONTHLY;BYDAY=54MO":            "BYDAY",
		"FREQ=YEARLY;BYMONTH=13":             "fuera del rango",
		"FREQ=MONTHLY;BYMONTHDAY=0":          "fuera del rango",
		"FREQ=DAILY;BYHOUR=10":               "hora de inicio",
		"FREQ=WEEKLY;FREQ=DAILY":             "más de una vez",
		"FREQ=WEEKLY;COLOR=red":              "desconocida",
		"FREQ=WEEKLY;;COUNT=2":               "NOMBRE=VALOR",
	}
	for s, word := range invalid {
		err := ValidateRRule(s)
		if err == nil || !strings.Contains(err.Error(), word) {
			t.Errorf("ValidateRRule(%q) = %v, want an error mentioning %q", s, err, word)
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
