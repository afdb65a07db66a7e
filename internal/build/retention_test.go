package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"cabildo/bench/gen/sitegen"
)

// copySink collects what a streaming build hands over, copying it as a
// Stager writes it.
type copySink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (c *copySink) Add(p string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	c.files[p] = bytes.Clone(data)
	return nil
}

// assertOneShotSame builds fsys with each of the two policies of what is
// kept (Retention), which choose how a render holds the bodies
// (render/bodies.go): a one-shot build (KeepNothing, streamed to a sink)
// and the first Update of serve's Builder (KeepAll, in memory). Both must
// give the same diagnostics and, when they succeed, the same bytes: the
// policy must change only how much memory a build holds.
func assertOneShotSame(t *testing.T, fsys fs.FS) {
	t.Helper()
	opt := withImages(Options{Now: testNow})
	full := NewBuilder(fsys, opt).Update()
	sink := new(copySink)
	opt.Out = sink
	lean := Build(fsys, opt)
	diagText := func(r Result) string {
		var b strings.Builder
		for _, d := range r.Diags {
			b.WriteString(d.Error() + "\n")
		}
		return b.String()
	}
	if a, b := diagText(full), diagText(lean); a != b {
		t.Fatalf("diagnostics differ:\nkept:\n%s\none-shot:\n%s", a, b)
	}
	if full.Files == nil {
		return
	}
	paths := full.Files.Paths()
	if len(paths) != len(sink.files) {
		t.Errorf("%d files kept, %d streamed by the one-shot build", len(paths), len(sink.files))
	}
	for _, p := range paths {
		want, _ := full.Files.Get(p)
		if got, ok := sink.files[p]; !ok {
			t.Errorf("%s: not streamed", p)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s: the one-shot build's bytes differ from the kept build's", p)
		}
	}
}

func TestOneShotSameAsKept(t *testing.T) {
	// With the default budget every body of these small sites stays in
	// memory; with one byte, every body but the first is read again
	// when it is rendered.
	for _, budget := range []int64{leanBodyBudget, 1} {
		t.Run(fmt.Sprintf("budget=%d", budget), func(t *testing.T) {
			defer func(old int64) { leanBodyBudget = old }(leanBodyBudget)
			leanBodyBudget = budget
			testOneShotSameAsKept(t)
		})
	}
}

func testOneShotSameAsKept(t *testing.T) {
	t.Run("example", func(t *testing.T) {
		assertOneShotSame(t, os.DirFS("../.."))
	})
	t.Run("generated", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		if _, err := sitegen.Write(400, 3, sitegen.DefaultUntil, dir, ""); err != nil {
			t.Fatal(err)
		}
		assertOneShotSame(t, os.DirFS(dir))
	})
	// Every class of editor mistake reports the same diagnostics.
	files, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			_, fsys, _ := errorCase(t, file)
			assertOneShotSame(t, fsys)
		})
	}
}

// TestKeptBuilderStreams: a Builder that keeps everything and is given a
// sink renders each Update in full into it (a sink is not a Set its
// pages can be taken from), with the same bytes and diagnostics as a
// build in memory; the kept bodies are reused.
func TestKeptBuilderStreams(t *testing.T) {
	dir := copyExampleSite(t)
	fsys := os.DirFS(dir)
	opt := withImages(Options{Now: testNow})
	sink := new(copySink)
	kept := opt
	kept.Out = sink
	b := NewBuilder(fsys, kept)
	check := func(step string, res Result) {
		t.Helper()
		want := Build(fsys, opt)
		if res.Files != nil {
			t.Fatalf("%s: Files set with a sink", step)
		}
		if got, want := diagStrings(res), diagStrings(want); got != want {
			t.Fatalf("%s: diagnostics differ\nstreamed:\n%s\nin memory:\n%s", step, got, want)
		}
		if len(sink.files) != want.Files.Len() {
			t.Errorf("%s: %d files streamed, %d in memory", step, len(sink.files), want.Files.Len())
		}
		for _, p := range want.Files.Paths() {
			w, _ := want.Files.Get(p)
			if !bytes.Equal(sink.files[p], w) {
				t.Errorf("%s: %s differs", step, p)
			}
		}
		sink.files = nil
	}
	check("first build", b.Update())
	const press = "content/prensa/2026-11-06-presupuesto-participativo.md"
	edit(t, dir, press, "\n---\n", "\n---\n\nPárrafo nuevo.\n")
	check("edit a body", b.Update(press))
	if st := b.Stats(); st.Decoded != 1 || st.BodiesRendered != 1 || st.BodiesReused == 0 {
		t.Errorf("after one edit: %+v; want a full render of one new body, the others reused", st)
	}
}
