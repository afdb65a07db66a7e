package render

import (
	"html/template"
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

// The lobby family publishes the three registries of Ley 20.730 art. 8 that
// a municipality keeps for its sujetos pasivos:
//
//	/lobby/                          what the law asks, the latest month, links
//	/lobby/audiencias/               audiences by month, newest first
//	/lobby/viajes/, /lobby/donativos/ trips and gifts, the same way
//	/lobby/audiencias/<slug>/ …      one page per record, every legal field
//	/lobby/autoridades/<id>/         one page per official of site.yaml
//	/lobby/datos/                    data dictionary (see opendata.go)
//
// Lists show every month from the first record of any registry to the
// month of Options.Now, including months without records ("Sin
// registros"): the law requires monthly publication, and saying a month had
// no audiences is itself the publication. Months in the past without any
// record also produce a warning, which the build gives (content.Site.LobbyGaps).

func init() {
	registerScoped(scope{name: "lobby", folders: []string{"lobby/"}, inputs: (*Renderer).lobbyInputs}, (*Renderer).lobbyJobs)
}

// lobbyInputs adds to d what the lobby's pages and open data read,
// beyond what every page shares: the records, their bodies, and the
// institutions they name (site.yaml's officials drop the memo).
func (r *Renderer) lobbyInputs(d *deps) bool {
	if !itemsDeps(r, d, r.site.Audiences) || !itemsDeps(r, d, r.site.Trips) || !itemsDeps(r, d, r.site.Gifts) {
		return false
	}
	d.u64(uint64(len(r.site.Institutions)))
	for _, in := range r.site.Institutions {
		d.item(in)
	}
	return true
}

// External registries citizens may compare with.
const (
	leyLobbyURL  = "https://www.leylobby.gob.cl"
	infoLobbyURL = "https://www.infolobby.cl"
)

// LobbyOfficial is an official of site.yaml with their records, newest first.
type LobbyOfficial struct {
	*content.Official
	URL       string // "/lobby/autoridades/alcalde/"
	Audiences []*AudienceView
	Trips     []*TripView
	Gifts     []*GiftView
	TripCost  content.Money // total cost of their trips
}

// Records is how many records of any registry the official has.
func (o *LobbyOfficial) Records() int { return len(o.Audiences) + len(o.Trips) + len(o.Gifts) }

// OfficialLink is how a record names an official: their site.yaml entry
// and page. Not the LobbyOfficial, whose lists hold every record of the
// official: a record's page shows none of them, and its page hash
// (pagememo.go) need not reach them.
type OfficialLink struct {
	*content.Official
	URL string // "/lobby/autoridades/alcalde/"
}

// AttendeeView is an attendee as published: a protected one has no name.
type AttendeeView struct {
	Name       string // "" when Protected
	Protected  bool
	Role       string // "Lobbista" or "Gestor(a) de intereses particulares"
	Employer   string
	Represents []string // names of the represented parties
}

// RepresentedView is a represented party with its Spanish kind.
type RepresentedView struct {
	Name, Kind  string // Kind: "Persona jurídica" or "Persona natural"
	RUT         content.RUT
	Institution *content.Institution // in the directory, when the record says so
}

// AudienceView is an audience with every reference resolved and every code
// turned into its Spanish label.
type AudienceView struct {
	*content.Audience
	Heading     string // the title, or "Audiencia con …" when there is none
	Officials   []*OfficialLink
	When        string // "miércoles 18 de noviembre de 2026, 09:00 a 10:00 hrs."
	Date        content.Date
	Modality    string // "Presencial"
	Attendees   []AttendeeView
	Represented []RepresentedView
	Decisions   []string // "Acto administrativo", …
	Reserved    bool     // some attendee's identity is withheld
}

// PartyView is a funder or donor with its Spanish kind ("" if not given).
type PartyView struct{ Name, Kind string }

func partyViews(ps []content.Party) []PartyView {
	out := make([]PartyView, len(ps))
	for i, p := range ps {
		out[i] = PartyView{p.Name, content.PersonKindLabel(p.Kind)}
	}
	return out
}

// TripView is a trip with its official and its destination in Spanish.
type TripView struct {
	*content.Trip
	Heading    string // the title, or "Viaje a …"
	Official   *OfficialLink
	When       string // "del miércoles 23 al sábado 26 de septiembre de 2026"
	Country    string // "Argentina"
	FunderList []PartyView
	Host       *content.Institution // the host institution, if given
}

// GiftView is a gift with its official and classification in Spanish.
type GiftView struct {
	*content.Gift
	Heading        string // the title, or the description
	Official       *OfficialLink
	When           string // "jueves 12 de noviembre de 2026"
	Classification string // "Protocolar"
	DonorList      []PartyView
}

// LobbyMonth is one month of the registries: possibly empty.
type LobbyMonth struct {
	content.Month
	ID        string // "2026-08", for anchors
	Label     string // "agosto de 2026"
	Audiences []*AudienceView
	Trips     []*TripView
	Gifts     []*GiftView
}

// Empty reports a month without records in any registry.
func (m *LobbyMonth) Empty() bool { return len(m.Audiences)+len(m.Trips)+len(m.Gifts) == 0 }

// lobby is the resolved registries, built once before the jobs run; the
// jobs only read it.
type lobby struct {
	officials []*LobbyOfficial // site.yaml order
	byID      map[string]*LobbyOfficial
	links     map[string]*OfficialLink // by id
	months    []*LobbyMonth            // newest first, from the first record to now's month
	audiences []*AudienceView
	trips     []*TripView
	gifts     []*GiftView
}

// newLobby resolves every record once: officials by id through a map and
// records into months through a map, so the work is linear in the records.
func (r *Renderer) newLobby() *lobby {
	l := &lobby{byID: map[string]*LobbyOfficial{}, links: map[string]*OfficialLink{}}
	for i := range r.cfg.Officials {
		o := &r.cfg.Officials[i]
		lo := &LobbyOfficial{Official: o, URL: "/lobby/autoridades/" + o.ID + "/"}
		l.officials = append(l.officials, lo)
		l.byID[o.ID] = lo
		l.links[o.ID] = &OfficialLink{Official: o, URL: lo.URL}
	}
	byMonth := map[content.Month]*LobbyMonth{}
	month := func(d content.Date) *LobbyMonth {
		k := content.MonthOf(d)
		m := byMonth[k]
		if m == nil {
			m = &LobbyMonth{Month: k, ID: k.String(), Label: k.Label()}
			byMonth[k] = m
		}
		return m
	}
	// The site's lists are sorted newest first (content.Site.Sort), so
	// appending in order keeps every month and official newest first.
	for _, a := range r.site.Audiences {
		v := r.audienceView(a, l.links)
		l.audiences = append(l.audiences, v)
		m := month(v.Date)
		m.Audiences = append(m.Audiences, v)
		for _, o := range v.Officials {
			l.byID[o.ID].Audiences = append(l.byID[o.ID].Audiences, v)
		}
	}
	for _, t := range r.site.Trips {
		v := &TripView{Trip: t, Official: l.links[t.Official], Country: content.CountryName(t.Destination.Country),
			When: spanish.Range(dayTime(t.StartDate), dayTime(t.LastDate()), true), Heading: t.Title, FunderList: partyViews(t.Funders),
			Host: r.site.Institution(t.Host)}
		if v.Heading == "" {
			v.Heading = "Viaje a " + t.Destination.Place
		}
		l.trips = append(l.trips, v)
		m := month(t.StartDate)
		m.Trips = append(m.Trips, v)
		if lo := l.byID[t.Official]; lo != nil {
			lo.Trips = append(lo.Trips, v)
			lo.TripCost += t.TotalCost
		}
	}
	for _, g := range r.site.Gifts {
		v := &GiftView{Gift: g, Official: l.links[g.Official], Classification: content.GiftClassificationLabel(g.Classification),
			When: spanish.Date(dayTime(g.Date)), Heading: g.Title, DonorList: partyViews(g.Donors)}
		if v.Heading == "" {
			v.Heading = g.Description
		}
		l.gifts = append(l.gifts, v)
		m := month(g.Date)
		m.Gifts = append(m.Gifts, v)
		if lo := l.byID[g.Official]; lo != nil {
			lo.Gifts = append(lo.Gifts, v)
		}
	}
	if len(byMonth) == 0 {
		return l
	}
	first, last := content.MonthOf(content.DateOf(r.now)), content.MonthOf(content.DateOf(r.now))
	for k := range byMonth {
		if k.Before(first) {
			first = k
		}
		if last.Before(k) {
			last = k // a record dated after now's month still gets its month
		}
	}
	span := content.Months(first, last)
	for i := len(span) - 1; i >= 0; i-- {
		l.months = append(l.months, month(content.Date{Year: span[i].Year, Month: span[i].Month, Day: 1}))
	}
	return l
}

func (r *Renderer) audienceView(a *content.Audience, officials map[string]*OfficialLink) *AudienceView {
	v := &AudienceView{Audience: a, Date: a.Day(r.loc), Modality: content.ModalityLabel(a.Modality),
		When: spanish.Range(a.Start.In(r.loc), a.End.In(r.loc), false)}
	for _, id := range a.Officials {
		if o := officials[id]; o != nil {
			v.Officials = append(v.Officials, o)
		}
	}
	names := make(map[string]string, len(a.Represented))
	var all []string
	for _, p := range a.Represented {
		names[p.ID] = p.Name
		all = append(all, p.Name)
		v.Represented = append(v.Represented, RepresentedView{Name: p.Name, Kind: content.PersonKindLabel(p.Kind), RUT: p.RUT, Institution: r.site.Institution(p.Institution)})
	}
	if v.Heading = a.Title; v.Heading == "" {
		v.Heading = "Audiencia con " + strings.Join(all, ", ")
	}
	for _, at := range a.Attendees {
		av := AttendeeView{Protected: at.Protected, Role: at.Role(), Employer: at.Employer}
		v.Reserved = v.Reserved || at.Protected
		if !at.Protected {
			av.Name = at.Name
		}
		for _, id := range at.Represents {
			av.Represents = append(av.Represents, names[id])
		}
		v.Attendees = append(v.Attendees, av)
	}
	for _, c := range a.DecisionCategories {
		v.Decisions = append(v.Decisions, content.DecisionCategoryLabel(c))
	}
	return v
}

// lobbyJobs returns the pages of the registries (the build warns of the
// months without records: build.published). Nothing is published when there are no records at all.
func (r *Renderer) lobbyJobs() []func() {
	if len(r.site.Audiences)+len(r.site.Trips)+len(r.site.Gifts) == 0 {
		return nil
	}
	l := r.newLobby()
	jobs := []func(){
		func() { r.lobbyHome(l) },
		func() { r.lobbyList(l, registryAudiences) },
		func() { r.lobbyList(l, registryTrips) },
		func() { r.lobbyList(l, registryGifts) },
	}
	for _, a := range l.audiences {
		jobs = append(jobs, func() { r.lobbyRecord(a.Audience, a.Heading, "lobby-audiencia.html", registryAudiences, a) })
	}
	for _, t := range l.trips {
		jobs = append(jobs, func() { r.lobbyRecord(t.Trip, t.Heading, "lobby-viaje.html", registryTrips, t) })
	}
	for _, g := range l.gifts {
		jobs = append(jobs, func() { r.lobbyRecord(g.Gift, g.Heading, "lobby-donativo.html", registryGifts, g) })
	}
	for _, o := range l.officials {
		jobs = append(jobs, func() { r.lobbyOfficial(l, o) })
	}
	jobs = append(jobs, r.openDataJobs(l)...)
	return jobs
}

// registry describes one of the three registries for its list page.
type registry struct {
	Slug     string // "audiencias": URL segment and open data file name
	Title    string // "Registro de audiencias"
	Singular string // "audiencia"
	Article  string // "Ley 20.730, art. 8 n.º 1"
	Template string
}

func (g registry) URL() string { return "/lobby/" + g.Slug + "/" }

var (
	registryAudiences = registry{"audiencias", "Registro de audiencias", "audiencia", "artículo 8, n.º 1", "lobby-audiencias.html"}
	registryTrips     = registry{"viajes", "Registro de viajes", "viaje", "artículo 8, n.º 2", "lobby-viajes.html"}
	registryGifts     = registry{"donativos", "Registro de donativos", "donativo", "artículo 8, n.º 3", "lobby-donativos.html"}
)

// LobbyLinks are the national platforms, for the institution when its code
// is known.
type LobbyLinks struct {
	LeyLobby, InfoLobby string
	InstitutionCode     string
}

func (r *Renderer) lobbyLinks() LobbyLinks {
	links := LobbyLinks{LeyLobby: leyLobbyURL, InfoLobby: infoLobbyURL, InstitutionCode: r.cfg.InstitutionCode}
	if code := r.cfg.InstitutionCode; code != "" {
		// The Plataforma Ley del Lobby lists an institution's records
		// under its code, written in upper case (MU000).
		links.LeyLobby = leyLobbyURL + "/instituciones/" + strings.ToUpper(code)
	}
	return links
}

// LobbyHomeView is the Data of /lobby/.
type LobbyHomeView struct {
	Officials  []*LobbyOfficial
	Latest     *LobbyMonth // the newest month with records, nil if none
	Current    *LobbyMonth // the month of Options.Now
	Audiences  int
	Trips      int
	Gifts      int
	Registries []registry
	Links      LobbyLinks
}

func (r *Renderer) lobbyHome(l *lobby) {
	v := &LobbyHomeView{Officials: l.officials, Audiences: len(l.audiences), Trips: len(l.trips), Gifts: len(l.gifts),
		Registries: []registry{registryAudiences, registryTrips, registryGifts}, Links: r.lobbyLinks()}
	now := content.MonthOf(content.DateOf(r.now))
	for _, m := range l.months {
		if m.Month == now {
			v.Current = m
		}
		if v.Latest == nil && !m.Empty() && !now.Before(m.Month) {
			v.Latest = m
		}
	}
	r.page("/lobby/", "lobby.html", &Page{
		Title:       "Ley del Lobby",
		Description: "Audiencias, viajes y donativos de las autoridades de " + r.cfg.Organization + ", publicados cada mes según la Ley 20.730.",
		Breadcrumbs: []Crumb{{"Inicio", "/"}},
		Data:        v,
	})
}

// LobbyListView is the Data of a registry's list page.
type LobbyListView struct {
	Registry registry
	Months   []*LobbyMonth
	CSV      string // "/lobby/datos/audiencias.csv"
	JSON     string
	Extra    []DataFile // asistentes.csv for audiences
}

func (r *Renderer) lobbyList(l *lobby, g registry) {
	v := &LobbyListView{Registry: g, Months: l.months,
		CSV: "/lobby/datos/" + g.Slug + ".csv", JSON: "/lobby/datos/" + g.Slug + ".json"}
	if g == registryAudiences {
		v.Extra = []DataFile{{"asistentes", "/lobby/datos/asistentes.csv", "/lobby/datos/asistentes.json"}}
	}
	r.page(g.URL(), g.Template, &Page{
		Title:       g.Title,
		Description: g.Title + " de la Ley del Lobby (" + g.Article + "), mes a mes.",
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Ley del Lobby", "/lobby/"}},
		Data:        v,
	})
}

// lobbyRecord renders one record's page and its redirects.
func (r *Renderer) lobbyRecord(it content.Item, heading, tmpl string, g registry, view any) {
	if r.depsReuse(pagePath(it.URL()), r.lobbyRecordDeps(it, heading, tmpl, view)) {
		r.aliases(it)
		return
	}
	m := it.Metadata()
	b := r.body(it)
	defer r.bodies.releaseHTML(it) // the page is the last reader (leanBodies)
	r.page(it.URL(), tmpl, &Page{
		Title:       heading,
		Description: m.Summary,
		Body:        template.HTML(b.HTML),
		Headings:    b.Headings,
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Ley del Lobby", "/lobby/"}, {g.Title, g.URL()}},
		Data:        view,
	})
	r.aliases(it)
}

// LobbyOfficialView is the Data of an official's page.
type LobbyOfficialView struct {
	*LobbyOfficial
	InOffice bool // in office at Options.Now
}

func (r *Renderer) lobbyOfficial(l *lobby, o *LobbyOfficial) {
	r.page(o.URL, "lobby-autoridad.html", &Page{
		Title:       o.Name,
		Description: "Audiencias, viajes y donativos de " + o.Name + ", " + o.Position + ", según la Ley del Lobby.",
		Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Ley del Lobby", "/lobby/"}},
		Data:        &LobbyOfficialView{LobbyOfficial: o, InOffice: o.InOffice(content.DateOf(r.now))},
	})
}

// LobbyTable is what the table partials receive: the rows of one registry
// with a caption and an id unique in the page, which the scrolling region
// is labelled by.
type LobbyTable struct {
	ID, Caption string
	Audiences   []*AudienceView
	Trips       []*TripView
	Gifts       []*GiftView
	Officials   bool // show who: false on an official's own page
	// HiddenCaption: a heading just above already names the table, so
	// the caption, its accessible name, is not shown a second time.
	HiddenCaption bool
}

// UnderHeading returns the table with its caption visually hidden, for a
// table placed right under a heading that says what it holds.
func (t LobbyTable) UnderHeading() LobbyTable {
	t.HiddenCaption = true
	return t
}

// Table returns the month's rows of a registry ("audiencias", "viajes",
// "donativos").
func (m *LobbyMonth) Table(slug string) LobbyTable {
	t := LobbyTable{ID: "tabla-" + slug + "-" + m.ID, Officials: true}
	r := tableRows(&t, slug, m.Audiences, m.Trips, m.Gifts)
	t.Caption = upperFirst(r.Slug) + " de " + m.Label
	return t
}

// Table returns the official's rows of a registry.
func (o *LobbyOfficial) Table(slug string) LobbyTable {
	t := LobbyTable{ID: "tabla-" + slug, Officials: slug == registryAudiences.Slug}
	r := tableRows(&t, slug, o.Audiences, o.Trips, o.Gifts)
	t.Caption = upperFirst(r.Slug) + " de " + o.Name
	return t
}

func tableRows(t *LobbyTable, slug string, as []*AudienceView, ts []*TripView, gs []*GiftView) registry {
	switch slug {
	case registryAudiences.Slug:
		t.Audiences = as
		return registryAudiences
	case registryTrips.Slug:
		t.Trips = ts
		return registryTrips
	case registryGifts.Slug:
		t.Gifts = gs
		return registryGifts
	}
	panic("render: unknown lobby registry " + slug) // a theme bug, caught by the tests
}
