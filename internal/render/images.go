package render

import (
	"html/template"
	"path"
	"strconv"
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/imaging"
)

// imageInfo is what copyStatic published of one image.
type imageInfo struct {
	url      string // the image's own URL: upright, ≤ 2400 px, no metadata
	w, h     int    // of that file
	size     int64
	typ      string         // its media type
	variants []imageVariant // narrowest first, WebP before its fallback

	// What every <picture> of the image says the same way, made once when
	// the image is described (describeImage) rather than on each page that
	// shows it. sources is shared by those pictures: read only.
	srcset  template.Srcset // the fallback variants, escaped
	sources []PictureSource // the WebP variants, if any
	// The same for a thumbnail: only the variants up to thumbWidth.
	thumbSrcset  template.Srcset
	thumbSources []PictureSource
	// The same as written, for the Markdown renderer, which escapes them.
	plainSrcset, plainWebP string
	// The files every picture of the image links to (see pictureOf);
	// shared, read only.
	src      imageVariant
	web      ImageFile
	social   *ImageFile
	download *ImageFile
}

// describeImage describes the files made from the image f, once, for
// every page that shows it: the variants, their srcsets and the files a
// picture links to.
func (r *Renderer) describeImage(f content.StaticFile, res *imaging.Result) *imageInfo {
	own := res.Own()
	info := &imageInfo{url: f.URL, w: own.Width, h: own.Height, size: own.Size, typ: own.Format.MediaType()}
	stem := strings.TrimSuffix(f.URL, path.Ext(f.URL))
	for _, v := range res.Files[1:] {
		info.variants = append(info.variants, imageVariant{URL: stem + v.Suffix, Width: v.Width, Height: v.Height, Type: v.Format.MediaType(), Size: v.Size})
	}
	fb, webp := info.fallbacks(), info.webps()
	info.plainSrcset = srcset(fb, false)
	info.srcset = template.Srcset(srcset(fb, true))
	info.thumbSrcset = template.Srcset(srcset(upTo(fb, thumbWidth), true))
	if len(webp) > 0 {
		info.plainWebP = srcset(webp, false)
		info.sources = []PictureSource{{Type: "image/webp", Srcset: template.Srcset(srcset(webp, true))}}
		info.thumbSources = []PictureSource{{Type: "image/webp", Srcset: template.Srcset(srcset(upTo(webp, thumbWidth), true))}}
	}
	info.src = info.closest(srcWidth)
	info.web = r.imageFile(info.src)
	social := r.imageFile(info.closest(socialWidth))
	dl := r.imageFile(imageVariant{URL: info.url, Width: info.w, Height: info.h, Type: info.typ, Size: info.size})
	info.social, info.download = &social, &dl
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

// thumbWidth is the widest variant a thumbnail's srcset offers. A
// thumbnail is at most 8rem wide (style.css: .card__thumb, 7rem for a
// publication's cover): 384 pixels on a screen of density 3, 768 with
// the text enlarged to 200 %. Wider variants would only lengthen every
// card of every list.
const thumbWidth = 800

// upTo returns the variants vs (narrowest first) up to the first at
// least w wide.
func upTo(vs []imageVariant, w int) []imageVariant {
	for i, v := range vs {
		if v.Width >= w {
			return vs[:i+1]
		}
	}
	return vs
}

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
	var widest *imageVariant
	for i, v := range info.variants {
		if v.Type == "image/webp" {
			continue
		}
		if v.Width >= w {
			return v
		}
		widest = &info.variants[i]
	}
	if widest == nil {
		return imageVariant{URL: info.url, Width: info.w, Height: info.h, Type: info.typ, Size: info.size}
	}
	return *widest
}

// srcset lists the variants vs as a srcset: "/a-480.jpg 480w, …", with
// the URLs escaped if escape is set. An escaped srcset is what
// html/template would make of the plain one (its srcset filter), but
// made once per image, not on every page that shows it: the templates
// take it as a template.Srcset.
func srcset(vs []imageVariant, escape bool) string {
	var b strings.Builder
	b.Grow(len(vs) * 64)
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		if escape {
			escapeSrcsetURL(&b, v.URL)
		} else {
			b.WriteString(v.URL)
		}
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteByte('w')
	}
	return b.String()
}

// escapeSrcsetURL writes u as html/template's srcset filter writes the
// URL of a candidate (processURLOnto, normalizing): bytes other than
// ASCII letters, digits, "-._~", valid %XX escapes and the reserved
// characters are percent-encoded. A comma is encoded too: in a srcset
// it would end the candidate.
func escapeSrcsetURL(b *strings.Builder, u string) {
	start := 0 // u[start:i] is written as it is
	for i := 0; i < len(u); i++ {
		c := u[i]
		if srcsetKeep[c] || c == '%' && i+2 < len(u) && isHexDigit(u[i+1]) && isHexDigit(u[i+2]) {
			continue
		}
		b.WriteString(u[start:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		start = i + 1
	}
	b.WriteString(u[start:])
}

const lowerHex = "0123456789abcdef"

// srcsetKeep marks the bytes escapeSrcsetURL writes as they are.
var srcsetKeep = func() (keep [256]bool) {
	for c := range 256 {
		keep[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~!#$&*+/:;=?@[]", byte(c)) >= 0
	}
	return keep
}()

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// PictureSource is a <source> of a <picture>: the WebP variants.
type PictureSource struct {
	Type   string
	Srcset template.Srcset
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
	pic.markup = &pictureMarkup{src: r.pictures}
	info := r.images[f.Path]
	if info == nil {
		// Not an image Cabildo processes (an SVG): published as it is.
		pic.URL = f.URL
		return pic
	}
	pic.URL, pic.Width, pic.Height = info.src.URL, info.src.Width, info.src.Height
	pic.Srcset, pic.Sources = info.srcset, info.sources
	pic.Sizes = sizesFigure
	pic.Social, pic.Abs = info.social, info.social.Abs
	pic.Web, pic.Download = info.web, info.download
	return pic
}

// formatName names an image's media type for people: "JPEG".
func formatName(mediaType string) string {
	return strings.ToUpper(strings.TrimPrefix(mediaType, "image/"))
}
