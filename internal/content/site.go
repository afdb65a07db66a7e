package content

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// Official is a sujeto pasivo of the lobby law or the owner of a public agenda.
type Official struct {
	ID       string `yaml:"id" required:"" doc:"Identificador: minúsculas, dígitos y guiones (alcalde)"`
	Name     string `yaml:"name" required:"" doc:"Nombre completo"`
	Position string `yaml:"position" required:"" doc:"Cargo"`
	From     Date   `yaml:"from" required:"" doc:"Inicio en el cargo (AAAA-MM-DD)"`
	To       Date   `yaml:"to" doc:"Fin en el cargo; vacío o null si sigue en funciones"`
}

// InOffice reports whether the official held office on d.
func (o *Official) InOffice(d Date) bool {
	if d.Before(o.From) {
		return false
	}
	return o.To.IsZero() || !d.After(o.To)
}

// Category is an event category: code and Spanish label, in site.yaml order.
type Category struct {
	Code  string
	Label string
}

// Categories keeps the order editors wrote them in site.yaml.
type Categories []Category

// Label returns the label of code, or "" if there is none.
func (cs Categories) Label(code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Label
		}
	}
	return ""
}

// Calendar holds the iCalendar feed settings (an extension of CONTENT.md).
type Calendar struct {
	PastMonths   int    `yaml:"past_months" doc:"Meses pasados que incluyen los calendarios .ics (por omisión 12)"`
	RefreshHours int    `yaml:"refresh_hours" doc:"Cada cuántas horas deben actualizarse los calendarios suscritos (por omisión 6)"`
	Email        string `yaml:"email" doc:"Correo del organizador de los eventos en los calendarios"`
}

// CMS says where the web editor published at /admin/ (Decap CMS, package
// cms) saves what editors write: a Git repository, reached through the
// service's OAuth. Without it, /admin/ exists only in `cabildo serve`, for
// local editing (an extension of CONTENT.md).
type CMS struct {
	Backend      string `yaml:"backend" required:"" enum:"github|gitlab|gitea" doc:"Servicio Git del repositorio del sitio: github, gitlab o gitea"`
	Repo         string `yaml:"repo" required:"" doc:"Repositorio del sitio: organización/nombre"`
	Branch       string `yaml:"branch" doc:"Rama donde el editor guarda los cambios (por omisión main)"`
	AuthURL      string `yaml:"auth_url" doc:"Servidor OAuth que da acceso al repositorio (https://…); por omisión, el del servicio"`
	AuthEndpoint string `yaml:"auth_endpoint" doc:"Ruta de inicio de sesión en auth_url (por omisión auth)"`
	APIRoot      string `yaml:"api_root" doc:"Dirección de la API, solo para un GitLab o Gitea propio: https://git.municipio.cl/api/v4"`
	AppID        string `yaml:"app_id" doc:"Id de la aplicación OAuth, para GitLab sin servidor OAuth propio (PKCE)"`
}

// Reports holds the quarterly reports' settings (an extension of CONTENT.md).
type Reports struct {
	DueDays int `yaml:"due_days" doc:"Días después del fin de un trimestre en que su informe debe estar escrito (por omisión 30)"`
}

// Config is content/site.yaml.
type Config struct {
	Title           string     `yaml:"title" required:"" doc:"Nombre del sitio"`
	Organization    string     `yaml:"organization" required:"" doc:"Institución: Municipalidad de Ejemplo"`
	BaseURL         string     `yaml:"base_url" required:"" doc:"Dirección pública absoluta: https://www.municipioejemplo.cl"`
	Language        string     `yaml:"language" doc:"Idioma: es-CL"`
	Timezone        string     `yaml:"timezone" required:"" doc:"Zona horaria: America/Santiago, America/Punta_Arenas o Pacific/Easter"`
	Comuna          string     `yaml:"comuna" doc:"Comuna"`
	Theme           string     `yaml:"theme" doc:"Tema: themes/<nombre>/ reemplaza archivos del tema incorporado"`
	Description     string     `yaml:"description" doc:"Descripción del sitio"`
	InstitutionCode string     `yaml:"institution_code" doc:"Código de la institución en InfoLobby"`
	Officials       []Official `yaml:"officials" doc:"Sujetos pasivos y autoridades con agenda pública"`
	Categories      Categories `yaml:"categories" doc:"Categorías de eventos: código: Nombre"`
	Logo            string     `yaml:"logo" doc:"Logo, relativo a content/ (SVG o PNG)"`
	PrimaryColor    string     `yaml:"primary_color" doc:"Color institucional en hexadecimal: #0b5394"`
	PressPerPage    int        `yaml:"press_per_page" doc:"Comunicados por página en la lista de prensa (por omisión 10)"`
	PressContact    string     `yaml:"press_contact" doc:"Contacto de prensa que muestra cada comunicado: nombre de un archivo de content/contactos/ sin .md"`
	Calendar        Calendar   `yaml:"calendar" doc:"Ajustes de los calendarios .ics"`
	ShortNumbers    []string   `yaml:"short_numbers" doc:"Números cortos propios de la comuna que se aceptan en phones, solo dígitos: [\"1480\"]"`
	UnsafeHTML      bool       `yaml:"unsafe_html" doc:"Publica sin revisar el HTML dentro del Markdown, con un aviso por cada uso (desaconsejado)"`
	UnsafeScripts   bool       `yaml:"unsafe_scripts" doc:"Con unsafe_html, publica también HTML que ejecuta código (peligroso: quien edite una página puede atacar a los visitantes)"`
	Reports         Reports    `yaml:"reports" doc:"Ajustes de los informes trimestrales"`
	Retired         []string   `yaml:"retired" doc:"Direcciones publicadas antes que ya no existen a propósito: nginx responde 410 (retirada), como /prensa/nota-antigua/"`
	CMS             *CMS       `yaml:"cms" doc:"Editor web de /admin/ (Decap CMS): dónde guarda los cambios"`

	Location *time.Location `yaml:"-"` // loaded from Timezone
	Doc      Doc            `yaml:"-"`
}

// Official returns the official with id, or nil.
func (c *Config) Official(id string) *Official {
	for i := range c.Officials {
		if c.Officials[i].ID == id {
			return &c.Officials[i]
		}
	}
	return nil
}

// Host returns the host of BaseURL.
func (c *Config) Host() string {
	s := strings.TrimPrefix(strings.TrimPrefix(c.BaseURL, "https://"), "http://")
	host, _, _ := strings.Cut(s, "/")
	return host
}

// AbsURL joins the base URL and a site path ("/prensa/").
func (c *Config) AbsURL(path string) string {
	return strings.TrimRight(c.BaseURL, "/") + path
}

// StaticFile is a file under content/ that is not Markdown: copied as is.
type StaticFile struct {
	Path string // "content/prensa/plaza/foto.jpg"
	URL  string // "/prensa/plaza/foto.jpg"
	Size int64
	// ModTime is when the file was last modified, as the scan saw it:
	// the image cache answers from it without reading the file.
	ModTime time.Time
}

// Site is everything a build knows about the content.
type Site struct {
	Config    Config
	Home      *Page
	Pages     []*Page
	Press     []*PressRelease
	Events    []*Event
	Audiences []*Audience
	Trips     []*Trip
	Gifts     []*Gift
	Contacts  []*Contact
	Reports   []*Report
	// Institutions is the directory of authorities and institutions;
	// Site.Institution finds one by slug.
	Institutions []*Institution
	Publications []*Publication
	institutions map[string]*Institution
	Files        []StaticFile
}

// Items returns every item of the site, in a stable order.
func (s *Site) Items() []Item {
	// Sized at once: a serve edit calls it a dozen times, and growing
	// a slice of 10,000 items from nothing was a tenth of what it
	// allocated.
	n := len(s.Pages) + len(s.Press) + len(s.Events) + len(s.Audiences) + len(s.Trips) + len(s.Gifts) +
		len(s.Contacts) + len(s.Reports) + len(s.Institutions) + len(s.Publications) + 1
	out := make([]Item, 0, n)
	if s.Home != nil {
		out = append(out, s.Home)
	}
	for _, p := range s.Pages {
		out = append(out, p)
	}
	for _, p := range s.Press {
		out = append(out, p)
	}
	for _, e := range s.Events {
		out = append(out, e)
	}
	for _, a := range s.Audiences {
		out = append(out, a)
	}
	for _, t := range s.Trips {
		out = append(out, t)
	}
	for _, g := range s.Gifts {
		out = append(out, g)
	}
	for _, c := range s.Contacts {
		out = append(out, c)
	}
	for _, r := range s.Reports {
		out = append(out, r)
	}
	for _, in := range s.Institutions {
		out = append(out, in)
	}
	for _, p := range s.Publications {
		out = append(out, p)
	}
	return out
}

// Sort puts every list in its canonical order: press newest first, events by
// start, lobby records newest first, contacts by order then position, pages
// by slug. Ties break on the slug so that builds are deterministic.
func (s *Site) Sort() {
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].Doc.Slug < s.Pages[j].Doc.Slug })
	// The two largest, without sort.Slice's reflection, and each
	// event's instant found once: serve sorts them after every edit.
	slices.SortFunc(s.Press, func(a, b *PressRelease) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Doc.Slug, b.Doc.Slug)
	})
	type started struct {
		e     *Event
		start time.Time
	}
	events := make([]started, len(s.Events))
	for i, e := range s.Events {
		events[i] = started{e, e.Start.Instant(s.Config.Location)}
	}
	slices.SortFunc(events, func(a, b started) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return strings.Compare(a.e.Doc.Slug, b.e.Doc.Slug)
	})
	for i, e := range events {
		s.Events[i] = e.e
	}
	sort.Slice(s.Audiences, func(i, j int) bool {
		a, b := s.Audiences[i], s.Audiences[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.After(b.Start)
		}
		return a.Doc.Slug < b.Doc.Slug
	})
	sort.Slice(s.Trips, func(i, j int) bool {
		a, b := s.Trips[i], s.Trips[j]
		if c := a.StartDate.Compare(b.StartDate); c != 0 {
			return c > 0
		}
		return a.Doc.Slug < b.Doc.Slug
	})
	sort.Slice(s.Gifts, func(i, j int) bool {
		a, b := s.Gifts[i], s.Gifts[j]
		if c := a.Date.Compare(b.Date); c != 0 {
			return c > 0
		}
		return a.Doc.Slug < b.Doc.Slug
	})
	sort.Slice(s.Contacts, func(i, j int) bool {
		a, b := s.Contacts[i], s.Contacts[j]
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Doc.Slug < b.Doc.Slug
	})
	sort.Slice(s.Institutions, func(i, j int) bool {
		a, b := s.Institutions[i], s.Institutions[j]
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Doc.Slug < b.Doc.Slug
	})
	s.indexInstitutions()
	sort.Slice(s.Publications, func(i, j int) bool {
		a, b := s.Publications[i], s.Publications[j]
		if c := a.Date.Compare(b.Date); c != 0 {
			return c > 0
		}
		return a.Doc.Slug < b.Doc.Slug
	})
	sort.Slice(s.Reports, func(i, j int) bool { return s.Reports[i].Doc.Slug < s.Reports[j].Doc.Slug })
	sort.Slice(s.Files, func(i, j int) bool { return s.Files[i].Path < s.Files[j].Path })
}

// Add puts an item in its list.
func (s *Site) Add(it Item) {
	switch v := it.(type) {
	case *Page:
		if v.Doc.Slug == "" {
			s.Home = v
		} else {
			s.Pages = append(s.Pages, v)
		}
	case *PressRelease:
		s.Press = append(s.Press, v)
	case *Event:
		s.Events = append(s.Events, v)
	case *Audience:
		s.Audiences = append(s.Audiences, v)
	case *Trip:
		s.Trips = append(s.Trips, v)
	case *Gift:
		s.Gifts = append(s.Gifts, v)
	case *Contact:
		s.Contacts = append(s.Contacts, v)
	case *Report:
		s.Reports = append(s.Reports, v)
	case *Publication:
		s.Publications = append(s.Publications, v)
	case *Institution:
		s.Institutions = append(s.Institutions, v)
		s.institutions = nil
	}
}
