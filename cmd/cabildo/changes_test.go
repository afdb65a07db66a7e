package main

import (
	"slices"
	"strings"
	"testing"

	"cabildo/internal/content"
)

// TestPrintChanges: after an edit serve prints only what changed, with
// positions, and a line that counts it; nothing when nothing changed.
func TestPrintChanges(t *testing.T) {
	warn := func(file string, line int, msg string) content.Diagnostic {
		return content.Diagnostic{Pos: content.Pos{File: file, Line: line, Col: 1}, Msg: msg, Severity: content.SeverityWarning}
	}
	var many content.Diagnostics
	for i := range 2000 {
		many = append(many, warn("content/lobby", 0, "mes sin registros "+string(rune('a'+i%26))))
	}
	old := append(slices.Clone(many),
		warn("content/prensa/a.md", 3, "el resumen tiene 400 caracteres"),
		warn("content/prensa/b.md", 3, "el resumen tiene 400 caracteres"),
	)
	cur := append(slices.Clone(many),
		warn("content/prensa/a.md", 4, "el resumen tiene 400 caracteres"), // moved a line down
		content.Diagnostic{Pos: content.Pos{File: "content/eventos/feria.md", Line: 3, Col: 8}, Msg: `fecha no válida "2026-02-30"`},
	)
	var b strings.Builder
	printChanges(&b, old, cur)
	want := `content/eventos/feria.md:3:8: fecha no válida "2026-02-30"
resuelto: content/prensa/b.md:3:1: aviso: el resumen tiene 400 caracteres
1 error nuevo, 1 aviso resuelto; en total 1 error y 2001 avisos (cabildo check los lista todos)
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	printChanges(&b, cur, cur)
	if b.String() != "" {
		t.Errorf("nothing changed, yet:\n%s", b.String())
	}
}
