package render

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/memo"
	"cabildo/internal/output"
	"cabildo/internal/theme"
	"cabildo/themes"
)

// TestCachedPartialsSameAsTemplate renders the example site twice: with
// the built-in base.html, whose header and footer are cached (rendered
// once per build, or once per NavCurrent), and with a base.html that
// includes them on every page with {{template}}. Every file must be the
// same: caching may only save time.
func TestCachedPartialsSameAsTemplate(t *testing.T) {
	sameWithPlainTemplates(t, map[string][]string{
		"templates/base.html": {
			`{{cached "header" . .NavCurrent}}`, `{{template "header" .}}`,
			`{{cached "footer" .}}`, `{{template "footer" .}}`,
		},
	})
}

// TestPicturesSameAsTemplate: the pictures, made once per Picture by
// {{picture .}}, {{download .}} and {{pictureMeta .}} and kept between
// builds, are what {{template "picture" .}} and the others make each
// time.
// The built-in theme's output is rendered twice with one memo: the
// second time all of it comes from the memo (sameWithPlainTemplates).
func TestPicturesSameAsTemplate(t *testing.T) {
	plain := []string{`{{picture .}}`, `{{template "picture" .}}`}
	built := sameWithPlainTemplates(t, map[string][]string{
		"templates/partials/cards.html": plain,
		"templates/partials/press.html": plain,
		"templates/publications.html":   plain,
		"templates/publication.html":    plain,
		"templates/event.html":          plain,
		"templates/partials/meta.html":  {`{{pictureMeta .}}`, `{{template "picture-meta" .}}`},
		"templates/press.html": {
			`{{picture .Hero}}`, `{{template "picture" .Hero}}`,
			`{{picture .}}`, `{{template "picture" .}}`,
			`{{download .}}`, `{{template "download" .}}`,
		},
	})
	var thumbs, pictures, downloads, previews int
	for _, p := range built.Paths() {
		b, _ := built.Get(p)
		thumbs += bytes.Count(b, []byte(`class="card__thumb">`))
		pictures += bytes.Count(b, []byte(`<picture>`))
		downloads += bytes.Count(b, []byte(`Descargar en alta resolución`))
		previews += bytes.Count(b, []byte(`<meta property="og:image"`))
	}
	if thumbs < 10 || pictures < thumbs+5 || downloads < 3 || previews < 5 {
		t.Errorf("the example site has only %d thumbnails, %d pictures, %d downloads and %d link previews", thumbs, pictures, downloads, previews)
	}
}

// sameWithPlainTemplates renders the example site with the built-in
// theme, and with its files rewritten by the replacements given (old,
// new, …: each old must be there), and checks that every file is the
// same. It returns the built-in theme's output.
func sameWithPlainTemplates(t *testing.T, replace map[string][]string) *output.Set {
	t.Helper()
	upper := fstest.MapFS{}
	for name, oldnew := range replace {
		b, err := fs.ReadFile(themes.Default, name)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(oldnew); i += 2 {
			if !strings.Contains(string(b), oldnew[i]) {
				t.Fatalf("%s no longer has %s; update the test", name, oldnew[i])
			}
		}
		upper[name] = &fstest.MapFile{Data: []byte(strings.NewReplacer(oldnew...).Replace(string(b)))}
	}
	site := os.DirFS("../..")
	render := func(upper fs.FS, markup *memo.Memo) *output.Set {
		t.Helper()
		s, diags := load.Load(site)
		if diags = append(diags, s.Validate()...); diags.HasErrors() {
			t.Fatal(diags.Errors())
		}
		th, err := theme.Load(theme.Overlay(upper), Funcs())
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, s.Config.Location)
		set := output.NewSet()
		if d := Render(s.Publishable(now, false, false), Options{Now: now, Theme: th, Markdown: markdown.New(), Source: site, Markup: markup}, set); d.HasErrors() {
			t.Fatal(d.Errors())
		}
		return set
	}
	// The built-in theme, with the pictures' markup made and kept, then
	// with all of it taken from what was kept: the memo's file is not
	// written again (Flush writes only when something was made).
	kept := filepath.Join(t.TempDir(), "marcado.memo")
	first := render(nil, memo.Open(kept))
	before, err := os.Stat(kept)
	if err != nil {
		t.Fatal(err)
	}
	built := render(nil, memo.Open(kept))
	if after, err := os.Stat(kept); err != nil || !os.SameFile(before, after) {
		t.Error("the second build made markup the first had kept")
	}
	plain := render(upper, nil)
	pages := 0
	for _, p := range plain.Paths() {
		want, _ := plain.Get(p)
		for _, set := range []*output.Set{first, built} {
			if got, ok := set.Get(p); !ok || !bytes.Equal(got, want) {
				t.Errorf("%s differs from the plain templates' output", p)
			}
		}
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	if pages < 50 {
		t.Errorf("only %d pages compared", pages)
	}
	return built
}
