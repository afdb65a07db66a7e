package watch

import (
	"fmt"
	"path"
	"strings"

	"cabildo/internal/scratch"
)

// DefaultIgnore lists the paths a Watcher neither watches nor reports, as
// patterns in the syntax of [path.Match]:
//
//   - A pattern without a slash is matched against every element of a path,
//     so ".git" ignores .git/ wherever it is, and everything inside it.
//   - A pattern starting with "/" is anchored at the watched root: "/public"
//     ignores the generated site, but not content/public/.
//
// Most entries are the scratch files editors write around a save (package
// scratch, the list the loader also leaves out). Reporting them would
// trigger pointless rebuilds, and worse, reporting their removal a moment
// later would make the site flicker. The list is read by [New]; change it
// before creating a Watcher, or add rules with [WithIgnore].
var DefaultIgnore = append([]string{
	// Version control metadata, and the folder `cabildo build` writes to:
	// watching our own output would rebuild forever.
	".git", ".hg", ".svn", "/public",
	// Cabildo's cache of processed images (cmd/cabildo: imageCacheDir).
	"/.cabildo",
	// Installed front-end dependencies of a theme: thousands of folders that
	// nobody edits and that would exhaust the inotify watch limit.
	"node_modules",
}, scratch.Patterns...)

// ignorer decides whether a slash-separated path relative to the root is
// ignored. The root itself ("") never is.
type ignorer struct {
	names    []string // matched against every path element
	anchored []string // matched against the leading elements, without "/"
	funcs    []func(rel string) bool
}

func newIgnorer(patterns []string, funcs []func(string) bool) (*ignorer, error) {
	m := &ignorer{funcs: funcs}
	for _, p := range patterns {
		// path.Match reports a malformed pattern whatever the name, so
		// checking once here means match can ignore its error.
		if _, err := path.Match(strings.TrimPrefix(p, "/"), ""); err != nil || p == "" || p == "/" {
			return nil, fmt.Errorf("patrón de archivos ignorados no válido: %q", p)
		}
		if anchored, ok := strings.CutPrefix(p, "/"); ok {
			m.anchored = append(m.anchored, anchored)
		} else {
			m.names = append(m.names, p)
		}
	}
	return m, nil
}

// match reports whether rel, or one of the folders it is in, is ignored.
func (m *ignorer) match(rel string) bool {
	for dir := range strings.SplitSeq(rel, "/") {
		for _, p := range m.names {
			if hit, _ := path.Match(p, dir); hit {
				return true
			}
		}
	}
	return m.matchChild(rel)
}

// matchChild is match for a path whose folders are known not to be ignored,
// as in a walk that skips ignored folders: only its last element is new.
func (m *ignorer) matchChild(rel string) bool {
	if rel == "" {
		return false
	}
	name := rel[strings.LastIndexByte(rel, '/')+1:]
	for _, p := range m.names {
		if hit, _ := path.Match(p, name); hit {
			return true
		}
	}
	for _, p := range m.anchored {
		// "/themes/*/node_cache" has three elements: compare it with the
		// first three elements of rel.
		n := strings.Count(p, "/") + 1
		if prefix, ok := leading(rel, n); ok {
			if hit, _ := path.Match(p, prefix); hit {
				return true
			}
		}
	}
	for _, f := range m.funcs {
		if f(rel) {
			return true
		}
	}
	return false
}

// leading returns the first n slash-separated elements of rel, and false if
// rel has fewer.
func leading(rel string, n int) (string, bool) {
	i := 0
	for ; n > 1; n-- {
		j := strings.IndexByte(rel[i:], '/')
		if j < 0 {
			return "", false
		}
		i += j + 1
	}
	if j := strings.IndexByte(rel[i:], '/'); j >= 0 {
		return rel[:i+j], true
	}
	return rel, true
}
