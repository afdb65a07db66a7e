package content

import (
	"net/mail"
	"strings"
)

// This file holds the directory of authorities and institutions
// (content/instituciones/): the Gabinete's communications adviser keeps
// "archivos actualizados … de las autoridades e instituciones públicas y
// privadas a nivel comunal, regional y nacional" (function 9). They are a
// type of their own, not contacts with two more keys: a contact is the
// municipality's own office (an event's organizer must be one, the
// organisation's vCards carry its name), while an institution is outside
// it and always has a level and a sector, which contacts never need.

// KindInstitution is the type of content/instituciones/.
const KindInstitution Kind = "institucion"

// Institution levels and sectors.
const (
	LevelLocal    = "local"
	LevelRegional = "regional"
	LevelNational = "national"

	SectorPublic       = "public"
	SectorPrivate      = "private"
	SectorCivilSociety = "civil_society"
)

// Levels and Sectors are in the order the directory shows them, with their
// Spanish labels.
var (
	Levels  = []Label{{LevelLocal, "Comunal"}, {LevelRegional, "Regional"}, {LevelNational, "Nacional"}}
	Sectors = []Label{{SectorPublic, "Público"}, {SectorPrivate, "Privado"}, {SectorCivilSociety, "Sociedad civil"}}
)

// Label is a code and its Spanish words.
type Label struct{ Code, Text string }

// LabelOf returns the words of code in ls, or code.
func LabelOf(ls []Label, code string) string {
	for _, l := range ls {
		if l.Code == code {
			return l.Text
		}
	}
	return code
}

// Authority is who heads an institution: the post always, the person
// only when known (a post may be vacant, or its holder unnamed).
type Authority struct {
	Position string `yaml:"position" required:"" doc:"Cargo de quien encabeza la institución: Presidente, Seremi, Director(a)"`
	Name     string `yaml:"name" doc:"Nombre de quien ocupa el cargo; déjelo vacío si no se conoce"`
}

// Institution is an entry of the directory of authorities and institutions.
type Institution struct {
	Meta      `yaml:",inline"`
	Level     string     `yaml:"level" required:"" enum:"local|regional|national" doc:"Nivel: local (comunal), regional o national (nacional)"`
	Sector    string     `yaml:"sector" required:"" enum:"public|private|civil_society" doc:"Sector: public (público), private (privado) o civil_society (sociedad civil)"`
	Authority *Authority `yaml:"authority" doc:"Autoridad que la encabeza"`
	Phones    []Phone    `yaml:"phones" doc:"Teléfonos, como se marcan: 22 540 17 56"`
	Email     string     `yaml:"email" doc:"Correo de contacto"`
	Address   string     `yaml:"address" doc:"Dirección"`
	Website   string     `yaml:"website" doc:"Sitio web: https://…"`
	Hours     string     `yaml:"hours" doc:"Horario de atención"`
	Order     int        `yaml:"order" doc:"Orden dentro de su grupo (menor primero)"`
	Doc       Doc        `yaml:"-"`
}

func (i *Institution) Document() *Doc  { return &i.Doc }
func (i *Institution) Metadata() *Meta { return &i.Meta }
func (i *Institution) URL() string     { return "/instituciones/#" + i.Doc.Slug }

// LevelLabel and SectorLabel are the Spanish words of the codes.
func (i *Institution) LevelLabel() string  { return LabelOf(Levels, i.Level) }
func (i *Institution) SectorLabel() string { return LabelOf(Sectors, i.Sector) }

// Institution returns the institution with slug, or nil.
// Site.Sort and Site.Publishable index them, so that it is safe to call
// from parallel jobs; a site not yet sorted is searched in order.
func (s *Site) Institution(slug string) *Institution {
	if s.institutions != nil {
		return s.institutions[slug]
	}
	for _, in := range s.Institutions {
		if in.Doc.Slug == slug {
			return in
		}
	}
	return nil
}

func (s *Site) indexInstitutions() {
	s.institutions = make(map[string]*Institution, len(s.Institutions))
	for _, in := range s.Institutions {
		s.institutions[in.Doc.Slug] = in
	}
}

func (v *validator) institution(in *Institution) {
	d := &in.Doc
	v.requireMeta(d, &in.Meta, true, false)
	if len(in.Phones) == 0 && in.Email == "" && in.Address == "" && in.Website == "" {
		v.diags.Errorf(d.Pos("title"), "la institución necesita al menos un teléfono (phones), un correo (email), una dirección (address) o un sitio web (website)")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			v.diags.Errorf(d.Pos("email"), "correo no válido %q: escríbalo como nombre@institucion.cl", in.Email)
		}
	}
	if in.Website != "" && !httpURL(in.Website) {
		v.diags.Errorf(d.Pos("website"), "sitio web no válido %q: escriba la dirección completa, con https://", in.Website)
	}
	if a := in.Authority; a != nil && strings.TrimSpace(a.Position) == "" {
		if d.Fields.Has("authority.position") {
			v.diags.Errorf(d.Pos("authority.position"), "authority.position no puede quedar en blanco: escriba el cargo, aunque no se sepa quién lo ocupa")
		}
	}
}

// institutionRef reports a reference to an institution that does not
// exist, at the key that names it.
func (v *validator) institutionRef(pos Pos, slug string) {
	if slug == "" || v.has(refInstitution, slug) {
		return
	}
	var slugs []string
	for _, in := range v.site.Institutions {
		slugs = append(slugs, in.Doc.Slug)
	}
	v.diags.Errorf(pos, "no existe la institución %q en content/instituciones/%s", slug, Suggest(slug, slugs))
}
