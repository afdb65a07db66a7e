//go:build unix

package output

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The crash test re-executes the test binary as a child that Writes a
// large Set and is killed with SIGKILL at varying moments.
const (
	childEnv    = "CABILDO_OUTPUT_CHILD"
	childDirEnv = "CABILDO_OUTPUT_DIR"
	childFbEnv  = "CABILDO_OUTPUT_FALLBACK"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(crashChild())
	}
	os.Exit(m.Run())
}

func crashChild() int {
	if os.Getenv(childFbEnv) == "1" {
		exchangeDirs = func(a, b string) error { return errExchangeUnsupported }
	}
	s := NewSet()
	for p, data := range crashFiles("nueva") {
		if err := s.Add(p, []byte(data)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	// SIGKILL does not lose the page cache, so fsync changes nothing this
	// test can observe; skipping it keeps 40 builds within seconds.
	if _, err := Write(os.Getenv(childDirEnv), s, NoSync()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// crashFiles returns 2,000 files for a version of the site: a third are
// equal in every version (so the child hard-links them), the rest differ,
// and 100 paths exist only in this version.
func crashFiles(version string) map[string]string {
	files := map[string]string{}
	for i := range 2000 {
		// Pages get a directory each (pretty URLs); feeds and vCards
		// share one.
		p := fmt.Sprintf("prensa/p%04d/index.html", i)
		if i%2 == 1 {
			p = fmt.Sprintf("contactos/%04d.vcf", i)
		}
		if i >= 1900 {
			p = fmt.Sprintf("solo-%s/%04d.html", version, i)
		}
		body := strings.Repeat(fmt.Sprintf("<p>archivo %d</p>\n", i), 1+i%100)
		if i%3 != 0 {
			body = version + body
		}
		files[p] = body
	}
	return files
}

// memTempDir returns a temporary directory in /dev/shm when there is one.
// What the crash test checks, rename atomicity against a killed process,
// is the same on every Linux file system; a memory file system just lets
// 40 builds of 2,000 files finish in seconds.
func memTempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("/dev/shm", "cabildo-output-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 40 child builds")
	}
	for _, fallback := range []bool{false, true} {
		name := "exchange"
		if fallback {
			name = "two renames"
		}
		kills := 20
		if fallback {
			kills = 10 // the path other systems take; Linux never needs it
		}
		t.Run(name, func(t *testing.T) { testCrashSafety(t, fallback, kills) })
	}
}

func testCrashSafety(t *testing.T, fallback bool, kills int) {
	oldFiles, newFiles := crashFiles("vieja"), crashFiles("nueva")
	oldHash, newHash := hashFiles(withMarker(oldFiles)), hashFiles(withMarker(newFiles))
	oldSet := setOf(t, oldFiles)
	parent := memTempDir(t)
	dir := filepath.Join(parent, "public")
	reset := func() {
		t.Helper()
		if _, err := Write(dir, oldSet, NoSync()); err != nil {
			t.Fatalf("Write after a killed build: %v", err)
		}
		if treeHash(t, dir) != oldHash {
			t.Fatal("Write after a killed build did not publish its tree")
		}
		assertNoLeftovers(t, dir)
	}
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1", childDirEnv+"="+dir)
		if fallback {
			cmd.Env = append(cmd.Env, childFbEnv+"=1")
		}
		cmd.Stderr = os.Stderr
		return cmd
	}

	// One uninterrupted run measures how long a child takes.
	reset()
	start := time.Now()
	if err := child().Run(); err != nil {
		t.Fatalf("child: %v", err)
	}
	full := time.Since(start)
	if got := treeHash(t, dir); got != newHash {
		t.Fatal("an uninterrupted child did not publish the new tree")
	}

	seen := map[string]int{}
	for i := range kills {
		reset()
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// From 0 to 110% of the measured run, so the last kills may miss.
		time.Sleep(full * time.Duration(11*i) / time.Duration(10*(kills-1)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		switch treeHash(t, dir) {
		case oldHash:
			seen["vieja"]++
		case newHash:
			seen["nueva"]++
		case "":
			// Only the fallback may leave no output, and then the
			// complete old tree must be waiting beside it.
			olds, _ := filepath.Glob(filepath.Join(parent, ".public.old-*"))
			if !fallback || len(olds) != 1 || treeHash(t, olds[0]) != oldHash {
				t.Fatalf("kill %d: output missing, and no old tree to restore (%q)", i, olds)
			}
			seen["ausente, restaurable"]++
		default:
			files, _, _ := readTree(t, dir)
			t.Fatalf("kill %d after %v: the output is a mix of old and new trees (%d files)",
				i, full*time.Duration(11*i)/time.Duration(10*(kills-1)), len(files))
		}
	}
	reset()
	t.Logf("run takes %v; after %d kills the output was: %v", full, kills, seen)
}
