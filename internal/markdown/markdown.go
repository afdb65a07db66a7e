package markdown

import (
	"bufio"
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown renders Markdown bodies. Build one with New and share it: it is
// safe for concurrent use, and everything about one page lives in the
// arguments and the result of Render.
type Markdown struct {
	gm            goldmark.Markdown
	unsafe        bool
	unsafeScripts bool
}

// An Option configures a Markdown.
type Option func(*Markdown)

// WithUnsafeHTML publishes the raw HTML of Markdown bodies as written
// (a site option, for sites whose editors are trusted to write HTML), with
// a warning for each tag the allow-list would have changed. HTML that runs
// code (script elements, event handlers, javascript: URLs) stays an error
// unless WithUnsafeScripts is given too. Link and image destinations are
// checked all the same.
func WithUnsafeHTML() Option {
	return func(m *Markdown) { m.unsafe = true }
}

// WithUnsafeScripts, together with WithUnsafeHTML, publishes even HTML
// that runs code. It is dangerous: anyone who can edit a page can then run
// code in every visitor's browser.
func WithUnsafeScripts() Option {
	return func(m *Markdown) { m.unsafeScripts = true }
}

// New returns a Markdown configured for the site's bodies.
func New(opts ...Option) *Markdown {
	m := &Markdown{}
	for _, opt := range opts {
		opt(m)
	}
	m.gm = goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
			extension.TaskList,
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
			videoCards,
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100))),
	)
	return m
}

// typography keeps the substitutions that suit Spanish text and drops
// smart quotes: they would turn "comillas" into English “curly” quotes and
// apostrophes into ’, while Spanish prefers «angulares», which editors can
// type as <<angulares>>. Characters are written as UTF-8, not entities,
// so the plain text gets them too.
var typography = map[extension.TypographicPunctuation][]byte{
	extension.EnDash:           []byte("–"),
	extension.EmDash:           []byte("—"),
	extension.Ellipsis:         []byte("…"),
	extension.LeftAngleQuote:   []byte("«"),
	extension.RightAngleQuote:  []byte("»"),
	extension.LeftSingleQuote:  nil,
	extension.RightSingleQuote: nil,
	extension.LeftDoubleQuote:  nil,
	extension.RightDoubleQuote: nil,
	extension.Apostrophe:       nil,
}

// RenderOptions carries what one page needs from the site. Nil resolvers
// publish site paths as written.
type RenderOptions struct {
	Links  LinkResolver
	Images ImageResolver
}

// Result is one rendered body.
type Result struct {
	HTML []byte
	// Text is the body as plain text, for iCalendar descriptions, the
	// search index and meta descriptions: blocks separated by blank lines,
	// list items on their own lines after "- " (or "1. "), table cells
	// separated by " | ", link text kept, images and markup left out.
	Text     string
	Headings []Heading
	// Links are the published destinations of links, autolinks and images,
	// in document order, for link checking.
	Links    []Link
	Problems []Problem
}

// Heading is a heading of the body, as published.
type Heading struct {
	Level int // 2 to 6: the page title is the only h1
	ID    string
	Text  string
}

// Link is a published link or image.
type Link struct {
	Line, Col int
	Dest      string // as the editor wrote it, references decoded
	URL       string // as published in href or src
	Image     bool
	External  bool // http:, https:, mailto:, tel:, webcal: or //host
}

// Render renders src, a Markdown body without front matter. Problems found
// in the body are reported in the Result; the error is reserved for failures
// of the renderer itself.
func (m *Markdown) Render(src []byte, opts RenderOptions) (*Result, error) {
	src = normalizeNewlines(src)
	doc := m.gm.Parser().Parse(text.NewReader(src))
	res := &Result{}
	c := checker{src: src, opts: opts, unsafe: m.unsafe, unsafeScripts: m.unsafe && m.unsafeScripts, res: res, pos: positions{src: src}, ids: newIDs()}
	c.check(doc)

	out := outputs.Get().(*output)
	defer outputs.Put(out)
	out.buf.Reset()
	out.w.Reset(&out.buf)
	if err := m.gm.Renderer().Render(out.w, src, doc); err != nil {
		return nil, err
	}
	res.HTML = bytes.Clone(out.buf.Bytes())
	out.text = appendPlainText(out.text[:0], doc, src)
	res.Text = string(out.text)
	return res, nil
}

// output holds the buffers of one render. goldmark wraps any writer that is
// not buffered in a fresh 4 KiB bufio.Writer, so the pool keeps one ready.
type output struct {
	buf  bytes.Buffer
	w    *bufio.Writer
	text []byte
}

var outputs = sync.Pool{New: func() any {
	o := &output{}
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

var plain = sync.OnceValue(func() *Markdown { return New() })

// PlainText returns the plain text of a Markdown body, as in Result.Text,
// without rendering HTML nor resolving links.
func PlainText(src []byte) string {
	src = normalizeNewlines(src)
	doc := plain().gm.Parser().Parse(text.NewReader(src))
	return string(appendPlainText(nil, doc, src))
}
