package imaging

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"testing"

	cabcolor "cabildo/internal/color"
)

// Display P3 (CSS Color 4): linear P3 to XYZ, D65; its tone curve is
// sRGB's. Independent of icc.go, which reads the colorants from the
// profile: the test writes them there adapted to D50, as ICC profiles do.
var p3ToXYZD65 = [3][3]float64{
	{0.4865709486482162, 0.26566769316909306, 0.1982172852343625},
	{0.2289745640697488, 0.6917385218365064, 0.079286914093745},
	{0, 0.04511338185890264, 1.043944368900976},
}

var bradfordD65toD50 = [3][3]float64{
	{1.0479298208405488, 0.022946793341019088, -0.05019222954313557},
	{0.029627815688159344, 0.990434484573249, -0.01707382502938514},
	{-0.009243058152591178, 0.015055144896577895, 0.7518742899580008},
}

var xyzD65toSRGB = [3][3]float64{ // inverse of IEC 61966-2-1's matrix
	{3.2409699419045226, -1.537383177570094, -0.4986107602930034},
	{-0.9692436362808796, 1.8759675015077202, 0.04155505740717559},
	{0.05563007969699366, -0.20397695888897652, 1.0569715142428786},
}

// testProfile writes an ICC v4 RGB display profile with the given
// colorants (D50) and the sRGB curve as a parametric curve.
func testProfile(colorants [3][3]float64) []byte {
	fixed := func(b []byte, v float64) { binary.BigEndian.PutUint32(b, uint32(int32(math.Round(v*65536)))) }
	type tag struct {
		sig  string
		data []byte
	}
	var tags []tag
	for c, sig := range []string{"rXYZ", "gXYZ", "bXYZ"} {
		d := make([]byte, 20)
		copy(d, "XYZ ")
		for r := range 3 {
			fixed(d[8+4*r:], colorants[r][c])
		}
		tags = append(tags, tag{sig, d})
	}
	curve := make([]byte, 12+5*4)
	copy(curve, "para")
	binary.BigEndian.PutUint16(curve[8:], 3)
	for i, v := range []float64{2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045} {
		fixed(curve[12+4*i:], v)
	}
	for _, sig := range []string{"rTRC", "gTRC", "bTRC"} {
		tags = append(tags, tag{sig, curve})
	}
	head := 128 + 4 + 12*len(tags)
	p := make([]byte, head)
	copy(p[12:], "mntr")
	copy(p[16:], "RGB ")
	copy(p[20:], "XYZ ")
	copy(p[36:], "acsp")
	binary.BigEndian.PutUint32(p[8:], 0x04200000)
	binary.BigEndian.PutUint32(p[128:], uint32(len(tags)))
	for i, t := range tags {
		e := p[132+12*i:]
		copy(e, t.sig)
		binary.BigEndian.PutUint32(e[4:], uint32(len(p)))
		binary.BigEndian.PutUint32(e[8:], uint32(len(t.data)))
		p = append(p, t.data...)
	}
	binary.BigEndian.PutUint32(p, uint32(len(p)))
	return p
}

func flat(c color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return m
}

// withPNGProfile returns a PNG of m with the profile in an iCCP chunk.
func withPNGProfile(t *testing.T, m image.Image, profile []byte) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(profile)
	w.Close()
	data := append([]byte("Display P3\x00\x00"), z.Bytes()...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, "iCCP"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := b.Bytes()
	ihdrEnd := 8 + 12 + 13 // signature, IHDR
	return append(append(append([]byte{}, out[:ihdrEnd]...), chunk...), out[ihdrEnd:]...)
}

// withJPEGProfile returns a JPEG of m with the profile split across two
// APP2 segments, written in the wrong order (readers must sort them).
func withJPEGProfile(t *testing.T, m image.Image, profile []byte) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	half := len(profile) / 2
	seg := func(seq byte, part []byte) []byte {
		s := []byte{0xff, 0xe2, 0, 0}
		s = append(s, "ICC_PROFILE\x00"...)
		s = append(s, seq, 2)
		s = append(s, part...)
		binary.BigEndian.PutUint16(s[2:], uint16(len(s)-2))
		return s
	}
	out := append([]byte{}, b.Bytes()[:2]...)
	out = append(out, seg(2, profile[half:])...)
	out = append(out, seg(1, profile[:half])...)
	return append(out, b.Bytes()[2:]...)
}

// p3ToSRGB is the expected conversion of an opaque Display P3 colour.
func p3ToSRGB(c color.NRGBA) color.NRGBA {
	lin := [3]float64{cabcolor.Linear(float64(c.R) / 255), cabcolor.Linear(float64(c.G) / 255), cabcolor.Linear(float64(c.B) / 255)}
	m := mul3(xyzD65toSRGB, p3ToXYZD65)
	var out [3]uint8
	for k := range 3 {
		v := min(max(m[k][0]*lin[0]+m[k][1]*lin[1]+m[k][2]*lin[2], 0), 1)
		out[k] = uint8(math.Round(cabcolor.Encode(v) * 255))
	}
	return color.NRGBA{out[0], out[1], out[2], 255}
}

func centre(t *testing.T, f File) color.NRGBA {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	b := m.Bounds()
	return color.NRGBAModel.Convert(m.At(b.Dx()/2, b.Dy()/2)).(color.NRGBA)
}

func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) <= tol && d(a.G, b.G) <= tol && d(a.B, b.B) <= tol && a.A == b.A
}

// TestDisplayP3ToSRGB: an iPhone photo is Display P3; published without
// its profile, its pixels must be sRGB, or it looks dull.
func TestDisplayP3ToSRGB(t *testing.T) {
	p3 := testProfile(mul3(bradfordD65toD50, p3ToXYZD65))
	srgb := testProfile(srgbToXYZD50)
	for i, c := range []color.NRGBA{
		{200, 120, 80, 255}, // skin, in the gamut of both
		{40, 160, 60, 255},  // grass
		{255, 0, 0, 255},    // P3 red: outside sRGB, clipped
		{128, 128, 128, 255},
	} {
		want := p3ToSRGB(c)
		// The conversion must change the first two visibly.
		if i < 2 && near(want, c, 4) {
			t.Fatalf("test colour %v is the same in both spaces", c)
		}
		cases := []struct {
			name string
			data []byte
			tol  int
		}{
			{"foto.png", withPNGProfile(t, flat(c), p3), 1},
			{"foto.jpg", withJPEGProfile(t, flat(c), p3), 3},
		}
		for _, tc := range cases {
			res, err := Process(tc.name, tc.data, Op{})
			if err != nil {
				t.Fatal(err)
			}
			if got := centre(t, res.Own()); !near(got, want, tc.tol) {
				t.Errorf("%s in Display P3 %v: published %v; want sRGB %v", tc.name, c, got, want)
			}
		}
		// An sRGB profile changes nothing.
		res, err := Process("foto.png", withPNGProfile(t, flat(c), srgb), Op{})
		if err != nil {
			t.Fatal(err)
		}
		if got := centre(t, res.Own()); got != c {
			t.Errorf("sRGB %v: published %v; want it unchanged", c, got)
		}
	}
}

// TestUnreadableProfileLeavesPixels: a profile without colorants (the
// one phone.jpg carries, from a calibration tool) or a damaged one is
// not guessed at.
func TestUnreadableProfileLeavesPixels(t *testing.T) {
	p3 := testProfile(mul3(bradfordD65toD50, p3ToXYZD65))
	for name, p := range map[string][]byte{
		"phone.jpg's":   iccProfile(JPEG, read(t, "phone.jpg")),
		"truncated":     p3[:len(p3)-10],
		"not a profile": []byte("ICC? no"),
	} {
		if len(p) == 0 {
			t.Fatalf("%s: no profile found", name)
		}
		if _, ok := parseICC(p); ok {
			t.Errorf("%s profile read as a matrix/TRC profile", name)
		}
	}
	c := color.NRGBA{200, 120, 80, 255}
	res, err := Process("foto.png", withPNGProfile(t, flat(c), p3[:len(p3)-10]), Op{})
	if err != nil {
		t.Fatal(err)
	}
	if got := centre(t, res.Own()); got != c {
		t.Errorf("damaged profile: published %v; want %v unchanged", got, c)
	}
}
