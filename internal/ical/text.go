package ical

import (
	"strings"
	"unicode"
)

// cleanText prepares free text for a TEXT property value. golang-ical
// escapes `\`, `;`, `,` and LF itself (ics.ToText), so this only removes
// what no escape can carry: invalid UTF-8 becomes U+FFFD, CR LF and lone
// CR become LF, and every other control character (C0, DEL, C1, and the
// Unicode line and paragraph separators some clients treat as line ends)
// is dropped. A TAB becomes a space: it is legal in TEXT, but several
// parsers treat a TAB after a line end as folding whitespace.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			return -1
		}
		return r
	}, s)
}

// cleanLine is cleanText for single-line values (SUMMARY, LOCATION,
// CATEGORIES, names): line breaks become spaces, runs of spaces collapse
// and the ends are trimmed, because clients show these on one line.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(cleanText(s), "\n", " ")), " ")
}

// quoteParam renders a parameter value as an RFC 5545 quoted-string.
// Parameter values have no escape mechanism: DQUOTE cannot appear even
// inside quotes (§3.1, QSAFE-CHAR), so it is removed. Quoting always,
// not only when `,` `;` `:` demand it, keeps non-ASCII names intact in
// parsers that mishandle unquoted UTF-8 parameter values.
func quoteParam(s string) string {
	return `"` + paramText(s) + `"`
}

// paramText is s cleaned for use inside a quoted parameter value.
func paramText(s string) string {
	return cleanLine(strings.ReplaceAll(s, `"`, ""))
}
