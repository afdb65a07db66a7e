package imaging

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cabildo/internal/fileid"
)

// TestStoreProcessesOnce checks the cache on disk: a second build (a new
// Store on the same folder) takes the unchanged photo from it, byte for
// byte, without processing; a photo that changes is processed again; the
// same bytes under another name are not.
func TestStoreProcessesOnce(t *testing.T) {
	site, cache := t.TempDir(), t.TempDir()
	photo := read(t, "phone.jpg")
	name := "content/foto.jpg"
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	os.WriteFile(filepath.Join(site, name), photo, 0o644)
	fsys := os.DirFS(site)

	first := NewStore(cache)
	a, err := first.ProcessFile(fsys, Source{Name: name}, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	if h, m := first.Stats(); h != 0 || m != 1 {
		t.Fatalf("first build: %d hits, %d misses; want 0, 1", h, m)
	}
	old := filepath.Join(cache, "rutas", "ab", "ab12")
	os.MkdirAll(filepath.Dir(old), 0o755)
	os.WriteFile(old, []byte("a record of an older Cabildo"), 0o644)
	first.Flush()
	if _, err := os.Stat(filepath.Join(cache, "rutas")); !os.IsNotExist(err) {
		t.Errorf("the records of older versions (rutas/) are still there: %v", err)
	}
	second := NewStore(cache)
	b, err := second.ProcessFile(fsys, Source{Name: name}, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	if h, m := second.Stats(); h != 1 || m != 0 {
		t.Errorf("second build: %d hits, %d misses; want 1, 0", h, m)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	// Both point into the cache, and hold what Process makes.
	fresh, err := Process(name, photo, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Files {
		if a.Files[i].Suffix != b.Files[i].Suffix || a.Files[i].Width != b.Files[i].Width || a.Files[i].Path != b.Files[i].Path {
			t.Errorf("file %d differs from the cache's", i)
		}
		// What the routes say of the file is what it is.
		if info, err := os.Stat(b.Files[i].Path); err != nil || b.Files[i].Info() == nil ||
			info.Size() != b.Files[i].Info().Size() || !info.ModTime().Equal(b.Files[i].Info().ModTime()) {
			t.Errorf("file %d: the routes say %v; the file is %v (%v)", i, b.Files[i].Info(), info, err)
		}
		if info, err := os.Stat(b.Files[i].Path); fileid.Listed && (err != nil || fileid.Of(b.Files[i].Info()) != fileid.Of(info)) {
			t.Errorf("file %d: the routes say it is %v; it is %v (%v)", i, fileid.Of(b.Files[i].Info()), info, err)
		}
		if b.Files[i].Path == "" || b.Files[i].Data != nil {
			t.Errorf("file %d: Path %q and %d bytes in memory; want a file of the cache and none", i, b.Files[i].Path, len(b.Files[i].Data))
		}
		data, err := os.ReadFile(b.Files[i].Path)
		if err != nil || !bytes.Equal(data, fresh.Files[i].Data) || b.Files[i].Size != int64(len(data)) {
			t.Errorf("file %d: the cache holds %d bytes (%v), Size %d; Process makes %d", i, len(data), err, b.Files[i].Size, len(fresh.Files[i].Data))
		}
		if info, err := os.Stat(b.Files[i].Path); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("file %d: %v; want a file readable by all (it is published as a hard link)", i, err)
		}
	}
	// The same bytes elsewhere: found by content.
	os.WriteFile(filepath.Join(site, "content/copia.jpg"), photo, 0o644)
	if _, err := second.ProcessFile(fsys, Source{Name: "content/copia.jpg"}, DefaultOp); err != nil {
		t.Fatal(err)
	}
	if h, m := second.Stats(); h != 2 || m != 0 {
		t.Errorf("a copy: %d hits, %d misses; want 2, 0", h, m)
	}
	// Another photo under the same name: processed again.
	other := read(t, "orient-6.jpg")
	os.WriteFile(filepath.Join(site, name), other, 0o644)
	os.Chtimes(filepath.Join(site, name), time.Now(), time.Now().Add(time.Hour))
	c, err := second.ProcessFile(fsys, Source{Name: name}, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	if h, m := second.Stats(); h != 2 || m != 1 || c.Own().Width != 16 {
		t.Errorf("a changed photo: %d hits, %d misses, width %d; want 2, 1, 16", h, m, c.Own().Width)
	}
}

// TestStoreRemovedEntry: an entry removed from the cache (or the whole
// cache) after the routes recorded it is made again by Refresh, which
// the publisher calls when it finds a file missing, rather than handed
// out with files that are gone; the routes are then recorded anew.
func TestStoreRemovedEntry(t *testing.T) {
	site, cache, name := cachedPhoto(t)
	fsys := os.DirFS(site)
	if err := os.RemoveAll(filepath.Join(cache, "resultados")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(site, name))
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: name, Size: info.Size(), ModTime: info.ModTime()}
	s := NewStore(cache)
	stale, err := s.ProcessFile(fsys, src, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	if h, m := s.Stats(); h != 1 || m != 0 {
		t.Errorf("%d hits, %d misses; want the routes to answer without looking", h, m)
	}
	if _, err := os.Stat(stale.Files[0].Path); !os.IsNotExist(err) {
		t.Fatalf("the removed file: %v; want it gone", err)
	}
	res, err := s.Refresh(fsys, src, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	if h, m := s.Stats(); h != 1 || m != 1 {
		t.Errorf("after Refresh: %d hits, %d misses; want the photo processed again", h, m)
	}
	for _, f := range res.Files {
		if _, err := os.Stat(f.Path); err != nil {
			t.Errorf("%s: %v", f.Suffix, err)
		}
	}
	s.Flush()
	again, err := NewStore(cache).ProcessFile(fsys, src, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range again.Files {
		if info, err := os.Stat(f.Path); err != nil || !info.ModTime().Equal(f.Info().ModTime()) {
			t.Errorf("file %d after Refresh: %v, routes say %v", i, err, f.Info())
		}
	}
}

// TestStoreDamagedRoutes: a routes file that cannot be read (cut short,
// or written by another version) costs a lookup by content, not an
// error, and is written anew.
func TestStoreDamagedRoutes(t *testing.T) {
	site, cache, name := cachedPhoto(t)
	fsys := os.DirFS(site)
	routes := filepath.Join(cache, routesName)
	good, err := os.ReadFile(routes)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(routes, good[:len(good)/2], 0o644)
	s := NewStore(cache)
	res, err := s.ProcessFile(fsys, Source{Name: name}, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	if h, m := s.Stats(); h != 1 || m != 0 {
		t.Errorf("%d hits, %d misses; want the result found by its content", h, m)
	}
	for _, f := range res.Files {
		if _, err := os.Stat(f.Path); err != nil {
			t.Errorf("%s: %v", f.Suffix, err)
		}
	}
	s.Flush()
	if again, _ := os.ReadFile(routes); !bytes.Equal(again, good) {
		t.Error("the damaged routes file was not written anew")
	}
}

// TestStoreRoutesWithoutIDs: routes written before they recorded each
// file's ID (fileid) get the IDs at the first lookup, from a stat of
// each file, and are written again with them.
func TestStoreRoutesWithoutIDs(t *testing.T) {
	if !fileid.Listed {
		t.Skip("this system gives no inode numbers")
	}
	site, cache, name := cachedPhoto(t)
	fsys := os.DirFS(site)
	path := filepath.Join(cache, routesName)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var routes map[string]route
	if err := gob.NewDecoder(bytes.NewReader(good)).Decode(&routes); err != nil {
		t.Fatal(err)
	}
	for _, rt := range routes {
		for i := range rt.Files {
			if rt.Files[i].Ino == 0 {
				t.Fatal("the routes do not record the files' IDs")
			}
			rt.Files[i].Dev, rt.Files[i].Ino = 0, 0
		}
	}
	var old bytes.Buffer
	if err := gob.NewEncoder(&old).Encode(routes); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, old.Bytes(), 0o644)

	s := NewStore(cache)
	res, err := s.ProcessFile(fsys, Source{Name: name}, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range res.Files {
		info, err := os.Stat(f.Path)
		if err != nil || fileid.Of(f.Info()) != fileid.Of(info) {
			t.Errorf("file %d: %v, %v; want the IDs from a stat", i, fileid.Of(f.Info()), err)
		}
	}
	s.Flush()
	if again, _ := os.ReadFile(path); !bytes.Equal(again, good) {
		t.Error("the routes were not written again with the IDs")
	}
}

// cachedPhoto makes a site with one phone photo, name, and a cache
// folder where a Store processed it and wrote its routes.
func cachedPhoto(t *testing.T) (site, cache, name string) {
	t.Helper()
	site, cache, name = t.TempDir(), t.TempDir(), "content/foto.jpg"
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	os.WriteFile(filepath.Join(site, name), read(t, "phone.jpg"), 0o644)
	s := NewStore(cache)
	if _, err := s.ProcessFile(os.DirFS(site), Source{Name: name}, DefaultOp); err != nil {
		t.Fatal(err)
	}
	s.Flush()
	return site, cache, name
}
