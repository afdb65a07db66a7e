package imaging

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	imgcolor "image/color"
	"io"
	"math"
	"sort"

	"cabildo/internal/color"
)

// Colour. The encoders write no ICC profile, and a browser shows an image
// without one as sRGB. Most phones shoot sRGB, but iPhones (since the 7)
// and some Android phones shoot Display P3 and say so in a profile: read
// as sRGB, their reds and greens would look dull. So before anything else
// an image whose profile is an RGB matrix/TRC profile (Display P3, Adobe
// RGB, ProPhoto, most phone, camera and monitor profiles) other than
// sRGB has its pixels converted to sRGB: each channel made linear by the
// profile's tone curve, taken to the profile connection space (XYZ, D50)
// by its colorants, from there to linear sRGB, clipped to its gamut and
// encoded with the sRGB curve. Profiles this does not read (lookup tables,
// CMYK, grey, damaged ones) leave the pixels as they are: the old
// behaviour, and what a browser ignoring the profile would show.

// iccProfile returns the ICC profile embedded in an image file, or nil.
func iccProfile(f Format, data []byte) []byte {
	switch f {
	case JPEG:
		return jpegICC(data)
	case PNG:
		return pngICC(data)
	case WebP:
		return webpChunk(data, "ICCP")
	}
	return nil
}

// jpegICC joins the APP2 ICC_PROFILE segments of a JPEG, in their order
// (a profile larger than a segment is split across several).
func jpegICC(data []byte) []byte {
	type part struct {
		seq  byte
		data []byte
	}
	var parts []part
	for marker, seg := range jpegSegments(data) {
		if marker == 0xe2 && len(seg) > 14 && bytes.HasPrefix(seg, []byte("ICC_PROFILE\x00")) {
			parts = append(parts, part{seg[12], seg[14:]})
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].seq < parts[j].seq })
	var p []byte
	for _, x := range parts {
		p = append(p, x.data...)
	}
	return p
}

// jpegSegments yields the marker and contents of each segment of a JPEG
// before its image data.
func jpegSegments(data []byte) func(yield func(byte, []byte) bool) {
	return func(yield func(byte, []byte) bool) {
		i := 2 // after SOI
		for i+4 <= len(data) {
			if data[i] != 0xff {
				return
			}
			marker := data[i+1]
			if marker == 0xff { // fill byte
				i++
				continue
			}
			if marker == 0xda || marker == 0xd9 { // start of scan, end of image
				return
			}
			n := int(binary.BigEndian.Uint16(data[i+2:]))
			if n < 2 || i+2+n > len(data) {
				return
			}
			if !yield(marker, data[i+4:i+2+n]) {
				return
			}
			i += 2 + n
		}
	}
}

// pngICC returns the profile of a PNG's iCCP chunk (a name, a zero byte,
// the compression method and the zlib-compressed profile).
func pngICC(data []byte) []byte {
	c := pngChunk(data, "iCCP")
	nul := bytes.IndexByte(c, 0)
	if nul < 0 || nul+2 > len(c) || c[nul+1] != 0 {
		return nil
	}
	r, err := zlib.NewReader(bytes.NewReader(c[nul+2:]))
	if err != nil {
		return nil
	}
	p, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return nil
	}
	return p
}

// rgbProfile is what the conversion needs of a matrix/TRC profile.
type rgbProfile struct {
	toXYZ [3][3]float64 // columns: the red, green and blue colorants (D50)
	trc   [3]toneCurve
}

// toneCurve maps an encoded channel value in [0, 1] to linear light.
type toneCurve func(float64) float64

// parseICC reads an RGB display or input profile with colorants and tone
// curves. ok is false for anything else.
func parseICC(p []byte) (prof rgbProfile, ok bool) {
	if len(p) < 132 || string(p[36:40]) != "acsp" || string(p[16:20]) != "RGB " || string(p[20:24]) != "XYZ " {
		return prof, false
	}
	if size := binary.BigEndian.Uint32(p); size < 132 || int64(size) > int64(len(p)) {
		return prof, false
	}
	tags := map[string][]byte{}
	n := int(binary.BigEndian.Uint32(p[128:]))
	if n > (len(p)-132)/12 {
		return prof, false
	}
	for i := range n {
		e := p[132+12*i:]
		off, size := int64(binary.BigEndian.Uint32(e[4:])), int64(binary.BigEndian.Uint32(e[8:]))
		if off+size > int64(len(p)) || size < 8 {
			return prof, false
		}
		tags[string(e[:4])] = p[off : off+size]
	}
	for c, name := range []string{"rXYZ", "gXYZ", "bXYZ"} {
		t := tags[name]
		if len(t) < 20 || string(t[:4]) != "XYZ " {
			return prof, false
		}
		for r := range 3 {
			prof.toXYZ[r][c] = s15Fixed16(t[8+4*r:])
		}
	}
	for c, name := range []string{"rTRC", "gTRC", "bTRC"} {
		curve, ok := parseCurve(tags[name])
		if !ok {
			return prof, false
		}
		prof.trc[c] = curve
	}
	return prof, true
}

func s15Fixed16(b []byte) float64 { return float64(int32(binary.BigEndian.Uint32(b))) / 65536 }

// parseCurve reads a 'curv' (identity, gamma or table) or 'para'
// (parametric, ICC.1:2010 types 0–4) tone curve.
func parseCurve(t []byte) (toneCurve, bool) {
	if len(t) < 12 {
		return nil, false
	}
	switch string(t[:4]) {
	case "curv":
		n := int(binary.BigEndian.Uint32(t[8:]))
		switch {
		case n == 0:
			return func(x float64) float64 { return x }, true
		case n == 1 && len(t) >= 14:
			g := float64(binary.BigEndian.Uint16(t[12:])) / 256
			return func(x float64) float64 { return math.Pow(x, g) }, true
		case n >= 2 && len(t) >= 12+2*n:
			table := make([]float64, n)
			for i := range table {
				table[i] = float64(binary.BigEndian.Uint16(t[12+2*i:])) / 65535
			}
			return func(x float64) float64 {
				f := x * float64(n-1)
				i := min(int(f), n-2)
				return table[i] + (f-float64(i))*(table[i+1]-table[i])
			}, true
		}
	case "para":
		fn := binary.BigEndian.Uint16(t[8:])
		counts := [...]int{1, 3, 4, 5, 7}
		if int(fn) >= len(counts) || len(t) < 12+4*counts[fn] {
			return nil, false
		}
		var q [7]float64
		for i := range counts[fn] {
			q[i] = s15Fixed16(t[12+4*i:])
		}
		g, a, b, c, d, e, f := q[0], q[1], q[2], q[3], q[4], q[5], q[6]
		pow := func(x float64) float64 { return math.Pow(max(x, 0), g) }
		switch fn {
		case 0:
			return func(x float64) float64 { return pow(x) }, true
		case 1:
			return func(x float64) float64 {
				if x >= -b/a {
					return pow(a*x + b)
				}
				return 0
			}, true
		case 2:
			return func(x float64) float64 {
				if x >= -b/a {
					return pow(a*x+b) + c
				}
				return c
			}, true
		case 3:
			return func(x float64) float64 {
				if x >= d {
					return pow(a*x + b)
				}
				return c * x
			}, true
		case 4:
			return func(x float64) float64 {
				if x >= d {
					return pow(a*x+b) + e
				}
				return c*x + f
			}, true
		}
	}
	return nil, false
}

// The sRGB colorants in the profile connection space: the primaries of
// IEC 61966-2-1 (linear sRGB to XYZ, D65) adapted to D50 with the
// Bradford transform, as ICC profiles are.
var srgbToXYZD50 = mul3(
	[3][3]float64{ // Bradford, D65 to D50
		{1.0479298208405488, 0.022946793341019088, -0.05019222954313557},
		{0.029627815688159344, 0.990434484573249, -0.01707382502938514},
		{-0.009243058152591178, 0.015055144896577895, 0.7518742899580008},
	},
	[3][3]float64{ // linear sRGB to XYZ, D65
		{0.41239079926595934, 0.357584339383878, 0.1804807884018343},
		{0.21263900587151027, 0.715168678767756, 0.07219231536073371},
		{0.01933081871559182, 0.11919477979462598, 0.9505321522496607},
	})

// isSRGB reports whether a profile is sRGB, up to the rounding of the
// fixed-point numbers profiles store: then nothing needs converting.
func (p rgbProfile) isSRGB() bool {
	for r := range 3 {
		for c := range 3 {
			if math.Abs(p.toXYZ[r][c]-srgbToXYZD50[r][c]) > 0.002 {
				return false
			}
		}
	}
	for _, curve := range p.trc {
		for x := 0.0; x <= 1; x += 1.0 / 16 {
			if math.Abs(curve(x)-color.Linear(x)) > 0.004 {
				return false
			}
		}
	}
	return true
}

// toSRGB returns m with its pixels converted from the profile p to sRGB.
func (p rgbProfile) toSRGB(m image.Image) *image.NRGBA {
	conv := mul3(inverse3(srgbToXYZD50), p.toXYZ) // linear source RGB to linear sRGB
	var lin [3][256]float64
	for c := range 3 {
		for v := range 256 {
			lin[c][v] = p.trc[c](float64(v) / 255)
		}
	}
	// The sRGB curve, tabulated finely enough that the darkest tones
	// (where it is steepest) round as the formula would.
	const steps = 1 << 14
	var enc [steps + 1]uint8
	for i := range enc {
		enc[i] = uint8(math.Round(color.Encode(float64(i)/steps) * 255))
	}
	b := m.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	// A JPEG decodes to YCbCr: read it without an interface call per pixel.
	ycc, _ := m.(*image.YCbCr)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := out.Pix[(y-b.Min.Y)*out.Stride:]
		for x := b.Min.X; x < b.Max.X; x++ {
			var c imgcolor.NRGBA
			if ycc != nil {
				yi, ci := ycc.YOffset(x, y), ycc.COffset(x, y)
				c.R, c.G, c.B = imgcolor.YCbCrToRGB(ycc.Y[yi], ycc.Cb[ci], ycc.Cr[ci])
				c.A = 255
			} else {
				c = imgcolor.NRGBAModel.Convert(m.At(x, y)).(imgcolor.NRGBA)
			}
			r, g, bl := lin[0][c.R], lin[1][c.G], lin[2][c.B]
			i := 4 * (x - b.Min.X)
			for k := range 3 {
				v := conv[k][0]*r + conv[k][1]*g + conv[k][2]*bl
				row[i+k] = enc[int(math.Round(min(max(v, 0), 1)*steps))]
			}
			row[i+3] = c.A
		}
	}
	return out
}

// toSRGB converts m, decoded from an image file data in format f, to
// sRGB if its profile says it is in another RGB space (see above).
func toSRGB(m image.Image, f Format, data []byte) image.Image {
	p := iccProfile(f, data)
	if p == nil {
		return m
	}
	prof, ok := parseICC(p)
	if !ok || prof.isSRGB() {
		return m
	}
	return prof.toSRGB(m)
}

func mul3(a, b [3][3]float64) (c [3][3]float64) {
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

func inverse3(m [3][3]float64) (inv [3][3]float64) {
	det := m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
		m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	for i := range 3 {
		for j := range 3 {
			// The cofactor of m[j][i], over the determinant.
			a, b := (j+1)%3, (j+2)%3
			c, d := (i+1)%3, (i+2)%3
			inv[i][j] = (m[a][c]*m[b][d] - m[a][d]*m[b][c]) / det
		}
	}
	return inv
}
