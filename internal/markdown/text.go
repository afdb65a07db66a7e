package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// appendPlainText appends the plain text of the blocks of doc to dst (see
// Result.Text).
func appendPlainText(dst []byte, doc ast.Node, src []byte) []byte {
	p := plainText{b: dst, start: len(dst), src: src}
	p.blocks(doc, "", false)
	return p.b
}

type plainText struct {
	b     []byte
	start int // where this text starts in b
	src   []byte
	glue  bool // the next block goes on the current line, after a list marker
}

// open starts a block: on the current line after a list marker, else on a
// new line, after a blank line unless tight.
func (p *plainText) open(indent string, tight bool) {
	switch {
	case p.glue:
		p.glue = false
		return
	case len(p.b) == p.start:
	case tight:
		p.b = append(p.b, '\n')
	default:
		p.b = append(p.b, "\n\n"...)
	}
	p.b = append(p.b, indent...)
}

// blocks writes the blocks under n; inside lists they are tight, one per
// line, and indented under their item.
func (p *plainText) blocks(n ast.Node, indent string, tight bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *videoCard:
			p.inline(c, indent, tight)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			p.open(indent, tight)
			lines := c.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				line := seg.Value(p.src)
				if i > 0 {
					p.b = append(p.b, indent...)
				}
				p.b = append(p.b, line...)
			}
			p.b = trimNewlines(p.b)
		case *ast.List:
			for item, i := c.FirstChild(), c.Start; item != nil; item, i = item.NextSibling(), i+1 {
				p.open(indent, tight || item != c.FirstChild())
				if c.IsOrdered() {
					p.b = strconv.AppendInt(p.b, int64(i), 10)
					p.b = append(p.b, ". "...)
				} else {
					p.b = append(p.b, "- "...)
				}
				p.glue = true
				p.blocks(item, indent+"  ", true)
				p.glue = false
			}
		case *ast.Blockquote:
			p.blocks(c, indent, tight)
		case *htmlBlock:
			if len(c.PlainText) > 0 {
				p.open(indent, tight)
				p.b = append(p.b, c.PlainText...)
			}
		case *east.Table:
			first := true
			for row := c.FirstChild(); row != nil; row = row.NextSibling() {
				p.open(indent, tight || !first)
				first = false
				for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
					if cell != row.FirstChild() {
						p.b = append(p.b, " | "...)
					}
					p.b = appendInlineText(p.b, cell, p.src)
				}
			}
		}
	}
}

// inline writes a block of inline content as one paragraph, with runs of
// spaces collapsed (they come from dropped images and HTML), or nothing at
// all if it has no text.
func (p *plainText) inline(n ast.Node, indent string, tight bool) {
	mark, glue := len(p.b), p.glue
	p.open(indent, tight)
	start := len(p.b)
	p.b = appendInlineTextIndent(p.b, n, p.src, indent)
	text := p.b[start:]
	w := 0
	for i, c := range text {
		if c == ' ' && (w == 0 || text[w-1] == ' ' || text[w-1] == '\n' || i == len(text)-1) {
			continue
		}
		text[w] = c
		w++
	}
	for w > 0 && text[w-1] == ' ' {
		w--
	}
	p.b = p.b[:start+w]
	if w == 0 {
		p.b, p.glue = p.b[:mark], glue
	}
}

func trimNewlines(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	return b
}

// appendInlineText appends the text of the inline content of n: what a
// reader sees, without markup, images nor raw HTML.
func appendInlineText(dst []byte, n ast.Node, src []byte) []byte {
	return appendInlineTextIndent(dst, n, src, "")
}

// appendInlineTextIndent is appendInlineText for text in a list item:
// lines after a hard line break are indented.
func appendInlineTextIndent(dst []byte, n ast.Node, src []byte, indent string) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if c.IsRaw() || n.Kind() == ast.KindCodeSpan {
				for _, b := range v {
					if b == '\n' {
						b = ' '
					}
					dst = append(dst, b)
				}
			} else {
				dst = appendUnescaped(dst, v)
			}
			switch {
			case c.HardLineBreak():
				dst = append(dst, '\n')
				dst = append(dst, indent...)
			case c.SoftLineBreak():
				dst = append(dst, ' ')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				dst = append(dst, c.Value...)
			} else {
				dst = appendUnescaped(dst, c.Value)
			}
		case *ast.AutoLink:
			dst = append(dst, c.Label(src)...)
		case *east.TaskCheckBox:
			if c.IsChecked {
				dst = append(dst, "[x] "...)
			} else {
				dst = append(dst, "[ ] "...)
			}
		case *ast.Image, *ast.RawHTML:
		default:
			dst = appendInlineTextIndent(dst, c, src, indent)
		}
	}
	return dst
}
