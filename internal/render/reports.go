package render

import (
	"slices"
	"strconv"

	"cabildo/internal/content"
)

// Quarterly reports: /informes/<year>-t<n>/ sums up a quarter of the
// cabinet's work (press releases, events held and cancelled, lobby
// audiences, trips and gifts, per official) for the council and for
// citizens who do not follow the site every week. /informes/ lists them.
//
// A quarter gets a report when it has any of that content and has begun by
// Options.Now; the current quarter's report grows as the quarter goes on.
// Events count in the quarter they start; an event "held" is one that is
// neither cancelled nor postponed and has started by Now. A recurring event
// counts once, on its first date.

func init() { register((*Renderer).reportJobs) }

// Quarter is a calendar quarter: N is 1 to 4.
type Quarter struct{ Year, N int }

func quarterOf(d content.Date) Quarter { return Quarter{d.Year, (int(d.Month)-1)/3 + 1} }

func (q Quarter) before(p Quarter) bool {
	return q.Year < p.Year || q.Year == p.Year && q.N < p.N
}

// Slug is "2026-t3".
func (q Quarter) Slug() string { return strconv.Itoa(q.Year) + "-t" + strconv.Itoa(q.N) }

// URL is "/informes/2026-t3/".
func (q Quarter) URL() string { return "/informes/" + q.Slug() + "/" }

var quarterOrdinals = [4]string{"primer", "segundo", "tercer", "cuarto"}
var quarterMonths = [4]string{"enero a marzo", "abril a junio", "julio a septiembre", "octubre a diciembre"}

// Label is "tercer trimestre de 2026".
func (q Quarter) Label() string {
	return quarterOrdinals[q.N-1] + " trimestre de " + strconv.Itoa(q.Year)
}

// Months is "julio a septiembre".
func (q Quarter) Months() string { return quarterMonths[q.N-1] }

// ReportOfficial is one official's lobby activity in a quarter.
type ReportOfficial struct {
	*LobbyOfficial
	AudienceCount, TripCount, GiftCount int
	Cost                                content.Money // of their trips in the quarter
}

// Report is the Data of a quarter's page.
type Report struct {
	Quarter
	Current   bool // the quarter of Now: not over yet
	Press     []*content.PressRelease
	Held      []*content.Event
	Cancelled []*content.Event
	Audiences []*AudienceView
	Trips     []*TripView
	Gifts     []*GiftView
	TripCost  content.Money
	Officials []*ReportOfficial // those with lobby records in the quarter, site.yaml order
}

// Empty reports a quarter with nothing to tell.
func (r *Report) Empty() bool {
	return len(r.Press)+len(r.Held)+len(r.Cancelled)+len(r.Audiences)+len(r.Trips)+len(r.Gifts) == 0
}

// LobbyTable returns the quarter's rows of a lobby registry for the
// shared table partials.
func (r *Report) LobbyTable(slug string) LobbyTable {
	t := LobbyTable{ID: "tabla-" + slug, Officials: true}
	g := tableRows(&t, slug, r.Audiences, r.Trips, r.Gifts)
	t.Caption = upperFirst(g.Slug) + " del " + r.Label()
	return t
}

// ReportsView is the Data of /informes/.
type ReportsView struct{ Reports []*Report }

// reportJobs groups the content by quarter in one pass over each list and
// returns one job per quarter and one for the index.
func (r *Renderer) reportJobs() []func() {
	reports := r.reports()
	jobs := []func(){func() {
		r.page("/informes/", "report-index.html", &Page{
			Title:       "Informes trimestrales",
			Description: "Resumen de cada trimestre del " + r.cfg.Title + ": comunicados, actividades y registros de la Ley del Lobby.",
			Breadcrumbs: []Crumb{{"Inicio", "/"}},
			Data:        &ReportsView{Reports: reports},
		})
	}}
	for _, rep := range reports {
		jobs = append(jobs, func() {
			r.page(rep.URL(), "report.html", &Page{
				Title:       "Informe del " + rep.Label(),
				Description: "Comunicados, actividades y registros de la Ley del Lobby de " + rep.Months() + " de " + strconv.Itoa(rep.Year) + ".",
				Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Informes", "/informes/"}},
				Data:        rep,
			})
		})
	}
	return jobs
}

// reports returns the reports of every quarter with content up to the
// quarter of Now, newest first.
func (r *Renderer) reports() []*Report {
	now := quarterOf(content.DateOf(r.now))
	byQ := map[Quarter]*Report{}
	get := func(d content.Date) *Report {
		q := quarterOf(d)
		if now.before(q) {
			return nil
		}
		rep := byQ[q]
		if rep == nil {
			rep = &Report{Quarter: q, Current: q == now}
			byQ[q] = rep
		}
		return rep
	}
	for _, p := range r.site.Press {
		if rep := get(content.DateOf(p.Date.In(r.loc))); rep != nil {
			rep.Press = append(rep.Press, p)
		}
	}
	for _, e := range r.site.Events {
		switch e.EffectiveStatus() {
		case content.StatusCancelled:
			if rep := get(e.Start.Date); rep != nil {
				rep.Cancelled = append(rep.Cancelled, e)
			}
		case content.StatusPostponed:
			// Neither held nor cancelled: it will count when it happens.
		default:
			if !e.Start.Instant(r.loc).After(r.now) {
				if rep := get(e.Start.Date); rep != nil {
					rep.Held = append(rep.Held, e)
				}
			}
		}
	}
	l := r.newLobby()
	// Per official and quarter, through a map: no scan of the officials
	// per record.
	type key struct {
		q  Quarter
		id string
	}
	stats := map[key]*ReportOfficial{}
	official := func(rep *Report, o *LobbyOfficial) *ReportOfficial {
		if o == nil {
			return nil
		}
		k := key{rep.Quarter, o.ID}
		s := stats[k]
		if s == nil {
			s = &ReportOfficial{LobbyOfficial: o}
			stats[k] = s
		}
		return s
	}
	for _, a := range l.audiences {
		if rep := get(a.Date); rep != nil {
			rep.Audiences = append(rep.Audiences, a)
			for _, o := range a.Officials {
				official(rep, o).AudienceCount++
			}
		}
	}
	for _, t := range l.trips {
		if rep := get(t.StartDate); rep != nil {
			rep.Trips = append(rep.Trips, t)
			rep.TripCost += t.TotalCost
			if s := official(rep, t.Official); s != nil {
				s.TripCount++
				s.Cost += t.TotalCost
			}
		}
	}
	for _, g := range l.gifts {
		if rep := get(g.Date); rep != nil {
			rep.Gifts = append(rep.Gifts, g)
			if s := official(rep, g.Official); s != nil {
				s.GiftCount++
			}
		}
	}
	out := make([]*Report, 0, len(byQ))
	for _, rep := range byQ {
		for _, o := range l.officials {
			if s := stats[key{rep.Quarter, o.ID}]; s != nil {
				rep.Officials = append(rep.Officials, s)
			}
		}
		out = append(out, rep)
	}
	slices.SortFunc(out, func(a, b *Report) int {
		switch {
		case a.Quarter == b.Quarter:
			return 0
		case b.Quarter.before(a.Quarter):
			return -1 // newest first
		}
		return 1
	})
	return out
}
