package render

import (
	"bufio"
	"io"
	"os"
	"sync"

	"cabildo/internal/output"
)

// rowSpill keeps the encoded search index entries of a lean render in a
// temporary file instead of memory. At 100,000 items they are 120 MB, the
// largest thing a build would otherwise hold until its end, when the index
// is written; the index is then assembled in the same file and handed to
// the sink from there (output.AddFrom), never whole in memory.
type rowSpill struct {
	mu  sync.Mutex
	f   *os.File
	w   *bufio.Writer
	end int64 // bytes written so far
	err error // the first write error; later puts do nothing
}

// newRowSpill creates the file beside the output when the sink can
// (output.Scratcher), else in the system's temporary folder; either way it
// is removed at once and goes away with the process, however the build
// ends.
func newRowSpill(out output.Sink) (*rowSpill, error) {
	var f *os.File
	var err error
	if sc, ok := out.(output.Scratcher); ok {
		f, err = sc.Scratch()
	} else if f, err = os.CreateTemp("", "cabildo-buscar-*"); err == nil {
		if err = os.Remove(f.Name()); err != nil {
			f.Close()
		}
	}
	if err != nil {
		return nil, err
	}
	return &rowSpill{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// put appends data and returns its offset.
func (s *rowSpill) put(data []byte) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	off := s.end
	if s.err == nil {
		_, s.err = s.w.Write(data)
		s.end += int64(len(data))
	}
	return off
}

// flush writes what is buffered; the bytes put so far can then be read.
func (s *rowSpill) flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}

// readAt reads the n bytes at off into buf, grown if needed.
func (s *rowSpill) readAt(buf []byte, off int64, n int) ([]byte, error) {
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	_, err := s.f.ReadAt(buf, off)
	return buf, err
}

// section is the bytes from off to the end, once flushed.
func (s *rowSpill) section(off int64) (io.ReaderAt, int64) {
	return io.NewSectionReader(s.f, off, s.end-off), s.end - off
}

func (s *rowSpill) close() { s.f.Close() }
