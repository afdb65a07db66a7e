package markdown

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// videoCards is a goldmark extension: the address of a YouTube or Vimeo
// video alone in its paragraph becomes a card that links to the video.
// It is a link and nothing else: no iframe, script or thumbnail from the
// video site, so the page loads nothing from another site and keeps its
// Content-Security-Policy; the visitor decides to go to the video.
var videoCards goldmark.Extender = videoCardExtension{}

type videoCardExtension struct{}

func (videoCardExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(videoCardTransformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(videoCardRenderer{}, 100)))
}

// videoCard replaces a paragraph made of one autolink to a video. The
// autolink stays as its child, so that links are checked and the plain
// text keeps the address.
type videoCard struct {
	ast.BaseBlock
	Site string // "YouTube" or "Vimeo"
}

var kindVideoCard = ast.NewNodeKind("CabildoVideoCard")

func (n *videoCard) Kind() ast.NodeKind         { return kindVideoCard }
func (n *videoCard) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type videoCardTransformer struct{}

func (videoCardTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var cards []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			if videoOf(n, src) != "" {
				cards = append(cards, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Document, *ast.Blockquote, *ast.List, *ast.ListItem:
			return ast.WalkContinue, nil
		}
		return ast.WalkSkipChildren, nil
	})
	for _, p := range cards {
		card := &videoCard{Site: videoOf(p, src)}
		link := p.FirstChild()
		p.RemoveChild(p, link)
		card.AppendChild(card, link)
		p.Parent().ReplaceChild(p.Parent(), p, card)
	}
}

// videoOf returns the video site of a paragraph that is only the address
// of a video, or "".
func videoOf(p *ast.Paragraph, src []byte) string {
	link, ok := p.FirstChild().(*ast.AutoLink)
	if !ok || link.NextSibling() != nil || link.AutoLinkType != ast.AutoLinkURL {
		return ""
	}
	return videoSite(string(link.URL(src)))
}

// videoSite returns "YouTube" or "Vimeo" for the address of a video on
// those sites, or "" for any other address.
func videoSite(address string) string {
	u, err := url.Parse(address)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	host = strings.TrimPrefix(host, "m.")
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch host {
	case "youtube.com", "youtube-nocookie.com":
		switch {
		case parts[0] == "watch" && u.Query().Get("v") != "":
			return "YouTube"
		case len(parts) == 2 && (parts[0] == "shorts" || parts[0] == "live" || parts[0] == "embed") && parts[1] != "":
			return "YouTube"
		}
	case "youtu.be":
		if len(parts) == 1 && parts[0] != "" {
			return "YouTube"
		}
	case "vimeo.com":
		if len(parts) >= 1 && isDigits(parts[len(parts)-1]) {
			return "Vimeo"
		}
	case "player.vimeo.com":
		if len(parts) == 2 && parts[0] == "video" && isDigits(parts[1]) {
			return "Vimeo"
		}
	}
	return ""
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

type videoCardRenderer struct{}

func (videoCardRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindVideoCard, renderVideoCard)
}

// renderVideoCard writes the card: one link whose text says where it goes
// («Ver el video en YouTube») and shows the address. The play sign is
// decoration, hidden from screen readers.
func renderVideoCard(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*videoCard)
	link := n.FirstChild().(*ast.AutoLink)
	_, _ = w.WriteString(`<p class="video-card"><a class="video-card__link"`)
	writeURL(w, " href", []byte(escapeURL(autoLinkURL(link, src))))
	_, _ = w.WriteString(`><span class="video-card__play" aria-hidden="true">▶</span> <span class="video-card__label">Ver el video en `)
	_, _ = w.WriteString(n.Site)
	_, _ = w.WriteString(`</span> <span class="video-card__url">`)
	label := string(link.Label(src))
	label = strings.TrimPrefix(strings.TrimPrefix(label, "https://"), "http://")
	_, _ = w.Write(util.EscapeHTML([]byte(strings.TrimPrefix(label, "www."))))
	_, _ = w.WriteString("</span></a></p>\n")
	return ast.WalkSkipChildren, nil
}
