package output

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	filePerm fs.FileMode = 0o644
	dirPerm  fs.FileMode = 0o755
)

// markerContent is what the marker file says to whoever opens it.
var markerContent = []byte("Carpeta generada por cabildo. Cada compilación la reemplaza completa:\n" +
	"no guarde aquí nada propio, porque se borrará.\n")

// Stats describes what a Write did. The marker file is not counted.
type Stats struct {
	Written   int  // files with new or changed bytes
	Unchanged int  // files whose bytes equal the old ones, kept with their inode and mtime
	Copied    int  // of Unchanged, those copied (mtime preserved) because hard-linking failed
	Removed   int  // entries of the old tree that are not in the Set
	Swapped   bool // a new tree replaced dir; false means the disk was not touched
}

// Option adjusts a Write.
type Option func(*config)

type config struct {
	workers int
	sync    bool
}

// Workers sets how many files Write compares, writes or deletes at once.
// The default is runtime.NumCPU(); values below 1 mean 1.
func Workers(n int) Option { return func(c *config) { c.workers = max(1, n) } }

// NoSync skips every fsync. The swap stays atomic for readers and against a
// killed process, but after a power loss the new tree may hold empty or
// truncated files. Use it only for throwaway output: previews and tests.
func NoSync() Option { return func(c *config) { c.sync = false } }

var errExchangeUnsupported = errors.New("RENAME_EXCHANGE no disponible")

// Seams for tests: they force the fallbacks a Linux test machine would
// otherwise never take.
var (
	exchangeDirs = exchange
	linkFile     = os.Link
)

// entry is one file of the new tree.
type entry struct {
	path string // slash-separated, relative
	data []byte
	same bool // the old tree has this path with these bytes
}

// oldTree is what a directory walk of the previous output found.
type oldTree struct {
	files map[string]bool // regular files
	dirs  int             // directories, root excluded
	other int             // symlinks, sockets...: never part of an output
}

// Write replaces directory dir with exactly the files of s, plus the
// marker file, as described in the package documentation. A nil s is
// empty.
func Write(dir string, s *Set, opts ...Option) (Stats, error) {
	cfg := config{workers: runtime.NumCPU(), sync: true}
	for _, o := range opts {
		o(&cfg)
	}
	st, err := write(dir, s, cfg)
	switch err.(type) {
	case *fs.PathError, *os.LinkError, *os.SyscallError, syscall.Errno:
		// A bare system error ("open ...: no space left on device") needs
		// to say what was being done.
		err = fmt.Errorf("no se pudo escribir el sitio en %s: %w", dir, err)
	}
	return st, err
}

func write(dir string, s *Set, cfg config) (Stats, error) {
	target, err := resolveTarget(dir)
	if err != nil {
		return Stats{}, err
	}
	if err := os.MkdirAll(filepath.Dir(target), dirPerm); err != nil {
		return Stats{}, err
	}
	unlock, err := lockDir(filepath.Dir(target))
	if err != nil {
		return Stats{}, err
	}
	defer unlock()
	if err := recoverLeftovers(target, cfg.workers); err != nil {
		return Stats{}, err
	}
	exists, err := checkOwned(target)
	if err != nil {
		return Stats{}, err
	}
	w := writer{target: target, cfg: cfg, entries: snapshot(s)}
	if exists {
		if w.old, err = scan(target); err != nil {
			return Stats{}, err
		}
		w.compare()
	}
	return w.write()
}

// snapshot copies the Set's entries, plus the marker, sorted by path so
// that every directory comes before its contents.
func snapshot(s *Set) []entry {
	var entries []entry
	if s != nil { // a nil Set is empty, like a nil map
		paths := s.Paths()
		entries = make([]entry, 0, len(paths)+1)
		for _, p := range paths {
			data, _ := s.Get(p)
			entries = append(entries, entry{path: p, data: data})
		}
	}
	entries = append(entries, entry{path: MarkerName, data: markerContent})
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.path, b.path) })
	return entries
}

// scan walks the old output. It reads directories only; sizes and bytes
// are checked later, in parallel, for the paths the new tree also has.
func scan(root string) (*oldTree, error) {
	t := &oldTree{files: make(map[string]bool)}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case p == root:
		case d.IsDir():
			t.dirs++
		case d.Type().IsRegular():
			rel, _ := filepath.Rel(root, p)
			t.files[filepath.ToSlash(rel)] = true
		default:
			t.other++
		}
		return nil
	})
	return t, err
}

type writer struct {
	target  string
	cfg     config
	entries []entry
	old     *oldTree // nil if target does not exist
}

// compare marks the entries whose bytes equal the old file's. A file is
// only read when it is a regular 0644 file of the same size. Any error
// reading the old tree just means "changed": the file is written anew.
func (w *writer) compare() {
	bufs := make([][]byte, w.cfg.workers)
	forEach(len(w.entries), w.cfg.workers, func(worker, i int) error {
		e := &w.entries[i]
		if !w.old.files[e.path] {
			return nil
		}
		if bufs[worker] == nil {
			bufs[worker] = make([]byte, 64<<10)
		}
		e.same = sameContent(filepath.Join(w.target, filepath.FromSlash(e.path)), bytes.NewReader(e.data), int64(len(e.data)), bufs[worker])
		return nil
	})
}

func sameContent(name string, r io.ReaderAt, size int64, buf []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != filePerm || fi.Size() != size {
		return false
	}
	// Half of buf for each side.
	old, cur := buf[:len(buf)/2], buf[len(buf)/2:]
	for off := int64(0); off < size; {
		n := int(min(int64(len(old)), size-off))
		if _, err := io.ReadFull(f, old[:n]); err != nil {
			return false
		}
		if m, err := r.ReadAt(cur[:n], off); m < n || err != nil && !(errors.Is(err, io.EOF) && m == n) {
			return false
		}
		if !bytes.Equal(old[:n], cur[:n]) {
			return false
		}
		off += int64(n)
	}
	return true
}

// newDirs lists the directories of the new tree, root excluded, parents
// before children (entries are sorted, and a prefix sorts first).
func (w *writer) newDirs() []string {
	var dirs []string
	seen := make(map[string]bool)
	for _, e := range w.entries {
		for d := range parents(e.path) {
			if !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}

func (w *writer) write() (Stats, error) {
	var st Stats
	kept := 0 // entries, marker included, found in the old tree as regular files
	for _, e := range w.entries {
		if w.old != nil && w.old.files[e.path] {
			kept++
		}
		if e.path == MarkerName {
			continue
		}
		if e.same {
			st.Unchanged++
		} else {
			st.Written++
		}
	}
	dirs := w.newDirs()
	if w.old != nil {
		st.Removed = len(w.old.files) - kept + w.old.other
		allSame := st.Written == 0 && w.entries[markerIndex(w.entries)].same
		if allSame && st.Removed == 0 && w.old.dirs == len(dirs) {
			// Every new file and directory exists in the old tree and
			// nothing else does: the trees are equal.
			return st, nil
		}
	}

	tmp, err := os.MkdirTemp(filepath.Dir(w.target), tmpPrefix(filepath.Base(w.target)))
	if err != nil {
		return Stats{}, err
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(tmp)
		}
	}()
	copied, err := w.build(tmp, dirs)
	if err != nil {
		return Stats{}, err
	}
	st.Copied = copied
	retired, err := w.swap(tmp)
	if err != nil {
		return Stats{}, err
	}
	published, st.Swapped = true, true
	if retired != "" {
		if err := removeTree(retired, w.cfg.workers); err != nil {
			return st, fmt.Errorf("el sitio se publicó en %s, pero no se pudo borrar la versión anterior (%s); "+
				"la próxima compilación lo volverá a intentar: %w", w.target, retired, err)
		}
	}
	return st, nil
}

func markerIndex(entries []entry) int {
	i, _ := slices.BinarySearchFunc(entries, MarkerName, func(e entry, name string) int {
		return strings.Compare(e.path, name)
	})
	return i
}

// build fills the empty directory tmp with the new tree and, unless NoSync,
// makes it durable. It returns how many unchanged files had to be copied.
func (w *writer) build(tmp string, dirs []string) (copied int, err error) {
	// MkdirTemp creates 0700 and the umask may trim what Mkdir and
	// OpenFile create; a web server must be able to read everything, and
	// the no-change check compares modes, so modes are set explicitly when
	// the umask got in the way.
	if err := os.Chmod(tmp, dirPerm); err != nil {
		return 0, err
	}
	fixModes, err := umaskTrims(tmp)
	if err != nil {
		return 0, err
	}
	for _, d := range dirs {
		name := filepath.Join(tmp, filepath.FromSlash(d))
		if err := os.Mkdir(name, dirPerm); err != nil {
			return 0, err
		}
		if fixModes {
			if err := os.Chmod(name, dirPerm); err != nil {
				return 0, err
			}
		}
	}
	var ncopied atomic.Int64
	fsyncEach := w.cfg.sync && perFileSync
	err = forEach(len(w.entries), w.cfg.workers, func(_, i int) error {
		e := &w.entries[i]
		name := filepath.Join(tmp, filepath.FromSlash(e.path))
		if !e.same {
			return writeFile(name, bytes.NewReader(e.data), int64(len(e.data)), fsyncEach, fixModes)
		}
		old := filepath.Join(w.target, filepath.FromSlash(e.path))
		if linkFile(old, name) == nil {
			return nil
		}
		ncopied.Add(1)
		return copyFile(old, name, fsyncEach, fixModes)
	})
	if err != nil {
		return 0, err
	}
	if w.cfg.sync {
		err = syncTree(tmp, dirs, w.cfg.workers)
	}
	return int(ncopied.Load()), err
}

// umaskTrims reports whether the process umask removes bits from the
// modes Write asks for, by creating and deleting a probe file in dir.
func umaskTrims(dir string) (bool, error) {
	name := filepath.Join(dir, ".umask-probe")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm|0o111)
	if err != nil {
		return false, err
	}
	fi, err := f.Stat()
	f.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err == nil && fi.Mode().Perm() != filePerm|0o111, err
}

func writeFile(name string, r io.ReaderAt, size int64, sync, chmod bool) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return err
	}
	if b, ok := r.(*bytes.Reader); ok {
		_, err = b.WriteTo(f) // one write, no copy
	} else {
		_, err = io.Copy(f, io.NewSectionReader(r, 0, size))
	}
	if err == nil && chmod {
		err = f.Chmod(filePerm)
	}
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// copyFile is the fallback for an unchanged file that cannot be
// hard-linked (a file system without links): a copy with the old
// modification time, which is what rsync and CDN uploaders compare.
func copyFile(src, dst string, sync, chmod bool) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil && chmod {
		err = out.Chmod(filePerm)
	}
	if err == nil {
		// Before the fsync, so that the old mtime is what becomes durable.
		err = os.Chtimes(dst, time.Time{}, fi.ModTime())
	}
	if err == nil && sync {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(name string) error {
	d, err := os.Open(name)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// swap publishes the complete tree tmp at w.target and returns where the
// old tree now is (empty if there was none), for the caller to delete.
func (w *writer) swap(tmp string) (retired string, err error) {
	parent := filepath.Dir(w.target)
	defer func() {
		if err == nil && w.cfg.sync {
			err = syncDir(parent)
		}
	}()
	if w.old == nil {
		// Nothing to replace: one rename is atomic. If another process
		// created the directory meanwhile, rename fails rather than
		// silently replacing it (unless it is empty).
		return "", renameErr(os.Rename(tmp, w.target), w.target)
	}
	switch err := exchangeDirs(tmp, w.target); {
	case err == nil:
		return tmp, nil // tmp now holds the old tree
	case !errors.Is(err, errExchangeUnsupported):
		return "", renameErr(err, w.target)
	}
	// Fallback: for a moment the output does not exist. A build killed in
	// that moment leaves the old tree at .name.old-*, and the next Write
	// puts it back (recoverLeftovers).
	retired = filepath.Join(parent, oldPrefix(filepath.Base(w.target))+rand.Text()[:10])
	if err := os.Rename(w.target, retired); err != nil {
		return "", renameErr(err, w.target)
	}
	if err := os.Rename(tmp, w.target); err != nil {
		if rerr := os.Rename(retired, w.target); rerr != nil {
			return "", fmt.Errorf("no se pudo publicar %s (%v) ni restaurar la versión anterior, que quedó en %s: %w",
				w.target, err, retired, rerr)
		}
		return "", renameErr(err, w.target)
	}
	return retired, nil
}

// renameErr explains the usual reason a directory cannot be renamed.
func renameErr(err error, target string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV) {
		return fmt.Errorf("no se puede reemplazar %s de forma atómica; si es un punto de montaje, "+
			"use como -out una subcarpeta dentro de él: %w", target, err)
	}
	return err
}

// removeTree deletes root and everything below it, its top-level entries
// in parallel (os.RemoveAll alone works one file at a time).
func removeTree(root string, workers int) error {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return os.RemoveAll(root)
	}
	err = forEach(len(entries), workers, func(_, i int) error {
		return os.RemoveAll(filepath.Join(root, entries[i].Name()))
	})
	if err != nil {
		return err
	}
	return os.RemoveAll(root)
}
