// Package archetype writes the file `cabildo new` starts a content item
// with: every key of the type, each under a comment in Spanish that says
// what it is, the required ones filled with values that build, and the
// optional ones commented out with an example, ready to be uncommented.
//
// The keys, their order, which are required, their allowed values and
// their descriptions come from the struct tags of package content through
// load.Fields, the same that the loader decodes with: a key added to the
// model appears in new files without touching this package. The values of
// required keys are the only thing written here, and a test builds every
// generated file, so a new required key without a value fails the tests.
package archetype

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
)

// Kind describes a type editors can create.
type Kind struct {
	Name  string       // the word editors type: "prensa"
	Kind  content.Kind // content.KindPress
	Dir   string       // "content/prensa"
	Dated bool         // file names start with the date
	Label string       // "Nuevo comunicado de prensa"
	Type  reflect.Type
	Body  string // placeholder text of the body, if the type has one
}

// Kinds lists the types `cabildo new` knows: every section of the model
// (content.Sections), in its order, named as the model names it.
var Kinds = kinds()

func kinds() []Kind {
	var out []Kind
	for _, sec := range content.Sections {
		w := words[sec.Kind]
		out = append(out, Kind{
			Name: string(sec.Kind), Kind: sec.Kind, Dir: sec.Folder, Dated: sec.Dated,
			Label: w.label, Type: reflect.TypeOf(sec.New()).Elem(), Body: w.body,
		})
	}
	return out
}

// words are the texts a new file of each kind starts with: its first
// comment and the placeholder of its body. A kind without words gets
// «Nuevo: <title>» and no body.
var words = map[content.Kind]struct{ label, body string }{
	content.KindPress: {"Nuevo comunicado de prensa",
		content.PlaceholderPressBody + "\n"},
	content.KindEvent: {"Nuevo evento",
		content.PlaceholderEventBody + "\n"},
	content.KindAudience: {"Nueva audiencia de lobby", ""},
	content.KindTrip:     {"Nuevo viaje (Ley del Lobby)", ""},
	content.KindGift:     {"Nuevo donativo (Ley del Lobby)", ""},
	content.KindContact:  {"Nuevo contacto del directorio", content.PlaceholderContactBody + "\n"},
	content.KindPage:     {"Nueva página", content.PlaceholderPageBody + "\n"},
	content.KindReport:   {"Nuevo informe trimestral del Gabinete", reportBody()},
	content.KindPublication: {"Nueva publicación (boletín, revista, informe, cuenta pública, folleto)",
		"Puede presentar aquí la publicación: qué trae y a quién está dirigida.\n"},
	content.KindInstitution: {"Nueva autoridad o institución del directorio",
		"Puede describir aquí qué hace la institución y para qué contactarla.\n"},
}

// reportBody is a report's six areas, each a title the check requires
// and a line to replace.
func reportBody() string {
	var b strings.Builder
	for i, a := range content.ReportAreas {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## %s\n\n%s\n", a.Label, content.PlaceholderReportArea)
	}
	return b.String()
}

// reportQuarter is the quarter a new report is about: the one its title
// names ("cabildo new informe 2026-t3"), or else day's, so that the office
// can start the report while the quarter runs.
func reportQuarter(title string, day content.Date) content.Quarter {
	if q, ok := content.ParseQuarter(strings.TrimSpace(title)); ok {
		return q
	}
	return content.QuarterOf(day)
}

// Lookup returns the kind editors call name.
func Lookup(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Names lists the kinds' names: "prensa, evento, …".
func Names() string {
	var names []string
	for _, k := range Kinds {
		names = append(names, k.Name)
	}
	return strings.Join(names, ", ")
}

// Path returns the file a new item titled title on day gets: dated types
// are "YYYY-MM-DD-slug.md". It fails when the title gives no slug.
func (k Kind) Path(title string, day content.Date) (string, error) {
	if k.Kind == content.KindReport {
		// A report's file is named after its quarter, not its title.
		return k.Dir + "/" + reportQuarter(title, day).Slug() + ".md", nil
	}
	slug := markdown.Slugify(title)
	if slug == "" {
		return "", fmt.Errorf("el título «%s» no sirve para nombrar el archivo: use letras o dígitos", title)
	}
	if k.Dated {
		slug = day.String() + "-" + slug
	}
	if k.Kind == content.KindPage && !validPageName(slug) {
		return "", fmt.Errorf("«%s» es el nombre de una sección del sitio: elija otro título para la página", slug)
	}
	return k.Dir + "/" + slug + ".md", nil
}

// Bundle returns the folder form of the file name Path gave: the text is
// the folder's index.md, and its photos and documents go beside it.
func Bundle(name string) string {
	return strings.TrimSuffix(name, ".md") + "/index.md"
}

// Twin returns the other file a text named name could be: a bundle's
// index.md for a single file, the single file for a bundle's index.md.
// Both are published at the same address, so only one may exist.
func Twin(name string) string {
	if dir, ok := strings.CutSuffix(name, "/index.md"); ok {
		return dir + ".md"
	}
	return Bundle(name)
}

func validPageName(slug string) bool {
	_, _, msg := load.Classify("content/" + slug + ".md")
	return msg == ""
}

// Generate returns the text of a new file of kind k titled title, dated
// day, for the site configured by cfg (its officials fill the lobby
// records). The item is a draft: it is not published until the editor
// removes draft: true.
//
// start, if not "", is an event's start as the editor gave it (checked by
// the caller): it replaces the example start on day at 10:00.
func Generate(k Kind, title string, day content.Date, cfg *content.Config, start string) []byte {
	if k.Kind == content.KindReport {
		if q, ok := content.ParseQuarter(strings.TrimSpace(title)); ok {
			title = "Informe del " + q.Label()
		}
	}
	g := &gen{kind: k.Kind, title: title, day: day, official: officialFor(cfg, day), start: start}
	var b strings.Builder
	fmt.Fprintf(&b, "---\n")
	fmt.Fprintf(&b, "# %s. Las líneas que empiezan con # son comentarios: no se publican.\n", k.Label)
	fmt.Fprintf(&b, "# Para usar una clave opcional, borre el # del comienzo de su línea.\n")
	fmt.Fprintf(&b, "# Quite «draft: true» cuando el texto esté listo para publicarse.\n")
	g.fields(&b, k.Type, "", "")
	fmt.Fprintf(&b, "---\n")
	if k.Body != "" {
		b.WriteString("\n" + k.Body)
	}
	return []byte(b.String())
}

// officialFor picks the official lobby records name by default: the first
// in office on day, else the first of site.yaml.
func officialFor(cfg *content.Config, day content.Date) string {
	for _, o := range cfg.Officials {
		if o.InOffice(day) {
			return o.ID
		}
	}
	if len(cfg.Officials) > 0 {
		return cfg.Officials[0].ID
	}
	return "alcalde"
}

type gen struct {
	kind     content.Kind
	title    string
	day      content.Date
	official string
	start    string
}

// fields writes the keys of struct type t at indent; first, if not "",
// replaces the indent of the first key (a list item's "- ").
func (g *gen) fields(b *strings.Builder, t reflect.Type, path, indent string) {
	for _, f := range load.Fields(t) {
		p := join(path, f.Key)
		val, active := g.value(p, f)
		g.comment(b, indent, f, active && val == "")
		if !active {
			fmt.Fprintf(b, "%s# %s: %s\n", indent, f.Key, example(p, f.Type, g))
			continue
		}
		if val != "" {
			fmt.Fprintf(b, "%s%s: %s\n", indent, f.Key, val)
			continue
		}
		// A required group or list of groups: written out, key by key.
		et := deref(f.Type)
		fmt.Fprintf(b, "%s%s:\n", indent, f.Key)
		if et.Kind() == reflect.Slice {
			fmt.Fprintf(b, "%s  - # primer elemento; agregue otros con un guion (-) cada uno\n", indent)
			g.fields(b, deref(et.Elem()), p+".0", indent+"    ")
			continue
		}
		g.fields(b, et, p, indent+"  ")
	}
}

// comment writes what a key is, in Spanish, above it.
func (g *gen) comment(b *strings.Builder, indent string, f load.FieldInfo, expanded bool) {
	doc := f.Doc
	if f.Required {
		doc += " (obligatorio)"
	}
	fmt.Fprintf(b, "%s# %s\n", indent, doc)
	if len(f.Enum) > 0 {
		fmt.Fprintf(b, "%s#   valores: %s\n", indent, strings.Join(f.Enum, ", "))
	}
	// The keys of a group written on one line are described one by one.
	if !expanded {
		if et := deref(f.Type); et.Kind() == reflect.Struct && !leaf(et) || et.Kind() == reflect.Slice && deref(et.Elem()).Kind() == reflect.Struct && !leaf(deref(et.Elem())) {
			if et.Kind() == reflect.Slice {
				et = deref(et.Elem())
			}
			for _, sf := range load.Fields(et) {
				req := ""
				if sf.Required {
					req = " (obligatorio)"
				}
				fmt.Fprintf(b, "%s#   %s: %s%s\n", indent, sf.Key, sf.Doc, req)
			}
		}
	}
}

// value returns the value written for a required key (or one every new
// file sets) and true; "" and true for a required group, written key by
// key; false for an optional key, written commented out.
func (g *gen) value(path string, f load.FieldInfo) (string, bool) {
	if v, ok := g.fixed(path); ok {
		return v, true
	}
	if v, ok := required[g.kind][path]; ok {
		return strings.ReplaceAll(v, "$official", g.official), true
	}
	if !f.Required {
		return "", false
	}
	t := deref(f.Type)
	switch {
	case leaf(t):
		return example(path, f.Type, g), true
	case t.Kind() == reflect.Struct || t.Kind() == reflect.Slice && deref(t.Elem()).Kind() == reflect.Struct:
		return "", true
	}
	return example(path, f.Type, g), true
}

// fixed are the values every new file gets, whatever the type requires.
func (g *gen) fixed(path string) (string, bool) {
	switch path {
	case "title":
		return strconv.Quote(g.title), true
	case "draft":
		return "true", true
	case "start":
		if g.start != "" {
			return g.start, true
		}
	}
	return "", false
}

// required holds the values of required keys that are not dates: they
// must pass validation (an official in office, a place) while saying
// plainly that they are to be replaced.
var required = map[content.Kind]map[string]string{
	content.KindPress: {
		"summary": q(content.PlaceholderSummary),
	},
	content.KindEvent: {
		"summary":       q(content.PlaceholderSummary),
		"location.name": q(content.PlaceholderPlaceName), // or online_url (validation)
	},
	content.KindAudience: {
		"officials":      "[$official]",
		"modality":       "in_person",
		"place":          q(content.PlaceholderAudiencePlace),
		"subject_matter": q(content.PlaceholderSubjectMatter),
		// Each attendee needs a name unless protected (validation).
		"attendees.0.name":       q(content.PlaceholderPersonName),
		"attendees.0.paid":       "false",
		"attendees.0.represents": "[representado]",
	},
	content.KindTrip: {
		"official":          "$official",
		"destination.place": q(content.PlaceholderDestination),
		"purpose":           q(content.PlaceholderPurpose),
		"total_cost":        "0",
		"funders.0.name":    q(content.PlaceholderFunder),
	},
	content.KindGift: {
		"official":      "$official",
		"description":   q(content.PlaceholderGiftDescription),
		"occasion":      q(content.PlaceholderOccasion),
		"donors.0.name": q(content.PlaceholderDonor),
	},
	content.KindPage: {
		"summary": q(content.PlaceholderSummary),
	},
	content.KindPublication: {
		"summary": `"Escriba aquí un resumen de una o dos oraciones."`,
		"type":    "bulletin",
		// A PDF beside the text, or a link (validation).
		"url": `"https://www.municipioejemplo.cl/publicaciones/archivo.pdf"`,
	},
	content.KindInstitution: {
		"level":  "local",
		"sector": "public",
		// At least one of phones, email, address and website (validation).
		"address": `"Dirección de la institución"`,
	},
	content.KindContact: {
		"position": q(content.PlaceholderPosition),
		// At least one of phones, email and address (validation).
		"address": `"Av. Principal 100"`,
	},
}

// q quotes a placeholder as a YAML value.
func q(s string) string { return strconv.Quote(s) }

// leaf reports whether values of t are written as one scalar.
func leaf(t reflect.Type) bool {
	switch load.FormatOf(t) {
	case load.FormatDateTime, load.FormatDate, load.FormatWhen, load.FormatPhone:
		return true
	}
	return t.Kind() != reflect.Struct && t.Kind() != reflect.Slice && t.Kind() != reflect.Map
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// examples are the values shown for keys, by the key's last element (or
// its dotted path when that is more specific).
var examples = map[string]string{
	"summary":             q(content.PlaceholderSummaryExample),
	"updated":             "$dayT18:00",
	"aliases":             "[/noticias/nombre-antiguo/]",
	"dateline":            `"Ejemplo"`,
	"topics":              "[obras, salud]",
	"src":                 "foto.jpg",
	"alt":                 q(content.PlaceholderAlt),
	"caption":             q(content.PlaceholderCaption),
	"credit":              q(content.PlaceholderCredit),
	"attachments.title":   q(content.PlaceholderDocumentTitle),
	"file":                "documento.pdf",
	"related_events":      "[$day-nombre-del-evento]",
	"note":                q(content.PlaceholderCorrection),
	"changes.note":        `"Se traslada al sábado siguiente por lluvia."`,
	"moved_dates.note":    `"por lluvia"`,
	"cancelled_dates":     "[$day]",
	"end":                 "$dayT12:00",
	"status":              "confirmed",
	"category":            "cultura",
	"agenda_of":           "[$official]",
	"location.name":       q(content.PlaceholderPlaceName),
	"address":             `"Av. Principal 100"`,
	"lat":                 "-33.4489",
	"lon":                 "-70.6693",
	"online_url":          "https://ejemplo.cl/transmision",
	"organizer":           "gabinete",
	"registration_url":    "https://ejemplo.cl/inscripcion",
	"step_free":           "true",
	"sign_language":       "false",
	"notes":               q(content.PlaceholderAccessNotes),
	"recurrence":          `"FREQ=WEEKLY;COUNT=6"`,
	"uid":                 `""`,
	"name":                q(content.PlaceholderPersonName),
	"employer":            q(content.PlaceholderEmployer),
	"represents":          "[representado]",
	"protected":           "true",
	"id":                  "representado",
	"represented.name":    q(content.PlaceholderRepresented),
	"kind":                "natural_person",
	"rut":                 `"76123456-0"`,
	"decision_categories": "[administrative_act]",
	"infolobby_code":      `""`,
	"infolobby_url":       "https://www.infolobby.cl/",
	"end_date":            "$day",
	"country":             "CL",
	"classification":      "protocol",
	"phones":              `["22 540 17 56"]`,
	"email":               "unidad@municipioejemplo.cl",
	"hours":               `"Lunes a viernes 08:30–14:00"`,
	"unit":                `"Gabinete de Alcaldía"`,
	"contact.address":     `"Av. Principal 100, 2.º piso"`,
	"order":               "10",
	"budget":              `[ { item: "Actividades protocolares", planned: 1000000, executed: 950000 } ]`,
	"budget_total":        "{ planned: 1000000, executed: 950000 }",
	"staff":               "{ permanent: 4, fixed_term: 5, fee_based: 2 }",
	"authority":           `{ position: "Presidente(a)", name: "" }`,
	"website":             `"https://www.institucion.cl"`,
	"host":                "concejo-municipal",
	"co_organizers":       "[concejo-municipal]",
	"institution":         "concejo-municipal",
	"number":              `"1"`,
	"pages":               "12",
	"cover":               `{ src: portada.jpg, alt: "Portada de la publicación" }`,
}

// example returns the example value of the key at path of type t, written
// as YAML on one line.
func example(path string, t reflect.Type, g *gen) string {
	last := path[strings.LastIndexByte(path, '.')+1:]
	parent := ""
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		parent = path[:i]
		if j := strings.LastIndexByte(parent, '.'); j >= 0 {
			parent = parent[j+1:]
		}
		if _, err := strconv.Atoi(parent); err == nil {
			// attendees.0.name: the list's name is one further up.
			p := path[:strings.LastIndexByte(path, '.')]
			p = p[:strings.LastIndexByte(p, '.')]
			parent = p[strings.LastIndexByte(p, '.')+1:]
		}
	}
	if g.kind == content.KindContact && parent == "" {
		parent = "contact"
	}
	v, ok := examples[parent+"."+last]
	if !ok {
		v, ok = examples[last]
	}
	if ok {
		v = strings.ReplaceAll(v, "$official", g.official)
		return strings.ReplaceAll(v, "$day", g.day.String())
	}
	t = deref(t)
	switch load.FormatOf(t) {
	case load.FormatDateTime, load.FormatWhen:
		return g.day.String() + "T10:00"
	case load.FormatDate:
		return g.day.String()
	case load.FormatPhone:
		return `"22 540 17 56"`
	case load.FormatMoney:
		return "0"
	case load.FormatRUT:
		return `"76123456-0"`
	}
	switch t.Kind() {
	case reflect.String:
		return `""`
	case reflect.Bool:
		return "false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "0"
	case reflect.Slice:
		if deref(t.Elem()).Kind() == reflect.Struct && !leaf(deref(t.Elem())) {
			return "[ " + example(path+".0", t.Elem(), g) + " ]"
		}
		return "[]"
	case reflect.Struct:
		var parts []string
		for _, f := range load.Fields(t) {
			if f.Required || len(parts) == 0 {
				parts = append(parts, f.Key+": "+example(path+"."+f.Key, f.Type, g))
			}
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return `""`
}
