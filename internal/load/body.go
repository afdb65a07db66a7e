package load

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"

	"cabildo/internal/content"
)

// Option configures Decode (and Load).
type Option func(*options)

type options struct {
	bodyBudget int64
	progress   func(done, total int)
}

// WithProgress has Decode call fn with how many of the Markdown files it
// has decoded, of how many (a site of 100,000 items takes seconds to
// read). fn is called from several goroutines at once.
func WithProgress(fn func(done, total int)) Option {
	return func(o *options) { o.progress = fn }
}

// WithBodyBudget bounds the bytes of Markdown bodies Decode keeps in
// memory. Past the budget a document's Body is left nil, its BodyAt says
// where it is, and ReadBody reads it again when it is rendered: a site of
// 100,000 items has some 280 MB of bodies, more than all the rest of its
// model, and a one-shot build needs each body only once. Which bodies are
// kept depends on the order the files are read in; the output does not.
// n <= 0 keeps every body (the default).
func WithBodyBudget(n int64) Option {
	return func(o *options) { o.bodyBudget = n }
}

// bodySeed is this process's seed for body sums: they are compared only
// with sums made by the same process.
var bodySeed = maphash.MakeSeed()

func bodySum(b []byte) uint64 { return maphash.Bytes(bodySeed, b) }

// ErrChanged is returned by ReadBody when a file no longer has the body it
// had when it was loaded.
var ErrChanged = errors.New("el archivo cambió mientras se construía el sitio (¿se guardó durante la construcción?): vuelva a construir")

// ReadBody returns d's body: d.Body if it was kept, else read again from
// fsys. It fails with ErrChanged if the file changed since Load read it.
func ReadBody(fsys fs.FS, d *content.Doc) ([]byte, error) {
	if d.Body != nil || d.BodyAt.Len == 0 {
		return d.Body, nil
	}
	data, err := fs.ReadFile(fsys, d.Path)
	if err != nil {
		return nil, fmt.Errorf("no se pudo leer el archivo: %v", readError(err))
	}
	var diags content.Diagnostics
	data, ok := normalize(d.Path, data, &diags)
	if !ok || len(data) != d.BodyAt.Offset+d.BodyAt.Len {
		return nil, ErrChanged
	}
	body := data[d.BodyAt.Offset:]
	if bodySum(body) != d.BodyAt.Sum {
		return nil, ErrChanged
	}
	return body, nil
}
