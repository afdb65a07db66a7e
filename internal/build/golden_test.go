package build

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goldenPages are the outputs of testdata/small compared byte for byte with
// testdata/small.golden/. They cover one page of each family; -update
// rewrites them after an intended change to the theme or the renderer.
var goldenPages = []string{
	"index.html",
	"acerca/index.html",
	"prensa/2026-11-20-plaza/index.html",
	"prensa/rss.xml",
	"eventos/2026-12-05-feria/index.html",
	"eventos/2026-12-05-feria/evento.ics",
	"contactos/gabinete.vcf",
	"lobby/audiencias/2026-11-10-junta/index.html",
	"lobby/datos/audiencias.csv",
	"sitemap.xml",
	"informes/2026-t4/index.html",
	"informes/2026-t4/resumen.csv",
	"informes/2026-t4/resumen.json",
	"instituciones/index.html",
	"instituciones/concejo-municipal.vcf",
	"publicaciones/index.html",
	"publicaciones/boletin-1/index.html",
	"publicaciones/atom.xml",
}

func TestGolden(t *testing.T) {
	res := Build(os.DirFS("testdata/small"), Options{Now: testNow})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Err())
	}
	for _, d := range res.Diags {
		t.Errorf("unexpected warning: %v", d)
	}
	for _, p := range goldenPages {
		got, ok := res.Files.Get(p)
		if !ok {
			t.Errorf("%s was not published", p)
			continue
		}
		file := filepath.Join("testdata/small.golden", filepath.FromSlash(p))
		if *update {
			os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s:\n%s", p, file, firstDiff(string(got), string(want)))
		}
	}
}

// firstDiff shows the first differing line, enough to see what changed.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + a + "\n  want: " + b
		}
	}
	return ""
}
