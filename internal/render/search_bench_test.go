package render

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"cabildo/bench/gen/sitegen"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/theme"
)

// BenchmarkSearchIndex measures the search index's part of a build: the
// stems of every item (folding, splitting, stemming), the postings and
// every file of the index, on the sites of bench/gen (bodies already
// rendered, as the build has them when the job runs):
//
//	go test -run '^$' -bench SearchIndex -benchtime 5x ./internal/render
//
// The target is under 1 s at 10,000 items. It reports wall time (ns/op)
// and the process's CPU time (cpu-s/op), which the machine's other work
// does not inflate. Unix only (getrusage).
func BenchmarkSearchIndex(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "site")
			if _, err := sitegen.Write(n, 1, sitegen.DefaultUntil, dir, ""); err != nil {
				b.Fatal(err)
			}
			fsys := os.DirFS(dir)
			site, diags := load.Load(fsys)
			diags = append(diags, site.Validate()...)
			th, err := theme.Load(theme.Overlay(nil), Funcs())
			if err != nil || diags.HasErrors() {
				b.Fatal(err, diags)
			}
			now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
			pub := site.Publishable(now, false, false)
			out := new(byteCounter)
			r := newRenderer(pub, Options{Now: now, Theme: th, Markdown: markdown.New(), Source: fsys}, out)
			r.bodies.before()
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				r.vocab = newSearchVocab() // as a build: no stem known yet
				out.files.Store(0)
				out.bytes.Store(0)
				r.searchIndex()
			}
			// CPU time too: on a shared machine the wall time says more
			// about the other work than about this one.
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(out.files.Load()), "files")
			b.ReportMetric(float64(out.bytes.Load())/(1<<20), "MiB")
		})
	}
}

type byteCounter struct{ files, bytes atomic.Int64 }

func (c *byteCounter) Add(_ string, data []byte) error {
	c.files.Add(1)
	c.bytes.Add(int64(len(data)))
	return nil
}
