// Package program identifies the running cabildo program, for what is
// kept between runs: a new version must not reuse an old one's results.
package program

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"io"
	"os"
	"sync"
)

// ID identifies the running program: its Go build ID, or the sum of its
// bytes when it has none. Anything Cabildo keeps between runs as a
// function of its own code (the build's stamp, the markup of pictures)
// is keyed by it, so that a new version of cabildo (new templates, new
// rules) never reuses what an old one made. It is computed once.
var ID = sync.OnceValues(func() ([]byte, error) {
	path, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if id := goBuildID(path); id != nil {
		return id, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
})

// goBuildID returns the Go build ID the linker wrote in the ELF
// executable at path (its .note.go.buildid section), or nil. The
// go command makes its last part a hash of the program's own bytes, so
// it stands for the program as well as a sum of its 40 MB would, read
// in microseconds rather than the 25 ms of CPU that sum took on every
// build, a no-change rebuild included. Programs linked without one
// (-ldflags=-buildid=) and other formats are summed whole.
func goBuildID(path string) []byte {
	f, err := elf.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return nil
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return nil
	}
	// An ELF note: name size, description size, type, then the name
	// ("Go\x00\x00") and the description, the ID.
	order := f.ByteOrder
	nameSize, descSize := order.Uint32(note[0:]), order.Uint32(note[4:])
	start := 12 + (uint64(nameSize)+3)&^3
	if nameSize != 4 || string(note[12:15]) != "Go\x00" || start+uint64(descSize) > uint64(len(note)) || descSize == 0 {
		return nil
	}
	id := note[start : start+uint64(descSize)]
	if !bytes.Contains(id, []byte("/")) {
		return nil // not the action/content form the go command writes
	}
	return append([]byte("go build id "), id...)
}
