package load

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"cabildo/internal/content"
)

// MaxFileSize is the largest Markdown or YAML file the loader reads. A
// press release is a few kilobytes; a file this large is a mistake (a pasted
// document, a binary renamed to .md) and would slow every build.
const MaxFileSize = 2 << 20

// source is one editor's file split into its parts.
type source struct {
	path     string
	meta     *yaml.Node // the front matter's top mapping, or nil
	metaLine int        // file line of the front matter's first line
	body     []byte
	bodyLine int
}

// capture is what the front matter format hands its block to: parsing is
// done here, with yaml.v3 nodes, to keep positions.
type capture struct {
	data  []byte
	found bool
}

var yamlFormat = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	c := v.(*capture)
	c.data, c.found = data, true
	return nil
})

// headReaders are the buffered readers adrg/frontmatter reads through
// (it uses the one it is given when it is a *bufio.Reader of at least the
// default size), kept for the next file instead of 4 KB new per file.
var headReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// frontMatterLen returns the length of data's head: through the line that
// closes the front matter, by adrg/frontmatter's rules (blank lines
// skipped, then "---" alone on its line, spaces around it ignored, up to
// the next such line). Without a closed front matter it is all of data.
// openLine is the 1-based line of the opening "---", or 0 if the first
// line that is not blank is something else.
func frontMatterLen(data []byte) (head, openLine int) {
	i, line := 0, 0
	for i < len(data) {
		line++
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			j = len(data) - i // the last line has no newline: frontmatter reads it at EOF
		}
		text := bytes.TrimSpace(data[i : i+j])
		i = min(i+j+1, len(data))
		switch {
		case openLine > 0 && string(text) == "---" && data[i-1] == '\n':
			return i, openLine
		case openLine > 0:
		case len(text) == 0:
		case string(text) == "---":
			openLine = line
		default:
			return len(data), 0 // no front matter
		}
	}
	return len(data), openLine
}

// normalize checks that data is text an editor can fix and returns it with
// LF line ends and no byte-order mark. Line numbers do not change: CRLF
// becomes LF and a lone CR becomes LF.
func normalize(path string, data []byte, diags *content.Diagnostics) ([]byte, bool) {
	if len(data) > MaxFileSize {
		size := sizeString(int64(len(data)))
		if size == sizeString(MaxFileSize+1) {
			// Just over the limit: "2.0 MB" alone would read as allowed.
			size = strconv.Itoa(len(data)) + " bytes"
		}
		diags.Errorf(content.Pos{File: path}, "el archivo pesa %s, más que el máximo de %s: ¿pegó un documento completo o una imagen? Adjunte los documentos como archivos aparte", size, sizeString(MaxFileSize))
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line, col := 1, 1
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += n
		}
		diags.Errorf(content.Pos{File: path, Line: line, Col: col}, "el archivo no está en UTF-8 (¿se guardó como Latin-1 o Windows-1252?): guárdelo con codificación UTF-8 en su editor")
		return nil, false
	}
	if bytes.IndexByte(data, 0) >= 0 {
		diags.Errorf(content.Pos{File: path}, "el archivo contiene bytes nulos: no es un texto; ¿es un archivo binario con extensión .md?")
		return nil, false
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data, true
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// split separates the YAML front matter from the Markdown body with
// adrg/frontmatter and parses the front matter into yaml.v3 nodes, whose
// lines are then moved to the editor's file.
func split(path string, data []byte, diags *content.Diagnostics) (*source, bool) {
	src := &source{path: path, body: data, bodyLine: 1}
	var c capture
	// adrg/frontmatter copies everything it reads into a buffer grown by
	// doubling and returns the body from there; given the whole file,
	// that is two copies of every body of the site. It is given the head
	// only (through the closing delimiter, found by its own rules) and
	// the body stays where the file was read.
	// The delimiter line is the first non-blank one; adrg/frontmatter
	// skips blank lines before it the same way.
	head, openLine := frontMatterLen(data)
	r := headReaders.Get().(*bufio.Reader)
	r.Reset(bytes.NewReader(data[:head]))
	rest, err := frontmatter.Parse(r, &c, yamlFormat)
	r.Reset(nil)
	headReaders.Put(r)
	if err != nil {
		diags.Errorf(content.Pos{File: path}, "no se pudo leer el bloque de metadatos: %v", err)
		return nil, false
	}
	// rest is the end of what it read: the body starts len(rest) bytes
	// before the head's end.
	body := data[head-len(rest):]
	if !c.found {
		if openLine > 0 {
			diags.Errorf(content.Pos{File: path, Line: openLine, Col: 1}, "el bloque de metadatos que empieza aquí con --- no se cierra: agregue una línea con --- después del último dato")
			return nil, false
		}
		return src, true
	}
	src.metaLine = openLine + 1
	src.body = body
	src.bodyLine = bytes.Count(data[:len(data)-len(body)], []byte("\n")) + 1
	if len(bytes.TrimSpace(c.data)) == 0 {
		return src, true
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(c.data, &doc); err != nil {
		diags.Errorf(yamlErrorPos(path, err, src.metaLine, c.data), "%s", yamlErrorMessage(err, c.data))
		return nil, false
	}
	if len(doc.Content) == 0 {
		return src, true
	}
	shiftLines(&doc, src.metaLine-1)
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Errorf(content.Pos{File: path, Line: root.Line, Col: root.Column}, "los metadatos deben ser pares clave: valor, uno por línea (como title: \"Mi título\")")
		return nil, false
	}
	src.meta = root
	return src, true
}

// parseYAMLFile parses a whole YAML file (site.yaml) into its top mapping.
func parseYAMLFile(path string, data []byte, diags *content.Diagnostics) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		diags.Errorf(yamlErrorPos(path, err, 1, data), "%s", yamlErrorMessage(err, data))
		return nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		diags.Errorf(content.Pos{File: path, Line: 1, Col: 1}, "site.yaml debe ser una lista de pares clave: valor (title:, base_url:, timezone:…)")
		return nil
	}
	return doc.Content[0]
}

func shiftLines(n *yaml.Node, by int) {
	if n.Line > 0 {
		n.Line += by
	}
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

var yamlLineRE = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// yamlErrorPos finds the line yaml.v3 names in err and moves it to the
// editor's file. yaml.v3 reports "line N" 1-based within the block; when it
// names no column, the first non-blank character of the line is used.
func yamlErrorPos(path string, err error, firstLine int, block []byte) content.Pos {
	// yaml.v3 leaves out "line N" when the problem is on the first line.
	line := 1
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		m = []string{"", "1", ""}
	}
	line, _ = strconv.Atoi(m[1])
	if parserError.MatchString(err.Error()) && strings.Contains(err.Error(), "line ") {
		// yaml.v3 numbers the lines of parser errors from 0 (and those of
		// scanner errors from 1), leaving "line N" out for the first line.
		line++
	}
	col := 0
	if m[2] != "" {
		col, _ = strconv.Atoi(m[2])
	}
	lines := strings.Split(string(block), "\n")
	if l, c, ok := unclosedQuote(lines, line); ok {
		return content.Pos{File: path, Line: firstLine + l - 1, Col: c}
	}
	if a := unknownAnchor.FindStringSubmatch(err.Error()); a != nil {
		for i, l := range lines {
			if j := strings.Index(l, "*"+a[1]); j >= 0 {
				return content.Pos{File: path, Line: firstLine + i, Col: utf8.RuneCountInString(l[:j]) + 1}
			}
		}
	}
	if line > len(lines) && len(lines) > 0 {
		line = len(lines)
	}
	if col == 0 && line >= 1 && line <= len(lines) {
		l := lines[line-1]
		col = utf8.RuneCountInString(l) - utf8.RuneCountInString(strings.TrimLeft(l, " \t")) + 1
		if strings.Contains(err.Error(), "mapping values are not allowed") {
			// The offending colon is the second one of the line.
			if i := strings.Index(l, ": "); i >= 0 {
				if j := strings.Index(l[i+2:], ":"); j >= 0 {
					col = utf8.RuneCountInString(l[:i+2+j]) + 1
				}
			}
		}
		if strings.Contains(err.Error(), "found character that cannot start any token") {
			if i := strings.IndexByte(l, '\t'); i >= 0 {
				col = utf8.RuneCountInString(l[:i]) + 1
			}
		}
	}
	return content.Pos{File: path, Line: firstLine + line - 1, Col: col}
}

// parserError matches the errors of yaml.v3's parser, as opposed to its
// scanner; they count lines differently.
var parserError = regexp.MustCompile(`did not find expected (key|node content|'-' indicator|',' or|<document start>)`)

var unknownAnchor = regexp.MustCompile(`unknown anchor '([^']*)'`)

// unclosedQuote finds, at or before the line where YAML gave up, a value
// whose opening quote is not closed on its line. YAML lets a quoted text
// run over several lines, so a forgotten quote is only noticed lines later,
// with a message about something else.
func unclosedQuote(lines []string, upTo int) (line, col int, ok bool) {
	for i := 0; i < len(lines) && i < upTo; i++ {
		l := lines[i]
		_, v, found := strings.Cut(l, ": ")
		if !found {
			if j := strings.Index(l, "- "); j >= 0 && strings.TrimSpace(l[:j]) == "" {
				v = l[j+2:]
			}
		}
		v = strings.TrimSpace(v)
		if v == "" || (v[0] != '"' && v[0] != '\'') {
			continue
		}
		q := v[0]
		closed := false
		for k := 1; k < len(v); k++ {
			if q == '"' && v[k] == '\\' {
				k++
				continue
			}
			if v[k] == q {
				if q == '\'' && k+1 < len(v) && v[k+1] == '\'' {
					k++ // '' is a quote inside single quotes
					continue
				}
				closed = true
				break
			}
		}
		if !closed {
			return i + 1, utf8.RuneCountInString(l[:strings.LastIndex(l, v)]) + 1, true
		}
	}
	return 0, 0, false
}

// yamlErrorMessage turns yaml.v3's English syntax errors into advice.
// strayQuote returns the quote (" or ') of a line "key: value" whose
// quoted value is followed by more text, as in title: "El "Gran" Evento":
// the editor meant the inner quotes as part of the text. It returns 0
// for any other line.
func strayQuote(line string) byte {
	_, value, ok := strings.Cut(line, ": ")
	if !ok {
		return 0
	}
	value = strings.TrimLeft(value, " ")
	if value == "" || (value[0] != '"' && value[0] != '\'') {
		return 0
	}
	q := value[0]
	for i := 1; i < len(value); i++ {
		switch {
		case q == '"' && value[i] == '\\':
			i++ // an escape
		case value[i] == q && q == '\'' && i+1 < len(value) && value[i+1] == '\'':
			i++ // '' is an apostrophe
		case value[i] == q:
			rest := strings.TrimLeft(value[i+1:], " ")
			if rest == "" || strings.ContainsAny(rest[:1], "#,]}") {
				return 0
			}
			return q
		}
	}
	return 0
}

func yamlErrorMessage(err error, block []byte) string {
	msg := err.Error()
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		if parserError.MatchString(msg) {
			line++
		}
	}
	if _, _, ok := unclosedQuote(strings.Split(string(block), "\n"), line); ok {
		return "las comillas que se abren aquí no se cierran en la misma línea: agregue la comilla de cierre al final del texto"
	}
	if lines := strings.Split(string(block), "\n"); line >= 1 && line <= len(lines) {
		// The parser stops at the line after a quoted value or at the
		// value itself: look at both.
		for _, l := range []int{line, line - 1} {
			if l < 1 {
				continue
			}
			switch strayQuote(lines[l-1]) {
			case '"':
				return `este valor tiene comillas rectas (") dentro de otras comillas rectas, y la segunda lo termina: escriba el valor entre comillas simples (title: 'El "Gran" Evento') o use comillas tipográficas dentro (title: "El «Gran» Evento" o “Gran”)`
			case '\'':
				return `este valor tiene un apóstrofo (') dentro de comillas simples, y lo termina: escriba el valor entre comillas dobles (title: "La plaza d'Orbigny") o duplique el apóstrofo ('d''Orbigny')`
			}
		}
	}
	if strings.Contains(msg, "mapping values are not allowed") {
		if lines := strings.Split(string(block), "\n"); line >= 1 && line <= len(lines) {
			l := lines[line-1]
			if strings.Count(l, ":") == 1 && strings.HasPrefix(l, " ") {
				return "esta línea tiene más sangría que la anterior: las claves van al inicio de la línea, sin espacios delante (o dentro de su grupo, con los mismos espacios que las otras claves del grupo)"
			}
		}
	}
	if a := unknownAnchor.FindStringSubmatch(msg); a != nil {
		return fmt.Sprintf("se usa el alias *%s, que no está definido: en los metadatos, un texto que empieza con * va entre comillas", a[1])
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = yamlLineRE.ReplaceAllString(msg, "")
	msg = strings.TrimLeft(msg, ": ")
	switch {
	case strings.Contains(msg, "found character that cannot start any token"):
		return "hay un carácter que YAML no admite aquí (¿una tabulación? use espacios para sangrar; ¿un @ o ` al inicio? ponga el texto entre comillas)"
	case strings.Contains(msg, "mapping values are not allowed"):
		return "sobra un «:» en este valor: si el texto lleva dos puntos, escríbalo entre comillas, como title: \"Alcaldía: balance 2026\""
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected node content"):
		return "la sangría o la estructura no es válida aquí: revise los espacios al inicio de la línea y que las listas empiecen con «- »"
	case strings.Contains(msg, "could not find expected ':'"):
		return "falta «:» después del nombre de la clave (clave: valor), o un texto de varias líneas no está entre comillas"
	case strings.Contains(msg, "found unexpected end of stream"), strings.Contains(msg, "found unexpected end"):
		return "el bloque de metadatos termina antes de tiempo: ¿falta cerrar comillas, [ o {?"
	case strings.Contains(msg, "did not find expected ',' or ']'"), strings.Contains(msg, "did not find expected ',' or '}'"):
		return "una lista [ ] o un grupo { } no está bien cerrado: revise comas, comillas y el cierre ] o }"
	case strings.Contains(msg, "found undefined alias"), strings.Contains(msg, "unknown anchor"):
		return "se usa un alias (*nombre) que no está definido"
	case strings.Contains(msg, "block sequence entries are not allowed"):
		return "una lista («- ») está mal sangrada: alinee los guiones debajo de la clave, con dos espacios"
	case strings.Contains(msg, "found a tab character"):
		return "hay una tabulación: en YAML la sangría se hace solo con espacios"
	}
	// yaml.v3's other messages are English and name parser internals;
	// the position is what helps.
	return "los metadatos no se pueden leer desde aquí: revise comillas, dos puntos (clave: valor), sangría y que no haya caracteres especiales (%, @, `, *, &, !) al inicio de un valor sin comillas"
}
