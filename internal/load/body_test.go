package load

import (
	"errors"
	"testing"
	"testing/fstest"

	"cabildo/internal/content"
)

const bodySite = "title: Sitio\norganization: Municipalidad de Ejemplo\nbase_url: https://www.ejemplo.cl\ntimezone: America/Santiago\n"

// TestBodyBudget loads with a budget of one byte: every body but the
// first read is left on disk, and ReadBody gives it back as Load would
// have kept it (CRLF line ends included), unless the file changed.
func TestBodyBudget(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte(bodySite)},
		"content/a.md":      {Data: []byte("---\ntitle: A\n---\n\nCuerpo **a**.\n")},
		"content/b.md":      {Data: []byte("---\r\ntitle: B\r\n---\r\n\r\nLínea uno\r\nLínea dos\r\n")},
		"content/c.md":      {Data: []byte("---\ntitle: C\n---\n")},
		"content/d.md":      {Data: []byte("Sin metadatos.\n")},
	}
	want := map[string]string{
		"content/a.md": "\nCuerpo **a**.\n",
		"content/b.md": "\nLínea uno\nLínea dos\n",
		"content/c.md": "",
		"content/d.md": "Sin metadatos.\n",
	}
	whole, diags := Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	site, _ := Load(fsys, WithBodyBudget(1))
	left := 0
	for i, it := range site.Items() {
		d := it.Document()
		if d.Body == nil && d.BodyAt.Len > 0 {
			left++
		}
		got, err := ReadBody(fsys, d)
		if err != nil {
			t.Fatalf("%s: %v", d.Path, err)
		}
		if string(got) != want[d.Path] || string(got) != string(whole.Items()[i].Document().Body) {
			t.Errorf("%s: body %q, want %q", d.Path, got, want[d.Path])
		}
	}
	if left < 2 {
		t.Errorf("%d bodies left on disk, want at least 2 of 3", left)
	}

	// Edited after loading: same length, other bytes; or longer.
	for _, edit := range []string{"---\r\ntitle: B\r\n---\r\n\r\nLínea UNO\r\nLínea dos\r\n", "---\ntitle: B\n---\n\nMás texto.\nLínea uno\nLínea dos\n"} {
		site, _ := Load(fsys, WithBodyBudget(1))
		var b *content.Doc
		for _, it := range site.Items() {
			if d := it.Document(); d.Path == "content/b.md" {
				b = d
			}
		}
		b.Body = nil // as if over budget, whatever the read order
		b.BodyAt.Sum = bodySum([]byte(want["content/b.md"]))
		old := fsys["content/b.md"].Data
		fsys["content/b.md"] = &fstest.MapFile{Data: []byte(edit)}
		if _, err := ReadBody(fsys, b); !errors.Is(err, ErrChanged) {
			t.Errorf("edited file: err = %v, want ErrChanged", err)
		}
		fsys["content/b.md"] = &fstest.MapFile{Data: old}
	}
}
