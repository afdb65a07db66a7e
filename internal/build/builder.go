package build

import (
	"io/fs"
	"slices"
	"strings"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/history"
	"cabildo/internal/imaging"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/memo"
	"cabildo/internal/output"
	"cabildo/internal/render"
	"cabildo/internal/theme"
)

// Builder is the engine: the one place where a site is read, assembled,
// validated and rendered. Build is a Builder used once; `cabildo serve`
// keeps one and calls Update after every edit. A full build is an Update
// from an empty memory; an edit is an Update from a warm one, which redoes
// only the work the changed files require. After an edit to one Markdown
// file it decodes only that file and renders only that file's body, and
// reuses everything else it kept from the previous Update:
//
//   - site.yaml, decoded once; a change to it reloads everything, since
//     the time zone decides how every date is read;
//   - the list of files under content/, brought up to date when a
//     Markdown file appears or disappears (load.Rescan), walked again
//     when a static file changes or Rescan cannot tell;
//   - every Markdown file's decoded item and diagnostics, by path;
//   - the theme, reloaded when a file under themes/ changes;
//   - the rendered Markdown bodies (render.Cache), and the last output,
//     whose pages a render takes when their inputs are the same (render's
//     page memo).
//
// Every Update validates and renders the whole site, in one way: both
// depend on the whole site (lists, "upcoming", cross-references), and
// both remember what they did. Validation checks again only the items
// that changed and those that name something gone (content.Checker).
// After an edit, of a body or of front matter, most pages come out the
// same, and the render takes them from the last output (render's page
// memo, the dependency keys of the pages of single items and the scopes
// of whole families), into the same Store (StoreDir) without reading or
// writing their bytes.
//
// What is kept is a policy, Retain: serve keeps everything, a one-shot
// build (Build) keeps nothing, and so builds with the least memory.
// Either way the output is the same bytes; the tests check it.
// A Builder is not safe for concurrent use.
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
	// Retain is what the Builder keeps from one Update to the next.
	Retain Retention

	fsys fs.FS
	opt  Options

	loaded    bool
	cfg       content.Config
	cfgDiags  content.Diagnostics
	entries   []load.Entry
	static    []content.StaticFile
	scanDiags content.Diagnostics
	// With KeepAll, every entry's decoding (files[i] is entries[i]'s),
	// and the index of every entry's path.
	files    []load.Decoded
	index    map[string]int
	theme    *theme.Theme
	themeErr error
	md       *markdown.Markdown
	checker  *content.Checker // with KeepAll: validation checks again only what changed
	cache    *render.Cache
	stats    Stats

	// The last output returned without errors, which serve goes on
	// serving while the next one renders: a full render shares its bytes
	// for every file that comes out the same (output.Derive).
	last *output.Set
}

// Retention is what a Builder keeps between Updates: low memory for a
// huge site is a policy of this one engine, not a separate way to build.
type Retention int

const (
	// KeepAll keeps everything an edit can reuse (see Builder): serve.
	KeepAll Retention = iota
	// KeepNothing keeps nothing for a next Update, which starts from
	// scratch: a one-shot build or check (Build). Nor does it keep
	// within the Update what it can read again: beyond a budget,
	// Markdown bodies are read again when they are rendered rather than
	// kept from decoding to rendering; each body is dropped once used
	// (render without a Cache, render/bodies.go); the positions of the
	// front matter's keys are dropped after validation. The documents of
	// Result.Site then lack those.
	KeepNothing
)

// leanBodyBudget is the Markdown a one-shot build (KeepNothing) keeps in
// memory from decoding to rendering: a small site's, and a few hundred
// bodies of a larger one. Keeping them all was most of the live heap of
// a 10,000-item build (some 30 MB of files, doubled by the collector's
// headroom), and reading a body again costs far less than that memory
// (bench/README.md).
var leanBodyBudget int64 = 1 << 20

// Stats says what the last Update did and where its time went.
type Stats struct {
	Decoded        int           // Markdown files decoded
	BodiesReused   int           // rendered bodies taken from the cache
	BodiesRendered int           // Markdown bodies rendered
	PagesReused    int           // pages taken from the previous output (render's page memo)
	PagesLazy      int           // pages left to be made when read (render/lazy.go; output.Set.Settle)
	Load           time.Duration // reading site.yaml, scanning, decoding, the theme
	Validate       time.Duration
	Render         time.Duration // zero when validation failed
	Total          time.Duration
	Rescanned      bool // the list of files under content/ changed
	Walked         bool // and was read again (load.Scan), not updated (load.Rescan)
	ConfigReloaded bool
}

// Stats returns what the last Update did.
func (b *Builder) Stats() Stats { return b.stats }

// NewBuilder returns a Builder for the site in fsys that keeps everything
// (KeepAll). Nothing is read until the first Update.
func NewBuilder(fsys fs.FS, opt Options) *Builder {
	if opt.Dev.Images == nil {
		// Processed images are kept for the Builder's life, so an edit
		// does not process every photo again.
		opt.Dev.Images = imaging.NewStore("")
	}
	if opt.Dev.Markup == nil {
		opt.Dev.Markup = memo.Open("") // likewise the pictures' markup
	}
	return &Builder{fsys: fsys, opt: opt, cache: render.NewCache()}
}

// Update brings the site up to date with the files at paths (relative to
// the site folder, slash-separated: created, modified or removed; the
// Builder looks at the disk) and builds it. The first call, and every
// call with KeepNothing, reads the whole site, whatever paths says. Paths
// outside content/ and themes/ are ignored.
func (b *Builder) Update(paths ...string) Result {
	start := time.Now()
	b.stats = Stats{}
	defer func() { b.stats.Total = time.Since(start) }()
	var sources func() ([]byte, error)
	if b.opt.Skip != nil {
		sources = sumSources(b.fsys) // in the background, while the site loads
	}
	if b.Retain == KeepNothing {
		b.loaded = false
	}
	config, rescan, themes := !b.loaded, !b.loaded, !b.loaded
	var reparse, comeOrGone []string
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
			if _, known := b.index[p]; known && b.exists(p) {
				reparse = append(reparse, p)
			} else {
				comeOrGone = append(comeOrGone, p) // or was not content
			}
		}
	}
	if config {
		b.cfg, b.cfgDiags = load.Config(b.fsys)
		b.index = nil // every file is decoded again
		b.md = markdownFor(&b.cfg)
		b.cache.Reset()
		b.checker = nil
	}
	entries, rescanned := b.rescan(comeOrGone, rescan) // config implies rescan
	if rescanned || len(comeOrGone) > 0 {
		rescan = true
		static, scanDiags := b.static, b.scanDiags
		if rescanned {
			entries, static, scanDiags = load.Scan(b.fsys)
		}
		if b.Retain == KeepAll {
			// Keep the decoding of every file still there.
			files := make([]load.Decoded, len(entries))
			index := make(map[string]int, len(entries))
			for i, e := range entries {
				index[e.Path] = i
				if j, ok := b.index[e.Path]; ok {
					files[i] = b.files[j]
				} else {
					reparse = append(reparse, e.Path)
				}
			}
			b.files, b.index = files, index
		}
		b.entries, b.static, b.scanDiags = entries, static, scanDiags
	}
	b.stats.Walked = rescanned
	if themes {
		b.theme, b.themeErr = loadTheme(b.fsys, b.cfg.Theme)
		b.cache.ForgetPages() // the pages' templates may have changed
	}
	b.loaded = true
	files := b.decode(reparse)
	b.stats.Rescanned, b.stats.ConfigReloaded = rescan, config
	b.stats.Load = time.Since(start)
	return b.build(files, sources)
}

// rescan returns the Markdown files of the site after the files at paths
// came or went (load.Rescan), or walks reports that the tree must be
// walked again (load.Scan): as asked, or when Rescan cannot tell, or one
// of paths has a diagnostic of the last scan, which only a scan drops.
func (b *Builder) rescan(paths []string, walk bool) (entries []load.Entry, walks bool) {
	if walk || len(paths) == 0 || b.Retain != KeepAll {
		return nil, walk || len(paths) > 0
	}
	for _, d := range b.scanDiags {
		if slices.Contains(paths, d.Pos.File) {
			return nil, true
		}
	}
	entries, ok := load.Rescan(b.fsys, b.entries, paths)
	return entries, !ok
}

func (b *Builder) exists(p string) bool {
	st, err := fs.Stat(b.fsys, p)
	return err == nil && st.Mode().IsRegular()
}

// decode decodes the Markdown files at paths (load.Decode), or all of them
// with KeepNothing, and returns every file of the site decoded, in scan
// order: those it decoded now and, with KeepAll, those kept from before.
func (b *Builder) decode(paths []string) []load.Decoded {
	var opts []load.Option
	if b.Retain == KeepNothing {
		// Keep at most this much Markdown in memory, and read the
		// other bodies again when they are rendered.
		opts = append(opts, load.WithBodyBudget(leanBodyBudget))
	}
	if progress := b.opt.Dev.Progress; progress != nil {
		opts = append(opts, load.WithProgress(func(done, total int) { progress(render.StepFiles, done, total) }))
	}
	if b.Retain == KeepNothing {
		// Every entry, since nothing was kept.
		b.stats.Decoded = len(b.entries)
		return load.Decode(b.entries, b.decodeFile, opts...)
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	b.stats.Decoded = len(paths)
	// Modified files are known entries; a path the scan did not list
	// vanished meanwhile.
	entries := make([]load.Entry, 0, len(paths))
	at := make([]int, 0, len(paths))
	for _, p := range paths {
		if i, ok := b.index[p]; ok {
			entries = append(entries, b.entries[i])
			at = append(at, i)
		}
	}
	for k, d := range load.Decode(entries, b.decodeFile, opts...) {
		b.files[at[k]] = d
	}
	return b.files
}

// decodeFile decodes one Markdown file; if that fails while the file is
// younger than b.Settle, it waits for the file to settle and decodes it
// again (see Settle).
func (b *Builder) decodeFile(e load.Entry) (content.Item, content.Diagnostics) {
	if b.Settle <= 0 {
		return load.File(b.fsys, e, &b.cfg)
	}
	before, statErr := fs.Stat(b.fsys, e.Path)
	item, diags := load.File(b.fsys, e, &b.cfg)
	if statErr != nil {
		return item, diags
	}
	// Bounded: a file rewritten without pause for this long is not
	// going to settle.
	for range 20 {
		if !diags.HasErrors() {
			return item, diags
		}
		age := time.Since(before.ModTime())
		if age >= b.Settle || age < 0 {
			return item, diags // still long enough: the error is the editor's
		}
		time.Sleep(b.Settle - age)
		now, err := fs.Stat(b.fsys, e.Path)
		if err != nil {
			return item, diags
		}
		if now.ModTime().Equal(before.ModTime()) && now.Size() == before.Size() {
			continue // unchanged: it is now old enough to believe
		}
		before = now
		item, diags = load.File(b.fsys, e, &b.cfg)
	}
	return item, diags
}

// build assembles the site from its decoded files, validates it, compares
// it with the previous build's record and renders it: this is where every
// build of Cabildo happens. sources, if not nil, sums the site for the
// stamp (Options.Skip).
func (b *Builder) build(files []load.Decoded, sources func() ([]byte, error)) Result {
	static := b.static
	if b.Retain == KeepAll {
		static = slices.Clone(static)
	}
	site, fileDiags := load.Assemble(b.cfg, files, static)
	diags := slices.Concat(b.cfgDiags, b.scanDiags, fileDiags)
	if b.Retain == KeepNothing {
		b.entries, b.static = nil, nil
	}

	res := Result{Site: site}
	validateStart := time.Now()
	switch {
	case b.Retain == KeepNothing:
		b.checker = nil // remembers nothing
	case b.checker == nil:
		b.checker = content.NewChecker()
	}
	diags = append(diags, b.checker.Validate(site)...)
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
	if b.Retain == KeepAll {
		ropt.Cache = b.cache
	}
	if b.Retain == KeepNothing {
		// Without a Cache, render drops each body's source and HTML
		// once used, so memory does not grow with the text of the site
		// (Result.Site's bodies are then empty).
		ropt.ReadBody = func(d *content.Doc) ([]byte, error) { return load.ReadBody(b.fsys, d) }
		// Nor are the positions of the front matter's keys needed past
		// validation (render reports only site.yaml's), and they were
		// the largest part of the metadata: some 850 bytes per item.
		for _, it := range site.Items() {
			it.Document().Fields = nil
		}
	}
	withheld := site.Withheld(now, b.opt.Drafts, b.opt.Future)
	// The record of what was published (package history) is for a build
	// that publishes (KeepNothing), or that is given a previous one.
	record := func() []byte { return nil }
	if b.Retain == KeepNothing || b.opt.Previous != nil {
		var changes content.Diagnostics
		changes, record = b.compare(pub, withheld, now)
		diags = append(diags, changes...)
		if changes.HasErrors() {
			res.Diags = diags.Sort()
			return res
		}
	}
	if sources != nil {
		if st, err := stamp(sources, pub, ropt, b.opt); err == nil {
			res.Stamp = st
			if b.opt.Skip(st) {
				res.Skipped = true
				res.Diags = diags.Sort()
				return res
			}
		}
	}

	renderStart := time.Now()
	var set *output.Set
	if out := b.opt.Out; out != nil {
		diags = append(diags, render.Render(pub, ropt, out)...)
	} else {
		set = b.newSet()
		ropt.Previous = b.last // unchanged pages are taken from it
		diags = append(diags, render.Render(pub, ropt, set)...)
		set.Prune()
	}
	b.stats.Render = time.Since(renderStart)
	res.State = record()
	b.stats.BodiesReused, b.stats.BodiesRendered = b.cache.Hits(), b.cache.Misses()
	b.stats.PagesReused, b.stats.PagesLazy = b.cache.PagesReused(), b.cache.PagesLazy()
	res.Diags = diags.Sort()
	if set != nil && !res.Diags.HasErrors() {
		res.Files = set
		res.Withheld = withheld
		if b.Retain == KeepAll {
			b.last = set
			b.cache.AdoptPages(set)
		}
	}
	return res
}

// Compact starts the last output over in a new Store when the Store
// holds mostly bytes that no output uses any more: every edit appends
// what it changed, and an added or deleted release rewrites some 800
// list pages. Copying the site (140 MB at 10,000 items) took 100 ms or
// more, and made every tenth such edit that much slower in serve, which
// now calls Compact after it serves an edit, not while the editor
// waits. The output Update returned stays as it was; the next Update
// starts from the compacted one.
func (b *Builder) Compact() {
	if b.last != nil && b.last.Wasteful() {
		b.compactNow()
	}
}

func (b *Builder) compactNow() {
	c, err := b.last.Compact(b.StoreDir)
	if err != nil {
		return // the waste is only disk: the next call tries again
	}
	b.cache.Rebase(b.last, c)
	b.last = c
}

// compare compares the published site pub with the record of the
// previous build (Options.Previous, less what is withheld now): URLs that
// vanished and event changes not declared are warnings, or errors with
// Strict, which stop the build before rendering. It returns those, and
// the function that makes this build's record, to be called after
// rendering: the record's maps are not kept through the render, the part
// of a large build that needs the most memory.
func (b *Builder) compare(pub *content.Site, withheld []content.Withheld, now time.Time) (content.Diagnostics, func() []byte) {
	severity := content.SeverityWarning
	if b.opt.Strict {
		severity = content.SeverityError
	}
	previous := func() *history.State {
		prev := history.Decode(b.opt.Previous)
		prev.Forget(withheld)
		return prev
	}
	changes, _ := history.Compare(previous(), history.Of(pub), pub, now, severity)
	return changes, func() []byte {
		_, state := history.Compare(previous(), history.Of(pub), pub, now, severity)
		return state.Encode()
	}
}

// newSet returns the Set a full render goes into: derived from the last
// output (output.Derive), whose files the render claims when they come
// out the same; or, if StoreDir says so and there is no Store yet (and
// one can be created), an empty Set in a new Store.
func (b *Builder) newSet() *output.Set {
	if b.StoreDir != "" && (b.last == nil || !b.last.InStore()) {
		if st, err := output.NewStore(b.StoreDir); err == nil {
			return output.NewSetIn(st)
		}
	}
	return output.Derive(b.last)
}
