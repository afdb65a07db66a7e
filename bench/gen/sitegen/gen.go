package sitegen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	host    = "www.municipioejemplo.cl"
	baseURL = "https://" + host
	comuna  = "Ejemplo"
	orgName = "Municipalidad de Ejemplo"
	tzName  = "America/Santiago"
)

// Shares of the N items per type (the rest are press releases).
const (
	shareEvents   = 0.25
	shareLobby    = 0.12
	shareContacts = 0.03
)

// day is a civil date with no time zone: the generator reasons in the
// site's local wall time, exactly as editors write it.
type day struct{ t time.Time } // always midnight UTC

func (d day) String() string    { return d.t.Format("2006-01-02") }
func (d day) add(days int) day  { return day{d.t.AddDate(0, 0, days)} }
func (d day) before(e day) bool { return d.t.Before(e.t) }
func (d day) sub(e day) int     { return int(d.t.Sub(e.t).Hours() / 24) }
func parseDay(s string) (day, error) {
	t, err := time.Parse("2006-01-02", s)
	return day{t}, err
}

// clock is a local wall time. Every generated time lies in 10:00–19:00:
// Chile changes its clocks at midnight (00:00 is skipped in September,
// 23:00–24:00 happens twice in April), so day-time hours are never
// nonexistent nor ambiguous, and no explicit offset is needed.
type clock struct{ h, m int }

func (c clock) String() string { return fmt.Sprintf("%02d:%02d", c.h, c.m) }
func (c clock) minutes() int   { return c.h*60 + c.m }
func clockAt(min int) clock    { return clock{min / 60, min % 60} }

const (
	earliest = 10 * 60
	latest   = 19 * 60
)

type official struct {
	id, name, position string
	from               day
	to                 *day // nil while in office
}

// inOffice reports whether o holds office for the whole of [a, b]. Terms are
// compared strictly, one day clear of both ends, so the generated data does
// not depend on whether the validator treats `to` as inclusive.
func (o official) inOffice(a, b day) bool {
	return o.from.before(a) && (o.to == nil || b.before(*o.to))
}

type category struct{ code, label string }

var categories = []category{
	{"cultura", "Cultura"},
	{"deportes", "Deportes"},
	{"ceremonia", "Ceremonias y actos protocolares"},
	{"salud", "Salud"},
	{"medioambiente", "Medio ambiente"},
	{"participacion", "Participación ciudadana"},
	{"educacion", "Educación"},
	{"seguridad", "Seguridad pública"},
}

var topics = []string{
	"espacios-publicos", "obras", "salud", "educacion", "cultura", "deportes", "seguridad",
	"medio-ambiente", "participacion", "social", "transito", "emergencias", "emprendimiento", "vivienda",
}

func mustDay(s string) day {
	d, err := parseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// The registry of officials: terms follow Chile's municipal calendar
// (2016-12-06, 2021-06-28, 2024-12-06). Two of them have left office, so
// the lobby registry holds records of former officials too.
var officials = []official{
	{"alcaldesa", "Carolina Fuentes Rivas", "Alcaldesa", mustDay("2024-12-06"), nil},
	{"alcalde-2016", "Jorge Muñoz Tapia", "Alcalde", mustDay("2016-12-06"), ptr(mustDay("2024-12-05"))},
	{"administrador", "Patricio Vera Lagos", "Administrador Municipal", mustDay("2019-03-01"), nil},
	{"jefa-gabinete", "Yenny Lorca Lorca", "Jefa de Gabinete", mustDay("2021-07-01"), nil},
	{"director-obras", "Héctor Núñez Araya", "Director de Obras Municipales", mustDay("2018-05-02"), nil},
	{"secplan", "Ximena Castro Reyes", "Secretaria Comunal de Planificación", mustDay("2020-01-02"), ptr(mustDay("2023-08-31"))},
	{"concejala-soto", "Paz Soto Carrasco", "Concejala", mustDay("2021-06-28"), nil},
	{"concejal-pizarro", "Tomás Pizarro Silva", "Concejal", mustDay("2024-12-06"), nil},
}

type press struct {
	slug, title, summary, dateline string
	date                           day
	at                             clock
	topics                         []string
	relatedEvents                  []string
	correction                     *day
	body                           string
}

type event struct {
	slug, title, summary string
	start, end           day
	from, to             clock // zero for all-day events
	allDay               bool
	status               string
	category             string
	agendaOf             []string
	locName, locAddress  string
	lat, lon             float64
	onlineURL            string
	organizer            string
	cost                 int
	recurring            bool
	accessibility        bool
	stepFree, signLang   bool
	body                 string
}

type attendee struct {
	name, employer string
	paid, hidden   bool
	represents     string
}

type party struct {
	id, name, kind, rut string
}

type audience struct {
	slug, title, summary string
	date                 day
	from, to             clock
	officials            []string
	videoconference      bool
	place                string
	attendees            []attendee
	represented          []party
	subject              string
	decisions            []string
}

type trip struct {
	slug, title, summary string
	official             string
	start, end           day
	place, country       string
	purpose              string
	cost                 int
	funders              []string
}

type gift struct {
	slug, title, summary  string
	official              string
	date                  day
	description, occasion string
	classification        string
	donorName, donorKind  string
}

type contact struct {
	slug, position, name, unit, email, address, hours string
	phones                                            []string
	order                                             int
	body                                              string
}

// site is the whole generated model, built before anything is written so
// that bodies can link to any other item and every reference resolves.
type site struct {
	until     day
	press     []*press
	events    []*event
	audiences []*audience
	trips     []*trip
	gifts     []*gift
	contacts  []*contact
}

type generator struct {
	r     *rand.Rand
	until day // latest date of anything generated
	since day // earliest: five years before until
	slugs map[string]bool
	s     *site
}

// newRand seeds PCG from a single user seed; the second word is a fixed,
// arbitrary constant so that seed 0 is as good as any other.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

func generate(n int, seed uint64, until day) (*site, error) {
	if n < 10 {
		return nil, fmt.Errorf("n must be at least 10 (one item of every type), got %d", n)
	}
	g := &generator{
		r:     newRand(seed),
		until: until,
		since: day{until.t.AddDate(-5, 0, 0)},
		slugs: map[string]bool{},
		s:     &site{until: until},
	}
	// Lobby records need an official in office over a window that lies
	// strictly inside the date range; refuse ranges where none is.
	if !g.anyOfficial(g.since.add(10), g.until.add(-10)) {
		return nil, fmt.Errorf("-until %s leaves no date range covered by an official in office", until)
	}

	nContacts := max(1, int(float64(n)*shareContacts+0.5))
	nLobby := max(3, int(float64(n)*shareLobby+0.5))
	nEvents := max(1, int(float64(n)*shareEvents+0.5))
	nPress := n - nContacts - nLobby - nEvents
	// Lobby: half audiences, a quarter trips, a quarter gifts.
	nTrips, nGifts := nLobby/4, nLobby/4
	nAudiences := nLobby - nTrips - nGifts

	// Order matters only for determinism: items that are referred to
	// (contacts by events, events by press) are made first.
	for i := range nContacts {
		g.s.contacts = append(g.s.contacts, g.contact(i))
	}
	for range nEvents {
		g.s.events = append(g.s.events, g.event())
	}
	for range nPress {
		g.s.press = append(g.s.press, g.press())
	}
	for range nAudiences {
		g.s.audiences = append(g.s.audiences, g.audience())
	}
	for range nTrips {
		g.s.trips = append(g.s.trips, g.trip())
	}
	for range nGifts {
		g.s.gifts = append(g.s.gifts, g.gift())
	}
	// Bodies last, once every slug is known, so links can point anywhere.
	for _, p := range g.s.press {
		p.body = g.pressBody(p)
	}
	for _, e := range g.s.events {
		e.body = g.eventBody(e)
	}
	for _, c := range g.s.contacts {
		c.body = g.contactBody(c)
	}
	return g.s, nil
}

// uniqueSlug returns base, or base-2, base-3, … when a slug of the same type
// (the kind prefix namespaces types) is already taken.
func (g *generator) uniqueSlug(kind, base string) string {
	slug := base
	for i := 2; g.slugs[kind+"/"+slug]; i++ {
		slug = base + "-" + strconv.Itoa(i)
	}
	g.slugs[kind+"/"+slug] = true
	return slug
}

// dayIn returns a uniformly random date in [a, b].
func (g *generator) dayIn(a, b day) day {
	return a.add(g.r.IntN(b.sub(a) + 1))
}

// clockIn returns a time in [lo, hi] minutes on a quarter-hour.
func (g *generator) clockIn(lo, hi int) clock {
	return clockAt(lo + 15*g.r.IntN((hi-lo)/15+1))
}

func (g *generator) anyOfficial(a, b day) bool {
	for _, o := range officials {
		if o.inOffice(a, b) {
			return true
		}
	}
	return false
}

// officialsFor returns up to k distinct officials in office over [a, b].
func (g *generator) officialsFor(a, b day, k int) []string {
	var in []string
	for _, o := range officials {
		if o.inOffice(a, b) {
			in = append(in, o.id)
		}
	}
	g.r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
	return in[:min(k, len(in))]
}

// lobbyWindow draws a date window of the given length with at least one
// official in office over all of it.
func (g *generator) lobbyWindow(length int) (day, day) {
	for {
		a := g.dayIn(g.since, g.until.add(-length))
		if b := a.add(length); g.anyOfficial(a, b) {
			return a, b
		}
	}
}

var contactUnits = []struct{ position, unit string }{
	{"Jefa de Gabinete", "Gabinete de Alcaldía"},
	{"Oficina de Partes", "Secretaría Municipal"},
	{"Oficina de Informaciones, Reclamos y Sugerencias", "OIRS"},
	{"Director de Desarrollo Comunitario", "Dideco"},
	{"Directora de Obras Municipales", "Dirección de Obras"},
	{"Departamento de Tránsito", "Dirección de Tránsito"},
	{"Oficina Municipal de Intermediación Laboral", "OMIL"},
	{"Encargada de Medio Ambiente", "Dirección de Medio Ambiente, Aseo y Ornato"},
	{"Seguridad Pública", "Dirección de Seguridad Pública"},
	{"Oficina de la Juventud", "Dideco"},
	{"Oficina del Adulto Mayor", "Dideco"},
	{"Biblioteca Municipal", "Corporación Cultural"},
	{"Encargado de Transparencia", "Administración Municipal"},
	{"Oficina de Vivienda", "Secplan"},
	{"Centro de la Mujer", "Dideco"},
	{"Oficina de Deportes", "Corporación de Deportes"},
}

// landline is a Santiago fixed number as editors write it: "22 540 17 56".
func (g *generator) landline() string {
	return fmt.Sprintf("22 %03d %02d %02d", between(g.r, 200, 999), g.r.IntN(100), g.r.IntN(100))
}

// mobile is a Chilean mobile number: "+56 9 8765 4321". The block 9 71xx
// to 9 89xx is assigned whole in libphonenumber's metadata; 9 70xx and parts
// of 9 69xx and 9 91xx are not, and the build rejects them.
func (g *generator) mobile() string {
	return fmt.Sprintf("+56 9 %04d %04d", between(g.r, 7100, 8999), g.r.IntN(10000))
}

func (g *generator) contact(i int) *contact {
	u := contactUnits[i%len(contactUnits)]
	c := &contact{position: u.position, unit: u.unit, order: 10 * (i + 1)}
	if i >= len(contactUnits) {
		// Past the first round, the same units get sub-offices.
		c.position = u.position + " – " + pick(g.r, neighborhoods)
	}
	c.slug = g.uniqueSlug("contactos", slugify(c.position, 60))
	if chance(g.r, 0.7) {
		c.name = personName(g.r)
	}
	switch x := g.r.IntN(10); {
	case x < 6:
		c.phones = []string{g.landline()}
	case x < 8:
		c.phones = []string{g.landline(), g.mobile()}
	case x < 9:
		c.phones = []string{g.mobile()}
	}
	if len(c.phones) == 0 || chance(g.r, 0.8) {
		c.email = strings.ReplaceAll(c.slug, "-", ".") + "@municipioejemplo.cl"
	}
	if chance(g.r, 0.6) {
		c.address = fmt.Sprintf("%s %d, %d.º piso", pick(g.r, streets), between(g.r, 1, 3999), between(g.r, 1, 4))
	}
	if chance(g.r, 0.7) {
		c.hours = "Lunes a jueves 08:30–17:30; viernes 08:30–16:30"
	}
	return c
}

var (
	eventKinds = []struct{ title, category string }{
		{"Feria de emprendedores", "cultura"}, {"Festival de música", "cultura"}, {"Taller de teatro", "cultura"},
		{"Campeonato de fútbol barrial", "deportes"}, {"Corrida familiar", "deportes"}, {"Clases de zumba", "deportes"},
		{"Ceremonia de aniversario", "ceremonia"}, {"Izamiento del pabellón nacional", "ceremonia"},
		{"Operativo de vacunación", "salud"}, {"Operativo oftalmológico", "salud"},
		{"Punto limpio móvil", "medioambiente"}, {"Plantación de árboles nativos", "medioambiente"},
		{"Cabildo abierto", "participacion"}, {"Cuenta pública participativa", "participacion"},
		{"Taller de alfabetización digital", "educacion"}, {"Feria vocacional", "educacion"},
		{"Ronda de seguridad vecinal", "seguridad"}, {"Capacitación en prevención del delito", "seguridad"},
	}
	venues = []string{
		"Plaza de Armas", "Centro Cultural Municipal", "Estadio Municipal", "Gimnasio Municipal",
		"Biblioteca Municipal", "Parque Los Aromos", "Salón Auditorio Municipal", "Sede Junta de Vecinos",
		"Cesfam Villa Sur", "Liceo Bicentenario", "Casa de la Juventud",
	}
	statuses = []struct {
		code string
		p    float64
	}{{"confirmed", 0.85}, {"tentative", 0.05}, {"cancelled", 0.06}, {"postponed", 0.04}}
)

func (g *generator) event() *event {
	k := pick(g.r, eventKinds)
	place := pick(g.r, neighborhoods)
	e := &event{
		title:    k.title + " en " + place,
		category: k.category,
		locName:  pick(g.r, venues),
		// A box around the municipality, four decimals (~10 m) as editors
		// copy them from a map.
		lat: -33.4000 - float64(g.r.IntN(1000))/10000,
		lon: -70.5500 - float64(g.r.IntN(1500))/10000,
	}
	if e.locName == "Sede Junta de Vecinos" {
		e.locName += " " + place
	}
	e.locAddress = fmt.Sprintf("%s %d", pick(g.r, streets), between(g.r, 1, 3999))
	e.summary = fmt.Sprintf("Actividad %s para vecinos y vecinas del sector %s.",
		pick(g.r, []string{"gratuita", "abierta", "familiar", "comunitaria"}), place)

	switch x := g.r.IntN(100); {
	case x < 20: // all-day, possibly over several days
		e.allDay = true
		e.start = g.dayIn(g.since, g.until.add(-3))
		e.end = e.start.add(g.r.IntN(3))
	case x < 28: // weekly, six times; all six occurrences in the past
		e.recurring = true
		e.start = g.dayIn(g.since, g.until.add(-7*6))
	default:
		e.start = g.dayIn(g.since, g.until)
	}
	if !e.allDay {
		e.end = e.start
		e.from = g.clockIn(earliest, 17*60)
		e.to = clockAt(min(e.from.minutes()+between(g.r, 2, 8)*15, latest))
	}

	x := g.r.Float64()
	for _, s := range statuses {
		if x < s.p {
			e.status = s.code
			break
		}
		x -= s.p
	}
	if e.status == "" {
		e.status = "confirmed"
	}
	if chance(g.r, 0.3) {
		e.agendaOf = g.officialsFor(e.start, e.end, between(g.r, 1, 2))
	}
	if chance(g.r, 0.05) {
		e.onlineURL = "https://www.youtube.com/@municipioejemplo/live"
	}
	if chance(g.r, 0.5) {
		e.organizer = pick(g.r, g.s.contacts).slug
	}
	if chance(g.r, 0.3) {
		e.cost = 500 * between(g.r, 2, 30)
	}
	if chance(g.r, 0.3) {
		e.accessibility = true
		e.stepFree = chance(g.r, 0.8)
		e.signLang = chance(g.r, 0.4)
	}
	e.slug = g.uniqueSlug("eventos", e.start.String()+"-"+slugify(e.title, 60))
	return e
}

var (
	pressVerbs   = []string{"inaugura", "entrega", "lanza", "anuncia", "celebra", "refuerza", "inicia", "presenta", "amplía", "recupera"}
	pressObjects = []string{
		"plaza", "centro de salud familiar", "programa de reciclaje", "pavimentación de pasajes",
		"operativo veterinario", "feria de emprendedores", "biblioteca", "cancha de pasto sintético",
		"luminarias LED", "subsidios de vivienda", "becas de educación superior", "huertos comunitarios",
		"ciclovía", "paraderos accesibles", "sede social", "plan de invierno", "punto limpio",
	}
	pressSubjects = []string{"Municipio", "Alcaldía", "Municipalidad", "Concejo Municipal", "Dideco", "Gabinete"}
)

func (g *generator) press() *press {
	place := pick(g.r, neighborhoods)
	p := &press{
		title: fmt.Sprintf("%s %s %s en %s", pick(g.r, pressSubjects), pick(g.r, pressVerbs), pick(g.r, pressObjects), place),
		summary: fmt.Sprintf("La iniciativa beneficia a más de %s vecinos del sector %s.",
			thousands(between(g.r, 2, 120)*100), place),
		date: g.dayIn(g.since, g.until),
		at:   g.clockIn(earliest, latest),
	}
	if chance(g.r, 0.2) {
		p.dateline = pick(g.r, []string{"Santiago", "Valparaíso", "Rancagua", comuna})
	}
	for range between(g.r, 1, 3) {
		t := pick(g.r, topics)
		if !slices.Contains(p.topics, t) {
			p.topics = append(p.topics, t)
		}
	}
	if chance(g.r, 0.15) {
		for range between(g.r, 1, 2) {
			s := pick(g.r, g.s.events).slug
			if !slices.Contains(p.relatedEvents, s) {
				p.relatedEvents = append(p.relatedEvents, s)
			}
		}
	}
	if chance(g.r, 0.05) && p.date.before(g.until) {
		p.correction = ptr(g.dayIn(p.date.add(1), g.until))
	}
	p.slug = g.uniqueSlug("prensa", p.date.String()+"-"+slugify(p.title, 70))
	return p
}

var (
	subjects = []string{
		"Solicitud de modificación del plan regulador en el sector %s.",
		"Presentación de proyecto de loteo habitacional en %s.",
		"Propuesta de convenio para la recolección de residuos en %s.",
		"Solicitud de permiso para uso de bien nacional de uso público en %s.",
		"Presentación de servicios de iluminación pública para %s.",
		"Solicitud de apoyo municipal para actividades comunitarias en %s.",
	}
	decisionCategories = []string{"administrative_act", "contract", "policy_plan_program", "legislative", "prevent"}
	places             = []string{"Despacho de Alcaldía", "Sala de reuniones de Administración Municipal", "Sala del Concejo Municipal", "Oficina de Secplan"}
)

// legalPerson returns a company or a non-profit; about two thirds carry a RUT
// (a valid one: check digit by mod 11). Companies are numbered in the 76–77
// million range and non-profits in the 65 million range, as real ones are.
func (g *generator) legalPerson(id string) party {
	p := party{id: id, kind: "legal_person"}
	body := between(g.r, 76_000_000, 77_999_999)
	if chance(g.r, 0.5) {
		p.name = companyName(g.r)
	} else {
		p.name = nonProfitName(g.r)
		body = between(g.r, 65_000_000, 65_999_999)
	}
	if chance(g.r, 0.66) {
		p.rut = formatRUT(body)
	}
	return p
}

func (g *generator) audience() *audience {
	a, _ := g.lobbyWindow(0)
	au := &audience{
		date:            a,
		officials:       g.officialsFor(a, a, between(g.r, 1, 2)),
		videoconference: chance(g.r, 0.2),
		from:            g.clockIn(earliest, 17*60+30),
	}
	au.to = clockAt(min(au.from.minutes()+between(g.r, 2, 4)*15, latest))
	au.place = pick(g.r, places)
	if au.videoconference {
		au.place = "Videoconferencia"
	}
	// One or two represented parties; natural persons (no RUT, ever)
	// appear when a neighbour speaks for themselves.
	nParties := between(g.r, 1, 2)
	for i := range nParties {
		id := "parte-" + strconv.Itoa(i+1)
		if chance(g.r, 0.15) {
			au.represented = append(au.represented, party{id: id, name: personName(g.r), kind: "natural_person"})
		} else {
			au.represented = append(au.represented, g.legalPerson(id))
		}
	}
	for range between(g.r, 1, 3) {
		rep := pick(g.r, au.represented)
		at := attendee{name: personName(g.r), paid: chance(g.r, 0.5), represents: rep.id}
		if rep.kind == "natural_person" {
			at.name, at.paid = rep.name, false
		} else if at.paid {
			at.employer = companyName(g.r)
		}
		au.attendees = append(au.attendees, at)
	}
	if chance(g.r, 0.1) {
		au.attendees = append(au.attendees, attendee{hidden: true})
	}
	au.subject = fmt.Sprintf(pick(g.r, subjects), pick(g.r, neighborhoods))
	au.decisions = []string{pick(g.r, decisionCategories)}
	if d := pick(g.r, decisionCategories); chance(g.r, 0.3) && d != au.decisions[0] {
		au.decisions = append(au.decisions, d)
	}
	au.title = "Audiencia con " + au.represented[0].name
	au.summary = au.subject
	au.slug = g.uniqueSlug("audiencias", a.String()+"-"+slugify(au.represented[0].name, 50))
	return au
}

var destinations = []struct{ place, country string }{
	{"Valparaíso", "CL"}, {"Concepción", "CL"}, {"Temuco", "CL"}, {"La Serena", "CL"}, {"Antofagasta", "CL"},
	{"Punta Arenas", "CL"}, {"Mendoza", "AR"}, {"Buenos Aires", "AR"}, {"Lima", "PE"}, {"Madrid", "ES"},
}

func (g *generator) trip() *trip {
	length := between(g.r, 0, 3)
	a, b := g.lobbyWindow(length)
	d := pick(g.r, destinations)
	t := &trip{
		official: g.officialsFor(a, b, 1)[0],
		start:    a, end: b,
		place: d.place, country: d.country,
		purpose: fmt.Sprintf("Reunión con %s sobre %s.", pick(g.r, []string{
			"la Subsecretaría de Desarrollo Regional", "el Gobierno Regional", "la Asociación Chilena de Municipalidades",
			"autoridades locales", "el Ministerio de Vivienda y Urbanismo",
		}), pick(g.r, pressObjects)),
		cost:    1000 * between(g.r, 20, 900),
		funders: []string{orgName},
	}
	if chance(g.r, 0.2) {
		t.funders = append(t.funders, "Asociación Chilena de Municipalidades")
	}
	t.title = "Viaje a " + d.place
	t.summary = t.purpose
	t.slug = g.uniqueSlug("viajes", a.String()+"-"+slugify(d.place, 40))
	return t
}

var gifts = []struct{ description, occasion, classification string }{
	{"Libro «Historia de la comuna», edición conmemorativa", "Aniversario de la %s", "protocol"},
	{"Galvano recordatorio", "Ceremonia de la %s", "protocol"},
	{"Canasta de productos locales", "Visita a la %s", "courtesy"},
	{"Cuadro de artista local", "Inauguración organizada por la %s", "courtesy"},
	{"Medalla institucional", "Visita oficial de la delegación de la %s", "official"},
}

func (g *generator) gift() *gift {
	a, _ := g.lobbyWindow(0)
	k := pick(g.r, gifts)
	donor := nonProfitName(g.r)
	kind := "legal_person"
	if chance(g.r, 0.2) {
		donor, kind = personName(g.r), "natural_person"
	}
	gf := &gift{
		official: g.officialsFor(a, a, 1)[0], date: a,
		description: k.description, occasion: fmt.Sprintf(k.occasion, donor),
		classification: k.classification, donorName: donor, donorKind: kind,
	}
	if kind == "natural_person" {
		gf.occasion = fmt.Sprintf(k.occasion, "comunidad")
	}
	gf.title = "Donativo: " + k.description
	gf.summary = gf.occasion + "."
	gf.slug = g.uniqueSlug("donativos", a.String()+"-"+slugify(k.description, 40))
	return gf
}

// pressBody writes a ~500-word release: a lead, three to five sections with
// `##` headings, a list, internal links (relative .md paths to other
// generated items) and external https links.
func (g *generator) pressBody(p *press) string {
	var b strings.Builder
	b.Grow(6 << 10) // a ~500-word body with markup is 4–5 KiB
	pr := &prose{r: g.r, b: &b}
	// Sections are added while the body (as wc counts words, markup
	// included) is under the target; the last one overshoots by ~80
	// words, so bodies land around 500.
	target := between(g.r, 380, 460)
	dateline := p.dateline
	if dateline == "" {
		dateline = comuna
	}
	fmt.Fprintf(&b, "**%s, %s.** ", dateline, spanishDate(p.date))
	pr.paragraph(2, 3)
	for section := 0; wordCount(b.String()) < target; section++ {
		fmt.Fprintf(&b, "## %s\n\n", pick(g.r, headings))
		pr.paragraph(2, 4)
		switch section % 3 {
		case 0:
			for range between(g.r, 3, 5) {
				b.WriteString("- ")
				pr.sentence()
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "- Revisa también [%s](%s).\n\n", "la nota relacionada", g.internalLink())
		case 1:
			b.WriteString("Más antecedentes en ")
			fmt.Fprintf(&b, "[este enlace](%s) y en la [agenda municipal](%s). ", pick(g.r, externalLinks), g.internalLink())
			pr.paragraph(1, 2)
		case 2:
			for i := range between(g.r, 2, 4) {
				fmt.Fprintf(&b, "%d. ", i+1)
				pr.sentence()
				b.WriteByte('\n')
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// internalLink is a relative .md link from a press release to another
// generated press release or event, the way an editor links in Markdown.
func (g *generator) internalLink() string {
	if chance(g.r, 0.6) {
		return pick(g.r, g.s.press).slug + ".md"
	}
	return "../eventos/" + pick(g.r, g.s.events).slug + ".md"
}

func (g *generator) eventBody(e *event) string {
	var b strings.Builder
	pr := &prose{r: g.r, b: &b}
	if e.status == "cancelled" {
		b.WriteString("**Actividad suspendida.** ")
	}
	pr.paragraph(2, 4)
	b.WriteString("## Qué llevar\n\n")
	for range between(g.r, 2, 4) {
		b.WriteString("- ")
		pr.sentence()
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	fmt.Fprintf(&b, "Consultas en la [oficina municipal](%s) o en [ChileAtiende](https://www.chileatiende.gob.cl/).\n",
		"../prensa/"+pick(g.r, g.s.press).slug+".md")
	return b.String()
}

func (g *generator) contactBody(c *contact) string {
	var b strings.Builder
	pr := &prose{r: g.r, b: &b}
	b.WriteString("## Funciones\n\n")
	for range between(g.r, 2, 4) {
		b.WriteString("- ")
		pr.sentence()
		b.WriteByte('\n')
	}
	return b.String()
}

var months = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	"septiembre", "octubre", "noviembre", "diciembre"}

func spanishDate(d day) string {
	return fmt.Sprintf("%d de %s de %d", d.t.Day(), months[d.t.Month()-1], d.t.Year())
}

// thousands formats an integer with Chilean thousands dots: 12.300.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// wordCount counts whitespace-separated words, as wc -w does.
func wordCount(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
