package markdown

import (
	"strconv"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// appendUnescaped appends s to dst the way goldmark's HTML writer reads
// text: backslash escapes of ASCII punctuation and entity or numeric
// character references are resolved in a single pass, so "\&amp;" stays the
// literal "&amp;". NUL becomes U+FFFD, as CommonMark requires.
//
// goldmark keeps link destinations, titles and text as they appear in the
// source and decodes them only while writing HTML; the checks of this package
// must see what a browser will see, hence this decoder.
func appendUnescaped(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]):
			dst = append(dst, s[i+1])
			i += 2
		case c == '&':
			r, name, n := readReference(s[i:])
			switch {
			case n == 0:
				dst = append(dst, c)
				i++
				continue
			case name != nil:
				dst = append(dst, name...)
			default:
				dst = utf8.AppendRune(dst, r)
			}
			i += n
		case c == 0:
			dst = append(dst, "\uFFFD"...)
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}

// readReference reads a character reference at the start of s ("&amp;",
// "&#106;", "&#x6A;") and returns either the rune or the characters of a
// named entity, and the number of bytes read; 0 if s does not start with a
// reference.
func readReference(s []byte) (r rune, name []byte, n int) {
	if len(s) < 3 || s[0] != '&' {
		return 0, nil, 0
	}
	if s[1] == '#' {
		digits, base := s[2:], 10
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits, base = digits[1:], 16
		}
		j := 0
		for j < len(digits) && (base == 16 && util.IsHexDecimal(digits[j]) || util.IsNumeric(digits[j])) {
			j++
		}
		// CommonMark allows up to 7 decimal or 6 hexadecimal digits.
		if j == 0 || j >= len(digits) || digits[j] != ';' || (base == 10 && j > 7) || (base == 16 && j > 6) {
			return 0, nil, 0
		}
		v, _ := strconv.ParseUint(string(digits[:j]), base, 32)
		r = rune(v)
		if r == 0 || !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		return r, nil, len(s) - len(digits) + j + 1
	}
	j := 1
	for j < len(s) && util.IsAlphaNumeric(s[j]) {
		j++
	}
	if j == 1 || j >= len(s) || s[j] != ';' {
		return 0, nil, 0
	}
	e, ok := util.LookUpHTML5EntityByName(string(s[1:j]))
	if !ok {
		return 0, nil, 0
	}
	return 0, e.Characters, j + 1
}
