package ical

import (
	"bytes"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// zones are the site time zones Cabildo must serve: the mainland,
// Magallanes (no summer time since 2016) and Rapa Nui.
var zones = []string{"America/Santiago", "America/Punta_Arenas", "Pacific/Easter"}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func sampleCalendar(loc *time.Location) Calendar {
	return Calendar{
		Name:        "Agenda municipal: cultura, deporte; \"vecinos\"",
		Description: "Actividades públicas de la Municipalidad de Ejemplo.\nHorario de Chile continental.",
		URL:         "https://muni.example.cl/eventos/",
		Source:      "https://muni.example.cl/eventos/calendario.ics",
		Location:    loc,
		Contact:     Organizer{Name: "Municipalidad de Ejemplo", Email: "contacto@muni.example.cl"},
	}
}

var modified = time.Date(2026, time.November, 2, 13, 4, 5, 0, time.UTC)

// sampleEvents covers each kind of event a feed carries: timed, all-day
// over several days, cancelled, postponed, weekly across both summer-time
// changes, with GEO and ORGANIZER, and text built to break writers.
func sampleEvents(loc *time.Location) []Event {
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	return []Event{
		{
			UID:         "evento-feria-navidena@muni.example.cl",
			Sequence:    2,
			Summary:     "Feria navideña",
			Description: "Artesanía local, música en vivo y juegos.",
			Start:       at(2026, time.December, 5, 10, 0),
			End:         at(2026, time.December, 5, 14, 0),
			Location:    "Plaza de Armas, Av. Principal 100",
			Geo:         &Geo{Lat: -33.4489, Lon: -70.6693},
			URL:         "https://muni.example.cl/eventos/feria-navidena/",
			Categories:  []string{"cultura", "ferias, mercados"},
			Organizer:   Organizer{Name: "Dirección de Desarrollo Comunitario, DIDECO; \"oficina\"", Email: "dideco@muni.example.cl"},
			Modified:    modified,
		},
		{
			UID:       "evento-vacaciones-invierno@muni.example.cl",
			Summary:   "Vacaciones de invierno en bibliotecas",
			AllDay:    true,
			StartDate: Date{2027, time.July, 12},
			EndDate:   Date{2027, time.July, 23},
			Location:  "Bibliotecas municipales",
			URL:       "https://muni.example.cl/eventos/vacaciones-invierno/",
			Modified:  modified,
		},
		{
			UID:      "evento-concierto@muni.example.cl",
			Sequence: 1,
			Status:   Cancelled,
			Summary:  "Concierto de verano",
			Start:    at(2027, time.January, 16, 20, 30),
			End:      at(2027, time.January, 16, 22, 0),
			Location: "Anfiteatro del parque",
			URL:      "https://muni.example.cl/eventos/concierto/",
			Modified: modified,
		},
		{
			UID:       "evento-cicletada@muni.example.cl",
			Sequence:  1,
			Status:    Postponed,
			Summary:   "Cicletada familiar",
			Start:     at(2027, time.February, 7, 9, 0),
			End:       at(2027, time.February, 7, 12, 0),
			Location:  "Costanera",
			Organizer: Organizer{Name: "Oficina de Deportes"}, // no e-mail: Calendar.Contact's is used
			Modified:  modified,
		},
		{
			UID:     "evento-taller-huertos@muni.example.cl",
			Summary: "Taller de huertos urbanos",
			Start:   at(2027, time.March, 6, 10, 0),
			End:     at(2027, time.March, 6, 12, 0),
			RRule:   "FREQ=WEEKLY;COUNT=30",
			// One Saturday dropped, one moved to Sunday afternoon.
			Cancelled:  []Date{{2027, time.March, 20}},
			Moved:      []Moved{{Date: Date{2027, time.March, 27}, Start: at(2027, time.March, 28, 15, 0), End: at(2027, time.March, 28, 17, 0)}},
			Location:   "Centro comunitario Villa Sur",
			URL:        "https://muni.example.cl/eventos/taller-huertos/",
			Categories: []string{"medio ambiente"},
			Modified:   modified,
		},
		{
			UID:         "evento-texto-dificil@muni.example.cl",
			Status:      Tentative,
			Summary:     "Cuenta pública: ¿qué hicimos?, metas; logros \\ desafíos — ñandú 🎉🇨🇱 </script> áéíóú ÁÉÍÓÚ ñÑ üÜ",
			Description: "Primera línea, con comas; y punto y coma.\r\nSegunda línea\tcon tabulador y \x07campana\x00.\n\nEmoji 👩🏽‍🌾👨‍👩‍👧 y acentos: áéíóúáéíóúáéíóúáéíóúáéíóúáéíóúáéíóúáéíóúáéíóú </script><script>alert(1)</script>",
			Start:       at(2027, time.April, 3, 23, 30), // the last evening before the April change
			End:         at(2027, time.April, 4, 1, 30),
			Location:    "Salón \"Bernardo O'Higgins\"; 2º piso, oficina 3\\B",
			Geo:         &Geo{Lat: -27.1127, Lon: -109.3497},
			URL:         "https://muni.example.cl/eventos/cuenta-publica/?año=2027&x=1,2",
			Categories:  []string{"gobierno; transparencia", "cuenta pública"},
			Organizer:   Organizer{Name: "Alcaldía: Gabinete", Email: "gabinete@muni.example.cl"},
			Modified:    modified.Add(48 * time.Hour),
		},
		{
			UID:      "evento-feria-libre@muni.example.cl",
			Summary:  "Feria libre (todos los domingos)",
			Start:    at(2027, time.August, 1, 8, 0),
			End:      at(2027, time.August, 1, 15, 0),
			RRule:    "FREQ=WEEKLY;BYDAY=SU",
			Location: "Calle Los Aromos",
			Modified: modified,
		},
		{
			UID:       "evento-aniversario@muni.example.cl",
			Summary:   "Aniversario de la comuna",
			AllDay:    true,
			StartDate: Date{2027, time.May, 20},
			RRule:     "FREQ=YEARLY;UNTIL=20300520T120000",
			Cancelled: []Date{{2028, time.May, 20}},
			Moved:     []Moved{{Date: Date{2029, time.May, 20}, StartDate: Date{2029, time.May, 19}, EndDate: Date{2029, time.May, 20}}},
			Modified:  modified,
		},
	}
}

// render writes a feed, failing the test on error.
func render(t testing.TB, cal Calendar, events []Event) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, cal, events); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// decode parses a feed with emersion/go-ical, a parser written
// independently of golang-ical.
func decode(t testing.TB, data []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot decode the feed: %v\n%s", err, data)
	}
	return cal
}
