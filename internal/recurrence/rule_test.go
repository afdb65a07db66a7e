package recurrence_test

import (
	"strings"
	"testing"
	"time"

	"cabildo/internal/recurrence"
)

func TestValidateRRule(t *testing.T) {
	valid := map[string]string{ // as written: canonical form
		"FREQ=WEEKLY;COUNT=6":                               "FREQ=WEEKLY;COUNT=6",
		"freq=weekly;byday=mo,we,fr;until=20271231":         "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20271231",
		"RRULE:FREQ=MONTHLY;BYDAY=1MO":                      "FREQ=MONTHLY;BYDAY=1MO",
		"byday=mo; freq=weekly":                             "FREQ=WEEKLY;BYDAY=MO",
		"FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2":                "FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2",
		"FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=18":               "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=18",
		"FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20271231T235959Z": "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20271231T235959Z",
		"FREQ=DAILY;UNTIL=20270601T100000":                  "FREQ=DAILY;UNTIL=20270601T100000",
		// UNTIL as the rest of the site writes dates.
		"FREQ=WEEKLY;UNTIL=2027-06-30":                  "FREQ=WEEKLY;UNTIL=20270630",
		"freq=weekly;until=2027-06-30t18:00":            "FREQ=WEEKLY;UNTIL=20270630T180000",
		"FREQ=WEEKLY;UNTIL=2027-06-30T18:00:30Z":        "FREQ=WEEKLY;UNTIL=20270630T180030Z",
		"FREQ=WEEKLY;WKST=SU;BYDAY=SA,SU":               "FREQ=WEEKLY;WKST=SU;BYDAY=SA,SU",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
	}
	for in, want := range valid {
		got, err := recurrence.ValidateRRule(in)
		if err != nil || got != want {
			t.Errorf("ValidateRRule(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	invalid := map[string]string{ // rule: words the Spanish message must contain
		"":                                   "vacía",
		"COUNT=3":                            "falta FREQ",
		"FREQ=HOURLY":                        "no se admite",
		"FREQ=MINUTELY":                      "no se admite",
		"FREQ=FORTNIGHTLY":                   "no existe",
		"FREQ=WEEKLY;COUNT=0":                "mayor que cero",
		"FREQ=WEEKLY;COUNT=1001":             "máximo",
		"FREQ=WEEKLY;INTERVAL=-2":            "mayor que cero",
		"FREQ=WEEKLY;INTERVAL=1001":          "demasiado grande",
		"FREQ=WEEKLY;COUNT=3;UNTIL=20270101": "COUNT o UNTIL",
		"FREQ=WEEKLY;UNTIL=2027-1-1":         "como 2027-06-30",
		"FREQ=WEEKLY;UNTIL=2027-02-30":       "no es una fecha válida",
		"FREQ=WEEKLY;UNTIL=20270230":         "no es una fecha válida",
		"FREQ=WEEKLY;BYDAY=LU":               "BYDAY",
		"FREQ=MONTHLY;BYDAY=54MO":            "BYDAY",
		"FREQ=YEARLY;BYMONTH=13":             "fuera del rango",
		"FREQ=YEARLY;BYMONTH=-1":             "fuera del rango",
		"FREQ=MONTHLY;BYMONTHDAY=0":          "fuera del rango",
		"FREQ=DAILY;BYHOUR=10":               "hora de inicio",
		"FREQ=DAILY;BYMINUTE=30":             "hora de inicio",
		"FREQ=WEEKLY;FREQ=DAILY":             "más de una vez",
		"FREQ=WEEKLY;COLOR=red":              "desconocida",
		"FREQ=WEEKLY;;COUNT=2":               "NOMBRE=VALOR",
		"FREQ=WEEKLY;WKST=1MO":               "WKST",
	}
	for s, word := range invalid {
		_, err := recurrence.ValidateRRule(s)
		if err == nil || !strings.Contains(err.Error(), word) {
			t.Errorf("ValidateRRule(%q) = %v, want an error mentioning %q", s, err, word)
		}
	}
}

// TestRuleTimesWallClock: a weekly 10:00 event from March to October in
// Santiago crosses the April change (summer time ends) and the September
// change (it starts); every occurrence must read 10:00 on the clock, and
// be the instant Go's time package gives for 10:00 that day.
func TestRuleTimesWallClock(t *testing.T) {
	for _, zone := range []string{"America/Santiago", "Pacific/Easter", "America/Punta_Arenas"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		r, err := recurrence.ParseRRule("FREQ=WEEKLY;COUNT=35")
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2027, time.March, 4, 10, 0, 0, 0, loc)
		got := r.Times(start, start.AddDate(2, 0, 0))
		if len(got) != 35 {
			t.Fatalf("%s: %d occurrences, want 35", zone, len(got))
		}
		offsets := map[int]bool{}
		for i, o := range got {
			want := time.Date(2027, time.March, 4+7*i, 10, 0, 0, 0, loc)
			if !o.Equal(want) || o.Hour() != 10 || o.Minute() != 0 {
				t.Errorf("%s: occurrence %d = %v, want %v", zone, i, o, want)
			}
			_, off := o.Zone()
			offsets[off] = true
		}
		if zone == "America/Santiago" && len(offsets) != 2 {
			t.Errorf("the test must cross both changes; offsets seen: %v", offsets)
		}
	}
}

func TestRuleLimitsAndUntil(t *testing.T) {
	loc, _ := time.LoadLocation("America/Santiago")
	start := time.Date(2027, time.March, 4, 10, 0, 0, 0, loc)
	r, _ := recurrence.ParseRRule("FREQ=WEEKLY")
	if got := r.Times(start, time.Date(2027, time.March, 25, 10, 0, 0, 0, loc)); len(got) != 4 {
		t.Errorf("unbounded rule through the limit (inclusive): %d occurrences, want 4", len(got))
	}
	if got := r.Times(start, start.AddDate(200, 0, 0)); len(got) != 5000 {
		t.Errorf("expansion must stop at its safety bound, got %d", len(got))
	}
	// UNTIL as a date includes that day's occurrence.
	r, _ = recurrence.ParseRRule("FREQ=WEEKLY;UNTIL=20270318")
	if got := r.Times(start, start.AddDate(1, 0, 0)); len(got) != 3 {
		t.Errorf("UNTIL date: %d occurrences, want 3 (4, 11 and 18 March)", len(got))
	}
	// All-day: days, across the September change at midnight.
	r, _ = recurrence.ParseRRule("FREQ=DAILY;UNTIL=20270906")
	d := time.Date(2027, time.September, 3, 0, 0, 0, 0, time.UTC)
	got := r.Dates(d, loc, time.Date(2028, time.January, 1, 0, 0, 0, 0, time.UTC))
	var s []string
	for _, x := range got {
		s = append(s, x.Format(time.DateOnly))
	}
	if want := "2027-09-03 2027-09-04 2027-09-05 2027-09-06"; strings.Join(s, " ") != want {
		t.Errorf("Dates = %v, want %s", s, want)
	}
}
