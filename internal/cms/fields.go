package cms

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cabildo/internal/content"
	"cabildo/internal/load"
	"cabildo/internal/schema"
)

// Widgets, by what the editor sees.
const (
	WidgetString   = "string"
	WidgetText     = "text"
	WidgetMarkdown = "markdown"
	WidgetBoolean  = "boolean"
	WidgetNumber   = "number"
	WidgetDateTime = "datetime"
	WidgetSelect   = "select"
	WidgetRelation = "relation"
	WidgetImage    = "image"
	WidgetFile     = "file"
	WidgetList     = "list"
	WidgetObject   = "object"
)

// source is what fills a key's list of choices.
type source int

const (
	fromOfficials  source = iota + 1 // ids of officials in site.yaml
	fromCategories                   // codes of categories in site.yaml
	fromContacts                     // slugs of the contactos collection
)

// refs are the keys whose values name something the site defines, so that
// the editor picks them from a list instead of typing an id. They are the
// keys CONTENT.md describes as "ids from site.yaml", "a code from site.yaml
// categories" and "a contact slug".
var refs = map[string]source{
	"officials": fromOfficials,
	"agenda_of": fromOfficials,
	"official":  fromOfficials,
	"category":  fromCategories,
	"organizer": fromContacts,
}

// uploads are the keys whose value is a file beside the text: the editor
// uploads it into the item's folder.
var uploads = map[string]string{
	"src":  WidgetImage,
	"file": WidgetFile,
}

type fieldBuilder struct {
	cfg   *content.Config
	also  []string // keys of the item that validation requires (schema.Type.Also)
	media bool     // an image or file widget: the collection stores bundles
}

// fields returns the fields of struct type t. present says whether a value
// of t is always there (the item itself, a required group, a list
// element): the required keys of an optional group (an image's alt) are
// required only once the group is used, which Decap cannot say, so there
// they are optional and `cabildo check` asks for them.
func (fb *fieldBuilder) fields(t reflect.Type, present bool) []*Field {
	var out []*Field
	for _, f := range load.Fields(t) {
		out = append(out, fb.field(f, present))
	}
	return out
}

// item returns the fields of content type t.
func (fb *fieldBuilder) item(t reflect.Type) []*Field {
	var out []*Field
	for _, f := range load.Fields(t) {
		f.Required = f.Required || slices.Contains(fb.also, f.Key)
		out = append(out, fb.field(f, true))
	}
	return out
}

func (fb *fieldBuilder) field(f load.FieldInfo, present bool) *Field {
	fd := &Field{Name: f.Key, Label: Label(f.Doc, f.Key), Hint: f.Doc}
	if fd.Hint == fd.Label {
		fd.Hint = ""
	}
	required := f.Required && present
	t := deref(f.Type)
	switch load.FormatOf(t) {
	case load.FormatDateTime, load.FormatWhen:
		fb.dateTime(fd, StoreDateTime)
	case load.FormatDate:
		fb.dateTime(fd, StoreDate)
	case load.FormatPhone:
		fd.Widget = WidgetString
		fd.Pattern = []string{schema.PatternPhone, "Escriba el número como se marca: 22 540 17 56"}
	case load.FormatMoney:
		fd.Widget, fd.ValueType, fd.Min = WidgetNumber, "int", zero()
	case load.FormatRUT:
		fd.Widget = WidgetString
		fd.Pattern = []string{schema.PatternRUT, "Escriba el RUT con guion y dígito verificador: 76123456-0"}
	default:
		switch t.Kind() {
		case reflect.String:
			fb.text(fd, f, false)
		case reflect.Bool:
			fd.Widget = WidgetBoolean
			if f.Key == "draft" {
				// As `cabildo new`: a new item is a draft until the
				// editor says it is ready.
				fd.Default = true
			}
		case reflect.Int, reflect.Int64:
			fd.Widget, fd.ValueType = WidgetNumber, "int"
		case reflect.Float64:
			fd.Widget, fd.ValueType = WidgetNumber, "float"
		case reflect.Slice:
			fb.list(fd, f, deref(t.Elem()))
		case reflect.Struct:
			fd.Widget = WidgetObject
			fd.Fields = fb.fields(t, required)
		default:
			panic("cms: no widget for " + t.String())
		}
	}
	if f.Key == "title" && present {
		// The file is named after the title.
		required = true
	}
	if !required {
		fd.Required = no()
	}
	return fd
}

// dateTime makes fd a date-time (or date) picker that stores what Cabildo
// reads: wall time in the site's zone, without an offset.
func (fb *fieldBuilder) dateTime(fd *Field, format string) {
	fd.Widget, fd.Format, fd.DateFormat, fd.PickerUTC = WidgetDateTime, format, ShowDate, no()
	if format == StoreDate {
		fd.TimeFormat = false
		return
	}
	fd.TimeFormat = ShowTime
	fd.Hint += ". Hora de " + fb.cfg.Timezone
}

// text sets the widget of a string key (or of one element of a list of
// strings, when multiple).
func (fb *fieldBuilder) text(fd *Field, f load.FieldInfo, multiple bool) {
	fd.Widget = WidgetString
	if w, ok := uploads[f.Key]; ok && !multiple {
		fd.Widget, fd.ChooseURL = w, no()
		fb.media = true
		return
	}
	if len(f.Enum) > 0 {
		fd.Widget, fd.Multiple = WidgetSelect, multiple
		fd.Options = enumOptions(f.Enum, f.Doc)
		return
	}
	switch refs[f.Key] {
	case fromOfficials:
		fd.Widget, fd.Multiple = WidgetSelect, multiple
		for _, o := range fb.cfg.Officials {
			label := o.Name + " (" + o.Position + ")"
			if !o.To.IsZero() {
				label += " hasta " + o.To.String()
			}
			fd.Options = append(fd.Options, Option{Label: label, Value: o.ID})
		}
		return
	case fromCategories:
		fd.Widget, fd.Multiple = WidgetSelect, multiple
		for _, c := range fb.cfg.Categories {
			fd.Options = append(fd.Options, Option{Label: c.Label, Value: c.Code})
		}
		return
	case fromContacts:
		fd.Widget, fd.Multiple = WidgetRelation, multiple
		fd.Collection = string(content.KindContact)
		fd.ValueField = "{{slug}}"
		fd.SearchFields = []string{"position", "name", "title"}
		fd.DisplayFields = []string{"position"}
		return
	}
	if schema.SlugKey(f.Key) {
		fd.Pattern = []string{schema.PatternSlug, "Use minúsculas sin tildes, dígitos y guiones: plaza-los-aromos"}
	}
	if f.Key == "summary" || f.Key == "subject_matter" || f.Key == "description" || f.Key == "purpose" {
		// Sentences, not names: a box that shows them whole.
		fd.Widget = WidgetText
	}
}

// list sets fd, a key holding a list of elem.
func (fb *fieldBuilder) list(fd *Field, f load.FieldInfo, elem reflect.Type) {
	if elem.Kind() == reflect.String && load.FormatOf(elem) == load.FormatNone && (len(f.Enum) > 0 || refs[f.Key] != 0) {
		fb.text(fd, f, true) // a select of several values
		return
	}
	fd.Widget = WidgetList
	if elem.Kind() == reflect.Struct && !scalar(elem) {
		fd.Fields = fb.fields(elem, true)
		fd.Summary = "{{fields." + fd.Fields[0].Name + "}}"
		fd.Collapsed = no()
		return
	}
	// A list of scalars: one input per element.
	one := fb.field(load.FieldInfo{Key: f.Key, Type: elem, Required: true, Doc: f.Doc}, true)
	one.Label, one.Hint = fd.Label, ""
	one.Required = nil
	fd.Field = one
}

// scalar reports whether values of struct type t are one YAML scalar.
func scalar(t reflect.Type) bool {
	switch load.FormatOf(t) {
	case load.FormatDateTime, load.FormatDate, load.FormatWhen, load.FormatPhone:
		return true
	}
	return false
}

// optionLabel finds "code (label)" in a key's description.
var optionLabel = regexp.MustCompile(`([a-z_]+) \(([^)]+)\)`)

// enumOptions are the allowed codes, each labelled with the words the
// key's description gives it ("in_person (presencial)"), else the code.
func enumOptions(enum []string, doc string) []Option {
	words := map[string]string{}
	for _, m := range optionLabel.FindAllStringSubmatch(doc, -1) {
		words[m[1]] = upperFirst(m[2])
	}
	var out []Option
	for _, e := range enum {
		label := e
		if w, ok := words[e]; ok {
			label = w + " (" + e + ")"
		}
		out = append(out, Option{Label: label, Value: e})
	}
	return out
}

// Label is the short name of a key shown above its input: the start of its
// description, up to the first ":", ";", "," or "(" ("Fecha y hora de
// publicación; en el futuro = embargo" → "Fecha y hora de publicación").
// The whole description is the field's hint.
func Label(doc, key string) string {
	label := doc
	if i := strings.IndexAny(label, ":;,("); i > 0 {
		label = label[:i]
	}
	label = strings.TrimSpace(label)
	if label == "" {
		return key
	}
	return upperFirst(label)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func zero() *int { z := 0; return &z }
