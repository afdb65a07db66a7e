package color

import (
	"math"
	"testing"
)

func TestParseHex(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want RGB
	}{
		{"#0b4f8a", RGB{0x0b, 0x4f, 0x8a}},
		{"#0B4F8A", RGB{0x0b, 0x4f, 0x8a}},
		{"#fff", White},
		{"#000000", Black},
		{"#a1b", RGB{0xaa, 0x11, 0xbb}},
	} {
		got, err := ParseHex(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseHex(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "0b4f8a", "#0b4f8", "#0b4f8g", "#+b4f8a", "#0b4f8a0", "#ggg"} {
		if _, err := ParseHex(bad); err == nil {
			t.Errorf("ParseHex(%q): no error", bad)
		}
	}
}

func TestHexRoundTrip(t *testing.T) {
	for _, s := range []string{"#0b4f8a", "#000000", "#ffffff", "#777777"} {
		c, err := ParseHex(s)
		if err != nil || c.Hex() != s {
			t.Errorf("%s → %v → %s", s, c, c.Hex())
		}
	}
}

func TestLuminanceEnds(t *testing.T) {
	if l := Black.Luminance(); l != 0 {
		t.Errorf("black luminance %v", l)
	}
	if l := White.Luminance(); math.Abs(l-1) > 1e-12 {
		t.Errorf("white luminance %v", l)
	}
	// Green weighs most, blue least: the eye's sensitivity.
	g, r, b := RGB{0, 255, 0}.Luminance(), RGB{255, 0, 0}.Luminance(), RGB{0, 0, 255}.Luminance()
	if !(g > r && r > b) {
		t.Errorf("channel weights: g=%v r=%v b=%v", g, r, b)
	}
}

// TestContrastKnownRatios checks ratios against WebAIM's contrast checker
// (#777777 and #767676 are the classic pair around 4.5:1) and, for the
// default primary colour, a computation by hand.
func TestContrastKnownRatios(t *testing.T) {
	for _, tc := range []struct {
		fg, bg string
		want   float64 // to two decimals
		passAA bool
	}{
		{"#000000", "#ffffff", 21, true},
		{"#ffffff", "#ffffff", 1, false},
		{"#777777", "#ffffff", 4.48, false}, // the classic near miss
		{"#767676", "#ffffff", 4.54, true},  // the lightest grey that passes
		{"#0b4f8a", "#ffffff", 8.40, true},  // the default primary colour
		{"#ff0000", "#ffffff", 4.00, false}, // 3.998: fails although "4:1" when rounded
		{"#0000ff", "#ffffff", 8.59, true},
		{"#ffbf47", "#000000", 12.80, true}, // focus yellow on black
	} {
		fg, _ := ParseHex(tc.fg)
		bg, _ := ParseHex(tc.bg)
		got := Contrast(fg, bg)
		if math.Abs(got-tc.want) > 0.006 {
			t.Errorf("Contrast(%s, %s) = %.4f, want %.2f", tc.fg, tc.bg, got, tc.want)
		}
		if Contrast(bg, fg) != got {
			t.Errorf("Contrast(%s, %s) depends on order", tc.fg, tc.bg)
		}
		if Passes(got, AA) != tc.passAA {
			t.Errorf("%s on %s: ratio %.4f, Passes(AA) = %v, want %v", tc.fg, tc.bg, got, !tc.passAA, tc.passAA)
		}
	}
}

func TestFormatRatioNeverRoundsUp(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{4.4999, "4,49:1"},
		{4.478, "4,47:1"},
		{21, "21,00:1"},
		{8.634, "8,63:1"},
	} {
		if got := FormatRatio(tc.in); got != tc.want {
			t.Errorf("FormatRatio(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMix(t *testing.T) {
	c, _ := ParseHex("#0b4f8a")
	if Mix(c, Black, 0) != c || Mix(c, Black, 1) != Black || Mix(c, White, 2) != White {
		t.Error("Mix ends")
	}
	if got := Mix(Black, White, 0.5).Hex(); got != "#808080" {
		t.Errorf("half way black→white = %s", got)
	}
	// A darker shade of a passing colour keeps passing on white.
	if d := Mix(c, Black, 0.3); Contrast(d, White) <= Contrast(c, White) {
		t.Errorf("darker shade %s has less contrast than %s", d.Hex(), c.Hex())
	}
}

// TestEncodeInvertsLinear: the two directions of the sRGB curve are one
// curve, for every 8-bit value.
func TestEncodeInvertsLinear(t *testing.T) {
	for v := range 256 {
		x := float64(v) / 255
		if got := Encode(Linear(x)); math.Abs(got-x) > 1e-9 {
			t.Errorf("Encode(Linear(%d/255)) = %v", v, got*255)
		}
	}
}
