// Package atomicfile replaces a file whole or not at all: the data goes
// into a temporary file beside it, which is renamed over it. A reader
// (an editor's tool, the next build) sees the old file or the new one,
// never half of one, and a program killed halfway leaves the old file.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces the file at path with data, readable by all (0644), and
// creates its folder if needed. On an error the file is as it was and no
// temporary file is left.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644) // CreateTemp makes it 0600
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
