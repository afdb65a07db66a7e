package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// urlAttr finds the URL attributes of the output. Everything this package
// writes is double-quoted with '"' escaped inside, so a quote delimits them.
var percent = regexp.MustCompile(`%[0-9a-fA-F]{2}`)

var urlAttr = regexp.MustCompile(`(?i)\b(?:href|src)="([^"]*)"`)

// FuzzRender checks the promises Render keeps whatever the input: it does
// not panic nor fail, no dangerous URL reaches an href or src, valid UTF-8
// stays valid, and every problem has a position inside the source.
func FuzzRender(f *testing.F) {
	f.Add([]byte("[a](javascript:alert(1)) ![b](data:x) <vbscript:x> www.gob.cl"))
	f.Add([]byte("x<sup onclick=a>1</sup> <details open><summary>s</summary>\n\n<table><tr><td colspan=2 style=x>a</td></tr></table>\n<script>alert(1)</script>"))
	f.Add([]byte("<p class=MsoNormal><span style='x'>a<o:p></o:p></span></p>\n\nhttps://youtu.be/x\n\n<iframe src=https://e.cl></iframe>"))
	m := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := m.Render(src, testSite)
		if err != nil {
			t.Fatal(err)
		}
		for _, match := range urlAttr.FindAllSubmatch(res.HTML, -1) {
			url := html.UnescapeString(string(match[1]))
			if dangerous(url) {
				t.Fatalf("published %q in %s", url, match[0])
			}
		}
		checkElements(t, res.HTML)
		if utf8.Valid(src) {
			if !utf8.Valid(res.HTML) {
				t.Errorf("HTML is not valid UTF-8: %q", res.HTML)
			}
			if !utf8.ValidString(res.Text) {
				t.Errorf("Text is not valid UTF-8: %q", res.Text)
			}
		}
		lines := 1
		for _, c := range normalizeNewlines(src) {
			if c == '\n' {
				lines++
			}
		}
		for _, p := range res.Problems {
			if p.Line < 1 || p.Line > lines || p.Col < 1 {
				t.Errorf("problem outside the source (%d lines): %v", lines, p)
			}
		}
	})
}

// checkElements is the fuzz oracle for raw HTML, independent of the
// allow-list: no element that runs code or embeds another page, and no
// event handler, reaches the page. (A task list's disabled checkbox is
// an input goldmark writes.)
func checkElements(t *testing.T, out []byte) {
	z := xhtml.NewTokenizer(bytes.NewReader(out))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "frame", "object", "embed", "style", "form", "base", "meta", "link", "svg", "math":
				t.Fatalf("published <%s> in %q", tok.Data, out)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
					t.Fatalf("published %s= in %q", a.Key, out)
				}
			}
		}
	}
}

// dangerous is the fuzz oracle, independent of classify: it reports whether
// url, percent-decoded as often as possible, stripped of spaces and control
// characters and lower-cased, starts with a scheme that runs code.
func dangerous(u string) bool {
	for {
		d := percent.ReplaceAllStringFunc(u, func(esc string) string {
			b, _ := strconv.ParseUint(esc[1:], 16, 8)
			return string([]byte{byte(b)})
		})
		if d == u {
			break
		}
		u = d
	}
	u = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u))
	for _, s := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, s) {
			return true
		}
	}
	return false
}
