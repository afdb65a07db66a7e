package markdown

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"
)

// A Problem is something an editor should fix, found while rendering.
type Problem struct {
	// Line and Col are 1-based and relative to the start of the Markdown
	// source given to Render; Col counts characters, not bytes. The caller
	// adds the lines of the front matter.
	Line, Col int
	// Msg is written for the editor, in Spanish.
	Msg string
	// Warning is set when the page is still correct as rendered; otherwise
	// something the editor wrote was dropped or is unreachable.
	Warning bool
}

func (p Problem) String() string {
	if p.Warning {
		return fmt.Sprintf("%d:%d: aviso: %s", p.Line, p.Col, p.Msg)
	}
	return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg)
}

// positions turns byte offsets of a source whose lines end in "\n" into
// lines and columns.
type positions struct {
	src   []byte
	lines []int // offsets of line starts, built on first use
}

func (p *positions) at(offset int) (line, col int) {
	if p.lines == nil {
		p.lines = append(p.lines, 0)
		for i, c := range p.src {
			if c == '\n' {
				p.lines = append(p.lines, i+1)
			}
		}
	}
	offset = max(0, min(offset, len(p.src)))
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > offset }) - 1
	return i + 1, utf8.RuneCount(p.src[p.lines[i]:offset]) + 1
}

// normalizeNewlines rewrites "\r\n" and a lone "\r" (both line endings in
// CommonMark) to "\n". Line numbers and columns stay those of the original
// source, because the "\r" only ever ends a line. It returns src itself when
// there is nothing to rewrite.
func normalizeNewlines(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	if i < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for ; i >= 0; i = bytes.IndexByte(src, '\r') {
		out = append(out, src[:i]...)
		out = append(out, '\n')
		src = src[i+1:]
		if len(src) > 0 && src[0] == '\n' {
			src = src[1:]
		}
	}
	return append(out, src...)
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
}
