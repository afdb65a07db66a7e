// Command soak measures `cabildo serve` through a day of editing: it
// generates a site, starts serve on it, makes edits of every kind (texts,
// titles, event times, new, deleted and renamed files, branch switches of
// hundreds of files), waits for each rebuild, prints serve's memory (RSS),
// goroutines and open files every so many edits and the rebuild time
// percentiles, and checks at the end that the served site is byte for
// byte a fresh `cabildo build` of the same files.
//
//	go build -o /tmp/cabildo ./cmd/cabildo
//	go run ./bench/soak -cabildo /tmp/cabildo -n 10000 -edits 1000
//
// bench/soak.sh does both. See bench/README.md.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"cabildo/bench/soak/drive"
)

// now is serve's and the fresh build's clock: after every generated date.
const now = "2026-11-27T12:00"

func main() {
	bin := flag.String("cabildo", "", "the cabildo program to measure (required)")
	n := flag.Int("n", 10000, "items of the generated site")
	edits := flag.Int("edits", 1000, "edits to make")
	every := flag.Int("every", 100, "print a sample every so many edits")
	mass := flag.Int("mass", 500, "files a branch switch changes")
	seed := flag.Uint64("seed", 1, "seed of the choice of edits")
	work := flag.String("dir", "", "work folder (default: a new temporary one, removed at the end)")
	memprofile := flag.String("memprofile", "", "have serve write its live heap here when it ends")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "soak: -cabildo is required")
		os.Exit(2)
	}
	if err := run(*bin, *n, *edits, *every, *mass, *seed, *work, *memprofile); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run(bin string, n, edits, every, mass int, seed uint64, work, memprofile string) error {
	if work == "" {
		dir, err := os.MkdirTemp("", "cabildo-soak-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	}
	site := filepath.Join(work, "site")
	start := time.Now()
	if err := drive.Prepare(site, n, mass); err != nil {
		return err
	}
	fmt.Printf("site: %d items, branch %q changes %d files (%v)\n", n, drive.Other, mass, time.Since(start).Round(time.Millisecond))

	debug, err := freeAddr()
	if err != nil {
		return err
	}
	args := []string{"serve", "-src", site, "-addr", "127.0.0.1:0", "-now", now, "-debugaddr", debug}
	if memprofile != "" {
		args = append(args, "-memprofile", memprofile)
	}
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	start = time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	lines := make(chan string, 1<<16)
	done := make(chan bool, 2)
	for _, r := range []io.Reader{stdout, stderr} {
		go func() {
			sc := bufio.NewScanner(r)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines <- sc.Text()
			}
			done <- true
		}()
	}
	go func() { <-done; <-done; close(lines) }()

	base, err := waitStart(lines)
	if err != nil {
		return err
	}
	fmt.Printf("first build: %v\n", time.Since(start).Round(time.Millisecond))
	pid := cmd.Process.Pid
	t := drive.Target{
		BaseURL: base,
		Lines:   lines,
		Sample:  func() (drive.Sample, error) { return sample(pid, debug) },
		Fresh: func() (string, error) {
			out := filepath.Join(work, "fresh")
			os.RemoveAll(out)
			b, err := exec.Command(bin, "build", "-src", site, "-out", out, "-now", now, "-q", "-force").CombinedOutput()
			if err != nil {
				return "", fmt.Errorf("%v\n%s", err, b)
			}
			return out, nil
		},
	}
	rep, err := drive.Run(drive.Config{Site: site, Edits: edits, Every: every, Seed: seed, Log: os.Stdout}, t)
	if err != nil {
		return err
	}
	rep.Summary(os.Stdout)
	return nil
}

var startLine = regexp.MustCompile(`^Sitio en (http://\S+)/ `)

// waitStart reads serve's lines until it says where it listens.
func waitStart(lines <-chan string) (base string, err error) {
	timeout := time.After(5 * time.Minute)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return "", fmt.Errorf("serve ended before it started")
			}
			if m := startLine.FindStringSubmatch(l); m != nil {
				return m[1], nil
			}
		case <-timeout:
			return "", fmt.Errorf("serve did not start within 5 minutes")
		}
	}
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// sample reads serve's resident memory and open files from /proc, and
// its goroutines from its -debugaddr.
func sample(pid int, debug string) (drive.Sample, error) {
	var s drive.Sample
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return s, err
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return s, err
			}
			s.RSS = kb << 10
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return s, err
	}
	s.FDs = len(fds)
	// A connection of its own, closed at once, so that the count does not
	// include an idle connection of the previous sample.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://" + debug + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	first, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil {
		return s, err
	}
	// "goroutine profile: total 12"
	_, total, _ := strings.Cut(strings.TrimSpace(first), "total ")
	s.Goroutines, err = strconv.Atoi(total)
	return s, err
}
