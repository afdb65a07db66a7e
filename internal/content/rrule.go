package content

import (
	"fmt"
	"strconv"
	"strings"
)

// rruleParts are the RFC 5545 RRULE parts and what each accepts.
var rruleParts = map[string]func(string) bool{
	"FREQ": func(v string) bool {
		switch v {
		case "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
			return true
		}
		return false
	},
	"UNTIL":      func(v string) bool { return rruleUntil(v) },
	"COUNT":      func(v string) bool { n, err := strconv.Atoi(v); return err == nil && n > 0 && n <= 1000 },
	"INTERVAL":   func(v string) bool { n, err := strconv.Atoi(v); return err == nil && n > 0 && n <= 1000 },
	"BYSECOND":   intList(0, 60, false),
	"BYMINUTE":   intList(0, 59, false),
	"BYHOUR":     intList(0, 23, false),
	"BYDAY":      byDayList,
	"BYMONTHDAY": intList(1, 31, true),
	"BYYEARDAY":  intList(1, 366, true),
	"BYWEEKNO":   intList(1, 53, true),
	"BYMONTH":    intList(1, 12, false),
	"BYSETPOS":   intList(1, 366, true),
	"WKST":       func(v string) bool { return weekday(v) },
}

func intList(lo, hi int, signed bool) func(string) bool {
	return func(v string) bool {
		for _, f := range strings.Split(v, ",") {
			if signed {
				f = strings.TrimLeft(f, "+-")
			}
			n, err := strconv.Atoi(f)
			if err != nil || n < lo || n > hi || strings.HasPrefix(f, "+") || strings.HasPrefix(f, "-") {
				return false
			}
		}
		return true
	}
}

func weekday(v string) bool {
	switch v {
	case "MO", "TU", "WE", "TH", "FR", "SA", "SU":
		return true
	}
	return false
}

func byDayList(v string) bool {
	for _, f := range strings.Split(v, ",") {
		if len(f) < 2 || !weekday(f[len(f)-2:]) {
			return false
		}
		if n := strings.TrimLeft(f[:len(f)-2], "+-"); n != "" {
			if k, err := strconv.Atoi(n); err != nil || k < 1 || k > 53 {
				return false
			}
		}
	}
	return true
}

func rruleUntil(v string) bool {
	if len(v) == 8 {
		_, err := ParseDate(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
		return err == nil
	}
	if len(v) == 16 && v[8] == 'T' && v[15] == 'Z' {
		_, err := ParseDate(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
		h, e1 := strconv.Atoi(v[9:11])
		m, e2 := strconv.Atoi(v[11:13])
		s, e3 := strconv.Atoi(v[13:15])
		return err == nil && e1 == nil && e2 == nil && e3 == nil && h < 24 && m < 60 && s < 60
	}
	return false
}

// ValidateRRule checks an RFC 5545 recurrence rule as editors write it in
// `recurrence` ("FREQ=WEEKLY;COUNT=6"), and returns it in canonical form
// (upper case, no spaces). Rules that would repeat for ever are accepted;
// feeds bound them.
func ValidateRRule(s string) (string, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	s = strings.TrimPrefix(s, "RRULE:")
	if s == "" {
		return "", fmt.Errorf("repetición vacía: escriba una regla como FREQ=WEEKLY;COUNT=6")
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, "=")
		check, known := rruleParts[k]
		switch {
		case !ok || v == "":
			return "", fmt.Errorf("repetición no válida %q: cada parte es NOMBRE=VALOR separada por ;, por ejemplo FREQ=WEEKLY;COUNT=6", s)
		case !known:
			return "", fmt.Errorf("repetición no válida: %s no es una parte de RRULE (RFC 5545)", k)
		case seen[k]:
			return "", fmt.Errorf("repetición no válida: %s aparece dos veces", k)
		case !check(v):
			return "", fmt.Errorf("repetición no válida: valor %q de %s", v, k)
		}
		seen[k] = true
	}
	if !seen["FREQ"] {
		return "", fmt.Errorf("repetición no válida %q: falta FREQ (DAILY, WEEKLY, MONTHLY o YEARLY)", s)
	}
	if seen["COUNT"] && seen["UNTIL"] {
		return "", fmt.Errorf("repetición no válida %q: use COUNT o UNTIL, no ambos", s)
	}
	return s, nil
}
