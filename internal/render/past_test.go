package render

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestPastPagination: 120 past events fill three pages of
// /eventos/pasados/, newest first, each listed once, and each page says
// which it is.
func TestPastPagination(t *testing.T) {
	fsys := testSite(baseYAML)
	const n = 2*pastPerPage + 20
	day := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, -i).Format("2006-01-02")
		fsys[fmt.Sprintf("content/eventos/acto-%03d.md", i)] = &fstest.MapFile{Data: []byte(
			"---\ntitle: \"Acto " + d + "\"\nstart: " + d + "T10:00\nlocation: { name: \"Plaza\" }\n---\n")}
	}
	set, _ := renderSite(t, fsys)
	pages := []string{"eventos/pasados/index.html", "eventos/pasados/pagina/2/index.html", "eventos/pasados/pagina/3/index.html"}
	if _, ok := set.Get("eventos/pasados/pagina/4/index.html"); ok {
		t.Errorf("a fourth page for %d events", n)
	}
	next := 0 // the newest event not yet seen
	for p, name := range pages {
		page := file(t, set, name)
		if want := fmt.Sprintf("Actividades pasadas (página %d de 3)", p+1); !strings.Contains(page, "<h1>"+want+"</h1>") {
			t.Errorf("%s: no heading %q", name, want)
		}
		count := strings.Count(page, `href="/eventos/acto-`)
		if want := min(pastPerPage, n-p*pastPerPage); count != want {
			t.Errorf("%s lists %d events, want %d", name, count, want)
		}
		for i := next; i < next+count; i++ {
			if strings.Count(page, fmt.Sprintf(`href="/eventos/acto-%03d/"`, i)) != 1 {
				t.Errorf("%s does not list acto-%03d once", name, i)
			}
		}
		next += count
		if p < 2 && !strings.Contains(page, `rel="next"`) {
			t.Errorf("%s has no link to the next page", name)
		}
	}
	if next != n {
		t.Errorf("the pages list %d events, want %d", next, n)
	}
}
