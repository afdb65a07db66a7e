package load

import (
	"testing"
	"testing/fstest"
)

// TestScratchFilesLeftOut: the files editors' tools leave around a save,
// in content/ or in a bundle, are neither read nor published.
func TestScratchFilesLeftOut(t *testing.T) {
	fsys := fstest.MapFS{
		"content/prensa/nota.md":                {Data: []byte("---\ntitle: x\n---\n")},
		"content/prensa/nota.md~":               {},
		"content/prensa/.nota.md.swp":           {},
		"content/prensa/nota.md.tmp":            {},
		"content/prensa/b/index.md":             {Data: []byte("---\ntitle: x\n---\n")},
		"content/prensa/b/foto.jpg":             {},
		"content/prensa/b/~$informe.docx":       {},
		"content/prensa/b/Thumbs.db":            {},
		"content/prensa/b/index.md___jb_tmp___": {},
	}
	md, static, diags := Scan(fsys)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	var got []string
	for _, e := range md {
		got = append(got, e.Path)
	}
	for _, f := range static {
		got = append(got, f.Path)
	}
	want := map[string]bool{"content/prensa/nota.md": true, "content/prensa/b/index.md": true, "content/prensa/b/foto.jpg": true}
	if len(got) != len(want) {
		t.Errorf("scanned %q, want only %v", got, want)
	}
	for _, p := range got {
		if !want[p] {
			t.Errorf("%s was read or published", p)
		}
	}
}
