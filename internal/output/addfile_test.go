//go:build unix

package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cabildo/internal/fileid"
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

// describedInfo is a file as a caller describes it without looking at
// it: the image cache's routes.
type describedInfo struct {
	size int64
	mod  time.Time
}

func (i describedInfo) Name() string       { return "x" }
func (i describedInfo) Size() int64        { return i.size }
func (i describedInfo) Mode() fs.FileMode  { return 0o644 }
func (i describedInfo) ModTime() time.Time { return i.mod }
func (i describedInfo) IsDir() bool        { return false }
func (i describedInfo) Sys() any           { return nil }

// TestStagerAddFileDescribed: a file described by its size and time is
// found unchanged from them alone, even when it no longer exists (the
// old tree's file is what is published); when the old tree does not
// have it, a missing file is an error of that AddFile only, and the path
// stays free for another.
func TestStagerAddFileDescribed(t *testing.T) {
	cache, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	foto := filepath.Join(cache, "0.jpg")
	if err := os.WriteFile(foto, []byte("\xff\xd8 foto"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(foto, 0o644)
	stageFiles(t, out, map[string]string{"prensa/foto.jpg": foto}, nil)
	info, err := os.Stat(foto)
	if err != nil {
		t.Fatal(err)
	}
	described := describedInfo{info.Size(), info.ModTime()}
	if err := os.Remove(foto); err != nil {
		t.Fatal(err)
	}

	s, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddFile("prensa/foto.jpg", foto, described); err != nil {
		t.Errorf("unchanged file, gone from the cache: %v", err)
	}
	// Another time: not the same file; the cache's is gone.
	if err := s.AddFile("prensa/otra.jpg", foto, describedInfo{info.Size(), info.ModTime().Add(time.Second)}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v; want fs.ErrNotExist", err)
	}
	if err := s.Add("prensa/otra.jpg", []byte("\xff\xd8 otra")); err != nil {
		t.Errorf("the path of a failed AddFile: %v; want it free", err)
	}
	st, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st.Unchanged != 1 || st.Written != 1 {
		t.Errorf("%+v; want 1 unchanged, 1 written", st)
	}
	if data, err := os.ReadFile(filepath.Join(out, "prensa/foto.jpg")); err != nil || string(data) != "\xff\xd8 foto" {
		t.Errorf("prensa/foto.jpg: %q, %v", data, err)
	}
}

// identifiedInfo is a file described by its ID as well (fileid): the
// image cache's routes on Linux.
type identifiedInfo struct {
	describedInfo
	id fileid.ID
}

func (i identifiedInfo) FileID() fileid.ID { return i.id }

// TestStagerAddFileIdentified: where the system lists inode numbers, a
// file described by its ID is found unchanged when the old tree's entry
// has that inode, from the directory listing alone: neither the old
// file nor the described one is looked at, so a wrong size, a wrong
// time and a missing file do not matter. Another ID falls back to the
// stat, which here finds a file that differs and a source that is gone.
func TestStagerAddFileIdentified(t *testing.T) {
	if !fileid.Listed {
		t.Skip("this system gives no inode numbers")
	}
	cache, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	foto := filepath.Join(cache, "0.jpg")
	if err := os.WriteFile(foto, []byte("\xff\xd8 foto"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(foto, 0o644)
	stageFiles(t, out, map[string]string{"prensa/foto.jpg": foto, "prensa/otra.jpg": foto}, nil)
	info, err := os.Stat(foto)
	if err != nil {
		t.Fatal(err)
	}
	id := fileid.Of(info)
	if err := os.Remove(foto); err != nil {
		t.Fatal(err)
	}
	wrong := describedInfo{info.Size() + 1, info.ModTime().Add(time.Second)}

	s, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddFile("prensa/foto.jpg", foto, identifiedInfo{wrong, id}); err != nil {
		t.Errorf("the old tree's very file: %v; want it kept without a look", err)
	}
	other := id
	other.Ino++
	if err := s.AddFile("prensa/otra.jpg", foto, identifiedInfo{wrong, other}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("another file's ID: %v; want the stat's fall-back to find the source gone", err)
	}
	s.Abort()
}
