// Command gen writes a deterministic synthetic Cabildo site for benchmarks,
// and optionally an equivalent Hugo site with the same Markdown bodies.
//
//	go run ./bench/gen -n 10000 -out DIR [-hugo DIR2] [-seed 1] [-until 2026-10-31]
//
// The same flags always produce byte-identical trees: randomness comes from
// a seeded PCG and no wall-clock time is read. Every date lies in the five
// years up to -until (a fixed past date by default), so nothing is embargoed
// and the output does not change with the day it is generated.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // Hugo dates need America/Santiago offsets even without system tzdata
)

func main() {
	n := flag.Int("n", 10000, "number of content items (press, events, lobby records, contacts)")
	out := flag.String("out", "", "output directory for the Cabildo site (required; must not exist or be empty)")
	hugo := flag.String("hugo", "", "also write an equivalent Hugo site here (must not exist or be empty)")
	seed := flag.Uint64("seed", 1, "random seed")
	untilFlag := flag.String("until", "2026-10-31", "latest date of any item (YYYY-MM-DD); keep it in the past")
	flag.Parse()
	if err := run(*n, *seed, *untilFlag, *out, *hugo); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, untilFlag, out, hugo string) error {
	if out == "" {
		return errors.New("-out is required")
	}
	until, err := parseDay(untilFlag)
	if err != nil {
		return fmt.Errorf("-until: %w", err)
	}
	start := time.Now()
	s, err := generate(n, seed, until)
	if err != nil {
		return err
	}
	files, err := writeTree(out, func(e emit) error { return renderCabildo(s, e) })
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d items (%d press, %d events, %d lobby, %d contacts) in %d files under %s\n",
		n, len(s.press), len(s.events), len(s.audiences)+len(s.trips)+len(s.gifts), len(s.contacts), files, out)
	if hugo != "" {
		files, err := writeTree(hugo, func(e emit) error { return renderHugo(s, e) })
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gen: Hugo site in %d files under %s\n", files, hugo)
	}
	fmt.Fprintf(os.Stderr, "gen: done in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
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
