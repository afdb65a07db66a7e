package serve

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"unicode/utf8"

	"cabildo/internal/content"
)

// maxShown bounds the errors the overlay lists; the terminal has them all.
const maxShown = 30

// contextLines is how many lines around the offending one are quoted.
const contextLines = 2

// quote is an excerpt of a file around an error.
type quote struct {
	Lines []quoteLine
}

type quoteLine struct {
	N         int
	Text      string
	Hit       bool
	Before    string // on the offending line: text before the column
	At        string // the character at the column
	After     string
	HasColumn bool
}

type overlayError struct {
	Pos   string
	Msg   string
	Quote *quote
}

type overlayData struct {
	Late   bool // errors of pages made after the site was published
	Count  int
	Errors []overlayError
	More   int
}

var overlayTmpl = template.Must(template.New("overlay").Parse(`<div id="cabildo-overlay" role="alertdialog" aria-modal="true" aria-labelledby="cabildo-overlay-title" aria-describedby="cabildo-overlay-help" tabindex="-1">
<link rel="stylesheet" href="` + StylePath + `">
<div class="cabildo-overlay-box">
<h2 id="cabildo-overlay-title">{{if eq .Count 1}}El sitio tiene 1 error{{else}}El sitio tiene {{.Count}} errores{{end}}</h2>
<p id="cabildo-overlay-help">{{if .Late}}El resto del sitio ya muestra el cambio, pero {{if eq .Count 1}}esa página no se pudo generar y no se muestra{{else}}esas páginas no se pudieron generar y no se muestran{{end}}.{{else}}Se sigue mostrando la última versión correcta.{{end}} Corrija {{if eq .Count 1}}el error{{else}}los errores{{end}} y guarde el archivo: este aviso desaparecerá solo.</p>
<ol class="cabildo-overlay-list">
{{- range .Errors}}
<li><p><code class="cabildo-overlay-pos">{{.Pos}}</code> {{.Msg}}</p>
{{- with .Quote}}
<pre class="cabildo-overlay-quote">{{range .Lines}}{{if .Hit}}<mark aria-label="línea {{.N}}, donde está el error"><span class="cabildo-overlay-n">{{printf "%4d" .N}}</span> {{if .HasColumn}}{{.Before}}<span class="cabildo-overlay-col">{{.At}}</span>{{.After}}{{else}}{{.Text}}{{end}}</mark>{{else}}<span class="cabildo-overlay-n">{{printf "%4d" .N}}</span> {{.Text}}
{{end}}{{end}}</pre>
{{- end}}</li>
{{- end}}
</ol>
{{- if .More}}
<p>… y {{.More}} más: la lista completa está en la terminal donde corre cabildo serve.</p>
{{- end}}
<button type="button" data-cabildo-close>Cerrar (Esc)</button>
</div>
</div>`))

// Overlay returns the HTML of the error overlay for errs: each error's
// position and Spanish message, and the lines of the file around it with
// the offending line (and column) marked. Files are read from src.
func Overlay(src fs.FS, errs content.Diagnostics) template.HTML { return overlay(src, errs, false) }

// overlay is Overlay, or, if late, the overlay of errors found after the
// site was published (Server.Late).
func overlay(src fs.FS, errs content.Diagnostics, late bool) template.HTML {
	data := overlayData{Count: len(errs), Late: late}
	files := map[string][]string{}
	for i, d := range errs {
		if i == maxShown {
			data.More = len(errs) - maxShown
			break
		}
		e := overlayError{Pos: d.Pos.String(), Msg: d.Msg}
		if d.Pos.Line > 0 && src != nil {
			lines, ok := files[d.Pos.File]
			if !ok {
				lines = readLines(src, d.Pos.File)
				files[d.Pos.File] = lines
			}
			e.Quote = quoteAt(lines, d.Pos.Line, d.Pos.Col)
		}
		data.Errors = append(data.Errors, e)
	}
	var b bytes.Buffer
	if err := overlayTmpl.Execute(&b, data); err != nil {
		// The template is fixed and its data plain strings: this is a bug.
		panic(err)
	}
	return template.HTML(b.String())
}

// readLines returns the lines of a file, or nil if it cannot be read (it
// may have been deleted since).
func readLines(src fs.FS, name string) []string {
	data, err := fs.ReadFile(src, name)
	if err != nil || !utf8.Valid(data) {
		return nil
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.Split(s, "\n")
}

// quoteAt returns the lines around line (1-based), marking col (1-based,
// in characters) on it; nil if the file has no such line.
func quoteAt(lines []string, line, col int) *quote {
	if line < 1 || line > len(lines) {
		return nil
	}
	q := &quote{}
	for n := max(1, line-contextLines); n <= min(len(lines), line+contextLines); n++ {
		l := quoteLine{N: n, Text: strings.TrimRight(lines[n-1], "\r"), Hit: n == line}
		if l.Hit && col > 0 {
			runes := []rune(l.Text)
			if col <= len(runes) {
				l.HasColumn = true
				l.Before, l.At, l.After = string(runes[:col-1]), string(runes[col-1]), string(runes[col:])
			} else if col == len(runes)+1 {
				// The error is at the end of the line (a missing value).
				l.HasColumn = true
				l.Before, l.At = l.Text, " "
			}
		}
		q.Lines = append(q.Lines, l)
	}
	return q
}
