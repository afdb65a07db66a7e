package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cabildo/internal/archetype"
	"cabildo/internal/build"
	"cabildo/internal/content"
	"cabildo/internal/imaging"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/new")

// TestNewGolden creates one file of every type in a copy of the example
// site, compares it with testdata/new/<tipo>.md, and builds the site with
// drafts: a new file must build without a single diagnostic.
func TestNewGolden(t *testing.T) {
	dir := copySite(t)
	const title = "Feria Navideña en la Plaza"
	var created []string
	for _, k := range archetype.Kinds {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"new", "-src", dir, "-fecha", "2026-11-27", k.Name, title}, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("new %s: exit %d\n%s", k.Name, code, stderr.String())
		}
		name, _ := k.Path(title, mustDate(t, "2026-11-27"))
		if !strings.HasPrefix(stdout.String(), name+" creado como borrador") {
			t.Errorf("new %s said %q, want it to name %s", k.Name, stdout.String(), name)
		}
		created = append(created, name)
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "new", k.Name+".md")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run TestNewGolden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("new %s differs from %s (run go test -run TestNewGolden -update and review the diff):\n%s", k.Name, golden, got)
		}
	}
	for _, want := range []string{
		"content/prensa/2026-11-27-feria-navidena-en-la-plaza.md",
		"content/eventos/2026-11-27-feria-navidena-en-la-plaza.md",
		"content/lobby/audiencias/2026-11-27-feria-navidena-en-la-plaza.md",
		"content/contactos/feria-navidena-en-la-plaza.md",
		"content/feria-navidena-en-la-plaza.md",
	} {
		if !strings.Contains(strings.Join(created, "\n"), want) {
			t.Errorf("no file named %s", want)
		}
	}

	// Through the site's image cache, as cabildo check and build do.
	images := imaging.NewStore(filepath.Join(dir, imageCacheDir))
	opt := build.Options{Now: time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC), Drafts: true, Future: true}
	opt.Dev.Images = images
	diags := check(os.DirFS(dir), opt)
	for _, d := range diags {
		for _, name := range created {
			if d.Pos.File == name {
				t.Errorf("a new file does not build cleanly: %s", d.Error())
			}
		}
	}
	// Drafts are not published until the editor says so.
	res := build.Build(os.DirFS(dir), build.Options{Now: opt.Now, Dev: opt.Dev})
	if res.Files != nil {
		if _, ok := res.Files.Get("prensa/2026-11-27-feria-navidena-en-la-plaza/index.html"); ok {
			t.Errorf("a new file is published without -drafts")
		}
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := copySite(t)
	args := []string{"new", "-src", dir, "-fecha", "2026-12-31", "evento", "Concierto de Año Nuevo"}
	if code := run(context.Background(), args, new(bytes.Buffer), new(bytes.Buffer)); code != 0 {
		t.Fatalf("first new: exit %d", code)
	}
	file := filepath.Join(dir, "content/eventos/2026-12-31-concierto-de-ano-nuevo.md")
	before, _ := os.ReadFile(file)
	if err := os.WriteFile(file, append(before, "Texto del editor.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), args, new(bytes.Buffer), &stderr); code != 1 {
		t.Errorf("second new: exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "content/eventos/2026-12-31-concierto-de-ano-nuevo.md ya existe: no se sobrescribe") {
		t.Errorf("message: %q", stderr.String())
	}
	after, _ := os.ReadFile(file)
	if !bytes.HasSuffix(after, []byte("Texto del editor.\n")) {
		t.Errorf("the editor's file was changed")
	}
}

func TestNewUsage(t *testing.T) {
	for _, args := range [][]string{
		{"new"},
		{"new", "prensa"},
		{"new", "noticia", "Título"},
		{"new", "prensa", "¡!"},
		{"new", "-fecha", "2026-13-01", "prensa", "Título"},
		{"new", "pagina", "Prensa"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), append(args, "-src", t.TempDir()), new(bytes.Buffer), &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s", args, code, stderr.String())
		}
	}
}

func mustDate(t *testing.T, s string) content.Date {
	t.Helper()
	d, err := content.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
