package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/output"
)

func site(t *testing.T, files map[string]string) *output.Set {
	t.Helper()
	set := output.NewSet()
	for name, data := range files {
		if err := set.Add(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return set
}

const page = "<!doctype html><html><head><title>x</title></head><body><h1>%s</h1></body></html>"

func html(h1 string) string { return strings.Replace(page, "%s", h1, 1) }

var src = fstest.MapFS{
	"content/eventos/feria.md": {Data: []byte("---\ntitle: Feria\nstart: 2026-13-05\n---\nTexto\n")},
}

var brokenDiags = content.Diagnostics{
	{Pos: content.Pos{File: "content/eventos/feria.md", Line: 3, Col: 8}, Msg: "fecha no válida «2026-13-05»: el mes 13 no existe"},
	{Pos: content.Pos{File: "content/prensa/x.md", Line: 2, Col: 1}, Msg: "aviso sin importancia", Severity: content.SeverityWarning},
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestServeFiles(t *testing.T) {
	s := New(src)
	s.Update(site(t, map[string]string{
		"index.html":         html("Inicio"),
		"prensa/index.html":  html("Prensa"),
		"404.html":           html("No encontrada"),
		"eventos/evento.ics": "BEGIN:VCALENDAR\r\n",
	}), nil)
	tests := []struct {
		method, target string
		status         int
		ctype, body    string
		location       string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", "<h1>Inicio</h1>", ""},
		{"GET", "/prensa/", 200, "text/html; charset=utf-8", "<h1>Prensa</h1>", ""},
		{"GET", "/prensa", 301, "", "", "/prensa/"},
		{"GET", "/prensa/../prensa/", 200, "text/html; charset=utf-8", "<h1>Prensa</h1>", ""},
		{"GET", "/eventos/evento.ics", 200, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR", ""},
		{"GET", "/no-existe/", 404, "text/html; charset=utf-8", "<h1>No encontrada</h1>", ""},
		{"GET", "/../../etc/passwd", 404, "text/html; charset=utf-8", "<h1>No encontrada</h1>", ""},
		{"HEAD", "/", 200, "text/html; charset=utf-8", "", ""},
		{"POST", "/", 405, "", "", ""},
		{"GET", ScriptPath, 200, "text/javascript; charset=utf-8", "EventSource", ""},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.method, tt.target)
		if rec.Code != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.target, rec.Code, tt.status)
			continue
		}
		if tt.ctype != "" && rec.Header().Get("Content-Type") != tt.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", tt.method, tt.target, rec.Header().Get("Content-Type"), tt.ctype)
		}
		if !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("%s %s: body %q does not contain %q", tt.method, tt.target, rec.Body.String(), tt.body)
		}
		if tt.method == "HEAD" && rec.Body.Len() != 0 {
			t.Errorf("HEAD %s: body of %d bytes", tt.target, rec.Body.Len())
		}
		if got := rec.Header().Get("Location"); got != tt.location {
			t.Errorf("%s %s: Location %q, want %q", tt.method, tt.target, got, tt.location)
		}
	}
	// Pages say which build they belong to; other files are untouched.
	if body := get(t, s, "GET", "/").Body.String(); !strings.Contains(body, `<head><meta name="cabildo-build" content="1">`) {
		t.Errorf("page lacks its build number: %s", body)
	}
	if body := get(t, s, "GET", "/eventos/evento.ics").Body.String(); body != "BEGIN:VCALENDAR\r\n" {
		t.Errorf("calendar changed: %q", body)
	}
	req := httptest.NewRequest("GET", "/", strings.NewReader("x"))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("GET with a body: status %d, want 413", rec.Code)
	}
	req = httptest.NewRequest("GET", "/", strings.NewReader("x"))
	req.ContentLength = -1 // chunked
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("GET with a chunked body: status %d, want 413", rec.Code)
	}
}

func TestOverlayOnPagesWhileBroken(t *testing.T) {
	s := New(src)
	s.Update(site(t, map[string]string{"index.html": html("Versión buena"), "404.html": html("No encontrada")}), nil)
	s.Update(nil, brokenDiags)
	body := get(t, s, "GET", "/").Body.String()
	for _, want := range []string{
		"<h1>Versión buena</h1>", // the last good site is still served
		`id="cabildo-overlay" role="alertdialog"`,
		"El sitio tiene 1 error<", // warnings are not errors
		"content/eventos/feria.md:3:8",
		"fecha no válida «2026-13-05»: el mes 13 no existe",
		`<mark aria-label="línea 3, donde está el error"><span class="cabildo-overlay-n">   3</span> start: <span class="cabildo-overlay-col">2</span>026-13-05</mark>`,
		"   2</span> title: Feria",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page while broken lacks %q:\n%s", want, body)
		}
	}
	if i, j := strings.Index(body, "cabildo-overlay"), strings.Index(body, "</body>"); i > j {
		t.Errorf("overlay after </body>")
	}
	if strings.Contains(body, "aviso sin importancia") {
		t.Errorf("the overlay shows warnings")
	}
	// The 404 page gets it too, not calendars or stylesheets.
	if body := get(t, s, "GET", "/nada/").Body.String(); !strings.Contains(body, "cabildo-overlay") {
		t.Errorf("404 page lacks the overlay")
	}
	// Fixed: a good build removes the overlay and bumps the build number.
	s.Update(site(t, map[string]string{"index.html": html("Corregida")}), nil)
	body = get(t, s, "GET", "/").Body.String()
	if strings.Contains(body, "cabildo-overlay") || !strings.Contains(body, "<h1>Corregida</h1>") || !strings.Contains(body, `content="2"`) {
		t.Errorf("page after the fix:\n%s", body)
	}
}

// TestLate: errors found after a build's files were published (pages
// made when first asked for) are shown over those files, which stay, and
// say so; the next good build removes them.
func TestLate(t *testing.T) {
	s := New(src)
	s.Update(site(t, map[string]string{"index.html": html("Versión nueva"), "404.html": html("No encontrada")}), nil)
	s.Late(content.Diagnostics{{Pos: content.Pos{File: "themes/default/templates/press.html"}, Msg: "no se pudo generar /prensa/x/: índice fuera de rango"}})
	body := get(t, s, "GET", "/").Body.String()
	for _, want := range []string{
		"<h1>Versión nueva</h1>",
		"El sitio tiene 1 error<",
		"El resto del sitio ya muestra el cambio, pero esa página no se pudo generar y no se muestra.",
		"themes/default/templates/press.html",
		"no se pudo generar /prensa/x/: índice fuera de rango",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page after a late error lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "última versión correcta") {
		t.Errorf("a late error says the last good version is shown")
	}
	s.Update(site(t, map[string]string{"index.html": html("Corregida")}), nil)
	if body := get(t, s, "GET", "/").Body.String(); strings.Contains(body, "cabildo-overlay") {
		t.Errorf("the overlay stays after a good build:\n%s", body)
	}
}

func TestFirstBuildFails(t *testing.T) {
	s := New(src)
	s.Update(nil, brokenDiags)
	for _, target := range []string{"/", "/prensa/"} {
		rec := get(t, s, "GET", target)
		if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "content/eventos/feria.md:3:8") || !strings.Contains(rec.Body.String(), string(DevHead)) {
			t.Errorf("GET %s before any good build: %d\n%s", target, rec.Code, rec.Body.String())
		}
	}
	s.Update(site(t, map[string]string{"index.html": html("Por fin")}), nil)
	if rec := get(t, s, "GET", "/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Por fin") {
		t.Errorf("after the fix: %d %s", rec.Code, rec.Body.String())
	}
}

// stream reads server-sent events.
type stream struct {
	t    *testing.T
	body io.ReadCloser
	r    *bufio.Reader
}

func openStream(t *testing.T, url string) *stream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url+EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("Content-Type %q", ct)
	}
	return &stream{t: t, body: resp.Body, r: bufio.NewReader(resp.Body)}
}

// next returns the next event's name and data, skipping comments.
func (s *stream) next() (event, data string) {
	s.t.Helper()
	var lines []string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			s.t.Fatalf("event stream: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" && event != "":
			return event, strings.Join(lines, "\n")
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			lines = append(lines, strings.TrimPrefix(line, "data: "))
		}
	}
}

func (s *stream) expect(event, contains string) string {
	s.t.Helper()
	e, data := s.next()
	if e != event || !strings.Contains(data, contains) {
		s.t.Fatalf("got event %q with data %q, want %q containing %q", e, data, event, contains)
	}
	return data
}

func TestEvents(t *testing.T) {
	s := New(src)
	s.Update(site(t, map[string]string{"index.html": html("1")}), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()

	ev := openStream(t, ts.URL)
	ev.expect("hello", "1")
	s.Update(site(t, map[string]string{"index.html": html("2")}), nil)
	ev.expect("reload", "2")
	s.Update(nil, brokenDiags)
	data := ev.expect("errors", "content/eventos/feria.md:3:8")
	if !strings.HasPrefix(data, `<div id="cabildo-overlay"`) || strings.Count(data, "<li>") != 1 {
		t.Errorf("errors event data:\n%s", data)
	}
	// A page that connects while the site is broken learns it at once.
	late := openStream(t, ts.URL)
	late.expect("hello", "2")
	late.expect("errors", "el mes 13 no existe")

	s.Update(site(t, map[string]string{"index.html": html("3")}), nil)
	ev.expect("reload", "3")
	late.expect("reload", "3")
}

func TestCloseEndsStreams(t *testing.T) {
	s := New(src)
	ts := httptest.NewServer(s)
	defer ts.Close()
	ev := openStream(t, ts.URL)
	ev.expect("hello", "0")
	s.Close()
	if _, err := io.ReadAll(ev.r); err != nil {
		t.Fatalf("stream did not end cleanly: %v", err)
	}
}

// TestOverlayNewestFirst: the error an edit just made comes first in the
// overlay, ahead of errors the site already had, whatever their order.
func TestOverlayNewestFirst(t *testing.T) {
	s := New(src)
	s.Update(site(t, map[string]string{"index.html": html("Versión buena")}), nil)
	old := content.Diagnostics{
		{Pos: content.Pos{File: "content/prensa/b.md", Line: 2, Col: 1}, Msg: "error viejo de b"},
		{Pos: content.Pos{File: "content/prensa/c.md", Line: 2, Col: 1}, Msg: "error viejo de c"},
	}
	s.Update(nil, old)
	// Sorted by file, the new error of a.md comes before the old ones.
	s.Update(nil, append(content.Diagnostics{{Pos: content.Pos{File: "content/prensa/a.md", Line: 4, Col: 1}, Msg: "error nuevo de a"}}, old...))
	body := get(t, s, "GET", "/").Body.String()
	s.Update(nil, append(slices.Clone(old), content.Diagnostic{Pos: content.Pos{File: "content/prensa/d.md", Line: 4, Col: 1}, Msg: "error nuevo de d"}))
	body2 := get(t, s, "GET", "/").Body.String()
	for _, c := range []struct {
		body  string
		order []string
	}{
		{body, []string{"error nuevo de a", "error viejo de b", "error viejo de c"}},
		{body2, []string{"error nuevo de d", "error viejo de b", "error viejo de c"}},
	} {
		last := -1
		for _, msg := range c.order {
			i := strings.Index(c.body, msg)
			if i < last {
				t.Errorf("overlay order: want %q, got:\n%s", c.order, c.body)
				break
			}
			last = i
		}
	}
}
