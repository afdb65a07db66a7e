//go:build unix

package output

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// stageAll publishes files through a Stager, adding them from several
// goroutines at once as the renderer does.
func stageAll(t testing.TB, dir string, files map[string]string, opts ...Option) (Stats, error) {
	t.Helper()
	s, err := Stage(dir, opts...)
	if err != nil {
		return Stats{}, err
	}
	var wg sync.WaitGroup
	for p, data := range files {
		wg.Go(func() {
			buf := []byte(data)
			if err := s.Add(p, buf); err != nil {
				t.Errorf("Add(%q): %v", p, err)
			}
			for i := range buf {
				buf[i] = '#' // Add must not keep the slice
			}
		})
	}
	wg.Wait()
	return s.Commit()
}

// TestStageTransitions runs Write's transition table through the Stager:
// the same trees, the same Stats, and unchanged files keep their inodes.
func TestStageTransitions(t *testing.T) {
	base := map[string]string{
		"index.html":              "<h1>Inicio</h1>",
		"prensa/plaza/index.html": "<p>Plaza</p>",
		"prensa/plaza/foto.jpg":   "\xff\xd8\xff\xe0JFIF",
		"eventos/calendario.ics":  "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
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
		old, new map[string]string
		want     Stats
	}{
		{"into a missing directory", nil, base, Stats{Written: 4, Swapped: true}},
		{"nothing changed", base, base, Stats{Unchanged: 4}},
		{"same size, other bytes", base, with(map[string]string{"index.html": "<h1>INICIO</h1>"}),
			Stats{Written: 1, Unchanged: 3, Swapped: true}},
		{"content added", base, with(map[string]string{"prensa/nueva/index.html": "nueva"}),
			Stats{Written: 1, Unchanged: 4, Swapped: true}},
		{"content deleted", base, with(nil, "prensa/plaza/index.html", "prensa/plaza/foto.jpg"),
			Stats{Unchanged: 2, Removed: 2, Swapped: true}},
		{"file becomes a directory", map[string]string{"acerca": "x"}, map[string]string{"acerca/index.html": "x"},
			Stats{Written: 1, Removed: 1, Swapped: true}},
		{"everything deleted", base, map[string]string{}, Stats{Removed: 4, Swapped: true}},
		{"empty build, no old tree", nil, map[string]string{}, Stats{Swapped: true}},
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
			st, err := stageAll(t, dir, tt.new)
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
				if was, ok := before[p]; ok && old[p] == data && after[p] != was {
					t.Errorf("%s is unchanged but its state went from %+v to %+v", p, was, after[p])
				}
			}
		})
	}
}

// TestStageLateChange: many unchanged files, then one change. The files
// seen before the change were only remembered; they must still reach the
// new tree, as links.
func TestStageLateChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("s%d/p%03d/index.html", i%7, i)] = fmt.Sprint("página ", i)
	}
	if _, err := Write(dir, setOf(t, files), NoSync()); err != nil {
		t.Fatal(err)
	}
	_, before, _ := readTree(t, dir)
	s, err := Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range files { // sequential: every unchanged file comes first
		if err := s.Add(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	files["nueva/index.html"] = "nueva"
	if err := s.Add("nueva/index.html", []byte("nueva")); err != nil {
		t.Fatal(err)
	}
	st, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Written: 1, Unchanged: 300, Swapped: true}); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	assertTree(t, dir, files)
	_, after, _ := readTree(t, dir)
	for p, was := range before {
		if after[p] != was {
			t.Errorf("%s: state went from %+v to %+v", p, was, after[p])
		}
	}
}

// TestStageNoChangeTouchesNothing: not even the parent directory's mtime
// moves, so no temporary directory was created.
func TestStageNoChangeTouchesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	files := map[string]string{"index.html": "hola", "prensa/a/index.html": "a"}
	if _, err := stageAll(t, dir, files); err != nil {
		t.Fatal(err)
	}
	fi0, _ := os.Stat(parent)
	_, states0, _ := readTree(t, dir)
	time.Sleep(30 * time.Millisecond)
	st, err := stageAll(t, dir, files)
	if err != nil || st.Swapped || st.Unchanged != 2 {
		t.Fatalf("Commit = %+v, %v", st, err)
	}
	fi1, _ := os.Stat(parent)
	if !fi1.ModTime().Equal(fi0.ModTime()) {
		t.Errorf("parent modified by a no-change build")
	}
	_, states1, _ := readTree(t, dir)
	for p, s := range states0 {
		if states1[p] != s {
			t.Errorf("%s: state went from %+v to %+v", p, s, states1[p])
		}
	}
}

// TestStageNewStampAlone: a build with the same files and a new stamp (a
// new cabildo, a clock decision that changed no page) replaces the marker
// in place: no temporary tree, every file keeps its inode, and the next
// build reads the new stamp. A changed or a removed file still makes a
// new tree.
func TestStageNewStampAlone(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	files := map[string]string{"index.html": "hola", "prensa/a/index.html": "a", "prensa/a/foto.jpg": "jpg"}
	build := func(stamp string, files map[string]string) Stats {
		t.Helper()
		s, err := Stage(dir)
		if err != nil {
			t.Fatal(err)
		}
		for p, data := range files {
			if err := s.Add(p, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		s.SetStamp(stamp)
		st, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		if got := StampOf(dir); got != stamp {
			t.Fatalf("stamp %q after a build with %q", got, stamp)
		}
		return st
	}
	build("uno", files)
	_, before, _ := readTree(t, dir)
	parentBefore, _ := os.Stat(parent)
	time.Sleep(30 * time.Millisecond)
	if st := build("dos", files); st.Swapped || st.Written != 0 || st.Unchanged != 3 {
		t.Errorf("new stamp alone: %+v", st)
	}
	if p, _ := os.Stat(parent); !p.ModTime().Equal(parentBefore.ModTime()) {
		t.Error("a new stamp alone made a temporary tree beside the output")
	}
	got, after, _ := readTree(t, dir)
	for p, st := range before {
		if p != MarkerName && after[p] != st {
			t.Errorf("%s: %+v, then %+v", p, st, after[p])
		}
	}
	if len(got) != len(files)+1 {
		t.Errorf("tree has %d files, want the %d and the marker: %v", len(got), len(files), got)
	}
	if st := build("dos", files); st.Swapped {
		t.Errorf("same stamp: %+v", st)
	}

	changed := maps.Clone(files)
	changed["index.html"] = "chao"
	if st := build("tres", changed); !st.Swapped || st.Written != 1 {
		t.Errorf("a changed file and a new stamp: %+v", st)
	}
	delete(changed, "prensa/a/foto.jpg")
	if st := build("cuatro", changed); !st.Swapped || st.Removed != 1 {
		t.Errorf("a removed file and a new stamp: %+v", st)
	}
	if got, _, _ := readTree(t, dir); len(got) != len(changed)+1 || got["index.html"] != "chao" {
		t.Errorf("tree after the changes: %v", got)
	}
}

// TestStageAbort: a failed build leaves the old tree exactly as it was and
// no temporary folder, even after it had started writing.
func TestStageAbort(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	old := map[string]string{"index.html": "viejo", "a/index.html": "a"}
	if _, err := Write(dir, setOf(t, old)); err != nil {
		t.Fatal(err)
	}
	h := treeHash(t, dir)
	s, err := Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add("index.html", []byte("nuevo")); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	s.Abort() // twice is harmless
	if treeHash(t, dir) != h {
		t.Error("old tree changed")
	}
	assertNoLeftovers(t, dir)
	if err := s.Add("b.html", nil); err == nil {
		t.Error("Add after Abort succeeded")
	}
	if _, err := s.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	// The lock was released: the next build goes ahead.
	if _, err := stageAll(t, dir, old); err != nil {
		t.Fatal(err)
	}
}

// TestStageRefusesLikeSet: the path checks of Set.Add.
func TestStageRefusesLikeSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	s, err := Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	must := func(p string) {
		if err := s.Add(p, []byte("x")); err != nil {
			t.Fatalf("Add(%q): %v", p, err)
		}
	}
	must("prensa/index.html")
	must("acerca")
	for _, tc := range []struct {
		path string
		want error
	}{
		{"prensa/index.html", ErrDuplicate},
		{"prensa", ErrInvalidPath},
		{"acerca/index.html", ErrInvalidPath},
		{"../fuera", ErrInvalidPath},
		{MarkerName, ErrInvalidPath},
	} {
		if err := s.Add(tc.path, nil); !errors.Is(err, tc.want) {
			t.Errorf("Add(%q) = %v, want %v", tc.path, err, tc.want)
		}
	}
}

// TestStageRefusesUnsafeDir: the marker rule holds before any rendering.
func TestStageRefusesUnsafeDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mio.txt"), []byte("no borrar"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Stage(dir); !errors.Is(err, ErrUnsafeDir) {
		t.Fatalf("Stage = %v, want ErrUnsafeDir", err)
	}
}
