package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// sseStream reads server-sent events from `cabildo serve`.
type sseStream struct {
	t *testing.T
	r *bufio.Reader
}

func (s *sseStream) next() (event, data string) {
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

func (s *sseStream) expect(event, contains string) {
	s.t.Helper()
	e, data := s.next()
	if e != event || !strings.Contains(data, contains) {
		s.t.Fatalf("got event %q (%.300q), want %q containing %q", e, data, event, contains)
	}
}

// startServe runs `cabildo serve` on a free port until the test ends and
// returns its base URL.
func startServe(t *testing.T, ctx context.Context, dir string) string {
	t.Helper()
	base, _ := startServeLog(t, ctx, dir)
	return base
}

// startServeLog is startServe that also returns what serve writes to its
// standard error.
func startServeLog(t *testing.T, ctx context.Context, dir string) (string, *lockedWriter) {
	t.Helper()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	stderr := new(lockedWriter)
	go func() {
		done <- run(ctx, []string{"serve", "-src", dir, "-addr", "127.0.0.1:0", "-now", "2026-11-27T12:00"}, outW, stderr)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	addr := regexp.MustCompile(`^Sitio en (http://127\.0\.0\.1:\d+)/`)
	for lines.Scan() {
		if m := addr.FindStringSubmatch(lines.Text()); m != nil {
			go io.Copy(io.Discard, outR) // keep the log flowing
			t.Cleanup(func() {
				if code := <-done; code != 0 {
					t.Errorf("serve exited with %d", code)
				}
			})
			return m[1], stderr
		}
	}
	t.Fatalf("serve did not start; stderr:\n%s", stderr.String())
	return "", nil
}

// lockedWriter lets serve's goroutines and the test share a log.
type lockedWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func events(t *testing.T, ctx context.Context, base string) *sseStream {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/_cabildo/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &sseStream{t: t, r: bufio.NewReader(resp.Body)}
}

func rewrite(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	// Write and rename, as editors save.
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
}

// TestServeLiveReload edits a site under a running `cabildo serve`: pages
// reload after a save, a broken file shows the overlay over the last good
// site, the fix removes it, and deleted content disappears.
func TestServeLiveReload(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example site several times")
	}
	dir := copySite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := startServe(t, ctx, dir)
	defer cancel() // stops serve before the cleanup waits for it

	const pageURL = "/prensa/2026-11-06-presupuesto-participativo/"
	file := filepath.Join(dir, "content/prensa/2026-11-06-presupuesto-participativo.md")
	code, body := fetch(t, base+pageURL)
	if code != 200 || !strings.Contains(body, `<script src="/_cabildo/live.js" defer></script>`) {
		t.Fatalf("GET %s: %d, live reload script missing", pageURL, code)
	}
	ev := events(t, ctx, base)
	ev.expect("hello", "1")

	rewrite(t, file, "\n---\n", "\n---\n\nTexto recién **guardado**.\n")
	ev.expect("reload", "2")
	if _, body := fetch(t, base+pageURL); !strings.Contains(body, "Texto recién <strong>guardado</strong>") {
		t.Errorf("the saved text is not served")
	}

	rewrite(t, file, "title:", "titulo:")
	ev.expect("errors", "content/prensa/2026-11-06-presupuesto-participativo.md:2:1")
	code, body = fetch(t, base+pageURL)
	if code != 200 || !strings.Contains(body, "Texto recién <strong>guardado</strong>") || !strings.Contains(body, `role="alertdialog"`) || !strings.Contains(body, "¿quiso decir") {
		t.Errorf("while broken: %d; want the last good page with the overlay", code)
	}

	rewrite(t, file, "titulo:", "title:")
	ev.expect("reload", "3")
	if _, body := fetch(t, base+pageURL); strings.Contains(body, "cabildo-overlay") {
		t.Errorf("the overlay stays after the fix")
	}

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	ev.expect("reload", "4")
	if code, _ := fetch(t, base+pageURL); code != http.StatusNotFound {
		t.Errorf("deleted release: status %d, want 404", code)
	}
}

// TestServeLateTemplateError: a page of an edit is made when asked for
// (render/lazy.go); if its template fails only then (a site's own
// template, on one title), serve says so on the terminal and over the
// pages, with the template's file, leaves that page out, and the fix
// brings it back.
func TestServeLateTemplateError(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example site several times")
	}
	dir := copySite(t)
	tmpl, err := os.ReadFile("../../themes/default/templates/press.html")
	if err != nil {
		t.Fatal(err)
	}
	override := filepath.Join(dir, "themes/default/templates/press.html")
	if err := os.MkdirAll(filepath.Dir(override), 0o755); err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(tmpl), `{{define "main"}}`, `{{define "main"}}{{if hasPrefix .Title "Rompe"}}{{index .Breadcrumbs 99}}{{end}}`, 1)
	if err := os.WriteFile(override, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base, stderr := startServeLog(t, ctx, dir)
	defer cancel()
	ev := events(t, ctx, base)
	ev.expect("hello", "1")

	const pageURL = "/prensa/2026-11-06-presupuesto-participativo/"
	file := filepath.Join(dir, "content/prensa/2026-11-06-presupuesto-participativo.md")
	rewrite(t, file, "title: \"", "title: \"Rompe ")
	for i := 0; ; i++ {
		e, data := ev.next()
		if e == "errors" {
			if !strings.Contains(data, "themes/default/templates/press.html") || !strings.Contains(data, "El resto del sitio ya muestra el cambio") {
				t.Errorf("the overlay of the late error: %.500q", data)
			}
			break
		}
		if i == 3 {
			t.Fatalf("no errors event after the edit; last %q", e)
		}
	}
	if code, _ := fetch(t, base+pageURL); code != http.StatusNotFound {
		t.Errorf("the page that could not be made: %d, want 404", code)
	}
	if code, body := fetch(t, base+"/prensa/"); code != 200 || !strings.Contains(body, "Rompe ") || !strings.Contains(body, `role="alertdialog"`) {
		t.Errorf("/prensa/ after the late error: %d, want the new list with the overlay", code)
	}
	if log := stderr.String(); !strings.Contains(log, "themes/default/templates/press.html: no se pudo generar "+pageURL) {
		t.Errorf("the terminal does not name the template and the page:\n%s", log)
	}

	rewrite(t, file, "title: \"Rompe ", "title: \"")
	for i := 0; ; i++ {
		if code, body := fetch(t, base+pageURL); code == 200 && !strings.Contains(body, "cabildo-overlay") {
			break
		}
		if i == 100 {
			t.Fatalf("the mended page is not served without the overlay")
		}
		ev.next()
	}
}

// TestServeFirstBuildFails starts serve on a broken site: it serves an
// error page with the overlay, and the site once fixed.
func TestServeFirstBuildFails(t *testing.T) {
	dir := copySite(t)
	site := filepath.Join(dir, "content/site.yaml")
	rewrite(t, site, "timezone:", "timezone: Marte/Olympus\nx_timezone:")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := startServe(t, ctx, dir)
	defer cancel()
	code, body := fetch(t, base+"/")
	if code != http.StatusInternalServerError || !strings.Contains(body, "content/site.yaml:") || !strings.Contains(body, "Marte/Olympus") {
		t.Fatalf("first build failed: GET / = %d\n%s", code, body)
	}
	ev := events(t, ctx, base)
	ev.expect("hello", "0")
	ev.expect("errors", "Marte/Olympus")
	rewrite(t, site, "timezone: Marte/Olympus\nx_timezone:", "timezone:")
	ev.expect("reload", "1")
	if code, _ := fetch(t, base+"/"); code != 200 {
		t.Errorf("after the fix: GET / = %d", code)
	}
}

// TestServeWithheld: the URL of a draft or of an embargoed press release
// answers 404, as it will once published, with a notice that names the
// file, says why and how to preview it, and shows nothing of the text.
func TestServeWithheld(t *testing.T) {
	dir := copySite(t)
	const secret = "Secreto del borrador"
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/prensa/2026-11-20-borrador.md", "---\ntitle: \""+secret+"\"\ndate: 2026-11-20T10:00\nsummary: \"Resumen secreto.\"\ndraft: true\n---\nTexto secreto del borrador.\n")
	write("content/prensa/2026-12-05-embargo.md", "---\ntitle: \"Anuncio embargado\"\ndate: 2026-12-05T09:30\nsummary: \"Resumen del embargo.\"\n---\nTexto embargado.\n")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := startServe(t, ctx, dir)
	defer cancel()

	code, body := fetch(t, base+"/prensa/2026-11-20-borrador/")
	if code != http.StatusNotFound {
		t.Errorf("draft: status %d, want 404", code)
	}
	for _, want := range []string{`class="cabildo-withheld"`, "content/prensa/2026-11-20-borrador.md", "es un borrador", "<code>-drafts</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("draft: the page lacks %q", want)
		}
	}
	for _, leak := range []string{secret, "secreto", "-future"} {
		if strings.Contains(body, leak) {
			t.Errorf("draft: the page shows %q", leak)
		}
	}

	code, body = fetch(t, base+"/prensa/2026-12-05-embargo")
	if code != http.StatusNotFound {
		t.Errorf("embargo: status %d, want 404", code)
	}
	for _, want := range []string{"content/prensa/2026-12-05-embargo.md", "está embargado", "5 de diciembre de 2026", "<code>-future</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("embargo: the page lacks %q", want)
		}
	}
	if strings.Contains(body, "Anuncio embargado") || strings.Contains(body, "Texto embargado") {
		t.Errorf("embargo: the page shows the text")
	}

	if _, body := fetch(t, base+"/prensa/no-existe/"); strings.Contains(body, "cabildo-withheld") {
		t.Errorf("an unknown URL gets the notice")
	}
}
