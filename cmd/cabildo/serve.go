package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"cabildo/internal/build"
	"cabildo/internal/content"
	"cabildo/internal/serve"
	"cabildo/internal/watch"
)

func init() {
	commands = append(commands, command{"serve", "muestra el sitio en http://127.0.0.1:1313/ y lo actualiza al guardar", runServe})
}

// settle is how long serve waits for a file that does not decode and was
// written a moment ago before it reports it: the watcher may have fired
// while the file was still being written (build.Builder.Settle).
const settle = 400 * time.Millisecond

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	var sf siteFlags
	sf.register(fl)
	addr := fl.String("addr", "127.0.0.1:1313", "dirección y puerto donde escuchar (`HOST:PUERTO`); con la de por omisión solo este equipo ve el sitio")
	poll := fl.Bool("poll", false, "revisar los archivos cada segundo en vez de esperar avisos del sistema (carpetas de red)")
	prof := registerProfileFlags(fl, "heap")
	debugAddr := fl.String("debugaddr", "", "sirve net/http/pprof en esta dirección de este equipo (`HOST:PUERTO`; bench/soak)")
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
	fsys, opt, err := sf.open()
	if err != nil {
		return err
	}
	opt.Dev.Dev, opt.Dev.DevHead = true, serve.DevHead
	// The Builder keeps the pictures' markup in memory (NewBuilder): its
	// renders take most pages from the last output and so use few
	// pictures each, and the file would be rewritten after every edit.
	opt.Dev.Markup = nil
	b := build.NewBuilder(fsys, opt)
	b.Settle = settle
	b.StoreDir = storeDir()
	if sf.now == "" {
		b.Now = time.Now // embargoes lift and events pass while serve runs
	}
	site := serve.New(fsys)
	if *debugAddr != "" {
		stop, err := serveDebug(*debugAddr)
		if err != nil {
			return err
		}
		defer stop()
	}

	// A save is rebuilt once the tree has been quiet for watch.DefaultQuick,
	// unless it may be half done (watch.WithQuick).
	wopts := []watch.Option{watch.WithQuick(watch.DefaultQuick)}
	if *poll {
		wopts = append(wopts, watch.WithPolling(watch.DefaultPollInterval))
	}
	w, err := watch.New(sf.src, wopts...)
	if err != nil {
		return &exitError{2, "no se pueden vigilar los cambios de " + sf.src + ": " + err.Error()}
	}
	defer w.Close()

	// The first build prints every diagnostic; later ones only what the
	// edit changed (printChanges): a large site may carry thousands of
	// warnings, and the one new error must not scroll away among them.
	var shown content.Diagnostics
	rebuild := func(paths []string) {
		start := time.Now()
		res := b.Update(paths...)
		if res.Files != nil {
			site.SetWithheld(res.Withheld)
		}
		site.Update(res.Files, res.Diags)
		took := time.Since(start).Round(time.Millisecond)
		if paths == nil {
			printDiags(stderr, res.Diags)
		} else {
			printChanges(stderr, shown, res.Diags)
		}
		shown = res.Diags
		if n := len(res.Diags.Errors()); n > 0 {
			fmt.Fprintf(stderr, "%s: se sigue mostrando la última versión correcta (%v)\n", plural(n, "error", "errores"), took)
			return
		}
		st := b.Stats()
		fmt.Fprintf(stdout, "Sitio actualizado: %s en %v (%s leídos, %d textos sin cambios reutilizados)\n",
			plural(res.Files.Len(), "archivo", "archivos"), took, plural(st.Decoded, "texto", "textos"), st.BodiesReused)
		// The pages the edit changed are made now, those not asked for
		// yet (render/lazy.go): the site is served meanwhile. A page
		// that cannot be made is left out, and its error shown over
		// the pages, as the build's are.
		if late := res.Settle(); len(late) > 0 {
			printDiags(stderr, late)
			shown = append(slices.Clone(res.Diags), late...)
			site.Late(shown)
		}
		// The Store's waste is dropped now, after the edit shows.
		b.Compact()
		// The garbage of this rebuild is collected now, while the editor
		// looks at the page, not in the middle of the next rebuild: at
		// 10,000 items a rebuild allocates some 70 MB, half of what serve
		// keeps, so every other one ran a collection (60–90 ms of CPU on
		// 2 cores) and took half again as long as the others.
		go runtime.GC()
	}
	rebuild(nil)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return &exitError{2, err.Error()}
	}
	if !isLoopback(ln.Addr()) {
		fmt.Fprintf(stderr, "aviso: %s es visible desde otros equipos de la red, incluidos los borradores; use -addr 127.0.0.1:1313 para verlo solo aquí\n", ln.Addr())
	}
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(stdout, "Sitio en http://%s/ (Ctrl+C para terminar)\n", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	for {
		select {
		case batch := <-w.Batches():
			var paths []string
			for _, c := range batch {
				if strings.HasPrefix(c.Path, "content/") || strings.HasPrefix(c.Path, "themes/") {
					paths = append(paths, c.Path)
					fmt.Fprintf(stdout, "%s: %s\n", c.Op, c.Path)
				}
			}
			if len(paths) > 0 {
				rebuild(paths)
			}
		case err := <-w.Errors():
			fmt.Fprintln(stderr, "aviso:", err)
		case err := <-served:
			return &exitError{2, err.Error()}
		case <-ctx.Done():
			// The heap profile is of what serve keeps between edits: take
			// it while the builder and the served site are still alive.
			stopProfile()
			runtime.KeepAlive(b)
			site.Close()
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return &exitError{2, err.Error()}
			}
			return nil
		}
	}
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// printChanges prints what an edit changed in the diagnostics: each new
// error or warning as `check` would, each resolved one after «resuelto:»,
// then a line that counts them and what is left. Nothing when nothing
// changed.
func printChanges(w io.Writer, old, cur content.Diagnostics) {
	added, resolved := content.Changes(old, cur)
	if len(added) == 0 && len(resolved) == 0 {
		return
	}
	printDiags(w, added)
	for _, d := range resolved {
		fmt.Fprintln(w, "resuelto:", d.Error())
	}
	var parts []string
	count := func(ds content.Diagnostics, sev content.Severity, one, many string) {
		n := 0
		for _, d := range ds {
			if d.Severity == sev {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, plural(n, one, many))
		}
	}
	count(added, content.SeverityError, "error nuevo", "errores nuevos")
	count(resolved, content.SeverityError, "error resuelto", "errores resueltos")
	count(added, content.SeverityWarning, "aviso nuevo", "avisos nuevos")
	count(resolved, content.SeverityWarning, "aviso resuelto", "avisos resueltos")
	fmt.Fprintf(w, "%s; en total %s y %s (cabildo check los lista todos)\n", strings.Join(parts, ", "),
		plural(len(cur.Errors()), "error", "errores"), plural(len(cur.Warnings()), "aviso", "avisos"))
}

// serveDebug serves the runtime's profiles (net/http/pprof) at addr, for
// the soak benchmark (bench/soak), which reads the number of goroutines
// and heap profiles from there. Only on a loopback address: profiles
// say much about the machine.
func serveDebug(addr string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usageErr("-debugaddr: %v", err)
	}
	if !isLoopback(ln.Addr()) {
		ln.Close()
		return nil, usageErr("-debugaddr: %s no es una dirección de este equipo (127.0.0.1)", addr)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}

// storeDir is where serve keeps the site it serves (build.Builder.StoreDir):
// the user's cache folder, where the system's temporary folder may be in
// memory (tmpfs), or else that one.
func storeDir() string {
	if dir, err := os.UserCacheDir(); err == nil {
		dir = filepath.Join(dir, "cabildo")
		if os.MkdirAll(dir, 0o700) == nil {
			return dir
		}
	}
	return os.TempDir()
}
