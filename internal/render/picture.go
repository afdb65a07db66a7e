package render

import (
	"errors"
	"html/template"
	"strings"
	"sync"

	"cabildo/internal/content"
	"cabildo/internal/theme"
)

// A thumbnail is the same <picture> in every list that shows its item:
// a release's in the list of all releases, its year's and its topic's,
// the home page's; an event's in each list of upcoming activities. The
// picture partial, with its srcsets, sizes and dimensions, was most of
// what a card with a photo cost over one without. So a render makes
// each item's thumbnail once (thumb: one *Picture per image), and
// {{picture .}} runs the theme's picture partial once per *Picture: the
// lists repeat its HTML.

// pictureMarkup is the HTML of one Picture, made at its first use.
type pictureMarkup struct {
	theme *theme.Theme
	once  sync.Once
	html  template.HTML
	err   error
}

// html is the theme's picture partial ({{template "picture" .}}) run
// with p, once: the template function picture.
func (p *Picture) html() (template.HTML, error) {
	m := p.markup
	if m == nil {
		return "", errors.New("picture: la imagen no viene del sitio")
	}
	m.once.Do(func() {
		var b strings.Builder
		m.err = m.theme.ExecutePartial(&b, "picture", p)
		m.html = template.HTML(b.String())
	})
	return m.html, m.err
}

// thumb is an item's image as a thumbnail in a list (nil without one):
// small (sizes), loaded only when scrolled to, and decorative (alt=""):
// the card's title beside it already names the item, and a screen reader
// reading each photo's description in a list of twenty would bury the
// titles. Every list of a render gets the same *Picture for an image.
func (r *Renderer) thumb(d *content.Doc, img *content.Image) *Picture {
	if img == nil {
		return nil
	}
	r.thumbMu.Lock()
	defer r.thumbMu.Unlock()
	if p, ok := r.thumbs[img]; ok {
		return p
	}
	f := r.imageFileOf(d, img)
	p := r.pictureOf(f, &Picture{}) // decorative: no alt, caption or credit
	p.Sizes = sizesThumb
	if info := r.images[f.Path]; info != nil {
		p.Srcset, p.Sources = info.thumbSrcset, info.thumbSources
	}
	if r.thumbs == nil {
		r.thumbs = map[*content.Image]*Picture{}
	}
	r.thumbs[img] = p
	return p
}

// Hero is the picture as the first image of its page, above the fold:
// loaded at once (loading="lazy" would delay the page's largest image).
func (p *Picture) Hero() *Picture {
	h := *p
	h.Eager = true
	if p.markup != nil {
		h.markup = &pictureMarkup{theme: p.markup.theme}
	}
	return &h
}
