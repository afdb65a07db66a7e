package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"cabildo/internal/build"
	"cabildo/internal/serve"
	"cabildo/internal/watch"
)

func init() {
	commands = append(commands, command{"serve", "muestra el sitio en http://127.0.0.1:1313/ y lo actualiza al guardar", runServe})
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	var sf siteFlags
	sf.register(fl)
	addr := fl.String("addr", "127.0.0.1:1313", "dirección y puerto donde escuchar (`HOST:PUERTO`); con la de por omisión solo este equipo ve el sitio")
	poll := fl.Bool("poll", false, "revisar los archivos cada segundo en vez de esperar avisos del sistema (carpetas de red)")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErr("argumento de más: %q", fl.Arg(0))
	}
	fsys, opt, err := sf.open()
	if err != nil {
		return err
	}
	opt.Dev.Dev, opt.Dev.DevHead = true, serve.DevHead
	b := build.NewBuilder(fsys, opt)
	if sf.now == "" {
		b.Now = time.Now // embargoes lift and events pass while serve runs
	}
	site := serve.New(fsys)

	var wopts []watch.Option
	if *poll {
		wopts = append(wopts, watch.WithPolling(watch.DefaultPollInterval))
	}
	w, err := watch.New(sf.src, wopts...)
	if err != nil {
		return &exitError{2, "no se pueden vigilar los cambios de " + sf.src + ": " + err.Error()}
	}
	defer w.Close()

	rebuild := func(paths []string) {
		start := time.Now()
		res := b.Update(paths...)
		site.Update(res.Files, res.Diags)
		printDiags(stderr, res.Diags)
		took := time.Since(start).Round(time.Millisecond)
		if n := len(res.Diags.Errors()); n > 0 {
			fmt.Fprintf(stderr, "%s: se sigue mostrando la última versión correcta (%v)\n", plural(n, "error", "errores"), took)
			return
		}
		st := b.Stats()
		fmt.Fprintf(stdout, "Sitio actualizado: %s en %v (%s leídos, %d textos sin cambios reutilizados)\n",
			plural(res.Files.Len(), "archivo", "archivos"), took, plural(st.Decoded, "texto", "textos"), st.BodiesReused)
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
