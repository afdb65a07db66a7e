package content

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of a content item, decided by its directory.
type Kind string

const (
	KindPage     Kind = "pagina"
	KindPress    Kind = "prensa"
	KindEvent    Kind = "evento"
	KindAudience Kind = "audiencia"
	KindTrip     Kind = "viaje"
	KindGift     Kind = "donativo"
	KindContact  Kind = "contacto"
	// KindReport is in report.go.
)

// Doc is what every item knows about the file it came from.
type Doc struct {
	Path     string // "content/eventos/feria.md"
	Slug     string // "feria"; "" for the home page
	Kind     Kind   // decided by the directory
	Dir      string // folder of a bundle's own files ("content/prensa/x/"), or ""
	Body     []byte // Markdown after the front matter, LF line ends
	BodyLine int    // line of the file where Body starts
	// BodyAt says where Body is in the file (LF line ends), so that a
	// loader short of memory can leave Body nil and read it again when
	// it is rendered (load.WithBodyBudget, load.ReadBody).
	BodyAt BodyRef
	Fields Fields // where each key and list element was written: "image.src", "attendees.2.name"
	Start  Pos    // the front matter's first line, for keys that are missing; its File is the Fields' file too
}

// Fields says where each key and list element of a front matter was
// written, sorted by key (SortFields). A sorted slice rather than a map
// from key to Pos: a site holds one per item until it is validated, and
// at 100,000 items maps of positions were half the loaded model (110 of
// 205 MB); the file, the same for every key, is the Doc's.
type Fields []Field

// Field is where one key was written.
type Field struct {
	Key       string // dotted path: "image.src", "attendees.2.name"
	Line, Col int32
}

// SortFields sorts fs by key, keeping the last of repeated keys (as
// recording them in a map would), and returns it without spare capacity.
func SortFields(fs []Field) Fields {
	slices.SortStableFunc(fs, func(a, b Field) int { return strings.Compare(a.Key, b.Key) })
	out := fs[:0]
	for i, f := range fs {
		if i+1 < len(fs) && fs[i+1].Key == f.Key {
			continue
		}
		out = append(out, f)
	}
	return slices.Clip(out)
}

// At returns where key was written.
func (fs Fields) At(key string) (line, col int, ok bool) {
	i, found := slices.BinarySearchFunc(fs, key, func(f Field, k string) int { return strings.Compare(f.Key, k) })
	if !found {
		return 0, 0, false
	}
	return int(fs[i].Line), int(fs[i].Col), true
}

// Has reports whether key was written.
func (fs Fields) Has(key string) bool {
	_, _, ok := fs.At(key)
	return ok
}

// BodyRef locates a body in its file: Len bytes from Offset, the file's
// end. Sum, set when the body was not kept, is its hash, so that a file
// changed since it was loaded is not mixed with its old front matter.
type BodyRef struct {
	Offset, Len int
	Sum         uint64
}

// Pos returns the position of the value at the dotted key path, falling back
// to the nearest enclosing key, then to the front matter's start.
func (d *Doc) Pos(path string) Pos {
	for {
		if line, col, ok := d.Fields.At(path); ok {
			return Pos{File: d.Start.File, Line: line, Col: col}
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return d.Start
		}
		path = path[:i]
	}
}

// PosAt is Pos for the i-th element under path: PosAt("officials", 2).
func (d *Doc) PosAt(path string, i int, sub ...string) Pos {
	p := path + "." + strconv.Itoa(i)
	for _, s := range sub {
		p += "." + s
	}
	return d.Pos(p)
}

// Meta holds the keys every type may have.
type Meta struct {
	Title   string    `yaml:"title" doc:"Título"`
	Summary string    `yaml:"summary" doc:"Resumen de una o dos oraciones para listas, feeds y vistas previas"`
	Draft   bool      `yaml:"draft" doc:"Borrador: no se publica salvo con -drafts"`
	Updated time.Time `yaml:"updated" doc:"Fecha y hora de la última modificación importante (AAAA-MM-DDTHH:MM)"`
	Aliases []string  `yaml:"aliases" doc:"URL antiguas que deben redirigir aquí, como /noticias/plaza/"`
}

// Item is implemented by every content type.
type Item interface {
	Document() *Doc
	Metadata() *Meta
	// URL is the site-relative URL of the item's page: "/prensa/slug/".
	URL() string
}

// Page is a free page (content/<name>.md) or the home page (_index.md).
type Page struct {
	Meta `yaml:",inline"`
	Doc  Doc `yaml:"-"`
}

func (p *Page) Document() *Doc  { return &p.Doc }
func (p *Page) Metadata() *Meta { return &p.Meta }
func (p *Page) URL() string {
	if p.Doc.Slug == "" {
		return "/"
	}
	return "/" + p.Doc.Slug + "/"
}

// Image is a picture with its required alternative text.
type Image struct {
	Src     string `yaml:"src" required:"" doc:"Archivo de la imagen, junto al texto o relativo a content/"`
	Alt     string `yaml:"alt" required:"" doc:"Texto alternativo: qué muestra la imagen, para quien no la ve"`
	Caption string `yaml:"caption" doc:"Pie de foto"`
	Credit  string `yaml:"credit" doc:"Autoría de la foto"`
}

// Attachment is a downloadable file of a press release.
type Attachment struct {
	Title string `yaml:"title" required:"" doc:"Nombre del documento"`
	File  string `yaml:"file" required:"" doc:"Archivo, junto al texto o relativo a content/"`
}

// Correction records a published correction.
type Correction struct {
	Date Date   `yaml:"date" required:"" doc:"Fecha de la corrección"`
	Note string `yaml:"note" required:"" doc:"Qué se corrigió"`
}

// PressRelease is a comunicado de prensa (content/prensa/).
type PressRelease struct {
	Meta          `yaml:",inline"`
	Date          time.Time    `yaml:"date" required:"" doc:"Fecha y hora de publicación; en el futuro = embargo"`
	Dateline      string       `yaml:"dateline" doc:"Lugar de la noticia; por omisión, la comuna"`
	Topics        []string     `yaml:"topics" doc:"Temas, en minúsculas con guiones: obras, salud"`
	Image         *Image       `yaml:"image" doc:"Imagen principal"`
	Gallery       []Image      `yaml:"gallery" doc:"Galería de fotos para los medios, cada una con src, alt, caption y credit; todas se pueden descargar en alta resolución"`
	Attachments   []Attachment `yaml:"attachments" doc:"Documentos adjuntos"`
	RelatedEvents []string     `yaml:"related_events" doc:"Eventos relacionados (nombre del archivo sin .md)"`
	Corrections   []Correction `yaml:"corrections" doc:"Correcciones publicadas"`
	Doc           Doc          `yaml:"-"`
}

func (p *PressRelease) Document() *Doc  { return &p.Doc }
func (p *PressRelease) Metadata() *Meta { return &p.Meta }
func (p *PressRelease) URL() string     { return "/prensa/" + p.Doc.Slug + "/" }

// Event statuses, as codes: the views put them in words (render's
// statusWords), the feeds in STATUS values (package ical).
const (
	StatusConfirmed   = "confirmed"
	StatusTentative   = "tentative"
	StatusCancelled   = "cancelled"
	StatusPostponed   = "postponed"
	StatusRescheduled = "rescheduled" // takes place on a new date; previous_start keeps the former one
)

// Change is one declared change of an event that subscribers must see
// (date, time, place, status, repetition). Each entry raises the feeds'
// SEQUENCE by one and its date is their DTSTAMP and LAST-MODIFIED.
type Change struct {
	Date time.Time `yaml:"date" required:"" doc:"Cuándo se hizo el cambio (AAAA-MM-DD o AAAA-MM-DDTHH:MM)"`
	Note string    `yaml:"note" required:"" doc:"Qué cambió, en una frase: «Se traslada al 12 de diciembre por lluvia»"`
}

// MovedDate moves one occurrence of a recurring event (RECURRENCE-ID).
type MovedDate struct {
	Date  Date   `yaml:"date" required:"" doc:"La fecha de la serie que se mueve (AAAA-MM-DD)"`
	Start When   `yaml:"start" required:"" doc:"Nuevo inicio de esa fecha (AAAA-MM-DDTHH:MM, o solo fecha si el evento es de día completo)"`
	End   *When  `yaml:"end" doc:"Nuevo término; por omisión dura lo mismo que las demás fechas"`
	Note  string `yaml:"note" doc:"Motivo, para la página: «por lluvia»"`
}

// Geo is a point in WGS 84.
type Geo struct {
	Lat float64 `yaml:"lat" required:"" doc:"Latitud, por ejemplo -33.4489"`
	Lon float64 `yaml:"lon" required:"" doc:"Longitud, por ejemplo -70.6693"`
}

// Location is where an event happens, in person or online.
type Location struct {
	Name      string `yaml:"name" doc:"Nombre del lugar"`
	Address   string `yaml:"address" doc:"Dirección"`
	Geo       *Geo   `yaml:"geo" doc:"Coordenadas"`
	OnlineURL string `yaml:"online_url" doc:"Enlace de la transmisión o reunión virtual"`
}

// Accessibility describes how accessible an event is.
type Accessibility struct {
	StepFree     *bool  `yaml:"step_free" doc:"Acceso sin escalones"`
	SignLanguage *bool  `yaml:"sign_language" doc:"Intérprete de lengua de señas"`
	Notes        string `yaml:"notes" doc:"Otros detalles de accesibilidad"`
}

// Event is an act or event of the public calendar (content/eventos/).
type Event struct {
	Meta            `yaml:",inline"`
	Start           When           `yaml:"start" required:"" doc:"Inicio: fecha y hora (2026-12-05T10:00) o solo fecha para todo el día"`
	End             *When          `yaml:"end" doc:"Término; en eventos de día completo, el último día (inclusive)"`
	Status          string         `yaml:"status" enum:"confirmed|tentative|cancelled|postponed|rescheduled" doc:"Estado: confirmed (confirmado), tentative (por confirmar), cancelled (cancelado), postponed (postergado, sin fecha nueva aún) o rescheduled (reprogramado, con fecha nueva; escriba previous_start)"`
	Sequence        int            `yaml:"sequence" doc:"Versión inicial en los calendarios; los cambios se declaran en changes, que la suben solos"`
	PreviousStart   *When          `yaml:"previous_start" doc:"Fecha anterior de un evento reprogramado (status: rescheduled), que la página muestra como «Antes: …»"`
	Changes         []Change       `yaml:"changes" doc:"Cambios publicados (fecha, hora, lugar, estado, repetición), uno por línea: { date: 2026-12-01, note: \"Se traslada por lluvia\" }"`
	CancelledDates  []Date         `yaml:"cancelled_dates" doc:"Fechas de la serie que se suspenden (AAAA-MM-DD)"`
	MovedDates      []MovedDate    `yaml:"moved_dates" doc:"Fechas de la serie que se cambian de día u hora"`
	Category        string         `yaml:"category" doc:"Categoría, un código de categories en site.yaml"`
	AgendaOf        []string       `yaml:"agenda_of" doc:"Autoridades en cuya agenda pública aparece (ids de officials)"`
	Location        Location       `yaml:"location" required:"" doc:"Lugar"`
	Organizer       string         `yaml:"organizer" doc:"Organiza: un contacto (nombre del archivo en contactos/)"`
	Cost            *Money         `yaml:"cost" doc:"Costo en pesos; 0 = gratuito"`
	RegistrationURL string         `yaml:"registration_url" doc:"Enlace de inscripción"`
	Accessibility   *Accessibility `yaml:"accessibility" doc:"Accesibilidad"`
	Recurrence      string         `yaml:"recurrence" doc:"Regla de repetición de iCalendar, por ejemplo FREQ=WEEKLY;COUNT=6 o FREQ=WEEKLY;UNTIL=2027-06-30"`
	Image           *Image         `yaml:"image" doc:"Imagen"`
	UID             string         `yaml:"uid" doc:"Identificador permanente del evento en los calendarios; no lo cambie nunca"`
	CoOrganizers    []string       `yaml:"co_organizers" doc:"Instituciones que coorganizan (nombres de archivo en instituciones/)"`
	Doc             Doc            `yaml:"-"`
}

func (e *Event) Document() *Doc  { return &e.Doc }
func (e *Event) Metadata() *Meta { return &e.Meta }
func (e *Event) URL() string     { return "/eventos/" + e.Doc.Slug + "/" }

// AllDay reports whether the event lasts whole days.
func (e *Event) AllDay() bool { return e.Start.AllDay }

// EffectiveStatus returns Status, defaulting to confirmed.
func (e *Event) EffectiveStatus() string {
	if e.Status == "" {
		return StatusConfirmed
	}
	return e.Status
}

// EffectiveSequence is the event's SEQUENCE in the feeds: the editor's
// starting sequence plus one per declared change. It is a function of
// the file alone, so a fresh clone publishes the same number.
func (e *Event) EffectiveSequence() int { return e.Sequence + len(e.Changes) }

// LastChange is the latest of updated and the changes' dates; zero when
// the editor declared neither.
func (e *Event) LastChange() time.Time {
	t := e.Updated
	for _, c := range e.Changes {
		if c.Date.After(t) {
			t = c.Date
		}
	}
	return t
}

// EndDate returns the last day of an event (inclusive).
func (e *Event) EndDate() Date {
	if e.End != nil {
		if e.End.AllDay {
			return e.End.Date
		}
		return DateOf(e.End.Time)
	}
	return e.Start.Date
}

// UIDFor returns the event's permanent UID: the explicit uid, or
// evento-<slug>@<host of base_url>, which CONTENT.md fixes for ever.
func (e *Event) UIDFor(baseURL string) string {
	if e.UID != "" {
		return e.UID
	}
	host := baseURL
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	return string(KindEvent) + "-" + e.Doc.Slug + "@" + host
}

// Lobby values.
const (
	ModalityInPerson        = "in_person"
	ModalityVideoconference = "videoconference"
	PersonLegal             = "legal_person"
	PersonNatural           = "natural_person"
)

// Attendee is a person at a lobby audience.
type Attendee struct {
	Name       string   `yaml:"name" doc:"Nombre completo"`
	Paid       *bool    `yaml:"paid" doc:"Remunerado: true = Lobbista; false = Gestor(a) de intereses particulares"`
	Employer   string   `yaml:"employer" doc:"Empleador del lobbista"`
	Represents []string `yaml:"represents" doc:"A quiénes representa (ids de represented)"`
	Protected  bool     `yaml:"protected" doc:"Identidad reservada (dictamen CGR 13.392/2016)"`
}

// Role returns the Spanish label the law gives the attendee.
func (a Attendee) Role() string {
	switch {
	case a.Paid == nil:
		return ""
	case *a.Paid:
		return "Lobbista"
	}
	return "Gestor(a) de intereses particulares"
}

// Represented is a person or organisation whose interests were represented.
type Represented struct {
	ID   string `yaml:"id" required:"" doc:"Identificador usado en represents"`
	Name string `yaml:"name" required:"" doc:"Nombre o razón social"`
	Kind string `yaml:"kind" required:"" enum:"legal_person|natural_person" doc:"Tipo: legal_person (persona jurídica) o natural_person (persona natural)"`
	RUT  RUT    `yaml:"rut" doc:"RUT, solo de personas jurídicas: 76123456-0"`
	// Institution links the party to the directory of institutions.
	Institution string `yaml:"institution" doc:"La institución en el directorio (nombre del archivo en instituciones/), si está"`
}

// Audience is a lobby audience (Ley 20.730 art. 8 n°1).
type Audience struct {
	Meta               `yaml:",inline"`
	Officials          []string      `yaml:"officials" required:"" doc:"Sujetos pasivos presentes (ids de officials en site.yaml)"`
	Start              time.Time     `yaml:"start" required:"" doc:"Inicio (AAAA-MM-DDTHH:MM)"`
	End                time.Time     `yaml:"end" required:"" doc:"Término (AAAA-MM-DDTHH:MM)"`
	Modality           string        `yaml:"modality" required:"" enum:"in_person|videoconference" doc:"Modalidad: in_person (presencial) o videoconference (videoconferencia)"`
	Place              string        `yaml:"place" required:"" doc:"Lugar"`
	Attendees          []Attendee    `yaml:"attendees" required:"" doc:"Asistentes"`
	Represented        []Represented `yaml:"represented" required:"" doc:"Representados"`
	SubjectMatter      string        `yaml:"subject_matter" required:"" doc:"Materia tratada"`
	DecisionCategories []string      `yaml:"decision_categories" enum:"administrative_act|contract|policy_plan_program|legislative|prevent" doc:"Decisiones que se buscaba influir: administrative_act (acto administrativo), contract (contrato), policy_plan_program (política, plan o programa), legislative (proyecto de ley o reglamento), prevent (evitar la adopción de una decisión)"`
	InfolobbyCode      string        `yaml:"infolobby_code" doc:"Código del registro en InfoLobby"`
	InfolobbyURL       string        `yaml:"infolobby_url" doc:"Enlace al registro en InfoLobby"`
	Doc                Doc           `yaml:"-"`
}

func (a *Audience) Document() *Doc  { return &a.Doc }
func (a *Audience) Metadata() *Meta { return &a.Meta }
func (a *Audience) URL() string     { return "/lobby/audiencias/" + a.Doc.Slug + "/" }

// Destination is where an official travelled.
type Destination struct {
	Place   string `yaml:"place" required:"" doc:"Ciudad o lugar"`
	Country string `yaml:"country" doc:"País, código ISO de dos letras: CL, AR"`
}

// Party is a funder or donor.
type Party struct {
	Name string `yaml:"name" required:"" doc:"Nombre o razón social"`
	Kind string `yaml:"kind" enum:"legal_person|natural_person" doc:"Tipo: legal_person (persona jurídica) o natural_person (persona natural)"`
}

// Trip is a lobby-law trip (art. 8 n°2).
type Trip struct {
	Meta        `yaml:",inline"`
	Official    string      `yaml:"official" required:"" doc:"Quién viajó (id de officials)"`
	StartDate   Date        `yaml:"start_date" required:"" doc:"Fecha de salida"`
	EndDate     Date        `yaml:"end_date" doc:"Fecha de regreso"`
	Destination Destination `yaml:"destination" required:"" doc:"Destino"`
	Purpose     string      `yaml:"purpose" required:"" doc:"Objeto del viaje"`
	TotalCost   Money       `yaml:"total_cost" required:"" doc:"Costo total en pesos"`
	Funders     []Party     `yaml:"funders" required:"" doc:"Quiénes financiaron"`
	Host        string      `yaml:"host" doc:"Institución anfitriona (nombre del archivo en instituciones/)"`
	Doc         Doc         `yaml:"-"`
}

func (t *Trip) Document() *Doc  { return &t.Doc }
func (t *Trip) Metadata() *Meta { return &t.Meta }
func (t *Trip) URL() string     { return "/lobby/viajes/" + t.Doc.Slug + "/" }

// LastDate is the trip's end date, or its start for a one-day trip.
func (t *Trip) LastDate() Date {
	if t.EndDate.IsZero() {
		return t.StartDate
	}
	return t.EndDate
}

// Gift classifications.
const (
	GiftOfficial = "official"
	GiftProtocol = "protocol"
	GiftCourtesy = "courtesy"
)

// Gift is a lobby-law gift (art. 8 n°3).
type Gift struct {
	Meta           `yaml:",inline"`
	Official       string  `yaml:"official" required:"" doc:"Quién recibió (id de officials)"`
	Date           Date    `yaml:"date" required:"" doc:"Fecha"`
	Description    string  `yaml:"description" required:"" doc:"Qué se recibió"`
	Occasion       string  `yaml:"occasion" required:"" doc:"Ocasión"`
	Classification string  `yaml:"classification" enum:"official|protocol|courtesy" doc:"Clasificación: official (oficial), protocol (protocolar) o courtesy (cortesía)"`
	Donors         []Party `yaml:"donors" required:"" doc:"Quiénes donaron"`
	Doc            Doc     `yaml:"-"`
}

func (g *Gift) Document() *Doc  { return &g.Doc }
func (g *Gift) Metadata() *Meta { return &g.Meta }
func (g *Gift) URL() string     { return "/lobby/donativos/" + g.Doc.Slug + "/" }

// Contact is an entry of the directory (content/contactos/).
type Contact struct {
	Meta     `yaml:",inline"`
	Position string  `yaml:"position" required:"" doc:"Cargo, o el nombre de la unidad"`
	Name     string  `yaml:"name" doc:"Nombre; puede faltar si el cargo está vacante"`
	Unit     string  `yaml:"unit" doc:"Unidad"`
	Phones   []Phone `yaml:"phones" doc:"Teléfonos, como se marcan: 22 540 17 56"`
	Email    string  `yaml:"email" doc:"Correo institucional"`
	Address  string  `yaml:"address" doc:"Dirección"`
	Hours    string  `yaml:"hours" doc:"Horario de atención"`
	Order    int     `yaml:"order" doc:"Orden en el directorio (menor primero)"`
	Doc      Doc     `yaml:"-"`
}

func (c *Contact) Document() *Doc  { return &c.Doc }
func (c *Contact) Metadata() *Meta { return &c.Meta }
func (c *Contact) URL() string     { return "/contactos/#" + c.Doc.Slug }
