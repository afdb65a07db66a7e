package imaging

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
)

// Only the Orientation tag of EXIF is read: it is the one value that
// changes how a photo is shown, and every other value is dropped on
// purpose. A general EXIF library (github.com/dsoprea/go-exif, or
// github.com/rwcarlsen/goexif, unmaintained since 2019) would parse
// hundreds of tags, maker notes included, to read one number; the TIFF
// structure this needs is fixed by the EXIF 2.32 standard and tested
// against files written by exiftool (testdata/).

// orientation returns the EXIF orientation (1 to 8) of an image file,
// 1 when it has none or it cannot be read.
func orientation(f Format, data []byte) int {
	var tiff []byte
	switch f {
	case JPEG:
		tiff = jpegExif(data)
	case PNG:
		tiff = pngExif(data)
	case WebP:
		tiff = webpExif(data)
	}
	o := tiffOrientation(tiff)
	if o < 1 || o > 8 {
		return 1
	}
	return o
}

// jpegExif returns the TIFF structure of a JPEG's APP1 Exif segment.
func jpegExif(data []byte) []byte {
	for marker, seg := range jpegSegments(data) {
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
	}
	return nil
}

// pngExif returns the contents of a PNG's eXIf chunk.
func pngExif(data []byte) []byte { return pngChunk(data, "eXIf") }

// webpExif returns the contents of a WebP's EXIF chunk.
func webpExif(data []byte) []byte {
	// Some writers keep the JPEG "Exif\0\0" prefix.
	return bytes.TrimPrefix(webpChunk(data, "EXIF"), []byte("Exif\x00\x00"))
}

// tiffOrientation reads tag 0x0112 (Orientation) of IFD0.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 0
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[ifd:]))
	for k := range n {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 { // SHORT
			return int(bo.Uint16(t[e+8:]))
		}
	}
	return 0
}

// orient returns m turned as the EXIF orientation o says, so that it is
// shown upright by browsers that ignore EXIF and by those that honour it
// (the metadata is gone after encoding).
//
//	1 as is            2 mirrored          3 turned 180°     4 flipped
//	5 transposed       6 turned 90° right  7 transversed     8 turned 90° left
func orient(m image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return m
	}
	src := toRGBA(m)
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		row := dst.Pix[y*dst.Stride:]
		for x := range dw {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			copy(row[4*x:4*x+4], src.Pix[sy*src.Stride+4*sx:])
		}
	}
	return dst
}

// toRGBA returns m as an *image.RGBA at the origin.
func toRGBA(m image.Image) *image.RGBA {
	if n, ok := m.(*image.RGBA); ok && n.Rect.Min == (image.Point{}) {
		return n
	}
	b := m.Bounds()
	n := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Rect, m, b.Min, draw.Src)
	return n
}
