package output

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// MarkerName is the file Write places at the root of every output directory.
// Its presence is what allows a later Write to replace a non-empty
// directory; see the package documentation.
const MarkerName = ".cabildo"

// ErrDuplicate is wrapped by the error Set.Add returns when a path is
// already in the set: two pieces of content want the same URL.
var ErrDuplicate = errors.New("dos archivos generan la misma ruta")

// ErrInvalidPath is wrapped by every error about a path that cannot be
// written inside the output directory.
var ErrInvalidPath = errors.New("ruta de salida inválida")

// Set is an in-memory set of output files keyed by slash-separated path
// relative to the output directory ("prensa/mi-nota/index.html").
//
// The zero value is an empty set ready to use. All methods are safe for
// concurrent use, so parallel renderers may Add to one Set. Add and Replace
// copy the bytes they are given, as every [Sink] must, so that renderers
// can execute templates into pooled buffers; the copy is exactly sized,
// which also drops the slack a growing buffer leaves.
type Set struct {
	mu    sync.RWMutex
	files map[string]blob
	// dirs counts, for every directory implied by the paths in files, how
	// many files lie below it. It makes the file-versus-directory conflict
	// check O(depth) per Add and keeps it correct after Remove.
	dirs map[string]int
	// gen numbers the render that fills s. A file whose blob has another
	// gen came from the previous output (Derive) and has not been
	// claimed by this render yet.
	gen uint32
	// added counts the files put at paths s did not have (Added).
	added int
	// store, if not nil, holds the files' bytes instead of the heap
	// (NewSetIn); size is the sum of the sizes of the files.
	store *Store
	size  int64
	// pending lists the paths given to AddLazy, some perhaps made since;
	// failed, the errors of those that could not be made, until Settle
	// returns them.
	pending []string
	failed  []error
}

// blob is one file of a Set: its bytes in memory, or where they are in
// the Set's Store, and the render that put or claimed it.
type blob struct {
	data []byte
	off  int64
	n    int64
	gen  uint32
	sum  uint64 // of the bytes, in a Store (storeSeed)
	// lazy, if not nil, makes the file when it is first read (AddLazy);
	// data, off and n are then unset.
	lazy *lazy
}

// lazy is a file of a Set made when it is first read (AddLazy).
type lazy struct {
	once sync.Once
	make func() ([]byte, error)
	// old is the file at the path before, whose bytes are kept if the
	// new ones are the same (keep).
	old  blob
	data []byte
	err  error
}

// NewSet returns an empty Set. It is equivalent to new(Set).
func NewSet() *Set { return new(Set) }

// Derive returns the Set the next render of a site goes into, given
// prev, the site's last output: it starts with every file of prev, as
// the render's own files-to-be. The render claims each file it would
// make with the same bytes (Keep), without reading or copying it; adds
// the files that changed or are new (Add, which replaces a file of prev
// not claimed yet, and keeps prev's bytes when they are the same); and
// ends with Prune, which drops what it did not claim. So a render that
// changes little costs what changed, not a copy of the site: serve
// renders the whole site after an edit of front matter, and most of its
// 25,000 files at 10,000 items come out the same. The bytes are shared
// with prev (in memory, or in prev's Store, where nothing is written
// again), which stays as it is, and is served meanwhile; its lazy files
// (AddLazy) are made first. A nil prev
// gives an empty Set.
func Derive(prev *Set) *Set {
	if prev == nil {
		return NewSet()
	}
	prev.makePending() // what they read is about to change
	prev.mu.RLock()
	defer prev.mu.RUnlock()
	return &Set{files: maps.Clone(prev.files), dirs: maps.Clone(prev.dirs),
		gen: prev.gen + 1, store: prev.store, size: prev.size}
}

// Keep claims, for the render filling s, the file at path that s was
// derived with (Derive), unchanged. It reports false if s has no such
// file, and an error wrapping ErrDuplicate if the file was claimed or
// added already: two jobs of one render make the same path.
func (s *Set) Keep(path string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.files[path]
	if !ok {
		return false, nil
	}
	if b.gen == s.gen {
		return true, fmt.Errorf("%w: %s", ErrDuplicate, path)
	}
	b.gen = s.gen
	s.files[path] = b
	return true, nil
}

// Added returns how many files were put at paths s did not have: for a
// Set made by Derive, the files new since the previous output. A render
// whose files are as many as the previous output's, none of them new,
// has the same paths (the sitemap's).
func (s *Set) Added() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.added
}

// KeepAll claims every file at paths, as Keep would, if s has all of
// them unclaimed; otherwise it claims none and reports false.
func (s *Set) KeepAll(paths []string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range paths {
		if b, ok := s.files[p]; !ok || b.gen == s.gen {
			return false
		}
	}
	for _, p := range paths {
		b := s.files[p]
		b.gen = s.gen
		s.files[p] = b
	}
	return true
}

// Prune ends the render into a Set made by Derive: it removes the files
// of the previous output that the render did not claim or make again,
// and returns their paths, sorted.
func (s *Set) Prune() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var gone []string
	for p, b := range s.files {
		if b.gen != s.gen {
			gone = append(gone, p)
		}
	}
	for _, p := range gone {
		s.remove(p)
	}
	slices.Sort(gone)
	return gone
}

// Clone returns a copy of s. The copy shares the files' bytes, which no
// method changes in place (Add and Replace store new copies), so cloning
// costs the maps, not the content.
func (s *Set) Clone() *Set {
	s.makePending()
	s.mu.RLock()
	defer s.mu.RUnlock()
	return &Set{files: maps.Clone(s.files), dirs: maps.Clone(s.dirs), gen: s.gen, store: s.store, size: s.size}
}

// Add puts data at path. It fails if the path is not a valid output path
// (see CheckPath), if the path is already present (wrapping ErrDuplicate),
// or if the path is used as a file by one entry and as a directory by
// another ("prensa" and "prensa/index.html").
func (s *Set) Add(path string, data []byte) error {
	return s.put(path, data, false)
}

// Replace puts data at path, overwriting any previous content. It is the
// cheap update for incremental rebuilds: a single map assignment when the
// path is already present, and not even a copy when the content is the
// same. The path rules of Add apply.
func (s *Set) Replace(path string, data []byte) error {
	return s.put(path, data, true)
}

func (s *Set) put(path string, data []byte, replace bool) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.place(path, replace, func(old blob) (blob, error) { return s.keep(old, data) })
}

// AddLazy is Add for a file made when it is first read, by make: by Get,
// by Settle, or by anything that reads the Set's files (Compact, Write,
// Derive). Serve adds so the pages an edit changes (the 800 pages of the
// lists of releases that a new one shifts), and serves the site at once:
// a page asked for is made then, and serve makes the rest right after
// (Settle). make runs once, on any goroutine; what it reads must not
// change until the Set is settled. A file make fails to make is
// removed from the Set, and its error is returned by the next Settle.
func (s *Set) AddLazy(path string, make func() ([]byte, error)) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.place(path, false, func(old blob) (blob, error) {
		return blob{gen: s.gen, lazy: &lazy{make: make, old: old}}, nil
	})
	if err == nil {
		s.pending = append(s.pending, path)
	}
	return err
}

// made returns the bytes of the lazy file b at path, making them if no
// reader did yet, and puts them in the Set in b's place.
func (s *Set) made(path string, b blob) ([]byte, bool) {
	l := b.lazy
	l.once.Do(func() {
		l.data, l.err = l.make()
		l.make = nil
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.files[path]; ok && cur.lazy == l {
		if l.err != nil {
			s.remove(path)
			s.failed = append(s.failed, l.err)
		} else if nb, err := s.keep(l.old, l.data); err != nil {
			s.remove(path)
			s.failed = append(s.failed, fmt.Errorf("%s: %w", path, err))
		} else {
			nb.gen = cur.gen
			s.files[path] = nb
			s.size += nb.n
		}
	}
	return l.data, l.err == nil
}

// Settle makes every file AddLazy put in s that no reader has made yet,
// on GOMAXPROCS goroutines, writes what s's Store gathered, and returns the errors of those that could
// not be made since the last Settle (errors.Join), sorted.
func (s *Set) Settle() error {
	s.makePending()
	if s.store != nil {
		s.store.Flush()
	}
	s.mu.Lock()
	failed := s.failed
	s.failed = nil
	s.mu.Unlock()
	slices.SortFunc(failed, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(failed...)
}

// makePending makes the files of AddLazy no reader has made yet.
func (s *Set) makePending() {
	s.mu.Lock()
	paths := s.pending
	s.pending = nil
	s.mu.Unlock()
	forEach(len(paths), runtime.GOMAXPROCS(0), func(_, i int) error {
		s.mu.RLock()
		b, ok := s.files[paths[i]]
		s.mu.RUnlock()
		if ok && b.lazy != nil {
			s.made(paths[i], b)
		}
		return nil
	})
}

// place puts the blob made(old) at path, old being what is there (or the
// zero blob), replacing it if replace is set or if it is a file of the
// previous output not claimed yet (Derive); s.mu is held.
func (s *Set) place(path string, replace bool, made func(old blob) (blob, error)) error {
	if old, ok := s.files[path]; ok {
		if !replace && old.gen == s.gen {
			return fmt.Errorf("%w: %s", ErrDuplicate, path)
		}
		b, err := made(old)
		if err != nil {
			return err
		}
		s.files[path] = b
		s.size += b.n - old.n
		return nil
	}
	if s.dirs[path] > 0 {
		s.evictUnder(path)
		if s.dirs[path] > 0 {
			return fmt.Errorf("%w: %q ya es una carpeta con otros archivos dentro", ErrInvalidPath, path)
		}
	}
	for dir := range parents(path) {
		if b, ok := s.files[dir]; ok {
			if b.gen == s.gen {
				return fmt.Errorf("%w: %q está dentro de %q, que ya es un archivo", ErrInvalidPath, path, dir)
			}
			s.remove(dir) // the previous output's, not made again yet
		}
	}
	b, err := made(blob{})
	if err != nil {
		return err
	}
	s.added++
	if s.files == nil {
		s.files = make(map[string]blob)
		s.dirs = make(map[string]int)
	}
	s.files[path] = b
	s.size += b.n
	for dir := range parents(path) {
		s.dirs[dir]++
	}
	return nil
}

// evictUnder removes the files of the previous output under the folder
// dir that the render has not claimed: a file now takes the folder's
// place. A file of this render's there is a conflict, left to the
// caller. s.mu is held.
func (s *Set) evictUnder(dir string) {
	var stale []string
	for p, b := range s.files {
		if b.gen != s.gen && strings.HasPrefix(p, dir+"/") {
			stale = append(stale, p)
		}
	}
	for _, p := range stale {
		s.remove(p)
	}
}

// keep returns the blob that keeps data for this render: old's bytes if
// they are the same (old being the file at that path before, or the
// zero blob), else a span of the store or a copy. s.mu is held.
func (s *Set) keep(old blob, data []byte) (blob, error) {
	var sum uint64
	if s.store != nil {
		sum = maphash.Bytes(storeSeed, data)
	}
	if old.n == int64(len(data)) {
		same := false
		if s.store != nil {
			// Reading them back costs less than the Store's growth:
			// serve writes the search index, the sitemap, the feeds and
			// the open data again after every edit, most of them the
			// same, and a grown Store is compacted (all of it copied).
			// Only those whose sums are the same are read: an added
			// release renumbers the whole search index, 1,700 files.
			if old.sum == sum {
				cur, err := s.store.read(old.off, old.n)
				same = err == nil && bytes.Equal(cur, data)
			}
		} else {
			same = bytes.Equal(old.data, data)
		}
		if same {
			old.gen = s.gen
			return old, nil
		}
	}
	if s.store != nil {
		off, err := s.store.append(data)
		return blob{off: off, n: int64(len(data)), gen: s.gen, sum: sum}, err
	}
	return blob{data: bytes.Clone(data), n: int64(len(data)), gen: s.gen}, nil
}

// Remove deletes path from the set and reports whether it was present.
func (s *Set) Remove(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.remove(path)
}

// remove is Remove with s.mu held.
func (s *Set) remove(path string) bool {
	old, ok := s.files[path]
	if !ok {
		return false
	}
	delete(s.files, path)
	s.size -= old.n
	for dir := range parents(path) {
		if s.dirs[dir]--; s.dirs[dir] == 0 {
			delete(s.dirs, dir)
		}
	}
	return true
}

// Get returns the content at path. The bytes must not be modified. For a
// Set in a Store they are read from it; a Store that cannot be read (a
// disk error) gives nil.
func (s *Set) Get(path string) ([]byte, bool) {
	s.mu.RLock()
	b, ok := s.files[path]
	store := s.store
	s.mu.RUnlock()
	if ok && b.lazy != nil {
		return s.made(path, b)
	}
	if !ok || store == nil {
		return b.data, ok
	}
	data, err := store.read(b.off, b.n)
	if err != nil {
		return nil, true
	}
	return data, true
}

// Has reports whether path is in the set.
func (s *Set) Has(path string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.files[path]
	return ok
}

// Paths returns every path in the set, sorted.
func (s *Set) Paths() []string {
	s.mu.RLock()
	paths := make([]string, 0, len(s.files))
	for p := range s.files {
		paths = append(paths, p)
	}
	s.mu.RUnlock()
	slices.Sort(paths)
	return paths
}

// Len returns the number of files in the set.
func (s *Set) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.files)
}

// parents yields the directories that contain path, outermost first:
// "a/b/c.html" yields "a", "a/b".
func parents(path string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for i := 0; i < len(path); i++ {
			if path[i] == '/' && !yield(path[:i]) {
				return
			}
		}
	}
}

// CheckPath reports whether path may name a file in the output. A valid
// path is relative, slash-separated and already clean: no empty, "." or
// ".." elements, no backslashes (a separator on Windows, and never what an
// editor meant in a URL), no NUL or other control characters, valid UTF-8,
// and not the reserved MarkerName at the root. Such a path cannot leave the
// output directory, whatever the operating system.
func CheckPath(path string) error {
	bad := func(why string) error {
		return fmt.Errorf("%w %q: %s", ErrInvalidPath, path, why)
	}
	switch {
	case path == "":
		return bad("está vacía")
	case path[0] == '/':
		return bad("es absoluta; debe ser relativa a la carpeta de salida")
	case strings.ContainsRune(path, '\\'):
		return bad(`contiene una barra invertida "\"`)
	case !utf8.ValidString(path):
		return bad("no es UTF-8 válido")
	case strings.ContainsFunc(path, isControl):
		return bad("contiene caracteres de control")
	case len(path) >= 2 && path[1] == ':':
		// "C:x" is relative to a drive's current directory on Windows.
		return bad("parece una unidad de Windows")
	case path == MarkerName:
		return bad("es el nombre reservado para la marca de la carpeta de salida")
	}
	for elem := range strings.SplitSeq(path, "/") {
		switch elem {
		case "":
			return bad("tiene un segmento vacío (dos barras seguidas o una barra al final)")
		case ".", "..":
			return bad(`contiene el segmento "` + elem + `"`)
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
