package output

import (
	"errors"
	"hash/maphash"
	"io"
	"os"
	"slices"
	"sync"
)

// Store keeps the bytes of Sets in a temporary file instead of the heap
// (NewSetIn). It is for `cabildo serve`, which keeps the whole site it
// serves between edits: 140 MB for 10,000 items. In the heap those bytes
// were half of what serve kept, and the garbage collector lets the heap
// grow to twice what is kept before it collects, so they cost twice their
// size in resident memory. In a file they cost page cache, which the
// system reclaims when it needs memory.
//
// The file is removed as soon as it is created: it lives as long as it is
// open, and it is closed when no Set uses the Store any more (by the
// garbage collector: os.File closes itself), or by the end of the
// process, even a killed one. The file only grows: Replace and Remove
// leave the old bytes behind. [Set.Wasteful] tells when to start over
// with [Set.Compact].
//
// A Store is safe for concurrent use.
type Store struct {
	f    *os.File
	mu   sync.Mutex
	size int64 // bytes appended: in the file, then in the chunks
	// The chunks hold the last bytes appended, from the offset written,
	// not written to the file yet, until there are tailMax of them
	// (storeTail) or the Set is settled (Settle): an added release
	// changes some 2,500 files, 30 MB at 10,000 items (the lists, the
	// whole search index), which are then written in a few writes, most
	// after the edit is served, rather than in 2,500 while the editor
	// waits. (Small writes to the page cache cost a millisecond per
	// megabyte on the 2-core machine of the benchmarks.) Chunk i begins
	// at offset bases[i], and holds whole files: it is read without
	// looking further. Written chunks are kept in free for the next
	// ones: let go, the first build's 140 MB went through the heap as
	// garbage, and serve's peak memory grew by 110 MB. err is why the
	// file could not be written: the Store then keeps what comes in
	// memory.
	chunks  [][]byte
	bases   []int64
	free    [][]byte
	written int64
	tailMax int64 // storeTail
	err     error
}

// storeTail is how many bytes a Store gathers before it writes them (an
// added release at 10,000 items changes 8 MB of the search index before
// its lazy pages are made; a larger tail, 16 or 48 MB, kept serve's
// first build 25 to 130 MB larger); storeChunk, the size of the chunks
// they are gathered in.
const (
	storeTail  = 8 << 20
	storeChunk = 1 << 20
)

// storeSeed seeds the sums of the files in a Store, which tell most
// files that changed from those that did not without reading them.
var storeSeed = maphash.MakeSeed()

// NewStore creates a Store in the folder dir ("" for the system's
// temporary folder).
func NewStore(dir string) (*Store, error) {
	f, err := os.CreateTemp(dir, ".cabildo-serve-")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return &Store{f: f, tailMax: storeTail}, nil
}

// NewSetIn returns an empty Set whose files' bytes are kept in st.
func NewSetIn(st *Store) *Set { return &Set{store: st} }

func (st *Store) append(data []byte) (int64, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.size-st.written+int64(len(data)) > st.tailMax && st.err == nil {
		st.flush()
	}
	off := st.size
	st.size += int64(len(data))
	last := len(st.chunks) - 1
	if last < 0 || cap(st.chunks[last])-len(st.chunks[last]) < len(data) {
		var c []byte
		if n := len(st.free); n > 0 && len(data) <= storeChunk {
			c, st.free = st.free[n-1][:0], st.free[:n-1]
		} else {
			c = make([]byte, 0, max(storeChunk, len(data)))
		}
		st.chunks = append(st.chunks, c)
		st.bases = append(st.bases, off)
		last++
	}
	st.chunks[last] = append(st.chunks[last], data...)
	return off, nil
}

// Flush writes what the Store gathered.
func (st *Store) Flush() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.flush()
	}
}

// flush writes the chunks to the file; st.mu is held.
func (st *Store) flush() {
	for i, c := range st.chunks {
		if _, err := st.f.WriteAt(c, st.bases[i]); err != nil {
			st.err = err // kept in memory from now on
			return
		}
	}
	for _, c := range st.chunks {
		if cap(c) == storeChunk && len(st.free) < int(st.tailMax/storeChunk) {
			st.free = append(st.free, c)
		}
	}
	st.chunks, st.bases, st.written = nil, nil, st.size
}

func (st *Store) read(off, n int64) ([]byte, error) {
	data := make([]byte, n)
	st.mu.Lock()
	if off >= st.written && len(st.bases) > 0 {
		i, found := slices.BinarySearch(st.bases, off)
		if !found {
			i--
		}
		copy(data, st.chunks[i][off-st.bases[i]:])
		st.mu.Unlock()
		return data, nil
	}
	st.mu.Unlock()
	if _, err := st.f.ReadAt(data, off); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return nil, err
	}
	return data, nil
}

// InStore reports whether s keeps its bytes in a Store.
func (s *Set) InStore() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.store != nil
}

// Wasteful reports whether s's Store holds much more than s's files,
// after many Replaces: s should be compacted.
func (s *Set) Wasteful() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.store == nil {
		return false
	}
	s.store.mu.Lock()
	size := s.store.size
	s.store.mu.Unlock()
	return size > 2*s.size+64<<20
}

// Compact returns a copy of s in a new Store in the folder dir, holding
// only s's files.
func (s *Set) Compact(dir string) (*Set, error) {
	st, err := NewStore(dir)
	if err != nil {
		return nil, err
	}
	c := NewSetIn(st)
	for _, p := range s.Paths() {
		data, ok := s.Get(p)
		if !ok || data == nil && s.sizeOf(p) > 0 {
			return nil, errors.New("output: no se pudo leer " + p + " del almacén temporal")
		}
		if err := c.Add(p, data); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (s *Set) sizeOf(p string) int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.files[p].n
}
