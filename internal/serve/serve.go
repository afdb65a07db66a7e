// Package serve is the HTTP side of `cabildo serve`: it serves the last
// good build of a site from memory, tells open pages when to reload through
// server-sent events, and shows the errors of a failed build in an overlay
// on every page until they are fixed.
//
// A [Server] is an http.Handler. The command builds the site, hands every
// outcome to [Server.Update], and the Server does the rest:
//
//   - A successful build replaces the files served and sends "reload" to
//     every open page.
//   - A failed build keeps the last good files, and sends "errors" with the
//     overlay's HTML, which the page shows without reloading; pages loaded
//     while the site has errors get the overlay in their HTML.
//   - Before the first successful build, every URL answers with an error
//     page that carries the overlay, and reloads once the site builds.
//
// The pages find the server through [DevHead], the HTML a serve build puts
// in the <head> of every page (render.Options.DevHead); `cabildo build`
// never writes it.
//
// Only GET and HEAD are served, and only paths of the built site: nothing
// else of the machine can be reached. Internal URLs live under /_cabildo/.
package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/output"
)

// Internal URLs.
const (
	EventsPath = "/_cabildo/events"
	ScriptPath = "/_cabildo/live.js"
	StylePath  = "/_cabildo/overlay.css"
)

// DevHead is what a serve build adds to the <head> of every page. The
// script is a file rather than inline code so that a theme's Content
// Security Policy allowing 'self' scripts does not block it.
const DevHead template.HTML = `<script src="` + ScriptPath + `" defer></script>`

//go:embed live.js
var liveJS []byte

//go:embed overlay.css
var overlayCSS []byte

// heartbeat is how often an idle event stream gets a comment line, so
// that proxies and browsers do not close it.
var heartbeat = 25 * time.Second

// Server serves a site from memory. Its zero value is not usable: call New.
type Server struct {
	src fs.FS // the site folder, to quote the offending lines

	mu      sync.RWMutex
	files   *output.Set   // last good build; nil before the first one
	build   int           // counts good builds; pages carry the number they were served with
	errors  template.HTML // the overlay; "" while the site builds cleanly
	nerrors int
	// lastErrs are the errors of the last Update, to tell new ones.
	lastErrs content.Diagnostics
	changed  chan struct{} // closed and replaced on every Update
	// withheld are the drafts and embargoed items of the last good
	// build, by URL (SetWithheld).
	withheld map[string]content.Withheld
	done     chan struct{} // closed by Close
	closed   bool
}

// New returns a Server that quotes the lines of the files in src (the site
// folder) when it shows errors. It serves an error page until Update is
// called with a good build.
func New(src fs.FS) *Server {
	return &Server{src: src, changed: make(chan struct{}), done: make(chan struct{})}
}

// Update records the outcome of a build: files is the complete new site,
// or nil when the build failed, in which case the previous files keep being
// served. diags are the build's diagnostics; its errors, if any, are shown
// in the overlay, those that the previous Update did not have first: the
// one the editor just made is at the top, not somewhere in the list (or
// past its end). Open pages are told at once.
func (s *Server) Update(files *output.Set, diags content.Diagnostics) {
	s.update(files, diags, false)
}

// Late shows diags, the diagnostics of the last Update and the errors
// found after its files were published (pages made when they are first
// asked for: build.Result.Settle), in the overlay, which says that the
// rest of the site shows the edit. The files stay.
func (s *Server) Late(diags content.Diagnostics) { s.update(nil, diags, true) }

func (s *Server) update(files *output.Set, diags content.Diagnostics, late bool) {
	errs := diags.Errors()
	s.mu.RLock()
	last := s.lastErrs
	s.mu.RUnlock()
	html := template.HTML("")
	if len(errs) > 0 {
		html = overlay(s.src, newestFirst(last, errs), late)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastErrs = errs
	if files != nil && len(errs) == 0 {
		s.files = files
		s.build++
	}
	s.errors, s.nerrors = html, len(errs)
	close(s.changed)
	s.changed = make(chan struct{})
}

// newestFirst returns errs with those that old lacks first, each part in
// its order.
func newestFirst(old, errs content.Diagnostics) content.Diagnostics {
	added, _ := content.Changes(old, errs)
	if len(added) == 0 || len(added) == len(errs) {
		return errs
	}
	out := slices.Clone(added)
	rest := slices.Clone(errs)
	for _, a := range added {
		if i := slices.Index(rest, a); i >= 0 {
			rest = slices.Delete(rest, i, i+1)
		}
	}
	return append(out, rest...)
}

// Close ends the event streams of open pages, so that an http.Server's
// Shutdown does not wait for them. The Server keeps serving files.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

type state struct {
	files   *output.Set
	build   int
	errors  template.HTML
	changed <-chan struct{}
}

func (s *Server) state() state {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return state{s.files, s.build, s.errors, s.changed}
}

// ServeHTTP serves the site's files and the internal URLs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "método no permitido", http.StatusMethodNotAllowed)
		return
	}
	if r.ContentLength != 0 { // -1: a body of unknown length (chunked)
		http.Error(w, "esta dirección no recibe datos", http.StatusRequestEntityTooLarge)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case EventsPath:
		s.events(w, r)
		return
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(liveJS)
		return
	case StylePath:
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write(overlayCSS)
		return
	}
	st := s.state()
	if st.files == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write(s.inject(errorPage, st))
		return
	}
	name, status, redirect := Resolve(st.files, r.URL.Path)
	if redirect != "" {
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	}
	data, _ := st.files.Get(name)
	ctype := output.ContentType(name)
	if name == "" || status == http.StatusNotFound {
		ctype = "text/html; charset=utf-8"
	}
	if status == http.StatusNotFound {
		if w, ok := s.withheldAt(r.URL.Path); ok {
			data = insertNotice(data, withheldNotice(w))
		}
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = s.inject(data, st)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// Resolve maps a URL path to a file of the set the way the production web
// server does: /dir/ → dir/index.html, /dir → a redirect to /dir/ when that
// folder has an index, unknown paths → 404.html with status 404 (name is ""
// when the site has no 404.html). Only paths of the set are ever named.
func Resolve(files *output.Set, urlPath string) (name string, status int, redirect string) {
	p := path.Clean("/" + urlPath)
	if strings.HasSuffix(urlPath, "/") && p != "/" {
		p += "/"
	}
	name = strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if files.Has(name) {
		return name, http.StatusOK, ""
	}
	if files.Has(strings.TrimPrefix(p, "/")+"/index.html") && !strings.HasSuffix(p, "/") {
		return "", 0, p + "/"
	}
	if files.Has("404.html") {
		return "404.html", http.StatusNotFound, ""
	}
	return "", http.StatusNotFound, ""
}

// inject marks an HTML page with the build it belongs to, so the page can
// tell whether it is stale, and adds the overlay while the site has errors.
func (s *Server) inject(page []byte, st state) []byte {
	meta := `<meta name="cabildo-build" content="` + strconv.Itoa(st.build) + `">`
	var b bytes.Buffer
	b.Grow(len(page) + len(meta) + len(st.errors))
	head := bytes.Index(page, []byte("<head>"))
	if head >= 0 {
		head += len("<head>")
		b.Write(page[:head])
		b.WriteString(meta)
		page = page[head:]
	} else {
		b.WriteString(meta)
	}
	if st.errors == "" {
		b.Write(page)
		return b.Bytes()
	}
	end := bytes.LastIndex(page, []byte("</body>"))
	if end < 0 {
		end = len(page)
	}
	b.Write(page[:end])
	b.WriteString(string(st.errors))
	b.Write(page[end:])
	return b.Bytes()
}

// errorPage is served before the site has built once.
var errorPage = []byte(`<!doctype html>
<html lang="es-CL">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>El sitio tiene errores · Cabildo</title>
` + string(DevHead) + `
</head>
<body>
<main>
<h1>El sitio todavía no se ha podido construir</h1>
<p>Corrija los errores que se indican y guarde el archivo: esta página se actualizará sola.</p>
</main>
</body>
</html>
`)

// events streams server-sent events to one page: "hello" with the current
// build number on connection, "errors" with the overlay's HTML whenever the
// site has errors, and "reload" after each good build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "el servidor no admite eventos", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	st := s.state()
	send(w, "hello", strconv.Itoa(st.build))
	if st.errors != "" {
		send(w, "errors", string(st.errors))
	}
	flusher.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case <-st.changed:
			next := s.state()
			switch {
			case next.build != st.build:
				send(w, "reload", strconv.Itoa(next.build))
			case next.errors != st.errors:
				if next.errors == "" {
					send(w, "clear", "")
				} else {
					send(w, "errors", string(next.errors))
				}
			}
			st = next
		}
		flusher.Flush()
	}
}

// send writes one event; each line of data becomes a data: line, which the
// browser joins back with newlines.
func send(w http.ResponseWriter, event, data string) {
	var b strings.Builder
	b.WriteString("event: " + event + "\n")
	for _, line := range strings.Split(data, "\n") {
		b.WriteString("data: " + line + "\n")
	}
	b.WriteString("\n")
	w.Write([]byte(b.String()))
}
