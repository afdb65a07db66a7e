package archetype

import "testing"

func TestTwin(t *testing.T) {
	for _, c := range []struct{ name, twin string }{
		{"content/prensa/2026-11-20-plaza.md", "content/prensa/2026-11-20-plaza/index.md"},
		{"content/prensa/2026-11-20-plaza/index.md", "content/prensa/2026-11-20-plaza.md"},
		{"content/oficina-de-partes.md", "content/oficina-de-partes/index.md"},
	} {
		if got := Twin(c.name); got != c.twin {
			t.Errorf("Twin(%q) = %q, want %q", c.name, got, c.twin)
		}
		if got := Twin(Twin(c.name)); got != c.name {
			t.Errorf("Twin(Twin(%q)) = %q", c.name, got)
		}
	}
}
