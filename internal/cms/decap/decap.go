// Package decap holds Decap CMS, the JavaScript application of the web
// editor at /admin/ (package cms), as npm publishes it (decap-cms,
// dist/decap-cms.js, MIT license: LICENSE-THIRD-PARTY.txt), so that the
// site serves it itself (no CDN at run time) and `go install` gives a
// binary that needs nothing else. It is kept compressed: 1.5 MB in the
// binary instead of 5.2 MB; update.sh replaces it.
package decap

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sync"
)

// Version is the pinned version of the npm package decap-cms.
const Version = "3.16.3"

// SHA256 is the hash of dist/decap-cms.js of that version, as npm
// delivers it; a test checks the embedded file against it.
const SHA256 = "7c1efd6b616b4786e279aeef194dd21649a72058d3bc8d1f78901b574610dfb8"

// FileName is the name the build publishes the script under, in /admin/:
// the version in the name lets caches keep it until it changes.
const FileName = "decap-cms-" + Version + ".js"

//go:embed decap-cms.js.gz
var compressed []byte

// JS returns dist/decap-cms.js, decompressed once per process.
var JS = sync.OnceValue(func() []byte {
	r, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		panic("decap: embedded file is not gzip: " + err.Error())
	}
	b, err := io.ReadAll(r)
	if err != nil {
		panic("decap: embedded file is damaged: " + err.Error())
	}
	return b
})
