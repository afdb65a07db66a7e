package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// buildOne builds the default site plus the given files and returns the
// diagnostics as "file:line:col: message" lines.
func buildOne(t *testing.T, files map[string][]byte) (string, Result) {
	t.Helper()
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte(defaultSiteYAML)}}
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	res := Build(fsys, Options{Now: testNow})
	var got strings.Builder
	for _, d := range res.Diags {
		got.WriteString(d.Error() + "\n")
	}
	return got.String(), res
}

const pressHead = "---\ntitle: \"x\"\ndate: 2026-11-20T10:00\nsummary: \"x\"\n---\n"

// TestHugeFile: a 20 MB Markdown file is refused quickly with its size,
// without reading it into the pipeline; a large image is copied as is.
func TestHugeFile(t *testing.T) {
	body := bytes.Repeat([]byte("Un párrafo muy largo que se repite. "), 20<<20/37)
	start := time.Now()
	got, res := buildOne(t, map[string][]byte{
		"content/prensa/enorme.md": append([]byte(pressHead), body...),
		"content/prensa/foto.jpg":  bytes.Repeat([]byte{0xff}, 20<<20),
	})
	want := "content/prensa/enorme.md: el archivo pesa 20.0 MB, más que el máximo de 2 MB: ¿pegó un documento completo o una imagen? Adjunte los documentos como archivos aparte\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
	if res.Files != nil {
		t.Error("a failed build has files")
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestLongLinesAndNUL: a 1 MB line is fine (and escaped); a NUL byte, in
// the front matter or the body, is refused as a binary file.
func TestLongLinesAndNUL(t *testing.T) {
	long := strings.Repeat("<b>á</b>", 1<<19/10)
	text := strings.Repeat("á < b & c ", 1<<19/10)
	got, res := buildOne(t, map[string][]byte{
		"content/prensa/larga.md": []byte("---\ntitle: \"" + long + "\"\ndate: 2026-11-20T10:00\nsummary: \"x\"\n---\n" + text + "\n"),
	})
	if res.Files == nil {
		t.Fatalf("a long line must build:\n%s", got)
	}
	page, ok := res.Files.Get("prensa/larga/index.html")
	if !ok || bytes.Contains(page, []byte("<b>á</b>")) || !bytes.Contains(page, []byte("&lt;b&gt;á&lt;/b&gt;")) {
		t.Errorf("the long title is not escaped in the page (found: %v)", ok)
	}

	got, _ = buildOne(t, map[string][]byte{
		"content/prensa/nul-meta.md": []byte("---\ntitle: \"a\x00b\"\ndate: 2026-11-20T10:00\nsummary: \"x\"\n---\n"),
		"content/prensa/nul-body.md": []byte(pressHead + "Texto\x00binario.\n"),
	})
	want := "content/prensa/nul-body.md: el archivo contiene bytes nulos: no es un texto; ¿es un archivo binario con extensión .md?\n" +
		"content/prensa/nul-meta.md: el archivo contiene bytes nulos: no es un texto; ¿es un archivo binario con extensión .md?\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
}

// TestSymlinksOutOfContent builds a real folder, opened the way `cabildo
// build` opens it (os.OpenRoot), whose content/ holds links to a secret
// outside the site: as a Markdown file, as an image, as a folder, and a
// link inside the site. Each link is an error naming it, and no byte of
// the secret is in any output.
func TestSymlinksOutOfContent(t *testing.T) {
	outside := t.TempDir()
	secret := "SECRETO-" + strings.Repeat("x", 16)
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte(pressHead+secret), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.jpg"), []byte(secret), 0o644)
	os.MkdirAll(filepath.Join(outside, "dir"), 0o755)
	os.WriteFile(filepath.Join(outside, "dir", "nota.md"), []byte(pressHead+secret), 0o644)

	site := t.TempDir()
	mk := func(p, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(site, p)), 0o755)
		if err := os.WriteFile(filepath.Join(site, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("content/site.yaml", defaultSiteYAML)
	mk("content/prensa/real.md", pressHead+"Texto.\n")
	link := func(target, p string) {
		if err := os.Symlink(target, filepath.Join(site, p)); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	link(filepath.Join(outside, "secret.md"), "content/prensa/secreto.md")
	link(filepath.Join(outside, "secret.jpg"), "content/prensa/foto.jpg")
	link(filepath.Join(outside, "dir"), "content/prensa/carpeta")
	link("../../../"+filepath.Base(outside)+"/secret.md", "content/relativo.md")
	link("real.md", "content/prensa/dentro.md")

	root, err := os.OpenRoot(site)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res := Build(root.FS(), Options{Now: testNow})
	var got strings.Builder
	for _, d := range res.Diags {
		got.WriteString(d.Error() + "\n")
	}
	msg := ": es un enlace simbólico: copie el archivo dentro de content/ en lugar de enlazarlo\n"
	want := "content/prensa/carpeta" + msg + "content/prensa/dentro.md" + msg + "content/prensa/foto.jpg" + msg +
		"content/prensa/secreto.md" + msg + "content/relativo.md" + msg
	if got.String() != want {
		t.Errorf("got\n%swant\n%s", got.String(), want)
	}
	if res.Files != nil {
		for _, p := range res.Files.Paths() {
			if b, _ := res.Files.Get(p); bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds the secret", p)
			}
		}
	}
}
