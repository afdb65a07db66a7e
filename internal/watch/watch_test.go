package watch

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

const (
	// testDebounce is longer than the default so that a loaded machine
	// (go test runs packages in parallel on two cores) cannot pause a
	// scripted save long enough to split it into two bursts.
	testDebounce = 200 * time.Millisecond
	testPoll     = 20 * time.Millisecond

	// waitBatch bounds how long a test waits for an expected batch: long,
	// because it only matters when the test is failing.
	waitBatch = 10 * time.Second
	// quiet is how long a test watches for a batch that must not come,
	// after the one it expected. It spans several polls and debounces.
	quiet = 600 * time.Millisecond
)

type mode struct {
	name    string
	polling bool
	opts    []Option
}

var modes = []mode{
	{"inotify", false, []Option{WithDebounce(testDebounce)}},
	{"polling", true, []Option{WithDebounce(testDebounce), WithPolling(testPoll)}},
}

// forModes runs test once with each way of watching.
func forModes(t *testing.T, test func(t *testing.T, m mode)) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			test(t, m)
		})
	}
}

// start watches root and fails the test if the watcher reports any error or
// does not watch the way m says.
func start(t *testing.T, root string, m mode, opts ...Option) *Watcher {
	t.Helper()
	w, err := New(root, append(slices.Clone(m.opts), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		for err := range w.Errors() {
			t.Errorf("unexpected error from the watcher: %v", err)
		}
	})
	if w.Polling() != m.polling {
		t.Fatalf("Polling() = %v, want %v", w.Polling(), m.polling)
	}
	return w
}

// expect waits for the next batch, requires it to be want, and then requires
// that no other batch follows.
func expect(t *testing.T, w *Watcher, want ...Change) {
	t.Helper()
	select {
	case got, ok := <-w.Batches():
		if !ok {
			t.Fatal("Batches closed")
		}
		if !slices.Equal(got, Batch(want)) {
			t.Fatalf("got batch\n\t%v\nwant\n\t%v", got, Batch(want))
		}
	case <-time.After(waitBatch):
		t.Fatalf("no batch within %v; want %v", waitBatch, Batch(want))
	}
	select {
	case got := <-w.Batches():
		t.Fatalf("got a second batch %v", got)
	case <-time.After(quiet):
	}
}

func created(p string) Change  { return Change{p, Created} }
func modified(p string) Change { return Change{p, Modified} }
func removed(p string) Change  { return Change{p, Removed} }

// tree creates files under root: paths ending in "/" are folders.
func tree(t *testing.T, root string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if strings.HasSuffix(p, "/") {
			mkdir(t, root, p)
			continue
		}
		write(t, root, p, "contenido de "+p)
	}
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	name := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(rel)), 0o755); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, root, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func TestWrite(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "a.md", "sub/b.md")
		w := start(t, root, m)

		// Polling compares sizes and times; a longer text makes the
		// change visible even within one tick of the file system clock.
		write(t, root, "a.md", "contenido nuevo, más largo que el anterior")
		expect(t, w, modified("a.md"))

		write(t, root, "sub/c.md", "nuevo")
		expect(t, w, created("sub/c.md"))
	})
}

func TestAtomicSave(t *testing.T) {
	saves := []struct {
		editor string
		save   func(t *testing.T, dir string)
	}{
		{"vim", func(t *testing.T, dir string) {
			write(t, dir, ".file.md.swp", "swap")
			write(t, dir, "4913", "") // may I create files here?
			remove(t, dir, "4913")
			rename(t, dir, "file.md", "file.md~")
			write(t, dir, "file.md", "guardado por vim, más largo")
			if err := os.Chmod(filepath.Join(dir, "file.md"), 0o644); err != nil {
				t.Fatal(err)
			}
			remove(t, dir, "file.md~")
			remove(t, dir, ".file.md.swp")
		}},
		{"vscode", func(t *testing.T, dir string) {
			write(t, dir, "file.md.tmp", "guardado por VS Code, más largo")
			rename(t, dir, "file.md.tmp", "file.md")
		}},
		{"vscode-hidden", func(t *testing.T, dir string) {
			write(t, dir, ".file.md.tmp.1234", "guardado por Atom, más largo")
			rename(t, dir, ".file.md.tmp.1234", "file.md")
		}},
		{"jetbrains", func(t *testing.T, dir string) {
			write(t, dir, "file.md___jb_tmp___", "guardado por JetBrains, más largo")
			rename(t, dir, "file.md", "file.md___jb_old___")
			rename(t, dir, "file.md___jb_tmp___", "file.md")
			remove(t, dir, "file.md___jb_old___")
		}},
		{"emacs", func(t *testing.T, dir string) {
			if err := os.Symlink("editor@pc.1234:1700000000", filepath.Join(dir, ".#file.md")); err != nil {
				t.Fatal(err)
			}
			write(t, dir, "#file.md#", "autoguardado")
			rename(t, dir, "file.md", "file.md~")
			write(t, dir, "file.md", "guardado por emacs, más largo")
			remove(t, dir, "#file.md#")
			remove(t, dir, ".#file.md")
		}},
		{"gedit", func(t *testing.T, dir string) {
			write(t, dir, ".goutputstream-X1Y2Z3", "guardado por gedit, más largo")
			rename(t, dir, ".goutputstream-X1Y2Z3", "file.md")
		}},
	}
	forModes(t, func(t *testing.T, m mode) {
		for _, s := range saves {
			t.Run(s.editor, func(t *testing.T) {
				root := t.TempDir()
				tree(t, root, "content/file.md")
				w := start(t, root, m)
				s.save(t, filepath.Join(root, "content"))
				expect(t, w, modified("content/file.md"))
			})
		}
	})
}

func TestNewFolders(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		w := start(t, root, m)

		// mkdir -p and a write right after, many times over: the files
		// are created before any watch can be added to their folders.
		var want []Change
		for i := range 20 {
			p := fmt.Sprintf("n%02d/b/c/x.md", i)
			write(t, root, p, "hola")
			want = append(want, created(p))
		}
		write(t, root, "n00/y.md", "hola")
		want = append(want, created("n00/y.md"))
		slices.SortFunc(want, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
		expect(t, w, want...)

		// And the new folders are watched.
		write(t, root, "n07/b/c/z.md", "hola")
		expect(t, w, created("n07/b/c/z.md"))
	})
}

func TestRenameFolder(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "content/eventos/uno.md", "content/eventos/sub/dos.md", "content/otro.md")
		w := start(t, root, m)

		rename(t, root, "content/eventos", "content/eventos2")
		expect(t, w,
			removed("content/eventos/sub/dos.md"),
			removed("content/eventos/uno.md"),
			created("content/eventos2/sub/dos.md"),
			created("content/eventos2/uno.md"),
		)

		// The folder is watched under its new name, including its
		// subfolders, and events carry the new name.
		write(t, root, "content/eventos2/sub/tres.md", "tres")
		expect(t, w, created("content/eventos2/sub/tres.md"))
		write(t, root, "content/eventos2/uno.md", "uno, modificado y más largo")
		expect(t, w, modified("content/eventos2/uno.md"))

		// A new folder under the old name is a different folder.
		write(t, root, "content/eventos/nuevo.md", "nuevo")
		expect(t, w, created("content/eventos/nuevo.md"))
	})
}

func TestMoveInAndOut(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root, outside := t.TempDir(), t.TempDir()
		tree(t, root, "content/viejo/a.md")
		tree(t, outside, "nuevo/sub/b.md")
		w := start(t, root, m)

		if err := os.Rename(filepath.Join(root, "content/viejo"), filepath.Join(outside, "viejo")); err != nil {
			t.Fatal(err)
		}
		expect(t, w, removed("content/viejo/a.md"))

		if err := os.Rename(filepath.Join(outside, "nuevo"), filepath.Join(root, "content/nuevo")); err != nil {
			t.Fatal(err)
		}
		expect(t, w, created("content/nuevo/sub/b.md"))

		// What moved out is no longer watched; what moved in is.
		write(t, outside, "viejo/a.md", "fuera del sitio, más largo")
		write(t, root, "content/nuevo/sub/c.md", "c")
		expect(t, w, created("content/nuevo/sub/c.md"))
	})
}

func TestRemove(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "a.md", "content/x/uno.md", "content/x/y/dos.md", "content/x/y/z/", "content/otro.md")
		w := start(t, root, m)

		remove(t, root, "a.md")
		expect(t, w, removed("a.md"))

		remove(t, root, "content/x")
		expect(t, w, removed("content/x/uno.md"), removed("content/x/y/dos.md"))
	})
}

func TestBurst(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		var want []Change
		for i := range 50 {
			p := fmt.Sprintf("content/f%02d.md", i)
			tree(t, root, p)
			want = append(want, modified(p))
		}
		w := start(t, root, m)

		begin := time.Now()
		for round := range 4 {
			for i := range 50 {
				write(t, root, fmt.Sprintf("content/f%02d.md", i), strings.Repeat("x", 100+round))
			}
		}
		t.Logf("200 writes in %v", time.Since(begin))
		expect(t, w, want...)
	})
}

// TestLongBurst spreads a burst over more than a polling interval, with
// pauses much shorter than the debounce: it is still one batch. Polling ticks
// here are slower than the debounce, as with the defaults, so a tick lands in
// the middle of the burst and only the scans that follow it can tell that the
// burst goes on.
func TestLongBurst(t *testing.T) {
	const (
		debounce = 400 * time.Millisecond
		pause    = 10 * time.Millisecond // 40 times shorter: margin for a loaded machine
	)
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "a.md")
		opts := []Option{WithDebounce(debounce)}
		if m.polling {
			opts = append(opts, WithPolling(debounce*3/2))
		}
		w := start(t, root, m, opts...)

		var (
			want    []Change
			longest time.Duration
			last    = time.Now()
			begin   = last
		)
		for i := 0; time.Since(begin) < 2*debounce; i++ {
			p := fmt.Sprintf("content/%03d.md", i)
			write(t, root, p, "uno de muchos")
			want = append(want, created(p))
			longest = max(longest, time.Since(last))
			last = time.Now()
			time.Sleep(pause) // pacing the burst, not waiting for a result
		}
		t.Logf("%d files in %v, longest pause %v", len(want), time.Since(begin), longest)
		expect(t, w, want...)
	})
}

// TestQuick: with WithQuick, a burst that only wrote files is delivered
// after the quick interval, long before the debounce; one that may be a save
// half done (a file renamed away and not yet replaced, a file left empty, a
// new folder) waits for the debounce, so that the save is one batch, and is
// delivered a quick interval after it is done. The steps of a save are
// paused here for many quick intervals, as a loaded machine might pause an
// editor.
func TestQuick(t *testing.T) {
	t.Parallel()
	const (
		debounce = 1500 * time.Millisecond
		quick    = 20 * time.Millisecond
		pause    = 150 * time.Millisecond // 7 quick intervals, a tenth of the debounce
		soon     = 1000 * time.Millisecond
	)
	cases := []struct {
		name string
		edit func(t *testing.T, dir string)
		when string // "quick": well before the debounce; "debounce": not before it
		want []Change
	}{
		{"write", func(t *testing.T, dir string) { write(t, dir, "a.md", "contenido nuevo, más largo") }, "quick", []Change{modified("content/a.md")}},
		{"create", func(t *testing.T, dir string) { write(t, dir, "c.md", "nuevo") }, "quick", []Change{created("content/c.md")}},
		{"delete", func(t *testing.T, dir string) { remove(t, dir, "b.md") }, "quick", []Change{removed("content/b.md")}},
		{"atomic save", func(t *testing.T, dir string) {
			write(t, dir, "a.md.tmp", "guardado por VS Code, más largo")
			time.Sleep(pause)
			rename(t, dir, "a.md.tmp", "a.md")
		}, "quick", []Change{modified("content/a.md")}},
		{"renamed away, then written", func(t *testing.T, dir string) {
			rename(t, dir, "a.md", "a.md~")
			time.Sleep(pause)
			write(t, dir, "a.md", "guardado por vim, más largo")
			remove(t, dir, "a.md~")
		}, "", []Change{modified("content/a.md")}},
		{"renamed away for good", func(t *testing.T, dir string) { rename(t, dir, "b.md", "b.md~") }, "debounce", []Change{removed("content/b.md")}},
		{"truncated, then written", func(t *testing.T, dir string) {
			write(t, dir, "a.md", "")
			time.Sleep(pause)
			write(t, dir, "a.md", "escrito en su lugar, más largo")
		}, "", []Change{modified("content/a.md")}},
		{"left empty", func(t *testing.T, dir string) { write(t, dir, "b.md", "") }, "debounce", []Change{modified("content/b.md")}},
		{"a new folder", func(t *testing.T, dir string) {
			write(t, dir, "sub/x.md", "uno")
			time.Sleep(pause)
			write(t, dir, "sub/y.md", "dos")
		}, "", []Change{created("content/sub/x.md"), created("content/sub/y.md")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			tree(t, root, "content/a.md", "content/b.md")
			w := start(t, root, mode{"inotify", false, nil}, WithDebounce(debounce), WithQuick(quick))
			begin := time.Now()
			c.edit(t, filepath.Join(root, "content"))
			edited := time.Now()
			var got Batch
			select {
			case got = <-w.Batches():
			case <-time.After(waitBatch):
				t.Fatalf("no batch within %v; want %v", waitBatch, Batch(c.want))
			}
			// The debounce runs from the edit's last event, which is after
			// begin but may be before edited (the edit's own calls return
			// late on a loaded machine): a batch held for the debounce
			// comes at least that long after begin.
			took, sinceBegin := time.Since(edited), time.Since(begin)
			if !slices.Equal(got, Batch(c.want)) {
				t.Fatalf("got batch\n\t%v\nwant\n\t%v", got, Batch(c.want))
			}
			switch {
			case c.when == "quick" && took >= soon:
				t.Errorf("delivered %v after the edit; want well before the debounce (%v)", took, debounce)
			case c.when == "debounce" && sinceBegin < debounce:
				t.Errorf("delivered %v after the edit began; want the debounce, %v", sinceBegin, debounce)
			}
			select {
			case more := <-w.Batches():
				t.Fatalf("a second batch %v", more)
			case <-time.After(debounce + quiet):
			}
		})
	}
}

func TestReplaceFolder(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "content/d/a.md", "content/d/b.md", "content/d/sub/c.md", "content/e.md")
		w := start(t, root, m)

		// As a git checkout does it.
		remove(t, root, "content/d")
		mkdir(t, root, "content/d")
		write(t, root, "content/d/a.md", "a, en otra rama, más largo")
		write(t, root, "content/d/c.md", "c")
		expect(t, w,
			modified("content/d/a.md"),
			removed("content/d/b.md"),
			created("content/d/c.md"),
			removed("content/d/sub/c.md"),
		)
		write(t, root, "content/d/b.md", "b, de vuelta")
		expect(t, w, created("content/d/b.md"))
	})
}

func TestIgnored(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "content/a.md", ".git/", "public/", "content/borradores/")
		w := start(t, root, m, WithIgnore(func(rel string) bool { return rel == "content/borradores" }))

		for _, p := range []string{
			".git/HEAD", ".git/objects/ab/cdef", "public/index.html", "public/eventos/index.html",
			"content/a.md~", "content/.a.md.swp", "content/4913", "content/.DS_Store",
			"themes/base/node_modules/x/y.js", "content/borradores/b.md", "content/borradores/c/d.md",
		} {
			write(t, root, p, "ignorado")
		}
		// The output folder is ignored only at the root.
		write(t, root, "content/public/x.md", "visible")
		write(t, root, "content/a.md", "visible, más largo")
		expect(t, w, modified("content/a.md"), created("content/public/x.md"))
	})
}

func TestChmodAlone(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "a.md", "b.md")
		w := start(t, root, m)

		if err := os.Chmod(filepath.Join(root, "a.md"), 0o600); err != nil {
			t.Fatal(err)
		}
		// Had the chmod been reported, it would come before or with this.
		write(t, root, "b.md", "b, más largo")
		expect(t, w, modified("b.md"))
	})
}

func TestSymlinkNotFollowed(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root, outside := t.TempDir(), t.TempDir()
		tree(t, root, "a.md")
		tree(t, outside, "x.md")
		w := start(t, root, m)

		if err := os.Symlink(outside, filepath.Join(root, "enlace")); err != nil {
			t.Fatal(err)
		}
		expect(t, w, created("enlace"))

		write(t, outside, "x.md", "fuera, más largo")
		write(t, outside, "y.md", "fuera")
		write(t, root, "a.md", "a, más largo")
		expect(t, w, modified("a.md"))
	})
}

func TestSlowConsumer(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "a.md", "b.md")
		w := start(t, root, m)

		// Nobody receives while these bursts end: they must be merged,
		// not queued, and not block the watcher.
		write(t, root, "a.md", "a, más largo")
		write(t, root, "c.md", "c")
		waitReady(t, w, "c.md")
		remove(t, root, "c.md") // created and removed: never existed for us
		remove(t, root, "b.md")
		write(t, root, "d.md", "d")
		waitReady(t, w, "d.md")
		expect(t, w, modified("a.md"), removed("b.md"), created("d.md"))
	})
}

// waitReady waits until a finished burst holding rel awaits delivery,
// without receiving it. It asks the watcher's goroutine, which owns that
// state.
func waitReady(t *testing.T, w *Watcher, rel string) {
	t.Helper()
	deadline := time.Now().Add(waitBatch)
	for time.Now().Before(deadline) {
		reply := make(chan bool, 1)
		select {
		case w.inspect <- func() { _, ok := w.ready[rel]; reply <- ok }:
		case <-time.After(waitBatch):
			t.Fatal("the watcher's goroutine does not answer")
		}
		if <-reply {
			return
		}
		time.Sleep(time.Millisecond) // between questions, not an assertion
	}
	t.Fatalf("%s never became ready", rel)
}

// TestUnreadableFolder checks that a folder the watcher may not read is
// reported once, not on every scan, and that its files are not taken for
// removed. Root reads everything, so it needs another user.
func TestUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read any folder")
	}
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		tree(t, root, "content/a.md", "content/cerrada/b.md")
		w, err := New(root, m.opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()

		closed := filepath.Join(root, "content/cerrada")
		if err := os.Chmod(closed, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(closed, 0o755) })
		// Several scans in polling mode; a walk of content/ with inotify.
		write(t, root, "content/nueva/c.md", "c")
		expect(t, w, created("content/nueva/c.md"))
		write(t, root, "content/nueva/d.md", "d")
		expect(t, w, created("content/nueva/d.md"))

		if m.polling {
			select {
			case err := <-w.Errors():
				if !strings.Contains(err.Error(), "content/cerrada") {
					t.Errorf("error %q does not name the folder", err)
				}
			default:
				t.Error("the unreadable folder was not reported")
			}
		}
		select {
		case err := <-w.Errors():
			t.Errorf("reported again: %v", err)
		default:
		}
	})
}

// TestOverflow checks the recovery from an inotify queue overflow, after
// which nothing is known about what was lost: here a folder lost its watch
// and a file was created in it unseen. The overflow is delivered on the
// watcher's goroutine, as fsnotify's Errors channel would.
func TestOverflow(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	tree(t, root, "content/sub/a.md")
	w := start(t, root, modes[0])

	do := func(f func()) {
		done := make(chan struct{})
		select {
		case w.inspect <- func() { f(); close(done) }:
		case <-time.After(waitBatch):
			t.Fatal("the watcher's goroutine does not answer")
		}
		<-done
	}
	do(func() {
		if err := w.fsw.Remove(w.abs("content/sub")); err != nil {
			t.Error(err)
		}
	})
	write(t, root, "content/sub/b.md", "b")
	do(func() { w.handleError(fsnotify.ErrEventOverflow) })
	expect(t, w, created("content/sub/b.md"))

	write(t, root, "content/sub/c.md", "c")
	expect(t, w, created("content/sub/c.md"))
}

func TestClose(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			root := t.TempDir()
			tree(t, root, "a.md")
			w, err := New(root, m.opts...)
			if err != nil {
				t.Fatal(err)
			}
			// Leave a batch undelivered: Close must not wait for a reader.
			write(t, root, "a.md", "a, más largo")
			write(t, root, "b.md", "b")

			closed := make(chan error, 3)
			for range 3 {
				go func() { closed <- w.Close() }()
			}
			for range 3 {
				select {
				case err := <-closed:
					if err != nil {
						t.Errorf("Close: %v", err)
					}
				case <-time.After(waitBatch):
					t.Fatal("Close did not return")
				}
			}
			if err := w.Close(); err != nil {
				t.Errorf("Close again: %v", err)
			}

			for range w.Batches() {
				// At most a batch that was in flight; then closed.
			}
			for err := range w.Errors() {
				t.Errorf("unexpected error: %v", err)
			}

			deadline := time.Now().Add(waitBatch)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond) // goroutines take a moment to exit
			}
			if n := runtime.NumGoroutine(); n > before {
				buf := make([]byte, 1<<16)
				t.Fatalf("%d goroutines before New, %d after Close:\n%s", before, n, buf[:runtime.Stack(buf, true)])
			}
		})
	}
}

// enospc makes every inotify watch fail as if fs.inotify.max_user_watches
// had been reached, for folders whose name contains limit.
func enospc(limit string) Option {
	return func(c *config) {
		c.interval = testPoll
		c.addWatch = func(add func(string) error, name string) error {
			if strings.Contains(filepath.ToSlash(name), limit) {
				// What fsnotify returns: the errno of inotify_add_watch.
				return syscall.ENOSPC
			}
			return add(name)
		}
	}
}

// expectFallback waits for the error announcing the switch to polling.
func expectFallback(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case err := <-w.Errors():
		var fe *PollingFallbackError
		if !errors.As(err, &fe) || !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("got error %v, want a PollingFallbackError wrapping ENOSPC", err)
		}
		for _, s := range []string{"inotify", "fs.inotify.max_user_watches", "cada " + testPoll.String()} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("message %q does not mention %q", err, s)
			}
		}
	case <-time.After(waitBatch):
		t.Fatal("no error announced the fallback to polling")
	}
	if !w.Polling() {
		t.Fatal("Polling() = false after the fallback")
	}
}

func TestFallbackAtStart(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	tree(t, root, "content/a/uno.md", "content/b/dos.md")
	inotify := modes[0]
	w, err := New(root, append(inotify.opts, enospc("content/b"))...)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	expectFallback(t, w)

	write(t, root, "content/b/tres.md", "tres")
	write(t, root, "content/a/uno.md", "uno, más largo")
	expect(t, w, modified("content/a/uno.md"), created("content/b/tres.md"))
}

func TestFallbackWhileRunning(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	tree(t, root, "content/a.md")
	inotify := modes[0]
	w, err := New(root, append(inotify.opts, enospc("content/nueva"))...)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Polling() {
		t.Fatal("polling before running out of watches")
	}

	write(t, root, "content/nueva/sub/x.md", "x")
	write(t, root, "content/a.md", "a, más largo")
	expectFallback(t, w)
	expect(t, w, modified("content/a.md"), created("content/nueva/sub/x.md"))

	write(t, root, "content/nueva/sub/y.md", "y")
	expect(t, w, created("content/nueva/sub/y.md"))
}

func TestFallbackMessage(t *testing.T) {
	err := &PollingFallbackError{Interval: time.Second, Err: fmt.Errorf("inotify_add_watch: %w", syscall.ENOSPC)}
	want := "el sistema no tiene más vigilancias de archivos (inotify): se revisarán los archivos cada segundo; " +
		"para ver los cambios al instante, suba fs.inotify.max_user_watches (por ejemplo: sudo sysctl fs.inotify.max_user_watches=524288)"
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
}

func TestNewErrors(t *testing.T) {
	root := t.TempDir()
	tree(t, root, "a.md")
	if _, err := New(filepath.Join(root, "no-existe")); err == nil {
		t.Error("New on a missing folder succeeded")
	}
	if _, err := New(filepath.Join(root, "a.md")); err == nil {
		t.Error("New on a file succeeded")
	}
	for _, p := range []string{"[", "", "/", "/a/["} {
		if _, err := newIgnorer([]string{p}, nil); err == nil {
			t.Errorf("pattern %q accepted", p)
		}
	}
}

func TestMerge(t *testing.T) {
	for _, tc := range []struct {
		ops  []Op
		want Op // 0: no change
	}{
		{[]Op{Created}, Created},
		{[]Op{Created, Modified, Modified}, Created},
		{[]Op{Created, Removed}, 0},
		{[]Op{Created, Removed, Created}, Created},
		{[]Op{Modified, Removed}, Removed},
		{[]Op{Removed, Created}, Modified},
		{[]Op{Removed, Created, Removed}, Removed},
		{[]Op{Modified, Modified}, Modified},
	} {
		m := make(map[string]Op)
		for _, op := range tc.ops {
			merge(m, "a", op)
		}
		if got := m["a"]; got != tc.want {
			t.Errorf("%v: got %v, want %v", tc.ops, got, tc.want)
		}
	}
}

func TestIgnorePatterns(t *testing.T) {
	m, err := newIgnorer(DefaultIgnore, []func(string) bool{func(rel string) bool { return rel == "x/borrador.md" }})
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]bool{
		"":                              false,
		"content/a.md":                  false,
		"site.yaml":                     false,
		"public":                        true,
		"public/index.html":             true,
		"content/public/x.md":           false,
		"publicaciones/x.md":            false,
		".git":                          true,
		"themes/t/.git/config":          true,
		"content/.a.md.swp":             true,
		"content/.a.md.swx":             true,
		"content/4913":                  true,
		"content/2024/a.md":             false,
		"content/a.md~":                 true,
		"content/.#a.md":                true,
		"content/#a.md#":                true,
		"content/a.md___jb_tmp___":      true,
		"content/a.md___jb_old___":      true,
		"content/a.md.tmp":              true,
		"content/.a.md.tmp.1234":        true,
		"content/a.tmp.md":              false,
		"content/.goutputstream-ABC":    true,
		"content/~$acta.docx":           true,
		"content/.DS_Store":             true,
		"themes/t/node_modules/x/y.js":  true,
		"x/borrador.md":                 true,
		"x/borrador.md.bak":             false,
		"content/documentos/acta-1.pdf": false,
	} {
		if got := m.match(rel); got != want {
			t.Errorf("match(%q) = %v, want %v", rel, got, want)
		}
	}

	anchored, err := newIgnorer([]string{"/themes/*/cache"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]bool{
		"themes/base/cache":       true,
		"themes/base/cache/x.css": true,
		"themes/base/x.css":       false,
		"themes":                  false,
		"a/themes/base/cache":     false,
	} {
		if got := anchored.match(rel); got != want {
			t.Errorf("anchored match(%q) = %v, want %v", rel, got, want)
		}
	}
}

// BenchmarkLatency measures the time from writing a file to receiving its
// batch with the default debounce: what an editor waits, before the rebuild.
func BenchmarkLatency(b *testing.B) {
	root := b.TempDir()
	w, err := New(root)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	name := filepath.Join(root, "a.md")
	var total time.Duration
	for i := 0; b.Loop(); i++ {
		begin := time.Now()
		if err := os.WriteFile(name, []byte(strings.Repeat("x", i%100)), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case <-w.Batches():
		case <-time.After(waitBatch):
			b.Fatal("no batch")
		}
		total += time.Since(begin)
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/batch")
}

// BenchmarkStart measures New on a site of 10,000 files in 500 folders: the
// first scan, plus one inotify watch per folder. A polling Watcher pays about
// the same for every scan.
func BenchmarkStart(b *testing.B) {
	root := b.TempDir()
	for d := range 500 {
		for f := range 20 {
			name := filepath.Join(root, "content", fmt.Sprintf("s%02d", d/25), fmt.Sprintf("d%03d", d), fmt.Sprintf("f%02d.md", f))
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(name, []byte("hola"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, m := range []struct {
		name string
		opts []Option
	}{{"inotify", nil}, {"polling", []Option{WithPolling(time.Hour)}}} {
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				w, err := New(root, m.opts...)
				if err != nil {
					b.Fatal(err)
				}
				if w.Polling() != (m.name == "polling") {
					b.Fatalf("Polling() = %v", w.Polling())
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestGitBusy: while git holds its index lock, a burst goes on through
// pauses longer than the debounce, and ends when git lets go: a checkout
// on a slow disk is one batch.
func TestGitBusy(t *testing.T) {
	forModes(t, func(t *testing.T, m mode) {
		root := t.TempDir()
		mkdir(t, root, ".git")
		tree(t, root, "content/a.md")
		lock := filepath.Join(root, ".git", "index.lock")
		w := start(t, root, m)

		write(t, lock, "", "")
		var want []Change
		for round := range 3 {
			for i := range 5 {
				p := fmt.Sprintf("content/r%d-%d.md", round, i)
				write(t, root, p, "archivo de la rama")
				want = append(want, created(p))
			}
			select {
			case got := <-w.Batches():
				t.Fatalf("a batch while git holds its lock: %v", got)
			case <-time.After(3 * testDebounce): // a pause of git's, longer than the debounce
			}
		}
		if err := os.Remove(lock); err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(want, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
		expect(t, w, want...)
	})
}

// TestGitCheckout switches a repository between two branches that differ
// in 200 files: each switch is one batch.
func TestGitCheckout(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	t.Parallel()
	root := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	var want []Change
	for i := range 200 {
		p := fmt.Sprintf("content/prensa/%03d.md", i)
		write(t, root, p, "versión de main")
		want = append(want, modified(p))
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "main")
	git("checkout", "-q", "-b", "otra")
	for i := range 200 {
		write(t, root, fmt.Sprintf("content/prensa/%03d.md", i), "versión de la otra rama")
	}
	git("commit", "-q", "-a", "-m", "otra")
	git("checkout", "-q", "main")

	// As serve watches too: a checkout's writes are complete files, but
	// git's lock holds the burst.
	for _, opts := range [][]Option{nil, {WithQuick(DefaultQuick)}} {
		w := start(t, root, modes[0], opts...)
		git("checkout", "-q", "otra")
		expect(t, w, want...)
		git("checkout", "-q", "main")
		expect(t, w, want...)
		w.Close()
	}
}
