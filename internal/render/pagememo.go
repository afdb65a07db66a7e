package render

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"strings"
	"sync"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/output"
)

// The page memo: a page is a function of its template and of its *Page,
// which holds everything the template can reach (the view, the item, the
// navigation, the brand). So serve, which renders the whole site after
// an edit to some front matter, hashes each page's inputs, and a page
// whose hash is the one it had in the previous output takes that
// output's bytes instead of running its template: a title edit runs the
// templates of the pages that show the title, not of 10,000 pages.
//
// What the hash does not cover, and why that is safe:
//   - the theme's templates and site.yaml: a change to either renders
//     everything afresh (the Builder calls Cache.Reset or ForgetPages);
//   - Page.Now, the clock, which changes on every render of serve: what
//     the clock decides is in the key (clockKey), the time itself is not;
//     a theme that prints the clock shows, on unchanged pages, the
//     previous render's.
//
// The memo is used only with a Cache and Options.Previous, the output of
// the render the Cache's page hashes describe (Cache.AdoptPages). Files
// other than pages whose making costs more than hashing their inputs
// (the iCalendar files) use it too (memoFile); the pages of single
// items skip even building their view when their dependency key is the
// same (deps.go).

// pageMemo is what a Cache keeps: the hash of each page's inputs in the
// output from.
type pageMemo struct {
	from   *output.Set
	keys   map[string]memoEntry // output path → what made it
	scopes map[string][]string  // scope name → its files in from (scope.go)
}

// memoEntry is what the memo records of one output file: the hash of its
// inputs (page), and the dependency key of the job that made it (deps,
// deps.go), when there is one. One entry for both: a file taken from the
// previous output by its job's key looks up and records one entry, not
// two, 16,000 times after every edit in serve. The memo's other keys
// (a scope's, the aliases') are entries of names that are not paths.
type memoEntry struct {
	page, deps       uint64
	hasPage, hasDeps bool
	// made says that the job with the key deps made the file lazily,
	// without its page key (lazy.go): a file its job's key takes.
	made bool
}

// notePage records key as the page key of path, keeping the dependency
// key its job recorded. outMu is held.
func (r *Renderer) notePage(path string, key uint64) {
	e := r.memoKeys[path]
	e.page, e.hasPage = key, true
	r.memoKeys[path] = e
}

// scopePaths returns the files the family with the scope name made in
// the previous output, nil if unknown.
func (c *Cache) scopePaths(name string) []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages.scopes[name]
}

var memoSeed = maphash.MakeSeed()

// contentPkg is the model's package: see hashValue.
var contentPkg = reflect.TypeFor[content.Config]().PkgPath()

// memoReuse adds the previous render's file at path, whose inputs hash
// to key, if they hashed the same there, and records key for the next
// render. It reports whether it added the file.
func (r *Renderer) memoReuse(path string, key uint64) bool {
	return r.claim(path, memoEntry{page: key, hasPage: true})
}

// claim records e for path (keeping the dependency key its job recorded,
// if e has none), and reuses the previous output's file at path if its
// page key was e's there; it reports whether it did. All with one lock:
// one of the costs of every unchanged file.
func (r *Renderer) claim(path string, e memoEntry) bool {
	note := func() {
		if e.hasDeps {
			r.memoKeys[path] = e
		} else {
			r.notePage(path, e.page)
		}
	}
	prev, ok := r.memoPrev[path]
	// The same page key, or (a file its job's key takes, made lazily
	// without a page key: keyedLazily) the same dependency key.
	same := ok && (prev.hasPage && prev.page == e.page || e.hasDeps && prev.made && prev.hasDeps && prev.deps == e.deps)
	if !same {
		r.outMu.Lock()
		note()
		r.outMu.Unlock()
		return false
	}
	// Without reading or copying the bytes, when the output was derived
	// from the previous one (output.Derive).
	if set, ok := r.out.(*output.Set); ok {
		kept, err := set.Keep(path)
		if err == nil && kept {
			r.outMu.Lock()
			note()
			r.published[path] = struct{}{}
			r.outMu.Unlock()
			return true
		}
		if err != nil {
			r.record(path, err)
			return true
		}
	}
	r.outMu.Lock()
	note()
	r.outMu.Unlock()
	data, ok := r.opt.Previous.Get(path)
	if ok {
		r.add(path, data)
	}
	return ok
}

// memoFile adds the file at path (not a page: an event's .ics, a
// calendar feed) that make makes from inputs, or the previous output's
// bytes when inputs hash as they did there. Serializing such a file
// costs far more than hashing what it is made of; inputs must hold all
// of it (make may read nothing else that can change between renders
// without resetting the Cache).
func (r *Renderer) memoFile(path string, inputs any, make func() ([]byte, error)) error {
	path = strings.TrimPrefix(path, "/")
	if r.memoKeys != nil {
		var h maphash.Hash
		h.SetSeed(memoSeed)
		h.WriteString("\x00file")
		if hashValue(&h, reflect.ValueOf(inputs), map[ptrKey]bool{}) {
			if r.memoReuse(path, h.Sum64()) {
				r.opt.Cache.filesReused.Add(1)
				return nil
			}
		}
	}
	data, err := make()
	if err != nil {
		return err
	}
	r.add(path, data)
	return nil
}

// PagesReused reports how many pages the last render took from the
// previous output (the page memo), and FilesReused how many other files
// (memoFile).
func (c *Cache) PagesReused() int { return int(c.pagesReused.Load()) }
func (c *Cache) FilesReused() int { return int(c.filesReused.Load()) }

// countReused counts the files at paths, taken from the previous output
// by their jobs' keys or whole families, as pages or other files.
func (c *Cache) countReused(paths []string) {
	pages := 0
	for _, p := range paths {
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	c.pagesReused.Add(int64(pages))
	c.filesReused.Add(int64(len(paths) - pages))
}

// startMemo prepares a render to use and fill the Cache's page memo.
func (r *Renderer) startMemo() {
	c := r.opt.Cache
	if c == nil {
		return
	}
	c.pagesReused.Store(0)
	c.pagesLazy.Store(0)
	c.filesReused.Store(0)
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.opt.Previous != nil && c.pages.from == r.opt.Previous {
		r.memoPrev = c.pages.keys
	}
	// As many as last time: growing a map of 30,000 keys was a
	// tenth of a render that takes most pages from the memo.
	r.memoKeys = make(map[string]memoEntry, len(c.pages.keys))
}

// finishMemo hands the Cache the page hashes of this render, for
// AdoptPages once its output is kept.
func (r *Renderer) finishMemo() {
	if c := r.opt.Cache; c != nil && r.memoKeys != nil {
		scopes := r.scopeFiles()
		c.mu.Lock()
		c.pending, c.pendingScopes = r.memoKeys, scopes
		c.mu.Unlock()
	}
}

// AdoptPages tells the Cache that set is the output of its last render,
// the one the next render's Options.Previous will name.
func (c *Cache) AdoptPages(set *output.Set) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages = pageMemo{from: set, keys: c.pending, scopes: c.pendingScopes}
	c.pending, c.pendingScopes = nil, nil
}

// Rebase tells the Cache that to, a copy of from with the same files
// (output.Set.Compact), is now the output its page hashes describe.
func (c *Cache) Rebase(from, to *output.Set) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages.from == from {
		c.pages.from = to
	}
}

// ForgetPages drops the page memo: the templates changed.
func (c *Cache) ForgetPages() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages, c.pending, c.pendingScopes = pageMemo{}, nil, nil
	c.cards.forget()
	c.templatesOK.Clear()
}

// pageKey hashes a page's template name and inputs. ok is false when
// they hold something that cannot be hashed (a function, a channel):
// such a page is always rendered.
//
// What fill gives every page alike (the navigation, the footer, the
// brand, the assets' names, serve's head) is hashed once per render
// (sharedKey) and its sum stands for it: it was most of the hashing of a
// small page, every render, for every page.
func pageKey(name string, p *Page, shared uint64) (key uint64, ok bool) {
	var h maphash.Hash
	h.SetSeed(memoSeed)
	h.WriteString(name)
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], shared)
	h.Write(n[:])
	kept := *p
	p.Now = time.Time{}
	p.Nav, p.Footer, p.Brand, p.assets, p.Dev, p.DevHead = nil, nil, Brand{}, nil, false, ""
	ok = hashValue(&h, reflect.ValueOf(p).Elem(), map[ptrKey]bool{})
	*p = kept
	return h.Sum64(), ok
}

// sharedKey hashes what fill gives every page of r alike and pageKey
// leaves out; ok is false if it cannot be hashed.
func (r *Renderer) sharedKey() (uint64, bool) {
	r.sharedKeyOnce.Do(func() {
		sh := r.shared()
		v := struct {
			Nav     []NavItem
			Footer  []FooterGroup
			Brand   Brand
			Assets  map[string]string
			Dev     bool
			DevHead string
		}{sh.nav, sh.footer, sh.brand, r.assets, r.opt.Dev, string(r.opt.DevHead)}
		var h maphash.Hash
		h.SetSeed(memoSeed)
		r.sharedKeyOK = hashValue(&h, reflect.ValueOf(v), map[ptrKey]bool{})
		r.sharedKeySum = h.Sum64()
	})
	return r.sharedKeySum, r.sharedKeyOK
}

type ptrKey struct {
	p uintptr
	t reflect.Type
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[*time.Location]()
	configType   = reflect.TypeFor[*content.Config]()
	partialsType = reflect.TypeFor[*partialCache]()
	cardsType    = reflect.TypeFor[*cardCache]()
	markupType   = reflect.TypeFor[*pictureMarkup]()
	syncTypes    = map[reflect.Type]bool{
		reflect.TypeFor[sync.Mutex]():   true,
		reflect.TypeFor[sync.RWMutex](): true,
		reflect.TypeFor[sync.Once]():    true,
	}
)

// hashValue writes v, and everything it points to, to h: every field,
// exported or not (methods the templates call may read unexported ones).
// Maps are hashed without regard to their order; a pointer seen before
// on the way is written as a mark (cycles end).
func hashValue(h *maphash.Hash, v reflect.Value, seen map[ptrKey]bool) bool {
	var n [8]byte
	u64 := func(x uint64) {
		binary.LittleEndian.PutUint64(n[:], x)
		h.Write(n[:])
	}
	// The types handled apart are structs and pointers: only those are
	// compared with them (strings and numbers, most of what a page
	// holds, went through a map lookup each).
	if k := v.Kind(); k == reflect.Struct || k == reflect.Pointer {
		if done, ok := hashSpecial(h, v); done {
			return ok
		}
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			u64(1)
		} else {
			u64(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		u64(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		u64(math.Float64bits(real(c)))
		u64(math.Float64bits(imag(c)))
	case reflect.String:
		u64(uint64(v.Len()))
		h.WriteString(v.String())
	case reflect.Slice:
		if v.IsNil() {
			u64(math.MaxUint64)
			return true
		}
		fallthrough
	case reflect.Array:
		u64(uint64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			h.Write(v.Bytes())
			return true
		}
		for i := range v.Len() {
			if !hashValue(h, v.Index(i), seen) {
				return false
			}
		}
	case reflect.Map:
		if v.IsNil() {
			u64(math.MaxUint64)
			return true
		}
		u64(uint64(v.Len()))
		// Each entry hashed alone; their sum does not depend on order.
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			var e maphash.Hash
			e.SetSeed(memoSeed)
			if !hashValue(&e, it.Key(), seen) || !hashValue(&e, it.Value(), seen) {
				return false
			}
			sum += e.Sum64()
		}
		u64(sum)
	case reflect.Pointer:
		if v.IsNil() {
			u64(0)
			return true
		}
		if v.Type().Elem().PkgPath() == contentPkg {
			// Into the model: an item (or a part of one) is decoded
			// once per version of its file and not changed after, so
			// the same pointer is the same content (Cache.searchTerms
			// relies on it too); a new version is a new pointer. Not
			// following it keeps a page's hash from walking every item
			// a view links to (a lobby record's official, with all of
			// their records).
			//
			// An address can stand for content only while its object
			// lives: render never allocates model values (views point
			// into the items and site.yaml), and the Builder keeps the
			// previous render's items until the next one is compared
			// (Builder.prevItems), so an old address is never a new
			// object's.
			u64(3)
			u64(uint64(v.Pointer()))
			return true
		}
		k := ptrKey{v.Pointer(), v.Type()}
		if seen[k] {
			u64(2) // met before on this page: a cycle or a shared value
			return true
		}
		seen[k] = true
		u64(1)
		return hashValue(h, v.Elem(), seen)
	case reflect.Interface:
		if v.IsNil() {
			u64(0)
			return true
		}
		h.WriteString(v.Elem().Type().String())
		return hashValue(h, v.Elem(), seen)
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			// The kind first: t.Field describes the field in full, and
			// was a third of the hashing of a page.
			if v.Field(i).Kind() == reflect.Func && !t.Field(i).IsExported() {
				// A helper of the view (a calendar feed's filter), not
				// data: templates cannot call it, and no method of a
				// view does.
				continue
			}
			if !hashValue(h, v.Field(i), seen) {
				return false
			}
		}
	default: // functions, channels, unsafe pointers
		return v.IsNil()
	}
	return true
}

// hashSpecial hashes the values of the types hashValue does not walk, a
// struct or a pointer v; done is false for any other.
func hashSpecial(h *maphash.Hash, v reflect.Value) (done, ok bool) {
	u64 := func(x uint64) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], x)
		h.Write(n[:])
	}
	t := v.Type()
	if v.Kind() == reflect.Pointer {
		switch t {
		case locationType:
			// The site's zone: one *Location for the life of the
			// configuration.
			u64(uint64(v.Pointer()))
			return true, true
		case configType, partialsType, cardsType, markupType:
			// site.yaml, and the partials every page repeats (made
			// from it, the navigation and the theme, each hashed or
			// resetting the memo), and a picture's markup (made from
			// the picture): a new copy each render, the same content.
			return true, true
		}
		return false, false
	}
	if t == timeType {
		// wall, ext and the zone's pointer: the zone is the site's, the
		// same *Location for the life of the configuration.
		u64(v.Field(0).Uint())
		u64(uint64(v.Field(1).Int()))
		u64(uint64(v.Field(2).Pointer()))
		return true, true
	}
	return syncTypes[t], true
}
