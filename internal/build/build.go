// Package build turns a site folder into the files of the published site.
// It has one engine, Builder (builder.go), and every command drives it:
//
//	read site.yaml, scan content/     load.Config, load.Scan (load.Rescan for
//	                                  files that came or went since)
//	decode the Markdown files         load.Decode (one worker pool), File each
//	assemble the site                 load.Assemble: add, duplicate slugs, sort
//	validate                          content.Site.Validate, the theme, what the
//	                                  published site lacks (lobby months, reports)
//	compare with the last build       package history (Options.Previous)
//	skip if nothing changed           the stamp (stamp.go, Options.Skip)
//	render                            render.Render into a Set or Options.Out
//
// and returns every diagnostic at once. A full build is an Update from an
// empty memory; an edit under `cabildo serve` is an Update from a warm one
// (see Builder for what it keeps and reuses). How much is kept is a policy,
// Builder.Retain, not a second way to build: Build (cabildo build, check)
// keeps nothing, and with a sink streams its output with memory that does
// not grow with the site's text; serve keeps everything. The tests check
// that both give the same bytes and the same diagnostics.
//
// By default the output goes into a new output.Set, which serve serves
// from memory (or from an output.Store); cmd/cabildo's build passes an
// output.Stager as Options.Out instead, which writes each file to disk as
// it is rendered and publishes the tree only if the build succeeds.
package build

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	"cabildo/internal/content"
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
	// Result.Files stays nil. The caller publishes or discards what Out
	// received according to Result.Diags.
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

// Result is a build's outcome. Files is nil when Diags has errors or when
// Options.Out received the files.
type Result struct {
	// Site is as loaded, before filtering drafts and embargoes. After
	// Build (KeepNothing) its documents lack their Markdown bodies and
	// the positions of their keys (Doc.Fields): they were let go once used.
	Site    *content.Site
	Files   *output.Set
	Diags   content.Diagnostics // of loading and validation only when Skipped
	Stamp   string              // set when Options.Skip was given
	Skipped bool                // Options.Skip said the output is already published
	// State is what the next build must know of this one, for
	// output.Stager.SetState; set once the content is valid.
	State []byte
	// Withheld are the drafts and embargoed press releases left out, for
	// serve's answer to their URLs; set when Files is.
	Withheld []content.Withheld
}

// Settle makes the pages of r.Files left to be made when read (serve's
// lazy pages: render/lazy.go; output.Set.Settle), and returns the errors
// of those that could not be made, as diagnostics: the template's
// file and what failed.
func (r Result) Settle() content.Diagnostics {
	if r.Files == nil {
		return nil
	}
	err := r.Files.Settle()
	if err == nil {
		return nil
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	var ds content.Diagnostics
	for _, e := range errs {
		var d content.Diagnostic
		if !errors.As(e, &d) {
			d = content.Diagnostic{Pos: content.Pos{File: "public"}, Msg: e.Error(), Severity: content.SeverityError}
		}
		ds = append(ds, d)
	}
	return ds
}

// Build builds the site in fsys, a folder holding content/ and optionally
// themes/, once: it is a Builder that keeps nothing (KeepNothing). The
// result's Files are complete only if Diags has no errors.
func Build(fsys fs.FS, opt Options) Result {
	b := NewBuilder(fsys, opt)
	b.Retain = KeepNothing
	return b.Update()
}

// published reports what the published site pub lacks as a whole,
// whatever its errors: months without lobby records, overdue quarterly
// reports. Builder.build calls it, and nothing else reports it.
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

// markdownFor configures Markdown as site.yaml asks.
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

// renderOptions are the render options of a build at now.
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
