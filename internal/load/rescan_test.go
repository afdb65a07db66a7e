package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestRescan makes the changes an editor makes under content/ and checks
// after each that Rescan of the paths gives the entries Scan gives, or
// declines (ok false) for what only a scan can tell.
func TestRescan(t *testing.T) {
	dir := t.TempDir()
	write := func(p string) { t.Helper(); writeFiles(t, dir, p) }
	remove := func(p string) {
		t.Helper()
		if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"content/_index.md", "content/funciones.md", "content/prensa/2026-11-01-a.md",
		"content/prensa/2026-11-03-c.md", "content/eventos/2026-12-05-feria.md", "content/prensa/2026-11-02-b/index.md"} {
		write(p)
	}
	fsys := os.DirFS(dir)
	entries, _, _ := Scan(fsys)
	steps := []struct {
		name     string
		change   func()
		paths    []string
		declines bool
	}{
		{"a release", func() { write("content/prensa/2026-11-02-a.md") }, []string{"content/prensa/2026-11-02-a.md"}, false},
		// WalkDir visits prensa/2026-11-02-b/ before 2026-11-02-b-x.md
		// ('/' sorts after '-'): the order is by name in each folder.
		{"a name that sorts inside a folder's", func() { write("content/prensa/2026-11-02-b-x.md") }, []string{"content/prensa/2026-11-02-b-x.md"}, false},
		{"a bundle", func() { write("content/prensa/2026-11-04-d/index.md") }, []string{"content/prensa/2026-11-04-d/index.md"}, false},
		{"a page at the top", func() { write("content/a.md") }, []string{"content/a.md"}, false},
		{"deleted", func() { remove("content/prensa/2026-11-01-a.md") }, []string{"content/prensa/2026-11-01-a.md"}, false},
		{"a bundle's folder deleted", func() { remove("content/prensa/2026-11-02-b") }, []string{"content/prensa/2026-11-02-b/index.md"}, false},
		{"renamed", func() {
			os.Rename(filepath.Join(dir, "content/a.md"), filepath.Join(dir, "content/b.md"))
		}, []string{"content/a.md", "content/b.md"}, false},
		{"edited, not added", func() { write("content/b.md") }, []string{"content/b.md"}, false},
		{"a bad name", func() { write("content/prensa/Mal Nombre.md") }, []string{"content/prensa/Mal Nombre.md"}, true},
		{"in no section", func() { write("content/otra/x.md") }, []string{"content/otra/x.md"}, true},
		{"in a hidden folder", func() { write("content/.borradores/x.md") }, []string{"content/.borradores/x.md"}, true},
		{"a static file", func() { write("content/prensa/foto.jpg") }, []string{"content/prensa/foto.jpg"}, true},
		{"a link", func() {
			os.Symlink(filepath.Join(dir, "content/b.md"), filepath.Join(dir, "content/c.md"))
		}, []string{"content/c.md"}, true},
	}
	for _, s := range steps {
		s.change()
		got, ok := Rescan(fsys, entries, s.paths)
		want, _, _ := Scan(fsys)
		switch {
		case s.declines && ok:
			t.Errorf("%s: Rescan did not decline", s.name)
		case !s.declines && !ok:
			t.Errorf("%s: Rescan declined", s.name)
		case ok && !slices.Equal(got, want):
			t.Errorf("%s: Rescan gives\n%v\nScan gives\n%v", s.name, got, want)
		}
		entries = want
	}
}

// TestWalkCompare: sorting paths with walkCompare gives the order in
// which fs.WalkDir visits them.
func TestWalkCompare(t *testing.T) {
	dir := t.TempDir()
	paths := []string{"content/a/x.md", "content/a-b/x.md", "content/a-b.md", "content/a.md", "content/a0.md",
		"content/b.md", "content/b/c/d.md", "content/b/c.md", "content/B.md", "content/ñ.md", "content/z/_index.md"}
	writeFiles(t, dir, paths...)
	var walked []string
	fs.WalkDir(os.DirFS(dir), "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			walked = append(walked, p)
		}
		return err
	})
	sorted := slices.Clone(paths)
	slices.Reverse(sorted)
	slices.SortFunc(sorted, walkCompare)
	if !slices.Equal(sorted, walked) {
		t.Errorf("sorted with walkCompare:\n%q\nWalkDir visits:\n%q", sorted, walked)
	}
}

// writeFiles writes a small page at each of paths under dir, making the
// folders it needs.
func writeFiles(t *testing.T, dir string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("---\ntitle: x\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
