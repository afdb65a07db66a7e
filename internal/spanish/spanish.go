// Package spanish formats dates, times, money and counts the way Chileans
// read them: "viernes 27 de noviembre de 2026", "10:00 hrs.", "$185.000".
// It does not depend on the system locale: output is the same on every
// machine, as a deterministic build needs.
package spanish

import (
	"strconv"
	"strings"
	"time"
)

var weekdays = [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}

var months = [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// Weekday returns the day's name in lower case: "viernes".
func Weekday(d time.Weekday) string { return weekdays[d] }

// Month returns the month's name in lower case: "noviembre".
func Month(m time.Month) string { return months[m-1] }

// Date returns "viernes 27 de noviembre de 2026".
func Date(t time.Time) string {
	return weekdays[t.Weekday()] + " " + strconv.Itoa(t.Day()) + " de " + months[t.Month()-1] + " de " + strconv.Itoa(t.Year())
}

// ShortDate returns "27 de noviembre de 2026".
func ShortDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + " de " + months[t.Month()-1] + " de " + strconv.Itoa(t.Year())
}

// MonthYear returns "noviembre de 2026".
func MonthYear(t time.Time) string {
	return months[t.Month()-1] + " de " + strconv.Itoa(t.Year())
}

// Clock returns "10:00"; Time returns "10:00 hrs.".
func Clock(t time.Time) string { return t.Format("15:04") }
func Time(t time.Time) string  { return Clock(t) + " hrs." }

// DateTime returns "viernes 27 de noviembre de 2026, 10:00 hrs.".
func DateTime(t time.Time) string { return Date(t) + ", " + Time(t) }

// Range says when something happens, in the location of start:
//
//	same day, timed:  "sábado 5 de diciembre de 2026, 10:00 a 14:00 hrs."
//	several days:     "sábado 5 de diciembre de 2026, 20:00 hrs., al domingo 6 de diciembre de 2026, 02:00 hrs."
//	all day:          "viernes 18 de diciembre de 2026" or "del viernes 18 al domingo 20 de diciembre de 2026"
//
// end may be zero (no end given).
func Range(start, end time.Time, allDay bool) string {
	if allDay {
		if end.IsZero() || sameDay(start, end) {
			return Date(start)
		}
		if start.Year() == end.Year() && start.Month() == end.Month() {
			return "del " + weekdays[start.Weekday()] + " " + strconv.Itoa(start.Day()) + " al " + Date(end)
		}
		if start.Year() == end.Year() {
			return "del " + weekdays[start.Weekday()] + " " + strconv.Itoa(start.Day()) + " de " + months[start.Month()-1] + " al " + Date(end)
		}
		return "del " + Date(start) + " al " + Date(end)
	}
	if end.IsZero() || end.Equal(start) {
		return DateTime(start)
	}
	end = end.In(start.Location())
	if sameDay(start, end) {
		return Date(start) + ", " + Clock(start) + " a " + Clock(end) + " hrs."
	}
	return DateTime(start) + ", al " + DateTime(end)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Money formats whole pesos: 185000 → "$185.000".
func Money(n int64) string {
	s := Int(n)
	if strings.HasPrefix(s, "-") {
		return "-$" + s[1:]
	}
	return "$" + s
}

// Int formats an integer with dots between thousands: 12500 → "12.500".
func Int(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Plural returns "1 comunicado" or "3 comunicados" ("0 comunicados").
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Int(int64(n)) + " " + many
}
