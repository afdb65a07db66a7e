package render

import (
	"testing"
	"testing/fstest"

	"cabildo/internal/content"
	"cabildo/internal/theme"
)

// TestPictureMadeOnce: {{picture .}} runs the picture partial once per
// Picture (a later change to the Picture does not show), a render gives
// every list the same thumbnail of an image, and a hero has markup of
// its own.
func TestPictureMadeOnce(t *testing.T) {
	th, err := theme.Load(theme.Overlay(fstest.MapFS{
		"templates/partials/picture.html": {Data: []byte(`{{define "picture"}}<img src="{{.URL}}"{{if .Eager}} eager{{end}}>{{end}}`)},
	}), Funcs())
	if err != nil {
		t.Fatal(err)
	}
	r := &Renderer{opt: Options{Theme: th}}
	d := &content.Doc{Path: "content/prensa/a/index.md"}
	img := &content.Image{Src: "foto.jpg", Alt: "Vecinos en la plaza"}
	p := r.thumb(d, img)
	if q := r.thumb(d, img); q != p {
		t.Fatal("two thumbnails of one image in one render")
	}
	if p.Alt != "" {
		t.Errorf("thumbnail alt %q, want empty (decorative)", p.Alt)
	}
	p.URL = "/uno.jpg"
	first, err := p.html()
	if err != nil {
		t.Fatal(err)
	}
	p.URL = "/dos.jpg"
	again, _ := p.html()
	if first != `<img src="/uno.jpg">` || again != first {
		t.Errorf("picture made %q, then %q; want the first markup twice", first, again)
	}
	hero, _ := p.Hero().html()
	if hero != `<img src="/dos.jpg" eager>` {
		t.Errorf("hero = %q", hero)
	}
	if _, err := new(Picture).html(); err == nil {
		t.Error("a Picture not made by a render has markup")
	}
	if r.thumb(d, nil) != nil {
		t.Error("thumbnail without an image")
	}
}
