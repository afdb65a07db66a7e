package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/text/unicode/norm"
)

// Slugify turns a title into lower-case ASCII letters, digits and single
// hyphens, with no leading or trailing hyphen:
//
//	"Feria Navideña en la Plaza" → "feria-navidena-en-la-plaza"
//	"¿Qué hace el Gabinete?"     → "que-hace-el-gabinete"
//
// Letters lose their accents instead of disappearing: the text is put in
// compatibility decomposition (NFKD) and the combining marks are dropped, so
// "é" becomes "e", "ñ" becomes "n" and "2.º" becomes "2-o". A few letters
// that do not decompose (æ, ø, ß, ł…) are spelled out. Apostrophes join
// ("O'Higgins" → "ohiggins"); any other run of characters that are not
// letters or digits becomes one hyphen. The result may be empty, e.g. for
// "¡!" or a title in a script without a Latin transliteration.
func Slugify(s string) string {
	return string(appendSlug(nil, s))
}

// appendSlug appends the slug of s to dst.
func appendSlug(dst []byte, s string) []byte {
	if !isASCII(s) {
		// NFKD rather than NFD: it also folds "º", "ª", superscripts,
		// ligatures and full-width forms into plain letters and digits.
		s = norm.NFKD.String(s)
	}
	start := len(dst)
	hyphen := false // a separator is pending
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '\'' || r == '’' || unicode.Is(unicode.Mn, r):
			continue
		default:
			if t, ok := spelled[r]; ok {
				dst, hyphen = appendPending(dst, start, hyphen), false
				dst = append(dst, t...)
				continue
			}
			hyphen = true
			continue
		}
		dst, hyphen = appendPending(dst, start, hyphen), false
		dst = append(dst, byte(r))
	}
	return dst
}

// appendPending writes the pending hyphen, unless nothing has been written
// yet: slugs never start with a hyphen.
func appendPending(dst []byte, start int, hyphen bool) []byte {
	if hyphen && len(dst) > start {
		dst = append(dst, '-')
	}
	return dst
}

// spelled holds Latin letters that have no canonical or compatibility
// decomposition into ASCII.
var spelled = map[rune]string{
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ß': "ss", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'þ': "th", 'Þ': "th", 'ı': "i",
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ids hands out unique element ids for one document. It implements
// parser.IDs, so it can also serve goldmark's own id generation.
type ids struct {
	used map[string]bool
}

var _ parser.IDs = (*ids)(nil)

func newIDs() *ids { return &ids{used: make(map[string]bool)} }

// Generate returns the slug of value, or "seccion" when the slug is empty,
// made unique by appending "-1", "-2"… as needed.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := appendSlug(nil, string(value))
	if len(base) == 0 {
		base = append(base, "seccion"...)
	}
	if !s.used[string(base)] {
		s.used[string(base)] = true
		return base
	}
	// Headings such as "Horario" and "Horario 1" may already own "horario-1",
	// so keep counting until a free id turns up.
	for i := 1; ; i++ {
		id := strconv.AppendInt(append(base[:len(base):len(base)], '-'), int64(i), 10)
		if !s.used[string(id)] {
			s.used[string(id)] = true
			return id
		}
	}
}

// Put reserves an id.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }
