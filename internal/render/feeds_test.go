package render_test

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"
)

// The feeds are parsed back with encoding/xml, with namespaces: a
// misdeclared namespace leaves the namespaced fields empty.

type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		// Self comes before Link: encoding/xml gives an element to the
		// first field that matches, and "link" matches any namespace.
		Self struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Title         string `xml:"title"`
		Link          string `xml:"link"`
		Language      string `xml:"language"`
		PubDate       string `xml:"pubDate"`
		LastBuildDate string `xml:"lastBuildDate"`
		Items         []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			GUID  struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				Value       string `xml:",chardata"`
			} `xml:"guid"`
			PubDate     string   `xml:"pubDate"`
			Description string   `xml:"description"`
			Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			Categories  []string `xml:"category"`
			Enclosure   *struct {
				URL    string `xml:"url,attr"`
				Length int64  `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Author struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		Title     string `xml:"title"`
		ID        string `xml:"id"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Summary   string `xml:"summary"`
		Links     []struct {
			Href   string `xml:"href,attr"`
			Rel    string `xml:"rel,attr"`
			Type   string `xml:"type,attr"`
			Length int64  `xml:"length,attr"`
		} `xml:"link"`
		Content struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"content"`
		Categories []struct {
			Term  string `xml:"term,attr"`
			Label string `xml:"label,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

const base = "https://muni.example.cl"

// published are the releases the feeds must carry at pressNow, newest
// first, with their publication and (if later) update instants.
var published = []struct{ slug, date, updated string }{
	{"2026-11-25-script", "2026-11-25T18:00:00-03:00", "2026-11-25T18:00:00-03:00"},
	{"2026-11-20-plaza", "2026-11-20T20:15:00-03:00", "2026-11-24T10:00:00-03:00"},
	{"2026-06-01-invierno", "2026-06-01T12:00:00-04:00", "2026-06-01T12:00:00-04:00"},
	{"2026-03-10-becas", "2026-03-10T09:30:00-03:00", "2026-03-10T09:30:00-03:00"},
	{"2025-12-30-cierre-de-ano", "2025-12-30T11:00:00-03:00", "2025-12-30T11:00:00-03:00"},
}

func TestRSS(t *testing.T) {
	set := pressSite(t, pressNow)
	raw := file(t, set, "prensa/rss.xml")
	if !strings.HasPrefix(raw, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration")
	}
	var doc rssDoc
	if err := xml.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatalf("RSS does not parse: %v", err)
	}
	ch := doc.Channel
	if doc.Version != "2.0" || ch.Language != "es-CL" || ch.Link != base+"/prensa/" {
		t.Errorf("version %q, language %q, link %q", doc.Version, ch.Language, ch.Link)
	}
	if ch.Self.Href != base+"/prensa/rss.xml" || ch.Self.Rel != "self" {
		t.Errorf("atom:link = %+v", ch.Self)
	}
	// The newest date among the releases, not the build's clock.
	if ch.LastBuildDate != "Wed, 25 Nov 2026 18:00:00 -0300" || ch.PubDate != ch.LastBuildDate {
		t.Errorf("pubDate %q, lastBuildDate %q", ch.PubDate, ch.LastBuildDate)
	}
	if len(ch.Items) != len(published) {
		t.Fatalf("%d items, want %d", len(ch.Items), len(published))
	}
	for i, want := range published {
		it := ch.Items[i]
		url := base + "/prensa/" + want.slug + "/"
		if it.Link != url || it.GUID.Value != url || it.GUID.IsPermaLink != "true" {
			t.Errorf("item %d: link %q, guid %+v, want %s", i, it.Link, it.GUID, url)
		}
		got, err := time.Parse(time.RFC1123Z, it.PubDate)
		if wantT, _ := time.Parse(time.RFC3339, want.date); err != nil || !got.Equal(wantT) {
			t.Errorf("item %d: pubDate %q (%v), want %s", i, it.PubDate, err, want.date)
		}
		if it.Description == "" || it.Content == "" {
			t.Errorf("item %d: empty description or content", i)
		}
	}
	script := ch.Items[0]
	if script.Title != "Cierre </script><script>alert(1)</script> & «fiesta»" || !slices.Equal(script.Categories, []string{"Cultura"}) {
		t.Errorf("item 0: title %q, categories %q", script.Title, script.Categories)
	}
	if !strings.Contains(script.Content, "<p>Texto con ]]&gt; en medio.</p>") {
		t.Errorf("item 0: content %q", script.Content)
	}
	plaza := ch.Items[1]
	for _, s := range []string{
		`<img src="` + base + `/prensa/2026-11-20-plaza/plaza-800.png" alt="La plaza remodelada">`,
		`<a href="` + base + `/prensa/temas/">`,
	} {
		if !strings.Contains(plaza.Content, s) {
			t.Errorf("plaza content lacks %s:\n%s", s, plaza.Content)
		}
	}
	// The enclosure is the web-sized file, with its real length.
	web, _ := set.Get("prensa/2026-11-20-plaza/plaza-800.png")
	if e := plaza.Enclosure; e == nil || e.URL != base+"/prensa/2026-11-20-plaza/plaza-800.png" || e.Length != int64(len(web)) || len(web) == 0 || e.Type != "image/png" {
		t.Errorf("plaza enclosure = %+v, want plaza-800.png of %d bytes", e, len(web))
	}
	if !strings.Contains(ch.Items[2].Content, "<strong>Corrección del 3 de junio de 2026:</strong> Las sedes abren") {
		t.Errorf("the correction is not in the feed: %q", ch.Items[2].Content)
	}
}

func TestAtom(t *testing.T) {
	set := pressSite(t, pressNow)
	var doc atomDoc
	if err := xml.Unmarshal([]byte(file(t, set, "prensa/atom.xml")), &doc); err != nil {
		t.Fatalf("Atom does not parse: %v", err)
	}
	if doc.Lang != "es-CL" || doc.ID != base+"/prensa/" || doc.Author.Name == "" || doc.Title == "" {
		t.Errorf("lang %q, id %q, author %q, title %q", doc.Lang, doc.ID, doc.Author.Name, doc.Title)
	}
	if doc.Updated != "2026-11-25T18:00:00-03:00" {
		t.Errorf("updated = %q", doc.Updated)
	}
	var self string
	for _, l := range doc.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if self != base+"/prensa/atom.xml" {
		t.Errorf("rel=self = %q", self)
	}
	if len(doc.Entries) != len(published) {
		t.Fatalf("%d entries, want %d", len(doc.Entries), len(published))
	}
	for i, want := range published {
		e := doc.Entries[i]
		url := base + "/prensa/" + want.slug + "/"
		if e.ID != url || e.Links[0].Href != url {
			t.Errorf("entry %d: id %q, link %q, want %s", i, e.ID, e.Links[0].Href, url)
		}
		if strings.HasSuffix(url, "/2026-11-20-plaza/") {
			web, _ := set.Get("prensa/2026-11-20-plaza/plaza-800.png")
			if len(e.Links) != 2 || e.Links[1].Rel != "enclosure" || e.Links[1].Href != base+"/prensa/2026-11-20-plaza/plaza-800.png" || e.Links[1].Length != int64(len(web)) || e.Links[1].Type != "image/png" {
				t.Errorf("plaza's links %+v, want the page and the enclosure plaza-800.png (%d bytes)", e.Links, len(web))
			}
		}
		if e.Published != want.date || e.Updated != want.updated {
			t.Errorf("entry %d: published %q updated %q, want %s %s", i, e.Published, e.Updated, want.date, want.updated)
		}
		if e.Content.Type != "html" || !strings.HasPrefix(e.Content.Value, "<") || e.Summary == "" {
			t.Errorf("entry %d: content type %q, summary %q", i, e.Content.Type, e.Summary)
		}
	}
	plaza := doc.Entries[1]
	if len(plaza.Categories) != 2 || plaza.Categories[0].Term != "espacios-publicos" || plaza.Categories[0].Label != "Espacios públicos" {
		t.Errorf("plaza categories = %+v", plaza.Categories)
	}
}

// The feeds depend on the releases, never on the build's clock.
func TestFeedsIgnoreClock(t *testing.T) {
	a := pressSite(t, pressNow)
	b := pressSite(t, pressNow.Add(30*time.Second))
	for _, p := range []string{"prensa/rss.xml", "prensa/atom.xml"} {
		if x, y := file(t, a, p), file(t, b, p); !bytes.Equal([]byte(x), []byte(y)) {
			t.Errorf("%s changed with the clock", p)
		}
	}
}
