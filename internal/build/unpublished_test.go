package build

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"cabildo/internal/output"
)

// unpublishedSite writes testdata/unpublished.txtar into a folder and adds
// a JPEG photo to each bundle. It returns the folder and the words whose
// presence anywhere in the output would be a leak: each photo's and PDF's
// own bytes, the bundles' slugs, titles and file names.
func unpublishedSite(t *testing.T) (dir string, secrets []string) {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/unpublished.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	for _, f := range ar.Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
	for i, name := range []string{
		"content/prensa/2026-12-01-secreto/foto-secreta.jpg",
		"content/prensa/2027-03-01-embargo/foto-embargada.jpg",
	} {
		img := image.NewRGBA(image.Rect(0, 0, 64, 48))
		for x := range 64 {
			for y := range 48 {
				img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), uint8(i * 90), 255})
			}
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, nil); err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, name, b.String())
		// The photo's last coded bytes are its own: the header and
		// tables are the same in every JPEG this encoder writes.
		secrets = append(secrets, b.String()[b.Len()-66:b.Len()-2])
	}
	secrets = append(secrets,
		"2026-12-01-secreto", "2027-03-01-embargo",
		"secretisimo", "embargadisimo",
		"foto-secreta", "foto-embargada", "bases-confidenciales", "plan-embargado",
		"MARCA-PDF-BORRADOR", "MARCA-PDF-EMBARGADISIMO", "MARCA-ANEXO",
	)
	return dir, secrets
}

// assertNoLeak fails for every output file whose path or bytes hold one of
// the secrets.
func assertNoLeak(t *testing.T, step string, files *output.Set, secrets []string) {
	t.Helper()
	if files == nil {
		t.Fatalf("%s: no output", step)
	}
	if _, ok := files.Get("prensa/2026-11-20-publicado/index.html"); !ok {
		t.Fatalf("%s: the published press release is missing: the test would prove nothing", step)
	}
	for _, p := range files.Paths() {
		data, _ := files.Get(p)
		for _, s := range secrets {
			if strings.Contains(p, s) || bytes.Contains(data, []byte(s)) {
				t.Errorf("%s: %s holds %q of an unpublished item", step, p, s)
			}
		}
	}
}

// TestUnpublishedLeaksNothing builds a site with a draft bundle and an
// embargoed bundle and finds no byte of either anywhere in the output:
// not their pages, photos, PDFs or subfolders, nor a mention in lists,
// feeds, search, sitemap or redirects.map. Serve's incremental builder
// (what `cabildo serve` runs without -drafts) is held to the same.
func TestUnpublishedLeaksNothing(t *testing.T) {
	dir, secrets := unpublishedSite(t)
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	opt := Options{Now: now}

	res := Build(os.DirFS(dir), opt)
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Err())
	}
	assertNoLeak(t, "build", res.Files, secrets)

	b := NewBuilder(os.DirFS(dir), opt)
	r := b.Update()
	if r.Diags.HasErrors() {
		t.Fatal(r.Diags.Err())
	}
	assertNoLeak(t, "serve", r.Files, secrets)
	// An edit of the draft's photo in serve must not publish it either.
	photo := "content/prensa/2026-12-01-secreto/foto-secreta.jpg"
	data, err := os.ReadFile(filepath.Join(dir, photo))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, photo, string(data))
	r = b.Update(photo)
	assertNoLeak(t, "serve after an edit", r.Files, secrets)

	// With -drafts and -future they are published: the secrets are
	// really in the site, so the checks above can fail.
	all := Build(os.DirFS(dir), Options{Now: now, Drafts: true, Future: true})
	if all.Diags.HasErrors() {
		t.Fatal(all.Diags.Err())
	}
	for _, p := range []string{
		"prensa/2026-12-01-secreto/foto-secreta.jpg",
		"prensa/2026-12-01-secreto/bases-confidenciales.pdf",
		"prensa/2027-03-01-embargo/plan-embargado.pdf",
		"prensa/2027-03-01-embargo/anexos/plan-embargado-anexo.txt",
	} {
		if _, ok := all.Files.Get(p); !ok {
			t.Errorf("-drafts -future: %s not published", p)
		}
	}

	// A normal build into the folder a preview build wrote: the preview's
	// record names the draft and the embargo, and the next build must
	// neither report their URLs as gone (its advice would put them in
	// retired.map, which is published) nor carry them in its record.
	again := Build(os.DirFS(dir), Options{Now: now, Previous: all.State})
	if again.Diags.HasErrors() {
		t.Fatal(again.Diags.Err())
	}
	for _, s := range secrets {
		for _, d := range again.Diags {
			if strings.Contains(d.Error(), s) {
				t.Errorf("after a preview build: %q in the diagnostic %s", s, d.Error())
			}
		}
		if strings.Contains(string(again.State), s) {
			t.Errorf("after a preview build: the record still holds %q", s)
		}
	}
	if !strings.Contains(string(all.State), "2026-12-01-secreto") {
		t.Error("the preview build's record lacks the draft: the check above proves nothing")
	}
}
