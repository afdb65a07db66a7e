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

// TestNewSetFromStore: the next output of a Set in a Store goes into the
// same Store; AddFrom takes a file of the previous output there without
// writing it again, and declines a file kept in another Store.
func TestNewSetFromStore(t *testing.T) {
	st, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	prev := NewSetIn(st)
	if err := prev.Add("prensa/index.html", []byte("<h1>Prensa</h1>")); err != nil {
		t.Fatal(err)
	}
	next := NewSetFrom(prev)
	if !next.InStore() {
		t.Fatalf("the next output of a Set in a Store is in memory")
	}
	before := st.size
	if ok, err := next.AddFrom(prev, "prensa/index.html"); !ok || err != nil {
		t.Fatalf("AddFrom: %v, %v", ok, err)
	}
	if st.size != before {
		t.Errorf("AddFrom wrote %d bytes into the Store", st.size-before)
	}
	if got, _ := next.Get("prensa/index.html"); string(got) != "<h1>Prensa</h1>" {
		t.Errorf("AddFrom gave %q", got)
	}
	if ok, err := next.AddFrom(prev, "prensa/index.html"); !ok || err == nil {
		t.Errorf("a second AddFrom of one path: %v, %v; want a duplicate", ok, err)
	}
	// A file added again with the same bytes is not written again;
	// other bytes are.
	if err := prev.Add("sitemap.xml", []byte("<urlset/>")); err != nil {
		t.Fatal(err)
	}
	before = st.size
	if err := next.Add("sitemap.xml", []byte("<urlset/>")); err != nil {
		t.Fatal(err)
	}
	if st.size != before {
		t.Errorf("the same bytes again grew the Store by %d", st.size-before)
	}
	if err := next.Replace("sitemap.xml", []byte("<urlset></urlset>")); err != nil {
		t.Fatal(err)
	}
	if got, _ := next.Get("sitemap.xml"); string(got) != "<urlset></urlset>" || st.size == before {
		t.Errorf("other bytes: %q, the Store grew by %d", got, st.size-before)
	}
	if got, _ := prev.Get("sitemap.xml"); string(got) != "<urlset/>" {
		t.Errorf("the previous output changed: %q", got)
	}
	if ok, _ := next.AddFrom(prev, "eventos/index.html"); ok {
		t.Errorf("AddFrom added a file the previous output lacks")
	}
	other, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := NewSetIn(other)
	if ok, _ := elsewhere.AddFrom(prev, "prensa/index.html"); ok || elsewhere.Has("prensa/index.html") {
		t.Errorf("AddFrom took a file from another Store")
	}
	// In memory, the bytes are shared.
	mem := NewSet()
	if err := mem.Add("a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	m2 := NewSetFrom(mem)
	if ok, err := m2.AddFrom(mem, "a.txt"); !ok || err != nil || m2.InStore() {
		t.Errorf("AddFrom in memory: %v, %v", ok, err)
	}
}
