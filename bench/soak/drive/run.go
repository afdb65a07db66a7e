package drive

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Sample is what is measured of serve every so many edits.
type Sample struct {
	Edits      int
	RSS        int64 // bytes
	Goroutines int
	FDs        int // open file descriptors
}

// Target is a running `cabildo serve` of the site Run edits.
type Target struct {
	BaseURL string        // "http://127.0.0.1:1313"
	Lines   <-chan string // what serve prints, stdout and stderr
	Sample  func() (Sample, error)
	// Fresh builds the site's files as they are now with `cabildo build`
	// (same -now as serve) into a new folder and returns it.
	Fresh func() (string, error)
}

// Config says how many edits Run makes.
type Config struct {
	Site  string // prepared by Prepare
	Edits int
	Every int // sample every so many edits
	Seed  uint64
	Log   io.Writer // progress lines; nil for none
	// Wait is the longest a rebuild may take (default one minute).
	Wait time.Duration
	// Settle is how long to watch for a second rebuild after an edit
	// (default 150 ms; a second after a branch switch).
	Settle time.Duration
}

// Report is the outcome of Run.
type Report struct {
	First    Sample   // after the first build, before any edit
	Samples  []Sample // every Config.Every edits
	Rebuilds []time.Duration
	// Extra counts rebuilds beyond one per edit: a mass change (a branch
	// switch) that was not coalesced into one rebuild.
	Extra int
	// Errors counts rebuilds that ended with errors (none expected);
	// ErrorLines are the first lines serve printed about them.
	Errors     int
	ErrorLines []string
	Kinds      map[string]int // edits made, by kind
	// Compared is the number of files compared with the fresh build;
	// Gone the number of URLs of removed texts checked to answer 404.
	Compared, Gone int
}

// rebuildLine is serve's last line about a rebuild, with its duration.
var rebuildLine = regexp.MustCompile(`^(?:Sitio actualizado: .* en (\S+) \(|.*: se sigue mostrando la última versión correcta \((\S+)\)$)`)

// Run makes cfg.Edits edits to a site whose serve has finished its first
// build, each followed by the rebuild it causes, sampling every cfg.Every
// edits; at the end it compares the served site with a fresh build.
func Run(cfg Config, t Target) (Report, error) {
	if cfg.Wait == 0 {
		cfg.Wait = time.Minute
	}
	if cfg.Every == 0 {
		cfg.Every = 100
	}
	if cfg.Settle == 0 {
		cfg.Settle = 150 * time.Millisecond
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format, args...)
		}
	}
	rep := Report{Kinds: map[string]int{}}
	var err error
	if rep.First, err = t.Sample(); err != nil {
		return rep, err
	}
	logf("%6s %10s %10s %4s  %s\n", "edits", "RSS (MiB)", "goroutines", "fds", "rebuild time so far: p50 p90 p99 max; errors; extra rebuilds")
	logf("%6d %10.1f %10d %4d\n", 0, mib(rep.First.RSS), rep.First.Goroutines, rep.First.FDs)
	ed := newEditor(cfg.Site, cfg.Seed)
	for n := range cfg.Edits {
		name, do := ed.pick(n)
		rep.Kinds[name]++
		if err := do(ed, n); err != nil {
			return rep, fmt.Errorf("edit %d (%s): %w", n+1, name, err)
		}
		took, failed, said, err := waitRebuild(t.Lines, cfg.Wait)
		if err != nil {
			return rep, fmt.Errorf("edit %d (%s): %w", n+1, name, err)
		}
		rep.Rebuilds = append(rep.Rebuilds, took)
		if failed {
			rep.Errors++
			if len(rep.ErrorLines) < 20 {
				rep.ErrorLines = append(rep.ErrorLines, fmt.Sprintf("edit %d (%s):", n+1, name))
				rep.ErrorLines = append(rep.ErrorLines, said...)
			}
		}
		// A mass change split in two would show as a second rebuild soon
		// after the first; watch for one a little longer after those.
		settle := cfg.Settle
		if name == "cambio de rama" {
			settle = time.Second
		}
		rep.Extra += countRebuilds(t.Lines, settle)
		if (n+1)%cfg.Every == 0 {
			s, err := t.Sample()
			if err != nil {
				return rep, err
			}
			s.Edits = n + 1
			rep.Samples = append(rep.Samples, s)
			d := rep.Rebuilds
			logf("%6d %10.1f %10d %4d  %v %v %v %v; %d; %d\n", s.Edits, mib(s.RSS), s.Goroutines, s.FDs,
				Percentile(d, 50), Percentile(d, 90), Percentile(d, 99), Percentile(d, 100), rep.Errors, rep.Extra)
		}
	}
	fresh, err := t.Fresh()
	if err != nil {
		return rep, fmt.Errorf("fresh build: %w", err)
	}
	rep.Compared, rep.Gone, err = compare(t.BaseURL, fresh, ed.gone)
	return rep, err
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// waitRebuild reads serve's lines until one ends a rebuild; said are the
// lines before it.
func waitRebuild(lines <-chan string, wait time.Duration) (took time.Duration, failed bool, said []string, err error) {
	timeout := time.After(wait)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return 0, false, said, errors.New("serve ended")
			}
			if m := rebuildLine.FindStringSubmatch(l); m != nil {
				d, err := time.ParseDuration(m[1] + m[2])
				return d, m[2] != "", append(said, l), err
			}
			said = append(said, l)
		case <-timeout:
			return 0, false, said, fmt.Errorf("no rebuild within %v", wait)
		}
	}
}

// countRebuilds counts the rebuilds that end within d.
func countRebuilds(lines <-chan string, d time.Duration) int {
	n := 0
	timeout := time.After(d)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return n
			}
			if rebuildLine.MatchString(l) {
				n++
			}
		case <-timeout:
			return n
		}
	}
}

// What a serve build adds to every page that `cabildo build` does not:
// the live-reload script (render.Options.DevHead) and the build number
// (serve.Server.inject).
var (
	devHead   = []byte(`<script src="/_cabildo/live.js" defer></script>`)
	buildMeta = regexp.MustCompile(`<meta name="cabildo-build" content="\d+">`)
)

// compare fetches every file of the fresh build from serve and compares
// the bytes, once the two additions of serve are taken out of HTML pages;
// and checks that every URL in gone that the fresh build does not have
// answers 404.
func compare(base, fresh string, gone []string) (compared, checkedGone int, err error) {
	var diffs []string
	err = filepath.WalkDir(fresh, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(fresh, name)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, ".") {
			return nil // the output's marker
		}
		want, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		code, got, err := Get(base + "/" + rel)
		if err != nil {
			return err
		}
		got = bytes.Replace(buildMeta.ReplaceAll(got, nil), devHead, nil, 1)
		compared++
		if code != http.StatusOK || !bytes.Equal(got, want) {
			diffs = append(diffs, fmt.Sprintf("%s: status %d, %d bytes served, %d built", rel, code, len(got), len(want)))
		}
		return nil
	})
	if err != nil {
		return compared, 0, err
	}
	slices.Sort(gone)
	for _, u := range slices.Compact(gone) {
		if _, err := os.Stat(filepath.Join(fresh, filepath.FromSlash(u), "index.html")); err == nil {
			continue // back, on another branch
		}
		code, _, err := Get(base + u)
		if err != nil {
			return compared, checkedGone, err
		}
		checkedGone++
		if code != http.StatusNotFound {
			diffs = append(diffs, fmt.Sprintf("%s: status %d, want 404 (its file is gone)", u, code))
		}
	}
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], fmt.Sprintf("… and %d more", len(diffs)-20))
		}
		return compared, checkedGone, fmt.Errorf("the served site differs from a fresh build:\n%s", strings.Join(diffs, "\n"))
	}
	return compared, checkedGone, nil
}

// client keeps one connection per server: a poll is one request on a
// warm connection, not a TCP handshake.
var client = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true},
}

// Get fetches url and returns its status and body; the soak and the
// latency benchmarks both ask their servers through it.
func Get(url string) (int, []byte, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// Percentile returns the p-th percentile (0–100) of ds, nearest rank.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Summary writes the figures of a report.
func (r Report) Summary(w io.Writer) {
	last := r.First
	if len(r.Samples) > 0 {
		last = r.Samples[len(r.Samples)-1]
	}
	var peak int64
	for _, s := range r.Samples {
		peak = max(peak, s.RSS)
	}
	fmt.Fprintf(w, "edits: %d (%s)\n", len(r.Rebuilds), kindsString(r.Kinds))
	fmt.Fprintf(w, "RSS: %.1f MiB after the first build, %.1f MiB at the end (%.2fx), %.1f MiB at most (%.2fx)\n",
		mib(r.First.RSS), mib(last.RSS), float64(last.RSS)/float64(r.First.RSS), mib(peak), float64(peak)/float64(r.First.RSS))
	fmt.Fprintf(w, "goroutines: %d → %d; open files: %d → %d\n", r.First.Goroutines, last.Goroutines, r.First.FDs, last.FDs)
	fmt.Fprintf(w, "rebuild time: p50 %v, p90 %v, p99 %v, max %v\n",
		Percentile(r.Rebuilds, 50), Percentile(r.Rebuilds, 90), Percentile(r.Rebuilds, 99), Percentile(r.Rebuilds, 100))
	fmt.Fprintf(w, "rebuilds beyond one per edit: %d; rebuilds with errors: %d\n", r.Extra, r.Errors)
	for _, l := range r.ErrorLines {
		fmt.Fprintln(w, "  ", l)
	}
	fmt.Fprintf(w, "served site = fresh build: %d files compared, %d removed URLs answer 404\n", r.Compared, r.Gone)
}

func kindsString(k map[string]int) string {
	var parts []string
	for _, name := range []string{"texto", "título", "hora de evento", "nuevo", "borrado", "renombrado", "cambio de rama"} {
		if k[name] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", name, k[name]))
		}
	}
	return strings.Join(parts, ", ")
}
