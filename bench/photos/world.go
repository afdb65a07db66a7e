package main

import (
	"math"
	"math/rand/v2"
	"slices"
)

// world is a scene seen by a phone held level at eye height: points in
// metres (X to the right, Y up, Z away from the camera) are projected
// with a pinhole camera, so sizes, paving lines and facades shrink
// toward the horizon as in a photograph.
type world struct {
	c     *canvas
	r     *rand.Rand
	n     field
	f     float64 // focal length in pixels
	cx    float64 // the image centre's x
	hy    float64 // the horizon's y
	eye   float64 // the camera's height in metres
	lit   float64 // +1: light from the right (right-hand sides are brighter); -1 from the left
	sun   rgb     // the colour of sunlit surfaces, multiplied in
	shad  float64 // how dark shadows are (0 none, 1 black)
	sunDX float64 // shadows fall this many metres along X per metre of height
	sunDZ float64 // and along Z
	haze  rgb     // the colour distance fades things to
	items []item
}

type item struct {
	z    float64
	draw func()
}

func newWorld(c *canvas, r *rand.Rand, horizon float64) *world {
	long := float64(max(c.w, c.h))
	return &world{c: c, r: r, n: field(r.Uint64()), f: 0.8 * long, cx: float64(c.w) / 2,
		hy: horizon * float64(c.h), eye: 1.55, lit: 1, sun: rgb{1, 1, 1}, shad: 0.38, sunDX: -0.5, sunDZ: -0.3}
}

type v3 struct{ x, y, z float64 }

func (w *world) proj(p v3) pt {
	z := max(p.z, 0.3)
	return pt{w.cx + w.f*p.x/z, w.hy + w.f*(w.eye-p.y)/z}
}

// px is how many pixels a metre spans at depth z.
func (w *world) px(z float64) float64 { return w.f / z }

func (w *world) quad(p paint, m mode, ps ...v3) {
	pts := make([]pt, len(ps))
	for i, q := range ps {
		pts[i] = w.proj(q)
	}
	w.c.poly(pts, p, m)
}

// box draws the faces of an axis-aligned box the camera can see.
func (w *world) box(x0, y0, z0, x1, y1, z1 float64, col rgb) {
	front, side, top := w.light(col, 0), w.light(col, -0.25), w.light(col, 0.15)
	if x0 > 0 { // the left face is seen
		w.quad(solid(w.light(col, -0.25*w.lit)), over, v3{x0, y0, z0}, v3{x0, y0, z1}, v3{x0, y1, z1}, v3{x0, y1, z0})
	} else if x1 < 0 {
		w.quad(solid(w.light(col, 0.25*w.lit)), over, v3{x1, y0, z0}, v3{x1, y0, z1}, v3{x1, y1, z1}, v3{x1, y1, z0})
	}
	_ = side
	if y1 < w.eye {
		w.quad(solid(top), over, v3{x0, y1, z0}, v3{x1, y1, z0}, v3{x1, y1, z1}, v3{x0, y1, z1})
	}
	w.quad(solid(front), over, v3{x0, y0, z0}, v3{x1, y0, z0}, v3{x1, y1, z0}, v3{x0, y1, z0})
}

// light is a surface's colour in the scene's light, k brighter (+) or
// darker (−) than a face turned to the camera.
func (w *world) light(col rgb, k float64) rgb { return col.tint(w.sun).mul(1 + k) }

func (w *world) add(z float64, draw func()) { w.items = append(w.items, item{z, draw}) }

// flush draws what was added, far to near; at depth dof it blurs what is
// already drawn (the far plane is out of focus, as in a phone photo of
// people nearby).
func (w *world) flush(dof float64, blur int) {
	slices.SortStableFunc(w.items, func(a, b item) int {
		switch {
		case a.z > b.z:
			return -1
		case a.z < b.z:
			return 1
		}
		return 0
	})
	blurred := dof <= 0
	for _, it := range w.items {
		if !blurred && it.z < dof {
			w.defocus(dof, blur)
			blurred = true
		}
		w.c.haze, w.c.hazeK = w.haze, w.distance(it.z)
		it.draw()
	}
	w.c.hazeK = 0
	if !blurred {
		w.defocus(dof, blur)
	}
	w.items = nil
}

// distance is how much air between the camera and depth z fades a
// colour toward the haze.
func (w *world) distance(z float64) float64 { return 0.5 * smoothstep(15, 400, z) }

func (w *world) defocus(dof float64, blur int) {
	if blur < 1 {
		return
	}
	b := w.c.blurred(blur)
	yd := w.proj(v3{0, 0, dof}).y
	w.c.focus(b, func(y float64) float64 { return 1 - smoothstep(yd-0.3*(yd-w.hy), yd+0.5*(float64(w.c.h)-yd), y) })
}

// groundShadow darkens an ellipse of the ground (radii in metres),
// soft at its edge.
func (w *world) groundShadow(x, z, rx, rz, soft float64) {
	a, b := w.proj(v3{x, 0, z - rz}), w.proj(v3{x, 0, z + rz})
	k := w.px(z)
	w.c.ellipse(a.x, (a.y+b.y)/2, rx*k, math.Abs(a.y-b.y)/2, soft*k, solid(rgb{1 - w.shad, 1 - w.shad, 1 - w.shad*0.8}), shade)
}

// sky paints the sky (gradient, fBm clouds, haze at the horizon), the
// Andes (a fractal ridge with snow, hazier the farther) and the ground,
// whose colour at a point of the ground is given by ground(X, Z, fx, fz)
// where fx and fz are the metres a pixel spans across and along.
func (w *world) sky(top, horizon, haze rgb, clouds float64, andes bool, ground func(x, z, fx, fz float64) rgb) {
	c := w.c
	w.haze = haze
	W := float64(c.w)
	cloud := field(w.r.Uint64())
	ridge := make([]float64, c.w)
	ridge2 := make([]float64, c.w)
	rn, rn2 := field(w.r.Uint64()), field(w.r.Uint64())
	mh := 0.18 * W * (0.85 + 0.3*w.r.Float64())
	off := 100 * w.r.Float64()
	for x := range c.w {
		u := float64(x)/W*2.2 + off
		ridge[x] = w.hy - 0.25*mh - mh*rn.ridge(u, 6)
		ridge2[x] = w.hy - 0.08*mh - 0.35*mh*rn2.fbm(u*2.5, 3, 5)
	}
	far := mix(c8(120, 130, 155), haze, 0.35)
	near := mix(c8(95, 92, 88), haze, 0.25)
	snow := mix(c8(245, 246, 250), haze, 0.2)
	c.fill(func(x, y float64) rgb {
		if y >= w.hy {
			z := w.f * w.eye / (y - w.hy)
			g := ground((x-w.cx)*z/w.f, z, z/w.f, z*z/(w.f*w.eye))
			return mix(g, haze, w.distance(z))
		}
		t := y / w.hy
		col := mix(top, horizon, math.Pow(t, 1.6))
		if clouds > 0 {
			v := cloud.fbm(x/W*3, y/W*9, 6)
			under := cloud.fbm(x/W*3, (y-0.02*W)/W*9, 6)
			k := smoothstep(1-clouds, 1-clouds+0.2, v) * (1 - smoothstep(0.7, 1, t))
			cc := mix(c8(250, 250, 252), c8(175, 180, 192), clamp01((under-v)*6+0.3))
			col = mix(col, cc, k)
		}
		xi := min(c.w-1, int(x))
		if andes && y > ridge[xi] {
			d := (y - ridge[xi]) / mh
			// gullies down the slopes, lit on one side
			gully := rn.fbm(x/W*70, y/W*12, 4)
			m := far.mul(0.85 + 0.35*(gully-0.5) + 0.15*(rn.fbm(x/W*40, y/W*40, 4)-0.5))
			// snow above a snow line that the gullies break up
			alt := (w.hy - y) / mh
			s := smoothstep(0, 0.05, alt-0.78-0.5*(gully-0.5)-0.15*(rn.fbm(x/W*12, 1, 3)-0.5))
			m = mix(m, snow, s).tint(mix(w.sun, rgb{1, 1, 1}, 0.4))
			col = mix(m, haze, 0.3+0.4*smoothstep(0, 1, d))
		}
		if andes && y > ridge2[xi] {
			col = mix(near.mul(0.9+0.2*rn2.fbm(x/W*30, y/W*30, 4)).tint(w.sun), haze, 0.35)
		}
		return mix(col, haze, 0.6*smoothstep(0.75, 1, t))
	})
}

// grid is how much of a pixel the lines of a grid of cells of size s
// (lines lw wide) cover at x, for a pixel f metres wide.
func grid(x, s, lw, f float64) float64 {
	d := math.Abs(x/s-math.Round(x/s)) * s
	we := max(lw, f)
	return clamp01((we/2-d)/f+0.5) * lw / we
}

// person is someone standing at (x, z), h metres tall, seen from the
// front or the back.
type person struct {
	x, z, h                 float64
	base                    float64 // the height of what they stand on (a stage, a platform)
	skin, hair, top, bottom rgb
	dress, back, kid, hat   bool
	phone                   bool // holds up a phone with its screen lit
	hatCol                  rgb
}

var (
	skins  = []rgb{c8(236, 196, 160), c8(214, 168, 128), c8(190, 140, 100), c8(160, 110, 75), c8(120, 80, 55), c8(225, 180, 145)}
	hairs  = []rgb{c8(30, 24, 20), c8(55, 40, 30), c8(90, 65, 40), c8(140, 110, 70), c8(180, 180, 180), c8(20, 18, 18)}
	shirts = []rgb{c8(200, 40, 45), c8(40, 80, 160), c8(240, 240, 235), c8(30, 30, 35), c8(235, 190, 40), c8(60, 140, 90),
		c8(230, 120, 150), c8(120, 70, 150), c8(250, 130, 40), c8(90, 160, 210), c8(140, 140, 145), c8(180, 60, 90)}
	pants = []rgb{c8(40, 55, 90), c8(30, 30, 35), c8(70, 90, 120), c8(120, 100, 80), c8(60, 60, 65), c8(150, 140, 120)}
)

func (w *world) randomPerson(x, z float64, kidShare float64) person {
	r := w.r
	p := person{x: x, z: z, h: 1.55 + 0.3*r.Float64(),
		skin: skins[r.IntN(len(skins))], hair: hairs[r.IntN(len(hairs))],
		top: shirts[r.IntN(len(shirts))], bottom: pants[r.IntN(len(pants))],
		dress: r.IntN(5) == 0, hat: r.IntN(6) == 0, hatCol: shirts[r.IntN(len(shirts))]}
	if r.Float64() < kidShare {
		p.kid, p.h = true, 0.9+0.45*r.Float64()
	}
	return p
}

func (w *world) person(p person) {
	k := w.px(p.z)
	f := w.proj(v3{p.x, p.base, p.z})
	H := p.h * k
	if H < 1.5 {
		return
	}
	if p.base == 0 {
		// the shadow starts at the feet and falls away from the light
		w.groundShadow(p.x+w.sunDX*0.5*p.h, p.z+w.sunDZ*0.5*p.h, math.Abs(w.sunDX)*0.5*p.h+0.2, math.Abs(w.sunDZ)*0.5*p.h+0.15, 0.3)
		// and it is darkest where the feet touch the ground
		w.groundShadow(p.x, p.z, 0.22*p.h, 0.12, 0.1)
	}
	head := 0.13
	if p.kid {
		head = 0.17
	}
	y := func(v float64) float64 { return f.y - v*H }
	folds := field(w.r.Uint64())
	body := func(col rgb, hw float64) paint {
		col = col.tint(w.sun)
		return func(x, y float64) (rgb, float64) {
			fold := folds.fbm((x-f.x)/(0.04*H), (y-f.y)/(0.12*H), 3) - 0.5
			return col.mul(1 + 0.22*w.lit*(x-f.x)/(hw*H) - 0.15*clamp01((y-f.y+H)/H) + 0.25*fold), 1
		}
	}
	shoulder := 1 - head - 0.03
	waist := 0.48 * shoulder / 0.84
	sw, hw := 0.13, 0.105
	if p.kid {
		sw, hw = 0.15, 0.12
	}
	shoe := solid(c8(35, 30, 30).tint(w.sun))
	legs := body(p.bottom, hw)
	if p.dress {
		legs = body(p.skin, hw)
	}
	for _, s := range []float64{-1, 1} {
		w.c.poly([]pt{{f.x + s*0.015*H, y(0.02)}, {f.x + s*0.085*H, y(0.02)}, {f.x + s*(hw+0.005)*H, y(waist)}, {f.x + s*0.005*H, y(waist)}}, legs, over)
		w.c.ellipse(f.x+s*0.05*H, y(0.015), 0.045*H, 0.02*H, 1, shoe, over)
	}
	if p.dress {
		w.c.poly([]pt{{f.x - 0.17*H, y(0.26)}, {f.x + 0.17*H, y(0.26)}, {f.x + hw*H, y(waist + 0.05)}, {f.x - hw*H, y(waist + 0.05)}}, body(p.top.mul(0.85), 0.17), over)
	}
	arm := body(p.top.mul(0.88), sw)
	for _, s := range []float64{-1, 1} {
		if p.phone && s == 1 {
			// the arm raised, the phone above the head
			w.c.poly([]pt{{f.x + s*(sw-0.02)*H, y(shoulder)}, {f.x + s*(sw+0.04)*H, y(shoulder - 0.04)}, {f.x + s*0.16*H, y(1.12)}, {f.x + s*0.11*H, y(1.12)}}, arm, over)
			ph := pt{f.x + s*0.135*H, y(1.16)}
			w.c.poly([]pt{{ph.x - 0.035*H, ph.y - 0.06*H}, {ph.x + 0.035*H, ph.y - 0.06*H}, {ph.x + 0.035*H, ph.y + 0.06*H}, {ph.x - 0.035*H, ph.y + 0.06*H}}, solid(c8(20, 20, 25)), over)
			w.c.glow(ph.x, ph.y, 0.08*H, c8(150, 180, 255), 0.25)
			continue
		}
		w.c.poly([]pt{{f.x + s*(sw-0.03)*H, y(shoulder)}, {f.x + s*(sw+0.015)*H, y(shoulder - 0.03)}, {f.x + s*(sw+0.035)*H, y(waist - 0.02)}, {f.x + s*(sw-0.025)*H, y(waist - 0.02)}}, arm, over)
		w.c.ellipse(f.x+s*(sw+0.005)*H, y(waist-0.04), 0.028*H, 0.035*H, 1, body(p.skin, sw), over)
	}
	w.c.poly([]pt{{f.x - hw*H, y(waist)}, {f.x + hw*H, y(waist)}, {f.x + sw*H, y(shoulder - 0.015)}, {f.x + (sw-0.03)*H, y(shoulder + 0.01)},
		{f.x - (sw-0.03)*H, y(shoulder + 0.01)}, {f.x - sw*H, y(shoulder - 0.015)}}, body(p.top, sw), over)
	hc := y(1 - head/2)
	hr := head / 2 * H
	w.c.poly([]pt{{f.x - 0.03*H, y(shoulder + 0.02)}, {f.x + 0.03*H, y(shoulder + 0.02)}, {f.x + 0.03*H, hc}, {f.x - 0.03*H, hc}}, body(p.skin.mul(0.85), 0.03), over)
	if p.back {
		w.c.ellipse(f.x, hc, hr*0.82, hr, 1, body(p.hair, 0.06), over)
	} else {
		w.c.ellipse(f.x, hc-0.1*hr, hr*0.86, hr*0.95, 1, body(p.hair, 0.06), over)
		w.c.ellipse(f.x, hc+0.1*hr, hr*0.74, hr*0.86, 1, body(p.skin, 0.06), over)
	}
	if p.hat {
		hat := body(p.hatCol, 0.1)
		w.c.ellipse(f.x, hc-0.55*hr, hr*1.35, hr*0.22, 1, hat, over)
		w.c.ellipse(f.x, hc-0.75*hr, hr*0.8, hr*0.5, 1, hat, over)
	}
}

// tree is a tree at (x, z): a trunk and a crown of noisy foliage lit
// from the side of the light, with gaps the sky shows through.
func (w *world) tree(x, z, h, crown float64, leaf rgb) {
	k := w.px(z)
	seed := field(w.r.Uint64())
	w.groundShadow(x+w.sunDX*h*0.5, z+w.sunDZ*h*0.5, crown*1.1, crown*0.9, crown*0.6)
	trunk := c8(85, 65, 50).tint(w.sun)
	b, t := w.proj(v3{x, 0, z}), w.proj(v3{x, h - crown, z})
	tw := max(0.12*crown*k, 1)
	w.c.poly([]pt{{b.x - tw, b.y}, {b.x + tw, b.y}, {t.x + 0.6*tw, t.y}, {t.x - 0.6*tw, t.y}}, func(px, _ float64) (rgb, float64) {
		return trunk.mul(1 + 0.3*w.lit*(px-b.x)/tw), 1
	}, over)
	c := w.proj(v3{x, h - crown*0.95, z})
	R := crown * k
	ry := 0.9 * R
	leaf = leaf.tint(w.sun)
	x0, x1 := max(0, int(c.x-1.4*R)), min(w.c.w-1, int(c.x+1.4*R))
	y0, y1 := max(0, int(c.y-1.4*ry)), min(w.c.h-1, int(c.y+1.4*ry))
	for py := y0; py <= y1; py++ {
		for px := x0; px <= x1; px++ {
			nx, ny := (float64(px)+0.5-c.x)/R, (float64(py)+0.5-c.y)/ry
			d := math.Sqrt(nx*nx + ny*ny)
			n := seed.fbm(nx*3, ny*3, 5)
			e := (1 - d - 0.9*(n-0.5)) * R
			a := clamp01(e/1.2 + 0.5)
			if a <= 0 {
				continue
			}
			fine := seed.value(nx*R/2.2, ny*R/2.2)
			if gap := seed.fbm(nx*12+40, ny*12, 3); gap > 0.7 && d > 0.35 {
				a *= clamp01((0.76 - gap) / 0.06)
			}
			clump := seed.fbm(nx*8+7, ny*8-3, 3)
			l := 0.5 + 0.5*clamp01(0.5+0.6*w.lit*nx-0.7*ny) + 0.4*(n-0.5) + 0.7*(clump-0.5) + 0.3*(fine-0.5)
			w.c.put(px, py, leaf.mul(l), a, over)
		}
	}
}

// lamp is a street light, h metres tall, its lantern lit or not.
func (w *world) lamp(x, z, h float64, on bool) {
	k := w.px(z)
	b, t := w.proj(v3{x, 0, z}), w.proj(v3{x, h, z})
	pw := max(0.06*k, 0.6)
	pole := c8(45, 50, 50).tint(w.sun)
	w.c.poly([]pt{{b.x - pw, b.y}, {b.x + pw, b.y}, {t.x + pw*0.7, t.y}, {t.x - pw*0.7, t.y}}, func(px, _ float64) (rgb, float64) {
		return pole.mul(1 + 0.5*w.lit*(px-b.x)/pw), 1
	}, over)
	w.c.poly([]pt{{t.x - 0.25*k, t.y - 0.05*k}, {t.x + 0.25*k, t.y - 0.05*k}, {t.x + 0.18*k, t.y + 0.1*k}, {t.x - 0.18*k, t.y + 0.1*k}}, solid(pole), over)
	w.c.ellipse(t.x, t.y+0.1*k, 0.16*k, 0.04*k, 1, solid(c8(235, 235, 220)), over)
	if on {
		w.c.glow(t.x, t.y+0.15*k, 0.6*k, c8(255, 200, 130), 0.7)
	}
}

// bench is a park bench seen from the front, 1.8 m long.
func (w *world) bench(x, z float64) {
	wood, iron := c8(120, 80, 50), c8(40, 40, 42)
	w.groundShadow(x+0.3, z-0.2, 1.0, 0.35, 0.2)
	for _, s := range []float64{-0.8, 0.8} {
		w.box(x+s-0.04, 0, z, x+s+0.04, 0.45, z+0.45, iron)
	}
	w.box(x-0.9, 0.42, z, x+0.9, 0.47, z+0.45, wood)
	for i := range 3 {
		y := 0.55 + 0.14*float64(i)
		w.box(x-0.9, y, z+0.45, x+0.9, y+0.09, z+0.5, wood)
	}
}

// facade is a building's front from (x0, z0) to (x1, z1) on the ground,
// h metres tall, with floors rows of windows; its side faces away.
func (w *world) facade(x0, z0, x1, z1, h float64, wall rgb, floors, cols int, arcade bool) {
	dx, dz := x1-x0, z1-z0
	at := func(u, y float64) v3 { return v3{x0 + u*dx, y, z0 + u*dz} }
	// The facade's light: the sun's side against the facade's direction.
	face := w.light(wall, 0.1*w.lit*dz/math.Hypot(dx, dz))
	seed := field(w.r.Uint64())
	grime := func(x, y float64) (rgb, float64) { return face.mul(0.92 + 0.16*seed.fbm(x/40, y/25, 4)), 1 }
	w.quad(grime, over, at(0, 0), at(1, 0), at(1, h), at(0, h))
	w.quad(solid(face.mul(0.8)), over, at(0, h), at(1, h), at(1, h+0.5), at(0, h+0.5))
	L := math.Hypot(dx, dz)
	glass := c8(60, 75, 95)
	fh := (h - 0.6) / float64(floors)
	for fl := range floors {
		yb := float64(fl)*fh + 0.3
		for cI := range cols {
			u0 := (float64(cI) + 0.28) / float64(cols)
			u1 := (float64(cI) + 0.72) / float64(cols)
			if fl == 0 && arcade {
				w.quad(solid(c8(45, 40, 38).tint(w.sun)), over, at(u0-0.1, 0), at(u1+0.1, 0), at(u1+0.1, fh*0.75), at(u0-0.1, fh*0.75))
				continue
			}
			y0, y1 := yb+0.25*fh, yb+0.8*fh
			if fl == 0 && cI%3 == 1 {
				y0 = 0 // a door
			}
			w.quad(solid(face.mul(1.12)), over, at(u0-0.15/L, y0-0.15), at(u1+0.15/L, y0-0.15), at(u1+0.15/L, y1+0.1), at(u0-0.15/L, y1+0.1))
			sh := 0.7 + 0.5*w.r.Float64()
			w.quad(func(_, py float64) (rgb, float64) {
				return glass.mul(sh), 1
			}, over, at(u0, y0), at(u1, y0), at(u1, y1), at(u0, y1))
			// the sky reflected in the upper half of the pane
			w.quad(solid(c8(150, 170, 195).tint(w.sun)), over, at(u0, (y0+y1)/2), at(u1, (y0+y1)/2+0.2), at(u1, y1), at(u0, y1))
		}
	}
}

// house is a one- or two-storey house with a pitched roof seen from the
// street, w metres wide, at depth z.
func (w *world) house(x, z, wd, h float64, wall, roof rgb) {
	w.facade(x-wd/2, z, x+wd/2, z, h, wall, max(1, int(h/2.8)), max(2, int(wd/2.6)), false)
	w.quad(func(_, py float64) (rgb, float64) { return roof.tint(w.sun), 1 }, over,
		v3{x - wd/2 - 0.3, h + 0.5, z - 0.3}, v3{x + wd/2 + 0.3, h + 0.5, z - 0.3}, v3{x + wd/2 - 1, h + 2.2, z + 3}, v3{x - wd/2 + 1, h + 2.2, z + 3})
}

// fence is a low metal fence along z = z from x0 to x1.
func (w *world) fence(x0, x1, z, h float64, col rgb) {
	col = col.tint(w.sun)
	w.quad(solid(col), over, v3{x0, h - 0.06, z}, v3{x1, h - 0.06, z}, v3{x1, h, z}, v3{x0, h, z})
	for x := x0; x <= x1; x += 0.15 {
		w.quad(solid(col.mul(0.9)), over, v3{x, 0, z}, v3{x + 0.025, 0, z}, v3{x + 0.025, h, z}, v3{x, h, z})
	}
}
