package load

import (
	"sync"
	"testing"
	"testing/fstest"
)

// TestProgress: Load reports each Markdown file decoded, of all of them,
// once; static files are not counted.
func TestProgress(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":         {Data: []byte(bodySite)},
		"content/a.md":              {Data: []byte("---\ntitle: A\n---\n")},
		"content/b.md":              {Data: []byte("---\ntitle: B\n---\n")},
		"content/prensa/x.md":       {Data: []byte("---\ntitle: \"X\"\ndate: 2026-11-02\nsummary: \"S.\"\n---\n")},
		"content/imagenes/logo.png": {Data: []byte("no cuenta")},
	}
	var mu sync.Mutex
	seen := map[int]int{}
	totals := map[int]bool{}
	Load(fsys, WithProgress(func(done, total int) {
		mu.Lock()
		seen[done]++
		totals[total] = true
		mu.Unlock()
	}))
	if len(totals) != 1 || !totals[3] {
		t.Errorf("totals %v; want only 3", totals)
	}
	for n := 1; n <= 3; n++ {
		if seen[n] != 1 {
			t.Errorf("%d files done reported %d times; want once", n, seen[n])
		}
	}
}
