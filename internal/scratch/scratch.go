// Package scratch knows the files that editors and their tools leave around
// a save: swap files, backups, the temporary file of an atomic save, Office
// locks, folder metadata. They are never content. The loader leaves them
// out of the site (so that `nota.md.tmp` or `nota.md~` is never published)
// and serve's watcher does not report them (so that a save does not
// rebuild twice, nor the site flicker when they disappear a moment later):
// both read this one list.
package scratch

import (
	"path"
	"strings"
)

// Patterns are the scratch files, in the syntax of [path.Match], matched
// against a file's base name.
var Patterns = []string{
	// vim: swap files (.file.md.swp, .swo, .swn when several sessions are
	// open, .swx while creating one), and "4913", the probe file vim creates
	// and deletes to learn whether it may write in a folder.
	"*.swp", "*.swo", "*.swn", "*.swx", "4913",
	// Backups left by vim, emacs, nano, gedit: "file.md~".
	"*~",
	// emacs: lock symlinks (.#file.md) and auto-save files (#file.md#).
	".#*", "#*#",
	// JetBrains "safe write": file.md___jb_tmp___ becomes file.md, the
	// original is moved to file.md___jb_old___ and deleted.
	"*___jb_tmp___", "*___jb_old___",
	// Atomic saves of VS Code, Atom and many tools: write file.md.tmp (or
	// .file.md.tmp.1234) and rename it over file.md.
	"*.tmp", ".*.tmp.*",
	// gedit and other GTK editors save through .goutputstream-XXXXXX.
	".goutputstream-*",
	// Microsoft Office locks a document being edited with "~$name.docx".
	"~$*",
	// Folder metadata of macOS Finder and Windows Explorer.
	".DS_Store", "Thumbs.db", "desktop.ini",
}

// Is reports whether a file's base name is a scratch file.
func Is(name string) bool {
	for _, m := range matchers {
		if m(name) {
			return true
		}
	}
	return false
}

// matchers are Patterns as functions. A scan of content/ asks Is of
// every file, and path.Match of each pattern was most of a rescan of
// 10,000 files (serve rescans when a file appears or disappears); the
// common shapes (a name, "*suffix", "prefix*") are plain string tests,
// and path.Match answers the rest.
var matchers = func() []func(string) bool {
	var ms []func(string) bool
	for _, p := range Patterns {
		ms = append(ms, matcher(p))
	}
	return ms
}()

// matcher returns a function that reports what path.Match(p, name) does.
func matcher(p string) func(string) bool {
	const meta = `*?[\`
	switch {
	case !strings.ContainsAny(p, meta):
		return func(name string) bool { return name == p }
	case strings.HasPrefix(p, "*") && !strings.ContainsAny(p[1:], meta):
		// '*' matches any run of characters but '/'.
		return func(name string) bool {
			return strings.HasSuffix(name, p[1:]) && !strings.Contains(name[:len(name)-len(p)+1], "/")
		}
	case strings.HasSuffix(p, "*") && !strings.ContainsAny(p[:len(p)-1], meta):
		return func(name string) bool {
			return strings.HasPrefix(name, p[:len(p)-1]) && !strings.Contains(name[len(p)-1:], "/")
		}
	}
	return func(name string) bool {
		hit, _ := path.Match(p, name)
		return hit
	}
}
