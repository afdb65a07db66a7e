package render

import (
	"encoding/xml"
	"html"
	"strings"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

func init() { register((*Renderer).feedJobs) }

// The press feeds, for feed readers, news aggregators and the media:
//
//	/prensa/rss.xml   RSS 2.0, with content:encoded and atom:link rel=self
//	/prensa/atom.xml  Atom (RFC 4287)
//
// Both hold the latest feedSize releases, newest first, with absolute URLs
// (readers show the HTML out of the site), the summary and the full body.
// An item's GUID (RSS) and id (Atom) is the absolute URL of its page: it
// never changes, so readers never show a release twice. The feeds' own
// date is the latest publication or update among their entries, never the
// build clock: rebuilding without changes gives the same bytes, and
// readers are not told of news that is not there.
//
// Everything is written with encoding/xml, which escapes every value;
// bodies travel as HTML text (in CDATA sections), as both formats specify.

// feedSize is how many releases the feeds carry: a month or two of news
// for a typical municipality, and readers keep what they have seen.
const feedSize = 20

// Namespaces of the feed formats.
const (
	atomNS    = "http://www.w3.org/2005/Atom"
	contentNS = "http://purl.org/rss/1.0/modules/content/"
	xmlNS     = "http://www.w3.org/XML/1998/namespace"
)

// feedJobs publishes the feeds when there is at least one release: a feed
// with no entries has no date to give (and fill links them only then).
func (r *Renderer) feedJobs() []func() {
	if len(r.site.Press) == 0 {
		return nil
	}
	items := r.feedItems()
	return []func(){
		func() { r.writeFeed("/prensa/rss.xml", r.rss(items)) },
		func() { r.writeFeed("/prensa/atom.xml", r.atom(items)) },
	}
}

// feedItem is what both formats say about one release.
type feedItem struct {
	p                  *content.PressRelease
	url                string // absolute
	published, updated time.Time
	content            string // HTML with absolute URLs
	// image's enclosure is image.Web, the web-sized file the page's <img
	// src> shows, not the high-resolution one; an image Cabildo does not
	// process (an SVG) has no Web file and so no enclosure.
	image *Picture
}

func (r *Renderer) feedItems() []feedItem {
	press := r.site.Press[:min(feedSize, len(r.site.Press))]
	items := make([]feedItem, len(press))
	for i, p := range press {
		it := feedItem{p: p, url: r.AbsURL(p.URL()), published: p.Date.In(r.loc)}
		it.updated = it.published
		if p.Updated.After(p.Date) {
			it.updated = p.Updated.In(r.loc)
		}
		it.image = r.picture(&p.Doc, p.Image)
		it.content = r.feedContent(p, it.image)
		items[i] = it
	}
	return items
}

// feedUpdated is the latest date among the items.
func feedUpdated(items []feedItem) time.Time {
	var t time.Time
	for _, it := range items {
		if it.updated.After(t) {
			t = it.updated
		}
	}
	return t
}

// feedContent is the HTML a reader shows for a release: its corrections
// (a reader must not miss them), its image and its body, with the site's
// paths made absolute.
func (r *Renderer) feedContent(p *content.PressRelease, img *Picture) string {
	var b strings.Builder
	for _, c := range p.Corrections {
		b.WriteString("<p><strong>Corrección del ")
		b.WriteString(spanish.ShortDate(dayTime(c.Date)))
		b.WriteString(":</strong> ")
		b.WriteString(html.EscapeString(c.Note))
		b.WriteString("</p>\n")
	}
	if img != nil {
		b.WriteString(`<figure><img src="`)
		b.WriteString(html.EscapeString(img.URL))
		b.WriteString(`" alt="`)
		b.WriteString(html.EscapeString(img.Alt))
		b.WriteString(`">`)
		if img.Caption != "" {
			b.WriteString("<figcaption>")
			b.WriteString(html.EscapeString(img.Caption))
			b.WriteString("</figcaption>")
		}
		b.WriteString("</figure>\n")
	}
	b.Write(r.body(p).HTML)
	return absolutize(b.String(), strings.TrimRight(r.cfg.BaseURL, "/"))
}

// absolutize prefixes base to the site paths ("/…", not "//host/…") of the
// href and src attributes of html. The HTML comes from the Markdown
// renderer or the lines above: a quote in text is always escaped as
// &quot;, so `="/` only occurs inside a tag.
func absolutize(s, base string) string {
	var b strings.Builder
	b.Grow(len(s) + 64)
	for {
		i := strings.Index(s, `="/`)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		cut := i + 2 // after the opening quote
		b.WriteString(s[:cut])
		attr := s[:i]
		if (strings.HasSuffix(attr, " href") || strings.HasSuffix(attr, " src")) && !strings.HasPrefix(s[cut:], "//") {
			b.WriteString(base)
		}
		s = s[cut:]
		if strings.HasSuffix(attr, " srcset") {
			// Every candidate of a srcset of the site's images
			// ("/a-480.jpg 480w, /a-800.jpg 800w").
			end := strings.IndexByte(s, '"')
			if end < 0 {
				end = len(s)
			}
			b.WriteString(base)
			b.WriteString(strings.ReplaceAll(s[:end], ", /", ", "+base+"/"))
			s = s[end:]
		}
	}
}

// writeFeed marshals a feed with the XML declaration.
func (r *Renderer) writeFeed(p string, v any) {
	b, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		r.errorf(content.Pos{File: "public" + p}, "no se pudo generar el feed: %v", err)
		return
	}
	r.add(p, append(append([]byte(xml.Header), b...), '\n'))
}

// RSS 2.0 (https://www.rssboard.org/rss-specification). The prefixed
// names are written as they are; the namespaces are declared on <rss>.
type rssFeed struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	AtomNS    string     `xml:"xmlns:atom,attr"`
	ContentNS string     `xml:"xmlns:content,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	PubDate       string    `xml:"pubDate"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Generator     string    `xml:"generator"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Description string        `xml:"description"`
	Content     cdata         `xml:"content:encoded"`
	Categories  []string      `xml:"category"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// rssDate is RFC 822 with a four-digit year and a numeric zone, as the RSS
// specification and its validators expect.
func rssDate(t time.Time) string { return t.Format(time.RFC1123Z) }

func (r *Renderer) feedTitle() string { return "Comunicados de prensa — " + r.cfg.Title }

func (r *Renderer) feedDescription() string {
	return "Comunicados de prensa de " + r.cfg.Title + ", " + r.cfg.Organization + "."
}

func (r *Renderer) rss(items []feedItem) rssFeed {
	updated := feedUpdated(items)
	ch := rssChannel{
		Title:         r.feedTitle(),
		Link:          r.AbsURL("/prensa/"),
		Description:   r.feedDescription(),
		Language:      r.language(),
		PubDate:       rssDate(items[0].published),
		LastBuildDate: rssDate(updated),
		Generator:     "Cabildo",
		Self:          atomLink{Href: r.AbsURL("/prensa/rss.xml"), Rel: "self", Type: "application/rss+xml"},
	}
	for _, it := range items {
		ri := rssItem{
			Title:       it.p.Title,
			Link:        it.url,
			GUID:        rssGUID{IsPermaLink: true, Value: it.url},
			PubDate:     rssDate(it.published),
			Description: it.p.Summary,
			Content:     cdata{it.content},
		}
		for _, t := range uniqueTopics(it.p) {
			ri.Categories = append(ri.Categories, topicLabel(t))
		}
		if it.image != nil && it.image.Web.Length > 0 {
			ri.Enclosure = &rssEnclosure{URL: r.AbsURL(it.image.URL), Length: it.image.Web.Length, Type: it.image.Web.Type}
		}
		ch.Items = append(ch.Items, ri)
	}
	return rssFeed{Version: "2.0", AtomNS: atomNS, ContentNS: contentNS, Channel: ch}
}

// Atom (RFC 4287). Child elements are unqualified and so inherit the
// default namespace of <feed>.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle"`
	Links     []atomLink  `xml:"link"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Length int64  `xml:"length,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"` // the page; the image's enclosure
	ID         string         `xml:"id"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Summary    string         `xml:"summary"`
	Content    atomContent    `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

type atomContent struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",cdata"`
}

// cdata writes HTML as a CDATA section: the same text to a parser as the
// escaped form, but a third smaller and readable. encoding/xml splits a
// "]]>" in the text across two sections, so no text can end it early.
type cdata struct {
	Value string `xml:",cdata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Label  string `xml:"label,attr"`
	Scheme string `xml:"scheme,attr"`
}

func (r *Renderer) atom(items []feedItem) atomFeed {
	f := atomFeed{
		Lang:     r.language(),
		Title:    r.feedTitle(),
		Subtitle: r.feedDescription(),
		Links: []atomLink{
			{Href: r.AbsURL("/prensa/atom.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: r.AbsURL("/prensa/"), Rel: "alternate", Type: "text/html"},
		},
		ID:        r.AbsURL("/prensa/"),
		Updated:   feedUpdated(items).Format(time.RFC3339),
		Author:    atomPerson{Name: r.cfg.Title + " — " + r.cfg.Organization, URI: r.AbsURL("/")},
		Generator: "Cabildo",
	}
	scheme := r.AbsURL("/prensa/temas/")
	for _, it := range items {
		e := atomEntry{
			Title:     it.p.Title,
			Links:     []atomLink{{Href: it.url, Rel: "alternate", Type: "text/html"}},
			ID:        it.url,
			Published: it.published.Format(time.RFC3339),
			Updated:   it.updated.Format(time.RFC3339),
			Summary:   it.p.Summary,
			Content:   atomContent{Type: "html", Value: it.content},
		}
		for _, t := range uniqueTopics(it.p) {
			e.Categories = append(e.Categories, atomCategory{Term: t, Label: topicLabel(t), Scheme: scheme})
		}
		if it.image != nil && it.image.Web.Length > 0 {
			e.Links = append(e.Links, atomLink{Href: r.AbsURL(it.image.URL), Rel: "enclosure", Type: it.image.Web.Type, Length: it.image.Web.Length})
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}
