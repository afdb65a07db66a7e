package imaging

import (
	"image"

	"golang.org/x/image/draw"
)

// scale returns m scaled to width w, keeping its proportions.
//
// Catmull-Rom is the sharpest of golang.org/x/image/draw's kernels that
// does not ring, and process.go scales in steps (2400 → 1600 → 1200 →
// 800 → 480), each at most 1.7 times smaller than the one before, so the
// kernel is never asked to skip pixels; bench_test.go compares it with
// ApproxBiLinear (BenchmarkScale).
func scale(m image.Image, w int, k draw.Interpolator) *image.RGBA {
	b := m.Bounds()
	h := max(1, (b.Dy()*w+b.Dx()/2)/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	k.Scale(dst, dst.Rect, m, b, draw.Src, nil)
	return dst
}

// kernel is the interpolator scale uses.
var kernel draw.Interpolator = draw.CatmullRom
