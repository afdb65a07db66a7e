package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"cabildo/bench/soak/drive"
)

// TestServeSoak is the short form of the soak benchmark (bench/soak.sh):
// 100 edits of every kind, two branch switches of 200 files among them,
// to a 1,000-item site under `cabildo serve` in this process. Serve must
// end with as many goroutines and open files as it had after its first
// build, rebuild once per edit, and serve exactly what a fresh `cabildo
// build` of the same files publishes.
func TestServeSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("100 rebuilds of a 1,000-item site")
	}
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("counts open files in /proc")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("switches git branches")
	}
	work := t.TempDir()
	site := filepath.Join(work, "site")
	if err := drive.Prepare(site, 1000, 200); err != nil {
		t.Fatal(err)
	}
	const now = "2026-11-27T12:00"
	ctx, cancel := context.WithCancel(context.Background())
	lines := make(chan string, 1<<14)
	outR, outW := io.Pipe()
	errR, errW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-src", site, "-addr", "127.0.0.1:0", "-now", now}, outW, errW)
		outW.Close()
		errW.Close()
	}()
	readers := make(chan bool, 2)
	for _, r := range []io.Reader{outR, errR} {
		go func() {
			sc := bufio.NewScanner(r)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines <- sc.Text()
			}
			readers <- true
		}()
	}
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited with %d", code)
		}
		<-readers
		<-readers
	}()
	var base string
	addr := regexp.MustCompile(`^Sitio en (http://\S+)/ `)
	for base == "" {
		select {
		case l := <-lines:
			if m := addr.FindStringSubmatch(l); m != nil {
				base = m[1]
			}
		case <-time.After(2 * time.Minute):
			t.Fatal("serve did not start")
		}
	}

	target := drive.Target{
		BaseURL: base,
		Lines:   lines,
		Sample:  selfSample,
		Fresh: func() (string, error) {
			out := filepath.Join(work, "fresh")
			os.RemoveAll(out)
			var log strings.Builder
			if code := run(context.Background(), []string{"build", "-src", site, "-out", out, "-now", now, "-q", "-force"}, &log, &log); code != 0 {
				return "", fmt.Errorf("build exited with %d:\n%s", code, log.String())
			}
			return out, nil
		},
	}
	var log strings.Builder
	rep, err := drive.Run(drive.Config{Site: site, Edits: 100, Every: 50, Seed: 1, Log: &log, Settle: 80 * time.Millisecond}, target)
	t.Logf("\n%s", log.String())
	if err != nil {
		t.Fatal(err)
	}
	var sum strings.Builder
	rep.Summary(&sum)
	t.Logf("\n%s", sum.String())
	last := rep.Samples[len(rep.Samples)-1]
	if last.Goroutines > rep.First.Goroutines || last.FDs > rep.First.FDs {
		t.Errorf("after 100 edits: %d goroutines and %d open files; after the first build %d and %d",
			last.Goroutines, last.FDs, rep.First.Goroutines, rep.First.FDs)
	}
	if rep.Extra > 0 {
		t.Errorf("%d rebuilds beyond one per edit", rep.Extra)
	}
	if rep.Errors > 0 {
		t.Errorf("%d rebuilds ended with errors", rep.Errors)
	}
}

// selfSample measures this process. The files of the outputs serve no
// longer uses are closed by the garbage collector (output.Store): collect
// first, and give the finalizers a moment, so that the count is of the
// files in use.
func selfSample() (drive.Sample, error) {
	var s drive.Sample
	for range 2 {
		runtime.GC()
	}
	time.Sleep(20 * time.Millisecond)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return s, err
	}
	s.FDs = len(fds)
	s.Goroutines = runtime.NumGoroutine()
	status, err := os.ReadFile("/proc/self/status")
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
	return s, nil
}
