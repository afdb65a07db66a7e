package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBuilderHalfWrittenFile: the watcher fires while a file is being
// written in three pieces, with pauses; the first piece ends inside a
// quoted YAML value. With Settle, the Builder reads the file again once
// it stops changing and reports nothing; without it, the half file is a
// YAML error (which is what the test guards against).
func TestBuilderHalfWrittenFile(t *testing.T) {
	const press = "content/prensa/2026-08-07-invierno-calido.md"
	chunks := []string{
		"---\ntitle: \"Invierno Cálido llega a 1.300 ho",
		"gares\"\ndate: 2026-08-07T12:00\nsummary: \"El municipio entregó kits de calefacción.\"\n",
		"topics: [desarrollo-social]\n---\nTexto escrito en **tres partes**.\n",
	}
	opt := withImages(Options{Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)})

	t.Run("without Settle", func(t *testing.T) {
		dir := copyExampleSite(t)
		b := NewBuilder(os.DirFS(dir), opt)
		b.Update()
		writeFile(t, dir, press, chunks[0])
		if res := b.Update(press); !res.Diags.HasErrors() {
			t.Fatalf("half a file decoded without errors: the test does not test anything")
		}
	})

	t.Run("with Settle", func(t *testing.T) {
		dir := copyExampleSite(t)
		b := NewBuilder(os.DirFS(dir), opt)
		b.Settle = time.Second // far longer than the writer's pauses, even on a loaded machine
		if res := b.Update(); res.Diags.HasErrors() {
			t.Fatalf("the example site has errors:\n%s", diagStrings(res))
		}
		f, err := os.OpenFile(filepath.Join(dir, press), os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(chunks[0]); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			defer f.Close()
			for _, c := range chunks[1:] {
				time.Sleep(150 * time.Millisecond) // a slow writer, not a wait for a result
				if _, err := f.WriteString(c); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		res := b.Update(press) // as serve does when the first piece's event arrives
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if res.Diags.HasErrors() {
			t.Fatalf("a file being written was reported:\n%s", diagStrings(res))
		}
		page, _ := res.Files.Get("prensa/2026-08-07-invierno-calido/index.html")
		if !bytes.Contains(page, []byte("Texto escrito en <strong>tres partes</strong>")) {
			t.Errorf("the page does not show the whole file")
		}
	})
}
