// Package load reads a site folder (an fs.FS holding content/site.yaml and
// the editors' Markdown files) into a content.Site.
//
// Every file is decoded strictly: unknown keys (with a "¿quiso decir …?"
// suggestion), duplicated keys, wrong types, impossible dates, local times
// that do not exist or happen twice, bad phones and RUTs are errors, each at
// the line and column of the editor's file (not of the YAML block), and the
// loader goes on so that one run reports every mistake. Files are read and
// decoded in parallel.
//
// The directory decides the type (CONTENT.md): content/<name>.md is a page,
// content/prensa/ press releases, content/eventos/ events,
// content/lobby/{audiencias,viajes,donativos}/ the lobby registries and
// content/contactos/ the directory. A bundle <slug>/index.md keeps its own
// files beside it. Every other file is a static file, copied as is.
package load

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // time zones must load on machines without zoneinfo

	"cabildo/internal/content"
	"cabildo/internal/markdown"
	"cabildo/internal/scratch"
)

// SiteFile is the site configuration's path inside the site folder.
const SiteFile = "content/site.yaml"

// Load reads the whole site from fsys. It returns the site even when there
// are errors, so callers can show everything at once; the build must not
// publish when diags.HasErrors().
//
// Load is exactly its parts in a row: Config, Scan, Decode with File,
// Assemble. build.Builder, the one engine behind build, check and serve,
// calls the parts itself, to decode only what changed; Load is for tests
// and tools that want a site in one call.
func Load(fsys fs.FS, opts ...Option) (*content.Site, content.Diagnostics) {
	cfg, diags := Config(fsys)
	entries, static, scanDiags := Scan(fsys)
	diags = append(diags, scanDiags...)
	files := Decode(entries, func(e Entry) (content.Item, content.Diagnostics) { return File(fsys, e, &cfg) }, opts...)
	site, fileDiags := Assemble(cfg, files, static)
	return site, append(diags, fileDiags...)
}

// Config reads content/site.yaml.
func Config(fsys fs.FS) (content.Config, content.Diagnostics) {
	var cfg content.Config
	var diags content.Diagnostics
	loadConfig(fsys, &cfg, &diags)
	return cfg, diags
}

// Scan lists the Markdown files and the static files under content/.
func Scan(fsys fs.FS) ([]Entry, []content.StaticFile, content.Diagnostics) {
	s, diags := scan(fsys)
	return s.markdown, s.static, diags
}

// Decoded is what decoding one Markdown file gave.
type Decoded struct {
	Item  content.Item // nil when the file could not be read or split
	Diags content.Diagnostics
}

// Decode decodes the Markdown files at entries in parallel, each with
// file (File, or a caller's wrapper of it: serve's waits for a file still
// being written), and returns what each gave, in entries' order. It is
// the site's one decoding worker pool. WithBodyBudget and WithProgress
// apply.
func Decode(entries []Entry, file func(Entry) (content.Item, content.Diagnostics), opts ...Option) []Decoded {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	var kept atomic.Int64 // bytes of bodies kept so far, for o.bodyBudget
	results := make([]Decoded, len(entries))
	var decoded atomic.Int64
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				e := entries[i]
				r := &results[i]
				r.Item, r.Diags = file(e)
				// A report's body is checked (its six areas) before it
				// is rendered: it is always kept.
				if r.Item != nil && o.bodyBudget > 0 && e.Kind != content.KindReport {
					if d := r.Item.Document(); kept.Add(int64(len(d.Body))) > o.bodyBudget {
						d.BodyAt.Sum = bodySum(d.Body)
						d.Body = nil
					}
				}
				if o.progress != nil {
					o.progress(int(decoded.Add(1)), len(entries))
				}
			}
		}()
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// Assemble makes the site of cfg from its decoded Markdown files, in the
// order Scan listed them, and its static files: it adds every item,
// reports items of one type that share a slug, and sorts the lists. The
// diagnostics are the files' own, in that order, then the duplicates'.
func Assemble(cfg content.Config, files []Decoded, static []content.StaticFile) (*content.Site, content.Diagnostics) {
	site := &content.Site{Config: cfg, Files: static}
	var diags content.Diagnostics
	for _, f := range files {
		diags = append(diags, f.Diags...)
		if f.Item != nil {
			site.Add(f.Item)
		}
	}
	diags = append(diags, duplicateSlugs(site)...)
	site.Sort()
	return site, diags
}

// File reads and decodes one Markdown file of the site. It is what serve
// calls again when only that file changed. The item is nil when the file
// cannot be read or split; otherwise it is returned even with errors.
func File(fsys fs.FS, f Entry, cfg *content.Config) (content.Item, content.Diagnostics) {
	var diags content.Diagnostics
	data, err := fs.ReadFile(fsys, f.Path)
	if err != nil {
		diags.Errorf(content.Pos{File: f.Path}, "no se pudo leer el archivo: %v", readError(err))
		return nil, diags
	}
	data, ok := normalize(f.Path, data, &diags)
	if !ok {
		return nil, diags
	}
	src, ok := split(f.Path, data, &diags)
	if !ok {
		return nil, diags
	}
	item := newItem(f.Kind, f.Slug == "")
	doc := item.Document()
	*doc = content.Doc{
		Path: f.Path, Slug: f.Slug, Kind: f.Kind, Dir: f.Dir,
		Body: src.body, BodyLine: src.bodyLine,
		BodyAt: content.BodyRef{Offset: len(data) - len(src.body), Len: len(src.body)},
		Start:  content.Pos{File: f.Path, Line: max(src.metaLine, 1), Col: 1},
	}
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	dec := newDecoder(f.Path, loc, &diags)
	dec.short = cfg.ShortNumbers
	if src.meta == nil {
		if requiresMeta(f.Kind) && src.metaLine > 0 {
			diags.Errorf(content.Pos{File: f.Path, Line: src.metaLine - 1, Col: 1}, "el bloque de metadatos está vacío: escriba los datos (title: …) entre las dos líneas ---")
			return nil, diags
		}
		if requiresMeta(f.Kind) {
			diags.Errorf(content.Pos{File: f.Path, Line: 1, Col: 1}, "faltan los metadatos: el archivo debe empezar con una línea ---, los datos (title: …) y otra línea ---")
			return nil, diags
		}
	} else {
		dec.decodeStruct(src.meta, reflect.ValueOf(item).Elem(), "")
	}
	doc.Fields = dec.fields
	if p, ok := item.(*content.Publication); ok {
		inspectPDF(fsys, p, &diags)
	}
	if !item.Metadata().Draft {
		checkPlaceholders(f.Path, data, src.bodyLine, &diags)
	}
	if f.Kind == content.KindPage && f.Slug != "" && item.Metadata().Title == "" && src.meta != nil {
		diags.Errorf(doc.Start, "falta la clave obligatoria title en los metadatos: el título de la página")
	}
	return item, diags
}

func requiresMeta(k content.Kind) bool { return k != content.KindPage }

func readError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no existe"
	case errors.Is(err, fs.ErrPermission):
		return "sin permiso de lectura"
	}
	if strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes") {
		return "es un enlace simbólico que apunta fuera de la carpeta del sitio"
	}
	return err.Error()
}

func newItem(k content.Kind, home bool) content.Item {
	if sec, ok := content.SectionOf(k); ok {
		return sec.New()
	}
	return &content.Page{}
}

// reservedPageName reports whether a page named slug would take the
// address of a section ("prensa", or "lobby", the lobby registries' parent).
func reservedPageName(slug string) bool {
	for _, sec := range content.Sections {
		if sec.Kind != content.KindPage && strings.SplitN(strings.TrimPrefix(sec.Folder, "content/"), "/", 2)[0] == slug {
			return true
		}
	}
	return false
}

// sectionFolders lists where texts go, for the message of a Markdown file
// outside every section: "content/ (páginas), content/prensa/, … o content/contactos/".
func sectionFolders() string {
	var dirs []string
	for _, sec := range content.Sections {
		if sec.Kind == content.KindPage {
			dirs = append([]string{sec.Folder + "/ (páginas)"}, dirs...)
		} else {
			dirs = append(dirs, sec.Folder+"/")
		}
	}
	return strings.Join(dirs[:len(dirs)-1], ", ") + " o " + dirs[len(dirs)-1]
}

func loadConfig(fsys fs.FS, cfg *content.Config, diags *content.Diagnostics) {
	cfg.Location = time.UTC
	cfg.Theme = "default" // also when site.yaml cannot be read
	cfg.Doc = content.Doc{Path: SiteFile, Start: content.Pos{File: SiteFile, Line: 1, Col: 1}}
	data, err := fs.ReadFile(fsys, SiteFile)
	if err != nil {
		diags.Errorf(content.Pos{File: SiteFile}, "no se pudo leer la configuración del sitio (%s): cree content/site.yaml con title, organization, base_url y timezone", readError(err))
		return
	}
	data, ok := normalize(SiteFile, data, diags)
	if !ok {
		return
	}
	root := parseYAMLFile(SiteFile, data, diags)
	if root == nil {
		return
	}
	// The time zone is needed to decode anything else: read it first.
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "timezone" {
			n := root.Content[i+1]
			loc, err := time.LoadLocation(n.Value)
			if err != nil || n.Value == "" || n.Value == "Local" {
				diags.Errorf(content.Pos{File: SiteFile, Line: n.Line, Col: n.Column}, "zona horaria desconocida %q: use un nombre de la base de datos de zonas horarias, como America/Santiago, America/Punta_Arenas o Pacific/Easter", n.Value)
			} else {
				cfg.Location = loc
			}
		}
	}
	dec := newDecoder(SiteFile, cfg.Location, diags)
	dec.decodeStruct(root, reflect.ValueOf(cfg).Elem(), "")
	cfg.Doc.Fields = dec.fields
	if cfg.Theme == "" {
		cfg.Theme = "default"
	}
	if cfg.Language == "" {
		cfg.Language = "es-CL"
	}
	if cfg.PressPerPage <= 0 {
		cfg.PressPerPage = 10
	}
	if cfg.Calendar.PastMonths <= 0 {
		cfg.Calendar.PastMonths = 12
	}
	if cfg.Calendar.RefreshHours <= 0 {
		cfg.Calendar.RefreshHours = 6
	}
	if cfg.Comuna == "" {
		cfg.Comuna = strings.TrimPrefix(cfg.Organization, "Municipalidad de ")
	}
}

// Entry is a Markdown file found under content/, with what its path says.
type Entry struct {
	Path string // "content/prensa/x/index.md"
	Kind content.Kind
	Slug string // "x"; "" for content/_index.md
	Dir  string // the bundle's folder ("content/prensa/x/"), or ""
}

type scanned struct {
	markdown []Entry
	static   []content.StaticFile
}

// Classify says what a path under content/ is. ok is false for Markdown
// files in a place that has no type; static files return a zero Entry.
func Classify(p string) (e Entry, markdown bool, err string) {
	if !strings.HasSuffix(p, ".md") {
		return Entry{}, false, ""
	}
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	slug := strings.TrimSuffix(name, ".md")
	bundle := ""
	if name == "index.md" {
		bundle = dir + "/"
		dir, slug = path.Split(dir)
		dir = strings.TrimSuffix(dir, "/")
	}
	if p == "content/_index.md" {
		return Entry{Path: p, Kind: content.KindPage}, true, ""
	}
	sec, ok := content.SectionAt(dir)
	if dir == "content" {
		sec, ok = content.SectionOf(content.KindPage)
		if reservedPageName(slug) {
			return Entry{}, true, "este nombre está reservado para una sección; use otro nombre de archivo"
		}
	}
	if !ok {
		return Entry{}, true, "no corresponde a ningún tipo de contenido: los textos van en " + sectionFolders()
	}
	kind := sec.Kind
	if !content.ValidSlug(slug) {
		return Entry{}, true, "nombre de archivo no válido «" + slug + "»: use solo minúsculas sin tildes, dígitos y guiones, como " + suggestSlug(slug) + ".md"
	}
	return Entry{Path: p, Kind: kind, Slug: slug, Dir: bundle}, true, ""
}

// suggestSlug is the valid name the message proposes for a bad file name:
// the slug «cabildo new» would make of the same words (markdown.Slugify, the
// site's one way to make a slug), or a placeholder when nothing is left.
func suggestSlug(s string) string {
	if slug := markdown.Slugify(s); slug != "" {
		return slug
	}
	return "mi-archivo"
}

// ignored are files editors' tools leave behind (package scratch), hidden
// files, and site.yaml (read apart); they are neither content nor something
// to publish.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || name == "site.yaml" || scratch.Is(name)
}

func scan(fsys fs.FS) (scanned, content.Diagnostics) {
	var out scanned
	var diags content.Diagnostics
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "content" {
				return err
			}
			diags.Errorf(content.Pos{File: p}, "no se pudo leer: %s", readError(err))
			return nil
		}
		if ignored(d.Name()) && p != "content" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link may point anywhere on the server; following it could
			// publish files from outside the site.
			diags.Errorf(content.Pos{File: p}, "es un enlace simbólico: copie el archivo dentro de content/ en lugar de enlazarlo")
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			diags.Errorf(content.Pos{File: p}, "no es un archivo común; quítelo de content/")
			return nil
		}
		e, md, msg := Classify(p)
		switch {
		case msg != "":
			diags.Errorf(content.Pos{File: p}, "%s", msg)
		case md:
			out.markdown = append(out.markdown, e)
		default:
			info, err := d.Info()
			if err != nil {
				diags.Errorf(content.Pos{File: p}, "no se pudo leer: %s", readError(err))
				return nil
			}
			out.static = append(out.static, content.StaticFile{Path: p, URL: strings.TrimPrefix(p, "content"), Size: info.Size(), ModTime: info.ModTime()})
		}
		return nil
	})
	if err != nil {
		diags.Errorf(content.Pos{File: "content"}, "no se encontró la carpeta content/ del sitio: ejecute cabildo en la carpeta del sitio o indíquela con -src")
	}
	return out, diags
}

func duplicateSlugs(s *content.Site) content.Diagnostics {
	var diags content.Diagnostics
	// Sized, and keyed without joining strings: serve asks this of
	// every item after every edit.
	type name struct{ kind, slug string }
	items := s.Items()
	seen := make(map[name]string, len(items))
	for _, it := range items {
		d := it.Document()
		key := name{string(d.Kind), d.Slug}
		if prev, ok := seen[key]; ok {
			a, b := prev, d.Path
			if b < a {
				a, b = b, a
			}
			diags.Errorf(content.Pos{File: b}, "%s y %s tienen el mismo nombre «%s»: cambie el nombre de uno de los dos", a, b, d.Slug)
			continue
		}
		seen[key] = d.Path
	}
	sort.Slice(diags, func(i, j int) bool { return diags[i].Pos.File < diags[j].Pos.File })
	return diags
}
