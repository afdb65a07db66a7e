package recurrence

import (
	"strconv"
	"strings"
	"time"

	"cabildo/internal/spanish"
)

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

// Describe puts the rule in words for a series whose first and last
// listed occurrences start at first and last, count of them, endless when
// the rule goes on past last: "Todos los jueves, 12 veces, del 4
// de marzo al 20 de mayo de 2027". It covers DAILY, WEEKLY (with plain
// BYDAY), MONTHLY (on a day of the month, or "el primer lunes") and
// YEARLY on the start's date, with INTERVAL, COUNT and UNTIL; for any
// other part it returns "" and the page lists the dates instead, which
// never mislead.
func (rule *Rule) Describe(first, last time.Time, count int, endless bool) string {
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
	start := first
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
	case "YEARLY":
		if byday != "" || bymonthday != "" {
			return ""
		}
		head = every(n, "Todos los años", "años") + ", el " + strconv.Itoa(start.Day()) + " de " + spanish.Month(start.Month())
	default:
		return ""
	}
	if endless {
		return head + ", desde el " + dayMonthYear(first)
	}
	out := head
	if rule.Count > 0 {
		out += ", " + spanish.Plural(count, "vez", "veces")
	}
	if count == 1 {
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
