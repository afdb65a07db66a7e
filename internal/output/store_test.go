package output

import (
	"bytes"
	"strings"
	"testing"
)

// TestStore: a Set in a Store behaves as one in memory (Add, Replace,
// Remove, Clone, Write); Replace leaves old bytes behind until Compact.
func TestStore(t *testing.T) {
	st, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := NewSetIn(st)
	big := strings.Repeat("página ", 1<<20) // 8 MB
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Add("index.html", []byte("<h1>Inicio</h1>")))
	must(s.Add("vacio.txt", nil))
	must(s.Add("buscar/indice.json", []byte(big)))
	if err := s.Add("index.html", []byte("otra")); err == nil {
		t.Errorf("a duplicate path was accepted")
	}
	c := s.Clone()
	for i := range 20 {
		must(c.Replace("buscar/indice.json", []byte(big+strings.Repeat("x", i))))
	}
	c.Remove("vacio.txt")

	// The clone's changes do not show through the original.
	if got, _ := s.Get("buscar/indice.json"); string(got) != big {
		t.Errorf("the original changed with its clone")
	}
	if got, ok := s.Get("vacio.txt"); !ok || len(got) != 0 {
		t.Errorf("empty file: %q, %v", got, ok)
	}
	if c.Has("vacio.txt") || !c.Has("index.html") {
		t.Errorf("Has after Remove")
	}
	if !c.Wasteful() {
		t.Errorf("160 MB in the store for 8 MB of files is not wasteful")
	}
	d, err := c.Compact(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if d.Wasteful() {
		t.Errorf("wasteful after Compact")
	}
	want := big + strings.Repeat("x", 19)
	for _, set := range []*Set{c, d} {
		if got, _ := set.Get("buscar/indice.json"); string(got) != want {
			t.Errorf("last Replace lost")
		}
		if got, _ := set.Get("index.html"); !bytes.Equal(got, []byte("<h1>Inicio</h1>")) {
			t.Errorf("index.html = %q", got)
		}
	}
	if strings.Join(d.Paths(), " ") != "buscar/indice.json index.html" {
		t.Errorf("paths after Compact: %v", d.Paths())
	}

	// Write publishes a Set in a Store like any other.
	out := t.TempDir() + "/public"
	if _, err := Write(out, d); err != nil {
		t.Fatal(err)
	}
}
