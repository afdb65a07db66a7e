package render

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"cabildo/internal/content"
	"cabildo/internal/markdown"
)

// Cache keeps the rendered Markdown bodies of one site between renders, so
// that `cabildo serve` re-renders only the bodies that changed. Rendering
// the bodies is most of the work of a build; most edits touch one file.
//
// A body is reused when its file's path and text are the same as last
// time, and so is everything its rendering looked up: each link and image
// it resolved (to other content, static files and their width and height)
// is recorded with the answer, and when items or files come, go or move,
// only the bodies whose lookups get another answer are dropped (begin).
// Call Reset when something else a body depends on changes: the Markdown
// options (site.yaml), or a static file whose size stayed the same.
//
// A Cache is safe for concurrent use, but it belongs to one site: renders
// of two sites must not share it. A nil *Cache caches nothing.
type Cache struct {
	mu     sync.Mutex
	bodies map[string]cachedBody // by item path
	hits   int
	misses int
	gen    uint64 // the last cachedBody.gen given
	// The stems of each item for the search index, by item path: they
	// are a function of the item (decoded once per version of its file,
	// so the same pointer means the same front matter), its body and
	// site.yaml (Reset: officials' names, categories' labels). Their numbers are in vocab,
	// which outlives resets: a number, once given, keeps its stem.
	search map[string]cachedSearch
	vocab  *searchVocab
	// searchKept is the search index of the last render, which the next
	// brings up to date (searchstate.go). Reset keeps it: what it
	// keeps of each item is compared with what the item is now.
	searchKept *searchState
	// The page memo (pagememo.go): the hashes of the pages of the output
	// last adopted, and of the last render, until it is adopted.
	pages   pageMemo
	pending map[string]memoEntry
	// pendingScopes is what pending is for pages.scopes.
	pendingScopes map[string][]string
	pagesReused   atomic.Int64
	pagesLazy     atomic.Int64 // pages of the last render left to be made when read (lazy.go)
	filesReused   atomic.Int64
	// The cards lists repeat (cards.go).
	cards *cardCache
	// The occurrences of every event of the last render, by event
	// (seriesOf).
	series map[*content.Event]*series
	// The templates executed without error since the theme last
	// changed, by name: those whose pages may be lazy (lazy.go).
	templatesOK sync.Map
	// The lobby's views the reports read, and the key of their inputs
	// (reportLobby).
	reportLobby keyedLobby
	// The items and static files links may name, by path, as of the
	// last time they changed (retarget).
	targetItems map[string]content.Item
	targetFiles map[string]content.StaticFile
}

type keyedLobby struct {
	key uint64
	l   *lobby
}

type cachedSearch struct {
	item  content.Item
	body  *markdown.Result
	entry searchEntry // without its extra words, which are in terms
	terms []byte
}

type cachedBody struct {
	gen     uint64       // a number no other rendering of a body had (bodyGen)
	doc     *content.Doc // the decoding the body was last asked for
	sum     [sha256.Size]byte
	res     *markdown.Result
	lookups []lookup // what its rendering asked of the site, in order
}

// lookup is one link or image a body's rendering resolved, and what it
// got: a body whose every lookup gets the same answer from another
// version of the site renders the same (see begin).
type lookup struct {
	image  bool
	dest   string
	url    string
	img    markdown.Image
	err    string // "" when resolved
	target string // of a link, what decided it (resolveLinkTarget)
}

// linkTargets resolves a link as resolveLinkTarget does.
type linkTargets func(dest string) (url, target string, err error)

func (f linkTargets) ResolveLink(dest string) (string, error) {
	url, _, err := f(dest)
	return url, err
}

// lookupsOf wraps a body's resolvers so that each call is recorded.
type lookupsOf struct {
	links  linkTargets
	images markdown.ImageResolver
	seen   []lookup
}

func (l *lookupsOf) ResolveLink(dest string) (string, error) {
	url, target, err := l.links(dest)
	l.seen = append(l.seen, lookup{dest: dest, url: url, err: errString(err), target: target})
	return url, err
}

func (l *lookupsOf) ResolveImage(src string) (markdown.Image, error) {
	img, err := l.images.ResolveImage(src)
	l.seen = append(l.seen, lookup{image: true, dest: src, img: img, err: errString(err)})
	return img, err
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// sameLookups reports whether the renderer r answers every lookup of the
// body of the file at docPath as it was answered when the body was
// rendered. A link is asked again only if changed is nil (not known) or
// holds one of its keys (retarget): 20,000 links resolved again after
// every file added or deleted were a fifth of serve's work then.
func sameLookups(r *Renderer, docPath string, ls []lookup, changed map[string]bool) bool {
	d := &content.Doc{Path: docPath} // the resolvers read only the path
	for _, l := range ls {
		if l.image {
			img, err := r.resolveImage(d, l.dest)
			if errString(err) != l.err || !reflect.DeepEqual(img, l.img) {
				return false
			}
			continue
		}
		if changed != nil && !changed[l.target] {
			continue // "" is never in changed
		}
		url, err := r.resolveLink(d, l.dest)
		if errString(err) != l.err || url != l.url {
			return false
		}
	}
	return true
}

// retarget records the targets of links of r's site (its items and
// static files, by path: resolveLinkTarget), and returns the links'
// targets whose answer may have changed since they were last recorded:
// the paths that came, went or moved, and for a bundle's "x/index.md"
// also "x.md", by which links may name it; nil if none were recorded. A
// static file's path is never an item's (a .md file under content/ is
// content), and if it were, a body would be checked once too often,
// never too seldom. An item decoded once per version of its file (the
// same pointer) has the same URL; every URL is a function of its path
// today, but the URLs of another version are compared all the same.
// c.mu is held.
func (c *Cache) retarget(r *Renderer) map[string]bool {
	items, files := c.targetItems, c.targetFiles
	c.targetItems, c.targetFiles = r.byPath, r.files // not changed after newRenderer
	if items == nil {
		return nil
	}
	changed := map[string]bool{}
	item := func(p string) {
		changed[p] = true
		if dir, ok := strings.CutSuffix(p, "/index.md"); ok {
			changed[dir+".md"] = true
		}
	}
	for p, it := range r.byPath {
		if was, ok := items[p]; !ok || was != it && was.URL() != it.URL() {
			item(p)
		}
	}
	for p := range items {
		if _, ok := r.byPath[p]; !ok {
			item(p)
		}
	}
	for p, f := range r.files {
		if was, ok := files[p]; !ok || was.URL != f.URL || was.Size != f.Size {
			// Its size too: an image's width and height may differ. (The
			// Builder resets the Cache on any change of a static file,
			// so for serve this is a defence, which no test reaches.)
			changed[p] = true
		}
	}
	for p := range files {
		if _, ok := r.files[p]; !ok {
			changed[p] = true
		}
	}
	return changed
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{bodies: map[string]cachedBody{}, search: map[string]cachedSearch{}, vocab: newSearchVocab(), cards: new(cardCache)}
}

// searchDocs fills, with one lock, the entries and stems of docs kept
// for items (whose bodies are bodies), when they were taken from the same
// item and body; it reports which.
func (c *Cache) searchDocs(items []content.Item, bodies []*markdown.Result, docs []searchDoc) []bool {
	kept := make([]bool, len(items))
	if c == nil {
		return kept
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, it := range items {
		if e, ok := c.search[docs[i].path]; ok && e.item == it && e.body == bodies[i] {
			docs[i].e, docs[i].terms, kept[i] = e.entry, e.terms, true
		}
	}
	return kept
}

// keepSearchDocs keeps the entries and stems of docs not kept yet.
func (c *Cache) keepSearchDocs(items []content.Item, bodies []*markdown.Result, docs []searchDoc, kept []bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, it := range items {
		if !kept[i] {
			c.search[docs[i].path] = cachedSearch{it, bodies[i], docs[i].e, docs[i].terms}
		}
	}
}

// takeSeries returns the events' occurrences the last render kept.
func (c *Cache) takeSeries() map[*content.Event]*series {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.series
	c.series = nil
	return m
}

// putSeries keeps the events' occurrences of this render for the next.
func (c *Cache) putSeries(m map[*content.Event]*series) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.series = m
}

// Reset empties the cache.
func (c *Cache) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.bodies)
	clear(c.search)
	c.series, c.targetItems, c.targetFiles = nil, nil, nil
	c.reportLobby = keyedLobby{}
	c.templatesOK.Clear() // site.yaml may give the templates other data
	c.pages, c.pending, c.pendingScopes = pageMemo{}, nil, nil
	c.cards.forget()
}

// Hits reports how many bodies the last render took from the cache, and
// Misses how many it rendered.
func (c *Cache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

func (c *Cache) Misses() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.misses
}

// begin starts a render: it drops the bodies whose links or images
// resolve otherwise since the last render, when items or static files
// came, went or moved (retarget).
func (c *Cache) begin(r *Renderer) {
	if c == nil {
		return
	}
	fh := sha256.New() // the static files, for the dependency keys
	var n [8]byte
	for _, f := range r.site.Files {
		binary.LittleEndian.PutUint64(n[:], uint64(len(f.Path)))
		fh.Write(n[:])
		io.WriteString(fh, f.Path)
		binary.LittleEndian.PutUint64(n[:], uint64(len(f.URL)))
		fh.Write(n[:])
		io.WriteString(fh, f.URL)
		binary.LittleEndian.PutUint64(n[:], uint64(f.Size))
		fh.Write(n[:])
	}
	fh.Sum(r.staticSum[:0])
	r.staticKnown = true
	c.mu.Lock()
	defer c.mu.Unlock()
	// What link and image resolution see: the items and static files
	// that came, went or moved since the last render (retarget, which
	// compares the render's own maps; a sum of every path and URL took
	// 10,000 URLs made again before every render of serve).
	if changed := c.retarget(r); changed == nil || len(changed) > 0 {
		// Items or files came or went, or moved: a body stays valid if
		// every link and image it resolved resolves the same now (a
		// deleted page re-renders the bodies that link to it, not all).
		// On every core: a file added or deleted asks this of every
		// body of the site.
		paths := make([]string, 0, len(c.bodies))
		for p := range c.bodies {
			paths = append(paths, p)
		}
		stale := make([]bool, len(paths))
		parallel(len(paths), func(i int) { stale[i] = !sameLookups(r, paths[i], c.bodies[paths[i]].lookups, changed) })
		for i, p := range paths {
			if stale[i] {
				delete(c.bodies, p)
			}
		}
		// The stems stay: they are checked against the item and the body
		// they were taken from (searchTerms), and read no other item's
		// URL. Only those of files gone are dropped.
		for p := range c.search {
			if _, ok := r.byPath[p]; !ok {
				delete(c.search, p)
			}
		}
	}
	c.hits, c.misses = 0, 0
}

// body returns d's rendered body from the cache, or renders it with render
// and keeps the result, and its number (kept; 0 without a Cache). A
// decoding the cache holds was taken by kept already; a new decoding of
// the same text takes the body kept for it. Problems are kept with the
// result; their positions are relative to the body, so a change of the
// front matter's length above it does not make them wrong.
func (c *Cache) body(d *content.Doc, links linkTargets, images markdown.ImageResolver, render func(markdown.LinkResolver, markdown.ImageResolver) (*markdown.Result, error)) (*markdown.Result, uint64, error) {
	if c == nil {
		res, err := render(links, images)
		return res, 0, err
	}
	sum := sha256.Sum256(d.Body)
	c.mu.Lock()
	if e, ok := c.bodies[d.Path]; ok && e.sum == sum {
		c.hits++
		c.bodies[d.Path] = cachedBody{e.gen, d, sum, e.res, e.lookups}
		c.mu.Unlock()
		return e.res, e.gen, nil
	}
	c.misses++
	c.mu.Unlock()
	rec := &lookupsOf{links: links, images: images}
	res, err := render(rec, rec)
	if err != nil {
		return nil, 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.bodies[d.Path] = cachedBody{c.gen, d, sum, res, rec.seen}
	return res, c.gen, nil
}

// kept returns, with one lock, the bodies the cache holds for the
// decodings of items, and their numbers (nil and 0 where it holds none):
// most bodies of a render of serve, which took 10,000 locks in turn on
// every core. Unlike a body's address, its number is never another
// rendering's, even once the body is freed: the dependency keys of the
// pages that show the body use it (deps.go).
func (c *Cache) kept(items []content.Item) ([]*markdown.Result, []uint64) {
	res, gens := make([]*markdown.Result, len(items)), make([]uint64, len(items))
	if c == nil {
		return res, gens
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, it := range items {
		d := it.Document()
		if e, ok := c.bodies[d.Path]; ok && e.doc == d {
			// The same decoding of the file (a document is not
			// changed once decoded): the same body, without summing
			// it again.
			res[i], gens[i] = e.res, e.gen
			c.hits++
		}
	}
	return res, gens
}
