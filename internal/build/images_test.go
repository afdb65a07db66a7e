package build

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path"
	"testing"
	"testing/fstest"
)

// smallJPEG is a real JPEG of w×h pixels, for sites whose photo only has
// to be a photo: every published image is decoded (internal/imaging).
func smallJPEG(w, h int) []byte {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 7)
	}
	m.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, nil); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// TestPublishedImagesCarryNoMetadata builds a site whose every kind of
// image (a press release's image, an image in a body, an event's image,
// the logo) is a photo with the metadata phones write — GPS position,
// make, model, the photographer's name, a thumbnail, XMP, IPTC, an ICC
// profile (internal/imaging/testdata, written by exiftool) — and finds
// none of it in any published file.
func TestPublishedImagesCarryNoMetadata(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile("../imaging/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte(defaultSiteYAML + "logo: logo.gif\n")},
		"content/logo.gif":  {Data: read("animated.gif")},
		"content/prensa/2026-11-20-plaza/index.md": {Data: []byte("---\ntitle: \"Plaza\"\ndate: 2026-11-20T10:00\nsummary: \"x\"\n" +
			"image: { src: foto.jpg, alt: \"Vecinos en la plaza\", credit: \"María José Contreras\" }\n---\n" +
			"![Plano de la plaza](plano.png)\n")},
		"content/prensa/2026-11-20-plaza/foto.jpg":  {Data: read("phone.jpg")},
		"content/prensa/2026-11-20-plaza/plano.png": {Data: read("photo.png")},
		"content/eventos/2026-12-05-feria/index.md": {Data: []byte("---\ntitle: \"Feria\"\nstart: 2026-12-05T10:00\n" +
			"location: { name: \"Plaza\" }\norganizer: gabinete\nimage: { src: feria.webp, alt: \"Puestos de la feria\" }\n---\n")},
		"content/eventos/2026-12-05-feria/feria.webp": {Data: read("photo.webp")},
		"content/contactos/gabinete.md":               {Data: []byte("---\nposition: \"Jefa de gabinete\"\nname: \"Ana\"\nemail: \"gabinete@prueba.cl\"\n---\n")},
	}
	res := Build(fsys, Options{Now: testNow})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	markers := []string{"MARCA", "Maria-Jose", "Exif\x00", "http://ns.adobe.com/", "ICC_PROFILE", "Photoshop 3.0"}
	images := 0
	for _, p := range res.Files.Paths() {
		data, _ := res.Files.Get(p)
		for _, m := range markers {
			if bytes.Contains(data, []byte(m)) {
				t.Errorf("%s contains %q", p, m)
			}
		}
		switch path.Ext(p) {
		case ".jpg", ".png", ".gif", ".webp":
			images++
		}
	}
	if images < 4 {
		t.Errorf("%d images published, want at least the 4 of the site", images)
	}
	// The credit is visible text on the page, not in the file.
	page, _ := res.Files.Get("prensa/2026-11-20-plaza/index.html")
	if !bytes.Contains(page, []byte("María José Contreras")) {
		t.Error("the credit is not on the page")
	}
}

// TestPhotoNamedLikeAPhone: staff send photos named as the phone or the
// computer named them, with spaces, accents and parentheses; every
// srcset of the page lists them escaped, none as html/template's
// "#ZgotmplZ" (a broken image).
func TestPhotoNamedLikeAPhone(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte(defaultSiteYAML)},
		"content/prensa/2026-11-20-plaza/index.md": {Data: []byte("---\ntitle: \"Plaza\"\ndate: 2026-11-20T10:00\nsummary: \"x\"\n" +
			"image: { src: \"Foto Plaza (1) ñuñoa.jpg\", alt: \"Vecinos en la plaza\" }\n---\nTexto.\n")},
		"content/prensa/2026-11-20-plaza/Foto Plaza (1) ñuñoa.jpg": {Data: smallJPEG(1000, 750)},
	}
	res := Build(fsys, Options{Now: testNow})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	for _, p := range []string{"prensa/2026-11-20-plaza/index.html", "prensa/index.html", "index.html"} {
		page, _ := res.Files.Get(p)
		if bytes.Contains(page, []byte("ZgotmplZ")) {
			t.Errorf("%s has a srcset html/template refused", p)
		}
		if want := "/prensa/2026-11-20-plaza/Foto%20Plaza%20%281%29%20%c3%b1u%c3%b1oa-480.webp 480w"; !bytes.Contains(page, []byte(want)) {
			t.Errorf("%s does not list %s", p, want)
		}
	}
}
