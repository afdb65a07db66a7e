package main

import (
	"math"
	"slices"
)

// rgb is a colour with components from 0 to 1 (sRGB, as the JPEG stores it).
type rgb struct{ r, g, b float64 }

func c8(r, g, b int) rgb { return rgb{float64(r) / 255, float64(g) / 255, float64(b) / 255} }

func (a rgb) mul(k float64) rgb { return rgb{a.r * k, a.g * k, a.b * k} }
func (a rgb) tint(t rgb) rgb    { return rgb{a.r * t.r, a.g * t.g, a.b * t.b} }
func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

func clamp01(v float64) float64 { return min(1, max(0, v)) }

func smoothstep(e0, e1, x float64) float64 {
	t := clamp01((x - e0) / (e1 - e0))
	return t * t * (3 - 2*t)
}

// A paint gives the colour and opacity of a shape at a point, so that
// one shape can carry a gradient, stripes or a texture.
type paint func(x, y float64) (rgb, float64)

func solid(c rgb) paint { return func(float64, float64) (rgb, float64) { return c, 1 } }

// mode is how a shape's colour meets what is already drawn: paint over
// it, add light to it (lamps, glows) or darken it (shadows: the colour
// is the factor the light is multiplied by).
type mode int

const (
	over mode = iota
	light
	shade
)

type pt struct{ x, y float64 }

// canvas is the picture as it is drawn, three float32 per pixel.
type canvas struct {
	w, h int
	p    []float32
	cov  []float64 // one row of polygon coverage, reused
	xs   []float64
	// haze is mixed into what is painted over, by hazeK: the air
	// between the camera and what is being drawn.
	haze  rgb
	hazeK float64
}

func newCanvas(w, h int) *canvas {
	return &canvas{w: w, h: h, p: make([]float32, 3*w*h), cov: make([]float64, w+2)}
}

func (c *canvas) get(x, y int) rgb {
	i := 3 * (y*c.w + x)
	return rgb{float64(c.p[i]), float64(c.p[i+1]), float64(c.p[i+2])}
}

func (c *canvas) set(x, y int, v rgb) {
	i := 3 * (y*c.w + x)
	c.p[i], c.p[i+1], c.p[i+2] = float32(v.r), float32(v.g), float32(v.b)
}

func (c *canvas) put(x, y int, col rgb, a float64, m mode) {
	if a <= 0 || x < 0 || y < 0 || x >= c.w || y >= c.h {
		return
	}
	a = min(a, 1)
	i := 3 * (y*c.w + x)
	p := c.p[i : i+3 : i+3]
	switch m {
	case over:
		if c.hazeK > 0 {
			col = mix(col, c.haze, c.hazeK)
		}
		p[0] += float32((col.r - float64(p[0])) * a)
		p[1] += float32((col.g - float64(p[1])) * a)
		p[2] += float32((col.b - float64(p[2])) * a)
	case light:
		p[0] += float32(col.r * a)
		p[1] += float32(col.g * a)
		p[2] += float32(col.b * a)
	case shade:
		p[0] *= float32(1 - a*(1-col.r))
		p[1] *= float32(1 - a*(1-col.g))
		p[2] *= float32(1 - a*(1-col.b))
	}
}

// fill paints every pixel with f(x, y).
func (c *canvas) fill(f func(x, y float64) rgb) {
	for y := range c.h {
		for x := range c.w {
			c.set(x, y, f(float64(x)+0.5, float64(y)+0.5))
		}
	}
}

// poly fills a polygon (even-odd), antialiased: four sub-rows per pixel
// row and exact coverage along each.
func (c *canvas) poly(pts []pt, p paint, m mode) {
	if len(pts) < 3 {
		return
	}
	minX, maxX, minY, maxY := pts[0].x, pts[0].x, pts[0].y, pts[0].y
	for _, q := range pts[1:] {
		minX, maxX, minY, maxY = min(minX, q.x), max(maxX, q.x), min(minY, q.y), max(maxY, q.y)
	}
	x0, x1 := max(0, int(math.Floor(minX))), min(c.w-1, int(math.Floor(maxX)))
	y0, y1 := max(0, int(math.Floor(minY))), min(c.h-1, int(math.Floor(maxY)))
	if x0 > x1 || y0 > y1 {
		return
	}
	for y := y0; y <= y1; y++ {
		clear(c.cov[x0 : x1+2])
		for s := range 4 {
			sy := float64(y) + (float64(s)+0.5)/4
			c.xs = c.xs[:0]
			for i := range pts {
				a, b := pts[i], pts[(i+1)%len(pts)]
				if (a.y <= sy) != (b.y <= sy) {
					c.xs = append(c.xs, a.x+(sy-a.y)*(b.x-a.x)/(b.y-a.y))
				}
			}
			slices.Sort(c.xs)
			for k := 0; k+1 < len(c.xs); k += 2 {
				c.span(c.xs[k], c.xs[k+1], 0.25, x0, x1)
			}
		}
		for x := x0; x <= x1; x++ {
			if cv := c.cov[x]; cv > 0.001 {
				col, a := p(float64(x)+0.5, float64(y)+0.5)
				c.put(x, y, col, a*min(cv, 1), m)
			}
		}
	}
}

func (c *canvas) span(xa, xb, w float64, x0, x1 int) {
	xa, xb = max(xa, float64(x0)), min(xb, float64(x1+1))
	if xb <= xa {
		return
	}
	ia, ib := int(xa), int(xb)
	if ia == ib {
		c.cov[ia] += (xb - xa) * w
		return
	}
	c.cov[ia] += (float64(ia+1) - xa) * w
	for i := ia + 1; i < ib; i++ {
		c.cov[i] += w
	}
	c.cov[ib] += (xb - float64(ib)) * w
}

// ellipse fills an ellipse whose edge fades over soft pixels (1 for a
// sharp antialiased edge, more for a soft shadow or a glow).
func (c *canvas) ellipse(cx, cy, rx, ry, soft float64, p paint, m mode) {
	if rx <= 0 || ry <= 0 {
		return
	}
	soft = max(soft, 1)
	x0, x1 := max(0, int(cx-rx-soft)), min(c.w-1, int(cx+rx+soft))
	y0, y1 := max(0, int(cy-ry-soft)), min(c.h-1, int(cy+ry+soft))
	r := (rx + ry) / 2
	for y := y0; y <= y1; y++ {
		dy := (float64(y) + 0.5 - cy) / ry
		for x := x0; x <= x1; x++ {
			dx := (float64(x) + 0.5 - cx) / rx
			e := (1 - math.Sqrt(dx*dx+dy*dy)) * r // pixels inside the edge
			a := clamp01(e/soft + 0.5)
			if soft > 1 {
				a = smoothstep(-soft/2, soft/2, e)
			}
			if a > 0 {
				col, pa := p(float64(x)+0.5, float64(y)+0.5)
				c.put(x, y, col, a*pa, m)
			}
		}
	}
}

// glow adds a light with a Gaussian falloff of radius r around (cx, cy).
func (c *canvas) glow(cx, cy, r float64, col rgb, k float64) {
	x0, x1 := max(0, int(cx-3*r)), min(c.w-1, int(cx+3*r))
	y0, y1 := max(0, int(cy-3*r)), min(c.h-1, int(cy+3*r))
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			dx, dy := (float64(x)+0.5-cx)/r, (float64(y)+0.5-cy)/r
			c.put(x, y, col, k*math.Exp(-(dx*dx+dy*dy)), light)
		}
	}
}

// blurred returns a copy of the canvas blurred by three box blurs of
// radius r (close to a Gaussian).
func (c *canvas) blurred(r int) *canvas {
	out := &canvas{w: c.w, h: c.h, p: slices.Clone(c.p), cov: c.cov}
	if r < 1 {
		return out
	}
	tmp := make([]float32, len(c.p))
	for range 3 {
		boxPass(out.p, tmp, c.w, c.h, r, 3, 3*c.w) // rows
		boxPass(tmp, out.p, c.h, c.w, r, 3*c.w, 3) // columns
	}
	return out
}

// boxPass blurs n lines of length l (stride between pixels step, between
// lines next) from src into dst.
func boxPass(src, dst []float32, l, n, r, step, next int) {
	k := float32(1) / float32(2*r+1)
	for line := range n {
		base := line * next
		for ch := range 3 {
			var sum float32
			at := func(i int) float32 { return src[base+ch+min(l-1, max(0, i))*step] }
			for i := -r; i <= r; i++ {
				sum += at(i)
			}
			for i := range l {
				dst[base+ch+i*step] = sum * k
				sum += at(i+r+1) - at(i-r)
			}
		}
	}
}

// focus mixes a blurred copy into the canvas row by row: weight(y) 1 is
// all blurred (out of focus), 0 sharp.
func (c *canvas) focus(b *canvas, weight func(y float64) float64) {
	for y := range c.h {
		wy := float32(clamp01(weight(float64(y))))
		if wy == 0 {
			continue
		}
		row := c.p[3*y*c.w : 3*(y+1)*c.w]
		brow := b.p[3*y*c.w : 3*(y+1)*c.w]
		for i := range row {
			row[i] += (brow[i] - row[i]) * wy
		}
	}
}

// lens darkens the corners (vignetting) and gives the tones a gentle
// S-curve, as a phone's processing does.
func (c *canvas) lens(vignette float64) {
	c.focus(c.blurred(1), func(float64) float64 { return 0.3 })
	cx, cy := float64(c.w)/2, float64(c.h)/2
	d2 := cx*cx + cy*cy
	for y := range c.h {
		for x := range c.w {
			dx, dy := float64(x)-cx, float64(y)-cy
			v := 1 - vignette*(dx*dx+dy*dy)/d2
			col := c.get(x, y).mul(v)
			col = rgb{tone(col.r), tone(col.g), tone(col.b)}
			c.set(x, y, col)
		}
	}
}

func tone(v float64) float64 {
	v = clamp01(v)
	return v + 0.12*v*(1-v)*(2*v-1)*2
}
