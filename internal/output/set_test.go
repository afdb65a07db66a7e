package output

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestCheckPath(t *testing.T) {
	valid := []string{
		"index.html",
		"prensa/mi-nota/index.html",
		"eventos/calendario.ics",
		".well-known/security.txt",
		"contactos/peñalolén.vcf",
		"a..b/c...html",
		"x/.cabildo", // reserved only at the root
	}
	for _, p := range valid {
		if err := CheckPath(p); err != nil {
			t.Errorf("CheckPath(%q) = %v, want nil", p, err)
		}
	}
	invalid := []string{
		"",
		"/etc/passwd",
		"//server/share",
		"../secreto",
		"prensa/../../secreto",
		"prensa/..",
		"..",
		".",
		"./index.html",
		"prensa/./index.html",
		"prensa//index.html",
		"prensa/",
		`prensa\index.html`,
		`..\..\secreto`,
		"C:/Windows/system.ini",
		"c:secreto",
		"a\x00b",
		"línea\nnueva",
		"\x7f",
		"\xff\xfe.html",
		".cabildo",
	}
	for _, p := range invalid {
		err := CheckPath(p)
		if !errors.Is(err, ErrInvalidPath) {
			t.Errorf("CheckPath(%q) = %v, want ErrInvalidPath", p, err)
		}
		if err := new(Set).Add(p, nil); !errors.Is(err, ErrInvalidPath) {
			t.Errorf("Add(%q) = %v, want ErrInvalidPath", p, err)
		}
	}
}

func TestAddDuplicate(t *testing.T) {
	var s Set
	if err := s.Add("prensa/a/index.html", []byte("uno")); err != nil {
		t.Fatal(err)
	}
	err := s.Add("prensa/a/index.html", []byte("dos"))
	if !errors.Is(err, ErrDuplicate) {
		t.Fatalf("second Add = %v, want ErrDuplicate", err)
	}
	for _, want := range []string{"dos archivos generan la misma ruta", "prensa/a/index.html"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if got, _ := s.Get("prensa/a/index.html"); string(got) != "uno" {
		t.Errorf("a failed Add changed the content to %q", got)
	}
}

func TestFileDirectoryConflict(t *testing.T) {
	var s Set
	must(t, s.Add("prensa/index.html", nil))
	must(t, s.Add("prensa/a/index.html", nil))
	for _, p := range []string{"prensa", "prensa/a", "prensa/index.html/x", "prensa/a/index.html/y/z"} {
		if err := s.Add(p, nil); !errors.Is(err, ErrInvalidPath) {
			t.Errorf("Add(%q) = %v, want a file/directory conflict", p, err)
		}
		if err := s.Replace(p, nil); !errors.Is(err, ErrInvalidPath) {
			t.Errorf("Replace(%q) = %v, want a file/directory conflict", p, err)
		}
	}
	// Once nothing lies below "prensa/a", it may become a file.
	s.Remove("prensa/a/index.html")
	must(t, s.Add("prensa/a", nil))
}

func TestReplaceRemoveGet(t *testing.T) {
	var s Set
	must(t, s.Replace("a.html", []byte("1"))) // Replace also adds
	must(t, s.Replace("a.html", []byte("2")))
	if got, ok := s.Get("a.html"); !ok || string(got) != "2" {
		t.Errorf("Get after Replace = %q, %v; want \"2\", true", got, ok)
	}
	if !s.Remove("a.html") || s.Remove("a.html") {
		t.Error("Remove should report true once, then false")
	}
	if _, ok := s.Get("a.html"); ok || s.Len() != 0 {
		t.Errorf("removed path still present (Len %d)", s.Len())
	}
	must(t, s.Add("a.html", []byte("3"))) // no longer a duplicate
}

func TestPathsSorted(t *testing.T) {
	var s Set
	in := []string{"z.html", "a/b.html", "a.html", "a-b/c.html", "eventos/calendario.ics"}
	for _, p := range in {
		must(t, s.Add(p, nil))
	}
	want := slices.Sorted(slices.Values(in))
	if got := s.Paths(); !slices.Equal(got, want) {
		t.Errorf("Paths() = %q, want %q", got, want)
	}
	if s.Len() != len(in) {
		t.Errorf("Len() = %d, want %d", s.Len(), len(in))
	}
}

// TestConcurrentAdd races many goroutines adding distinct paths and, on
// a shared set of paths, contending duplicates: each contended path must
// be won by exactly one of them. Run with -race.
func TestConcurrentAdd(t *testing.T) {
	const goroutines, each = 8, 500
	var (
		s    Set
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins = map[string]int{}
	)
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				must(t, s.Add(fmt.Sprintf("g%d/%d/index.html", g, i), []byte{byte(i)}))
				shared := fmt.Sprintf("compartido/%d.html", i)
				switch err := s.Add(shared, []byte{byte(g)}); {
				case err == nil:
					mu.Lock()
					wins[shared]++
					mu.Unlock()
				case !errors.Is(err, ErrDuplicate):
					t.Errorf("Add(%q) = %v", shared, err)
				}
				s.Get(shared)
				s.Len()
			}
		})
	}
	wg.Wait()
	if got, want := s.Len(), goroutines*each+each; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	for p, n := range wins {
		if n != 1 {
			t.Errorf("%s added %d times", p, n)
		}
	}
	if len(wins) != each {
		t.Errorf("%d shared paths added, want %d", len(wins), each)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Error(err)
	}
}
