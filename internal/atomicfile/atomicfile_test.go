package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWrite: the file is created with its folder, replaced whole,
// readable by all, and no temporary file stays; a path that cannot be
// written leaves the old file as it was.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a", "b.txt")
	for _, data := range []string{"uno", "dos, más largo"} {
		if err := Write(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(p); err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
	}
	if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", st.Mode().Perm(), err)
	}
	if err := Write(filepath.Join(p, "c.txt"), []byte("x")); err == nil {
		t.Errorf("writing under a file succeeded")
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries; want only b.txt", len(entries))
	}
	if got, _ := os.ReadFile(p); string(got) != "dos, más largo" {
		t.Errorf("the file changed: %q", got)
	}
}
