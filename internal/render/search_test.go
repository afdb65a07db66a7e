package render

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cabildo/internal/output"
	"cabildo/themes"
)

var update = flag.Bool("update", false, "rewrite testdata/search/stems.golden")

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Educación":          "educacion",
		"NIÑO pingüino":      "niño pinguino",
		"Ñuñoa":              "ñuñoa",
		"An\u0303o":          "año", // ñ decomposed, as some Mac editors save it
		"Árbol ÉXITO":        "arbol exito",
		"2.º piso":           "2.º piso", // º is a letter, not a mark
		"Ley 20.730":         "ley 20.730",
		"co\u0301digo":       "codigo", // already decomposed
		"Mañana — 10:00 hrs": "mañana — 10:00 hrs",
		"õ \u0303n":          "o n", // a tilde on another letter, or alone, goes
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
	if want := "educacion niños mas cuadras ley 20 730"; got != want {
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

func searchFiles(t *testing.T) *output.Set {
	t.Helper()
	set, _ := renderSite(t, testSite(baseYAML))
	return set
}

func readJSON(t *testing.T, set *output.Set, p string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(file(t, set, p)), v); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
}

func TestSearchIndex(t *testing.T) {
	set := searchFiles(t)
	if _, ok := set.Get("buscar/indice.json"); ok {
		t.Error("the old single-file index is still written")
	}
	var m searchManifest
	readJSON(t, set, "buscar/indice/manifiesto.json", &m)
	if len(m.Version) != 12 {
		t.Errorf("manifest version %q, want 12 hex digits", m.Version)
	}
	if m.Items != 5 || m.Block != searchBlock || m.Buckets < 1 || !reflect.DeepEqual(m.Stop, stopWords) {
		t.Errorf("manifest = %+v", m)
	}
	groups := map[string]searchManifestGroup{}
	for _, g := range m.Groups {
		groups[g.Key] = g
	}
	if g := groups["comunicados"]; g.First != 0 || g.Count != 3 || !reflect.DeepEqual(g.Years, [][2]int{{2026, 3}}) {
		t.Errorf("comunicados = %+v", g)
	}
	if g := groups["contactos"]; g.First != 3 || g.Count != 1 || len(g.Years) != 0 {
		t.Errorf("contactos = %+v", g)
	}
	if g := groups["paginas"]; g.First != 4 || g.Count != 1 {
		t.Errorf("paginas = %+v", g)
	}
	// Items are numbered by group, then newest first; the home page is
	// left out.
	var rows [][6]string
	readJSON(t, set, "buscar/indice/r/0.json", &rows)
	var urls []string
	for _, r := range rows {
		urls = append(urls, r[1])
	}
	want := []string{"/prensa/2026-11-25-reciclaje/", "/prensa/2026-11-20-becas/", "/prensa/2026-11-10-plaza/", "/contactos/#gabinete", "/funciones/"}
	if !reflect.DeepEqual(urls, want) {
		t.Errorf("items = %q, want %q", urls, want)
	}
	if b := rows[1]; b != [6]string{"Becas de Educación 2027", "/prensa/2026-11-20-becas/", "Comunicado", "2026-11-20", "20 de noviembre de 2026", "Abre la postulación a las becas municipales."} {
		t.Errorf("becas = %q", b)
	}
	// A stem is in its bucket, with the items whose best field has it:
	// «educación» is in the title of becas (1), the summary of plaza (2),
	// the body of reciclaje (0) and funciones (4).
	var bucket map[string]json.RawMessage
	readJSON(t, set, "buscar/indice/t/"+strconv.Itoa(searchBucket("educacion", m.Buckets))+".json", &bucket)
	if got := string(bucket["educacion"]); got != "[[1],[2],[0,4]]" {
		t.Errorf("postings of educacion = %s", got)
	}
	// The contact is found by its number as dialled.
	readJSON(t, set, "buscar/indice/t/"+strconv.Itoa(searchBucket("225401756", m.Buckets))+".json", &bucket)
	if got := string(bucket["225401756"]); got != "[[],[],[3]]" {
		t.Errorf("postings of the phone number = %s", got)
	}
}

func TestSearchStemFile(t *testing.T) {
	for in, want := range map[string]string{"feri": "feri", "año": "a_f1_o", "2027": "2027"} {
		if got := searchStemFile(in); got != want {
			t.Errorf("searchStemFile(%q) = %q, want %q", in, got, want)
		}
	}
}

// stemWords returns the distinct words of texts as the index keeps them
// (folded, split, stop words out), sorted.
func stemWords(texts ...string) []string {
	seen := map[string]bool{}
	for _, text := range texts {
		tk := newTokenizer()
		for _, w := range strings.Fields(tk.field(-1, -1, text)) {
			seen[w] = true
		}
		tk.free()
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	return words
}

func stemLines(words []string) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w + " " + stem(w) + "\n")
	}
	return b.String()
}

// TestStemsMatchScript keeps testdata/search/stems.golden, the Go stem of
// every word of testdata/search/palabras.txt (verb forms, plurals,
// pronouns attached, ñ; go test -update rewrites it), and checks that
// buscar.js stems the same those words and every word of the example
// site (content/, what editors really write), under node when it is
// installed: the index holds Go's stems, the script looks up its own.
func TestStemsMatchScript(t *testing.T) {
	extra, err := os.ReadFile("testdata/search/palabras.txt")
	if err != nil {
		t.Fatal(err)
	}
	fixture := stemLines(stemWords(string(extra)))
	golden := "testdata/search/stems.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(fixture), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != fixture {
		t.Fatalf("Go stems differ from %s (go test -run TestStemsMatchScript -update, then look at the diff)", golden)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the script's stems were not compared")
	}
	texts := []string{string(extra)}
	err = filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		texts = append(texts, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	words := stemWords(texts...)
	dir := writeScript(t)
	list := filepath.Join(dir, "stems.txt")
	if err := os.WriteFile(list, []byte(stemLines(words)), 0o644); err != nil {
		t.Fatal(err)
	}
	harness := `const s = require("./buscar.js"); const fs = require("fs");
let bad = 0;
for (const line of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
  if (!line) continue;
  const [w, st] = line.split(" ");
  const got = s.stem(w);
  if (got !== st && bad++ < 20) console.log(w + ": script " + got + ", Go " + st);
}
if (bad) { console.log(bad + " words differ"); process.exit(1); }`
	cmd := exec.Command(node, "-e", harness, list)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("buscar.js stems differ from Go's: %v\n%s", err, out)
	}
	t.Logf("%d words stemmed alike", len(words))
}

// writeScript copies the theme's buscar.js to a temporary folder.
func writeScript(t *testing.T) string {
	t.Helper()
	js, err := fs.ReadFile(themes.Default, "assets/buscar.js")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "buscar.js"), js, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSearchRanking runs the theme's buscar.js under node against the
// index the build writes, fetching its files as a browser would: folding,
// stemming and the bucket of a stem must agree with Go, and results rank
// title > summary > body, then by number (newest first).
func TestSearchRanking(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	set := searchFiles(t)
	dir := writeScript(t)
	for _, p := range set.Paths() {
		if strings.HasPrefix(p, "buscar/indice/") {
			data, _ := set.Get(p)
			f := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	queries := []string{"EDUCACIÓN", "educacion ambiental", "becas", "beca", "la de y", "plaza aromos", "nada-que-ver", "225401756", "Programas"}
	harness := `const s = require("./buscar.js"); const fs = require("fs");
const asked = [];
global.fetch = (u) => {
  asked.push(u);
  const f = "." + u.replace(/\?v=[0-9a-f]+$/, "");
  return Promise.resolve({ ok: fs.existsSync(f), status: 404, json: () => JSON.parse(fs.readFileSync(f, "utf8")) });
};
(async () => {
  const base = "/buscar/indice/";
  const m = await (await fetch(base + "manifiesto.json")).json();
  const out = {};
  for (const q of JSON.parse(process.argv[1])) {
    const r = await s.search(base, m, q);
    out[q] = [];
    if (asked.some((u) => !u.endsWith("manifiesto.json") && !u.endsWith(".json?v=" + m.version))) throw new Error("a file asked without the version: " + asked);
    for (const n of r.ids) out[q].push(JSON.parse(fs.readFileSync("." + base + "r/" + Math.floor(n / m.block) + ".json"))[n % m.block][1]);
  }
  process.stdout.write(JSON.stringify(out));
})();`
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
		// Title hit first; then summary; then body hits, by number.
		"EDUCACIÓN": {"/prensa/2026-11-20-becas/", "/prensa/2026-11-10-plaza/", "/prensa/2026-11-25-reciclaje/", "/funciones/"},
		// Every word must match: "ambiental" leaves out becas and funciones.
		"educacion ambiental": {"/prensa/2026-11-10-plaza/", "/prensa/2026-11-25-reciclaje/"},
		// Singular and plural have one stem.
		"becas":        {"/prensa/2026-11-20-becas/"},
		"beca":         {"/prensa/2026-11-20-becas/"},
		"la de y":      {}, // only stop words
		"plaza aromos": {"/prensa/2026-11-10-plaza/"},
		"nada-que-ver": {},
		"225401756":    {"/contactos/#gabinete"},
		"Programas":    {"/prensa/2026-11-10-plaza/"},
	}
	for q, w := range want {
		if g := got[q]; !(len(g) == 0 && len(w) == 0) && !reflect.DeepEqual(g, w) {
			t.Errorf("search(%q) = %q, want %q", q, g, w)
		}
	}
}

// TestSearchScriptSize keeps the one script of the site small: at most
// 15 KB compressed (gzip, as nginx serves it).
func TestSearchScriptSize(t *testing.T) {
	js, err := fs.ReadFile(themes.Default, "assets/buscar.js")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	z.Write(js)
	z.Close()
	if b.Len() > 15<<10 {
		t.Errorf("buscar.js is %d bytes compressed, over 15 KB", b.Len())
	}
	t.Logf("buscar.js: %d bytes, %d compressed", len(js), b.Len())
}

// TestSearchRowsJSON: a block joined from rows encoded one by one (serve
// keeps each row between renders) is the block encoded whole, whatever
// the text: quotes, HTML, controls, line separators, bad UTF-8.
func TestSearchRowsJSON(t *testing.T) {
	loc := time.FixedZone("CLT", -3*3600)
	entries := []searchEntry{
		{Title: `Comunicado "oficial" <b>&</b>`, URL: "/prensa/a/", Kind: "Comunicado", Summary: "línea\nsiguiente\ttab \u2028 \u2029 \x01", date: time.Date(2026, 11, 5, 10, 0, 0, 0, loc)},
		{Title: "Página", URL: "/transparencia/", Kind: "Página", Summary: "mal \xff codificado \\ barra"},
		{Title: "", URL: "/x/", Kind: "Evento", date: time.Date(2027, 1, 31, 0, 0, 0, 0, loc)},
	}
	for n := 0; n <= len(entries); n++ {
		docs := make([]searchDoc, n)
		for i := range docs {
			docs[i].e = entries[i]
			docs[i].row = searchRowJSON(&docs[i].e)
		}
		if got, want := searchRowsJSON(docs), searchBlockJSON(docs); !bytes.Equal(got, want) {
			t.Errorf("%d rows:\njoined %s\nwhole  %s", n, got, want)
		}
	}
}
