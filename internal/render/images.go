package render

import (
	"strconv"
	"strings"

	"cabildo/internal/content"
)

// imageInfo is what copyStatic published of one image.
type imageInfo struct {
	url      string // the image's own URL: upright, ≤ 2400 px, no metadata
	w, h     int    // of that file
	size     int64
	typ      string         // its media type
	variants []imageVariant // narrowest first, WebP before its fallback

	// What every <picture> of the image says the same way, made once when
	// the image is published (withSrcsets) rather than on each page that
	// shows it. sources is shared by those pictures: read only.
	srcset  string          // the fallback variants
	sources []PictureSource // the WebP variants, if any
}

// withSrcsets fills the srcset strings from the variants and returns info.
func (info *imageInfo) withSrcsets() *imageInfo {
	info.srcset = srcset(info.fallbacks())
	if w := info.webps(); len(w) > 0 {
		info.sources = []PictureSource{{Type: "image/webp", Srcset: srcset(w)}}
	}
	return info
}

// imageVariant is one published variant of an image.
type imageVariant struct {
	URL           string
	Width, Height int
	Type          string // "image/webp", "image/jpeg", "image/png"
	Size          int64
}

// The widths that decide which variant stands for an image where only
// one URL fits.
const (
	srcWidth    = 800  // <img src> for browsers without srcset, feeds' HTML and enclosures
	socialWidth = 1200 // og:image and JSON-LD: what link previews and search engines ask for
)

// The sizes attribute of each place an image is shown; the theme's CSS
// gives those places these widths (style.css: .press__figure, .prose,
// .card__thumb).
const (
	sizesFigure = "(min-width: 52rem) 50rem, calc(100vw - 2rem)"
	sizesProse  = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
	sizesThumb  = "8rem"
	// The gallery: one column on phones, two from 40rem, three from 60rem.
	sizesGallery = "(min-width: 60rem) 22rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)"
)

// fallbacks returns the variants in the format every browser shows (JPEG
// or PNG), narrowest first.
func (info *imageInfo) fallbacks() []imageVariant {
	var out []imageVariant
	for _, v := range info.variants {
		if v.Type != "image/webp" {
			out = append(out, v)
		}
	}
	return out
}

// webps returns the WebP variants, narrowest first.
func (info *imageInfo) webps() []imageVariant {
	var out []imageVariant
	for _, v := range info.variants {
		if v.Type == "image/webp" {
			out = append(out, v)
		}
	}
	return out
}

// closest returns the fallback variant nearest to width w: the narrowest
// at least w wide, or the widest.
func (info *imageInfo) closest(w int) imageVariant {
	fb := info.fallbacks()
	if len(fb) == 0 {
		return imageVariant{URL: info.url, Width: info.w, Height: info.h, Type: info.typ, Size: info.size}
	}
	for _, v := range fb {
		if v.Width >= w {
			return v
		}
	}
	return fb[len(fb)-1]
}

func srcset(vs []imageVariant) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.URL)
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteByte('w')
	}
	return b.String()
}

// PictureSource is a <source> of a <picture>: the WebP variants.
type PictureSource struct {
	Type, Srcset string
}

// ImageFile is one published file of an image, for links and metadata.
type ImageFile struct {
	URL, Abs      string
	Width, Height int
	Type          string
	Format        string // "JPEG", for people
	Length        int64  // bytes
	Size          string // "1,2 MB"
}

func (r *Renderer) imageFile(v imageVariant) ImageFile {
	return ImageFile{URL: v.URL, Abs: r.AbsURL(v.URL), Width: v.Width, Height: v.Height, Type: v.Type, Format: formatName(v.Type), Length: v.Size, Size: fileSize(v.Size)}
}

// pictureOf fills the <picture> of a published image: the fallback <img>
// at srcWidth with its srcset, the WebP <source>, the 1200-wide file for
// link previews and the high-resolution download.
func (r *Renderer) pictureOf(f content.StaticFile, pic *Picture) *Picture {
	info := r.images[f.Path]
	if info == nil {
		// Not an image Cabildo processes (an SVG): published as it is.
		pic.URL = f.URL
		return pic
	}
	src := info.closest(srcWidth)
	pic.URL, pic.Width, pic.Height = src.URL, src.Width, src.Height
	pic.Srcset, pic.Sources = info.srcset, info.sources
	pic.Sizes = sizesFigure
	social := r.imageFile(info.closest(socialWidth))
	pic.Social = &social
	pic.Abs = social.Abs
	pic.Web = r.imageFile(src)
	dl := r.imageFile(imageVariant{URL: info.url, Width: info.w, Height: info.h, Type: info.typ, Size: info.size})
	pic.Download = &dl
	return pic
}

// thumb is an item's image as a thumbnail in a list (nil without one):
// small (sizes), loaded only when scrolled to, and decorative (alt=""):
// the card's title beside it already names the item, and a screen reader
// reading each photo's description in a list of twenty would bury the
// titles.
func (r *Renderer) thumb(d *content.Doc, img *content.Image) *Picture {
	p := r.picture(d, img)
	if p == nil {
		return nil
	}
	p.Sizes = sizesThumb
	p.Alt, p.Caption, p.Credit = "", "", ""
	return p
}

// Hero is the picture as the first image of its page, above the fold:
// loaded at once (loading="lazy" would delay the page's largest image).
func (p *Picture) Hero() *Picture {
	h := *p
	h.Eager = true
	return &h
}

// formatName names an image's media type for people: "JPEG".
func formatName(mediaType string) string {
	return strings.ToUpper(strings.TrimPrefix(mediaType, "image/"))
}
