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
