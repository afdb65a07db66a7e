package imaging

import (
	"fmt"
	"image"
	"io/fs"
	"strconv"
	"strings"
)

// Widths are the widths of the variants pages choose from (srcset): a
// phone, a phone at twice its density or a tablet, a laptop, a large
// screen. An image narrower than one of them is never enlarged.
var Widths = []int{480, 800, 1200, 1600}

// HiResWidth is the width of the image published at its own URL: the
// «Descargar en alta resolución» the media ask for. Wider sources are
// scaled down; it too has no metadata.
const HiResWidth = 2400

// Op is what is done to an image; its String is part of the cache key.
type Op struct {
	Widths []int // the variants' widths; none for only the file at its own URL
	HiRes  int   // the widest the file at its own URL may be
}

// DefaultOp is what the site does to each image.
var DefaultOp = Op{Widths: Widths, HiRes: HiResWidth}

func (o Op) String() string {
	var b strings.Builder
	b.WriteString("hires=")
	b.WriteString(strconv.Itoa(o.HiRes))
	b.WriteString(" widths=")
	for i, w := range o.Widths {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(w))
	}
	return b.String()
}

// File is one file made from an image.
type File struct {
	// Suffix is added to the image's URL without its extension:
	// "" for the file at the image's own URL, "-800.webp" for a variant.
	Suffix        string
	Width, Height int
	Format        Format
	Size          int64
	// The bytes: in Data, or, for a Store with a folder, in the file of
	// the cache named Path (Data is then nil), which a build publishes
	// as a hard link rather than reading it (output.AddFile).
	Data []byte
	Path string
	info fs.FileInfo // of Path, when the Store has just looked
}

// Info is what the Store saw of the file at Path when it took the
// result from the cache (nil if it did not look): a publisher can tell
// from it, without another stat, whether a published file is this one.
func (f File) Info() fs.FileInfo { return f.info }

// Result is everything made from one image.
type Result struct {
	// Files[0] is published at the image's own URL, in the format its
	// name says; then the variants, narrowest first, WebP before its
	// fallback.
	Files []File
}

// Own is the file published at the image's own URL.
func (r *Result) Own() File { return r.Files[0] }

// Process decodes data, the image file name (its extension says the
// format), converts it to sRGB (icc.go), turns it upright and makes the
// files op asks for. Errors are
// *Error, in Spanish.
func Process(name string, data []byte, op Op) (*Result, error) {
	m, f, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	m = orient(toSRGB(m, f, data), orientation(f, data))
	res := &Result{}
	// The file at its own URL: upright, at most HiRes wide.
	own := m
	if op.HiRes > 0 && m.Bounds().Dx() > op.HiRes {
		own = scale(m, op.HiRes)
	}
	if err := res.add("", own, f, true); err != nil {
		return nil, err
	}
	if len(op.Widths) == 0 {
		return res, nil
	}
	fallback := JPEG
	if f == PNG || f == GIF || (f == WebP && !opaque(m)) {
		fallback = PNG // graphics, and anything that may be transparent
	}
	// Scale in steps from the widest down; each step starts from the
	// previous one, which is both faster and sharper than starting each
	// from the source.
	widths := variantWidths(own.Bounds().Dx(), op.Widths)
	step := own
	scaled := make([]image.Image, len(widths))
	for i := len(widths) - 1; i >= 0; i-- {
		if widths[i] != step.Bounds().Dx() {
			step = scale(step, widths[i])
		}
		scaled[i] = step
	}
	for i, w := range widths {
		for _, vf := range []Format{WebP, fallback} {
			if err := res.add(fmt.Sprintf("-%d%s", w, vf.Ext()), scaled[i], vf, false); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

func (r *Result) add(suffix string, m image.Image, f Format, hiRes bool) error {
	data, err := encode(m, f, hiRes)
	if err != nil {
		return errorf("no se pudo escribir la imagen en %s: %v", f, err)
	}
	b := m.Bounds()
	r.Files = append(r.Files, File{Suffix: suffix, Width: b.Dx(), Height: b.Dy(), Format: f, Size: int64(len(data)), Data: data})
	return nil
}

// variantWidths are the widths of the variants of an image w pixels
// wide: the configured widths narrower than it, and w itself when it is
// narrower than the widest (so a 1000-pixel image gets 480, 800 and
// 1000, never an enlargement).
func variantWidths(w int, widths []int) []int {
	var out []int
	for _, v := range widths {
		if v < w {
			out = append(out, v)
		}
	}
	if len(widths) > 0 && w <= widths[len(widths)-1] {
		out = append(out, w)
	}
	return out
}
