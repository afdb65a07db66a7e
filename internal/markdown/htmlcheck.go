package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// HTML nodes after the checker: the raw HTML an editor wrote, as it will be
// published. The renderer writes HTML as is.
type (
	htmlInline struct {
		ast.BaseInline
		HTML []byte
	}
	htmlBlock struct {
		ast.BaseBlock
		HTML      []byte
		PlainText []byte // the block's text, for Result.Text
	}
)

var (
	kindHTMLInline = ast.NewNodeKind("CabildoHTMLInline")
	kindHTMLBlock  = ast.NewNodeKind("CabildoHTMLBlock")
)

func (n *htmlInline) Kind() ast.NodeKind         { return kindHTMLInline }
func (n *htmlInline) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (n *htmlBlock) Kind() ast.NodeKind          { return kindHTMLBlock }
func (n *htmlBlock) Dump(src []byte, level int)  { ast.DumpHelper(n, src, level, nil, nil) }
func (n *htmlBlock) IsRaw() bool                 { return true }

// fragment is raw HTML gathered from the segments of one node, with where
// each segment starts in the source, so that every tag keeps its position.
type fragment struct {
	b      []byte
	starts [][2]int // {offset in b, offset in src}
}

func (f *fragment) add(b []byte, srcOffset int) {
	f.starts = append(f.starts, [2]int{len(f.b), srcOffset})
	f.b = append(f.b, b...)
}

func (f *fragment) srcOffset(i int) int {
	s := f.starts[0]
	for _, t := range f.starts {
		if t[0] > i {
			break
		}
		s = t
	}
	return s[1] + i - s[0]
}

// openTag is an allowed element waiting for its end tag.
type openTag struct {
	name      string
	excerpt   string
	line, col int
}

// rawHTML replaces inline HTML (one tag or comment) by what is published of
// it.
func (c *checker) rawHTML(n *ast.RawHTML) ast.Node {
	var f fragment
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		f.add(seg.Value(c.src), seg.Start)
	}
	next := n.NextSibling()
	n.Parent().ReplaceChild(n.Parent(), n, &htmlInline{HTML: c.filterHTML(&f)})
	return next
}

// htmlBlock replaces a block of HTML by what is published of it.
func (c *checker) htmlBlock(n *ast.HTMLBlock) ast.Node {
	var f fragment
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		f.add(seg.Value(c.src), seg.Start)
	}
	if n.HasClosure() {
		f.add(n.ClosureLine.Value(c.src), n.ClosureLine.Start)
	}
	next := n.NextSibling()
	if len(f.b) == 0 {
		n.Parent().RemoveChild(n.Parent(), n)
		return next
	}
	out := c.filterHTML(&f)
	if len(bytes.TrimSpace(out)) == 0 {
		n.Parent().RemoveChild(n.Parent(), n)
		return next
	}
	if !c.unsafe && !hasBlockElement(out) {
		out = append(append([]byte("<p>"), bytes.TrimSpace(out)...), "</p>"...)
	}
	n.Parent().ReplaceChild(n.Parent(), n, &htmlBlock{HTML: out, PlainText: htmlText(out)})
	return next
}

// filterHTML reports what in f the allow-list drops, tracks the allowed
// elements left open, and returns what is published: f as the allow-list
// leaves it, or f as written under unsafe_html.
func (c *checker) filterHTML(f *fragment) []byte {
	z := html.NewTokenizer(bytes.NewReader(f.b))
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		ex := excerpt(raw)
		tok := z.Token()
		line, col := c.pos.at(f.srcOffset(start))
		if tt == html.EndTagToken {
			if tok.Data == c.inside {
				c.inside = ""
			}
			c.endTag(tok.Data, line, col)
			continue
		}
		c.startTag(tok, ex, line, col, tt == html.SelfClosingTagToken)
	}
	if c.unsafe {
		return bytes.Clone(f.b)
	}
	return allowList().SanitizeBytes(wordListMarkers.ReplaceAll(f.b, nil))
}

// startTag reports what the allow-list drops from one start tag.
func (c *checker) startTag(tok html.Token, ex string, line, col int, selfClosing bool) {
	kept, allowed := sanitizeTag(tok)
	if allowed && !voidElements[tok.Data] && !selfClosing {
		c.open = append(c.open, openTag{tok.Data, ex, line, col})
	}
	if allowed && len(kept) == len(tok.Attr) {
		return
	}
	if c.unsafe {
		if isScript(tok) && !c.unsafeScripts {
			c.errorAt(line, col, "HTML que ejecuta código %s: no se publica aunque site.yaml tenga unsafe_html: true, y el sitio no se publica mientras esté; quítelo", ex)
			return
		}
		c.warnAt(line, col, "HTML publicado sin revisar %s, porque site.yaml tiene unsafe_html: true", ex)
		return
	}
	dangerous := false
	var formatting []string
	for _, a := range tok.Attr {
		if kept[a.Key] {
			continue
		}
		if scheme, bad := dangerousURL(a); bad {
			c.errorAt(line, col, "dirección peligrosa (%s:) en %s: el sitio no se publica mientras esté; escriba un enlace Markdown a una dirección https://, como [texto](https://…)", scheme, ex)
			dangerous = true
			continue
		}
		if strings.HasPrefix(a.Key, "on") {
			c.errorAt(line, col, "atributo peligroso %s= en %s: %s; el sitio no se publica mientras esté. %s", a.Key, ex, handlerRule.why, capitalize(handlerRule.instead))
			dangerous = true
			continue
		}
		formatting = append(formatting, a.Key+"=")
	}
	switch {
	case !allowed || len(formatting) == 0 || c.inside != "":
	case len(formatting) == 1:
		c.warnOnce(tok.Data+" "+formatting[0], line, col, "se quitó el atributo %s de %s (formato de Word o Google Docs; el tema da el formato); la etiqueta se publica sin él", formatting[0], ex)
	default:
		c.warnOnce(tok.Data+" "+strings.Join(formatting, " "), line, col, "se quitaron los atributos %s de %s (formato de Word o Google Docs; el tema da el formato); la etiqueta se publica sin ellos", strings.Join(formatting, ", "), ex)
	}
	if allowed || dangerous && !elementRule(tok.Data).danger {
		return
	}
	r := elementRule(tok.Data)
	if tok.Data == "meta" && !hasAttr(tok, "http-equiv") {
		r = docsMetaRule
	}
	switch {
	case r.danger:
		if !selfClosing && !emptyElements[tok.Data] {
			c.inside = tok.Data
		}
		c.errorAt(line, col, "HTML no permitido %s: %s; el sitio no se publica mientras esté. %s", ex, r.why, capitalize(r.instead))
	case c.inside != "":
		// Inside a dangerous element, which is reported already.
	case emptyElements[tok.Data]:
		c.warnOnce("tag "+tok.Data, line, col, "se quitó %s (%s)%s", ex, r.why, insteadClause(r))
	default:
		c.warnOnce("tag "+tok.Data, line, col, "se quitó %s (%s); su texto se publica%s", ex, r.why, insteadClause(r))
	}
}

func hasAttr(tok html.Token, key string) bool {
	for _, a := range tok.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// emptyElements have no text of their own to keep when they are dropped.
var emptyElements = map[string]bool{
	"img": true, "hr": true, "meta": true, "link": true, "base": true, "input": true, "embed": true, "wbr": true, "col": true, "area": true, "source": true, "track": true,
}

func insteadClause(r htmlRule) string {
	if r.instead == "" {
		return ""
	}
	return "; " + r.instead
}

// sanitizeTag asks the allow-list about one start tag: whether it keeps
// the element, and which attributes.
func sanitizeTag(tok html.Token) (kept map[string]bool, allowed bool) {
	out := allowList().Sanitize(tok.String())
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, false
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			kept = map[string]bool{}
			for _, a := range t.Attr {
				kept[a.Key] = true
			}
			return kept, true
		}
	}
}

// urlAttributes hold URLs a browser follows or loads.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"background": true, "poster": true, "data": true, "srcset": true, "cite": true,
}

func dangerousURL(a html.Attribute) (string, bool) {
	if !urlAttributes[a.Key] {
		return "", false
	}
	kind, scheme := classify(a.Val)
	return scheme, kind == destBlocked && dangerousSchemes[scheme]
}

// isScript reports whether a tag runs code: a script element, an event
// handler or a javascript: (or similar) URL.
func isScript(tok html.Token) bool {
	if scriptElements[tok.Data] {
		return true
	}
	for _, a := range tok.Attr {
		if _, bad := dangerousURL(a); bad || strings.HasPrefix(a.Key, "on") {
			return true
		}
	}
	return false
}

// endTag closes an allowed element. Rows, cells and table sections may go
// without their end tag, as in HTML.
func (c *checker) endTag(name string, line, col int) {
	if _, allowed := sanitizeTag(html.Token{Type: html.StartTagToken, Data: name}); !allowed || voidElements[name] {
		return
	}
	i := len(c.open) - 1
	for i >= 0 && c.open[i].name != name {
		i--
	}
	if i < 0 {
		c.errorAt(line, col, "«</%s>» cierra una etiqueta que no está abierta: quítelo o agregue <%s> donde empieza; el sitio no se publica mientras esté", name, name)
		return
	}
	for _, t := range c.open[i+1:] {
		if !optionalEnd[t.name] {
			c.errorAt(t.line, t.col, "%s no se cerró antes de «</%s>»: agregue </%s> donde termina%s; el sitio no se publica mientras falte", t.excerpt, name, t.name, tableClause(t.name))
		}
	}
	c.open = c.open[:i]
}

// emptyParagraph reports whether a paragraph is left with nothing to show
// once its HTML is filtered (a Word <o:p></o:p> on a line of its own).
func emptyParagraph(p *ast.Paragraph, src []byte) bool {
	for n := p.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *htmlInline:
			if len(n.HTML) > 0 {
				return false
			}
		case *ast.Text:
			if len(bytes.TrimSpace(n.Segment.Value(src))) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// tableClause offers a Markdown table when an HTML table is broken.
func tableClause(name string) string {
	if name == "table" || name == "caption" {
		return ", " + tableInstead
	}
	return ""
}

// unclosed reports the allowed elements still open at the end of the body.
func (c *checker) unclosed() {
	for _, t := range c.open {
		if !optionalEnd[t.name] {
			c.errorAt(t.line, t.col, "%s no se cerró: agregue </%s> donde termina%s; el sitio no se publica mientras falte", t.excerpt, t.name, tableClause(t.name))
		}
	}
	c.open = nil
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// hasBlockElement reports whether published HTML has an element that
// makes its own block.
func hasBlockElement(b []byte) bool {
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.EndTagToken:
			if name, _ := z.TagName(); blockElements[string(name)] {
				return true
			}
		}
	}
}

// htmlText is the text of published HTML: cells separated by " | ",
// rows, captions and summaries on their own lines.
func htmlText(b []byte) []byte {
	var out []byte
	z := html.NewTokenizer(bytes.NewReader(b))
	cells := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return bytes.TrimSpace(out)
		case html.TextToken:
			for _, r := range string(z.Text()) {
				if unicode.IsSpace(r) {
					if len(out) > 0 && out[len(out)-1] != ' ' && out[len(out)-1] != '\n' {
						out = append(out, ' ')
					}
					continue
				}
				out = fmt.Appendf(out, "%c", r)
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "td", "th":
				if tt == html.StartTagToken {
					if cells > 0 {
						out = append(bytes.TrimRight(out, " "), " | "...)
					}
					cells++
				}
			case "tr", "caption", "summary", "figcaption", "br":
				cells = 0
				out = bytes.TrimRight(out, " ")
				if len(out) > 0 && out[len(out)-1] != '\n' {
					out = append(out, '\n')
				}
			}
		}
	}
}
