package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cabildo/bench/gen/sitegen"
	"cabildo/internal/content"
)

// BenchmarkIncrementalEdit measures what an editor waits for under
// `cabildo serve` on a site of 10,000 items (bench/gen): one press release
// saved → the complete new output set, its lazy pages made (Settle: the
// work of an edit, ns/op), and until the page the edit shows was served
// (shown-ms/op: the Update and that page). "full" is a whole build of the
// same site, for comparison.
//
//	go test -run '^$' -bench IncrementalEdit -benchtime 10x ./internal/build
func BenchmarkIncrementalEdit(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a site of 10,000 items")
	}
	dir := b.TempDir()
	if _, err := sitegen.Write(10000, 1, sitegen.DefaultUntil, dir, ""); err != nil {
		b.Fatal(err)
	}
	opt := Options{Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	fsys := os.DirFS(dir)

	bu := NewBuilder(fsys, opt)
	bu.StoreDir = b.TempDir() // as serve keeps its output
	first := bu.Update()
	if first.Files == nil {
		b.Fatalf("the generated site does not build:\n%s", diagStrings(first))
	}
	// The press release to edit: one that is published.
	var name string
	for _, p := range first.Site.Press {
		if !p.Draft && !p.Date.After(opt.Now) {
			name = p.Doc.Path
			break
		}
	}
	orig, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		b.Fatal(err)
	}
	page := "prensa/" + strings.TrimSuffix(filepath.Base(name), ".md") + "/index.html"

	edits := 0 // across runs of "edit": each edit must change the text
	b.Run("edit", func(b *testing.B) {
		defer reportCPU(b)()
		ed := &editor{b: b, bu: bu}
		defer ed.report()
		var load, validate, render time.Duration
		for i := range b.N {
			edits++
			marker := fmt.Sprintf("Edición número %d.", edits)
			if err := os.WriteFile(filepath.Join(dir, name), append(append([]byte{}, orig...), "\n"+marker+"\n"...), 0o644); err != nil {
				b.Fatal(err)
			}
			res := ed.update(page, name)
			if res.Files == nil {
				b.Fatalf("edit %d failed:\n%s", i, diagStrings(res))
			}
			if got, _ := res.Files.Get(page); !strings.Contains(string(got), marker) {
				b.Fatalf("edit %d is not in %s", i, page)
			}
			st := bu.Stats()
			if st.Decoded != 1 || st.Rescanned {
				b.Fatalf("edit %d: decoded %d files, rescanned %v; want 1 and false", i, st.Decoded, st.Rescanned)
			}
			if st.BodiesRendered != 1 || st.BodiesReused < 9000 {
				b.Fatalf("edit %d: %d bodies rendered, %d reused; want 1 and the rest", i, st.BodiesRendered, st.BodiesReused)
			}
			load += st.Load
			validate += st.Validate
			render += st.Render
		}
		b.ReportMetric(float64(first.Files.Len()), "files")
		b.ReportMetric(float64(load.Milliseconds())/float64(b.N), "load-ms/op")
		b.ReportMetric(float64(validate.Milliseconds())/float64(b.N), "validate-ms/op")
		b.ReportMetric(float64(render.Milliseconds())/float64(b.N), "render-ms/op")
	})
	// A front-matter edit: the title, which lists, feeds, the search
	// index and the sitemap's neighbours show.
	b.Run("title", func(b *testing.B) {
		defer reportCPU(b)()
		frontMatterEdits(b, bu, dir, name, page, func() (string, string) {
			edits++
			title := fmt.Sprintf("Título corregido %d", edits)
			return replaceTitle(string(orig), title), title
		})
	})
	// An event's start time, which its page, its .ics, the calendars,
	// the lists of events and the agendas show: of an event that starts
	// on the hour.
	var event string
	for _, e := range first.Site.Events {
		if !e.AllDay() && e.Recurrence == "" && e.Start.Time.Minute() == 0 {
			event = e.Doc.Path
			break
		}
	}
	eventOrig, err := os.ReadFile(filepath.Join(dir, event))
	if err != nil {
		b.Fatal(err)
	}
	m := startLine.FindSubmatchIndex(eventOrig)
	if m == nil {
		b.Fatalf("%s has no start time", event)
	}
	eventPage := "eventos/" + strings.TrimSuffix(filepath.Base(event), ".md") + "/index.html"
	b.Run("event", func(b *testing.B) {
		defer reportCPU(b)()
		frontMatterEdits(b, bu, dir, event, eventPage, func() (string, string) {
			edits++
			// 1 to 14 minutes past its hour, another than the last edit's:
			// bench/gen ends events at least 30 minutes after they start.
			hm := string(eventOrig[m[2]:m[2]+3]) + fmt.Sprintf("%02d", 1+edits%14)
			return string(eventOrig[:m[2]]) + hm + string(eventOrig[m[3]:]), hm
		})
	})
	// A new release at the top of the list, then its deletion: every
	// page of the lists it is in shifts by one card.
	var added []string
	b.Run("added", func(b *testing.B) {
		defer reportCPU(b)()
		ed := &editor{b: b, bu: bu}
		defer ed.report()
		for range b.N {
			edits++
			slug := fmt.Sprintf("2026-11-%02d-comunicado-agregado-%d", 1+edits%26, edits)
			rel := "content/prensa/" + slug + ".md"
			text := fmt.Sprintf("---\ntitle: \"Comunicado agregado %d\"\ndate: 2026-11-%02dT10:00\nsummary: \"Agregado por la prueba.\"\ntopics: [participacion]\n---\nTexto %d.\n", edits, 1+edits%26, edits)
			if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
			res := ed.update("prensa/"+slug+"/index.html", rel)
			if res.Files == nil {
				b.Fatalf("adding %s failed:\n%s", rel, diagStrings(res))
			}
			if !res.Files.Has("prensa/" + slug + "/index.html") {
				b.Fatalf("%s has no page", rel)
			}
			added = append(added, rel)
		}
	})
	b.Run("deleted", func(b *testing.B) {
		defer reportCPU(b)()
		ed := &editor{b: b, bu: bu}
		defer ed.report()
		for range b.N {
			if len(added) == 0 {
				b.Skip("nothing left that added wrote")
			}
			rel := added[len(added)-1]
			added = added[:len(added)-1]
			if err := os.Remove(filepath.Join(dir, rel)); err != nil {
				b.Fatal(err)
			}
			res := ed.update("prensa/index.html", rel)
			if res.Files == nil {
				b.Fatalf("deleting %s failed:\n%s", rel, diagStrings(res))
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		defer reportCPU(b)()
		for range b.N {
			if res := Build(fsys, opt); res.Files == nil {
				b.Fatal("full build failed")
			}
		}
	})
}

// startLine is an event's start time in its front matter: the time of
// day is the first group.
var startLine = regexp.MustCompile(`(?m)^start: \d{4}-\d\d-\d\dT(\d\d:\d\d)$`)

// replaceTitle replaces the value of the front matter's title line.
func replaceTitle(src, title string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "title:") {
			lines[i] = "title: \"" + title + "\""
			break
		}
	}
	return strings.Join(lines, "\n")
}

// frontMatterEdits saves b.N edits of the file name of the site in dir,
// each the text next returns, updates bu after each and checks that page
// then shows what next said it would; it reports the time validation and
// the render took.
func frontMatterEdits(b *testing.B, bu *Builder, dir, name, page string, next func() (text, want string)) {
	ed := &editor{b: b, bu: bu}
	defer ed.report()
	var validate, render time.Duration
	for range b.N {
		text, want := next()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		res := ed.update(page, name)
		if res.Files == nil {
			b.Fatalf("edit of %s failed:\n%s", name, diagStrings(res))
		}
		if got, _ := res.Files.Get(page); !strings.Contains(string(got), want) {
			b.Fatalf("%q is not in %s", want, page)
		}
		st := bu.Stats()
		validate += st.Validate
		render += st.Render
	}
	b.ReportMetric(float64(validate.Milliseconds())/float64(b.N), "validate-ms/op")
	b.ReportMetric(float64(render.Milliseconds())/float64(b.N), "render-ms/op")
}

// editor makes the edits of a benchmark as serve does: the Builder's
// Update, the rest of the output made from then on (Settle) while the
// page the edit shows is read (made then if it is lazy), and the Store
// compacted when it wastes too much.
type editor struct {
	b     *testing.B
	bu    *Builder
	shown time.Duration // from each Update's start until its page was read
}

// update updates the Builder after the edit of paths, reads page, and
// settles the output.
func (e *editor) update(page string, paths ...string) Result {
	start := time.Now()
	res := e.bu.Update(paths...)
	if res.Files == nil {
		return res
	}
	// As serve does: the output settles from the moment it is
	// published, while the browser asks for the page.
	settled := make(chan content.Diagnostics)
	go func() { settled <- res.Settle() }()
	res.Files.Get(page)
	e.shown += time.Since(start)
	if late := <-settled; len(late) > 0 {
		e.b.Fatalf("the edit of %s left pages that could not be made: %v", paths, late)
	}
	e.bu.Compact() // as serve does after an edit shows
	return res
}

func (e *editor) report() {
	e.b.ReportMetric(float64(e.shown.Microseconds())/1000/float64(e.b.N), "shown-ms/op")
}
