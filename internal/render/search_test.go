package render

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"cabildo/themes"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Educación":          "educacion",
		"NIÑO pingüino":      "nino pinguino",
		"Ñuñoa":              "nunoa",
		"Árbol ÉXITO":        "arbol exito",
		"2.º piso":           "2.º piso", // º is a letter, not a mark
		"Ley 20.730":         "ley 20.730",
		"co\u0301digo":       "codigo", // already decomposed
		"Mañana — 10:00 hrs": "manana — 10:00 hrs",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchTokens(t *testing.T) {
	tk := newTokenizer()
	defer tk.free()
	got := tk.field(-1, -1, "La Educación de los niños: EDUCACIÓN y más, a 2 cuadras (Ley 20.730)")
	if want := "educacion ninos mas cuadras ley 20 730"; got != want {
		t.Errorf("tokens = %q, want %q", got, want)
	}
	// Words already seen (in the title) are not repeated in the body.
	if got := tk.field(-1, -1, "educación ambiental para niños"); got != "ambiental" {
		t.Errorf("second field tokens = %q", got)
	}
	if got := tk.field(-1, 2, "uno dos tres cuatro"); got != "uno dos" {
		t.Errorf("max 2 gave %q", got)
	}
	if got := tk.field(12, -1, "seis ", "siete ocho"); got != "seis siete" {
		t.Errorf("12 runes gave %q", got)
	}
}

func TestTruncateRunes(t *testing.T) {
	if got := truncateRunes("educación", 8); got != "educació" {
		t.Errorf("truncateRunes = %q", got)
	}
	if got := truncateRunes("sí", 5); got != "sí" {
		t.Errorf("truncateRunes short = %q", got)
	}
}

func searchIndexOf(t *testing.T) SearchIndex {
	t.Helper()
	set, _ := renderSite(t, testSite(baseYAML))
	var idx SearchIndex
	if err := json.Unmarshal([]byte(file(t, set, "buscar/indice.json")), &idx); err != nil {
		t.Fatal(err)
	}
	return idx
}

func TestSearchIndex(t *testing.T) {
	idx := searchIndexOf(t)
	byURL := map[string]SearchEntry{}
	var order []string
	for _, e := range idx.Items {
		byURL[e.URL] = e
		order = append(order, e.URL)
	}
	if _, ok := byURL["/"]; ok {
		t.Error("the home page is in the index")
	}
	// Newest first; undated items (pages, contacts) after, by title.
	wantOrder := []string{
		"/prensa/2026-11-25-reciclaje/", "/prensa/2026-11-20-becas/", "/prensa/2026-11-10-plaza/",
		"/funciones/", "/contactos/#gabinete",
	}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("order = %q, want %q", order, wantOrder)
	}
	becas := byURL["/prensa/2026-11-20-becas/"]
	if becas.Kind != "Comunicado" || becas.Date != "2026-11-20" || becas.DateES != "20 de noviembre de 2026" {
		t.Errorf("becas entry = %+v", becas)
	}
	if becas.TitleTokens != "becas educacion 2027" {
		t.Errorf("title tokens %q", becas.TitleTokens)
	}
	// Title words are not repeated in summary or body; topics are searchable.
	for _, f := range []string{becas.SummaryTokens, becas.BodyTokens} {
		for _, w := range strings.Fields(f) {
			if w == "becas" || w == "educacion" {
				t.Errorf("%q repeated outside the title: %q", w, f)
			}
		}
	}
	contact := byURL["/contactos/#gabinete"]
	if contact.Title != "Gabinete de Alcaldía" || contact.Kind != "Contacto" || !strings.Contains(contact.BodyTokens, "225401756") {
		t.Errorf("contact entry = %+v", contact)
	}
	if !reflect.DeepEqual(idx.Stop, stopWords) {
		t.Errorf("stop words not shipped to the script: %q", idx.Stop)
	}
}

// TestSearchRanking runs the theme's buscar.js under node against the
// index the build writes: the JavaScript ranking and the Go tokens must
// agree on folding, and rank title > summary > body, then newest first.
func TestSearchRanking(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	js, err := fs.ReadFile(themes.Default, "assets/buscar.js")
	if err != nil {
		t.Fatal(err)
	}
	idx := searchIndexOf(t)
	dir := t.TempDir()
	idxJSON, _ := json.Marshal(idx)
	for name, data := range map[string][]byte{"buscar.js": js, "indice.json": idxJSON} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"EDUCACIÓN", "educacion ambiental", "beca", "la de y", "plaza aromos", "nada-que-ver"}
	harness := `const s = require("./buscar.js"); const idx = require("./indice.json");
const out = {}; for (const q of JSON.parse(process.argv[1])) out[q] = s.rank(idx, q).items.map(i => i.u);
process.stdout.write(JSON.stringify(out));`
	qs, _ := json.Marshal(queries)
	cmd := exec.Command(node, "-e", harness, string(qs))
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got map[string][]string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("node output %q: %v", b, err)
	}
	want := map[string][]string{
		// Title hit first; then summary; then body hits, newest first.
		"EDUCACIÓN": {"/prensa/2026-11-20-becas/", "/prensa/2026-11-10-plaza/", "/prensa/2026-11-25-reciclaje/", "/funciones/"},
		// Every word must match: "ambiental" leaves out becas and funciones.
		"educacion ambiental": {"/prensa/2026-11-10-plaza/", "/prensa/2026-11-25-reciclaje/"},
		// A prefix finds the longer word.
		"beca":         {"/prensa/2026-11-20-becas/"},
		"la de y":      {}, // only stop words
		"plaza aromos": {"/prensa/2026-11-10-plaza/"},
		"nada-que-ver": {},
	}
	for q, w := range want {
		if g := got[q]; !(len(g) == 0 && len(w) == 0) && !reflect.DeepEqual(g, w) {
			t.Errorf("rank(%q) = %q, want %q", q, g, w)
		}
	}
}
