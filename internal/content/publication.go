package content

import (
	"fmt"
	"strconv"
	"strings"
)

// This file holds the archive of the municipality's publications
// (content/publicaciones/): bulletins, magazines, reports, the annual
// cuenta pública, brochures. The Gabinete's communications adviser keeps
// "archivos actualizados de todas las publicaciones relacionadas con las
// actividades municipales" (function 9). A publication is a PDF kept with
// the site or a link to where it is published.

// KindPublication is the type of content/publicaciones/.
const KindPublication Kind = "publicacion"

// Publication types, in the order the archive lists them.
var PublicationTypes = []Label{
	{"bulletin", "Boletín"},
	{"magazine", "Revista"},
	{"report", "Informe"},
	{"public_account", "Cuenta pública"},
	{"brochure", "Folleto"},
	{"other", "Otra publicación"},
}

// PublicationTypeSlugs are the folders of /publicaciones/tipo/<slug>/.
var PublicationTypeSlugs = map[string]string{
	"bulletin": "boletines", "magazine": "revistas", "report": "informes",
	"public_account": "cuenta-publica", "brochure": "folletos", "other": "otras",
}

// Publication is an item of the archive of publications.
type Publication struct {
	Meta   `yaml:",inline"`
	Date   Date     `yaml:"date" required:"" doc:"Fecha de publicación"`
	Type   string   `yaml:"type" required:"" enum:"bulletin|magazine|report|public_account|brochure|other" doc:"Tipo: bulletin (boletín), magazine (revista), report (informe), public_account (cuenta pública), brochure (folleto) u other"`
	Number string   `yaml:"number" doc:"Número o edición: 12, «Edición de invierno»"`
	File   string   `yaml:"file" doc:"El PDF, junto al texto o relativo a content/"`
	Link   string   `yaml:"url" doc:"Enlace a la publicación, si no está en este sitio (https://…)"`
	Pages  int      `yaml:"pages" doc:"Número de páginas; Cabildo lo cuenta en el PDF y revisa el que se escriba"`
	Cover  *Image   `yaml:"cover" doc:"Portada"`
	Topics []string `yaml:"topics" doc:"Temas, en minúsculas con guiones: obras, salud"`
	Doc    Doc      `yaml:"-"`

	// PDF is what the loader read in File: its size and pages.
	PDF PDFInfo `yaml:"-"`
}

// PDFInfo describes a publication's PDF as the loader found it.
type PDFInfo struct {
	Size  int64
	Pages int // 0 when it could not be counted
}

func (p *Publication) Document() *Doc  { return &p.Doc }
func (p *Publication) Metadata() *Meta { return &p.Meta }
func (p *Publication) URL() string     { return "/publicaciones/" + p.Doc.Slug + "/" }

// TypeLabel is the type in Spanish: "Boletín".
func (p *Publication) TypeLabel() string { return LabelOf(PublicationTypes, p.Type) }

// PageCount is the PDF's pages, or those written when it has none.
func (p *Publication) PageCount() int {
	if p.PDF.Pages > 0 {
		return p.PDF.Pages
	}
	return p.Pages
}

func (v *validator) publication(p *Publication) {
	d := &p.Doc
	v.requireMeta(d, &p.Meta, true, true)
	switch {
	case p.File == "" && p.Link == "":
		v.diags.Errorf(d.Pos("title"), "la publicación necesita su archivo PDF (file) o un enlace a ella (url)")
	case p.File != "" && p.Link != "":
		v.diags.Errorf(d.Pos("url"), "escriba file (el PDF en este sitio) o url (un enlace), no ambos")
	}
	if p.File != "" {
		if !strings.HasSuffix(strings.ToLower(p.File), ".pdf") {
			v.diags.Errorf(d.Pos("file"), "el archivo %q no es un PDF: publique la versión PDF (nombre terminado en .pdf)", p.File)
		} else {
			v.fileRef(d, "file", "", p.File)
		}
	}
	if p.Link != "" && !httpURL(p.Link) {
		v.diags.Errorf(d.Pos("url"), "enlace no válido %q: escriba la dirección completa, con https://", p.Link)
	}
	if d.Fields.Has("pages") && p.Pages < 1 {
		v.diags.Errorf(d.Pos("pages"), "pages debe ser 1 o más: el número de páginas de la publicación")
	}
	if p.Pages > 0 && p.PDF.Pages > 0 && p.Pages != p.PDF.Pages {
		v.diags.Errorf(d.Pos("pages"), "el PDF tiene %d páginas, no %d: corrija pages o bórrelo, y Cabildo las cuenta", p.PDF.Pages, p.Pages)
	}
	for i, t := range p.Topics {
		if !ValidSlug(t) {
			v.diags.Errorf(d.PosAt("topics", i), "tema no válido %q: use minúsculas sin tildes, dígitos y guiones, como medio-ambiente", t)
		}
	}
	if p.Cover != nil {
		v.fileRef(d, "cover.src", "", p.Cover.Src)
		if d.Fields.Has("cover.alt") && strings.TrimSpace(p.Cover.Alt) == "" {
			v.diags.Errorf(d.Pos("cover.alt"), "la portada necesita texto alternativo (alt): describa lo que muestra")
		}
	}
	// /publicaciones/<year>/, /pagina/ and /tipo/ are the archive's.
	if slug := d.Slug; slug == "pagina" || slug == "tipo" || len(slug) == 4 && isDigits(slug) {
		v.diags.Errorf(Pos{File: d.Path}, "el nombre de archivo %q está reservado para el archivo de publicaciones (/publicaciones/%s/): cambie el nombre del archivo", slug+".md", slug)
	}
}

func isDigits(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && !strings.ContainsAny(s, "+-")
}

// NotPDFMessage is the error for a file named .pdf that is not a PDF.
func NotPDFMessage(path string, head []byte) string {
	what := "no empieza como un PDF (%PDF-)"
	switch {
	case len(head) == 0:
		what = "está vacío"
	case strings.HasPrefix(string(head), "PK"):
		what = "es un documento de Office o un ZIP renombrado"
	case strings.HasPrefix(strings.ToLower(strings.TrimSpace(string(head))), "<"):
		what = "es una página web (HTML), quizás descargada en lugar del PDF"
	}
	return fmt.Sprintf("%s no es un PDF: %s; expórtelo como PDF desde el programa en que se hizo y súbalo de nuevo", path, what)
}
