package render

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

// This file puts events in Spanish words: what they cost, how accessible
// they are, how they repeat, and short excerpts of their text.

// costLabel says what an event costs: "Gratuito" for 0, "$3.000", or ""
// when the editor did not say.
func costLabel(m *content.Money) string {
	switch {
	case m == nil:
		return ""
	case *m == 0:
		return "Gratuito"
	}
	return spanish.Money(int64(*m))
}

// accessibility puts an event's accessibility in words, one line each.
// An unanswered question is left out rather than guessed.
func accessibility(a *content.Accessibility) []string {
	if a == nil {
		return nil
	}
	var out []string
	if a.StepFree != nil {
		if *a.StepFree {
			out = append(out, "Acceso sin escalones.")
		} else {
			out = append(out, "El acceso tiene escalones.")
		}
	}
	if a.SignLanguage != nil {
		if *a.SignLanguage {
			out = append(out, "Con intérprete de lengua de señas.")
		} else {
			out = append(out, "Sin intérprete de lengua de señas.")
		}
	}
	if n := strings.TrimSpace(a.Notes); n != "" {
		out = append(out, n)
	}
	return out
}

// excerpt cuts plain text to about n characters at a word boundary.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if cut >= n {
			s = s[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:.") + "…"
}

// weekdaysPlural are the days as in "todos los jueves".
var weekdaysPlural = map[string]string{
	"MO": "lunes", "TU": "martes", "WE": "miércoles", "TH": "jueves",
	"FR": "viernes", "SA": "sábados", "SU": "domingos",
}

var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

var ordinals = map[string]string{"1": "primer", "2": "segundo", "3": "tercer", "4": "cuarto", "5": "quinto", "-1": "último", "-2": "penúltimo"}

var weekdaysSingular = map[string]string{
	"MO": "lunes", "TU": "martes", "WE": "miércoles", "TH": "jueves",
	"FR": "viernes", "SA": "sábado", "SU": "domingo",
}

// describeRule puts a rule in words: "Todos los jueves, 12 veces, del 4
// de marzo al 20 de mayo de 2027". It covers DAILY, WEEKLY (with plain
// BYDAY), MONTHLY (on a day of the month, or "el primer lunes") and
// YEARLY on the start's date, with INTERVAL, COUNT and UNTIL; for any
// other part it returns "" and the page lists the dates instead, which
// never mislead.
func describeRule(s *series) string {
	rule := s.rule
	for _, p := range rule.Parts {
		switch p.Name {
		case "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY":
		case "WKST":
			if rule.Interval != 1 || rule.Freq != "WEEKLY" || rule.Part("BYDAY") == "" {
				return "" // WKST changes which weeks count
			}
		default:
			return ""
		}
	}
	start := s.first
	n := rule.Interval
	var head string
	byday, bymonthday := rule.Part("BYDAY"), rule.Part("BYMONTHDAY")
	switch rule.Freq {
	case "DAILY":
		if byday != "" || bymonthday != "" {
			return ""
		}
		head = every(n, "Todos los días", "días")
	case "WEEKLY":
		if bymonthday != "" {
			return ""
		}
		days := []string{weekdayCodes[start.Weekday()]}
		if byday != "" {
			days = strings.Split(byday, ",")
		}
		var names []string
		for _, d := range days {
			name, ok := weekdaysPlural[d]
			if !ok {
				return "" // an ordinal has no meaning in a weekly rule
			}
			names = append(names, name)
		}
		list := spanishList(names)
		if n == 1 {
			head = "Todos los " + list
		} else {
			head = "Cada " + strconv.Itoa(n) + " semanas, los " + list
		}
	case "MONTHLY":
		months := every(n, "cada mes", "meses")
		switch {
		case byday != "" && bymonthday != "":
			return ""
		case byday != "":
			if strings.Contains(byday, ",") || len(byday) < 3 {
				return ""
			}
			ord, ok := ordinals[byday[:len(byday)-2]]
			if !ok {
				return ""
			}
			head = "El " + ord + " " + weekdaysSingular[byday[len(byday)-2:]] + " de " + months
		case bymonthday != "":
			if strings.Contains(bymonthday, ",") || strings.HasPrefix(bymonthday, "-") {
				if bymonthday != "-1" {
					return ""
				}
				head = "El último día de " + months
			} else {
				head = "El día " + bymonthday + " de " + months
			}
		default:
			head = "El día " + strconv.Itoa(start.Day()) + " de " + months
		}
		head = upperFirst(head)
	case "YEARLY":
		if byday != "" || bymonthday != "" {
			return ""
		}
		head = every(n, "Todos los años", "años") + ", el " + strconv.Itoa(start.Day()) + " de " + spanish.Month(start.Month())
	default:
		return ""
	}
	first := s.first
	if s.endless {
		return head + ", desde el " + dayMonthYear(first)
	}
	last := s.last
	out := head
	if rule.Count > 0 {
		out += ", " + spanish.Plural(len(s.occ), "vez", "veces")
	}
	if len(s.occ) == 1 {
		return out + ", el " + dayMonthYear(first)
	}
	if first.Year() == last.Year() {
		return out + ", del " + strconv.Itoa(first.Day()) + " de " + spanish.Month(first.Month()) + " al " + dayMonthYear(last)
	}
	return out + ", del " + dayMonthYear(first) + " al " + dayMonthYear(last)
}

func every(n int, one, unit string) string {
	if n == 1 {
		return one
	}
	return "Cada " + strconv.Itoa(n) + " " + unit
}

func dayMonthYear(t time.Time) string {
	return strconv.Itoa(t.Day()) + " de " + spanish.Month(t.Month()) + " de " + strconv.Itoa(t.Year())
}

// spanishList joins "lunes", "miércoles", "viernes" as "lunes, miércoles y viernes".
func spanishList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " y " + xs[len(xs)-1]
}

// agendaOfficials are the officials named in some event's agenda_of, in
