package output

import (
	"bytes"
	"errors"
	"fmt"
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
	// base, if not nil, is a previous output whose bytes are kept instead
	// of a copy when a path gets the same content again (NewSetFrom).
	base *Set
	// store, if not nil, holds the files' bytes instead of the heap
	// (NewSetIn); size is the sum of the sizes of the files.
	store *Store
	size  int64
}

// blob is one file of a Set: its bytes in memory, or where they are in
// the Set's Store.
type blob struct {
	data []byte
	off  int64
	n    int64
}

// NewSet returns an empty Set. It is equivalent to new(Set).
func NewSet() *Set { return new(Set) }

// NewSetFrom returns an empty Set that takes the bytes of prev, a previous
// output of the same site, for every path added with the same content as
// in prev, rather than a copy. A server that keeps serving prev while the
// next output is rendered (serve) then holds one copy of what did not
// change instead of two, and allocates only what did: without it, every
// full rebuild of a 10,000-item site had two 140 MB outputs alive at once,
// and the collector's heap target grew with them. Call Detach when done
// adding, so that prev can be freed.
//
// When prev keeps its bytes in a Store (NewSetIn), so does the new Set,
// in the same one: the files it takes from prev with AddFrom are not
// written again, only what changed is appended (serve renders the whole
// site after an edit to some front matter, and wrote 140 MB into a new
// Store each time). [Set.Wasteful] tells when to compact.
func NewSetFrom(prev *Set) *Set {
	s := &Set{base: prev}
	if prev != nil {
		prev.mu.RLock()
		s.store = prev.store
		// Most of prev's files come again: the maps are not grown
		// from nothing.
		s.files = make(map[string]blob, len(prev.files))
		s.dirs = make(map[string]int, len(prev.dirs))
		prev.mu.RUnlock()
	}
	return s
}

// AddFrom adds at path the file from has there, as Add would add its
// bytes, without reading or copying them when from keeps them where s
// does (both in memory, or in one Store). It reports false, adding
// nothing, when from has no file at path or keeps it elsewhere.
func (s *Set) AddFrom(from *Set, path string) (bool, error) {
	if from == nil || from == s {
		return false, nil
	}
	store := s.storeOf()
	from.mu.RLock()
	b, ok := from.files[path]
	same := from.store == store
	from.mu.RUnlock()
	if !ok || !same {
		return false, nil
	}
	if err := CheckPath(path); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return true, s.place(path, func() (blob, error) { return b, nil }, false)
}

// blobIn returns s's blob at path if s keeps its bytes in st; s may be
// nil.
func (s *Set) blobIn(st *Store, path string) (blob, bool) {
	if s == nil {
		return blob{}, false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.files[path]
	return b, ok && s.store == st
}

// storeOf returns s's Store, nil in memory.
func (s *Set) storeOf() *Store {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.store
}

// Detach forgets the Set given to NewSetFrom.
func (s *Set) Detach() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.base = nil
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
	if old, ok := s.files[path]; ok && replace && s.store == nil && bytes.Equal(old.data, data) {
		return nil
	}
	return s.place(path, func() (blob, error) { return s.keep(path, data) }, replace)
}

// place puts at path the blob made, replacing what is there if replace
// is set; s.mu is held.
func (s *Set) place(path string, made func() (blob, error), replace bool) error {
	if old, ok := s.files[path]; ok {
		if !replace {
			return fmt.Errorf("%w: %s", ErrDuplicate, path)
		}
		b, err := made()
		if err != nil {
			return err
		}
		s.files[path] = b
		s.size += b.n - old.n
		return nil
	}
	if s.dirs[path] > 0 {
		return fmt.Errorf("%w: %q ya es una carpeta con otros archivos dentro", ErrInvalidPath, path)
	}
	for dir := range parents(path) {
		if _, ok := s.files[dir]; ok {
			return fmt.Errorf("%w: %q está dentro de %q, que ya es un archivo", ErrInvalidPath, path, dir)
		}
	}
	b, err := made()
	if err != nil {
		return err
	}
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

// Clone returns a copy of s. The copy shares the files' bytes, which no
// method changes in place (Add and Replace store new copies), so cloning
// costs the maps, not the content: an incremental rebuild starts from a
// clone of the previous output and replaces what changed.
func (s *Set) Clone() *Set {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := &Set{store: s.store, size: s.size}
	if s.files != nil {
		c.files = make(map[string]blob, len(s.files))
		for k, v := range s.files {
			c.files[k] = v
		}
		c.dirs = make(map[string]int, len(s.dirs))
		for k, v := range s.dirs {
			c.dirs[k] = v
		}
	}
	return c
}

// keep returns the blob that keeps data for path: a span of the store,
// or the base's bytes if they are the same, or a copy. s.mu is held.
func (s *Set) keep(path string, data []byte) (blob, error) {
	if s.store != nil {
		// The same bytes as the base's, in the same Store: kept where
		// they are. Reading them back costs less than the Store's
		// growth: serve writes the search index, the sitemap, the feeds
		// and the open data again after every edit, most of them the
		// same, and a grown Store is compacted (all of it copied).
		if old, ok := s.base.blobIn(s.store, path); ok && old.n == int64(len(data)) {
			if cur, err := s.store.read(old.off, old.n); err == nil && bytes.Equal(cur, data) {
				return old, nil
			}
		}
		off, err := s.store.append(data)
		return blob{off: off, n: int64(len(data))}, err
	}
	if s.base != nil {
		if old, ok := s.base.Get(path); ok && bytes.Equal(old, data) {
			return blob{data: old, n: int64(len(old))}, nil
		}
	}
	return blob{data: bytes.Clone(data), n: int64(len(data))}, nil
}

// Remove deletes path from the set and reports whether it was present.
func (s *Set) Remove(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
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
