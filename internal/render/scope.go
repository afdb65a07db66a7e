package render

import (
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/output"
)

// Scopes: a family of outputs that reads only a few kinds of items, and
// writes only under its own folders, is not visited at all when what it
// reads is what it read in the previous render: its files are claimed
// from the previous output whole, without registering its jobs. The
// lobby's 1,200 records, lists, officials' pages and open data were
// some 15 ms of CPU after every edit of a press release's title, each
// page found unchanged one by one (its key, its view's hash). A family
// with a scope says, in a deps key, everything it reads beyond what
// every page shares (deps: the navigation, footer, brand and assets,
// the static files, the clock); site.yaml and the theme drop the memo.
//
// What the family made last time is known by its folders: the files
// under them that took or recorded a memo key (pages, memoFile). So the
// family must make every file through the memo, and nothing else may
// write there: static files and image variants under its folders (an
// attachment in content/lobby/) are published before the jobs by
// copyStatic, not claimed by the family; an alias that points into the
// family, or lies in its folders, makes the family render as usual.
type scope struct {
	name    string
	folders []string // output folders, with a final "/"
	// inputs adds to d what the family reads; false if it cannot say.
	inputs func(r *Renderer, d *deps) bool
}

// itemsDeps adds items to d, each with its body, and how many there are.
func itemsDeps[T content.Item](r *Renderer, d *deps, items []T) bool {
	d.u64(uint64(len(items)))
	for _, it := range items {
		if !r.bodyDeps(d, it) {
			return false
		}
		d.item(it)
	}
	return true
}

// under reports whether the output path p is in one of s's folders.
func (s *scope) under(p string) bool {
	for _, f := range s.folders {
		if strings.HasPrefix(p, f) {
			return true
		}
	}
	return false
}

// scopeKept claims the previous output's files of the family s if its
// inputs are the ones of the previous render, and reports whether it did.
func (r *Renderer) scopeKept(s *scope) bool {
	d, ok := r.deps("scope " + s.name)
	if !ok || !s.inputs(r, d) {
		return false
	}
	own, key := d.h.Sum64(), "\x00scope "+s.name
	r.outMu.Lock()
	r.memoKeys[key] = memoEntry{page: own, hasPage: true}
	r.outMu.Unlock()
	set, isSet := r.out.(*output.Set)
	paths := r.opt.Cache.scopePaths(s.name)
	if prev, ok := r.memoPrev[key]; !ok || prev.page != own || !isSet || paths == nil || r.aliasInto(s) {
		return false
	}
	if !set.KeepAll(paths) {
		return false
	}
	r.outMu.Lock()
	for _, p := range paths {
		r.published[p] = struct{}{}
		r.memoKeys[p] = r.memoPrev[p]
	}
	r.outMu.Unlock()
	r.opt.Cache.countReused(paths)
	return true
}

// aliasInto reports whether an alias lies in s's folders or points
// into them: its redirect page is made by the family of its item.
func (r *Renderer) aliasInto(s *scope) bool {
	for _, it := range r.aliased {
		if s.under(strings.TrimPrefix(it.URL(), "/")) {
			return true
		}
		for _, a := range it.Metadata().Aliases {
			if s.under(strings.TrimPrefix(a, "/")) {
				return true
			}
		}
	}
	return false
}

// scopeFiles returns, for every family with a scope, the files of this
// render in its folders that took or recorded a memo key: not static
// files, which are published without one (for the Cache, once the
// render is kept).
func (r *Renderer) scopeFiles() map[string][]string {
	files := map[string][]string{}
	var scopes []*scope
	for _, f := range families {
		if f.scope != nil {
			scopes = append(scopes, f.scope)
			files[f.scope.name] = []string{}
		}
	}
	r.outMu.Lock()
	defer r.outMu.Unlock()
	for p := range r.published { // once: 25,000 files after every edit
		for _, s := range scopes {
			if s.under(p) {
				if _, ok := r.memoKeys[p]; ok {
					files[s.name] = append(files[s.name], p)
				}
			}
		}
	}
	return files
}
