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
	"syscall"
	"time"

	"cabildo/internal/fileid"
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
	listOld      = scan
)

// oldTree is what a directory walk of the previous output found.
type oldTree struct {
	files map[string]uint64 // regular files, with their inode numbers (0: unknown)
	dev   uint64            // the tree's device, if known (devKnown)
	dirs  int               // directories, root excluded
	other int               // symlinks, sockets...: never part of an output

	devKnown bool
}

// has reports whether the old tree has the regular file path, and
// whether that is the file id: the same inode on the same device. The
// inode is the directory entry's (getdents), the device the tree's root:
// the Stager made every file of the tree in that one folder. An entry
// whose number is not its file's (overlayfs without xino, for a file of
// a lower layer: an output shipped inside an image) could match a cache
// file only by a coincidence of numbers; files the Stager wrote are in
// the upper layer, where the numbers agree.
func (t *oldTree) has(path string, id fileid.ID) (has, same bool) {
	if t == nil {
		return false, false
	}
	ino, has := t.files[path]
	return has, has && ino != 0 && t.devKnown && id.Known() && id.Ino == ino && id.Dev == t.dev
}

// Write replaces directory dir with exactly the files of s, plus the
// marker file, as described in the package documentation. A nil s is
// empty. It is a Stager fed from memory: one code path publishes every
// output, streamed or not.
func Write(dir string, s *Set, opts ...Option) (Stats, error) {
	st, err := Stage(dir, opts...)
	if err != nil {
		return Stats{}, err
	}
	var paths []string
	if s != nil { // a nil Set is empty, like a nil map
		paths = s.Paths()
	}
	err = forEach(len(paths), st.w.cfg.workers, func(_, i int) error {
		data, _ := s.Get(paths[i])
		return st.Add(paths[i], data)
	})
	if err != nil {
		st.Abort()
		return Stats{}, explain(dir, err)
	}
	return st.Commit()
}

// scan walks the old output. It reads directories only (and, where the
// system gives them for free, their entries' inode numbers: fileid);
// sizes and bytes are checked later, in parallel, for the paths the new
// tree also has.
func scan(root string) (*oldTree, error) {
	t := &oldTree{files: make(map[string]uint64)}
	if info, err := os.Stat(root); err == nil {
		if id := fileid.Of(info); id.Known() {
			t.dev, t.devKnown = id.Dev, true
		}
	}
	var walk func(dir, rel string) error
	walk = func(dir, rel string) error {
		entries, err := fileid.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := e.Name
			if rel != "" {
				p = rel + "/" + e.Name
			}
			switch {
			case e.Type.IsDir():
				t.dirs++
				if err := walk(filepath.Join(dir, e.Name), p); err != nil {
					return err
				}
			case e.Type.IsRegular():
				t.files[p] = e.Ino
			default:
				t.other++
			}
		}
		return nil
	}
	return t, walk(root, "")
}

// writer is where a Stager publishes: the target, the options and what
// the old tree holds.
type writer struct {
	target string
	cfg    config
	old    *oldTree // nil if target does not exist
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
