package spanish

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	scl, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, scl)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	day := func(s string) time.Time { return at(s + " 12:00") }
	tests := []struct{ got, want string }{
		{Date(at("2026-11-27 10:00")), "viernes 27 de noviembre de 2026"},
		{Time(at("2026-11-27 10:00")), "10:00 hrs."},
		{Range(at("2026-12-05 10:00"), at("2026-12-05 14:00"), false), "sábado 5 de diciembre de 2026, 10:00 a 14:00 hrs."},
		{Range(at("2027-04-03 20:00"), at("2027-04-04 02:00"), false), "sábado 3 de abril de 2027, 20:00 hrs., al domingo 4 de abril de 2027, 02:00 hrs."},
		{Range(day("2026-12-18"), day("2026-12-20"), true), "del viernes 18 al domingo 20 de diciembre de 2026"},
		{Range(day("2026-12-30"), day("2027-01-02"), true), "del miércoles 30 de diciembre de 2026 al sábado 2 de enero de 2027"},
		{Range(day("2026-11-30"), day("2026-12-02"), true), "del lunes 30 de noviembre al miércoles 2 de diciembre de 2026"},
		{Range(day("2026-12-18"), time.Time{}, true), "viernes 18 de diciembre de 2026"},
		{Range(at("2026-12-05 10:00"), time.Time{}, false), "sábado 5 de diciembre de 2026, 10:00 hrs."},
		{Money(185000), "$185.000"},
		{Money(0), "$0"},
		{Money(1234567), "$1.234.567"},
		{Money(999), "$999"},
		{Int(-12500), "-12.500"},
		{Plural(1, "comunicado", "comunicados"), "1 comunicado"},
		{Plural(1500, "comunicado", "comunicados"), "1.500 comunicados"},
		{MonthYear(at("2026-08-01 10:00")), "agosto de 2026"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}
