package render

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash"
	"hash/fnv"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/markdown"
	"cabildo/internal/spanish"
)

// The search index is many small files, so that a phone fetches only what
// its query needs (at 10,000 items the whole index is megabytes; a query
// fetches kilobytes). All under searchDir:
//
//	manifiesto.json   what every query needs: the version of the other
//	                  files (a sum of them all), the number of items, of
//	                  buckets and of items per results block, the stop
//	                  words, the groups (type of content) with their
//	                  range of item numbers and their items per year, and
//	                  the numbers of the upcoming events. Filters by type,
//	                  year and upcoming or past need nothing else.
//	t/<n>.json        bucket n: {"stem": postings, …} for the stems whose
//	                  FNV-1a hash (of their UTF-8 bytes) modulo the number
//	                  of buckets is n; a frequent stem has 0 instead, and
//	                  its postings in a file of their own:
//	p/<stem>.json     postings of a frequent stem (name: searchStemFile)
//	r/<n>.json        results block n: for items n×block … n×block+block-1,
//	                  [title, URL, kind, ISO date, date in Spanish, summary]
//
// Items are numbered in the order of searchGroups, then newest first, then
// by title and URL: an item's number says its group and, with the years of
// the manifest, its year; ranking ties go to the lower number, which is
// the newer item of the group shown first.
//
// Postings are [[title], [summary], [body]]: the numbers of the items whose
// title has the stem, of those whose summary has it (and not the title),
// and of those whose body has it (and neither); each list ascending and
// delta-coded (the first number as is, then differences), trailing empty
// lists left out. The script scores a word by the best field it is in.
//
// Words are folded (Fold), split as the tokenizer does, stop words left
// out, and stemmed (stem.go); buscar.js does the same to a query.
//
// Item numbers change when an item is added, so the files of one build
// only make sense together. The script revalidates the manifest on every
// search and asks for the other files with ?v=<version>: a browser (or a
// CDN that keys on the query) never mixes a bucket it kept from an earlier
// build with the results blocks of a later one.

const (
	searchDir = "/buscar/indice/"
	// searchBlock items per results block: the first results of a query
	// are often far apart, so blocks stay small.
	searchBlock = 8
	// searchBucketTerms is the mean number of stems per bucket: the
	// number of buckets is the smallest power of two that gives at most
	// this many. A power of two, so that it changes only when the
	// vocabulary doubles (an edit in serve rewrites few buckets).
	searchBucketTerms = 48
	// searchFrequent postings or more make a stem frequent: its postings
	// go to their own file, so that a query for a rare word sharing its
	// bucket does not download them.
	searchFrequent = 256
	// searchPassPostings bounds the postings held in memory at once: the
	// index is built in passes over the buckets. 4 MB of them: the index
	// is written last, when a build's heap is at its largest, and a pass
	// (reading every item's stems again) costs some 10 ms per 10,000
	// items, less than the memory (BenchmarkSearchIndex: 0.30 → 0.31
	// cpu-s at 10,000 items, from one pass to two).
	searchPassPostings = 1 << 20
)

// maxBodyRunes and maxBodyTokens bound what one item adds to the index:
// the start of a text says what it is about.
const (
	maxBodyRunes  = 6000
	maxBodyTokens = 250
)

// stopWords are frequent Spanish words that find everything and rank
// nothing. Kept short on purpose: "no", "sin" or "más" can matter in a
// query and stay searchable. The manifest carries them to the script.
var stopWords = []string{
	"al", "como", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los",
	"para", "por", "que", "se", "su", "sus", "un", "una", "unas", "unos", "y",
}

var stopSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range stopWords {
		m[w] = true
	}
	return m
}()

// searchManifest is manifiesto.json.
type searchManifest struct {
	Version  string                `json:"version"` // the sum of the other files
	Items    int                   `json:"items"`
	Buckets  int                   `json:"buckets"`
	Block    int                   `json:"block"`
	Stop     []string              `json:"stop"`
	Groups   []searchManifestGroup `json:"groups"`
	Upcoming []int                 `json:"upcoming"` // delta-coded item numbers
}

type searchManifestGroup struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	First int    `json:"first"` // number of its first item
	Count int    `json:"count"`
	// Years are [year, items] newest first, in item order; the group's
	// undated items come after them.
	Years [][2]int `json:"years"`
}

// searchDoc is one item of the index.
type searchDoc struct {
	path  string // of the item's file: "content/prensa/x.md"
	e     searchEntry
	terms []byte // searchTerms
	row   []byte // its row of a results block (searchRowJSON), if made
}

// searchIndex writes the index.
func (r *Renderer) searchIndex() {
	if r.opt.Cache != nil {
		r.searchIndexKept() // serve: from the index of the last render
		return
	}
	docs := r.searchDocs()
	w := r.newSearchWriter()
	nb := r.writeSearchTerms(w, docs)
	for i := 0; i*searchBlock < len(docs); i++ {
		w.add(searchBlockPath(i), searchBlockJSON(docs[i*searchBlock:min(len(docs), (i+1)*searchBlock)]))
	}
	m := r.searchManifest(docs, nb)
	m.Version = w.version() // last: its version sums every other file
	w.add(searchManifestPath, searchJSON(m))
}

// searchDocs describes every published item but the home page, in the
// order of their numbers.
func (r *Renderer) searchDocs() []searchDoc {
	var items []content.Item
	for _, it := range r.site.Items() {
		if it != content.Item(r.site.Home) {
			items = append(items, it)
		}
	}
	// The stems kept, with one lock (not one per item and core), and
	// the others on every core: folding, splitting and stemming every
	// text is the largest single job of a build.
	docs := make([]searchDoc, len(items))
	bodies := make([]*markdown.Result, len(items))
	for i, it := range items {
		docs[i].path, bodies[i] = it.Document().Path, r.body(it)
	}
	kept := r.opt.Cache.searchDocs(items, bodies, docs)
	parallel(len(items), func(i int) {
		if !kept[i] {
			r.searchDoc(&docs[i], items[i], bodies[i])
		} else if ev, ok := items[i].(*content.Event); ok {
			// An entry is a function of its item and site.yaml (which
			// resets the Cache), but for whether an event is upcoming.
			docs[i].e.upcoming = r.eventUpcoming(ev)
		}
	})
	r.opt.Cache.keepSearchDocs(items, bodies, docs, kept)
	// The site's lists come mostly in this order already (not the
	// events, which come oldest first).
	order := func(x, y searchDoc) int {
		a, b := &x.e, &y.e
		switch {
		case a.group != b.group:
			return cmp.Compare(a.group, b.group)
		case !a.date.Equal(b.date):
			return b.date.Compare(a.date) // newest first; undated (zero) last
		case a.Title != b.Title:
			return strings.Compare(a.Title, b.Title)
		case a.URL != b.URL:
			return strings.Compare(a.URL, b.URL)
		}
		return strings.Compare(x.path, y.path)
	}
	// A total order (paths are unique), so the unstable sort gives the
	// one answer: a stable one was 1.5 ms of every render of serve.
	if !slices.IsSortedFunc(docs, order) {
		slices.SortFunc(docs, order)
	}
	return docs
}

// searchDoc describes it, whose body is body, in d, taking its stems
// from where they were kept when its body was rendered (leanBodies).
func (r *Renderer) searchDoc(d *searchDoc, it content.Item, body *markdown.Result) {
	d.e = r.searchEntryOf(it)
	if terms, ok := r.bodies.stems(it); ok {
		d.terms = terms
	} else {
		d.terms = r.searchTerms(&d.e, body.Text)
	}
	d.e.extra = nil // in the stems now
}

// searchTerms returns the stem numbers of an item's fields, varint-coded:
// how many the title has, the title's, how many the summary has, the
// summary's, and the body's to the end. Each stem appears once, in the
// best field that has it. The body is the item's extra words and text,
// within maxBodyRunes and maxBodyTokens.
func (r *Renderer) searchTerms(e *searchEntry, text string) []byte {
	t := newTokenizer()
	defer t.free()
	var out []byte
	ids := t.ids[:0]
	field := func(tokens string) {
		ids = ids[:0]
		for w := range strings.SplitSeq(tokens, " ") {
			if w == "" {
				continue
			}
			id := r.vocab.id([]byte(w))
			if _, dup := t.stems[id]; !dup {
				t.stems[id] = struct{}{}
				ids = append(ids, id)
			}
		}
	}
	field(t.field(-1, -1, e.Title))
	out = binary.AppendUvarint(out, uint64(len(ids)))
	for _, id := range ids {
		out = binary.AppendUvarint(out, uint64(id))
	}
	field(t.field(-1, -1, e.Summary))
	out = binary.AppendUvarint(out, uint64(len(ids)))
	for _, id := range ids {
		out = binary.AppendUvarint(out, uint64(id))
	}
	field(t.field(maxBodyRunes, maxBodyTokens, strings.Join(nonEmpty(e.extra...), " "), " ", text))
	for _, id := range ids {
		out = binary.AppendUvarint(out, uint64(id))
	}
	t.ids = ids
	// An exact copy: out grew by doubling, and a large site keeps the
	// stems of every item until the index is written.
	return bytes.Clone(out)
}

// eachTerm calls fn with every stem of terms (searchTerms) and its field:
// 0 title, 1 summary, 2 body.
func eachTerm(terms []byte, fn func(id uint32, field uint32)) {
	next := func() uint32 {
		v, n := binary.Uvarint(terms)
		terms = terms[n:]
		return uint32(v)
	}
	for field := uint32(0); field < 2; field++ {
		for n := next(); n > 0; n-- {
			fn(next(), field)
		}
	}
	for len(terms) > 0 {
		fn(next(), 2)
	}
}

// writeSearchTerms writes the buckets and the files of the frequent
// stems, and returns the number of buckets.
func (r *Renderer) writeSearchTerms(w *searchWriter, docs []searchDoc) int {
	names := r.vocab.snapshot()
	counts := make([]uint32, len(names))
	total := 0
	for i := range docs {
		eachTerm(docs[i].terms, func(id, _ uint32) { counts[id]++ })
	}
	var used []uint32 // stems of this site (the vocabulary of serve keeps old ones)
	for id, n := range counts {
		if n > 0 {
			used = append(used, uint32(id))
			total += int(n)
		}
	}
	nb := searchBuckets(len(used))
	buckets := make([][]uint32, nb)
	bucketOf := make([]int32, len(names))
	for _, id := range used {
		b := searchBucket(names[id], nb)
		bucketOf[id] = int32(b)
		buckets[b] = append(buckets[b], id)
	}
	for _, b := range buckets {
		slices.SortFunc(b, func(x, y uint32) int { return strings.Compare(names[x], names[y]) })
	}

	// Passes over the buckets: pass p collects the postings of the
	// buckets b with b % passes == p.
	passes := total/searchPassPostings + 1
	start := make([]uint32, len(names)) // where each stem's postings begin in all
	for p := 0; p < passes; p++ {
		n := uint32(0)
		for b := p; b < nb; b += passes {
			for _, id := range buckets[b] {
				start[id] = n
				n += counts[id]
			}
		}
		all := make([]uint32, n)
		fill := slices.Clone(start)
		for num := range docs {
			eachTerm(docs[num].terms, func(id, field uint32) {
				if int(bucketOf[id])%passes == p {
					all[fill[id]] = uint32(num)<<2 | field
					fill[id]++
				}
			})
		}
		var buf []byte
		for b := p; b < nb; b += passes {
			buf = appendBucket(buf[:0], buckets[b], names, func(id uint32) []uint32 {
				return all[start[id] : start[id]+counts[id]]
			}, w.add)
			w.add(searchBucketPath(b), bytes.Clone(buf))
		}
	}
	return nb
}

// The paths of the index's files (the layout above), written whole
// (searchIndex) or kept and named before they are encoded (searchstate.go).
const searchManifestPath = searchDir + "manifiesto.json"

func searchBucketPath(b int) string     { return searchDir + "t/" + strconv.Itoa(b) + ".json" }
func searchBlockPath(i int) string      { return searchDir + "r/" + strconv.Itoa(i) + ".json" }
func searchStemPath(stem string) string { return searchDir + "p/" + searchStemFile(stem) + ".json" }

// searchOwnFile reports whether a stem with postings ps is frequent: its
// postings are a file of their own, not a part of its bucket's.
func searchOwnFile(ps []uint32) bool { return len(ps) >= searchFrequent }

// appendBucket appends to buf the JSON of the bucket of the stems ids
// (sorted by name), whose postings are postings(id), and calls add with
// the file of each frequent stem, in the order of ids.
func appendBucket(buf []byte, ids []uint32, names []string, postings func(id uint32) []uint32, add func(p string, data []byte)) []byte {
	buf = append(buf, '{')
	for i, id := range ids {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendQuote(buf, names[id]) // a stem: letters and digits only
		buf = append(buf, ':')
		ps := postings(id)
		if searchOwnFile(ps) {
			buf = append(buf, '0')
			add(searchStemPath(names[id]), appendPostings(nil, ps))
		} else {
			buf = appendPostings(buf, ps)
		}
	}
	return append(buf, '}')
}

// searchBuckets is the number of buckets for used stems: the smallest
// power of two that gives at most searchBucketTerms stems per bucket.
func searchBuckets(used int) int {
	if used <= searchBucketTerms {
		return 1
	}
	return 1 << bits.Len(uint((used-1)/searchBucketTerms))
}

// searchBucket is the bucket of a stem among n (a power of two).
func searchBucket(stem string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(stem))
	return int(h.Sum32() & uint32(n-1))
}

// searchStemFile names the file of a frequent stem: its letters a-z and
// digits as they are, any other letter as _<hex code point>_ («año» is
// a_f1_o), so that names are plain ASCII.
func searchStemFile(stem string) string {
	var b strings.Builder
	for _, c := range stem {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteString("_" + strconv.FormatInt(int64(c), 16) + "_")
		}
	}
	return b.String()
}

// appendPostings appends the JSON of postings ps (item<<2 | field,
// ascending by item).
func appendPostings(b []byte, ps []uint32) []byte {
	last := -1
	for _, p := range ps {
		last = max(last, int(p&3))
	}
	b = append(b, '[')
	for f := 0; f <= last; f++ {
		if f > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		prev, first := uint32(0), true
		for _, p := range ps {
			if int(p&3) != f {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, uint64(p>>2-prev), 10)
			prev, first = p>>2, false
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// searchManifest makes the manifest of docs with nb buckets, but for its
// version.
func (r *Renderer) searchManifest(docs []searchDoc, nb int) *searchManifest {
	m := &searchManifest{Items: len(docs), Buckets: nb, Block: searchBlock, Stop: stopWords, Upcoming: []int{}}
	for g, sg := range searchGroups {
		mg := searchManifestGroup{Key: sg.Key, Label: sg.Label, First: len(docs), Years: [][2]int{}}
		for num := range docs {
			e := &docs[num].e
			if e.group != g {
				continue
			}
			mg.First = min(mg.First, num)
			mg.Count++
			if e.date.IsZero() {
				continue
			}
			y := e.date.Year()
			if n := len(mg.Years); n > 0 && mg.Years[n-1][0] == y {
				mg.Years[n-1][1]++
			} else {
				mg.Years = append(mg.Years, [2]int{y, 1})
			}
		}
		if mg.Count == 0 {
			mg.First = 0
		}
		m.Groups = append(m.Groups, mg)
	}
	prev := 0
	for num := range docs {
		if docs[num].e.upcoming {
			m.Upcoming = append(m.Upcoming, num-prev)
			prev = num
		}
	}
	return m
}

// searchBlockJSON encodes a results block.
func searchBlockJSON(docs []searchDoc) []byte {
	rows := make([][6]string, len(docs))
	for i := range docs {
		rows[i] = searchRow(&docs[i].e)
	}
	return searchJSON(rows)
}

func searchRow(e *searchEntry) [6]string {
	var iso, es string
	if !e.date.IsZero() {
		iso, es = e.date.Format("2006-01-02"), spanish.ShortDate(e.date)
	}
	return [6]string{e.Title, e.URL, e.Kind, iso, es, e.Summary}
}

// searchRowJSON is e's row as searchBlockJSON writes it.
func searchRowJSON(e *searchEntry) []byte {
	row := searchJSON(searchRow(e))
	return row[:len(row)-1] // the Encoder's newline
}

// searchRowsJSON is searchBlockJSON of docs whose rows are made
// (searchDoc.row): the same bytes, without encoding them again.
func searchRowsJSON(docs []searchDoc) []byte {
	n := 3
	for i := range docs {
		n += len(docs[i].row) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i := range docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, docs[i].row...)
	}
	return append(b, "]\n"...)
}

// searchJSON encodes v as encoding/json does, without escaping <, > and
// &: the files are served as application/json, never inlined in HTML.
func searchJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings, numbers and slices of them always encode
	}
	return b.Bytes()
}

// searchWriter adds the files of the index and sums them, in order.
type searchWriter struct {
	r   *Renderer
	sum hash.Hash // of every file added, in order: the index's version
}

func (r *Renderer) newSearchWriter() *searchWriter {
	return &searchWriter{r: r, sum: sha256.New()}
}

func (w *searchWriter) add(p string, data []byte) {
	sumSearchFile(w.sum, p, len(data), sha256.Sum256(data))
	w.r.add(p, data)
}

// sumSearchFile adds the file p, of size bytes summing to fileSum, to the
// index's version sum. A sum of the files' sums, not of their bytes:
// serve keeps each file's sum with the file (searchFile), and an edit
// that changes a few files sums those, not the 5 MB of the index.
func sumSearchFile(sum hash.Hash, p string, size int, fileSum [sha256.Size]byte) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
	sum.Write(n[:])
	sum.Write([]byte(p))
	binary.LittleEndian.PutUint64(n[:], uint64(size))
	sum.Write(n[:])
	sum.Write(fileSum[:])
}

// version is a short hex sum of the files added so far.
func (w *searchWriter) version() string { return searchVersion(w.sum) }

func searchVersion(sum hash.Hash) string { return hex.EncodeToString(sum.Sum(nil)[:6]) }
