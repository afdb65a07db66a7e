package content

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"cabildo/internal/spanish"
)

// This file holds what the three lobby-law registries (Ley 20.730 art. 8:
// audiences, trips, gifts) share beyond their types: the month each record
// belongs to, the Spanish labels of their codes, and the check that every
// month since the first record was published.

// Month is a calendar month. The law asks for the registries to be published
// month by month, so it is the unit of the lobby lists and of the gap check.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month of d.
func MonthOf(d Date) Month { return Month{d.Year, d.Month} }

// Next returns the month after m.
func (m Month) Next() Month {
	if m.Month == time.December {
		return Month{m.Year + 1, time.January}
	}
	return Month{m.Year, m.Month + 1}
}

// Compare returns -1, 0 or +1.
func (m Month) Compare(n Month) int {
	if m.Year != n.Year {
		return cmpInt(m.Year, n.Year)
	}
	return cmpInt(int(m.Month), int(n.Month))
}

func (m Month) Before(n Month) bool { return m.Compare(n) < 0 }
func (m Month) IsZero() bool        { return m == Month{} }

// String returns "2026-08", the form used in anchors and open data.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Label returns "agosto de 2026".
func (m Month) Label() string { return spanish.Month(m.Month) + " de " + fmt.Sprint(m.Year) }

// Months returns every month from first to last, both included, oldest
// first; nil when last is before first.
func Months(first, last Month) []Month {
	var out []Month
	for m := first; !last.Before(m); m = m.Next() {
		out = append(out, m)
	}
	return out
}

// Day returns the calendar day of the audience in loc, the site's zone.
func (a *Audience) Day(loc *time.Location) Date { return DateOf(a.Start.In(loc)) }

// LobbyMonths returns, oldest first and without repetition, every month in
// which at least one audience, trip or gift was recorded. Trips count in the
// month they started, audiences in the month (in the site's zone) they
// were held. A record whose date could not be read (an error already
// reported) has no month: it must not stretch the registries back to year 1.
func (s *Site) LobbyMonths() []Month {
	seen := map[Month]bool{}
	add := func(d Date) {
		if !d.IsZero() {
			seen[MonthOf(d)] = true
		}
	}
	for _, a := range s.Audiences {
		if !a.Start.IsZero() {
			add(a.Day(s.Config.Location))
		}
	}
	for _, t := range s.Trips {
		add(t.StartDate)
	}
	for _, g := range s.Gifts {
		add(g.Date)
	}
	out := make([]Month, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	slices.SortFunc(out, Month.Compare)
	return out
}

// LobbyGaps returns, oldest first, the months that ended before now in which
// no audience, trip or gift was recorded, counting from the month of the
// first record. The law expects the registries to be published every month
// (Ley 20.730 art. 9; Reglamento art. 10): a month without records must say
// so, and a missing month usually means records that were not uploaded. The
// month containing now is not over, so it is never a gap. Both the build
// (as warnings) and editors' checks use it.
func (s *Site) LobbyGaps(now time.Time) []Month {
	months := s.LobbyMonths()
	if len(months) == 0 {
		return nil
	}
	current := MonthOf(DateOf(now.In(s.Config.Location)))
	recorded := make(map[Month]bool, len(months))
	for _, m := range months {
		recorded[m] = true
	}
	var gaps []Month
	for m := months[0]; m.Before(current); m = m.Next() {
		if !recorded[m] {
			gaps = append(gaps, m)
		}
	}
	return gaps
}

// LobbyGapMessage is the warning for the months without lobby records
// (LobbyGaps, oldest first), in the words an editor needs to act on it:
// one warning naming them in order, not one per month sorted by name.
func LobbyGapMessage(gaps []Month) string {
	labels := make([]string, len(gaps))
	for i, m := range gaps {
		labels[i] = m.Label()
	}
	list := strings.Join(labels, ", ")
	if n := len(labels); n > 1 {
		list = strings.Join(labels[:n-1], ", ") + " y " + labels[n-1]
	}
	return fmt.Sprintf("no hay registros de lobby de %s: la ley exige publicar cada mes; si no hubo audiencias, viajes ni donativos, el sitio ya lo muestra como «Sin registros»; si los hubo, agréguelos en content/lobby/", list)
}

// LobbyGapPos is where month-gap warnings point: the lobby folder as a
// whole, since no single file is at fault.
var LobbyGapPos = Pos{File: "content/lobby"}

// ModalityLabel returns the Spanish label of an audience modality.
func ModalityLabel(code string) string {
	switch code {
	case ModalityInPerson:
		return "Presencial"
	case ModalityVideoconference:
		return "Videoconferencia"
	}
	return code
}

// PersonKindLabel returns "Persona jurídica" or "Persona natural".
func PersonKindLabel(code string) string {
	switch code {
	case PersonLegal:
		return "Persona jurídica"
	case PersonNatural:
		return "Persona natural"
	}
	return code
}

// Decision categories of an audience: the kinds of decision the lobbying
// sought to influence (Ley 20.730 art. 5).
const (
	DecisionAdministrativeAct = "administrative_act"
	DecisionContract          = "contract"
	DecisionPolicy            = "policy_plan_program"
	DecisionLegislative       = "legislative"
	DecisionPrevent           = "prevent"
)

// DecisionCategoryLabel returns the Spanish label of a decision category,
// in the terms of Ley 20.730 art. 5.
func DecisionCategoryLabel(code string) string {
	switch code {
	case DecisionAdministrativeAct:
		return "Acto administrativo"
	case DecisionContract:
		return "Contrato"
	case DecisionPolicy:
		return "Política, plan o programa"
	case DecisionLegislative:
		// Art. 5 n°2 covers bills and regulations ("proyectos de ley y
		// de reglamentos"); a municipality's own ordinances are regulations.
		return "Proyecto de ley o reglamento"
	case DecisionPrevent:
		return "Evitar la adopción de una decisión"
	}
	return code
}

// GiftClassificationLabel returns the Spanish label of a gift's
// classification.
func GiftClassificationLabel(code string) string {
	switch code {
	case GiftOfficial:
		return "Oficial"
	case GiftProtocol:
		return "Protocolar"
	case GiftCourtesy:
		return "De cortesía"
	}
	return code
}

// countries names, in Spanish, the countries an official of a Chilean
// municipality most often travels to. Any other code is shown as written.
var countries = map[string]string{
	"AR": "Argentina", "BO": "Bolivia", "BR": "Brasil", "CA": "Canadá",
	"CL": "Chile", "CN": "China", "CO": "Colombia", "CR": "Costa Rica",
	"CU": "Cuba", "DE": "Alemania", "EC": "Ecuador", "ES": "España",
	"FR": "Francia", "GB": "Reino Unido", "IT": "Italia", "JP": "Japón",
	"KR": "Corea del Sur", "MX": "México", "NZ": "Nueva Zelanda",
	"PA": "Panamá", "PE": "Perú", "PT": "Portugal", "PY": "Paraguay",
	"US": "Estados Unidos", "UY": "Uruguay", "VE": "Venezuela",
}

// CountryName returns the Spanish name of an ISO 3166-1 alpha-2 code, or
// the code itself when it is not in the list.
func CountryName(code string) string {
	if name, ok := countries[code]; ok {
		return name
	}
	return code
}
