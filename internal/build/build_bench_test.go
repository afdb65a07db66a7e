package build

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cabildo/bench/gen/sitegen"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/render"
)

// The benchmarks of the build stages, on sites of bench/gen/sitegen (the
// content bench/compare.sh compares with Hugo):
//
//	go test -run '^$' -bench 'Stage' -benchmem ./internal/build
//	go test -run '^$' -bench 'Stage/.*/n=10000' -benchtime 3x -cpuprofile cpu.out -memprofile mem.out ./internal/build
//
// load: read, parse and validate every file. render: everything render
// does, into a sink that only counts bytes (no output memory, no disk).
// write: a complete build streamed into a new output directory, and a
// no-change rebuild of the same directory.

var benchNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// benchSites generates each size once per test binary run.
var benchSites struct {
	sync.Mutex
	dirs map[int]string
}

func benchSite(b *testing.B, n int) string {
	b.Helper()
	benchSites.Lock()
	defer benchSites.Unlock()
	if d, ok := benchSites.dirs[n]; ok {
		return d
	}
	// Not b.TempDir: the site outlives this benchmark, for the next
	// stage of the same size. The OS cleans its temporary directory.
	root, err := os.MkdirTemp("", "cabildo-bench-")
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(root, "site")
	if _, err := sitegen.Write(n, 1, sitegen.DefaultUntil, dir, ""); err != nil {
		b.Fatal(err)
	}
	if benchSites.dirs == nil {
		benchSites.dirs = map[int]string{}
	}
	benchSites.dirs[n] = dir
	return dir
}

// countSink receives a build's files and keeps nothing but their count
// and size.
type countSink struct{ files, bytes atomic.Int64 }

func (c *countSink) Add(_ string, data []byte) error {
	c.files.Add(1)
	c.bytes.Add(int64(len(data)))
	return nil
}

func BenchmarkStage(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("load/n=%d", n), func(b *testing.B) {
			fsys := os.DirFS(benchSite(b, n))
			b.ReportAllocs()
			for b.Loop() {
				site, diags := load.Load(fsys)
				diags = append(diags, site.Validate()...)
				if diags.HasErrors() {
					b.Fatal(diags)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
		})
		b.Run(fmt.Sprintf("render/n=%d", n), func(b *testing.B) {
			fsys := os.DirFS(benchSite(b, n))
			site, diags := load.Load(fsys)
			diags = append(diags, site.Validate()...)
			th, err := loadTheme(fsys, site.Config.Theme)
			if err != nil || diags.HasErrors() {
				b.Fatal(err, diags)
			}
			pub := site.Publishable(benchNow, false, false)
			opt := render.Options{Now: benchNow, Theme: th, Markdown: markdown.New(), Source: fsys}
			b.ReportAllocs()
			var out *countSink
			for b.Loop() {
				out = new(countSink)
				if d := render.Render(pub, opt, out); d.HasErrors() {
					b.Fatal(d)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
			b.ReportMetric(float64(out.files.Load()), "files")
		})
		for _, rebuild := range []bool{false, true} {
			name := "write"
			if rebuild {
				name = "rebuild-unchanged"
			}
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				fsys := os.DirFS(benchSite(b, n))
				root := b.TempDir()
				build := func(dir string) output.Stats {
					stage, err := output.Stage(dir, output.NoSync())
					if err != nil {
						b.Fatal(err)
					}
					defer stage.Abort()
					res := Build(fsys, Options{Now: benchNow, Out: stage})
					if res.Diags.HasErrors() {
						b.Fatal(res.Diags)
					}
					st, err := stage.Commit()
					if err != nil {
						b.Fatal(err)
					}
					return st
				}
				if rebuild {
					build(filepath.Join(root, "public"))
				}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					dir := filepath.Join(root, fmt.Sprint("public", i))
					if rebuild {
						dir = filepath.Join(root, "public")
					}
					if st := build(dir); st.Swapped == rebuild {
						b.Fatalf("Stats = %+v", st)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
			})
		}
	}
}
