package render

import (
	"html/template"
	"slices"
	"strconv"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

// Quarterly reports: /informes/<year>-t<n>/ is the Gabinete's report of a
// quarter to the municipal administration (its function 6). It joins what
// the office wrote in content/informes/<year>-t<n>.md (the six areas, the
// budget, the staff) with what Cabildo knows of the quarter (press
// releases, events held and cancelled, lobby audiences with their subject
// matter, trips with their cost, gifts, months without lobby records).
// /informes/ lists them; resumen.csv and resumen.json beside each page are
// its figures as open data (reportsummary.go).
//
// A quarter gets a report when it has any of that content, or a written
// report, and has begun by Options.Now; the current quarter's report grows
// as the quarter goes on. Events count in the quarter they start; an event
// "held" is one that is neither cancelled nor postponed and has started by
// Now. A recurring event counts once, on its first date.

func init() { register((*Renderer).reportJobs) }

// Quarter is a calendar quarter (content.Quarter).
type Quarter = content.Quarter

func quarterOf(d content.Date) Quarter { return content.QuarterOf(d) }

// ReportOfficial is one official's lobby activity in a quarter.
type ReportOfficial struct {
	*OfficialLink
	AudienceCount, TripCount, GiftCount int
	Cost                                content.Money // of their trips in the quarter
}

// ReportMonth is one month of a quarter's activity, for the chart.
type ReportMonth struct {
	content.Month
	Label            string // "julio"
	Press, Held      int
	Cancelled, Lobby int  // Lobby: audiences, trips and gifts
	LobbyGap         bool // ended without lobby records
}

// Report is the Data of a quarter's page.
type Report struct {
	Quarter
	Current   bool            // the quarter of Now: not over yet
	Written   *content.Report // what the office wrote, or nil
	Body      template.HTML   // the written report's six areas
	Press     []*content.PressRelease
	Held      []*content.Event
	Cancelled []*content.Event
	Audiences []*AudienceView
	Trips     []*TripView
	Gifts     []*GiftView
	TripCost  content.Money
	Officials []*ReportOfficial // those with lobby records in the quarter, site.yaml order
	ByMonth   []*ReportMonth    // the quarter's months up to Now's
	LobbyGaps []content.Month   // months of the quarter that ended without lobby records
	Chart     template.HTML     // the months as an SVG bar chart (chart.go)
	Budget    []BudgetRow       // the written budget's lines, then nothing: see BudgetTotal
	BudgetSum *BudgetRow        // the computed totals, when there is a budget
	Staff     []StaffFigure     // the written staff figures, in legal order
}

// StaffFigure is how many people of one kind of employment the unit has.
type StaffFigure struct {
	Label string // "Planta"
	N     int
}

// BudgetRow is one line of a written budget, with its execution rate.
type BudgetRow struct {
	Item              string
	Planned, Executed content.Money
	Rate              string // "98,8 %"; "—" when nothing was planned
}

func budgetRow(item string, planned, executed content.Money) BudgetRow {
	row := BudgetRow{Item: item, Planned: planned, Executed: executed, Rate: "—"}
	if planned > 0 {
		// One decimal, rounded half up, with a decimal comma (es-CL).
		tenths := (int64(executed)*1000 + int64(planned)/2) / int64(planned)
		row.Rate = strconv.FormatInt(tenths/10, 10) + "," + strconv.FormatInt(tenths%10, 10) + " %"
	}
	return row
}

// Empty reports a quarter with nothing to tell.
func (r *Report) Empty() bool {
	return r.Written == nil && len(r.Press)+len(r.Held)+len(r.Cancelled)+len(r.Audiences)+len(r.Trips)+len(r.Gifts) == 0
}

// CSV and JSON are the URLs of the quarter's summary.
func (r *Report) CSV() string  { return r.URL() + "resumen.csv" }
func (r *Report) JSON() string { return r.URL() + "resumen.json" }

// GapLabels names the months without lobby records: "julio y agosto".
func (r *Report) GapLabels() string {
	var names []string
	for _, m := range r.LobbyGaps {
		names = append(names, spanish.Month(m.Month))
	}
	return joinAnd(names)
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	out := xs[0]
	for _, x := range xs[1 : len(xs)-1] {
		out += ", " + x
	}
	return out + " y " + xs[len(xs)-1]
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
			Description: "Informe de cada trimestre del " + r.cfg.Title + " a la administración municipal: su gestión en seis áreas, comunicados, actividades y registros de la Ley del Lobby.",
			Breadcrumbs: []Crumb{{"Inicio", "/"}},
			Data:        &ReportsView{Reports: reports},
		})
	}}
	for _, rep := range reports {
		jobs = append(jobs, func() { r.reportPage(rep) }, func() { r.reportSummary(rep) })
		if rep.Written != nil {
			jobs = append(jobs, func() { r.aliases(rep.Written) })
		}
	}
	return jobs
}

func (r *Renderer) reportPage(shared *Report) {
	// Other jobs read the report at the same time: the page's body goes
	// into a copy of its own.
	own := *shared
	rep := &own
	p := &Page{
		Title:       "Informe del " + rep.Label(),
		Description: "Gestión del Gabinete, comunicados, actividades y registros de la Ley del Lobby de " + rep.Months() + " de " + strconv.Itoa(rep.Year) + ".",
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Informes", "/informes/"}},
		Data:        rep,
		JSONLD:      []any{r.reportLD(rep)},
		Feeds: []Feed{{"Resumen del trimestre (CSV)", rep.CSV(), "text/csv"},
			{"Resumen del trimestre (JSON)", rep.JSON(), "application/json"}},
	}
	if w := rep.Written; w != nil {
		b := r.body(w)
		rep.Body = template.HTML(b.HTML)
		p.Headings = b.Headings
		if w.Title != "" {
			p.Title = w.Title
		}
		if w.Summary != "" {
			p.Description = w.Summary
		}
	}
	r.page(rep.URL(), "report.html", p)
}

// reportLD describes a quarter's page as a schema.org Report of the
// organisation, covering the quarter's days.
func (r *Renderer) reportLD(rep *Report) map[string]any {
	ld := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "Report",
		"name":                "Informe del " + rep.Label(),
		"url":                 r.AbsURL(rep.URL()),
		"inLanguage":          r.cfg.Language,
		"temporalCoverage":    rep.FirstDay().String() + "/" + rep.LastDay().String(),
		"publisher":           map[string]any{"@type": "GovernmentOrganization", "name": r.cfg.Title + " — " + r.cfg.Organization, "url": r.AbsURL("/")},
		"encoding":            []any{map[string]any{"@type": "MediaObject", "contentUrl": r.AbsURL(rep.CSV()), "encodingFormat": "text/csv"}, map[string]any{"@type": "MediaObject", "contentUrl": r.AbsURL(rep.JSON()), "encodingFormat": "application/json"}},
		"isAccessibleForFree": true,
	}
	if w := rep.Written; w != nil {
		if w.Title != "" {
			ld["name"] = w.Title
		}
		if w.Summary != "" {
			ld["description"] = w.Summary
		}
		if !w.Updated.IsZero() {
			ld["dateModified"] = w.Updated.In(r.loc).Format("2006-01-02T15:04:05-07:00")
		}
	}
	return ld
}

// reports returns the reports of every quarter with content up to the
// quarter of Now, newest first.
func (r *Renderer) reports() []*Report {
	now := quarterOf(content.DateOf(r.now))
	byQ := map[Quarter]*Report{}
	get := func(d content.Date) *Report {
		q := quarterOf(d)
		if now.Before(q) {
			return nil
		}
		rep := byQ[q]
		if rep == nil {
			rep = &Report{Quarter: q, Current: q == now}
			byQ[q] = rep
		}
		return rep
	}
	for _, w := range r.site.Reports {
		if q, ok := content.ParseQuarter(w.Doc.Slug); ok {
			// A written report is published even for a quarter that
			// has not begun: the office wrote it to be read.
			rep := byQ[q]
			if rep == nil {
				rep = &Report{Quarter: q, Current: q == now}
				byQ[q] = rep
			}
			rep.Written = w
			for _, l := range w.Budget {
				rep.Budget = append(rep.Budget, budgetRow(l.Item, l.Planned, l.Executed))
			}
			if st := w.Staff; st != nil {
				for _, f := range []struct {
					label string
					n     *int
				}{{"Planta", st.Permanent}, {"Contrata", st.FixedTerm}, {"Honorarios", st.FeeBased}} {
					if f.n != nil {
						rep.Staff = append(rep.Staff, StaffFigure{f.label, *f.n})
					}
				}
			}
			if len(w.Budget) > 0 {
				sum := budgetRow("Total", w.Planned(), w.Executed())
				rep.BudgetSum = &sum
			}
		}
	}
	for _, p := range r.site.Press {
		if rep := get(content.DateOf(p.Date.In(r.loc))); rep != nil {
			rep.Press = append(rep.Press, p)
		}
	}
	for _, e := range r.site.Events {
		switch st := statusOf(e.EffectiveStatus()); {
		case st.Undated:
			// Postponed: neither held nor cancelled; it will count
			// when it happens.
		case st.Off:
			if rep := get(e.Start.Date); rep != nil {
				rep.Cancelled = append(rep.Cancelled, e)
			}
		default:
			if !e.Start.Instant(r.loc).After(r.now) {
				if rep := get(e.Start.Date); rep != nil {
					rep.Held = append(rep.Held, e)
				}
			}
		}
	}
	l := r.reportLobby()
	// Per official and quarter, through a map: no scan of the officials
	// per record.
	type key struct {
		q  Quarter
		id string
	}
	stats := map[key]*ReportOfficial{}
	official := func(rep *Report, o *OfficialLink) *ReportOfficial {
		if o == nil {
			return nil
		}
		k := key{rep.Quarter, o.ID}
		s := stats[k]
		if s == nil {
			s = &ReportOfficial{OfficialLink: o}
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
	gaps := map[content.Month]bool{}
	for _, m := range r.site.LobbyGaps(r.now) {
		gaps[m] = true
	}
	out := make([]*Report, 0, len(byQ))
	for _, rep := range byQ {
		for _, o := range l.officials {
			if s := stats[key{rep.Quarter, o.ID}]; s != nil {
				rep.Officials = append(rep.Officials, s)
			}
		}
		r.reportMonths(rep, gaps)
		out = append(out, rep)
	}
	slices.SortFunc(out, func(a, b *Report) int {
		switch {
		case a.Quarter == b.Quarter:
			return 0
		case b.Quarter.Before(a.Quarter):
			return -1 // newest first
		}
		return 1
	})
	return out
}

// reportMonths counts the quarter's activity per month, up to Now's month,
// and draws the chart.
func (r *Renderer) reportMonths(rep *Report, gaps map[content.Month]bool) {
	current := content.MonthOf(content.DateOf(r.now))
	byM := map[content.Month]*ReportMonth{}
	for _, m := range rep.MonthList() {
		if current.Before(m) {
			break
		}
		rm := &ReportMonth{Month: m, Label: spanish.Month(m.Month), LobbyGap: gaps[m]}
		if rm.LobbyGap {
			rep.LobbyGaps = append(rep.LobbyGaps, m)
		}
		byM[m] = rm
		rep.ByMonth = append(rep.ByMonth, rm)
	}
	at := func(d content.Date) *ReportMonth { return byM[content.MonthOf(d)] }
	for _, p := range rep.Press {
		if m := at(content.DateOf(p.Date.In(r.loc))); m != nil {
			m.Press++
		}
	}
	for _, e := range rep.Held {
		if m := at(e.Start.Date); m != nil {
			m.Held++
		}
	}
	for _, e := range rep.Cancelled {
		if m := at(e.Start.Date); m != nil {
			m.Cancelled++
		}
	}
	for _, a := range rep.Audiences {
		if m := at(a.Date); m != nil {
			m.Lobby++
		}
	}
	for _, t := range rep.Trips {
		if m := at(t.StartDate); m != nil {
			m.Lobby++
		}
	}
	for _, g := range rep.Gifts {
		if m := at(g.Date); m != nil {
			m.Lobby++
		}
	}
	rep.Chart = monthChart(rep)
}

// reportLobby returns the lobby's views for the reports, which only read
// them: those of the last render when the lobby's inputs are the same
// (its scope's, which hold the clock), as they are after most edits.
// Resolving the 1,200 records again was half of the reports' work after
// every edit in serve.
func (r *Renderer) reportLobby() *lobby {
	c := r.opt.Cache
	d, ok := r.deps("report lobby")
	if c == nil || !ok || !r.lobbyInputs(d) {
		return r.newLobby()
	}
	key := d.h.Sum64()
	c.mu.Lock()
	kept := c.reportLobby
	c.mu.Unlock()
	if kept.l != nil && kept.key == key {
		return kept.l
	}
	l := r.newLobby()
	c.mu.Lock()
	c.reportLobby = keyedLobby{key, l}
	c.mu.Unlock()
	return l
}
