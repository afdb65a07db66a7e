// Command photos writes photos like a phone's, for the example site and
// the image benchmark: a sky, a horizon, coloured shapes and sensor noise,
// so that they compress like real photos (noise does not compress), each
// with the metadata exiftool wrote into internal/imaging/testdata/phone.jpg
// (GPS position, make, model, the photographer's name, a thumbnail, XMP,
// IPTC, an ICC profile) and the EXIF orientation asked for.
//
//	go run ./bench/photos [-w 4000] [-h 3000] [-q 92] [-noise 24] [-orientation 1] FILE.jpg…
//
// Each file's picture depends only on its name and its folder's name:
// the same command writes the same bytes.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

func main() {
	w := flag.Int("w", 4000, "ancho en píxeles, como lo guarda el sensor")
	h := flag.Int("h", 3000, "alto en píxeles")
	q := flag.Int("q", 92, "calidad JPEG (los teléfonos usan 90 a 95)")
	noise := flag.Int("noise", 24, "amplitud del ruido del sensor (0 a 60)")
	orient := flag.Int("orientation", 1, "orientación EXIF (1 a 8; 6 = foto vertical de un teléfono)")
	meta := flag.String("meta", "internal/imaging/testdata/phone.jpg", "JPEG de donde se copian los metadatos")
	flag.Parse()
	src, err := os.ReadFile(*meta)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	segs, err := metadataSegments(src, *orient)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	files := flag.Args()
	var wg sync.WaitGroup
	next := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range next {
				if err := write(name, segs, *w, *h, *q, *noise); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
}

func write(name string, segs []byte, w, h, q, noise int) error {
	hs := fnv.New64a()
	// The folder and the name: every release's foto.jpg differs.
	hs.Write([]byte(filepath.Join(filepath.Base(filepath.Dir(name)), filepath.Base(name))))
	r := rand.New(rand.NewPCG(hs.Sum64(), 1))
	m := scene(r, w, h, noise)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		return err
	}
	pix := b.Bytes()
	out := append([]byte{0xff, 0xd8}, segs...)
	out = append(out, pix[2:]...) // the photo's own segments after SOI
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, out, 0o644)
}

// scene draws a sky fading to the horizon, ground below it, a few
// coloured discs (people, trees, stalls) and per-pixel noise, in YCbCr
// 4:2:0 as cameras store it.
func scene(r *rand.Rand, w, h, noise int) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	horizon := h * (35 + r.IntN(25)) / 100
	type disc struct{ x, y, rad, y0, cb, cr int }
	var discs []disc
	for range 6 + r.IntN(10) {
		discs = append(discs, disc{r.IntN(w), horizon + r.IntN(h-horizon), h/30 + r.IntN(h/8), 40 + r.IntN(170), 80 + r.IntN(100), 80 + r.IntN(100)})
	}
	skyCb, skyCr := 140+r.IntN(30), 110+r.IntN(20)
	groundCb, groundCr := 100+r.IntN(30), 120+r.IntN(30)
	for y := range h {
		for x := range w {
			var l int
			if y < horizon {
				l = 230 - 80*y/horizon
			} else {
				l = 70 + 60*(y-horizon)/(h-horizon) + 20*x/w
			}
			for _, d := range discs {
				if dx, dy := x-d.x, y-d.y; dx*dx+dy*dy < d.rad*d.rad {
					l = d.y0
				}
			}
			if noise > 0 {
				l += r.IntN(2*noise+1) - noise
			}
			m.Y[y*m.YStride+x] = uint8(min(255, max(0, l)))
		}
	}
	for cy := range (h + 1) / 2 {
		for cx := range (w + 1) / 2 {
			cb, cr := groundCb, groundCr
			if 2*cy < horizon {
				cb, cr = skyCb, skyCr
			}
			for _, d := range discs {
				if dx, dy := 2*cx-d.x, 2*cy-d.y; dx*dx+dy*dy < d.rad*d.rad {
					cb, cr = d.cb, d.cr
				}
			}
			i := cy*m.CStride + cx
			m.Cb[i], m.Cr[i] = uint8(cb+r.IntN(5)-2), uint8(cr+r.IntN(5)-2)
		}
	}
	return m
}

// metadataSegments returns the APPn and COM segments of a JPEG (all of
// its segments before the first quantisation table) with its EXIF
// orientation set to o.
func metadataSegments(src []byte, o int) ([]byte, error) {
	var out []byte
	for i := 2; i+4 <= len(src); {
		m := src[i+1]
		n := int(binary.BigEndian.Uint16(src[i+2:]))
		if m == 0xdb || m == 0xc0 || m == 0xda {
			return out, nil
		}
		seg := append([]byte(nil), src[i:i+2+n]...)
		if m == 0xe1 && bytes.HasPrefix(seg[4:], []byte("Exif\x00\x00")) {
			setOrientation(seg[10:], o)
		}
		out = append(out, seg...)
		i += 2 + n
	}
	return nil, fmt.Errorf("no es un JPEG completo")
}

// setOrientation rewrites tag 0x0112 of IFD0 of the TIFF structure t.
func setOrientation(t []byte, o int) {
	var bo binary.ByteOrder = binary.BigEndian
	if string(t[:2]) == "II" {
		bo = binary.LittleEndian
	}
	ifd := int(bo.Uint32(t[4:]))
	for k := range int(bo.Uint16(t[ifd:])) {
		e := ifd + 2 + 12*k
		if bo.Uint16(t[e:]) == 0x0112 {
			bo.PutUint16(t[e+8:], uint16(o))
		}
	}
}
