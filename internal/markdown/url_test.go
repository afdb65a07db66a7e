package markdown

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		dest   string
		kind   destKind
		scheme string
	}{
		{"../eventos/feria.md", destSite, ""},
		{"/funciones/", destSite, ""},
		{"feria.md#horario", destSite, ""},
		{"./javascript:x", destSite, ""},
		{"#horario", destFragment, ""},
		{"", destEmpty, ""},
		{" \t\n", destEmpty, ""},
		{"https://www.gob.cl/", destExternal, "https"},
		{"HTTP://WWW.GOB.CL/", destExternal, "http"},
		{"mailto:a@b.cl", destExternal, "mailto"},
		{"tel:+56225401756", destExternal, "tel"},
		{"webcal://x.cl/a.ics", destExternal, "webcal"},
		{"//evil.example/", destExternal, ""},
		{"\\\\evil.example/", destExternal, ""},
		{"/\t/evil.example/", destExternal, ""},
		{"javascript:alert(1)", destBlocked, "javascript"},
		{"JaVaScRiPt:alert(1)", destBlocked, "javascript"},
		{"\x01\x02 javascript:alert(1)", destBlocked, "javascript"},
		{"java\tscript:alert(1)", destBlocked, "javascript"},
		{"java\x00script:alert(1)", destBlocked, "javascript"},
		{"java%0ascript:alert(1)", destBlocked, "javascript"},
		{"java%250Ascript:alert(1)", destBlocked, "javascript"},
		{"%6A%61%76%61script:alert(1)", destBlocked, "javascript"},
		{"vbscript:msgbox", destBlocked, "vbscript"},
		{"data:image/png;base64,AAAA", destBlocked, "data"},
		{"ftp://x", destBlocked, "ftp"},
		{"c:/windows", destBlocked, "c"},
	}
	for _, tt := range tests {
		kind, scheme := classify(tt.dest)
		if kind != tt.kind || scheme != tt.scheme {
			t.Errorf("classify(%q) = %v, %q; want %v, %q", tt.dest, kind, scheme, tt.kind, tt.scheme)
		}
	}
}

func TestAppendUnescaped(t *testing.T) {
	tests := []struct{ in, want string }{
		{`&#106;avascript:`, "javascript:"},
		{`&#x6A;&#X61;`, "ja"},
		{`&amp;&copy;&nosuch;`, "&©&nosuch;"},
		{`\&amp; \* \a`, `&amp; * \a`},
		{`&#0; &#99999999; &#xD800;`, "\uFFFD &#99999999; \uFFFD"},
		{"a\x00b", "a\uFFFDb"},
		{`& &# &#; &#x; &;`, `& &# &#; &#x; &;`},
	}
	for _, tt := range tests {
		if got := string(appendUnescaped(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("appendUnescaped(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPositions(t *testing.T) {
	src := normalizeNewlines([]byte("ab\r\nñandú x\rz\n"))
	if string(src) != "ab\nñandú x\nz\n" {
		t.Fatalf("normalizeNewlines = %q", src)
	}
	p := positions{src: src}
	for _, tt := range []struct{ offset, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {11, 2, 7}, {13, 3, 1}, {99, 4, 1},
	} {
		if line, col := p.at(tt.offset); line != tt.line || col != tt.col {
			t.Errorf("at(%d) = %d:%d, want %d:%d", tt.offset, line, col, tt.line, tt.col)
		}
	}
}
