package main

import (
	"runtime/debug"
	"testing"
)

// TestSoftLimit: the limit is memHeadroom times the live heap, and never
// under the floor, so that it cannot fall under what a build holds; GOGC's
// own trigger is off exactly while the limit is the floor.
func TestSoftLimit(t *testing.T) {
	for _, c := range []struct {
		live       uint64
		want       int64
		underFloor bool
	}{
		{0, memFloor, true},
		{10 << 20, memFloor, true},
		{memFloor/2 - 1, memFloor, true},
		{memFloor / 2, memFloor, false},
		{memFloor/2 + 1, memFloor + 2, false},
		{300 << 20, 600 << 20, false},
	} {
		if got := softLimit(c.live); got != c.want {
			t.Errorf("softLimit(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
		if got := softLimit(c.live); got < int64(c.live) {
			t.Errorf("softLimit(%d) = %d, under the live heap", c.live, got)
		}
		if got := underFloor(c.live); got != c.underFloor {
			t.Errorf("underFloor(%d) = %v, want %v", c.live, got, c.underFloor)
		}
	}
}

// TestMemoryLimitLeftAlone: a process that did not ask (tests), or whose
// environment tunes the collector, keeps its own limit and GOGC;
// otherwise the limit is set and GOGC's trigger is off while the build
// runs, and both are restored after.
func TestMemoryLimitLeftAlone(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	percent := func() int {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	beforePercent := percent()
	check := func(name string, wantSet bool) {
		t.Helper()
		stop := startMemoryLimit()
		during, duringPercent := debug.SetMemoryLimit(-1), percent()
		stop()
		if set := during != before; set != wantSet {
			t.Errorf("%s: limit %d while running (before %d); want set=%v", name, during, before, wantSet)
		}
		if off := duringPercent < 0; off != wantSet {
			t.Errorf("%s: GOGC %d while running (before %d); want off=%v", name, duringPercent, beforePercent, wantSet)
		}
		if after := debug.SetMemoryLimit(-1); after != before {
			t.Errorf("%s: limit %d after stop, want %d restored", name, after, before)
		}
		if after := percent(); after != beforePercent {
			t.Errorf("%s: GOGC %d after stop, want %d restored", name, after, beforePercent)
		}
	}
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	check("tests", false)
	limitMemory = true
	defer func() { limitMemory = false }()
	check("cabildo build", true)
	t.Setenv("GOMEMLIMIT", "1GiB")
	check("GOMEMLIMIT", false)
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "50")
	check("GOGC", false)
}
