package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

// TestSitemapSplit lowers the per-file limit of the protocol (50,000 URLs)
// to 2: sitemap.xml becomes an index of files that together list every
// URL of the single sitemap, in order, at most 2 per file.
func TestSitemapSplit(t *testing.T) {
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		Locs    []string `xml:"url>loc"`
	}
	type index struct {
		XMLName xml.Name `xml:"sitemapindex"`
		Locs    []string `xml:"sitemap>loc"`
	}
	set, _ := renderSite(t, testSite(baseYAML))
	var whole urlset
	if err := xml.Unmarshal([]byte(file(t, set, "sitemap.xml")), &whole); err != nil {
		t.Fatal(err)
	}
	if len(whole.Locs) < 3 {
		t.Fatalf("the test site has %d URLs; the test needs 3 or more", len(whole.Locs))
	}

	defer func(n int) { maxSitemapURLs = n }(maxSitemapURLs)
	maxSitemapURLs = 2
	set, _ = renderSite(t, testSite(baseYAML))
	var idx index
	if err := xml.Unmarshal([]byte(file(t, set, "sitemap.xml")), &idx); err != nil {
		t.Fatal(err)
	}
	if want := (len(whole.Locs) + 1) / 2; len(idx.Locs) != want {
		t.Fatalf("index lists %d files, want %d", len(idx.Locs), want)
	}
	var all []string
	for i, loc := range idx.Locs {
		name := loc[strings.LastIndex(loc, "/")+1:]
		if want := fmt.Sprintf("sitemap-%d.xml", i+1); name != want {
			t.Errorf("file %d is %s, want %s", i, name, want)
		}
		var part urlset
		if err := xml.Unmarshal([]byte(file(t, set, name)), &part); err != nil {
			t.Fatal(err)
		}
		if len(part.Locs) == 0 || len(part.Locs) > 2 {
			t.Errorf("%s lists %d URLs", name, len(part.Locs))
		}
		all = append(all, part.Locs...)
	}
	if strings.Join(all, " ") != strings.Join(whole.Locs, " ") {
		t.Errorf("split sitemaps list\n%q\nwant\n%q", all, whole.Locs)
	}
}

// TestURLSetXML: urlsetXML writes what encoding/xml would (addXML), for
// no address, one, and addresses that need escaping.
func TestURLSetXML(t *testing.T) {
	for _, urls := range [][]sitemapURL{
		nil,
		{{"https://www.municipioejemplo.cl/"}},
		{{"https://www.municipioejemplo.cl/prensa/"}, {"https://ejemplo.cl/a?b=1&c=<2>"}, {"https://ejemplo.cl/año/\"x\"/'y'\t"}},
	} {
		var want bytes.Buffer
		want.WriteString(xml.Header)
		enc := xml.NewEncoder(&want)
		enc.Indent("", " ")
		if err := enc.Encode(struct {
			XMLName xml.Name     `xml:"urlset"`
			NS      string       `xml:"xmlns,attr"`
			URLs    []sitemapURL `xml:"url"`
		}{NS: sitemapNS, URLs: urls}); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if got := urlsetXML(urls); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%d addresses:\n%s\nwant:\n%s", len(urls), got, want.Bytes())
		}
	}
}
