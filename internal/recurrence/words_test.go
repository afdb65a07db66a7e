package recurrence_test

import (
	"testing"
	"time"

	"cabildo/internal/recurrence"
)

// TestDescribe puts rules in words as the event pages show them, and
// leaves out (returns "") the rules words would mislead about.
func TestDescribe(t *testing.T) {
	loc, _ := time.LoadLocation("America/Santiago")
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, loc) }
	for _, c := range []struct {
		rule        string
		first, last time.Time
		count       int
		endless     bool
		want        string
	}{
		{"FREQ=WEEKLY;COUNT=12", at(2027, 3, 4), at(2027, 5, 20), 12, false, "Todos los jueves, 12 veces, del 4 de marzo al 20 de mayo de 2027"},
		{"FREQ=WEEKLY;BYDAY=MO,WE,FR", at(2027, 3, 1), at(2028, 3, 1), 157, true, "Todos los lunes, miércoles y viernes, desde el 1 de marzo de 2027"},
		{"FREQ=WEEKLY;INTERVAL=2;UNTIL=20280115", at(2027, 12, 4), at(2028, 1, 15), 4, false, "Cada 2 semanas, los sábados, del 4 de diciembre de 2027 al 15 de enero de 2028"},
		{"FREQ=MONTHLY;BYDAY=1MO;COUNT=1", at(2027, 3, 1), at(2027, 3, 1), 1, false, "El primer lunes de cada mes, 1 vez, el 1 de marzo de 2027"},
		{"FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", at(2027, 1, 31), at(2027, 3, 31), 3, false, "El último día de cada mes, 3 veces, del 31 de enero al 31 de marzo de 2027"},
		{"FREQ=YEARLY", at(2027, 5, 20), at(2028, 5, 20), 2, true, "Todos los años, el 20 de mayo, desde el 20 de mayo de 2027"},
		{"FREQ=DAILY;BYDAY=MO", at(2027, 3, 1), at(2027, 3, 8), 2, true, ""},
		{"FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", at(2027, 3, 31), at(2027, 4, 30), 2, true, ""},
	} {
		r, err := recurrence.ParseRRule(c.rule)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Describe(c.first, c.last, c.count, c.endless); got != c.want {
			t.Errorf("%s: %q, want %q", c.rule, got, c.want)
		}
	}
}
