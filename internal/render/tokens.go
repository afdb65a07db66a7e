package render

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The search index folds and splits the text of every item, which made it
// the largest single cost of a build (a quarter of all allocations at
// 10,000 items: a folded copy of each text, a slice of words, a joined
// string). A tokenizer does it in one pass over the text instead: each rune
// is folded as it is read and appended to the current word, words go
// straight into the field's output, and reading stops as soon as the
// field's limits are reached. The result is exactly that of the first
// form, which remains as slowTokens for text that is not valid UTF-8 and as
// the reference of the tests (tokens_test.go).

// foldTable holds the folded form of the non-ASCII runes of Spanish and
// other Latin-script text, so that Fold need not call the normalizer for
// them. A rune is in the table only if folding it alone is folding it in
// context: its decomposition holds no combining mark that Fold keeps
// (reordering by combining class only moves marks, and every mark in the
// table's decompositions is one Fold drops). Runes outside it go through
// the normalizer with the rest of their run.
var foldTable = func() map[rune]string {
	m := map[rune]string{}
	add := func(lo, hi rune) {
		for r := lo; r < hi; r++ {
			if !utf8.ValidRune(r) {
				continue
			}
			keep := true
			for _, c := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, c) && norm.NFD.PropertiesString(string(c)).CCC() != 0 {
					keep = false
				}
			}
			if keep {
				m[r] = foldRun(string(r))
			}
		}
	}
	add(0x80, 0x370)    // Latin-1, Latin Extended-A and B, IPA, spacing and combining marks
	add(0x1E00, 0x1F00) // Latin Extended Additional (ḉ, ẽ…)
	add(0x2000, 0x2070) // general punctuation: dashes, quotes, spaces
	add(0x20A0, 0x20C1) // currency symbols
	return m
}()

// foldRun is Fold's treatment of a run of non-ASCII text: decomposed,
// without its nonspacing marks, lower-cased; but a tilde on an n stays,
// because «ñ» is a letter of its own in Spanish («año» is not «ano»).
func foldRun(s string) string { return string(foldAppend(nil, s)) }

// combiningTilde is the mark that, after an n, makes «ñ».
const combiningTilde = '\u0303'

// foldAppend appends the fold of s (see foldRun) to dst. What dst ends
// with is the context of s: a tilde at the start of s joins an n at the end
// of dst, so that a text folded in pieces folds as a whole.
func foldAppend(dst []byte, s string) []byte {
	for _, c := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, c) {
			if c == combiningTilde && len(dst) > 0 && dst[len(dst)-1] == 'n' {
				dst = append(dst[:len(dst)-1], "ñ"...)
			}
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(c))
	}
	return dst
}

// tokenizer turns text into the space-separated tokens of SearchEntry.
// The words already emitted by earlier fields are kept in seen, so that a
// word of the title is not repeated in the summary or the body.
type tokenizer struct {
	seen  map[string]struct{}
	word  []byte // folded letters and digits of the word being read
	runes int    // runes in word
	out   []byte // tokens of the field so far
	n     int    // tokens in out
	max   int    // at most this many tokens in the field; < 0: no limit
	// For searchTerms: the stems of the item so far, and a buffer.
	stems map[uint32]struct{}
	ids   []uint32
}

var tokenizers = sync.Pool{New: func() any {
	return &tokenizer{seen: map[string]struct{}{}, stems: map[uint32]struct{}{}}
}}

// newTokenizer returns a tokenizer with nothing seen; give it back with
// free.
func newTokenizer() *tokenizer { return tokenizers.Get().(*tokenizer) }

func (t *tokenizer) free() {
	clear(t.seen)
	clear(t.stems)
	tokenizers.Put(t)
}

// field returns the tokens of the text made of parts, read one after the
// other as if concatenated: at most maxRunes runes of it (< 0: all), and at
// most maxTokens tokens (< 0: no limit), leaving out single characters,
// stop words and the words seen in earlier fields.
func (t *tokenizer) field(maxRunes, maxTokens int, parts ...string) string {
	for _, p := range parts {
		if !utf8.ValidString(p) {
			return t.slowField(maxRunes, maxTokens, parts)
		}
	}
	t.out, t.n, t.max = t.out[:0], 0, maxTokens
	t.word, t.runes = t.word[:0], 0
	budget := maxRunes
	for _, s := range parts {
		for i := 0; i < len(s) && budget != 0 && !t.full(); {
			budget--
			if c := s[i]; c < utf8.RuneSelf {
				i++
				switch {
				case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				case 'A' <= c && c <= 'Z':
					c += 'a' - 'A'
				default:
					t.end()
					continue
				}
				t.word = append(t.word, c)
				t.runes++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == combiningTilde {
				i += size
				t.tilde()
				continue
			}
			if f, ok := foldTable[r]; ok {
				i += size
				t.folded(f)
				continue
			}
			// The rest of this non-ASCII run goes through the
			// normalizer, within the budget (< 0: none).
			j, more := i+size, 0
			for j < len(s) && s[j] >= utf8.RuneSelf && (budget < 0 || more < budget) {
				_, size := utf8.DecodeRuneInString(s[j:])
				j += size
				more++
			}
			budget -= more
			t.foldedRun(s[i:j])
			i = j
		}
	}
	if !t.full() {
		t.end()
	}
	return string(t.out)
}

// tilde joins a combining tilde to the n that ends the word being read
// («n» + U+0303 is «ñ»); anywhere else it is dropped, as every mark.
func (t *tokenizer) tilde() {
	if n := len(t.word); n > 0 && t.word[n-1] == 'n' {
		t.word = append(t.word[:n-1], "ñ"...)
	}
}

// foldedRun folds a run of non-ASCII text in the context of the word being
// read (a tilde at its start may join the word's last n) and adds it.
func (t *tokenizer) foldedRun(s string) {
	var ctx []byte
	if n := len(t.word); n > 0 && t.word[n-1] == 'n' {
		ctx = []byte{'n'}
	}
	f := foldAppend(ctx, s)
	if ctx != nil {
		if !bytes.HasPrefix(f, []byte("ñ")) {
			f = f[1:] // the n stays in the word
		} else {
			t.word = t.word[:len(t.word)-1] // the n became the ñ that f starts with
			t.runes--
		}
	}
	t.folded(string(f))
}

// folded adds already folded text to the word being read.
func (t *tokenizer) folded(f string) {
	for _, c := range f {
		if c < utf8.RuneSelf && ('a' <= c && c <= 'z' || '0' <= c && c <= '9') ||
			c >= utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsNumber(c)) {
			t.word = utf8.AppendRune(t.word, c)
			t.runes++
		} else {
			t.end()
		}
	}
}

func (t *tokenizer) full() bool { return t.max >= 0 && t.n >= t.max }

// end closes the word being read and emits it if it is a token.
func (t *tokenizer) end() {
	w := t.word
	n := t.runes
	t.word, t.runes = t.word[:0], 0
	if n < 2 || t.full() {
		return
	}
	if _, ok := t.seen[string(w)]; ok || stopSet[string(w)] {
		return
	}
	t.seen[string(w)] = struct{}{}
	if t.n > 0 {
		t.out = append(t.out, ' ')
	}
	t.out = append(t.out, w...)
	t.n++
}

// slowField is field by the first method: join, cut, fold the whole text,
// split it into words. Only for text that is not valid UTF-8, which the
// normalizer treats as a whole.
func (t *tokenizer) slowField(maxRunes, maxTokens int, parts []string) string {
	s := strings.Join(parts, "")
	if maxRunes >= 0 {
		s = truncateRunes(s, maxRunes)
	}
	seen := map[string]bool{}
	for w := range t.seen {
		seen[w] = true
	}
	ts := slowTokens(s, seen, maxTokens)
	for _, w := range ts {
		t.seen[w] = struct{}{}
	}
	return strings.Join(ts, " ")
}

// slowTokens splits folded text into words (runs of letters and digits,
// as the script's /[\p{L}\p{N}]+/u), leaving out single characters, stop
// words and the words in seen, which it adds to. max < 0 means no limit.
func slowTokens(s string, seen map[string]bool, max int) []string {
	var out []string
	for _, w := range strings.FieldsFunc(Fold(s), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsNumber(c)
	}) {
		if max >= 0 && len(out) >= max {
			break
		}
		if utf8.RuneCountInString(w) < 2 || stopSet[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
