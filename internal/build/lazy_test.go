package build

import (
	"os"
	"strings"
	"testing"

	"cabildo/internal/content"
)

// TestBuilderLazyPages: after an edit, serve's output has the pages the
// edit changed made when they are read (render/lazy.go): a new release
// leaves the list pages it shifts to be made, its own page reads as a
// build's before the rest is made, and the settled output is a build's.
// The first render, and the first after the theme changes, execute
// every page: a broken template stops them as it stops a build.
func TestBuilderLazyPages(t *testing.T) {
	dir, fsys, opt, b := serveBuilder(t)
	if first := b.Update(); first.Files == nil || b.Stats().PagesLazy != 0 {
		t.Fatalf("the first build: %s; %d pages lazy, want none", diagStrings(first), b.Stats().PagesLazy)
	}

	const added = "content/prensa/2026-11-26-nueva-plaza.md"
	writeFile(t, dir, added, "---\ntitle: \"Nueva plaza en la villa\"\ndate: 2026-11-26T10:00\nsummary: \"La plaza abre el sábado.\"\n---\nLa plaza abre el sábado.\n")
	res := b.Update(added)
	if res.Files == nil {
		t.Fatalf("adding a release: %s", diagStrings(res))
	}
	if n := b.Stats().PagesLazy; n < 2 {
		t.Errorf("adding a release left %d pages to be made; want its page and the lists it shifts", n)
	}
	want := Build(fsys, opt)
	page := "prensa/2026-11-26-nueva-plaza/index.html"
	// Its page, and the search index (renumbered, so lazy as a whole:
	// render/searchstate.go), read before the output is settled.
	for _, p := range []string{page, "buscar/indice/manifiesto.json", "buscar/indice/r/0.json"} {
		got, _ := res.Files.Get(p)
		if w, _ := want.Files.Get(p); len(got) == 0 || string(got) != string(w) {
			t.Errorf("%s, read before the output is settled, is not a build's", p)
		}
	}
	if late := res.Settle(); late != nil {
		t.Fatalf("Settle: %v", late)
	}
	sameResult(t, "a release added", res, want)

	// A template that fails on one release only: executed without
	// error for every page before, so made lazily, and its error comes
	// when the output is settled; that page is left out, and made
	// again by the next render.
	tmpl, err := os.ReadFile("../../themes/default/templates/press.html")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(tmpl), `{{define "main"}}`, `{{define "main"}}{{if hasPrefix .Title "Rompe"}}{{index .Breadcrumbs 99}}{{end}}`, 1)
	writeFile(t, dir, "themes/default/templates/press.html", broken)
	if res := b.Update("themes/default/templates/press.html"); res.Files == nil || b.Stats().PagesLazy != 0 {
		t.Fatalf("after the theme changed: %s; %d pages lazy, want none", diagStrings(res), b.Stats().PagesLazy)
	}
	edit(t, dir, added, "Nueva plaza en la villa", "Rompe la plantilla")
	for _, step := range []string{"the edit", "the next render"} {
		res := b.Update(added)
		if res.Files == nil {
			t.Fatalf("%s: %s", step, diagStrings(res))
		}
		late := res.Settle()
		if len(late) != 1 || late[0].Pos.File != "themes/default/templates/press.html" || late[0].Severity != content.SeverityError ||
			!strings.HasPrefix(late[0].Msg, "no se pudo generar /prensa/2026-11-26-nueva-plaza/: ") {
			t.Errorf("%s: Settle gave %v; want the template's error", step, late)
		}
		if res.Files.Has(page) {
			t.Errorf("%s: the page that could not be made is still in the output", step)
		}
	}
	if res := Build(fsys, opt); res.Files != nil || !strings.Contains(diagStrings(res), "no se pudo generar /prensa/2026-11-26-nueva-plaza/") {
		t.Errorf("a build with the broken template: %s", diagStrings(res))
	}
	edit(t, dir, added, "Rompe la plantilla", "Nueva plaza en la villa")
	res = b.Update(added)
	if res.Files == nil {
		t.Fatalf("the title mended: %s", diagStrings(res))
	}
	if late := res.Settle(); late != nil {
		t.Errorf("the title mended: Settle: %v", late)
	}
	sameResult(t, "the title mended", res, Build(fsys, opt))

	// The press contact's hours, which every release page shows: every
	// release page is made lazily, by its key and without a page key
	// (render's keyedLazily). Then one of them fails, late: the next
	// render takes the others by their keys, though their chunk lacks
	// a file, and makes again only the failed one.
	const contact = "content/contactos/comunicaciones.md"
	edit(t, dir, contact, "viernes 08:30–16:30", "viernes 08:30–16:00")
	if res := b.Update(contact); res.Files == nil || res.Settle() != nil {
		t.Fatalf("the press contact's hours: %s", diagStrings(res))
	}
	releases := len(Build(fsys, opt).Site.Publishable(opt.Now, false, false).Press)
	if n := b.Stats().PagesLazy; n < releases {
		t.Errorf("the press contact's hours: %d pages lazy; want every release's (%d)", n, releases)
	}
	edit(t, dir, added, "Nueva plaza en la villa", "Rompe la plantilla")
	if res := b.Update(added); res.Files == nil || len(res.Settle()) != 1 {
		t.Fatalf("a release that breaks its template: %s", diagStrings(res))
	}
	// A render that does not touch the releases (a page saved as it
	// was): the failed page's key is the same, but its file is missing.
	res = b.Update("content/funciones.md")
	if res.Files == nil {
		t.Fatalf("the next render: %s", diagStrings(res))
	}
	if n := b.Stats().PagesLazy; n > 2 {
		t.Errorf("the render after a late failure made %d pages again; want the failed one and the page saved, not the %d releases", n, releases)
	}
	res.Settle()
	edit(t, dir, added, "Rompe la plantilla", "Nueva plaza en la villa")
	if res := b.Update(added); res.Files == nil || res.Settle() != nil {
		t.Fatalf("the title mended again: %s", diagStrings(res))
	} else {
		sameResult(t, "the title mended again", res, Build(fsys, opt))
	}

	// A template broken for every page, after the theme changes: an
	// error of the render, as in a build; nothing is published.
	writeFile(t, dir, "themes/default/templates/press.html", strings.Replace(string(tmpl), `{{define "main"}}`, `{{define "main"}}{{index .Breadcrumbs 99}}`, 1))
	if res := b.Update("themes/default/templates/press.html"); res.Files != nil || !strings.Contains(diagStrings(res), "no se pudo generar") {
		t.Errorf("a broken template: files %v, %s", res.Files != nil, diagStrings(res))
	}
}
