package imaging

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"github.com/gen2brain/webp"
)

// Encoder settings. They are part of every cache key (see EncoderVersion):
// changing one makes every image be processed again.
const (
	jpegQuality      = 82 // the fallback variants: no visible loss at web sizes
	jpegHiResQuality = 88 // the high-resolution download, for print
	webpQuality      = 75 // libwebp's default
	webpMethod       = 4  // libwebp's default speed/size trade-off
)

// EncoderVersion names everything that decides the bytes of a processed
// image besides the source and the operation: the libraries (their
// versions are in go.sum) and the settings above. The cache keys include
// it.
const EncoderVersion = "cabildo-imaging/2 gen2brain-webp/v0.5.5 x-image/v0.48.0 jpeg82/88 webp75m4 catmullrom icc-to-srgb"

// encode writes m in format f. The encoders write pixels only: no EXIF,
// XMP, IPTC, ICC profile or text chunk of the source can reach the file.
func encode(m image.Image, f Format, hiRes bool) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch f {
	case JPEG:
		q := jpegQuality
		if hiRes {
			q = jpegHiResQuality
		}
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: q})
	case PNG:
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		err = enc.Encode(&buf, m)
	case GIF:
		err = gif.Encode(&buf, m, nil)
	case WebP:
		err = webp.Encode(&buf, m, webp.Options{Quality: webpQuality, Method: webpMethod})
	}
	return buf.Bytes(), err
}

// opaque reports whether every pixel of m is opaque.
func opaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
