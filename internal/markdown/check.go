package markdown

import (
	"cabildo/internal/imaging"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// checker walks a parsed body before it is rendered: it resolves and vets
// every destination, drops what must not be published, numbers the
// headings, and records what it finds in the Result.
type checker struct {
	src           []byte
	opts          RenderOptions
	unsafe        bool // unsafe_html: raw HTML is published as written
	unsafeScripts bool // unsafe_scripts: even HTML that runs code
	res           *Result
	pos           positions
	ids           *ids

	open   []openTag // allowed HTML elements not yet closed
	inside string    // the dangerous HTML element being dropped, if any
	// once counts the warnings given once per body (the same Word
	// formatting, repeated on every line), by the index of the first.
	once map[string]*onceWarning

	headings  []*ast.Heading
	fragments []Link // "#id" links, checked once all ids are known
}

func (c *checker) check(doc ast.Node) {
	c.walk(doc)
	c.unclosed()
	for _, w := range c.once {
		if w.count > 1 {
			c.res.Problems[w.index].Msg += fmt.Sprintf(" (%d veces en este texto)", w.count)
		}
	}
	c.numberHeadings()
	for _, l := range c.fragments {
		if id := strings.TrimPrefix(trimURL(l.Dest), "#"); id != "" && !c.ids.used[id] {
			c.warnAt(l.Line, l.Col, "enlace a una sección que no existe en esta página: %s", l.Dest)
		}
	}
	sortProblems(c.res.Problems)
}

// walk visits the children of parent. Visiting a node may replace it (a
// blocked link by its text), so each visit says which node comes next.
func (c *checker) walk(parent ast.Node) {
	for n := parent.FirstChild(); n != nil; {
		n = c.visit(n)
	}
}

func (c *checker) visit(n ast.Node) (next ast.Node) {
	switch n := n.(type) {
	case *ast.Link:
		return c.link(n)
	case *ast.Image:
		return c.image(n)
	case *ast.AutoLink:
		return c.autoLink(n)
	case *ast.RawHTML:
		return c.rawHTML(n)
	case *ast.HTMLBlock:
		return c.htmlBlock(n)
	case *ast.Heading:
		c.headings = append(c.headings, n)
	case *ast.Paragraph:
		c.walk(n)
		next := n.NextSibling()
		if emptyParagraph(n, c.src) {
			n.Parent().RemoveChild(n.Parent(), n)
		}
		return next
	case *east.TableCell:
		// Alignment becomes a class, not a style attribute, so that pages
		// work under a Content-Security-Policy without 'unsafe-inline'.
		if n.Alignment != east.AlignNone {
			n.SetAttributeString("class", "align-"+n.Alignment.String())
		}
	}
	c.walk(n)
	return n.NextSibling()
}

func (c *checker) link(n *ast.Link) ast.Node {
	line, col := c.pos.at(n.Pos())
	dest := string(appendUnescaped(nil, n.Destination))
	l := Link{Line: line, Col: col, Dest: dest}
	var ok bool
	switch kind, scheme := classify(dest); kind {
	case destEmpty:
		c.warnAt(line, col, "enlace sin destino; se publica como texto")
	case destBlocked:
		c.blocked(line, col, false, scheme)
	case destExternal:
		l.URL, l.External, ok = escapeURL(dest), true, true
	case destFragment:
		l.URL, ok = escapeURL(dest), true
		c.fragments = append(c.fragments, l)
	case destSite:
		l.URL, ok = c.resolveLink(line, col, dest)
	}
	if !ok {
		// The text stays, without a link: better than a link to nowhere.
		return unwrap(n)
	}
	n.Destination = []byte(l.URL)
	c.res.Links = append(c.res.Links, l)
	c.walk(n)
	return n.NextSibling()
}

func (c *checker) resolveLink(line, col int, dest string) (string, bool) {
	if c.opts.Links == nil {
		return escapeURL(dest), true
	}
	path, fragment, _ := strings.Cut(dest, "#")
	url, err := c.opts.Links.ResolveLink(path)
	switch {
	case errors.Is(err, ErrNotFound):
		c.errorAt(line, col, "enlace a una página que no existe: %s", dest)
		return "", false
	case err != nil:
		c.errorAt(line, col, "enlace no válido: %s: %v", dest, err)
		return "", false
	}
	if fragment != "" {
		url += "#" + fragment
	}
	return escapeURL(url), true
}

func (c *checker) image(n *ast.Image) ast.Node {
	line, col := c.pos.at(n.Pos())
	if strings.TrimSpace(string(appendInlineText(nil, n, c.src))) == "" {
		c.errorAt(line, col, "imagen sin texto alternativo (alt)")
	}
	dest := string(appendUnescaped(nil, n.Destination))
	if alt := string(appendInlineText(nil, n, c.src)); imaging.AltIsFileName(alt, dest) {
		c.errorAt(line, col, "el texto alternativo «%s» es solo el nombre del archivo: describa lo que muestra la foto, como ![Vecinos inauguran la plaza Los Aromos](%s)", strings.TrimSpace(alt), dest)
	}
	l := Link{Line: line, Col: col, Dest: dest, Image: true}
	var img Image
	var ok bool
	switch kind, scheme := classify(dest); {
	case kind == destEmpty:
		c.errorAt(line, col, "imagen sin archivo")
	case kind == destExternal && (scheme == "http" || scheme == "https" || scheme == ""):
		img.URL, l.External, ok = dest, true, true
	case kind == destExternal || kind == destBlocked:
		c.blocked(line, col, true, scheme)
	default:
		img, ok = c.resolveImage(line, col, dest)
	}
	if !ok {
		// Publish the alt text instead of a broken image.
		return unwrap(n)
	}
	l.URL = escapeURL(img.URL)
	n.Destination = []byte(l.URL)
	if img.Width > 0 && img.Height > 0 {
		n.SetAttributeString("width", strconv.Itoa(img.Width))
		n.SetAttributeString("height", strconv.Itoa(img.Height))
	}
	if img.Srcset != "" {
		n.SetAttributeString("srcset", escapeSrcset(img.Srcset))
		n.SetAttributeString("sizes", img.Sizes)
	}
	if len(img.Sources) > 0 {
		n.SetAttributeString(sourcesAttr, img.Sources) // renderImage writes them; ImageAttributeFilter drops the name
	}
	c.res.Links = append(c.res.Links, l)
	return n.NextSibling()
}

func (c *checker) resolveImage(line, col int, src string) (Image, bool) {
	if c.opts.Images == nil {
		return Image{URL: src}, true
	}
	img, err := c.opts.Images.ResolveImage(src)
	switch {
	case errors.Is(err, ErrNotFound):
		c.errorAt(line, col, "imagen que no existe: %s", src)
		return img, false
	case err != nil:
		c.errorAt(line, col, "imagen no válida: %s: %v", src, err)
		return img, false
	}
	return img, true
}

func (c *checker) autoLink(n *ast.AutoLink) ast.Node {
	offset := n.Pos()
	// goldmark places a linkified URL at the space before it.
	for offset >= 0 && offset < len(c.src) && c.src[offset] == ' ' {
		offset++
	}
	line, col := c.pos.at(offset)
	url := autoLinkURL(n, c.src)
	kind, scheme := classify(url)
	if kind != destExternal {
		c.blocked(line, col, false, scheme)
		label := ast.NewString(n.Label(c.src))
		label.SetRaw(true) // autolinks are literal: no references to resolve
		next := n.NextSibling()
		n.Parent().ReplaceChild(n.Parent(), n, label)
		return next
	}
	c.res.Links = append(c.res.Links, Link{Line: line, Col: col, Dest: url, URL: escapeURL(url), External: true})
	return n.NextSibling()
}

// autoLinkURL is the destination of an autolink: its URL, with "mailto:"
// for a bare e-mail address.
func autoLinkURL(n *ast.AutoLink, src []byte) string {
	url := string(n.URL(src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	return url
}

func (c *checker) blocked(line, col int, image bool, scheme string) {
	switch {
	case image && dangerousSchemes[scheme]:
		c.errorAt(line, col, "imagen peligrosa (%s:): el sitio no se publica mientras esté; use un archivo del sitio, ![descripción](foto.jpg), o una dirección https://", scheme)
	case image:
		c.errorAt(line, col, "imagen con esquema no permitido (%s:); se admiten http y https", scheme)
	case dangerousSchemes[scheme]:
		c.errorAt(line, col, "enlace peligroso (%s:): el sitio no se publica mientras esté; enlace a una dirección https://, a una página del sitio o a un correo (mailto:)", scheme)
	default:
		c.errorAt(line, col, "enlace con esquema no permitido (%s:); se admiten http, https, mailto, tel y webcal", scheme)
	}
}

// excerpt quotes the start of the first line of b.
func excerpt(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	s = strings.TrimSpace(s)
	const limit = 40
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return "«" + s + "»"
}

// numberHeadings gives headings their published levels and ids.
//
// The page template renders the title as the page's only h1, so the body's
// highest heading level becomes h2 and the others keep their distance to it
// (capped at h6): "#" or "##" for sections both work, as long as they are
// used consistently. A heading that skips a level is a warning, since
// screen reader users navigate by that outline.
func (c *checker) numberHeadings() {
	top := 6
	for _, h := range c.headings {
		top = min(top, h.Level)
	}
	prev := top - 1
	for _, h := range c.headings {
		text := strings.TrimSpace(string(appendInlineText(nil, h, c.src)))
		if h.Level > prev+1 {
			line, col := c.pos.at(h.Pos())
			if prev < top {
				c.warnAt(line, col, "el título «%s» (%s) se salta un nivel: es el primero y hay títulos con %s más adelante",
					text, strings.Repeat("#", h.Level), strings.Repeat("#", top))
			} else {
				c.warnAt(line, col, "el título «%s» (%s) se salta un nivel después de %s; use %s",
					text, strings.Repeat("#", h.Level), strings.Repeat("#", prev), strings.Repeat("#", prev+1))
			}
		}
		prev = h.Level
		h.Level = min(h.Level-top+2, 6)
		id := string(c.ids.Generate([]byte(text), ast.KindHeading))
		h.SetAttributeString("id", id)
		c.res.Headings = append(c.res.Headings, Heading{Level: h.Level, ID: id, Text: text})
	}
}

// unwrap replaces n by its children and returns the first of them, or the
// node after n if it had none, so that the walk goes on through them.
func unwrap(n ast.Node) ast.Node {
	parent, next := n.Parent(), n.NextSibling()
	first := n.FirstChild()
	for child := first; child != nil; {
		following := child.NextSibling()
		parent.InsertBefore(parent, n, child)
		child = following
	}
	parent.RemoveChild(parent, n)
	if first != nil {
		return first
	}
	return next
}

func (c *checker) errorAt(line, col int, format string, args ...any) {
	c.res.Problems = append(c.res.Problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

type onceWarning struct{ index, count int }

// warnOnce warns at the first occurrence of what key names, and counts the
// others.
func (c *checker) warnOnce(key string, line, col int, format string, args ...any) {
	if w, ok := c.once[key]; ok {
		w.count++
		return
	}
	if c.once == nil {
		c.once = map[string]*onceWarning{}
	}
	c.once[key] = &onceWarning{index: len(c.res.Problems), count: 1}
	c.warnAt(line, col, format, args...)
}

func (c *checker) warnAt(line, col int, format string, args ...any) {
	c.res.Problems = append(c.res.Problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// escapeSrcset escapes the URL of each candidate of a srcset
// ("/a b-480.jpg 480w, …"), leaving the widths and separators alone.
func escapeSrcset(srcset string) string {
	parts := strings.Split(srcset, ", ")
	for i, p := range parts {
		if j := strings.LastIndexByte(p, ' '); j > 0 {
			parts[i] = escapeURL(p[:j]) + p[j:]
		}
	}
	return strings.Join(parts, ", ")
}
