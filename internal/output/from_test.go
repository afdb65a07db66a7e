//go:build unix

package output

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStageFrom publishes a file from an io.ReaderAt larger than the
// comparison buffer, then again unchanged, then changed at its end: a
// file added in chunks is unchanged only when all its bytes are.
func TestStageFrom(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	// 200 KB: several 32 KB comparison chunks, the last one partial.
	content := strings.Repeat("abcdefghij", 20000) + "fin"
	stage := func(data string) Stats {
		t.Helper()
		s, err := Stage(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := AddFrom(s, "buscar/indice.json", strings.NewReader(data), int64(len(data))); err != nil {
			t.Fatal(err)
		}
		st, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := stage(content); st.Written != 1 {
		t.Fatalf("first build: %+v", st)
	}
	got, err := os.ReadFile(filepath.Join(dir, "buscar", "indice.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != content {
		t.Fatalf("file has %d bytes, want %d", len(got), len(content))
	}
	if st := stage(content); st.Written != 0 || st.Unchanged != 1 {
		t.Errorf("same bytes: %+v", st)
	}
	if st := stage(content[:len(content)-3] + "fín"); st.Written != 1 {
		t.Errorf("last chunk changed size: %+v", st)
	}
	if st := stage(content[:len(content)-3] + "FIN"); st.Written != 1 {
		t.Errorf("last chunk changed, same size: %+v", st)
	}
	got, _ = os.ReadFile(filepath.Join(dir, "buscar", "indice.json"))
	if !bytes.HasSuffix(got, []byte("FIN")) {
		t.Errorf("the changed file was not written")
	}
}

// TestAddFromSet reads the file whole for a sink that keeps whole files.
func TestAddFromSet(t *testing.T) {
	s := NewSet()
	for _, data := range []string{`{"a":1}`, ""} {
		name := "f" + data + ".json"
		if err := AddFrom(s, name, strings.NewReader(data), int64(len(data))); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(name); string(got) != data {
			t.Errorf("got %q, want %q", got, data)
		}
	}
}

// TestStageScratch: a scratch file is beside the output, already gone from
// its folder, and usable until closed.
func TestStageScratch(t *testing.T) {
	parent := t.TempDir()
	s, err := Stage(filepath.Join(parent, "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	f, err := s.Scratch()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := filepath.EvalSymlinks(filepath.Dir(f.Name())); got != mustEval(t, parent) {
		t.Errorf("scratch file in %s, want %s", filepath.Dir(f.Name()), parent)
	}
	if _, err := os.Lstat(f.Name()); !os.IsNotExist(err) {
		t.Errorf("scratch file still in its folder: %v", err)
	}
	if _, err := f.WriteString("entradas"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 8)
	if _, err := f.ReadAt(buf, 0); err != nil || string(buf) != "entradas" {
		t.Errorf("read back %q, %v", buf, err)
	}
}

func mustEval(t *testing.T, p string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
