package build

import (
	"bytes"
	"image/jpeg"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"cabildo/internal/imaging"
)

// processedImages keeps the processed photos of the tests' sites from one
// build to the next, as cabildo's image cache (.cabildo-cache) does
// between real builds. Processing the photos is some 95% of the CPU a
// build of the example site takes; the Store is keyed by the photo's
// bytes, so a build through it publishes what a build without it would
// (TestDeterministic checks that against a build that processes every
// photo again). Tests whose subject is not image processing use it
// (withImages); the photos are then processed once per test binary, not
// once per build.
var processedImages = imaging.NewStore("")

// withImages returns opt processing images through processedImages.
func withImages(opt Options) Options {
	opt.Dev.Images = processedImages
	return opt
}

// example is the example site in content/ at the repository root, built
// once (exampleSite): the tests that only read its output share it.
var example struct {
	once sync.Once
	res  Result
}

// exampleSite returns the build of the example site. The Result is shared:
// read it, never change it.
func exampleSite(t testing.TB) Result {
	t.Helper()
	example.once.Do(func() {
		example.res = Build(os.DirFS("../.."), withImages(Options{Now: testNow}))
	})
	if example.res.Diags.HasErrors() {
		t.Fatalf("the example site does not build:\n%v", example.res.Diags.Err())
	}
	return example.res
}

// TestDeterministic builds the example site twice: every byte must agree.
// The second build processes every photo again (no image cache), so the
// image encoders are held to it too.
func TestDeterministic(t *testing.T) {
	a, b := exampleSite(t), Build(os.DirFS("../.."), Options{Now: testNow})
	if b.Diags.HasErrors() {
		t.Fatalf("the example site does not build:\n%v", b.Diags.Err())
	}
	pa, pb := a.Files.Paths(), b.Files.Paths()
	if strings.Join(pa, "\n") != strings.Join(pb, "\n") {
		t.Fatalf("the two builds publish different files")
	}
	for _, p := range pa {
		x, _ := a.Files.Get(p)
		y, _ := b.Files.Get(p)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}
}

// TestExampleLinks checks that every internal link, image, stylesheet and
// script of every page of the example site points to a published file, and
// that every #fragment names an id on its target page.
func TestExampleLinks(t *testing.T) {
	files := exampleSite(t).Files
	ids := map[string]map[string]bool{} // page file → ids
	type ref struct{ from, href string }
	var refs []ref
	for _, p := range files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		data, _ := files.Get(p)
		pageIDs, links := scanHTML(t, p, data)
		ids[p] = pageIDs
		for _, l := range links {
			refs = append(refs, ref{p, l})
		}
	}
	if len(refs) < 50 {
		t.Fatalf("only %d links found: the scan is broken", len(refs))
	}
	for _, r := range refs {
		u, err := url.Parse(r.href)
		if err != nil {
			t.Errorf("%s: unparsable link %q", r.from, r.href)
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			continue // other sites, mailto:, tel:, webcal:
		}
		target := r.from
		if u.Path != "" {
			p := u.Path
			if !strings.HasPrefix(p, "/") {
				p = path.Join("/", path.Dir(r.from), p)
			}
			target = strings.TrimPrefix(p, "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, ok := files.Get(target); !ok {
				t.Errorf("%s: link to %s, which is not published", r.from, r.href)
				continue
			}
		}
		if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids[target][u.Fragment] {
			t.Errorf("%s: link to %s: %s has no id %q", r.from, r.href, target, u.Fragment)
		}
	}
}

// scanHTML returns the ids of a page and the URLs it references.
func scanHTML(t testing.TB, name string, data []byte) (map[string]bool, []string) {
	ids := map[string]bool{}
	var links []string
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			switch {
			case a.Key == "id":
				if ids[a.Val] {
					t.Errorf("%s: duplicate id %q", name, a.Val)
				}
				ids[a.Val] = true
			case a.Key == "href" && tok.Data != "link", a.Key == "src":
				links = append(links, a.Val)
			case a.Key == "href" && tok.Data == "link":
				if rel := attr(tok, "rel"); rel == "stylesheet" || rel == "icon" || rel == "alternate" {
					links = append(links, a.Val)
				}
			}
		}
	}
	return ids, links
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestDraftsAndEmbargo checks that drafts and embargoed press releases are
// published only when asked.
func TestDraftsAndEmbargo(t *testing.T) {
	for _, tt := range []struct {
		opt            Options
		draft, embargo bool
	}{
		{Options{Now: testNow}, false, false},
		{Options{Now: testNow, Drafts: true}, true, false},
		{Options{Now: testNow, Future: true}, false, true},
	} {
		res := Build(os.DirFS("../.."), withImages(tt.opt))
		if res.Diags.HasErrors() {
			t.Fatal(res.Diags.Err())
		}
		_, draft := res.Files.Get("prensa/2026-11-25-navidad-segura/index.html")
		_, embargo := res.Files.Get("prensa/2026-12-02-verano-en-tu-barrio/index.html")
		if draft != tt.draft || embargo != tt.embargo {
			t.Errorf("drafts=%v future=%v: draft published %v, embargoed published %v", tt.opt.Drafts, tt.opt.Future, draft, embargo)
		}
	}
}

// TestStaticFilesCopied checks that a bundle's image and PDF are published
// beside the page: the PDF as it is, the photo decoded and encoded again
// (same size, upright, without metadata; see internal/imaging).
func TestStaticFilesCopied(t *testing.T) {
	files := exampleSite(t).Files
	pdf := "prensa/2026-11-20-plaza-los-aromos/ficha-tecnica.pdf"
	got, ok := files.Get(pdf)
	want, err := os.ReadFile("../../content/" + pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || !bytes.Equal(got, want) {
		t.Errorf("%s not copied as is", pdf)
	}
	photo := "prensa/2026-11-20-plaza-los-aromos/plaza.jpg"
	got, ok = files.Get(photo)
	if !ok {
		t.Fatalf("%s not published", photo)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(got))
	if err != nil || cfg.Width != 1200 || cfg.Height != 675 {
		t.Errorf("%s: %v %dx%d, want a 1200x675 JPEG", photo, err, cfg.Width, cfg.Height)
	}
}
