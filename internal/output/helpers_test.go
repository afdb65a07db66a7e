//go:build unix

package output

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// setOf builds a Set from a map of path to content.
func setOf(t testing.TB, files map[string]string) *Set {
	t.Helper()
	s := NewSet()
	for p, data := range files {
		if err := s.Add(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// withMarker returns files plus the marker Write adds.
func withMarker(files map[string]string) map[string]string {
	m := map[string]string{}
	maps.Copy(m, files)
	m[MarkerName] = string(markerContent)
	return m
}

// fileState is what "unchanged" must preserve.
type fileState struct {
	ino   uint64
	mtime time.Time
	mode  fs.FileMode
}

// readTree returns the regular files under root with their contents and
// states, and the relative paths of everything else (directories
// included) so a test can see strays.
func readTree(t testing.TB, root string) (files map[string]string, states map[string]fileState, dirs []string) {
	t.Helper()
	files, states = map[string]string{}, map[string]fileState{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			dirs = append(dirs, rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[rel] = string(data)
		states[rel] = fileState{fi.Sys().(*syscall.Stat_t).Ino, fi.ModTime(), fi.Mode()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, states, dirs
}

// treeHash summarizes the regular files under root; "" if root is
// missing. Two trees with the same files and bytes have the same hash.
func treeHash(t testing.TB, root string) string {
	t.Helper()
	if _, err := os.Stat(root); os.IsNotExist(err) {
		return ""
	}
	files, _, _ := readTree(t, root)
	return hashFiles(files)
}

func hashFiles(files map[string]string) string {
	h := sha256.New()
	for _, p := range slices.Sorted(maps.Keys(files)) {
		sum := sha256.Sum256([]byte(files[p]))
		h.Write([]byte(p + "\x00" + hex.EncodeToString(sum[:]) + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// assertTree checks that root holds exactly want plus the marker, with
// the modes Write promises, and that no temporary sibling remains.
func assertTree(t testing.TB, root string, want map[string]string) {
	t.Helper()
	files, states, _ := readTree(t, root)
	want = withMarker(want)
	for p, data := range want {
		if got, ok := files[p]; !ok {
			t.Errorf("%s: missing", p)
		} else if got != data {
			t.Errorf("%s = %q, want %q", p, got, data)
		} else if m := states[p].mode.Perm(); m != filePerm {
			t.Errorf("%s has mode %v, want %v", p, m, filePerm)
		}
	}
	for p := range files {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: should not exist", p)
		}
	}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if fi, err := d.Info(); err == nil && fi.Mode().Perm() != dirPerm {
				t.Errorf("directory %s has mode %v, want %v", p, fi.Mode().Perm(), dirPerm)
			}
		}
		return nil
	})
	assertNoLeftovers(t, root)
}

func assertNoLeftovers(t testing.TB, root string) {
	t.Helper()
	parent, base := filepath.Split(root)
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+base+".") {
			t.Errorf("leftover beside the output: %s", e.Name())
		}
	}
}
