package cms

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"cabildo/internal/archetype"
	"cabildo/internal/content"
	"cabildo/internal/load"
	"cabildo/internal/schema"
)

var update = flag.Bool("update", false, "rewrite testdata/config.golden.yml")

// exampleConfig is the example site's site.yaml, as the build loads it.
func exampleConfig(t *testing.T) *content.Config {
	t.Helper()
	site, diags := load.Load(os.DirFS("../.."))
	if diags.HasErrors() {
		t.Fatalf("the example site does not load:\n%v", diags)
	}
	return &site.Config
}

// The example site's config.yml, byte for byte.
func TestGoldenExampleSite(t *testing.T) {
	got := YAML(exampleConfig(t))
	const golden = "testdata/config.golden.yml"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("config.yml differs from %s (run go test ./internal/cms -update and read the diff):\n%s", golden, firstDiff(string(want), string(got)))
	}
	if again := YAML(exampleConfig(t)); !bytes.Equal(got, again) {
		t.Error("two runs give different config.yml")
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}

// jsonSchema is the part of a JSON Schema this test reads.
type jsonSchema struct {
	Type       any                    `json:"type"`
	Pattern    string                 `json:"pattern"`
	Enum       []any                  `json:"enum"`
	Items      *jsonSchema            `json:"items"`
	Properties map[string]*jsonSchema `json:"properties"`
	Required   []string               `json:"required"`
}

func (s *jsonSchema) is(typ string) bool {
	switch v := s.Type.(type) {
	case string:
		return v == typ
	case []any:
		return slices.Contains(v, any(typ))
	}
	return false
}

// Every key the JSON Schema of a type knows is a field of the type's
// collection, with the widget its schema calls for, required exactly when
// the schema requires it (within groups that are always present), and no
// collection has a field the schema does not know (but the body).
func TestEveryKeyOfTheSchemaHasItsWidget(t *testing.T) {
	cfg := exampleConfig(t)
	config := For(cfg)
	if len(config.Collections) != len(archetype.Kinds) {
		t.Fatalf("%d collections for %d kinds", len(config.Collections), len(archetype.Kinds))
	}
	for _, ty := range schema.Types {
		if ty.Name == "site" {
			continue
		}
		var col *Collection
		for _, c := range config.Collections {
			if kind, _ := archetype.Lookup(c.Name); string(kind.Kind) == ty.Name {
				col = c
			}
		}
		if col == nil {
			t.Errorf("no collection for the schema %s", ty.Name)
			continue
		}
		var s jsonSchema
		if err := json.Unmarshal(schema.JSON(ty), &s); err != nil {
			t.Fatal(err)
		}
		fields := col.Fields
		if last := fields[len(fields)-1]; last.Name == "body" {
			fields = fields[:len(fields)-1]
		}
		checkObject(t, cfg, ty.Name, &s, fields, true)
	}
}

func checkObject(t *testing.T, cfg *content.Config, path string, s *jsonSchema, fields []*Field, present bool) {
	t.Helper()
	if len(fields) != len(s.Properties) {
		var names []string
		for _, f := range fields {
			names = append(names, f.Name)
		}
		t.Errorf("%s: %d fields %v for %d keys of the schema", path, len(fields), names, len(s.Properties))
	}
	for _, f := range fields {
		p := path + "." + f.Name
		ps, ok := s.Properties[f.Name]
		if !ok {
			t.Errorf("%s: a field the schema does not know", p)
			continue
		}
		required := slices.Contains(s.Required, f.Name) && present || f.Name == "title" && strings.Count(p, ".") == 1
		if got := f.Required == nil; got != required {
			t.Errorf("%s: required = %v, want %v", p, got, required)
		}
		checkValue(t, cfg, p, ps, f, required)
	}
}

func checkValue(t *testing.T, cfg *content.Config, p string, s *jsonSchema, f *Field, present bool) {
	t.Helper()
	want := ""
	key := p[strings.LastIndexByte(p, '.')+1:]
	switch {
	case s.is("array"):
		switch {
		case len(s.Items.Enum) > 0 || refs[key] == fromOfficials:
			want = WidgetSelect
			if !f.Multiple {
				t.Errorf("%s: a select of one value for a list", p)
			}
		default:
			want = WidgetList
		}
	case s.is("object"):
		want = WidgetObject
	case s.is("boolean"):
		want = WidgetBoolean
	case s.is("integer"):
		want = WidgetNumber
		if f.ValueType != "int" {
			t.Errorf("%s: value_type %q, want int", p, f.ValueType)
		}
	case s.is("number"):
		want = WidgetNumber
		if f.ValueType != "float" {
			t.Errorf("%s: value_type %q, want float", p, f.ValueType)
		}
	case s.Pattern == schema.PatternDateTime || s.Pattern == schema.PatternWhen:
		want = WidgetDateTime
		if f.Format != StoreDateTime || f.TimeFormat != ShowTime {
			t.Errorf("%s: format %q time_format %v, want %q %q", p, f.Format, f.TimeFormat, StoreDateTime, ShowTime)
		}
	case s.Pattern == schema.PatternDate:
		want = WidgetDateTime
		if f.Format != StoreDate || f.TimeFormat != false {
			t.Errorf("%s: format %q time_format %v, want %q false", p, f.Format, f.TimeFormat, StoreDate)
		}
	case len(s.Enum) > 0 || refs[key] == fromOfficials || refs[key] == fromCategories:
		want = WidgetSelect
	case refs[key] == fromContacts:
		want = WidgetRelation
	case key == "src":
		want = WidgetImage
	case key == "file":
		want = WidgetFile
	case s.is("string"):
		if f.Widget != WidgetString && f.Widget != WidgetText {
			t.Errorf("%s: widget %s, want string or text", p, f.Widget)
		}
		if s.Pattern != "" && (len(f.Pattern) != 2 || f.Pattern[0] != s.Pattern) {
			t.Errorf("%s: pattern %v, want the schema's %s", p, f.Pattern, s.Pattern)
		}
		return
	default:
		t.Errorf("%s: a schema of type %v this test does not know", p, s.Type)
		return
	}
	if f.Widget != want {
		t.Errorf("%s: widget %s, want %s", p, f.Widget, want)
		return
	}
	switch want {
	case WidgetSelect:
		var values []string
		for _, o := range f.Options {
			values = append(values, o.Value)
		}
		var enum []any
		if s.is("array") {
			enum = s.Items.Enum
		} else {
			enum = s.Enum
		}
		var wantValues []string
		for _, e := range enum {
			if e != nil {
				wantValues = append(wantValues, e.(string))
			}
		}
		switch refs[key] {
		case fromOfficials:
			wantValues = nil
			for _, o := range cfg.Officials {
				wantValues = append(wantValues, o.ID)
			}
		case fromCategories:
			wantValues = nil
			for _, c := range cfg.Categories {
				wantValues = append(wantValues, c.Code)
			}
		}
		if !slices.Equal(values, wantValues) {
			t.Errorf("%s: options %v, want %v", p, values, wantValues)
		}
	case WidgetObject:
		checkObject(t, cfg, p, s, f.Fields, present)
	case WidgetList:
		if s.Items.is("object") {
			checkObject(t, cfg, p+"[]", s.Items, f.Fields, true)
		} else {
			if f.Field == nil {
				t.Errorf("%s: a list without its element's field", p)
				return
			}
			checkValue(t, cfg, p+"[]", s.Items, f.Field, true)
		}
	}
}

// The collections store what Cabildo reads: files under the type's folder,
// named as `cabildo new` names them, media in the item's bundle.
func TestCollectionsWriteWhereCabildoReads(t *testing.T) {
	config := For(exampleConfig(t))
	for i, k := range archetype.Kinds {
		c := config.Collections[i]
		if c.Folder != k.Dir || c.Name != k.Name || c.Format != "yaml-frontmatter" || c.Extension != "md" {
			t.Errorf("%s: folder %s name %s format %s extension %s", k.Name, c.Folder, c.Name, c.Format, c.Extension)
		}
		// A file Decap names after a title is a file `cabildo new` would
		// write, for the same title and day; kinds named otherwise are
		// not created in Decap.
		day, _ := content.ParseDate("2026-12-05")
		if !c.Create {
			a, _ := k.Path("Feria navideña", day)
			b, _ := k.Path("Otra cosa", day)
			if a != b {
				t.Errorf("%s: cabildo new names files after the title, but the collection cannot create them", k.Name)
			}
			continue
		}
		wantPath, err := k.Path("Feria navideña", day)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.NewReplacer("{{fields.date | date('YYYY-MM-DD')}}", "2026-12-05",
			"{{fields.start | date('YYYY-MM-DD')}}", "2026-12-05", "{{fields.start_date | date('YYYY-MM-DD')}}", "2026-12-05",
			"{{slug}}", "feria-navidena").Replace(c.Slug)
		if strings.Contains(got, "{{") {
			t.Errorf("%s: slug %q uses a date key this test does not know", k.Name, c.Slug)
			continue
		}
		if want := strings.TrimSuffix(strings.TrimPrefix(wantPath, k.Dir+"/"), ".md"); got != want {
			t.Errorf("%s: Decap names the file %s, cabildo new %s", k.Name, got, want)
		}
		media := c.MediaFolder != nil
		if media != (c.Path == "{{slug}}/index") {
			t.Errorf("%s: path %q with media_folder %v", k.Name, c.Path, c.MediaFolder)
		}
	}
}

// The file parses as YAML and says what Decap needs: the Spanish UI, the
// local backend, the repository from site.yaml.
func TestConfigTop(t *testing.T) {
	cfg := exampleConfig(t)
	cfg.CMS = &content.CMS{Backend: "github", Repo: "municipio/sitio"}
	var got map[string]any
	if err := yaml.Unmarshal(YAML(cfg), &got); err != nil {
		t.Fatal(err)
	}
	if got["locale"] != "es" || got["local_backend"] != true {
		t.Errorf("locale %v local_backend %v", got["locale"], got["local_backend"])
	}
	b := got["backend"].(map[string]any)
	if b["name"] != "github" || b["repo"] != "municipio/sitio" || b["branch"] != "main" {
		t.Errorf("backend %v", b)
	}
}

func TestLabel(t *testing.T) {
	for doc, want := range map[string]string{
		"Fecha y hora de publicación; en el futuro = embargo":                    "Fecha y hora de publicación",
		"Borrador: no se publica salvo con -drafts":                              "Borrador",
		"Temas, en minúsculas con guiones: obras, salud":                         "Temas",
		"Autoridades en cuya agenda pública aparece (ids de officials)":          "Autoridades en cuya agenda pública aparece",
		"Modalidad: in_person (presencial) o videoconference (videoconferencia)": "Modalidad",
		"": "clave",
	} {
		if got := Label(doc, "clave"); got != want {
			t.Errorf("Label(%q) = %q, want %q", doc, got, want)
		}
	}
}
