package program

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestGoBuildID: the ID read from the test binary is the one `go tool
// buildid` prints, and two programs that differ in one constant have
// different IDs, so a new cabildo never reuses an old build's stamp.
func TestGoBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF only; elsewhere the program is summed whole")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildID(exe)
	if id == nil {
		t.Fatal("no build ID in the test binary")
	}
	if out, err := exec.Command("go", "tool", "buildid", exe).Output(); err == nil {
		if want := "go build id " + strings.TrimSpace(string(out)); string(id) != want {
			t.Errorf("read %q; go tool buildid says %q", id, want)
		}
	}
	if testing.Short() {
		return
	}
	dir := t.TempDir()
	ids := map[string][]byte{}
	for _, v := range []string{"uno", "dos"} {
		src := filepath.Join(dir, v, "main.go")
		os.MkdirAll(filepath.Dir(src), 0o755)
		os.WriteFile(src, []byte("package main\n\nconst v = \""+v+"\"\n\nfunc main() { println(v) }\n"), 0o644)
		bin := filepath.Join(dir, v, "prog")
		cmd := exec.Command("go", "build", "-o", bin, src)
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("go build: %v\n%s", err, out)
		}
		if ids[v] = goBuildID(bin); ids[v] == nil {
			t.Fatalf("%s: no build ID", v)
		}
	}
	if bytes.Equal(ids["uno"], ids["dos"]) {
		t.Errorf("two different programs have the same ID %q", ids["uno"])
	}
	if goBuildID(filepath.Join(dir, "uno", "main.go")) != nil {
		t.Error("a file that is not a program has a build ID")
	}
}
