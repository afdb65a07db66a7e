//go:build unix

package output

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStageLarge publishes a file larger than the comparison buffer, then
// again unchanged, then changed at its end: a file compared in chunks is
// unchanged only when all its bytes are.
func TestStageLarge(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	// 200 KB: several 32 KB comparison chunks, the last one partial.
	content := strings.Repeat("abcdefghij", 20000) + "fin"
	stage := func(data string) Stats {
		t.Helper()
		s, err := Stage(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Add("datos/grande.json", []byte(data)); err != nil {
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
	got, err := os.ReadFile(filepath.Join(dir, "datos", "grande.json"))
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
	got, _ = os.ReadFile(filepath.Join(dir, "datos", "grande.json"))
	if !bytes.HasSuffix(got, []byte("FIN")) {
		t.Errorf("the changed file was not written")
	}
}
