package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// A one-shot build's heap is mostly what stays alive from start to end:
// the site's model, the render's indexes, the search index's stems. Go's
// collector, by default (GOGC=100), lets the heap grow to twice what is
// alive before it collects again, and counts only the heap in that:
// freed memory not yet returned to the system, and the heap's growth
// while a collection runs, come on top. At 10,000 items that made the
// peak resident memory 115-120 MiB for a live heap of 30-45 MB.
//
// cabildo build therefore sets a soft memory limit
// (runtime/debug.SetMemoryLimit), which counts all the memory the
// runtime holds: memHeadroom times the live heap, never below memFloor.
// The collector then runs a little more often on a large site and
// returns freed memory sooner. While the limit is the floor, GOGC's own
// trigger is off too (underFloor): a small site, whose memory stays
// under the floor, is never collected, where GOGC=100 would collect it
// from a 4 MB heap on, several times in a build of 200 pages, for
// nothing that matters to a process that ends; above it, GOGC=100 and
// the limit work together as before. The limit follows the live heap (read
// every memEvery), so it never falls under what the build needs: a fixed
// limit under that would make the collector run without pause. Measured
// in bench/README.md («Memory»): at 10,000 items 90-91 MiB instead of
// 112-120 for some 6 % more CPU; at 100,000 items 504 MiB instead of 678
// for 11 % more.
const (
	memFloor    = 72 << 20
	memHeadroom = 2.0
	// memEvery is how often the live heap is read: a collection cycle
	// of a large build takes longer than this.
	memEvery = 20 * time.Millisecond
)

// limitMemory is set by main: tests that run the commands in their own
// process leave that process's collector alone.
var limitMemory bool

// underFloor reports whether the limit for a live heap of live bytes is
// the floor: GOGC's trigger is then off, and only the limit collects.
func underFloor(live uint64) bool { return float64(live)*memHeadroom < memFloor }

// softLimit is the memory limit for a live heap of live bytes.
func softLimit(live uint64) int64 {
	return max(memFloor, int64(float64(live)*memHeadroom))
}

// startMemoryLimit keeps the soft memory limit at softLimit of the live
// heap until the returned function is called, unless limitMemory is off
// or the environment tunes the collector itself (GOMEMLIMIT or GOGC).
func startMemoryLimit() (stop func()) {
	if !limitMemory || os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(-1) // -1 reads it
	prevPercent := debug.SetGCPercent(-1)
	limitOnly := true
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		live := sample[0].Value.Uint64()
		debug.SetMemoryLimit(softLimit(live))
		if only := underFloor(live); only != limitOnly {
			limitOnly = only
			if only {
				debug.SetGCPercent(-1)
			} else {
				debug.SetGCPercent(prevPercent)
			}
		}
	}
	set()
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(memEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				set()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		debug.SetMemoryLimit(prev)
		debug.SetGCPercent(prevPercent)
	}
}
