package render

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"path"
	"strings"
	"time"

	"cabildo/internal/content"
	"cabildo/internal/markdown"
)

// Page is what every page template receives.
type Page struct {
	Site        *content.Config
	Title       string // the page's own title (the h1); the <title> adds the site's
	Description string // meta description, Open Graph and Twitter card
	Path        string // "/prensa/mi-nota/"
	Canonical   string // absolute URL
	Section     string // top-level section, for the navigation: "prensa"
	Breadcrumbs []Crumb
	Body        template.HTML      // the rendered Markdown body, if any
	Headings    []markdown.Heading // the body's headings, for a table of contents
	Image       *Picture           // Open Graph image and the page's main image
	JSONLD      []any              // structured data, each written in its own script element
	Feeds       []Feed             // alternate links in <head>
	Type        string             // Open Graph type: website, article
	Data        any                // the page type's own view
	Nav         []NavItem          // main navigation
	Now         time.Time          // the build's clock, in the site's zone
	Dev         bool               // serve mode
	DevHead     template.HTML      // serve mode: live reload and error overlay
	NoIndex     bool               // keep out of search engines (404, search)
	assets      map[string]string  // for the asset function
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Title, URL string }

// Feed is an alternate representation linked from <head>.
type Feed struct{ Title, URL, Type string }

// Picture is an image with its text alternative and, when known, its size.
type Picture struct {
	URL, Alt, Caption, Credit string
	Width, Height             int
	Abs                       string // absolute URL, for Open Graph
}

// NavItem is an entry of the main navigation.
type NavItem struct {
	Title, URL, Section string
}

// nav is the main navigation; sections without content are left out.
func (r *Renderer) nav() []NavItem {
	items := []NavItem{{"Inicio", "/", ""}}
	if len(r.site.Press) > 0 {
		items = append(items, NavItem{"Prensa", "/prensa/", "prensa"})
	}
	items = append(items, NavItem{"Agenda y eventos", "/eventos/", "eventos"})
	if len(r.site.Audiences)+len(r.site.Trips)+len(r.site.Gifts) > 0 {
		items = append(items, NavItem{"Ley del Lobby", "/lobby/", "lobby"})
	}
	if len(r.site.Contacts) > 0 {
		items = append(items, NavItem{"Contactos", "/contactos/", "contactos"})
	}
	items = append(items, NavItem{"Buscar", "/buscar/", "buscar"})
	return items
}

// fill completes the fields every page shares.
func (r *Renderer) fill(p *Page) {
	p.Site = r.cfg
	p.Canonical = r.AbsURL(p.Path)
	if p.Section == "" {
		p.Section, _, _ = strings.Cut(strings.TrimPrefix(p.Path, "/"), "/")
	}
	if p.Description == "" {
		p.Description = r.cfg.Description
	}
	if p.Type == "" {
		p.Type = "website"
	}
	if p.Image != nil && p.Image.Abs == "" {
		p.Image.Abs = r.AbsURL(p.Image.URL)
	}
	p.Nav = r.nav()
	p.Now = r.now
	p.Dev = r.opt.Dev
	p.DevHead = r.opt.DevHead
	p.assets = r.assets
	if len(p.Feeds) == 0 && len(r.site.Press) > 0 {
		p.Feeds = []Feed{
			{"Comunicados de prensa (RSS)", "/prensa/rss.xml", "application/rss+xml"},
			{"Comunicados de prensa (Atom)", "/prensa/atom.xml", "application/atom+xml"},
		}
	}
}

// Asset returns the fingerprinted URL of a theme asset: "style.css" →
// "/assets/style.1a2b3c4d.css". Fingerprints let the server cache assets
// for a year; an unknown name is returned unchanged under /assets/.
func (p *Page) Asset(name string) string {
	if u, ok := p.assets[name]; ok {
		return u
	}
	return "/assets/" + name
}

// publishAssets adds the theme's assets under /assets/ with a content hash
// in their names. Files under assets/static/ keep their names (for URLs that
// must not change, such as a favicon).
func (r *Renderer) publishAssets() error {
	return r.opt.Theme.Assets(func(rel string, data []byte) error {
		name := rel
		if !strings.HasPrefix(rel, "static/") {
			sum := sha256.Sum256(data)
			ext := path.Ext(rel)
			name = strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		} else {
			name = strings.TrimPrefix(rel, "static/")
		}
		r.assets[rel] = "/assets/" + name
		r.add("/assets/"+name, data)
		return nil
	})
}

// picture makes a Picture of an item's image.
func (r *Renderer) picture(d *content.Doc, img *content.Image) *Picture {
	if img == nil {
		return nil
	}
	p, _ := content.ResolveFile(d, img.Src)
	f := r.files[p]
	pic := &Picture{URL: f.URL, Alt: img.Alt, Caption: img.Caption, Credit: img.Credit}
	pic.Width, pic.Height = r.imageSize(f)
	return pic
}
