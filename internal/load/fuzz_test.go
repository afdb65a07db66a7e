package load

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"cabildo/internal/content"
)

// fuzzSite is the site.yaml of every fuzzed site.
const fuzzSite = `title: "Gabinete"
organization: "Municipalidad de Prueba"
base_url: "https://www.prueba.cl"
timezone: America/Santiago
officials:
  - { id: alcalde, name: "Ana Pérez", position: "Alcaldesa", from: 2024-12-06 }
categories:
  cultura: "Cultura"
`

// fuzzPaths are where the fuzzed file may be, one per content type.
var fuzzPaths = []string{
	"content/funciones.md",
	"content/_index.md",
	"content/prensa/nota.md",
	"content/eventos/feria.md",
	"content/lobby/audiencias/a.md",
	"content/lobby/viajes/v.md",
	"content/lobby/donativos/d.md",
	"content/contactos/c.md",
	"content/prensa/bundle/index.md",
}

// FuzzFile loads a fuzzed file as each content type, alone (File) and as a
// site (Load, then Validate). Neither may panic, and every diagnostic must
// name the file, sit inside it and say something in Spanish.
//
// Seeds: testdata/fuzz/FuzzFile, the example site's files and the files of
// the build's error corpus (../build/testdata/errors).
func FuzzFile(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(kindOf(seed.path), seed.body)
	}
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		p := fuzzPaths[int(kind)%len(fuzzPaths)]
		fsys := fstest.MapFS{
			"content/site.yaml": {Data: []byte(fuzzSite)},
			p:                   {Data: body},
		}
		cfg, cdiags := Config(fsys)
		if len(cdiags) > 0 {
			t.Fatalf("the fuzz site.yaml has errors: %v", cdiags)
		}
		e, md, msg := Classify(p)
		if !md || msg != "" {
			t.Fatalf("Classify(%q): %v %q", p, md, msg)
		}
		_, diags := File(fsys, e, &cfg)
		checkDiags(t, p, body, diags)

		site, diags := Load(fsys)
		diags = append(diags, site.Validate()...)
		checkDiags(t, p, body, diags)
	})
}

// notSpanish finds the words of English library errors (yaml.v3, strconv,
// time) that would reach an editor untranslated.
var notSpanish = regexp.MustCompile(`(?i)\b(cannot|invalid|expected|parsing|found|unexpected|the|not|while|unmarshal|did|character|line|column)\b|(?:^|\s)yaml: `)

// quoted removes what a message quotes from the editor's text.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|«[^»]*»`)

func checkDiags(t *testing.T, path string, body []byte, diags content.Diagnostics) {
	t.Helper()
	text := bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	text = bytes.ReplaceAll(text, []byte("\r"), []byte("\n"))
	lines := bytes.Split(text, []byte("\n"))
	for _, d := range diags {
		if d.Pos.File != path {
			t.Errorf("%v: names another file than %s", d, path)
			continue
		}
		if strings.TrimSpace(d.Msg) == "" {
			t.Errorf("%v: empty message", d.Pos)
		}
		if m := notSpanish.FindString(quoted.ReplaceAllString(d.Msg, `""`)); m != "" {
			t.Errorf("%v: not in Spanish (%q)", d, m)
		}
		// Line 0 is the whole file: reserved for what has no place (the
		// file's size, its name).
		if d.Pos.Line == 0 {
			if d.Pos.Col != 0 {
				t.Errorf("%v: column without a line", d)
			}
			continue
		}
		if d.Pos.Line < 0 || d.Pos.Line > len(lines)+1 {
			t.Errorf("%v: line %d outside a file of %d lines", d, d.Pos.Line, len(lines))
			continue
		}
		if d.Pos.Line <= len(lines) && utf8.Valid(text) {
			if n := utf8.RuneCount(lines[d.Pos.Line-1]); d.Pos.Col < 0 || d.Pos.Col > n+1 {
				t.Errorf("%v: column %d outside line %d of %d characters: %q", d, d.Pos.Col, d.Pos.Line, n, lines[d.Pos.Line-1])
			}
		}
	}
	if t.Failed() {
		t.Logf("input: %q", body)
	}
}

type fuzzSeed struct {
	path string
	body []byte
}

// kindOf picks the fuzz path of the same content type as p.
func kindOf(p string) uint8 {
	dir := path.Dir(p)
	if strings.HasSuffix(p, "/index.md") {
		dir = path.Dir(dir)
	}
	for i, fp := range fuzzPaths {
		if path.Dir(fp) == dir {
			return uint8(i)
		}
	}
	return 0
}

// fuzzSeeds returns the example site's Markdown files and the files of the
// build's error corpus, unescaped like its harness does.
func fuzzSeeds(f *testing.F) []fuzzSeed {
	var seeds []fuzzSeed
	filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			if b, err := os.ReadFile(p); err == nil {
				seeds = append(seeds, fuzzSeed{filepath.ToSlash(strings.TrimPrefix(p, "../../")), b})
			}
		}
		return nil
	})
	archives, _ := filepath.Glob("../build/testdata/errors/*.txtar")
	un := strings.NewReplacer(`\r`, "\r", `\t`, "\t", `\ufeff`, "\ufeff", `\xff`, "\xff")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if strings.HasSuffix(file.Name, ".md") {
				seeds = append(seeds, fuzzSeed{file.Name, []byte(un.Replace(string(file.Data)))})
			}
		}
	}
	if len(seeds) == 0 {
		f.Fatal("no seeds")
	}
	return seeds
}
