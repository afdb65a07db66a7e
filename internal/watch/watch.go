// Package watch tells `cabildo serve` which files of a site changed, so that
// it can rebuild the site while editors work.
//
// A [Watcher] watches one folder, the site folder with content/, themes/ and
// site.yaml, and everything below it. It delivers changes on
// [Watcher.Batches], one [Batch] per burst of activity:
//
//	w, err := watch.New(siteDir)
//	if err != nil {
//		return err
//	}
//	defer w.Close()
//	for {
//		select {
//		case b := <-w.Batches():
//			rebuild(b)
//		case err := <-w.Errors():
//			log.Print(err) // in Spanish: meant for the editor at the terminal
//		case <-ctx.Done():
//			return nil
//		}
//	}
//
// # What a batch says
//
// A batch lists files, never folders, with slash-separated paths relative to
// the root, sorted and each at most once. It describes the difference between
// the disk as the consumer last saw it and the disk now, not the system calls
// in between. So an editor's atomic save (vim renaming file.md to file.md~ and
// writing a new file.md, VS Code renaming file.md.tmp over it, JetBrains'
// dance through ___jb_tmp___ and ___jb_old___) is one Modified file.md; a
// file created and deleted within a burst is not reported at all; and a
// folder renamed from content/eventos to content/eventos2 is Removed for
// every file under the old name and Created for every file under the new one.
//
// A burst ends when nothing has happened for the debounce interval
// ([DefaultDebounce], see [WithDebounce]), because a single save is several
// events and a `git checkout` is thousands. With [WithQuick], a burst that
// only wrote files, each of them there and not empty, ends sooner: once
// nothing has happened for the quick interval. A burst that removed
// something, left a file empty or made a folder may be a save half done (the
// old file renamed away before the new one is written, a file truncated
// before it is written again, a folder being copied) and still waits for the
// debounce interval. A burst never lasts more than 20
// debounce intervals, so that a file written continuously (a log someone left
// under content/) cannot postpone rebuilds forever. Except while git works:
// if the tree is in a git repository and git holds its index lock
// (.git/index.lock: checkout, pull, merge, reset, stash), the burst goes on
// until git lets go of it (for at most 30 seconds), so that a branch switch
// of hundreds of files on a slow disk is one batch, never a storm of
// rebuilds of half-switched trees. If the consumer is still
// busy with the previous batch when a burst ends, the two are merged into the
// batch waiting to be received: nothing is lost, and the watcher never blocks
// on a slow consumer.
//
// Changes of permissions alone are not reported: on Linux they accompany
// every deletion and are sent all day by indexers, backup tools and
// antivirus software. The same goes for `touch` on an existing file.
//
// Symbolic links are reported as files when they appear, change or vanish;
// the watcher never follows them, so a link to a folder outside the site
// does not make the watcher wander out of the root.
//
// Editors' scratch files, version control folders and the generated site are
// ignored: see [DefaultIgnore] and [WithIgnore].
//
// # How it works
//
// On Linux the watcher uses inotify through fsnotify, whose watches are not
// recursive: it adds one watch per folder, and a watch for every folder that
// appears, the moment it sees it. A new folder is then read, because whatever
// was created in it before its watch was in place produced no event: a
// `mkdir -p a/b/c && cp x.md a/b/c` is faster than any watcher.
//
// Events are only hints. The watcher keeps an index of every file (size,
// modification time, type) and, when a burst ends, compares the paths the
// events named with the disk. That comparison is what turns a storm of
// renames into one change, and what lets the watcher recover when the kernel
// drops events (queue overflow): it rescans the whole tree.
//
// # Polling
//
// Every folder costs one inotify watch, and the kernel limits their number
// (fs.inotify.max_user_watches, sometimes only 8192, shared by every program
// of the user: editors, language servers, Dropbox). When the limit is hit the
// watcher does not give up: it sends a [*PollingFallbackError] on
// [Watcher.Errors], explaining in Spanish how to raise the limit, and from
// then on scans the whole tree every second, comparing size and modification
// time. [WithPolling] asks for that mode from the start (network drives,
// where inotify sees nothing of other machines' changes).
//
// Polling cannot see a rewrite that keeps a file's size and happens within
// the file system's timestamp granularity (a few milliseconds) of the
// previous one. A polled batch is delivered once a scan, one debounce
// interval after the last change, finds nothing new; so a save caught half
// way is still reported as a single change.
//
// # Concurrency
//
// All the state of a Watcher belongs to one goroutine, which reads fsnotify's
// events, runs the debounce timer and the polling ticker, and delivers
// batches. The methods of Watcher are safe for concurrent use. [Watcher.Close]
// stops that goroutine and waits for it, then closes both channels.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long the tree must stay quiet before a burst of
// changes is delivered. Editors save in well under a millisecond; 50 ms keeps
// a save in one batch and stays far below what a person notices between
// saving and seeing the browser reload.
const DefaultDebounce = 50 * time.Millisecond

// DefaultQuick is the quick interval `cabildo serve` gives [WithQuick]. The
// events of one save come well within it: measured on Linux, at most 0.2 ms
// between the events of the saved file of an atomic save (a temporary file
// renamed over it, as VS Code saves) and of an in-place one (vim), and at
// most 4.4 ms between any two events of a vim save, its swap file's
// included, on a loaded machine. A save that is caught half done anyway
// looks removed or empty, and waits for the debounce.
const DefaultQuick = 10 * time.Millisecond

// DefaultPollInterval is how often a polling Watcher scans the tree.
const DefaultPollInterval = time.Second

// maxBurst bounds a burst to this many debounce intervals.
const maxBurst = 20

// maxGitWait bounds how long a burst waits for git to finish (see
// Watcher.gitBusy): a lock left by a git that crashed must not stop
// rebuilds for good.
const maxGitWait = 30 * time.Second

// Op is what happened to a file.
type Op uint8

const (
	Created Op = iota + 1
	Modified
	Removed
)

// String returns the operation in Spanish, as editors read it in the log of
// `cabildo serve`.
func (op Op) String() string {
	switch op {
	case Created:
		return "creado"
	case Modified:
		return "modificado"
	case Removed:
		return "eliminado"
	}
	return fmt.Sprintf("Op(%d)", uint8(op))
}

// Change is one file that changed.
type Change struct {
	Path string // relative to the root, separated by "/"
	Op   Op
}

// Batch is the set of files changed in one burst, sorted by Path, each path
// at most once.
type Batch []Change

// PollingFallbackError is sent on [Watcher.Errors] when the operating system
// refuses to watch more folders and the Watcher switches to polling. Its
// message, in Spanish, tells the editor what happened and how to fix it.
type PollingFallbackError struct {
	Interval time.Duration // how often the tree is now scanned
	Err      error         // why watching failed, e.g. wrapping syscall.ENOSPC
}

func (e *PollingFallbackError) Error() string {
	every := "cada " + e.Interval.String()
	if e.Interval == time.Second {
		every = "cada segundo"
	}
	switch {
	case errors.Is(e.Err, syscall.ENOSPC):
		// inotify_add_watch says "no space left on device" when the watch
		// limit is reached, which sends people looking at df; say it plainly.
		return fmt.Sprintf("el sistema no tiene más vigilancias de archivos (inotify): "+
			"se revisarán los archivos %s; para ver los cambios al instante, suba "+
			"fs.inotify.max_user_watches (por ejemplo: sudo sysctl fs.inotify.max_user_watches=524288)", every)
	case errors.Is(e.Err, syscall.EMFILE):
		return fmt.Sprintf("el sistema no permite vigilar más archivos (%v): se revisarán los archivos %s; "+
			"suba fs.inotify.max_user_instances o el límite de archivos abiertos (ulimit -n)", e.Err, every)
	}
	return fmt.Sprintf("no se pueden vigilar los archivos (%v): se revisarán %s", e.Err, every)
}

func (e *PollingFallbackError) Unwrap() error { return e.Err }

// Option configures a Watcher.
type Option func(*config)

type config struct {
	debounce time.Duration
	quick    time.Duration // 0: every burst waits for the debounce
	interval time.Duration
	poll     bool
	ignore   []func(rel string) bool

	// addWatch, when set, stands between the Watcher and fsnotify's Add so
	// tests can make the kernel run out of watches.
	addWatch func(add func(name string) error, name string) error
}

// WithDebounce sets how long the tree must stay quiet before a burst is
// delivered. Non-positive values select [DefaultDebounce].
func WithDebounce(d time.Duration) Option {
	return func(c *config) { c.debounce = d }
}

// WithQuick sets how long the tree must stay quiet before a burst that only
// wrote files, all of them there and not empty, is delivered (see the
// package documentation); other bursts wait for the debounce. Values not
// below the debounce, and non-positive ones, turn it off, which is the
// default. A polling Watcher does not use it.
func WithQuick(d time.Duration) Option {
	return func(c *config) { c.quick = d }
}

// WithIgnore adds a rule to [DefaultIgnore]: ignore(rel) reports whether the
// slash-separated path rel, relative to the root, should be neither watched
// nor reported. Ignoring a folder ignores everything under it. It is called
// by New and then by the Watcher's goroutine, never concurrently.
func WithIgnore(ignore func(rel string) bool) Option {
	return func(c *config) { c.ignore = append(c.ignore, ignore) }
}

// WithPolling makes the Watcher scan the tree every interval instead of
// asking the operating system for events. Non-positive values select
// [DefaultPollInterval]. The interval is also the one used when the Watcher
// falls back to polling on its own.
func WithPolling(interval time.Duration) Option {
	return func(c *config) { c.poll, c.interval = true, interval }
}

// Watcher watches a folder tree. Create it with [New].
type Watcher struct {
	root    string // absolute, symbolic links resolved
	gitLock string // the index lock of the repository the root is in; "" if none
	cfg     config
	ignored *ignorer

	batches chan Batch
	errors  chan error

	polling   atomic.Bool
	done      chan struct{} // closed by Close
	exited    chan struct{} // closed when run returns
	closeOnce sync.Once
	closeErr  error // fsnotify's, written by run before exited is closed

	// inspect runs functions on the goroutine that owns the state below,
	// so that tests can look at it without a race. Nothing else sends on it.
	inspect chan func()

	// Everything below belongs to the goroutine running run (and to New
	// before it starts it).

	fsw      *fsnotify.Watcher // nil while polling
	ticker   *time.Ticker      // non-nil while polling
	watched  map[string]bool   // folders with an inotify watch
	index    map[string]entry  // every file and folder seen on disk
	problems map[string]bool   // paths reported unreadable, not reported again

	dirty   map[string]bool // paths named by events since the burst began
	renamed map[string]bool // those of them renamed away
	pending map[string]Op   // changes of the burst in progress
	ready   map[string]Op   // finished bursts not yet received
	out     Batch           // ready as a Batch, built once per change of ready
	began   time.Time       // start of the burst in progress; zero if none
	last    time.Time       // the last activity of the burst in progress
	slow    bool            // the burst made a folder: it waits for the debounce
	timer   *time.Timer     // fires when the burst in progress is over
}

// entry is what the index remembers of a path, enough to tell whether it
// changed.
type entry struct {
	dir  bool
	size int64
	mod  int64       // modification time, Unix nanoseconds
	typ  fs.FileMode // a file replaced by a symbolic link is a change
}

func entryOf(fi fs.FileInfo) entry {
	if fi.IsDir() {
		return entry{dir: true}
	}
	return entry{size: fi.Size(), mod: fi.ModTime().UnixNano(), typ: fi.Mode().Type()}
}

// New starts watching root and everything below it. It reads the whole tree
// before returning, so changes made after New returns are reported and
// nothing that existed before is. If the operating system cannot watch the
// tree, New falls back to polling and says so on [Watcher.Errors].
func New(root string, opts ...Option) (*Watcher, error) {
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.debounce <= 0 {
		cfg.debounce = DefaultDebounce
	}
	if cfg.interval <= 0 {
		cfg.interval = DefaultPollInterval
	}
	ignored, err := newIgnorer(DefaultIgnore, cfg.ignore)
	if err != nil {
		return nil, err
	}

	// Resolve the root once: fsnotify names events after the path we gave
	// it, and a root reached through a link (/tmp on macOS) must still be
	// recognised as the prefix of every event.
	abs, err := filepath.Abs(root)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return nil, fmt.Errorf("no se puede vigilar %s: %w", root, err)
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("no se puede vigilar %s: %w", root, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("no se puede vigilar %s: no es una carpeta", root)
	}

	w := &Watcher{
		root:    abs,
		gitLock: gitIndexLock(abs),
		cfg:     cfg,
		ignored: ignored,
		batches: make(chan Batch),
		// Buffered, and sent to without blocking: a consumer that does not
		// read errors must not stop the watcher.
		errors:   make(chan error, 16),
		done:     make(chan struct{}),
		exited:   make(chan struct{}),
		inspect:  make(chan func()),
		watched:  make(map[string]bool),
		index:    make(map[string]entry),
		problems: make(map[string]bool),
		dirty:    make(map[string]bool),
		renamed:  make(map[string]bool),
		pending:  make(map[string]Op),
		ready:    make(map[string]Op),
		timer:    time.NewTimer(time.Hour),
	}
	w.timer.Stop()

	if cfg.poll {
		w.startPolling()
	} else if fsw, err := fsnotify.NewWatcher(); err != nil {
		// Out of inotify instances (EMFILE), or no inotify at all.
		w.fallback(err)
	} else {
		w.fsw = fsw
	}

	// The first scan builds the index and adds the watches; what it finds
	// is the starting point, not a change.
	w.reconcile("", false)
	clear(w.pending)

	go w.run()
	return w, nil
}

// Batches returns the channel on which bursts of changes are delivered. It
// is closed by Close.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors returns the channel on which problems are reported, in Spanish,
// while the Watcher keeps working: folders that cannot be read, the switch
// to polling ([*PollingFallbackError]). It is buffered and the Watcher never
// waits for it, so errors are dropped if nobody reads them. It is closed by
// Close.
func (w *Watcher) Errors() <-chan error { return w.errors }

// Polling reports whether the Watcher scans the tree instead of receiving
// events from the operating system.
func (w *Watcher) Polling() bool { return w.polling.Load() }

// Close stops the Watcher and waits for its goroutine to exit. Changes not
// yet delivered are discarded. Close may be called any number of times; it
// always returns the error of the first call.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		close(w.done)
		<-w.exited
	})
	return w.closeErr
}

func (w *Watcher) run() {
	defer func() {
		if w.fsw != nil {
			w.closeErr = w.fsw.Close()
		}
		if w.ticker != nil {
			w.ticker.Stop()
		}
		w.timer.Stop()
		close(w.batches)
		close(w.errors)
		close(w.exited)
	}()

	for {
		// Channels that are nil in the current state block forever, which
		// switches their cases off: no events while polling, no ticks while
		// using inotify, no send while there is nothing to deliver.
		var (
			events <-chan fsnotify.Event
			errs   <-chan error
			tick   <-chan time.Time
			out    chan<- Batch
		)
		if w.fsw != nil {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		if w.ticker != nil {
			tick = w.ticker.C
		}
		if len(w.ready) > 0 {
			if w.out == nil {
				w.out = batchOf(w.ready)
			}
			out = w.batches
		}

		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				w.fallback(errors.New("fsnotify se cerró inesperadamente"))
				continue
			}
			w.handle(ev)
		case err, ok := <-errs:
			if !ok {
				w.fallback(errors.New("fsnotify se cerró inesperadamente"))
				continue
			}
			w.handleError(err)
		case <-tick:
			if w.reconcile("", false) {
				w.touch()
			}
		case <-w.timer.C:
			w.settle()
		case out <- w.out:
			clear(w.ready)
			w.out = nil
		case f := <-w.inspect:
			f()
		}
	}
}

// handle takes note of one fsnotify event.
func (w *Watcher) handle(ev fsnotify.Event) {
	rel, ok := w.rel(ev.Name)
	if !ok || w.ignored.match(rel) {
		return
	}
	if ev.Op&^fsnotify.Chmod == 0 {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if rel == "" {
			w.report(fmt.Errorf("la carpeta vigilada %s fue eliminada o movida", w.root))
		}
		// The watches of a moved folder keep following it under its new
		// name, with fsnotify still calling it by the old one; and once it is
		// re-added under the new name, the kernel hands back the same watch
		// and fsnotify the stale path. Drop them all now: the new name
		// gets fresh watches when its Create arrives. This must happen
		// before that Create, which is why the fsnotify watcher is
		// unbuffered: it cannot read ahead of us.
		w.unwatch(rel)
	}
	if ev.Has(fsnotify.Rename) {
		w.renamed[rel] = true
	}
	if ev.Has(fsnotify.Create) {
		// Watch a new folder at once, rather than when the burst ends: files
		// copied into it afterwards then keep the burst alive, and the
		// window in which their events are lost closes as soon as possible.
		// Its walk indexes it completely, so it needs no second look when
		// the burst ends.
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			w.reconcile(rel, false)
			w.slow = true // files may still be coming into it
			w.touch()
			return
		}
	}
	w.dirty[rel] = true
	w.touch()
}

func (w *Watcher) handleError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		// The kernel dropped events: nothing tells which, and some may have
		// been the creation of folders that now lack a watch. Start over.
		w.unwatch("")
		w.reconcile("", false)
		w.slow = true
		w.touch()
		return
	}
	w.report(fmt.Errorf("vigilancia de archivos: %w", err))
}

// touch records activity: the burst in progress ends one debounce interval
// from now, or when it reaches its maximum length.
func (w *Watcher) touch() {
	now := time.Now()
	if w.began.IsZero() {
		w.began = now
	}
	w.last = now
	w.wait(w.quiet())
}

// quiet is how long the tree must stay quiet for the burst in progress to
// end: the quick interval, unless it is off or the burst made a folder.
func (w *Watcher) quiet() time.Duration {
	if q := w.cfg.quick; q > 0 && q < w.cfg.debounce && !w.slow && w.ticker == nil {
		return q
	}
	return w.cfg.debounce
}

// wait sets the timer to fire in d, or when the burst reaches its maximum
// length.
func (w *Watcher) wait(d time.Duration) {
	now := time.Now()
	wait := d
	if left := w.began.Add(maxBurst * w.cfg.debounce).Sub(now); left < wait {
		wait = max(left, 0)
	}
	w.timer.Reset(wait)
}

// settle ends the burst in progress: it checks the paths named by events
// against the disk and makes the result ready for delivery.
func (w *Watcher) settle() {
	if w.gitBusy() && time.Since(w.began) < maxGitWait {
		// Git is halfway through changing the tree: look again later.
		w.timer.Reset(w.cfg.debounce)
		return
	}
	if quiet := time.Since(w.last); w.cfg.quick > 0 && quiet < w.cfg.debounce && time.Since(w.began) < maxBurst*w.cfg.debounce && w.halfDone() {
		// Ended at the quick interval, but it may be a save half done:
		// wait for the debounce.
		w.wait(w.cfg.debounce - quiet)
		return
	}
	// Parents before children: a folder's walk indexes its files before
	// their own events force them to Modified, and makes walking its
	// subfolders again pointless (a checkout dirties hundreds of them).
	var walked []string
	for _, rel := range slices.Sorted(maps.Keys(w.dirty)) {
		if w.index[rel].dir && slices.ContainsFunc(walked, func(dir string) bool { return within(rel, dir) }) {
			continue
		}
		w.reconcile(rel, true)
		if w.index[rel].dir {
			walked = append(walked, rel)
		}
	}
	clear(w.dirty)
	clear(w.renamed)

	if w.ticker != nil {
		// A scan is a snapshot; the burst may still be going on. Deliver
		// only once a scan finds nothing new.
		if w.reconcile("", false) && time.Since(w.began) < maxBurst*w.cfg.debounce {
			w.touch()
			return
		}
	}
	for rel, op := range w.pending {
		merge(w.ready, rel, op)
	}
	clear(w.pending)
	w.out = nil
	w.began, w.slow = time.Time{}, false
}

// halfDone reports whether the burst in progress may be a save that is not
// over: it made a folder, a path its events named was renamed away and is
// not there (the new file may be about to take its place), or is an empty
// file (truncated, to be written). A file deleted (not renamed) is a
// deletion: editors save by renaming and by writing, not by unlinking.
func (w *Watcher) halfDone() bool {
	if w.slow {
		return true
	}
	for rel := range w.dirty {
		fi, err := os.Lstat(w.abs(rel))
		if err != nil && w.renamed[rel] || err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			return true
		}
	}
	return false
}

// watchDir adds an inotify watch on the folder rel, unless it has one.
func (w *Watcher) watchDir(rel string) {
	if w.fsw == nil || w.watched[rel] {
		return
	}
	name := w.abs(rel)
	var err error
	if w.cfg.addWatch != nil {
		err = w.cfg.addWatch(w.fsw.Add, name)
	} else {
		err = w.fsw.Add(name)
	}
	switch {
	case err == nil:
		w.watched[rel] = true
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EMFILE):
		w.fallback(err)
	case errors.Is(err, fs.ErrNotExist):
		// Gone already; its removal is on its way as an event.
	default:
		w.report(fmt.Errorf("no se puede vigilar la carpeta %s: %w", rel, err))
	}
}

// unwatch removes the watches of rel and of every folder under it.
func (w *Watcher) unwatch(rel string) {
	if w.fsw == nil || !w.watched[rel] {
		return
	}
	for dir := range w.watched {
		if within(dir, rel) {
			// Errors only say the kernel already dropped the watch, as it
			// does for deleted folders.
			_ = w.fsw.Remove(w.abs(dir))
			delete(w.watched, dir)
		}
	}
}

// fallback switches to polling because watching failed with cause.
func (w *Watcher) fallback(cause error) {
	if w.ticker != nil {
		return
	}
	if w.fsw != nil {
		_ = w.fsw.Close() // we are leaving it for good; nothing to do on error
		w.fsw = nil
	}
	clear(w.watched)
	w.startPolling()
	w.report(&PollingFallbackError{Interval: w.cfg.interval, Err: cause})
	// Events may have been lost while watching failed: scan soon.
	w.touch()
}

func (w *Watcher) startPolling() {
	w.ticker = time.NewTicker(w.cfg.interval)
	w.polling.Store(true)
}

func (w *Watcher) report(err error) {
	select {
	case w.errors <- err:
	default:
	}
}

// rel converts an absolute path under the root to the slash-separated form
// used in batches.
func (w *Watcher) rel(name string) (string, bool) {
	if name == w.root {
		return "", true
	}
	rest, ok := strings.CutPrefix(name, w.root+string(filepath.Separator))
	return filepath.ToSlash(rest), ok
}

func (w *Watcher) abs(rel string) string {
	return filepath.Join(w.root, filepath.FromSlash(rel))
}

// within reports whether rel is dir or lies under it; everything lies under
// the root "".
func within(rel, dir string) bool {
	return dir == "" || rel == dir || strings.HasPrefix(rel, dir) && rel[len(dir)] == '/'
}

// gitBusy reports whether git is changing the tree: it holds the
// repository's index lock from before it writes the first file of a
// checkout until after the last.
func (w *Watcher) gitBusy() bool {
	if w.gitLock == "" {
		return false
	}
	_, err := os.Lstat(w.gitLock)
	return err == nil
}

// gitIndexLock returns the path of the index lock of the git repository
// that dir lies in, or "" if it lies in none. The repository's folder is
// .git in dir or in a folder above it; in a linked worktree or a
// submodule, .git is a file that says where the folder is.
func gitIndexLock(dir string) string {
	for {
		dotgit := filepath.Join(dir, ".git")
		if fi, err := os.Stat(dotgit); err == nil {
			if fi.IsDir() {
				return filepath.Join(dotgit, "index.lock")
			}
			data, err := os.ReadFile(dotgit)
			if err != nil {
				return ""
			}
			gitdir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir: ")
			if !ok {
				return ""
			}
			if !filepath.IsAbs(gitdir) {
				gitdir = filepath.Join(dir, gitdir)
			}
			return filepath.Join(gitdir, "index.lock")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
