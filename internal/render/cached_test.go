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
	base, err := fs.ReadFile(themes.Default, "templates/base.html")
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.NewReplacer(
		`{{cached "header" . .NavCurrent}}`, `{{template "header" .}}`,
		`{{cached "footer" .}}`, `{{template "footer" .}}`,
	).Replace(string(base))
	if plain == string(base) {
		t.Fatal("base.html no longer caches its header and footer; update the test")
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
	cached := render(nil)
	uncached := render(fstest.MapFS{"templates/base.html": {Data: []byte(plain)}})
	pages := 0
	for _, p := range uncached.Paths() {
		want, _ := uncached.Get(p)
		got, ok := cached.Get(p)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%s differs when the header and footer are cached", p)
		}
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	if pages < 50 {
		t.Errorf("only %d pages compared", pages)
	}
}
