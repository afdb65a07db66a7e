package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cabildo/internal/output"
)

// copyExampleSite copies the example site into a temporary folder.
func copyExampleSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// serveBuilder returns a Builder as serve has it (its output in a
// Store) of a copy of the example site in dir, which fsys reads, with the
// options opt; nothing is built yet.
func serveBuilder(t *testing.T) (dir string, fsys fs.FS, opt Options, b *Builder) {
	t.Helper()
	dir = copyExampleSite(t)
	opt = withImages(Options{Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)})
	fsys = os.DirFS(dir)
	b = NewBuilder(fsys, opt)
	b.StoreDir = t.TempDir()
	return dir, fsys, opt, b
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func edit(t testing.TB, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	writeFile(t, dir, name, strings.Replace(string(data), old, new, 1))
}

// sameResult fails unless an incremental result equals a full build's.
func sameResult(t *testing.T, step string, got, want Result) {
	t.Helper()
	gd, wd := diagStrings(got), diagStrings(want)
	if gd != wd {
		t.Errorf("%s: diagnostics differ\nincremental:\n%s\nfull:\n%s", step, gd, wd)
	}
	if (got.Files == nil) != (want.Files == nil) {
		t.Fatalf("%s: incremental files nil=%v, full nil=%v", step, got.Files == nil, want.Files == nil)
	}
	if got.Files == nil {
		return
	}
	gp, wp := got.Files.Paths(), want.Files.Paths()
	if strings.Join(gp, "\n") != strings.Join(wp, "\n") {
		t.Errorf("%s: file lists differ: %d incremental, %d full", step, len(gp), len(wp))
	}
	for _, p := range wp {
		g, _ := got.Files.Get(p)
		w, _ := want.Files.Get(p)
		if !bytes.Equal(g, w) {
			t.Errorf("%s: %s differs", step, p)
		}
	}
}

func diagStrings(r Result) string {
	var b strings.Builder
	for _, d := range r.Diags {
		b.WriteString(d.Error() + "\n")
	}
	return b.String()
}

func has(files *output.Set, name string) bool {
	return files != nil && files.Has(name)
}

// TestBuilderMatchesBuild edits a site the way editors do and checks after
// every step that the Builder's result is exactly a full build's, with the
// outputs in memory and in a Store (as serve keeps them).
func TestBuilderMatchesBuild(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testBuilderMatchesBuild(t, "") })
	t.Run("store", func(t *testing.T) { testBuilderMatchesBuild(t, t.TempDir()) })
}

func testBuilderMatchesBuild(t *testing.T, storeDir string) {
	dir := copyExampleSite(t)
	opt := withImages(Options{Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)})
	fsys := os.DirFS(dir)
	b := NewBuilder(fsys, opt)
	b.StoreDir = storeDir
	res := b.Update()
	sameResult(t, "first build", res, Build(fsys, opt))
	previous := res.Files // the last output without errors, for memoReused
	if res.Diags.HasErrors() {
		t.Fatalf("the example site has errors:\n%s", diagStrings(res))
	}

	const (
		press   = "content/prensa/2026-11-06-presupuesto-participativo.md"
		event   = "content/eventos/2026-12-05-feria-navidena.md"
		contact = "content/contactos/gabinete.md"
		page    = "content/funciones.md"
	)
	// The three oldest releases, which nothing links to.
	oldest := []string{"content/prensa/2026-08-07-invierno-calido.md", "content/prensa/2026-08-21-becas-municipales-2027.md",
		"content/prensa/2026-09-04-operativo-oftalmologico.md"}
	var saved string // a deleted file, to write again
	steps := []struct {
		name   string
		change func()
		paths  []string
		check  func(r Result)
	}{
		{"edit a body", func() { edit(t, dir, press, "\n---\n", "\n---\n\nPárrafo nuevo **agregado**.\n") }, []string{press}, func(r Result) {
			st := b.Stats()
			if want := len(r.Site.Publishable(opt.Now, false, false).Items()) - 1; st.Decoded != 1 || st.Rescanned || st.BodiesRendered != 1 || st.BodiesReused != want {
				t.Errorf("one edit: decoded %d, rescanned %v, rendered %d bodies and reused %d; want 1, false, 1, %d", st.Decoded, st.Rescanned, st.BodiesRendered, st.BodiesReused, want)
			}
			page, _ := r.Files.Get("prensa/2026-11-06-presupuesto-participativo/index.html")
			if !bytes.Contains(page, []byte("Párrafo nuevo <strong>agregado</strong>")) {
				t.Errorf("the edit is not in the page")
			}
			// Among the latest releases: the feeds show its body.
			wrote(t, r, previous, someBuckets, "prensa/2026-11-06-presupuesto-participativo/index.html", "prensa/atom.xml", "prensa/rss.xml")
		}},
		{"edit an event's body", func() { edit(t, dir, event, "\n---\n\n", "\n---\n\nCambio de último minuto.\n\n") }, []string{event}, func(r Result) {
			want := map[string]bool{"eventos/2026-12-05-feria-navidena/index.html": true,
				"eventos/2026-12-05-feria-navidena/evento.ics": true, "eventos/calendario.ics": true}
			written, buckets := searchWritten(changed(previous, r.Files))
			if len(buckets) == 0 {
				t.Errorf("an event's body: no bucket of the search index rendered again")
			}
			for _, p := range written {
				if !want[p] && !strings.HasSuffix(p, "calendario.ics") {
					t.Errorf("an event's body: rendered %s again", p)
				}
				delete(want, p)
			}
			if len(want) > 0 {
				t.Errorf("an event's body: did not render %v again", want)
			}
		}},
		{"edit a contact's body", func() { edit(t, dir, contact, "\n---\n\n", "\n---\n\nAtiende también sábados.\n\n") }, []string{contact}, func(r Result) {
			wrote(t, r, previous, someBuckets, "contactos/index.html")
		}},
		{"edit a page's body", func() { edit(t, dir, page, "\n---\n\n", "\n---\n\nVersión revisada.\n\n") }, []string{page}, func(r Result) {
			wrote(t, r, previous, someBuckets, "funciones/index.html")
		}},
		{"edit the home page's body", func() { edit(t, dir, "content/_index.md", "Bienvenidas", "Hola, bienvenidas") }, []string{"content/_index.md"}, func(r Result) {
			wrote(t, r, previous, "index.html") // the home page is not in the search index
		}},
		{"edit two bodies at once", func() {
			edit(t, dir, page, "Versión revisada.", "Versión corregida.")
			edit(t, dir, contact, "sábados", "domingos")
		}, []string{page, contact}, func(r Result) {
			wrote(t, r, previous, someBuckets, "contactos/index.html", "funciones/index.html")
		}},
		{"break a body's link", func() { edit(t, dir, page, "Versión corregida.", "Ver [esto](no-existe.md).") }, []string{page}, func(r Result) {
			if r.Files != nil {
				t.Errorf("a broken link in a body is not an error")
			}
		}},
		{"fix it again", func() { edit(t, dir, page, "Ver [esto](no-existe.md).", "Versión final.") }, []string{page}, func(r Result) {
			wrote(t, r, previous, someBuckets, "funciones/index.html")
		}},
		{"edit a front matter", func() { edit(t, dir, page, "title: \"Funciones", "title: \"Las funciones") }, []string{page}, nil},
		// Front-matter edits that change few pages: the others come
		// from the previous output (render's page memo), and the result
		// is still a full build's (sameResult).
		{"edit a press release's title", func() { edit(t, dir, press, "Vecinos eligieron 14", "Vecinas y vecinos eligieron 14") }, []string{press}, func(r Result) {
			memoReused(t, b, r, previous, "prensa/2026-11-06-presupuesto-participativo/index.html", "prensa/index.html", "index.html")
		}},
		// The events' pages show their organizer's position and their
		// co-organizers' names: the events' scope (render/events.go)
		// must name both, or the 5,000 files of the events stay as they
		// were at 10,000 items.
		{"rename an organizer's position", func() {
			edit(t, dir, contact, "position: \"Gabinete de Alcaldía\"", "position: \"Gabinete del Alcalde\"")
		}, []string{contact}, func(r Result) {
			if page, _ := r.Files.Get("eventos/2026-12-05-feria-navidena/index.html"); !bytes.Contains(page, []byte("Gabinete del Alcalde")) {
				t.Errorf("the event's page does not show its organizer's new position")
			}
		}},
		{"rename a co-organizer", func() {
			edit(t, dir, "content/instituciones/cosoc.md", "title: \"Consejo Comunal", "title: \"El Consejo Comunal")
		}, []string{"content/instituciones/cosoc.md"}, nil},
		// An event without an organizer is given the calendars' one: the
		// first contact with an e-mail, as site.yaml has no
		// calendar.email (render's calendarContact). A new first contact,
		// who organizes no event, changes that event's .ics.
		{"an event without an organizer", func() {
			edit(t, dir, "content/eventos/2026-12-10-charla-ley-del-lobby.md", "organizer: gabinete\n", "")
		}, []string{"content/eventos/2026-12-10-charla-ley-del-lobby.md"}, nil},
		{"a contact the calendars name", func() {
			writeFile(t, dir, "content/contactos/primero.md", "---\ntitle: \"Oficina de partes\"\nposition: \"Oficina de partes\"\nemail: \"partes@municipioejemplo.cl\"\norder: 1\n---\n")
		}, []string{"content/contactos/primero.md"}, func(r Result) {
			ics, _ := r.Files.Get("eventos/2026-12-10-charla-ley-del-lobby/evento.ics")
			if unfolded := bytes.ReplaceAll(ics, []byte("\r\n "), nil); !bytes.Contains(unfolded, []byte("mailto:partes@municipioejemplo.cl")) {
				t.Errorf("the .ics of the event without an organizer does not name the new first contact")
			}
		}},
		{"delete that contact", func() { os.Remove(filepath.Join(dir, "content/contactos/primero.md")) }, []string{"content/contactos/primero.md"}, nil},
		{"the organizer back", func() {
			edit(t, dir, "content/eventos/2026-12-10-charla-ley-del-lobby.md", "co_organizers:", "organizer: gabinete\nco_organizers:")
		}, []string{"content/eventos/2026-12-10-charla-ley-del-lobby.md"}, nil},
		{"move an event", func() { edit(t, dir, event, "start: 2026-12-05T10:00", "start: 2026-12-05T11:30") }, []string{event}, func(r Result) {
			memoReused(t, b, r, previous, "eventos/2026-12-05-feria-navidena/index.html", "eventos/index.html")
		}},
		// A body edit in a full render (another file's front matter
		// changed too): the event's .ics and the calendars that carry
		// it are not the previous output's (their dependency keys).
		{"edit an event's body and a release's title at once", func() {
			edit(t, dir, event, "Cambio de último minuto.", "Cambio de horario de último minuto.")
			edit(t, dir, press, "Más de 6.800 personas", "Más de 6.800 vecinos")
		}, []string{event, press}, func(r Result) {
			memoReused(t, b, r, previous, "eventos/2026-12-05-feria-navidena/evento.ics", "eventos/calendario.ics")
		}},
		// A lobby record's page (its dependency key) and the open data
		// of the lobby: a table's files are the previous output's only
		// while its rows are the same (memoFile).
		{"edit a lobby audience's place", func() {
			edit(t, dir, "content/lobby/audiencias/2026-06-25-junta-vecinos-los-aromos.md", "Pasaje El Boldo 230", "Pasaje El Boldo 232")
		}, []string{"content/lobby/audiencias/2026-06-25-junta-vecinos-los-aromos.md"}, func(r Result) {
			memoReused(t, b, r, previous, "lobby/audiencias/2026-06-25-junta-vecinos-los-aromos/index.html", "lobby/datos/audiencias.csv", "lobby/datos/audiencias.json")
		}},
		// The reports read the lobby's views, kept while the lobby's
		// inputs are the same (render's reportLobby).
		{"edit the subject of an audience its quarter's report lists", func() {
			edit(t, dir, "content/lobby/audiencias/2026-06-25-junta-vecinos-los-aromos.md", "árboles nativos", "árboles nativos y bancas")
		}, []string{"content/lobby/audiencias/2026-06-25-junta-vecinos-los-aromos.md"}, func(r Result) {
			if page, _ := r.Files.Get("informes/2026-t2/index.html"); !bytes.Contains(page, []byte("árboles nativos y bancas")) {
				t.Errorf("the report of the audience's quarter does not show its new subject")
			}
		}},
		// Front-matter edits that move items within lists, and files that
		// come and go: what the previous output and the kept decodings
		// must not answer for (sameResult, at every step).
		{"a date that moves a release down the lists", func() { edit(t, dir, press, "date: 2026-11-06T17:00", "date: 2026-11-13T12:00") }, []string{press}, nil},
		{"a title that reorders two releases of one date", func() {
			edit(t, dir, press, "Vecinas y vecinos eligieron 14", "Abiertas las votaciones: vecinas y vecinos eligieron 14")
		}, []string{press}, nil},
		{"retitle a release an event page lists", func() {
			edit(t, dir, "content/prensa/2026-11-13-feria-navidena.md", "title: \"Feria navideña reunirá", "title: \"La Feria navideña reunirá")
		}, []string{"content/prensa/2026-11-13-feria-navidena.md"}, func(r Result) {
			memoReused(t, b, r, previous, "eventos/2026-12-05-feria-navidena/index.html")
		}},
		{"move an event to the next month", func() {
			edit(t, dir, event, "start: 2026-12-05T11:30", "start: 2027-01-09T11:30")
			edit(t, dir, event, "end: 2026-12-05T14:00", "end: 2027-01-09T14:00")
		}, []string{event}, func(r Result) {
			if !has(r.Files, "eventos/2026-12-05-feria-navidena/evento.ics") {
				t.Errorf("the moved event has no .ics")
			}
		}},
		{"delete an event a release and a body refer to", func() {
			saved = readFile(t, dir, event)
			os.Remove(filepath.Join(dir, event))
		}, []string{event}, func(r Result) {
			if r.Files != nil {
				t.Errorf("a link to a deleted event is not an error")
			}
		}},
		{"write it again", func() { writeFile(t, dir, event, saved) }, []string{event}, func(r Result) {
			if !has(r.Files, "eventos/2026-12-05-feria-navidena/index.html") {
				t.Errorf("the event written again is not published")
			}
		}},
		{"add a release", func() {
			writeFile(t, dir, "content/prensa/2026-11-27-nueva.md", "---\ntitle: \"Nueva\"\ndate: 2026-11-27T09:00\nsummary: \"Una nueva.\"\ntopics: [participacion]\n---\nTexto.\n")
		}, []string{"content/prensa/2026-11-27-nueva.md"}, nil},
		{"delete it", func() { os.Remove(filepath.Join(dir, "content/prensa/2026-11-27-nueva.md")) }, []string{"content/prensa/2026-11-27-nueva.md"}, func(r Result) {
			if has(r.Files, "prensa/2026-11-27-nueva/index.html") {
				t.Errorf("the deleted release is still published")
			}
		}},
		// A list page that shows the same releases changes: the years
		// it links to with their counts, or its number of pages (the
		// dependency keys of list pages).
		{"an old release in a year of its own", func() {
			writeFile(t, dir, "content/prensa/2025-06-02-antigua.md", "---\ntitle: \"Antigua\"\ndate: 2025-06-02T09:00\nsummary: \"Una antigua.\"\ntopics: [deportes]\n---\nTexto.\n")
		}, []string{"content/prensa/2025-06-02-antigua.md"}, func(r Result) {
			memoReused(t, b, r, previous, "prensa/index.html", "prensa/temas/index.html")
		}},
		{"delete the old release", func() { os.Remove(filepath.Join(dir, "content/prensa/2025-06-02-antigua.md")) },
			[]string{"content/prensa/2025-06-02-antigua.md"}, nil},
		{"three old releases become drafts: one page of releases", func() {
			for _, p := range oldest {
				edit(t, dir, p, "\ndate:", "\ndraft: true\ndate:")
			}
		}, oldest, func(r Result) {
			memoReused(t, b, r, previous, "prensa/index.html")
		}},
		{"publish them again", func() {
			for _, p := range oldest {
				edit(t, dir, p, "\ndraft: true\ndate:", "\ndate:")
			}
		}, oldest, nil},
		{"break the front matter", func() { edit(t, dir, press, "title:", "titulo:") }, []string{press}, func(r Result) {
			if r.Files != nil || !strings.Contains(diagStrings(r), press+":2:1:") {
				t.Errorf("the error is not reported at %s:2:1:\n%s", press, diagStrings(r))
			}
		}},
		{"fix it", func() { edit(t, dir, press, "titulo:", "title:") }, []string{press}, nil},
		{"delete an event", func() { os.Remove(filepath.Join(dir, "content/eventos/2027-04-03-noche-de-museos.md")) },
			[]string{"content/eventos/2027-04-03-noche-de-museos.md"}, func(r Result) {
				if has(r.Files, "eventos/2027-04-03-noche-de-museos/index.html") {
					t.Errorf("the deleted event is still published")
				}
				// Only the bodies that linked to it are rendered again.
				if st := b.Stats(); st.BodiesRendered > 2 || st.BodiesReused == 0 {
					t.Errorf("a deletion rendered %d bodies and reused %d; want only those that link to it", st.BodiesRendered, st.BodiesReused)
				}
				// The list of files is brought up to date, not walked.
				if st := b.Stats(); !st.Rescanned || st.Walked {
					t.Errorf("a deletion: rescanned %v, walked %v; want true and false", st.Rescanned, st.Walked)
				}
			}},
		{"add a page linking to a missing one", func() {
			writeFile(t, dir, "content/nueva.md", "---\ntitle: Nueva\n---\nVer [la otra](otra.md).\n")
		}, []string{"content/nueva.md"}, nil},
		{"add the missing page", func() { writeFile(t, dir, "content/otra.md", "---\ntitle: Otra\n---\nHola.\n") },
			[]string{"content/otra.md"}, func(r Result) {
				page, _ := r.Files.Get("nueva/index.html")
				if !bytes.Contains(page, []byte(`href="/otra/"`)) {
					t.Errorf("a cached body kept the broken link")
				}
			}},
		{"rename a page", func() {
			os.Rename(filepath.Join(dir, "content/otra.md"), filepath.Join(dir, "content/otra2.md"))
		}, []string{"content/otra.md", "content/otra2.md"}, func(r Result) {
			if r.Files != nil || !strings.Contains(diagStrings(r), "content/nueva.md:4:") {
				t.Errorf("the link to the renamed page is not reported:\n%s", diagStrings(r))
			}
		}},
		{"fix the link", func() { edit(t, dir, "content/nueva.md", "otra.md", "otra2.md") }, []string{"content/nueva.md"}, func(r Result) {
			if has(r.Files, "otra/index.html") || !has(r.Files, "otra2/index.html") {
				t.Errorf("the renamed page is not published under its new name only")
			}
		}},
		// A bundle (guia/index.md) may be linked by its folder's name
		// (guia.md): the body that links it is checked again when the
		// bundle comes.
		{"link a bundle that is not there yet", func() { edit(t, dir, "content/nueva.md", "otra2.md", "guia.md") }, []string{"content/nueva.md"}, nil},
		{"add the bundle", func() { writeFile(t, dir, "content/guia/index.md", "---\ntitle: Guía\n---\nHola.\n") },
			[]string{"content/guia/index.md"}, func(r Result) {
				page, _ := r.Files.Get("nueva/index.html")
				if !bytes.Contains(page, []byte(`href="/guia/"`)) {
					t.Errorf("a cached body kept the broken link to the bundle")
				}
			}},
		{"link the page again", func() { edit(t, dir, "content/nueva.md", "guia.md", "otra2.md") }, []string{"content/nueva.md"}, nil},
		// The lobby's pages are taken whole while nothing they read
		// changed (render's scopes); a trip shows its host's name.
		{"retitle an institution a trip names", func() {
			edit(t, dir, "content/instituciones/camara-de-diputadas-y-diputados.md", "title: \"Cámara de Diputadas y Diputados\"", "title: \"Cámara de Diputados y Diputadas\"")
		}, []string{"content/instituciones/camara-de-diputadas-y-diputados.md"}, func(r Result) {
			if page, _ := r.Files.Get("lobby/viajes/2026-07-14-valparaiso-camara-diputados/index.html"); !bytes.Contains(page, []byte("Cámara de Diputados y Diputadas")) {
				t.Errorf("the trip does not show its host's new name")
			}
		}},
		// Likewise the directory and the vCards.
		{"change a contact's hours", func() {
			edit(t, dir, contact, "viernes 08:30–16:30", "viernes 08:30–15:30")
		}, []string{contact}, func(r Result) {
			if page, _ := r.Files.Get("contactos/index.html"); !bytes.Contains(page, []byte("viernes 08:30–15:30")) {
				t.Errorf("the directory does not show the new hours")
			}
		}},
		// An alias of a lobby record is a page the lobby's jobs make
		// outside its folder: the lobby is not taken whole while it has
		// one (render's aliasInto), or the redirect would be lost.
		{"an old address of an audience", func() {
			edit(t, dir, "content/lobby/audiencias/2026-11-18-camara-de-comercio.md", "\nofficials:", "\naliases: [/reunion-camara/]\nofficials:")
		}, []string{"content/lobby/audiencias/2026-11-18-camara-de-comercio.md"}, nil},
		{"a release's title, the alias still there", func() {
			edit(t, dir, oldest[2], "atenderá a 400 vecinos", "atenderá a 400 vecinas y vecinos")
		}, oldest[2:], func(r Result) {
			if !has(r.Files, "reunion-camara/index.html") {
				t.Errorf("the audience's alias is gone")
			}
		}},
		{"two pages", func() {
			writeFile(t, dir, "content/uno.md", "---\ntitle: Uno\n---\nPrimera.\n")
			writeFile(t, dir, "content/dos.md", "---\ntitle: Dos\n---\nSegunda.\n")
		}, []string{"content/uno.md", "content/dos.md"}, func(r Result) {
			if b.Stats().Walked {
				t.Errorf("two new pages: the tree was walked")
			}
		}},
		// A name the scan reports: the list is walked, when the file
		// comes and when it goes, so that its error comes and goes.
		{"a file with a bad name", func() { writeFile(t, dir, "content/prensa/Sin Fecha.md", "---\ntitle: X\n---\n") },
			[]string{"content/prensa/Sin Fecha.md"}, func(r Result) {
				if r.Files != nil || !b.Stats().Walked {
					t.Errorf("a bad file name: no error, or the tree was not walked")
				}
			}},
		{"and without it", func() { os.Remove(filepath.Join(dir, "content/prensa/Sin Fecha.md")) },
			[]string{"content/prensa/Sin Fecha.md"}, nil},
		// The same paths as before, but one is now a redirect: the
		// sitemap must drop it (sitemapSamePaths).
		{"an address moves to another page", func() {
			os.Remove(filepath.Join(dir, "content/uno.md"))
			writeFile(t, dir, "content/dos.md", "---\ntitle: Dos\naliases: [/uno/]\n---\nSegunda.\n")
		}, []string{"content/uno.md", "content/dos.md"}, func(r Result) {
			if m, _ := r.Files.Get("sitemap.xml"); bytes.Contains(m, []byte("/uno/")) {
				t.Errorf("the sitemap lists a redirect")
			}
		}},
		{"add a static file", func() { writeFile(t, dir, "content/otra.pdf", "%PDF-1.4\n") }, []string{"content/otra.pdf"}, nil},
		{"change site.yaml", func() { edit(t, dir, "content/site.yaml", "title:", "title: Otro\ntitle_x:") },
			[]string{"content/site.yaml"}, nil},
		{"restore site.yaml", func() { edit(t, dir, "content/site.yaml", "title: Otro\ntitle_x:", "title:") },
			[]string{"content/site.yaml"}, nil},
		{"name a missing theme", func() { edit(t, dir, "content/site.yaml", "theme: default", "theme: otro") }, []string{"content/site.yaml"}, nil},
		{"create it", func() { writeFile(t, dir, "themes/otro/LEEME.txt", "tema") }, []string{"themes/otro/LEEME.txt"}, nil},
		{"a file outside content", func() { writeFile(t, dir, "LEEME.txt", "x") }, []string{"LEEME.txt"}, nil},
	}
	for _, s := range steps {
		s.change()
		got := b.Update(s.paths...)
		sameResult(t, s.name, got, Build(fsys, opt))
		if s.check != nil {
			s.check(got)
		}
		if got.Files != nil {
			previous = got.Files
		}
	}
}

// wrote fails unless the files at paths are exactly those of the output r
// whose bytes are not previous's: what an edit of bodies changes.
func wrote(t *testing.T, r Result, previous *output.Set, paths ...string) {
	t.Helper()
	if r.Files == nil {
		t.Errorf("no output:\n%s", diagStrings(r))
		return
	}
	written, buckets := searchWritten(changed(previous, r.Files))
	if len(paths) > 0 && paths[0] == someBuckets {
		paths = paths[1:]
		if len(buckets) == 0 {
			t.Errorf("no bucket of the search index rendered again")
		}
	} else if len(buckets) > 0 {
		t.Errorf("search index files rendered again: %s", strings.Join(buckets, " "))
	}
	if got, want := strings.Join(written, " "), strings.Join(paths, " "); got != want {
		t.Errorf("rendered again:\n%s\nwant:\n%s", got, want)
	}
}

// memoReused checks that a full render took most pages from the previous
// output, and rendered again the pages at paths, which must show the
// change: they are not the previous output's bytes.
func memoReused(t *testing.T, b *Builder, r Result, previous *output.Set, paths ...string) {
	t.Helper()
	st := b.Stats()
	if st.PagesReused == 0 {
		t.Errorf("no page reused; want a render that reuses most pages")
	}
	if r.Files == nil {
		return
	}
	pages := 0
	for _, p := range r.Files.Paths() {
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	// The pages that show the edited file: its own, the lists, feeds'
	// neighbours (home, section, year, topic, the quarter's report, a
	// related event…): ten or so of the example's ~95.
	if rendered := pages - st.PagesReused; rendered > 15 {
		t.Errorf("%d of %d pages rendered again; want only those that show the edit", rendered, pages)
	}
	for _, p := range paths {
		now, _ := r.Files.Get(p)
		before, _ := previous.Get(p)
		if bytes.Equal(now, before) {
			t.Errorf("%s did not change", p)
		}
	}
}

// changed returns the paths of the files of now that previous does not
// have with the same bytes, and of those it has that now does not, sorted.
func changed(previous, now *output.Set) []string {
	var paths []string
	for _, p := range now.Paths() {
		a, _ := now.Get(p)
		if b, ok := previous.Get(p); !ok || !bytes.Equal(a, b) {
			paths = append(paths, p)
		}
	}
	for _, p := range previous.Paths() {
		if !now.Has(p) {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return paths
}

// someBuckets, first among the paths of wrote, says that an edit rewrites
// some files of the search index: the buckets (or the files of frequent
// stems) of the words that changed, and the manifest, whose version sums
// them; nothing else of the index.
const someBuckets = "buscar/indice/t/…"

// searchWritten splits written paths into the search index's buckets and
// the rest; any other file of the index counts as the rest.
func searchWritten(paths []string) (rest, buckets []string) {
	for _, p := range paths {
		if strings.HasPrefix(p, "buscar/indice/t/") || strings.HasPrefix(p, "buscar/indice/p/") || p == "buscar/indice/manifiesto.json" {
			buckets = append(buckets, p)
		} else {
			rest = append(rest, p)
		}
	}
	return rest, buckets
}

// TestCompact: serve's Builder starts its Store over after it serves an
// edit (Compact); the output already returned keeps its bytes, the next
// edit still takes unchanged pages from the compacted output, and what
// it renders is what a fresh build renders.
func TestCompact(t *testing.T) {
	dir, fsys, opt, b := serveBuilder(t)
	first := b.Update()
	if first.Files == nil || !first.Files.InStore() {
		t.Fatalf("the first build: %v, in a Store %v", diagStrings(first), first.Files != nil && first.Files.InStore())
	}
	served, _ := first.Files.Get("prensa/index.html")
	b.Compact() // not wasteful: nothing to do
	if b.last != first.Files {
		t.Fatalf("Compact replaced an output that wasted nothing")
	}
	b.compactNow()
	if b.last == first.Files {
		t.Fatalf("compactNow kept the old output")
	}
	if got, _ := first.Files.Get("prensa/index.html"); !bytes.Equal(got, served) {
		t.Errorf("the output returned before changed")
	}
	const press = "content/prensa/2026-11-06-presupuesto-participativo.md"
	edit(t, dir, press, "Vecinos eligieron 14", "Vecinas y vecinos eligieron 14")
	res := b.Update(press)
	sameResult(t, "an edit after Compact", res, Build(fsys, opt))
	if st := b.Stats(); st.PagesReused == 0 {
		t.Errorf("after Compact, an edit took no page from the previous output")
	}
}
