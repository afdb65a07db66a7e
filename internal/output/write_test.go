//go:build unix

package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWriteTransitions writes old, then new, into one directory and checks
// the tree, the Stats, and that exactly the files whose bytes did not
// change kept their inode and modification time.
func TestWriteTransitions(t *testing.T) {
	base := map[string]string{
		"index.html":                "<h1>Inicio</h1>",
		"prensa/plaza/index.html":   "<p>Plaza Los Aromos</p>",
		"prensa/plaza/foto.jpg":     "\xff\xd8\xff\xe0JFIF",
		"eventos/calendario.ics":    "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		"contactos/gabinete.vcf":    "BEGIN:VCARD\r\nEND:VCARD\r\n",
		"lobby/audiencias/data.csv": "fecha,sujeto\n",
	}
	with := func(changes map[string]string, deletions ...string) map[string]string {
		m := map[string]string{}
		for p, d := range base {
			m[p] = d
		}
		for p, d := range changes {
			m[p] = d
		}
		for _, p := range deletions {
			delete(m, p)
		}
		return m
	}
	tests := []struct {
		name     string
		old, new map[string]string // old nil: the directory does not exist
		want     Stats
	}{
		{"into a missing directory", nil, base, Stats{Written: 6, Swapped: true}},
		{"nothing changed", base, base, Stats{Unchanged: 6}},
		{"same size, other bytes", base, with(map[string]string{"index.html": "<h1>INICIO</h1>"}),
			Stats{Written: 1, Unchanged: 5, Swapped: true}},
		{"other size", base, with(map[string]string{"eventos/calendario.ics": "BEGIN:VCALENDAR\r\nX:1\r\nEND:VCALENDAR\r\n"}),
			Stats{Written: 1, Unchanged: 5, Swapped: true}},
		{"content added", base, with(map[string]string{"prensa/nueva/index.html": "nueva"}),
			Stats{Written: 1, Unchanged: 6, Swapped: true}},
		{"content deleted", base, with(nil, "prensa/plaza/index.html", "prensa/plaza/foto.jpg"),
			Stats{Unchanged: 4, Removed: 2, Swapped: true}},
		{"file becomes a directory", map[string]string{"acerca": "x"}, map[string]string{"acerca/index.html": "x"},
			Stats{Written: 1, Removed: 1, Swapped: true}},
		{"directory becomes a file", map[string]string{"acerca/index.html": "x"}, map[string]string{"acerca": "x"},
			Stats{Written: 1, Removed: 1, Swapped: true}},
		{"everything deleted", base, map[string]string{}, Stats{Removed: 6, Swapped: true}},
		{"empty file unchanged", map[string]string{"vacio.txt": ""}, map[string]string{"vacio.txt": ""},
			Stats{Unchanged: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			var before map[string]fileState
			if tt.old != nil {
				if _, err := Write(dir, setOf(t, tt.old), NoSync()); err != nil {
					t.Fatal(err)
				}
				_, before, _ = readTree(t, dir)
			}
			st, err := Write(dir, setOf(t, tt.new))
			if err != nil {
				t.Fatal(err)
			}
			if st != tt.want {
				t.Errorf("Stats = %+v, want %+v", st, tt.want)
			}
			assertTree(t, dir, tt.new)
			_, after, _ := readTree(t, dir)
			old := withMarker(tt.old)
			for p, data := range withMarker(tt.new) {
				was, existed := before[p]
				switch unchanged := existed && old[p] == data; {
				case unchanged && after[p] != was:
					t.Errorf("%s is unchanged but its state went from %+v to %+v", p, was, after[p])
				case !unchanged && existed && after[p].ino == was.ino:
					t.Errorf("%s changed but kept inode %d", p, was.ino)
				}
			}
		})
	}
}

// TestWriteNoChangeTouchesNothing checks the promise literally: after a
// build with no change, not a file, directory or sibling differs, not even
// the parent's modification time (which a temporary directory would bump).
func TestWriteNoChangeTouchesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	files := map[string]string{"index.html": "hola", "prensa/a/index.html": "a", "prensa/b/index.html": "b"}
	if _, err := Write(dir, setOf(t, files)); err != nil {
		t.Fatal(err)
	}
	snapshot := func() (map[string]fileState, map[string]time.Time, []string) {
		_, states, _ := readTree(t, dir)
		mtimes := map[string]time.Time{}
		for _, d := range []string{parent, dir, dir + "/prensa", dir + "/prensa/a"} {
			fi, err := os.Stat(d)
			if err != nil {
				t.Fatal(err)
			}
			mtimes[d] = fi.ModTime()
		}
		entries, _ := os.ReadDir(parent)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return states, mtimes, names
	}
	states0, mtimes0, names0 := snapshot()
	time.Sleep(30 * time.Millisecond) // beyond the file system's timestamp granularity

	st, err := Write(dir, setOf(t, files))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Unchanged: 3}); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	states1, mtimes1, names1 := snapshot()
	for p, s := range states0 {
		if states1[p] != s {
			t.Errorf("%s: state went from %+v to %+v", p, s, states1[p])
		}
	}
	for d, m := range mtimes0 {
		if !mtimes1[d].Equal(m) {
			t.Errorf("directory %s modified at %v, after the no-change Write", d, mtimes1[d])
		}
	}
	if !slices.Equal(names0, names1) {
		t.Errorf("parent entries went from %q to %q", names0, names1)
	}
}

// TestWriteRemovesStrays checks that anything not in the Set, even with
// every Set file unchanged, makes Write publish a clean tree. A marker
// with other bytes is all that differs in its case: it alone is replaced,
// in place (Stager.markerOnly).
func TestWriteRemovesStrays(t *testing.T) {
	files := map[string]string{"index.html": "hola", "prensa/index.html": "prensa"}
	tests := []struct {
		name        string
		plant       func(dir string) error
		wantRemoved int
		inPlace     bool // no new tree: the marker alone is rewritten
	}{
		{"file", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "notas-del-editor.txt"), []byte("borrador"), 0o644)
		}, 1, false},
		{"empty directory", func(dir string) error { return os.Mkdir(filepath.Join(dir, "vacia"), 0o755) }, 0, false},
		{"nested empty directory", func(dir string) error {
			return os.MkdirAll(filepath.Join(dir, "prensa", "vieja", "fotos"), 0o755)
		}, 0, false},
		{"symlink", func(dir string) error { return os.Symlink("/etc/passwd", filepath.Join(dir, "prensa", "enlace")) }, 1, false},
		{"marker with other bytes", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, MarkerName), []byte("editado"), 0o644)
		}, 0, true},
		{"file with another mode", func(dir string) error { return os.Chmod(filepath.Join(dir, "prensa", "index.html"), 0o600) }, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			if _, err := Write(dir, setOf(t, files)); err != nil {
				t.Fatal(err)
			}
			must(t, tt.plant(dir))
			_, before, _ := readTree(t, dir)
			st, err := Write(dir, setOf(t, files))
			if err != nil {
				t.Fatal(err)
			}
			if st.Swapped == tt.inPlace || st.Removed != tt.wantRemoved {
				t.Errorf("Stats = %+v, want swapped %v with %d removed", st, !tt.inPlace, tt.wantRemoved)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, MarkerName)); !bytes.Equal(b, markerContent) {
				t.Errorf("marker = %q, want %q", b, markerContent)
			}
			assertTree(t, dir, files)
			_, _, dirs := readTree(t, dir)
			if want := []string{"prensa"}; !slices.Equal(dirs, want) {
				t.Errorf("directories = %q, want %q", dirs, want)
			}
			_, after, _ := readTree(t, dir)
			if after["index.html"] != before["index.html"] {
				t.Error("an unchanged file was rewritten")
			}
		})
	}
}

func TestWriteIntoEmptyDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	must(t, os.Mkdir(dir, 0o755))
	st, err := Write(dir, setOf(t, map[string]string{"index.html": "hola"}))
	if err != nil {
		t.Fatal(err)
	}
	if !st.Swapped || st.Written != 1 {
		t.Errorf("Stats = %+v", st)
	}
	assertTree(t, dir, map[string]string{"index.html": "hola"})
}

func TestWriteRefuses(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home", "editora")
	project := filepath.Join(root, "proyecto")
	foreign := filepath.Join(root, "documentos")
	markedWrongly := filepath.Join(root, "marca-carpeta")
	file := filepath.Join(root, "archivo")
	for _, d := range []string{home, project, foreign, filepath.Join(markedWrongly, MarkerName)} {
		must(t, os.MkdirAll(d, 0o755))
	}
	must(t, os.WriteFile(filepath.Join(foreign, "tesis.docx"), []byte("irremplazable"), 0o644))
	must(t, os.WriteFile(file, []byte("x"), 0o644))
	t.Setenv("HOME", home)
	t.Chdir(project)

	tests := []struct{ name, dir, why string }{
		{"no directory", "", "no se indicó"},
		{"root", "/", "raíz"},
		{"current directory", ".", "carpeta actual"},
		{"current directory, absolute", project, "carpeta actual"},
		{"parent of the current directory", "..", "carpeta actual"},
		{"home", home, "carpeta personal"},
		{"parent of home", filepath.Dir(home), "carpeta personal"},
		{"foreign non-empty directory", foreign, "no fue generada por cabildo"},
		{"marker that is a directory", markedWrongly, "no fue generada por cabildo"},
		{"a file", file, "no es una carpeta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Write(tt.dir, setOf(t, map[string]string{"index.html": "hola"}))
			if !errors.Is(err, ErrUnsafeDir) || !strings.Contains(err.Error(), tt.why) {
				t.Fatalf("Write(%q) = %v, want ErrUnsafeDir saying %q", tt.dir, err, tt.why)
			}
		})
	}
	if data, err := os.ReadFile(filepath.Join(foreign, "tesis.docx")); string(data) != "irremplazable" {
		t.Errorf("foreign file damaged: %q, %v", data, err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 5 {
		t.Errorf("refused Writes left something beside the targets: %v", entries)
	}
}

// TestWriteThroughSymlink checks that an output path that is a link
// replaces the directory it points to and keeps the link.
func TestWriteThroughSymlink(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "www", "sitio")
	link := filepath.Join(root, "public")
	must(t, os.MkdirAll(real, 0o755))
	must(t, os.Symlink(real, link))
	for _, content := range []string{"uno", "dos"} {
		if _, err := Write(link, setOf(t, map[string]string{"index.html": content})); err != nil {
			t.Fatal(err)
		}
		assertTree(t, real, map[string]string{"index.html": content})
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", fi, err)
	}
}

// TestWriteWithoutExchange runs the two-rename fallback used where
// RENAME_EXCHANGE is unavailable.
func TestWriteWithoutExchange(t *testing.T) {
	exchanged := 0
	defer func(f func(a, b string) error) { exchangeDirs = f }(exchangeDirs)
	exchangeDirs = func(a, b string) error { exchanged++; return errExchangeUnsupported }

	dir := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"index.html": "uno", "prensa/a.html": "a"}
	v2 := map[string]string{"index.html": "dos", "prensa/a.html": "a"}
	for _, files := range []map[string]string{v1, v2} {
		if _, err := Write(dir, setOf(t, files)); err != nil {
			t.Fatal(err)
		}
	}
	if exchanged != 1 {
		t.Errorf("exchange tried %d times, want 1", exchanged)
	}
	assertTree(t, dir, v2)
}

// TestWriteCopiesWhenLinkFails checks the fallback for file systems
// without hard links: unchanged files are copied, keeping their mtime.
func TestWriteCopiesWhenLinkFails(t *testing.T) {
	defer func(f func(a, b string) error) { linkFile = f }(linkFile)
	linkFile = func(a, b string) error { return &os.LinkError{Op: "link", Old: a, New: b, Err: errors.ErrUnsupported} }

	dir := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"index.html": "uno", "prensa/a.html": "a"}
	v2 := map[string]string{"index.html": "dos", "prensa/a.html": "a"}
	if _, err := Write(dir, setOf(t, v1)); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	must(t, os.Chtimes(filepath.Join(dir, "prensa", "a.html"), old, old))
	st, err := Write(dir, setOf(t, v2))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Written: 1, Unchanged: 1, Copied: 2, Swapped: true}); st != want { // the marker too
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	assertTree(t, dir, v2)
	if fi, err := os.Stat(filepath.Join(dir, "prensa", "a.html")); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("copied file has mtime %v, want %v (%v)", fi.ModTime(), old, err)
	}
}

// TestRecoverLeftovers plants what a killed build leaves beside the output
// and checks that the next Write repairs it.
func TestRecoverLeftovers(t *testing.T) {
	v1 := map[string]string{"index.html": "uno", "prensa/a.html": "a"}
	v2 := map[string]string{"index.html": "dos", "prensa/a.html": "a"}

	t.Run("half-built new tree", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "public")
		if _, err := Write(dir, setOf(t, v1)); err != nil {
			t.Fatal(err)
		}
		stale := filepath.Join(filepath.Dir(dir), ".public.tmp-1234")
		must(t, os.MkdirAll(filepath.Join(stale, "prensa"), 0o700))
		must(t, os.WriteFile(filepath.Join(stale, "prensa", "a.html"), nil, 0o600))
		if st, err := Write(dir, setOf(t, v1)); err != nil || st.Swapped {
			t.Fatalf("Write = %+v, %v; want no swap", st, err)
		}
		assertTree(t, dir, v1)
	})

	t.Run("killed between the two renames", func(t *testing.T) {
		// The fallback moved the old tree aside and died before moving the
		// new one in: the output is missing, both trees are beside it.
		parent := t.TempDir()
		dir := filepath.Join(parent, "public")
		if _, err := Write(dir, setOf(t, v1)); err != nil {
			t.Fatal(err)
		}
		_, before, _ := readTree(t, dir)
		must(t, os.Rename(dir, filepath.Join(parent, ".public.old-abcd")))
		if _, err := Write(filepath.Join(parent, ".public.tmp-efgh"), setOf(t, v2)); err != nil {
			t.Fatal(err)
		}

		// Restoring the old tree, not rebuilding it, keeps every inode: a
		// Write of the same content then has nothing to do.
		st, err := Write(dir, setOf(t, v1))
		if err != nil || st.Swapped {
			t.Fatalf("Write = %+v, %v; want the old tree restored and no swap", st, err)
		}
		assertTree(t, dir, v1)
		if _, after, _ := readTree(t, dir); after["index.html"] != before["index.html"] {
			t.Error("the old tree was rebuilt instead of restored")
		}
	})

	t.Run("killed while deleting the old tree", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "public")
		if _, err := Write(dir, setOf(t, v2)); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{".public.tmp-old1", ".public.old-old2"} {
			must(t, os.MkdirAll(filepath.Join(parent, name, "prensa"), 0o755))
		}
		if _, err := Write(dir, setOf(t, v2)); err != nil {
			t.Fatal(err)
		}
		assertTree(t, dir, v2)
	})

	t.Run("other outputs' siblings are left alone", func(t *testing.T) {
		parent := t.TempDir()
		other := filepath.Join(parent, ".preview.tmp-1")
		must(t, os.Mkdir(other, 0o755))
		if _, err := Write(filepath.Join(parent, "public"), setOf(t, v1)); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(other); err != nil {
			t.Errorf("Write of public removed %s: %v", other, err)
		}
	})
}

// TestConcurrentWrites checks that the lock serializes Writes to one
// directory: each must see a consistent tree and none may remove another's
// temporary directory.
func TestConcurrentWrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	sets := []map[string]string{
		{"index.html": "uno", "a/b.html": "b"},
		{"index.html": "dos", "c/d.html": "d"},
		{"index.html": "tres"},
	}
	errs := make(chan error, 3*len(sets))
	for range 3 {
		for _, files := range sets {
			go func() {
				_, err := Write(dir, setOf(t, files))
				errs <- err
			}()
		}
	}
	for range 3 * len(sets) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	files, _, _ := readTree(t, dir)
	delete(files, MarkerName)
	if !slices.ContainsFunc(sets, func(s map[string]string) bool { return hashFiles(s) == hashFiles(files) }) {
		t.Errorf("final tree %v is none of the written sets", files)
	}
	assertNoLeftovers(t, dir)
}

func TestWriteExplainsSystemErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "archivo")
	must(t, os.WriteFile(file, nil, 0o644))
	_, err := Write(filepath.Join(file, "public"), setOf(t, map[string]string{"a.html": "a"}))
	if err == nil || !strings.HasPrefix(err.Error(), "no se pudo escribir el sitio en") || !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("Write below a file = %v, want an explained ENOTDIR", err)
	}
}

// TestOldTreeNotListed: the old tree is listed in the background; one
// that cannot be listed (an unreadable folder inside it) fails the build
// at Commit, after Stage and Add went on, and the old tree stays as it
// was.
func TestOldTreeNotListed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"index.html": "uno", "prensa/a.html": "a"}
	if _, err := Write(dir, setOf(t, v1)); err != nil {
		t.Fatal(err)
	}
	defer func(f func(string) (*oldTree, error)) { listOld = f }(listOld)
	unreadable := &fs.PathError{Op: "open", Path: filepath.Join(dir, "prensa"), Err: fs.ErrPermission}
	listOld = func(string) (*oldTree, error) { return nil, unreadable }

	s, err := Stage(dir)
	if err != nil {
		t.Fatalf("Stage: %v; want the listing's error later", err)
	}
	if err := s.Add("index.html", []byte("dos")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Commit: %v; want the listing's error", err)
	}
	assertTree(t, dir, v1)
	if _, err := Write(dir, setOf(t, v1)); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Write: %v; want the listing's error", err)
	}
}
