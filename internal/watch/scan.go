package watch

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// reconcile brings the index in line with the disk for rel and, if it is a
// folder, for everything under it, adding watches to the folders it finds and
// recording the differences in the burst in progress. force records rel as
// Modified even if its size and time look unchanged: an event said it was
// written, and two writes within the file system's timestamp granularity
// leave both alike. reconcile reports whether it recorded anything.
func (w *Watcher) reconcile(rel string, force bool) bool {
	fi, err := os.Lstat(w.abs(rel))
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return w.forget(rel, true)
	case err != nil:
		w.complain(rel, err)
		return false
	case !fi.IsDir():
		changed := false
		if w.index[rel].dir {
			changed = w.forget(rel, false)
		}
		return w.see(rel, fi, force) || changed
	}

	var (
		changed    bool
		seen       = make(map[string]bool)
		unreadable []string // paths whose index entries we keep as they were
	)
	_ = filepath.WalkDir(w.abs(rel), func(name string, d fs.DirEntry, err error) error {
		r, _ := w.rel(name)
		if err != nil {
			// A folder that vanished during the walk is not an error: its
			// paths go unseen and are forgotten below.
			if !errors.Is(err, fs.ErrNotExist) {
				w.complain(r, err)
				unreadable = append(unreadable, r)
			}
			return nil
		}
		if r != rel && w.ignored.matchChild(r) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				w.complain(r, err)
				unreadable = append(unreadable, r)
			}
			return nil
		}
		seen[r] = true
		if d.IsDir() {
			// WalkDir reads a folder after this call returns, so the
			// watch is in place before we list it: a file created in
			// between is seen by both, never by neither.
			w.watchDir(r)
		}
		if w.see(r, fi, force && r == rel) {
			changed = true
		}
		return nil
	})

	for p, e := range w.index {
		if !within(p, rel) || seen[p] || slices.ContainsFunc(unreadable, func(dir string) bool { return within(p, dir) }) {
			continue
		}
		delete(w.index, p)
		if !e.dir {
			w.record(p, Removed)
			changed = true
		}
	}
	// Problems that did not recur have been fixed, or their paths are gone.
	for p := range w.problems {
		if within(p, rel) && !slices.Contains(unreadable, p) {
			delete(w.problems, p)
		}
	}
	return changed
}

// complain reports that rel cannot be read, once: a polling Watcher meets
// the same unreadable folder on every scan.
func (w *Watcher) complain(rel string, err error) {
	if w.problems[rel] {
		return
	}
	w.problems[rel] = true
	w.report(fmt.Errorf("no se puede leer %s: %w", rel, err))
}

// see updates the index with the current state of rel and records what
// changed.
func (w *Watcher) see(rel string, fi fs.FileInfo, force bool) bool {
	now := entryOf(fi)
	old, known := w.index[rel]
	w.index[rel] = now
	switch {
	case now.dir && (!known || old.dir):
		return false // folders are reported through their files
	case now.dir:
		w.record(rel, Removed) // a file replaced by a folder
	case !known || old.dir:
		w.record(rel, Created)
	case force || old != now:
		w.record(rel, Modified)
	default:
		return false
	}
	return true
}

// forget removes from the index whatever lies under rel, and rel itself if
// self is true, recording the files as Removed.
func (w *Watcher) forget(rel string, self bool) bool {
	e, known := w.index[rel]
	if !known {
		return false
	}
	changed := false
	if e.dir {
		// Only folders pay for a pass over the index.
		for p, e := range w.index {
			if p != rel && within(p, rel) {
				delete(w.index, p)
				if !e.dir {
					w.record(p, Removed)
					changed = true
				}
			}
		}
	}
	if self {
		delete(w.index, rel)
		if !e.dir {
			w.record(rel, Removed)
			changed = true
		}
	}
	return changed
}

func (w *Watcher) record(rel string, op Op) { merge(w.pending, rel, op) }

// merge folds op into the change already recorded for rel in m, so that m
// keeps describing the difference between the state the consumer knows and
// the state now.
func merge(m map[string]Op, rel string, op Op) {
	prev, ok := m[rel]
	switch {
	case !ok:
		m[rel] = op
	case prev == Created && op == Removed:
		delete(m, rel) // never existed as far as the consumer knows
	case prev == Created:
		// Still new to the consumer, however often it was written.
	case prev == Removed && op == Created:
		m[rel] = Modified // an atomic save, seen in two halves
	default:
		m[rel] = op
	}
}

func batchOf(m map[string]Op) Batch {
	b := make(Batch, 0, len(m))
	for p, op := range m {
		b = append(b, Change{Path: p, Op: op})
	}
	slices.SortFunc(b, func(x, y Change) int { return cmp.Compare(x.Path, y.Path) })
	return b
}
