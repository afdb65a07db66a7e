package load

import (
	"bytes"
	"unicode/utf8"

	"cabildo/internal/content"
)

// checkPlaceholders reports the texts `cabildo new` writes for the editor
// to replace (content.Placeholders) that are still in a file about to be
// published: once draft: true is gone, nothing else would stop
// «Escriba aquí un resumen…» from going live. Comment lines of the front
// matter (before bodyLine) hold examples on purpose and are skipped.
func checkPlaceholders(path string, data []byte, bodyLine int, diags *content.Diagnostics) {
	found := false
	for _, p := range content.Placeholders {
		if bytes.Contains(data, []byte(p)) {
			found = true
			break
		}
	}
	if !found {
		return
	}
	line := 0
	for rest := data; len(rest) > 0; {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		line++
		if line < bodyLine && bytes.HasPrefix(bytes.TrimLeft(l, " \t"), []byte("#")) {
			continue
		}
		for _, p := range content.Placeholders {
			if i := bytes.Index(l, []byte(p)); i >= 0 {
				diags.Errorf(content.Pos{File: path, Line: line, Col: utf8.RuneCount(l[:i]) + 1},
					"«%s» es un texto de ejemplo de cabildo new y se publicaría: escriba el suyo, o vuelva a poner draft: true mientras no esté listo", p)
				break
			}
		}
	}
}
