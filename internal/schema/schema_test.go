package schema

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"cabildo/internal/archetype"
	"cabildo/internal/content"
	"cabildo/internal/load"
)

// compile compiles every schema with a draft-07 validator.
func compile(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for _, ty := range Types {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSON(ty)))
		if err != nil {
			t.Fatalf("%s: %v", ty.FileName(), err)
		}
		url := "https://cabildo.invalid/schemas/" + ty.FileName()
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(url)
		if err != nil {
			t.Fatalf("%s does not compile: %v", ty.FileName(), err)
		}
		out[ty.Name] = s
	}
	return out
}

// frontMatter returns the YAML between the --- lines of a Markdown file,
// or the whole file for site.yaml.
func frontMatter(name string, data []byte) []byte {
	if strings.HasSuffix(name, ".yaml") {
		return data
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(s, "---\n") {
		return nil
	}
	end := strings.Index(s[4:], "\n---")
	if end < 0 {
		return nil
	}
	return []byte(s[4 : 4+end+1])
}

// toJSON turns YAML into the values a JSON validator sees, as editors'
// tools do: timestamps stay strings, numbers are numbers.
func toJSON(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return map[string]any{}, nil
		}
		return toJSON(n.Content[0])
	case yaml.AliasNode:
		return toJSON(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := toJSON(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			v, err := toJSON(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		return n.Value == "true", nil
	case "!!int":
		i, err := strconv.ParseInt(n.Value, 0, 64)
		return i, err
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		return f, err
	}
	return n.Value, nil
}

func decode(t *testing.T, name string, yamlText []byte) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(yamlText, &n); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	v, err := toJSON(&n)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// schemaFor names the schema of a file of the site, by the loader's rules.
func schemaFor(p string) (string, bool) {
	if p == load.SiteFile {
		return "site", true
	}
	e, md, msg := load.Classify(p)
	if !md || msg != "" {
		return "", false
	}
	if e.Kind == content.KindPage && e.Slug == "" {
		return "", false // the home page may have no front matter
	}
	return string(e.Kind), true
}

// TestExampleSiteValidates checks every file of the example site against
// its schema: the schemas must accept what the build accepts.
func TestExampleSiteValidates(t *testing.T) {
	schemas := compile(t)
	n := 0
	err := fs.WalkDir(os.DirFS("../.."), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name, ok := schemaFor(p)
		if !ok {
			return nil
		}
		data, err := fs.ReadFile(os.DirFS("../.."), p)
		if err != nil {
			return err
		}
		fm := frontMatter(p, data)
		if fm == nil {
			t.Errorf("%s: no front matter", p)
			return nil
		}
		if err := schemas[name].Validate(decode(t, p, fm)); err != nil {
			t.Errorf("%s rejected by %s.schema.json:\n%v", p, name, err)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Errorf("only %d files checked", n)
	}
}

// TestArchetypesValidate checks that what `cabildo new` writes fits the
// schemas, with the optional keys left commented out and uncommented.
func TestArchetypesValidate(t *testing.T) {
	schemas := compile(t)
	cfg := &content.Config{Officials: []content.Official{{ID: "alcalde"}}}
	day, _ := content.ParseDate("2026-11-27")
	for _, k := range archetype.Kinds {
		file := archetype.Generate(k, "Título de prueba", day, cfg, "")
		fm := frontMatter("x.md", file)
		if err := schemas[string(k.Kind)].Validate(decode(t, k.Name, fm)); err != nil {
			t.Errorf("new %s rejected:\n%v", k.Name, err)
		}
		// Every optional key, uncommented, is still valid.
		var lines []string
		for _, l := range strings.Split(string(fm), "\n") {
			trimmed := strings.TrimLeft(l, " ")
			indent := l[:len(l)-len(trimmed)]
			if rest, ok := strings.CutPrefix(trimmed, "# "); ok && strings.Contains(rest, ": ") && !strings.HasPrefix(rest, " ") && isKey(rest) {
				l = indent + rest
			}
			lines = append(lines, l)
		}
		all := strings.Join(lines, "\n")
		if err := schemas[string(k.Kind)].Validate(decode(t, k.Name+" (todo descomentado)", []byte(all))); err != nil {
			t.Errorf("new %s with every key uncommented rejected:\n%v\n%s", k.Name, err, all)
		}
	}
}

// isKey reports whether a commented line is a key: value line (not prose).
func isKey(s string) bool {
	k, _, _ := strings.Cut(s, ":")
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return false
		}
	}
	return k != ""
}

func TestRejects(t *testing.T) {
	schemas := compile(t)
	const (
		press = "title: T\ndate: 2026-11-27T10:00\nsummary: S\n"
		event = "title: T\nstart: 2026-12-05\nlocation: {name: Plaza}\n"
		aud   = "officials: [alcalde]\nstart: 2026-11-10T10:00\nend: 2026-11-10T11:00\nmodality: in_person\nplace: P\nattendees: [{name: N}]\nrepresented: [{id: x, name: X, kind: legal_person}]\nsubject_matter: M\n"
		trip  = "official: alcalde\nstart_date: 2026-11-10\ndestination: {place: Valparaíso}\npurpose: P\ntotal_cost: 185000\nfunders: [{name: M}]\n"
		gift  = "official: alcalde\ndate: 2026-11-20\ndescription: D\noccasion: O\ndonors: [{name: J}]\n"
		cont  = "position: Jefa\nphones: [\"22 540 17 56\"]\n"
		site  = "title: T\norganization: O\nbase_url: https://x.cl\ntimezone: America/Santiago\n"
	)
	// The bases are valid; each case breaks one thing.
	for name, base := range map[string]string{"prensa": press, "evento": event, "audiencia": aud, "viaje": trip, "donativo": gift, "contacto": cont, "site": site} {
		if err := schemas[name].Validate(decode(t, name, []byte(base))); err != nil {
			t.Fatalf("valid %s rejected: %v", name, err)
		}
	}
	tests := []struct {
		schema, yaml, why string
	}{
		{"prensa", press + "titulo: T\n", "unknown key"},
		{"prensa", "title: T\ndate: 2026-11-27T10:00\n", "missing summary"},
		{"prensa", "title: T\ndate: 27/11/2026\nsummary: S\n", "date-time format"},
		{"prensa", press + "topics: [Obras Públicas]\n", "topic not a slug"},
		{"prensa", press + "draft: si\n", "bool as text"},
		{"prensa", press + "image: {src: a.jpg}\n", "image without alt"},
		{"prensa", press + "related_events: feria\n", "list as a scalar"},
		{"prensa", press + "corrections: [{date: 2026-11-28T10:00, note: N}]\n", "date with a time"},
		{"evento", event + "status: suspendido\n", "enum"},
		{"evento", "title: T\nstart: mañana\nlocation: {name: Plaza}\n", "when format"},
		{"evento", event + "cost: -5\n", "negative money"},
		{"evento", event + "location: {nombre: Plaza}\n", "unknown nested key"},
		{"evento", event + "location: {name: Plaza, geo: {lat: -33.4}}\n", "geo without lon"},
		{"audiencia", aud + "modality: presencial\n", "modality enum"},
		{"audiencia", aud + "decision_categories: [otro]\n", "list enum"},
		{"audiencia", strings.Replace(aud, "kind: legal_person}", "kind: legal_person, rut: 76123456}", 1), "RUT without check digit"},
		{"viaje", strings.Replace(trip, "total_cost: 185000", "total_cost: \"$185.000\"", 1), "money as text"},
		{"donativo", gift + "classification: regalo\n", "classification enum"},
		{"contacto", cont + "phones: [\"fono: 22\"]\n", "phone"},
		{"contacto", "name: Sin cargo\n", "missing position"},
		{"site", site + "officials: [{id: Alcalde, name: N, position: P, from: 2024-12-06}]\n", "official id not a slug"},
		{"site", site + "categories: {Cultura: Cultura}\n", "category code not a slug"},
		{"site", "title: T\norganization: O\nbase_url: https://x.cl\n", "missing timezone"},
	}
	for _, tt := range tests {
		// A key repeated after the base's overrides it (toJSON keeps the
		// last), so that each case changes one thing.
		v := decode(t, tt.why, []byte(tt.yaml))
		if err := schemas[tt.schema].Validate(v); err == nil {
			t.Errorf("%s: %s accepted:\n%s", tt.why, tt.schema, tt.yaml)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, ty := range Types {
		a, b := JSON(ty), JSON(ty)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", ty.FileName())
		}
		if !bytes.Contains(a, []byte(`"additionalProperties": false`)) {
			t.Errorf("%s allows unknown keys", ty.FileName())
		}
	}
}

// TestAlsoMatchesValidation checks Type.Also against the build: a content
// type requires a shared key (title, summary) exactly when loading and
// validating a file without it reports it missing.
func TestAlsoMatchesValidation(t *testing.T) {
	bases := map[content.Kind]string{
		content.KindPress:       "date: 2026-11-27T10:00\n",
		content.KindEvent:       "start: 2026-12-05\nlocation: {name: Plaza}\n",
		content.KindAudience:    "modality: in_person\n",
		content.KindTrip:        "purpose: P\n",
		content.KindGift:        "occasion: O\n",
		content.KindContact:     "position: P\n",
		content.KindPage:        "aliases: []\n",
		content.KindReport:      "staff: {permanent: 1}\n",
		content.KindInstitution: "level: local\nsector: public\naddress: A\n",
		content.KindPublication: "date: 2026-11-27\ntype: bulletin\nurl: https://a.cl/b.pdf\n",
	}
	dirs := map[content.Kind]string{
		content.KindPress: "content/prensa", content.KindEvent: "content/eventos",
		content.KindAudience: "content/lobby/audiencias", content.KindTrip: "content/lobby/viajes",
		content.KindGift: "content/lobby/donativos", content.KindContact: "content/contactos", content.KindPage: "content",
		content.KindReport: "content/informes", content.KindInstitution: "content/instituciones",
		content.KindPublication: "content/publicaciones",
	}
	for _, ty := range Types[1:] {
		kind := content.Kind(ty.Name)
		p := dirs[kind] + "/x.md"
		fsys := fstest.MapFS{p: {Data: []byte("---\n" + bases[kind] + "---\n")}}
		e, _, _ := load.Classify(p)
		item, diags := load.File(fsys, e, &content.Config{})
		site := &content.Site{}
		site.Add(item)
		diags = append(diags, site.Validate()...)
		for _, key := range []string{"title", "summary"} {
			missing := strings.Contains(fmt.Sprint(diags), "falta la clave obligatoria "+key+" ")
			if missing != slices.Contains(ty.Also, key) {
				t.Errorf("%s: validation requires %s: %v; schema requires it: %v", ty.Name, key, missing, !missing)
			}
		}
	}
}
