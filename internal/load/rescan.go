package load

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Rescan brings entries, the Markdown files of a Scan in its order, up
// to date with the Markdown files at paths, each created or removed
// since: it returns the entries Scan would list now, without walking the
// tree (at 10,000 files the walk was a tenth of serve's rebuild after a
// file was added or deleted). ok is false when it cannot tell from those
// paths alone, and the caller scans: a path that is not a Markdown file
// under content/, one in a folder Scan skips or reports (hidden, an
// editor's scratch, a link), a file Scan would report (a link, not a
// regular file, a name Classify rejects), or one it cannot look at.
// Static files and Scan's diagnostics are not Rescan's business: a
// caller with a static file changed, or with a diagnostic about one of
// paths, scans.
func Rescan(fsys fs.FS, entries []Entry, paths []string) ([]Entry, bool) {
	out := slices.Clone(entries)
	for _, p := range paths {
		rel, ok := strings.CutPrefix(p, "content/")
		if !ok || !strings.HasSuffix(p, ".md") {
			return nil, false
		}
		for _, name := range strings.Split(rel, "/") {
			if ignored(name) {
				return nil, false
			}
		}
		i, found := slices.BinarySearchFunc(out, p, func(e Entry, p string) int { return walkCompare(e.Path, p) })
		info, err := fs.Lstat(fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if found {
				out = slices.Delete(out, i, i+1)
			}
			continue
		case err != nil || !info.Mode().IsRegular():
			return nil, false
		}
		for d := path.Dir(p); d != "content"; d = path.Dir(d) {
			if info, err := fs.Lstat(fsys, d); err != nil || !info.IsDir() {
				return nil, false // a link, or something changing: Scan says what
			}
		}
		e, md, msg := Classify(p)
		if !md || msg != "" {
			return nil, false
		}
		if !found {
			out = slices.Insert(out, i, e)
		}
	}
	return out, true
}

// walkCompare orders paths as fs.WalkDir visits them: by name within a
// folder, a folder's files before the next name ("a/x" before "a-b/x",
// though '-' sorts before '/').
func walkCompare(a, b string) int {
	for {
		ai, bi := strings.IndexByte(a, '/'), strings.IndexByte(b, '/')
		an, bn := a, b
		if ai >= 0 {
			an = a[:ai]
		}
		if bi >= 0 {
			bn = b[:bi]
		}
		if c := strings.Compare(an, bn); c != 0 || ai < 0 || bi < 0 {
			if c == 0 { // a file and a folder of one name: not both at once
				return cmp.Compare(ai, bi)
			}
			return c
		}
		a, b = a[ai+1:], b[bi+1:]
	}
}
