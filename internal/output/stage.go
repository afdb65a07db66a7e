package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"cabildo/internal/fileid"
)

// Sink receives the files of a build as they are rendered. Both [Set]
// (in memory: serve, tests) and [Stager] (straight to disk: build)
// implement it.
//
// Add reports only problems with the path itself (see [Set.Add]): a
// duplicate, an invalid path, a file where another entry needs a
// directory. Add does not keep data after it returns, so the caller may
// reuse the slice (a pooled buffer).
type Sink interface {
	Add(path string, data []byte) error
}

var _ Sink = (*Set)(nil)

// LazySink is a Sink that can take a file made only when it is read
// ([Set.AddLazy]): serve's Set.
type LazySink interface {
	Sink
	AddLazy(path string, make func() ([]byte, error)) error
}

var _ LazySink = (*Set)(nil)

// FileSink is a Sink that can publish a file that is already on disk
// without reading it. [Stager] is one: it hard-links the file into the
// new tree, and when the old tree's file is that same file (linked by
// the build before), it knows it unchanged from one stat. Processed
// images come from the image cache so: a rebuild neither reads nor
// copies the variants of an unchanged photo.
//
// The file at name must not change afterwards: the published tree may
// share it. The image cache never rewrites a file in place.
type FileSink interface {
	Sink
	// AddFile publishes the file name at path. info, if not nil, is a
	// recent stat of name, which then is not looked at again.
	AddFile(path, name string, info fs.FileInfo) error
}

var _ FileSink = (*Stager)(nil)

// AddFile publishes the file name, on disk, at path in out: through
// FileSink if out is one, else by reading it and calling Add. Its
// errors are Add's, or the reading's.
func AddFile(out Sink, path, name string, info fs.FileInfo) error {
	if fs, ok := out.(FileSink); ok {
		return fs.AddFile(path, name, info)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	return out.Add(path, data)
}

// Stager is the streaming form of [Write]: it publishes files to a
// directory as they are handed to it, so that a build's memory does not
// grow with the size of the site. Every guarantee of Write holds (see the
// package documentation): the new tree is assembled in a temporary sibling
// and swapped in atomically by Commit; unchanged files are hard-linked from
// the old tree; a build that changes nothing touches nothing; Abort, or a
// failed Commit, removes the temporary tree and leaves the old one as it
// was.
//
// How "touches nothing" survives streaming: each file is compared with the
// old one as it arrives (size first, bytes only when sizes match). As long
// as every file so far is unchanged, only its path is remembered and the
// disk is not written. The first changed file creates the temporary tree
// and links the unchanged files seen so far into it; from then on,
// unchanged files are linked and changed ones written as they arrive.
// Commit then decides: if the temporary tree was never needed and the old
// tree holds nothing more, nothing happens at all.
//
// Memory: the Stager keeps the set of paths (for the duplicate and
// file-versus-directory checks Set makes), never file contents.
//
// A Stager holds the lock on the output's parent directory from Stage to
// Commit or Abort, so exactly one of them must be called. Add is safe for
// concurrent use; Commit and Abort are not concurrent with Add.
type Stager struct {
	w        writer // target, cfg and old tree (w.old: read it through old)
	unlock   func()
	fsyncEac bool
	// The old tree is listed in the background from Stage on, while the
	// site loads: scanned is closed once w.old and scanErr are set.
	scanned chan struct{}
	scanErr error

	mu     sync.Mutex
	files  map[string]struct{} // every path added, marker included
	dirs   map[string]int      // directories implied by files, as in Set
	tmp    string              // "" until the first change needs the new tree
	fixMod bool                // the umask trims modes in tmp (see ensureTmp)
	made   map[string]bool     // directories created in tmp
	linkQ  []string            // unchanged paths seen before tmp existed
	stamp  string              // recorded in the marker (SetStamp)
	state  []byte              // recorded in the marker after the stamp (SetState)
	done   bool

	kept    atomic.Int64 // new paths that the old tree has as regular files
	written atomic.Int64
	same    atomic.Int64
	copied  atomic.Int64
	failed  atomic.Pointer[error] // first disk error; Commit reports it
}

// bufPool holds the buffers Add reads old files into for comparison.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// Stage prepares to publish a new tree at dir, with the same checks as
// Write and before any rendering starts: it refuses unsafe targets
// ([ErrUnsafeDir]), takes the lock, repairs what killed builds left and
// starts listing the old tree, in the background (a tree that cannot be
// listed is an error of Commit).
func Stage(dir string, opts ...Option) (*Stager, error) {
	cfg := config{workers: runtime.NumCPU(), sync: true}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := stage(dir, cfg)
	if err != nil {
		return nil, explain(dir, err)
	}
	return s, nil
}

func stage(dir string, cfg config) (*Stager, error) {
	target, err := resolveTarget(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(target), dirPerm); err != nil {
		return nil, err
	}
	unlock, err := lockDir(filepath.Dir(target))
	if err != nil {
		return nil, err
	}
	s := &Stager{
		w:        writer{target: target, cfg: cfg},
		unlock:   unlock,
		fsyncEac: cfg.sync && perFileSync,
		files:    make(map[string]struct{}),
		dirs:     make(map[string]int),
		made:     make(map[string]bool),
	}
	if err := recoverLeftovers(target, cfg.workers); err != nil {
		unlock()
		return nil, err
	}
	exists, err := checkOwned(target)
	if err != nil {
		unlock()
		return nil, err
	}
	s.scanned = make(chan struct{})
	if !exists {
		close(s.scanned)
		return s, nil
	}
	go func() {
		defer close(s.scanned)
		s.w.old, s.scanErr = listOld(target)
	}()
	return s, nil
}

// old returns the old tree (nil if there is none) once it is listed. A
// tree that could not be listed fails the Stager, and is none.
func (s *Stager) old() *oldTree {
	<-s.scanned
	if s.scanErr != nil {
		s.fail(s.scanErr)
		return nil
	}
	return s.w.old
}

// explain gives a bare system error the context Write gives it.
func explain(dir string, err error) error {
	switch err.(type) {
	case *fs.PathError, *os.LinkError, *os.SyscallError, syscall.Errno:
		return fmt.Errorf("no se pudo escribir el sitio en %s: %w", dir, err)
	}
	return err
}

// Add publishes data at path, or remembers that the old tree already has
// it. Path problems are returned, as Set.Add does; a disk error is kept and
// returned by Commit, and after it Add does no more work.
func (s *Stager) Add(path string, data []byte) error {
	return s.add(path, bytes.NewReader(data), int64(len(data)))
}

func (s *Stager) add(path string, r io.ReaderAt, size int64) error {
	if err := s.claim(path); err != nil {
		return err
	}
	s.put(path, r, size)
	return nil
}

// AddFile is Add for the bytes of the file name (see [FileSink]). An
// error reading name (it does not exist) publishes nothing at path and
// leaves path free for another Add; only errors writing the new tree
// fail the Stager.
func (s *Stager) AddFile(path, name string, info fs.FileInfo) error {
	if err := s.claim(path); err != nil {
		return err
	}
	if err := s.putFile(path, name, info); err != nil {
		s.unclaim(path)
		return err
	}
	return nil
}

// putFile is put for a file on disk: unchanged without reading it when
// the old tree has that very file; published as a hard link of it when
// the file can be shared (readable by all, same file system), else as a
// copy. It returns the errors of reading name.
func (s *Stager) putFile(path, name string, info fs.FileInfo) error {
	if s.failed.Load() != nil {
		return nil
	}
	// Two stats at most decide the common case, a rebuild with the
	// photo unchanged: the file is not even opened; with info given,
	// one; with an info that knows its file's ID (the image cache's,
	// fileid.Identified) and a system that lists inode numbers, none.
	if info == nil {
		var err error
		if info, err = os.Stat(name); err != nil {
			return err
		}
	}
	old, same := s.old().has(path, fileid.Of(info))
	if same {
		// The old tree's entry is this very file (a hard link of
		// it): known from the directory listing, with no stat.
		s.kept.Add(1)
		s.keepOld(path)
		return nil
	}
	if old {
		if o, err := os.Lstat(s.oldName(path)); err == nil && sameFile(o, info) {
			s.kept.Add(1)
			s.keepOld(path)
			return nil
		}
	}
	src, err := os.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	if old {
		s.kept.Add(1)
		bp := bufPool.Get().(*[]byte)
		same := sameContent(s.oldName(path), src, info.Size(), *bp)
		bufPool.Put(bp)
		if same {
			s.keepOld(path)
			return nil
		}
	}
	s.written.Add(1)
	if err := s.ensureTmp(); err != nil {
		s.fail(err)
		return nil
	}
	if err := s.mkdirs(path); err != nil {
		s.fail(err)
		return nil
	}
	if info.Mode().Perm() == filePerm && linkFile(name, s.tmpName(path)) == nil {
		if s.fsyncEac {
			s.fail(src.Sync())
		}
		return nil
	}
	s.fail(writeFile(s.tmpName(path), src, info.Size(), s.fsyncEac, s.fixMod))
	return nil
}

// sameFile reports whether o, a file of the old tree, is the published
// form of the file info describes: that very file (a hard link of it),
// or a file of its size and modification time to the nanosecond. The
// second test lets a caller describe a file it has not looked at (the
// image cache records its files' sizes and times): the cache never
// rewrites a file in place, and a copy the Stager makes keeps its time.
func sameFile(o, info fs.FileInfo) bool {
	if !o.Mode().IsRegular() || o.Mode().Perm() != filePerm {
		return false
	}
	return os.SameFile(o, info) || (o.Size() == info.Size() && o.ModTime().Equal(info.ModTime()))
}

// claim checks path and records it, with the same refusals as Set.put.
func (s *Stager) claim(path string) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return errors.New("output: Add después de Commit o Abort")
	}
	if _, ok := s.files[path]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicate, path)
	}
	if s.dirs[path] > 0 {
		return fmt.Errorf("%w: %q ya es una carpeta con otros archivos dentro", ErrInvalidPath, path)
	}
	for dir := range parents(path) {
		if _, ok := s.files[dir]; ok {
			return fmt.Errorf("%w: %q está dentro de %q, que ya es un archivo", ErrInvalidPath, path, dir)
		}
	}
	s.files[path] = struct{}{}
	for dir := range parents(path) {
		s.dirs[dir]++
	}
	return nil
}

// unclaim forgets a path claim recorded, whose file could not be read.
func (s *Stager) unclaim(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.files, path)
	for dir := range parents(path) {
		s.dirs[dir]--
	}
}

// put compares a claimed path with the old tree and writes or links it.
// It reports whether the old tree had the same bytes.
func (s *Stager) put(path string, r io.ReaderAt, size int64) (same bool) {
	if s.failed.Load() != nil {
		return false
	}
	if old, _ := s.old().has(path, fileid.ID{}); old {
		s.kept.Add(1)
		bp := bufPool.Get().(*[]byte)
		same = sameContent(s.oldName(path), r, size, *bp)
		bufPool.Put(bp)
	}
	if same {
		s.keepOld(path)
		return true
	}
	s.written.Add(1)
	if err := s.ensureTmp(); err != nil {
		s.fail(err)
		return false
	}
	if err := s.mkdirs(path); err != nil {
		s.fail(err)
		return false
	}
	s.fail(writeFile(s.tmpName(path), r, size, s.fsyncEac, s.fixMod))
	return false
}

// keepOld keeps the old tree's file at path, unchanged.
func (s *Stager) keepOld(path string) {
	s.same.Add(1)
	s.mu.Lock()
	tmp := s.tmp
	if tmp == "" {
		// Nothing changed yet: remember the path, write nothing.
		s.linkQ = append(s.linkQ, path)
	}
	s.mu.Unlock()
	if tmp != "" {
		s.fail(s.link(path))
	}
}

func (s *Stager) fail(err error) {
	if err != nil {
		s.failed.CompareAndSwap(nil, &err)
	}
}

func (s *Stager) oldName(path string) string {
	return filepath.Join(s.w.target, filepath.FromSlash(path))
}

func (s *Stager) tmpName(path string) string {
	return filepath.Join(s.tmp, filepath.FromSlash(path))
}

// ensureTmp creates the temporary tree the first time a file differs,
// and links into it the unchanged files seen until then.
func (s *Stager) ensureTmp() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tmp != "" {
		return nil
	}
	tmp, err := os.MkdirTemp(filepath.Dir(s.w.target), tmpPrefix(filepath.Base(s.w.target)))
	if err != nil {
		return err
	}
	s.tmp = tmp // set first, so that Abort removes it whatever fails next
	// MkdirTemp makes 0700 and the umask may trim what Mkdir and
	// OpenFile create; a web server must be able to read everything, and
	// the no-change check compares modes, so modes are set explicitly when
	// the umask got in the way.
	if err := os.Chmod(tmp, dirPerm); err != nil {
		return err
	}
	if s.fixMod, err = umaskTrims(tmp); err != nil {
		return err
	}
	queued := s.linkQ
	s.linkQ = nil
	for _, p := range queued {
		if err := s.mkdirsLocked(p); err != nil {
			return err
		}
	}
	// The links themselves need no lock; they are few unless the first
	// change comes late, and then they run on every worker.
	s.mu.Unlock()
	err = forEach(len(queued), s.w.cfg.workers, func(_, i int) error { return s.link(queued[i]) })
	s.mu.Lock()
	return err
}

// link puts the old tree's file at path into the new tree: a hard link
// (same inode and mtime), or a copy with its mtime where links fail.
func (s *Stager) link(path string) error {
	if err := s.mkdirs(path); err != nil {
		return err
	}
	old, name := s.oldName(path), s.tmpName(path)
	if linkFile(old, name) == nil {
		return nil
	}
	s.copied.Add(1)
	return copyFile(old, name, s.fsyncEac, s.fixMod)
}

func (s *Stager) mkdirs(path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mkdirsLocked(path)
}

// mkdirsLocked creates the directories that contain path in tmp, outermost
// first, each once. Under s.mu: a directory is a cheap call, and creating
// it exactly once keeps the modes right without racing.
func (s *Stager) mkdirsLocked(path string) error {
	for d := range parents(path) {
		if s.made[d] {
			continue
		}
		name := s.tmpName(d)
		if err := os.Mkdir(name, dirPerm); err != nil {
			return err
		}
		if s.fixMod {
			if err := os.Chmod(name, dirPerm); err != nil {
				return err
			}
		}
		s.made[d] = true
	}
	return nil
}

// Commit adds the marker, then publishes the new tree with one atomic swap
// and deletes the old one, unless nothing changed, in which case the disk
// is not touched. It releases the lock. After an error the old tree is
// untouched (unless the error says the site was published but the old
// version could not be deleted, as with Write).
func (s *Stager) Commit() (Stats, error) {
	st, err := s.commit()
	if err != nil {
		s.Abort()
		return st, explain(s.w.target, err)
	}
	return st, nil
}

func (s *Stager) commit() (Stats, error) {
	if err := s.markDone(); err != nil {
		return Stats{}, err
	}
	s.old() // a tree that could not be listed is the failure below
	if p := s.failed.Load(); p != nil {
		return Stats{}, *p
	}
	// The marker is compared and written like any other file (it cannot go
	// through Add, which refuses its name).
	marker := markerContent
	if s.stamp != "" {
		marker = append(append(append([]byte{}, markerContent...), stampPrefix...), s.stamp+"\n"...)
	}
	var state []byte
	if len(s.state) > 0 {
		marker = append(append([]byte{}, marker...), stateHeader...)
		state = s.state
	}
	markerData, markerSize := twoParts{marker, state}, int64(len(marker)+len(state))
	if s.markerOnly() {
		if err := s.replaceMarker(markerData, markerSize); err != nil {
			return Stats{}, err
		}
		s.release()
		return Stats{Unchanged: int(s.same.Load())}, nil
	}
	markerSame := s.put(MarkerName, markerData, markerSize)
	if p := s.failed.Load(); p != nil {
		return Stats{}, *p
	}
	st := Stats{Written: int(s.written.Load()), Unchanged: int(s.same.Load())}
	if markerSame { // the marker is not counted
		st.Unchanged--
	} else {
		st.Written--
	}
	if s.w.old != nil {
		st.Removed = len(s.w.old.files) - int(s.kept.Load()) + s.w.old.other
		if s.tmp == "" && st.Removed == 0 && s.w.old.dirs == len(s.dirs) {
			// Every new file and directory exists in the old tree with the
			// same bytes, and nothing else does: the trees are equal.
			s.release()
			return st, nil
		}
	}
	// Old files that are gone, or an empty build: the new tree is needed
	// even though no file changed.
	if err := s.ensureTmp(); err != nil {
		return Stats{}, err
	}
	if s.w.cfg.sync {
		dirs := make([]string, 0, len(s.made))
		for d := range s.made {
			dirs = append(dirs, d)
		}
		slices.Sort(dirs)
		if err := syncTree(s.tmp, dirs, s.w.cfg.workers); err != nil {
			return Stats{}, err
		}
	}
	st.Copied = int(s.copied.Load())
	retired, err := s.w.swap(s.tmp)
	if err != nil {
		return Stats{}, err
	}
	s.tmp = "" // published: Abort must not remove it
	st.Swapped = true
	s.release()
	if retired != "" {
		if err := removeTree(retired, s.w.cfg.workers); err != nil {
			return st, fmt.Errorf("el sitio se publicó en %s, pero no se pudo borrar la versión anterior (%s); "+
				"la próxima compilación lo volverá a intentar: %w", s.w.target, retired, err)
		}
	}
	return st, nil
}

// markerOnly reports whether the new tree is the old one but for the
// marker, perhaps: every file so far was the old tree's (nothing written,
// no temporary tree), every old file but the marker was kept, and the
// folders are the same. A new stamp alone (a new cabildo, a clock
// decision that changed no page) then replaces the marker in place
// rather than linking every file into a new tree.
func (s *Stager) markerOnly() bool {
	old := s.old()
	if s.tmp != "" || old == nil || s.written.Load() != 0 {
		return false
	}
	if has, _ := old.has(MarkerName, fileid.ID{}); !has {
		return false
	}
	removed := len(old.files) - 1 - int(s.kept.Load()) + old.other
	return removed == 0 && old.dirs == len(s.dirs)
}

// replaceMarker writes the marker into the old tree, if its bytes
// changed, as a whole: a file beside it renamed over it. A reader sees
// the old marker or the new, and the tree's files are the same under
// both. (A file left there by a build killed before the rename is an
// extra file of the tree: markerOnly is false, and the next build
// publishes a new tree without it.)
func (s *Stager) replaceMarker(r io.ReaderAt, size int64) error {
	name := s.oldName(MarkerName)
	bp := bufPool.Get().(*[]byte)
	same := sameContent(name, r, size, *bp)
	bufPool.Put(bp)
	if same {
		return nil
	}
	tmp := name + ".nueva"
	if err := writeFile(tmp, r, size, s.w.cfg.sync, true); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	if s.w.cfg.sync {
		return syncDir(s.w.target)
	}
	return nil
}

func (s *Stager) markDone() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return errors.New("output: Commit después de Commit o Abort")
	}
	s.done = true
	return nil
}

// Abort discards what was staged: it removes the temporary tree, if any,
// and releases the lock. The old tree is left exactly as it was. Calling it
// after Commit, or twice, does nothing.
func (s *Stager) Abort() {
	<-s.scanned // no listing of the old tree outlives the lock
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
		s.tmp = ""
	}
	s.releaseLocked()
}

func (s *Stager) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLocked()
}

// releaseLocked drops the parent's lock, once.
func (s *Stager) releaseLocked() {
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
}

// stampPrefix starts the marker line that records the build's stamp.
const stampPrefix = "huella: "

// SetStamp records stamp, a sum of everything the build's output is a
// function of, in the marker of the tree being staged, for StampOf to read
// back on the next build. Call it before Commit.
func (s *Stager) SetStamp(stamp string) {
	s.mu.Lock()
	s.stamp = stamp
	s.mu.Unlock()
}

// StampOf returns the stamp the last build recorded in dir's marker, or ""
// when there is none. A build whose stamp equals it would publish the same
// bytes, so it can skip rendering altogether.
func StampOf(dir string) string {
	f, err := os.Open(filepath.Join(dir, MarkerName))
	if err != nil {
		return ""
	}
	defer f.Close()
	// The stamp comes before the state, which is not read: on large
	// sites it is tens of megabytes.
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, stampPrefix); ok {
			return v
		}
		if line+"\n" == stateHeader {
			break
		}
	}
	return ""
}

// stateHeader starts the part of the marker that holds the build's state
// (SetState): everything after it, to the end of the file.
const stateHeader = "estado:\n"

// SetState records state, what the next build must know of this one
// (the URLs it published, the versions of its events), in the marker of
// the tree being staged, for StateOf to read back. Call it before Commit.
// The marker is the build's record because it is replaced with the tree,
// atomically: the state always describes the tree that is published.
//
// The Stager keeps state without copying it (on a site of 100,000 items it
// is some 25 MB): the caller must not change it afterwards.
func (s *Stager) SetState(state []byte) {
	s.mu.Lock()
	s.state = state
	s.mu.Unlock()
}

// twoParts reads a then b as one file, without copying them together.
type twoParts struct{ a, b []byte }

func (t twoParts) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		o := off + int64(n)
		var src []byte
		switch {
		case o < int64(len(t.a)):
			src = t.a[o:]
		case o < int64(len(t.a)+len(t.b)):
			src = t.b[o-int64(len(t.a)):]
		default:
			return n, io.EOF
		}
		n += copy(p[n:], src)
	}
	return n, nil
}

// StateOf returns the state the last build recorded in dir's marker, or
// nil when there is none (no build yet, or one from before states).
func StateOf(dir string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, MarkerName))
	if err != nil {
		return nil
	}
	_, state, ok := bytes.Cut(b, []byte("\n"+stateHeader))
	if !ok {
		return nil
	}
	return state
}
