package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"sync"

	"cabildo/internal/content"
	"cabildo/internal/program"
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
		exe, err := program.ID()
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
