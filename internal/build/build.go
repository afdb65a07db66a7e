// Package build turns a site folder into the files of the published site:
// it loads and validates the content, loads the theme, renders everything
// into an output.Sink and returns every diagnostic at once. By default the
// sink is a new output.Set, which serve serves from memory; cmd/cabildo's
// build passes an output.Stager instead, which writes each file to disk as
// it is rendered and publishes the tree only if the build succeeds.
package build

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/history"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/render"
	"cabildo/internal/theme"
)

// Options choose what is published.
type Options struct {
	Now    time.Time // the build's one clock: embargoes, "upcoming", lobby months
	Drafts bool      // publish drafts
	Future bool      // publish embargoed press releases
	Dev    render.Options
	// Out, if not nil, receives the files instead of a new Set, and
	// Result.Files stays nil; the render is then lean (render.Options.Lean)
	// and the documents of Result.Site lose their Markdown bodies and
	// the positions of their keys (Doc.Fields). The
	// caller publishes or discards what Out received according to
	// Result.Diags.
	Out output.Sink
	// Skip, if not nil, is called with the build's stamp once the content
	// is valid (see stamp.go: a sum of everything the output depends on).
	// When it returns true the build stops there with Result.Skipped: the
	// caller knows it already published these bytes.
	Skip func(stamp string) bool
	// Previous is the state the last build recorded in its output
	// (output.StateOf); nil when there is none. Against it the build
	// reports URLs that vanished and event changes not declared
	// (package history), as warnings, or as errors when Strict.
	Previous []byte
	Strict   bool
}

// leanBodyBudget is the Markdown a streamed build keeps in memory from
// loading to rendering: a small site's, and a few hundred bodies of a
// larger one. Keeping them all was most of the live heap of a 10,000-item
// build (some 30 MB of files, doubled by the collector's headroom), and
// reading a body again costs far less than that memory (bench/README.md).
var leanBodyBudget int64 = 1 << 20

// Result is a build's outcome. Files is nil when Diags has errors or when
// Options.Out received the files.
type Result struct {
	Site    *content.Site // as loaded, before filtering drafts and embargoes
	Files   *output.Set
	Diags   content.Diagnostics // of loading and validation only when Skipped
	Stamp   string              // set when Options.Skip was given
	Skipped bool                // Options.Skip said the output is already published
	// State is what the next build must know of this one, for
	// output.Stager.SetState; set once the content is valid.
	State []byte
	// Withheld are the drafts and embargoed press releases left out, for
	// serve's answer to their URLs; set by Builder when Files is.
	Withheld []content.Withheld
}

// Build builds the site in fsys, a folder holding content/ and optionally
// themes/. The result's Files are complete only if Diags has no errors.
func Build(fsys fs.FS, opt Options) Result {
	var loadOpts []load.Option
	if opt.Out != nil {
		// Streamed builds keep at most this much Markdown in memory
		// and read the other bodies again when they render them.
		loadOpts = append(loadOpts, load.WithBodyBudget(leanBodyBudget))
	}
	if progress := opt.Dev.Progress; progress != nil {
		loadOpts = append(loadOpts, load.WithProgress(func(done, total int) { progress(render.StepFiles, done, total) }))
	}
	var sources func() ([]byte, error)
	if opt.Skip != nil {
		sources = sumSources(fsys)
	}
	site, diags := load.Load(fsys, loadOpts...)
	res := Result{Site: site}
	diags = append(diags, site.Validate()...)
	th, err := loadTheme(fsys, site.Config.Theme)
	themeDiag(&diags, &site.Config, err)
	pub := site.Publishable(opt.Now, opt.Drafts, opt.Future)
	diags = append(diags, published(pub, opt.Now)...)
	if diags.HasErrors() {
		res.Diags = diags.Sort()
		return res
	}
	ropt := renderOptions(fsys, opt, opt.Now, th, markdownFor(&site.Config))
	var set *output.Set
	out := opt.Out
	if out == nil {
		set = output.NewSet()
		out = set
	} else {
		// A streaming build is one-shot: render may drop each body's
		// source and HTML once used, so memory does not grow with the
		// text of the site (Result.Site's bodies are then empty).
		ropt.Lean = true
		ropt.ReadBody = func(d *content.Doc) ([]byte, error) { return load.ReadBody(fsys, d) }
		// Nor are the positions of the front matter's keys needed past
		// validation (render reports only site.yaml's), and they were
		// the largest part of the metadata: some 850 bytes per item.
		for _, it := range site.Items() {
			it.Document().Fields = nil
		}
	}
	severity := content.SeverityWarning
	if opt.Strict {
		severity = content.SeverityError
	}
	// The record is compared now, for its warnings (and errors, with
	// Strict, which stop the build before rendering), and made again
	// after rendering: its maps are not kept through the render, the
	// part of a large build that needs the most memory.
	withheld := site.Withheld(opt.Now, opt.Drafts, opt.Future)
	previous := func() *history.State {
		prev := history.Decode(opt.Previous)
		prev.Forget(withheld)
		return prev
	}
	changes, _ := history.Compare(previous(), history.Of(pub), pub, opt.Now, severity)
	diags = append(diags, changes...)
	record := func() {
		_, state := history.Compare(previous(), history.Of(pub), pub, opt.Now, severity)
		res.State = state.Encode()
	}
	if changes.HasErrors() {
		res.Diags = diags.Sort()
		return res
	}
	if opt.Skip != nil {
		st, err := stamp(sources, pub, ropt, opt)
		if err == nil {
			res.Stamp = st
			if opt.Skip(st) {
				res.Skipped = true
				res.Diags = diags.Sort()
				return res
			}
		}
	}
	diags = append(diags, render.Render(pub, ropt, out)...)
	record()
	res.Diags = diags.Sort()
	if !res.Diags.HasErrors() {
		res.Files = set
	}
	return res
}

// published reports what the published site pub lacks as a whole,
// whatever its errors: months without lobby records, overdue quarterly
// reports. Build and Builder both call it, and nothing else reports it.
func published(pub *content.Site, now time.Time) content.Diagnostics {
	var diags content.Diagnostics
	if gaps := pub.LobbyGaps(now); len(gaps) > 0 {
		diags.Warnf(content.LobbyGapPos, "%s", content.LobbyGapMessage(gaps))
	}
	for _, q := range pub.OverdueReports(now) {
		diags.Warnf(content.ReportsPos, "%s", content.OverdueReportMessage(q, now, pub))
	}
	return diags
}

// markdownFor configures Markdown as site.yaml asks. Build and Builder
// both use it, so the two render bodies alike.
func markdownFor(cfg *content.Config) *markdown.Markdown {
	var opts []markdown.Option
	if cfg.UnsafeHTML {
		opts = append(opts, markdown.WithUnsafeHTML())
	}
	if cfg.UnsafeScripts {
		opts = append(opts, markdown.WithUnsafeScripts())
	}
	return markdown.New(opts...)
}

// renderOptions are the render options of a build at now; Build and
// Builder both start from them.
func renderOptions(fsys fs.FS, opt Options, now time.Time, th *theme.Theme, md *markdown.Markdown) render.Options {
	ropt := opt.Dev
	ropt.Now = now
	ropt.Theme = th
	ropt.Markdown = md
	ropt.Source = fsys
	return ropt
}

// loadTheme's errors for a theme name that is site.yaml's mistake.
var (
	errNoTheme      = errors.New("no theme")
	errInvalidTheme = errors.New("invalid theme name")
)

// themeDiag reports a theme problem where the editor fixes it: a theme
// that does not exist at site.yaml's theme key, a template that does not
// parse at the theme's folder.
func themeDiag(diags *content.Diagnostics, cfg *content.Config, err error) {
	switch {
	case err == nil:
	case errors.Is(err, errNoTheme):
		diags.Errorf(cfg.Doc.Pos("theme"), "el tema «%s» no existe: cree la carpeta themes/%s/ o escriba theme: default en site.yaml", cfg.Theme, cfg.Theme)
	case errors.Is(err, errInvalidTheme):
		diags.Errorf(cfg.Doc.Pos("theme"), "tema no válido «%s»: escriba el nombre de una carpeta de themes/, sin barras, o theme: default", cfg.Theme)
	default:
		diags.Errorf(content.Pos{File: "themes/" + cfg.Theme}, "%v", err)
	}
}

// loadTheme lays the site's themes/<name>/ over the built-in theme. A site
// that names a theme it does not have is an error, not a silent fallback.
func loadTheme(fsys fs.FS, name string) (*theme.Theme, error) {
	var upper fs.FS
	dir := "themes/" + name
	if strings.Contains(name, "/") || !fs.ValidPath(dir) {
		return nil, errInvalidTheme
	}
	if st, err := fs.Stat(fsys, dir); err == nil && st.IsDir() {
		upper, _ = fs.Sub(fsys, dir)
	} else if name != "default" {
		return nil, errNoTheme
	}
	return theme.Load(theme.Overlay(upper), render.Funcs())
}
