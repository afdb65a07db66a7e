package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The search index under serve. Written whole, the index was the largest
// single job of an edit (some 60 ms at 10,000 items): every item's stems
// decoded twice, the postings of every stem collected and every file
// encoded and summed. With a Cache the Renderer keeps the index it made
// last (searchState) and brings it up to date instead:
//
//   - the postings of every stem are kept; an item whose stems and place
//     in the order are the same keeps its postings; those of the others
//     are taken out and put in again, and when items come, go or move,
//     the numbers of all others are mapped to their new ones;
//   - only the buckets with a stem whose postings changed are encoded
//     again (all of them if their number changes), and only the results
//     blocks with an item whose row or number changed;
//   - the files whose bytes are the previous output's are taken from it
//     (the page memo, keyed by a hash of the bytes);
//   - when items came, went or moved, every file changes: they are then
//     lazy (lazy.go), encoded after the edit is published, when one of
//     them is read, or by the next render before it takes the state.
//
// The bytes are those of the index written whole (searchIndex without a
// Cache), which the differential tests check after every kind of edit;
// the version (a sum of every file, in order) is summed again each time.

// searchState is the index of the last render with a Cache.
type searchState struct {
	docs []searchDoc    // in the order of their numbers
	num  map[string]int // item path → number
	// post holds every stem's postings (number<<2 | field, ascending),
	// by stem number; total is how many there are in all.
	post  [][]uint32
	total int
	// The buckets: their number, the stems of each in the order of
	// their names, and the files of each (those of its frequent stems,
	// then its own), as they are written.
	nb       int
	buckets  [][]uint32
	inBucket []bool // by stem number: whether it is in its bucket
	used     int    // stems in a bucket
	files    [][]searchFile
	blocks   []searchFile // the results blocks
	// pending, if not nil, encodes the files of the last render, which
	// it left lazy: the state is complete once it has run.
	pending func() []searchFile
}

// searchFile is one file of the index, the sum of its bytes (for the
// index's version: sumSearchFile) and its key in the page memo, taken
// from the sum.
type searchFile struct {
	path string
	data []byte
	sum  [sha256.Size]byte
	key  uint64
}

func newSearchFile(p string, data []byte) searchFile {
	sum := sha256.Sum256(data)
	return searchFile{path: p, data: data, sum: sum, key: binary.LittleEndian.Uint64(sum[:8])}
}

// takeSearchState returns the Cache's index state, and none to the next
// caller until putSearchState: a render changes it as it goes.
func (c *Cache) takeSearchState() *searchState {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.searchKept
	c.searchKept = nil
	if s != nil && s.pending != nil {
		s.pending() // the files the last render left lazy
		s.pending = nil
	}
	return s
}

func (c *Cache) putSearchState(s *searchState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.searchKept = s
}

// searchIndexKept writes the index, bringing the Cache's state up to date
// with the site.
func (r *Renderer) searchIndexKept() {
	c := r.opt.Cache
	s := c.takeSearchState()
	if s == nil {
		s = &searchState{num: map[string]int{}}
	}
	docs := r.allSearchDocs()
	names := r.vocab.snapshot()
	for len(s.post) < len(names) {
		s.post = append(s.post, nil)
		s.inBucket = append(s.inBucket, false)
	}
	dirty := make([]bool, len(names)) // stems whose postings changed

	// Which items keep their postings, and their numbers now.
	num := make(map[string]int, len(docs))
	moved := len(docs) != len(s.docs)
	newOf := make([]int32, len(s.docs)) // old number → new, -1 for none
	for i := range newOf {
		newOf[i] = -1
	}
	var fresh []int // numbers of the items whose postings are put in
	for n := range docs {
		d := &docs[n]
		num[d.path] = n
		o, ok := s.num[d.path]
		if ok && sameSearchPlace(&s.docs[o], d) {
			newOf[o] = int32(n)
			moved = moved || o != n
		} else {
			fresh = append(fresh, n)
		}
	}
	if moved {
		// Every number may have changed: map all postings.
		for id, ps := range s.post {
			k := 0
			for _, p := range ps {
				if m := newOf[p>>2]; m >= 0 {
					q := uint32(m)<<2 | p&3
					if q != p {
						dirty[id] = true
					}
					ps[k] = q
					k++
				}
			}
			if k != len(ps) {
				dirty[id] = true
				s.total -= len(ps) - k
			}
			s.post[id] = ps[:k]
		}
	} else {
		for o := range s.docs {
			switch {
			case newOf[o] >= 0:
			case s.docs[o].path == docs[o].path:
				// An item edited in place (most edits): only the stems
				// it gained, lost or has in another field change.
				s.repost(uint32(o), s.docs[o].terms, docs[o].terms, dirty)
				newOf[o] = int32(o)
			default:
				eachTerm(s.docs[o].terms, func(id, field uint32) { s.unpost(id, uint32(o)<<2|field, dirty) })
			}
		}
	}
	for _, n := range fresh {
		if !moved && newOf[n] == int32(n) {
			continue // reposted above
		}
		eachTerm(docs[n].terms, func(id, field uint32) { s.postOne(id, uint32(n)<<2|field, dirty) })
	}

	// The buckets: which stems are in one, and which buckets change.
	var joined, left []uint32
	for id, d := range dirty {
		if !d {
			continue
		}
		if in := len(s.post[id]) > 0; in != s.inBucket[id] {
			if in {
				joined = append(joined, uint32(id))
				s.used++
			} else {
				left = append(left, uint32(id))
				s.used--
			}
			s.inBucket[id] = in
		}
	}
	nb := searchBuckets(s.used)
	changed := make([]bool, nb) // buckets to encode again
	byName := func(x, y uint32) int { return strings.Compare(names[x], names[y]) }
	if nb != s.nb {
		s.nb = nb
		s.buckets = make([][]uint32, nb)
		s.files = make([][]searchFile, nb)
		for id, in := range s.inBucket {
			if in {
				b := searchBucket(names[id], nb)
				s.buckets[b] = append(s.buckets[b], uint32(id))
			}
		}
		for b := range s.buckets {
			slices.SortFunc(s.buckets[b], byName)
			changed[b] = true
		}
	} else {
		for _, id := range left {
			b := searchBucket(names[id], nb)
			if i, ok := slices.BinarySearchFunc(s.buckets[b], id, byName); ok {
				s.buckets[b] = slices.Delete(s.buckets[b], i, i+1)
			}
		}
		for _, id := range joined {
			b := searchBucket(names[id], nb)
			i, _ := slices.BinarySearchFunc(s.buckets[b], id, byName)
			s.buckets[b] = slices.Insert(s.buckets[b], i, id)
		}
		for id, d := range dirty {
			if d && s.inBucket[id] {
				changed[searchBucket(names[id], nb)] = true
			}
		}
		for _, id := range left {
			changed[searchBucket(names[id], nb)] = true
		}
	}
	encode := s.encoder(r, docs, num, names, changed)
	if !moved || r.lazy == nil {
		for _, f := range encode() {
			r.addSearchFile(f)
		}
		c.putSearchState(s)
		return
	}
	// Items came, went or moved: every file is encoded again (29 ms of
	// CPU at 10,000 items, the largest job of an added release). They
	// are lazy (lazy.go), encoded together when one is read or the
	// output settles, and by the next render before it takes the state.
	pending := sync.OnceValue(encode)
	s.pending = pending
	paths := s.paths(names, len(docs))
	for i, p := range paths {
		p = strings.TrimPrefix(p, "/")
		r.record(p, r.lazy.AddLazy(p, func() ([]byte, error) {
			files := pending()
			if len(files) != len(paths) || files[i].path != paths[i] {
				// The two orders below disagree: a bug, shown as such.
				return nil, fmt.Errorf("índice de búsqueda: se esperaba %s en el lugar %d", paths[i], i)
			}
			return files[i].data, nil
		}))
	}
	c.putSearchState(s)
}

// encoder returns the function that encodes what changed in the index
// (the buckets changed says, the results rows and blocks of docs) into s,
// and returns every file of the index in the order searchIndex writes
// them, which the version sums: the buckets in passes, then the blocks,
// then the manifest.
func (s *searchState) encoder(r *Renderer, docs []searchDoc, num map[string]int, names []string, changed []bool) func() []searchFile {
	oldDocs, oldNum := s.docs, s.num
	s.docs, s.num = docs, num
	manifest := r.searchManifest(docs, s.nb)
	return func() []searchFile {
		// The buckets and blocks are encoded on every core: an item
		// added or deleted renumbers the items after it, which changes
		// all of them (28 ms of one core at 10,000 items).
		var changedBuckets []int
		for b, ch := range changed {
			if ch {
				changedBuckets = append(changedBuckets, b)
			}
		}
		parallel(len(changedBuckets), func(i int) {
			b := changedBuckets[i]
			var files []searchFile
			buf := appendBucket(nil, s.buckets[b], names, func(id uint32) []uint32 { return s.post[id] }, func(p string, data []byte) {
				files = append(files, newSearchFile(p, data))
			})
			s.files[b] = append(files, newSearchFile(searchBucketPath(b), bytes.Clone(buf))) // exactly sized: kept
		})

		// The results rows, kept from the last index when they are the
		// same (an added or deleted item shifts every block).
		parallel(len(docs), func(n int) {
			d := &docs[n]
			if o, ok := oldNum[d.path]; ok && oldDocs[o].row != nil && sameSearchRow(&oldDocs[o].e, &d.e) {
				d.row = oldDocs[o].row
			} else {
				d.row = searchRowJSON(&d.e)
			}
		})

		// The results blocks whose rows changed.
		oldBlocks := s.blocks
		s.blocks = make([]searchFile, (len(docs)+searchBlock-1)/searchBlock)
		parallel(len(s.blocks), func(i int) {
			lo, hi := i*searchBlock, min(len(docs), (i+1)*searchBlock)
			// The same items, as many as before, with the same rows.
			same := i < len(oldBlocks) && hi <= len(oldDocs) && (hi-lo == searchBlock || len(docs) == len(oldDocs))
			for n := lo; same && n < hi; n++ {
				same = oldDocs[n].path == docs[n].path && sameSearchRow(&oldDocs[n].e, &docs[n].e)
			}
			if same {
				s.blocks[i] = oldBlocks[i]
			} else {
				s.blocks[i] = newSearchFile(searchBlockPath(i), searchRowsJSON(docs[lo:hi]))
			}
		})

		var all []searchFile
		sum := sha256.New()
		for _, b := range s.passOrder() {
			for _, f := range s.files[b] {
				sumSearchFile(sum, f.path, len(f.data), f.sum)
				all = append(all, f)
			}
		}
		for _, f := range s.blocks {
			sumSearchFile(sum, f.path, len(f.data), f.sum)
			all = append(all, f)
		}
		manifest.Version = searchVersion(sum)
		return append(all, newSearchFile(searchManifestPath, searchJSON(manifest)))
	}
}

// passOrder returns the buckets in the order searchIndex writes them: in
// passes over the buckets (searchPassPostings).
func (s *searchState) passOrder() []int {
	order := make([]int, 0, s.nb)
	passes := s.total/searchPassPostings + 1
	for p := range passes {
		for b := p; b < s.nb; b += passes {
			order = append(order, b)
		}
	}
	return order
}

// paths returns the paths of the files encode returns, without encoding
// them: a bucket's frequent stems have a file each, before the bucket's.
func (s *searchState) paths(names []string, items int) []string {
	var paths []string
	for _, b := range s.passOrder() {
		for _, id := range s.buckets[b] {
			if searchOwnFile(s.post[id]) {
				paths = append(paths, searchStemPath(names[id]))
			}
		}
		paths = append(paths, searchBucketPath(b))
	}
	for i := range (items + searchBlock - 1) / searchBlock {
		paths = append(paths, searchBlockPath(i))
	}
	return append(paths, searchManifestPath)
}

// allSearchDocs returns searchDocs, made once per render: the search page
// reads their entries too.
func (r *Renderer) allSearchDocs() []searchDoc {
	r.searchDocsOnce.Do(func() { r.searchDocsAll = r.searchDocs() })
	return r.searchDocsAll
}

// postOne adds posting p to stem id's.
func (s *searchState) postOne(id, p uint32, dirty []bool) {
	i, _ := slices.BinarySearch(s.post[id], p)
	s.post[id] = slices.Insert(s.post[id], i, p)
	s.total++
	dirty[id] = true
}

// unpost takes posting p out of stem id's.
func (s *searchState) unpost(id, p uint32, dirty []bool) {
	if i, ok := slices.BinarySearch(s.post[id], p); ok {
		s.post[id] = slices.Delete(s.post[id], i, i+1)
		s.total--
		dirty[id] = true
	}
}

// repost changes the postings of item num from its stems old to its
// stems terms.
func (s *searchState) repost(num uint32, old, terms []byte, dirty []bool) {
	had := map[uint32]uint32{} // stem → field
	eachTerm(old, func(id, field uint32) { had[id] = field })
	eachTerm(terms, func(id, field uint32) {
		f, ok := had[id]
		delete(had, id)
		if ok && f == field {
			return
		}
		if ok {
			s.unpost(id, num<<2|f, dirty)
		}
		s.postOne(id, num<<2|field, dirty)
	})
	for id, f := range had {
		s.unpost(id, num<<2|f, dirty)
	}
}

// sameSearchPlace reports whether an item described as old in the last
// index and as d now keeps its postings: the same stems, and the same
// place among the other items (their order is by group, date, title and
// URL, so an item whose keys are the same has the same neighbours).
func sameSearchPlace(old, d *searchDoc) bool {
	a, b := &old.e, &d.e
	return bytes.Equal(old.terms, d.terms) && a.group == b.group && a.date.Equal(b.date) && a.Title == b.Title && a.URL == b.URL
}

// sameSearchRow reports whether two entries have the same row in a
// results block (searchBlockJSON).
func sameSearchRow(a, b *searchEntry) bool {
	return a.Title == b.Title && a.URL == b.URL && a.Kind == b.Kind && a.Summary == b.Summary &&
		a.date.Equal(b.date) && a.date.Location() == b.date.Location()
}

// addSearchFile adds a file of the index to the render's output, or
// takes it from the previous output if it had these bytes (the memo).
func (r *Renderer) addSearchFile(f searchFile) {
	if p := strings.TrimPrefix(f.path, "/"); !r.memoReuse(p, f.key) {
		r.add(p, f.data)
	}
}
