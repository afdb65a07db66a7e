package output

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestAddLazy: a lazy file is made once, when first read, by Get or by
// Settle, whichever comes first; one that cannot be made is removed and
// its error returned once.
func TestAddLazy(t *testing.T) {
	s := NewSet()
	var calls atomic.Int32
	lazyFile := func(data string, err error) func() ([]byte, error) {
		return func() ([]byte, error) {
			calls.Add(1)
			if err != nil {
				return nil, err
			}
			return []byte(data), nil
		}
	}
	if err := s.AddLazy("a/index.html", lazyFile("<h1>A</h1>", nil)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLazy("b/index.html", lazyFile("<h1>B</h1>", nil)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLazy("roto/index.html", lazyFile("", errors.New("roto: falla la plantilla"))); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLazy("a/index.html", lazyFile("otra", nil)); !errors.Is(err, ErrDuplicate) {
		t.Errorf("a second AddLazy of one path: %v; want a duplicate", err)
	}
	if err := s.AddLazy("../fuera", lazyFile("x", nil)); !errors.Is(err, ErrInvalidPath) {
		t.Errorf("AddLazy of ../fuera: %v; want an invalid path", err)
	}
	if n := calls.Load(); n != 0 {
		t.Fatalf("AddLazy made %d files before they were read", n)
	}
	if !s.Has("a/index.html") || s.Len() != 3 {
		t.Errorf("the lazy files are not in the Set: %q", s.Paths())
	}
	// Many readers at once: made once, the same bytes for all.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got, ok := s.Get("a/index.html"); !ok || string(got) != "<h1>A</h1>" {
				t.Errorf("Get: %q, %v", got, ok)
			}
		})
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("8 readers made the file %d times; want 1", n)
	}
	err := s.Settle()
	if err == nil || !strings.Contains(err.Error(), "falla la plantilla") {
		t.Errorf("Settle: %v; want the broken file's error", err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("Settle made %d files in all; want 3", n)
	}
	if got, ok := s.Get("b/index.html"); !ok || string(got) != "<h1>B</h1>" {
		t.Errorf("after Settle: %q, %v", got, ok)
	}
	if s.Has("roto/index.html") {
		t.Errorf("a file that could not be made is still in the Set")
	}
	if err := s.Settle(); err != nil || calls.Load() != 3 {
		t.Errorf("a second Settle: %v, %d files made; want nothing", err, calls.Load())
	}
}

// TestAddLazyKeepsBytes: a lazy file that comes out as the previous
// output had it keeps the previous bytes, and grows no Store; Derive makes
// the previous output's lazy files before it copies them, since what they
// read is about to change.
func TestAddLazyKeepsBytes(t *testing.T) {
	st, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	prev := NewSetIn(st)
	for _, p := range []string{"prensa/index.html", "prensa/pagina/2/index.html"} {
		if err := prev.Add(p, []byte("igual "+p)); err != nil {
			t.Fatal(err)
		}
	}
	next := Derive(prev)
	before := st.size
	if err := next.AddLazy("prensa/index.html", func() ([]byte, error) { return []byte("igual prensa/index.html"), nil }); err != nil {
		t.Fatal(err)
	}
	if err := next.AddLazy("prensa/pagina/2/index.html", func() ([]byte, error) { return []byte("otra página"), nil }); err != nil {
		t.Fatal(err)
	}
	if gone := next.Prune(); len(gone) != 0 {
		t.Errorf("Prune removed the lazy files: %q", gone)
	}
	if err := next.Settle(); err != nil {
		t.Fatal(err)
	}
	if grew := st.size - before; grew != int64(len("otra página")) {
		t.Errorf("the Store grew by %d bytes; want only the page that changed (%d)", grew, len("otra página"))
	}
	if next.size != int64(len("igual prensa/index.html")+len("otra página")) {
		t.Errorf("size %d after Settle", next.size)
	}
	if got, _ := next.Get("prensa/pagina/2/index.html"); string(got) != "otra página" {
		t.Errorf("Get: %q", got)
	}

	made := false
	if err := next.AddLazy("nuevo.html", func() ([]byte, error) { made = true; return []byte("nuevo"), nil }); err != nil {
		t.Fatal(err)
	}
	third := Derive(next)
	if !made {
		t.Errorf("Derive copied a lazy file without making it")
	}
	if got, _ := third.Get("nuevo.html"); string(got) != "nuevo" {
		t.Errorf("the derived Set has %q", got)
	}
}
