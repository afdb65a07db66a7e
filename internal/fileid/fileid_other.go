//go:build !linux

package fileid

import "os"

const listed = false

func ofSys(any) ID { return ID{} }

// ReadDir lists the directory name; inode numbers are unknown here.
func ReadDir(name string) ([]Entry, error) {
	entries, err := os.ReadDir(name)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(entries))
	for i, e := range entries {
		out[i] = Entry{Name: e.Name(), Type: e.Type()}
	}
	return out, nil
}
