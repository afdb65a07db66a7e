//go:build unix

package output

import (
	"os"
	"path/filepath"
	"testing"
)

// stageFiles publishes, through a Stager, the files of the map from
// disk (path → file name) with AddFile, and the others with Add.
func stageFiles(t *testing.T, dir string, fromDisk map[string]string, inMemory map[string]string) Stats {
	t.Helper()
	s, err := Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	for p, name := range fromDisk {
		if err := s.AddFile(p, name, nil); err != nil {
			t.Fatalf("AddFile(%q): %v", p, err)
		}
	}
	for p, data := range inMemory {
		if err := s.Add(p, []byte(data)); err != nil {
			t.Fatalf("Add(%q): %v", p, err)
		}
	}
	st, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestStagerAddFile: a file published from disk (an image variant in
// the image cache) is linked, not copied; a rebuild finds it unchanged
// from its inode alone and touches nothing; a new file at that path
// replaces it; a file that cannot be shared (not readable by all) is
// copied with the published mode.
func TestStagerAddFile(t *testing.T) {
	cache, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	cached := func(name, data string, mode os.FileMode) string {
		p := filepath.Join(cache, name)
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	foto := cached("0.jpg", "\xff\xd8 foto", 0o644)
	html := map[string]string{"index.html": "<h1>Inicio</h1>"}

	st := stageFiles(t, out, map[string]string{"prensa/foto.jpg": foto}, html)
	if st != (Stats{Written: 2, Swapped: true}) {
		t.Errorf("first build: %+v", st)
	}
	same := func(a, b string) bool {
		x, err1 := os.Stat(a)
		y, err2 := os.Stat(b)
		return err1 == nil && err2 == nil && os.SameFile(x, y)
	}
	published := filepath.Join(out, "prensa/foto.jpg")
	if !same(published, foto) {
		t.Errorf("the published file is not a hard link of the cache's")
	}

	// Nothing changed: nothing is read or written.
	before, _ := os.Stat(out)
	st = stageFiles(t, out, map[string]string{"prensa/foto.jpg": foto}, html)
	if st != (Stats{Unchanged: 2}) {
		t.Errorf("rebuild: %+v; want 2 unchanged and no swap", st)
	}
	if after, _ := os.Stat(out); !os.SameFile(before, after) {
		t.Errorf("the rebuild replaced the tree")
	}
	// The same bytes in another file: unchanged too (compared).
	copia := cached("copia.jpg", "\xff\xd8 foto", 0o644)
	st = stageFiles(t, out, map[string]string{"prensa/foto.jpg": copia}, html)
	if st != (Stats{Unchanged: 2}) {
		t.Errorf("same bytes, other file: %+v; want 2 unchanged", st)
	}

	// Another photo: published, linked.
	otra := cached("1.jpg", "\xff\xd8 otra foto", 0o644)
	st = stageFiles(t, out, map[string]string{"prensa/foto.jpg": otra}, html)
	if st != (Stats{Written: 1, Unchanged: 1, Swapped: true}) {
		t.Errorf("a changed photo: %+v", st)
	}
	if !same(published, otra) {
		t.Errorf("the changed photo is not a hard link of the cache's")
	}

	// A private file is copied, readable by all.
	privada := cached("2.jpg", "\xff\xd8 privada", 0o600)
	stageFiles(t, out, map[string]string{"prensa/foto.jpg": privada}, html)
	info, err := os.Stat(published)
	if err != nil || same(published, privada) || info.Mode().Perm() != filePerm {
		t.Errorf("a file not readable by all: published %v, linked %v; want a copy with mode %v", info.Mode(), same(published, privada), os.FileMode(filePerm))
	}
	if data, _ := os.ReadFile(published); string(data) != "\xff\xd8 privada" {
		t.Errorf("published %q", data)
	}
}
