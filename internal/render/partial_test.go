package render

import (
	"testing"
	"time"

	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/theme"
)

// TestUpdateAfterJobProblems: Update re-runs only the jobs that read
// bodies, so it must not start from a render whose other jobs reported
// a problem (here the page family's check of the identity colour): it
// declines, and the caller renders in full and reports it again. After a
// clean render it updates.
func TestUpdateAfterJobProblems(t *testing.T) {
	th, err := theme.Load(theme.Overlay(nil), Funcs())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		yaml    string
		updates bool
	}{
		{baseYAML + "primary_color: \"#777777\"\n", false},
		{baseYAML, true},
	} {
		fsys := testSite(tc.yaml)
		site, diags := load.Load(fsys)
		if diags = append(diags, site.Validate()...); diags.HasErrors() {
			t.Fatal(diags)
		}
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, site.Config.Location)
		opt := Options{Now: now, Theme: th, Markdown: markdown.New(), Source: fsys, Cache: NewCache()}
		pub := site.Publishable(now, false, false)
		set := output.NewSet()
		first := Render(pub, opt, set)
		if first.HasErrors() == tc.updates {
			t.Fatalf("primary colour %v: the full render's errors: %v", !tc.updates, first.Errors())
		}
		_, _, ok := Update(pub, opt, set.Clone(), []string{"content/prensa/2026-11-20-becas.md"})
		if ok != tc.updates {
			t.Errorf("after a render with job problems %v: Update ok = %v, want %v", !tc.updates, ok, tc.updates)
		}
	}
}
