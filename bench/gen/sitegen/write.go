// Package sitegen generates a deterministic synthetic Cabildo site, and
// optionally an equivalent Hugo site with the same Markdown bodies, for
// benchmarks: the bench/gen command and the Go benchmarks of the build
// stages both use it, so they measure the same content.
//
// The same arguments always produce byte-identical trees: randomness comes
// from a seeded PCG and no wall-clock time is read. Every date lies in the
// five years up to the until date, so nothing is embargoed.
package sitegen

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	_ "time/tzdata" // Hugo dates need America/Santiago offsets even without system tzdata
)

// DefaultUntil is the latest date of any item unless told otherwise: a
// fixed past date, so that the output does not change with the day.
const DefaultUntil = "2026-10-31"

// Summary says what Write generated.
type Summary struct {
	Press, Events, Lobby, Contacts int
	Files, HugoFiles               int
}

// Write generates n items with seed, dated up to until (YYYY-MM-DD), and
// writes the Cabildo site to dir and, if hugoDir is not empty, the Hugo
// site to hugoDir. Both directories must be missing or empty.
func Write(n int, seed uint64, until, dir, hugoDir string) (Summary, error) {
	var sum Summary
	if dir == "" {
		return sum, errors.New("the output directory is required")
	}
	u, err := parseDay(until)
	if err != nil {
		return sum, fmt.Errorf("until: %w", err)
	}
	s, err := generate(n, seed, u)
	if err != nil {
		return sum, err
	}
	sum.Press, sum.Events = len(s.press), len(s.events)
	sum.Lobby, sum.Contacts = len(s.audiences)+len(s.trips)+len(s.gifts), len(s.contacts)
	if sum.Files, err = writeTree(dir, func(e emit) error { return renderCabildo(s, e) }); err != nil {
		return sum, err
	}
	if hugoDir != "" {
		if sum.HugoFiles, err = writeTree(hugoDir, func(e emit) error { return renderHugo(s, e) }); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// writeTree renders into root, which must be absent or empty: writing over
// an older, larger tree would leave stale items behind and silently skew
// the benchmark, and deleting someone's directory is not ours to do.
func writeTree(root string, render func(emit) error) (int, error) {
	if entries, err := os.ReadDir(root); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("%s exists and is not empty", root)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	made := map[string]bool{}
	files := 0
	w := bufio.NewWriterSize(nil, 64<<10)
	err := render(func(rel string, data []byte) error {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if dir := filepath.Dir(path); !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err // O_EXCL: a duplicate path is a generator bug
		}
		w.Reset(f)
		_, err = w.Write(data)
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		files++
		return err
	})
	return files, err
}
