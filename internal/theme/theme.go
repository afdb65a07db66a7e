// Package theme loads the templates and assets a site is rendered with: the
// site's own themes/<name>/ folder laid over the built-in theme embedded in
// the binary. A file in the site's folder replaces the built-in file with the
// same path; everything else comes from the built-in theme, so a site
// overrides one template or one stylesheet without copying the rest.
//
// A theme folder holds:
//
//	templates/base.html          the page layout; defines nothing, calls {{block "main" .}}
//	templates/partials/*.html    named templates shared by every page
//	templates/<name>.html        one per page type (home.html, press.html, …), each defining "main"
//	assets/…                     files published under /assets/ (CSS, images, scripts)
//
// Templates are html/template, parsed once: every page template is its own
// set made of base.html, the partials and that file. ExecutePartial runs a
// partial alone, for the render's cached function (a partial rendered once
// per build, such as the footer).
package theme

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"cabildo/themes"
)

// Theme is a parsed theme, safe for concurrent use.
type Theme struct {
	fsys  fs.FS
	root  *template.Template            // base.html and the partials
	pages map[string]*template.Template // "press.html" → set
	sum   [sha256.Size]byte             // of every template's name and text
}

// Sum identifies the theme's templates: what a partial makes of the same
// data is the same while Sum and the program (package program) are.
func (t *Theme) Sum() [sha256.Size]byte { return t.sum }

// Overlay returns the file system of a theme: the directory upper (may be
// nil) over the built-in theme.
func Overlay(upper fs.FS) fs.FS {
	if upper == nil {
		return themes.Default
	}
	return overlayFS{upper: upper, lower: themes.Default}
}

// Load parses the theme in fsys (usually Overlay of the site's themes/<name>)
// with the template functions funcs.
func Load(fsys fs.FS, funcs template.FuncMap) (*Theme, error) {
	base, err := fs.ReadFile(fsys, "templates/base.html")
	if err != nil {
		return nil, fmt.Errorf("tema: falta templates/base.html: %w", err)
	}
	sum := sha256.New()
	note := func(name string, text []byte) {
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(text))
		sum.Write(text)
	}
	note("templates/base.html", base)
	root := template.New("base.html").Funcs(funcs)
	if _, err := root.Parse(string(base)); err != nil {
		return nil, templateError("templates/base.html", err)
	}
	partials, _ := fs.Glob(fsys, "templates/partials/*.html")
	sort.Strings(partials)
	for _, p := range partials {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		note(p, b)
		if _, err := root.New(path.Base(p)).Parse(string(b)); err != nil {
			return nil, templateError(p, err)
		}
	}
	pages, _ := fs.Glob(fsys, "templates/*.html")
	t := &Theme{fsys: fsys, root: root, pages: map[string]*template.Template{}}
	for _, p := range pages {
		name := path.Base(p)
		if name == "base.html" {
			continue
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		note(p, b)
		set, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(name).Parse(string(b)); err != nil {
			return nil, templateError(p, err)
		}
		t.pages[name] = set
	}
	sum.Sum(t.sum[:0])
	return t, nil
}

func templateError(file string, err error) error {
	// html/template messages start with "template: name:line:"; keep the
	// position and say which file of the theme it is.
	msg := strings.TrimPrefix(err.Error(), "template: ")
	return fmt.Errorf("themes/%s: %s", file, msg)
}

// Has reports whether the theme has the page template name.
func (t *Theme) Has(name string) bool { _, ok := t.pages[name]; return ok }

// Execute renders page template name (e.g. "press.html") into w, starting at
// base.html.
func (t *Theme) Execute(w io.Writer, name string, data any) error {
	set, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("tema: no existe la plantilla templates/%s", name)
	}
	return set.ExecuteTemplate(w, "base.html", data)
}

// ExecutePartial renders the named template of templates/partials/
// ("footer") into w, on its own.
func (t *Theme) ExecutePartial(w io.Writer, name string, data any) error {
	return t.root.ExecuteTemplate(w, name, data)
}

// ExecuteString is Execute into a new buffer.
func (t *Theme) Render(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	err := t.Execute(&b, name, data)
	return b.Bytes(), err
}

// Assets calls fn for every file under assets/, with its path relative to
// assets/.
func (t *Theme) Assets(fn func(rel string, data []byte) error) error {
	return fs.WalkDir(t.fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == "assets" {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(t.fsys, p)
		if err != nil {
			return err
		}
		return fn(strings.TrimPrefix(p, "assets/"), b)
	})
}

// ReadFile reads a file of the theme (e.g. "assets/style.css").
func (t *Theme) ReadFile(name string) ([]byte, error) { return fs.ReadFile(t.fsys, name) }

// overlayFS serves upper's files, falling back to lower; directories list
// the union of both.
type overlayFS struct{ upper, lower fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err == nil {
		if st, serr := f.Stat(); serr == nil && st.IsDir() {
			f.Close()
			return o.lower.Open(name) // ReadDir below merges; Open of a dir is rarely used
		}
		return f, nil
	}
	return o.lower.Open(name)
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	up, err1 := fs.ReadDir(o.upper, name)
	for _, e := range up {
		seen[e.Name()] = e
	}
	low, err2 := fs.ReadDir(o.lower, name)
	for _, e := range low {
		if _, ok := seen[e.Name()]; !ok {
			seen[e.Name()] = e
		}
	}
	if err1 != nil && err2 != nil {
		return nil, err2
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (o overlayFS) ReadFile(name string) ([]byte, error) {
	if b, err := fs.ReadFile(o.upper, name); err == nil {
		return b, nil
	}
	return fs.ReadFile(o.lower, name)
}
