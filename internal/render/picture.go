package render

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"html/template"
	"strings"
	"sync"

	"cabildo/internal/content"
	"cabildo/internal/memo"
	"cabildo/internal/program"
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
//
// And a rebuild does not run it at all for a picture it has seen: what
// the partials of a Picture make (its <picture>, its download link, its
// link-preview tags) is a function of the Picture, the theme and the
// program (template functions are pure), so it is kept between builds
// under the sum of the three (Options.Markup, package memo).
// html/template calls two or three escapers through reflection for every
// value it writes: these partials were nearly half of what a warm rebuild of a
// site with photos cost over the same site without them.

// pictureSource is how a render makes the markup of its pictures: the
// theme, and the memo of what that theme and this program made before.
type pictureSource struct {
	theme *theme.Theme
	memo  *memo.Memo // nil: nothing kept between builds
	salt  [sha256.Size]byte
}

func newPictureSource(th *theme.Theme, m *memo.Memo) *pictureSource {
	src := &pictureSource{theme: th}
	prog, err := program.ID()
	if th == nil || m == nil || err != nil {
		return src // without the program's identity, nothing is kept
	}
	h := sha256.New()
	h.Write(prog)
	sum := th.Sum()
	h.Write(sum[:])
	h.Sum(src.salt[:0])
	src.memo = m
	return src
}

// The partials a Picture is shown with (partials/picture.html), each
// made once per Picture: {{picture .}}, {{download .}}, {{pictureMeta .}}.
const (
	partPicture  = iota // the <picture>
	partDownload        // the «Descargar en alta resolución» link
	partMeta            // its Open Graph and Twitter tags
	numParts
)

var partNames = [numParts]string{"picture", "download", "picture-meta"}

// pictureMarkup is the HTML of one Picture's partials, each made at its
// first use.
type pictureMarkup struct {
	src   *pictureSource
	parts [numParts]struct {
		once sync.Once
		html template.HTML
		err  error
	}
}

// html is the theme's picture partial ({{template "picture" .}}) run
// with p, once: the template function picture.
func (p *Picture) html() (template.HTML, error) { return p.partial(partPicture) }

// downloadHTML is the theme's download partial run with p, once: the
// template function download.
func (p *Picture) downloadHTML() (template.HTML, error) { return p.partial(partDownload) }

// metaHTML is the theme's picture-meta partial run with p, once: the
// template function pictureMeta.
func (p *Picture) metaHTML() (template.HTML, error) { return p.partial(partMeta) }

func (p *Picture) partial(i int) (template.HTML, error) {
	m := p.markup
	if m == nil {
		return "", errors.New("picture: la imagen no viene del sitio")
	}
	part := &m.parts[i]
	part.once.Do(func() {
		src := m.src
		var key memo.Key
		if src.memo != nil {
			key = p.memoKey(src.salt, partNames[i])
			if html, ok := src.memo.Get(key); ok {
				part.html = template.HTML(html)
				return
			}
		}
		var b strings.Builder
		if part.err = src.theme.ExecutePartial(&b, partNames[i], p); part.err == nil {
			src.memo.Put(key, b.String())
		}
		part.html = template.HTML(b.String())
	})
	return part.html, part.err
}

// memoKey sums everything a partial can read of p, every exported field
// (TestPictureMemoKey fails when a new one is left out), after salt (the
// program and the theme) and the partial's name.
func (p *Picture) memoKey(salt [sha256.Size]byte, partial string) memo.Key {
	b := make([]byte, 0, 2048)
	b = append(b, salt[:]...)
	b = append(b, partial...)
	b = append(b, 0)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int64) { b = binary.AppendVarint(b, n) }
	file := func(f *ImageFile) {
		if f == nil {
			num(-1)
			return
		}
		str(f.URL)
		str(f.Abs)
		num(int64(f.Width))
		num(int64(f.Height))
		str(f.Type)
		str(f.Format)
		num(f.Length)
		str(f.Size)
	}
	str(p.URL)
	str(p.Alt)
	str(p.Caption)
	str(p.Credit)
	num(int64(p.Width))
	num(int64(p.Height))
	str(p.Abs)
	str(string(p.Srcset))
	num(int64(len(p.Sources)))
	for _, s := range p.Sources {
		str(s.Type)
		str(string(s.Srcset))
	}
	str(p.Sizes)
	if p.Eager {
		num(1)
	} else {
		num(0)
	}
	file(p.Social)
	file(&p.Web)
	file(p.Download)
	return sha256.Sum256(b)
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
		h.markup = &pictureMarkup{src: p.markup.src}
	}
	return &h
}
