package main

import "math"

// field is seeded value noise: a random value at each integer lattice
// point, interpolated smoothly between them; fbm sums octaves of it
// (fractal Brownian motion), which is what clouds, ridges, foliage and
// worn paving look like.
type field uint64

func (f field) lattice(ix, iy int64) float64 {
	h := uint64(ix)*0x9E3779B97F4A7C15 ^ uint64(iy)*0xC2B2AE3D27D4EB4F ^ uint64(f)
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	return float64(h>>11) / (1 << 53)
}

func (f field) value(x, y float64) float64 {
	fx, fy := math.Floor(x), math.Floor(y)
	ix, iy := int64(fx), int64(fy)
	tx, ty := x-fx, y-fy
	tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	a, b := f.lattice(ix, iy), f.lattice(ix+1, iy)
	c, d := f.lattice(ix, iy+1), f.lattice(ix+1, iy+1)
	return a + (b-a)*tx + (c-a)*ty + (a-b-c+d)*tx*ty
}

// fbm is from 0 to 1, around 0.5.
func (f field) fbm(x, y float64, octaves int) float64 {
	var sum, norm float64
	amp := 1.0
	for o := range octaves {
		sum += amp * field(uint64(f)+uint64(o)*0x51ED27).value(x, y)
		norm += amp
		amp *= 0.5
		x, y = x*2.03+17.1, y*2.03-9.7
	}
	return sum / norm
}

// ridge is fbm of folded noise: sharp crests, as mountain ridges have.
func (f field) ridge(x float64, octaves int) float64 {
	var sum, norm float64
	amp := 1.0
	for o := range octaves {
		v := 1 - math.Abs(2*field(uint64(f)+uint64(o)*0x3C6EF3).value(x, 0.5)-1)
		sum += amp * v * v
		norm += amp
		amp *= 0.5
		x *= 2.1
	}
	return sum / norm
}
