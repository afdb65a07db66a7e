package load

import (
	"strings"
	"testing"

	"cabildo/internal/watch"
)

// TestIgnoresWhatWatchIgnores: every file serve's watcher ignores as an
// editor's scratch file is left out of the site too, so that serve and
// build agree on what the site is made of.
func TestIgnoresWhatWatchIgnores(t *testing.T) {
	for _, p := range watch.DefaultIgnore {
		if strings.HasPrefix(p, "/") || p == "node_modules" {
			continue // folders outside content/ (public/, a theme's dependencies)
		}
		name := strings.ReplaceAll(p, "*", "nota.md")
		if !ignored(name) {
			t.Errorf("watch ignores %q (pattern %q) but the loader would read or publish it", name, p)
		}
	}
	for _, name := range []string{"nota.md", "foto.jpg", "informe.pdf", "tmp.md", "4913.pdf", "a~b.md"} {
		if ignored(name) {
			t.Errorf("%q is ignored", name)
		}
	}
}
