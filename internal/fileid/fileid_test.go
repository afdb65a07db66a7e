package fileid

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
)

// TestReadDir lists a folder with a file, a hard link of it, a folder, a
// symbolic link and enough files to need several reads, and checks each
// entry's type, and its inode number against Lstat's (on Linux; elsewhere
// it is unknown).
func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("foto-480.jpg")
	if err := os.Link(filepath.Join(dir, "foto-480.jpg"), filepath.Join(dir, "enlace.jpg")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "carpeta con tilde á"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("foto-480.jpg", filepath.Join(dir, "simbolico")); err != nil {
		t.Fatal(err)
	}
	want := []string{"carpeta con tilde á", "enlace.jpg", "foto-480.jpg", "simbolico"}
	for i := range 2000 { // ~80 KB of entries: several getdents calls
		name := "pagina-" + strconv.Itoa(i) + ".html"
		write(name)
		want = append(want, name)
	}
	slices.Sort(want)
	entries, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name)
		info, err := os.Lstat(filepath.Join(dir, e.Name))
		if err != nil {
			t.Fatal(err)
		}
		if e.Type != info.Mode().Type() {
			t.Errorf("%s: type %v, want %v", e.Name, e.Type, info.Mode().Type())
		}
		id := Of(info)
		switch runtime.GOOS {
		case "linux":
			if !id.Known() || e.Ino != id.Ino {
				t.Errorf("%s: inode %d, stat says %v", e.Name, e.Ino, id)
			}
		default:
			if e.Ino != 0 || id.Known() {
				t.Errorf("%s: inode %d, %v where none is known", e.Name, e.Ino, id)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("ReadDir listed %d entries, want %d", len(got), len(want))
	}
	a, _ := os.Stat(filepath.Join(dir, "foto-480.jpg"))
	b, _ := os.Stat(filepath.Join(dir, "enlace.jpg"))
	c, _ := os.Stat(filepath.Join(dir, "pagina-1.html"))
	if runtime.GOOS == "linux" && (Of(a) != Of(b) || Of(a) == Of(c)) {
		t.Errorf("IDs: a hard link %v of %v; another file %v", Of(b), Of(a), Of(c))
	}
	if _, err := ReadDir(filepath.Join(dir, "no-existe")); !os.IsNotExist(err) {
		t.Errorf("ReadDir of a missing folder: %v", err)
	}
}

type identified struct {
	fs.FileInfo
	id ID
}

func (i identified) FileID() ID { return i.id }

func TestOfIdentified(t *testing.T) {
	info, err := os.Stat(".")
	if err != nil {
		t.Fatal(err)
	}
	want := ID{Dev: 7, Ino: 42}
	if got := Of(identified{info, want}); got != want {
		t.Errorf("Of = %v, want the info's own %v", got, want)
	}
}
