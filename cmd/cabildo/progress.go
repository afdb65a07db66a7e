package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"cabildo/internal/render"
)

// meter shows how far a long build has gone on one line of a terminal
// ("Procesando imágenes: 37 de 200"), so that a first build with hundreds
// of photos does not look hung. It draws only after the build has run
// for a second (a quick build prints nothing more than before), at most
// five times a second, and erases its line when the build ends. Where
// nobody watches (output to a file or a pipe, CI, TERM=dumb) it is off:
// logs get no carriage returns.
type meter struct {
	w     io.Writer
	start time.Time
	stop  chan struct{}
	done  chan struct{}

	mu       sync.Mutex
	step     render.Step
	n, total int
	drawn    string
}

// How long a build runs before the meter draws, and how often it redraws.
var meterDelay, meterTick = time.Second, 200 * time.Millisecond

// stepWords are the words for each step of render.Progress.
var stepWords = map[render.Step]string{
	render.StepImages: "Procesando imágenes",
	render.StepPages:  "Generando páginas",
}

// newMeter returns a meter drawing on w, or nil when w is not a terminal
// someone watches.
func newMeter(w io.Writer) *meter {
	if !watched(w) {
		return nil
	}
	m := &meter{w: w, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go m.loop()
	return m
}

// watched reports whether w is an interactive terminal outside CI.
func watched(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("CI") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// report is render.Options.Progress.
func (m *meter) report(step render.Step, n, total int) {
	m.mu.Lock()
	if step != m.step || n > m.n {
		m.step, m.n, m.total = step, n, total
	}
	m.mu.Unlock()
}

func (m *meter) loop() {
	defer close(m.done)
	tick := time.NewTicker(meterTick)
	defer tick.Stop()
	for {
		select {
		case <-m.stop:
			if m.drawn != "" {
				fmt.Fprint(m.w, "\r\033[K") // erase the line
			}
			return
		case <-tick.C:
			if time.Since(m.start) < meterDelay {
				continue
			}
			m.mu.Lock()
			line := ""
			if m.total > 0 {
				line = fmt.Sprintf("%s: %d de %d…", stepWords[m.step], m.n, m.total)
			}
			m.mu.Unlock()
			if line != "" && line != m.drawn {
				fmt.Fprintf(m.w, "\r\033[K%s", line)
				m.drawn = line
			}
		}
	}
}

// Close erases the line; the summary and the diagnostics follow. A nil
// meter does nothing.
func (m *meter) Close() {
	if m == nil {
		return
	}
	close(m.stop)
	<-m.done
}

// progress returns the function for render.Options.Progress, nil for a
// nil meter.
func (m *meter) progress() func(render.Step, int, int) {
	if m == nil {
		return nil
	}
	return m.report
}
