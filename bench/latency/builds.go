package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

// buildRun is one measured full build.
type buildRun struct {
	wall, cpu time.Duration
	rss       int64 // peak resident set, bytes; 0 where the system does not say
	// floor is the driver's own peak resident set when it started the
	// build, which rss cannot be under (lowerPeakRSS).
	floor int64
}

// fullBuilds measures, before the servers start, runs full builds of
// each site into an empty folder: `cabildo build` and `hugo`, one run of
// each as a warm-up (the page cache), then alternating which goes first
// so that drift in the machine's load falls on both alike. Each output
// is removed after its run.
func fullBuilds(ctx context.Context, c config, cabSite, hugoSite, work string, runs int) (map[string][]buildRun, error) {
	command := func(tool, out string) *exec.Cmd {
		switch {
		case tool == "cabildo":
			return exec.CommandContext(ctx, c.cabildo, "build", "-q", "-src", cabSite, "-out", out, "-now", now)
		case c.against != "":
			return exec.CommandContext(ctx, c.against, "build", "-q", "-src", hugoSite, "-out", out, "-now", now)
		}
		return exec.CommandContext(ctx, c.hugo, "--source", hugoSite, "--destination", out,
			"--cacheDir", filepath.Join(work, "hugo-build-cache"), "--quiet")
	}
	results := map[string][]buildRun{}
	for i := -1; i < runs; i++ {
		order := []string{"cabildo", "hugo"}
		if i%2 != 0 {
			order = []string{"hugo", "cabildo"}
		}
		for _, tool := range order {
			out := filepath.Join(work, "full-"+tool)
			cmd := command(tool, out)
			floor := lowerPeakRSS()
			begin := time.Now()
			output, err := cmd.CombinedOutput()
			wall := time.Since(begin)
			if err != nil {
				return nil, fmt.Errorf("full build, %s: %v\n%s", tool, err, lastLine(string(output)))
			}
			if err := os.RemoveAll(out); err != nil {
				return nil, err
			}
			if i < 0 {
				continue // the warm-up
			}
			ps := cmd.ProcessState
			results[tool] = append(results[tool], buildRun{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), rss: peakRSS(ps), floor: floor})
		}
	}
	return results, nil
}

// printBuilds prints the full-build table: medians of each measure.
func printBuilds(results map[string][]buildRun) {
	median := func(tool string, f func(buildRun) float64) float64 {
		var v []float64
		for _, r := range results[tool] {
			v = append(v, f(r))
		}
		slices.Sort(v)
		if len(v) == 0 {
			return 0
		}
		return v[(len(v)-1)/2]
	}
	wall := func(r buildRun) float64 { return r.wall.Seconds() }
	cpu := func(r buildRun) float64 { return r.cpu.Seconds() }
	rss := func(r buildRun) float64 { return float64(r.rss) / (1 << 20) }
	fmt.Printf("full build into an empty folder, median of %d runs each:\n\n", len(results["cabildo"]))
	fmt.Printf("| construcción completa | tiempo (s) | CPU (s) | memoria máx. (MiB) |\n|---|---:|---:|---:|\n")
	for _, tool := range []string{"cabildo", "hugo"} {
		fmt.Printf("| %s | %.2f | %.2f | %.0f |\n", map[string]string{"cabildo": "Cabildo", "hugo": "Hugo"}[tool],
			median(tool, wall), median(tool, cpu), median(tool, rss))
	}
	ratio := func(f func(buildRun) float64) string {
		if h := median("hugo", f); h > 0 {
			return fmt.Sprintf("%.2f×", median("cabildo", f)/h)
		}
		return "—"
	}
	fmt.Printf("| Cabildo / Hugo | %s | %s | %s |\n\n", ratio(wall), ratio(cpu), ratio(rss))
	var floor int64
	for _, runs := range results {
		for _, r := range runs {
			floor = max(floor, r.floor)
			if r.rss > 0 && r.rss <= r.floor {
				fmt.Printf("warning: a build's peak memory (%.0f MiB) is the driver's own (%.0f MiB): the figure says nothing\n", float64(r.rss)/(1<<20), float64(r.floor)/(1<<20))
			}
		}
	}
	fmt.Printf("(a build's peak memory counts at least the driver's own peak when it started it; that was at most %.0f MiB)\n\n", float64(floor)/(1<<20))
}
