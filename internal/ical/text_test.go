package ical

import (
	"strings"
	"testing"
	"unicode"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, text, line string }{
		{"Feria navideña", "Feria navideña", "Feria navideña"},
		{"a\r\nb\rc\nd", "a\nb\nc\nd", "a b c d"},
		{"  dos  espacios\t y tab  ", "  dos  espacios  y tab  ", "dos espacios y tab"},
		{"campana\x07 nulo\x00 del\x7f c1\u0085 fin", "campana nulo del c1 fin", "campana nulo del c1 fin"},
		{"sep\u2028línea\u2029párrafo", "seplíneapárrafo", "seplíneapárrafo"},
		{"inválido \xff\xfe", "inválido \uFFFD", "inválido \uFFFD"},
		{`coma, punto; barra \ </script> "cita"`, `coma, punto; barra \ </script> "cita"`, `coma, punto; barra \ </script> "cita"`},
		{"🇨🇱👩🏽‍🌾", "🇨🇱👩🏽‍🌾", "🇨🇱👩🏽‍🌾"}, // ZWJ (U+200D) is a format character, not a control
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.text {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := cleanLine(tt.in); got != tt.line {
			t.Errorf("cleanLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}

func TestQuoteParam(t *testing.T) {
	for in, want := range map[string]string{
		"Gabinete":                          `"Gabinete"`,
		`DIDECO, "oficina"; piso: 2`:        `"DIDECO, oficina; piso: 2"`,
		"Dirección de Obras\r\nMunicipales": `"Dirección de Obras Municipales"`,
	} {
		if got := quoteParam(in); got != want {
			t.Errorf("quoteParam(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkClean fails if s holds anything cleanText must remove.
func checkClean(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if r != '\n' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
			t.Errorf("cleaned text keeps %U: %q", r, s)
		}
	}
	if strings.ContainsRune(s, '\r') {
		t.Errorf("cleaned text keeps CR: %q", s)
	}
}
