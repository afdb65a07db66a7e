package content

import (
	"strconv"
	"time"

	"cabildo/internal/spanish"
)

// Quarter is a calendar quarter: N is 1 to 4. The Gabinete reports to the
// municipal administration every quarter (its function 6), so the quarter
// is the unit of /informes/ and of content/informes/<año>-t<n>.md.
type Quarter struct{ Year, N int }

// QuarterOf returns the quarter of d.
func QuarterOf(d Date) Quarter { return Quarter{d.Year, (int(d.Month)-1)/3 + 1} }

// ParseQuarter reads a report's slug, "2026-t3".
func ParseQuarter(slug string) (Quarter, bool) {
	if len(slug) != 7 || slug[4:6] != "-t" || slug[6] < '1' || slug[6] > '4' {
		return Quarter{}, false
	}
	y, err := strconv.Atoi(slug[:4])
	if err != nil || y < 1900 {
		return Quarter{}, false
	}
	return Quarter{y, int(slug[6] - '0')}, true
}

// Before reports whether q comes before p.
func (q Quarter) Before(p Quarter) bool {
	return q.Year < p.Year || q.Year == p.Year && q.N < p.N
}

// Next returns the quarter after q.
func (q Quarter) Next() Quarter {
	if q.N == 4 {
		return Quarter{q.Year + 1, 1}
	}
	return Quarter{q.Year, q.N + 1}
}

// Slug is "2026-t3": the report's file name and the page's folder.
func (q Quarter) Slug() string { return strconv.Itoa(q.Year) + "-t" + strconv.Itoa(q.N) }

// URL is "/informes/2026-t3/".
func (q Quarter) URL() string { return "/informes/" + q.Slug() + "/" }

// FirstMonth returns the quarter's first month.
func (q Quarter) FirstMonth() Month { return Month{q.Year, time.Month(3*q.N - 2)} }

// MonthList returns the quarter's three months, in order.
func (q Quarter) MonthList() []Month {
	m := q.FirstMonth()
	return []Month{m, m.Next(), m.Next().Next()}
}

// FirstDay and LastDay are the quarter's first and last days.
func (q Quarter) FirstDay() Date { return Date{q.Year, time.Month(3*q.N - 2), 1} }
func (q Quarter) LastDay() Date {
	last := []int{31, 30, 30, 31}[q.N-1]
	return Date{q.Year, time.Month(3 * q.N), last}
}

var quarterOrdinals = [4]string{"primer", "segundo", "tercer", "cuarto"}

// Label is "tercer trimestre de 2026".
func (q Quarter) Label() string {
	return quarterOrdinals[q.N-1] + " trimestre de " + strconv.Itoa(q.Year)
}

// Months is "julio a septiembre".
func (q Quarter) Months() string {
	return spanish.Month(q.FirstDay().Month) + " a " + spanish.Month(q.LastDay().Month)
}
