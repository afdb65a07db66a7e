package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer replaces goldmark's rendering of links, autolinks and images.
// The checker has already put the published URL in each destination; these
// functions write it as it is (goldmark's would decode it again) and check
// it once more, so that nothing dangerous reaches a page even if a resolver
// returns it.
type nodeRenderer struct{}

func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(kindHTMLInline, renderHTMLInline)
	reg.Register(kindHTMLBlock, renderHTMLBlock)
}

// renderHTMLInline and renderHTMLBlock write raw HTML as the checker left
// it: filtered by the allow-list, or as written under unsafe_html.
func renderHTMLInline(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(node.(*htmlInline).HTML)
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		b := node.(*htmlBlock).HTML
		_, _ = w.Write(b)
		if len(b) > 0 && b[len(b)-1] != '\n' {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Link)
	_, _ = w.WriteString("<a")
	writeURL(w, " href", n.Destination)
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	_, _ = w.WriteString("<a")
	writeURL(w, " href", []byte(escapeURL(autoLinkURL(n, src))))
	_ = w.WriteByte('>')
	html.DefaultWriter.RawWrite(w, n.Label(src))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	var sources []Source
	if v, ok := n.AttributeString(sourcesAttr); ok {
		sources, _ = v.([]Source)
	}
	if len(sources) > 0 {
		_, _ = w.WriteString("<picture>")
		sizes, _ := n.AttributeString("sizes")
		sz, _ := sizes.(string)
		for _, s := range sources {
			_, _ = w.WriteString(`<source type="`)
			_, _ = w.Write(util.EscapeHTML([]byte(s.Type)))
			_, _ = w.WriteString(`" srcset="`)
			_, _ = w.Write(util.EscapeHTML([]byte(escapeSrcset(s.Srcset))))
			if sz != "" {
				_, _ = w.WriteString(`" sizes="`)
				_, _ = w.Write(util.EscapeHTML([]byte(sz)))
			}
			_, _ = w.WriteString(`">`)
		}
	}
	_, _ = w.WriteString("<img")
	writeURL(w, " src", n.Destination)
	_, _ = w.WriteString(` alt="`)
	_, _ = w.Write(util.EscapeHTML(appendInlineText(nil, n, src)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	html.RenderAttributes(w, n, html.ImageAttributeFilter)
	_, _ = w.WriteString(` loading="lazy" decoding="async">`)
	if len(sources) > 0 {
		_, _ = w.WriteString("</picture>")
	}
	return ast.WalkSkipChildren, nil
}

// writeURL writes the attribute name="url", or nothing if url is not safe
// to publish.
func writeURL(w util.BufWriter, name string, url []byte) {
	if kind, _ := classify(string(url)); kind == destBlocked || kind == destEmpty {
		return
	}
	_, _ = w.WriteString(name)
	_, _ = w.WriteString(`="`)
	_, _ = w.Write(util.EscapeHTML(url))
	_ = w.WriteByte('"')
}

// escapeURL percent-encodes what may not appear in a URL (spaces,
// non-ASCII), leaving existing escapes alone.
func escapeURL(url string) string {
	return string(util.URLEscape([]byte(url), false))
}

// sourcesAttr is the attribute under which the checker keeps an image's
// <source> list ([]Source) for renderImage; it is not an HTML attribute
// and html.ImageAttributeFilter never writes it.
const sourcesAttr = "cabildo-sources"
