package main

import (
	"math"
	"math/rand/v2"
)

// scenes are the photos bench/photos can take, by name (-scene); each
// draws on a canvas of the size of the photo as it is seen (upright).
var scenes = map[string]func(w *world){
	"plaza":     func(w *world) { plaza(w, 6, false) },
	"vecinos":   func(w *world) { plaza(w, 26, true) },
	"juegos":    juegos,
	"feria":     feria,
	"concierto": concierto,
}

// sceneNames is the order -scene auto chooses from.
var sceneNames = []string{"plaza", "vecinos", "juegos", "feria", "concierto"}

func draw(name string, r *rand.Rand, w, h int) *canvas {
	c := newCanvas(w, h)
	horizon := 0.47
	if h > w {
		horizon = 0.56
	}
	wd := newWorld(c, r, horizon+0.04*(r.Float64()-0.5))
	scenes[name](wd)
	c.lens(0.35)
	return c
}

var (
	daySky, dayHorizon, dayHaze = c8(62, 112, 185), c8(180, 200, 222), c8(205, 208, 212)
	warmSun                     = rgb{1.02, 0.96, 0.86}
)

// paving is a pavement of square slabs (s metres) with joints, each slab
// a little different, worn and stained.
func paving(n field, base rgb, s float64) func(x, z, fx, fz float64) rgb {
	return func(x, z, fx, fz float64) rgb {
		joint := max(grid(x, s, 0.012, fx), grid(z, s, 0.012, fz))
		slab := n.lattice(int64(math.Floor(x/s)), int64(math.Floor(z/s)))
		col := base.mul(0.94 + 0.1*slab + 0.2*(n.fbm(x/2.5, z/2.5, 4)-0.5))
		if fx < 0.02 {
			col = col.mul(1 + 0.12*(n.value(x*40, z*40)-0.5))
		}
		return col.mul(1 - 0.35*joint)
	}
}

func grass(n field, base rgb) func(x, z, fx, fz float64) rgb {
	return func(x, z, fx, fz float64) rgb {
		col := base.mul(0.8 + 0.4*(n.fbm(x/4+50, z/4, 5)))
		col = mix(col, c8(150, 140, 90), 0.6*smoothstep(0.55, 0.75, n.fbm(x/9-20, z/9, 4)))
		blades := 1 - smoothstep(0.01, 0.05, fx)
		return col.mul(1 + blades*0.35*(n.value(x*60, z*25)-0.5))
	}
}

// plaza is the renovated Plaza Los Aromos: a paved path between lawns,
// native trees, benches, lamps, the playground on rubber paving, houses
// and a block of flats around it and the Andes behind; crowd people
// stand on the path (the neighbours at the opening).
func plaza(w *world, crowd int, close bool) {
	w.sun, w.lit, w.sunDX, w.sunDZ = warmSun, 1, -0.9, 0.3
	n := w.n
	path := paving(n, c8(196, 186, 170), 0.4)
	lawn := grass(n, c8(100, 128, 66))
	soil := c8(150, 120, 90)
	w.sky(daySky, dayHorizon, dayHaze, 0.45, true, func(x, z, fx, fz float64) rgb {
		switch {
		case z > 70:
			return c8(110, 110, 105).mul(0.9 + 0.2*n.fbm(x/3, z/3, 3)) // the street
		case math.Abs(x) < 2.2 || (z > 26 && z < 30.5):
			return path(x, z, fx, fz)
		case math.Abs(x) < 2.4:
			return c8(175, 172, 165)
		case x > 5 && x < 15 && z > 12 && z < 24:
			rubber := c8(55, 105, 165)
			if math.Hypot(x-10, z-18) < 3 {
				rubber = c8(80, 150, 80)
			}
			return rubber.mul(0.95 + 0.1*n.value(x*20, z*20))
		case x < -16 && x > -22 && z > 14 && z < 26:
			return mix(soil, lawn(x, z, fx, fz), 0.3) // the exercise circuit
		}
		return lawn(x, z, fx, fz)
	})
	// Around the square: houses on the far street, a block of flats.
	walls := []rgb{c8(235, 220, 190), c8(210, 120, 90), c8(240, 235, 225), c8(180, 200, 170), c8(230, 200, 120), c8(170, 190, 215)}
	roofs := []rgb{c8(140, 70, 50), c8(90, 85, 85), c8(120, 60, 45)}
	for x := -70.0; x < 70; {
		wd := 7 + 5*w.r.Float64()
		hx := x + wd/2
		wall, roof, h := walls[w.r.IntN(len(walls))], roofs[w.r.IntN(len(roofs))], 2.8+2.8*float64(w.r.IntN(2))
		w.add(80, func() { w.house(hx, 80, wd, h, wall, roof) })
		x += wd + 0.5
	}
	w.add(75, func() { w.facade(-60, 40, -45, 78, 13, c8(220, 205, 185), 5, 9, false) })
	w.add(74, func() { w.facade(40, 78, 60, 45, 10, c8(200, 210, 220), 4, 7, false) })
	// Trees: a row behind, others along the path.
	for x := -60.0; x < 60; x += 9 + 9*w.r.Float64() {
		z := 66 + 6*w.r.Float64()
		h := 7 + 4*w.r.Float64()
		tx := x
		w.add(z, func() { w.tree(tx, z, h, h*0.3, c8(70, 110, 55)) })
	}
	for i := range 12 {
		s := float64(2*(i%2) - 1)
		z := 9 + float64(i/2)*8 + 3*w.r.Float64()
		x := s * (5 + 5*w.r.Float64())
		if x > 4 && x < 16 && z > 10 && z < 26 {
			x += 12
		}
		h := 5 + 3*w.r.Float64()
		leaf := []rgb{c8(75, 115, 50), c8(95, 125, 55), c8(60, 100, 60)}[w.r.IntN(3)]
		w.add(z, func() { w.tree(x, z, h, h*0.32, leaf) })
	}
	for z := 8.0; z < 60; z += 11 {
		zz := z
		w.add(zz, func() { w.lamp(-2.7, zz, 4, false) })
		w.add(zz+5, func() { w.lamp(2.7, zz+5, 4, false) })
	}
	for _, b := range []v3{{-3.6, 0, 14}, {3.6, 0, 20}, {-3.6, 0, 34}} {
		w.add(b.z, func() { w.bench(b.x, b.z) })
	}
	// The playground: a tower with a slide, swings.
	w.add(19, func() { slideTower(w, 8, 17, c8(230, 60, 50), c8(240, 200, 40)) })
	w.add(21, func() { swings(w, 12.5, 21, c8(60, 120, 200)) })
	// People.
	for range crowd / 3 {
		x, z := 6+8*w.r.Float64(), 13+10*w.r.Float64()
		p := w.randomPerson(x, z, 0.7)
		w.add(z, func() { w.person(p) })
	}
	var gx, gz float64
	for i := range crowd {
		var x, z float64
		if close {
			// neighbours stand in small groups, talking
			if i%3 == 0 {
				gx, gz = -4.5+9*w.r.Float64(), 5+17*w.r.Float64()
			}
			x, z = gx+1.2*(w.r.Float64()-0.5), gz+1.2*(w.r.Float64()-0.5)
		} else {
			x, z = -2+4*w.r.Float64(), 10+40*w.r.Float64()
		}
		p := w.randomPerson(x, z, 0.2)
		p.back = close && w.r.IntN(3) == 0
		w.add(z, func() { w.person(p) })
	}
	if close {
		w.flush(30, 2)
	} else {
		w.flush(45, 1)
	}
}

// slideTower is a playground tower with a roof and a slide down its side.
func slideTower(w *world, x, z float64, roof, slide rgb) {
	post := c8(70, 140, 200)
	w.groundShadow(x-1, z-0.5, 2.2, 1.5, 0.6)
	for _, dx := range []float64{-0.9, 0.9} {
		for _, dz := range []float64{0, 1.8} {
			w.box(x+dx-0.06, 0, z+dz, x+dx+0.06, 3.1, z+dz+0.12, post)
		}
	}
	w.box(x-0.95, 1.45, z, x+0.95, 1.55, z+1.9, c8(200, 170, 110))
	w.box(x-0.95, 1.55, z, x+0.95, 2.3, z+0.05, c8(240, 200, 40))
	w.quad(solid(w.light(roof, 0)), over, v3{x - 1.2, 3, z - 0.1}, v3{x + 1.2, 3, z - 0.1}, v3{x, 4, z + 0.9})
	w.quad(solid(w.light(roof, -0.3)), over, v3{x + 1.2, 3, z - 0.1}, v3{x + 1.2, 3, z + 2}, v3{x, 4, z + 0.9})
	// the slide comes down the left side: its chute, then its near rail
	w.quad(solid(w.light(slide, 0.15)), over,
		v3{x - 0.9, 1.5, z + 1.3}, v3{x - 0.9, 1.5, z + 0.6}, v3{x - 3.6, 0.35, z + 0.6}, v3{x - 3.6, 0.35, z + 1.3})
	w.quad(solid(w.light(slide, -0.2)), over,
		v3{x - 0.9, 1.5, z + 0.6}, v3{x - 0.9, 1.8, z + 0.6}, v3{x - 3.6, 0.6, z + 0.6}, v3{x - 3.6, 0.35, z + 0.6})
	w.box(x-3.6, 0, z+0.65, x-3.5, 0.35, z+1.25, post)
	for i := range 5 { // the ladder
		y := 0.3 * float64(i+1)
		w.box(x+0.2, y, z+1.9, x+0.8, y+0.05, z+1.95, post)
	}
}

// springRider is a playground animal on a spring: a body, a head, a
// handle.
func springRider(w *world, x, z float64, col rgb) {
	w.groundShadow(x-0.3, z-0.2, 0.6, 0.4, 0.3)
	w.box(x-0.04, 0, z, x+0.04, 0.35, z+0.08, c8(60, 60, 60))
	b, k := w.proj(v3{x, 0.55, z}), w.px(z)
	w.c.ellipse(b.x, b.y, 0.32*k, 0.13*k, 1, solid(w.light(col, 0)), over)
	w.c.ellipse(b.x+0.27*k, b.y-0.2*k, 0.1*k, 0.12*k, 1, solid(w.light(col, 0.1)), over)
	w.c.ellipse(b.x+0.3*k, b.y-0.23*k, 0.02*k, 0.02*k, 1, solid(c8(20, 20, 20)), over)
	w.c.ellipse(b.x-0.05*k, b.y-0.16*k, 0.1*k, 0.04*k, 1, solid(w.light(c8(60, 120, 200), 0)), over)
}

// swings is an A-frame swing set with two seats.
func swings(w *world, x, z float64, frame rgb) {
	w.groundShadow(x-0.8, z-0.4, 2.2, 0.9, 0.5)
	pole := func(a, b v3) {
		k := max(0.05, 0.5/w.px(a.z))
		w.quad(solid(w.light(frame, 0)), over, a, v3{a.x + k, a.y, a.z}, v3{b.x + k, b.y, b.z}, b)
	}
	for _, dx := range []float64{-1.6, 1.6} {
		pole(v3{x + dx, 0, z - 0.8}, v3{x + dx, 2.4, z})
		pole(v3{x + dx, 0, z + 0.8}, v3{x + dx, 2.4, z})
	}
	w.quad(solid(w.light(frame, -0.1)), over, v3{x - 1.6, 2.35, z}, v3{x + 1.6, 2.35, z}, v3{x + 1.6, 2.45, z}, v3{x - 1.6, 2.45, z})
	for _, sx := range []float64{-0.8, 0.6} {
		for _, cx := range []float64{-0.22, 0.22} {
			w.quad(solid(c8(90, 90, 90)), over, v3{x + sx + cx, 0.45, z}, v3{x + sx + cx + 0.02, 0.45, z}, v3{x + sx + cx + 0.02, 2.35, z}, v3{x + sx + cx, 2.35, z})
		}
		w.box(x+sx-0.25, 0.42, z-0.1, x+sx+0.25, 0.48, z+0.1, c8(30, 30, 30))
	}
}

// juegos is the playground close up, in a vertical photo: the tower and
// its slide, the swings, children playing and parents watching, trees
// and houses behind.
func juegos(w *world) {
	w.sun, w.lit, w.sunDX, w.sunDZ = warmSun, -1, 0.7, 0.3
	n := w.n
	lawn := grass(n, c8(100, 128, 66))
	w.sky(daySky, dayHorizon, dayHaze, 0.5, true, func(x, z, fx, fz float64) rgb {
		if z < 16 && x > -5 && x < 5 {
			rubber := c8(55, 105, 165)
			if math.Hypot(x+1, z-9) < 2.5 {
				rubber = c8(230, 140, 60)
			} else if math.Hypot(x-2.5, z-5) < 1.6 {
				rubber = c8(80, 150, 80)
			}
			return rubber.mul(0.93 + 0.1*n.value(x*25, z*25) + 0.06*n.fbm(x, z, 3))
		}
		if z > 55 {
			return c8(110, 110, 105)
		}
		return lawn(x, z, fx, fz)
	})
	walls := []rgb{c8(235, 220, 190), c8(210, 120, 90), c8(240, 235, 225), c8(180, 200, 170)}
	for x := -40.0; x < 40; x += 10 {
		hx, wall := x, walls[w.r.IntN(len(walls))]
		w.add(60, func() { w.house(hx, 60, 9.5, 2.8+2.8*float64(w.r.IntN(2)), wall, c8(130, 65, 50)) })
	}
	for x := -30.0; x < 30; x += 5 + 3*w.r.Float64() {
		tx, z, h := x, 25+20*w.r.Float64(), 6+4*w.r.Float64()
		w.add(z, func() { w.tree(tx, z, h, h*0.33, c8(70, 112, 52)) })
	}
	w.add(9, func() { slideTower(w, 0.5, 9, c8(230, 60, 50), c8(240, 200, 40)) })
	w.add(13, func() { swings(w, -3.5, 13, c8(60, 120, 200)) })
	w.add(17, func() { w.fence(-6, 6, 17, 0.9, c8(50, 110, 70)) })
	w.add(6.5, func() { springRider(w, 2.4, 6.5, c8(240, 120, 40)) })
	w.add(15, func() { w.bench(3.5, 15) })
	kids := []v3{{-2.2, 0, 5.5}, {-0.3, 1.55, 9.6}, {1.6, 0, 7.2}, {-4.2, 0, 12.8}, {-2.8, 0, 12.9}, {2.6, 0, 11}, {-0.8, 0, 3.6}, {-3.2, 0, 8.2}}
	for _, k := range kids {
		p := w.randomPerson(k.x, k.z, 1)
		p.base = k.y
		w.add(k.z, func() { w.person(p) })
	}
	for _, a := range []v3{{3.6, 0, 6.5}, {4.3, 0, 13}, {-5.5, 0, 16}} {
		p := w.randomPerson(a.x, a.z, 0)
		w.add(a.z, func() { w.person(p) })
	}
	w.flush(20, 2)
}

// feria is the Christmas fair in the Plaza de Armas: two rows of stalls
// with striped awnings along an aisle full of people, bunting overhead,
// big trees, the colonial buildings and the cathedral tower behind.
func feria(w *world) {
	w.sun, w.lit, w.sunDX, w.sunDZ = rgb{1.03, 1, 0.94}, 1, -0.4, 0.2
	n := w.n
	floor := paving(n, c8(185, 165, 140), 0.6)
	w.sky(c8(80, 132, 200), dayHorizon, dayHaze, 0.25, true, floor)
	walls := []rgb{c8(235, 215, 170), c8(225, 225, 215), c8(215, 170, 120), c8(240, 230, 200)}
	x := -70.0
	for x < 70 {
		wd := 12 + 10*w.r.Float64()
		wall, h, x0 := walls[w.r.IntN(len(walls))], 9+6*w.r.Float64(), x
		w.add(90, func() { w.facade(x0, 90, x0+wd, 90, h, wall, 3, int(wd/3), true) })
		x += wd
	}
	w.add(89, func() {
		stone := c8(215, 200, 175)
		w.facade(12, 89, 24, 89, 30, stone, 6, 3, false)
		w.quad(solid(w.light(stone, 0)), over, v3{12, 30, 89}, v3{24, 30, 89}, v3{18, 38, 89})
		w.c.ellipse(w.proj(v3{18, 24, 89}).x, w.proj(v3{18, 24, 89}).y, 1.4*w.px(89), 1.4*w.px(89), 1, solid(c8(245, 240, 225)), over)
	})
	for _, s := range []float64{-1, 1} {
		for z := 30.0; z < 85; z += 7 + 4*w.r.Float64() {
			x, zz, h := s*(10+6*w.r.Float64()), z, 9+5*w.r.Float64()
			w.add(zz, func() { w.tree(x, zz, h, h*0.35, c8(60, 105, 50)) })
		}
	}
	// the stalls: two rows facing the aisle
	cloths := []rgb{c8(200, 40, 45), c8(30, 110, 70), c8(240, 240, 235), c8(40, 80, 160), c8(235, 190, 40)}
	for _, s := range []float64{-1, 1} {
		for i := range 9 {
			z := 6 + 3.2*float64(i)
			a, b := cloths[w.r.IntN(2)], cloths[2+w.r.IntN(3)]
			cloth := cloths[w.r.IntN(len(cloths))]
			w.add(z+1.5, func() { stall(w, s, z, a, b, cloth) })
		}
	}
	// bunting across the aisle
	for z := 8.0; z < 34; z += 6.5 {
		w.add(z, func() { bunting(w, -3.4, 3.4, z, 3.3) })
	}
	for range 34 {
		x, z := -2.4+4.8*w.r.Float64(), 4.5+29*w.r.Float64()
		p := w.randomPerson(x, z, 0.2)
		p.back = w.r.IntN(2) == 0
		w.add(z, func() { w.person(p) })
	}
	w.flush(35, 1)
}

// stall is a fair stall on side s (−1 left, +1 right) of the aisle,
// 3 m along it from z: a table with a cloth and goods, a vendor, four
// posts and a striped awning with a scalloped edge.
func stall(w *world, s, z float64, a, b, cloth rgb) {
	front := s * 3.2
	back := s * 5.6
	z1 := z + 3
	inner := w.light(c8(60, 50, 45), 0)
	w.quad(solid(inner), over, v3{back, 0, z}, v3{back, 0, z1}, v3{back, 2.4, z1}, v3{back, 2.4, z})
	v := w.randomPerson((front+back)/2+s*0.3, z+1.5, 0)
	v.x = front + s*1.1
	w.person(v)
	// the table: a cloth falling to the ground, goods on top
	w.quad(solid(w.light(cloth, 0.05)), over, v3{front, 0.85, z + 0.2}, v3{front + s*0.8, 0.85, z + 0.2}, v3{front + s*0.8, 0.85, z1 - 0.2}, v3{front, 0.85, z1 - 0.2})
	goods := []rgb{c8(200, 40, 45), c8(240, 200, 60), c8(60, 140, 90), c8(250, 250, 245), c8(150, 90, 50), c8(70, 110, 190), c8(220, 120, 160)}
	for range 14 {
		gx := front + s*(0.1+0.6*w.r.Float64())
		gz := z + 0.35 + 2.3*w.r.Float64()
		h := 0.05 + 0.25*w.r.Float64()
		g := goods[w.r.IntN(len(goods))]
		w.box(min(gx, gx+s*0.15), 0.85, gz, max(gx, gx+s*0.15), 0.85+h, gz+0.15, g)
	}
	w.quad(func(_, py float64) (rgb, float64) { return w.light(cloth, -0.1*s*w.lit), 1 }, over,
		v3{front, 0, z + 0.2}, v3{front, 0, z1 - 0.2}, v3{front, 0.86, z1 - 0.2}, v3{front, 0.86, z + 0.2})
	post := c8(90, 90, 95)
	for _, pz := range []float64{z, z1} {
		w.quad(solid(w.light(post, 0)), over, v3{front, 0, pz}, v3{front, 0, pz + 0.06}, v3{front, 2.2, pz + 0.06}, v3{front, 2.2, pz})
	}
	// awning: stripes along the stall, sloping up toward the back
	const n = 8
	for i := range n {
		c := a
		if i%2 == 1 {
			c = b
		}
		za, zb := z+3*float64(i)/n, z+3*float64(i+1)/n
		w.quad(solid(w.light(c, 0.15)), over, v3{front - s*0.3, 2.2, za}, v3{front - s*0.3, 2.2, zb}, v3{back, 2.7, zb}, v3{back, 2.7, za})
		// the valance, with a scalloped lower edge
		valance := []v3{{front - s*0.3, 2.2, za}, {front - s*0.3, 2.2, zb}}
		for k := 4; k >= 0; k-- {
			t := float64(k) / 4
			valance = append(valance, v3{front - s*0.3, 1.95 - 0.08*math.Sin(t*math.Pi), za + (zb-za)*t})
		}
		w.quad(solid(w.light(c, -0.05)), over, valance...)
	}
	w.groundShadow(front-s*0.6, z+1.5, 1.1, 1.6, 0.5)
}

// bunting is a string of small triangular flags from x0 to x1 at depth z,
// sagging in the middle.
func bunting(w *world, x0, x1, z, y float64) {
	flags := []rgb{c8(210, 40, 45), c8(40, 130, 70), c8(245, 245, 240), c8(240, 190, 40)}
	const n = 14
	sag := func(t float64) float64 { return y - 0.45*math.Sin(t*math.Pi) }
	for i := range n {
		t0, t1 := float64(i)/n, float64(i+1)/n
		xa, xb := x0+(x1-x0)*t0, x0+(x1-x0)*t1
		ya, yb := sag(t0), sag(t1)
		w.quad(solid(w.light(flags[i%len(flags)], 0)), over, v3{xa + 0.02, ya, z}, v3{xb - 0.02, yb, z}, v3{(xa + xb) / 2, (ya+yb)/2 - 0.35, z})
	}
}

// concierto is the Christmas concert at dusk: the stage under its truss
// with coloured lights and beams, the orchestra, a lit Christmas tree,
// strings of lights over the audience and the audience from behind,
// some holding up their phones.
func concierto(w *world) {
	w.sun, w.lit, w.sunDX, w.sunDZ, w.shad = rgb{0.3, 0.27, 0.33}, 1, -0.2, 0.4, 0.25
	n := w.n
	floor := paving(n, c8(120, 115, 110), 0.5)
	w.sky(c8(28, 38, 88), c8(238, 140, 90), c8(120, 85, 110), 0.15, true, func(x, z, fx, fz float64) rgb {
		return floor(x, z, fx, fz).tint(w.sun)
	})
	for x := -60.0; x < 60; x += 6 + 4*w.r.Float64() {
		tx, z, h := x, 45+15*w.r.Float64(), 8+4*w.r.Float64()
		w.add(z, func() { w.tree(tx, z, h, h*0.33, c8(60, 80, 60)) })
	}
	const zs = 26.0
	w.add(zs+2, func() { stage(w, zs) })
	w.add(zs+1, func() { christmasTree(w, 13, zs-1, 7) })
	for _, x := range []float64{-16, 18} {
		w.add(20, func() { w.lamp(x, 20, 4.5, true) })
	}
	for _, z := range []float64{9, 16} {
		w.add(z-0.1, func() { lightString(w, -14, 14, z, 5.5) })
	}
	for range 70 {
		x, z := -10+20*w.r.Float64(), 2.2+16*w.r.Float64()
		p := w.randomPerson(x, z, 0.15)
		p.back = true
		p.phone = w.r.IntN(9) == 0
		w.add(z, func() { w.person(p) })
	}
	w.flush(22, 1)
}

// stage is the concert stage at depth z: a platform, a backdrop washed
// in red and green, a roof truss with spotlights and their beams, and the
// orchestra on it.
func stage(w *world, z float64) {
	dark := c8(30, 28, 32)
	w.box(-10, 0, z, 10, 1.2, z+7, c8(50, 45, 50))
	back := z + 7
	wash := func(px, _ float64) (rgb, float64) {
		t := (px - w.proj(v3{-10, 0, back}).x) / (w.px(back) * 20)
		return mix(c8(150, 25, 40), c8(25, 110, 60), smoothstep(0.3, 0.7, t)).mul(0.8 + 0.4*math.Sin(t*9)), 1
	}
	w.quad(wash, over, v3{-10, 1.2, back}, v3{10, 1.2, back}, v3{10, 8, back}, v3{-10, 8, back})
	sw := w.sun
	w.sun = rgb{0.95, 0.85, 0.75}
	for i := range 28 {
		row := i / 10
		x := -8 + 16*(float64(i%10)+0.5*float64(row%2))/10
		p := w.randomPerson(x, z+5.5-1.5*float64(row), 0)
		p.top, p.bottom, p.base = c8(25, 25, 30), c8(20, 20, 25), 1.2
		if row == 0 {
			p.h *= 0.75 // seated
		}
		w.person(p)
	}
	c := w.randomPerson(0, z+0.8, 0)
	c.top, c.back, c.base = c8(20, 20, 22), true, 1.2
	w.person(c)
	w.sun = sw
	w.box(-10.5, 0, z-0.2, -9.8, 8.3, z+0.3, dark)
	w.box(9.8, 0, z-0.2, 10.5, 8.3, z+0.3, dark)
	w.quad(solid(dark), over, v3{-10.5, 7.9, z - 0.2}, v3{10.5, 7.9, z - 0.2}, v3{10.5, 8.5, z - 0.2}, v3{-10.5, 8.5, z - 0.2})
	cols := []rgb{c8(255, 220, 170), c8(255, 80, 90), c8(90, 255, 140), c8(170, 190, 255)}
	for i := range 9 {
		x := -8 + 2*float64(i)
		col := cols[i%len(cols)]
		l := w.proj(v3{x, 7.8, z - 0.2})
		foot := w.proj(v3{x * 0.6, 1.2, z + 3})
		r := 1.2 * w.px(z)
		w.c.poly([]pt{{l.x - 0.2*r, l.y}, {l.x + 0.2*r, l.y}, {foot.x + 1.2*r, foot.y}, {foot.x - 1.2*r, foot.y}}, func(_, py float64) (rgb, float64) {
			return col, 0.14 * (1 - 0.6*(py-l.y)/(foot.y-l.y))
		}, light)
		w.c.ellipse(l.x, l.y, 0.2*r, 0.2*r, 1, solid(rgb{1, 1, 1}), over)
		w.c.glow(l.x, l.y, 0.5*r, col, 0.8)
	}
}

// christmasTree is a decorated fir h metres tall with warm lights.
func christmasTree(w *world, x, z, h float64) {
	k := w.px(z)
	b, t := w.proj(v3{x, 0.6, z}), w.proj(v3{x, h, z})
	seed := field(w.r.Uint64())
	green := c8(25, 70, 40)
	for tier := range 5 {
		f0 := float64(tier) / 5
		y0 := b.y + (t.y-b.y)*f0*0.85
		y1 := y0 + (t.y-b.y)*0.35
		hw := (1 - f0) * 0.35 * h * k
		w.c.poly([]pt{{b.x - hw, y0}, {b.x + hw, y0}, {b.x, y1}}, func(px, py float64) (rgb, float64) {
			return green.mul(0.7 + 0.6*seed.fbm(px/6, py/6, 3)), 1
		}, over)
	}
	w.box(x-0.3, 0, z, x+0.3, 0.6, z+0.3, c8(80, 55, 40))
	warm := []rgb{c8(255, 200, 120), c8(255, 90, 80), c8(255, 230, 160), c8(120, 180, 255)}
	for range 60 {
		f := w.r.Float64()
		y := b.y + (t.y-b.y)*f
		hw := (1 - f) * 0.33 * h * k
		x := b.x + (2*w.r.Float64()-1)*hw
		w.c.glow(x, y, 0.08*k, warm[w.r.IntN(len(warm))], 1.2)
	}
	w.c.glow(t.x, t.y, 0.25*k, c8(255, 230, 150), 1.5)
}

// lightString is a string of warm bulbs hung across from x0 to x1 at z.
func lightString(w *world, x0, x1, z, y float64) {
	k := w.px(z)
	var prev pt
	for i := 0; i <= 40; i++ {
		t := float64(i) / 40
		p := w.proj(v3{x0 + (x1-x0)*t, y - 1.2*math.Sin(t*math.Pi), z})
		if i > 0 {
			w.c.poly([]pt{prev, p, {p.x, p.y + 0.6}, {prev.x, prev.y + 0.6}}, solid(c8(15, 15, 15)), over)
		}
		prev = p
		w.c.glow(p.x, p.y+0.06*k, 0.07*k, c8(255, 210, 140), 1.3)
	}
}
