// Command latency measures how long `cabildo serve` and `hugo server`
// take to show an editor's save: it generates the same site for both
// (bench/gen/sitegen), runs both servers side by side, and for each kind
// of edit — a press release's body, its title, an event's start time, a
// new release, a deleted one — makes the same edit in each tree, one
// server at a time, and polls the served page over HTTP until it shows
// the change. Before the servers start it measures full builds of both
// sites (wall, CPU, peak memory). It prints the full-build table, p50
// and p95 per kind of edit and server, then checks that a no-change
// `cabildo build` writes nothing.
//
//	go build -o /tmp/cabildo ./cmd/cabildo
//	go run ./bench/latency -cabildo /tmp/cabildo -hugo hugo -n 10000
//
// bench/serve-latency.sh does both. See bench/README.md («Serve»).
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"cabildo/bench/gen/sitegen"
	"cabildo/bench/soak/drive"
)

// now is serve's clock (-now): after every generated date and after the
// releases the benchmark adds, so that they are published.
const now = "2026-11-27T12:00"

type config struct {
	cabildo, hugo string
	// against, if set, is another cabildo program that takes Hugo's
	// place: the same edits on a copy of the site, side by side.
	against   string
	hugoFlags []string
	n, edits  int
	builds    int
	work      string
	interval  time.Duration
	limit     time.Duration
	quiet     time.Duration
}

func main() {
	var c config
	var hugoFlags string
	flag.StringVar(&c.cabildo, "cabildo", "", "the cabildo program to measure (required)")
	flag.StringVar(&c.hugo, "hugo", "hugo", "the hugo program to compare with")
	flag.StringVar(&c.against, "against", "", "another cabildo program to measure instead of hugo, on a copy of the site (A/B of two versions)")
	flag.StringVar(&hugoFlags, "hugoflags", "", "more flags for `hugo server`, space-separated (e.g. --disableFastRender)")
	flag.IntVar(&c.n, "n", 10000, "items of the generated site")
	flag.IntVar(&c.edits, "edits", 20, "edits of each kind, per server")
	flag.IntVar(&c.builds, "builds", 3, "full builds of each site before the servers start, after one warm-up (0: none)")
	flag.StringVar(&c.work, "dir", "", "work folder, must not exist; kept (default: a new temporary folder, removed at the end)")
	flag.DurationVar(&c.interval, "poll", 5*time.Millisecond, "how often to ask for the page while waiting for a change")
	flag.DurationVar(&c.limit, "limit", 60*time.Second, "longest wait for one change; an edit that takes longer counts as this long")
	flag.DurationVar(&c.quiet, "quiet", 500*time.Millisecond, "between edits, wait until the server has printed nothing for this long")
	flag.Parse()
	c.hugoFlags = strings.Fields(hugoFlags)
	if c.cabildo == "" || c.n <= 0 || c.edits <= 0 || c.builds < 0 {
		fmt.Fprintln(os.Stderr, "latency: -cabildo is required; -n and -edits must be positive, -builds not negative")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "latency:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, c config) error {
	work := c.work
	if work == "" {
		dir, err := os.MkdirTemp(shm(), "cabildo-latency-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	} else if err := os.Mkdir(work, 0o755); err != nil {
		return err
	}
	cabSite, hugoSite, scratch := filepath.Join(work, "site"), filepath.Join(work, "hugosite"), filepath.Join(work, "scratch")
	if err := os.Mkdir(scratch, 0o755); err != nil {
		return err
	}
	begin := time.Now()
	var sum sitegen.Summary
	var err error
	if c.against == "" {
		sum, err = sitegen.Write(c.n, 1, sitegen.DefaultUntil, cabSite, hugoSite)
	} else if sum, err = sitegen.Write(c.n, 1, sitegen.DefaultUntil, cabSite, ""); err == nil {
		_, err = sitegen.Write(c.n, 1, sitegen.DefaultUntil, hugoSite, "") // the same site again
	}
	if err != nil {
		return err
	}
	fmt.Printf("site: %d items (%d press releases, %d events) in %s (%v)\n", c.n, sum.Press, sum.Events, work, time.Since(begin).Round(time.Millisecond))
	t, err := findTargets(cabSite, hugoSite, scratch, c.edits)
	if err != nil {
		return err
	}
	t.against = c.against != ""
	var builds map[string][]buildRun
	if c.builds > 0 {
		begin := time.Now()
		loadBuilds := loadavg()
		if builds, err = fullBuilds(ctx, c, cabSite, hugoSite, work, c.builds); err != nil {
			return err
		}
		fmt.Printf("full builds: %d of each in %v, load average before: %s; after: %s\n", c.builds+1, time.Since(begin).Round(time.Second), loadBuilds, loadavg())
	}

	servers := map[string]*server{}
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for _, tool := range []string{"cabildo", "hugo"} {
		port, err := freePort()
		if err != nil {
			return err
		}
		var bin string
		var args []string
		switch {
		case tool == "cabildo":
			bin = c.cabildo
			args = []string{"serve", "-src", cabSite, "-addr", fmt.Sprintf("127.0.0.1:%d", port), "-now", now}
		case c.against != "":
			bin = c.against
			args = []string{"serve", "-src", hugoSite, "-addr", fmt.Sprintf("127.0.0.1:%d", port), "-now", now}
		default:
			bin = c.hugo
			args = append([]string{"server", "--source", hugoSite,
				"--destination", filepath.Join(work, "hugo-public"), "--cacheDir", filepath.Join(work, "hugo-cache"),
				"--bind", "127.0.0.1", "--port", fmt.Sprint(port), "--baseURL", fmt.Sprintf("http://127.0.0.1:%d/", port)},
				c.hugoFlags...)
		}
		begin := time.Now()
		s, err := start(ctx, tool, map[string]string{"cabildo": cabSite, "hugo": hugoSite}[tool], bin,
			filepath.Join(work, tool+".log"), port, args...)
		if err != nil {
			return err
		}
		servers[tool] = s
		fmt.Printf("%s: first build and serving in %v: %s %s\n", tool, time.Since(begin).Round(time.Millisecond), filepath.Base(bin), strings.Join(args, " "))
		s.settle(c.quiet, 2*time.Minute)
	}

	one := func(k kind, tool string, i int) (time.Duration, error) {
		s := servers[tool]
		e, err := k.make(t, tool, i)
		if err != nil {
			return 0, err
		}
		d, err := measure(ctx, s, e, c.interval, c.limit)
		if err == errTimeout {
			fmt.Printf("  %s %s %d: not shown after %v; last lines:\n%s\n", tool, k.short, i, c.limit, s.Tail())
		} else if err != nil {
			return 0, fmt.Errorf("%s, %s, edit %d: %w\n%s", tool, k.name, i+1, err, s.Tail())
		}
		if k.short == "delete" && t.isHugo(tool) {
			// What a reader who kept the address sees once the list
			// has changed.
			code, _, err := get(s.base + pressURL(added(c.edits-1-i)))
			if err != nil {
				return 0, err
			}
			staleCodes[code]++
		}
		// Let the rebuild end (a server may rebuild again, or render the
		// rest of the site after the page): the next edit starts from a
		// quiet server.
		s.settle(c.quiet, 2*time.Minute)
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return d, err
	}

	// Warm-up, not counted: a save each, as an editor's first of the day.
	for _, tool := range []string{"cabildo", "hugo"} {
		if _, err := measure(ctx, servers[tool], t.warmup(), c.interval, c.limit); err != nil && err != errTimeout {
			return fmt.Errorf("warm-up, %s: %w", tool, err)
		}
		servers[tool].settle(c.quiet, 2*time.Minute)
	}

	load0 := loadavg()
	results := map[string]map[string][]time.Duration{"cabildo": {}, "hugo": {}}
	timeouts := map[string]map[string]int{"cabildo": {}, "hugo": {}}
	for _, k := range kinds {
		begin := time.Now()
		for i := range c.edits {
			// Alternate which server goes first, so that drift in the
			// machine's load falls on both alike.
			order := []string{"cabildo", "hugo"}
			if i%2 == 1 {
				order = []string{"hugo", "cabildo"}
			}
			for _, tool := range order {
				d, err := one(k, tool, i)
				if err == errTimeout {
					timeouts[tool][k.short]++
				} else if err != nil {
					return err
				}
				results[tool][k.short] = append(results[tool][k.short], d)
			}
		}
		fmt.Printf("%-38s cabildo p50 %v p95 %v; hugo p50 %v p95 %v (%v)\n", k.name,
			ms(drive.Percentile(results["cabildo"][k.short], 50)), ms(drive.Percentile(results["cabildo"][k.short], 95)),
			ms(drive.Percentile(results["hugo"][k.short], 50)), ms(drive.Percentile(results["hugo"][k.short], 95)),
			time.Since(begin).Round(time.Second))
	}
	load1 := loadavg()
	servers0 := maps.Clone(servers)
	for _, s := range servers {
		s.stop()
	}
	clear(servers)

	other := hugoVersion(c.hugo)
	if c.against != "" {
		other = "against " + c.against + " (in the hugo columns)"
	}
	fmt.Printf("\nN=%d items; %s\n", c.n, other)
	if builds != nil {
		printBuilds(builds)
	}
	fmt.Printf("serve: %d edits of each kind per server, polled every %v\n", c.edits, c.interval)
	fmt.Printf("load average before the edits: %s; after: %s\n", load0, load1)
	fmt.Printf("time from the write to the served page showing the change (ms):\n\n")
	fmt.Printf("| edición | Cabildo p50 | Cabildo p95 | Hugo p50 | Hugo p95 |\n|---|---:|---:|---:|---:|\n")
	for _, k := range kinds {
		cell := func(tool string, p float64) string {
			v := ms(drive.Percentile(results[tool][k.short], p))
			if timeouts[tool][k.short] > 0 && drive.Percentile(results[tool][k.short], p) >= c.limit {
				return "≥ " + v
			}
			return v
		}
		fmt.Printf("| %s | %s | %s | %s | %s |\n", k.name, cell("cabildo", 50), cell("cabildo", 95), cell("hugo", 50), cell("hugo", 95))
	}
	fmt.Println()
	for _, k := range kinds {
		fmt.Printf("- %s: %s\n", k.name, k.criterion)
	}
	if len(staleCodes) > 0 {
		fmt.Printf("- borrados: tras el cambio de /prensa/, la página del comunicado borrado respondía en Hugo %s\n", codes(staleCodes))
	}
	for _, tool := range []string{"cabildo", "hugo"} {
		for _, k := range kinds {
			if n := timeouts[tool][k.short]; n > 0 {
				fmt.Printf("- %s, %s: %d de %d ediciones no se vieron en %v (cuentan como %v)\n", tool, k.name, n, c.edits, c.limit, c.limit)
			}
		}
	}
	for _, tool := range []string{"cabildo", "hugo"} {
		if n := servers0[tool].failed.Load(); n > 0 {
			fmt.Printf("- %s: pedidos que fallaron mientras se esperaba un cambio, y se repitieron: %d (el último: %v)\n", tool, n, servers0[tool].lastErr.Load())
		}
	}
	fmt.Println("\nsamples (ms, in order):")
	for _, tool := range []string{"cabildo", "hugo"} {
		for _, k := range kinds {
			var parts []string
			for _, d := range results[tool][k.short] {
				parts = append(parts, ms(d))
			}
			fmt.Printf("  %s %s: %s\n", tool, k.short, strings.Join(parts, " "))
		}
	}

	fmt.Println()
	return noChange(c.cabildo, cabSite, filepath.Join(work, "public"))
}

var staleCodes = map[int]int{}

func codes(m map[int]int) string {
	var parts []string
	for _, c := range []int{200, 404} {
		if m[c] > 0 {
			parts = append(parts, fmt.Sprintf("%d en %d casos", c, m[c]))
		}
	}
	for c, n := range m {
		if c != 200 && c != 404 {
			parts = append(parts, fmt.Sprintf("%d en %d casos", c, n))
		}
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond)) }

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func hugoVersion(bin string) string {
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		return "hugo version unknown"
	}
	f := strings.Fields(string(out))
	if len(f) < 2 {
		return strings.TrimSpace(string(out))
	}
	return "hugo " + f[1]
}

// shm is tmpfs when there is one, so that the disk adds no noise.
func shm() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", ".probe-"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return ""
}

// noChange builds the edited site with `cabildo build` into out, then
// builds it again and checks that the second build changed nothing
// there: no file written, added or removed (same size, modification
// time and inode for every file and folder).
func noChange(bin, site, out string) error {
	build := func() (string, error) {
		b, err := exec.Command(bin, "build", "-src", site, "-out", out, "-now", now).CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("cabildo build: %v\n%s", err, b)
		}
		return lastLine(string(b)), nil
	}
	first, err := build()
	if err != nil {
		return err
	}
	before, err := snapshot(out)
	if err != nil {
		return err
	}
	second, err := build()
	if err != nil {
		return err
	}
	after, err := snapshot(out)
	if err != nil {
		return err
	}
	var changed []string
	for p, a := range after {
		if b, ok := before[p]; !ok || b != a {
			changed = append(changed, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			changed = append(changed, p+" (removed)")
		}
	}
	fmt.Printf("no-change rebuild of the edited site (cabildo build twice):\n  first:  %s\n  second: %s\n", first, second)
	if len(changed) > 0 {
		if len(changed) > 10 {
			changed = append(changed[:10], fmt.Sprintf("… and %d more", len(changed)-10))
		}
		return fmt.Errorf("the no-change rebuild touched %s:\n%s", out, strings.Join(changed, "\n"))
	}
	fmt.Printf("  %d files and folders, none written, added or removed by the second build\n", len(after))
	return nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

type stamp struct {
	size  int64
	mtime int64
	ino   uint64
}

func snapshot(root string) (map[string]stamp, error) {
	m := map[string]stamp{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st := stamp{size: info.Size(), mtime: info.ModTime().UnixNano()}
		st.ino = inode(info)
		m[p] = st
		return nil
	})
	return m, err
}
