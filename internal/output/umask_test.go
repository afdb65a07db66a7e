//go:build unix

package output

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteIgnoresUmask checks that a restrictive umask (common for root
// in hardened servers) does not produce a site the web server cannot read,
// nor one that never compares as unchanged.
func TestWriteIgnoresUmask(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o077))
	dir := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "hola", "prensa/a/index.html": "a"}
	for _, want := range []Stats{{Written: 2, Swapped: true}, {Unchanged: 2}} {
		st, err := Write(dir, setOf(t, files))
		if err != nil {
			t.Fatal(err)
		}
		if st != want {
			t.Errorf("Stats = %+v, want %+v", st, want)
		}
		assertTree(t, dir, files)
	}
}
