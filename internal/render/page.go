package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"cabildo/internal/color"
	"cabildo/internal/content"
	"cabildo/internal/markdown"
	"cabildo/internal/theme"
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
	Footer      []FooterGroup      // footer links, by group
	Now         time.Time          // the build's clock, in the site's zone
	Dev         bool               // serve mode
	DevHead     template.HTML      // serve mode: live reload and error overlay
	NoIndex     bool               // keep out of search engines (404, search)
	Brand       Brand              // the site's identity: colours and logo
	Scripts     []string           // theme scripts this page loads (asset names); only /buscar/ has one
	assets      map[string]string  // for the asset function
	partials    *partialCache      // for the cached function
	cards       *cardCache         // for the card function; nil without a Cache
}

// Brand is the site's visual identity from site.yaml, ready for the theme.
type Brand struct {
	// CSS sets the identity colours as custom properties ("--primary:#0b5394;…"),
	// written in a small inline <style> so that the stylesheet itself stays
	// the same file, cached once, for every site; empty when site.yaml has no
	// primary_color and the stylesheet's defaults apply.
	CSS  template.CSS
	Logo *Picture // nil without a logo
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Title, URL string }

// Feed is an alternate representation linked from <head>.
type Feed struct{ Title, URL, Type string }

// Picture is an image with its text alternative and, when known, its size.
// Images Cabildo processes (imaging) have variants: the theme writes
//
//	<picture><source type="image/webp" srcset sizes><img src srcset sizes width height></picture>
//
// (partials/picture.html), and metadata use Social (og:image, JSON-LD).
type Picture struct {
	URL, Alt, Caption, Credit string          // URL: the <img src>, a web-sized fallback
	Width, Height             int             // of URL's file; the aspect ratio of every variant
	Abs                       string          // absolute URL of Social (or URL), for Open Graph
	Srcset                    template.Srcset // the fallback variants (JPEG or PNG), escaped
	Sources                   []PictureSource
	Sizes                     string     // how wide the theme shows it
	Eager                     bool       // above the fold: not loading="lazy"
	Social                    *ImageFile // ~1200 px wide: og:image, JSON-LD
	Web                       ImageFile  // the file at URL, for feed enclosures
	Download                  *ImageFile // the high-resolution file (≤ 2400 px), no metadata

	markup *pictureMarkup // its HTML, made once ({{picture .}}, picture.go)
}

// NavItem is an entry of the main navigation.
type NavItem struct {
	Title, URL, Section string
}

// NavCurrent says which items of the main navigation this page is in
// and whether it is their own page: all that the header shows differently
// from one page to another (aria-current), and so the key of its cached
// copies ({{cached "header" . .NavCurrent}}). It mirrors the test of
// partials/header.html: an item is current when its Section is the
// page's, and "page" when its URL is the page's too.
func (p *Page) NavCurrent() string {
	var b strings.Builder
	for i, it := range p.Nav {
		if it.Section == p.Section {
			b.WriteString(strconv.Itoa(i))
			if it.URL == p.Path {
				b.WriteString("=page ")
			} else {
				b.WriteString("=true ")
			}
		}
	}
	return b.String()
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

// sharedPage is what every page of a render shows alike, computed once.
type sharedPage struct {
	nav      []NavItem
	footer   []FooterGroup
	brand    Brand
	partials partialCache
}

func (r *Renderer) shared() *sharedPage {
	r.sharedOnce.Do(func() {
		r.sharedPage = &sharedPage{nav: r.nav(), footer: r.footer(), brand: r.brand(),
			partials: partialCache{theme: r.opt.Theme}}
	})
	return r.sharedPage
}

// partialCache holds the partials the theme renders once per build
// (the cached template function).
type partialCache struct {
	theme *theme.Theme
	mu    sync.Mutex
	m     map[string]*cachedPartial
}

type cachedPartial struct {
	once sync.Once
	html template.HTML
	err  error
}

// get returns partial name as rendered with the first page that asked
// with the same keys.
func (c *partialCache) get(name string, p *Page, keys []string) (template.HTML, error) {
	key := name
	for _, k := range keys {
		key += "\x00" + k
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*cachedPartial{}
	}
	e := c.m[key]
	if e == nil {
		e = new(cachedPartial)
		c.m[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		var b strings.Builder
		e.err = c.theme.ExecutePartial(&b, name, p)
		e.html = template.HTML(b.String())
	})
	return e.html, e.err
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
	sh := r.shared()
	p.Nav = sh.nav
	p.Footer = sh.footer
	p.Now = r.now
	p.Dev = r.opt.Dev
	p.DevHead = r.opt.DevHead
	p.assets = r.assets
	p.partials = &sh.partials
	if c := r.opt.Cache; c != nil {
		p.cards = c.cards
	}
	p.Brand = sh.brand
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
	return r.pictureOf(r.imageFileOf(d, img), &Picture{Alt: img.Alt, Caption: img.Caption, Credit: img.Credit})
}

// imageFileOf is the file of an item's image.
func (r *Renderer) imageFileOf(d *content.Doc, img *content.Image) content.StaticFile {
	p, _ := content.ResolveFile(d, img.Src)
	return r.files[p]
}

// The colours the default theme sets the identity colour against; style.css
// declares the same values (a test keeps them in step), and checkBrand
// measures the identity colour against them. The theme writes text in the
// primary colour only on the white page: footer and panel links use --text.
var (
	themeBg     = color.White // --bg: links in --primary on it
	headerText  = color.White // --on-primary: text and links on the header
	darkenShade = 0.25        // --primary-dark: hover, current page, header band
	tintShade   = 0.92        // --primary-tint: light panels, under --text
)

// brand derives the theme's identity from site.yaml. A colour that does not
// parse was already reported by validation, and leaves the defaults.
func (r *Renderer) brand() Brand {
	var b Brand
	if c, err := color.ParseHex(r.cfg.PrimaryColor); err == nil {
		dark := color.Mix(c, color.Black, darkenShade)
		tint := color.Mix(c, color.White, tintShade)
		// Only hex digits reach the CSS, so nothing here can end the
		// <style> element or inject a rule.
		b.CSS = template.CSS(fmt.Sprintf("--primary:%s;--primary-dark:%s;--primary-tint:%s", c.Hex(), dark.Hex(), tint.Hex()))
	}
	if r.cfg.Logo != "" {
		if f, ok := r.files[path.Join("content", r.cfg.Logo)]; ok {
			b.Logo = r.pictureOf(f, &Picture{Eager: true})
			if b.Logo.Height > 0 {
				// style.css: .brand__logo{height:3rem}, 48 CSS pixels.
				b.Logo.Sizes = strconv.Itoa((48*b.Logo.Width+b.Logo.Height-1)/b.Logo.Height) + "px"
			}
		}
	}
	return b
}
