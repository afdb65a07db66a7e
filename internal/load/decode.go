package load

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"cabildo/internal/content"
)

// decoder fills a content struct from a yaml.v3 mapping, strictly: unknown
// keys, duplicated keys, wrong types, bad values and missing required keys
// are all reported, each at its line and column, and decoding goes on so
// that one build reports every mistake.
type decoder struct {
	path   string
	loc    *time.Location
	diags  *content.Diagnostics
	fields content.Fields // sorted when the top-level mapping is done (decodeStruct)
	short  []string       // site.yaml's short_numbers, for phones
	budget int            // nodes left to visit; stops alias bombs
}

// maxNodes bounds the work one file may cause. A front matter has tens of
// nodes; YAML aliases can make a few lines expand exponentially.
const maxNodes = 100_000

func newDecoder(path string, loc *time.Location, diags *content.Diagnostics) *decoder {
	return &decoder{path: path, loc: loc, diags: diags, budget: maxNodes}
}

func (d *decoder) pos(n *yaml.Node) content.Pos {
	return content.Pos{File: d.path, Line: n.Line, Col: n.Column}
}

// field records where the value at path was written, for Doc.Fields.
func (d *decoder) field(path string, n *yaml.Node) {
	d.fields = append(d.fields, content.Field{Key: path, Line: int32(n.Line), Col: int32(n.Column)})
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags.Errorf(d.pos(n), format, args...)
}

// field is one key of a struct, with its tags parsed.
type field struct {
	key      string
	index    []int
	required bool
	enum     []string
	doc      string
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf lists the keys of struct type t, flattening `yaml:",inline"`.
func fieldsOf(t reflect.Type) []field {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]field)
	}
	var out []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("yaml")
		if tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if opts == "inline" {
			for _, f := range fieldsOf(sf.Type) {
				f.index = append([]int{i}, f.index...)
				out = append(out, f)
			}
			continue
		}
		f := field{key: name, index: []int{i}, doc: sf.Tag.Get("doc")}
		_, f.required = sf.Tag.Lookup("required")
		if e := sf.Tag.Get("enum"); e != "" {
			f.enum = strings.Split(e, "|")
		}
		out = append(out, f)
	}
	fieldCache.Store(t, out)
	return out
}

// FieldsOf exposes the keys of a content type, for the JSON Schemas and the
// archetypes of `cabildo new`, so that all three agree with the decoder.
type FieldInfo struct {
	Key      string
	Type     reflect.Type
	Required bool
	Enum     []string
	Doc      string
}

// Fields returns the keys editors may write for a value of type t.
func Fields(t reflect.Type) []FieldInfo {
	var out []FieldInfo
	for _, f := range fieldsOf(t) {
		out = append(out, FieldInfo{Key: f.key, Type: t.FieldByIndex(f.index).Type, Required: f.required, Enum: f.enum, Doc: f.doc})
	}
	return out
}

// spanishKeys are keys editors may write in Spanish by habit, with the key
// the contract uses; they make "¿quiso decir …?" useful beyond typos.
var spanishKeys = map[string]string{
	"titulo": "title", "título": "title", "resumen": "summary", "borrador": "draft",
	"fecha": "date", "inicio": "start", "fin": "end", "termino": "end", "término": "end",
	"lugar": "location", "estado": "status", "categoria": "category", "categoría": "category",
	"temas": "topics", "imagen": "image", "adjuntos": "attachments", "nombre": "name",
	"cargo": "position", "telefono": "phones", "teléfono": "phones", "telefonos": "phones",
	"teléfonos": "phones", "phone": "phones", "correo": "email", "direccion": "address",
	"dirección": "address", "horario": "hours", "orden": "order", "actualizado": "updated",
	"descripcion": "description", "descripción": "description", "organizador": "organizer",
	"costo": "cost", "materia": "subject_matter", "asistentes": "attendees", "destino": "destination",
	"proposito": "purpose", "propósito": "purpose", "costo_total": "total_cost", "donantes": "donors",
	"ocasion": "occasion", "ocasión": "occasion", "unidad": "unit", "modalidad": "modality",
}

func suggestKey(key string, fs []field) string {
	if k, ok := spanishKeys[strings.ToLower(key)]; ok {
		for _, f := range fs {
			if f.key == k {
				return fmt.Sprintf(" (¿quiso decir %q?)", k)
			}
		}
	}
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	return content.Suggest(key, keys)
}

// decodeStruct fills the struct v from mapping n. prefix is the dotted path
// of n, for Doc.Fields.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, prefix string) {
	if prefix == "" {
		// The document's mapping: when it is done, every key is recorded.
		defer func() { d.fields = content.SortFields(d.fields) }()
	}
	fs := fieldsOf(v.Type())
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "una clave debe ser un nombre simple, como title")
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			d.errorf(k, "la clave %q está repetida (ya aparece en la línea %d): deje solo una", k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		f, ok := findField(fs, k.Value)
		if !ok {
			d.errorf(k, "clave desconocida %q%s", k.Value, suggestKey(k.Value, fs))
			continue
		}
		path := joinPath(prefix, f.key) // f.key == k.Value, without keeping the YAML's copy
		if val.Kind == yaml.ScalarNode || isNull(val) {
			d.field(path, val)
		} else {
			d.field(path, k)
		}
		if isNull(val) {
			if f.required {
				d.errorf(k, "%s no puede quedar vacío: %s", k.Value, lowerFirst(f.doc))
			}
			continue
		}
		d.decodeValue(val, v.FieldByIndex(f.index), path, f)
	}
	var missing []string
	for _, f := range fs {
		if f.required && seen[f.key] == nil {
			missing = append(missing, f.key)
		}
	}
	for _, key := range missing {
		f, _ := findField(fs, key)
		where := "los metadatos"
		if prefix != "" {
			where = prefix
		}
		d.errorf(n, "falta la clave obligatoria %s en %s: %s", key, where, lowerFirst(f.doc))
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToLower(string(r)) + s[n:]
}

func findField(fs []field, key string) (field, bool) {
	for _, f := range fs {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// Format names the values editors write as one YAML scalar in a format of
// their own (dates, phones, money…). The decoder, the JSON Schemas and the
// archetypes of `cabildo new` all ask FormatOf, so they cannot disagree on
// which Go types those are.
type Format int

const (
	FormatNone       Format = iota // a plain kind: text, number, true/false, group or list
	FormatDateTime                 // time.Time: 2026-12-05T10:00
	FormatDate                     // content.Date: 2026-12-05
	FormatWhen                     // content.When: a date or a date-time
	FormatPhone                    // content.Phone: "22 540 17 56"
	FormatMoney                    // content.Money: whole pesos
	FormatRUT                      // content.RUT: 76123456-0
	FormatCategories               // content.Categories: code: label, in order
)

var formats = map[reflect.Type]Format{
	reflect.TypeOf(time.Time{}):             FormatDateTime,
	reflect.TypeOf(content.Date{}):          FormatDate,
	reflect.TypeOf(content.When{}):          FormatWhen,
	reflect.TypeOf(content.Phone{}):         FormatPhone,
	reflect.TypeOf(content.Money(0)):        FormatMoney,
	reflect.TypeOf(content.RUT("")):         FormatRUT,
	reflect.TypeOf(content.Categories(nil)): FormatCategories,
}

// FormatOf returns the format of values of t (pointers followed).
func FormatOf(t reflect.Type) Format {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return formats[t]
}

// scalarType reports whether values of t are written as one scalar
// (dates, date-times, phones) although t is a struct.
func scalarType(t reflect.Type) bool {
	switch FormatOf(t) {
	case FormatDateTime, FormatDate, FormatWhen, FormatPhone:
		return true
	}
	return false
}

// kindName says in Spanish what a node is, for "se esperaba … y hay …".
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "un grupo de claves"
	case yaml.SequenceNode:
		return "una lista"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "el número " + n.Value
	case "!!bool":
		return "el valor " + n.Value
	}
	return fmt.Sprintf("el texto %q", n.Value)
}

func (d *decoder) decodeValue(n *yaml.Node, v reflect.Value, path string, f field) {
	if d.budget--; d.budget < 0 {
		if d.budget == -1 {
			d.errorf(n, "los metadatos son demasiado grandes o usan demasiados alias (&/*)")
		}
		return
	}
	if use := n; n.Kind == yaml.AliasNode {
		// Report at the alias (*x), where the value is used, not at
		// its anchor (&x), which may be under another key.
		if n = resolve(n); n != use {
			c := *n
			c.Line, c.Column = use.Line, use.Column
			n = &c
		}
	}
	t := v.Type()
	switch formats[t] { // exactly t: a pointer is allocated below, then decoded
	case FormatDateTime:
		if s, ok := d.scalar(n, "una fecha y hora, como 2026-12-05T10:00"); ok {
			var tm time.Time
			var err error
			if len(strings.TrimSpace(s)) == 10 && f.key != "start" && f.key != "end" {
				// A date alone is accepted where the time of day is
				// secondary (publication, last update): start of that day.
				var dt content.Date
				if dt, err = content.ParseDate(s); err == nil {
					tm = dt.In(d.loc)
				}
			} else {
				tm, err = content.ParseDateTime(s, d.loc)
			}
			if err != nil {
				d.errorf(n, "%v", err)
				return
			}
			v.Set(reflect.ValueOf(tm))
		}
		return
	case FormatDate:
		if s, ok := d.scalar(n, "una fecha, como 2026-11-27"); ok {
			dt, err := content.ParseDate(s)
			if err != nil {
				d.errorf(n, "%v", err)
				return
			}
			v.Set(reflect.ValueOf(dt))
		}
		return
	case FormatWhen:
		if s, ok := d.scalar(n, "una fecha (2026-12-05) o fecha y hora (2026-12-05T10:00)"); ok {
			w, err := content.ParseWhen(s, d.loc)
			if err != nil {
				d.errorf(n, "%v", err)
				return
			}
			v.Set(reflect.ValueOf(w))
		}
		return
	case FormatPhone:
		if s, ok := d.scalar(n, "un teléfono, como \"22 540 17 56\""); ok {
			p, err := content.ParsePhone(s, d.short)
			if err != nil {
				d.errorf(n, "%v", err)
				return
			}
			v.Set(reflect.ValueOf(p))
		}
		return
	case FormatMoney:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
			d.errorf(n, "monto no válido %s: escriba pesos enteros, sin decimales ni puntos de miles, por ejemplo 185000", n.Value)
			return
		}
		if s, ok := d.scalar(n, "un monto en pesos, como 185000"); ok {
			m, err := content.ParseMoney(s)
			if err != nil {
				d.errorf(n, "%v", err)
				return
			}
			v.SetInt(int64(m))
		}
		return
	case FormatRUT:
		if s, ok := d.scalar(n, "un RUT, como 76123456-0"); ok {
			r, err := content.ParseRUT(s)
			if err != nil {
				d.errorf(n, "%v", err)
				return
			}
			v.SetString(string(r))
		}
		return
	case FormatCategories:
		d.decodeCategories(n, v, path)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e := t.Elem(); e.Kind() == reflect.Struct && n.Kind != yaml.MappingNode && !scalarType(e) {
			// Leave it unset: a half-made value would only add errors
			// about keys the editor never wrote.
			d.errorf(n, "%s debe ser un grupo de claves (como %s), y hay %s", lastKey(path), exampleOf(t.Elem()), kindName(n))
			return
		}
		nv := reflect.New(t.Elem())
		d.decodeValue(n, nv.Elem(), path, f)
		v.Set(nv)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "%s debe ser un grupo de claves (como %s), y hay %s", lastKey(path), exampleOf(t), kindName(n))
			return
		}
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			if n.Kind == yaml.ScalarNode && t.Elem().Kind() == reflect.String {
				d.errorf(n, "%s debe ser una lista: escriba [%s] o una línea «- %s» por elemento", lastKey(path), n.Value, n.Value)
				return
			}
			d.errorf(n, "%s debe ser una lista (con «- » en cada elemento), y hay %s", lastKey(path), kindName(n))
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, el := range n.Content {
			p := path + "." + strconv.Itoa(i)
			d.field(p, resolve(el))
			if isNull(resolve(el)) {
				d.errorf(el, "elemento vacío en la lista %s: bórrelo o complételo", lastKey(path))
				continue
			}
			d.decodeValue(el, s.Index(i), p, f)
		}
		v.Set(s)
	case reflect.String:
		s, ok := d.scalar(n, "un texto")
		if !ok {
			return
		}
		if len(f.enum) > 0 && !contains(f.enum, s) {
			d.errorf(n, "valor no válido %q para %s: use %s%s", s, lastKey(path), strings.Join(f.enum, ", "), content.Suggest(s, f.enum))
			return
		}
		v.SetString(s)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "%s debe ser true o false, y hay %s", lastKey(path), kindName(n))
			return
		}
		b, _ := strconv.ParseBool(n.Value)
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "%s debe ser un número entero, y hay %s", lastKey(path), kindName(n))
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			d.errorf(n, "%s: número fuera de rango %s", lastKey(path), n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!float" && n.Tag != "!!int") {
			d.errorf(n, "%s debe ser un número (con punto decimal: -33.4489), y hay %s", lastKey(path), kindName(n))
			return
		}
		x, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			d.errorf(n, "%s: número no válido %s", lastKey(path), n.Value)
			return
		}
		v.SetFloat(x)
	default:
		panic("load: no decoder for " + t.String())
	}
}

// scalar returns the text of a scalar node. Numbers and booleans are
// accepted where text is expected ("title: 2026" means the text "2026").
func (d *decoder) scalar(n *yaml.Node, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "se esperaba %s, y hay %s", want, kindName(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) decodeCategories(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "categories debe ser un grupo de código: Nombre, como cultura: \"Cultura\"")
		return
	}
	var cats content.Categories
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], resolve(n.Content[i+1])
		d.field(path+"."+strconv.Itoa(i/2), k)
		if seen[k.Value] {
			d.errorf(k, "la categoría %q está repetida", k.Value)
			continue
		}
		seen[k.Value] = true
		if val.Kind != yaml.ScalarNode || isNull(val) || val.Value == "" {
			d.errorf(k, "la categoría %q necesita un nombre: %s: \"Nombre visible\"", k.Value, k.Value)
			continue
		}
		cats = append(cats, content.Category{Code: k.Value, Label: val.Value})
	}
	v.Set(reflect.ValueOf(cats))
}

func lastKey(path string) string {
	parts := strings.Split(path, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(parts[i]); err != nil {
			return parts[i]
		}
	}
	return path
}

func exampleOf(t reflect.Type) string {
	var keys []string
	for _, f := range fieldsOf(t) {
		if f.required {
			keys = append(keys, f.key+": …")
		}
	}
	if len(keys) == 0 {
		for _, f := range fieldsOf(t)[:min(2, len(fieldsOf(t)))] {
			keys = append(keys, f.key+": …")
		}
	}
	sort.Strings(keys)
	return "{ " + strings.Join(keys, ", ") + " }"
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
