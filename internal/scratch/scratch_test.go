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

// TestMatchersAreMatch checks that Is answers what path.Match does with
// every pattern, for names of every shape the patterns test.
func TestMatchersAreMatch(t *testing.T) {
	names := []string{"", "~", "#", "##", "a", "4913", "nota.md", "nota.md~", "~$a", "~$", ".#", ".#a", "#a#", "a#",
		".DS_Store", "x.DS_Store", "Thumbs.db", "a.swp", ".swp", "swp", "a/b.swp", "a/b~", "~$a/b", ".#a/b",
		"x___jb_tmp___", "___jb_old___", ".a.tmp.1", "a.tmp", "a/.tmp", ".goutputstream-1", ".goutputstream-", "a/.goutputstream-1"}
	for _, p := range Patterns {
		m := matcher(p)
		for _, n := range names {
			want, _ := path.Match(p, n)
			if got := m(n); got != want {
				t.Errorf("pattern %q, name %q: %v, path.Match says %v", p, n, got, want)
			}
		}
	}
}
