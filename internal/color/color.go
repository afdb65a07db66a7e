// Package color computes the contrast between colours as WCAG 2.x defines
// it, so that the build can refuse a site identity colour that makes text
// hard to read (success criterion 1.4.3, contrast minimum).
package color

import (
	"fmt"
	"math"
	"strconv"
)

// RGB is an opaque colour in the sRGB space, 8 bits per channel.
type RGB struct{ R, G, B uint8 }

// White and Black are the two colours text is usually set in.
var (
	White = RGB{255, 255, 255}
	Black = RGB{0, 0, 0}
)

// AA is the minimum contrast ratio WCAG 2.x level AA asks for normal text
// (success criterion 1.4.3). Large text may go down to 3:1, but the theme
// does not rely on that: header links and body links are normal text.
const AA = 4.5

// ParseHex reads "#rrggbb" or "#rgb" (either case).
func ParseHex(s string) (RGB, error) {
	if len(s) == 4 && s[0] == '#' {
		s = "#" + string([]byte{s[1], s[1], s[2], s[2], s[3], s[3]})
	}
	if len(s) != 7 || s[0] != '#' {
		return RGB{}, fmt.Errorf("color %q: se espera #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return RGB{}, fmt.Errorf("color %q: se espera #rrggbb", s)
	}
	return RGB{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// Hex returns the colour as "#rrggbb", lower case.
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Luminance is the relative luminance of c, from 0 (black) to 1 (white), as
// defined by WCAG 2.x: each sRGB channel is linearised, then weighted by how
// bright the eye perceives it.
func (c RGB) Luminance() float64 {
	return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B)
}

// linear undoes the sRGB transfer curve of one channel. WCAG 2.x writes
// the threshold as 0.03928 (from an old draft of sRGB) where the standard
// says 0.04045; no 8-bit value lies between them, so both give the same
// result.
func linear(v uint8) float64 { return Linear(float64(v) / 255) }

// Linear undoes the sRGB transfer curve (IEC 61966-2-1): an encoded
// channel value in [0, 1] to linear light.
func Linear(c float64) float64 {
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// Encode applies the sRGB transfer curve: linear light in [0, 1] to an
// encoded channel value. It is Linear's inverse.
func Encode(l float64) float64 {
	if l <= 0.0031308 {
		return l * 12.92
	}
	return 1.055*math.Pow(l, 1/2.4) - 0.055
}

// Contrast is the WCAG contrast ratio of two colours, from 1 (same
// luminance) to 21 (black on white). The order does not matter.
func Contrast(a, b RGB) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Passes reports whether a ratio meets min. The comparison is on the exact
// ratio: WCAG forbids rounding up, so 4.48 fails AA even though it is
// shown as "4,5" with one decimal.
func Passes(ratio, min float64) bool { return ratio >= min }

// FormatRatio writes a ratio the way a Spanish reader expects, truncated
// (never rounded up, so a failing ratio is never shown as passing) to two
// decimals: 4.478 → "4,47:1".
func FormatRatio(ratio float64) string {
	t := math.Floor(ratio*100) / 100
	s := strconv.FormatFloat(t, 'f', 2, 64)
	out := []byte(s)
	for i, b := range out {
		if b == '.' {
			out[i] = ','
		}
	}
	return string(out) + ":1"
}

// Mix returns the colour a fraction t of the way from a to b, mixing the
// sRGB channel values (what CSS color-mix(in srgb, …) does), so that a
// theme can derive a darker or lighter shade of an identity colour without
// relying on browsers that support color-mix.
func Mix(a, b RGB, t float64) RGB {
	t = math.Max(0, math.Min(1, t))
	ch := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return RGB{ch(a.R, b.R), ch(a.G, b.G), ch(a.B, b.B)}
}
