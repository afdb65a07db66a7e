package build

import (
	"bytes"
	"encoding/json"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"cabildo/internal/output"
)

// hostileTitle is text an attacker (or a careless paste) could put in any
// value: markup, a JSON-LD breakout, template delimiters, quotes, a
// javascript: URL and characters JSON and HTML treat specially.
const hostileTitle = `</script><script>alert(1)</script> {{ .Site }} "comillas" 'simples' & <b>negrita</b> javascript:alert(2) \u2028 <!-- -->`

// hostileSite is a site whose every kind of item carries hostile text in
// the values that reach pages, feeds and JSON-LD.
func hostileSite() fstest.MapFS {
	q := func(s string) string { // a YAML double-quoted string
		b, _ := json.Marshal(s)
		return string(b)
	}
	t := q(hostileTitle)
	files := map[string]string{
		"content/site.yaml": defaultSiteYAML + "calendar: { email: \"gabinete@prueba.cl\" }\n",
		"content/_index.md": "---\ntitle: " + t + "\n---\nInicio {{ .Site.Title }} y }}.\n",
		"content/funciones.md": "---\ntitle: " + t + "\nsummary: " + t + "\naliases: [/antigua/]\n---\n" +
			"Texto con {{ plantilla }} y [enlace](https://www.gob.cl/?a=1&b=\"2\").\n",
		"content/prensa/nota.md": "---\ntitle: " + t + "\ndate: 2026-11-20T10:00\nsummary: " + t +
			"\ndateline: " + t + "\ntopics: [obras]\nimage: { src: foto.jpg, alt: " + t + ", caption: " + t + ", credit: " + t + " }\n" +
			"attachments:\n  - { title: " + t + ", file: ficha.pdf }\nrelated_events: [feria]\ncorrections:\n  - { date: 2026-11-21, note: " + t + " }\n---\n" +
			"Cuerpo con `</script>` y {{ .Page }}.\n",
		"content/prensa/foto.jpg":  string(smallJPEG(8, 6)),
		"content/prensa/ficha.pdf": "%PDF-1.4",
		"content/eventos/feria.md": "---\ntitle: " + t + "\nsummary: " + t + "\nstart: 2026-12-05T10:00\nend: 2026-12-05T14:00\ncategory: cultura\nagenda_of: [alcalde]\n" +
			"organizer: gabinete\nlocation: { name: " + t + ", address: " + t + " }\naccessibility: { step_free: true, notes: " + t + " }\n---\n" +
			"Descripción {{ x }}.\n",
		"content/contactos/gabinete.md": "---\nposition: " + t + "\nname: " + t + "\nunit: " + t + "\nemail: \"gabinete@prueba.cl\"\naddress: " + t + "\nhours: " + t + "\n---\nFunciones {{ y }}.\n",
		"content/lobby/audiencias/a.md": "---\ntitle: " + t + "\nofficials: [alcalde]\nstart: 2026-11-10T10:00\nend: 2026-11-10T11:00\nmodality: in_person\nplace: " + t +
			"\nattendees:\n  - { name: " + t + ", paid: true, employer: " + t + ", represents: [r] }\nrepresented:\n  - { id: r, name: " + t + ", kind: legal_person }\nsubject_matter: " + t + "\n---\n",
		"content/lobby/viajes/v.md":    "---\nofficial: alcalde\nstart_date: 2026-11-10\ndestination: { place: " + t + " }\npurpose: " + t + "\ntotal_cost: 1000\nfunders: [ { name: " + t + " } ]\n---\n",
		"content/lobby/donativos/d.md": "---\nofficial: alcalde\ndate: 2026-11-20\ndescription: " + t + "\noccasion: " + t + "\nclassification: protocol\ndonors: [ { name: " + t + " } ]\n---\n",
	}
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s), Mode: 0o644}
	}
	return fsys
}

var (
	scriptTag = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script\s*>`)
	scriptSrc = regexp.MustCompile(`^\s+src="/assets/[a-z0-9.-]+\.js"\s+defer$`)
)

// TestHostileTextIsEscaped builds a site whose titles, summaries, places,
// names and notes are all hostile, and checks what is published: the build
// succeeds; no page has a script other than JSON-LD data blocks and the
// theme's own external scripts; every JSON-LD block parses and holds the
// hostile title exactly; template delimiters are published literally; no
// path leaves the output folder.
func TestHostileTextIsEscaped(t *testing.T) {
	res := Build(hostileSite(), Options{Now: testNow})
	if res.Diags.HasErrors() {
		t.Fatalf("the hostile site must build:\n%v", res.Diags)
	}
	var pages, ldBlocks, titleInLD, literalBraces int
	for _, p := range res.Files.Paths() {
		if err := output.CheckPath(p); err != nil || path.Clean(p) != p || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "..") {
			t.Errorf("unsafe output path %q (%v)", p, err)
		}
		data, _ := res.Files.Get(p)
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		if bytes.Contains(data, []byte("{{ .Page }}")) || bytes.Contains(data, []byte("{{ plantilla }}")) {
			literalBraces++
		}
		if bytes.Contains(data, []byte("<b>negrita</b>")) {
			t.Errorf("%s: hostile markup published as markup", p)
		}
		if bytes.Contains(data, []byte("alert(1)</script>")) && !bytes.Contains(data, []byte("application/ld+json")) {
			t.Errorf("%s: a script breakout reached the page", p)
		}
		for _, m := range scriptTag.FindAllSubmatch(data, -1) {
			attrs, body := string(m[1]), m[2]
			switch {
			case strings.TrimSpace(attrs) == `type="application/ld+json"`:
				ldBlocks++
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Errorf("%s: JSON-LD does not parse: %v\n%s", p, err, body)
					continue
				}
				if bytes.Contains(bytes.ToLower(body), []byte("</script")) || bytes.Contains(body, []byte("<!--")) {
					t.Errorf("%s: JSON-LD holds a sequence that ends or confuses the script element:\n%s", p, body)
				}
				if containsString(v, hostileTitle) {
					titleInLD++
				}
			case scriptSrc.MatchString(attrs) && len(bytes.TrimSpace(body)) == 0:
				// The theme's own external script (the search page).
			default:
				t.Errorf("%s: unexpected script element <script%s>%.80s", p, attrs, body)
			}
		}
	}
	if pages == 0 || ldBlocks == 0 {
		t.Fatalf("built %d pages with %d JSON-LD blocks; the test checks nothing", pages, ldBlocks)
	}
	if titleInLD == 0 {
		t.Error("no JSON-LD block round-trips the hostile title exactly")
	}
	if literalBraces == 0 {
		t.Error("template delimiters in the body are not published literally")
	}
}

// containsString reports whether the decoded JSON v holds s as a value.
func containsString(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return v == s
	case []any:
		for _, e := range v {
			if containsString(e, s) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if containsString(e, s) {
				return true
			}
		}
	}
	return false
}
