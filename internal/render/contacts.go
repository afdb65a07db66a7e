package render

import (
	"html/template"
	"strings"
	"unicode/utf8"

	"cabildo/internal/content"
)

func init() {
	registerScoped(scope{name: "contacts", folders: []string{"contactos/"}, inputs: (*Renderer).contactInputs}, (*Renderer).contactJobs)
}

// contactInputs adds to d what the directory and the vCards read beyond
// what every page shares: the contacts and their bodies.
func (r *Renderer) contactInputs(d *deps) bool { return itemsDeps(r, d, r.site.Contacts) }

// The contacts family publishes the directory and one vCard per entry:
//
//	/contactos/             every contact, by order (then slug), each an
//	                        <article id="<slug>">: a contact's URL is /contactos/#<slug>
//	/contactos/<slug>.vcf   the entry as a vCard 4.0 (RFC 6350), for
//	                        "add to contacts" on a phone
//
// Phones are shown as the editor wrote them and linked as E.164 (tel:).
// Keys an entry does not have produce nothing: a post without a name
// shows no "Nombre:" label, an entry without hours no "Horario".

// ContactsView is the Data of contacts.html.
type ContactsView struct {
	Contacts []ContactView
}

// ContactView is one entry of the directory.
type ContactView struct {
	Contact *content.Contact
	Body    template.HTML
	VCard   string // "/contactos/<slug>.vcf"
	// ShowUnit is false when the unit repeats the position (an entry for
	// the unit itself) or is empty.
	ShowUnit bool
}

// contactJobs renders the directory and one vCard per contact. The
// directory is published even when empty: links to /contactos/ are
// always valid (see knownURL).
func (r *Renderer) contactJobs() []func() {
	jobs := []func(){r.contactsPage}
	for _, c := range r.site.Contacts {
		jobs = append(jobs, func() {
			// Through the memo, as a scope's files must be (scope.go).
			if err := r.memoFile(vcardURL(c), c, func() ([]byte, error) { return r.vcard(c), nil }); err != nil {
				r.errorf(c.Doc.Start, "%v", err)
			}
			r.aliases(c)
		})
	}
	return jobs
}

func vcardURL(c *content.Contact) string { return "/contactos/" + c.Doc.Slug + ".vcf" }

func (r *Renderer) contactsPage() {
	v := &ContactsView{Contacts: make([]ContactView, len(r.site.Contacts))}
	for i, c := range r.site.Contacts {
		v.Contacts[i] = ContactView{
			Contact:  c,
			Body:     template.HTML(r.body(c).HTML),
			VCard:    vcardURL(c),
			ShowUnit: c.Unit != "" && c.Unit != c.Position,
		}
	}
	p := &Page{
		Title:       "Contactos",
		Description: "Teléfonos, correos, direcciones y horarios de atención de " + r.cfg.Title + ", " + r.cfg.Organization + ".",
		Breadcrumbs: []Crumb{{"Inicio", "/"}},
		Data:        v,
		// The organisation with every contact as a ContactPoint.
		JSONLD: []any{r.organizationLD()},
	}
	r.page("/contactos/", "contacts.html", p)
}

// vcard writes c as a vCard 4.0 (RFC 6350): CRLF line ends, text values
// escaped (§3.4), lines folded at 75 octets (§3.2).
//
// FN is the person's name or, for an unnamed post or a unit, the
// position; such entries are KIND:org, since what they reach is an office,
// not a person. N is left out: it is optional in 4.0, and splitting
// Chilean names (two given names, two surnames) into its parts cannot be
// done reliably from one string. The address is one string too, so it
// goes whole into ADR's street component.
func (r *Renderer) vcard(c *content.Contact) []byte {
	var v vcardWriter
	v.line("BEGIN:VCARD")
	v.line("VERSION:4.0")
	if c.Name != "" {
		v.line("KIND:individual")
		v.line("FN:" + vcardText(c.Name))
	} else {
		v.line("KIND:org")
		v.line("FN:" + vcardText(c.Position))
	}
	org := vcardText(r.cfg.Organization)
	if c.Unit != "" {
		org += ";" + vcardText(c.Unit)
	}
	v.line("ORG:" + org)
	if c.Name != "" {
		v.line("TITLE:" + vcardText(c.Position))
	}
	for _, p := range c.Phones {
		// A URI value is written as is (RFC 6350 6.4.1 has this very
		// example, extension included); URI holds no character to escape.
		v.line("TEL;VALUE=uri;TYPE=work,voice:" + p.URI())
	}
	if c.Email != "" {
		v.line("EMAIL;TYPE=work:" + vcardText(c.Email))
	}
	if c.Address != "" {
		v.line("ADR;TYPE=work:;;" + vcardText(c.Address) + ";;;;")
	}
	if c.Hours != "" {
		v.line("NOTE:" + vcardText("Horario de atención: "+c.Hours))
	}
	v.line("URL:" + r.AbsURL(c.URL()))
	v.line("SOURCE:" + r.AbsURL(vcardURL(c)))
	v.line("UID:" + r.AbsURL(c.URL()))
	if !c.Updated.IsZero() {
		v.line("REV:" + c.Updated.UTC().Format("20060102T150405Z"))
	}
	v.line("END:VCARD")
	return []byte(v.b.String())
}

// vcardText escapes a text value (RFC 6350 §3.4): backslash, comma,
// semicolon and line breaks. Commas and semicolons are escaped in every
// property, as the RFC asks for compatibility with vCard 3 readers.
// Other control characters have no escape and are dropped.
func vcardText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ',', ';':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			if c < 0x20 || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// vcardMaxLine is the longest content line RFC 6350 §3.2 recommends,
// in octets, excluding the CRLF.
const vcardMaxLine = 75

// vcardWriter writes content lines, folding each at vcardMaxLine octets.
// A fold never splits a UTF-8 sequence (the cut moves back to the start
// of the rune, §3.2 "multi-octet characters MUST remain contiguous"), and
// continuation lines start with one space, which unfolding removes.
type vcardWriter struct{ b strings.Builder }

func (v *vcardWriter) line(s string) {
	limit := vcardMaxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		v.b.WriteString(s[:cut])
		v.b.WriteString("\r\n ")
		s = s[cut:]
		limit = vcardMaxLine - 1 // the leading space counts
	}
	v.b.WriteString(s)
	v.b.WriteString("\r\n")
}
