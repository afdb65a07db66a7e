package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"cabildo/internal/render"
)

// TestMeter: the meter draws the step and the count on one line, redraws
// it in place, ignores a late smaller count and erases its line at the
// end.
func TestMeter(t *testing.T) {
	defer func(d, k time.Duration) { meterDelay, meterTick = d, k }(meterDelay, meterTick)
	meterDelay, meterTick = 0, time.Millisecond
	var out lockedWriter // serve_test.go
	m := &meter{w: &out, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go m.loop()
	waitFor := func(s string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), s); {
			if time.Now().After(deadline) {
				t.Fatalf("the meter never drew %q; it wrote %q", s, out.String())
			}
			time.Sleep(time.Millisecond)
		}
	}
	report := m.progress()
	report(render.StepImages, 3, 200)
	waitFor("\r\033[KProcesando imágenes: 3 de 200…")
	report(render.StepImages, 5, 200)
	report(render.StepImages, 4, 200) // a slower worker, reporting late
	report(render.StepPages, 1, 16000)
	waitFor("\r\033[KGenerando páginas: 1 de 16000…")
	m.Close()
	got := out.String()
	if strings.Contains(got, "4 de 200") || strings.Contains(got, "\n") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("the meter wrote %q", got)
	}
}

// TestMeterOffWhenNotWatched: output to a file, a pipe or a buffer, or
// in CI, gets no meter (and so no carriage returns in logs).
func TestMeterOffWhenNotWatched(t *testing.T) {
	var b bytes.Buffer
	if m := newMeter(&b); m != nil {
		t.Error("a meter on a buffer")
	}
	var nilMeter *meter
	if nilMeter.progress() != nil {
		t.Error("a nil meter reports")
	}
	nilMeter.Close()
}
