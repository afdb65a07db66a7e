package build

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cabildo/bench/gen/sitegen"
	"cabildo/internal/output"
	"cabildo/internal/render"
	"github.com/kljensen/snowball/spanish"
)

// TestBuilderSearchIndexMatchesBuild: serve brings the search index of
// the last render up to date rather than writing it whole (render's
// searchstate.go). On a generated site large enough for frequent stems
// (files of their own) and many buckets, every kind of edit must give
// exactly a full build's output: a body, a title, a date that moves an
// item to the top, a release added and deleted, a word no other item has
// in a body and out of it, a stem that becomes frequent and stops being
// so, and new stems enough to double the buckets, then halve them.
func TestBuilderSearchIndexMatchesBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a site of 300 items")
	}
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := sitegen.Write(300, 1, sitegen.DefaultUntil, dir, ""); err != nil {
		t.Fatal(err)
	}
	opt := Options{Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	fsys := os.DirFS(dir)
	b := NewBuilder(fsys, opt)
	first := b.Update()
	sameResult(t, "first build", first, Build(fsys, opt))
	if first.Files == nil {
		t.Fatalf("the generated site does not build:\n%s", diagStrings(first))
	}
	var press string
	for _, p := range first.Site.Press {
		if !p.Date.After(opt.Now) {
			press = p.Doc.Path
			break
		}
	}
	text := readFile(t, dir, press)
	release := func(i int, title string) string {
		return fmt.Sprintf("---\ntitle: %q\ndate: 2026-11-%02dT10:00\nsummary: \"Un comunicado de la prueba.\"\n---\nTexto del comunicado %d.\n", title, i%25+1, i)
	}
	added := func(i int) string { return fmt.Sprintf("content/prensa/2026-11-%02d-prueba-%d.md", i%25+1, i) }

	// A stem just short of frequent, and a word that has it.
	counts, used := stemCounts(t, first.Files)
	stem, word := "", ""
	for s, n := range counts {
		if n < 256 && (stem == "" || n > counts[stem] || n == counts[stem] && s < stem) && stemOf(s) == s {
			stem, word = s, s
		}
	}
	if stem == "" || counts[stem] < 200 {
		t.Fatalf("no stem of 200 to 255 postings: %q %d", stem, counts[stem])
	}
	var many []string // files that make it frequent
	for i := range 256 - counts[stem] {
		many = append(many, added(100+i))
	}
	// Words of stems of their own, enough to double the buckets.
	var m struct{ Buckets int }
	readIndexJSON(t, first.Files, "manifiesto.json", &m)
	var fresh []string
	for i := 0; len(fresh) < m.Buckets*48-used+1; i++ {
		w := fmt.Sprintf("zk%c%c%ck", 'b'+i/400, 'b'+i/20%20, 'b'+i%20)
		if stemOf(w) == w {
			fresh = append(fresh, w)
		}
	}

	steps := []struct {
		name   string
		change func()
		paths  []string
	}{
		{"a body", func() { writeFile(t, dir, press, text+"\nUn párrafo nuevo sobre bibliotecas.\n") }, []string{press}},
		{"a body with a word of its own", func() { writeFile(t, dir, press, text+"\nUn párrafo sobre zkqqk.\n") }, []string{press}},
		{"and without it", func() { writeFile(t, dir, press, text+"\nUn párrafo.\n") }, []string{press}},
		{"a title", func() { writeFile(t, dir, press, replaceTitle(text, "Bibliotecas abiertas todo el verano")) }, []string{press}},
		{"a date that moves it to the top", func() {
			writeFile(t, dir, press, startLineDate(replaceTitle(text, "Bibliotecas abiertas todo el verano")))
		}, []string{press}},
		{"a release added", func() { writeFile(t, dir, added(1), release(1, "Comunicado nuevo")) }, []string{added(1)}},
		{"and deleted", func() { os.Remove(filepath.Join(dir, added(1))) }, []string{added(1)}},
		{"a stem becomes frequent", func() {
			for i, p := range many {
				writeFile(t, dir, p, release(100+i, "Sobre "+word))
			}
		}, many},
		{"and stops being so", func() {
			for _, p := range many {
				os.Remove(filepath.Join(dir, p))
			}
		}, many},
		{"stems enough to double the buckets", func() { writeFile(t, dir, added(2), release(2, strings.Join(fresh, " "))) }, []string{added(2)}},
		{"and halve them", func() { os.Remove(filepath.Join(dir, added(2))) }, []string{added(2)}},
		{"the body edited again", func() { writeFile(t, dir, press, text+"\nOtro párrafo.\n") }, []string{press}},
	}
	for _, s := range steps {
		s.change()
		got := b.Update(s.paths...)
		sameResult(t, s.name, got, Build(fsys, opt))
		if got.Files == nil {
			t.Fatalf("%s: the edit failed:\n%s", s.name, diagStrings(got))
		}
		_, freq := got.Files.Get("buscar/indice/p/" + stem + ".json")
		var m2 struct{ Buckets int }
		readIndexJSON(t, got.Files, "manifiesto.json", &m2)
		switch s.name {
		case "a stem becomes frequent":
			if !freq {
				t.Errorf("%s: %q has no file of its own", s.name, stem)
			}
		case "stems enough to double the buckets":
			if m2.Buckets != 2*m.Buckets {
				t.Errorf("%s: %d buckets, want %d", s.name, m2.Buckets, 2*m.Buckets)
			}
		default:
			if freq || m2.Buckets != m.Buckets {
				t.Errorf("%s: %q frequent %v, %d buckets; want false, %d", s.name, stem, freq, m2.Buckets, m.Buckets)
			}
		}
	}
}

func stemOf(w string) string { return spanish.Stem(render.Fold(w), true) }

// startLineDate moves a release's date to the last day before the
// tests' Now, after every generated item.
func startLineDate(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "date:") {
			lines[i] = "date: 2026-11-26T10:00"
			break
		}
	}
	return strings.Join(lines, "\n")
}

func readIndexJSON(t *testing.T, files *output.Set, name string, v any) {
	t.Helper()
	data, ok := files.Get("buscar/indice/" + name)
	if !ok {
		t.Fatalf("no buscar/indice/%s", name)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("buscar/indice/%s: %v", name, err)
	}
}

// stemCounts returns the number of postings of every stem of the index
// that has not a file of its own, and how many stems the index has.
func stemCounts(t *testing.T, files *output.Set) (map[string]int, int) {
	t.Helper()
	counts, used := map[string]int{}, 0
	for _, p := range files.Paths() {
		name, ok := strings.CutPrefix(p, "buscar/indice/t/")
		if !ok {
			continue
		}
		var bucket map[string]json.RawMessage
		readIndexJSON(t, files, "t/"+name, &bucket)
		for s, raw := range bucket {
			used++
			var lists [][]int
			if json.Unmarshal(raw, &lists) != nil {
				continue // 0: a frequent stem
			}
			for _, l := range lists {
				counts[s] += len(l)
			}
		}
	}
	if len(counts) == 0 {
		t.Fatal("no stem in the index")
	}
	return counts, used
}
