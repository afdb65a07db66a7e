package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cabildo/internal/build"
	"cabildo/internal/content"
	"cabildo/internal/imaging"
	"cabildo/internal/memo"
	"cabildo/internal/output"
)

func init() {
	commands = append(commands, command{"build", "construye el sitio en public/", runBuild})
}

// siteFlags are the flags every command that reads a site shares.
type siteFlags struct {
	src    string
	drafts bool
	future bool
	now    string
}

func (s *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.src, "src", ".", "`CARPETA` del sitio (la que contiene content/)")
	fs.BoolVar(&s.drafts, "drafts", false, "publicar también los borradores (draft: true)")
	fs.BoolVar(&s.future, "future", false, "publicar también los comunicados con fecha futura (embargo)")
	fs.StringVar(&s.now, "now", "", "fecha y hora de referencia, con diferencia horaria (`FECHA` como 2026-11-27T12:00:00-03:00; sin ella, UTC): para reproducir una construcción; por omisión, ahora")
}

// open returns the site folder as a file system that cannot be escaped
// through symbolic links, and the build's options.
func (s *siteFlags) open() (fs.FS, build.Options, error) {
	root, err := os.OpenRoot(s.src)
	if err != nil {
		return nil, build.Options{}, usageErr("no se puede abrir la carpeta del sitio %s: %v", s.src, err)
	}
	opt := build.Options{Now: time.Now(), Drafts: s.drafts, Future: s.future}
	// Processed images are kept beside content/, so that the next build
	// (or serve, or check) does no image work for unchanged photos.
	opt.Dev.Images = imaging.NewStore(filepath.Join(s.src, imageCacheDir))
	// And so is the markup the theme made of each picture.
	opt.Dev.Markup = memo.Open(filepath.Join(s.src, imageCacheDir, markupFile))
	if s.now != "" {
		t, err := parseNow(s.now)
		if err != nil {
			return nil, opt, usageErr("-now: %v", err)
		}
		opt.Now = t
	}
	return root.FS(), opt, nil
}

// parseNow reads -now: RFC 3339, or a date-time without offset read as UTC
// (the site's zone is not known when flags are parsed; reproducing a build
// only needs a fixed instant).
func parseNow(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("fecha no válida %q: use AAAA-MM-DDTHH:MM", s)
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build", stderr)
	var sf siteFlags
	sf.register(fl)
	out := fl.String("out", "", "`CARPETA` de salida; por omisión, public/ dentro de -src")
	quiet := fl.Bool("q", false, "no mostrar el resumen")
	force := fl.Bool("force", false, "generar todo aunque nada haya cambiado desde la última construcción")
	strict := fl.Bool("strict", false, "tratar como errores las direcciones publicadas que desaparecen y los cambios de eventos no declarados")
	prof := registerProfileFlags(fl, "allocs")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	stopProfile, err := prof.start()
	if err != nil {
		return err
	}
	defer stopProfile()
	if fl.NArg() > 0 {
		return usageErr("argumento de más: %q", fl.Arg(0))
	}
	defer startMemoryLimit()()
	fsys, opt, err := sf.open()
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(sf.src, "public")
	}
	if err := checkOutDir(sf.src, *out); err != nil {
		return err
	}
	start := time.Now()
	// Files stream to disk as they are rendered (into a temporary folder
	// beside -out), so memory stays flat however large the site is; the
	// folder is swapped in only if the whole build succeeds.
	stage, err := output.Stage(*out)
	if err != nil {
		return &exitError{2, err.Error()}
	}
	defer stage.Abort() // no-op after Commit
	opt.Out = stage
	// A site whose every input, and every decision on the clock, is what
	// the last build saw would publish the same bytes: skip rendering.
	opt.Previous, opt.Strict = output.StateOf(*out), *strict
	previous := output.StampOf(*out)
	opt.Skip = func(stamp string) bool { return !*force && previous != "" && stamp == previous }
	var progress *meter
	if !*quiet {
		progress = newMeter(stderr)
		opt.Dev.Progress = progress.progress()
	}
	res := build.Build(fsys, opt)
	progress.Close()
	printDiags(stderr, res.Diags)
	if res.Skipped {
		stage.Abort()
		if !*quiet {
			// Warnings found while rendering (lobby months, Markdown) are
			// not repeated: check shows them all without writing.
			fmt.Fprintf(stdout, "sin cambios desde la última construcción: %s queda como estaba (%v); «cabildo check» muestra todos los avisos\n", *out, time.Since(start).Round(time.Millisecond))
		}
		return nil
	}
	if res.Diags.HasErrors() {
		stage.Abort()
		n := len(res.Diags.Errors())
		return &exitError{1, fmt.Sprintf("%s; no se publicó nada: %s queda como estaba", plural(n, "error", "errores"), *out)}
	}
	stage.SetStamp(res.Stamp)
	stage.SetState(res.State)
	st, err := stage.Commit()
	if err != nil {
		return &exitError{2, err.Error()}
	}
	if !*quiet {
		fmt.Fprintf(stdout, "%s en %s: %d nuevos o cambiados, %d sin cambios, %d eliminados (%v)\n",
			plural(st.Written+st.Unchanged, "archivo", "archivos"), *out, st.Written, st.Unchanged, st.Removed, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// checkOutDir refuses output folders that would overwrite the site itself.
func checkOutDir(src, out string) error {
	absSrc, err1 := filepath.Abs(src)
	absOut, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return usageErr("ruta no válida")
	}
	if absOut == absSrc || strings.HasPrefix(absSrc+string(filepath.Separator), absOut+string(filepath.Separator)) {
		return usageErr("-out %s contiene el sitio: elija otra carpeta", out)
	}
	for _, d := range []string{"content", "themes"} {
		p := filepath.Join(absSrc, d)
		if absOut == p || strings.HasPrefix(absOut, p+string(filepath.Separator)) {
			return usageErr("-out %s está dentro de %s/: elija otra carpeta, como public/", out, d)
		}
	}
	return nil
}

// printDiags prints errors and warnings as file:line:col: message, sorted.
func printDiags(w io.Writer, ds content.Diagnostics) {
	for _, d := range ds {
		fmt.Fprintln(w, d.Error())
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// imageCacheDir is where processed images are kept, relative to the site
// folder (git-ignored; deleting it only costs the time to process the
// images again).
const imageCacheDir = ".cabildo/cache"

// markupFile, in imageCacheDir, keeps the HTML of the pictures
// (render.Options.Markup).
const markupFile = "marcado.memo"
