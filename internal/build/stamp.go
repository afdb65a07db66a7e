package build

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"sync"

	"cabildo/internal/content"
	"cabildo/internal/render"
)

// stamp sums everything a build's output is a function of: the cabildo
// program itself (its code, theme and time-zone data are all inside it),
// the options, every file under content/ and themes/ (path, size and
// modification time, as make does), which items are published at opt.Now,
// and every decision rendering takes on the clock (render.ClockKey). Two
// builds with the same stamp publish the same bytes. sources is what
// sumSources returned.
func stamp(sources func() ([]byte, error), pub *content.Site, ropt render.Options, opt Options) (string, error) {
	src, err := sources()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(src)
	fmt.Fprintf(h, "drafts=%v future=%v\n", opt.Drafts, opt.Future)
	for _, it := range pub.Items() {
		io.WriteString(h, it.Document().Path+"\n")
	}
	h.Write(render.ClockKey(pub, ropt))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sumSources starts summing the program and the files of the site in
// the background, while the site loads (it needs nothing loaded), and
// returns the function that waits for the sum.
func sumSources(fsys fs.FS) func() ([]byte, error) {
	type result struct {
		sum []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		h := sha256.New()
		exe, err := executableSum()
		if err != nil {
			done <- result{err: err}
			return
		}
		h.Write(exe)
		for _, root := range []string{"content", "themes"} {
			if err := sumTree(h, fsys, root); err != nil {
				done <- result{err: err}
				return
			}
		}
		done <- result{sum: h.Sum(nil)}
	}()
	return sync.OnceValues(func() ([]byte, error) {
		r := <-done
		return r.sum, r.err
	})
}

func sumTree(h hash.Hash, fsys fs.FS, root string) error {
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\n", p, info.Size(), info.ModTime().UnixNano(), info.Mode())
		return nil
	})
	if root == "themes" && errors.Is(err, fs.ErrNotExist) {
		return nil // a site without its own theme
	}
	return err
}

var exeSum = sync.OnceValues(func() ([]byte, error) {
	path, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if id := goBuildID(path); id != nil {
		return id, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
})

// goBuildID returns the Go build ID the linker wrote in the ELF
// executable at path (its .note.go.buildid section), or nil. The
// go command makes its last part a hash of the program's own bytes, so
// it stands for the program as well as a sum of its 40 MB would, read
// in microseconds rather than the 25 ms of CPU that sum took on every
// build, a no-change rebuild included. Programs linked without one
// (-ldflags=-buildid=) and other formats are summed whole.
func goBuildID(path string) []byte {
	f, err := elf.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return nil
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return nil
	}
	// An ELF note: name size, description size, type, then the name
	// ("Go\x00\x00") and the description, the ID.
	order := f.ByteOrder
	nameSize, descSize := order.Uint32(note[0:]), order.Uint32(note[4:])
	start := 12 + (uint64(nameSize)+3)&^3
	if nameSize != 4 || string(note[12:15]) != "Go\x00" || start+uint64(descSize) > uint64(len(note)) || descSize == 0 {
		return nil
	}
	id := note[start : start+uint64(descSize)]
	if !bytes.Contains(id, []byte("/")) {
		return nil // not the action/content form the go command writes
	}
	return append([]byte("go build id "), id...)
}

// executableSum is the sum of the running program, so that a new version
// of cabildo (new templates, new rules) never reuses an old build.
func executableSum() ([]byte, error) { return exeSum() }
