package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"cabildo/internal/build"
	"cabildo/internal/output"
)

func init() {
	commands = append(commands, command{"serve", "construye el sitio y lo muestra en http://127.0.0.1:1313/", runServe})
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	var sf siteFlags
	sf.register(fl)
	addr := fl.String("addr", "127.0.0.1:1313", "dirección donde escuchar (por omisión solo este equipo)")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	fsys, opt, err := sf.open()
	if err != nil {
		return err
	}
	res := build.Build(fsys, opt)
	printDiags(stderr, res.Diags)
	if res.Diags.HasErrors() {
		return &exitError{1, "el sitio tiene errores; corríjalos y vuelva a intentar"}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return &exitError{2, err.Error()}
	}
	srv := &http.Server{Handler: FilesHandler(res.Files), ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 64 << 10}
	fmt.Fprintf(stdout, "Sitio en http://%s/ (Ctrl+C para terminar)\n", ln.Addr())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return &exitError{2, err.Error()}
	}
	return nil
}

// FilesHandler serves a built site from memory the way the nginx
// configuration serves it from disk: /dir/ → dir/index.html, /dir →
// redirect to /dir/, unknown paths → 404.html with status 404. Only paths
// of the set are served, so nothing outside the site can be reached.
func FilesHandler(files *output.Set) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "método no permitido", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
			p += "/"
		}
		name := strings.TrimPrefix(p, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if data, ok := files.Get(name); ok {
			w.Header().Set("Content-Type", output.ContentType(name))
			w.Write(data)
			return
		}
		if _, ok := files.Get(strings.TrimPrefix(p, "/") + "/index.html"); ok {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if data, ok := files.Get("404.html"); ok {
			w.Write(data)
		}
	})
}
