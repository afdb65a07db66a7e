// Package render turns a validated content.Site into the files of the
// published site: HTML pages through the theme's templates, feeds, the
// sitemap, open data, vCards and iCalendar files, and the copied static
// files. Every file goes to an output.Sink as soon as it is rendered: an
// output.Set in memory (serve, tests) or an output.Stager that writes it to
// disk at once (build), so that a build's memory does not grow with the
// size of its output. The renderer itself keeps only the list of published
// paths, which the sitemap and the link check need.
//
// The output is a function of the site, the theme and Options.Now: no other
// clock, no map order, no randomness, so two builds of the same input are
// byte-identical.
//
// Each family of outputs has its own file (pages.go, press.go,
// events.go, lobby.go, contacts.go, feeds.go, …); each registers its work as
// jobs, which run in parallel.
//
// URL layout (the contract with the theme, the nginx configuration and the
// link checker):
//
//	/                                 home
//	/<page>/                          free pages
//	/prensa/, /prensa/pagina/<n>/     press list, newest first
//	/prensa/<slug>/                   press release
//	/prensa/<year>/                   archive per year
//	/prensa/temas/, /prensa/temas/<topic>/
//	/prensa/rss.xml, /prensa/atom.xml feeds
//	/eventos/, /eventos/pasados/      upcoming and past events
//	/eventos/<slug>/ + evento.ics     event page and its own .ics
//	/eventos/calendario.ics           all events; /eventos/<category>/calendario.ics
//	/agenda/<official>/ + calendario.ics
//	/lobby/…                          registries, records, officials, open data
//	/informes/…                       quarterly reports
//	/contactos/ (+ #slug), /contactos/<slug>.vcf
//	/buscar/ + /buscar/indice/…       search page and its index (searchindex.go)
//	/sitemap.xml /robots.txt /404.html
//	/assets/…                         theme assets, fingerprinted names
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/ical"
	"cabildo/internal/imaging"
	"cabildo/internal/markdown"
	"cabildo/internal/memo"
	"cabildo/internal/output"
	"cabildo/internal/theme"
)

// Options are what a build decides besides the content.
type Options struct {
	// Now is the one clock of the build: embargoes, "upcoming" and the
	// lobby months are relative to it.
	Now time.Time
	// Theme renders the pages; Markdown renders the bodies.
	Theme    *theme.Theme
	Markdown *markdown.Markdown
	// Source is the site folder, for the static files copied as they are.
	Source fs.FS
	// Images processes the images, through its cache (imaging.Store);
	// nil processes them without keeping anything.
	Images *imaging.Store
	// Markup keeps what the theme's picture partial made of each picture
	// ({{picture .}}, picture.go) for the next build; nil keeps nothing.
	Markup *memo.Memo
	// ReadBody, if not nil, reads again the body of a document the loader
	// did not keep (content.Doc.BodyAt; load.ReadBody).
	ReadBody func(*content.Doc) ([]byte, error)
	// Dev marks a serve build: pages get the live-reload script.
	Dev bool
	// DevHead is HTML added to the <head> of every page in serve mode.
	DevHead template.HTML
	// Cache, if not nil, keeps rendered bodies from one render of the
	// site to the next (serve); see cache.go. Without one nothing
	// outlives the render, and it holds each body only from its first
	// reader to its last (bodies.go): a one-shot build's memory does not
	// grow with the site's text.
	Cache *Cache
	// Previous, with a Cache, is the output of the Cache's last render
	// (Cache.AdoptPages): pages whose inputs are the same are taken from
	// it rather than rendered again (pagememo.go).
	Previous *output.Set
	// Progress, if not nil, is told how far the long steps have gone
	// (a first build with hundreds of photos takes minutes): done of
	// total units of step. It is called from several goroutines at once,
	// and must be cheap.
	Progress func(step Step, done, total int)
}

// Step is a long step of a render, for Options.Progress.
type Step int

const (
	StepFiles  Step = iota // Markdown files read and decoded (by the loader, before rendering)
	StepImages             // images processed or taken from the cache
	StepPages              // the render's jobs: pages, feeds, calendars, data
)

// progress reports that done of total units of step are done.
func (r *Renderer) progress(step Step, done, total int) {
	if r.opt.Progress != nil {
		r.opt.Progress(step, done, total)
	}
}

// Renderer holds what every job needs. It is read-only once Render starts
// the jobs, except for the diagnostics and the output set.
type Renderer struct {
	// publishJobs publish the images' files (copyStatic) with the
	// pages; imageStore is where the images came from.
	publishJobs []func()
	imageStore  *imaging.Store

	site   *content.Site
	cfg    *content.Config
	loc    *time.Location
	opt    Options
	now    time.Time
	out    output.Sink
	bodies bodies                  // how the items' rendered bodies are held (bodies.go)
	byPath map[string]content.Item // "content/prensa/x.md" → item
	files  map[string]content.StaticFile
	assets map[string]string // "style.css" → "/assets/style.1a2b3c4d.css"
	// Serve's lazy pages (lazy.go): where they go, if anywhere, and the
	// templates whose pages may go there.
	lazy          output.LazySink
	lazyTemplates map[string]bool
	// aliased are the items with aliases (old URLs), in the site's order.
	aliased []content.Item
	// Indexes built once, so that no job searches lists (no quadratic work).
	contacts map[string]*content.Contact
	events   map[string]*content.Event
	images   map[string]*imageInfo // by path, what copyStatic published
	pictures *pictureSource        // how {{picture .}} makes markup (picture.go)
	thumbMu  sync.Mutex
	thumbs   map[*content.Image]*Picture // each image's thumbnail, made once (picture.go)
	eventIx  eventIndexOnce              // occurrences of every event, computed once (events.go)

	sharedOnce sync.Once
	sharedPage *sharedPage // what every page shows alike (page.go)
	// The hash of sharedPage and the rest of what fill gives every page
	// alike, for the page memo (pageKey).
	sharedKeyOnce sync.Once
	sharedKeySum  uint64
	sharedKeyOK   bool
	depsState          // the jobs' dependency keys (deps.go)
	searchFirst   bool // the index is the first job, not one of searchJobs

	organizerOnce sync.Once // organizer (calendars.go)
	organizerOf   ical.Organizer
	organizerOK   bool

	mu    sync.Mutex
	diags content.Diagnostics

	// vocab numbers the stems of the search index: the Cache's, or one
	// per render.
	vocab *searchVocab
	// With a Cache, the items of the search index, described once for
	// the index and the search page (allSearchDocs).
	searchDocsOnce sync.Once
	searchDocsAll  []searchDoc

	// outMu guards published and memoKeys: a file taken from the
	// previous output records both at once, under one lock (25,000
	// times per render of serve, on every core).
	outMu     sync.Mutex
	published map[string]struct{} // every path added to out, for finish and checkLinks
	// The page memo (pagememo.go): the hashes of the previous output's
	// pages, read only during a render (no lock), and of this render's.
	memoPrev map[string]memoEntry
	memoKeys map[string]memoEntry
}

// Render renders site (already filtered for publication) into out.
func Render(site *content.Site, opt Options, out output.Sink) content.Diagnostics {
	r := newRenderer(site, opt, out)
	r.startMemo()
	defer r.finishMemo()
	if opt.Cache != nil {
		opt.Cache.cards.rotate()
	}
	if err := r.publishAssets(); err != nil {
		r.errorf(content.Pos{File: "themes"}, "%v", err)
		return r.diags
	}
	r.copyStatic()
	r.bodies.before()
	if r.diagsHaveErrors() {
		return r.diags
	}
	before := len(r.diags)
	var jobs []func()
	// The search index is the longest single job: started last, it ran
	// alone at the end of serve's renders. (A render without a Cache keeps
	// it last, when most bodies were let go.)
	if r.searchFirst = !r.bodies.searchLast(); r.searchFirst {
		jobs = append(jobs, r.searchIndex)
	}
	jobs = append(jobs, r.publishJobs...)
	r.publishJobs = nil
	// Registering is work too (the lists' indexes, the lobby's views,
	// the events' occurrences): a tenth of a serve render that takes
	// most pages from the memo, on one core while the other waited.
	registered := make([][]func(), len(families))
	parallel(len(families), func(i int) {
		if f := families[i]; f.scope == nil || !r.scopeKept(f.scope) {
			registered[i] = f.jobs(r)
		}
	})
	for _, js := range registered {
		jobs = append(jobs, js...)
	}
	var done atomic.Int64
	parallel(len(jobs), func(i int) {
		// A job done lets go of what its closure holds (the views
		// prepared for its pages), rather than keeping it to the end.
		job := jobs[i]
		jobs[i] = nil
		job()
		r.progress(StepPages, int(done.Add(1)), len(jobs))
	})
	if !r.bodies.after(before) {
		return r.diags
	}
	// The routes to the images, some perhaps made again while
	// publishing (publishImage), for the next build.
	r.imageStore.Flush()
	r.opt.Markup.Flush() // likewise the markup of the pictures: a cache, an error loses nothing
	r.finish()
	r.checkLinks()
	return r.diags
}

// newRenderer sets up a Renderer and its indexes; nothing is rendered yet.
func newRenderer(site *content.Site, opt Options, out output.Sink) *Renderer {
	r := &Renderer{
		site: site, cfg: &site.Config, loc: site.Config.Location, opt: opt,
		now: opt.Now.In(site.Config.Location), out: out,
		byPath:   make(map[string]content.Item, len(site.Press)+len(site.Events)+len(site.Audiences)),
		files:    make(map[string]content.StaticFile, len(site.Files)),
		assets:   map[string]string{},
		contacts: make(map[string]*content.Contact, len(site.Contacts)),
		events:   make(map[string]*content.Event, len(site.Events)),

		published: map[string]struct{}{},
		vocab:     newSearchVocab(),
		pictures:  newPictureSource(opt.Theme, opt.Markup),
	}
	r.bodies = newBodies(r)
	if r.lazy = lazySink(opt, out); r.lazy != nil {
		r.lazyTemplates = opt.Cache.lazyTemplates()
	}
	if opt.Previous != nil {
		r.published = make(map[string]struct{}, opt.Previous.Len())
	}
	if opt.Cache != nil {
		r.vocab = opt.Cache.vocab
	}
	for _, it := range site.Items() {
		r.byPath[it.Document().Path] = it
		if len(it.Metadata().Aliases) > 0 {
			r.aliased = append(r.aliased, it)
		}
	}
	for _, f := range site.Files {
		r.files[f.Path] = f
	}
	for _, c := range site.Contacts {
		r.contacts[c.Doc.Slug] = c
	}
	for _, e := range site.Events {
		r.events[e.Doc.Slug] = e
	}
	return r
}

// families lists the families of outputs: each returns its jobs, and
// adds itself in an init function of its file.
var families []family

type family struct {
	jobs  func(*Renderer) []func()
	scope *scope // if not nil, see scope.go
}

func register(f func(*Renderer) []func()) { families = append(families, family{jobs: f}) }

// registerScoped adds a family that s describes (scope.go).
func registerScoped(s scope, f func(*Renderer) []func()) {
	families = append(families, family{jobs: f, scope: &s})
}

// parallel calls fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next atomic.Int64 // a counter, not a mutex: 12,000 jobs in a render of serve
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

func (r *Renderer) errorf(pos content.Pos, format string, args ...any) {
	r.mu.Lock()
	r.diags.Errorf(pos, format, args...)
	r.mu.Unlock()
}

func (r *Renderer) warnf(pos content.Pos, format string, args ...any) {
	r.mu.Lock()
	r.diags.Warnf(pos, format, args...)
	r.mu.Unlock()
}

func (r *Renderer) diagsHaveErrors() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.diags.HasErrors()
}

// add puts one file in the output; a path clash is a content error (two
// items claiming one URL were reported by validation, so this is a bug or a
// theme problem).
func (r *Renderer) add(p string, data []byte) {
	p = strings.TrimPrefix(p, "/")
	r.record(p, r.out.Add(p, data))
}

// record records that p was added, or reports why it could not be.
func (r *Renderer) record(p string, err error) {
	if err != nil {
		r.errorf(content.Pos{File: "public/" + p}, "%v", err)
		return
	}
	r.outMu.Lock()
	r.published[p] = struct{}{}
	r.outMu.Unlock()
}

// pageBufs recycles the buffers pages are executed into: the sink copies
// or writes the bytes before Add returns, so one buffer per worker, grown
// once to the size of the largest page, serves the whole build instead of
// a new buffer regrown from zero (and then garbage) for every page.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// page renders template name with data into the index.html of urlPath.
func (r *Renderer) page(urlPath, name string, p *Page) {
	p.Path = urlPath
	r.fill(p)
	if r.lazy != nil && r.lazyTemplates[name] && r.keyedLazily(pagePath(urlPath)) {
		r.lazyPage(urlPath, name, p)
		return
	}
	if r.memoKeys != nil {
		shared, sharedOK := r.sharedKey()
		if key, ok := pageKey(name, p, shared); ok && sharedOK {
			if r.memoReuse(pagePath(urlPath), key) {
				r.opt.Cache.pagesReused.Add(1)
				return
			}
		}
	}
	if r.lazy != nil && r.lazyTemplates[name] {
		r.lazyPage(urlPath, name, p)
		return
	}
	err := r.execute(name, p, func(b []byte) { r.add(pagePath(urlPath), b) })
	if err != nil {
		r.errorf(content.Pos{File: templateFile(name)}, "no se pudo generar %s: %v", urlPath, err)
		return
	}
	if r.opt.Cache != nil {
		r.opt.Cache.executed(name)
	}
}

// execute runs the template name for p into a pooled buffer, and gives
// the bytes to use, which must not keep them.
func (r *Renderer) execute(name string, p *Page, use func([]byte)) error {
	b := pageBufs.Get().(*bytes.Buffer)
	defer pageBufs.Put(b)
	b.Reset()
	if err := r.opt.Theme.Execute(b, name, p); err != nil {
		return err
	}
	use(b.Bytes())
	return nil
}

// templateFile is where a page's template is, for messages.
func templateFile(name string) string { return "themes/default/templates/" + name }

// pagePath maps a page URL to its file: "/prensa/" → "prensa/index.html".
func pagePath(urlPath string) string {
	if strings.HasSuffix(urlPath, ".html") {
		return strings.TrimPrefix(urlPath, "/")
	}
	if strings.HasPrefix(urlPath, "/") && strings.HasSuffix(urlPath, "/") && !strings.Contains(urlPath, "//") && !strings.Contains(urlPath, "/.") {
		// A clean folder, as every item and list has: path.Join's
		// cleaning allocated twice per page, 30,000 times per render.
		return urlPath[1:] + "index.html"
	}
	return strings.TrimPrefix(path.Join(urlPath, "index.html"), "/")
}

// AbsURL returns the absolute URL of a site path.
func (r *Renderer) AbsURL(p string) string { return r.cfg.AbsURL(p) }

// body returns the rendered body of an item.
func (r *Renderer) body(it content.Item) *markdown.Result { return r.bodies.get(it) }

// renderBody renders one item's body, resolving links to other content,
// and reports its problems at their line in the file; nil if it could not
// be rendered. gen is its number in the Cache (Cache.kept), if any.
func (r *Renderer) renderBody(it content.Item, report func(pos content.Pos, warn bool, msg string)) (res *markdown.Result, gen uint64) {
	d := it.Document()
	src := d.Body
	if src == nil && d.BodyAt.Len > 0 && r.opt.ReadBody != nil {
		var err error
		if src, err = r.opt.ReadBody(d); err != nil {
			report(content.Pos{File: d.Path}, false, err.Error())
			return nil, 0
		}
	}
	links := func(dest string) (string, string, error) { return r.resolveLinkTarget(d.Path, dest) }
	images := markdown.ImageResolverFunc(func(src string) (markdown.Image, error) { return r.resolveImage(d, src) })
	res, gen, err := r.opt.Cache.body(d, links, images, func(links markdown.LinkResolver, images markdown.ImageResolver) (*markdown.Result, error) {
		res, err := r.opt.Markdown.Render(src, markdown.RenderOptions{Links: links, Images: images})
		if err == nil {
			// Only the links checkLinks looks at are kept: it looks at
			// every body after every render of serve.
			res.Links = linksToCheck(res.Links)
		}
		return res, err
	})
	if err != nil {
		report(content.Pos{File: d.Path}, false, fmt.Sprintf("no se pudo procesar el texto: %v", err))
		return nil, 0
	}
	reportProblems(d, res, report)
	return res, gen
}

// reportProblems reports the problems of d's rendered body res at their
// line in the file.
func reportProblems(d *content.Doc, res *markdown.Result, report func(pos content.Pos, warn bool, msg string)) {
	for _, p := range res.Problems {
		report(content.Pos{File: d.Path, Line: d.BodyLine + p.Line - 1, Col: p.Col}, p.Warning, p.Msg)
	}
}

// resolveLink maps a link an editor wrote in d to a URL of the site:
// relative or absolute paths to .md files become their item's URL, paths to
// static files their URL, and site paths ("/funciones/") must exist.
func (r *Renderer) resolveLink(d *content.Doc, dest string) (string, error) {
	url, _, err := r.resolveLinkTarget(d.Path, dest)
	return url, err
}

// resolveLinkTarget is resolveLink for dest in the file docPath, which
// also says what decided the answer (Cache.retarget): target is the path
// under content/ that was looked up, of an item's file (whose bundle a
// link to "x.md" may also name: "x/index.md") or of a static file, or ""
// when the answer is dest's own path whatever the site holds.
func (r *Renderer) resolveLinkTarget(docPath, dest string) (url, target string, err error) {
	p := linkPath(docPath, dest)
	if strings.HasSuffix(p, ".md") {
		if !strings.HasPrefix(p, "content/") {
			return "", "", markdown.ErrNotFound
		}
		if it, ok := r.byPath[p]; ok {
			return it.URL(), p, nil
		}
		// A bundle may be linked by its folder's name.
		if it, ok := r.byPath[strings.TrimSuffix(p, ".md")+"/index.md"]; ok {
			return it.URL(), p, nil
		}
		return "", p, markdown.ErrNotFound
	}
	if strings.HasPrefix(p, "content/") {
		target = p
		if f, ok := r.files[p]; ok {
			return f.URL, target, nil
		}
		// A relative link to a site path ("prensa/" from the home page,
		// "../eventos/" from a press release): checked like "/prensa/".
		p = strings.TrimPrefix(p, "content")
	} else if !strings.HasPrefix(p, "/") {
		return "", "", markdown.ErrNotFound // above content/
	}
	// A site path ("/funciones/", "/prensa/2026/", "/contactos/"): most
	// such pages exist only once every family has rendered, so the path is
	// published as written and checked against the output in checkLinks.
	if strings.HasSuffix(dest, "/") || path.Ext(p) == "" {
		return strings.TrimSuffix(p, "/") + "/", target, nil
	}
	return p, target, nil
}

// linkPath is the path resolveLink looks dest up by, in the file docPath:
// of a Markdown file or a static file under content/, or a site path.
func linkPath(docPath, dest string) string {
	if strings.HasPrefix(dest, "/") {
		p := path.Clean(dest)
		if strings.HasSuffix(p, ".md") {
			p = path.Join("content", p)
		}
		return p
	}
	return path.Join(path.Dir(docPath), dest)
}

// checkLinks reports links of bodies to site paths that no job published.
// It runs after every job, so it knows every page and file of the site.
func (r *Renderer) checkLinks() {
	// In parts, on every core: it runs after the jobs, alone, so it
	// reads what they published without the lock. Each part's problems
	// are its own, joined in the items' order.
	published := func(p string) bool { _, ok := r.published[p]; return ok }
	items := r.site.Items()
	const part = 512
	found := make([]content.Diagnostics, (len(items)+part-1)/part)
	parallel(len(found), func(k int) {
		for _, it := range items[k*part : min((k+1)*part, len(items))] {
			d := it.Document()
			links := r.body(it).Links // those linksToCheck kept
			for i := range links {
				l := &links[i]
				u, _, _ := strings.Cut(l.URL, "#")
				u, _, _ = strings.Cut(u, "?")
				if published(strings.TrimPrefix(u, "/")) || published(pagePath(u)) {
					continue
				}
				what := "enlace a una página que no existe"
				if l.Image {
					what = "imagen que no existe"
				}
				found[k].Errorf(content.Pos{File: d.Path, Line: d.BodyLine + l.Line - 1, Col: l.Col}, "%s: %s", what, l.Dest)
			}
		}
	})
	r.mu.Lock()
	for _, ds := range found {
		r.diags = append(r.diags, ds...)
	}
	r.mu.Unlock()
}

// linksToCheck returns the links of a body that checkLinks must look
// for among the published files: those to a path of the site. A link
// the editor wrote to a .md file is left out, as resolveLink already
// mapped it to a published item (or reported it); so are external ones.
// links is not modified; the result shares its array only when it is all
// of it, and is nil when none is left.
func linksToCheck(links []markdown.Link) []markdown.Link {
	n := 0
	for i := range links {
		if checkedLink(&links[i]) {
			n++
		}
	}
	if n == len(links) {
		return links
	}
	if n == 0 {
		return nil
	}
	out := make([]markdown.Link, 0, n)
	for i := range links {
		if checkedLink(&links[i]) {
			out = append(out, links[i])
		}
	}
	return out
}

// checkedLink reports whether checkLinks looks for l among the published
// files (see linksToCheck).
func checkedLink(l *markdown.Link) bool {
	if l.External || !strings.HasPrefix(l.URL, "/") || strings.HasPrefix(l.URL, "//") {
		return false
	}
	dest, _, _ := strings.Cut(l.Dest, "#")
	return !strings.HasSuffix(dest, ".md")
}

// resolveImage maps an image in a body to its URL (and size, when known).
func (r *Renderer) resolveImage(d *content.Doc, src string) (markdown.Image, error) {
	p, ok := content.ResolveFile(d, src)
	if !ok {
		return markdown.Image{}, markdown.ErrNotFound
	}
	f, ok := r.files[p]
	if !ok {
		return markdown.Image{}, markdown.ErrNotFound
	}
	pic := r.pictureOf(f, &Picture{})
	img := markdown.Image{URL: pic.URL, Width: pic.Width, Height: pic.Height}
	if info := r.images[f.Path]; info != nil {
		// The Markdown renderer escapes srcsets itself.
		img.Srcset = info.plainSrcset
		if img.Srcset != "" {
			img.Sizes = sizesProse
		}
		if info.plainWebP != "" {
			img.Sources = []markdown.Source{{Type: "image/webp", Srcset: info.plainWebP}}
		}
	}
	return img, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
