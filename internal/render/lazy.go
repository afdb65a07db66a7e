package render

import (
	"bytes"
	"fmt"

	"cabildo/internal/content"
	"cabildo/internal/output"
)

// Lazy pages: after an edit, serve publishes the site before the pages
// the edit changed are executed, and each is executed when it is first
// asked for (output.Set.AddLazy), or right after the edit is published,
// when serve settles the output (output.Set.Settle): a new release
// shifts the cards of some 800 pages of the lists of releases, 80 ms of
// templates on 2 cores at 10,000 items, and the editor waits for one
// page. It is how `hugo server` renders too (fast render: the pages in
// view first). What a page shows is decided before it is published: its
// view is built by its job, in the render (the Page and its data, the
// cards' inputs); only the template's execution waits, and what it reads
// (the view, the bodies, the cards) does not change until the output is
// settled, which the next render does first (output.Derive). The
// sitemap is lazy too when the paths changed (site.go): listing and
// sorting 13,000 paths was the last thing an added release waited for.
// A one-shot build (a Stager, no Previous) executes every page in its
// render.
//
// A template error then comes after the site was published: serve
// prints it and shows it over the pages when it settles the output
// (build.Result.Settle), and the page is left out (the memo cannot take
// a file that is not there, so the next render tries it again).
// To keep that rare, a template is made lazily only once a render has
// executed it without error since the theme or site.yaml last changed
// (lazyTemplates; ForgetPages, Reset):
// a broken template is an error of the render that first executes it,
// as in a build, and the site served stays the last good one.

// lazySink returns the sink of the lazy pages of a render, or nil: a
// render of serve after the first (Previous, Cache) into a sink that can
// take them.
func lazySink(opt Options, out output.Sink) output.LazySink {
	if opt.Cache == nil || opt.Previous == nil {
		return nil
	}
	ls, _ := out.(output.LazySink)
	return ls
}

// lazyTemplates returns the templates whose pages may be lazy in a render
// that begins now: those executed without error by an earlier render
// since the theme last changed (not by this one: the first render after
// a change executes every page, so that a broken template is its error).
func (c *Cache) lazyTemplates() map[string]bool {
	ok := map[string]bool{}
	c.templatesOK.Range(func(name, _ any) bool {
		ok[name.(string)] = true
		return true
	})
	return ok
}

// lazyPage adds the page at urlPath to be made from template name and p
// when it is read.
func (r *Renderer) lazyPage(urlPath, name string, p *Page) {
	path := pagePath(urlPath)
	r.opt.Cache.pagesLazy.Add(1)
	r.record(path, r.lazy.AddLazy(path, func() ([]byte, error) {
		var page []byte
		err := r.execute(name, p, func(b []byte) { page = bytes.Clone(b) })
		if err != nil {
			return nil, content.Diagnostic{Pos: content.Pos{File: templateFile(name)},
				Msg: fmt.Sprintf("no se pudo generar %s: %v", urlPath, err), Severity: content.SeverityError}
		}
		return page, nil
	}))
}

// keyedLazily reports whether the page at path, to be made lazily, is
// made by a job with a dependency key (deps.go), and notes that it is.
// Such a page is not hashed (pageKey): its job's key changed, so it most
// likely changed too, and the next render takes it by that key. An
// added release shifts 800 pages of lists, whose views were hashed while
// the editor waited only to learn that. A page whose key changed but
// which comes out the same (a list whose release's body changed) is
// made again, after the edit shows, and the output keeps its old bytes
// (output.Set compares them).
func (r *Renderer) keyedLazily(path string) bool {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	e, ok := r.memoKeys[path]
	if !ok || !e.hasDeps {
		return false
	}
	// Its page key, if it had one, was the previous render's.
	e.page, e.hasPage, e.made = 0, false, true
	r.memoKeys[path] = e
	return true
}

// PagesLazy reports how many pages of the last render were left to be
// made when read.
func (c *Cache) PagesLazy() int { return int(c.pagesLazy.Load()) }

// executed records that the template name was executed without error.
func (c *Cache) executed(name string) {
	if _, ok := c.templatesOK.Load(name); !ok {
		c.templatesOK.Store(name, struct{}{})
	}
}
