package output

import (
	"bytes"
	"errors"
	"slices"
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

// TestDeriveStore: the next output of a Set in a Store goes into the
// same Store; Keep claims a file of the previous output there without
// writing it again; Add of the same bytes keeps them where they are, of
// other bytes appends them; Prune drops what the render did not claim;
// the previous output stays as it was.
func TestDeriveStore(t *testing.T) {
	st, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	prev := NewSetIn(st)
	for p, data := range map[string]string{"prensa/index.html": "<h1>Prensa</h1>", "sitemap.xml": "<urlset/>", "feed.xml": "<feed/>", "viejo/index.html": "viejo"} {
		if err := prev.Add(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	next := Derive(prev)
	if !next.InStore() {
		t.Fatalf("the next output of a Set in a Store is in memory")
	}
	before := st.size
	if ok, err := next.Keep("prensa/index.html"); !ok || err != nil {
		t.Fatalf("Keep: %v, %v", ok, err)
	}
	if st.size != before {
		t.Errorf("Keep wrote %d bytes into the Store", st.size-before)
	}
	if got, _ := next.Get("prensa/index.html"); string(got) != "<h1>Prensa</h1>" {
		t.Errorf("Keep gave %q", got)
	}
	if ok, err := next.Keep("prensa/index.html"); !ok || !errors.Is(err, ErrDuplicate) {
		t.Errorf("a second Keep of one path: %v, %v; want a duplicate", ok, err)
	}
	// A file added again with the same bytes is not written again;
	// other bytes are.
	if err := next.Add("sitemap.xml", []byte("<urlset/>")); err != nil {
		t.Fatal(err)
	}
	if st.size != before {
		t.Errorf("the same bytes again grew the Store by %d", st.size-before)
	}
	if err := next.Add("sitemap.xml", []byte("<urlset/>")); !errors.Is(err, ErrDuplicate) {
		t.Errorf("a second Add of one path: %v; want a duplicate", err)
	}
	if err := next.Add("feed.xml", []byte("<feed></feed>")); err != nil {
		t.Fatal(err)
	}
	if got, _ := next.Get("feed.xml"); string(got) != "<feed></feed>" || st.size == before {
		t.Errorf("other bytes: %q, the Store grew by %d", got, st.size-before)
	}
	if ok, _ := next.Keep("eventos/index.html"); ok {
		t.Errorf("Keep claimed a file the previous output lacks")
	}
	if gone := next.Prune(); !slices.Equal(gone, []string{"viejo/index.html"}) {
		t.Errorf("Prune removed %q; want the one file not claimed", gone)
	}
	if got := next.Paths(); !slices.Equal(got, []string{"feed.xml", "prensa/index.html", "sitemap.xml"}) {
		t.Errorf("after Prune: %q", got)
	}
	if got, _ := prev.Get("feed.xml"); string(got) != "<feed/>" || prev.Len() != 4 {
		t.Errorf("the previous output changed: %q, %d files", got, prev.Len())
	}
	// In memory, the bytes are shared.
	mem := NewSet()
	if err := mem.Add("a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	m2 := Derive(mem)
	if ok, err := m2.Keep("a.txt"); !ok || err != nil || m2.InStore() {
		t.Errorf("Keep in memory: %v, %v", ok, err)
	}
	a, _ := mem.Get("a.txt")
	if b, _ := m2.Get("a.txt"); &a[0] != &b[0] {
		t.Errorf("Keep copied the bytes")
	}
}

// TestDeriveConflicts: a file of the previous output that the render has
// not claimed gives way to a new file at its folder's place, or to a
// folder at its own; a file this render made does not.
func TestDeriveConflicts(t *testing.T) {
	prev := NewSet()
	for _, p := range []string{"a/b/index.html", "c"} {
		if err := prev.Add(p, []byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	next := Derive(prev)
	if err := next.Add("a/b", []byte("ahora un archivo")); err != nil {
		t.Errorf("a file where an unclaimed folder was: %v", err)
	}
	if err := next.Add("c/index.html", []byte("ahora una carpeta")); err != nil {
		t.Errorf("a folder where an unclaimed file was: %v", err)
	}
	if err := next.Add("a/b/otro.html", nil); !errors.Is(err, ErrInvalidPath) {
		t.Errorf("inside a file of this render: %v; want ErrInvalidPath", err)
	}
	if err := next.Add("c", nil); !errors.Is(err, ErrInvalidPath) {
		t.Errorf("a file where this render's folder is: %v; want ErrInvalidPath", err)
	}
	next.Prune()
	if got := next.Paths(); !slices.Equal(got, []string{"a/b", "c/index.html"}) {
		t.Errorf("after Prune: %q", got)
	}
}

// TestStoreTail: the bytes a Store gathers before it writes them, and
// those it wrote, read back the same, whatever their sizes (one larger
// than what it gathers) and however they fall on a write.
func TestStoreTail(t *testing.T) {
	st, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.tailMax = 3 << 20
	var offs []int64
	var files [][]byte
	for i := range 300 {
		n := 1 + (i*7919)%40000
		if i == 150 {
			n = storeChunk + 12345
		}
		data := bytes.Repeat([]byte{byte(i)}, n)
		off, err := st.append(data)
		if err != nil {
			t.Fatal(err)
		}
		offs, files = append(offs, off), append(files, data)
	}
	if st.written == 0 || st.written == st.size {
		t.Fatalf("the Store wrote %d bytes of %d to its file; want some, not all", st.written, st.size)
	}
	readBack := func(when string) {
		for i, data := range files {
			got, err := st.read(offs[i], int64(len(data)))
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("%s: file %d (%d bytes at %d): %v, read back other bytes", when, i, len(data), offs[i], err)
			}
		}
	}
	readBack("gathered")
	st.Flush()
	if st.written != st.size || st.chunks != nil {
		t.Errorf("Flush left %d bytes gathered", st.size-st.written)
	}
	readBack("flushed")
}
