package render

import (
	"html/template"

	"cabildo/internal/content"
)

func init() { register((*Renderer).institutionJobs) }

// The directory of authorities and institutions (content/instituciones/):
//
//	/instituciones/             every institution, grouped by level
//	                            (comunal, regional, nacional) and, within
//	                            each, by sector (público, privado, sociedad
//	                            civil); each an <article id="<slug>">
//	/instituciones/<slug>.vcf   the institution as a vCard (KIND:org)
//
// Audiences (represented.institution), trips (host) and events
// (co_organizers) link to /instituciones/#<slug>.

// InstitutionsView is the Data of institutions.html.
type InstitutionsView struct {
	Levels []InstitutionLevel
}

// InstitutionLevel is one level of the directory, with its sectors.
type InstitutionLevel struct {
	ID, Label string // "comunal", "Comunal"
	Sectors   []InstitutionSector
}

// InstitutionSector is one sector of a level.
type InstitutionSector struct {
	ID, Label    string // "comunal-publico", "Público"
	Institutions []InstitutionView
}

// InstitutionView is one entry of the directory.
type InstitutionView struct {
	*content.Institution
	Body  template.HTML
	VCard string
}

// levelIDs and sectorIDs are the Spanish anchors of each group.
var (
	levelIDs  = map[string]string{content.LevelLocal: "comunal", content.LevelRegional: "regional", content.LevelNational: "nacional"}
	sectorIDs = map[string]string{content.SectorPublic: "publico", content.SectorPrivate: "privado", content.SectorCivilSociety: "sociedad-civil"}
)

func institutionVCardURL(in *content.Institution) string {
	return "/instituciones/" + in.Doc.Slug + ".vcf"
}

func (r *Renderer) institutionJobs() []func() {
	if len(r.site.Institutions) == 0 {
		return nil
	}
	jobs := []func(){r.institutionsPage}
	for _, in := range r.site.Institutions {
		jobs = append(jobs, func() {
			r.add(institutionVCardURL(in), r.institutionVCard(in))
			r.aliases(in)
		})
	}
	return jobs
}

func (r *Renderer) institutionsPage() {
	v := &InstitutionsView{}
	var lds []any
	for _, lvl := range content.Levels {
		level := InstitutionLevel{ID: levelIDs[lvl.Code], Label: lvl.Text}
		for _, sec := range content.Sectors {
			group := InstitutionSector{ID: levelIDs[lvl.Code] + "-" + sectorIDs[sec.Code], Label: sec.Text}
			for _, in := range r.site.Institutions {
				if in.Level == lvl.Code && in.Sector == sec.Code {
					group.Institutions = append(group.Institutions, InstitutionView{
						Institution: in, Body: template.HTML(r.body(in).HTML), VCard: institutionVCardURL(in)})
					lds = append(lds, r.institutionLD(in))
				}
			}
			if len(group.Institutions) > 0 {
				level.Sectors = append(level.Sectors, group)
			}
		}
		if len(level.Sectors) > 0 {
			v.Levels = append(v.Levels, level)
		}
	}
	r.page("/instituciones/", "institutions.html", &Page{
		Title:       "Autoridades e instituciones",
		Description: "Directorio de autoridades e instituciones públicas, privadas y de la sociedad civil, a nivel comunal, regional y nacional, con las que se relaciona " + r.cfg.Organization + ".",
		Breadcrumbs: []Crumb{{"Inicio", "/"}},
		Data:        v,
		JSONLD:      []any{map[string]any{"@context": "https://schema.org", "@graph": lds}},
	})
}

// institutionLD is an institution as schema.org: a GovernmentOrganization
// when it is public, an Organization otherwise.
func (r *Renderer) institutionLD(in *content.Institution) map[string]any {
	t := "Organization"
	if in.Sector == content.SectorPublic {
		t = "GovernmentOrganization"
	}
	ld := map[string]any{"@type": t, "@id": r.AbsURL(in.URL()), "name": in.Title}
	if in.Website != "" {
		ld["url"] = in.Website
	}
	if len(in.Phones) > 0 {
		ld["telephone"] = in.Phones[0].E164
	}
	if in.Email != "" {
		ld["email"] = in.Email
	}
	if in.Address != "" {
		ld["address"] = in.Address
	}
	if a := in.Authority; a != nil && a.Name != "" {
		ld["employee"] = map[string]any{"@type": "Person", "name": a.Name, "jobTitle": a.Position}
	}
	return ld
}

// institutionVCard writes in as a vCard 4.0 of an organisation, as the
// contacts' (contacts.go): the head's post and name, when known, go in
// NOTE, since the card reaches the institution, not the person.
func (r *Renderer) institutionVCard(in *content.Institution) []byte {
	var v vcardWriter
	v.line("BEGIN:VCARD")
	v.line("VERSION:4.0")
	v.line("KIND:org")
	v.line("FN:" + vcardText(in.Title))
	v.line("ORG:" + vcardText(in.Title))
	for _, p := range in.Phones {
		v.line("TEL;VALUE=uri;TYPE=work,voice:tel:" + p.E164)
	}
	if in.Email != "" {
		v.line("EMAIL;TYPE=work:" + vcardText(in.Email))
	}
	if in.Address != "" {
		v.line("ADR;TYPE=work:;;" + vcardText(in.Address) + ";;;;")
	}
	if in.Website != "" {
		v.line("URL:" + in.Website)
	} else {
		v.line("URL:" + r.AbsURL(in.URL()))
	}
	var note []string
	if a := in.Authority; a != nil {
		head := a.Position
		if a.Name != "" {
			head += ": " + a.Name
		}
		note = append(note, head)
	}
	if in.Hours != "" {
		note = append(note, "Horario de atención: "+in.Hours)
	}
	if len(note) > 0 {
		v.line("NOTE:" + vcardText(joinLines(note)))
	}
	v.line("CATEGORIES:" + vcardText(in.LevelLabel()) + "," + vcardText(in.SectorLabel()))
	v.line("SOURCE:" + r.AbsURL(institutionVCardURL(in)))
	v.line("UID:" + r.AbsURL(in.URL()))
	if !in.Updated.IsZero() {
		v.line("REV:" + in.Updated.UTC().Format("20060102T150405Z"))
	}
	v.line("END:VCARD")
	return []byte(v.b.String())
}

func joinLines(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += "\n"
		}
		out += x
	}
	return out
}
