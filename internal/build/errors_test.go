package build

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata files")

// defaultSiteYAML is added to a case that has no content/site.yaml.
const defaultSiteYAML = `title: "Gabinete de Alcaldía"
organization: "Municipalidad de Prueba"
base_url: "https://www.prueba.cl"
timezone: America/Santiago
officials:
  - { id: alcalde, name: "Ana Pérez", position: "Alcaldesa", from: 2024-12-06 }
  - { id: exadmin, name: "Luis Soto", position: "Administrador", from: 2024-12-06, to: 2026-06-30 }
categories:
  cultura: "Cultura"
`

// testNow is the clock of every test build.
var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// errorCase reads file, one class of editor mistake (testdata/errors):
// the archive, the site it holds (with defaultSiteYAML when it has no
// content/site.yaml) and the index of its "want" file, -1 if none.
func errorCase(t *testing.T, file string) (*txtar.Archive, fstest.MapFS, int) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	wantIdx := -1
	for i, f := range ar.Files {
		if f.Name == "want" {
			wantIdx = i
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: caseData(f.Name, f.Data), Mode: 0o644}
	}
	if _, ok := fsys["content/site.yaml"]; !ok {
		fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte(defaultSiteYAML)}
	}
	return ar, fsys, wantIdx
}

// TestErrors builds each testdata/errors/*.txtar site and compares every
// diagnostic (file:line:col: message) with the archive's "want" file. Each
// case is one class of editor mistake; -update rewrites "want".
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, fsys, wantIdx := errorCase(t, file)
			res := Build(fsys, Options{Now: testNow})
			var got strings.Builder
			for _, d := range res.Diags {
				got.WriteString(d.Error() + "\n")
			}
			if *update {
				if wantIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wantIdx = len(ar.Files) - 1
				}
				ar.Files[wantIdx].Data = []byte(got.String())
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if wantIdx < 0 {
				t.Fatal("no want file (run with -update)")
			}
			if want := string(ar.Files[wantIdx].Data); got.String() != want {
				t.Errorf("diagnostics differ\n--- got\n%s--- want\n%s", got.String(), want)
			}
			if res.Diags.HasErrors() != (res.Files == nil) {
				t.Errorf("Files must be nil exactly when there are errors")
			}
		})
	}
}

// unescape lets cases hold bytes txtar cannot: \r (CRLF files), \t, a BOM
// (\ufeff) and invalid UTF-8 (\xff) are written as those escapes.
func unescape(b []byte) []byte {
	r := strings.NewReplacer(`\r`, "\r", `\t`, "\t", `\ufeff`, "\ufeff", `\xff`, "\xff")
	return []byte(r.Replace(string(b)))
}

// caseData is the content of a case's file: images are written with
// \xNN escapes, other files with those of unescape.
func caseData(name string, data []byte) []byte {
	if isBinaryImage(name) {
		return unescapeBytes(data)
	}
	return unescape(data)
}

// isBinaryImage reports whether a case's file is an image whose bytes are
// written with \xNN escapes (a JPEG header, a HEIC signature).
func isBinaryImage(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic":
		return true
	}
	return false
}

// unescapeBytes turns every \xNN of b into the byte NN.
func unescapeBytes(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+3 < len(b) && b[i+1] == 'x' {
			if v, err := strconv.ParseUint(string(b[i+2:i+4]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 3
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}
