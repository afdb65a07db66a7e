package scratch

import (
	"path"
	"testing"
)

func TestIs(t *testing.T) {
	for _, name := range []string{
		".nota.md.swp", ".nota.md.swo", "4913", "nota.md~", ".#nota.md", "#nota.md#",
		"nota.md___jb_tmp___", "nota.md___jb_old___", "nota.md.tmp", ".nota.md.tmp.1234",
		".goutputstream-X1Y2Z3", "~$informe.docx", ".DS_Store", "Thumbs.db", "desktop.ini",
	} {
		if !Is(name) {
			t.Errorf("%q is not a scratch file", name)
		}
	}
	for _, name := range []string{"nota.md", "foto.jpg", "informe.pdf", "tmp.md", "4913.pdf", "a~b.md", "index.md"} {
		if Is(name) {
			t.Errorf("%q is a scratch file", name)
		}
	}
}

func TestPatternsAreValid(t *testing.T) {
	for _, p := range Patterns {
		if _, err := path.Match(p, ""); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
}
