package content

import (
	"slices"
	"testing"
)

func TestChanges(t *testing.T) {
	warn := func(file string, line int, msg string) Diagnostic {
		return Diagnostic{Pos: Pos{File: file, Line: line, Col: 1}, Msg: msg, Severity: SeverityWarning}
	}
	errAt := func(file string, line int, msg string) Diagnostic {
		return Diagnostic{Pos: Pos{File: file, Line: line, Col: 1}, Msg: msg}
	}
	old := Diagnostics{
		warn("content/a.md", 2, "falta el resumen"),
		warn("content/b.md", 5, "resumen largo"),
		warn("content/b.md", 9, "resumen largo"),
		warn("content/c.md", 1, "falta el resumen"),
	}
	cur := Diagnostics{
		// a.md: a line was added above: moved, not new.
		warn("content/a.md", 3, "falta el resumen"),
		// b.md: one of the two identical warnings went away.
		warn("content/b.md", 5, "resumen largo"),
		// c.md: the warning became an error.
		errAt("content/c.md", 1, "falta el resumen"),
		errAt("content/d.md", 4, "fecha no válida"),
	}
	added, resolved := Changes(old, cur)
	wantAdded := Diagnostics{errAt("content/c.md", 1, "falta el resumen"), errAt("content/d.md", 4, "fecha no válida")}
	wantResolved := Diagnostics{warn("content/b.md", 9, "resumen largo"), warn("content/c.md", 1, "falta el resumen")}
	if !slices.Equal(added, wantAdded) {
		t.Errorf("added = %v, want %v", added, wantAdded)
	}
	if !slices.Equal(resolved, wantResolved) {
		t.Errorf("resolved = %v, want %v", resolved, wantResolved)
	}
	if a, r := Changes(cur, cur); a != nil || r != nil {
		t.Errorf("Changes(cur, cur) = %v, %v; want nothing", a, r)
	}
}
