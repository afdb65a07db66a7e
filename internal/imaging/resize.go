package imaging

import (
	"image"

	"golang.org/x/image/draw"
)

// kernel is the resampling filter. Catmull-Rom is the sharpest of
// golang.org/x/image/draw's kernels that does not ring, and process.go
// scales in steps (2400 → 1600 → 1200 → 800 → 480), each at most 1.7
// times smaller than the one before, so the kernel is never asked to skip
// pixels.
var kernel = draw.CatmullRom

// bandRows is how many rows of the result scale computes at a time.
//
// x/image/draw's kernel scaler first scales every source row across into
// a buffer of float64 pixels (32 bytes each) as wide as the result and as
// tall as the source, then scales that buffer down: for a 4000×3000 phone
// photo going to 2400 pixels that buffer is 230 MB, allocated and cleared
// for every call. Two workers each holding one made a first build of a
// site with photos peak above 1 GB and spend a tenth of its time in the
// garbage collector. Scaling in horizontal bands keeps the buffer to a
// band's worth of source rows (some 14 MB) with the same pixels.
const bandRows = 96

// scale returns m scaled to width w, keeping its proportions.
func scale(m image.Image, w int) *image.RGBA {
	b := m.Bounds()
	h := max(1, (b.Dy()*w+b.Dx()/2)/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	scaleBands(dst, m, b)
	return dst
}

// scaleBands scales the rectangle sr of src to all of dst, band by band.
//
// A band of result rows [y0, y1) is scaled from the source rows that map
// onto it, plus a margin of rows above and below, into a scratch image;
// only the band's own rows are copied to dst. The margin is wider than
// the kernel's reach (2 source pixels each side, at most 1.7 result
// rows at these ratios), so every copied pixel sees the same
// neighbours as in a scale of the whole image; and band edges fall only
// on result rows that map to whole source rows (multiples of step), so
// the bands' positions are exact, not rounded: no seam, no shift.
func scaleBands(dst *image.RGBA, src image.Image, sr image.Rectangle) {
	w, h, sh := dst.Rect.Dx(), dst.Rect.Dy(), sr.Dy()
	step := h / gcd(h, sh) // result rows per whole number of source rows
	band := roundUp(bandRows, step)
	margin := roundUp(8, step)
	if band+2*margin >= h {
		kernel.Scale(dst, dst.Rect, src, sr, draw.Src, nil)
		return
	}
	// The scratch image and a scaler (which pools its buffer) for each
	// shape of band: the first, the middle ones, the last.
	scratch := image.NewRGBA(image.Rect(0, 0, w, band+2*margin))
	scalers := map[[2]int]draw.Scaler{}
	for y0 := 0; y0 < h; y0 += band {
		y1 := min(y0+band, h)
		lo, hi := max(0, y0-margin), min(h, y1+margin)
		// lo is a multiple of step, and hi is one too or h: both map
		// to whole source rows.
		slo, shi := sr.Min.Y+lo*sh/h, sr.Min.Y+hi*sh/h
		shape := [2]int{hi - lo, shi - slo}
		z := scalers[shape]
		if z == nil {
			z = kernel.NewScaler(w, hi-lo, sr.Dx(), shi-slo)
			scalers[shape] = z
		}
		tr := image.Rect(0, 0, w, hi-lo)
		z.Scale(scratch, tr, src, image.Rect(sr.Min.X, slo, sr.Max.X, shi), draw.Src, nil)
		for y := y0; y < y1; y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+4*w], scratch.Pix[(y-lo)*scratch.Stride:])
		}
	}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// roundUp rounds n up to a multiple of m.
func roundUp(n, m int) int { return (n + m - 1) / m * m }
