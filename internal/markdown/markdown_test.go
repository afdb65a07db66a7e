package markdown

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/*.txtar")

// testSite resolves the links and images of the test cases.
var testSite = RenderOptions{
	Links: LinkResolverFunc(func(dest string) (string, error) {
		switch dest {
		case "../eventos/feria-navidena.md":
			return "/eventos/feria-navidena/", nil
		case "/funciones/", "funciones.md":
			return "/funciones/", nil
		case "eventos/feria.md":
			return "/eventos/feria/", nil
		case "borrador.md":
			return "", errors.New("la página es un borrador")
		}
		return "", fmt.Errorf("%q: %w", dest, ErrNotFound)
	}),
	Images: ImageResolverFunc(func(src string) (Image, error) {
		switch src {
		case "foto.jpg":
			return Image{URL: "/prensa/plaza/foto.jpg", Width: 800, Height: 600}, nil
		case "sin medidas.png":
			return Image{URL: "/prensa/plaza/sin medidas.png"}, nil
		}
		return Image{}, ErrNotFound
	}),
}

// TestGolden renders the "in.md" of every testdata/*.txtar and compares
// the result with the other files of the archive. A line "flags: unsafe
// crlf" in the archive's comment renders with WithUnsafeHTML and with the
// input's line endings turned into "\r\n".
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var in []byte
			want := map[string]string{}
			for _, f := range ar.Files {
				switch {
				case f.Name == "in.md":
					in = f.Data
				case slices.Contains(sections, f.Name):
					want[f.Name] = string(f.Data)
				default:
					t.Errorf("unknown file %q in archive", f.Name)
				}
			}
			var opts []Option
			flags := flagsOf(ar.Comment)
			if flags["unsafe"] {
				opts = append(opts, WithUnsafeHTML())
			}
			if flags["scripts"] {
				opts = append(opts, WithUnsafeScripts())
			}
			if flags["crlf"] {
				in = bytes.ReplaceAll(in, []byte("\n"), []byte("\r\n"))
			}
			res, err := New(opts...).Render(in, testSite)
			if err != nil {
				t.Fatal(err)
			}
			got := formatResult(res)
			if *update {
				files := []txtar.File{{Name: "in.md", Data: bytes.ReplaceAll(in, []byte("\r\n"), []byte("\n"))}}
				for _, name := range sections {
					files = append(files, txtar.File{Name: name, Data: []byte(got[name])})
				}
				ar.Files = files
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range sections {
				if got[name] != want[name] {
					t.Errorf("%s:\n--- got ---\n%s--- want ---\n%s", name, got[name], want[name])
				}
			}
		})
	}
}

var sections = []string{"out.html", "text", "headings", "links", "problems"}

// formatResult formats a Result as the files of a test archive.
func formatResult(res *Result) map[string]string {
	var headings, links, problems strings.Builder
	for _, h := range res.Headings {
		fmt.Fprintf(&headings, "h%d #%s %s\n", h.Level, h.ID, h.Text)
	}
	for _, l := range res.Links {
		fmt.Fprintf(&links, "%d:%d %s <- %s", l.Line, l.Col, l.URL, l.Dest)
		if l.Image {
			links.WriteString(" (image)")
		}
		if l.External {
			links.WriteString(" (external)")
		}
		links.WriteByte('\n')
	}
	for _, p := range res.Problems {
		fmt.Fprintln(&problems, p)
	}
	text := res.Text
	if text != "" {
		text += "\n"
	}
	return map[string]string{
		"out.html": string(res.HTML),
		"text":     text,
		"headings": headings.String(),
		"links":    links.String(),
		"problems": problems.String(),
	}
}

func flagsOf(comment []byte) map[string]bool {
	flags := map[string]bool{}
	for _, line := range strings.Split(string(comment), "\n") {
		if rest, ok := strings.CutPrefix(line, "flags:"); ok {
			for _, f := range strings.Fields(rest) {
				flags[f] = true
			}
		}
	}
	return flags
}
