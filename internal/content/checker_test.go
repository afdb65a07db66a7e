package content_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"cabildo/internal/content"
	"cabildo/internal/load"
)

// TestCheckerRechecksReferrers: a Checker checks nothing again when
// nothing changed, and when an event is deleted it checks again only the
// release that names it, which now gets the error.
func TestCheckerRechecksReferrers(t *testing.T) {
	siteYAML, err := os.ReadFile("testdata/events/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"content/site.yaml":                   {Data: siteYAML},
		"content/eventos/2026-12-05-feria.md": {Data: []byte("---\ntitle: Feria\nstart: 2026-12-05T10:00\nlocation:\n  name: Plaza\n---\n")},
		"content/prensa/2026-11-01-feria.md":  {Data: []byte("---\ntitle: Viene la feria\ndate: 2026-11-01T10:00\nsummary: Una feria.\nrelated_events: [2026-12-05-feria]\n---\nTexto.\n")},
		"content/prensa/2026-11-02-otra.md":   {Data: []byte("---\ntitle: Otra\ndate: 2026-11-02T10:00\nsummary: Otra cosa.\n---\nTexto.\n")},
	}
	site, diags := load.Load(fsys)
	if diags.HasErrors() {
		t.Fatalf("the site does not load: %v", diags)
	}
	c := content.NewChecker()
	if d := c.Validate(site); d.HasErrors() {
		t.Fatalf("first Validate: %v", d)
	}
	items := len(site.Items())
	if c.Checked() != 2*items { // each item: its common keys, then its type's rules
		t.Errorf("first Validate checked %d; want %d", c.Checked(), 2*items)
	}
	if d := c.Validate(site); d.HasErrors() || c.Checked() != 0 {
		t.Errorf("unchanged: checked %d, %v; want 0 and no errors", c.Checked(), d)
	}
	site.Events = nil // the event's file deleted
	d := c.Validate(site)
	if c.Checked() != 1 {
		t.Errorf("after deleting the event: checked %d; want 1, the release that names it", c.Checked())
	}
	want := "content/prensa/2026-11-01-feria.md:5:18: no existe el evento \"2026-12-05-feria\""
	if !slices.ContainsFunc(d, func(x content.Diagnostic) bool { return strings.HasPrefix(x.Error(), want) }) {
		t.Errorf("after deleting the event, no error %q in:\n%v", want, d)
	}
}
