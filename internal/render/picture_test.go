package render

import (
	"html/template"
	"reflect"
	"testing"
	"testing/fstest"

	"cabildo/internal/content"
	"cabildo/internal/memo"
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
	r := &Renderer{opt: Options{Theme: th}, pictures: newPictureSource(th, nil)}
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

// TestPictureMemoKey: the key of a picture's markup changes with every
// exported field of Picture, and of the structs it holds, with the
// partial, and with the theme: a field the key left out would give a
// rebuild the markup of another picture.
func TestPictureMemoKey(t *testing.T) {
	base := func() *Picture {
		return &Picture{Social: &ImageFile{}, Download: &ImageFile{}, Sources: []PictureSource{{}}}
	}
	var salt [32]byte
	keys := map[memo.Key]string{base().memoKey(salt, "picture"): "zero"}
	note := func(what string, k memo.Key) {
		t.Helper()
		if other, ok := keys[k]; ok {
			t.Errorf("%s: same key as %s", what, other)
		}
		keys[k] = what
	}
	// Every exported field, and every field of the structs it points to,
	// set in turn to a value of its own.
	var walk func(path string, v reflect.Value, p *Picture)
	walk = func(path string, v reflect.Value, p *Picture) {
		switch v.Kind() {
		case reflect.Pointer:
			walk(path, v.Elem(), p)
		case reflect.Slice:
			walk(path+"[0]", v.Index(0), p)
		case reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					walk(path+"."+f.Name, v.Field(i), p)
				}
			}
		case reflect.String:
			v.SetString("x")
			note(path, p.memoKey(salt, "picture"))
		case reflect.Int, reflect.Int64:
			v.SetInt(7)
			note(path, p.memoKey(salt, "picture"))
		case reflect.Bool:
			v.SetBool(true)
			note(path, p.memoKey(salt, "picture"))
		default:
			t.Fatalf("%s: a %s; memoKey and this test must learn it", path, v.Kind())
		}
	}
	for i := range reflect.TypeFor[Picture]().NumField() {
		p := base()
		v := reflect.ValueOf(p).Elem()
		if f := v.Type().Field(i); f.IsExported() {
			walk(f.Name, v.Field(i), p)
		}
	}
	note("no Social", (&Picture{Download: &ImageFile{}, Sources: []PictureSource{{}}}).memoKey(salt, "picture"))
	note("no Sources", (&Picture{Social: &ImageFile{}, Download: &ImageFile{}}).memoKey(salt, "picture"))
	note("download partial", base().memoKey(salt, "download"))
	salt[0] = 1
	note("another theme", base().memoKey(salt, "picture"))
	if len(keys) < 20 {
		t.Errorf("only %d keys: the walk missed fields", len(keys))
	}
}

// TestPictureFromMemo: a picture whose key is in the memo is not made
// again, with the same theme; with another theme, it is.
func TestPictureFromMemo(t *testing.T) {
	load := func(tmpl string) *theme.Theme {
		th, err := theme.Load(theme.Overlay(fstest.MapFS{
			"templates/partials/picture.html": {Data: []byte(tmpl)},
		}), Funcs())
		if err != nil {
			t.Fatal(err)
		}
		return th
	}
	const tmpl = `{{define "picture"}}<img src="{{.URL}}">{{end}}`
	m := memo.Open("")
	picture := func(th *theme.Theme) template.HTML {
		r := &Renderer{opt: Options{Theme: th}, pictures: newPictureSource(th, m)}
		p := r.pictureOf(content.StaticFile{Path: "content/prensa/a/foto.jpg", URL: "/prensa/a/foto.jpg"}, &Picture{})
		p.URL = "/a.jpg"
		html, err := p.html()
		if err != nil {
			t.Fatal(err)
		}
		return html
	}
	if got := picture(load(tmpl)); got != `<img src="/a.jpg">` {
		t.Fatalf("first build: %q", got)
	}
	m.Flush()
	// What the memo holds for that key is what a rebuild shows: here,
	// altered, to see that the partial did not run again.
	th := load(tmpl)
	p := &Picture{URL: "/a.jpg"}
	key := p.memoKey(newPictureSource(th, m).salt, "picture")
	if _, ok := m.Get(key); !ok {
		t.Fatal("the first build's markup is not in the memo under the key a rebuild computes")
	}
	m.Put(key, "<img kept>")
	if got := picture(th); got != "<img kept>" {
		t.Errorf("rebuild: %q, want the kept markup", got)
	}
	if got := picture(load(tmpl + " ")); got != `<img src="/a.jpg">` {
		t.Errorf("another theme: %q, want the partial run again", got)
	}
}
