package render_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cabildo/internal/build"
	"cabildo/internal/content"
	"cabildo/internal/output"
)

// The lobby tests build testdata/lobby-site, a small complete site with
// records of every shape: several officials (one who left office, one who
// arrived), protected attendees, audiences with several represented
// parties, a natural person, trips abroad (one to a country without a
// Spanish name in the list), gifts of each classification and one without,
// a draft and an alias, plus press releases and events for the quarterly
// reports. Now is fixed, so the output is.

// lobbyNow is the fixture's clock: late November 2026.
var lobbyNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.FixedZone("-03", -3*3600))

func init() {
	// -update rewrites testdata/lobby/golden; other test files of this
	// package may define the same flag, so define it only once.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var (
	lobbyOnce sync.Once
	lobbyRes  build.Result
)

// lobbySite builds the fixture once for every test of this file.
func lobbySite(t *testing.T) build.Result {
	t.Helper()
	lobbyOnce.Do(func() {
		lobbyRes = build.Build(os.DirFS("testdata/lobby-site"), build.Options{Now: lobbyNow})
	})
	if lobbyRes.Diags.HasErrors() {
		t.Fatalf("the fixture does not build:\n%v", lobbyRes.Diags.Err())
	}
	return lobbyRes
}

func lobbyFile(t *testing.T, set *output.Set, p string) string {
	t.Helper()
	b, ok := set.Get(p)
	if !ok {
		t.Fatalf("%s was not published", p)
	}
	return string(b)
}

// TestLobbyOpenDataGolden compares the eight open data files with
// testdata/lobby/golden. Run with -update after a deliberate change and
// read the diff: column names are a published contract.
func TestLobbyOpenDataGolden(t *testing.T) {
	res := lobbySite(t)
	for _, name := range []string{"audiencias", "asistentes", "viajes", "donativos"} {
		for _, ext := range []string{".csv", ".json"} {
			got := lobbyFile(t, res.Files, "lobby/datos/"+name+ext)
			golden := filepath.Join("testdata", "lobby", "golden", name+ext)
			if updating() {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s", name+ext, golden)
			}
		}
	}
}

// TestLobbyOpenDataFormat checks what the dictionary page promises: CSV
// with CRLF and a header, JSON arrays of objects with the CSV's keys in
// the same order and with the same number of rows.
func TestLobbyOpenDataFormat(t *testing.T) {
	res := lobbySite(t)
	for _, name := range []string{"audiencias", "asistentes", "viajes", "donativos"} {
		raw := lobbyFile(t, res.Files, "lobby/datos/"+name+".csv")
		if strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
			t.Errorf("%s.csv: a line does not end in CRLF", name)
		}
		rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatalf("%s.csv: %v", name, err)
		}
		var objs []json.RawMessage
		if err := json.Unmarshal([]byte(lobbyFile(t, res.Files, "lobby/datos/"+name+".json")), &objs); err != nil {
			t.Fatalf("%s.json: %v", name, err)
		}
		if len(objs) != len(rows)-1 {
			t.Errorf("%s: %d JSON objects, %d CSV rows", name, len(objs), len(rows)-1)
		}
		for i, o := range objs {
			if keys := lobbyJSONKeys(t, o); strings.Join(keys, ",") != strings.Join(rows[0], ",") {
				t.Errorf("%s.json[%d] keys %v, CSV header %v", name, i, keys, rows[0])
			}
		}
		if !strings.Contains(lobbyFile(t, res.Files, "lobby/datos/index.html"), "<code>"+rows[0][0]+"</code>") {
			t.Errorf("the dictionary does not document %s", name)
		}
	}
}

// jsonKeys returns the keys of a JSON object in the order written.
func lobbyJSONKeys(t *testing.T, o json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(o))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// TestLobbyRecordsOnce checks that every published record has its page,
// is linked exactly once from its registry's list, and is exactly one row
// of its CSV and one object of its JSON; that every attendee is one row of
// asistentes, protected ones without a name; and that drafts appear nowhere.
func TestLobbyRecordsOnce(t *testing.T) {
	res := lobbySite(t)
	set := res.Files
	type rec struct {
		it       content.Item
		registry string
	}
	var recs []rec
	for _, a := range res.Site.Audiences {
		recs = append(recs, rec{a, "audiencias"})
	}
	for _, tr := range res.Site.Trips {
		recs = append(recs, rec{tr, "viajes"})
	}
	for _, g := range res.Site.Gifts {
		recs = append(recs, rec{g, "donativos"})
	}
	ids := map[string]map[string]int{} // registry → id column → count
	jsonIDs := map[string]map[string]int{}
	for _, name := range []string{"audiencias", "viajes", "donativos"} {
		ids[name], jsonIDs[name] = map[string]int{}, map[string]int{}
		rows, err := csv.NewReader(strings.NewReader(lobbyFile(t, set, "lobby/datos/"+name+".csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			ids[name][row[0]]++
		}
		var objs []map[string]any
		if err := json.Unmarshal([]byte(lobbyFile(t, set, "lobby/datos/"+name+".json")), &objs); err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			jsonIDs[name][o["id"].(string)]++
		}
	}
	published := 0
	for _, r := range recs {
		d := r.it.Document()
		list := lobbyFile(t, set, "lobby/"+r.registry+"/index.html")
		href := `href="` + r.it.URL() + `"`
		if r.it.Metadata().Draft {
			if _, ok := set.Get(strings.TrimPrefix(r.it.URL(), "/") + "index.html"); ok || strings.Contains(list, href) || ids[r.registry][d.Slug] > 0 {
				t.Errorf("draft %s was published", d.Path)
			}
			continue
		}
		published++
		lobbyFile(t, set, strings.TrimPrefix(r.it.URL(), "/")+"index.html")
		if n := strings.Count(list, href); n != 1 {
			t.Errorf("%s is linked %d times from /lobby/%s/", d.Path, n, r.registry)
		}
		if n := ids[r.registry][d.Slug]; n != 1 {
			t.Errorf("%s is %d rows of %s.csv", d.Path, n, r.registry)
		}
		if n := jsonIDs[r.registry][d.Slug]; n != 1 {
			t.Errorf("%s is %d objects of %s.json", d.Path, n, r.registry)
		}
	}
	rowsTotal := 0
	for _, name := range []string{"audiencias", "viajes", "donativos"} {
		for _, n := range ids[name] {
			rowsTotal += n
		}
	}
	if rowsTotal != published {
		t.Errorf("%d data rows for %d published records", rowsTotal, published)
	}

	// Attendees: one row each, in order; protected ones reserved and nameless.
	rows, err := csv.NewReader(strings.NewReader(lobbyFile(t, set, "lobby/datos/asistentes.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byAudience := map[string][][]string{}
	for _, row := range rows[1:] {
		byAudience[row[0]] = append(byAudience[row[0]], row)
	}
	for _, a := range res.Site.Audiences {
		if a.Draft {
			continue
		}
		got := byAudience[a.Doc.Slug]
		if len(got) != len(a.Attendees) {
			t.Errorf("%s: %d attendee rows, want %d", a.Doc.Path, len(got), len(a.Attendees))
			continue
		}
		page := lobbyFile(t, set, strings.TrimPrefix(a.URL(), "/")+"index.html")
		for i, at := range a.Attendees {
			reserved, name := got[i][3], got[i][4]
			if at.Protected && (reserved != "true" || name != "") {
				t.Errorf("%s attendee %d: reservado=%s nombre=%q, want true and empty", a.Doc.Path, i+1, reserved, name)
			}
			if !at.Protected && (reserved != "false" || name != at.Name) {
				t.Errorf("%s attendee %d: reservado=%s nombre=%q", a.Doc.Path, i+1, reserved, name)
			}
		}
		if want := lobbyProtected(a); strings.Count(page, ">Asistente reservado<") != want {
			t.Errorf("%s: page shows %d reserved attendees, want %d", a.Doc.Path, strings.Count(page, ">Asistente reservado<"), want)
		}
	}
}

func lobbyProtected(a *content.Audience) int {
	n := 0
	for _, at := range a.Attendees {
		if at.Protected {
			n++
		}
	}
	return n
}

// TestLobbyMonths checks the months of the lists: newest first, from the
// first record (May 2026) to Now's month, empty months as "Sin registros",
// and a warning at content/lobby for each past month without any record.
func TestLobbyMonths(t *testing.T) {
	res := lobbySite(t)
	list := lobbyFile(t, res.Files, "lobby/viajes/index.html")
	months := regexp.MustCompile(`<h2 id="(\d{4}-\d{2})">`).FindAllStringSubmatch(list, -1)
	var got []string
	for _, m := range months {
		got = append(got, m[1])
	}
	if want := "2026-11 2026-10 2026-09 2026-08 2026-07 2026-06 2026-05"; strings.Join(got, " ") != want {
		t.Errorf("months of /lobby/viajes/: %v, want %s", got, want)
	}
	if n := strings.Count(list, "Sin registros"); n != 4 { // Jun, Aug, Sep, Nov
		t.Errorf("/lobby/viajes/ shows %d months without records, want 4", n)
	}
	var warnings []string
	for _, d := range res.Diags.Warnings() {
		if d.Pos == content.LobbyGapPos {
			warnings = append(warnings, d.Msg[:strings.Index(d.Msg, ":")])
		}
	}
	want := []string{
		"no hay registros de lobby de junio de 2026, agosto de 2026 y septiembre de 2026",
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("gap warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}

// TestLobbyPages checks the Spanish labels and legal fields of the record
// and official pages, the alias and the national platform links.
func TestLobbyPages(t *testing.T) {
	res := lobbySite(t)
	set := res.Files
	for page, wants := range map[string][]string{
		"lobby/audiencias/2026-05-12-relleno-sanitario/index.html": {
			"Pedro Rojas Díaz</a> (Administrador Municipal)", "martes 12 de mayo de 2026, 11:00 a 12:15 hrs.",
			"Presencial", "Lobbista", "Gestor(a) de intereses particulares", "Asistente reservado",
			"Persona jurídica", "Persona natural", "76584213-1", "Acto administrativo", "Contrato",
			"Política, plan o programa", "Proyecto de ley o reglamento", "Evitar la adopción de una decisión",
			"Se entregó a la empresa copia de la ordenanza vigente.",
		},
		"lobby/audiencias/2026-07-08-inmobiliaria/index.html":  {"Videoconferencia", "Ana Pérez Soto", "Laura Muñoz Vera"},
		"lobby/audiencias/2026-10-14-telecom/index.html":       {"<h1>Audiencia con Telecom; Andinas &amp; Cía.</h1>", "AW001AW1234567"},
		"lobby/viajes/2026-05-20-buenos-aires/index.html":      {"Buenos Aires, Argentina", "$1.385.000", "Foro Latinoamericano de Gobiernos Locales (Persona jurídica)", "del miércoles 20 al sábado 23 de mayo de 2026"},
		"lobby/viajes/2026-07-14-valparaiso/index.html":        {"<h1>Viaje a Valparaíso</h1>", "Valparaíso, Chile", "$68.500"},
		"lobby/viajes/2026-10-01-belice/index.html":            {"Ciudad de Belice, BZ", "$0"},
		"lobby/donativos/2026-05-21-placa/index.html":          {"Oficial"},
		"lobby/donativos/2026-07-30-libro/index.html":          {"Protocolar"},
		"lobby/donativos/2026-10-05-bufanda/index.html":        {"<h1>Bufanda tejida a telar</h1>", "De cortesía", "Elena Rivas Tapia (Persona natural)"},
		"lobby/donativos/2026-11-02-sin-clasificar/index.html": {"No indicada"},
		"lobby/autoridades/alcalde/index.html":                 {"Alcaldesa", "/lobby/viajes/2026-05-20-buenos-aires/", "/lobby/donativos/2026-11-02-sin-clasificar/", "$1.385.000"},
		"lobby/autoridades/admin-saliente/index.html":          {"del 6 de diciembre de 2024 al 30 de junio de 2026"},
		"lobby/index.html": {"https://www.leylobby.gob.cl/instituciones/MU999", "https://www.infolobby.cl", "Noviembre de 2026, de un vistazo", "/lobby/autoridades/jefa-gabinete/"},
		"lobby/audiencias/inmobiliaria-altos/index.html": {`url=/lobby/audiencias/2026-07-08-inmobiliaria/`},
	} {
		got := lobbyFile(t, set, page)
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
	}
}

// TestLobbyTablesAccessible checks every table of the lobby and report
// pages: a caption whose id labels the scrolling region around it, and
// header cells with a scope.
func TestLobbyTablesAccessible(t *testing.T) {
	res := lobbySite(t)
	region := regexp.MustCompile(`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="([^"]+)">\s*<table>\s*<caption id="([^"]+)"(?: class="visually-hidden")?>`)
	checked := 0
	for _, p := range res.Files.Paths() {
		if !strings.HasSuffix(p, ".html") || !(strings.HasPrefix(p, "lobby/") || strings.HasPrefix(p, "informes/")) {
			continue
		}
		page := lobbyFile(t, res.Files, p)
		tables := strings.Count(page, "<table>")
		regions := region.FindAllStringSubmatch(page, -1)
		if len(regions) != tables {
			t.Errorf("%s: %d tables, %d in a labelled region with a caption", p, tables, len(regions))
		}
		seen := map[string]bool{}
		for _, m := range regions {
			if m[1] != m[2] {
				t.Errorf("%s: region labelled by %q wraps caption %q", p, m[1], m[2])
			}
			if seen[m[1]] {
				t.Errorf("%s: id %q used twice", p, m[1])
			}
			seen[m[1]] = true
		}
		if strings.Contains(page, "<th>") {
			t.Errorf("%s: a header cell without scope", p)
		}
		checked += tables
	}
	if checked == 0 {
		t.Fatal("no tables checked")
	}
}

// TestReports checks the quarterly reports: the quarters with content up
// to Now's (not the first quarter of 2027, which has an event), the
// counts, and that embargoed and future content is left out.
func TestReports(t *testing.T) {
	res := lobbySite(t)
	set := res.Files
	var quarters []string
	for _, p := range set.Paths() {
		if m := regexp.MustCompile(`^informes/(\d{4}-t\d)/index\.html$`).FindStringSubmatch(p); m != nil {
			quarters = append(quarters, m[1])
		}
	}
	if want := "2026-t2 2026-t3 2026-t4"; strings.Join(quarters, " ") != want {
		t.Errorf("reports %v, want %s", quarters, want)
	}
	index := lobbyFile(t, set, "informes/index.html")
	if i, j := strings.Index(index, "2026-t4"), strings.Index(index, "2026-t2"); i < 0 || j < 0 || i > j {
		t.Errorf("/informes/ does not list the quarters newest first")
	}
	for page, wants := range map[string][]string{
		"informes/2026-t2/index.html": {"1 audiencia<", "1 viaje<", "$1.385.000", "1 donativo<", "0 comunicados de prensa"},
		"informes/2026-t3/index.html": {"1 comunicado de prensa", "1 actividad realizada", "Operativo oftalmológico", "1 audiencia<", "$68.500", "Laura Muñoz Vera"},
		"informes/2026-t4/index.html": {"Cicletada cancelada", "1 cancelada", "0 actividades realizadas", "2 donativos", "trimestre está en curso"},
	} {
		got := lobbyFile(t, set, page)
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
	}
	t4 := lobbyFile(t, set, "informes/2026-t4/index.html")
	for _, absent := range []string{"Comunicado embargado", "Feria navideña", "Borrador"} {
		if strings.Contains(t4, absent) {
			t.Errorf("informes/2026-t4 shows %q", absent)
		}
	}
}
