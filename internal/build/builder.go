package build

import (
	"io/fs"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/imaging"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/render"
	"cabildo/internal/theme"
)

// Builder rebuilds one site again and again, redoing only the work that
// the changed files require. It is what `cabildo serve` uses: after an edit
// to one Markdown file it decodes only that file and renders only that
// file's body, and reuses everything else it kept from the previous build:
//
//   - site.yaml, decoded once; a change to it reloads everything, since
//     the time zone decides how every date is read;
//   - the list of files under content/, rescanned only when a file appears
//     or disappears, or a static file changes;
//   - every Markdown file's decoded item and diagnostics, by path;
//   - the theme, reloaded when a file under themes/ changes;
//   - the rendered Markdown bodies (render.Cache).
//
// Validation and the rendering of the pages run in full every time: both
// depend on the whole site (lists, "upcoming", cross-references) and are
// much cheaper than decoding and Markdown.
//
// A Builder's result is always byte-for-byte what Build returns for the
// same files; the tests check it. Its results always hold the files in
// memory: Options.Out is ignored. A Builder is not safe for concurrent use.
type Builder struct {
	// Now, if not nil, gives the build's clock at each Update (serve passes
	// time.Now, so that embargoes lift while it runs); otherwise the
	// Options' Now is used.
	Now func() time.Time
	// Settle, if positive, is how long a file must have stayed unchanged
	// before a failure to decode it is believed: serve rebuilds as soon
	// as the watcher says a file changed, and a file still being written
	// (copied from a network drive, saved by a slow tool in pieces) is
	// half a file, most likely broken YAML. Such a file is read again
	// once it has been still for Settle, and only then reported.
	Settle time.Duration
	// StoreDir, if not empty, is a folder where the outputs are kept, in
	// an unlinked temporary file (output.Store), rather than in memory:
	// serve keeps the whole site between edits, and it was half its heap.
	StoreDir string

	fsys fs.FS
	opt  Options

	loaded    bool
	cfg       content.Config
	cfgDiags  content.Diagnostics
	entries   []load.Entry
	static    []content.StaticFile
	scanDiags content.Diagnostics
	parsed    map[string]parsed // by path
	theme     *theme.Theme
	themeErr  error
	md        *markdown.Markdown
	cache     *render.Cache
	stats     Stats

	// The last output rendered in full or updated without errors, and
	// what it was rendered from: the item of every file, and the paths of
	// the published items in order. An edit that changes only bodies
	// starts from it (render.Update).
	prev      *output.Set
	prevItems map[string]content.Item
	prevPub   []string
	// The last output returned without errors, which serve goes on
	// serving while the next one renders: a full render shares its bytes
	// for every file that comes out the same (output.NewSetFrom).
	last *output.Set
}

// Stats says what the last Update did and where its time went.
type Stats struct {
	Decoded        int           // Markdown files decoded
	BodiesReused   int           // rendered bodies taken from the cache
	BodiesRendered int           // Markdown bodies rendered
	PagesReused    int           // pages taken from the previous output (render's page memo)
	Load           time.Duration // reading site.yaml, scanning, decoding, the theme
	Validate       time.Duration
	Render         time.Duration // zero when validation failed
	Total          time.Duration
	Rescanned      bool // the list of files under content/ was read again
	ConfigReloaded bool
	// Partial is set when only bodies changed and only the outputs that
	// show them were rendered again (render.Update); Written is then how
	// many files were, and WrittenPaths which.
	Partial      bool
	Written      int
	WrittenPaths []string
}

// Stats returns what the last Update did.
func (b *Builder) Stats() Stats { return b.stats }

type parsed struct {
	item  content.Item // nil when the file could not be read or split
	diags content.Diagnostics
}

// NewBuilder returns a Builder for the site in fsys. Nothing is read until
// the first Update.
func NewBuilder(fsys fs.FS, opt Options) *Builder {
	if opt.Dev.Images == nil {
		// Processed images are kept for the Builder's life, so an edit
		// does not process every photo again.
		opt.Dev.Images = imaging.NewStore("")
	}
	return &Builder{fsys: fsys, opt: opt, parsed: map[string]parsed{}, cache: render.NewCache()}
}

// Update brings the site up to date with the files at paths (relative to
// the site folder, slash-separated: created, modified or removed; the
// Builder looks at the disk) and builds it. The first call reads the whole
// site, whatever paths says. Paths outside content/ and themes/ are
// ignored.
func (b *Builder) Update(paths ...string) Result {
	start := time.Now()
	b.stats = Stats{}
	defer func() { b.stats.Total = time.Since(start) }()
	config, rescan, themes := !b.loaded, !b.loaded, !b.loaded
	var reparse []string
	for _, p := range paths {
		switch {
		case p == load.SiteFile:
			config, rescan, themes = true, true, true
		case strings.HasPrefix(p, "themes/"):
			themes = true
		case !strings.HasPrefix(p, "content/"):
		case !strings.HasSuffix(p, ".md"):
			// A static file: links and images resolve against the list,
			// and image sizes are read while rendering.
			rescan = true
			b.cache.Reset()
		default:
			if _, known := b.parsed[p]; known && b.exists(p) {
				reparse = append(reparse, p)
			} else {
				rescan = true // appeared, disappeared, or was not content
			}
		}
	}
	if config || rescan || themes {
		b.prev = nil // what every page shows may have changed
	}
	if config {
		b.cfg, b.cfgDiags = load.Config(b.fsys)
		clear(b.parsed)
		b.md = markdownFor(&b.cfg)
		b.cache.Reset()
	}
	if rescan {
		b.entries, b.static, b.scanDiags = load.Scan(b.fsys)
		keep := make(map[string]bool, len(b.entries))
		for _, e := range b.entries {
			keep[e.Path] = true
			if _, ok := b.parsed[e.Path]; !ok {
				reparse = append(reparse, e.Path)
			}
		}
		for p := range b.parsed {
			if !keep[p] {
				delete(b.parsed, p)
			}
		}
	}
	if themes {
		b.theme, b.themeErr = loadTheme(b.fsys, b.cfg.Theme)
		b.cache.ForgetPages() // the pages' templates may have changed
	}
	b.loaded = true
	b.decode(reparse)
	b.stats.Rescanned, b.stats.ConfigReloaded = rescan, config
	b.stats.Load = time.Since(start)
	return b.build()
}

func (b *Builder) exists(p string) bool {
	st, err := fs.Stat(b.fsys, p)
	return err == nil && st.Mode().IsRegular()
}

// decode decodes the Markdown files at paths, in parallel.
func (b *Builder) decode(paths []string) {
	slices.Sort(paths)
	paths = slices.Compact(paths)
	b.stats.Decoded = len(paths)
	entries := make(map[string]load.Entry, len(b.entries))
	if len(paths) > 0 {
		for _, e := range b.entries {
			entries[e.Path] = e
		}
	}
	results := make([]parsed, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				e, ok := entries[paths[i]]
				if !ok {
					// Modified files are known entries; this is a path the
					// scan did not list (it vanished meanwhile).
					continue
				}
				results[i] = b.decodeFile(e)
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range paths {
		if _, ok := entries[p]; ok {
			b.parsed[p] = results[i]
		}
	}
}

// decodeFile decodes one Markdown file; if that fails while the file is
// younger than b.Settle, it waits for the file to settle and decodes it
// again (see Settle).
func (b *Builder) decodeFile(e load.Entry) parsed {
	before, statErr := fs.Stat(b.fsys, e.Path)
	var p parsed
	p.item, p.diags = load.File(b.fsys, e, &b.cfg)
	if statErr != nil || b.Settle <= 0 {
		return p
	}
	// Bounded: a file rewritten without pause for this long is not
	// going to settle.
	for range 20 {
		if !p.diags.HasErrors() {
			return p
		}
		age := time.Since(before.ModTime())
		if age >= b.Settle || age < 0 {
			return p // still long enough: the error is the editor's
		}
		time.Sleep(b.Settle - age)
		now, err := fs.Stat(b.fsys, e.Path)
		if err != nil {
			return p
		}
		if now.ModTime().Equal(before.ModTime()) && now.Size() == before.Size() {
			continue // unchanged: it is now old enough to believe
		}
		before = now
		p.item, p.diags = load.File(b.fsys, e, &b.cfg)
	}
	return p
}

// build assembles the site from what is kept, as load.Load would, then
// validates and renders it.
func (b *Builder) build() Result {
	site := &content.Site{Config: b.cfg}
	diags := slices.Clone(b.cfgDiags)
	diags = append(diags, b.scanDiags...)
	for _, e := range b.entries {
		p := b.parsed[e.Path]
		diags = append(diags, p.diags...)
		if p.item != nil {
			site.Add(p.item)
		}
	}
	site.Files = slices.Clone(b.static)
	diags = append(diags, load.DuplicateSlugs(site)...)
	site.Sort()

	res := Result{Site: site}
	validateStart := time.Now()
	diags = append(diags, site.Validate()...)
	b.stats.Validate = time.Since(validateStart)
	if b.themeErr != nil {
		themeDiag(&diags, &site.Config, b.themeErr)
	}
	now := b.opt.Now
	if b.Now != nil {
		now = b.Now()
	}
	pub := site.Publishable(now, b.opt.Drafts, b.opt.Future)
	diags = append(diags, published(pub, now)...)
	if diags.HasErrors() {
		res.Diags = diags.Sort()
		return res
	}
	ropt := renderOptions(b.fsys, b.opt, now, b.theme, b.md)
	ropt.Cache = b.cache
	pubPaths := make([]string, 0, len(b.parsed))
	for _, it := range pub.Items() {
		pubPaths = append(pubPaths, it.Document().Path)
	}
	renderStart := time.Now()
	var set *output.Set
	if changed, ok := b.bodiesOnly(pubPaths); ok {
		set = b.prev.Clone()
		rd, st, ok := render.Update(pub, ropt, set, changed)
		if ok {
			b.stats.Partial, b.stats.Written, b.stats.WrittenPaths = true, len(st.Written), st.Written
			diags = append(diags, rd...)
			if set.Wasteful() {
				// Many partial renders filled the store with old bytes.
				if c, err := set.Compact(b.StoreDir); err == nil {
					set = c
				}
			}
		} else {
			set = nil
		}
	}
	if set == nil {
		set = b.newSet()
		ropt.Previous = b.last // unchanged pages are taken from it
		diags = append(diags, render.Render(pub, ropt, set)...)
		set.Detach()
	}
	b.stats.Render = time.Since(renderStart)
	b.stats.BodiesReused, b.stats.BodiesRendered = b.cache.Hits(), b.cache.Misses()
	b.stats.PagesReused = b.cache.PagesReused()
	res.Diags = diags.Sort()
	if !res.Diags.HasErrors() {
		res.Files = set
		res.Withheld = site.Withheld(now, b.opt.Drafts, b.opt.Future)
		b.last = set
		b.keep(set, pubPaths)
		b.cache.AdoptPages(set, b.stats.Partial)
	} else if !b.stats.Partial {
		b.prev = nil // the cache remembers this failed render now
	}
	return res
}

// newSet returns the Set a full render goes into: in a new Store if
// StoreDir says so (and it can be created), else in memory, sharing the
// bytes that do not change with the last output.
func (b *Builder) newSet() *output.Set {
	if b.StoreDir != "" {
		if st, err := output.NewStore(b.StoreDir); err == nil {
			return output.NewSetIn(st)
		}
	}
	return output.NewSetFrom(b.last)
}

// keep makes set the output later edits of bodies start from.
func (b *Builder) keep(set *output.Set, pubPaths []string) {
	b.prev, b.prevPub = set, pubPaths
	b.prevItems = make(map[string]content.Item, len(b.parsed))
	for p, it := range b.parsed {
		b.prevItems[p] = it.item
	}
}

// bodiesOnly returns the paths of the files whose bodies changed since the
// kept output, if nothing else did: same files, same front matter, same
// published items.
func (b *Builder) bodiesOnly(pubPaths []string) ([]string, bool) {
	if b.prev == nil || len(b.prevItems) != len(b.parsed) || !slices.Equal(pubPaths, b.prevPub) {
		return nil, false
	}
	var changed []string
	for p, cur := range b.parsed {
		old, ok := b.prevItems[p]
		if !ok || old == nil || cur.item == nil {
			return nil, false
		}
		if old == cur.item {
			continue
		}
		if !sameButBody(old, cur.item) {
			return nil, false
		}
		changed = append(changed, p)
	}
	slices.Sort(changed)
	return changed, true
}

// sameButBody reports whether two decodings of one file are the same but
// for their Markdown bodies.
func sameButBody(old, cur content.Item) bool {
	od, cd := old.Document(), cur.Document()
	body, at := cd.Body, cd.BodyAt
	cd.Body, cd.BodyAt = od.Body, od.BodyAt
	same := reflect.DeepEqual(old, cur)
	cd.Body, cd.BodyAt = body, at
	return same
}
