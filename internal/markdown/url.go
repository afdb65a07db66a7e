package markdown

import "strings"

// destKind says where a link or image destination leads.
type destKind int

const (
	destSite     destKind = iota // a path on this site, relative or absolute
	destFragment                 // "#id": a place on the same page
	destExternal                 // an allowed scheme, or "//host/…"
	destEmpty                    // nothing at all
	destBlocked                  // any other scheme
)

// allowedSchemes are the only schemes a page may link to.
var allowedSchemes = map[string]bool{
	"http": true, "https": true, "mailto": true, "tel": true, "webcal": true,
}

// dangerousSchemes run code or smuggle content; they get a sterner message
// than schemes that are merely not allowed (ftp:, file:…).
var dangerousSchemes = map[string]bool{
	"javascript": true, "vbscript": true, "data": true, "livescript": true,
}

// classify reports where dest leads and, when it has one, its lower-cased
// scheme. dest is the decoded destination (entities and backslash escapes
// resolved).
//
// It errs on the side of blocking: the scheme is read after percent-decoding
// (repeatedly) and after dropping every space and control character, so
// "java%0ascript:", " JaVa\tScRiPt:" and "&#106;avascript:" are all
// recognised as javascript:, even where a browser might not run them.
func classify(dest string) (destKind, string) {
	d := trimURL(dest)
	if d == "" {
		return destEmpty, ""
	}
	if s := schemeOf(d); s != "" {
		if allowedSchemes[s] {
			return destExternal, s
		}
		return destBlocked, s
	}
	switch {
	case len(d) >= 2 && isSlash(d[0]) && isSlash(d[1]):
		// Browsers read "//host" and "\\host" as another host, same scheme.
		return destExternal, ""
	case d[0] == '#':
		return destFragment, ""
	}
	return destSite, ""
}

// trimURL removes what the WHATWG URL parser removes: leading and trailing
// C0 controls and spaces, and tabs and newlines anywhere.
func trimURL(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// schemeOf returns the lower-cased scheme of s, or "" if it has none: a
// letter followed by letters, digits, "+", "-" or ".", then a colon. It reads
// s the most pessimistic way: percent-decoded until nothing changes, and
// without spaces and control characters.
func schemeOf(s string) string {
	const limit = 64 // longer than any scheme we care about
	var buf [limit]byte
	b := buf[:0]
	for pass := 0; pass < 4; pass++ {
		b = b[:0]
		changed := false
		for i := 0; i < len(s) && len(b) < limit; i++ {
			c := s[i]
			if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				c = unhex(s[i+1])<<4 | unhex(s[i+2])
				i += 2
				changed = true
			}
			if c <= ' ' || c == 0x7f {
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		if !changed {
			break
		}
		s = string(b)
	}
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			// Known schemes come back without allocating.
			for _, known := range knownSchemes {
				if string(b[:i]) == known {
					return known
				}
			}
			return string(b[:i])
		default:
			return ""
		}
	}
	return ""
}

var knownSchemes = []string{"https", "http", "mailto", "tel", "webcal", "javascript", "vbscript", "data"}

func isSlash(c byte) bool { return c == '/' || c == '\\' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
