package render

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cabildo/internal/load"
	"cabildo/internal/markdown"
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

// TestPicturesSameAsTemplate: the thumbnails of the lists, made once
// per image by {{picture .}}, are what {{template "picture" .}} makes
// on each card.
func TestPicturesSameAsTemplate(t *testing.T) {
	plain := []string{`{{picture .}}`, `{{template "picture" .}}`}
	built := sameWithPlainTemplates(t, map[string][]string{
		"templates/partials/cards.html": plain,
		"templates/partials/press.html": plain,
		"templates/publications.html":   plain,
	})
	thumbs := 0
	for _, p := range built.Paths() {
		b, _ := built.Get(p)
		thumbs += bytes.Count(b, []byte(`class="card__thumb">`))
	}
	if thumbs < 10 {
		t.Errorf("the example site has only %d thumbnails", thumbs)
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
	render := func(upper fs.FS) *output.Set {
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
		if d := Render(s.Publishable(now, false, false), Options{Now: now, Theme: th, Markdown: markdown.New(), Source: site}, set); d.HasErrors() {
			t.Fatal(d.Errors())
		}
		return set
	}
	built := render(nil)
	plain := render(upper)
	pages := 0
	for _, p := range plain.Paths() {
		want, _ := plain.Get(p)
		got, ok := built.Get(p)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the plain templates' output", p)
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
