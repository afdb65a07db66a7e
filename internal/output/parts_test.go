//go:build unix

package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStageParts publishes a file in parts and rebuilds it split
// differently, then changed in its last part: a file compared in parts
// is unchanged only when the concatenation is.
func TestStageParts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	// Longer than the 64 KB comparison buffer, so that chunks and parts
	// do not line up.
	row := strings.Repeat("abcdefghij", 1000)
	parts := func(n int, last string) [][]byte {
		var ps [][]byte
		for range n {
			ps = append(ps, []byte(row))
		}
		return append(ps, []byte(""), []byte(last))
	}
	stage := func(ps [][]byte) Stats {
		t.Helper()
		s, err := Stage(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := AddParts(s, "buscar/indice.json", ps); err != nil {
			t.Fatal(err)
		}
		st, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := stage(parts(20, "fin")); st.Written != 1 {
		t.Fatalf("first build: %+v", st)
	}
	got, err := os.ReadFile(filepath.Join(dir, "buscar", "indice.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat(row, 20) + "fin"; string(got) != want {
		t.Fatalf("file has %d bytes, want %d", len(got), len(want))
	}
	// The same bytes in other parts: one slice.
	one := [][]byte{[]byte(strings.Repeat(row, 20) + "fin")}
	if st := stage(one); st.Written != 0 || st.Unchanged != 1 {
		t.Errorf("same bytes, other parts: %+v", st)
	}
	if st := stage(parts(20, "fín")); st.Written != 1 {
		t.Errorf("last part changed size: %+v", st)
	}
	if st := stage(parts(20, "FÍn")); st.Written != 1 {
		t.Errorf("last part changed, same size: %+v", st)
	}
}

// TestAddPartsSet joins the parts for a sink that keeps whole files.
func TestAddPartsSet(t *testing.T) {
	s := NewSet()
	if err := AddParts(s, "a.json", [][]byte{[]byte(`{"a":`), nil, []byte(`1}`)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get("a.json"); string(got) != `{"a":1}` {
		t.Errorf("got %q", got)
	}
}
