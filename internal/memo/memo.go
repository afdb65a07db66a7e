// Package memo keeps the results of pure functions between builds: a
// map from the sum of a function's inputs to its result, read from one
// file when a build starts and written back when it ends.
//
// The render keeps there what the theme's picture partial made of each
// picture (render/picture.go): a <picture> with its srcsets is the
// costliest thing html/template writes for a photo, and a rebuild with
// the same photos, theme and program writes the same markup again. What
// a key must hold is the caller's business: everything the result is a
// function of (for a partial: the program, the theme, the data).
//
// A Memo forgets what a build did not use: Flush keeps only the entries
// looked up or added since the last Flush, so the file holds the
// current site's results and does not grow with every photo ever
// published. A build that used the same keys it read writes nothing.
//
// The file is a cache: unreadable, truncated or of another version, it is
// ignored (every result is made again and the file rewritten), and it is
// replaced by a rename, so a killed build leaves the old one whole.
package memo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"slices"
	"sync"

	"cabildo/internal/atomicfile"
)

// Key is the sum of a result's inputs.
type Key [sha256.Size]byte

// Memo is a map of results kept in one file. The zero of *Memo (nil)
// keeps nothing. A Memo is safe for concurrent use.
type Memo struct {
	path string // "" to keep results in memory only

	read chan struct{} // closed once old holds the file's entries
	mu   sync.Mutex
	old  map[Key]string // what the file (or the last Flush) held
	used map[Key]string // looked up or added since the last Flush
	made bool           // an entry of used was added, not read
}

// header starts the file; a file that does not start with it is ignored.
const header = "cabildo memo 1\n"

// Open returns the Memo kept in the file at path, or in memory if path
// is "". It starts reading the file at once, in the background; the
// first Get waits for it.
func Open(path string) *Memo {
	m := &Memo{path: path, read: make(chan struct{}), used: map[Key]string{}}
	if path == "" {
		close(m.read)
		return m
	}
	go func() {
		defer close(m.read)
		if data, err := os.ReadFile(path); err == nil {
			m.old = decode(data)
		}
	}()
	return m
}

// Get returns the result kept for k.
func (m *Memo) Get(k Key) (string, bool) {
	if m == nil {
		return "", false
	}
	<-m.read
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.used[k]
	if !ok {
		if v, ok = m.old[k]; ok {
			m.used[k] = v
		}
	}
	return v, ok
}

// Put keeps v as the result for k.
func (m *Memo) Put(k Key, v string) {
	if m == nil {
		return
	}
	<-m.read
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.used[k]; ok && old == v {
		return
	}
	m.used[k] = v
	m.made = true
}

// Flush ends a build: what it used becomes what the Memo holds (and, with
// a file, what the file holds, written only if it changed), and the rest
// is forgotten. An error writing the file loses nothing but the next
// build's head start.
func (m *Memo) Flush() error {
	if m == nil {
		return nil
	}
	<-m.read
	m.mu.Lock()
	defer m.mu.Unlock()
	changed := m.made || len(m.used) != len(m.old)
	m.old, m.used, m.made = m.used, map[Key]string{}, false
	if m.path == "" || !changed {
		return nil
	}
	return atomicfile.Write(m.path, encode(m.old))
}

// The file: header, then for each entry, in the order of the keys (the
// same entries make the same bytes), the key, the length of the result
// as a uvarint and the result.
func encode(entries map[Key]string) []byte {
	keys := make([]Key, 0, len(entries))
	size := len(header)
	for k, v := range entries {
		keys = append(keys, k)
		size += len(k) + binary.MaxVarintLen64 + len(v)
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	b := make([]byte, 0, size)
	b = append(b, header...)
	for _, k := range keys {
		v := entries[k]
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	return b
}

// decode reads a file written by encode; anything else gives nil. The
// results share one string: one copy of the file, not one per entry.
func decode(data []byte) map[Key]string {
	if !bytes.HasPrefix(data, []byte(header)) {
		return nil
	}
	all := string(data[len(header):])
	entries := map[Key]string{}
	for rest := all; rest != ""; {
		var k Key
		if len(rest) < len(k) {
			return nil
		}
		copy(k[:], rest)
		rest = rest[len(k):]
		n, w := binary.Uvarint([]byte(rest[:min(len(rest), binary.MaxVarintLen64)]))
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil
		}
		entries[k] = rest[w : w+int(n)]
		rest = rest[w+int(n):]
	}
	return entries
}
