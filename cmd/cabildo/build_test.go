package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"cabildo/internal/output"
)

// copySite copies the example site (content/ only) into a temp folder,
// with the image cache a site has once it has been built (warmImageCache):
// what these tests check is not image processing, which was most of the
// CPU of each of their builds. A photo a test changes is processed again.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(filepath.Join(dst, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	cache, err := warmImageCache()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dst, imageCacheDir), os.DirFS(cache)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// warm is a built copy of the example site, made once per test binary.
var warm struct {
	once sync.Once
	dir  string
	err  error
}

// warmImageCache returns the image cache (imageCacheDir) of a build of
// the example site, building it the first time. TestMain removes it.
func warmImageCache() (string, error) {
	warm.once.Do(func() {
		if warm.dir, warm.err = os.MkdirTemp("", "cabildo-warm-"); warm.err != nil {
			return
		}
		if warm.err = os.CopyFS(filepath.Join(warm.dir, "content"), os.DirFS("../../content")); warm.err != nil {
			return
		}
		var stderr bytes.Buffer
		args := []string{"build", "-q", "-src", warm.dir, "-out", filepath.Join(warm.dir, "public"), "-now", "2026-11-27T12:00:00-03:00"}
		if code := run(context.Background(), args, &stderr, &stderr); code != 0 {
			warm.err = fmt.Errorf("build of the example site: exit %d\n%s", code, stderr.String())
		}
	})
	return filepath.Join(warm.dir, imageCacheDir), warm.err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if warm.dir != "" {
		os.RemoveAll(warm.dir)
	}
	os.Exit(code)
}

// treeHash hashes every path, mode, modification time and byte under dir:
// a build that must not touch the output must leave it equal.
func treeHash(t *testing.T, dir string) string { return hashTree(t, dir, true) }

// contentHash is treeHash without modification times: a killed build that
// finished its swap publishes the same files as an uninterrupted one,
// written at another instant. It returns "" when dir does not exist.
func contentHash(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Lstat(dir); os.IsNotExist(err) {
		return ""
	}
	return hashTree(t, dir, false)
}

func hashTree(t *testing.T, dir string, modTimes bool) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s\x00%v\x00", rel, info.Mode())
		if modTimes {
			fmt.Fprintf(h, "%d\x00", info.ModTime().UnixNano())
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if rel == output.MarkerName {
				// The marker's state is history, not content: it keeps a
				// vanished URL until the editor declares it (package
				// history), so the same site built after another has
				// the same files and a longer record.
				b, _, _ = bytes.Cut(b, []byte("\nestado:\n"))
			}
			fmt.Fprintf(h, "%d\x00", len(b))
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestFailedBuildLeavesOutput builds the example, breaks one file, builds
// again: the exit status is 1, the error is positioned, and the previous
// output folder is untouched to the byte and the modification time.
func TestFailedBuildLeavesOutput(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	args := []string{"build", "-src", site, "-out", out, "-now", "2026-11-27T12:00:00-03:00"}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr.String())
	}
	before := treeHash(t, out)

	broken := filepath.Join(site, "content/eventos/2026-12-05-feria-navidena.md")
	b, err := os.ReadFile(broken)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("start: 2026-12-05T10:00"), []byte("start: 2026-12-32T10:00"), 1)
	if err := os.WriteFile(broken, b, 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run(context.Background(), args, &stdout, &stderr); code != 1 {
		t.Fatalf("broken build: exit %d, want 1\n%s", code, stderr.String())
	}
	if want := "content/eventos/2026-12-05-feria-navidena.md:"; !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "fecha no válida \"2026-12-32\"") {
		t.Errorf("stderr does not name the file, line and mistake:\n%s", stderr.String())
	}
	if after := treeHash(t, out); after != before {
		t.Errorf("a failed build changed %s", out)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("a failed build left files beside the output: %v", entries)
	}
}

// TestDamagedPhotoLeavesOutput builds the example, then replaces a
// press photo with one cut short by a failed copy (issue 12): the build
// fails with a Spanish message naming the file, and the previous output
// is untouched, so the live site keeps its photo.
func TestDamagedPhotoLeavesOutput(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	args := []string{"build", "-src", site, "-out", out, "-now", "2026-11-27T12:00:00-03:00"}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr.String())
	}
	before := treeHash(t, out)

	photo := filepath.Join(site, "content/prensa/2026-11-20-plaza-los-aromos/plaza.jpg")
	b, err := os.ReadFile(photo)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, b[:len(b)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run(context.Background(), args, &stdout, &stderr); code != 1 {
		t.Fatalf("build with a damaged photo: exit %d, want 1\n%s", code, stderr.String())
	}
	if want := "content/prensa/2026-11-20-plaza-los-aromos/plaza.jpg: la imagen plaza.jpg está dañada o incompleta"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not name the photo and the mistake (want %q):\n%s", want, stderr.String())
	}
	if after := treeHash(t, out); after != before {
		t.Errorf("a failed build changed %s", out)
	}
}

// TestNoChangeRebuildWritesNothing builds twice: the second build must
// recognise its stamp and not touch the output at all.
func TestNoChangeRebuildWritesNothing(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"build", "-src", site, "-out", out, "-now", "2026-11-27T12:00:00-03:00"}
	var stdout, stderr bytes.Buffer
	for i := 0; i < 2; i++ {
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("build %d: exit %d\n%s", i, code, stderr.String())
		}
		if i == 0 {
			defer func(h string) {
				if treeHash(t, out) != h {
					t.Errorf("the no-change rebuild changed the output")
				}
			}(treeHash(t, out))
		}
	}
	if !strings.Contains(stdout.String(), "sin cambios desde la última construcción") {
		t.Errorf("second build did not skip: %s", stdout.String())
	}
}

// TestImageCacheRemoved: the image cache's routes let a rebuild publish
// the photos without looking at the cache (internal/imaging.Store). When
// its results are deleted after that (a clean-up of .cabildo/cache/),
// a forced rebuild into the same output keeps the photos unchanged, and
// a build into a new output makes them again, rather than failing or
// publishing less.
func TestImageCacheRemoved(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"build", "-q", "-src", site, "-out", out, "-now", "2026-11-27T12:00:00-03:00"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr.String())
	}
	before := treeHash(t, out)
	if err := os.RemoveAll(filepath.Join(site, imageCacheDir, "resultados")); err != nil {
		t.Fatal(err)
	}
	if code := run(context.Background(), append(args, "-force"), &stdout, &stderr); code != 0 {
		t.Fatalf("rebuild without the cache's results: exit %d\n%s", code, stderr.String())
	}
	if treeHash(t, out) != before {
		t.Error("the rebuild into the same output changed it")
	}
	fresh := filepath.Join(t.TempDir(), "public")
	args[5] = fresh
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("build into a new output without the cache's results: exit %d\n%s", code, stderr.String())
	}
	if contentHash(t, fresh) != contentHash(t, out) {
		t.Error("the build into a new output differs from the first build")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"build", "-nope"}, {"build", "-src", "/no/such/dir"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// TestEditedFileRebuilds checks that the stamp sees an edit: after a
// skipped rebuild, changing one press release publishes it.
func TestEditedFileRebuilds(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"build", "-src", site, "-out", out, "-now", "2026-11-27T12:00:00-03:00"}
	var stdout, stderr bytes.Buffer
	for i := 0; i < 2; i++ {
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("build %d: exit %d\n%s", i, code, stderr.String())
		}
	}
	file := filepath.Join(site, "content/prensa/2026-11-13-feria-navidena.md")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(b, []byte("\nPárrafo agregado para la prueba.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("build after edit: exit %d\n%s", code, stderr.String())
	}
	page, err := os.ReadFile(filepath.Join(out, "prensa/2026-11-13-feria-navidena/index.html"))
	if err != nil || !bytes.Contains(page, []byte("Párrafo agregado para la prueba.")) {
		t.Errorf("the edit was not published (%v); build said: %s", err, stdout.String())
	}
}
