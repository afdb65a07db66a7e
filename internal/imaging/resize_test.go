package imaging

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"
)

// TestScaleBandsMatchWhole: scaling in bands (to bound memory) gives the
// pixels of one scale of the whole image, for the shapes phone photos
// and the variant steps have, including ones whose rows do not divide
// evenly and a source that is a YCbCr JPEG decoding.
func TestScaleBandsMatchWhole(t *testing.T) {
	cases := []struct{ sw, sh, dw int }{
		{1000, 750, 600},  // 4:3 at 1/4 the size of a phone photo
		{1008, 756, 600},  // 4032×3024 / 4
		{900, 1601, 480},  // portrait, a prime height
		{1600, 900, 1200}, // 16:9
		{1200, 900, 800},  // a variant step
		{640, 480, 640},   // no change of size
		{1000, 333, 997},  // a near-identity with awkward rows
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range cases {
		for _, ycbcr := range []bool{false, true} {
			src := noise(rng, c.sw, c.sh, ycbcr)
			got := scale(src, c.dw)
			want := image.NewRGBA(got.Rect)
			kernel.Scale(want, want.Rect, src, src.Bounds(), draw.Src, nil)
			if d := maxDiff(got, want); d > 0 {
				t.Errorf("%d×%d → %d (ycbcr %v): banded scale differs from a whole scale by up to %d levels", c.sw, c.sh, c.dw, ycbcr, d)
			}
		}
	}
}

// noise is an image of random pixels: the hardest case for a seam.
func noise(rng *rand.Rand, w, h int, ycbcr bool) image.Image {
	if ycbcr {
		m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		for i := range m.Y {
			m.Y[i] = uint8(rng.IntN(256))
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
		}
		return m
	}
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255})
		}
	}
	return m
}

func maxDiff(a, b *image.RGBA) int {
	d := 0
	for i := range a.Pix {
		x := int(a.Pix[i]) - int(b.Pix[i])
		d = max(d, x, -x)
	}
	return d
}
