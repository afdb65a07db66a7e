package render

import (
	"strings"
	"testing"
	"time"

	"cabildo/internal/cms/decap"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/theme"
)

// With cms: in site.yaml the build publishes the editor at /admin/, keeps
// it out of the sitemap and asks crawlers to stay out; the preview uses
// the site's fingerprinted stylesheet. Without it, a build publishes no
// /admin/ (serve does: see internal/serve).
func TestAdmin(t *testing.T) {
	set, _ := renderSite(t, testSite(baseYAML+"cms: { backend: github, repo: municipio/sitio }\n"))
	page := file(t, set, "admin/index.html")
	for _, want := range []string{`<meta name="robots" content="noindex, nofollow">`, `<script src="` + decap.FileName + `"></script>`, `<script src="cabildo-cms.js"></script>`} {
		if !strings.Contains(page, want) {
			t.Errorf("admin/index.html lacks %s", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("admin/index.html has an inline script, which its CSP would block")
	}
	if cfg := file(t, set, "admin/config.yml"); !strings.Contains(cfg, "repo: municipio/sitio") {
		t.Errorf("config.yml lacks the repository:\n%.400s", cfg)
	}
	if js := file(t, set, "admin/"+decap.FileName); len(js) < 1_000_000 {
		t.Errorf("%s has %d bytes", decap.FileName, len(js))
	}
	style := ""
	for _, p := range set.Paths() {
		if strings.HasPrefix(p, "assets/style.") {
			style = "/" + p
		}
	}
	if js := file(t, set, "admin/cabildo-cms.js"); style == "" || !strings.Contains(js, `registerPreviewStyle("`+style+`")`) {
		t.Errorf("cabildo-cms.js does not register the stylesheet %q", style)
	}
	if sm := file(t, set, "sitemap.xml"); strings.Contains(sm, "/admin/") {
		t.Error("the sitemap lists /admin/")
	}
	if robots := file(t, set, "robots.txt"); !strings.Contains(robots, "Disallow: /admin/\n") {
		t.Errorf("robots.txt:\n%s", robots)
	}
	searched := 0
	for _, p := range set.Paths() {
		if strings.HasPrefix(p, "buscar/") && !strings.HasSuffix(p, ".html") {
			searched++
			if strings.Contains(file(t, set, p), "/admin/") {
				t.Errorf("the search index (%s) lists /admin/", p)
			}
		}
	}
	if searched == 0 {
		t.Error("no search index files: this test checks nothing")
	}

	set, _ = renderSite(t, testSite(baseYAML))
	for _, p := range set.Paths() {
		if strings.HasPrefix(p, "admin/") {
			t.Errorf("%s published without cms: in site.yaml", p)
		}
	}
	if robots := file(t, set, "robots.txt"); strings.Contains(robots, "admin") {
		t.Errorf("robots.txt names /admin/ although there is none:\n%s", robots)
	}
}

// serve (Options.Dev) publishes the editor without cms: in site.yaml, for
// local editing with decap-server; robots.txt stays the build's.
func TestAdminInServe(t *testing.T) {
	fsys := testSite(baseYAML)
	site, diags := load.Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	th, err := theme.Load(theme.Overlay(nil), Funcs())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, site.Config.Location)
	set := output.NewSet()
	Render(site.Publishable(now, false, false), Options{Now: now, Theme: th, Markdown: markdown.New(), Source: fsys, Dev: true}, set)
	cfg := file(t, set, "admin/config.yml")
	if !strings.Contains(cfg, "local_backend: true") || !strings.Contains(cfg, "name: git-gateway") {
		t.Errorf("config.yml in serve without cms: lacks the local backend:\n%.300s", cfg)
	}
	file(t, set, "admin/index.html")
	file(t, set, "admin/"+decap.FileName)
	if robots := file(t, set, "robots.txt"); strings.Contains(robots, "admin") {
		t.Errorf("robots.txt in serve names /admin/:\n%s", robots)
	}
}
