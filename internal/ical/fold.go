package ical

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// maxLineOctets is the longest content line RFC 5545 §3.1 allows,
// excluding the CRLF.
const maxLineOctets = 75

// writeFolded writes unfolded content lines (separated by CRLF) to w,
// folding each at 75 octets. A fold never splits a UTF-8 sequence: the
// cut moves back to the start of the rune, so a line may be a few octets
// shorter. Continuation lines start with one space, which unfolding
// removes (§3.1); the content's own spaces are never used as the fold
// whitespace, so no space is lost by parsers that unfold strictly.
//
// golang-ical folds on its own, but prefers to break before spaces and
// '<', which produces continuation lines starting with two spaces; some
// clients trim both. Folding here keeps the rule simple and tested.
func writeFolded(w io.Writer, unfolded string) error {
	bw := bufio.NewWriter(w)
	for line := range strings.SplitSeq(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		limit := maxLineOctets
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			bw.WriteString(line[:cut])
			bw.WriteString("\r\n ")
			line = line[cut:]
			limit = maxLineOctets - 1 // the leading space counts
		}
		bw.WriteString(line)
		bw.WriteString("\r\n")
	}
	return bw.Flush()
}
