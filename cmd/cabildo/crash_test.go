//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The CLI crash test re-executes the test binary as a child that runs
// `cabildo build` (through run) and kills it with SIGKILL at spread-out
// moments. The output folder must always be, to the byte, the previous
// complete build or the new complete build, and the next build must
// succeed and leave no temporary folder behind.
const (
	crashChildEnv = "CABILDO_CLI_CRASH_CHILD"
	crashArgsEnv  = "CABILDO_CLI_CRASH_ARGS" // arguments of run, separated by newlines
)

const crashNow = "2026-11-27T12:00:00-03:00"

// TestCrashChild is the child's body; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) != "1" {
		t.Skip("only run as the child of TestBuildKilled")
	}
	args := strings.Split(os.Getenv(crashArgsEnv), "\n")
	os.Exit(run(context.Background(), args, os.Stdout, os.Stderr))
}

// writePress adds n generated press releases to the site; version changes
// the text of two thirds of them, and the last tenth exist in one version
// only, so that a new build changes, adds and removes files.
func writePress(t *testing.T, site, version string, n int) {
	t.Helper()
	dir := filepath.Join(site, "content", "prensa")
	para := strings.Repeat("El municipio informa a los vecinos sobre obras, horarios y servicios de la comuna. ", 12)
	for i := range n {
		slug := fmt.Sprintf("2025-%02d-%02d-nota-%04d", 1+i%12, 1+i%28, i)
		if i >= n*9/10 {
			slug += "-" + version
		}
		text := para
		if i%3 != 0 {
			text = "Versión " + version + ". " + para
		}
		md := fmt.Sprintf("---\ntitle: \"Nota %d de la comuna\"\ndate: 2025-%02d-%02dT10:%02d\nsummary: \"Resumen de la nota %d.\"\ntopics: [comuna]\n---\n%s\n\n%s\n",
			i, 1+i%12, 1+i%28, i%60, i, text, para)
		if err := os.WriteFile(filepath.Join(dir, slug+".md"), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// crashParent returns a folder on a memory file system when there is one:
// what is tested, rename atomicity against a killed process, is the same
// on every Linux file system, and fsync there costs nothing.
func crashParent(t *testing.T) string {
	dir, err := os.MkdirTemp("/dev/shm", "cabildo-cli-crash-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func TestBuildKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 1,600 pages about 30 times")
	}
	const n, kills = 1500, 15
	oldSite, newSite := copySite(t), copySite(t)
	writePress(t, oldSite, "vieja", n)
	writePress(t, newSite, "nueva", n)
	parent := crashParent(t)
	out := filepath.Join(parent, "public")
	build := func(site string) {
		t.Helper()
		var stderr bytes.Buffer
		if code := run(context.Background(), []string{"build", "-q", "-src", site, "-out", out, "-now", crashNow}, &stderr, &stderr); code != 0 {
			t.Fatalf("build of %s: exit %d\n%s", site, code, stderr.String())
		}
		if left, _ := filepath.Glob(filepath.Join(parent, ".public.*")); len(left) > 0 {
			t.Fatalf("a complete build left %q behind", left)
		}
	}
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		args := []string{"build", "-q", "-src", newSite, "-out", out, "-now", crashNow}
		cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashArgsEnv+"="+strings.Join(args, "\n"))
		return cmd
	}

	build(newSite)
	newHash := contentHash(t, out)
	build(oldSite)
	oldHash := contentHash(t, out)
	if oldHash == newHash {
		t.Fatal("the two versions build the same tree")
	}

	// One uninterrupted child measures the run and publishes the new tree.
	start := time.Now()
	if b, err := child().CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, b)
	}
	full := time.Since(start)
	if contentHash(t, out) != newHash {
		t.Fatal("an uninterrupted child did not publish the new tree")
	}

	seen := map[string]int{}
	for i := range kills {
		build(oldSite) // also: a build after a killed one succeeds and cleans up
		if contentHash(t, out) != oldHash {
			t.Fatalf("kill %d: the build after a killed build did not publish its tree", i)
		}
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// From 5% to 110% of the measured run: the last kills may come
		// after the child is done.
		delay := full * time.Duration(5+105*i/(kills-1)) / 100
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch contentHash(t, out) {
		case oldHash:
			seen["anterior"]++
		case newHash:
			seen["nueva"]++
		default:
			t.Fatalf("kill %d after %v (of %v): the output is neither the old nor the new tree", i, delay, full)
		}
	}
	build(oldSite)
	t.Logf("a build takes %v; after %d kills the output was: %v", full, kills, seen)
}
