// Package schema writes JSON Schemas (draft-07) of site.yaml and of the
// front matter of every content type, for editors' tools: with them, VS
// Code's YAML extension completes keys, shows each key's Spanish
// description and underlines mistakes while the editor types.
//
// The schemas are derived from the model that validates: keys, types,
// required keys, allowed values and descriptions come from the struct tags
// of package content through load.Fields, as the loader reads them, so the
// schemas cannot drift from what `cabildo build` accepts. What a schema
// cannot say (that an official was in office, that a file exists, a RUT's
// check digit) is left to `cabildo check`.
package schema

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"

	"cabildo/internal/content"
	"cabildo/internal/load"
)

// Draft is the JSON Schema version written.
const Draft = "http://json-schema.org/draft-07/schema#"

// Patterns of the values the loader parses from strings.
const (
	PatternDate     = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`
	PatternDateTime = `^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?$`
	PatternWhen     = `^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?)?$`
	PatternSlug     = `^[a-z0-9]+(-[a-z0-9]+)*$`
	PatternRUT      = `^[0-9]{1,3}(\.?[0-9]{3}){1,2}-[0-9kK]$`
	PatternPhone    = `^\+?[0-9][0-9 ().-]*$`
)

// slugKeys are keys whose values (or list elements) are slugs or ids.
var slugKeys = map[string]bool{
	"topics": true, "related_events": true, "officials": true, "agenda_of": true,
	"organizer": true, "host": true, "co_organizers": true, "institution": true, "represents": true, "id": true, "official": true, "category": true,
}

// Type is one file type that has a schema.
type Type struct {
	Name  string // file name without .schema.json: "site", "prensa"
	Title string // Spanish, for the schema's title
	Match string // glob of the files it applies to, relative to the site folder
	Go    reflect.Type
	// Also lists keys shared by every type (content.Meta) that this type
	// requires: validation, not the struct tags, requires them.
	Also []string
}

// Types lists every schema: site.yaml and each section of the model
// (content.Sections), named as `cabildo new` names them.
var Types = types()

func types() []Type {
	out := []Type{{"site", "Configuración del sitio (content/site.yaml)", "content/site.yaml", reflect.TypeOf(content.Config{}), nil}}
	for _, sec := range content.Sections {
		match := sec.Folder + "/**/*.md"
		if sec.Kind == content.KindPage {
			match = sec.Folder + "/*.md"
		}
		out = append(out, Type{string(sec.Kind), sec.Title, match, reflect.TypeOf(sec.New()).Elem(), requiredMeta[sec.Kind]})
	}
	return out
}

// requiredMeta lists, per kind, the keys shared by every type
// (content.Meta) that validation requires of it.
var requiredMeta = map[content.Kind][]string{
	content.KindPress:       {"title", "summary"},
	content.KindEvent:       {"title"},
	content.KindPage:        {"title"},
	content.KindInstitution: {"title"},
	content.KindPublication: {"title", "summary"},
}

// FileName is the schema's file name: "prensa.schema.json".
func (t Type) FileName() string { return t.Name + ".schema.json" }

// Schema is a JSON Schema; fields are written in this order.
type Schema struct {
	Schema               string             `json:"$schema,omitempty"`
	ID                   string             `json:"$id,omitempty"`
	Title                string             `json:"title,omitempty"`
	Description          string             `json:"description,omitempty"`
	Type                 any                `json:"type,omitempty"` // string or []string
	Pattern              string             `json:"pattern,omitempty"`
	Enum                 []any              `json:"enum,omitempty"`
	Minimum              *float64           `json:"minimum,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	Properties           *Properties        `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	PropertyNames        *Schema            `json:"propertyNames,omitempty"`
	AdditionalProperties any                `json:"additionalProperties,omitempty"` // false or *Schema
	Definitions          map[string]*Schema `json:"definitions,omitempty"`
}

// Properties keeps the model's key order, which is the order of CONTENT.md
// and of the files `cabildo new` writes.
type Properties struct {
	Keys   []string
	Values map[string]*Schema
}

func (p *Properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range p.Keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(p.Values[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// For returns the schema of t.
func For(t Type) *Schema {
	s := object(t.Go, t.Also...)
	s.Schema = Draft
	s.ID = "https://cabildo.invalid/schemas/" + t.FileName()
	s.Title = t.Title
	s.Description = "Cabildo: claves de " + t.Match + ". Derivado del modelo que valida `cabildo build`; lo que el esquema no puede revisar (archivos que existen, autoridades en el cargo, dígito verificador del RUT) lo revisa `cabildo check`."
	return s
}

// JSON returns the schema of t, indented, with a final newline.
func JSON(t Type) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(For(t)); err != nil {
		panic(err) // only strings, numbers and our own types
	}
	return b.Bytes()
}

func object(t reflect.Type, also ...string) *Schema {
	s := &Schema{Type: "object", Properties: &Properties{Values: map[string]*Schema{}}, AdditionalProperties: false}
	for _, f := range load.Fields(t) {
		f.Required = f.Required || slices.Contains(also, f.Key)
		v := value(f.Type, f.Key)
		v.Description = f.Doc
		if len(f.Enum) > 0 {
			target := v
			if v.Items != nil {
				target = v.Items
			}
			for _, e := range f.Enum {
				target.Enum = append(target.Enum, e)
			}
		}
		if f.Required {
			s.Required = append(s.Required, f.Key)
		} else {
			// The loader reads an optional key left empty (key: or
			// key: null) as absent.
			v.Type = []string{v.Type.(string), "null"}
			if v.Enum != nil {
				v.Enum = append(v.Enum, nil)
			}
		}
		s.Properties.Keys = append(s.Properties.Keys, f.Key)
		s.Properties.Values[f.Key] = v
	}
	return s
}

func value(t reflect.Type, key string) *Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch load.FormatOf(t) {
	case load.FormatDateTime:
		return &Schema{Type: "string", Pattern: PatternDateTime}
	case load.FormatDate:
		return &Schema{Type: "string", Pattern: PatternDate}
	case load.FormatWhen:
		return &Schema{Type: "string", Pattern: PatternWhen}
	case load.FormatPhone:
		return &Schema{Type: "string", Pattern: PatternPhone}
	case load.FormatMoney:
		zero := 0.0
		return &Schema{Type: "integer", Minimum: &zero}
	case load.FormatRUT:
		return &Schema{Type: "string", Pattern: PatternRUT}
	case load.FormatCategories:
		return &Schema{Type: "object", PropertyNames: &Schema{Pattern: PatternSlug}, AdditionalProperties: &Schema{Type: "string"}}
	}
	switch t.Kind() {
	case reflect.String:
		s := &Schema{Type: "string"}
		if slugKeys[key] {
			s.Pattern = PatternSlug
		}
		return s
	case reflect.Bool:
		return &Schema{Type: "boolean"}
	case reflect.Int, reflect.Int64:
		return &Schema{Type: "integer"}
	case reflect.Float64:
		return &Schema{Type: "number"}
	case reflect.Slice:
		return &Schema{Type: "array", Items: value(t.Elem(), key)}
	case reflect.Struct:
		return object(t)
	}
	panic("schema: no JSON Schema for " + t.String())
}

// SlugKey reports whether the values of key (or its list's elements) are
// slugs or ids, written as PatternSlug: the CMS configuration (package cms)
// checks them as the schemas do.
func SlugKey(key string) bool { return slugKeys[key] }
