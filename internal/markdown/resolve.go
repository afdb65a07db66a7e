package markdown

import "errors"

// A LinkResolver turns a link to another page of the site, as an editor
// wrote it ("../eventos/feria-navidena.md", "/funciones/"), into the URL
// to publish.
//
// It receives the destination without its "#fragment", with character
// references and backslash escapes already decoded; the fragment is put
// back on the URL it returns. It is called only for paths on the site:
// never for "#fragment" alone, nor for http:, https:, mailto:, tel: or
// webcal: URLs, which are published as written.
type LinkResolver interface {
	ResolveLink(dest string) (url string, err error)
}

// LinkResolverFunc adapts a function to LinkResolver.
type LinkResolverFunc func(dest string) (string, error)

// ResolveLink calls f(dest).
func (f LinkResolverFunc) ResolveLink(dest string) (string, error) { return f(dest) }

// An ImageResolver turns the path of an image on the site ("foto.jpg",
// relative to the page bundle, or "/img/plaza.jpg") into what the <img>
// needs. It is called like a LinkResolver, but only for images.
type ImageResolver interface {
	ResolveImage(src string) (Image, error)
}

// ImageResolverFunc adapts a function to ImageResolver.
type ImageResolverFunc func(src string) (Image, error)

// ResolveImage calls f(src).
func (f ImageResolverFunc) ResolveImage(src string) (Image, error) { return f(src) }

// Image is a resolved image. Width and Height are in pixels, 0 when unknown;
// when both are known the <img> carries them, so the page does not jump as
// images load.
//
// Srcset and Sizes, when set, are the <img>'s; Sources, when set, make
// the image a <picture> with a <source> each (the WebP variants).
type Image struct {
	URL           string
	Width, Height int
	Srcset, Sizes string
	Sources       []Source
}

// Source is a <source> of a <picture>.
type Source struct {
	Type, Srcset string
}

// ErrNotFound is what resolvers return, possibly wrapped, when the page or
// image does not exist. The editor is then told "enlace a una página que no
// existe" or "imagen que no existe"; any other error is shown as it is.
var ErrNotFound = errors.New("no existe")
