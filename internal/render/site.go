package render

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash/maphash"
	"html/template"
	"sort"
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/output"
)

// aliases publishes a redirect page at each old URL of an item. Static
// hosting has no redirects, so the page redirects with a meta refresh and a
// canonical link; the nginx configuration (deploy/) answers 301 for the
// same URLs from the list in redirects.map.
func (r *Renderer) aliases(it content.Item) {
	for _, a := range it.Metadata().Aliases {
		target := it.URL()
		var b bytes.Buffer
		err := aliasTemplate.Execute(&b, map[string]string{"Target": target, "Abs": r.AbsURL(target), "Title": it.Metadata().Title})
		if err != nil {
			r.errorf(content.Pos{File: it.Document().Path}, "alias %s: %v", a, err)
			continue
		}
		r.add(pagePath(a), b.Bytes())
	}
}

var aliasTemplate = template.Must(template.New("alias").Parse(`<!doctype html>
<html lang="es-CL">
<head>
<meta charset="utf-8">
<title>Esta página se movió: {{.Title}}</title>
<link rel="canonical" href="{{.Abs}}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.Target}}">
</head>
<body>
<main><h1>Esta página se movió</h1><p>Ahora está en <a href="{{.Target}}">{{.Title}}</a>.</p></main>
</body>
</html>
`))

// aliasList is every alias with its target, sorted: redirects.map.
func (r *Renderer) aliasList() [][2]string {
	var out [][2]string
	for _, it := range r.aliased {
		for _, a := range it.Metadata().Aliases {
			out = append(out, [2]string{a, it.URL()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// maxSitemapURLs is the most URLs a sitemap file may list (sitemaps.org).
var maxSitemapURLs = 50000

// addXML writes v as an indented XML document at p.
func (r *Renderer) addXML(p string, v any) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		r.errorf(content.Pos{File: strings.TrimPrefix(p, "/")}, "%v", err)
		return
	}
	b.WriteByte('\n')
	r.add(p, b.Bytes())
}

type sitemapURL struct {
	Loc string `xml:"loc"`
}

// plainXML reports whether s is the same once escaped as XML text:
// printable ASCII without the characters xml.EscapeText escapes.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c >= 0x7f, c == '&', c == '<', c == '>', c == '"', c == '\'':
			return false
		}
	}
	return true
}

// urlsetXML is a sitemap of urls, as addXML would encode it: written
// directly, because encoding 13,000 addresses with encoding/xml's
// reflection was most of the sitemap's time, on one core at the end of
// every render that adds or removes a page (TestURLSetXML checks that
// the bytes are the encoder's).
func urlsetXML(urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.Grow(len(xml.Header) + 100 + len(urls)*(len(" <url>\n  <loc></loc>\n </url>\n")+80))
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="` + sitemapNS + `">`)
	for _, u := range urls {
		b.WriteString("\n <url>\n  <loc>")
		if plainXML(u.Loc) {
			b.WriteString(u.Loc) // most addresses: slugs are plain
		} else {
			xml.EscapeText(&b, []byte(u.Loc))
		}
		b.WriteString("</loc>\n </url>")
	}
	if len(urls) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// sitemapKept adds the previous output's sitemap.xml if it listed the same
// addresses (the page memo, with a Cache): most edits in serve change no
// address, and encoding 10,000 of them was the largest part of finish.
func (r *Renderer) sitemapKept(urls []sitemapURL) bool {
	if r.memoKeys == nil {
		return false
	}
	var h maphash.Hash
	h.SetSeed(memoSeed)
	h.WriteString("\x00sitemap")
	var n [8]byte
	for _, u := range urls {
		binary.LittleEndian.PutUint64(n[:], uint64(len(u.Loc)))
		h.Write(n[:])
		h.WriteString(u.Loc)
	}
	return r.memoReuse("sitemap.xml", h.Sum64())
}

// sitemapSamePaths takes the previous output's sitemap when this render
// publishes the same paths as the previous one and the same aliases: the
// sitemap depends on nothing else (site.yaml's base URL drops the memo).
// Listing, sorting and hashing 13,000 pages was the longest part of a
// serve render run on one core, after an edit that changed no address.
func (r *Renderer) sitemapSamePaths(aliases [][2]string) bool {
	set, ok := r.out.(*output.Set)
	if !ok || r.memoKeys == nil || r.opt.Previous == nil {
		return false
	}
	var h maphash.Hash
	h.SetSeed(memoSeed)
	for _, a := range aliases {
		h.WriteString(a[0])
		h.WriteByte(0)
		h.WriteString(a[1])
		h.WriteByte(0)
	}
	const aliasKey = "\x00aliases"
	prevAliases, okAliases := r.memoPrev[aliasKey]
	prevMap, okMap := r.memoPrev["sitemap.xml"]
	r.outMu.Lock()
	r.memoKeys[aliasKey] = memoEntry{page: h.Sum64(), hasPage: true}
	n := len(r.published)
	r.outMu.Unlock()
	// Every path but the sitemap's is published by now.
	if !okAliases || !okMap || !prevMap.hasPage || prevAliases.page != h.Sum64() || set.Added() > 0 || n+1 != r.opt.Previous.Len() || r.opt.Previous.Has("sitemap-1.xml") {
		return false
	}
	return r.memoReuse("sitemap.xml", prevMap.page)
}

// finish writes what summarises the other outputs: the sitemap (every
// index.html but redirects and pages marked noindex), robots.txt and the
// redirect map (redirects.map, "old new;" lines that the nginx
// configuration includes to answer 301). It runs after every other job.
func (r *Renderer) finish() {
	aliases := r.aliasList()
	disallow := "Disallow: /buscar/\n"
	if r.cfg.CMS != nil {
		// Not in serve without cms:, whose /admin/ is for the editor's
		// own machine: robots.txt stays the one the build publishes.
		disallow += "Disallow: /admin/\n"
	}
	r.add("/robots.txt", []byte("User-agent: *\nAllow: /\n"+disallow+"\nSitemap: "+r.AbsURL("/sitemap.xml")+"\n"))
	var m strings.Builder
	for _, a := range aliases {
		// nginx map syntax: one "old new;" per line.
		m.WriteString(a[0] + " " + a[1] + ";\n")
		if strings.HasPrefix(a[1], "/eventos/") && strings.HasSuffix(a[0], "/") {
			// An event's own .ics moves with its page: a calendar
			// that imported it from the old address finds the new one.
			m.WriteString(a[0] + eventICSName + " " + a[1] + eventICSName + ";\n")
		}
	}
	r.add("/redirects.map", []byte(m.String()))
	// The retired URLs, with and without the final slash, for the nginx
	// configuration to answer 410 (gone) with /410.html.
	var g strings.Builder
	var retired []string
	for _, u := range r.cfg.Retired {
		retired = append(retired, strings.TrimSuffix(u, "/")+"/", strings.TrimSuffix(u, "/"))
	}
	sort.Strings(retired)
	for i, u := range retired {
		if u != "" && (i == 0 || retired[i-1] != u) {
			g.WriteString(u + " 1;\n")
		}
	}
	r.add("/retired.map", []byte(g.String()))
	// Last: whether the sitemap is the same depends on every other path.
	if !r.sitemapSamePaths(aliases) {
		r.sitemap(aliases)
	}
}

// sitemap writes the sitemap: every published index.html but the
// redirects of aliases, the search and the CMS.
func (r *Renderer) sitemap(aliases [][2]string) {
	skip := map[string]bool{}
	for _, a := range aliases {
		skip[pagePath(a[0])] = true
	}
	inSitemap := func(p string) bool {
		return strings.HasSuffix(p, "index.html") && !skip[p] && !strings.HasPrefix(p, "buscar/") && !strings.HasPrefix(p, "admin/")
	}
	// The pages, then sorted: sorting every published path (the
	// search index's parts, the .ics, the feeds…) took twice as long.
	pages := func() []string {
		var pages []string
		for p := range r.published {
			if inSitemap(p) {
				pages = append(pages, p)
			}
		}
		sort.Strings(pages)
		return pages
	}
	urlsOf := func(pages []string) []sitemapURL {
		urls := make([]sitemapURL, len(pages))
		for i, p := range pages {
			urls[i] = sitemapURL{r.AbsURL("/" + strings.TrimSuffix(p, "index.html"))}
		}
		return urls
	}
	// Serve, after an edit that changed the paths: made when read
	// (lazy.go), from the paths published, which are final by now. Its
	// key says only that it is the sitemap of these paths, for
	// sitemapSamePaths.
	r.outMu.Lock()
	lazy := false
	if r.lazy != nil {
		n := 0
		for p := range r.published {
			if inSitemap(p) {
				n++
			}
		}
		if lazy = n <= maxSitemapURLs; lazy {
			r.notePage("sitemap.xml", 0)
		}
	}
	r.outMu.Unlock()
	if lazy {
		r.record("sitemap.xml", r.lazy.AddLazy("sitemap.xml", func() ([]byte, error) { return urlsetXML(urlsOf(pages())), nil }))
		return
	}
	r.outMu.Lock()
	urls := urlsOf(pages())
	r.outMu.Unlock()
	switch {
	case len(urls) <= maxSitemapURLs && r.sitemapKept(urls):
		// The previous output's: the same addresses.
	case len(urls) <= maxSitemapURLs:
		r.add("/sitemap.xml", urlsetXML(urls))
	default:
		// The protocol allows 50,000 URLs per file: past that,
		// sitemap.xml is an index of /sitemap-1.xml, /sitemap-2.xml…
		var maps []sitemapURL
		for i := 0; i*maxSitemapURLs < len(urls); i++ {
			part := urls[i*maxSitemapURLs : min((i+1)*maxSitemapURLs, len(urls))]
			name := fmt.Sprintf("/sitemap-%d.xml", i+1)
			r.add(name, urlsetXML(part))
			maps = append(maps, sitemapURL{r.AbsURL(name)})
		}
		r.addXML("/sitemap.xml", struct {
			XMLName xml.Name     `xml:"sitemapindex"`
			NS      string       `xml:"xmlns,attr"`
			Maps    []sitemapURL `xml:"sitemap"`
		}{NS: sitemapNS, Maps: maps})
	}
}
