package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"cabildo/internal/imaging"
	"cabildo/internal/recurrence"
)

// SummaryMax is the longest summary that fits a link preview without being
// cut (Open Graph descriptions are shown to about 200 characters).
const SummaryMax = 200

// Validate checks the rules that span files or need the whole site: that
// references resolve, officials were in office, URLs are unique, files exist.
// Per-key rules (types, required keys, enums) were checked while decoding.
// It is a Checker's Validate with nothing remembered.
func (s *Site) Validate() Diagnostics { return (*Checker)(nil).Validate(s) }

// Checker validates a site again and again (serve, after every edit),
// and checks again only what can have changed: an item is checked when
// it is new (a file decoded again is a new item), or when a name it
// looked up in the rest of the site (a file, an event, a contact, an
// institution it refers to) is gone; so deleting a target checks its
// referrers again, not the whole site. Items that named something
// missing are always checked again: their message suggests a name among
// what exists now. What spans all items (unique URLs and calendar
// identifiers, the quarterly reports, institutions, publications and
// site.yaml, which are few) is checked every time. site.yaml changing
// gives every item anew, so the officials and categories items are
// checked against are the ones they were checked against.
//
// A nil *Checker remembers nothing: a one-shot build.
type Checker struct {
	memo    []map[Item]checked // per part of Validate
	checked int                // items checked by the last Validate
}

// Checked returns how many items the last Validate checked, rather than
// repeating what it had found before.
func (c *Checker) Checked() int { return c.checked }

// checked is what checking one item gave: its problems, and the names
// it looked up (all found).
type checked struct {
	diags Diagnostics
	refs  []ref
}

// ref is a name an item looked up in the rest of the site.
type ref struct {
	kind refKind
	name string
}

type refKind uint8

const (
	refFile refKind = iota
	refEvent
	refContact
	refInstitution
)

// NewChecker returns a Checker that remembers each item's problems.
func NewChecker() *Checker { return &Checker{} }

// Validate checks s (see Site.Validate).
func (c *Checker) Validate(s *Site) Diagnostics {
	files := make(map[string]bool, len(s.Files))
	for _, f := range s.Files {
		files[f.Path] = true
	}
	// Parts that read the site and write only their own items run at
	// once, each with its own validator: validation ran on one core,
	// before every render of serve. Their diagnostics are joined in
	// this order. A report's URL follows from the quarter report sets,
	// so uniqueURLs comes after it, in its part.
	parts := []func(v *validator){
		func(v *validator) {
			v.config()
			for _, it := range s.Items() {
				v.check(it, func() { v.meta(it) })
			}
		},
		func(v *validator) {
			for _, p := range s.Press {
				v.check(p, func() { v.press(p) })
			}
		},
		func(v *validator) {
			for _, e := range s.Events {
				v.check(e, func() { v.event(e) })
			}
			v.uniqueUIDs()
		},
		func(v *validator) {
			for _, a := range s.Audiences {
				v.check(a, func() { v.audience(a) })
			}
			for _, t := range s.Trips {
				v.check(t, func() { v.trip(t) })
			}
			for _, g := range s.Gifts {
				v.check(g, func() { v.gift(g) })
			}
			for _, ct := range s.Contacts {
				v.check(ct, func() { v.contact(ct) })
			}
		},
		func(v *validator) {
			for _, r := range s.Reports {
				v.report(r)
			}
			for _, in := range s.Institutions {
				v.institution(in)
			}
			for _, p := range s.Publications {
				v.publication(p)
			}
			v.uniqueURLs()
		},
	}
	diags := make([]Diagnostics, len(parts))
	checkedN := make([]int, len(parts))
	var next []map[Item]checked
	if c != nil {
		next = make([]map[Item]checked, len(parts))
	}
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Go(func() {
			v := validator{site: s, files: files}
			if c != nil {
				if i < len(c.memo) {
					v.memo = c.memo[i]
				}
				v.next = make(map[Item]checked, len(v.memo))
			}
			part(&v)
			diags[i], checkedN[i] = v.diags, v.checked
			if c != nil {
				next[i] = v.next
			}
		})
	}
	wg.Wait()
	if c != nil {
		c.memo = next // only the items of s: the others are gone
		c.checked = 0
		for _, n := range checkedN {
			c.checked += n
		}
	}
	return slices.Concat(diags...)
}

// check runs f, which checks item it, or repeats what it reported last
// time if it is the same item and every name it looked up is still
// there (Checker).
func (v *validator) check(it Item, f func()) {
	if v.next == nil {
		f()
		return
	}
	if e, ok := v.memo[it]; ok && v.stillThere(e.refs) {
		v.diags = append(v.diags, e.diags...)
		v.next[it] = e
		return
	}
	start := len(v.diags)
	v.checked++
	v.checking, v.refs, v.missed = true, nil, false
	f()
	if !v.missed {
		v.next[it] = checked{diags: slices.Clone(v.diags[start:]), refs: v.refs}
	}
	v.checking, v.refs = false, nil
}

// stillThere reports whether every name in refs is found.
func (v *validator) stillThere(refs []ref) bool {
	for _, r := range refs {
		if !v.find(r.kind, r.name) {
			return false
		}
	}
	return true
}

// slugSet returns *set, the slugs of items, made on first need: looked
// up item by item it made Validate quadratic (seconds on a site of 10,000
// items, 75 million steps at 100,000).
func slugSet[T Item](set *map[string]bool, items []T) map[string]bool {
	if *set == nil {
		*set = make(map[string]bool, len(items))
		for _, it := range items {
			(*set)[it.Document().Slug] = true
		}
	}
	return *set
}

// has reports whether the site has what kind and name say, and records
// the lookup for the memo (check).
func (v *validator) has(kind refKind, name string) bool {
	ok := v.find(kind, name)
	if v.checking {
		v.refs = append(v.refs, ref{kind, name})
		v.missed = v.missed || !ok
	}
	return ok
}

func (v *validator) find(kind refKind, name string) bool {
	switch kind {
	case refFile:
		return v.files[name]
	case refEvent:
		return slugSet(&v.eventSlugs, v.site.Events)[name]
	case refContact:
		return slugSet(&v.contactSlugs, v.site.Contacts)[name]
	case refInstitution:
		return v.site.Institution(name) != nil
	}
	return false
}

type validator struct {
	site         *Site
	files        map[string]bool
	eventSlugs   map[string]bool // built on first need by press
	contactSlugs map[string]bool // built on first need by event
	diags        Diagnostics
	// With a Checker: what it remembers of this part's items, what this
	// Validate leaves it, and the names the item being checked looked
	// up (missed: one was not found).
	memo, next map[Item]checked
	checking   bool
	checked    int // items checked, not repeated from memo
	refs       []ref
	missed     bool
}

func (v *validator) config() {
	c := &v.site.Config
	d := &c.Doc
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.diags.Errorf(d.Pos("base_url"), "base_url debe ser una dirección absoluta, como https://www.municipioejemplo.cl")
		}
	}
	if c.PressContact != "" {
		var slugs []string
		found := false
		for _, ct := range v.site.Contacts {
			slugs = append(slugs, ct.Doc.Slug)
			found = found || ct.Doc.Slug == c.PressContact
		}
		if !found {
			v.diags.Errorf(d.Pos("press_contact"), "no existe el contacto %q en content/contactos/%s", c.PressContact, Suggest(c.PressContact, slugs))
		}
	}
	seen := map[string]int{}
	for i, o := range c.Officials {
		if !ValidSlug(o.ID) {
			v.diags.Errorf(d.PosAt("officials", i, "id"), "id de autoridad no válido %q: use minúsculas sin tildes, dígitos y guiones, como alcalde o jefa-gabinete", o.ID)
		}
		if j, dup := seen[o.ID]; dup {
			v.diags.Errorf(d.PosAt("officials", i, "id"), "la autoridad %q ya está definida en la línea %d", o.ID, d.PosAt("officials", j, "id").Line)
		}
		seen[o.ID] = i
		if !o.To.IsZero() && o.To.Before(o.From) {
			v.diags.Errorf(d.PosAt("officials", i, "to"), "el fin en el cargo (%s) es anterior al inicio (%s)", o.To, o.From)
		}
	}
	for i, cat := range c.Categories {
		if !ValidSlug(cat.Code) {
			v.diags.Errorf(d.PosAt("categories", i), "código de categoría no válido %q: use minúsculas sin tildes, dígitos y guiones", cat.Code)
		}
	}
	if pc := c.PrimaryColor; pc != "" && !validHexColor(pc) {
		v.diags.Errorf(d.Pos("primary_color"), "color no válido %q: escríbalo en hexadecimal, como #0b5394", pc)
	}
	if c.Logo != "" {
		v.fileRef(d, "logo", "", c.Logo)
	}
	if m := c.CMS; m != nil {
		if owner, name, ok := strings.Cut(m.Repo, "/"); m.Repo != "" && (!ok || owner == "" || name == "" || strings.ContainsAny(m.Repo, " :")) {
			v.diags.Errorf(d.Pos("cms.repo"), "cms.repo %q no es un repositorio: escriba organización/nombre, como municipio-ejemplo/sitio", m.Repo)
		}
		for _, k := range []struct{ key, val string }{{"auth_url", m.AuthURL}, {"api_root", m.APIRoot}} {
			if u, err := url.Parse(k.val); k.val != "" && (err != nil || u.Scheme != "https" || u.Host == "") {
				v.diags.Errorf(d.Pos("cms."+k.key), "cms.%s debe ser una dirección https:// completa, como https://oauth.municipioejemplo.cl", k.key)
			}
		}
	}
	for i, n := range c.ShortNumbers {
		if !validShortNumber(n) {
			v.diags.Errorf(d.PosAt("short_numbers", i), "número corto no válido %q: escriba solo sus dígitos, de 3 a 6, como \"1480\"", n)
		}
	}
	if c.UnsafeScripts && !c.UnsafeHTML {
		v.diags.Warnf(d.Pos("unsafe_scripts"), "unsafe_scripts no tiene efecto sin unsafe_html: true; bórrelo")
	}
}

func validShortNumber(s string) bool {
	return len(s) >= 3 && len(s) <= 6 && strings.Trim(s, "0123456789") == ""
}

func validHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

func (v *validator) meta(it Item) {
	m, d := it.Metadata(), it.Document()
	if n := utf8.RuneCountInString(m.Summary); n > SummaryMax {
		v.diags.Warnf(d.Pos("summary"), "el resumen tiene %d caracteres: en las vistas previas de enlaces se corta sobre %d; acórtelo", n, SummaryMax)
	}
	for i, a := range m.Aliases {
		if !strings.HasPrefix(a, "/") || strings.Contains(a, "..") || strings.ContainsAny(a, "?#\\ \t") || path.Clean(a) != strings.TrimSuffix(a, "/") && path.Clean(a)+"/" != a {
			v.diags.Errorf(d.PosAt("aliases", i), "alias no válido %q: escriba una ruta del sitio que empiece con /, como /noticias/plaza/", a)
		}
	}
}

// fileRef checks that a file an item names exists: relative to the item's
// own folder, or to content/ when it starts with "/".
func (v *validator) fileRef(d *Doc, key, what, ref string) {
	p, ok := ResolveFile(d, ref)
	if !ok {
		v.diags.Errorf(d.Pos(key), "ruta no permitida %q: debe ser un archivo dentro de content/", ref)
		return
	}
	if !v.has(refFile, p) {
		v.diags.Errorf(d.Pos(key), "no existe el archivo %s%s: súbalo junto al texto o corrija el nombre", p, what)
	}
}

// ResolveFile maps a file reference written in d to a path under content/.
// ok is false for references that leave content/ ("../../etc/passwd") or are
// URLs.
func ResolveFile(d *Doc, ref string) (string, bool) {
	if ref == "" || strings.Contains(ref, "\\") || strings.Contains(ref, "://") || strings.ContainsRune(ref, 0) {
		return "", false
	}
	var p string
	if strings.HasPrefix(ref, "/") {
		p = path.Join("content", ref)
	} else {
		p = path.Join(path.Dir(d.Path), ref)
	}
	if !strings.HasPrefix(p, "content/") {
		return "", false
	}
	return p, true
}

func (v *validator) officialOn(d *Doc, pos Pos, id string, on Date) {
	o := v.site.Config.Official(id)
	if o == nil {
		v.diags.Errorf(pos, "la autoridad %q no está en officials de site.yaml%s", id, v.suggestOfficial(id))
		return
	}
	if on.IsZero() {
		return // the date is missing or wrong, which was reported already
	}
	if !o.InOffice(on) {
		to := "hoy"
		if !o.To.IsZero() {
			to = o.To.String()
		}
		v.diags.Errorf(pos, "%s (%s) no estaba en el cargo el %s: figura desde %s hasta %s", o.Name, id, on, o.From, to)
	}
}

func (v *validator) suggestOfficial(id string) string {
	var ids []string
	for _, o := range v.site.Config.Officials {
		ids = append(ids, o.ID)
	}
	return Suggest(id, ids)
}

// requireMeta reports the common keys a type requires (CONTENT.md): the
// decoder cannot, because Meta is shared with types that do not require them.
func (v *validator) requireMeta(d *Doc, m *Meta, title, summary bool) {
	if title && strings.TrimSpace(m.Title) == "" {
		v.diags.Errorf(d.Pos("title"), "falta la clave obligatoria title en los metadatos: el título")
	}
	if summary && strings.TrimSpace(m.Summary) == "" {
		v.diags.Errorf(d.Pos("summary"), "falta la clave obligatoria summary en los metadatos: una o dos oraciones que resuman la noticia")
	}
}

func (v *validator) press(p *PressRelease) {
	d := &p.Doc
	v.requireMeta(d, &p.Meta, true, true)
	for i, t := range p.Topics {
		if !ValidSlug(t) {
			v.diags.Errorf(d.PosAt("topics", i), "tema no válido %q: use minúsculas sin tildes, dígitos y guiones, como medio-ambiente", t)
		}
	}
	for i, g := range p.Gallery {
		v.fileRef(d, fmt.Sprintf("gallery.%d.src", i), "", g.Src)
		key := fmt.Sprintf("gallery.%d.alt", i)
		if d.Fields.Has(key) && strings.TrimSpace(g.Alt) == "" {
			v.diags.Errorf(d.Pos(key), "la foto necesita texto alternativo (alt): describa lo que muestra")
		}
		if imaging.AltIsFileName(g.Alt, g.Src) {
			v.diags.Errorf(d.Pos(key), altIsFileName, g.Alt)
		}
	}
	if p.Image != nil {
		v.fileRef(d, "image.src", "", p.Image.Src)
		if d.Fields.Has("image.alt") && strings.TrimSpace(p.Image.Alt) == "" { // a missing alt was reported by the decoder
			v.diags.Errorf(d.Pos("image.alt"), "la imagen necesita texto alternativo (alt): describa lo que muestra")
		}
		if imaging.AltIsFileName(p.Image.Alt, p.Image.Src) {
			v.diags.Errorf(d.Pos("image.alt"), altIsFileName, p.Image.Alt)
		}
	}
	for i, a := range p.Attachments {
		v.fileRef(d, fmt.Sprintf("attachments.%d.file", i), "", a.File)
	}
	for i, slug := range p.RelatedEvents {
		if !v.has(refEvent, slug) {
			var slugs []string
			for _, e := range v.site.Events {
				slugs = append(slugs, e.Doc.Slug)
			}
			v.diags.Errorf(d.PosAt("related_events", i), "no existe el evento %q en content/eventos/%s", slug, Suggest(slug, slugs))
		}
	}
}

func (v *validator) event(e *Event) {
	d := &e.Doc
	v.requireMeta(d, &e.Meta, true, false)
	loc := v.site.Config.Location
	if e.End != nil {
		switch {
		case e.End.AllDay != e.Start.AllDay:
			v.diags.Errorf(d.Pos("end"), "start y end deben ser ambos fechas (día completo) o ambos fechas con hora")
		case e.End.AllDay && e.End.Date.Before(e.Start.Date):
			v.diags.Errorf(d.Pos("end"), "el término (%s) es anterior al inicio (%s)", e.End.Date, e.Start.Date)
		case !e.End.AllDay && e.End.Time.Before(e.Start.Time):
			v.diags.Errorf(d.Pos("end"), "el término (%s) es anterior al inicio (%s)", e.End.Time.In(loc).Format("2006-01-02 15:04"), e.Start.Time.In(loc).Format("2006-01-02 15:04"))
		}
	}
	if e.Location.Name == "" && e.Location.OnlineURL == "" {
		v.diags.Errorf(d.Pos("location"), "falta el lugar: escriba location.name o, si es virtual, location.online_url")
	}
	if e.Location.OnlineURL != "" && !httpURL(e.Location.OnlineURL) {
		v.diags.Errorf(d.Pos("location.online_url"), "enlace no válido %q: debe empezar con https://", e.Location.OnlineURL)
	}
	if e.RegistrationURL != "" && !httpURL(e.RegistrationURL) {
		v.diags.Errorf(d.Pos("registration_url"), "enlace no válido %q: debe empezar con https://", e.RegistrationURL)
	}
	if g := e.Location.Geo; g != nil {
		if g.Lat < -90 || g.Lat > 90 {
			v.diags.Errorf(d.Pos("location.geo.lat"), "latitud fuera de rango (-90 a 90): %v", g.Lat)
		}
		if g.Lon < -180 || g.Lon > 180 {
			v.diags.Errorf(d.Pos("location.geo.lon"), "longitud fuera de rango (-180 a 180): %v", g.Lon)
		}
	}
	if e.Sequence < 0 {
		v.diags.Errorf(d.Pos("sequence"), "sequence no puede ser negativo")
	}
	if e.Category != "" && v.site.Config.Categories.Label(e.Category) == "" {
		var codes []string
		for _, c := range v.site.Config.Categories {
			codes = append(codes, c.Code)
		}
		v.diags.Errorf(d.Pos("category"), "la categoría %q no está en categories de site.yaml%s", e.Category, Suggest(e.Category, codes))
	}
	for i, id := range e.AgendaOf {
		v.officialOn(d, d.PosAt("agenda_of", i), id, e.Start.Date)
	}
	if e.Organizer != "" {
		if !v.has(refContact, e.Organizer) {
			var slugs []string
			for _, c := range v.site.Contacts {
				slugs = append(slugs, c.Doc.Slug)
			}
			v.diags.Errorf(d.Pos("organizer"), "no existe el contacto %q en content/contactos/%s", e.Organizer, Suggest(e.Organizer, slugs))
		}
	}
	for i, slug := range e.CoOrganizers {
		v.institutionRef(d.PosAt("co_organizers", i), slug)
	}
	v.eventSlug(e)
	if e.Recurrence != "" {
		if rule, err := recurrence.ParseRRule(e.Recurrence); err != nil {
			v.diags.Errorf(d.Pos("recurrence"), "%v", err)
		} else {
			e.Recurrence = rule.String()
			v.eventRule(e, rule)
		}
	}
	v.eventStatus(e)
	v.eventDates(e)
	if e.UID != "" && (strings.ContainsAny(e.UID, " \t\r\n;,:\"") || !utf8.ValidString(e.UID)) {
		v.diags.Errorf(d.Pos("uid"), "uid no válido %q: sin espacios ni signos ; , : \"", e.UID)
	}
	if e.Image != nil {
		v.fileRef(d, "image.src", "", e.Image.Src)
		if d.Fields.Has("image.alt") && strings.TrimSpace(e.Image.Alt) == "" { // a missing alt was reported by the decoder
			v.diags.Errorf(d.Pos("image.alt"), "la imagen necesita texto alternativo (alt): describa lo que muestra")
		}
		if imaging.AltIsFileName(e.Image.Alt, e.Image.Src) {
			v.diags.Errorf(d.Pos("image.alt"), altIsFileName, e.Image.Alt)
		}
	}
}

// uniqueUIDs refuses two events with one UID, which would be one event
// to every calendar: the second would replace the first. Copying a uid
// line is how it happens, when an editor pins a renamed event's UID.
func (v *validator) uniqueUIDs() {
	uids := make(map[string]*Event, len(v.site.Events))
	for _, e := range v.site.Events {
		uid := e.UIDFor(v.site.Config.BaseURL)
		if other, dup := uids[uid]; dup {
			v.diags.Errorf(e.Doc.Pos("uid"), "el identificador de calendario %s ya es el de %s: cada evento necesita el suyo; quite uid de uno de los dos (o, si es el mismo evento, borre el archivo repetido)", uid, other.Doc.Path)
		} else {
			uids[uid] = e
		}
	}
}

// eventSlug refuses an event file name that would publish its page where
// another page lives: /eventos/<category>/ holds that category's feed and
// /eventos/pasados/ the past events.
func (v *validator) eventSlug(e *Event) {
	slug := e.Doc.Slug
	pos := Pos{File: e.Doc.Path}
	switch {
	case slug == PastEventsSlug:
		v.diags.Errorf(pos, "el nombre de archivo %q está reservado para la lista de eventos pasados (/eventos/%s/): cambie el nombre del archivo", slug+".md", slug)
	case v.site.Config.Categories.Label(slug) != "":
		v.diags.Errorf(pos, "el nombre de archivo %q coincide con la categoría %q de site.yaml, cuyo calendario se publica en /eventos/%s/calendario.ics: cambie el nombre del archivo", slug+".md", slug, slug)
	}
}

// eventStatus checks the keys that go with a status: a rescheduled event
// says what its former date was, and only a rescheduled one does.
func (v *validator) eventStatus(e *Event) {
	d := &e.Doc
	loc := v.site.Config.Location
	switch {
	case e.Status == StatusRescheduled && e.PreviousStart == nil:
		v.diags.Errorf(d.Pos("status"), "un evento reprogramado (status: rescheduled) necesita la fecha anterior, que la página muestra como «Antes: …»: agregue previous_start con la fecha que tenía antes, escrita como start (%s)", whenLayout(e.Start))
	case e.PreviousStart != nil && e.Status != StatusRescheduled:
		v.diags.Errorf(d.Pos("previous_start"), "previous_start es la fecha anterior de un evento reprogramado: escriba status: rescheduled, o quite previous_start")
	case e.PreviousStart != nil && e.PreviousStart.Instant(loc).Equal(e.Start.Instant(loc)) && e.PreviousStart.AllDay == e.Start.AllDay:
		v.diags.Errorf(d.Pos("previous_start"), "previous_start es igual a start: en start va la fecha nueva y en previous_start la anterior")
	}
	for i, c := range e.Changes {
		if strings.TrimSpace(c.Note) == "" {
			if d.Fields.Has(fmt.Sprintf("changes.%d.note", i)) {
				v.diags.Errorf(d.PosAt("changes", i, "note"), "note no puede quedar en blanco: diga qué cambió, como «Se traslada al 12 de diciembre por lluvia»")
			}
		}
	}
}

// whenLayout is how a When like w is written: with or without a time.
func whenLayout(w When) string {
	if w.AllDay {
		return "AAAA-MM-DD"
	}
	return "AAAA-MM-DDTHH:MM"
}

// whenString writes a When as an editor writes it in front matter.
func whenString(w When, loc *time.Location) string {
	if w.AllDay {
		return w.Date.String()
	}
	return w.Time.In(loc).Format("2006-01-02T15:04")
}

// eventDates checks cancelled_dates and moved_dates: each is a date the
// series has, named once. A date that is not an occurrence would give an
// EXDATE or RECURRENCE-ID that clients ignore, so the editor would think
// a date cancelled that subscribers still see.
func (v *validator) eventDates(e *Event) {
	d := &e.Doc
	if len(e.CancelledDates) == 0 && len(e.MovedDates) == 0 {
		return
	}
	if e.Recurrence == "" {
		key := "cancelled_dates"
		if len(e.CancelledDates) == 0 {
			key = "moved_dates"
		}
		v.diags.Errorf(d.Pos(key), "%s solo sirve en un evento que se repite (recurrence): para cancelar este evento escriba status: cancelled; para cambiarlo de fecha, cambie start y escriba status: rescheduled con previous_start", key)
		return
	}
	rule, err := recurrence.ParseRRule(e.Recurrence)
	if err != nil {
		return // reported with recurrence
	}
	loc := v.site.Config.Location
	isOccurrence := func(day Date) (bool, Date) {
		var days []Date
		if e.AllDay() {
			for _, t := range rule.Dates(e.Start.Date.In(time.UTC), loc, day.AddDays(400).In(time.UTC)) {
				days = append(days, DateOf(t))
			}
		} else {
			for _, t := range rule.Times(e.Start.Time.In(loc), day.AddDays(400).In(loc)) {
				days = append(days, DateOf(t))
			}
		}
		nearest, best := Date{}, 1<<30
		for _, x := range days {
			if x == day {
				return true, x
			}
			if dist := abs(dayIndex(x) - dayIndex(day)); dist < best {
				nearest, best = x, dist
			}
		}
		return false, nearest
	}
	seen := map[Date]string{}
	check := func(pos Pos, day Date, key string) bool {
		if prev, dup := seen[day]; dup {
			v.diags.Errorf(pos, "la fecha %s ya está en %s", day, prev)
			return false
		}
		seen[day] = key
		ok, nearest := isOccurrence(day)
		if !ok {
			hint := ""
			if !nearest.IsZero() {
				hint = fmt.Sprintf("; la más cercana es el %s %s", weekdayNames[nearest.In(time.UTC).Weekday()], nearest)
			}
			v.diags.Errorf(pos, "el %s %s no es una fecha de la serie (%s)%s", weekdayNames[day.In(time.UTC).Weekday()], day, rule, hint)
		}
		return ok
	}
	for i, day := range e.CancelledDates {
		check(d.PosAt("cancelled_dates", i), day, "cancelled_dates")
	}
	for i, m := range e.MovedDates {
		if !check(d.PosAt("moved_dates", i, "date"), m.Date, "moved_dates") {
			continue
		}
		if m.Start.AllDay != e.Start.AllDay {
			if e.AllDay() {
				v.diags.Errorf(d.PosAt("moved_dates", i, "start"), "el evento es de día completo: escriba el nuevo inicio como fecha, sin hora")
			} else {
				v.diags.Errorf(d.PosAt("moved_dates", i, "start"), "escriba el nuevo inicio con fecha y hora, como %sT%s", m.Start.Date, e.Start.Time.In(loc).Format("15:04"))
			}
			continue
		}
		if m.End != nil {
			if m.End.AllDay != m.Start.AllDay {
				v.diags.Errorf(d.PosAt("moved_dates", i, "end"), "start y end deben ser ambos fechas o ambos fechas con hora")
			} else if m.End.Instant(loc).Before(m.Start.Instant(loc)) {
				v.diags.Errorf(d.PosAt("moved_dates", i, "end"), "el término es anterior al nuevo inicio (%s)", whenString(m.Start, loc))
			}
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// dayIndex counts days since a fixed origin, for distances between dates.
func dayIndex(d Date) int {
	return int(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// PastEventsSlug is the folder of /eventos/pasados/, which no event may take.
const PastEventsSlug = "pasados"

// eventRule checks that a valid rule fits its event, so that every
// calendar client reads the same dates.
func (v *validator) eventRule(e *Event, rule *recurrence.Rule) {
	d := &e.Doc
	loc := v.site.Config.Location
	pos := d.Pos("recurrence")
	if e.AllDay() && strings.Contains(rule.Until, "T") {
		v.diags.Errorf(pos, "el evento es de día completo: escriba UNTIL como fecha, UNTIL=%s, sin hora", rule.Until[:8])
		return
	}
	if until, ok := rule.UntilTime(loc); ok {
		if until.Before(e.Start.Instant(loc)) {
			v.diags.Errorf(pos, "la repetición termina (UNTIL=%s) antes del inicio del evento (%s)", rule.Until, e.Start.Date)
			return
		}
	}
	// RFC 5545 leaves undefined a DTSTART the rule would not produce:
	// Google counts it as an occurrence, others skip it. The first
	// occurrence must be the start the editor wrote.
	var first string
	if e.AllDay() {
		if ds := rule.Dates(e.Start.Date.In(time.UTC), loc, e.Start.Date.In(time.UTC)); len(ds) > 0 {
			first = DateOf(ds[0]).String()
		}
	} else if ts := rule.Times(e.Start.Time, e.Start.Time); len(ts) > 0 && ts[0].Equal(e.Start.Time) {
		first = e.Start.Date.String()
	}
	if first != e.Start.Date.String() {
		v.diags.Errorf(pos, "la fecha de inicio (%s, %s) no cumple la regla de repetición %s: haga que start sea la primera fecha de la serie", e.Start.Date, weekdayNames[e.Start.Instant(loc).Weekday()], rule)
	}
}

var weekdayNames = [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// lobbyText reports a required text of a lobby record that is written but
// blank: the loader accepts `place: ""`, the law does not. A key that is
// missing altogether was reported by the loader.
func (v *validator) lobbyText(d *Doc, key, value, what string) {
	if d.Fields.Has(key) && strings.TrimSpace(value) == "" {
		v.diags.Errorf(d.Pos(key), "%s no puede quedar en blanco: %s", key, what)
	}
}

// lobbyList reports a required list of a lobby record that is written but
// empty ([]).
func (v *validator) lobbyList(d *Doc, key string, n int, what string) {
	if d.Fields.Has(key) && n == 0 {
		v.diags.Errorf(d.Pos(key), "%s no puede ser una lista vacía: %s", key, what)
	}
}

func (v *validator) audience(a *Audience) {
	d := &a.Doc
	loc := v.site.Config.Location
	var on Date // zero when start is missing or wrong (reported already)
	if !a.Start.IsZero() {
		on = a.Day(loc)
	}
	v.lobbyList(d, "officials", len(a.Officials), "indique al menos una autoridad presente")
	v.lobbyList(d, "attendees", len(a.Attendees), "indique al menos un asistente")
	v.lobbyList(d, "represented", len(a.Represented), "indique a quién se representó")
	v.lobbyText(d, "place", a.Place, "indique dónde se realizó la audiencia")
	v.lobbyText(d, "subject_matter", a.SubjectMatter, "describa la materia tratada")
	seenOfficial := map[string]bool{}
	for i, id := range a.Officials {
		if seenOfficial[id] {
			v.diags.Errorf(d.PosAt("officials", i), "la autoridad %q está repetida en officials", id)
			continue
		}
		seenOfficial[id] = true
		v.officialOn(d, d.PosAt("officials", i), id, on)
	}
	if a.InfolobbyURL != "" && !httpURL(a.InfolobbyURL) {
		v.diags.Errorf(d.Pos("infolobby_url"), "enlace no válido %q: debe empezar con https://", a.InfolobbyURL)
	}
	if !a.Start.IsZero() && !a.End.IsZero() && !a.End.After(a.Start) {
		v.diags.Errorf(d.Pos("end"), "el término de la audiencia debe ser posterior al inicio (%s)", a.Start.In(loc).Format("2006-01-02 15:04"))
	}
	ids := map[string]bool{}
	var idList []string
	for i, r := range a.Represented {
		if ids[r.ID] {
			v.diags.Errorf(d.PosAt("represented", i, "id"), "el representado %q está repetido", r.ID)
		}
		ids[r.ID] = true
		idList = append(idList, r.ID)
		v.institutionRef(d.PosAt("represented", i, "institution"), r.Institution)
		if r.RUT != "" && r.Kind == PersonNatural {
			v.diags.Errorf(d.PosAt("represented", i, "rut"), "el RUT solo se publica para personas jurídicas; quítelo de %q (persona natural)", r.Name)
		}
	}
	for i, at := range a.Attendees {
		switch {
		case at.Protected && (at.Name != "" || at.Employer != ""):
			v.diags.Errorf(d.PosAt("attendees", i, "name"), "un asistente reservado (protected: true) no lleva nombre ni empleador")
		case !at.Protected && strings.TrimSpace(at.Name) == "":
			v.diags.Errorf(d.PosAt("attendees", i), "falta el nombre del asistente; si su identidad es reservada, escriba protected: true")
		case !at.Protected && at.Paid == nil:
			v.diags.Errorf(d.PosAt("attendees", i), "falta paid: true si es lobbista (remunerado) o false si es gestor(a) de intereses particulares")
		}
		for j, r := range at.Represents {
			if !ids[r] {
				v.diags.Errorf(d.Pos(fmt.Sprintf("attendees.%d.represents.%d", i, j)), "%q no está en represented de esta audiencia%s", r, Suggest(r, idList))
			}
		}
	}
}

func (v *validator) trip(t *Trip) {
	d := &t.Doc
	v.officialOn(d, d.Pos("official"), t.Official, t.StartDate)
	v.lobbyText(d, "destination.place", t.Destination.Place, "indique la ciudad o el lugar de destino")
	v.lobbyText(d, "purpose", t.Purpose, "describa el objeto del viaje")
	v.lobbyList(d, "funders", len(t.Funders), "indique quiénes financiaron el viaje")
	v.institutionRef(d.Pos("host"), t.Host)
	if !t.EndDate.IsZero() && t.EndDate.Before(t.StartDate) {
		v.diags.Errorf(d.Pos("end_date"), "el regreso (%s) es anterior a la salida (%s)", t.EndDate, t.StartDate)
	}
	if c := t.Destination.Country; c != "" && (len(c) != 2 || strings.ToUpper(c) != c || !isASCIIUpper(c)) {
		v.diags.Errorf(d.Pos("destination.country"), "país no válido %q: use el código ISO de dos letras mayúsculas, como CL o AR", c)
	}
}

func isASCIIUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func (v *validator) gift(g *Gift) {
	d := &g.Doc
	v.officialOn(d, d.Pos("official"), g.Official, g.Date)
	v.lobbyText(d, "description", g.Description, "describa qué se recibió")
	v.lobbyText(d, "occasion", g.Occasion, "indique la ocasión en que se recibió")
	v.lobbyList(d, "donors", len(g.Donors), "indique quiénes hicieron el donativo")
}

func (v *validator) contact(c *Contact) {
	d := &c.Doc
	if len(c.Phones) == 0 && c.Email == "" && c.Address == "" {
		v.diags.Errorf(d.Pos("position"), "el contacto necesita al menos un teléfono (phones), un correo (email) o una dirección (address)")
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			v.diags.Errorf(d.Pos("email"), "correo no válido %q: escríbalo como nombre@municipioejemplo.cl", c.Email)
		}
	}
}

// uniqueURLs reports two items, an alias or a file that claim one URL.
func (v *validator) uniqueURLs() {
	type claim struct {
		pos  Pos
		what string
	}
	items := v.site.Items()
	claims := make(map[string]claim, len(items)+16) // grown from nothing, it was most of what validation allocated
	add := func(u string, c claim) {
		if strings.Contains(u, "#") {
			return // contacts share /contactos/
		}
		key := withSlash(u)
		if prev, ok := claims[key]; ok {
			where := ""
			if prev.pos.Line > 0 {
				where = " (" + prev.pos.String() + ")"
			}
			v.diags.Errorf(c.pos, "%s usa la dirección %s, que ya usa %s%s", c.what, u, prev.what, where)
			return
		}
		claims[key] = c
	}
	reserved := []string{"/prensa/", "/eventos/", "/lobby/", "/contactos/", "/buscar/", "/informes/", "/agenda/", "/assets/", "/lobby/audiencias/", "/lobby/viajes/", "/lobby/donativos/", "/lobby/datos/", "/instituciones/", "/publicaciones/"}
	for _, r := range reserved {
		claims[r] = claim{what: "una sección del sitio", pos: Pos{File: "(sitio)"}}
	}
	// Two items of one type with one slug were reported by the loader,
	// naming both files; items of different types cannot share a URL.
	for _, it := range items {
		d := it.Document()
		key := withSlash(it.URL())
		if _, taken := claims[key]; !taken && !strings.Contains(key, "#") {
			claims[key] = claim{pos: Pos{File: d.Path}, what: d.Path}
		}
	}
	for _, it := range items {
		d := it.Document()
		for i, a := range it.Metadata().Aliases {
			add(a, claim{pos: d.PosAt("aliases", i), what: "el alias " + a + " de " + d.Path})
		}
	}
	// A retired URL answers 410: nothing may still be published there.
	cd := &v.site.Config.Doc
	for i, u := range v.site.Config.Retired {
		pos := cd.PosAt("retired", i)
		if !validSitePath(u) {
			v.diags.Errorf(pos, "dirección retirada no válida %q: escriba una ruta del sitio que empiece con /, como /prensa/nota-antigua/", u)
			continue
		}
		if prev, ok := claims[withSlash(u)]; ok {
			v.diags.Errorf(pos, "la dirección %s está en retired, pero la usa %s: quítela de retired, o quite el texto o el alias que la publica", u, prev.what)
		}
	}
}

// withSlash returns u ending in one "/", the key of a URL among claims
// (most end so already, and are not copied).
func withSlash(u string) string {
	if strings.HasSuffix(u, "/") && !strings.HasSuffix(u, "//") {
		return u
	}
	return strings.TrimSuffix(u, "/") + "/"
}

// validSitePath reports whether s is a clean site path: "/", a folder.
func validSitePath(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.Contains(s, "..") && !strings.ContainsAny(s, "?#\\ \t") &&
		(path.Clean(s) == strings.TrimSuffix(s, "/") || path.Clean(s)+"/" == s)
}

// Suggest returns ` (¿quiso decir "x"?)` for the candidate closest to s, or
// "" when none is close enough to be a likely typo.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > max(2, utf8.RuneCountInString(s)/3) {
		return ""
	}
	return fmt.Sprintf(" (¿quiso decir %q?)", best)
}

func editDistance(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// altIsFileName is the message for an alt that only repeats the file name.
const altIsFileName = "el texto alternativo «%s» es solo el nombre del archivo: describa lo que muestra la foto, como «Vecinos inauguran la plaza Los Aromos»"
