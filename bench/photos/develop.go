package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// maxDrawn is the most pixels a scene is drawn at: a larger photo (the
// benchmark's 12 megapixels) is drawn at this size and enlarged, as the
// detail is in the sensor noise added after.
const maxDrawn = 2_000_000

// develop draws the scene upright, then stores it as the sensor does: w
// × h pixels turned for orientation o, in YCbCr 4:2:0, with sensor noise
// of amplitude noise (stronger in the shadows).
func develop(name string, r *rand.Rand, w, h, noise, o int) *image.YCbCr {
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	s := min(1, math.Sqrt(maxDrawn/float64(dw*dh)))
	rw, rh := max(1, int(math.Round(float64(dw)*s))), max(1, int(math.Round(float64(dh)*s)))
	c := draw(name, r, rw, rh)
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cw := (w + 1) / 2
	cb := make([]float64, cw*((h+1)/2))
	cr := make([]float64, len(cb))
	sx, sy := float64(rw)/float64(dw), float64(rh)/float64(dh)
	for y := range h {
		for x := range w {
			dx, dy := upright(o, x, y, w, h)
			col := c.sample((float64(dx)+0.5)*sx-0.5, (float64(dy)+0.5)*sy-0.5)
			R, G, B := 255*clamp01(col.r), 255*clamp01(col.g), 255*clamp01(col.b)
			l := 0.299*R + 0.587*G + 0.114*B
			if noise > 0 {
				a := float64(noise) * (0.6 + 0.8*(1-l/255))
				l += a * (r.Float64() + r.Float64() - 1)
			}
			m.Y[y*m.YStride+x] = uint8(math.Round(min(255, max(0, l))))
			i := (y/2)*cw + x/2
			cb[i] += -0.168736*R - 0.331264*G + 0.5*B
			cr[i] += 0.5*R - 0.418688*G - 0.081312*B
		}
	}
	for cy := range (h + 1) / 2 {
		for cx := range cw {
			n := float64(min(2, w-2*cx) * min(2, h-2*cy))
			i := cy*cw + cx
			j := cy*m.CStride + cx
			m.Cb[j] = uint8(math.Round(min(255, max(0, 128+cb[i]/n+r.Float64()*2-1))))
			m.Cr[j] = uint8(math.Round(min(255, max(0, 128+cr[i]/n+r.Float64()*2-1))))
		}
	}
	return m
}

// upright is where the stored pixel (x, y) of a w × h image with EXIF
// orientation o shows once the viewer applies the orientation.
func upright(o, x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return h - 1 - y, x
	case 7:
		return h - 1 - y, w - 1 - x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}

// sample is the canvas's colour at (x, y), interpolated bilinearly.
func (c *canvas) sample(x, y float64) rgb {
	x, y = min(max(x, 0), float64(c.w-1)), min(max(y, 0), float64(c.h-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, c.w-1), min(y0+1, c.h-1)
	tx, ty := x-float64(x0), y-float64(y0)
	return mix(mix(c.get(x0, y0), c.get(x1, y0), tx), mix(c.get(x0, y1), c.get(x1, y1), tx), ty)
}

// withThumbnail puts a 160-pixel-wide thumbnail of m (stored as m is,
// as phones do) in place of the one in the EXIF segment of segs, when
// that thumbnail is at the end of the segment (as exiftool writes it).
func withThumbnail(segs []byte, m *image.YCbCr) ([]byte, error) {
	b := m.Bounds()
	tw, th := 160, 160*b.Dy()/b.Dx()
	if b.Dy() > b.Dx() {
		tw, th = 120*b.Dx()/b.Dy(), 120
	}
	t := image.NewRGBA(image.Rect(0, 0, tw, th))
	for y := range th {
		for x := range tw {
			var sr, sg, sb int
			for k := range 16 {
				px := (x*4+k%4)*b.Dx()/(tw*4) + b.Min.X
				py := (y*4+k/4)*b.Dy()/(th*4) + b.Min.Y
				c := m.YCbCrAt(px, py)
				r, g, bb := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
				sr, sg, sb = sr+int(r), sg+int(g), sb+int(bb)
			}
			t.Set(x, y, color.RGBA{uint8(sr / 16), uint8(sg / 16), uint8(sb / 16), 255})
		}
	}
	var tb bytes.Buffer
	if err := jpeg.Encode(&tb, t, &jpeg.Options{Quality: 70}); err != nil {
		return nil, err
	}
	var out []byte
	for i := 0; i+4 <= len(segs); {
		n := int(binary.BigEndian.Uint16(segs[i+2:]))
		seg := segs[i : i+2+n]
		i += 2 + n
		if seg[1] == 0xe1 && bytes.HasPrefix(seg[4:], []byte("Exif\x00\x00")) {
			if tiff, ok := replaceThumbnail(seg[10:], tb.Bytes()); ok && len(tiff)+8 <= 0xffff {
				s := []byte{0xff, 0xe1, 0, 0}
				binary.BigEndian.PutUint16(s[2:], uint16(len(tiff)+8))
				s = append(s, "Exif\x00\x00"...)
				seg = append(s, tiff...)
			}
		}
		out = append(out, seg...)
	}
	return out, nil
}

// replaceThumbnail returns the TIFF structure t with the JPEG thumbnail
// of IFD1 replaced by thumb, if that thumbnail ends the structure.
func replaceThumbnail(t, thumb []byte) ([]byte, bool) {
	var bo binary.ByteOrder = binary.BigEndian
	if string(t[:2]) == "II" {
		bo = binary.LittleEndian
	}
	ifd0 := int(bo.Uint32(t[4:]))
	n0 := int(bo.Uint16(t[ifd0:]))
	ifd1 := int(bo.Uint32(t[ifd0+2+12*n0:]))
	if ifd1 == 0 || ifd1+2 > len(t) {
		return nil, false
	}
	off, length, lenAt := -1, -1, -1
	for k := range int(bo.Uint16(t[ifd1:])) {
		e := ifd1 + 2 + 12*k
		switch bo.Uint16(t[e:]) {
		case 0x0201:
			off = int(bo.Uint32(t[e+8:]))
		case 0x0202:
			length, lenAt = int(bo.Uint32(t[e+8:])), e+8
		}
	}
	if off < 0 || lenAt < 0 || off+length != len(t) {
		return nil, false
	}
	out := append(append([]byte(nil), t[:off]...), thumb...)
	bo.PutUint32(out[lenAt:], uint32(len(thumb)))
	return out, true
}
