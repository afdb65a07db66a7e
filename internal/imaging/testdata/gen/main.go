// Command gen draws the pixels of the test images; generate.sh then writes
// their metadata with exiftool, the way phones and cameras do.
//
//	go run ./internal/imaging/testdata/gen DIR
package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/gen2brain/webp"
)

func main() {
	dir := os.Args[1]
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			panic(err)
		}
	}
	// A phone photo as the sensor stores it (landscape, 96×64), to be
	// shown turned 90° right (Orientation 6): the block that must end
	// up at the top left of the upright photo is red, at the stored
	// bottom left.
	phone := photo(96, 64, 1)
	for y := 48; y < 64; y++ {
		for x := range 16 {
			phone.Set(x, y, color.RGBA{255, 0, 0, 255})
		}
	}
	write("phone.jpg", jpegOf(phone, 90))
	write("thumb.jpg", jpegOf(photo(16, 12, 2), 80))
	// Quadrants red, green / blue, yellow, for the eight orientations.
	write("quadrants.jpg", jpegOf(quadrants(32, 16), 95))
	write("photo.png", pngOf(photo(40, 30, 3)))
	write("photo.webp", webpOf(photo(40, 30, 4)))
	write("animated.gif", gifOf())
	write("profile.icc", icc("Perfil de María José Contreras Pérez"))
	// Not images at all, or not what their name says.
	write("truncated.jpg", jpegOf(photo(64, 48, 5), 90)[:400])
	write("heic-as.jpg", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"))
}

// photo is noise over a gradient: it compresses like a real photo.
func photo(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 7))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := r.IntN(40)
			m.Set(x, y, color.RGBA{uint8(60 + 150*x/w + n), uint8(90 + 120*y/h + n), uint8(140 + n), 255})
		}
	}
	return m
}

func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255} // red
			switch {
			case x >= w/2 && y < h/2:
				c = color.RGBA{0, 255, 0, 255} // green
			case x < w/2 && y >= h/2:
				c = color.RGBA{0, 0, 255, 255} // blue
			case x >= w/2 && y >= h/2:
				c = color.RGBA{255, 255, 0, 255} // yellow
			}
			m.Set(x, y, c)
		}
	}
	return m
}

func jpegOf(m image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func pngOf(m image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func webpOf(m image.Image) []byte {
	var b bytes.Buffer
	if err := webp.Encode(&b, m, webp.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// gifOf is a two-frame animation: a red frame, then a blue one.
func gifOf() []byte {
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}}
	a := &gif.GIF{}
	for i := range 2 {
		f := image.NewPaletted(image.Rect(0, 0, 20, 10), pal)
		for p := range f.Pix {
			f.Pix[p] = uint8(i)
		}
		a.Image = append(a.Image, f)
		a.Delay = append(a.Delay, 50)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, a); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// icc is a minimal ICC v2 display profile whose description is desc:
// profiles made by calibration tools often carry the owner's name.
func icc(desc string) []byte {
	text := append([]byte(desc), 0)
	tag := make([]byte, 12+len(text)+78)
	copy(tag, "desc")
	binary.BigEndian.PutUint32(tag[8:], uint32(len(text)))
	copy(tag[12:], text)
	for len(tag)%4 != 0 {
		tag = append(tag, 0)
	}
	const header, table = 128, 4 + 12
	size := header + table + len(tag)
	p := make([]byte, size)
	binary.BigEndian.PutUint32(p[0:], uint32(size))
	copy(p[4:], "none")
	binary.BigEndian.PutUint32(p[8:], 0x02100000)
	copy(p[12:], "mntr")
	copy(p[16:], "RGB ")
	copy(p[20:], "XYZ ")
	copy(p[36:], "acsp")
	// D50 illuminant
	binary.BigEndian.PutUint32(p[68:], 0x0000F6D6)
	binary.BigEndian.PutUint32(p[72:], 0x00010000)
	binary.BigEndian.PutUint32(p[76:], 0x0000D32D)
	binary.BigEndian.PutUint32(p[128:], 1)
	copy(p[132:], "desc")
	binary.BigEndian.PutUint32(p[136:], header+table)
	binary.BigEndian.PutUint32(p[140:], uint32(len(tag)))
	copy(p[header+table:], tag)
	return p
}
