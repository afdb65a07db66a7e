package content

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cabildo/internal/spanish"

	"github.com/nyaruka/phonenumbers"
)

// Date is a calendar date with no time of day and no zone, as editors write
// it: 2026-11-27. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses YYYY-MM-DD and rejects impossible dates such as
// 2026-02-30 with a message an editor understands.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("fecha no válida %q: escríbala como AAAA-MM-DD, por ejemplo 2026-11-27", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || y < 1 {
		return Date{}, fmt.Errorf("fecha no válida %q: escríbala como AAAA-MM-DD, por ejemplo 2026-11-27", s)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("fecha no válida %q: el mes %d no existe (use 01 a 12)", s, m)
	}
	if last := daysIn(time.Month(m), y); d < 1 || d > last {
		return Date{}, fmt.Errorf("fecha no válida %q: %s de %d tiene %d días", s, spanish.Month(time.Month(m)), y, last)
	}
	return Date{y, time.Month(m), d}, nil
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (d Date) IsZero() bool { return d == Date{} }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// In returns midnight of d in loc. Chile's summer time starts at midnight, so
// midnight may not exist; time.Date then moves forward, which is what "the
// start of that day" means.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// localLayouts are the wall-time forms CONTENT.md accepts, without offset.
var localLayouts = []string{
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
}

// offsetLayouts carry an explicit UTC offset, which settles the ambiguous
// hour when summer time ends.
var offsetLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04Z07:00",
}

// ParseDateTime parses a date-time written in the site's time zone loc. A
// wall time that does not exist in loc (skipped when summer time starts) is
// an error, and so is one that happens twice (when it ends) unless an
// explicit offset says which.
func ParseDateTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return time.Time{}, fmt.Errorf("fecha y hora no válidas %q: escríbalas como AAAA-MM-DDTHH:MM, por ejemplo 2026-12-05T10:00", s)
	}
	d, err := ParseDate(s[:10])
	if err != nil {
		return time.Time{}, err
	}
	if strings.ContainsAny(s[10:], ".,") {
		// time.Parse accepts fractions of a second after the seconds even
		// when the layout has none; they would be dropped silently.
		return time.Time{}, fmt.Errorf("fecha y hora no válidas %q: sin fracciones de segundo; escríbalas como AAAA-MM-DDTHH:MM, por ejemplo 2026-12-05T10:00", s)
	}
	for _, layout := range offsetLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(loc), nil
		}
	}
	var wall time.Time
	for _, layout := range localLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			wall = t
			break
		}
	}
	if wall.IsZero() {
		if len(s) > 11 {
			if clock := s[11:]; strings.HasPrefix(clock, "24") {
				return time.Time{}, fmt.Errorf("hora no válida %q: las horas van de 00:00 a 23:59; para la medianoche use 00:00 del día siguiente", s)
			}
		}
		return time.Time{}, fmt.Errorf("fecha y hora no válidas %q: escríbalas como AAAA-MM-DDTHH:MM (horas de 00:00 a 23:59), por ejemplo 2026-12-05T10:00", s)
	}
	h, m, sec := wall.Clock()
	matches := localInstants(d, h, m, sec, loc)
	switch len(matches) {
	case 0:
		return time.Time{}, fmt.Errorf("la hora %02d:%02d del %s no existe en %s: ese día se adelanta el reloj por el horario de verano; use una hora posterior", h, m, d, loc)
	case 1:
		return matches[0], nil
	}
	_, off1 := matches[0].Zone()
	_, off2 := matches[1].Zone()
	return time.Time{}, fmt.Errorf("la hora %02d:%02d del %s ocurre dos veces en %s (se atrasa el reloj): agregue la diferencia horaria, %sT%02d:%02d%s o %sT%02d:%02d%s",
		h, m, d, loc, d, h, m, formatOffset(off1), d, h, m, formatOffset(off2))
}

// localInstants returns every instant whose wall clock in loc reads the given
// date and time: none in a gap, two in an overlap. Go's time.Date picks one
// silently, so each offset in force around that day is tried instead.
func localInstants(d Date, h, m, s int, loc *time.Location) []time.Time {
	wallUTC := time.Date(d.Year, d.Month, d.Day, h, m, s, 0, time.UTC)
	var offsets []int
	for _, probe := range []time.Duration{-36 * time.Hour, 0, 36 * time.Hour} {
		_, off := wallUTC.Add(probe).In(loc).Zone()
		if len(offsets) == 0 || !containsInt(offsets, off) {
			offsets = append(offsets, off)
		}
	}
	var out []time.Time
	for _, off := range offsets {
		t := wallUTC.Add(-time.Duration(off) * time.Second).In(loc)
		if _, o := t.Zone(); o != off {
			continue
		}
		y, mo, dd := t.Date()
		hh, mm, ss := t.Clock()
		if y == d.Year && mo == d.Month && dd == d.Day && hh == h && mm == m && ss == s {
			out = append(out, t)
		}
	}
	// Sort by instant so that messages are stable.
	if len(out) == 2 && out[1].Before(out[0]) {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d:%02d", sign, sec/3600, sec%3600/60)
}

// When is an event's start or end: a date alone (all-day) or a local
// date-time.
type When struct {
	Date   Date      // the calendar day, set in both cases
	Time   time.Time // the instant; zero for all-day values
	AllDay bool
}

// ParseWhen accepts a date (all-day) or a date-time in loc.
func ParseWhen(s string, loc *time.Location) (When, error) {
	if len(strings.TrimSpace(s)) == 10 {
		d, err := ParseDate(s)
		return When{Date: d, AllDay: true}, err
	}
	t, err := ParseDateTime(s, loc)
	if err != nil {
		return When{}, err
	}
	return When{Date: DateOf(t), Time: t}, nil
}

// Instant returns the start of an all-day value in loc, or the instant.
func (w When) Instant(loc *time.Location) time.Time {
	if w.AllDay {
		return w.Date.In(loc)
	}
	return w.Time
}

// Phone is a phone number as the editor wrote it, with its E.164 form for
// tel: links. Short codes (133, 1455) keep their digits: they have no E.164.
type Phone struct {
	Raw  string // as written: "22 540 17 56 anexo 123"
	E164 string // "+56225401756", or "1455" for a short code
	Ext  string // the extension's digits ("123"), or ""
}

// URI is the phone as a tel: URI (RFC 3966), with its extension:
// "tel:+56225401756;ext=123". It holds only "tel:", "+", digits and
// ";ext=", so it is safe in an href and in a vCard's TEL.
func (p Phone) URI() string {
	if p.Ext == "" {
		return "tel:" + p.E164
	}
	return "tel:" + p.E164 + ";ext=" + p.Ext
}

// Helplines are Chilean public short numbers that libphonenumber's
// metadata for Chile does not list as valid short numbers, although
// every phone in the country dials them. libphonenumber already accepts
// 131 (ambulancias, SAMU), 132 (Bomberos), 133 (Carabineros), 134 (PDI),
// 135 (Fono Drogas), 137 (emergencias marítimas), 139 (informaciones
// policiales), 147 (Fono Niños) and 149 (Fono Familia).
//
// Sources: the emergency numbers 130–149 listed by El Austral de Osorno,
// 6 December 2019, https://australosorno.cl/impresa/2019/12/06/full/cuerpo-principal/8
// (130 CONAF, 136 Rescate Andino, 138 rescate aéreo); the Ministerio de la
// Mujer y la Equidad de Género, https://minmujeryeg.gob.cl/?page_id=4023
// (1455, fono de orientación); SENDA's Fono Drogas y Alcohol 1412, 24
// hours a day, as reported by El Dínamo, 15 November 2023,
// https://www.eldinamo.cl/pais/2023/11/15/alcohol-y-drogas-como-funciona-la-linea-telefonica-para-recibir-ayuda-por-consumo-problematico/
//
// Other short numbers of a comuna (a municipal security line) go in
// site.yaml's short_numbers.
var Helplines = map[string]string{
	"130":  "CONAF, incendios forestales",
	"136":  "Rescate Andino",
	"138":  "Rescate aéreo (FACh)",
	"1412": "SENDA, Fono Drogas y Alcohol",
	"1455": "SernamEG, Fono Orientación en violencia contra las mujeres",
}

// ParsePhone parses a Chilean or international number, with an extension
// ("anexo 123", "ext. 123"), or a short code: one that libphonenumber
// knows for Chile, one of Helplines, or one of local (site.yaml's
// short_numbers, digits only).
func ParsePhone(raw string, local []string) (Phone, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Phone{}, fmt.Errorf("teléfono vacío")
	}
	if _, ok := Helplines[s]; ok || slices.Contains(local, s) {
		return Phone{Raw: s, E164: s}, nil
	}
	num, err := phonenumbers.Parse(s, "CL")
	if err != nil {
		return Phone{}, fmt.Errorf("teléfono no válido %q: escríbalo como 22 540 17 56, +56 9 8765 4321 o un número corto como 133", raw)
	}
	if phonenumbers.IsValidNumber(num) {
		return Phone{Raw: s, E164: phonenumbers.Format(num, phonenumbers.E164), Ext: num.GetExtension()}, nil
	}
	if !strings.HasPrefix(s, "+") && num.GetExtension() == "" && phonenumbers.IsValidShortNumberForRegion(num, "CL") {
		// The digits libphonenumber validated: letters count as on a
		// keypad ("13O" is not 13), so dropping them would dial another
		// number.
		return Phone{Raw: s, E164: phonenumbers.GetNationalSignificantNumber(num)}, nil
	}
	return Phone{}, fmt.Errorf("teléfono no válido %q: no es un número chileno ni internacional válido ni un número corto conocido; revise los dígitos (un fijo de Santiago es 22 xxx xx xx, un móvil +56 9 xxxx xxxx, un anexo 22 540 17 56 anexo 123) o, si es un número corto de la comuna, agréguelo a short_numbers en site.yaml", raw)
}

// Money is an amount in whole Chilean pesos.
type Money int64

// String formats m as citizens read it: $185.000.
func (m Money) String() string {
	n := int64(m)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return sign + "$" + b.String()
}

// ParseMoney parses whole pesos written as a plain integer.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("monto no válido %q: escriba pesos enteros, sin signo $ ni puntos, por ejemplo 185000", s)
	}
	if n < 0 {
		return 0, fmt.Errorf("monto no válido %q: no puede ser negativo", s)
	}
	return Money(n), nil
}

// RUT is a Chilean tax id with a verified check digit, normalised to
// "76123456-0" (no dots, upper-case K).
type RUT string

// ParseRUT accepts 76123456-0 or 76.123.456-0 and verifies the mod-11 check
// digit.
func ParseRUT(s string) (RUT, error) {
	clean := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
	body, dv, ok := strings.Cut(clean, "-")
	if !ok || len(dv) != 1 || len(body) < 6 || len(body) > 9 {
		return "", fmt.Errorf("RUT no válido %q: escríbalo como 76123456-0", s)
	}
	for _, c := range body {
		if c < '0' || c > '9' {
			return "", fmt.Errorf("RUT no válido %q: escríbalo como 76123456-0", s)
		}
	}
	if want := RUTCheckDigit(body); string(want) != dv {
		return "", fmt.Errorf("RUT no válido %q: el dígito verificador debería ser %c; revise el número", s, want)
	}
	return RUT(body + "-" + dv), nil
}

// RUTCheckDigit computes the mod-11 check digit of the digits of a RUT.
func RUTCheckDigit(body string) byte {
	sum, mul := 0, 2
	for i := len(body) - 1; i >= 0; i-- {
		sum += int(body[i]-'0') * mul
		if mul++; mul > 7 {
			mul = 2
		}
	}
	switch r := 11 - sum%11; r {
	case 11:
		return '0'
	case 10:
		return 'K'
	default:
		return byte('0' + r)
	}
}

// ValidSlug reports whether s is a slug: lower-case ASCII letters, digits and
// single hyphens, neither first nor last.
func ValidSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
