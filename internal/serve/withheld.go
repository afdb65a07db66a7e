package serve

import (
	"bytes"
	"html/template"
	"path"
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

// SetWithheld tells the Server which items the last good build left out
// (drafts, embargoed press releases): their URLs keep answering 404, as
// they will on the published site, but the page says which file it is,
// why it is not published and how to preview it. It says nothing else of
// the item: not its title, not its text.
func (s *Server) SetWithheld(ws []content.Withheld) {
	m := make(map[string]content.Withheld, len(ws))
	for _, w := range ws {
		u := w.Item.URL()
		if strings.Contains(u, "#") {
			continue // a contact: a part of /contactos/, no page of its own
		}
		m[u] = w
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.withheld = m
}

// withheldAt returns the item withheld at the URL path p, if any: p as the
// page's URL, without its final slash, or with index.html.
func (s *Server) withheldAt(p string) (content.Withheld, bool) {
	p = path.Clean("/" + p)
	p = strings.TrimSuffix(p, "/index.html")
	if p != "/" {
		p += "/"
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w, ok := s.withheld[p]
	return w, ok
}

var withheldTmpl = template.Must(template.New("withheld").Parse(`<section class="cabildo-withheld" aria-label="Por qué esta página no se publica">
<link rel="stylesheet" href="` + StylePath + `">
<p class="cabildo-withheld-title"><strong>Esta página no se publica todavía.</strong></p>
{{- if .Draft}}
<p><code>{{.File}}</code> es un borrador (<code>draft: true</code>): <code>cabildo build</code> no lo publica.</p>
{{- end}}
{{- if .Until}}
<p><code>{{.File}}</code> está embargado hasta el {{.Until}}: <code>cabildo build</code> no lo publica antes.</p>
{{- end}}
<p>Para verlo aquí, detenga <code>cabildo serve</code> y vuelva a ejecutarlo con {{if and .Draft .Until}}<code>-drafts -future</code>{{else if .Draft}}<code>-drafts</code>{{else}}<code>-future</code>{{end}}.
{{- if .Draft}} Para publicarlo, borre la línea <code>draft: true</code>.{{end}}</p>
<p>Este aviso aparece solo en <code>cabildo serve</code>; el sitio publicado responde aquí con su página de error.</p>
</section>`))

// withheldNotice is the notice put into the 404 page at a withheld URL.
// It goes before the page's own heading, so it has none of its own (a
// heading there would come before the page's h1).
func withheldNotice(w content.Withheld) []byte {
	data := struct {
		File  string
		Draft bool
		Until string
	}{File: w.Item.Document().Path, Draft: w.Draft}
	if !w.Until.IsZero() {
		data.Until = spanish.DateTime(w.Until)
	}
	var b bytes.Buffer
	if err := withheldTmpl.Execute(&b, data); err != nil {
		panic(err) // a fixed template and plain strings: a bug
	}
	return b.Bytes()
}

// insertNotice puts notice at the start of page's <main>, or of its
// <body>, or at its start.
func insertNotice(page, notice []byte) []byte {
	at := 0
	for _, tag := range []string{"<main", "<body"} {
		if i := bytes.Index(page, []byte(tag)); i >= 0 {
			if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
				at = i + j + 1
				break
			}
		}
	}
	out := make([]byte, 0, len(page)+len(notice)+1)
	out = append(out, page[:at]...)
	out = append(out, '\n')
	out = append(out, notice...)
	return append(out, page[at:]...)
}
