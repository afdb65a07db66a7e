package imaging

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The test images are made by testdata/generate.sh: Go draws them and
// exiftool writes the metadata a phone writes. Each marker below is in a
// source file; none may be in any file Process makes.
var markers = []string{
	"MARCA", "iPhone", "Apple", "Maria-Jose", // EXIF, PNG text, GIF comment
	"Exif\x00", "http://ns.adobe.com/", "<x:xmpmeta", // EXIF and XMP packets
	"Photoshop 3.0", "8BIM", // IPTC
	"ICC_PROFILE", "acsp", "Contreras", // ICC profile and its description
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// gpsLatitude is the latitude exiftool wrote (33° 26' 13.92": the
// rationals 33/1 26/1 1392/100), in both byte orders.
func gpsLatitude() [][]byte {
	var out [][]byte
	for _, bo := range []binary.AppendByteOrder{binary.BigEndian, binary.LittleEndian} {
		var b []byte
		for _, v := range []uint32{33, 1, 26, 1, 1392, 100} {
			b = bo.AppendUint32(b, v)
		}
		out = append(out, b)
	}
	return out
}

func leaks(data []byte) []string {
	var found []string
	for _, m := range markers {
		if bytes.Contains(data, []byte(m)) {
			found = append(found, m)
		}
	}
	for _, g := range gpsLatitude() {
		if bytes.Contains(data, g) {
			found = append(found, "GPS latitude")
		}
	}
	return found
}

func TestNoMetadataInAnyFile(t *testing.T) {
	for _, name := range []string{"phone.jpg", "photo.png", "photo.webp", "animated.gif"} {
		t.Run(name, func(t *testing.T) {
			src := read(t, name)
			if len(leaks(src)) < 2 {
				t.Fatalf("the source has too few markers (%v): regenerate testdata", leaks(src))
			}
			res, err := Process(name, src, DefaultOp)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) < 3 {
				t.Fatalf("%d files, want the own file and variants", len(res.Files))
			}
			for _, f := range res.Files {
				if l := leaks(f.Data); len(l) > 0 {
					t.Errorf("%s%s keeps %v", name, f.Suffix, l)
				}
				checkStructure(t, name+f.Suffix, f)
			}
		})
	}
}

// checkStructure asserts that a file holds only pixel data: no APP
// segment but JFIF in a JPEG, no ancillary chunk in a PNG but
// transparency, no EXIF or XMP chunk in a WebP, no extension in a GIF
// but the graphic control.
func checkStructure(t *testing.T, name string, f File) {
	t.Helper()
	d := f.Data
	switch f.Format {
	case JPEG:
		for i := 2; i+4 <= len(d) && d[i] == 0xff && d[i+1] != 0xda; i += 2 + int(binary.BigEndian.Uint16(d[i+2:])) {
			if m := d[i+1]; m >= 0xe0 && m <= 0xef || m == 0xfe {
				t.Errorf("%s: JPEG segment %#x (APP or comment)", name, m)
			}
		}
	case PNG:
		for i := 8; i+8 <= len(d); i += 12 + int(binary.BigEndian.Uint32(d[i:])) {
			if c := string(d[i+4 : i+8]); !slices.Contains([]string{"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}, c) {
				t.Errorf("%s: PNG chunk %s", name, c)
			}
		}
	case WebP:
		for i := 12; i+8 <= len(d); i += 8 + int(binary.LittleEndian.Uint32(d[i+4:]))&^1 + int(binary.LittleEndian.Uint32(d[i+4:]))&1*2 {
			if c := string(d[i : i+4]); !slices.Contains([]string{"VP8 ", "VP8L", "VP8X", "ALPH"}, c) {
				t.Errorf("%s: WebP chunk %s", name, c)
			}
		}
	case GIF:
		if bytes.Contains(d, []byte{0x21, 0xfe}) || bytes.Contains(d, []byte("XMP Data")) {
			t.Errorf("%s: GIF comment or XMP extension", name)
		}
	}
}

func TestPhoneUpright(t *testing.T) {
	res, err := Process("phone.jpg", read(t, "phone.jpg"), DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	own := res.Own()
	if own.Width != 64 || own.Height != 96 || own.Format != JPEG {
		t.Fatalf("own file %d×%d %v, want 64×96 JPEG (stored 96×64, Orientation 6)", own.Width, own.Height, own.Format)
	}
	m, err := jpeg.Decode(bytes.NewReader(own.Data))
	if err != nil {
		t.Fatal(err)
	}
	if c := name(m.At(4, 4)); c != "red" {
		t.Errorf("top left is %s, want the red block", c)
	}
	// 64 pixels wide: one variant, at 64, in WebP and JPEG.
	var got []string
	for _, f := range res.Files[1:] {
		got = append(got, f.Suffix)
	}
	if want := []string{"-64.webp", "-64.jpg"}; !slices.Equal(got, want) {
		t.Errorf("variants %v, want %v", got, want)
	}
}

// TestOrientations checks the eight EXIF orientations against what the
// standard says each one means (where the stored first row and first
// column are shown), on a picture stored as quadrants red, green / blue,
// yellow.
func TestOrientations(t *testing.T) {
	want := map[int][4]string{ // top left, top right, bottom left, bottom right
		1: {"red", "green", "blue", "yellow"},
		2: {"green", "red", "yellow", "blue"},
		3: {"yellow", "blue", "green", "red"},
		4: {"blue", "yellow", "red", "green"},
		5: {"red", "blue", "green", "yellow"},
		6: {"blue", "red", "yellow", "green"},
		7: {"yellow", "green", "blue", "red"},
		8: {"green", "yellow", "red", "blue"},
	}
	for o := 1; o <= 8; o++ {
		name := "orient-" + string(rune('0'+o)) + ".jpg"
		data := read(t, name)
		if got := orientation(JPEG, data); got != o {
			t.Errorf("%s: orientation %d, want %d", name, got, o)
		}
		res, err := Process(name, data, Op{})
		if err != nil {
			t.Fatal(err)
		}
		m, _ := jpeg.Decode(bytes.NewReader(res.Own().Data))
		b := m.Bounds()
		if wantW := map[bool]int{true: 16, false: 32}[o >= 5]; b.Dx() != wantW {
			t.Errorf("%s: width %d, want %d", name, b.Dx(), wantW)
		}
		w, h := b.Dx(), b.Dy()
		got := [4]string{name4(m, w/4, h/4), name4(m, 3*w/4, h/4), name4(m, w/4, 3*h/4), name4(m, 3*w/4, 3*h/4)}
		if got != want[o] {
			t.Errorf("%s: quadrants %v, want %v", name, got, want[o])
		}
	}
}

func name4(m image.Image, x, y int) string { return name(m.At(x, y)) }

// name names a colour roughly, for pictures that went through JPEG.
func name(c color.Color) string {
	r, g, b, _ := c.RGBA()
	hi := func(v uint32) bool { return v > 0xa000 }
	lo := func(v uint32) bool { return v < 0x6000 }
	switch {
	case hi(r) && hi(g) && lo(b):
		return "yellow"
	case hi(r) && lo(g) && lo(b):
		return "red"
	case lo(r) && hi(g) && lo(b):
		return "green"
	case lo(r) && lo(g) && hi(b):
		return "blue"
	}
	return "other"
}

func TestWebPOrientationAndFallback(t *testing.T) {
	res, err := Process("photo.webp", read(t, "photo.webp"), DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	if own := res.Own(); own.Format != WebP || own.Width != 30 || own.Height != 40 {
		t.Errorf("own %v %d×%d, want WebP 30×40 (40×30 with Orientation 8)", own.Format, own.Width, own.Height)
	}
	if f := res.Files[len(res.Files)-1]; f.Format != JPEG {
		t.Errorf("fallback %v, want JPEG for an opaque WebP", f.Format)
	}
}

func TestGIFFirstFrame(t *testing.T) {
	res, err := Process("animated.gif", read(t, "animated.gif"), DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(res.Own().Data))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 1 || name(g.Image[0].At(1, 1)) != "red" {
		t.Errorf("%d frames, first %s; want one red frame", len(g.Image), name(g.Image[0].At(1, 1)))
	}
	if f := res.Files[len(res.Files)-1]; f.Format != PNG {
		t.Errorf("fallback %v, want PNG for a graphic", f.Format)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated.jpg", read(t, "truncated.jpg"), "la imagen truncated.jpg está dañada o incompleta"},
		{"heic-as.jpg", read(t, "heic-as.jpg"), "la imagen heic-as.jpg está en formato HEIC aunque su nombre termina en .jpg: convierta la foto a JPEG (en el teléfono:"},
		{"foto.png", read(t, "phone.jpg"), "la imagen foto.png es JPEG aunque su nombre termina en .png: cambie la extensión del archivo a .jpg"},
		{"texto.jpg", []byte("JPEG"), "la imagen texto.jpg no es un archivo JPEG válido"},
	} {
		_, err := Process(c.name, c.data, DefaultOp)
		if e, ok := AsError(err); !ok || !strings.HasPrefix(e.Msg, c.want) {
			t.Errorf("%s: %v, want %q…", c.name, err, c.want)
		}
	}
	if err := Check("content/prensa/x/IMG_0001.HEIC", nil); err == nil || !strings.Contains(err.Error(), "formato HEIC") {
		t.Errorf("HEIC: %v", err)
	}
	if err := Check("logo.svg", []byte(`<svg><a href="javascript:alert(1)"/></svg>`)); err == nil {
		t.Error("SVG with javascript: accepted")
	}
	if err := Check("logo.svg", []byte(`<svg><path d="M0 0"/></svg>`)); err != nil {
		t.Errorf("plain SVG: %v", err)
	}
}

func TestOverLimit(t *testing.T) {
	// A JPEG header announcing 10000 × 6000 pixels (60 MP): refused
	// before any pixel is decoded.
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	d := b.Bytes()
	i := bytes.Index(d, []byte{0xff, 0xc0})
	binary.BigEndian.PutUint16(d[i+5:], 6000)
	binary.BigEndian.PutUint16(d[i+7:], 10000)
	_, err := Process("grande.jpg", d, DefaultOp)
	if want := "la imagen grande.jpg mide 10000 × 6000 píxeles (60 megapíxeles), más que el máximo de 50"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q…", err, want)
	}
}

func TestVariantWidths(t *testing.T) {
	for _, c := range []struct {
		w    int
		want []int
	}{
		{4000, []int{480, 800, 1200, 1600}},
		{1600, []int{480, 800, 1200, 1600}},
		{1000, []int{480, 800, 1000}},
		{480, []int{480}},
		{300, []int{300}},
	} {
		if got := variantWidths(c.w, Widths); !slices.Equal(got, c.want) {
			t.Errorf("%d: %v, want %v", c.w, got, c.want)
		}
	}
}

// phonePhoto is a 4000×3000 photo like a 12-megapixel phone's: noise
// over gradients, with the metadata segments exiftool wrote into
// phone.jpg (GPS, make, model, the photographer's name, Orientation 6, a
// thumbnail, XMP, IPTC, an ICC profile).
func phonePhoto(t testing.TB) []byte {
	meta := read(t.(*testing.T), "phone.jpg")
	m := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(1, 2))
	for y := range 3000 {
		for x := range 4000 {
			m.Y[y*m.YStride+x] = uint8(40 + 150*x/4000 + r.IntN(50))
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(110+r.IntN(20)), uint8(130+r.IntN(20))
	}
	var b bytes.Buffer
	jpeg.Encode(&b, m, &jpeg.Options{Quality: 92})
	// The source's segments between SOI and the first DQT, then the
	// photo's own from its first DQT on.
	pix := b.Bytes()
	metaEnd := 2
	for meta[metaEnd+1] != 0xdb {
		metaEnd += 2 + int(binary.BigEndian.Uint16(meta[metaEnd+2:]))
	}
	return append(meta[:metaEnd:metaEnd], pix[bytes.Index(pix, []byte{0xff, 0xdb}):]...)
}

func TestTwelveMegapixelPhonePhoto(t *testing.T) {
	if testing.Short() {
		t.Skip("12-megapixel photo: seconds")
	}
	src := phonePhoto(t)
	if len(leaks(src)) < 3 {
		t.Fatalf("source markers %v", leaks(src))
	}
	res, err := Process("IMG_1234.jpg", src, DefaultOp)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Suffix+" "+strconv.Itoa(f.Width)+"x"+strconv.Itoa(f.Height))
		if l := leaks(f.Data); len(l) > 0 {
			t.Errorf("%s keeps %v", f.Suffix, l)
		}
		checkStructure(t, f.Suffix, f)
	}
	want := []string{" 2400x3200", "-480.webp 480x640", "-480.jpg 480x640", "-800.webp 800x1067", "-800.jpg 800x1067",
		"-1200.webp 1200x1600", "-1200.jpg 1200x1600", "-1600.webp 1600x2133", "-1600.jpg 1600x2133"}
	if !slices.Equal(got, want) {
		t.Errorf("files\n%v\nwant\n%v", got, want)
	}
	again, _ := Process("IMG_1234.jpg", src, DefaultOp)
	for i := range res.Files {
		if !bytes.Equal(res.Files[i].Data, again.Files[i].Data) {
			t.Errorf("%s: different bytes on a second run", res.Files[i].Suffix)
		}
	}
}

func TestAltIsFileName(t *testing.T) {
	for _, c := range []struct {
		alt, src string
		want     bool
	}{
		{"IMG_1234.jpg", "IMG_1234.jpg", true},
		{"img_1234", "fotos/IMG_1234.JPG", true},
		{"plaza-los-aromos", "plaza-los-aromos.jpg", true},
		{"DSC01234", "otra.jpg", true},
		{"PXL_20261120_103107", "a.jpg", true},
		{"WhatsApp Image 2026-11-20 at 10.31.07", "a.jpg", true},
		{"Vecinos en la plaza Los Aromos", "plaza.jpg", false},
		{"Plaza", "plaza-los-aromos.jpg", false},
		{"Foto de la feria 2026", "feria.jpg", false},
	} {
		if got := AltIsFileName(c.alt, c.src); got != c.want {
			t.Errorf("AltIsFileName(%q, %q) = %v", c.alt, c.src, got)
		}
	}
}
